"""fargate-no-host-namespaces: no host PID or IPC namespaces on Fargate."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import is_true


def task_namespaces(task: EcsTask) -> Iterator[Violation]:
    pid = task.data.get("pidMode")
    if isinstance(pid, str) and pid != ecs_tasks.PID_MODE:
        yield Violation(
            f'pidMode {pid!r}: Fargate only supports pidMode "{ecs_tasks.PID_MODE}"', ("pidMode",)
        )
    ipc = task.data.get("ipcMode")
    if isinstance(ipc, str) and ipc:
        yield Violation(
            f"ipcMode {ipc!r}: Fargate does not support ipcMode; remove it", ("ipcMode",)
        )


def pod_namespaces(pod: Pod) -> Iterator[Violation]:
    for key in ("hostPID", "hostIPC"):
        if is_true(pod.spec.get(key)):
            yield Violation(
                f"{key} is true: Fargate pods cannot share the node's namespaces; remove {key}",
                (key,),
            )


RULE = Rule(
    id="fargate-no-host-namespaces",
    level="mandatory",
    title="Fargate refuses the host's PID and IPC namespaces.",
    rationale="ECS on Fargate supports pidMode task only (platform 1.4.0) and no ipcMode; EKS "
    "on Fargate refuses hostPID and hostIPC.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_namespaces, Kind.POD: pod_namespaces},
)
