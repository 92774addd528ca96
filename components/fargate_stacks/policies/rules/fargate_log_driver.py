"""fargate-log-driver: the log drivers Fargate has."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks
from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import as_map, as_str, is_unknown, present


def log_driver(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in ecs_task.containers(task):
        config = as_map(c.get("logConfiguration"))
        driver = as_str(config.get("logDriver"))
        if driver is None:
            continue
        if driver not in ecs_tasks.LOG_DRIVERS:
            yield Violation(
                f"container {name!r} logs with {driver!r}: Fargate supports "
                f"{', '.join(ecs_tasks.LOG_DRIVERS)}",
                ecs_task.cpath(i, "logConfiguration", "logDriver"),
            )
        elif driver == "awslogs":
            options = config.get("options")
            prefix = as_map(options).get(ecs_tasks.AWSLOGS_STREAM_PREFIX)
            if not is_unknown(options) and not present(prefix) and not is_unknown(prefix):
                yield Violation(
                    f"container {name!r} uses awslogs without "
                    f"{ecs_tasks.AWSLOGS_STREAM_PREFIX}: Fargate requires it (e.g. the "
                    "service name)",
                    ecs_task.cpath(i, "logConfiguration", "options"),
                )


RULE = Rule(
    id="fargate-log-driver",
    level="mandatory",
    title="Fargate logs through awslogs (with a stream prefix), splunk or awsfirelens.",
    rationale="Those are the log drivers a Fargate task has; with awslogs, Fargate requires "
    "the awslogs-stream-prefix option.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: log_driver},
)
