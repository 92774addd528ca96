"""fargate-no-privileged: Fargate runs no privileged containers, on ECS or EKS."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ecs_task, kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import as_map, is_true


def task_privileged(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in ecs_task.containers(task):
        if is_true(c.get("privileged")):
            yield Violation(
                f"container {name!r} is privileged: Fargate refuses privileged "
                'containers; remove "privileged" (add SYS_PTRACE if you only '
                "need to trace)",
                ecs_task.cpath(i, "privileged"),
            )


def pod_privileged(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod):
        if is_true(as_map(c.get("securityContext")).get("privileged")):
            yield Violation(
                f"container {name!r} is privileged: Fargate refuses privileged "
                "pods; remove securityContext.privileged",
                (*path, "securityContext", "privileged"),
            )


RULE = Rule(
    id="fargate-no-privileged",
    level="mandatory",
    title="Fargate refuses privileged containers.",
    rationale="A Fargate task or pod is its own micro-VM without access to the host: ECS "
    "refuses privileged in a Fargate task definition, and the EKS Fargate scheduler leaves the "
    'pod Pending ("invalid SecurityContext fields: Privileged").',
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_privileged, Kind.POD: pod_privileged},
)
