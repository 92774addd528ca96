"""fargate-capabilities: which Linux capabilities a Fargate container may add."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks, eks_pods
from .. import ecs_task, kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import as_list, as_map


def task_capabilities(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in ecs_task.containers(task):
        for j, cap in enumerate(ecs_task.added_capabilities(c)):
            if (
                isinstance(cap, str)
                and ecs_task.capability(cap) not in ecs_tasks.ALLOWED_CAPABILITIES
            ):
                yield Violation(
                    f"container {name!r} adds capability {cap}: Fargate only allows "
                    "adding SYS_PTRACE",
                    ecs_task.cpath(i, "linuxParameters", "capabilities", "add", j),
                )


def pod_capabilities(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod):
        capabilities = as_map(as_map(c.get("securityContext")).get("capabilities"))
        dropped = {
            ecs_task.capability(d) for d in as_list(capabilities.get("drop")) if isinstance(d, str)
        }
        drops_all = eks_pods.DROP_ALL in dropped
        for j, cap in enumerate(as_list(capabilities.get("add"))):
            if not isinstance(cap, str):
                continue
            bare = ecs_task.capability(cap)
            if bare in eks_pods.DEFAULT_CAPABILITIES and drops_all:
                continue  # re-adding one of Fargate's defaults after drop ALL, as CoreDNS does
            if bare in eks_pods.DEFAULT_CAPABILITIES:
                why = (
                    "Fargate accepts re-adding a capability of its default set only after "
                    "drop: [ALL] (as EKS's CoreDNS does with NET_BIND_SERVICE); drop ALL first"
                )
            else:
                why = "Fargate on EKS refuses capabilities outside its default set" + (
                    " (SYS_PTRACE is for ECS tasks only)" if bare == "SYS_PTRACE" else ""
                )
            yield Violation(
                f"container {name!r} adds capability {cap}: {why}",
                (*path, "securityContext", "capabilities", "add", j),
            )


RULE = Rule(
    id="fargate-capabilities",
    level="mandatory",
    title="ECS on Fargate adds only SYS_PTRACE; EKS on Fargate only re-adds a default capability "
    "after drop: [ALL].",
    rationale="An ECS task on Fargate may add SYS_PTRACE (platform 1.4.0) and nothing else. On "
    "EKS, Fargate gives every container its default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, "
    "FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, "
    "SYS_CHROOT) and the scheduler refuses added capabilities; EKS's own CoreDNS drops ALL "
    "and re-adds NET_BIND_SERVICE and runs on Fargate, so re-adding one of the default set "
    "after drop: [ALL] is accepted. Anything outside the set (NET_ADMIN, SYS_ADMIN, SYS_TIME, "
    "SYS_PTRACE, ...) stays refused.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_capabilities, Kind.POD: pod_capabilities},
)
