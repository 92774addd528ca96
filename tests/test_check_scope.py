"""What check and size say about what they do not check, and that they agree; SARIF URIs.

A task definition whose requiresCompatibilities leaves FARGATE out was passed over silently
("No findings", exit 0) while size refused it: now every format names it (text, JSON
``skipped``, SARIF tool notifications, GitHub notices), ``--assume-fargate`` checks it, and size
leaves it unsized the same way. A pod Fargate refuses (a GPU) made size exit 0 although its help
promises 1: size now runs the very rules check runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.policies.findings import Finding
from fargate_stacks.policies.reporting import artifact_uri, render_sarif

FIXTURES = Path(__file__).parent / "fixtures"
EC2_ONLY = FIXTURES / "taskdefs" / "ec2-only.json"
GPU_JOB = FIXTURES / "policy" / "gpu-training-job.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_names_the_task_definition_it_did_not_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check", EC2_ONLY)
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    assert first.startswith(f"{EC2_ONLY}:1: TaskDefinition/batch-on-ec2: not checked:")
    assert "requiresCompatibilities is [EC2]" in first and "--assume-fargate" in first
    assert out.rstrip().endswith("0 task definitions checked; 1 task definition not checked).")


def test_json_sarif_and_github_say_it_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    relative = EC2_ONLY.relative_to(Path.cwd())
    code, out, _ = run(capsys, "check", "--format", "json", relative)
    doc = json.loads(out)
    assert code == 0 and doc["findings"] == []
    [skipped] = doc["skipped"]
    assert skipped["resource"] == "TaskDefinition/batch-on-ec2" and skipped["line"] == 1
    assert skipped["file"] == str(relative) and "meant for EC2" in skipped["reason"]
    assert doc["summary"]["notChecked"] == 1 and doc["summary"]["taskDefinitions"] == 0
    code, out, _ = run(capsys, "check", "--format", "sarif", relative)
    run0 = json.loads(out)["runs"][0]
    [note] = run0["invocations"][0]["toolExecutionNotifications"]
    assert run0["invocations"][0]["executionSuccessful"] is True and run0["results"] == []
    assert note["level"] == "note" and "not checked" in note["message"]["text"]
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/fixtures/taskdefs/ec2-only.json"
    code, out, _ = run(capsys, "check", "--format", "github", relative)
    assert out.splitlines()[0].startswith(
        "::notice file=tests/fixtures/taskdefs/ec2-only.json,line=1,title=not checked::"
    )


def test_assume_fargate_checks_it_as_a_migration_candidate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--assume-fargate", EC2_ONLY)
    doc = json.loads(out)
    assert code == 1 and doc["skipped"] == []
    # bridge networking, dynamic host ports and no task size: what a move to Fargate must change
    assert {f["rule"] for f in doc["findings"]} == {
        "fargate-network-mode",
        "fargate-no-host-network",
        "fargate-task-size",
    }


def test_size_agrees_with_check_on_ec2_task_definitions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "size", "--format", "json", EC2_ONLY)
    [row] = json.loads(out)
    assert code == 0 and row["hourly_usd"] is None and "error" not in row
    assert row["not_sized"].startswith("not checked: requiresCompatibilities is [EC2]")
    code, out, _ = run(capsys, "size", "--format", "json", "--assume-fargate", EC2_ONLY)
    [row] = json.loads(out)
    assert code == 1 and "no task-level cpu and memory" in row["error"]
    assert set(row["rules"]) == {
        "fargate-task-size",
        "fargate-network-mode",
        "fargate-no-host-network",
    }


def test_size_of_a_gpu_job_exits_1_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    """The help promises exit 1 when anything cannot run on Fargate; check refuses a GPU."""
    code, out, _ = run(capsys, "size", "--format", "json", GPU_JOB)
    [row] = json.loads(out)
    assert code == 1 and row["rules"] == ["fargate-no-gpu"]
    assert row["error"].startswith("fargate-no-gpu: container 'trainer' asks for nvidia.com/gpu")
    assert row["hourly_usd"] is None and row["monthly_usd"] is None
    code, out, _ = run(capsys, "size", GPU_JOB)
    assert code == 1 and "cannot run: fargate-no-gpu" in out
    assert run(capsys, "check", GPU_JOB)[0] == 1  # the same verdict


@pytest.mark.parametrize(
    "path, uri",
    [
        ("k8s/my pod.yaml", "k8s/my%20pod.yaml"),
        ("k8s/100%.yaml", "k8s/100%25.yaml"),
        ("k8s/a#b?.yaml", "k8s/a%23b%3F.yaml"),
        ("k8s/ünï.yaml", "k8s/%C3%BCn%C3%AF.yaml"),
        ("c:d/x.yaml", "c%3Ad/x.yaml"),  # a colon in a first segment would read as a scheme
        ("k8s/a+b=(c).yaml", "k8s/a+b=(c).yaml"),  # sub-delims are allowed as they are
    ],
)
def test_sarif_uris_are_percent_encoded_relative_references(path: str, uri: str) -> None:
    """SARIF artifactLocation.uri is an RFC 3986 URI reference; GitHub refuses anything else."""
    assert artifact_uri(path) == uri
    assert artifact_uri(str(Path.cwd() / path)) == uri  # absolute below the working directory
    doc = json.loads(
        render_sarif([Finding("fargate-no-gpu", "mandatory", "Pod/x", "m", path, 3)], "1")
    )
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == uri


def test_sarif_uri_outside_the_working_directory_is_a_file_uri() -> None:
    outside = Path("/") / "srv" / "my pod.yaml"
    assert artifact_uri(str(outside)) == "file:///srv/my%20pod.yaml"


def test_sarif_rules_come_from_the_units() -> None:
    from fargate_stacks.policies import RULES

    driver = json.loads(render_sarif([], "1"))["runs"][0]["tool"]["driver"]
    for entry, rule in zip(driver["rules"], RULES, strict=True):
        assert entry["id"] == rule.id and entry["helpUri"] == rule.source
        assert entry["shortDescription"]["text"] == rule.title
        assert entry["fullDescription"]["text"] == rule.rationale
        assert rule.checked in entry["help"]["text"] and rule.source in entry["help"]["markdown"]
