"""``fargate-stacks cost``: the monthly estimate of a stack spec, per service and workload."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import click

from .common import emit, handles_input_errors

if TYPE_CHECKING:
    from rich.console import JustifyMethod
    from rich.table import Table

    from ..fargate.cost import CostReport
    from ..spec.loader import LoadedSpec


@click.command("cost")
@click.argument("spec", type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: tables with totals; json: every figure and line item with its inputs; "
    "markdown: the line items as a table (for a pull request).",
)
@click.option(
    "--prices",
    "price_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Price file (JSON/YAML, region -> prices); overrides cost.priceFile.",
)
@click.option(
    "--usage",
    "usage_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Usage file (YAML): GB through NAT, ALB LCUs, logs per task... instead of the stated "
    "defaults (fargate/usage.py).",
)
@handles_input_errors
def cost(spec: str, fmt: str, price_file: str | None, usage_file: str | None = None) -> None:
    """Monthly bill of the stack SPEC (Pulumi.<stack>.yaml or a bare spec).

    Per ECS service and EKS workload: the task or pod size, on-demand and with the configured
    Spot mix (base first, then weights), at the autoscaling minimum, desired count and maximum,
    ARM, Windows and extra ephemeral storage included; the EC2 fleet that would hold the same
    tasks where that comparison is fair; the EKS control plane per cluster. Then everything
    else the stack creates that AWS charges for: load balancers, NAT gateways, public IPv4
    addresses, interface endpoints, CloudWatch Logs, each volume it assumes named.
    """
    from ..spec import load_spec

    loaded = load_spec(spec)
    report = report_for(loaded, price_file, usage_file)
    if fmt == "json":
        emit(json.dumps(report.to_dict(), indent=2))
    elif fmt == "markdown":
        emit(markdown(report))
    else:
        emit(_text(report, loaded.stack))


def report_for(
    loaded: LoadedSpec, price_file: str | None = None, usage_file: str | None = None
) -> CostReport:
    """The bill of a loaded spec, as ``cost`` prints it: ``price_file`` over ``cost.priceFile``,
    ``usage_file`` (checked against the stack's services and workloads) over the defaults.
    Raises :class:`~fargate_stacks.errors.InputError` for a bad price or usage file."""
    from ..fargate.cost import estimate
    from ..fargate.prices import PriceError, prices_for
    from ..spec.usage import load_usage, workload_names

    usage = load_usage(usage_file, workload_names(loaded.spec)) if usage_file else None
    table = prices_for(loaded.region, price_file or loaded.price_file)
    try:
        return estimate(loaded.spec, loaded.region, table, usage=usage, stack=loaded.stack)
    except PriceError as error:
        raise loaded.locate(error) from None


def _usd(value: Decimal | None, places: int = 2) -> str:
    """Half up, as the JSON rounds (prices.monthly_usd): $16.425 is $16.43 in both."""
    if value is None:
        return "-"
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,.{places}f}"


def _text(report: CostReport, stack: str) -> str:
    from rich.markup import escape
    from rich.table import Table

    from ..fargate.cost import SYSTEM_KIND
    from .size import render_table

    table = Table(
        title=f"Monthly cost of stack {stack} ({report.region}, "
        f"{report.price_table.checked} prices, 730 h/month)",
        show_footer=True,
    )
    other = report.items_monthly
    columns: tuple[tuple[str, JustifyMethod, str], ...] = (
        ("Cluster/name", "left", "Fargate and EKS"),
        ("Kind", "left", ""),
        ("Size", "left", ""),
        ("Tasks min/desired/max", "right", ""),
        ("$/h each", "right", ""),
        ("$/month min", "right", _usd(report.monthly_min - other)),
        ("$/month expected", "right", _usd(report.monthly_expected - other)),
        ("$/month max", "right", _usd(report.monthly_max - other)),
        ("all on-demand", "right", _usd(report.monthly_on_demand - other)),
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
    notes += [
        f"- {line.cluster}/{line.name}: {line.notes[-1]}"
        for line in report.lines
        if line.kind == SYSTEM_KIND
    ]
    notes += [f"- {note}" for note in report.notes]
    out = render_table(table)
    if report.items:
        out += render_table(_items_table(report)) + _whole_bill(report) + "\n"
    return out + "\n".join([*notes, *(f"- {a}" for a in assumptions(report))])


def _items_table(report: CostReport) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Everything else the stack creates", show_footer=True)
    columns: tuple[tuple[str, JustifyMethod, str], ...] = (
        ("Category", "left", "Other"),
        ("Resource", "left", ""),
        ("Quantity/month", "right", ""),
        ("Unit", "left", ""),
        ("$/unit", "right", ""),
        ("$/month", "right", _usd(report.items_monthly)),
    )
    for header, justify, footer in columns:
        table.add_column(header, justify=justify, footer=footer, no_wrap=True)
    for item in report.items:
        table.add_row(
            item.category,
            escape(item.resource),
            f"{item.quantity.normalize():,f}",
            item.unit,
            "-" if item.unit_price is None else f"{item.unit_price.normalize():f}",
            _usd(item.monthly),
        )
    return table


def _whole_bill(report: CostReport) -> str:
    return (
        f"Total, the whole bill: ${_usd(report.monthly_expected)}/month expected (at the autoscaling "
        f"minimum ${_usd(report.monthly_min)}, at the maximum ${_usd(report.monthly_max)})"
        + _unpriced(report)
    )


def _unpriced(report: CostReport) -> str:
    n = report.unpriced
    return f", without {n} unpriced item{'s' if n != 1 else ''} (see the notes)" if n else ""


def assumptions(report: CostReport) -> list[str]:
    """What the items assume beyond the report's notes (which state every assumed volume):
    counts and retention per item, each once."""
    seen: dict[str, None] = {}
    for item in report.items:
        for assumption in item.assumptions:
            if assumption not in report.notes:  # the volumes and refusals are notes already
                seen.setdefault(assumption, None)
    return list(seen)


def markdown(report: CostReport) -> str:
    """The bill as a Markdown table of line items, its total and every note and assumption."""
    rows = report.line_items()
    out = [
        f"### Monthly bill of stack {report.stack} ({report.region})",
        "",
        "| Category | Resource | Quantity/month | Unit | $/unit | $/month |",
        "|---|---|--:|---|--:|--:|",
    ]
    for row in rows:
        price = "-" if row["unit_price_usd"] is None else str(row["unit_price_usd"])
        monthly = "-" if row["monthly_usd"] is None else f"{row['monthly_usd']:,.2f}"
        out.append(
            f"| {row['category']} | {row['resource']} | {row['quantity']} | {row['unit']} | "
            f"{price} | {monthly} |"
        )
    out.append(f"| **Total**{_unpriced(report)} | | | | | **{_usd(report.monthly_expected)}** |")
    out.append("")
    out += [f"- {note}" for note in report.notes]
    out += [f"- {a}" for a in assumptions(report)]
    return "\n".join(out)
