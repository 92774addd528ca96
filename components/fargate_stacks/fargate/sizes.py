"""The Fargate size table: every valid (vCPU, memory) pair, for ECS tasks and EKS pods alike.

Source: Amazon ECS Developer Guide, task-cpu-memory-error.html; botocore ECS model
RegisterTaskDefinitionRequest.memory; Amazon EKS User Guide, fargate-pod-configuration.adoc.
Checked 2026-11-30 (shared/reference/fargate-rules.md, sections 1 and 3).
A change by AWS is a one-line edit of :data:`SIZE_TABLE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SOURCE = (
    "Amazon ECS Developer Guide (task-cpu-memory-error.html), "
    "Amazon EKS User Guide (fargate-pod-configuration), checked 2026-11-30"
)

LINUX = "LINUX"
WINDOWS = "WINDOWS"
# AWS names the operating system in full (runtimePlatform.operatingSystemFamily:
# LINUX, WINDOWS_SERVER_2019_CORE, WINDOWS_SERVER_2022_FULL, ...); the size table only cares
# about the family, so every name is reduced to the first prefix that matches.
OS_FAMILY_PREFIXES: tuple[tuple[str, str], ...] = (("LINUX", LINUX), ("WINDOWS", WINDOWS))
PLATFORM_1_4 = (1, 4, 0)


def _gib(*values: float) -> tuple[int, ...]:
    return tuple(int(v * 1024) for v in values)


def _gib_range(first: int, last: int, step: int) -> tuple[int, ...]:
    return tuple(g * 1024 for g in range(first, last + 1, step))


@dataclass(frozen=True)
class CpuRow:
    """One vCPU row of the table: its memory choices and who may use it."""

    cpu_units: int
    memory_mib: tuple[int, ...]
    operating_systems: frozenset[str]
    min_platform: tuple[int, int, int] | None = None  # ECS platform version needed

    @property
    def vcpu(self) -> float:
        return self.cpu_units / 1024


SIZE_TABLE: tuple[CpuRow, ...] = (
    CpuRow(256, _gib(0.5, 1, 2), frozenset({LINUX})),
    CpuRow(512, _gib_range(1, 4, 1), frozenset({LINUX})),
    CpuRow(1024, _gib_range(2, 8, 1), frozenset({LINUX, WINDOWS})),
    CpuRow(2048, _gib_range(4, 16, 1), frozenset({LINUX, WINDOWS})),
    CpuRow(4096, _gib_range(8, 30, 1), frozenset({LINUX, WINDOWS})),
    CpuRow(8192, _gib_range(16, 60, 4), frozenset({LINUX}), PLATFORM_1_4),
    CpuRow(16384, _gib_range(32, 120, 8), frozenset({LINUX}), PLATFORM_1_4),
)

_ROWS = {row.cpu_units: row for row in SIZE_TABLE}
CPU_UNITS: tuple[int, ...] = tuple(_ROWS)
MAX_CPU_UNITS = SIZE_TABLE[-1].cpu_units
MAX_MEMORY_MIB = SIZE_TABLE[-1].memory_mib[-1]


def all_pairs() -> list[tuple[int, int]]:
    """Every valid (cpu units, memory MiB) pair: 74 of them."""
    return [(row.cpu_units, mib) for row in SIZE_TABLE for mib in row.memory_mib]


def os_family(operating_system: str) -> str:
    """'WINDOWS_SERVER_2019_CORE' -> 'WINDOWS', 'linux' -> 'LINUX'; ValueError for anything else."""
    name = operating_system.upper()
    for prefix, family in OS_FAMILY_PREFIXES:
        if name.startswith(prefix):
            return family
    raise ValueError(
        f"unknown operating system family {operating_system!r} (Fargate runs "
        "LINUX and WINDOWS_SERVER_* tasks)"
    )


def family_or_name(operating_system: str) -> str:
    """:func:`os_family`, or the name upper-cased when it names no family Fargate runs (so
    :func:`size_problem` and the rules can say so instead of guessing Linux)."""
    try:
        return os_family(operating_system)
    except ValueError:
        return operating_system.upper()


def row_for(cpu_units: int) -> CpuRow | None:
    return _ROWS.get(cpu_units)


def fmt_vcpu(cpu_units: int | float) -> str:
    """256 -> '0.25 vCPU'."""
    return f"{_num(cpu_units / 1024)} vCPU"


def fmt_gb(memory_mib: int | float) -> str:
    """512 -> '0.5 GB' (AWS writes GB and means GiB)."""
    return f"{_num(memory_mib / 1024)} GB"


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _choices(values: list[str]) -> str:
    if len(values) <= 2:
        return " or ".join(values)
    return ", ".join(values[:-1]) + " or " + values[-1]


def memory_choices_text(row: CpuRow) -> str:
    """'0.5, 1 or 2 GB' for a row (ranges for long rows: '2-8 GB in 1 GB steps')."""
    gbs = [_num(m / 1024) for m in row.memory_mib]
    if len(gbs) <= 4:
        return _choices(gbs) + " GB"
    step = _num((row.memory_mib[1] - row.memory_mib[0]) / 1024)
    return f"{gbs[0]}-{gbs[-1]} GB in {step} GB steps"


def parse_platform_version(value: str | None) -> tuple[int, int, int] | None:
    """'1.4.0' -> (1, 4, 0); 'LATEST' or None -> None (LATEST is 1.4.0 on Linux today)."""
    if value is None or value.upper() == "LATEST":
        return None
    parts = value.split(".")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    while len(nums) < 3:
        nums.append(0)
    return (nums[0], nums[1], nums[2])


def size_problem(
    cpu_units: int,
    memory_mib: int,
    operating_system: str = LINUX,
    platform_version: str | None = None,
) -> str | None:
    """Why Fargate refuses this size, naming the nearest valid choices; None when it is valid."""
    try:
        os_name = os_family(operating_system)
    except ValueError as exc:
        return str(exc)
    row = row_for(cpu_units)
    if row is None:
        valid = [
            fmt_vcpu(r.cpu_units).replace(" vCPU", "")
            for r in SIZE_TABLE
            if os_name in r.operating_systems
        ]
        return f"{fmt_vcpu(cpu_units)} is not a Fargate size (choose {_choices(valid)} vCPU)"
    if os_name not in row.operating_systems:
        valid = [
            fmt_vcpu(r.cpu_units).replace(" vCPU", "")
            for r in SIZE_TABLE
            if os_name in r.operating_systems
        ]
        return (
            f"{fmt_vcpu(cpu_units)} is not available for {os_name.title()} tasks "
            f"(choose {_choices(valid)} vCPU)"
        )
    if memory_mib not in row.memory_mib:
        fits = [
            r for r in SIZE_TABLE if memory_mib in r.memory_mib and os_name in r.operating_systems
        ]
        hint = ""
        if fits:
            hint = f"; {fmt_gb(memory_mib)} fits {_choices([fmt_vcpu(r.cpu_units) for r in fits])}"
        return (
            f"{fmt_gb(memory_mib)} is not valid with {fmt_vcpu(cpu_units)} "
            f"(choose {memory_choices_text(row)}){hint}"
        )
    pv = parse_platform_version(platform_version)
    if row.min_platform and pv is not None and pv < row.min_platform:
        need = ".".join(str(p) for p in row.min_platform)
        return (
            f"{fmt_vcpu(cpu_units)} needs platform version {need} or LATEST, not {platform_version}"
        )
    return None


def smallest_fitting(
    cpu_units: Decimal | float, memory_mib: Decimal | float, operating_system: str = LINUX
) -> tuple[int, int] | None:
    """The smallest valid size with at least this CPU and memory (rows first, then memory),
    which is both how EKS rounds a pod up and the cheapest ECS task that fits.
    None when nothing is big enough (or the operating system is not one Fargate runs)."""
    try:
        os_name = os_family(operating_system)
    except ValueError:
        return None
    for row in SIZE_TABLE:
        if row.cpu_units < cpu_units or os_name not in row.operating_systems:
            continue
        for mib in row.memory_mib:
            if mib >= memory_mib:
                return row.cpu_units, mib
    return None
