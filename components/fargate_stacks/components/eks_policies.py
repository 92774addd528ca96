"""IAM documents and the Fargate log-router configuration of an EKS cluster, as plain data.

Kept apart from the components so the documents can be read and tested without Pulumi, and so a
change AWS makes to a managed policy name or to the log router is a one-line edit here.
Sources: Amazon EKS User Guide (cluster-iam-role, pod-execution-role, create-node-role,
fargate-logging, iam-roles-for-service-accounts / associate-service-account-role), checked
2026-11-30.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..spec.models import PermissionSpec
from ..spec.names import POD_LOG_GROUP, physical

AWS_MANAGED = "arn:aws:iam::aws:policy/"

# The control plane's role: EKS manages ENIs, load balancers and security groups with it.
CLUSTER_ROLE_POLICIES: tuple[str, ...] = (AWS_MANAGED + "AmazonEKSClusterPolicy",)
# Pulls images from ECR for Fargate pods and lets the built-in log router start.
FARGATE_POD_EXECUTION_POLICIES: tuple[str, ...] = (
    AWS_MANAGED + "AmazonEKSFargatePodExecutionRolePolicy",
)
# Managed nodes (mixed mode): kubelet, the VPC CNI on the node, image pulls.
NODE_ROLE_POLICIES: tuple[str, ...] = (
    AWS_MANAGED + "AmazonEKSWorkerNodePolicy",
    AWS_MANAGED + "AmazonEKS_CNI_Policy",
    AWS_MANAGED + "AmazonEC2ContainerRegistryReadOnly",
)
# Given to the admin principals through access entries (authentication mode API).
CLUSTER_ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

CLUSTER_SERVICE = "eks.amazonaws.com"
FARGATE_PODS_SERVICE = "eks-fargate-pods.amazonaws.com"
NODE_SERVICE = "ec2.amazonaws.com"
STS_AUDIENCE = "sts.amazonaws.com"
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"

# CoreDNS only schedules onto Fargate when the addon is told so (EKS-UG fargate-getting-started).
COREDNS_CONFIGURATION: dict[str, str] = {"computeType": "Fargate"}
# Addons installed on every cluster besides CoreDNS; the cluster is created with
# bootstrap_self_managed_addons off, so these managed addons are the only copies. Fargate pods
# bring their own kube-proxy and CNI; these DaemonSets serve the optional node group.
NODE_ADDONS: tuple[str, ...] = ("kube-proxy", "vpc-cni")

# Namespaces every cluster already has: never created (or deleted) by a workload.
BUILT_IN_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})

# The log router reads exactly this namespace and ConfigMap (EKS-UG fargate-logging).
LOGGING_NAMESPACE = "aws-observability"
LOGGING_NAMESPACE_LABELS: dict[str, str] = {"aws-observability": "enabled"}
LOGGING_CONFIGMAP = "aws-logging"
LOGGING_CONFIGMAP_MAX_CHARS = 5300
LOG_ACTIONS: tuple[str, ...] = (
    "logs:CreateLogStream",
    "logs:CreateLogGroup",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
    "logs:PutRetentionPolicy",
)

_FILTERS_CONF = """\
[FILTER]
    Name parser
    Match *
    Key_name log
    Parser crio
[FILTER]
    Name kubernetes
    Match kube.*
    Merge_Log On
    Keep_Log Off
    Buffer_Size 0
    Kube_Meta_Cache_TTL 300s
"""

_PARSERS_CONF = """\
[PARSER]
    Name crio
    Format Regex
    Regex ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>P|F) (?<log>.*)$
    Time_Key time
    Time_Format %Y-%m-%dT%H:%M:%S.%L%z
"""

_OUTPUT_CONF = """\
[OUTPUT]
    Name cloudwatch_logs
    Match kube.*
    region {region}
    log_group_name {log_group}
    log_stream_prefix fargate-
    log_retention_days {retention_days}
    auto_create_group true
"""


def pod_log_group_name(stack: str, cluster: str) -> str:
    return physical(POD_LOG_GROUP, stack=stack, cluster=cluster)


def aws_logging_data(region: str, log_group: str, retention_days: int) -> dict[str, str]:
    """The ``aws-logging`` ConfigMap data: container logs to CloudWatch Logs, CRI-O lines parsed.

    ``auto_create_group`` stays on so logging survives someone deleting the group; the group
    itself is created (with its retention) by the cluster component.
    """
    data = {
        "flb_log_cw": "false",
        "filters.conf": _FILTERS_CONF,
        "parsers.conf": _PARSERS_CONF,
        "output.conf": _OUTPUT_CONF.format(
            region=region, log_group=log_group, retention_days=retention_days
        ),
    }
    size = sum(len(k) + len(v) for k, v in data.items())
    if size > LOGGING_CONFIGMAP_MAX_CHARS:  # EKS ignores a larger ConfigMap without a word
        raise ValueError(
            f"the aws-logging ConfigMap would be {size} characters, over "
            f"EKS's limit of {LOGGING_CONFIGMAP_MAX_CHARS}"
        )
    return data


def service_trust_policy(
    service: str,
    conditions: Mapping[str, Any] | None = None,
    actions: Iterable[str] = ("sts:AssumeRole",),
) -> str:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": list(actions),
    }
    if conditions:
        statement["Condition"] = dict(conditions)
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, sort_keys=True)


def cluster_trust_policy() -> str:
    """EKS tags the sessions it opens with this role, so it needs sts:TagSession too."""
    return service_trust_policy(CLUSTER_SERVICE, actions=("sts:AssumeRole", "sts:TagSession"))


def node_trust_policy() -> str:
    return service_trust_policy(NODE_SERVICE)


def fargate_profiles_arn_pattern(cluster_arn: str) -> str:
    """``arn:aws:eks:r:a:cluster/c`` -> ``arn:aws:eks:r:a:fargateprofile/c/*``."""
    prefix, _, name = cluster_arn.partition(":cluster/")
    if not name:
        raise ValueError(f"{cluster_arn!r} is not an EKS cluster ARN")
    return f"{prefix}:fargateprofile/{name}/*"


def pod_execution_trust_policy(cluster_arn: str) -> str:
    """Only this cluster's Fargate profiles may use the role (the confused-deputy guard AWS
    recommends in pod-execution-role)."""
    return service_trust_policy(
        FARGATE_PODS_SERVICE,
        {"ArnLike": {"aws:SourceArn": fargate_profiles_arn_pattern(cluster_arn)}},
    )


def fargate_logging_policy(log_group_arn: str) -> str:
    """What the log router needs, on the cluster's pod log group only."""
    group = log_group_arn[:-2] if log_group_arn.endswith(":*") else log_group_arn
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": list(LOG_ACTIONS),
                    "Resource": [group, f"{group}:*"],
                }
            ],
        },
        sort_keys=True,
    )


def issuer_host(issuer_url: str) -> str:
    """IAM condition keys name the issuer without its scheme."""
    return issuer_url.removeprefix("https://")


def irsa_trust_policy(
    oidc_provider_arn: str, issuer_url: str, namespace: str, service_account: str
) -> str:
    """Trust one service account of one cluster, for STS only (IRSA)."""
    host = issuer_host(issuer_url)
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": oidc_provider_arn},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {
                            f"{host}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                            f"{host}:aud": STS_AUDIENCE,
                        }
                    },
                }
            ],
        },
        sort_keys=True,
    )


def permissions_policy(permissions: Iterable[PermissionSpec]) -> str:
    """Exactly the statements the spec grants, in the spec's order."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": list(p.actions), "Resource": list(p.resources)}
                for p in permissions
            ],
        },
        sort_keys=True,
    )


def kubeconfig(cluster_name: str, endpoint: str, certificate_authority: str, region: str) -> str:
    """A kubeconfig that authenticates with ``aws eks get-token`` (no long-lived token stored)."""
    return json.dumps(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {
                    "name": cluster_name,
                    "cluster": {
                        "server": endpoint,
                        "certificate-authority-data": certificate_authority,
                    },
                }
            ],
            "contexts": [
                {"name": cluster_name, "context": {"cluster": cluster_name, "user": cluster_name}}
            ],
            "current-context": cluster_name,
            "users": [
                {
                    "name": cluster_name,
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "aws",
                            "args": [
                                "eks",
                                "get-token",
                                "--cluster-name",
                                cluster_name,
                                "--region",
                                region,
                                "--output",
                                "json",
                            ],
                            "interactiveMode": "Never",
                        }
                    },
                }
            ],
        },
        sort_keys=True,
    )
