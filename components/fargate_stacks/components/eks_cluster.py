"""An EKS cluster whose pods run on Fargate: control plane, profiles, CoreDNS, logging, IRSA.

Built from plain ``pulumi_aws`` resources rather than ``pulumi_eks.Cluster``: that one is a remote
(multi-language) component, so under ``set_mocks`` it registers as a single resource whose
outputs (``eks_cluster``, ``core``, ``kubeconfig``, ``oidc_provider``...) are only what the mock
invents, resource references included. Nothing Fargate-specific hung off it could be tested
offline, and the offline engine (moto) cannot answer an ``eks:index:Cluster``. With plain
resources every profile, addon and role is visible to tests and to the policy pack.

Fargate specifics handled here:
- profiles are explicit, created one at a time (EKS refuses a second profile operation on the
  same cluster while one runs) in name order, so reordering the spec changes no dependency that
  matters and a changed profile replaces only itself;
- the pod execution role trusts ``eks-fargate-pods`` for this cluster's profiles only;
- CoreDNS is told to run on Fargate and waits for the profile that selects kube-system;
- the built-in Fluent Bit router gets its ``aws-observability``/``aws-logging`` ConfigMap and
  a log group with retention;
- with ``containerInsights`` the ADOT collector (``adot_collector``) sends the pods' metrics,
  in its own namespace with its own profile (after the others) and IRSA role.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from ..fargate import eks_versions
from ..fargate.eks_pods import COREDNS
from ..fargate.profiles import selecting_profile
from ..spec.models import EksClusterSpec, FargateProfileSpec, NodeGroupSpec
from ..spec.names import (
    ADOT_COLLECTOR_ROLE,
    CLUSTER_ROLE,
    EKS_CLUSTER,
    FARGATE_PROFILE,
    LB_CONTROLLER_ROLE,
    NODE_GROUP,
    NODE_ROLE,
    POD_EXECUTION_LOGS_POLICY,
    POD_EXECUTION_ROLE,
    physical,
)
from . import adot_collector, lb_controller
from . import eks_policies as docs
from .known import known

TOKEN = "fargate-stacks:eks:EksFargateCluster"


@dataclass(frozen=True)
class EksFargateClusterArgs:
    """What the cluster needs; ``vpc_id``/``private_subnet_ids`` may come from an existing VPC."""

    name: str
    vpc_id: pulumi.Input[str]
    private_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    fargate_profiles: Sequence[FargateProfileSpec]
    stack: str
    region: str
    version: str = field(default_factory=eks_versions.default_version)
    endpoint_public: bool = False
    endpoint_private: bool = True
    public_access_cidrs: Sequence[str] = ()
    control_plane_logging: Sequence[str] = ("api", "audit", "authenticator")
    node_group: NodeGroupSpec | None = None
    logging_enabled: bool = True
    log_retention_days: int = 30
    admin_principal_arns: Sequence[str] = ()
    container_insights: bool = False
    tags: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_spec(
        cls,
        spec: EksClusterSpec,
        *,
        vpc_id: pulumi.Input[str],
        private_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]],
        stack: str,
        region: str,
        tags: Mapping[str, str] | None = None,
        admin_principal_arns: Sequence[str] | None = None,
    ) -> EksFargateClusterArgs:
        return cls(
            name=spec.name,
            vpc_id=vpc_id,
            private_subnet_ids=private_subnet_ids,
            fargate_profiles=tuple(spec.fargate_profiles),
            stack=stack,
            region=region,
            version=spec.version,
            endpoint_public=spec.endpoint.public,
            endpoint_private=spec.endpoint.private,
            public_access_cidrs=tuple(spec.endpoint.public_cidrs),
            control_plane_logging=tuple(spec.control_plane_logging),
            node_group=spec.node_group,
            logging_enabled=spec.logging.enabled,
            log_retention_days=spec.logging.retention_days,
            admin_principal_arns=tuple(
                admin_principal_arns
                if admin_principal_arns is not None
                else spec.admin_principal_arns
            ),
            container_insights=spec.container_insights,
            tags={**(tags or {}), **spec.tags},
        )


def admin_logical_name(cluster: str, principal_arn: str) -> str:
    """``<cluster>-admin-<name>-<hash of the ARN>``: readable, and distinct for role/ops and
    user/ops (or the same role name in two accounts), which share their last segment."""
    digest = hashlib.sha256(principal_arn.encode()).hexdigest()[:8]
    return f"{cluster}-admin-{principal_arn.rsplit('/', 1)[-1]}-{digest}"


def _oidc_issuer(identities: Sequence[aws.eks.outputs.ClusterIdentity]) -> str:
    """The cluster's OIDC issuer URL, which EKS gives every cluster (IRSA trusts it). Only
    called with identities reported (see ``known``): a cluster that reports identities
    without an issuer is refused."""
    oidcs = identities[0].oidcs if identities else None
    issuer = oidcs[0].issuer if oidcs else None
    if not issuer:
        raise ValueError("the EKS cluster reports no OIDC issuer")
    return issuer


class EksFargateCluster(pulumi.ComponentResource):
    """One EKS cluster with its Fargate profiles; see the module docstring for why it is built
    from pulumi_aws. ``ready`` lists what a workload must wait for so its pods are scheduled on
    Fargate (a pod created before its profile exists stays Pending for good)."""

    cluster: aws.eks.Cluster
    provider: k8s.Provider
    kubeconfig: pulumi.Output[str]
    oidc_issuer: pulumi.Output[str]
    oidc_provider: aws.iam.OpenIdConnectProvider
    pod_execution_role: aws.iam.Role
    profiles: dict[str, aws.eks.FargateProfile]
    addons: dict[str, aws.eks.Addon]
    node_group: aws.eks.NodeGroup | None
    ready: list[pulumi.Resource]

    def __init__(
        self, name: str, args: EksFargateClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self.args = args
        self._namespaces: dict[str, k8s.core.v1.Namespace] = {}
        self._lb_controller: k8s.helm.v3.Release | None = None
        tags = dict(args.tags)
        child = pulumi.ResourceOptions(parent=self)

        self.cluster = self._control_plane(tags)
        self.cluster_name = self.cluster.name
        self.oidc_issuer = known(_oidc_issuer, self.cluster.identities)
        # IAM fetches and trusts the issuer's CA itself when no thumbprint is given (IAM User
        # Guide, id_roles_providers_create_oidc): a pinned thumbprint only breaks on rotation.
        self.oidc_provider = aws.iam.OpenIdConnectProvider(
            f"{args.name}-oidc",
            url=self.oidc_issuer,
            client_id_lists=[docs.STS_AUDIENCE],
            tags=tags,
            opts=child,
        )

        self.log_group = (
            aws.cloudwatch.LogGroup(
                f"{args.name}-pods",
                name=docs.pod_log_group_name(args.stack, args.name),
                retention_in_days=args.log_retention_days,
                tags=tags,
                opts=child,
            )
            if args.logging_enabled
            else None
        )
        self.pod_execution_role = self._pod_execution_role(tags)
        self.profiles = self._profiles(tags)
        # the node-level addons first: nodes of a node group only become Ready with a CNI
        self.addons = {addon: self._addon(addon, tags) for addon in docs.NODE_ADDONS}
        self.node_group = self._node_group(tags) if args.node_group else None
        self.addons["coredns"] = self._coredns(tags)

        self.kubeconfig = pulumi.Output.secret(
            known(
                lambda name, endpoint, ca: docs.kubeconfig(name, endpoint, ca, args.region),
                self.cluster.name,
                self.cluster.endpoint,
                known(lambda ca: ca.data, self.cluster.certificate_authority),
            )
        )
        self.provider = k8s.Provider(
            f"{args.name}-k8s",
            kubeconfig=self.kubeconfig,
            enable_server_side_apply=True,
            opts=child,
        )
        self.logging_config = self._logging() if args.logging_enabled else None

        self.ready = [*self.profiles.values(), self.addons["coredns"]]
        if self.node_group is not None:
            self.ready.append(self.node_group)
        if self.logging_config is not None:
            self.ready.append(self.logging_config)
        self.collector = self._container_insights() if args.container_insights else None

        self.register_outputs(
            {
                "clusterName": self.cluster.name,
                "endpoint": self.cluster.endpoint,
                "kubeconfig": self.kubeconfig,
                "oidcIssuer": self.oidc_issuer,
                "oidcProviderArn": self.oidc_provider.arn,
                "podExecutionRoleArn": self.pod_execution_role.arn,
                "fargateProfiles": sorted(self.profiles),
            }
        )

    # ------------------------------------------------------------ control plane

    def _control_plane(self, tags: dict[str, str]) -> aws.eks.Cluster:
        args = self.args
        role = aws.iam.Role(
            physical(CLUSTER_ROLE, cluster=args.name),
            assume_role_policy=docs.cluster_trust_policy(),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        attachments = [
            aws.iam.RolePolicyAttachment(
                f"{args.name}-cluster-{arn.rsplit('/', 1)[1]}",
                role=role.name,
                policy_arn=arn,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for arn in docs.CLUSTER_ROLE_POLICIES
        ]
        vpc_config: aws.eks.ClusterVpcConfigArgsDict = {
            "subnet_ids": args.private_subnet_ids,
            "endpoint_private_access": args.endpoint_private,
            "endpoint_public_access": args.endpoint_public,
        }
        if args.endpoint_public and args.public_access_cidrs:
            vpc_config["public_access_cidrs"] = list(args.public_access_cidrs)
        cluster = aws.eks.Cluster(
            physical(EKS_CLUSTER, cluster=args.name),
            role_arn=role.arn,
            version=args.version,
            vpc_config=vpc_config,
            # API mode: access through access entries, no aws-auth ConfigMap to drift. The
            # creator keeps admin so this same program can apply the Kubernetes resources.
            access_config={
                "authentication_mode": "API",
                "bootstrap_cluster_creator_admin_permissions": True,
            },
            # CoreDNS, kube-proxy and the VPC CNI come as managed addons below, CoreDNS
            # configured for Fargate; the self-managed copies would stay Pending without nodes.
            bootstrap_self_managed_addons=False,
            enabled_cluster_log_types=list(args.control_plane_logging),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=attachments),
        )
        for arn in args.admin_principal_arns:
            principal = admin_logical_name(args.name, arn)
            entry = aws.eks.AccessEntry(
                principal,
                cluster_name=cluster.name,
                principal_arn=arn,
                type="STANDARD",
                tags=tags,
                opts=pulumi.ResourceOptions(parent=self),
            )
            aws.eks.AccessPolicyAssociation(
                principal,
                cluster_name=cluster.name,
                principal_arn=arn,
                policy_arn=docs.CLUSTER_ADMIN_ACCESS_POLICY,
                access_scope={"type": "cluster"},
                opts=pulumi.ResourceOptions(parent=self, depends_on=[entry]),
            )
        return cluster

    # ------------------------------------------------------------ Fargate

    def _pod_execution_role(self, tags: dict[str, str]) -> aws.iam.Role:
        args = self.args
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            physical(POD_EXECUTION_ROLE, cluster=args.name),
            assume_role_policy=known(docs.pod_execution_trust_policy, self.cluster.arn),
            tags=tags,
            opts=child,
        )
        self._pod_role_grants: list[pulumi.Resource] = [
            aws.iam.RolePolicyAttachment(
                f"{args.name}-pod-execution-{arn.rsplit('/', 1)[1]}",
                role=role.name,
                policy_arn=arn,
                opts=child,
            )
            for arn in docs.FARGATE_POD_EXECUTION_POLICIES
        ]
        if self.log_group is not None:
            self._pod_role_grants.append(
                aws.iam.RolePolicy(
                    physical(POD_EXECUTION_LOGS_POLICY, cluster=args.name),
                    role=role.id,
                    policy=known(docs.fargate_logging_policy, self.log_group.arn),
                    opts=child,
                )
            )
        return role

    def _profiles(self, tags: dict[str, str]) -> dict[str, aws.eks.FargateProfile]:
        """One profile after another, in name order (not spec order)."""
        args = self.args
        profiles: dict[str, aws.eks.FargateProfile] = {}
        previous: list[pulumi.Resource] = list(self._pod_role_grants)
        for spec in sorted(args.fargate_profiles, key=lambda p: p.name):
            profile = aws.eks.FargateProfile(
                f"{args.name}-{spec.name}",
                cluster_name=self.cluster.name,
                fargate_profile_name=physical(FARGATE_PROFILE, profile=spec.name),
                pod_execution_role_arn=self.pod_execution_role.arn,
                subnet_ids=args.private_subnet_ids,  # Fargate pods run in private subnets only
                selectors=[
                    {"namespace": s.namespace, "labels": dict(s.labels) or None}
                    for s in spec.selectors
                ],
                tags=tags,
                # the name is fixed, so a replacement must delete the old profile first
                opts=pulumi.ResourceOptions(
                    parent=self, depends_on=previous, delete_before_replace=True
                ),
            )
            profiles[spec.name] = profile
            previous = [profile]
        if args.container_insights:  # the collector's own, after the spec's
            profiles[adot_collector.PROFILE] = aws.eks.FargateProfile(
                f"{args.name}-{adot_collector.PROFILE}",
                cluster_name=self.cluster.name,
                fargate_profile_name=physical(FARGATE_PROFILE, profile=adot_collector.PROFILE),
                pod_execution_role_arn=self.pod_execution_role.arn,
                subnet_ids=args.private_subnet_ids,
                selectors=[{"namespace": adot_collector.NAMESPACE}],
                tags=tags,
                opts=pulumi.ResourceOptions(
                    parent=self, depends_on=previous, delete_before_replace=True
                ),
            )
        return profiles

    def _node_group(self, tags: dict[str, str]) -> aws.eks.NodeGroup:
        args = self.args
        spec = args.node_group
        assert spec is not None
        child = pulumi.ResourceOptions(parent=self)
        role = aws.iam.Role(
            physical(NODE_ROLE, cluster=args.name),
            assume_role_policy=docs.node_trust_policy(),
            tags=tags,
            opts=child,
        )
        grants = [
            aws.iam.RolePolicyAttachment(
                f"{args.name}-node-{arn.rsplit('/', 1)[1]}",
                role=role.name,
                policy_arn=arn,
                opts=child,
            )
            for arn in docs.NODE_ROLE_POLICIES
        ]
        # after the profiles: EKS runs one node group or profile operation at a time
        return aws.eks.NodeGroup(
            physical(NODE_GROUP, cluster=args.name),
            cluster_name=self.cluster.name,
            node_role_arn=role.arn,
            subnet_ids=args.private_subnet_ids,
            instance_types=list(spec.instance_types),
            capacity_type=spec.capacity_type,
            labels=dict(spec.labels) or None,
            scaling_config={
                "min_size": spec.min_size,
                "max_size": spec.max_size,
                "desired_size": spec.desired_size,
            },
            tags=tags,
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[*grants, *self.profiles.values(), *self.addons.values()]
            ),
        )

    def _addon(
        self,
        addon: str,
        tags: dict[str, str],
        configuration: str | None = None,
        depends_on: Sequence[pulumi.Resource] = (),
    ) -> aws.eks.Addon:
        return aws.eks.Addon(
            f"{self.args.name}-{addon}",
            cluster_name=self.cluster.name,
            addon_name=addon,
            configuration_values=configuration,
            resolve_conflicts_on_create="OVERWRITE",
            resolve_conflicts_on_update="OVERWRITE",
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(depends_on)),
        )

    def _coredns(self, tags: dict[str, str]) -> aws.eks.Addon:
        """On Fargate when a profile selects kube-system (else on the node group), and only
        once that profile (or node group) exists: CoreDNS pods created earlier stay Pending."""
        # the labels EKS's CoreDNS pods carry, as the spec checks them: one fact (fargate/)
        system = selecting_profile(self.args.fargate_profiles, COREDNS.namespace, COREDNS.labels)
        after: list[pulumi.Resource] = [self.profiles[system.name]] if system is not None else []
        if self.node_group is not None:
            after.append(self.node_group)
        configuration = json.dumps(docs.COREDNS_CONFIGURATION) if system is not None else None
        return self._addon("coredns", tags, configuration, after)

    # ------------------------------------------------------------ Kubernetes side

    def _k8s_opts(self, depends_on: Sequence[pulumi.Resource] = ()) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(
            parent=self, provider=self.provider, depends_on=list(depends_on)
        )

    def _logging(self) -> k8s.core.v1.ConfigMap:
        args = self.args
        assert self.log_group is not None
        namespace = k8s.core.v1.Namespace(
            f"{args.name}-{docs.LOGGING_NAMESPACE}",
            metadata={"name": docs.LOGGING_NAMESPACE, "labels": docs.LOGGING_NAMESPACE_LABELS},
            opts=self._k8s_opts(),
        )
        self._namespaces[docs.LOGGING_NAMESPACE] = namespace
        data = docs.aws_logging_data(
            args.region, docs.pod_log_group_name(args.stack, args.name), args.log_retention_days
        )
        return k8s.core.v1.ConfigMap(
            f"{args.name}-{docs.LOGGING_CONFIGMAP}",
            metadata={"name": docs.LOGGING_CONFIGMAP, "namespace": docs.LOGGING_NAMESPACE},
            data=data,
            opts=self._k8s_opts([namespace, self.log_group, *self._pod_role_grants]),
        )

    def _container_insights(self) -> k8s.apps.v1.Deployment:
        """The ADOT collector (see ``adot_collector``): IRSA role with CloudWatch's agent
        policy, RBAC for the kubelet scrape through the API server, its configuration, one
        pod on its own Fargate profile."""
        args = self.args
        ac = adot_collector
        logical = physical(ADOT_COLLECTOR_ROLE, cluster=args.name)
        child = pulumi.ResourceOptions(parent=self)
        trust = known(
            lambda arn, issuer: docs.irsa_trust_policy(
                arn, issuer, ac.NAMESPACE, ac.SERVICE_ACCOUNT
            ),
            self.oidc_provider.arn,
            self.oidc_issuer,
        )
        role = aws.iam.Role(logical, assume_role_policy=trust, tags=dict(args.tags), opts=child)
        grant = aws.iam.RolePolicyAttachment(
            logical, role=role.name, policy_arn=ac.POLICY_ARN, opts=child
        )
        namespace = self.namespace(ac.NAMESPACE)
        after: list[pulumi.Resource] = [namespace] if namespace is not None else []
        account = k8s.core.v1.ServiceAccount(
            logical,
            metadata={
                "name": ac.SERVICE_ACCOUNT,
                "namespace": ac.NAMESPACE,
                "annotations": {docs.IRSA_ANNOTATION: role.arn},
            },
            opts=self._k8s_opts(after),
        )
        cluster_role = k8s.rbac.v1.ClusterRole(
            f"{args.name}-{ac.CLUSTER_ROLE}",
            metadata={"name": ac.CLUSTER_ROLE},
            rules=ac.CLUSTER_ROLE_RULES,
            opts=self._k8s_opts(),
        )
        binding = k8s.rbac.v1.ClusterRoleBinding(
            f"{args.name}-{ac.CLUSTER_ROLE}-binding",
            metadata={"name": f"{ac.CLUSTER_ROLE}-binding"},
            subjects=[
                {
                    "kind": "ServiceAccount",
                    "name": ac.SERVICE_ACCOUNT,
                    "namespace": ac.NAMESPACE,
                }
            ],
            role_ref={
                "kind": "ClusterRole",
                "name": ac.CLUSTER_ROLE,
                "apiGroup": "rbac.authorization.k8s.io",
            },
            opts=self._k8s_opts([cluster_role, account]),
        )
        config = k8s.core.v1.ConfigMap(
            f"{args.name}-{ac.CONFIGMAP}",
            metadata={"name": ac.CONFIGMAP, "namespace": ac.NAMESPACE, "labels": ac.POD_LABELS},
            data={ac.CONFIG_KEY: ac.config_text(args.region)},
            opts=self._k8s_opts(after),
        )
        spec = self.cluster.name.apply(ac.deployment_spec)
        return k8s.apps.v1.Deployment(
            f"{args.name}-{ac.NAME}",
            metadata={"name": ac.NAME, "namespace": ac.NAMESPACE, "labels": ac.POD_LABELS},
            spec=spec,
            opts=self._k8s_opts(
                [self.profiles[ac.PROFILE], account, binding, config, grant, *after]
            ),
        )

    def namespace(self, name: str) -> k8s.core.v1.Namespace | None:
        """The Namespace resource for ``name``, created once per cluster; None for the
        namespaces every cluster has (default, kube-system, ...)."""
        if name in docs.BUILT_IN_NAMESPACES:
            return None
        if name not in self._namespaces:
            self._namespaces[name] = k8s.core.v1.Namespace(
                f"{self.args.name}-{name}", metadata={"name": name}, opts=self._k8s_opts()
            )
        return self._namespaces[name]

    def load_balancer_controller(self) -> k8s.helm.v3.Release:
        """The AWS Load Balancer Controller release (see ``lb_controller``), installed once,
        on the first workload with an ingress; ingresses must wait for it."""
        if self._lb_controller is None:
            self._lb_controller = self._install_lb_controller()
        return self._lb_controller

    def _install_lb_controller(self) -> k8s.helm.v3.Release:
        args = self.args
        if (
            selecting_profile(
                args.fargate_profiles, lb_controller.NAMESPACE, lb_controller.POD_LABELS
            )
            is None
            and args.node_group is None
        ):
            raise ValueError(
                f"cluster {args.name}: no Fargate profile selects the AWS Load "
                f"Balancer Controller's pods in {lb_controller.NAMESPACE}"
            )
        logical = physical(LB_CONTROLLER_ROLE, cluster=args.name)
        child = pulumi.ResourceOptions(parent=self)
        trust = known(
            lambda arn, issuer: docs.irsa_trust_policy(
                arn, issuer, lb_controller.NAMESPACE, lb_controller.SERVICE_ACCOUNT
            ),
            self.oidc_provider.arn,
            self.oidc_issuer,
        )
        role = aws.iam.Role(logical, assume_role_policy=trust, tags=dict(args.tags), opts=child)
        grant = aws.iam.RolePolicy(
            logical, role=role.id, policy=lb_controller.iam_policy(), opts=child
        )
        account = k8s.core.v1.ServiceAccount(
            logical,
            metadata={
                "name": lb_controller.SERVICE_ACCOUNT,
                "namespace": lb_controller.NAMESPACE,
                "annotations": {docs.IRSA_ANNOTATION: role.arn},
            },
            opts=self._k8s_opts(self.ready),
        )
        values = pulumi.Output.all(self.cluster.name, args.vpc_id).apply(
            lambda v: lb_controller.chart_values(v[0], args.region, v[1])
        )
        return k8s.helm.v3.Release(
            logical,
            chart=lb_controller.CHART,
            version=lb_controller.CHART_VERSION,
            repository_opts={"repo": lb_controller.CHART_REPOSITORY},
            namespace=lb_controller.NAMESPACE,
            values=values,
            opts=self._k8s_opts([*self.ready, account, grant]),
        )
