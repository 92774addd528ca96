"""``fargate-stacks check``: the Fargate policy rules on Kubernetes manifests and ECS task
definitions, for pull requests (SARIF for code scanning, annotations for workflow logs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from ..errors import InputError, Problem
from .common import EXIT_FINDINGS, emit, handles_input_errors

FORMATS = ("text", "json", "sarif", "github")
T = TypeVar("T")


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: findings grouped by rule; json: findings and a summary; sarif: SARIF "
    "2.1.0 for GitHub code scanning; github: workflow annotations.",
)
@click.option(
    "--policy-config",
    "policy_config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Per-rule levels, Pulumi's policy-config JSON: "
    '{"rule": {"enforcementLevel": "advisory"|"mandatory"|"remediate"|'
    '"disabled"}} (remediate counts as mandatory: no rule can fix a '
    "resource by itself).",
)
@click.option(
    "--profiles",
    "profiles_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Fargate profiles (a YAML list of name/selectors, or a stack spec). Without "
    "it every workload is taken to run on Fargate.",
)
@handles_input_errors
def check(
    files: tuple[str, ...], fmt: str, policy_config: str | None, profiles_file: str | None
) -> None:
    """Check Kubernetes manifests (multi-document YAML) and ECS task definitions (JSON or YAML,
    register-task-definition input or describe-task-definition output) against what Fargate
    can run.

    With --profiles, workloads no profile selects are left to their node groups: no Fargate
    rule applies to them, and fargate-pod-has-profile reports them unless the stack spec given
    has a nodeGroup. Exit 1 when any mandatory finding, 0 otherwise,
    2 for unreadable input.
    """
    from .. import __version__
    from ..inputs import TaskDefinition, load_all_inputs
    from ..policies.config import effective_levels, load_policy_config
    from ..policies.evaluate import check_subject
    from ..policies.normalize import pod_from_template, task_from_file
    from ..policies.profiles_file import ProfilesFile, read_profiles
    from ..policies.reporting import (
        project_url,
        render_github,
        render_json,
        render_sarif,
        render_text,
    )
    from ..policies.subjects import Subject

    problems: list[Problem] = []  # every bad input at once: config, profiles and files

    def attempt(read: Callable[[str], T], path: str | None) -> T | None:
        if path is None:
            return None
        try:
            return read(path)
        except InputError as error:
            problems.extend(error.problems)
            return None

    levels = effective_levels(attempt(load_policy_config, policy_config))
    profiles: ProfilesFile | None = attempt(read_profiles, profiles_file)
    found, unreadable = load_all_inputs(files)
    problems.extend(unreadable)
    subjects: list[Subject] = [
        task_from_file(item) if isinstance(item, TaskDefinition) else pod_from_template(item)
        for item in found
    ]
    task_definitions = sum(isinstance(item, TaskDefinition) for item in found)
    counts = {
        "files": len(files),
        "podTemplates": len(found) - task_definitions,
        "taskDefinitions": task_definitions,
    }
    if problems:
        raise InputError(problems)
    profile_set = profiles.profile_set() if profiles is not None else None
    findings = [
        f
        for profile in (profiles.profiles if profiles else [])
        for f in check_subject(profile, levels)
    ]
    for subject in subjects:
        findings.extend(check_subject(subject, levels, profile_set))
    if profiles is not None:
        counts["profiles"] = len(profiles.profiles)
    if fmt == "json":
        emit(render_json(findings, counts))
    elif fmt == "sarif":
        emit(render_sarif(findings, __version__, project_url()))
    elif fmt == "github":
        emit(render_github(findings, counts))
    else:
        emit(render_text(findings, counts))
    if any(f.level == "mandatory" for f in findings):
        raise click.exceptions.Exit(EXIT_FINDINGS)
