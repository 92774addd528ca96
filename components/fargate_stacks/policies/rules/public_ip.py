"""public-ip: tasks should not get public IP addresses."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsService, Kind


def public_ip(service: EcsService) -> Iterator[Violation]:
    if service.assign_public_ip:
        yield Violation(
            "tasks get public IP addresses (assignPublicIp): run them in private "
            "subnets behind NAT or VPC endpoints and a load balancer",
            service.public_ip_path,
        )


RULE = Rule(
    id="public-ip",
    level="advisory",
    title="Tasks should not get public IP addresses.",
    rationale="A task with a public IP is reachable from the internet through its security "
    "group alone; private subnets with NAT or VPC endpoints and a load balancer in front keep "
    "it off the internet.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE,),
    checks={Kind.ECS_SERVICE: public_ip},
)
