"""``size --fit``: the container requests (and limits) that move a pod to its fit, as edits.

:mod:`fargate_stacks.fargate.rounding` says what a pod's requests should be at pod level; a pod
has containers, so this module decides which values change, per resource:

* every init container that asks for more than the fit is lowered to the fit (the pod's request
  is the largest init container's, when that is larger than the long-running sum);
* when the long-running containers add up to more than the fit, the cut is taken from the one
  that asks for the most (the app, not its sidecars), which must keep something;
* each changed container gets the new value in ``requests`` and in ``limits`` where those set
  it, so the two stay equal (Fargate runs pods Guaranteed), written in the notation the
  container used (``7.75Gi``, ``1000m``).

The edited pod is sized again before anything is proposed: it must land on the fit's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..fargate.podsizing import capacity_provisioned, container_request, pod_size
from ..fargate.prices import Rates
from ..fargate.rounding import Fit, Rounding, rounding
from ..fargate.units import cpu_like, cpu_quantity_to_units, memory_like, memory_quantity_to_mib
from ..yamlsource import PathKey
from .kubernetes import PodTemplate

RESOURCES = ("cpu", "memory")


@dataclass(frozen=True)
class ValueEdit:
    """One value of a manifest to change: its path inside its document, its new text."""

    path: PathKey
    old: Any
    new: str


@dataclass(frozen=True)
class TemplateFit:
    """A pod template's rounding, and the edits that move it to its fit (if it has one)."""

    template: PodTemplate
    rounding: Rounding
    edits: tuple[ValueEdit, ...] = ()
    problem: str | None = None  # why a fit exists but cannot be written

    @property
    def fit(self) -> Fit | None:
        return self.rounding.fit


def template_rounding(template: PodTemplate, rates: Rates) -> Rounding | None:
    """The rounding of a pod template (None when no Fargate size fits it)."""
    size = pod_size(template.containers, template.init_containers)
    if size.cpu_units is None:
        return None
    return rounding(size.requested_cpu_units, size.requested_memory_mib, rates)


def fit_template(template: PodTemplate, found: Rounding) -> TemplateFit:
    """The edits that give ``template`` its fit (none when it has no fit)."""
    fit = found.fit
    if fit is None:
        return TemplateFit(template, found)
    edits: list[ValueEdit] = []
    targets = {"cpu": fit.cpu_units, "memory": fit.memory_mib}
    current = {"cpu": found.cpu_units, "memory": found.memory_mib}
    lists = {"initContainers": template.init_containers, "containers": template.containers}
    new_values: dict[tuple[str, int, str], str] = {}
    for resource in RESOURCES:
        if targets[resource] >= current[resource]:
            continue
        changed, problem = _cut(lists, resource, targets[resource])
        if problem is not None:
            return TemplateFit(template, found, problem=problem)
        for (list_name, index), amount in changed.items():
            container = lists[list_name][index]
            new_values[(list_name, index, resource)] = _written_like(
                container_request(container, resource), resource, amount
            )
    for (list_name, index, resource), text in new_values.items():
        resources = lists[list_name][index].get("resources") or {}
        for section in ("requests", "limits"):
            values = resources.get(section) or {}
            if values.get(resource) is not None:
                edits.append(
                    ValueEdit(
                        (*template.spec_path, list_name, index, "resources", section, resource),
                        values[resource],
                        text,
                    )
                )
    problem = _lands_on(template, new_values, fit)
    if problem is not None:
        return TemplateFit(template, found, problem=problem)
    return TemplateFit(template, found, tuple(edits))


def _amount(container: dict[str, Any], resource: str) -> Decimal:
    value = container_request(container, resource)
    if value is None:
        return Decimal(0)
    return cpu_quantity_to_units(value) if resource == "cpu" else memory_quantity_to_mib(value)


def _cut(
    lists: dict[str, list[dict[str, Any]]], resource: str, target: Decimal
) -> tuple[dict[tuple[str, int], Decimal], str | None]:
    """New amounts, by (list, index), that bring the pod's ``resource`` down to ``target``."""
    out: dict[tuple[str, int], Decimal] = {}
    for i, container in enumerate(lists["initContainers"]):
        if _amount(container, resource) > target:
            out[("initContainers", i)] = target
    amounts = [_amount(c, resource) for c in lists["containers"]]
    excess = sum(amounts, Decimal(0)) - target
    if excess > 0:
        largest = max(range(len(amounts)), key=lambda i: amounts[i])  # first of equals
        if amounts[largest] <= excess:
            name = lists["containers"][largest].get("name")
            return {}, (
                f"the cut in {resource} is larger than what container {name!r}, the largest, "
                "asks for: change the requests by hand"
            )
        out[("containers", largest)] = amounts[largest] - excess
    return out, None


def _written_like(old: Any, resource: str, amount: Decimal) -> str:
    return cpu_like(old, amount) if resource == "cpu" else memory_like(old, amount)


def _lands_on(
    template: PodTemplate, new_values: dict[tuple[str, int, str], str], fit: Fit
) -> str | None:
    """None when the pod with the new values is provisioned as the fit's size."""
    lists: dict[str, list[dict[str, Any]]] = {
        "initContainers": [dict(c) for c in template.init_containers],
        "containers": [dict(c) for c in template.containers],
    }
    for (list_name, index, resource), text in new_values.items():
        container = lists[list_name][index]
        resources = dict(container.get("resources") or {})
        requests = dict(resources.get("requests") or {})
        requests[resource] = text
        resources["requests"] = requests
        container["resources"] = resources
    size = pod_size(lists["containers"], lists["initContainers"])
    if (size.cpu_units, size.memory_mib) != fit.size:
        return (
            f"the values as written would make the pod {size.capacity_provisioned}, not "
            f"{capacity_provisioned(*fit.size)}: change the requests by hand"
        )
    return None


def fit_templates(templates: Sequence[PodTemplate], rates: Rates) -> list[TemplateFit]:
    """Each template that Fargate can run, with its rounding and fit edits."""
    out = []
    for template in templates:
        if template.kind == "DaemonSet":
            continue
        found = template_rounding(template, rates)
        if found is not None:
            out.append(fit_template(template, found))
    return out
