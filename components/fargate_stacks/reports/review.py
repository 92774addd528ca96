"""A change review: two offline previews of one stack, what the change does to its resources,
its policy findings and its monthly cost. ``to_dict()`` is ``diff --format json`` (docs/diff.md,
docs/diff.schema.json); the text and markdown renderings read the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..engine.diff import ResourceDiff, diff_results, key_of
from ..fargate import prices

if TYPE_CHECKING:
    from ..engine.result import PreviewResult
    from ..fargate.cost import CostReport
    from ..policies.findings import Finding

# The version of the ``diff --format json`` document: raised when a field changes meaning or
# goes away; new fields keep it.
SCHEMA_VERSION = 1
OTHER = "other line items"


@dataclass
class CostRow:
    """One service, workload or fee: its expected monthly cost before and after (None: absent
    on that side, or billed per run)."""

    cluster: str
    name: str
    kind: str
    before: Decimal | None
    after: Decimal | None
    size_before: str = ""
    size_after: str = ""
    spot_before: str = ""
    spot_after: str = ""

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))

    @property
    def changed(self) -> bool:
        return (
            self.before != self.after
            or self.size_before != self.size_after
            or self.spot_before != self.spot_after
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.cluster,
            "name": self.name,
            "kind": self.kind,
            "before": prices.monthly_usd(self.before),
            "after": prices.monthly_usd(self.after),
            "delta": prices.monthly_usd(self.delta),
            "sizeBefore": self.size_before or None,
            "sizeAfter": self.size_after or None,
            "spotBefore": self.spot_before or None,
            "spotAfter": self.spot_after or None,
        }


@dataclass
class Review:
    stack: str
    region: str
    old_label: str
    new_label: str
    resources: ResourceDiff
    findings_new: list[Finding]
    findings_fixed: list[Finding]
    findings_unchanged: list[Finding]
    cost_before: Decimal
    cost_after: Decimal
    cost_rows: list[CostRow]
    new: PreviewResult = field(repr=False)
    old: PreviewResult = field(repr=False)

    @property
    def cost_delta(self) -> Decimal:
        return self.cost_after - self.cost_before

    @property
    def new_mandatory(self) -> list[Finding]:
        return [f for f in self.findings_new if f.level == "mandatory"]

    @property
    def ok(self) -> bool:
        """False when the change adds a mandatory finding: exit 1, the verdict "blocked"."""
        return not self.new_mandatory

    @property
    def verdict(self) -> str:
        if not self.ok:
            return "blocked"
        counts = self.resources.counts()
        if counts["delete"] or counts["replace"]:
            return "review replacements"
        return "ok"

    def summary(self) -> dict[str, Any]:
        counts = self.resources.counts()
        return {
            **counts,
            "renames": len(self.resources.renames),
            "findings": {
                "new": len(self.findings_new),
                "newMandatory": len(self.new_mandatory),
                "fixed": len(self.findings_fixed),
                "unchanged": len(self.findings_unchanged),
            },
            "monthlyBefore": prices.monthly_usd(self.cost_before),
            "monthlyAfter": prices.monthly_usd(self.cost_after),
            "monthlyDelta": prices.monthly_usd(self.cost_delta),
            "verdict": self.verdict,
            "ok": self.ok,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schemaVersion": SCHEMA_VERSION,
            "stack": self.stack,
            "region": self.region,
            "old": self.old_label,
            "new": self.new_label,
            "changes": [c.to_dict() for c in self.resources.changes],
            "renames": [r.to_dict() for r in self.resources.renames],
            "findings": {
                "new": [f.to_dict() for f in self.findings_new],
                "fixed": [f.to_dict() for f in self.findings_fixed],
                "unchanged": len(self.findings_unchanged),
            },
            "cost": {
                "before": prices.monthly_usd(self.cost_before),
                "after": prices.monthly_usd(self.cost_after),
                "delta": prices.monthly_usd(self.cost_delta),
                "rows": [row.to_dict() for row in self.cost_rows],
            },
            "summary": self.summary(),
        }


def _finding_key(f: Finding) -> tuple[str, str, str]:
    """A finding is the same on both sides when the rule, the resource (URN without its stack)
    and the message agree: a rule firing on the same resource for a new reason is new."""
    return (f.rule, key_of(f.resource), f.message)


def _spot(line: Any) -> str:
    if line is None:
        return ""
    return f"{line.spot_tasks_desired}/{line.count_desired}"


def _renamed(resources: ResourceDiff) -> dict[str, str]:
    """Old component name -> new, for every rename (clusters, services, workloads)."""
    return {r.old_name: r.new_name for r in resources.renames}


def _cost_rows(
    old: CostReport | None, new: CostReport | None, renamed: dict[str, str] | None = None
) -> list[CostRow]:
    """Rows in the new report's order, then what only the old one has: services and workloads,
    fixed fees, the bill's line items; plus one row for whatever else the cost model counts in
    its total, so rows always sum to the totals. A renamed cluster or service is one row, under its new
    name (its component ``<cluster>-<service>`` renamed, or its cluster)."""
    renamed = renamed or {}

    def moved(cluster: str, name: str) -> tuple[str, str]:
        component = renamed.get(f"{cluster}-{name}")
        if component is not None:
            new_cluster = renamed.get(cluster, cluster)
            prefix = new_cluster + "-"
            return new_cluster, component[len(prefix) :] if component.startswith(prefix) else name
        return renamed.get(cluster, cluster), name

    rows: dict[tuple[str, str, str], CostRow] = {}
    before_lines = {(*moved(x.cluster, x.name), x.kind): x for x in (old.lines if old else [])}
    after_lines = {(x.cluster, x.name, x.kind): x for x in (new.lines if new else [])}
    for key in [*after_lines, *(k for k in before_lines if k not in after_lines)]:
        a, b = before_lines.get(key), after_lines.get(key)
        rows[key] = CostRow(
            *key,
            before=a.monthly_expected if a else None,
            after=b.monthly_expected if b else None,
            size_before=a.capacity_provisioned if a else "",
            size_after=b.capacity_provisioned if b else "",
            spot_before=_spot(a),
            spot_after=_spot(b),
        )
    before_fixed = {
        (renamed.get(f.name, f.name), "", f.kind): f for f in (old.fixed if old else [])
    }
    after_fixed = {(f.name, "", f.kind): f for f in (new.fixed if new else [])}
    for key in [*after_fixed, *(k for k in before_fixed if k not in after_fixed)]:
        fa, fb = before_fixed.get(key), after_fixed.get(key)
        rows[key] = CostRow(
            key[0], "", key[2], fa.monthly if fa else None, fb.monthly if fb else None
        )

    # the bill's other line items (load balancers, NAT gateways, addresses, endpoints, logs),
    # one row per resource and category
    def items(report: CostReport | None, old_side: bool) -> dict[tuple[str, str, str], Decimal]:
        out: dict[tuple[str, str, str], Decimal] = {}
        for item in report.items if report is not None else []:
            resource = item.resource  # "<cluster>/<service> ...": a renamed cluster's new name
            head, sep, rest = resource.partition("/")
            if old_side and sep and head in renamed:
                resource = f"{renamed[head]}/{rest}"
            key = (resource, "", f"{item.category} ({item.unit})")
            out[key] = out.get(key, Decimal(0)) + (item.monthly or Decimal(0))
        return out

    before_items, after_items = items(old, True), items(new, False)
    for key in [*after_items, *(k for k in before_items if k not in after_items)]:
        rows[key] = CostRow("", key[0], key[2], before_items.get(key), after_items.get(key))
    out = list(rows.values())
    rest_before = (old.monthly_expected if old else Decimal(0)) - sum(
        (r.before or Decimal(0) for r in out), Decimal(0)
    )
    rest_after = (new.monthly_expected if new else Decimal(0)) - sum(
        (r.after or Decimal(0) for r in out), Decimal(0)
    )
    if rest_before or rest_after:
        out.append(CostRow("", OTHER, "", rest_before, rest_after))
    return out


def build_review(old: PreviewResult, new: PreviewResult, old_label: str, new_label: str) -> Review:
    """Compare two previews of one stack: resources, findings and cost."""
    resources = diff_results(old, new)
    old_keys = {_finding_key(f) for f in old.findings}
    new_keys = {_finding_key(f) for f in new.findings}
    return Review(
        stack=new.stack,
        region=new.region,
        old_label=old_label,
        new_label=new_label,
        resources=resources,
        findings_new=[f for f in new.findings if _finding_key(f) not in old_keys],
        findings_fixed=[f for f in old.findings if _finding_key(f) not in new_keys],
        findings_unchanged=[f for f in new.findings if _finding_key(f) in old_keys],
        cost_before=old.cost.monthly_expected if old.cost else Decimal(0),
        cost_after=new.cost.monthly_expected if new.cost else Decimal(0),
        cost_rows=_cost_rows(old.cost, new.cost, _renamed(resources)),
        new=new,
        old=old,
    )
