"""image-tag-pinned: images pinned to a version or digest."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ecs_task, kubernetes
from ..findings import Violation
from ..images import image_problem
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod


def task_images(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in ecs_task.containers(task):
        problem = image_problem(c.get("image"))
        if problem:
            yield Violation(f"container {name!r}: {problem}", ecs_task.cpath(i, "image"))


def pod_images(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod):
        problem = image_problem(c.get("image"))
        if problem:
            yield Violation(f"container {name!r}: {problem}", (*path, "image"))


RULE = Rule(
    id="image-tag-pinned",
    level="advisory",
    title="Images should be pinned to a version or digest, not latest.",
    rationale="Fargate pulls the image at every task or pod start: with a moving tag, two "
    "tasks of one deployment can run different code, and a rollback may not roll back.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_images, Kind.POD: pod_images},
)
