"""fargate-service-scheduling: REPLICA services with IP target groups."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_services
from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import EcsService, Kind, Subject
from ..values import is_unknown


def service_scheduling(service: EcsService) -> Iterator[Violation]:
    if (service.scheduling or "").upper() == ecs_services.UNSUPPORTED_SCHEDULING:
        yield Violation(
            "schedulingStrategy DAEMON is not supported on Fargate: use REPLICA",
            ("schedulingStrategy",),
        )


def target_group_types(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for service in index.services():
        for urn in index.target_groups_of(service):
            target_type = index.target_groups[urn].get("targetType")
            if is_unknown(target_type):
                continue
            if target_type != ecs_services.IP_TARGET_TYPE:
                shown = target_type or "instance (the default)"
                yield (
                    service,
                    Violation(
                        f"service {service.name!r} registers with target group "
                        f"{index.by_urn[urn].name!r} of target type {shown}: Fargate tasks are "
                        'registered by IP; set targetType "ip"',
                        ("loadBalancers",),
                    ),
                )


RULE = Rule(
    id="fargate-service-scheduling",
    level="mandatory",
    title="No DAEMON scheduling on Fargate; target groups must use target type ip.",
    rationale="Fargate has no instances to run a daemon on, and awsvpc tasks register with "
    "their load balancer by IP address: a target group of type instance (the default) cannot "
    "reach them.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE,),
    checks={Kind.ECS_SERVICE: service_scheduling},
    stack=target_group_types,
)
