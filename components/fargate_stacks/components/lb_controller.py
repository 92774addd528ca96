"""The AWS Load Balancer Controller, which turns the ``alb`` Ingresses of workloads into ALBs.

EKS does not run it: without it an Ingress with ``ingressClassName: alb`` is accepted and does
nothing. It is installed from its Helm chart with an IRSA role (EKS Pod Identity does not work on
Fargate) whose policy is the one the controller publishes for its release
(``docs/install/iam_policy.json``). The chart version and that policy are kept together as
data, with their source, in ``data/aws-load-balancer-controller/`` (``release.json``,
``iam_policy.json``, ``PROVENANCE.md``): one release, upgraded as one. On Fargate there is no
instance metadata service, so the chart is given the region and the VPC id it would otherwise
look up.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..fargate.eks_pods import LB_CONTROLLER

DATA = resources.files("fargate_stacks") / "data" / "aws-load-balancer-controller"


@cache
def release() -> dict[str, Any]:
    """The pinned release: chart, chart version, the controller version it runs, and where its
    IAM policy comes from (``release.json``)."""
    data: dict[str, Any] = json.loads((DATA / "release.json").read_text(encoding="utf-8"))
    return data


NAMESPACE = LB_CONTROLLER.namespace
SERVICE_ACCOUNT = "aws-load-balancer-controller"
CHART = str(release()["chart"])
CHART_REPOSITORY = str(release()["repository"])
CHART_VERSION = str(release()["chartVersion"])
# the pods' labels, for finding the Fargate profile that runs them (the spec checks the same)
POD_LABELS = LB_CONTROLLER.labels


@cache
def iam_policy_document() -> dict[str, Any]:
    """The controller's published IAM policy for the pinned release, as published."""
    text = (DATA / str(release()["iamPolicy"]["file"])).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@cache
def iam_policy() -> str:
    """The policy document, minified (a role's inline policies share a 10,240-character
    limit: IAM quotas, "Role policy size")."""
    return json.dumps(iam_policy_document(), separators=(",", ":"))


def chart_values(cluster_name: str, region: str, vpc_id: str) -> dict[str, Any]:
    """The Helm values; the service account is ours (it carries the IRSA annotation)."""
    return {
        "clusterName": cluster_name,
        "region": region,
        "vpcId": vpc_id,
        "serviceAccount": {"create": False, "name": SERVICE_ACCOUNT},
    }
