"""fargate-windows: what Windows tasks on Fargate cannot use."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks
from ...fargate.sizes import WINDOWS
from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import as_map, as_str, present


def windows(task: EcsTask) -> Iterator[Violation]:
    if task.operating_system != WINDOWS:
        return
    if task.architecture is not None and task.architecture != ecs_tasks.WINDOWS_ARCHITECTURE:
        yield Violation(
            f"Windows tasks run on {ecs_tasks.WINDOWS_ARCHITECTURE} only: set cpuArchitecture "
            f"to {ecs_tasks.WINDOWS_ARCHITECTURE}",
            ("runtimePlatform", "cpuArchitecture"),
        )
    for j, v, _ in ecs_task.volumes(task):
        if present(v.get("efsVolumeConfiguration")):
            yield Violation(
                "EFS volumes are not supported for Windows tasks on Fargate",
                ("volumes", j, "efsVolumeConfiguration"),
            )
    for j, name in ecs_task.volumes_at_launch(task):
        yield Violation(
            f"volume {name!r} is configured at launch (EBS): Fargate attaches EBS volumes to "
            "Linux tasks only",
            ("volumes", j, "configuredAtLaunch"),
        )
    for i, c, name in ecs_task.containers(task):
        driver = as_str(as_map(c.get("logConfiguration")).get("logDriver"))
        if present(c.get("firelensConfiguration")) or driver == "awsfirelens":
            yield Violation(
                f"container {name!r} uses FireLens, which Windows tasks on Fargate "
                "do not support: log with awslogs",
                ecs_task.cpath(i, "logConfiguration"),
            )
        if present(c.get("ulimits")):
            yield Violation(
                f"container {name!r} sets ulimits, which Windows tasks on Fargate do not support",
                ecs_task.cpath(i, "ulimits"),
            )


RULE = Rule(
    id="fargate-windows",
    level="mandatory",
    title="Windows tasks on Fargate: X86_64 only, no EFS, EBS, FireLens or ulimits.",
    rationale="Windows containers on Fargate run on X86_64 and cannot mount EFS or EBS volumes "
    "(EBS at launch is Linux only), log through FireLens or set ulimits.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows-considerations.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: windows},
)
