"""The AWS Load Balancer Controller, which turns the ``alb`` Ingresses of workloads into ALBs.

EKS does not run it: without it an Ingress with ``ingressClassName: alb`` is accepted and does
nothing. It is installed from its Helm chart with an IRSA role (EKS Pod Identity does not work on
Fargate) whose policy is the controller's own ``docs/install/iam_policy.json``, kept as data
beside this module. On Fargate there is no instance metadata service, so the chart is given the
region and the VPC id it would otherwise look up.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "aws-load-balancer-controller"
CHART = "aws-load-balancer-controller"
CHART_REPOSITORY = "https://aws.github.io/eks-charts"
# Chart 1.9.x runs controller v2.9.x, the release the shipped policy was written for (it grants
# the listener-attribute calls v2.9 added). Upgrade the chart and the policy file together.
CHART_VERSION = "1.9.2"
# the pods' labels, for finding the Fargate profile that runs them
POD_LABELS = {"app.kubernetes.io/name": CHART, "app.kubernetes.io/instance": CHART}
POLICY_FILE = "aws_load_balancer_controller_iam_policy.json"


@cache
def iam_policy() -> str:
    """The controller's IAM policy (kubernetes-sigs/aws-load-balancer-controller,
    docs/install/iam_policy.json), minified: inline role policies are limited in size."""
    text = resources.files(__package__).joinpath(POLICY_FILE).read_text(encoding="utf-8")
    return json.dumps(json.loads(text), separators=(",", ":"))


def chart_values(cluster_name: str, region: str, vpc_id: str) -> dict[str, Any]:
    """The Helm values; the service account is ours (it carries the IRSA annotation)."""
    return {"clusterName": cluster_name, "region": region, "vpcId": vpc_id,
            "serviceAccount": {"create": False, "name": SERVICE_ACCOUNT}}
