"""The EKS half of a stack: every cluster of ``spec.eks`` with its workloads, and what to export.

Kubeconfigs are exported apart from the rest: Pulumi marks a whole output secret when any part
of it is, and cluster names, sizes and prices should stay readable in ``pulumi stack output``.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from ..fargate.prices import DEFAULT_REGION, hourly_usd, monthly_usd
from ..spec.models import StackSpec
from .eks_cluster import EksFargateCluster, EksFargateClusterArgs
from .workload import FargateWorkload, FargateWorkloadArgs


def stack_region() -> str:
    """The stack's ``aws:region`` (what the AWS provider will use)."""
    return aws.config.region or pulumi.Config("aws").get("region") or DEFAULT_REGION


def build_eks_clusters(spec: StackSpec, network: Any, tags: dict[str, str]) -> dict[str, Any]:
    """Build ``spec.eks`` in ``network`` (anything with ``vpc_id`` and ``private_subnet_ids``).

    Returns ``{"eksClusters": {cluster: {...}}, "eksKubeconfigs": {cluster: secret}}``; each
    cluster lists its workloads with their Fargate size and price.
    """
    if spec.eks is None:
        return {}
    region, stack = stack_region(), pulumi.get_stack()
    clusters: dict[str, Any] = {}
    kubeconfigs: dict[str, Any] = {}
    for cluster_spec in spec.eks.clusters:
        cluster = EksFargateCluster(
            cluster_spec.name,
            EksFargateClusterArgs.from_spec(
                cluster_spec,
                vpc_id=network.vpc_id,
                private_subnet_ids=network.private_subnet_ids,
                stack=stack,
                region=region,
                tags=tags,
            ),
        )
        workloads: dict[str, Any] = {}
        for workload_spec in cluster_spec.workloads:
            workload = FargateWorkload(
                f"{cluster_spec.name}-{workload_spec.name}",
                FargateWorkloadArgs.from_spec(
                    workload_spec,
                    cluster,
                    price_file=spec.cost.price_file,
                    tags={**tags, **cluster_spec.tags},
                ),
                opts=pulumi.ResourceOptions(parent=cluster),
            )
            workloads[workload_spec.name] = {
                "kind": workload_spec.kind,
                "namespace": workload_spec.namespace,
                "capacityProvisioned": workload.size.capacity_provisioned,
                "hourlyPrice": hourly_usd(workload.hourly_price),
                "monthlyPrice": monthly_usd(workload.monthly_price),
            }
        clusters[cluster_spec.name] = {
            "clusterName": cluster.cluster.name,
            "endpoint": cluster.cluster.endpoint,
            "oidcIssuer": cluster.oidc_issuer,
            "fargateProfiles": sorted(cluster.profiles),
            "workloads": workloads,
        }
        kubeconfigs[cluster_spec.name] = cluster.kubeconfig
    return {"eksClusters": clusters, "eksKubeconfigs": pulumi.Output.secret(kubeconfigs)}
