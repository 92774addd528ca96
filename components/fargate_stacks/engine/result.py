"""What a preview gives back: what it found (the resources, the policy findings, the Fargate sizes
and the cost), or why the stack was refused."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..fargate import prices
from .graph import ResourceGraph

# The version of the ``preview --format json`` document (README "The preview's JSON"): raised
# when a field changes meaning or goes away; new fields keep it. 2: resources carry their id,
# outputs, dependencies and propertyDependencies. 3: ``cost.totals.monthly_*`` and
# ``summary.monthly_expected_usd`` are the whole bill (with ``cost.line_items``: load balancers,
# NAT gateways, ...); ``cost.totals.fargate_monthly_expected_usd`` is what 2 called the total.
SCHEMA_VERSION = 3

if TYPE_CHECKING:
    from ..fargate.cost import CostReport
    from ..policies.findings import Finding


class PreviewRejected(InputError):
    """Mocked AWS or the program refused the stack: one line naming the resource and why."""


@dataclass
class PreviewResult:
    """One offline preview. ``to_dict()`` is the ``preview --format json`` document."""

    stack: str
    project: str
    region: str
    graph: ResourceGraph
    findings: list[Finding] = field(default_factory=list)
    cost: CostReport | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)  # warnings: Pulumi's, and the preview's

    @property
    def resources(self) -> list[Any]:
        return self.graph.resources

    @property
    def mandatory(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "mandatory"]

    @property
    def advisory(self) -> list[Finding]:
        return [f for f in self.findings if f.level != "mandatory"]

    @property
    def ok(self) -> bool:
        """True when nothing mandatory was found: what ``pulumi preview`` with the pack allows."""
        return not self.mandatory

    def summary(self) -> dict[str, Any]:
        types = Counter(r.type for r in self.graph.resources)
        monthly = prices.monthly_usd(self.cost.monthly_expected) if self.cost is not None else None
        return {
            "resources": len(self.graph.resources),
            "create": len(self.graph.resources),
            "components": sum(1 for r in self.graph.resources if not r.custom),
            "types": dict(sorted(types.items())),
            "findings": {"mandatory": len(self.mandatory), "advisory": len(self.advisory)},
            "monthly_expected_usd": monthly,
            "ok": self.ok,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schemaVersion": SCHEMA_VERSION,
            "stack": self.stack,
            "project": self.project,
            "region": self.region,
            "resources": [r.to_dict() for r in self.graph.resources],
            "findings": [f.to_dict() for f in self.findings],
            "cost": self.cost.to_dict() if self.cost is not None else None,
            "summary": self.summary(),
        }
