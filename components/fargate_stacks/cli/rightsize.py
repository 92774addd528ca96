"""``fargate-stacks rightsize``: the size each service and workload should have, from what it
really used, as a diff of the stack file (or, with ``--write``, the stack file changed).

This command exists to read an AWS account (CloudWatch, Compute Optimizer): its calls are in
``metrics/``; the rule is ``fargate/recommend``; the write-back changes only the ``cpu`` and
``memory`` values, where the located loader says they are, keeping every other byte.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..fargate import recommend as rec
from ..fargate import usage_metrics
from .common import emit, handles_input_errors

if TYPE_CHECKING:
    from ..fargate.prices import PriceTable
    from ..spec import LoadedSpec


FORMATS = click.Choice(["text", "json", "markdown"])


@click.command("rightsize")
@click.argument("stack", type=click.Path(dir_okay=True))
@click.option(
    "--days",
    type=click.IntRange(1, usage_metrics.MAX_DAYS),
    default=rec.DEFAULT_DAYS,
    show_default=True,
    help="Look-back in days (CloudWatch keeps one-minute points for 15).",
)
@click.option(
    "--headroom",
    type=click.FloatRange(0, 1000),
    default=float(rec.DEFAULT_HEADROOM) * 100,
    show_default=True,
    help="Percent added to p99 CPU and peak memory.",
)
@click.option(
    "--min-days",
    type=click.IntRange(0, usage_metrics.MAX_DAYS),
    default=rec.DEFAULT_MIN_DAYS,
    show_default=True,
    help="Recommend nothing from fewer days of data.",
)
@click.option("--profile", default=None, help="AWS profile (default: the standard boto3 chain).")
@click.option(
    "--cluster-name",
    "cluster_names",
    multiple=True,
    metavar="SPEC=PHYSICAL",
    help="The deployed name of a cluster, when several auto-named ones match (repeatable).",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option(
    "--write", is_flag=True, help="Change cpu/memory in the stack file instead of printing a diff."
)
@handles_input_errors
def rightsize(
    stack: str,
    days: int,
    headroom: float,
    min_days: int,
    profile: str | None,
    cluster_names: tuple[str, ...],
    fmt: str,
    write: bool,
) -> None:
    """Right-size the services and workloads of the stack STACK from what they used.

    ECS services from Container Insights (and AWS Compute Optimizer where it has a
    recommendation), EKS workloads from the Container Insights metrics the ADOT collector
    sends (EKS cluster option containerInsights). The cheapest Fargate size holding p99 CPU and
    peak memory plus --headroom (+256 MB on EKS); CPU stays while target tracking on CPU owns
    the scaling; nothing from fewer than --min-days of data. Needs cloudwatch:ListMetrics,
    cloudwatch:GetMetricData and compute-optimizer:GetECSServiceRecommendations.
    """
    from ..fargate.cost import table_for
    from ..fargate.prices import PriceError, prices_for
    from ..spec import load_spec
    from ..yamledit import write_files
    from ..yamlsource import read_text

    if min_days > days:
        raise InputError.one(
            f"--min-days {min_days} is more than --days {days}", field="--min-days"
        )
    loaded = load_spec(stack)
    names = _cluster_names(cluster_names)
    table = table_for(loaded.spec.cost, loaded.region, prices_for(loaded.region, loaded.price_file))
    end = datetime.now(UTC).replace(second=0, microsecond=0)
    try:
        rows, found = _recommendations(
            loaded, table, names, profile, end - timedelta(days=days), end, headroom, min_days
        )
    except PriceError as error:
        raise loaded.locate(error) from None
    notes = [*table.notes, *found]  # the prices' own caveats first, as cost shows them
    text = read_text(loaded.file)  # as loaded: bytes decoded, CRLF kept
    edits, edit_notes = _edits(loaded, rows)
    notes += edit_notes
    new_text = _apply(text, edits, loaded.file) if edits else text
    if fmt == "json":
        body = json.dumps([row.to_dict() for row in rows], indent=2) + "\n"
    elif fmt == "markdown":
        body = _markdown(rows, loaded.stack, days)
    else:
        body = _text(rows, loaded.stack, days)
    if write:
        if new_text != text:
            write_files({loaded.file: new_text})
            notes.append(f"wrote {len(edits)} value(s) to {loaded.file}")
        if fmt == "json":  # stdout stays the JSON list
            emit(body)
            for note in notes:
                click.echo(f"note: {note}", err=True)
            return
        emit(body + "".join(f"note: {n}\n" for n in notes))
        return
    diff = "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            f"a/{loaded.file}",
            f"b/{loaded.file}",
        )
    )
    if fmt == "json":  # stdout stays the JSON list; the diff and notes go to stderr
        emit(body)
        if diff:
            click.echo(diff, err=True, nl=False)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        return
    if diff and fmt == "markdown":
        diff = f"```diff\n{diff}```\n"
    emit(body + ("\n" + diff if diff else "") + "".join(f"note: {n}\n" for n in notes))


def _cluster_names(pairs: Sequence[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for pair in pairs:
        spec_name, sep, physical = pair.partition("=")
        if not sep or not spec_name or not physical:
            raise InputError.one(
                f"{pair!r} is not SPEC=PHYSICAL (e.g. web=web-a1b2c3d)", field="--cluster-name"
            )
        names[spec_name] = physical
    return names


def _physical(
    spec_name: str, found: Sequence[str], names: dict[str, str]
) -> tuple[str | None, str | None]:
    """(the physical cluster name, or why there is none)."""
    if spec_name in names:
        return names[spec_name], None
    if len(found) > 1:
        return None, (
            f"several deployed clusters match {spec_name!r} ({', '.join(found)}): pass "
            f"--cluster-name {spec_name}=NAME"
        )
    return (found[0], None) if found else (None, None)


def _recommendations(
    loaded: LoadedSpec,
    table: PriceTable,
    names: dict[str, str],
    profile: str | None,
    start: datetime,
    end: datetime,
    headroom_percent: float,
    min_days: int,
) -> tuple[list[rec.Recommendation], list[str]]:
    from ..fargate.cost import about
    from ..fargate.rightsizing import service_size
    from ..metrics import access, cloudwatch, compute_optimizer

    spec = loaded.spec
    headroom = Decimal(str(headroom_percent)) / 100
    aws = access.session(profile, loaded.region)
    cw = access.client(aws, "cloudwatch")
    rows: list[rec.Recommendation] = []
    notes: list[str] = []
    ecs_clusters = spec.ecs.clusters if spec.ecs else []
    advice: dict[tuple[str, str], rec.Advice] = {}
    if any(c.services for c in ecs_clusters):
        advice, co_notes = compute_optimizer.ecs_advice(access.client(aws, "compute-optimizer"))
        notes += co_notes
    for cluster in ecs_clusters:
        for service in cluster.services:
            physical, problem = _physical(
                cluster.name, cloudwatch.ecs_clusters(cw, cluster.name, service.name), names
            )
            usage = None
            if physical is not None:
                usage = cloudwatch.ecs_usage(
                    cw, physical, service.name, service_size(service), start, end
                )
            row = about(
                cluster.name,
                service.name,
                rec.recommend_service,
                cluster.name,
                service,
                usage,
                table,
                headroom=headroom,
                min_days=min_days,
                advice=advice.get((physical, service.name)) if physical else None,
            )
            rows.append(_with_problem(row, problem))
    for eks in spec.eks.clusters if spec.eks else []:
        pods_by_namespace: dict[str, dict[str, set[str]]] = {}
        for workload in eks.workloads:
            if workload.namespace not in pods_by_namespace:
                pods_by_namespace[workload.namespace] = cloudwatch.eks_pods(cw, workload.namespace)
            by_cluster = pods_by_namespace[workload.namespace]
            found = sorted(c for c in by_cluster if cloudwatch.cluster_matches(eks.name, c))
            physical, problem = _physical(eks.name, found, names)
            usage = None
            if physical is not None:
                siblings = [
                    (w.name, w.kind) for w in eks.workloads if w.namespace == workload.namespace
                ]
                pods = [
                    p
                    for p in by_cluster.get(physical, set())
                    if cloudwatch.pod_owner(p, siblings) == workload.name
                ]
                usage = cloudwatch.eks_usage(cw, physical, workload.namespace, pods, start, end)
            row = about(
                eks.name,
                workload.name,
                rec.recommend_workload,
                eks.name,
                workload,
                usage,
                table,
                headroom=headroom,
                min_days=min_days,
            )
            if usage is None and not eks.container_insights:
                row.notes.append(
                    f"EKS cluster {eks.name} has no containerInsights: true, so no collector "
                    "sends pod metrics"
                )
            rows.append(_with_problem(row, problem))
    return rows, notes


def _with_problem(row: rec.Recommendation, problem: str | None) -> rec.Recommendation:
    if problem is None or row.recommended is not None:
        return row
    return rec.Recommendation(
        row.cluster, row.name, row.kind, row.current, None, None, problem, row.notes
    )


def _edits(loaded: LoadedSpec, rows: Sequence[rec.Recommendation]) -> tuple[list[Any], list[str]]:
    """The scalar edits that put each recommendation into the stack file, and notes for the
    ones that cannot be made in place (a size the spec leaves to its default)."""
    from ..fargate import sizes
    from ..yamledit import ScalarEdit

    doc = loaded.document
    places = loaded.places()
    edits: list[Any] = []
    notes: list[str] = []
    for row in rows:
        if not row.changes or row.recommended is None:
            continue
        base = places[(row.cluster, row.name, row.kind)]
        wanted = (
            ("cpu", row.current[0], row.recommended[0], sizes.fmt_vcpu),
            ("memory", row.current[1], row.recommended[1], sizes.fmt_gb),
        )
        for key, old, new, fmt in wanted:
            if old == new:
                continue
            path = (*base, key)
            if doc is None or path not in doc.positions:
                notes.append(
                    f"{row.cluster}/{row.name}: {key} is not written in the stack, so it is "
                    f"not changed: add {key}: {fmt(new)}"
                )
                continue
            edits.append(ScalarEdit(path, fmt(new)))
    return edits, notes


def _apply(text: str, edits: Sequence[Any], file: str) -> str:
    from ..yamledit import apply_edits

    return apply_edits(text, edits, file)


def _size(value: tuple[int, int] | None) -> str:
    from ..fargate.podsizing import capacity_provisioned

    return "-" if value is None else capacity_provisioned(*value)


def _saving(row: rec.Recommendation) -> str:
    return "-" if row.monthly_saving is None else f"{row.monthly_saving:,.2f}"


def _text(rows: Sequence[rec.Recommendation], stack: str, days: int) -> str:
    from rich.markup import escape
    from rich.table import Table

    from .size import render_table

    table = Table(title=f"Right-sizing stack {stack} ({days}-day look-back)")
    for header in ("Cluster/name", "Kind", "Now", "Recommended", "$/month saved", "Basis"):
        table.add_column(header, overflow="fold", no_wrap=header != "Basis")
    for row in rows:
        basis = "; ".join([row.basis, *row.notes])
        table.add_row(
            escape(f"{row.cluster}/{row.name}"),
            row.kind,
            _size(row.current),
            _size(row.recommended),
            _saving(row),
            escape(basis),
        )
    return render_table(table)


def _markdown(rows: Sequence[rec.Recommendation], stack: str, days: int) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"### Right-sizing stack {cell(stack)} ({days}-day look-back)",
        "",
        "| Cluster/name | Kind | Now | Recommended | $/month saved | Basis |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    for row in rows:
        cells = (
            f"{row.cluster}/{row.name}",
            row.kind,
            _size(row.current),
            _size(row.recommended),
            _saving(row),
            "; ".join([row.basis, *row.notes]),
        )
        lines.append("| " + " | ".join(cell(part) for part in cells) + " |")
    return "\n".join(lines) + "\n"
