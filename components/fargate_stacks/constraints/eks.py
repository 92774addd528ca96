"""EKS (clusters, Fargate profiles, add-ons, node groups, access entries): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/eks`` and the botocore 1.44.8 EKS
model. The provider checks nothing of a cluster's Kubernetes version; EKS refuses a version
past the end of its extended support (:mod:`fargate_stacks.fargate.eks_versions`). A Fargate
profile name has no limit but being there.
"""

from __future__ import annotations

from ..fargate import eks_versions
from .model import (
    Arn,
    Between,
    CidrNetwork,
    Count,
    Length,
    OneOf,
    Pattern,
    Predicate,
    Rule,
    api_doc,
    botocore,
    docs,
    provider,
)

CLUSTER = "aws:eks/cluster:Cluster"
FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile"
ADDON = "aws:eks/addon:Addon"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
ACCESS_ENTRY = "aws:eks/accessEntry:AccessEntry"
ACCESS_POLICY_ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"

CLUSTER_NAME_MAX = 100
NODE_GROUP_NAME_MAX = 63
# validClusterName: "%q length must be between 1-100 characters" and `^[0-9A-Za-z][0-9A-Za-z_-]*$`
_VALIDATE = provider("internal/service/eks/validate.go", "validClusterName")
_CLUSTER_NAME = (
    Length(1, CLUSTER_NAME_MAX),
    Pattern(
        r"[0-9A-Za-z][0-9A-Za-z_-]*", "letters, digits, - and _, starting with a letter or digit"
    ),
)
_ADDON_GO = "internal/service/eks/addon.go"
_NODE_GROUP_GO = "internal/service/eks/node_group.go"
_SEMVER = (
    r"v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)


def _version(value: str) -> str | None:
    return eks_versions.version_problem(value)


def _cluster_names(type_: str, field: str) -> tuple[Rule, ...]:
    return tuple(Rule(type_, field, check, "plan", _VALIDATE) for check in _CLUSTER_NAME)


RULES: tuple[Rule, ...] = (
    # clusters
    *_cluster_names(CLUSTER, "name"),
    Rule(
        CLUSTER,
        "version",
        Predicate(_version),
        "api",
        docs(
            "EKS User Guide, kubernetes-versions: no new cluster after the end of extended support"
        ),
        "the provider does not check the version",
    ),
    Rule(
        CLUSTER,
        "enabledClusterLogTypes[]",
        OneOf(("api", "audit", "authenticator", "controllerManager", "scheduler")),
        "plan",
        provider(
            "internal/service/eks/cluster.go", "enabled_cluster_log_types enum.Validate[LogType]"
        ),
    ),
    Rule(
        CLUSTER,
        "roleArn",
        Arn(),
        "plan",
        provider("internal/service/eks/cluster.go", "role_arn ValidARN"),
    ),
    Rule(
        CLUSTER,
        "vpcConfig.publicAccessCidrs[]",
        CidrNetwork(),
        "plan",
        provider(
            "internal/service/eks/cluster.go",
            "vpc_config.public_access_cidrs ValidCIDRNetworkAddress",
        ),
    ),
    Rule(
        CLUSTER,
        "accessConfig.authenticationMode",
        OneOf(("API", "API_AND_CONFIG_MAP", "CONFIG_MAP")),
        "api",
        botocore("eks", "CreateCluster", "accessConfig.authenticationMode"),
    ),
    # Fargate profiles
    *_cluster_names(FARGATE_PROFILE, "clusterName"),
    Rule(
        FARGATE_PROFILE,
        "fargateProfileName",
        Length(1),
        "plan",
        provider("internal/service/eks/fargate_profile.go", "fargate_profile_name NoZeroValues"),
    ),
    Rule(
        FARGATE_PROFILE,
        "selectors",
        Count(5, 1, "selectors"),
        "api",
        api_doc("eks", "CreateFargateProfile", "selectors"),
    ),
    Rule(
        FARGATE_PROFILE,
        "selectors[].namespace",
        Length(1),
        "plan",
        provider("internal/service/eks/fargate_profile.go", "selector.namespace NoZeroValues"),
    ),
    Rule(
        FARGATE_PROFILE,
        "podExecutionRoleArn",
        Length(1),
        "plan",
        provider("internal/service/eks/fargate_profile.go", "pod_execution_role_arn NoZeroValues"),
    ),
    # add-ons
    *_cluster_names(ADDON, "clusterName"),
    Rule(ADDON, "addonName", Length(1), "plan", provider(_ADDON_GO, "addon_name NoZeroValues")),
    Rule(
        ADDON,
        "addonVersion",
        Pattern(_SEMVER, "a version such as v1.11.4-eksbuild.2"),
        "plan",
        provider(_ADDON_GO, "addon_version StringMatch (semantic version)"),
    ),
    Rule(
        ADDON,
        "resolveConflictsOnCreate",
        OneOf(("NONE", "OVERWRITE")),
        "plan",
        provider(_ADDON_GO, "resolve_conflicts_on_create StringInSlice{NONE, OVERWRITE}"),
    ),
    Rule(
        ADDON,
        "resolveConflictsOnUpdate",
        OneOf(("OVERWRITE", "NONE", "PRESERVE")),
        "api",
        botocore("eks", "UpdateAddon", "resolveConflicts"),
    ),
    Rule(
        ADDON,
        "serviceAccountRoleArn",
        Arn(),
        "plan",
        provider(_ADDON_GO, "service_account_role_arn ValidARN"),
    ),
    # node groups
    *_cluster_names(NODE_GROUP, "clusterName"),
    Rule(
        NODE_GROUP,
        "nodeGroupName",
        Length(0, NODE_GROUP_NAME_MAX),
        "plan",
        provider(_NODE_GROUP_GO, "node_group_name StringLenBetween(0, 63)"),
    ),
    Rule(
        NODE_GROUP,
        "scalingConfig.desiredSize",
        Between(0, float("inf")),
        "plan",
        provider(_NODE_GROUP_GO, "scaling_config.desired_size IntAtLeast(0)"),
    ),
    Rule(
        NODE_GROUP,
        "scalingConfig.maxSize",
        Between(1, float("inf")),
        "plan",
        provider(_NODE_GROUP_GO, "scaling_config.max_size IntAtLeast(1)"),
    ),
    Rule(
        NODE_GROUP,
        "scalingConfig.minSize",
        Between(0, float("inf")),
        "plan",
        provider(_NODE_GROUP_GO, "scaling_config.min_size IntAtLeast(0)"),
    ),
    Rule(
        NODE_GROUP,
        "labels{key}",
        Length(1, 63),
        "api",
        botocore("eks", "CreateNodegroup", "labels{key}"),
    ),
    Rule(
        NODE_GROUP,
        "labels{value}",
        Length(1, 63),
        "api",
        botocore("eks", "CreateNodegroup", "labels{value}"),
    ),
    Rule(
        NODE_GROUP,
        "capacityType",
        OneOf(("ON_DEMAND", "SPOT", "CAPACITY_BLOCK")),
        "api",
        botocore("eks", "CreateNodegroup", "capacityType"),
    ),
    # access entries
    *_cluster_names(ACCESS_ENTRY, "clusterName"),
    Rule(
        ACCESS_ENTRY,
        "type",
        OneOf(("STANDARD", "FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX")),
        "plan",
        provider(
            "internal/service/eks/access_entry.go", "type StringInSlice(accessEntryType_Values)"
        ),
    ),
    Rule(
        ACCESS_ENTRY,
        "principalArn",
        Arn(),
        "plan",
        provider("internal/service/eks/access_entry.go", "principal_arn ValidARN"),
    ),
    *_cluster_names(ACCESS_POLICY_ASSOCIATION, "clusterName"),
    Rule(
        ACCESS_POLICY_ASSOCIATION,
        "policyArn",
        Arn(),
        "plan",
        provider("internal/service/eks/access_policy_association.go", "policy_arn ValidARN"),
    ),
    Rule(
        ACCESS_POLICY_ASSOCIATION,
        "principalArn",
        Arn(),
        "plan",
        provider("internal/service/eks/access_policy_association.go", "principal_arn ValidARN"),
    ),
    Rule(
        ACCESS_POLICY_ASSOCIATION,
        "accessScope.type",
        OneOf(("cluster", "namespace")),
        "api",
        botocore("eks", "AssociateAccessPolicy", "accessScope.type"),
    ),
)
