"""What Fargate gives, and charges for, each pod template and task definition read from files.

The domain rules live in :mod:`fargate_stacks.fargate`; this module applies them to what users
already have, and says in one sentence why something cannot run when it cannot. ``size`` and
``check`` agree: a row the policy rules refuse (a mandatory finding) cannot run either
(:func:`refused`), and a task definition ``check`` leaves out (meant for EC2) is not sized.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..fargate import sizes
from ..fargate.billing import billed_per_run
from ..fargate.limits import ECS_EPHEMERAL_GIB_MAX, ECS_EPHEMERAL_GIB_MIN
from ..fargate.podsizing import (
    PodSize,
    capacity_provisioned,
    ephemeral_problem,
    ephemeral_request_gib,
    pod_size,
    provisioned_ephemeral_gib,
)
from ..fargate.prices import (
    HOURS_PER_MONTH,
    PriceError,
    PriceTable,
    hourly_usd,
    json_number,
    monthly_usd,
)
from ..fargate.rightsizing import SizingError, right_size
from ..fargate.rounding import Rounding, rounding
from .ecs import TaskDefinition
from .kubernetes import PodTemplate

TASK_DEFINITION_KIND = "TaskDefinition"


@dataclass(frozen=True)
class SizeRow:
    """One pod template or task definition with the Fargate size and price it gets."""

    file: str
    line: int
    kind: str
    name: str
    namespace: str | None
    replicas: int | None
    cpu_units: int | None
    memory_mib: int | None
    hourly: Decimal | None  # one pod or task
    error: str | None = None
    ephemeral_gib: int | None = None  # provisioned ephemeral storage (20 GiB free)
    price_note: str | None = None  # why there is no price although it can run
    not_sized: str | None = None  # why it was left out (meant for EC2), as check says
    rules: tuple[str, ...] = ()  # the mandatory rules that refuse it
    rounding: Rounding | None = None  # a pod template's requests against its size

    @property
    def waste_monthly(self) -> Decimal | None:
        """The rounding waste of all replicas for a month (None for Jobs and CronJobs)."""
        if self.rounding is None or billed_per_run(self.kind):
            return None
        return self.rounding.waste_hourly * HOURS_PER_MONTH * self._count

    @property
    def fit_saving_monthly(self) -> Decimal | None:
        """What the fit saves, all replicas, per month (None without a fit, or per run)."""
        if self.rounding is None or self.rounding.fit is None or billed_per_run(self.kind):
            return None
        saving = self.rounding.billed_hourly - self.rounding.fit.billed_hourly
        return saving * HOURS_PER_MONTH * self._count

    @property
    def _count(self) -> int:
        return self.replicas if self.replicas is not None else 1

    @property
    def monthly(self) -> Decimal | None:
        """All replicas for a month (730 hours); None for Jobs and CronJobs, which cost per run."""
        if self.hourly is None or billed_per_run(self.kind):
            return None
        return self.hourly * HOURS_PER_MONTH * (self.replicas if self.replicas is not None else 1)

    @property
    def capacity_provisioned(self) -> str | None:
        if self.cpu_units is None or self.memory_mib is None:
            return None
        return capacity_provisioned(self.cpu_units, self.memory_mib)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "kind": self.kind,
            "name": self.name,
            "namespace": self.namespace,
            "replicas": self.replicas,
            "vcpu": json_number(None if self.cpu_units is None else Decimal(self.cpu_units) / 1024),
            "memory_gb": json_number(
                None if self.memory_mib is None else Decimal(self.memory_mib) / 1024
            ),
            "capacity_provisioned": self.capacity_provisioned,
            "ephemeral_gib": self.ephemeral_gib,
            "hourly_usd": json_number(self.hourly),
            "monthly_usd": json_number(
                None if self.monthly is None else self.monthly.quantize(Decimal("0.01"))
            ),
        }
        if self.error is not None:
            out["error"] = self.error
        if self.rules:
            out["rules"] = list(self.rules)
        if self.not_sized is not None:
            out["not_sized"] = self.not_sized
        out["rounding"] = None if self.rounding is None else self._rounding_dict(self.rounding)
        return out

    def _rounding_dict(self, r: Rounding) -> dict[str, Any]:
        """Requests, waste and fit (see fargate/rounding.py for the definitions)."""
        fit = r.fit
        return {
            "requested": {"vcpu": _vcpu(r.cpu_units), "memory_gib": _gib(r.memory_mib)},
            "needed_hourly_usd": hourly_usd(r.needed_hourly),
            "billed_hourly_usd": hourly_usd(r.billed_hourly),
            "waste_hourly_usd": hourly_usd(r.waste_hourly),
            "waste_monthly_usd": monthly_usd(self.waste_monthly),
            "waste_share": float(r.share.quantize(Decimal("0.001"))),
            "same_price_requests": {
                "vcpu": _vcpu(Decimal(r.same_price[0])),
                "memory_gib": _gib(Decimal(r.same_price[1])),
            },
            "fit": None
            if fit is None
            else {
                "requested": {"vcpu": _vcpu(fit.cpu_units), "memory_gib": _gib(fit.memory_mib)},
                "capacity_provisioned": capacity_provisioned(*fit.size),
                "billed_hourly_usd": hourly_usd(fit.billed_hourly),
                "monthly_saving_usd": monthly_usd(self.fit_saving_monthly),
            },
        }


def _vcpu(units: Decimal) -> int | float | None:
    return json_number((units / 1024).quantize(Decimal("0.001")).normalize())


def _gib(mib: Decimal) -> int | float | None:
    return json_number((mib / 1024).quantize(Decimal("0.001")).normalize())


def template_size(template: PodTemplate) -> PodSize:
    """The pod's Fargate size (quantities were checked when the manifest was read)."""
    return pod_size(template.containers, template.init_containers)


def size_template(template: PodTemplate, table: PriceTable) -> SizeRow:
    """EKS on Fargate: Linux x86_64 only, on-demand only; ephemeral storage as provisioned for
    the pod's requests (20 GiB free, at most 175 GiB requested)."""
    base = (
        template.file,
        template.line,
        template.kind,
        template.name,
        template.namespace,
        template.replicas,
    )
    if template.kind == "DaemonSet":
        return SizeRow(
            *base,
            None,
            None,
            None,
            "DaemonSets cannot run on Fargate: each Fargate pod gets its own node "
            "(run the agent as a sidecar instead)",
        )
    size = template_size(template)
    if size.error or size.cpu_units is None or size.memory_mib is None:
        return SizeRow(*base, None, None, None, size.error)
    requested = ephemeral_request_gib(template.containers, template.init_containers)
    problem = ephemeral_problem(requested)
    if problem:
        return SizeRow(*base, None, None, None, problem)
    storage = provisioned_ephemeral_gib(requested)
    hourly, note = _price(table, size.cpu_units, size.memory_mib, "linux", "x86_64", storage)
    try:
        found = rounding(size.requested_cpu_units, size.requested_memory_mib, table.rates_for())
    except PriceError:
        found = None  # no Linux x86 price: the row says so (price_note)
    return SizeRow(
        *base,
        size.cpu_units,
        size.memory_mib,
        hourly,
        price_note=note,
        ephemeral_gib=storage,
        rounding=found,
    )


def size_task_definition(td: TaskDefinition, table: PriceTable) -> SizeRow:
    """ECS on Fargate: the task-level size, which must be a pair of the size table."""
    base = (td.file, td.line, TASK_DEFINITION_KIND, td.name, None, 1)
    cpu, memory = td.cpu_units, td.memory_mib
    if cpu is None or memory is None:
        missing = " and ".join(k for k, v in (("cpu", cpu), ("memory", memory)) if v is None)
        return SizeRow(
            *base,
            None,
            None,
            None,
            f"no task-level {missing}: Fargate requires both{_fits_hint(td)}",
        )
    problem = sizes.size_problem(cpu, memory, td.operating_system)
    if problem is None and td.operating_system == sizes.WINDOWS and td.architecture != "X86_64":
        problem = "Windows tasks run on X86_64 only"
    storage = (td.data.get("ephemeralStorage") or {}).get("sizeInGiB")
    low, high = ECS_EPHEMERAL_GIB_MIN, ECS_EPHEMERAL_GIB_MAX
    if problem is None and storage is not None and not low <= storage <= high:
        problem = f"ephemeralStorage.sizeInGiB {storage} is outside {low}-{high} GiB"
    if problem is not None:
        return SizeRow(*base, None, None, None, problem)
    hourly, note = _price(
        table, cpu, memory, td.operating_system, td.architecture, td.ephemeral_gib
    )
    return SizeRow(*base, cpu, memory, hourly, price_note=note, ephemeral_gib=td.ephemeral_gib)


def _fits_hint(td: TaskDefinition) -> str:
    needs = []
    for container in td.containers:
        memory = container.get("memory") or container.get("memoryReservation")
        needs.append((container.get("cpu"), memory))
    try:
        cpu, memory = right_size(needs, td.operating_system)
    except SizingError:
        return ""
    return f" (the containers fit {sizes.fmt_vcpu(cpu)} / {sizes.fmt_gb(memory)})"


def _price(
    table: PriceTable, cpu: int, memory: int, os: str, arch: str, ephemeral: int
) -> tuple[Decimal | None, str | None]:
    try:
        return table.hourly(cpu, memory, os, arch, ephemeral), None
    except PriceError as exc:
        return None, str(exc)


def not_sized(row: SizeRow, reason: str) -> SizeRow:
    """A row ``check`` leaves out of scope: no size, no price, the reason."""
    return dataclasses.replace(
        row,
        cpu_units=None,
        memory_mib=None,
        hourly=None,
        error=None,
        not_sized=reason,
        rounding=None,
    )


def refused(row: SizeRow, findings: Sequence[tuple[str, str]]) -> SizeRow:
    """A row with the mandatory findings ``check`` gives it, as (rule, message): it cannot run
    on Fargate, so it has no price, and the row says why (the first finding, and how many more)."""
    if not findings or row.error is not None:
        return dataclasses.replace(row, rules=tuple(dict.fromkeys(r for r, _ in findings)))
    rule, message = findings[0]
    more = (
        f" (and {len(findings) - 1} more: fargate-stacks check lists them)"
        if len(findings) > 1
        else ""
    )
    return dataclasses.replace(
        row,
        hourly=None,
        rounding=None,
        error=f"{rule}: {message}{more}",
        rules=tuple(dict.fromkeys(r for r, _ in findings)),
    )
