"""Rounding waste: what an EKS Fargate pod pays for beyond what it asks for, and the fit.

EKS rounds a pod's requests (plus :data:`~.podsizing.OVERHEAD_MIB`) up to the smallest size of
the table and bills that size (:mod:`.podsizing`). The documented case (Amazon EKS User Guide,
fargate-pod-configuration, "Pod CPU and memory", checked 2026-12-02): a pod requesting 1 vCPU
and 8 GB gets 256 MB added, and as no 1 vCPU / 9 GB size exists it is provisioned, and billed,
as 2 vCPU / 9 GB. Requesting 7.75 GiB instead makes it 8 GiB with the overhead: 1 vCPU / 8 GB,
37% less.

Definitions (``size`` prints them, ``fargate-rounding-waste`` flags on them):

needed
    the pod's requests plus the 256 MB EKS adds, priced at the region's per-vCPU-hour and
    per-GB-hour rates. The overhead is counted as needed: no request can remove it.
billed
    the provisioned size at the same rates (vCPU and memory only: ephemeral storage is billed
    from its own requests and rounds in whole GB, so it is left out of both sides).
waste
    billed minus needed: capacity paid for that no container asked for and no Kubernetes
    component uses. Its **share** is waste / needed, "how much the bill exceeds the request".
same-price requests
    the largest requests that still land on the current size (its vCPU, its memory less the
    overhead): what the bill already pays for.
fit
    the largest requests, each no larger than today's, that land on a cheaper size, where what
    the requests give up (priced at the same rates) is less than the waste the move removes —
    of those sizes the most expensive, so the "next smaller" one. The condition keeps the fit
    to removing rounding: a pod with no waste gets no fit (any cheaper size would only cut what
    it uses), nor does 250m / 512Mi (0.25 vCPU / 1 GB: halving its memory to land on 0.5 GB
    gives up as much as it saves). For the documented case the fit is 1 vCPU / 7.75 GiB on
    1 vCPU / 8 GB: it gives up 0.25 GiB and saves the price of 1 vCPU and 1 GB.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import sizes
from .podsizing import OVERHEAD_MIB, UNITS_PER_CORE
from .prices import Rates

MIB_PER_GB = 1024  # AWS's "GB" in the size table and the prices is GiB


@dataclass(frozen=True)
class Fit:
    """Requests (pod level, before the overhead) and the cheaper size they land on."""

    cpu_units: Decimal
    memory_mib: Decimal
    size: tuple[int, int]  # (cpu units, MiB) provisioned for these requests
    billed_hourly: Decimal
    waste_hourly: Decimal


@dataclass(frozen=True)
class Rounding:
    """One pod's requests against its provisioned size, priced per hour."""

    cpu_units: Decimal  # requested, pod level (podsizing's rules: init containers, sums)
    memory_mib: Decimal  # requested, before the overhead
    size: tuple[int, int]  # provisioned (cpu units, MiB)
    needed_hourly: Decimal
    billed_hourly: Decimal
    same_price: tuple[int, int]  # the largest requests (cpu units, MiB) on this same size
    fit: Fit | None

    @property
    def waste_hourly(self) -> Decimal:
        return self.billed_hourly - self.needed_hourly

    @property
    def share(self) -> Decimal:
        """Waste over needed: 0.57 means the bill is 57% above what the requests cost."""
        return self.waste_hourly / self.needed_hourly


def compute_hourly(cpu_units: Decimal | int, memory_mib: Decimal | int, rates: Rates) -> Decimal:
    """vCPU and memory at the rates, per hour (no storage, no licence: see the module doc)."""
    return (
        Decimal(cpu_units) / UNITS_PER_CORE * rates.vcpu_hour
        + Decimal(memory_mib) / MIB_PER_GB * rates.gb_hour
    )


def provisioned(cpu_units: Decimal, memory_mib: Decimal) -> tuple[int, int] | None:
    """The size EKS provisions for pod-level requests (None: larger than any Fargate pod)."""
    return sizes.smallest_fitting(cpu_units, memory_mib + OVERHEAD_MIB)


def rounding(cpu_units: Decimal | int, memory_mib: Decimal | int, rates: Rates) -> Rounding | None:
    """The rounding of a pod with these pod-level requests; None when no Fargate size fits."""
    cpu, memory = Decimal(cpu_units), Decimal(memory_mib)
    size = provisioned(cpu, memory)
    if size is None:
        return None
    needed = compute_hourly(cpu, memory + OVERHEAD_MIB, rates)
    billed = compute_hourly(*size, rates)
    return Rounding(
        cpu,
        memory,
        size,
        needed,
        billed,
        (size[0], size[1] - OVERHEAD_MIB),
        _fit(cpu, memory, needed, billed, rates),
    )


def _fit(
    cpu: Decimal, memory: Decimal, needed: Decimal, billed: Decimal, rates: Rates
) -> Fit | None:
    waste = billed - needed
    best: Fit | None = None
    for size in sizes.all_pairs():  # every row runs Linux, as every EKS Fargate pod does
        price = compute_hourly(*size, rates)
        if price >= billed:
            continue
        want_cpu = min(cpu, Decimal(size[0]))
        want_memory = min(memory, Decimal(size[1] - OVERHEAD_MIB))
        if provisioned(want_cpu, want_memory) != size:
            continue  # these requests would land on a smaller size still: that one is tried
        kept = compute_hourly(want_cpu, want_memory + OVERHEAD_MIB, rates)
        left = price - kept
        if needed - kept >= waste - left:
            continue  # the requests would give up as much as the move saves in waste
        if best is None or price > best.billed_hourly:
            best = Fit(want_cpu, want_memory, size, price, left)
    return best
