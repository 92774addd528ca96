"""Cloud Map (the HTTP namespaces of ECS Service Connect): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/servicediscovery`` and the botocore
1.44.8 model. The provider is stricter than the API here (``^[0-9A-Za-z._-]+$`` against any
printable ASCII that is not an ARN).
"""

from __future__ import annotations

from .model import Length, NoPrefix, Pattern, Rule, botocore, provider

HTTP_NAMESPACE = "aws:servicediscovery/httpNamespace:HttpNamespace"
_VALIDATE = provider("internal/service/servicediscovery/validate.go", "validNamespaceName")

RULES: tuple[Rule, ...] = (
    Rule(HTTP_NAMESPACE, "name", Length(1, 1024), "plan", _VALIDATE),
    Rule(
        HTTP_NAMESPACE,
        "name",
        Pattern(r"[0-9A-Za-z._-]+", "letters, digits and ._-"),
        "plan",
        _VALIDATE,
    ),
    Rule(
        HTTP_NAMESPACE,
        "name",
        NoPrefix("arn:"),
        "api",
        botocore("servicediscovery", "CreateHttpNamespace", "Name"),
    ),
    Rule(
        HTTP_NAMESPACE,
        "description",
        Length(0, 1024),
        "api",
        botocore("servicediscovery", "CreateHttpNamespace", "Description"),
    ),
)
