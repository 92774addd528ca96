"""Which input changes make Pulumi replace a resource instead of updating it, for every type the
components emit: the provider's own knowledge, kept as data with where it is written.

pulumi-aws is bridged from terraform-provider-aws: an input whose Terraform attribute is
``ForceNew`` (or forced by the resource's ``CustomizeDiff``) is planned as a replacement, and
Pulumi's schema marks it ``willReplaceOnChanges``. Read 2026-12 from terraform-provider-aws
``internal/service/<service>/<file>.go`` (the ``Schema`` map and ``CustomizeDiff``), the files
named per entry. Kubernetes objects are replaced by pulumi-kubernetes when their name or
namespace changes, or when a field the API server refuses to change (immutable) does.

Read line by line for this table: the ECS service, task definition, EKS cluster, Fargate profile,
target group, load balancer, security group, log group, IAM role and scalable target files
(``READ``). The other AWS entries name their file but were not re-read field by field: they
list the identifying fields (names, parents, VPC/subnet placement) those resources are known to
be created with; tests/test_replace.py holds several read ones to the provider's documented
cases.

Paths are the camelCase Pulumi input names the preview JSON holds, dotted, ``[]`` for any
element of a list: ``selectors`` covers ``selectors[0].namespace``. ``ALL`` means any input
change replaces (AWS has no update call for the resource).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ALL = "*"
TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main/"
K8S_DEPLOYMENT = (
    "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#label-selector-updates"
)
K8S_JOB = (
    "https://kubernetes.io/docs/concepts/workloads/controllers/job/ (spec.template is immutable)"
)
K8S_NAMES = (
    "https://www.pulumi.com/docs/iac/concepts/resources/names/ (a Kubernetes object's name and "
    "namespace are its identity: a change is a new object)"
)
K8S_ROLE_REF = (
    "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#clusterrolebinding-example "
    "(a binding's roleRef cannot change: remove the binding and create a replacement)"
)
K8S_SERVICE = (
    "https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/ "
    "(clusterIP: immutable once set)"
)


@dataclass(frozen=True)
class Condition:
    """A path that forces a replacement only when ``applies(old_inputs, new_inputs)``: a
    ``CustomizeDiff`` that decides at plan time (ECS services and their capacity strategy)."""

    path: str
    applies: Callable[[Mapping[str, Any], Mapping[str, Any]], bool]
    why: str


@dataclass(frozen=True)
class ReplaceRule:
    """The inputs of one resource type whose change replaces it, and where that is written."""

    type: str
    paths: tuple[str, ...]
    source: str
    conditions: tuple[Condition, ...] = field(default=())
    note: str = ""
    # with ALL: the inputs that still update in place (not ForceNew in the provider's schema)
    in_place: tuple[str, ...] = ("tags",)


def _strategy_forces_new(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """``capacityProviderStrategyCustomizeDiff``: "to be backward compatible, should ForceNew
    almost always (previous behavior), unless force_new_deployment is true and neither the old
    set nor new set is 0 length"."""
    if not new.get("forceNewDeployment"):
        return True
    return not old.get("capacityProviderStrategies") or not new.get("capacityProviderStrategies")


def _tf(path: str) -> str:
    return TF + path


_RULES: tuple[ReplaceRule, ...] = (
    # ---------------------------------------------------------------- ECS
    ReplaceRule("aws:ecs/cluster:Cluster", ("name",), _tf("internal/service/ecs/cluster.go")),
    ReplaceRule(
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        ("clusterName",),
        _tf("internal/service/ecs/cluster_capacity_providers.go"),
    ),
    ReplaceRule(
        "aws:ecs/service:Service",
        (
            "name",
            "cluster",
            "launchType",
            "iamRole",
            "schedulingStrategy",
            "deploymentController.type",
        ),
        _tf("internal/service/ecs/service.go"),
        (
            Condition(
                "capacityProviderStrategies",
                _strategy_forces_new,
                "capacityProviderStrategyCustomizeDiff: a new strategy replaces the service "
                "unless forceNewDeployment is set and both strategies are non-empty",
            ),
        ),
    ),
    ReplaceRule(
        "aws:ecs/taskDefinition:TaskDefinition",
        (ALL,),
        _tf("internal/service/ecs/task_definition.go"),
        note="every argument but tags and skipDestroy is ForceNew: ECS registers a new "
        "revision (task definitions are immutable) and Pulumi replaces the resource",
        in_place=("tags", "skipDestroy"),  # skip_destroy: Optional, Default false, no ForceNew
    ),
    # ---------------------------------------------------------------- EKS
    ReplaceRule(
        "aws:eks/cluster:Cluster",
        (
            "name",
            "roleArn",
            "bootstrapSelfManagedAddons",
            "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "kubernetesNetworkConfig.ipFamily",
            "kubernetesNetworkConfig.serviceIpv4Cidr",
            "outpostConfig.controlPlaneInstanceType",
            "remoteNetworkConfig",
        ),
        _tf("internal/service/eks/cluster.go"),
    ),
    ReplaceRule(
        "aws:eks/fargateProfile:FargateProfile",
        (ALL,),
        _tf("internal/service/eks/fargate_profile.go"),
        note="clusterName, fargateProfileName, podExecutionRoleArn, selectors and subnetIds "
        "are all ForceNew (EKS has no UpdateFargateProfile); only tags update in place",
    ),
    ReplaceRule(
        "aws:eks/addon:Addon",
        ("addonName", "clusterName"),
        _tf("internal/service/eks/addon.go"),
    ),
    ReplaceRule(
        "aws:eks/nodeGroup:NodeGroup",
        (
            "clusterName",
            "nodeGroupName",
            "nodeGroupNamePrefix",
            "nodeRoleArn",
            "subnetIds",
            "amiType",
            "capacityType",
            "diskSize",
            "instanceTypes",
            "remoteAccess",
        ),
        _tf("internal/service/eks/node_group.go"),
    ),
    ReplaceRule(
        "aws:eks/accessEntry:AccessEntry",
        ("clusterName", "principalArn", "type"),
        _tf("internal/service/eks/access_entry.go"),
    ),
    ReplaceRule(
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        ("clusterName", "principalArn", "policyArn", "accessScope"),
        _tf("internal/service/eks/access_policy_association.go"),
    ),
    # ---------------------------------------------------------------- ELBv2
    ReplaceRule(
        "aws:lb/loadBalancer:LoadBalancer",
        ("name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"),
        _tf("internal/service/elbv2/load_balancer.go"),
    ),
    ReplaceRule(
        "aws:lb/targetGroup:TargetGroup",
        (
            "name",
            "namePrefix",
            "port",
            "protocol",
            "protocolVersion",
            "vpcId",
            "targetType",
            "ipAddressType",
        ),
        _tf("internal/service/elbv2/target_group.go"),
    ),
    ReplaceRule(
        "aws:lb/listener:Listener",
        ("loadBalancerArn",),
        _tf("internal/service/elbv2/listener.go"),
    ),
    # ---------------------------------------------------------------- EC2 / VPC
    ReplaceRule(
        "aws:ec2/vpc:Vpc",
        ("cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
        _tf("internal/service/ec2/vpc_.go"),
    ),
    ReplaceRule(
        "aws:ec2/subnet:Subnet",
        ("vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn"),
        _tf("internal/service/ec2/vpc_subnet.go"),
    ),
    ReplaceRule(
        "aws:ec2/securityGroup:SecurityGroup",
        ("name", "namePrefix", "description", "vpcId"),
        _tf("internal/service/ec2/vpc_security_group.go"),
    ),
    ReplaceRule(
        "aws:ec2/internetGateway:InternetGateway",
        (),
        _tf("internal/service/ec2/vpc_internet_gateway.go"),
        note="vpcId attaches and detaches in place",
    ),
    ReplaceRule(
        "aws:ec2/natGateway:NatGateway",
        ("allocationId", "subnetId", "connectivityType", "privateIp"),
        _tf("internal/service/ec2/vpc_nat_gateway.go"),
    ),
    ReplaceRule(
        "aws:ec2/eip:Eip",
        ("domain", "address", "publicIpv4Pool", "customerOwnedIpv4Pool", "networkBorderGroup"),
        _tf("internal/service/ec2/ec2_eip.go"),
    ),
    ReplaceRule(
        "aws:ec2/routeTable:RouteTable",
        ("vpcId",),
        _tf("internal/service/ec2/vpc_route_table.go"),
    ),
    ReplaceRule(
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        ("subnetId", "gatewayId"),
        _tf("internal/service/ec2/vpc_route_table_association.go"),
        note="routeTableId updates in place (ReplaceRouteTableAssociation)",
    ),
    ReplaceRule(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        ("vpcId", "serviceName", "vpcEndpointType", "serviceRegion"),
        _tf("internal/service/ec2/vpc_endpoint.go"),
    ),
    # ---------------------------------------------------------------- logs, IAM
    ReplaceRule(
        "aws:cloudwatch/logGroup:LogGroup",
        ("name", "namePrefix", "logGroupClass"),
        _tf("internal/service/logs/group.go"),
    ),
    ReplaceRule(
        "aws:iam/role:Role",
        ("name", "namePrefix", "path"),
        _tf("internal/service/iam/role.go"),
    ),
    ReplaceRule(
        "aws:iam/rolePolicy:RolePolicy",
        ("name", "namePrefix", "role"),
        _tf("internal/service/iam/role_policy.go"),
    ),
    ReplaceRule(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        ("role", "policyArn"),
        _tf("internal/service/iam/role_policy_attachment.go"),
    ),
    ReplaceRule(
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        ("url",),
        _tf("internal/service/iam/openid_connect_provider.go"),
    ),
    # ---------------------------------------------------------------- autoscaling, discovery
    ReplaceRule(
        "aws:appautoscaling/target:Target",
        ("resourceId", "scalableDimension", "serviceNamespace"),
        _tf("internal/service/appautoscaling/target.go"),
    ),
    ReplaceRule(
        "aws:appautoscaling/policy:Policy",
        ("name", "resourceId", "scalableDimension", "serviceNamespace"),
        _tf("internal/service/appautoscaling/policy.go"),
    ),
    ReplaceRule(
        "aws:appautoscaling/scheduledAction:ScheduledAction",
        ("name", "resourceId", "scalableDimension", "serviceNamespace"),
        _tf("internal/service/appautoscaling/scheduled_action.go"),
    ),
    ReplaceRule(
        "aws:servicediscovery/httpNamespace:HttpNamespace",
        ("name",),
        _tf("internal/service/servicediscovery/http_namespace.go"),
    ),
    # ---------------------------------------------------------------- Kubernetes
    ReplaceRule("kubernetes:core/v1:Namespace", ("metadata.name",), K8S_NAMES),
    ReplaceRule("kubernetes:core/v1:ConfigMap", ("metadata.name", "metadata.namespace"), K8S_NAMES),
    ReplaceRule(
        "kubernetes:core/v1:ServiceAccount", ("metadata.name", "metadata.namespace"), K8S_NAMES
    ),
    ReplaceRule(
        "kubernetes:core/v1:Service",
        ("metadata.name", "metadata.namespace", "spec.clusterIP"),
        K8S_SERVICE,
    ),
    ReplaceRule(
        "kubernetes:apps/v1:Deployment",
        ("metadata.name", "metadata.namespace", "spec.selector"),
        K8S_DEPLOYMENT,
    ),
    ReplaceRule(
        "kubernetes:batch/v1:Job",
        ("metadata.name", "metadata.namespace", "spec.selector", "spec.template"),
        K8S_JOB,
    ),
    ReplaceRule("kubernetes:batch/v1:CronJob", ("metadata.name", "metadata.namespace"), K8S_NAMES),
    ReplaceRule(
        "kubernetes:networking.k8s.io/v1:Ingress",
        ("metadata.name", "metadata.namespace"),
        K8S_NAMES,
    ),
    ReplaceRule(
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        ("metadata.name", "metadata.namespace"),
        K8S_NAMES,
    ),
    ReplaceRule(
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", ("metadata.name",), K8S_NAMES
    ),
    ReplaceRule(
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        ("metadata.name", "roleRef"),
        K8S_ROLE_REF,
    ),
    ReplaceRule(
        "kubernetes:helm.sh/v3:Release",
        ("name", "namespace"),
        "https://www.pulumi.com/registry/packages/kubernetes/api-docs/helm/v3/release/ "
        "(a release is identified by its name and namespace)",
    ),
)

RULES: dict[str, ReplaceRule] = {rule.type: rule for rule in _RULES}
READ = frozenset(
    {
        "aws:ecs/service:Service",
        "aws:ecs/taskDefinition:TaskDefinition",
        "aws:eks/cluster:Cluster",
        "aws:eks/fargateProfile:FargateProfile",
        "aws:lb/targetGroup:TargetGroup",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:iam/role:Role",
        "aws:appautoscaling/target:Target",
    }
)

# Resources whose deletion loses data or a name others depend on: a rename or a replacement
# of one of these is not free. Why each: what goes with it.
STATEFUL: dict[str, str] = {
    "aws:cloudwatch/logGroup:LogGroup": "its log events",
    "aws:efs/fileSystem:FileSystem": "every file on it",
    "aws:lb/loadBalancer:LoadBalancer": "its DNS name (clients and DNS records point at it)",
    "aws:lb/targetGroup:TargetGroup": "its registered targets (traffic drops while it is new)",
    "aws:eks/cluster:Cluster": "every Kubernetes object in it",
    "aws:ecs/cluster:Cluster": "its running tasks",
    "aws:ec2/eip:Eip": "its public IP address (allow-lists that name it)",
    "aws:ec2/vpc:Vpc": "everything in it",
}


def _normal(path: str) -> str:
    """``selectors[0].namespace`` -> ``selectors[].namespace``."""
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
            out.append("[]")
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _covers(rule_path: str, path: str) -> bool:
    """``selectors`` covers ``selectors[].namespace``; ``spec.selector`` covers itself."""
    return path == rule_path or path.startswith((rule_path + ".", rule_path + "["))


def replace_reasons(
    type_: str,
    changed: list[str],
    old_inputs: Mapping[str, Any] | None = None,
    new_inputs: Mapping[str, Any] | None = None,
) -> list[str]:
    """The changed paths (as the diff lists them) that force ``type_`` to be replaced. A type
    not in the table is updated in place: the provider decides, and we do not guess."""
    rule = RULES.get(type_)
    if rule is None or not changed:
        return []
    if ALL in rule.paths:
        return [p for p in changed if _normal(p).split(".")[0].split("[")[0] not in rule.in_place]
    reasons = [p for p in changed if any(_covers(r, _normal(p)) for r in rule.paths)]
    for condition in rule.conditions:
        hits = [p for p in changed if _covers(condition.path, _normal(p))]
        if hits and condition.applies(old_inputs or {}, new_inputs or {}):
            reasons.extend(h for h in hits if h not in reasons)
    return reasons


def rule_text(type_: str, path: str) -> str:
    """Why ``path`` of ``type_`` replaces, for reports: the source, and the condition's words."""
    rule = RULES.get(type_)
    if rule is None:
        return ""
    for condition in rule.conditions:
        if _covers(condition.path, _normal(path)):
            return f"{condition.why} ({rule.source})"
    return f"{rule.note + ' ' if rule.note else ''}({rule.source})"
