"""``diff --format text``: the change review for a terminal or a CI log, plain text.

Replacements and deletions first (what can lose data or traffic), then renames, updates and
creates, findings, cost and the verdict: the order a reviewer reads in.
"""

from __future__ import annotations

from decimal import Decimal

from ..engine.diff import Change, Rename
from ..engine.graph import short_type, urn_name
from .model import money
from .review import Review

SIGN = {"create": "+", "update": "~", "replace": "+-", "delete": "-"}
ORDER = {"replace": 0, "delete": 1, "update": 2, "create": 3}


def signed(value: Decimal) -> str:
    """``+$1.20`` / ``-$3.00`` / ``$0.00``: a delta always says which way."""
    rounded = value.quantize(Decimal("0.01"))
    sign = "+" if rounded > 0 else "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def renamed_urns(review: Review) -> set[str]:
    """Both halves of every rename: reported once, as the rename."""
    out: set[str] = set()
    for rename in review.resources.renames:
        for old, new, _type, _plan in rename.pairs:
            out.update((old, new))
    return out


def ordered_changes(review: Review) -> list[Change]:
    hidden = renamed_urns(review)
    changes = [c for c in review.resources.changes if c.urn not in hidden]
    return sorted(changes, key=lambda c: ORDER[c.action])  # stable: graph order within


def render_diff_text(review: Review) -> str:
    lines = [
        f"Diff of stack {review.stack} ({review.region}): {review.old_label} -> "
        f"{review.new_label}  offline: Pulumi mocks answered by moto",
        "",
    ]
    counts = review.resources.counts()
    lines.append(
        f"Resources: {counts['create']} to create, {counts['update']} to update, "
        f"{counts['replace']} to replace, {counts['delete']} to delete, "
        f"{counts['same']} unchanged"
    )
    for change in ordered_changes(review):
        lines.append(
            f"  {SIGN[change.action]:<2} {change.action:<8} {short_type(change.type)}  "
            f"{change.name}"
        )
        forced = set(change.replace_reasons)
        for p in change.paths:
            mark = "  (forces replacement)" if p.path in forced else ""
            lines.append(f"       {p.path}: {p.old} -> {p.new}{mark}")
    for rename in review.resources.renames:
        lines += _rename_lines(rename)
    lines += _finding_lines(review)
    lines += _cost_lines(review)
    lines += ["", f"Verdict: {_verdict_text(review)}"]
    return "\n".join(lines) + "\n"


def _rename_lines(rename: Rename) -> list[str]:
    plans = {"same": 0, "update": 0, "replace": 0}
    for *_rest, plan in rename.pairs:
        plans[plan] += 1
    out = [
        "",
        f"RENAME: {short_type(rename.type)} {rename.old_name} -> {rename.new_name}: Pulumi "
        f"deletes all {len(rename.pairs)} resources under {rename.old_name} and creates them "
        f"again under {rename.new_name}",
    ]
    if rename.stateful:
        out.append("  lost with them:")
        out += [f"    {short_type(t)} {n}: {what}" for t, n, what in rename.stateful]
    out.append(f"  to keep them, give the {short_type(rename.type)} {rename.new_name}:")
    out.append(f"    {rename.alias}")
    out.append(
        f"  with the alias: {plans['same']} unchanged, {plans['update']} updated, "
        f"{plans['replace']} still replaced (an input that forces it changes with the name)"
    )
    return out


def _finding_lines(review: Review) -> list[str]:
    out = [
        "",
        f"Findings: {len(review.findings_new)} new ({len(review.new_mandatory)} mandatory), "
        f"{len(review.findings_fixed)} fixed, {len(review.findings_unchanged)} unchanged",
    ]
    out += [
        f"  + [{f.level}] {f.rule} {urn_name(f.resource)}: {f.message}" for f in review.findings_new
    ]
    out += [f"  - fixed {f.rule} {urn_name(f.resource)}" for f in review.findings_fixed]
    return out


def _cost_lines(review: Review) -> list[str]:
    out = [
        "",
        f"Cost per month (730 h, expected with the Spot mix): {money(review.cost_before)} -> "
        f"{money(review.cost_after)} ({signed(review.cost_delta)})",
    ]
    changed = [r for r in review.cost_rows if r.changed]
    if not changed:
        return out
    header = ("Cluster/name", "Kind", "Size", "Spot", "Before", "After", "Delta")
    rows = [
        (
            "/".join(x for x in (r.cluster, r.name) if x),
            r.kind,
            pair(r.size_before, r.size_after),
            pair(r.spot_before, r.spot_after),
            money(r.before),
            money(r.after),
            signed(r.delta),
        )
        for r in changed
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [
            cell.rjust(w) if i >= 4 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    unchanged = len(review.cost_rows) - len(changed)
    if unchanged:
        out.append(f"  ({unchanged} unchanged)")
    return out


def pair(before: str, after: str, arrow: str = "->") -> str:
    """One value, or how it changes (``-`` for none)."""
    if before == after:
        return after
    return f"{before or '-'} {arrow} {after or '-'}"


def _verdict_text(review: Review) -> str:
    if not review.ok:
        return (
            f"blocked: {len(review.new_mandatory)} new mandatory finding(s), "
            "pulumi preview with the policy pack would fail"
        )
    if review.verdict == "review replacements":
        return "ok for Fargate; review the replacements and deletions above before merging"
    return "ok"
