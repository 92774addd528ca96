"""ecs-circuit-breaker: the deployment circuit breaker works with rolling updates only."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_services
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsService, Kind
from ..values import as_map, as_str, is_true


def circuit_breaker(service: EcsService) -> Iterator[Violation]:
    deployment = as_map(service.data.get("deploymentConfiguration"))
    breaker = as_map(deployment.get("deploymentCircuitBreaker"))
    if not is_true(breaker.get("enable")):
        return
    strategy = as_str(deployment.get("strategy")) or ecs_services.DEFAULT_STRATEGY
    controller = (
        as_str(as_map(service.data.get("deploymentController")).get("type"))
        or ecs_services.ECS_CONTROLLER
    )
    if controller.upper() != ecs_services.ECS_CONTROLLER:
        yield Violation(
            f"service {service.name!r} enables the deployment circuit breaker with the "
            f"{controller} deployment controller: it works only with ECS rolling updates; turn "
            "it off (CodeDeploy and external controllers roll back on their own)",
            ("deploymentCircuitBreaker",),
        )
    elif strategy.upper() != ecs_services.ROLLING:
        yield Violation(
            f"service {service.name!r} enables the deployment circuit breaker with the "
            f"{strategy} deployment strategy: it works only with ROLLING; turn it off and "
            "use the strategy's own alarms and lifecycle hooks, or deploy ROLLING",
            ("deploymentConfiguration", "strategy"),
        )


RULE = Rule(
    id="ecs-circuit-breaker",
    level="mandatory",
    title="The deployment circuit breaker works with ROLLING deployments of the ECS controller "
    "only.",
    rationale="ECS refuses a service whose deploymentCircuitBreaker is enabled with a "
    "deployment strategy other than ROLLING (BLUE_GREEN, LINEAR, CANARY) or with the "
    "CODE_DEPLOY or EXTERNAL deployment controller.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE,),
    checks={Kind.ECS_SERVICE: circuit_breaker},
)
