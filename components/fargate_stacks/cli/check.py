"""``fargate-stacks check``: the Fargate policy rules on Kubernetes manifests and ECS task
definitions, for pull requests (SARIF for code scanning, annotations for workflow logs).

The files are indexed like a stack (:class:`~fargate_stacks.policies.stack.StackIndex`) and
evaluated by the one path the preview and the policy pack use, so a Pod Identity association
and the pods running as its service account are joined across files as they are in a stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from ..errors import InputError, Problem
from .common import EXIT_FINDINGS, emit, handles_input_errors

FORMATS = ("text", "json", "sarif", "github")
LIST_FORMATS = ("text", "json", "markdown")
T = TypeVar("T")


@click.command("check")
@click.argument("files", nargs=-1, required=False, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted({*FORMATS, *LIST_FORMATS})),
    default="text",
    show_default=True,
    help="text: findings grouped by rule; json: findings and a summary; sarif: SARIF "
    "2.1.0 for GitHub code scanning; github: workflow annotations. With --list-rules: "
    "text, json or markdown (the README's table).",
)
@click.option(
    "--policy-config",
    "policy_config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Per-rule levels, Pulumi's policy-config JSON: "
    '{"rule": {"enforcementLevel": "advisory"|"mandatory"|"remediate"|'
    '"disabled"}} (remediate counts as mandatory: no rule can fix a '
    "resource by itself); a rule's options go beside its level, e.g. "
    '{"fargate-rounding-waste": {"maxWasteShare": 0.5}}.',
)
@click.option(
    "--profiles",
    "profiles_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Fargate profiles (a YAML list of name/selectors, or a stack spec). Without "
    "it every workload is taken to run on Fargate.",
)
@click.option(
    "--assume-fargate",
    is_flag=True,
    help="Check task definitions whose requiresCompatibilities leaves out FARGATE (meant for "
    "EC2) as candidates for a move to Fargate; otherwise each is named as not checked.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    help="List the rules (id, level, what they apply to, title, source) and exit.",
)
@handles_input_errors
def check(
    files: tuple[str, ...],
    fmt: str,
    policy_config: str | None,
    profiles_file: str | None,
    assume_fargate: bool,
    list_rules: bool,
) -> None:
    """Check Kubernetes manifests (multi-document YAML) and ECS task definitions (JSON or YAML,
    register-task-definition input or describe-task-definition output) against what Fargate
    can run.

    With --profiles, workloads no profile selects are left to their node groups: no Fargate
    rule applies to them, and fargate-pod-has-profile reports them unless the stack spec given
    has a nodeGroup. A task definition meant for EC2 only is named and not checked, unless
    --assume-fargate. Exit 1 when any mandatory finding, 0 otherwise, 2 for unreadable input.
    """
    if list_rules:
        if fmt not in LIST_FORMATS:
            raise click.UsageError(f"--list-rules prints {', '.join(LIST_FORMATS)}, not {fmt}")
        from ..policies.docs import rules_json, rules_table, rules_text

        emit({"text": rules_text, "json": rules_json, "markdown": rules_table}[fmt]())
        return
    if not files:
        raise click.UsageError("Missing argument 'FILES...'")
    if fmt not in FORMATS:
        raise click.UsageError(
            f"--format {fmt} is for --list-rules; files take {', '.join(FORMATS)}"
        )
    from .. import __version__
    from ..inputs import KubeObject, TaskDefinition, load_all_inputs
    from ..policies.config import effective_levels, load_policy_file
    from ..policies.evaluate import evaluate
    from ..policies.normalize import subject_from_input
    from ..policies.profiles_file import ProfilesFile, read_profiles
    from ..policies.reporting import (
        NOT_CHECKED,
        project_url,
        render_github,
        render_json,
        render_sarif,
        render_text,
    )
    from ..policies.stack import StackIndex

    problems: list[Problem] = []  # every bad input at once: config, profiles and files

    def attempt(read: Callable[[str], T], path: str | None) -> T | None:
        if path is None:
            return None
        try:
            return read(path)
        except InputError as error:
            problems.extend(error.problems)
            return None

    loaded = attempt(load_policy_file, policy_config)
    levels = effective_levels(loaded[0] if loaded is not None else None)
    options = loaded[1] if loaded is not None else {}
    profiles: ProfilesFile | None = attempt(read_profiles, profiles_file)
    found, unreadable = load_all_inputs(files)
    problems.extend(unreadable)
    if problems:
        raise InputError(problems)
    index = StackIndex.of_subjects(
        [subject_from_input(item) for item in found],
        profiles.profile_set() if profiles is not None else None,
        assume_fargate=assume_fargate,
    )
    result = evaluate(index, levels, options)
    task_definitions = sum(isinstance(item, TaskDefinition) for item in found)
    objects = sum(isinstance(item, KubeObject) for item in found)
    counts = {
        "files": len(files),
        "podTemplates": len(found) - task_definitions - objects,
        "taskDefinitions": task_definitions - len(result.skipped),
    }
    if objects:
        counts["objects"] = objects
    if profiles is not None:
        counts["profiles"] = len(profiles.profiles)
    if result.skipped:
        counts[NOT_CHECKED] = len(result.skipped)
    findings, skipped = result.findings, result.skipped
    if fmt == "json":
        emit(render_json(findings, counts, skipped))
    elif fmt == "sarif":
        emit(render_sarif(findings, __version__, project_url(), skipped))
    elif fmt == "github":
        emit(render_github(findings, counts, skipped))
    else:
        emit(render_text(findings, counts, skipped))
    if any(f.level == "mandatory" for f in findings):
        raise click.exceptions.Exit(EXIT_FINDINGS)
