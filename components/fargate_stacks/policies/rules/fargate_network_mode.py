"""fargate-network-mode: Fargate tasks use awsvpc."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import is_unknown

AWSVPC = "awsvpc"


def network_mode(task: EcsTask) -> Iterator[Violation]:
    mode = task.data.get("networkMode")
    if is_unknown(mode):
        return
    if mode is None:
        yield Violation(
            f'networkMode is not set (ECS then uses bridge): Fargate needs networkMode "{AWSVPC}"',
            ("networkMode",),
        )
    elif mode != AWSVPC:
        yield Violation(
            f'networkMode is {mode!r}: Fargate supports only "{AWSVPC}"', ("networkMode",)
        )


RULE = Rule(
    id="fargate-network-mode",
    level="mandatory",
    title="Fargate tasks must use networkMode awsvpc.",
    rationale="Every Fargate task gets its own elastic network interface; ECS refuses any "
    "other network mode for Fargate, and an unset one means bridge.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: network_mode},
)
