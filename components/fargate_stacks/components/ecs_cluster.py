"""An ECS cluster for Fargate: both Fargate capacity providers, Container Insights, and an
optional Service Connect namespace its services share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from ..fargate import capacity
from ..spec.models import EcsClusterSpec
from ..spec.names import ECS_CLUSTER, physical

TOKEN = "fargate-stacks:ecs:EcsFargateCluster"
CAPACITY_PROVIDERS = capacity.PROVIDERS
# Services without a strategy of their own run on demand: Spot is an intent a service states.
DEFAULT_STRATEGY: tuple[tuple[str, int, int], ...] = capacity.ON_DEMAND_ONLY


@dataclass(frozen=True)
class EcsFargateClusterArgs:
    container_insights: bool = True
    service_connect_namespace: str | None = None
    default_strategy: Sequence[tuple[str, int, int]] = DEFAULT_STRATEGY
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_spec(
        cls, spec: EcsClusterSpec, tags: dict[str, str] | None = None
    ) -> EcsFargateClusterArgs:
        """Stack tags merged with the cluster's own (the cluster's win)."""
        return cls(
            container_insights=spec.container_insights,
            service_connect_namespace=spec.service_connect_namespace,
            tags={**(tags or {}), **spec.tags},
        )


class EcsFargateCluster(pulumi.ComponentResource):
    """Attributes: ``cluster_arn``, ``cluster_name``, ``namespace_arn`` (None without Service
    Connect), ``tags`` (for the services, which merge their own on top)."""

    cluster_arn: pulumi.Output[str]
    cluster_name: pulumi.Output[str]
    namespace_arn: pulumi.Output[str] | None

    def __init__(
        self, name: str, args: EcsFargateClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self.tags = dict(args.tags)
        child = pulumi.ResourceOptions(parent=self)
        self.namespace_arn = None
        connect = None
        if args.service_connect_namespace:
            namespace = aws.servicediscovery.HttpNamespace(
                f"{name}-namespace",
                name=args.service_connect_namespace,
                description=f"Service Connect namespace of ECS cluster {name}",
                tags=self.tags,
                opts=child,
            )
            self.namespace_arn = namespace.arn
            connect = aws.ecs.ClusterServiceConnectDefaultsArgs(namespace=namespace.arn)
        cluster = aws.ecs.Cluster(
            physical(ECS_CLUSTER, cluster=name),
            settings=[
                aws.ecs.ClusterSettingArgs(
                    name="containerInsights",
                    value="enabled" if args.container_insights else "disabled",
                )
            ],
            service_connect_defaults=connect,
            tags=self.tags,
            opts=child,
        )
        providers = aws.ecs.ClusterCapacityProviders(
            f"{name}-capacity-providers",
            cluster_name=cluster.name,
            capacity_providers=list(CAPACITY_PROVIDERS),
            default_capacity_provider_strategies=[
                aws.ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs(
                    capacity_provider=p, base=b, weight=w
                )
                for p, b, w in args.default_strategy
            ],
            opts=child,
        )
        # services must wait for the providers, or a Spot strategy is refused on create
        self.cluster_arn = pulumi.Output.all(cluster.arn, providers.id).apply(lambda v: v[0])
        self.cluster_name = pulumi.Output.all(cluster.name, providers.id).apply(lambda v: v[0])
        self.register_outputs({"clusterArn": self.cluster_arn, "clusterName": self.cluster_name})
