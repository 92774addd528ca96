"""fargate-task-size: a task-level size from Fargate's table, on a platform version that has it."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate.platform import PLATFORM_1_4_TEXT, below_1_4, platform_1_4_needs
from ...fargate.sizes import fmt_gb, fmt_vcpu, size_problem
from ...fargate.units import UnitError, parse_ecs_cpu, parse_ecs_memory
from ..ecs_task import platform_use
from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import EcsTask, Kind, Subject
from ..values import is_unknown


def task_size(task: EcsTask) -> Iterator[Violation]:
    cpu_raw, mem_raw = task.data.get("cpu"), task.data.get("memory")
    units = mib = None
    if cpu_raw is None:
        yield Violation(
            "task cpu is not set: Fargate needs a task-level cpu from its size "
            'table (e.g. "256" or "0.25 vCPU")',
            ("cpu",),
        )
    elif not is_unknown(cpu_raw):
        try:
            units = parse_ecs_cpu(cpu_raw)
        except UnitError as exc:
            yield Violation(f"task cpu: {exc}", ("cpu",))
    if mem_raw is None:
        yield Violation(
            "task memory is not set: Fargate needs a task-level memory from its "
            'size table (e.g. "512" or "0.5 GB")',
            ("memory",),
        )
    elif not is_unknown(mem_raw):
        try:
            mib = parse_ecs_memory(mem_raw)
        except UnitError as exc:
            yield Violation(f"task memory: {exc}", ("memory",))
    os_name = task.operating_system
    if units is None or mib is None or os_name is None:
        return
    problem = size_problem(units, mib, os_name, task.platform_version)
    if problem:
        yield Violation(f"task size {fmt_vcpu(units)} / {fmt_gb(mib)}: {problem}", ("cpu",))


def platform_versions(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    """A service pinned below platform version 1.4.0 whose task definition (or the service
    itself: ECS Exec) uses what only 1.4.0 offers."""
    for service in index.services():
        if not below_1_4(service.platform_version):
            continue
        task = index.task_of(service)
        if task is None or not index.applies(task):
            continue
        needs = platform_1_4_needs(platform_use(task, service))
        if needs:
            yield (
                service,
                Violation(
                    f"service {service.name!r} runs on platform version {service.platform_version}, "
                    f"but task definition {task.name!r} uses {', '.join(needs)}, which need "
                    f"platform version {PLATFORM_1_4_TEXT} or later: set platformVersion to "
                    f"{PLATFORM_1_4_TEXT} or LATEST",
                    ("platformVersion",),
                ),
            )


RULE = Rule(
    id="fargate-task-size",
    level="mandatory",
    title="Task cpu and memory must be set and be a pair from the Fargate size table, on a "
    "platform version that offers it.",
    rationale="Fargate needs task-level cpu and memory, and only the pairs of its size table "
    "(0.25 vCPU with 0.5-2 GB up to 16 vCPU with 32-120 GB; Windows from 1 vCPU to 4 vCPU). "
    "A service pinned below platform version 1.4.0 cannot run what only 1.4.0 offers: "
    "8 and 16 vCPU, arm64, EFS volumes, ephemeralStorage, ECS Exec, SYS_PTRACE, pidMode task "
    "and EBS volumes configured at launch (one table: fargate/platform.py).",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.ECS_SERVICE),
    checks={Kind.ECS_TASK: task_size},
    stack=platform_versions,
)
