"""The view of a preview that every rendering shares: a tree of resources, findings grouped by
rule, and the capacity/cost rows. Built once in O(n)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.graph import urn_name
from ..engine.result import PreviewResult


@dataclass
class Node:
    type: str
    name: str
    children: list[Node] = field(default_factory=list)


@dataclass
class ReportView:
    stack: str
    project: str
    region: str
    roots: list[Node]
    total: int
    findings_by_rule: list[tuple[str, str, list[dict[str, Any]]]]
    mandatory: int
    advisory: int
    capacity: list[dict[str, Any]]
    fixed: list[dict[str, Any]]
    totals: dict[str, Any] | None
    notes: list[str]
    ok: bool
    # the bill beyond Fargate, one row per category: (category, how many items, monthly USD)
    other: list[tuple[str, int, float]] = field(default_factory=list)


def build_view(result: PreviewResult) -> ReportView:
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    names: dict[str, str] = {}
    for r in result.graph.resources:
        node = nodes[r.urn] = Node(r.type, r.name)
        names[r.urn] = r.name
        parent = nodes.get(r.parent) if r.parent else None
        (parent.children if parent is not None else roots).append(node)
    grouped: dict[str, list[dict[str, Any]]] = {}
    levels: dict[str, str] = {}
    for f in sorted(result.findings, key=lambda f: (f.level != "mandatory", f.rule, f.resource)):
        grouped.setdefault(f.rule, []).append(
            {
                "resource": names.get(f.resource, urn_name(f.resource)),
                "urn": f.resource,
                "message": f.message,
                "level": f.level,
            }
        )
        levels.setdefault(f.rule, f.level)
    cost = result.cost.to_dict() if result.cost is not None else None
    return ReportView(
        stack=result.stack,
        project=result.project,
        region=result.region,
        roots=roots,
        total=len(result.graph.resources),
        findings_by_rule=[(rule, levels[rule], items) for rule, items in grouped.items()],
        mandatory=len(result.mandatory),
        advisory=len(result.advisory),
        capacity=cost["lines"] if cost else [],
        fixed=cost["fixed"] if cost else [],
        totals=cost["totals"] if cost else None,
        notes=cost["notes"] if cost else [],
        ok=result.ok,
        other=_other(cost["line_items"] if cost else []),
    )


ON_FARGATE_TABLE = ("Fargate", "EKS control plane")  # the rows of lines and fixed


def _other(items: list[dict[str, Any]]) -> list[tuple[str, int, float]]:
    """The line items beyond Fargate and the control planes, summed per category (a report
    shows the categories; ``cost`` shows every item)."""
    sums: dict[str, tuple[int, float]] = {}
    for item in items:
        if item["category"] in ON_FARGATE_TABLE:
            continue
        count, total = sums.get(item["category"], (0, 0.0))
        sums[item["category"]] = (count + 1, total + (item["monthly_usd"] or 0.0))
    return [(category, count, round(total, 2)) for category, (count, total) in sums.items()]


def money(value: Any) -> str:
    return "-" if value is None else f"${value:,.2f}"


def count_range(count: dict[str, int]) -> str:
    low, desired, high = count["min"], count["desired"], count["max"]
    return str(desired) if low == high == desired else f"{desired} ({low}-{high})"
