"""A whole stack from its spec: the network, every ECS cluster and service, every EKS cluster.

Used by the Pulumi program behind ``Pulumi.yaml`` and by the offline engine, so both build the
same resources. The EKS half is imported only when the spec has one, so ECS-only stacks never
load the Kubernetes SDK.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..errors import Problem, SpecError
from ..spec.checks import stack_problems
from ..spec.models import StackSpec
from .ecs_cluster import EcsFargateCluster, EcsFargateClusterArgs
from .ecs_service import EcsFargateService, EcsFargateServiceArgs
from .network import Network, NetworkArgs

NETWORK_NAME = "network"


def build_stack(spec: StackSpec) -> dict[str, Any]:
    """Create every resource of ``spec``; return the outputs to export (name -> value)."""
    _refuse(spec)
    tags = dict(spec.tags)
    network = Network(NETWORK_NAME, NetworkArgs.from_spec(spec.network, tags))
    outputs: dict[str, Any] = {
        "vpcId": network.vpc_id,
        "privateSubnetIds": network.private_subnet_ids,
        "publicSubnetIds": network.public_subnet_ids,
    }
    if spec.ecs is not None:
        outputs["ecsClusters"] = _build_ecs(spec, network, tags)
    if spec.eks is not None:
        from .eks_stack import build_eks_clusters  # pulls in pulumi_kubernetes

        outputs.update(build_eks_clusters(spec, network, tags))
    return outputs


def _build_ecs(spec: StackSpec, network: Network, tags: dict[str, str]) -> dict[str, Any]:
    assert spec.ecs is not None
    clusters: dict[str, Any] = {}
    for cluster_spec in spec.ecs.clusters:
        cluster_args = EcsFargateClusterArgs.from_spec(cluster_spec, tags)
        cluster = EcsFargateCluster(cluster_spec.name, cluster_args)
        services: dict[str, Any] = {}
        for service_spec in cluster_spec.services:
            args = EcsFargateServiceArgs.from_spec(
                service_spec,
                cluster=cluster_spec.name,
                cluster_arn=cluster.cluster_arn,
                cluster_name=cluster.cluster_name,
                network=network,
                service_connect_namespace=cluster.namespace_arn,
                tags=cluster.tags,
            )
            service = EcsFargateService(
                f"{cluster_spec.name}-{service_spec.name}",
                args,
                pulumi.ResourceOptions(parent=cluster),
            )
            services[service_spec.name] = {
                "serviceName": service.service_name,
                "cpu": args.cpu,
                "memory": args.memory,
                "logGroup": service.log_group_name,
                "taskDefinitionArn": service.task_definition_arn,
                **({"url": service.url} if service.url is not None else {}),
            }
        clusters[cluster_spec.name] = {
            "clusterName": cluster.cluster_name,
            "clusterArn": cluster.cluster_arn,
            "services": services,
        }
    return clusters


def _refuse(spec: StackSpec) -> None:
    """What AWS would refuse half-way through a deploy, refused before the first resource: the
    spec's cross checks, run again here for specs built in code rather than loaded."""
    problems = stack_problems(spec)
    if problems:
        raise SpecError([Problem(message, field=path) for path, message in problems])
