"""Rules over ECS services: how they are launched (capacity providers, Spot, scheduling) and
reached (public IPs). Sources: ECS-DG fargate-capacity-providers, service_definition_parameters
(shared/reference/fargate-rules.md, section 4)."""

from __future__ import annotations

from collections.abc import Iterator

from .findings import Violation
from .subjects import EcsService

SPOT_PROVIDER = "FARGATE_SPOT"


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


def service_scheduling(service: EcsService) -> Iterator[Violation]:
    if (service.scheduling or "").upper() == "DAEMON":
        yield Violation(
            "schedulingStrategy DAEMON is not supported on Fargate: use REPLICA",
            ("schedulingStrategy",),
        )


def public_ip(service: EcsService) -> Iterator[Violation]:
    if service.assign_public_ip:
        yield Violation(
            "tasks get public IP addresses (assignPublicIp): run them in private "
            "subnets behind NAT or VPC endpoints and a load balancer",
            service.public_ip_path,
        )


def uses_spot(service: EcsService) -> bool:
    return any(
        s.provider == SPOT_PROVIDER and (s.weight > 0 or s.base > 0) for s in service.strategy
    )
