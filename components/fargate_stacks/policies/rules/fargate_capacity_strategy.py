"""fargate-capacity-strategy: a capacity provider strategy ECS accepts and the cluster serves."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import EcsService, Kind, Subject


def capacity_strategy(service: EcsService) -> Iterator[Violation]:
    items = service.strategy
    key = service.strategy_path
    with_base = [s for s in items if s.base > 0]
    if len(with_base) > 1:
        names = ", ".join(str(s.provider) for s in with_base)
        yield Violation(
            f"base is set on {len(with_base)} capacity providers ({names}): only "
            "one provider of a strategy may have a base",
            (key, with_base[1].index),
        )
    if items and not any(s.weight > 0 for s in items):
        yield Violation(
            "no capacity provider has a weight above 0: ECS cannot place tasks "
            "beyond the base; give at least one provider a positive weight",
            (key,),
        )
    if items and isinstance(service.launch_type, str):
        yield Violation(
            f"launchType {service.launch_type} together with a capacity provider "
            "strategy: ECS refuses both; drop launchType",
            ("launchType",),
        )


def capacity_providers(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for service in index.services():
        cluster = index.cluster_of(service)
        if cluster is None:
            continue
        capacity = index.capacity.get(cluster)
        cluster_name = index.cluster_name(cluster)
        if service.strategy:
            if capacity is None:
                have: set[str] = set()
            elif capacity.providers is None:
                continue  # not known during preview
            else:
                have = capacity.providers
            for item in service.strategy:
                if item.provider and item.provider not in have:
                    listed = ", ".join(sorted(have)) or "none"
                    yield (
                        service,
                        Violation(
                            f"service {service.name!r} uses capacity provider {item.provider}, which "
                            f"cluster {cluster_name!r} does not have (it has: {listed}); add it to "
                            "the cluster's ClusterCapacityProviders",
                            (service.strategy_path, item.index),
                        ),
                    )
        elif service.launch_type is None and not (capacity and capacity.default):
            yield (
                service,
                Violation(
                    f"service {service.name!r} names no launchType or capacity provider strategy and "
                    f"cluster {cluster_name!r} has no default strategy, so ECS would launch it on "
                    "EC2: set a FARGATE strategy",
                    ("capacityProviderStrategies",),
                ),
            )


RULE = Rule(
    id="fargate-capacity-strategy",
    level="mandatory",
    title="A valid capacity provider strategy that the cluster can serve.",
    rationale="At most one provider of a strategy may have a base, at least one needs a weight "
    "above 0, launchType and a strategy exclude each other, every provider must be one the "
    "cluster's ClusterCapacityProviders lists, and a service with neither on a cluster without "
    "a default strategy is launched on EC2.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE,),
    checks={Kind.ECS_SERVICE: capacity_strategy},
    stack=capacity_providers,
)
