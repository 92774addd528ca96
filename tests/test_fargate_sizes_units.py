"""The size table and the parsing of CPU and memory, table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fargate_stacks.fargate import sizes
from fargate_stacks.fargate.units import (
    UnitError,
    cpu_quantity_to_units,
    memory_quantity_to_mib,
    parse_ecs_cpu,
    parse_ecs_memory,
    parse_quantity,
)

PAIRS = sizes.all_pairs()
GIB = 1024


def test_there_are_74_pairs_as_aws_lists_them() -> None:
    assert len(PAIRS) == 74
    expected = (
        [(256, m) for m in (512, 1024, 2048)]
        + [(512, g * GIB) for g in range(1, 5)]
        + [(1024, g * GIB) for g in range(2, 9)]
        + [(2048, g * GIB) for g in range(4, 17)]
        + [(4096, g * GIB) for g in range(8, 31)]
        + [(8192, g * GIB) for g in range(16, 61, 4)]
        + [(16384, g * GIB) for g in range(32, 121, 8)]
    )
    assert expected == PAIRS


@pytest.mark.parametrize("cpu, memory", PAIRS)
def test_every_valid_pair_is_accepted(cpu: int, memory: int) -> None:
    assert sizes.size_problem(cpu, memory) is None


def _neighbours() -> list[tuple[int, int]]:
    """Each valid pair's memory +-512 MiB and +-1 GiB, and its memory with the next and previous
    CPU, where those are not themselves valid."""
    valid = set(PAIRS)
    out: set[tuple[int, int]] = set()
    cpus = list(sizes.CPU_UNITS)
    for cpu, memory in PAIRS:
        for delta in (-1024, -512, 512, 1024):
            out.add((cpu, memory + delta))
        for other in (cpu // 2, cpu * 2, cpu + 1, cpu - 1):
            out.add((other, memory))
    assert set(cpus) <= {c for c, _ in valid}
    return sorted(p for p in out - valid if p[1] > 0 and p[0] > 0)


@pytest.mark.parametrize("cpu, memory", _neighbours())
def test_neighbours_of_valid_pairs_are_refused_with_choices(cpu: int, memory: int) -> None:
    problem = sizes.size_problem(cpu, memory)
    assert problem is not None
    assert "choose" in problem


@pytest.mark.parametrize(
    "cpu, memory, os, version, expected",
    [
        (256, 512, "WINDOWS", None, "not available for Windows tasks (choose 1, 2 or 4 vCPU)"),
        (8192, 16384, "WINDOWS", None, "not available for Windows"),
        (1024, 2048, "WINDOWS", None, None),
        (8192, 16384, "LINUX", "1.3.0", "needs platform version 1.4.0 or LATEST, not 1.3.0"),
        (8192, 16384, "LINUX", "1.4.0", None),
        (16384, 122880, "LINUX", "LATEST", None),
        (300, 512, "LINUX", None, "0.293 vCPU is not a Fargate size"),
        (
            256,
            4096,
            "LINUX",
            None,
            "4 GB is not valid with 0.25 vCPU (choose 0.5, 1 or 2 GB); "
            "4 GB fits 0.5 vCPU, 1 vCPU or 2 vCPU",
        ),
    ],
)
def test_os_and_platform_constraints(
    cpu: int, memory: int, os: str, version: str | None, expected: str | None
) -> None:
    problem = sizes.size_problem(cpu, memory, os, version)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


@pytest.mark.parametrize(
    "text, units",
    [
        ("256", 256),
        (256, 256),
        ("0.25 vCPU", 256),
        ("0.25vcpu", 256),
        ("1 vCPU", 1024),
        ("1vCPU", 1024),
        ("2 vcpus", 2048),
        ("1024", 1024),
        (" 4 vCPU ", 4096),
        ("16 vCPU", 16384),
        (".5 vCPU", 512),
        ("1 cpu", 1024),
        ("512 units", 512),
    ],
)
def test_ecs_cpu_forms(text: object, units: int) -> None:
    assert parse_ecs_cpu(text) == units


@pytest.mark.parametrize(
    "text, mib",
    [
        ("512", 512),
        (512, 512),
        ("2 GB", 2048),
        ("2GB", 2048),
        ("2 GiB", 2048),
        ("0.5 GB", 512),
        ("512 MiB", 512),
        ("512MB", 512),
        ("1g", 1024),
        ("120 GB", 122880),
        ("1 TB", 1048576),
    ],
)
def test_ecs_memory_forms(text: object, mib: int) -> None:
    assert parse_ecs_memory(text) == mib


@pytest.mark.parametrize(
    "text", ["", "one", "1 core", "0.3333 vCPU", "-1", "1.5", True, None, [1], "1 GHz"]
)
def test_ecs_cpu_refused(text: object) -> None:
    with pytest.raises(UnitError):
        parse_ecs_cpu(text)


@pytest.mark.parametrize("text", ["", "2 gigs", "0.3 MiB", "1 PB", "-512", False, {"a": 1}])
def test_ecs_memory_refused(text: object) -> None:
    with pytest.raises(UnitError):
        parse_ecs_memory(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("250m", Decimal("0.25")),
        ("1", Decimal(1)),
        (1, Decimal(1)),
        (0.5, Decimal("0.5")),
        ("1.5", Decimal("1.5")),
        ("100u", Decimal("0.0001")),
        ("500000n", Decimal("0.0005")),
        ("1k", Decimal(1000)),
        ("1M", Decimal(10**6)),
        ("1G", Decimal(10**9)),
        ("1T", Decimal(10**12)),
        ("1P", Decimal(10**15)),
        ("1E", Decimal(10**18)),
        ("1Ki", Decimal(1024)),
        ("1Mi", Decimal(2**20)),
        ("1Gi", Decimal(2**30)),
        ("1Ti", Decimal(2**40)),
        ("1Pi", Decimal(2**50)),
        ("1Ei", Decimal(2**60)),
        ("1e3", Decimal(1000)),
        ("1E3", Decimal(1000)),
        ("12e-3", Decimal("0.012")),
        ("1.5Gi", Decimal(3 * 2**29)),
        ("128974848", Decimal(128974848)),
        (".5", Decimal("0.5")),
    ],
)
def test_every_kubernetes_quantity_suffix(text: object, value: Decimal) -> None:
    assert parse_quantity(text) == value


@pytest.mark.parametrize(
    "text", ["", "1GB", "1 Gi", "Gi", "1.2.3", "-1", "1mi", "1KiB", "ten", None, True, [1]]
)
def test_bad_kubernetes_quantities(text: object) -> None:
    with pytest.raises(UnitError):
        parse_quantity(text)


@pytest.mark.parametrize(
    "cpu, units",
    [("250m", 256), ("500m", 512), ("1", 1024), ("2", 2048), ("100m", Decimal("102.4"))],
)
def test_cores_to_cpu_units(cpu: str, units: Decimal) -> None:
    assert cpu_quantity_to_units(cpu) == units


@pytest.mark.parametrize(
    "memory, mib",
    [
        ("512Mi", 512),
        ("1Gi", 1024),
        ("1G", Decimal("953.67431640625")),
        ("1048576", 1),
        ("256Ki", Decimal("0.25")),
    ],
)
def test_memory_to_mib(memory: str, mib: Decimal) -> None:
    assert memory_quantity_to_mib(memory) == mib


@pytest.mark.parametrize(
    "family",
    ["WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2022_FULL", "windows", "Windows_Server_2025_Core"],
)
def test_aws_windows_family_names_are_windows(family: str) -> None:
    assert sizes.os_family(family) == sizes.WINDOWS
    assert sizes.size_problem(1024, 2048, family) is None
    assert sizes.smallest_fitting(300, 600, family) == (1024, 2048)
    problem = sizes.size_problem(512, 1024, family)
    assert problem == "0.5 vCPU is not available for Windows tasks (choose 1, 2 or 4 vCPU)"


@pytest.mark.parametrize("family", ["LINUX", "linux", "Linux"])
def test_linux_family_names(family: str) -> None:
    assert sizes.os_family(family) == sizes.LINUX
    assert sizes.smallest_fitting(300, 600, family) == (512, 1024)


def test_an_unknown_family_is_named_not_guessed() -> None:
    with pytest.raises(ValueError, match="BEOS"):
        sizes.os_family("BEOS")
