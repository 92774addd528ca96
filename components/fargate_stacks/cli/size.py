"""``fargate-stacks size``: the Fargate size and price of existing manifests and task definitions."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

import click

from ..errors import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..inputs import PodTemplate
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
@click.option(
    "--fit",
    is_flag=True,
    help="Print, as a unified diff, the pod requests and limits (kept equal) that move each pod "
    "to its fit: the largest requests that land on a cheaper size and cut more rounding waste "
    "than they give up.",
)
@click.option(
    "--write",
    is_flag=True,
    help="With --fit: rewrite the files in place instead, changing only those values (comments, "
    "order and quoting kept); every file is checked before any is written.",
)
@handles_input_errors
def size(
    files: tuple[str, ...],
    fmt: str,
    region: str,
    price_file: str | None,
    assume_fargate: bool,
    fit: bool,
    write: bool,
) -> None:
    """What Fargate gives and charges each pod template (Pod, Deployment, StatefulSet,
    ReplicaSet, DaemonSet, Job, CronJob) and ECS task definition in FILES.

    EKS pods are sized as AWS documents it (requests, init containers, +256 MB, rounded up);
    task definitions by their task-level cpu/memory. $/month covers all replicas for 730 hours.
    Jobs and CronJobs are priced per hour of a run. What check refuses (a mandatory finding
    at the default levels: a GPU, a DaemonSet, ...) cannot run and gets no price; a task
    definition meant for EC2 is not sized (unless --assume-fargate).

    For each pod: its requests, the rounding waste (the bill less what the requests and the
    256 MB EKS adds cost at the same rates) and its fit, the requests that land on the next
    cheaper size when that cuts more waste than the requests give up (1 vCPU / 8 GiB, billed
    as 2 vCPU / 9 GB, fits as 1 vCPU / 7.75 GiB on 1 vCPU / 8 GB). --fit prints those changes
    as a diff, --fit --write makes them.

    Exit 1 when anything cannot run on Fargate (--fit leaves it alone); exit 2 for unreadable
    input or a value that cannot be rewritten in place (nothing is written then).
    """
    if write and not fit:
        raise click.UsageError("--write rewrites the files --fit changes: give --fit too")
    if fit and fmt != "text":
        raise click.UsageError(
            "--fit prints a unified diff (with --write it rewrites the files); "
            "--format json is for the sizes"
        )
    from ..fargate.prices import prices_for
    from ..inputs import KubeObject, PodTemplate, TaskDefinition, load_all_inputs
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
    templates: list[tuple[PodTemplate, SizeRow]] = []
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
        if isinstance(item, PodTemplate):
            templates.append((item, row))
    if fit:
        _fit(templates, rows, write)
        return
    if fmt == "json":
        emit(json.dumps([row.to_dict() for row in rows], indent=2))
        for note in table.notes:  # stdout stays the JSON list of rows
            click.echo(f"note: {note}", err=True)
    else:
        emit(
            _table(rows, region)
            + _fit_lines(rows)
            + "".join(f"note: {note}\n" for note in table.notes)
        )
    if any(row.error for row in rows):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _fit_lines(rows: list[SizeRow]) -> str:
    """One line per pod with a fit, under the table."""
    from ..fargate.podsizing import capacity_provisioned

    out = []
    for row in rows:
        fit = row.rounding.fit if row.rounding is not None else None
        if fit is None or row.rounding is None:
            continue
        saving = row.fit_saving_monthly
        if saving is not None:
            less = f"${saving:,.2f}/month less"
        else:
            hourly = row.rounding.billed_hourly - fit.billed_hourly
            less = f"${hourly:.5f} less per hour of a run"
        out.append(
            f"fit: {row.file}:{row.line} {row.kind}/{row.name}: requests of "
            f"{_requests(fit.cpu_units, fit.memory_mib)} land on "
            f"{capacity_provisioned(*fit.size)}, {less} (size --fit shows the change)\n"
        )
    return "".join(out)


def _requests(cpu_units: Decimal, memory_mib: Decimal) -> str:
    """Pod-level requests as people read them: ``1 vCPU / 7.75 GiB``."""

    def number(value: Decimal) -> str:
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text or "0"

    if not cpu_units and not memory_mib:
        return "none"
    return f"{number(cpu_units / 1024)} vCPU / {number(memory_mib / 1024)} GiB"


def _fit(templates: list[tuple[PodTemplate, SizeRow]], rows: list[SizeRow], write: bool) -> None:
    """``--fit``: the diff of every file with a pod to fit, or (``--write``) the files
    rewritten, all computed (and so all checked) before the first one is written."""
    import difflib

    from ..inputs.fitting import TemplateFit, fit_template
    from ..yamledit import ScalarEdit, apply_edits, write_files
    from ..yamlsource import load_documents, read_text

    fits: list[tuple[TemplateFit, SizeRow]] = []
    for template, row in templates:
        if row.rounding is not None and row.rounding.fit is not None:
            fits.append((fit_template(template, row.rounding), row))
    by_file: dict[str, list[TemplateFit]] = {}
    notes: list[str] = []
    for item, row in fits:
        if item.problem is not None:
            notes.append(f"note: {row.file}:{row.line} {row.kind}/{row.name}: {item.problem}")
        elif item.edits:
            by_file.setdefault(row.file, []).append(item)
    changed: dict[str, tuple[str, str]] = {}
    for file, items in by_file.items():
        text = read_text(file)
        several = len(load_documents(file, text)) > 1
        edits = [
            ScalarEdit((item.template.document.index, *e.path) if several else tuple(e.path), e.new)
            for item in items
            for e in item.edits
        ]
        changed[file] = (text, apply_edits(text, edits, file))
    saving = sum(
        (row.fit_saving_monthly or Decimal(0) for item, row in fits if item.edits), Decimal(0)
    )
    count = sum(1 for item, _ in fits if item.edits)
    summary = (
        f"{count} pod template{'s' if count != 1 else ''} in {len(changed)} "
        f"file{'s' if len(changed) != 1 else ''} fitted: ${saving:,.2f}/month less"
        if count
        else "nothing to fit: every pod is on the cheapest size its requests allow"
    )
    if write:
        write_files({file: new for file, (_, new) in changed.items()})
        emit("\n".join([*notes, summary]))
    else:
        diff = "".join(
            "".join(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=file,
                    tofile=file,
                )
            )
            for file, (old, new) in changed.items()
        )
        if diff:
            sys.stdout.write(diff)
            sys.stdout.flush()
        for line in [*notes, f"{summary}{' (--write makes the change)' if count else ''}"]:
            click.echo(line, err=True)
    if any(row.error for row in rows):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _table(rows: list[SizeRow], region: str) -> str:
    from rich.markup import escape
    from rich.table import Table

    from ..fargate.billing import billed_per_run
    from ..fargate.prices import FREE_EPHEMERAL_GIB

    table = Table(title=f"Fargate sizes and on-demand prices ({region})", show_footer=True)
    total_month = sum((row.monthly or Decimal(0) for row in rows), Decimal(0))
    total_waste = sum((row.waste_monthly or Decimal(0) for row in rows), Decimal(0))
    table.add_column("Source", overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Name", footer="Total", no_wrap=True)
    table.add_column("Replicas", justify="right", no_wrap=True)
    table.add_column("Requests", no_wrap=True)
    table.add_column("Fargate size")
    table.add_column("$/hour each", justify="right", no_wrap=True)
    table.add_column("$/month", justify="right", footer=f"{total_month:,.2f}", no_wrap=True)
    table.add_column("Waste $/month", justify="right", footer=f"{total_waste:,.2f}", no_wrap=True)
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
        waste = "" if row.waste_monthly is None else f"{row.waste_monthly:,.2f}"
        if billed_per_run(row.kind) and row.hourly is not None:
            monthly = "per run"
            waste = "per run" if row.rounding is not None else ""
        requests = (
            ""
            if row.rounding is None
            else _requests(row.rounding.cpu_units, row.rounding.memory_mib)
        )
        if row.price_note:
            hourly = f"[yellow]{escape(row.price_note)}[/yellow]"
        table.add_row(
            escape(f"{row.file}:{row.line}"),
            row.kind,
            escape(name),
            "per node" if row.replicas is None else str(row.replicas),
            requests,
            size,
            hourly,
            monthly,
            waste,
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
