"""fargate-ephemeral-storage: how much scratch space Fargate gives."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate.limits import DEFAULT_EPHEMERAL_GIB, ECS_EPHEMERAL_GIB_MAX, ECS_EPHEMERAL_GIB_MIN
from ...fargate.podsizing import ephemeral_problem, ephemeral_request_gib
from ...fargate.units import UnitError
from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import as_int, as_map


def task_storage(task: EcsTask) -> Iterator[Violation]:
    size = as_int(as_map(task.data.get("ephemeralStorage")).get("sizeInGiB"))
    if size is not None and not ECS_EPHEMERAL_GIB_MIN <= size <= ECS_EPHEMERAL_GIB_MAX:
        yield Violation(
            f"ephemeralStorage.sizeInGiB is {size}: Fargate accepts "
            f"{ECS_EPHEMERAL_GIB_MIN}-{ECS_EPHEMERAL_GIB_MAX} GiB (omit it for the default "
            f"{DEFAULT_EPHEMERAL_GIB} GiB)",
            ("ephemeralStorage", "sizeInGiB"),
        )


def pod_storage(pod: Pod) -> Iterator[Violation]:
    known = kubernetes.sized_containers(pod)
    if known is None:
        return
    containers, init = known
    try:
        problem = ephemeral_problem(ephemeral_request_gib(containers, init))
    except UnitError:
        return  # an unreadable quantity is fargate-pod-size's to report
    if problem:
        yield Violation(f"{problem}; use EFS for bulk data", ("containers",))


RULE = Rule(
    id="fargate-ephemeral-storage",
    level="mandatory",
    title="Ephemeral storage: 21-200 GiB on ECS, at most 175 GiB requested on EKS.",
    rationale="An ECS task on Fargate gets 20 GiB, or ephemeralStorage.sizeInGiB from 21 to "
    "200 (platform 1.4.0); an EKS pod's ephemeral-storage requests may total 175 GiB (Fargate "
    "then provisions 10% more plus 5 GiB).",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_storage, Kind.POD: pod_storage},
)
