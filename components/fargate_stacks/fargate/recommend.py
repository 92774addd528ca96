"""The Fargate size a service or workload should have, from what it really used.

The rule, per resource: the smallest valid size (:func:`~.sizes.smallest_fitting`, which is
also the cheapest: ``rightsizing``) holding the 99th percentile of CPU and the peak of memory
per task or pod, each plus ``headroom`` (20% by default). Memory takes the peak, not a
percentile: a task that goes past its memory is killed, one that goes past its CPU is only
slowed. An EKS pod's Fargate size also holds the 256 MB Fargate reserves for kubelet,
kube-proxy and containerd (``podsizing.OVERHEAD_MIB``), which the pod's own use does not show.

CPU is left as it is when target tracking on CPU owns the scaling (an ECS ``cpuTarget``, or a
workload's HPA, which scales on CPU utilisation of the request): smaller tasks would only make
the policy add tasks, and AWS Compute Optimizer leaves CPU alone in that case for the same
reason (Compute Optimizer User Guide, view-ecs-recommendations, checked 2026-12-02).

Too little data is no basis: fewer than ``min_days`` of it, and the row says which service
lacks data and recommends nothing. The saving is priced with the cost model (``cost``), at the
desired count with the service's Spot mix, so it agrees with ``fargate-stacks cost``.

Pure: no AWS, no spec import; the spec's models fit the protocols of ``cost``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from typing import Any

from . import billing, cost, prices, sizes
from .podsizing import OVERHEAD_MIB
from .rightsizing import service_size

DEFAULT_DAYS = 14  # Compute Optimizer's default look-back for ECS services, too
DEFAULT_HEADROOM = Decimal("0.20")
DEFAULT_MIN_DAYS = 7  # a week sees every weekday's peak once
PERCENTILE = Decimal(99)

ECS_SERVICE = billing.ECS_SERVICE


@dataclass(frozen=True)
class Usage:
    """What one task or pod used over the look-back, and what that rests on."""

    cpu_units: Decimal  # the 99th percentile
    memory_mib: Decimal  # the peak
    days: Decimal  # from the first data point to the last
    samples: int
    source: str  # e.g. "Container Insights (ECS/ContainerInsights)"
    notes: tuple[str, ...] = ()  # what the reader noticed, e.g. a size not yet deployed


@dataclass(frozen=True)
class Advice:
    """AWS Compute Optimizer's first recommendation option for an ECS service."""

    cpu_units: int
    memory_mib: int
    finding: str  # Optimized, Underprovisioned, Overprovisioned
    lookback_days: Decimal

    @property
    def basis(self) -> str:
        return (
            f"AWS Compute Optimizer ({self.finding}, {_days(self.lookback_days)} look-back): "
            f"{sizes.fmt_vcpu(self.cpu_units)}, {sizes.fmt_gb(self.memory_mib)}"
        )


@dataclass(frozen=True)
class Recommendation:
    """One row of ``rightsize``: the size today and the one to have, or why there is none."""

    cluster: str
    name: str
    kind: str
    current: tuple[int, int]  # (cpu units, MiB)
    recommended: tuple[int, int] | None
    monthly_saving: Decimal | None  # None: no recommendation, or billed per run
    basis: str
    notes: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return self.recommended is not None and self.recommended != self.current

    def to_dict(self) -> dict[str, Any]:
        def size(value: tuple[int, int] | None) -> dict[str, str] | None:
            if value is None:
                return None
            return {"cpu": sizes.fmt_vcpu(value[0]), "memory": sizes.fmt_gb(value[1])}

        return {
            "cluster": self.cluster,
            "name": self.name,
            "kind": self.kind,
            "current": size(self.current),
            "recommended": size(self.recommended),
            "monthly_saving_usd": prices.monthly_usd(self.monthly_saving),
            "basis": self.basis,
            "notes": list(self.notes),
        }


def percentile(values: Sequence[Decimal], pct: Decimal = PERCENTILE) -> Decimal:
    """The nearest-rank percentile: the smallest value with at least ``pct``% of the values at
    or below it (so p99 of 192 minutes ignores the single highest one)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (pct / 100 * len(ordered)).to_integral_value(rounding=ROUND_CEILING)
    return ordered[max(int(rank), 1) - 1]


def needed(usage: Usage, headroom: Decimal, eks: bool) -> tuple[Decimal, Decimal]:
    """(cpu units, MiB) the task or pod must be given: use plus headroom (+ the EKS overhead)."""
    factor = 1 + headroom
    memory = usage.memory_mib * factor + (OVERHEAD_MIB if eks else 0)
    return usage.cpu_units * factor, memory


def recommend_size(
    current: tuple[int, int],
    usage: Usage,
    *,
    headroom: Decimal = DEFAULT_HEADROOM,
    eks: bool = False,
    cpu_scaling: bool = False,
    os: str = "linux",
) -> tuple[tuple[int, int] | None, list[str]]:
    """The size to have (None when nothing fits) and the notes that explain it."""
    cpu, memory = needed(usage, headroom, eks)
    notes: list[str] = []
    if cpu_scaling:
        cpu = Decimal(current[0])
        notes.append("CPU kept: target tracking on CPU owns the scaling")
    fit = sizes.smallest_fitting(cpu, memory, os)
    if fit is None:
        notes.append(
            f"needs {sizes.fmt_vcpu(float(cpu))} and {sizes.fmt_gb(float(memory))}: more "
            "than the largest Fargate size"
        )
    elif cpu_scaling and fit[0] != current[0]:
        notes.append(f"memory needs the {sizes.fmt_vcpu(fit[0])} row")
    return fit, notes


def refused(cluster: str, name: str, usage: Usage | None, min_days: int) -> str | None:
    """Why there is no basis for a recommendation; None when there is."""
    if usage is None or usage.samples == 0:
        return f"no metrics for {cluster}/{name} in the look-back: nothing to size it by"
    if usage.days < min_days:
        return (
            f"only {_days(usage.days)} of metrics for {cluster}/{name} (--min-days {min_days}): "
            "too little to size it by"
        )
    return None


def recommend_service(
    cluster: str,
    service: cost.Service,
    usage: Usage | None,
    table: prices.PriceTable,
    *,
    headroom: Decimal = DEFAULT_HEADROOM,
    min_days: int = DEFAULT_MIN_DAYS,
    advice: Advice | None = None,
) -> Recommendation:
    """One ECS service's row, priced like ``cost`` prices the service. Container Insights is
    the basis when it has ``min_days`` of data (so ``--headroom`` applies); otherwise Compute
    Optimizer's recommendation where it has one (rounded up to a valid size); its advice is a
    note beside a metrics-based row."""
    current_line = cost.price_ecs_service(
        cluster, service.name, _shape(service, *service_size(service)), table, **_counts(service)
    )
    current = (current_line.cpu_units, current_line.memory_mib)
    scaling = _tracks_cpu(service.autoscaling)
    return _row(
        cluster,
        service.name,
        ECS_SERVICE,
        current,
        usage,
        min_days,
        lambda size: cost.price_ecs_service(
            cluster, service.name, _shape(service, *size), table, **_counts(service)
        ),
        current_line,
        headroom=headroom,
        eks=False,
        cpu_scaling=scaling,
        os=service.os,
        advice=advice,
    )


def recommend_workload(
    cluster: str,
    workload: cost.Workload,
    usage: Usage | None,
    table: prices.PriceTable,
    *,
    headroom: Decimal = DEFAULT_HEADROOM,
    min_days: int = DEFAULT_MIN_DAYS,
) -> Recommendation:
    """One EKS workload's row: its spec cpu/memory is the pod's Fargate size, overhead in."""
    current_line = cost.workload_line(cluster, workload, table)
    scaling = workload.autoscaling is not None  # a workload's HPA always tracks CPU

    def price(size: tuple[int, int]) -> cost.CostLine:
        low = workload.autoscaling.min if workload.autoscaling else None
        high = workload.autoscaling.max if workload.autoscaling else None
        return cost.price_eks_workload(
            cluster,
            workload.name,
            workload.kind,
            size[0],
            size[1],
            table,
            desired=workload.desired_count,
            low=low,
            high=high,
        )

    return _row(
        cluster,
        workload.name,
        workload.kind,
        (workload.cpu, workload.memory),
        usage,
        min_days,
        price,
        current_line,
        headroom=headroom,
        eks=True,
        cpu_scaling=scaling,
        os="linux",
    )


def _row(
    cluster: str,
    name: str,
    kind: str,
    current: tuple[int, int],
    usage: Usage | None,
    min_days: int,
    price: Any,
    current_line: cost.CostLine,
    advice: Advice | None = None,
    **sizing: Any,
) -> Recommendation:
    why_not = refused(cluster, name, usage, min_days)
    if why_not is not None or usage is None:
        if advice is None:
            return Recommendation(cluster, name, kind, current, None, None, why_not or "no data")
        size = sizes.smallest_fitting(advice.cpu_units, advice.memory_mib, sizing["os"])
        notes = [why_not] if why_not else []
        return _priced(cluster, name, kind, current, size, advice.basis, notes, price, current_line)
    size, notes = recommend_size(current, usage, **sizing)
    notes = [*usage.notes, *notes]
    if advice is not None:
        notes.append(advice.basis)
    basis = (
        f"{usage.source}: p99 CPU {sizes.fmt_vcpu(float(usage.cpu_units))}, peak memory "
        f"{_mib(usage.memory_mib)} MiB over {_days(usage.days)} ({usage.samples} samples), "
        f"+{prices.json_number(sizing['headroom'] * 100)}% headroom"
        + (f" +{OVERHEAD_MIB} MB EKS overhead" if sizing["eks"] else "")
    )
    return _priced(cluster, name, kind, current, size, basis, notes, price, current_line)


def _priced(
    cluster: str,
    name: str,
    kind: str,
    current: tuple[int, int],
    size: tuple[int, int] | None,
    basis: str,
    notes: list[str],
    price: Any,
    current_line: cost.CostLine,
) -> Recommendation:
    if size is None:
        return Recommendation(cluster, name, kind, current, None, None, basis, notes)
    new_line: cost.CostLine = price(size)
    saving = None
    if current_line.monthly_expected is not None and new_line.monthly_expected is not None:
        saving = current_line.monthly_expected - new_line.monthly_expected
    else:
        notes.append(f"a {kind} is billed per run: no monthly saving")
    return Recommendation(cluster, name, kind, current, size, saving, basis, notes)


def _tracks_cpu(scaling: Any) -> bool:
    return scaling is not None and getattr(scaling, "cpu_target", None) is not None


def _shape(service: cost.Service, cpu: int, memory: int) -> cost.TaskShape:
    return cost.TaskShape(
        cpu,
        memory,
        service.os,
        service.architecture,
        service.ephemeral_storage or prices.FREE_EPHEMERAL_GIB,
    )


def _counts(service: cost.Service) -> dict[str, Any]:
    scaling = service.autoscaling
    return {
        "desired": service.desired_count,
        "low": scaling.min if scaling else None,
        "high": scaling.max if scaling else None,
        "strategy": service.capacity.strategy(),
    }


def _days(days: Decimal) -> str:
    """Rounded down, so a look-back just short of ``--min-days`` never reads as enough."""
    text = f"{days.quantize(Decimal('0.1'), ROUND_DOWN)}".rstrip("0").rstrip(".")
    return f"{text} day" + ("" if text == "1" else "s")


def _mib(value: Decimal) -> str:
    return f"{value:.0f}"
