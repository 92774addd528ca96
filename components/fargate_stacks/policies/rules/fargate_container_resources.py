"""fargate-container-resources: containers must fit their task."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate.limits import MAX_CONTAINERS_PER_TASK, MIN_CONTAINER_MIB
from ...fargate.sizes import fmt_gb, fmt_vcpu
from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import as_int


def container_resources(task: EcsTask) -> Iterator[Violation]:
    containers = list(ecs_task.containers(task))
    if len(containers) > MAX_CONTAINERS_PER_TASK:
        yield Violation(
            f"{len(containers)} containers: a Fargate task holds at most "
            f"{MAX_CONTAINERS_PER_TASK}; move some into another service",
            ("containerDefinitions",),
        )
    units, mib = ecs_task.declared_size(task)
    cpu_sum = mem_sum = 0
    for i, c, name in containers:
        cpu = as_int(c.get("cpu"))
        memory, reservation = as_int(c.get("memory")), as_int(c.get("memoryReservation"))
        cpu_sum += cpu or 0
        mem_sum += memory if memory is not None else (reservation or 0)
        if memory is not None and reservation is not None and memory <= reservation:
            yield Violation(
                f"container {name!r} has memory {memory} MiB not above its "
                f"memoryReservation {reservation} MiB: the hard limit must be "
                "larger",
                ecs_task.cpath(i, "memory"),
            )
        for key, value in (("memory", memory), ("memoryReservation", reservation)):
            if value is not None and value < MIN_CONTAINER_MIB:
                yield Violation(
                    f"container {name!r} {key} is {value} MiB: a container needs "
                    f"at least {MIN_CONTAINER_MIB} MiB",
                    ecs_task.cpath(i, key),
                )
    if units is not None and cpu_sum > units:
        yield Violation(
            f"containers ask for {cpu_sum} CPU units in total, more than the "
            f"task's {units} ({fmt_vcpu(units)}): lower them or raise the task cpu",
            ("cpu",),
        )
    if mib is not None and mem_sum > mib:
        yield Violation(
            f"containers ask for {mem_sum} MiB in total, more than the task's "
            f"{mib} MiB ({fmt_gb(mib)}): lower them or raise the task memory",
            ("memory",),
        )


RULE = Rule(
    id="fargate-container-resources",
    level="mandatory",
    title="Container cpu and memory must fit the task; at most 10 containers.",
    rationale="The containers' cpu and memory (hard limit, else reservation) must add up to "
    "no more than the task's; a hard limit must be above its reservation, every container "
    "needs at least 6 MiB, and a task definition holds at most 10 containers.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: container_resources},
)
