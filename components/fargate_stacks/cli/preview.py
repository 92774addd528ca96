"""``fargate-stacks preview STACK_CONFIG``: what the stack creates, whether Fargate accepts it, and
what it costs, with no AWS account, Pulumi CLI or backend."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from .common import EXIT_FINDINGS, emit, handles_input_errors

if TYPE_CHECKING:
    from ..engine.result import PreviewResult
    from ..policies.findings import Setting


@click.command("preview")
@click.argument("stack_config", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for terminals, json for tools, markdown for PR comments",
)
@click.option(
    "--policy-config",
    type=click.Path(dir_okay=False),
    help="rule levels, Pulumi's policy-config shape ({rule: {enforcementLevel: ...}})",
)
@click.option(
    "--usage",
    "usage_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Usage file (YAML) for the bill's assumed volumes, as for cost --usage.",
)
@handles_input_errors
def preview(
    stack_config: str, fmt: str, policy_config: str | None, usage_file: str | None = None
) -> None:
    """Preview a stack offline (Pulumi mocks answered by moto).

    Exit 1 on mandatory policy findings, 2 on an invalid spec or a resource AWS would refuse.
    """
    from ..policies.config import load_policy_config
    from ..spec import load_spec

    levels = load_policy_config(policy_config) if policy_config else None
    loaded = load_spec(stack_config)  # a bad spec fails fast, before the heavy imports
    if usage_file is not None:  # and so does a bad usage file
        from ..spec.usage import load_usage, workload_names

        load_usage(usage_file, workload_names(loaded.spec))
    terminal = sys.stdout.isatty()
    result = _run(stack_config, levels, progress=terminal and fmt == "text", usage=usage_file)
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, default=str)
    elif fmt == "markdown":
        from ..reports import render_markdown

        text = render_markdown(result)
    else:
        from ..reports import render_text

        text = render_text(result, color=terminal, width=_width(terminal))
    for message in result.messages if fmt != "text" else []:
        click.echo(message, err=True)
    emit(text)
    if not result.ok:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _width(terminal: bool) -> int:
    import shutil

    return max(100, shutil.get_terminal_size((120, 40)).columns) if terminal else 120


def _run(
    path: str, levels: Mapping[str, Setting] | None, progress: bool, usage: str | None = None
) -> PreviewResult:
    from ..engine import preview_stack

    if not progress:
        return preview_stack(path, levels, usage_file=usage)
    from rich.console import Console

    with Console(stderr=True).status(f"previewing {path} (Pulumi mocks answered by moto)..."):
        return preview_stack(path, levels, usage_file=usage)
