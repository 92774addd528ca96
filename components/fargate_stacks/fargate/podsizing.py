"""The Fargate size EKS gives a pod, computed the way AWS documents it.

Source: Amazon EKS User Guide, fargate-pod-configuration.adoc ("Pod CPU and memory"), checked
2026-11-30 (shared/reference/fargate-rules.md, section 2). Per resource, separately:

1. the larger of the largest init-container request and the sum of the long-running
   containers' requests;
2. plus :data:`OVERHEAD_MIB` of memory for kubelet, kube-proxy and containerd;
3. rounded up to the smallest size of the table (:func:`~.sizes.smallest_fitting`);
4. with no requests at all this gives 0.25 vCPU / 0.5 GB, the documented default.

A container that sets only limits gets requests equal to its limits, per resource, because the
Kubernetes API server defaults them that way before EKS ever sees the pod.

CPU units and cores: 1 vCPU = 1024 CPU units (the ECS convention the size table uses) = one
Kubernetes core = ``1000m``. So 0.25 vCPU is 256 units and ``250m``.

Ephemeral storage (AWS Containers blog "AWS Fargate adds support for larger ephemeral volumes",
2023-08, and the EKS user guide): every pod gets 20 GiB free; a pod's ``ephemeral-storage``
requests (added up like CPU and memory) may total 175 GiB; Fargate then provisions the requests
plus 10% for the file system plus 5 GiB for system components, and bills what it provisions
above the free 20 GiB, in whole GB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from . import sizes
from .limits import EKS_MAX_EPHEMERAL_GIB
from .prices import FREE_EPHEMERAL_GIB  # included with every pod, as with every ECS task
from .units import UnitError, cpu_quantity_to_units, memory_quantity_to_mib, parse_quantity

OVERHEAD_MIB = 256  # kubelet, kube-proxy and containerd (EKS-UG fargate-pod-configuration)
UNITS_PER_CORE = 1024
MILLICORES_PER_CORE = 1000
EPHEMERAL_FS_RESERVE = Decimal("0.10")  # of the requests, for the file system
EPHEMERAL_SYSTEM_GIB = 5  # for system components
GIB_BYTES = Decimal(2) ** 30


@dataclass(frozen=True)
class PodSize:
    """What Fargate provisions (and bills) for a pod, and what the pod asked for."""

    cpu_units: int | None  # None when the pod cannot run on Fargate
    memory_mib: int | None
    requested_cpu_units: Decimal  # max(largest init container, sum of containers)
    requested_memory_mib: Decimal  # the same, before the overhead is added
    capacity_provisioned: str | None  # the pod annotation AWS sets, e.g. "2vCPU 9GB"
    error: str | None = None

    @property
    def vcpu(self) -> Decimal | None:
        return None if self.cpu_units is None else Decimal(self.cpu_units) / UNITS_PER_CORE

    @property
    def memory_gb(self) -> Decimal | None:
        return None if self.memory_mib is None else Decimal(self.memory_mib) / 1024


def capacity_provisioned(cpu_units: int, memory_mib: int) -> str:
    """The ``CapacityProvisioned`` annotation: (2048, 9216) -> ``2vCPU 9GB``."""
    return (
        sizes.fmt_vcpu(cpu_units).replace(" ", "") + " " + sizes.fmt_gb(memory_mib).replace(" ", "")
    )


def container_request(container: Mapping[str, Any], resource: str) -> Any | None:
    """The request Kubernetes stores for one resource: the request, else the limit."""
    resources = container.get("resources") or {}
    for section in ("requests", "limits"):
        values = resources.get(section) or {}
        if values.get(resource) is not None:
            return values[resource]
    return None


def _needs(containers: Iterable[Mapping[str, Any]]) -> list[tuple[Decimal, Decimal]]:
    out = []
    for container in containers:
        cpu = container_request(container, "cpu")
        memory = container_request(container, "memory")
        out.append(
            (
                cpu_quantity_to_units(cpu) if cpu is not None else Decimal(0),
                memory_quantity_to_mib(memory) if memory is not None else Decimal(0),
            )
        )
    return out


def ephemeral_request_gib(
    containers: Sequence[Mapping[str, Any]], init_containers: Sequence[Mapping[str, Any]] = ()
) -> Decimal:
    """The pod's ephemeral-storage request in GiB, counted like CPU and memory: the larger of
    the largest init container and the sum of the long-running ones (limit when no request).
    Raises :class:`~.units.UnitError` for a quantity Kubernetes would not accept."""

    def gib(container: Mapping[str, Any]) -> Decimal:
        amount = container_request(container, "ephemeral-storage")
        return Decimal(0) if amount is None else parse_quantity(amount) / GIB_BYTES

    return max(
        sum((gib(c) for c in containers), Decimal(0)),
        max((gib(c) for c in init_containers), default=Decimal(0)),
    )


def provisioned_ephemeral_gib(requested_gib: Decimal) -> int:
    """What Fargate provisions (and bills) for these requests: at least the free 20 GiB."""
    if requested_gib <= 0:
        return FREE_EPHEMERAL_GIB
    needed = requested_gib * (1 + EPHEMERAL_FS_RESERVE) + EPHEMERAL_SYSTEM_GIB
    return max(FREE_EPHEMERAL_GIB, int(needed.to_integral_value(rounding=ROUND_CEILING)))


def ephemeral_problem(requested_gib: Decimal) -> str | None:
    """Why EKS cannot give a pod this much ephemeral storage; None when it can."""
    if requested_gib <= EKS_MAX_EPHEMERAL_GIB:
        return None
    return (
        f"containers ask for {_fmt(requested_gib)} GiB of ephemeral storage: a Fargate pod "
        f"gets at most {EKS_MAX_EPHEMERAL_GIB} GiB"
    )


def pod_size(
    containers: Sequence[Mapping[str, Any]], init_containers: Sequence[Mapping[str, Any]] = ()
) -> PodSize:
    """The Fargate size of a pod from its container dicts (``resources.requests/limits``).

    Raises :class:`~.units.UnitError` for a quantity Kubernetes would not accept.
    """
    regular = _needs(containers)
    init = _needs(init_containers)
    cpu = max(
        sum((c for c, _ in regular), Decimal(0)), max((c for c, _ in init), default=Decimal(0))
    )
    memory = max(
        sum((m for _, m in regular), Decimal(0)), max((m for _, m in init), default=Decimal(0))
    )
    return pod_size_from_requests(cpu, memory)


def pod_size_from_requests(cpu_units: Decimal | int, memory_mib: Decimal | int) -> PodSize:
    """The Fargate size of a pod whose effective requests are known (before the overhead)."""
    cpu, memory = Decimal(cpu_units), Decimal(memory_mib)
    if cpu < 0 or memory < 0:
        raise UnitError("requests cannot be negative")
    fit = sizes.smallest_fitting(cpu, memory + OVERHEAD_MIB)
    if fit is None:
        largest = capacity_provisioned(sizes.MAX_CPU_UNITS, sizes.MAX_MEMORY_MIB)
        needed = (
            f"{_fmt(cpu / UNITS_PER_CORE)} vCPU and "
            f"{_fmt((memory + OVERHEAD_MIB) / 1024)} GB with the {OVERHEAD_MIB} MB overhead"
        )
        return PodSize(
            None,
            None,
            cpu,
            memory,
            None,
            f"the pod needs {needed}; the largest Fargate pod is {largest}, so EKS "
            "cannot schedule it",
        )
    return PodSize(fit[0], fit[1], cpu, memory, capacity_provisioned(*fit))


def requests_for_size(
    cpu_units: int, memory_mib: int, sidecars: Sequence[tuple[Decimal | int, Decimal | int]] = ()
) -> tuple[str, str]:
    """Requests (= limits) for a pod's main container so that Fargate gives the pod exactly
    ``cpu_units``/``memory_mib``, given the sidecars' own (cpu units, MiB) requests.

    The pod asks for the whole size minus the overhead: its CPU equals the row's CPU, so no
    smaller row fits, and its memory plus the overhead equals the wanted choice, so no smaller
    choice does. Returns quantities such as ``("500m", "768Mi")`` or ``("2", "8960Mi")``.
    Raises ValueError when the size is not valid or the sidecars leave nothing for the main
    container.
    """
    problem = sizes.size_problem(cpu_units, memory_mib)
    if problem:
        raise ValueError(problem)
    side_cpu = sum((Decimal(c) for c, _ in sidecars), Decimal(0))
    side_mem = sum((Decimal(m) for _, m in sidecars), Decimal(0))
    millicores = (Decimal(cpu_units) - side_cpu) * MILLICORES_PER_CORE / UNITS_PER_CORE
    main_milli = int(millicores.to_integral_value(rounding=ROUND_FLOOR))
    main_mib = int((memory_mib - OVERHEAD_MIB - side_mem).to_integral_value(rounding=ROUND_FLOOR))
    if main_milli <= 0 or main_mib <= 0:
        raise ValueError(
            f"the sidecars ask for {_fmt(side_cpu / UNITS_PER_CORE)} vCPU and "
            f"{_fmt(side_mem)} MiB, leaving nothing of "
            f"{capacity_provisioned(cpu_units, memory_mib)} (less {OVERHEAD_MIB} MB "
            "overhead) for the main container"
        )
    cpu = (
        str(main_milli // MILLICORES_PER_CORE)
        if main_milli % MILLICORES_PER_CORE == 0
        else f"{main_milli}m"
    )
    return cpu, f"{main_mib}Mi"


def _fmt(value: Decimal) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"
