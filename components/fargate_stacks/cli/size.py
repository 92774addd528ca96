"""``fargate-stacks size``: the Fargate size and price of existing manifests and task definitions."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from ..errors import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..inputs.sizing import SizeRow
from .common import EXIT_FINDINGS, FORMAT_TEXT_JSON, emit, handles_input_errors


@click.command("size")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=FORMAT_TEXT_JSON,
    default="text",
    show_default=True,
    help="text: a table with a total; json: one object per pod template or task definition.",
)
@click.option("--region", default="us-east-1", show_default=True, help="Region to price in.")
@click.option(
    "--prices",
    "price_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Price file (JSON/YAML, region -> prices; see fargate_stacks.fargate.prices).",
)
@click.option(
    "--assume-fargate",
    is_flag=True,
    help="Size task definitions meant for EC2 (requiresCompatibilities without FARGATE) as "
    "candidates for a move to Fargate, as check --assume-fargate checks them.",
)
@handles_input_errors
def size(
    files: tuple[str, ...], fmt: str, region: str, price_file: str | None, assume_fargate: bool
) -> None:
    """What Fargate gives and charges each pod template (Pod, Deployment, StatefulSet,
    ReplicaSet, DaemonSet, Job, CronJob) and ECS task definition in FILES.

    EKS pods are sized as AWS documents it (requests, init containers, +256 MB, rounded up);
    task definitions by their task-level cpu/memory. $/month covers all replicas for 730 hours.
    Jobs and CronJobs are priced per hour of a run. What check refuses (a mandatory finding
    at the default levels: a GPU, a DaemonSet, ...) cannot run and gets no price; a task
    definition meant for EC2 is not sized (unless --assume-fargate). Exit 1 when anything
    cannot run on Fargate; exit 2 for unreadable input.
    """
    from ..fargate.prices import prices_for
    from ..inputs import KubeObject, TaskDefinition, load_all_inputs
    from ..inputs.sizing import not_sized, refused, size_task_definition, size_template
    from ..policies.evaluate import evaluate
    from ..policies.normalize import subject_from_input
    from ..policies.stack import StackIndex

    table = prices_for(region, price_file)
    found, problems = load_all_inputs(files)
    if problems:
        raise InputError(problems)
    # the very evaluation check makes (default levels, no profiles: every pod on Fargate)
    subjects = [subject_from_input(item) for item in found]
    result = evaluate(StackIndex.of_subjects(subjects, assume_fargate=assume_fargate), {})
    skipped = {s.resource: s.reason for s in result.skipped}
    refusals: dict[str, list[tuple[str, str]]] = {}
    for f in sorted(result.findings, key=lambda f: f.sort_key):
        if f.level == "mandatory":
            refusals.setdefault(f.resource, []).append((f.rule, f.message))
    rows: list[SizeRow] = []
    for item, subject in zip(found, subjects, strict=True):
        if isinstance(item, KubeObject):
            continue  # Services and Ingresses have no size
        row = (
            size_task_definition(item, table)
            if isinstance(item, TaskDefinition)
            else size_template(item, table)
        )
        if subject.resource in skipped:
            row = not_sized(row, skipped[subject.resource])
        else:
            row = refused(row, refusals.get(subject.resource, []))
        rows.append(row)
    if fmt == "json":
        emit(json.dumps([row.to_dict() for row in rows], indent=2))
        for note in table.notes:  # stdout stays the JSON list of rows
            click.echo(f"note: {note}", err=True)
    else:
        emit(_table(rows, region) + "".join(f"note: {note}\n" for note in table.notes))
    if any(row.error for row in rows):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _table(rows: list[SizeRow], region: str) -> str:
    from rich.markup import escape
    from rich.table import Table

    from ..fargate.billing import billed_per_run
    from ..fargate.prices import FREE_EPHEMERAL_GIB

    table = Table(title=f"Fargate sizes and on-demand prices ({region})", show_footer=True)
    total_month = sum((row.monthly or Decimal(0) for row in rows), Decimal(0))
    table.add_column("Source", overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Name", footer="Total", no_wrap=True)
    table.add_column("Replicas", justify="right", no_wrap=True)
    table.add_column("Fargate size")
    table.add_column("$/hour each", justify="right", no_wrap=True)
    table.add_column("$/month", justify="right", footer=f"{total_month:,.2f}", no_wrap=True)
    for row in rows:
        name = row.name if row.namespace in (None, "default") else f"{row.namespace}/{row.name}"
        if row.not_sized:
            size = f"[yellow]{escape(row.not_sized)}[/yellow]"
        elif row.error:
            size = f"[red]cannot run: {escape(row.error)}[/red]"
        else:
            size = escape(row.capacity_provisioned or "")
            if row.ephemeral_gib is not None and row.ephemeral_gib > FREE_EPHEMERAL_GIB:
                size += f" +{row.ephemeral_gib - FREE_EPHEMERAL_GIB}GB disk"
        hourly = "" if row.hourly is None else f"{row.hourly:.5f}"
        monthly = "" if row.monthly is None else f"{row.monthly:,.2f}"
        if billed_per_run(row.kind) and row.hourly is not None:
            monthly = "per run"
        if row.price_note:
            hourly = f"[yellow]{escape(row.price_note)}[/yellow]"
        table.add_row(
            escape(f"{row.file}:{row.line}"),
            row.kind,
            escape(name),
            "per node" if row.replicas is None else str(row.replicas),
            size,
            hourly,
            monthly,
        )
    return render_table(table)


def render_table(renderable: RenderableType) -> str:
    """A rich renderable as one string, for :func:`emit`: on a terminal in its width and colours;
    piped, in plain text as wide as the table needs, so no name is ever cut."""
    import io
    import shutil
    import sys

    from rich.console import Console

    tty = sys.stdout.isatty()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=400,
        force_terminal=tty,
        no_color=not tty,
        highlight=False,
        soft_wrap=False,
    )
    natural = console.measure(renderable).maximum
    console.width = shutil.get_terminal_size((120, 40)).columns if tty else min(natural, 400)
    console.print(renderable)
    return buffer.getvalue()
