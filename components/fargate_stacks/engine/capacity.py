"""Fargate sizes and cost of an arbitrary program, from what it registered.

A spec-based preview prices the spec (:func:`fargate_stacks.fargate.cost.estimate`). A user's own
program has no spec, so each ECS service is priced from its task definition (size, platform,
storage) and its service (desired count, capacity provider strategy, or the cluster's default),
as the policy rules read and link them (:class:`~fargate_stacks.policies.stack.StackIndex`), with
the same pricing function as the spec (:func:`~fargate_stacks.fargate.cost.price_ecs_service`).
"""

from __future__ import annotations

from ..fargate import cost as fcost
from ..fargate import eks_versions, prices
from ..policies.ecs_task import declared_size
from ..policies.stack import StackIndex
from ..policies.subjects import EcsService, EcsTask
from ..policies.values import as_int, as_map, as_str
from .graph import ResourceGraph

EKS_CLUSTER = "aws:eks/cluster:Cluster"
FARGATE_LAUNCH_TYPE = "FARGATE"


def task_shape(task: EcsTask) -> fcost.TaskShape | None:
    """What pricing needs of a task definition; None when its size is not known."""
    cpu, memory = declared_size(task)
    if cpu is None or memory is None:
        return None
    storage = as_int(as_map(task.data.get("ephemeralStorage")).get("sizeInGiB"))
    return fcost.TaskShape(
        cpu,
        memory,
        (task.operating_system or "LINUX").lower(),
        (task.architecture or "X86_64").lower(),
        storage or prices.FREE_EPHEMERAL_GIB,
    )


def _cluster_name(index: StackIndex, service: EcsService) -> str:
    urn = index.cluster_of(service)
    if urn is not None:
        return as_str(index.clusters[urn].get("name")) or index.by_urn[urn].name
    return (service.cluster or "").rsplit("/", 1)[-1]


def cost_from_graph(graph: ResourceGraph, region: str) -> fcost.CostReport:
    table = prices.prices_for(region)
    notes: list[str] = list(table.notes)
    index = StackIndex(graph.for_policies())
    lines: list[fcost.CostLine] = []
    for service in index.services():
        launch = service.launch_type
        if isinstance(launch, str) and launch != FARGATE_LAUNCH_TYPE:
            continue  # not a Fargate service
        task = index.task_of(service)
        shape = task_shape(task) if task is not None else None
        if shape is None:
            notes.append(
                f"{service.name}: task definition or its size not found in the program, not priced"
            )
            continue
        strategy = [
            (s.provider, s.base, s.weight) for s in index.effective_strategy(service) if s.provider
        ]
        try:
            lines.append(
                fcost.price_ecs_service(
                    _cluster_name(index, service),
                    service.name,
                    shape,
                    table,
                    desired=service.desired_count if service.desired_count is not None else 1,
                    strategy=strategy or fcost.ON_DEMAND_ONLY,
                )
            )
        except prices.PriceError as error:
            notes.append(f"{service.name}: not priced ({error})")
    clusters = [
        (r.name, as_str(r.inputs.get("version"))) for r in graph.resources if r.type == EKS_CLUSTER
    ]
    fixed = [fcost.eks_control_plane(name, version) for name, version in clusters]
    notes += [
        warning
        for name, version in clusters
        if version and (warning := eks_versions.extended_support_warning(name, version))
    ]
    notes.append(
        "priced from the program's ECS task definitions; EKS pods are not priced without a spec"
    )
    notes.append(
        "not included: load balancers, NAT gateways, public IPv4 addresses, VPC endpoints, "
        "CloudWatch Logs (priced for a spec by fargate-stacks cost), data transfer"
    )
    return fcost.CostReport(region, table, lines, fixed, notes)
