"""Rounding waste and the fit, from AWS's documented case and AWS's published rates.

Amazon EKS User Guide, fargate-pod-configuration ("Pod CPU and memory", checked 2026-12-02):
"a request for 1 vCPU and 8 GB memory will have 256 MB added to its memory request, and will
provision a Fargate task with 2 vCPUs and 9 GB memory, since no task with 1 vCPU and 9 GB
memory is available". The 7.75 GiB fit is derived from the same page's table: 7.75 GiB +
256 MB = 8 GB, the largest memory of the 1 vCPU row. AWS Fargate pricing, us-east-1
Linux x86: $0.04048 per vCPU-hour, $0.004445 per GB-hour. Every expected figure below is worked
out by hand from those numbers, in the comment beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from fargate_stacks.fargate import sizes
from fargate_stacks.fargate.prices import Rates
from fargate_stacks.fargate.rounding import rounding
from fargate_stacks.fargate.units import cpu_like, memory_like
from fargate_stacks.policies.rules.fargate_rounding_waste import DEFAULT_SHARE

AWS = Rates(Decimal("0.04048"), Decimal("0.004445"))  # us-east-1, Linux x86, on-demand
GIB = 1024


def test_the_documented_pod() -> None:
    r = rounding(1024, 8 * GIB, AWS)
    assert r is not None
    assert r.size == (2048, 9 * GIB)  # AWS: 2 vCPU / 9 GB
    assert r.billed_hourly == Decimal("0.120965")  # 2 x 0.04048 + 9 x 0.004445
    assert r.needed_hourly == Decimal("0.07715125")  # 1 x 0.04048 + 8.25 x 0.004445
    assert r.waste_hourly == Decimal("0.04381375")
    assert round(r.waste_hourly * 730, 2) == Decimal("31.98")
    assert round(r.share, 3) == Decimal("0.568")
    assert r.same_price == (2048, 8960)  # 2 vCPU and 9 GB less the 256 MB: 8.75 GiB


def test_the_documented_pod_fits_at_7_75_gib() -> None:
    """7.75 GiB + 256 MB = 8 GiB, the largest choice of the 1 vCPU row: 1 vCPU / 8 GB."""
    r = rounding(1024, 8 * GIB, AWS)
    assert r is not None and r.fit is not None
    assert (r.fit.cpu_units, r.fit.memory_mib) == (1024, 7936)  # 7.75 GiB
    assert r.fit.size == (1024, 8 * GIB)
    assert r.fit.billed_hourly == Decimal("0.07604")  # 0.04048 + 8 x 0.004445
    assert r.fit.waste_hourly == 0
    saving = (r.billed_hourly - r.fit.billed_hourly) * 730
    assert round(saving, 2) == Decimal("32.80")  # "about a third less": 37%
    assert round(1 - r.fit.billed_hourly / r.billed_hourly, 2) == Decimal("0.37")


@pytest.mark.parametrize(
    "cpu, memory, size",
    [
        (1024, 7936, (1024, 8192)),  # the fit itself: no waste, nothing cheaper worth it
        (2048, 3840, (2048, 4096)),  # 2 vCPU / 3.75 GiB: exactly 2 vCPU / 4 GB
        (256, 256, (256, 512)),  # the smallest size, full
    ],
)
def test_a_pod_without_waste_has_no_fit(cpu: int, memory: int, size: tuple[int, int]) -> None:
    """Any cheaper size would only cut what the pod uses: no fit."""
    r = rounding(cpu, memory, AWS)
    assert r is not None and r.size == size and r.waste_hourly == 0 and r.fit is None


def test_the_fit_does_not_halve_a_small_pod() -> None:
    """250m / 512Mi is billed as 0.25 vCPU / 1 GB (0.25 GB wasted). Landing on 0.5 GB would
    give up 0.25 GiB of requests to remove 0.25 GB of waste: as much as it saves, so no fit."""
    r = rounding(256, 512, AWS)
    assert r is not None and r.size == (256, 1024) and r.fit is None


def test_the_fit_may_cut_cpu_between_rows() -> None:
    """1.5 vCPU / 2 GiB is billed as 2 vCPU / 4 GB (0.098740/h). 1 vCPU / 2 GiB lands on
    1 vCPU / 3 GB (0.053815/h): it gives up 0.5 vCPU (0.02024/h) and removes 0.0258/h of
    waste. 1 vCPU / 4 GB is not reachable with 2 GiB (it lands on 3 GB)."""
    r = rounding(1536, 2 * GIB, AWS)
    assert r is not None and r.size == (2048, 4 * GIB)
    assert r.fit is not None and (r.fit.cpu_units, r.fit.memory_mib) == (1024, 2 * GIB)
    assert r.fit.size == (1024, 3 * GIB) and r.fit.billed_hourly == Decimal("0.053815")


def test_too_big_for_fargate_has_no_rounding() -> None:
    assert rounding(16 * 1024, 120 * GIB, AWS) is None  # 120.25 GB needed


def test_the_default_share_stays_above_memory_steps_from_half_a_vcpu_up() -> None:
    """The reason for 25% (rules/fargate_rounding_waste.py): on every row from 0.5 vCPU up, a
    pod one MiB over a memory choice wastes less than 25%; a pod one millicore over a row is
    pushed into the next row and wastes more."""
    for row in sizes.SIZE_TABLE[1:]:
        for before, choice in zip(row.memory_mib, row.memory_mib[1:], strict=False):
            r = rounding(row.cpu_units, before - 256 + 1, AWS)
            assert r is not None and r.size == (row.cpu_units, choice)
            assert r.share < Decimal(str(DEFAULT_SHARE)), (row.cpu_units, choice, r.share)
    for row, larger in zip(sizes.SIZE_TABLE, sizes.SIZE_TABLE[1:], strict=False):
        top = row.memory_mib[-1] - 256  # the most memory the row holds with the overhead
        r = rounding(row.cpu_units + Decimal("1.024"), top, AWS)  # one millicore more
        assert r is not None and r.size[0] == larger.cpu_units
        assert r.share > Decimal(str(DEFAULT_SHARE)), (row.cpu_units, r.share)


@pytest.mark.parametrize(
    "old, units, expected",
    [
        ("1", Decimal(1024), "1"),
        (1, Decimal(768), "0.75"),
        ("1500m", Decimal(1024), "1000m"),
        ("250m", Decimal("102.4"), "100m"),
        (2, Decimal(1000), "0.976"),  # rounded down to the millicore, never up
    ],
)
def test_cpu_is_written_like_the_old_value(old: object, units: Decimal, expected: str) -> None:
    assert cpu_like(old, units) == expected


@pytest.mark.parametrize(
    "old, mib, expected",
    [
        ("8Gi", Decimal(7936), "7.75Gi"),
        ("8Gi", Decimal(7900), "7900Mi"),  # 7.71484375Gi has more than three decimals
        ("512Mi", Decimal(256), "256Mi"),
        ("1Gi", Decimal(768), "768Mi"),  # not 0.75Gi
        ("8G", Decimal(7936), "8321M"),  # 8,321,499,136 bytes, rounded down to a whole M
        (8589934592, Decimal(7936), "8321499136"),  # bytes stay bytes
        ("2048Ki", Decimal("1.5"), "1536Ki"),
    ],
)
def test_memory_is_written_like_the_old_value(old: object, mib: Decimal, expected: str) -> None:
    assert memory_like(old, mib) == expected
