"""``diff --format markdown``: the change review as one pull-request comment,
``templates/report/diff.md.j2`` over a view built here, with a Mermaid diagram of the stack after
the change (GitHub renders ``mermaid`` code blocks as pictures).

One comment has a size limit, so the view summarises rather than cuts: every table is whole or
replaced by a grouped one (counts per type, rule or cluster), and the diagram shows each cluster's
changed services one by one and the unchanged ones as a count past :data:`DIAGRAM_SERVICES`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..engine.diff import Change
from ..engine.graph import CapturedResource, short_type, urn_name
from .diff_text import ORDER, ordered_changes, pair, signed
from .model import money
from .review import CostRow, Review
from .templates import render_template

# GitHub refuses a comment body over 65,536 characters: the REST API's 422 answer says "Body is
# too long (maximum is 65536 characters)" (docs.github.com/rest/issues/comments, error text
# quoted in github.com/telia-oss/github-pr-resource/issues/259; read 2026-12). The comment is
# kept under it with room for the workflow's hidden marker line.
GITHUB_COMMENT_LIMIT = 65_536
BUDGET = 60_000
TABLE_ROWS = 100  # a longer list becomes a grouped table
DIAGRAM_SERVICES = 30  # services and workloads drawn one by one, changed ones first

ECS_CLUSTER = "fargate-stacks:ecs:EcsFargateCluster"
EKS_CLUSTER = "fargate-stacks:eks:EksFargateCluster"
ECS_SERVICE = "fargate-stacks:ecs:EcsFargateService"
WORKLOAD = "fargate-stacks:eks:FargateWorkload"
NETWORK = "fargate-stacks:network:Network"
VPC = "aws:ec2/vpc:Vpc"
LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"


@dataclass
class Node:
    id: str
    label: str
    state: str  # "created", "changed", "same"
    parent: str | None = None
    shape: str = "box"


@dataclass
class Diagram:
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        out = ["flowchart LR"]
        for n in self.nodes:
            label = n.label.replace('"', "#quot;")
            opening, closing = {"box": ("[", "]"), "lb": ("([", "])"), "net": ("[(", ")]")}[n.shape]
            out.append(f'  {n.id}{opening}"{label}"{closing}')
        out += [f"  {a} --> {b}" for a, b in self.edges]
        for state in ("created", "changed"):
            ids = [n.id for n in self.nodes if n.state == state]
            if ids:
                out.append(f"  class {','.join(ids)} {state}")
        out.append("  classDef created fill:#dafbe1,stroke:#1a7f37")
        out.append("  classDef changed fill:#fff8c5,stroke:#9a6700")
        return "\n".join(out)


def _state_of(review: Review) -> dict[str, str]:
    """For each component URN of the new graph: created, changed (something beneath changes)
    or same."""
    by_urn = {r.urn: r for r in review.new.graph.resources}
    states: dict[str, str] = {}
    for change in review.resources.changes:
        if change.action == "delete":
            continue
        urn: str | None = change.urn
        first = True
        while urn is not None:
            if first and change.action == "create" and not change.custom:
                states[urn] = "created"
            elif states.get(urn) != "created":
                states[urn] = "changed"
            first = False
            resource = by_urn.get(urn)
            urn = resource.parent if resource is not None else None
    return states


def diagram(review: Review, limit: int = DIAGRAM_SERVICES) -> Diagram:
    """The stack after the change: network, clusters, services and workloads (Fargate size,
    tasks on Spot, load balancer), changed nodes marked."""
    resources = review.new.graph.resources
    states = _state_of(review)
    children: dict[str, list[CapturedResource]] = {}
    for r in resources:
        if r.parent:
            children.setdefault(r.parent, []).append(r)
    lines = {}
    if review.new.cost is not None:
        lines = {(x.cluster, x.name): x for x in review.new.cost.lines}
    d = Diagram()
    net_id = None
    for r in resources:
        if r.type == NETWORK:
            vpc = next((c for c in children.get(r.urn, []) if c.type == VPC), None)
            cidr = vpc.inputs.get("cidrBlock", "") if vpc is not None else ""
            net_id = "net"
            d.nodes.append(
                Node(net_id, f"VPC {cidr}".strip(), states.get(r.urn, "same"), shape="net")
            )
    clusters = [r for r in resources if r.type in (ECS_CLUSTER, EKS_CLUSTER)]
    services = {
        c.urn: [s for s in children.get(c.urn, []) if s.type in (ECS_SERVICE, WORKLOAD)]
        for c in clusters
    }
    # changed services first, then unchanged ones, ``limit`` in all: a big stack still shows
    # what the change touches, and counts the rest per cluster
    budget = limit
    shown: dict[str, list[CapturedResource]] = {c.urn: [] for c in clusters}
    for wanted_changed in (True, False):
        for c in clusters:
            for s in services[c.urn]:
                if budget <= 0:
                    break
                if (states.get(s.urn, "same") != "same") is wanted_changed:
                    shown[c.urn].append(s)
                    budget -= 1
    for i, c in enumerate(clusters):
        cid = f"c{i}"
        kind = "ECS cluster" if c.type == ECS_CLUSTER else "EKS cluster"
        d.nodes.append(Node(cid, f"{kind} {c.name}", states.get(c.urn, "same")))
        if net_id:
            d.edges.append((net_id, cid))
        drawn = {s.urn for s in shown[c.urn]}
        for j, s in enumerate(services[c.urn]):
            if s.urn not in drawn:
                continue
            sid = f"{cid}s{j}"
            name = s.name[len(c.name) + 1 :] if s.name.startswith(c.name + "-") else s.name
            d.nodes.append(
                Node(
                    sid, _service_label(name, lines.get((c.name, name))), states.get(s.urn, "same")
                )
            )
            d.edges.append((cid, sid))
            lb = _balancer(children.get(s.urn, []))
            if lb:
                d.nodes.append(Node(f"{sid}lb", lb, states.get(s.urn, "same"), shape="lb"))
                d.edges.append((f"{sid}lb", sid))
        hidden = [s for s in services[c.urn] if s.urn not in drawn]
        if hidden:
            changed = sum(states.get(s.urn, "same") != "same" for s in hidden)
            label = f"{len(hidden)} more" + (
                f", {changed} of them changed" if changed else ", unchanged"
            )
            d.nodes.append(Node(f"{cid}more", label, "changed" if changed else "same"))
            d.edges.append((cid, f"{cid}more"))
    return d


def _service_label(name: str, line: Any) -> str:
    if line is None:
        return name
    spot = (
        f"Spot {line.spot_tasks_desired}/{line.count_desired}"
        if line.spot_hourly is not None
        else "on-demand"
    )
    return f"{name}<br/>{line.capacity_provisioned} x{line.count_desired}<br/>{spot}"


def _balancer(children: list[CapturedResource]) -> str:
    for r in children:
        if r.type == LOAD_BALANCER:
            return "ALB internal" if r.inputs.get("internal") else "ALB public"
        if r.type == INGRESS:
            annotations = (r.inputs.get("metadata") or {}).get("annotations") or {}
            scheme = annotations.get("alb.ingress.kubernetes.io/scheme", "")
            return f"ALB {scheme}".strip() if scheme else "Ingress"
    return ""


def _change_rows(changes: list[Change]) -> list[dict[str, Any]]:
    rows = []
    for c in changes:
        forced = set(c.replace_reasons)
        rows.append(
            {
                "action": c.action,
                "type": short_type(c.type),
                "name": c.name,
                "paths": ", ".join(
                    f"`{p.path}`{' (replaces)' if p.path in forced else ''}" for p in c.paths
                ),
            }
        )
    return rows


def _grouped(changes: list[Change]) -> list[dict[str, Any]]:
    counts = Counter((c.action, short_type(c.type)) for c in changes)
    return [
        {"action": action, "type": type_, "count": n}
        for (action, type_), n in sorted(counts.items(), key=lambda kv: (ORDER[kv[0][0]], kv[0][1]))
    ]


def _lost(stateful: list[tuple[str, str, str]], limit: int) -> dict[str, Any]:
    """What a rename loses: each stateful resource by name, or counts per type past ``limit``
    (a cluster of a thousand services loses thousands of log groups and load balancers)."""
    if len(stateful) <= limit:
        return {"rows": stateful, "groups": []}
    counts = Counter((short_type(t), what) for t, _, what in stateful)
    return {
        "rows": [],
        "groups": [
            {"type": t, "what": what, "count": n} for (t, what), n in sorted(counts.items())
        ],
    }


def _cost_view(rows: list[CostRow], limit: int) -> dict[str, Any]:
    changed = [r for r in rows if r.changed]
    unchanged = [r for r in rows if not r.changed]
    same_total = sum((r.after or Decimal(0) for r in unchanged), Decimal(0))
    view: dict[str, Any] = {
        "unchanged": len(unchanged),
        "unchanged_total": money(same_total),
        "rows": [],
        "clusters": [],
    }
    if len(changed) <= limit:
        view["rows"] = [
            {
                "name": "/".join(x for x in (r.cluster, r.name) if x),
                "kind": r.kind,
                "size": pair(r.size_before, r.size_after, "→"),
                "spot": pair(r.spot_before, r.spot_after, "→"),
                "before": money(r.before),
                "after": money(r.after),
                "delta": signed(r.delta),
            }
            for r in changed
        ]
        return view
    by_cluster: dict[str, list[CostRow]] = {}
    for r in changed:
        # services and workloads by cluster; fees and the bill's line items by their kind
        by_cluster.setdefault(r.cluster if r.cluster and r.name else r.kind or r.name, []).append(r)
    view["clusters"] = [
        {
            "cluster": name,
            "count": len(items),
            "before": money(sum((r.before or Decimal(0) for r in items), Decimal(0))),
            "after": money(sum((r.after or Decimal(0) for r in items), Decimal(0))),
            "delta": signed(sum((r.delta for r in items), Decimal(0))),
        }
        for name, items in by_cluster.items()
    ]
    return view


def _findings(findings: list[Any], limit: int) -> dict[str, Any]:
    if len(findings) <= limit:
        return {
            "groups": [],
            "rows": [
                {
                    "level": f.level,
                    "rule": f.rule,
                    "resource": urn_name(f.resource),
                    "message": " ".join(f.message.split()).replace("|", "\\|"),
                }
                for f in findings
            ],
        }
    counts = Counter((f.level, f.rule) for f in findings)
    return {
        "rows": [],
        "groups": [
            {"level": level, "rule": rule, "count": n}
            for (level, rule), n in sorted(
                counts.items(), key=lambda kv: (kv[0][0] != "mandatory", kv[0][1])
            )
        ],
    }


def render_diff_markdown(review: Review) -> str:
    """The comment; re-rendered with smaller tables while it is over :data:`BUDGET`."""
    for limit in (TABLE_ROWS, 30, 0):
        text = _render(review, limit, DIAGRAM_SERVICES if limit else 10)
        if len(text) <= BUDGET:
            return text
    return text


def _render(review: Review, limit: int, diagram_services: int) -> str:
    changes = ordered_changes(review)
    risky = [c for c in changes if c.action in ("replace", "delete")]
    others = [c for c in changes if c.action not in ("replace", "delete")]
    counts = review.resources.counts()
    return render_template(
        "report/diff.md.j2",
        review=review,
        counts=counts,
        risky=_change_rows(risky) if len(risky) <= limit else None,
        risky_grouped=_grouped(risky),
        others=_change_rows(others) if len(others) <= limit else None,
        others_grouped=_grouped(others),
        renames=review.resources.renames,
        lost_of=[_lost(r.stateful, limit) for r in review.resources.renames],
        new_findings=_findings(review.findings_new, limit),
        fixed_findings=_findings(review.findings_fixed, limit),
        cost=_cost_view(review.cost_rows, limit),
        money=money,
        signed=signed,
        short_type=short_type,
        diagram=diagram(review, diagram_services).text(),
    )
