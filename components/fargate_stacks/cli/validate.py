"""``fargate-stacks validate`` and ``fargate-stacks schema``."""

from __future__ import annotations

import json

import click

from ..errors import InputError, Problem
from .common import emit, handles_input_errors


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@handles_input_errors
def validate(files: tuple[str, ...]) -> None:
    """Load and check stack specs (Pulumi.<stack>.yaml or bare spec files).

    One line per problem on stderr and exit 2 when any is invalid.
    """
    from ..spec import load_spec

    problems: list[Problem] = []
    lines: list[str] = []
    for path in files:
        try:
            loaded = load_spec(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        spec = loaded.spec
        services = sum(len(c.services) for c in spec.ecs.clusters) if spec.ecs else 0
        workloads = sum(len(c.workloads) for c in spec.eks.clusters) if spec.eks else 0
        lines.append(
            f"{path}: ok (stack {loaded.stack}: {services} ECS services, {workloads} EKS workloads)"
        )
    if problems:
        raise InputError(problems)
    emit("\n".join(lines))


@click.command("schema")
@click.option(
    "--stack-config",
    is_flag=True,
    help="the schema of a Pulumi.<stack>.yaml holding the spec under "
    "config.fargate-stacks:spec (default: a bare spec file)",
)
def schema(stack_config: bool) -> None:
    """Print the JSON Schema of the spec (editor completion via yaml-language-server)."""
    from ..spec.schema import spec_schema, stack_config_schema

    doc = stack_config_schema() if stack_config else spec_schema()
    emit(json.dumps(doc, indent=2, sort_keys=True))
