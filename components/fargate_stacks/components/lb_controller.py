"""The AWS Load Balancer Controller, which turns the ``alb`` Ingresses of workloads into ALBs.

EKS does not run it: without it an Ingress with ``ingressClassName: alb`` is accepted and does
nothing. It is installed from its Helm chart with an IRSA role (EKS Pod Identity does not work on
Fargate) whose policy, :data:`POLICY_STATEMENTS`, grants what the controller's install
documentation lists, scoped by the cluster tag it puts on everything it creates. On Fargate there is no instance metadata service, so the chart is given the
region and the VPC id it would otherwise look up.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..fargate.eks_pods import LB_CONTROLLER

NAMESPACE = LB_CONTROLLER.namespace
SERVICE_ACCOUNT = "aws-load-balancer-controller"
CHART = "aws-load-balancer-controller"
CHART_REPOSITORY = "https://aws.github.io/eks-charts"
# Chart 1.9.x runs controller v2.9.x, the release the shipped policy was written for (it grants
# the listener-attribute calls v2.9 added). Upgrade the chart and the policy file together.
CHART_VERSION = "1.9.2"
# the pods' labels, for finding the Fargate profile that runs them (the spec checks the same)
POD_LABELS = LB_CONTROLLER.labels
# The controller's IAM permissions (its documented install policy for v2.9), written here as
# data grouped by purpose. Anything it creates carries the tag elbv2.k8s.aws/cluster, and
# everything it changes or deletes must carry it: that tag scopes the write statements.
CLUSTER_TAG = "elbv2.k8s.aws/cluster"
_ELB = "elasticloadbalancing"
_LB_ARNS = [
    f"arn:aws:{_ELB}:*:*:targetgroup/*/*",
    f"arn:aws:{_ELB}:*:*:loadbalancer/net/*/*",
    f"arn:aws:{_ELB}:*:*:loadbalancer/app/*/*",
]
_LISTENER_ARNS = [
    f"arn:aws:{_ELB}:*:*:{kind}/{lb}/*/*/*"
    for kind in ("listener", "listener-rule")
    for lb in ("net", "app")
]
_SG_ARNS = ["arn:aws:ec2:*:*:security-group/*"]
_TAGGED = {"Null": {f"aws:ResourceTag/{CLUSTER_TAG}": "false"}}
_TAGGING_NEW = {"Null": {f"aws:RequestTag/{CLUSTER_TAG}": "false"}}
_KEEP_TAG = {
    "Null": {f"aws:RequestTag/{CLUSTER_TAG}": "true", f"aws:ResourceTag/{CLUSTER_TAG}": "false"}
}

# (purpose, actions, resources, condition)
POLICY_STATEMENTS: tuple[tuple[str, list[str], list[str], dict[str, Any] | None], ...] = (
    (
        "the ELB service-linked role",
        ["iam:CreateServiceLinkedRole"],
        ["*"],
        {"StringEquals": {"iam:AWSServiceName": f"{_ELB}.amazonaws.com"}},
    ),
    (
        "discovery of subnets, security groups, certificates and load balancers",
        [
            *(
                f"ec2:{a}"
                for a in (
                    "DescribeAccountAttributes",
                    "DescribeAddresses",
                    "DescribeAvailabilityZones",
                    "DescribeInternetGateways",
                    "DescribeVpcs",
                    "DescribeVpcPeeringConnections",
                    "DescribeSubnets",
                    "DescribeSecurityGroups",
                    "DescribeInstances",
                    "DescribeNetworkInterfaces",
                    "DescribeTags",
                    "GetCoipPoolUsage",
                    "DescribeCoipPools",
                    "GetSecurityGroupsForVpc",
                )
            ),
            *(
                f"{_ELB}:{a}"
                for a in (
                    "DescribeLoadBalancers",
                    "DescribeLoadBalancerAttributes",
                    "DescribeListeners",
                    "DescribeListenerCertificates",
                    "DescribeSSLPolicies",
                    "DescribeRules",
                    "DescribeTargetGroups",
                    "DescribeTargetGroupAttributes",
                    "DescribeTargetHealth",
                    "DescribeTags",
                    "DescribeTrustStores",
                    "DescribeListenerAttributes",
                )
            ),
            "acm:ListCertificates",
            "acm:DescribeCertificate",
            "iam:ListServerCertificates",
            "iam:GetServerCertificate",
            "cognito-idp:DescribeUserPoolClient",
        ],
        ["*"],
        None,
    ),
    (
        "WAF and Shield on the load balancers it manages",
        [
            *(
                f"{waf}:{a}"
                for waf in ("waf-regional", "wafv2")
                for a in (
                    "GetWebACL",
                    "GetWebACLForResource",
                    "AssociateWebACL",
                    "DisassociateWebACL",
                )
            ),
            "shield:GetSubscriptionState",
            "shield:DescribeProtection",
            "shield:CreateProtection",
            "shield:DeleteProtection",
        ],
        ["*"],
        None,
    ),
    (
        "ingress rules on node and pod security groups",
        ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
        ["*"],
        None,
    ),
    ("its own security groups: create them tagged", ["ec2:CreateSecurityGroup"], ["*"], None),
    (
        "tag a security group as it is created",
        ["ec2:CreateTags"],
        _SG_ARNS,
        {"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}, **_TAGGING_NEW},
    ),
    (
        "retag only security groups it owns",
        ["ec2:CreateTags", "ec2:DeleteTags"],
        _SG_ARNS,
        _KEEP_TAG,
    ),
    (
        "change or delete only security groups it owns",
        [
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DeleteSecurityGroup",
        ],
        ["*"],
        _TAGGED,
    ),
    (
        "create load balancers and target groups tagged",
        [f"{_ELB}:CreateLoadBalancer", f"{_ELB}:CreateTargetGroup"],
        ["*"],
        _TAGGING_NEW,
    ),
    (
        "listeners and rules of its load balancers",
        [f"{_ELB}:{a}" for a in ("CreateListener", "DeleteListener", "CreateRule", "DeleteRule")],
        ["*"],
        None,
    ),
    (
        "retag only load balancers and target groups it owns",
        [f"{_ELB}:AddTags", f"{_ELB}:RemoveTags"],
        _LB_ARNS,
        _KEEP_TAG,
    ),
    (
        "tags on listeners and rules",
        [f"{_ELB}:AddTags", f"{_ELB}:RemoveTags"],
        _LISTENER_ARNS,
        None,
    ),
    (
        "tag load balancers and target groups as they are created",
        [f"{_ELB}:AddTags"],
        _LB_ARNS,
        {
            "StringEquals": {f"{_ELB}:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"]},
            **_TAGGING_NEW,
        },
    ),
    (
        "change or delete only load balancers and target groups it owns",
        [
            f"{_ELB}:{a}"
            for a in (
                "ModifyLoadBalancerAttributes",
                "SetIpAddressType",
                "SetSecurityGroups",
                "SetSubnets",
                "DeleteLoadBalancer",
                "ModifyTargetGroup",
                "ModifyTargetGroupAttributes",
                "DeleteTargetGroup",
                "ModifyListenerAttributes",
            )
        ],
        ["*"],
        _TAGGED,
    ),
    (
        "register pod IPs in target groups",
        [f"{_ELB}:RegisterTargets", f"{_ELB}:DeregisterTargets"],
        [f"arn:aws:{_ELB}:*:*:targetgroup/*/*"],
        None,
    ),
    (
        "listener settings",
        [
            f"{_ELB}:{a}"
            for a in (
                "SetWebAcl",
                "ModifyListener",
                "AddListenerCertificates",
                "RemoveListenerCertificates",
                "ModifyRule",
            )
        ],
        ["*"],
        None,
    ),
)


@cache
def iam_policy() -> str:
    """The controller's policy document, minified (inline role policies are size-limited)."""
    statements = []
    for _purpose, actions, arns, condition in POLICY_STATEMENTS:
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Action": actions,
            "Resource": arns[0] if arns == ["*"] else arns,
        }
        if condition:
            statement["Condition"] = condition
        statements.append(statement)
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def chart_values(cluster_name: str, region: str, vpc_id: str) -> dict[str, Any]:
    """The Helm values; the service account is ours (it carries the IRSA annotation)."""
    return {
        "clusterName": cluster_name,
        "region": region,
        "vpcId": vpc_id,
        "serviceAccount": {"create": False, "name": SERVICE_ACCOUNT},
    }
