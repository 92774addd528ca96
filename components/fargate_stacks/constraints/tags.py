"""Tags: the provider checks none (``internal/tags/tags.go`` ``TagsSchema`` is a plain map of
strings), and every AWS service checks its own way. Read 2026-12 from the botocore 1.44.8
models and the API reference.

* IAM, ECS, ELBv2 and CloudWatch Logs allow only letters, digits, spaces and ``_.:/=+-@`` in
  keys and values (their models' ``[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]`` patterns), so ``R&D (EMEA)``,
  ``O'Brien`` or ``50%`` fail there; EKS, Application Auto Scaling, Cloud Map and EC2 take
  any character.
* Keys are 1-128 characters (127 on EC2), values 0-256; at most 50 tags a resource (200 on
  Cloud Map).
* ``aws:`` is AWS's prefix: the provider drops keys that begin with it (lowercase) from every
  request without a word (``KeyValueTags.IgnoreAWS``), and ECS refuses ``aws:`` in any case
  in keys and values.

An empty tag map is no problem (the provider sends none), so the models' minimum of one tag is
not a rule here.
"""

from __future__ import annotations

from .model import (
    Count,
    Length,
    NoPrefix,
    Rule,
    Source,
    UnicodeChars,
    api_doc,
    botocore,
    docs,
    provider,
)

TAG_CHARS = "_.:/=+-@"  # besides letters (L), separators (Z) and numbers (N)
CHARS = UnicodeChars("LZN", TAG_CHARS, "letters, digits, spaces and _.:/=+-@")
KEY_MAX = 128
EC2_KEY_MAX = 127
VALUE_MAX = 256
COUNT_MAX = 50
AWS_PREFIX = "aws:"

# The service whose rules apply to a Pulumi type: by the token's module (aws:<module>/...).
SERVICE_OF_MODULE: dict[str, str] = {
    "ec2": "ec2",
    "iam": "iam",
    "ecs": "ecs",
    "lb": "elbv2",
    "eks": "eks",
    "appautoscaling": "application-autoscaling",
    "servicediscovery": "servicediscovery",
}
SERVICE_OF_TYPE: dict[str, str] = {"aws:cloudwatch/logGroup:LogGroup": "logs"}


def service_of(type_: str) -> str | None:
    """``aws:iam/role:Role`` -> ``iam``; None for types whose tags are not covered."""
    if type_ in SERVICE_OF_TYPE:
        return SERVICE_OF_TYPE[type_]
    if not type_.startswith("aws:"):
        return None
    return SERVICE_OF_MODULE.get(type_[4:].split("/", 1)[0])


def _tags(
    count: int | None,
    key_max: int,
    source: Source,
    key_source: Source | None = None,
    value_source: Source | None = None,
    charset: bool = False,
) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    if count is not None:
        rules.append(Rule("*", "tags", Count(count, what="tags"), "api", source))
    rules += [
        Rule("*", "tags{key}", Length(1, key_max), "api", key_source or source),
        Rule("*", "tags{value}", Length(0, VALUE_MAX), "api", value_source or source),
    ]
    if charset:
        rules += [
            Rule("*", "tags{key}", CHARS, "api", key_source or source),
            Rule("*", "tags{value}", CHARS, "api", value_source or source),
        ]
    return tuple(rules)


# every service: the provider drops aws: keys before it calls AWS
DROPPED = Rule(
    "*",
    "tags{key}",
    NoPrefix(AWS_PREFIX),
    "dropped",
    provider("internal/tags/key_value_tags.go", "KeyValueTags.IgnoreAWS"),
    "AWS keeps the prefix for its own tags",
)
_ECS_RESERVED = docs(
    "ECS API reference, Tag: do not use aws:, AWS: or any case of it in keys or values"
)

BY_SERVICE: dict[str, tuple[Rule, ...]] = {
    "iam": _tags(
        COUNT_MAX,
        KEY_MAX,
        botocore("iam", "CreateRole", "Tags"),
        botocore("iam", "CreateRole", "Tags[].Key"),
        botocore("iam", "CreateRole", "Tags[].Value"),
        charset=True,
    ),
    "ecs": (
        *_tags(
            COUNT_MAX,
            KEY_MAX,
            botocore("ecs", "CreateCluster", "tags"),
            botocore("ecs", "CreateCluster", "tags[].key"),
            botocore("ecs", "CreateCluster", "tags[].value"),
            charset=True,
        ),
        Rule("*", "tags{key}", NoPrefix(AWS_PREFIX, ignore_case=True), "api", _ECS_RESERVED),
        Rule("*", "tags{value}", NoPrefix(AWS_PREFIX, ignore_case=True), "api", _ECS_RESERVED),
    ),
    "elbv2": _tags(
        None,
        KEY_MAX,
        botocore("elbv2", "CreateLoadBalancer", "Tags"),
        botocore("elbv2", "CreateLoadBalancer", "Tags[].Key"),
        botocore("elbv2", "CreateLoadBalancer", "Tags[].Value"),
        charset=True,
    ),
    "logs": _tags(
        COUNT_MAX,
        KEY_MAX,
        botocore("logs", "CreateLogGroup", "tags"),
        botocore("logs", "CreateLogGroup", "tags{key}"),
        botocore("logs", "CreateLogGroup", "tags{value}"),
        charset=True,
    ),
    "eks": _tags(
        COUNT_MAX,
        KEY_MAX,
        botocore("eks", "CreateCluster", "tags"),
        botocore("eks", "CreateCluster", "tags{key}"),
        botocore("eks", "CreateCluster", "tags{value}"),
    ),
    "application-autoscaling": _tags(
        None,
        KEY_MAX,
        botocore("application-autoscaling", "RegisterScalableTarget", "Tags"),
        botocore("application-autoscaling", "RegisterScalableTarget", "Tags{key}"),
        botocore("application-autoscaling", "RegisterScalableTarget", "Tags{value}"),
    ),
    "servicediscovery": _tags(
        200,
        KEY_MAX,
        botocore("servicediscovery", "CreateHttpNamespace", "Tags"),
        botocore("servicediscovery", "CreateHttpNamespace", "Tags[].Key"),
        botocore("servicediscovery", "CreateHttpNamespace", "Tags[].Value"),
    ),
    "ec2": _tags(
        COUNT_MAX,
        EC2_KEY_MAX,
        docs("EC2 User Guide, Tag your resources: tag restrictions (50 tags a resource)"),
        api_doc("ec2", "CreateTags", "Tags[].Key"),
        api_doc("ec2", "CreateTags", "Tags[].Value"),
    ),
}


def rules_for(type_: str) -> tuple[Rule, ...]:
    """The tag rules of a Pulumi type (its service's, and the provider's own)."""
    service = service_of(type_)
    if service is None:
        return ()
    return (DROPPED, *BY_SERVICE[service])
