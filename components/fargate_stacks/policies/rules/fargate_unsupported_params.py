"""fargate-unsupported-params: task definition parameters Fargate does not take."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks
from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import as_map, present


def unsupported_params(task: EcsTask) -> Iterator[Violation]:
    for key in ecs_tasks.UNSUPPORTED_TASK_FIELDS:
        if present(task.data.get(key)):
            yield Violation(f"{key} is not supported on Fargate: remove it", (key,))
    for key in ecs_tasks.MANAGED_INSTANCES_ONLY_TASK_FIELDS:
        if present(task.data.get(key)):
            yield Violation(
                f"{key} is supported only on ECS Managed Instances, not Fargate: remove it or "
                "run the task on a Managed Instances capacity provider",
                (key,),
            )
    for i, c, name in ecs_task.containers(task):
        for key in ecs_tasks.UNSUPPORTED_CONTAINER_FIELDS:
            if present(c.get(key)):
                yield Violation(
                    f"container {name!r} sets {key}, which Fargate does not support: remove it",
                    ecs_task.cpath(i, key),
                )
        linux = as_map(c.get("linuxParameters"))
        for key in ecs_tasks.UNSUPPORTED_LINUX_PARAMETERS:
            if present(linux.get(key)):
                yield Violation(
                    f"container {name!r} sets linuxParameters.{key}, which Fargate "
                    "does not support: remove it",
                    ecs_task.cpath(i, "linuxParameters", key),
                )


RULE = Rule(
    id="fargate-unsupported-params",
    level="mandatory",
    title="Task definition parameters Fargate does not support.",
    rationale="RegisterTaskDefinition refuses these for Fargate: placementConstraints; the "
    "container fields links, hostname (not with awsvpc), dnsServers, dnsSearchDomains, "
    "extraHosts, dockerSecurityOptions, disableNetworking; linuxParameters devices, "
    "sharedMemorySize, maxSwap, swappiness; and what only ECS Managed Instances accept "
    "(trustedExecutionConfiguration). linuxParameters.tmpfs is accepted on Fargate since "
    "2026-01-06.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: unsupported_params},
)
