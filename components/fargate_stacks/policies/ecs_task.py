"""Rules over ECS task definitions: what Fargate refuses at RegisterTaskDefinition or RunTask.

Sources: ECS-DG fargate-tasks-services, task-cpu-memory-error, task_definition_parameters;
BOTO-ECS ContainerDefinition / LinuxParameters (shared/reference/fargate-rules.md, section 3).
Every limit is data at the top of this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..fargate.sizes import PLATFORM_1_4, fmt_gb, fmt_vcpu, row_for, size_problem
from ..fargate.units import UnitError, parse_ecs_cpu, parse_ecs_memory
from .findings import Violation
from .images import image_problem
from .subjects import EcsTask, container_name
from .values import as_int, as_list, as_map, as_str, is_true, is_unknown, present

ALLOWED_CAPABILITIES = frozenset({"SYS_PTRACE"})
ALLOWED_LOG_DRIVERS = ("awslogs", "splunk", "awsfirelens")
STREAM_PREFIX_OPTION = "awslogs-stream-prefix"
GPU_REQUIREMENT_TYPES = frozenset({"GPU", "INFERENCEACCELERATOR"})
# Container fields Fargate does not support (ECS-DG fargate-tasks-services "Task definition
# parameters"); linuxParameters fields likewise; task fields likewise.
UNSUPPORTED_CONTAINER_FIELDS = (
    "links",
    "dnsServers",
    "dnsSearchDomains",
    "extraHosts",
    "dockerSecurityOptions",
    "disableNetworking",
)
UNSUPPORTED_LINUX_PARAMETERS = ("maxSwap", "swappiness", "devices", "sharedMemorySize", "tmpfs")
UNSUPPORTED_TASK_FIELDS = ("placementConstraints",)
MAX_CONTAINERS = 10
MIN_CONTAINER_MEMORY_MIB = 6
EPHEMERAL_GIB_RANGE = (21, 200)
DEFAULT_EPHEMERAL_GIB = 20


def _containers(task: EcsTask) -> Iterator[tuple[int, dict[str, Any], str]]:
    for i, c in task.container_list:
        yield i, c, container_name(c, i)


def _cpath(i: int, *rest: str | int) -> tuple[str | int, ...]:
    return ("containerDefinitions", i, *rest)


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


def _needs_for_size(task: EcsTask) -> Iterator[str]:
    units = declared_size(task)[0]
    row = row_for(units) if units is not None else None
    if row is not None and row.min_platform:
        yield fmt_vcpu(row.cpu_units)


def _needs_for_storage(task: EcsTask) -> Iterator[str]:
    if present(task.data.get("ephemeralStorage")):
        yield "ephemeralStorage"


def _needs_for_efs(task: EcsTask) -> Iterator[str]:
    for j, volume in enumerate(as_list(task.data.get("volumes"))):
        if present(as_map(volume).get("efsVolumeConfiguration")):
            yield f"EFS volume {as_str(as_map(volume).get('name')) or f'#{j + 1}'!r}"


def _needs_for_ptrace(task: EcsTask) -> Iterator[str]:
    for _, c, name in _containers(task):
        added = as_list(as_map(as_map(c.get("linuxParameters")).get("capabilities")).get("add"))
        if any(isinstance(cap, str) and _capability(cap) == "SYS_PTRACE" for cap in added):
            yield f"container {name!r} adding SYS_PTRACE"


def _needs_for_pid_mode(task: EcsTask) -> Iterator[str]:
    if task.data.get("pidMode") == "task":
        yield 'pidMode "task"'


# What a Linux task definition may use only on platform version 1.4.0 or later (ECS-DG
# platform-linux-fargate, API_EphemeralStorage, fargate-tasks-services; shared/reference/
# fargate-rules.md sections 1, 3 and 4). ARM64 on Fargate Spot depends on the service, below.
PLATFORM_1_4_NEEDS = (
    _needs_for_size,
    _needs_for_storage,
    _needs_for_efs,
    _needs_for_ptrace,
    _needs_for_pid_mode,
)
PLATFORM_1_4_TEXT = ".".join(str(p) for p in PLATFORM_1_4)


def platform_1_4_needs(task: EcsTask, on_spot: bool = False) -> list[str]:
    """What in a Linux task definition needs platform version 1.4.0 (empty for Windows, whose
    platform versions are numbered on their own)."""
    if task.operating_system != "LINUX":
        return []
    needs = [need for check in PLATFORM_1_4_NEEDS for need in check(task)]
    if on_spot and task.architecture == "ARM64":
        needs.append("ARM64 on FARGATE_SPOT")
    return needs


def network_mode(task: EcsTask) -> Iterator[Violation]:
    mode = task.data.get("networkMode")
    if is_unknown(mode):
        return
    if mode is None:
        yield Violation(
            'networkMode is not set (ECS then uses bridge): Fargate needs networkMode "awsvpc"',
            ("networkMode",),
        )
    elif mode != "awsvpc":
        yield Violation(
            f'networkMode is {mode!r}: Fargate supports only "awsvpc"', ("networkMode",)
        )


def no_privileged(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in _containers(task):
        if is_true(c.get("privileged")):
            yield Violation(
                f"container {name!r} is privileged: Fargate refuses privileged "
                'containers; remove "privileged" (add SYS_PTRACE if you only '
                "need to trace)",
                _cpath(i, "privileged"),
            )


def no_gpu(task: EcsTask) -> Iterator[Violation]:
    if present(task.data.get("inferenceAccelerators")):
        yield Violation(
            "inferenceAccelerators are not available on Fargate: run this task on "
            "EC2 (Inferentia instances)",
            ("inferenceAccelerators",),
        )
    for i, c, name in _containers(task):
        for j, req in enumerate(as_list(c.get("resourceRequirements"))):
            kind = as_str(as_map(req).get("type"))
            if kind and kind.upper() in GPU_REQUIREMENT_TYPES:
                yield Violation(
                    f"container {name!r} requests {kind}: Fargate has no GPUs or "
                    "accelerators; use an EC2 capacity provider with GPU instances",
                    _cpath(i, "resourceRequirements", j),
                )


def _capability(name: str) -> str:
    upper = name.upper()
    return upper[4:] if upper.startswith("CAP_") else upper


def capabilities(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in _containers(task):
        added = as_list(as_map(as_map(c.get("linuxParameters")).get("capabilities")).get("add"))
        for j, cap in enumerate(added):
            if isinstance(cap, str) and _capability(cap) not in ALLOWED_CAPABILITIES:
                yield Violation(
                    f"container {name!r} adds capability {cap}: Fargate only allows "
                    "adding SYS_PTRACE",
                    _cpath(i, "linuxParameters", "capabilities", "add", j),
                )


def no_host_network(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in _containers(task):
        for j, mapping in enumerate(as_list(c.get("portMappings"))):
            m = as_map(mapping)
            host, container = as_int(m.get("hostPort")), as_int(m.get("containerPort"))
            if host is not None and container is not None and host != container:
                yield Violation(
                    f"container {name!r} maps hostPort {host} to containerPort "
                    f"{container}: with awsvpc on Fargate hostPort must be empty or "
                    "equal to containerPort",
                    _cpath(i, "portMappings", j, "hostPort"),
                )


def no_host_namespaces(task: EcsTask) -> Iterator[Violation]:
    pid = task.data.get("pidMode")
    if isinstance(pid, str) and pid != "task":
        yield Violation(f'pidMode {pid!r}: Fargate only supports pidMode "task"', ("pidMode",))
    ipc = task.data.get("ipcMode")
    if isinstance(ipc, str) and ipc:
        yield Violation(
            f"ipcMode {ipc!r}: Fargate does not support ipcMode; remove it", ("ipcMode",)
        )


def volumes(task: EcsTask) -> Iterator[Violation]:
    for j, volume in enumerate(as_list(task.data.get("volumes"))):
        v = as_map(volume)
        name = as_str(v.get("name")) or f"#{j + 1}"
        if present(v.get("dockerVolumeConfiguration")):
            yield Violation(
                f"volume {name!r} uses dockerVolumeConfiguration: Fargate supports "
                "bind mounts (no host path) and EFS only",
                ("volumes", j, "dockerVolumeConfiguration"),
            )
        if present(as_map(v.get("host")).get("sourcePath")):
            yield Violation(
                f"volume {name!r} mounts host path {v['host']['sourcePath']!r}: "
                "Fargate tasks cannot see the host; drop sourcePath (a task-local "
                "bind mount) or use EFS",
                ("volumes", j, "host", "sourcePath"),
            )


def unsupported_params(task: EcsTask) -> Iterator[Violation]:
    for key in UNSUPPORTED_TASK_FIELDS:
        if present(task.data.get(key)):
            yield Violation(f"{key} is not supported on Fargate: remove it", (key,))
    for i, c, name in _containers(task):
        for key in UNSUPPORTED_CONTAINER_FIELDS:
            if present(c.get(key)):
                yield Violation(
                    f"container {name!r} sets {key}, which Fargate does not support: remove it",
                    _cpath(i, key),
                )
        linux = as_map(c.get("linuxParameters"))
        for key in UNSUPPORTED_LINUX_PARAMETERS:
            if present(linux.get(key)):
                yield Violation(
                    f"container {name!r} sets linuxParameters.{key}, which Fargate "
                    "does not support: remove it",
                    _cpath(i, "linuxParameters", key),
                )


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


def container_resources(task: EcsTask) -> Iterator[Violation]:
    containers = list(_containers(task))
    if len(containers) > MAX_CONTAINERS:
        yield Violation(
            f"{len(containers)} containers: a Fargate task holds at most "
            f"{MAX_CONTAINERS}; move some into another service",
            ("containerDefinitions",),
        )
    units, mib = declared_size(task)
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
                _cpath(i, "memory"),
            )
        for key, value in (("memory", memory), ("memoryReservation", reservation)):
            if value is not None and value < MIN_CONTAINER_MEMORY_MIB:
                yield Violation(
                    f"container {name!r} {key} is {value} MiB: a container needs "
                    f"at least {MIN_CONTAINER_MEMORY_MIB} MiB",
                    _cpath(i, key),
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


def ephemeral_storage(task: EcsTask) -> Iterator[Violation]:
    size = as_int(as_map(task.data.get("ephemeralStorage")).get("sizeInGiB"))
    low, high = EPHEMERAL_GIB_RANGE
    if size is not None and not low <= size <= high:
        yield Violation(
            f"ephemeralStorage.sizeInGiB is {size}: Fargate accepts {low}-{high} "
            f"GiB (omit it for the default {DEFAULT_EPHEMERAL_GIB} GiB)",
            ("ephemeralStorage", "sizeInGiB"),
        )


def log_driver(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in _containers(task):
        config = as_map(c.get("logConfiguration"))
        driver = as_str(config.get("logDriver"))
        if driver is None:
            continue
        if driver not in ALLOWED_LOG_DRIVERS:
            yield Violation(
                f"container {name!r} logs with {driver!r}: Fargate supports "
                f"{', '.join(ALLOWED_LOG_DRIVERS)}",
                _cpath(i, "logConfiguration", "logDriver"),
            )
        elif driver == "awslogs":
            options = config.get("options")
            prefix = as_map(options).get(STREAM_PREFIX_OPTION)
            if not is_unknown(options) and not present(prefix) and not is_unknown(prefix):
                yield Violation(
                    f"container {name!r} uses awslogs without "
                    f"{STREAM_PREFIX_OPTION}: Fargate requires it (e.g. the "
                    "service name)",
                    _cpath(i, "logConfiguration", "options"),
                )


def windows(task: EcsTask) -> Iterator[Violation]:
    if task.operating_system != "WINDOWS":
        return
    if task.architecture == "ARM64":
        yield Violation(
            "Windows tasks run on X86_64 only: set cpuArchitecture to X86_64",
            ("runtimePlatform", "cpuArchitecture"),
        )
    for j, volume in enumerate(as_list(task.data.get("volumes"))):
        if present(as_map(volume).get("efsVolumeConfiguration")):
            yield Violation(
                "EFS volumes are not supported for Windows tasks on Fargate",
                ("volumes", j, "efsVolumeConfiguration"),
            )
    for i, c, name in _containers(task):
        driver = as_str(as_map(c.get("logConfiguration")).get("logDriver"))
        if present(c.get("firelensConfiguration")) or driver == "awsfirelens":
            yield Violation(
                f"container {name!r} uses FireLens, which Windows tasks on Fargate "
                "do not support: log with awslogs",
                _cpath(i, "logConfiguration"),
            )
        if present(c.get("ulimits")):
            yield Violation(
                f"container {name!r} sets ulimits, which Windows tasks on Fargate do not support",
                _cpath(i, "ulimits"),
            )


def image_tag_pinned(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in _containers(task):
        problem = image_problem(c.get("image"))
        if problem:
            yield Violation(f"container {name!r}: {problem}", _cpath(i, "image"))


def efs_transit_encryption(task: EcsTask) -> Iterator[Violation]:
    for j, volume in enumerate(as_list(task.data.get("volumes"))):
        efs = as_map(volume).get("efsVolumeConfiguration")
        if not isinstance(efs, dict):
            continue
        setting = efs.get("transitEncryption")
        if not is_unknown(setting) and str(setting).upper() != "ENABLED":
            name = as_str(as_map(volume).get("name")) or f"#{j + 1}"
            yield Violation(
                f"EFS volume {name!r} does not encrypt in transit: set "
                "transitEncryption to ENABLED",
                ("volumes", j, "efsVolumeConfiguration"),
            )
