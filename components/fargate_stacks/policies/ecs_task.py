"""What rules over ECS task definitions share: walking the containers, reading the task size,
naming capabilities, and describing a task for the platform-version table.

The rules themselves are units in :mod:`.rules`; Fargate's data (what it refuses, its limits)
is in :mod:`fargate_stacks.fargate`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..fargate.platform import PlatformUse
from ..fargate.units import UnitError, parse_ecs_cpu, parse_ecs_memory
from .findings import PathKey
from .subjects import EcsService, EcsTask, container_name
from .values import as_list, as_map, as_str, is_true, present


def containers(task: EcsTask) -> Iterator[tuple[int, dict[str, Any], str]]:
    """(index, definition, name) of every readable container."""
    for i, c in task.container_list:
        yield i, c, container_name(c, i)


def cpath(i: int, *rest: str | int) -> PathKey:
    """The path of a container field, for the finding's line."""
    return ("containerDefinitions", i, *rest)


def capability(name: str) -> str:
    """'cap_sys_ptrace' -> 'SYS_PTRACE': Docker and Kubernetes take both spellings."""
    upper = name.upper()
    return upper[4:] if upper.startswith("CAP_") else upper


def added_capabilities(container: dict[str, Any]) -> list[Any]:
    return as_list(as_map(as_map(container.get("linuxParameters")).get("capabilities")).get("add"))


def volumes(task: EcsTask) -> Iterator[tuple[int, dict[str, Any], str]]:
    """(index, volume, name) of every task-definition volume."""
    for j, volume in enumerate(as_list(task.data.get("volumes"))):
        v = as_map(volume)
        yield j, v, as_str(v.get("name")) or f"#{j + 1}"


def volumes_at_launch(task: EcsTask) -> list[tuple[int, str]]:
    """(index, name) of the volumes configured at launch (EBS, filled by the service)."""
    return [(j, name) for j, v, name in volumes(task) if is_true(v.get("configuredAtLaunch"))]


def declared_size(task: EcsTask) -> tuple[int | None, int | None]:
    """The task-level (cpu units, memory MiB), each None when unset, unknown or unreadable."""
    try:
        units = (
            parse_ecs_cpu(task.data["cpu"])
            if isinstance(task.data.get("cpu"), (str, int))
            else None
        )
    except UnitError:
        units = None
    try:
        mib = (
            parse_ecs_memory(task.data["memory"])
            if isinstance(task.data.get("memory"), (str, int))
            else None
        )
    except UnitError:
        mib = None
    return units, mib


def platform_use(task: EcsTask, service: EcsService | None = None) -> PlatformUse:
    """What the task (and the service running it) uses, for :mod:`fargate_stacks.fargate.platform`."""
    return PlatformUse(
        os_family=task.operating_system or "LINUX",
        cpu_units=declared_size(task)[0],
        architecture=task.architecture or "X86_64",
        efs_volumes=any(present(v.get("efsVolumeConfiguration")) for _, v, _ in volumes(task)),
        ephemeral_storage=present(task.data.get("ephemeralStorage")),
        exec_command=service is not None and service.exec_command,
        sys_ptrace=any(
            isinstance(cap, str) and capability(cap) == "SYS_PTRACE"
            for _, c, _ in containers(task)
            for cap in added_capabilities(c)
        ),
        pid_mode_task=task.data.get("pidMode") == "task",
        ebs_at_launch=bool(volumes_at_launch(task)),
    )
