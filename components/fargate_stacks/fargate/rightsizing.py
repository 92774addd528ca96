"""The cheapest valid ECS task size for what the containers need.

ECS on Fargate needs a task-level size from the table, at least the sum of the container-level
``cpu`` and ``memory`` (ECS-DG task_definition_parameters, "Task size"). Within the table a
smaller vCPU row never costs more than a larger one for the same memory, and the rows with 1 GB
steps come first, so the smallest fitting size (smallest row, then smallest memory) is also the
cheapest; ``tests/test_fargate_prices.py`` checks that against the price table for every size.

The spec's services and sidecars are read through the :class:`Sidecar` and :class:`Service`
protocols (what sizing needs of them), so this module imports nothing from the spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from . import sizes
from .limits import MIN_CONTAINER_MIB


class SizingError(ValueError):
    """No Fargate size fits what the containers need."""


class Sidecar(Protocol):
    """What sizing reads of a sidecar container (the spec's ContainerSpec fits)."""

    @property
    def cpu(self) -> int | None: ...
    @property
    def memory(self) -> int | None: ...
    @property
    def memory_reservation(self) -> int | None: ...


class Service(Protocol):
    """What sizing reads of an ECS service (the spec's ServiceSpec fits)."""

    @property
    def cpu(self) -> int | None: ...
    @property
    def memory(self) -> int | None: ...
    @property
    def os(self) -> str: ...
    @property
    def sidecars(self) -> Sequence[Sidecar]: ...


def right_size(
    container_needs: Sequence[tuple[int | Decimal | None, int | Decimal | None]], os: str = "linux"
) -> tuple[int, int]:
    """(cpu units, MiB) of the cheapest task size holding every container's (cpu, memory).

    ``None`` means the container sets no value; it then shares what the task has, and only the
    least memory ECS insists on (:data:`~.limits.MIN_CONTAINER_MIB`) is counted for it.
    """
    cpu = sum((Decimal(c) for c, _ in container_needs if c is not None), Decimal(0))
    memory = sum(
        (Decimal(m) if m is not None else Decimal(MIN_CONTAINER_MIB) for _, m in container_needs),
        Decimal(0),
    )
    try:
        os_name = sizes.os_family(os)
    except ValueError as exc:
        raise SizingError(str(exc)) from None
    fit = sizes.smallest_fitting(cpu, memory, os_name)
    if fit is None:
        raise SizingError(
            f"the containers need {sizes.fmt_vcpu(float(cpu))} and "
            f"{sizes.fmt_gb(float(memory))}, more than the largest "
            f"{os_name.title()} task size"
        )
    return fit


SIDECAR_RESERVATION_MIB = 64  # soft reservation given to a sidecar that declares no memory


def sidecar_memory_mib(sidecar: Sidecar) -> int:
    """What a sidecar holds of its task's memory: its hard limit, else its soft reservation,
    else the reservation the component gives a sidecar that declares neither."""
    for mib in (sidecar.memory, sidecar.memory_reservation):
        if mib is not None:
            return mib
    return SIDECAR_RESERVATION_MIB


def service_size(service: Service) -> tuple[int, int]:
    """The task size of an ECS service: its own cpu/memory, or the cheapest size holding its
    containers, counting a sidecar without memory at the soft reservation the component gives
    it. One function, so ``cost`` prices exactly the size the component deploys."""
    if service.cpu is not None and service.memory is not None:
        return service.cpu, service.memory
    needs: list[tuple[int | None, int | None]] = [(None, None)]
    needs += [(sidecar.cpu, sidecar_memory_mib(sidecar)) for sidecar in service.sidecars]
    return right_size(needs, service.os)


__all__ = [
    "MIN_CONTAINER_MIB",
    "SIDECAR_RESERVATION_MIB",
    "Service",
    "Sidecar",
    "SizingError",
    "right_size",
    "service_size",
    "sidecar_memory_mib",
]
