"""The text report: the shape of ``pulumi preview`` (resource tree, plan, counts), then the
policy findings grouped by rule, then Fargate capacity and cost. Colour only on a terminal."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..engine.graph import short_type
from ..engine.result import PreviewResult
from .model import Node, ReportView, build_view, count_range, money

if TYPE_CHECKING:
    from rich.console import JustifyMethod

_LEVEL_STYLE = {"mandatory": "bold red", "advisory": "yellow"}


def _rows(nodes: list[Node], prefix: str, out: list[tuple[str, str]]) -> None:
    """Depth-first rows with tree guides; iterative over children, O(n) overall."""
    for index, node in enumerate(nodes):
        last = index == len(nodes) - 1
        out.append((f"{prefix}{'└─ ' if last else '├─ '}{short_type(node.type)}", node.name))
        if node.children:
            _rows(node.children, prefix + ("   " if last else "│  "), out)


def render_text(result: PreviewResult, *, color: bool = False, width: int = 120) -> str:
    from rich.console import Console
    from rich.text import Text

    view = build_view(result)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    console.print(
        Text.assemble(
            ("Previewing update ", ""),
            (f"({view.stack})", "bold"),
            (f"  offline: Pulumi mocks answered by moto, region {view.region}", "dim"),
        )
    )
    console.print()
    rows: list[tuple[str, str]] = [("pulumi:pulumi:Stack", f"{view.project}-{view.stack}")]
    _rows(view.roots, "", rows)
    type_width = min(64, max(len(t) for t, _ in rows))
    name_width = max(16, min(max(len(n) for _, n in rows), width - type_width - 15))
    console.print(Text(f"     {'Type':<{type_width}}  {'Name':<{name_width}}  Plan", "bold"))
    for type_text, name in rows:
        type_text = type_text if len(type_text) <= type_width else type_text[: type_width - 1] + "…"
        name = name if len(name) <= name_width else name[: name_width - 1] + "…"
        console.print(
            Text.assemble(
                (" +   ", "green"),
                f"{type_text:<{type_width}}  ",
                f"{name:<{name_width}}  ",
                ("create", "green"),
            )
        )
    console.print()
    console.print(
        Text.assemble(("Resources:\n", "bold"), ("    + ", "green"), (f"{len(rows)} to create", ""))
    )
    _findings(console, view)
    _capacity(console, view)
    for message in result.messages:
        console.print(Text(message, "yellow"))
    return buffer.getvalue()


def _findings(console: Any, view: ReportView) -> None:
    from rich.text import Text

    console.print()
    if not view.findings_by_rule:
        console.print(
            Text.assemble(
                ("Policies: ", "bold"), ("fargate-stacks pack passed, no findings", "green")
            )
        )
        return
    console.print(
        Text.assemble(
            ("Policy findings: ", "bold"),
            (f"{view.mandatory} mandatory", _LEVEL_STYLE["mandatory"]),
            (", ", ""),
            (f"{view.advisory} advisory", _LEVEL_STYLE["advisory"]),
        )
    )
    for rule, level, items in view.findings_by_rule:
        console.print(
            Text.assemble(
                ("  ", ""),
                (f"[{level}] ", _LEVEL_STYLE.get(level, "")),
                (rule, "bold"),
                (f" ({len(items)})", "dim"),
            )
        )
        for item in items:
            console.print(
                Text.assemble(
                    ("    ", ""), (item["resource"], "cyan"), (": ", ""), (item["message"], "")
                )
            )


def _capacity(console: Any, view: ReportView) -> None:
    from rich.table import Table
    from rich.text import Text

    if view.totals is None:
        return
    console.print()
    table = Table(
        title="Fargate capacity and cost (per month, 730 h)",
        title_justify="left",
        title_style="bold",
        header_style="bold",
        show_edge=False,
        pad_edge=False,
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Cluster", "left"),
        ("Workload", "left"),
        ("Kind", "left"),
        ("Platform", "left"),
        ("Size", "left"),
        ("Tasks", "right"),
        ("On Spot", "right"),
        ("Expected", "right"),
        ("At max", "right"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify, no_wrap=True)
    for line in view.capacity:
        table.add_row(
            line["cluster"],
            line["name"],
            line["kind"],
            f"{line['os']}/{line['arch']}",
            line["capacity_provisioned"],
            count_range(line["count"]),
            str(line["spot_tasks_desired"]),
            money(line["monthly_expected_usd"]),
            money(line["monthly_max_usd"]),
        )
    for fee in view.fixed:
        table.add_row(
            fee["name"],
            "",
            fee["kind"],
            "",
            "",
            "",
            "",
            money(fee["monthly_usd"]),
            money(fee["monthly_usd"]),
        )
    for category, _count, monthly in view.other:
        table.add_row("", "", category, "", "", "", "", money(monthly), money(monthly))
    totals = view.totals
    table.add_row(
        Text("Total", "bold"),
        "",
        "",
        "",
        "",
        "",
        "",
        Text(money(totals["monthly_expected_usd"]), "bold"),
        Text(money(totals["monthly_max_usd"]), "bold"),
    )
    console.print(table)
    for note in view.notes:
        console.print(Text(f"  note: {note}", "dim"))
