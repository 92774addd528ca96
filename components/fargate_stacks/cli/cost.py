"""``fargate-stacks cost``: the monthly estimate of a stack spec, per service and workload."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from .common import FORMAT_TEXT_JSON, emit, handles_input_errors

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from ..fargate.cost import CostReport


@click.command("cost")
@click.argument("spec", type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=FORMAT_TEXT_JSON,
    default="text",
    show_default=True,
    help="text: a table with totals; json: every figure with its inputs.",
)
@click.option(
    "--prices",
    "price_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Price file (JSON/YAML, region -> prices); overrides cost.priceFile.",
)
@handles_input_errors
def cost(spec: str, fmt: str, price_file: str | None) -> None:
    """Monthly cost of the stack SPEC (Pulumi.<stack>.yaml or a bare spec) on Fargate.

    Per ECS service and EKS workload: the task or pod size, on-demand and with the configured
    Spot mix (base first, then weights), at the autoscaling minimum, desired count and maximum,
    ARM, Windows and extra ephemeral storage included; the EC2 fleet that would hold the same
    tasks where that comparison is fair; the EKS control plane per cluster.
    """
    from ..fargate.cost import estimate
    from ..fargate.prices import prices_for
    from ..spec import load_spec

    loaded = load_spec(spec)
    report = estimate(
        loaded.spec, loaded.region, prices_for(loaded.region, price_file or loaded.price_file)
    )
    if fmt == "json":
        emit(json.dumps(report.to_dict(), indent=2))
    else:
        emit(_text(report, loaded.stack))


def _usd(value: Decimal | None, places: int = 2) -> str:
    return "-" if value is None else f"{value:,.{places}f}"


def _text(report: CostReport, stack: str) -> str:
    from rich.markup import escape
    from rich.table import Table

    from .size import render_table

    table = Table(
        title=f"Monthly cost of stack {stack} ({report.region}, "
        f"{report.price_table.checked} prices, 730 h/month)",
        show_footer=True,
    )
    columns: tuple[tuple[str, JustifyMethod, str], ...] = (
        ("Cluster/name", "left", "Total"),
        ("Kind", "left", ""),
        ("Size", "left", ""),
        ("Tasks min/desired/max", "right", ""),
        ("$/h each", "right", ""),
        ("$/month min", "right", _usd(report.monthly_min)),
        ("$/month expected", "right", _usd(report.monthly_expected)),
        ("$/month max", "right", _usd(report.monthly_max)),
        ("all on-demand", "right", _usd(report.monthly_on_demand)),
        ("EC2 instead", "left", ""),
    )
    for header, justify, footer in columns:
        table.add_column(
            header,
            justify=justify,
            footer=footer,
            no_wrap=header != "EC2 instead",
            overflow="fold",
        )
    for line in report.lines:
        size = line.capacity_provisioned
        if (line.os, line.arch) != ("linux", "x86_64"):
            size += f" {line.os}/{line.arch}"
        if line.ephemeral_gib > 20:
            size += f" +{line.ephemeral_gib - 20}GB disk"
        counts = f"{line.count_min}/{line.count_desired}/{line.count_max}"
        if line.spot_hourly is not None:
            counts += f" ({line.spot_tasks_desired} Spot)"
        ec2 = (
            "-"
            if line.ec2_instance is None
            else f"{line.ec2_count}x {line.ec2_instance} {_usd(line.ec2_monthly)}"
        )
        table.add_row(
            escape(f"{line.cluster}/{line.name}"),
            line.kind,
            size,
            counts,
            _usd(line.on_demand_hourly, 5),
            _usd(line.monthly_min),
            _usd(line.monthly_expected),
            _usd(line.monthly_max),
            _usd(line.monthly_on_demand),
            ec2,
        )
    for fixed in report.fixed:
        table.add_row(
            escape(fixed.name),
            fixed.kind,
            "",
            "",
            _usd(fixed.hourly, 5),
            _usd(fixed.monthly),
            _usd(fixed.monthly),
            _usd(fixed.monthly),
            _usd(fixed.monthly),
            "",
        )
    notes = [
        f"- {note}"
        for line in report.lines
        for note in line.notes
        if "is billed per run" in note or "size not set" in note
    ]
    notes += [f"- {note}" for note in report.notes]
    return render_table(table) + "\n".join(notes)
