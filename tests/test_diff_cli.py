"""``fargate-stacks diff``: the fixture pairs of tests/fixtures/diff (each a variant of
base-ecs.yaml or base-eks.yaml), exit codes, bad input on each side, ``--base`` with git, and the
JSON document against docs/diff.schema.json.

Expectations come from what AWS and the provider document, not from the code's own tables: an
EKS Fargate profile cannot be updated (UpdateFargateProfile does not exist); an ECS service's
capacity provider strategy is replaced unless forceNewDeployment is set (terraform-provider-aws
capacityProviderStrategyCustomizeDiff); Fargate Spot costs less than on-demand.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.fargate import eks_versions

FIXTURES = Path("tests/fixtures/diff")
BASE_ECS = str(FIXTURES / "base-ecs.yaml")
BASE_EKS = str(FIXTURES / "base-eks.yaml")
SCHEMA = json.loads(Path("docs/diff.schema.json").read_text())


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["diff", *args])
    return code, out.getvalue(), err.getvalue()


_CACHE: dict[tuple[str, ...], tuple[int, dict[str, Any]]] = {}


def diff_json(*args: str) -> tuple[int, dict[str, Any]]:
    """The JSON document of one diff (each pair previewed once for the whole module)."""
    if args not in _CACHE:
        code, out, err = run(*args, "--format", "json")
        assert code in (0, 1), err
        document = json.loads(out)
        jsonschema.validate(document, SCHEMA)
        _CACHE[args] = (code, document)
    return _CACHE[args]


def by_action(document: dict[str, Any], action: str) -> list[tuple[str, str]]:
    return [(c["type"], c["name"]) for c in document["changes"] if c["action"] == action]


def test_adding_a_service_creates_it_and_costs_more() -> None:
    code, doc = diff_json(BASE_ECS, str(FIXTURES / "add-service.yaml"))
    assert code == 0
    created = by_action(doc, "create")
    assert ("aws:ecs/service:Service", "web-worker") in created
    assert ("aws:ecs/taskDefinition:TaskDefinition", "web-worker") in created
    assert by_action(doc, "update") == by_action(doc, "replace") == by_action(doc, "delete") == []
    assert doc["cost"]["delta"] > 0
    (row,) = [r for r in doc["cost"]["rows"] if r["name"] == "worker"]
    assert row["before"] is None and 0 < row["after"] <= doc["cost"]["delta"]
    # the rows (the service, and the bill's items it brings: its logs) add up to the delta
    assert round(sum(r["delta"] for r in doc["cost"]["rows"]), 2) == doc["cost"]["delta"]


def test_changing_a_fargate_profiles_selectors_replaces_it() -> None:
    code, doc = diff_json(BASE_EKS, str(FIXTURES / "profile-selectors.yaml"))
    assert code == 0
    assert by_action(doc, "replace") == [("aws:eks/fargateProfile:FargateProfile", "apps-apps")]
    (change,) = [c for c in doc["changes"] if c["action"] == "replace"]
    assert [r["path"] for r in change["replaceReasons"]] == ["selectors[1]"]
    assert "fargate_profile.go" in change["replaceReasons"][0]["why"]
    assert doc["summary"]["verdict"] == "review replacements"


def test_moving_a_service_to_spot_costs_less_and_updates_the_service() -> None:
    """The component sets forceNewDeployment, so the provider updates the service in place (a
    rolling deployment) instead of replacing it (capacityProviderStrategyCustomizeDiff)."""
    code, doc = diff_json(BASE_ECS, str(FIXTURES / "spot.yaml"))
    assert code == 0
    assert by_action(doc, "update") == [("aws:ecs/service:Service", "web-api")]
    assert by_action(doc, "replace") == by_action(doc, "create") == by_action(doc, "delete") == []
    (change,) = doc["changes"]
    assert change["paths"] == ["capacityProviderStrategies[0].capacityProvider"]
    assert change["values"][0] == {
        "path": "capacityProviderStrategies[0].capacityProvider",
        "old": "FARGATE",
        "new": "FARGATE_SPOT",
    }
    assert doc["cost"]["delta"] < 0
    (row,) = [r for r in doc["cost"]["rows"] if r["name"] == "api"]
    assert (row["spotBefore"], row["spotAfter"]) == ("0/2", "2/2")
    assert row["delta"] == doc["cost"]["delta"]  # nothing else changes price


def test_renaming_a_cluster_warns_and_names_the_alias() -> None:
    code, doc = diff_json(BASE_ECS, str(FIXTURES / "rename-cluster.yaml"))
    assert code == 0
    (rename,) = doc["renames"]
    assert (rename["oldName"], rename["newName"]) == ("web", "shop")
    assert rename["alias"] == 'opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="web")])'
    lost = {(s["type"], s["name"]) for s in rename["statefulLost"]}
    assert ("aws:cloudwatch/logGroup:LogGroup", "web-api") in lost
    assert ("aws:lb/loadBalancer:LoadBalancer", "web-api") in lost
    deleted, created = by_action(doc, "delete"), by_action(doc, "create")
    assert len(deleted) == len(created) == rename["resources"]
    assert all(c["renamedFrom"] for c in doc["changes"] if c["action"] == "create")
    # the same service under its new cluster name is one cost row, not a delete and a create;
    # so are the bill's items it brings (its load balancer, its logs)
    assert [r["name"] for r in doc["cost"]["rows"] if r["kind"] == "ECS service"] == ["api"]
    assert all(r["before"] == r["after"] for r in doc["cost"]["rows"])
    assert doc["cost"]["delta"] == 0


def test_rename_is_loud_in_text_and_markdown() -> None:
    args = (BASE_ECS, str(FIXTURES / "rename-cluster.yaml"))
    _, text, _ = run(*args)
    assert "RENAME: fargate-stacks:ecs:EcsFargateCluster web -> shop" in text
    assert 'pulumi.Alias(name="web")' in text
    _, markdown, _ = run(*args, "--format", "markdown")
    assert "> [!WARNING]" in markdown and "Rename:" in markdown


def test_a_new_mandatory_finding_exits_1(tmp_path: Path) -> None:
    code, doc = diff_json(
        BASE_ECS,
        str(FIXTURES / "unpinned-sidecar.yaml"),
        "--policy-config",
        str(FIXTURES / "policy-config.yaml"),
    )
    assert code == 1
    assert [(f["rule"], f["level"]) for f in doc["findings"]["new"]] == [
        ("image-tag-pinned", "mandatory")
    ]
    assert doc["summary"]["verdict"] == "blocked" and doc["summary"]["ok"] is False
    # the sidecar is matched by name inside the task definition's JSON
    (task,) = [c for c in doc["changes"] if c["type"] == "aws:ecs/taskDefinition:TaskDefinition"]
    assert "containerDefinitions[name=metrics]" in task["paths"]
    assert task["action"] == "replace"


def test_the_same_change_is_fixed_when_reverted() -> None:
    code, doc = diff_json(
        str(FIXTURES / "unpinned-sidecar.yaml"),
        BASE_ECS,
        "--policy-config",
        str(FIXTURES / "policy-config.yaml"),
    )
    assert code == 0
    assert [f["rule"] for f in doc["findings"]["fixed"]] == ["image-tag-pinned"]
    assert doc["findings"]["new"] == []


def test_a_rule_option_in_the_policy_config_changes_the_findings() -> None:
    """The ADOT collector containerInsights adds is sized as AWS's Fargate template sizes it,
    1 vCPU / 2 GiB, and billed as 1 vCPU / 3 GB (EKS adds 256 MB, then rounds up): about 7%
    over its needs. Quiet at fargate-rounding-waste's default 25%; a new finding once the
    config's maxWasteShare is 5%: the option reaches both previews, not only the levels."""
    pair = (BASE_EKS, str(FIXTURES / "rounded-up-pod.yaml"))
    _, doc = diff_json(*pair)
    assert "fargate-rounding-waste" not in [f["rule"] for f in doc["findings"]["new"]]
    _, doc = diff_json(*pair, "--policy-config", str(FIXTURES / "strict-rounding.yaml"))
    (found,) = [f for f in doc["findings"]["new"] if f["rule"] == "fargate-rounding-waste"]
    assert "over the 5% allowed" in found["message"]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_new_sides_warnings_are_shown_in_every_format(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2026-12-01 Kubernetes 1.33 is past its standard support (EKS calendar: it ended
    2026-07-29), so the new side's cluster is warned about once, on stderr."""
    monkeypatch.setattr(eks_versions, "today", lambda: date(2026, 12, 1))
    code, out, err = run(BASE_EKS, str(FIXTURES / "profile-selectors.yaml"), "--format", fmt)
    assert code == 0 and out
    (line,) = [line for line in err.splitlines() if "extended support" in line]
    assert line.startswith("warning: EKS cluster apps: Kubernetes 1.33 is in extended support")


def test_a_privileged_sidecar_is_refused_naming_the_new_side() -> None:
    """The spec has no privileged key (Fargate runs no privileged containers): bad input."""
    code, out, err = run(BASE_ECS, str(FIXTURES / "privileged-sidecar.yaml"))
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("new: tests/fixtures/diff/privileged-sidecar.yaml:23:")
    assert "privileged" in line


def test_bad_input_on_either_side_is_named() -> None:
    bad = str(FIXTURES / "privileged-sidecar.yaml")
    code, _, err = run(bad, BASE_ECS)
    assert code == 2 and err.startswith("old: tests/fixtures/diff/privileged-sidecar.yaml:23:")
    code, _, err = run(bad, bad)
    assert code == 2
    assert [line.split(":")[0] for line in err.strip().splitlines()] == ["old", "new"]
    code, _, err = run(BASE_ECS, "tests/fixtures/diff/missing.yaml")
    assert code == 2 and err.startswith("new: tests/fixtures/diff/missing.yaml")
    assert "Traceback" not in err


def test_reordering_the_spec_changes_nothing() -> None:
    code, doc = diff_json(BASE_ECS, str(FIXTURES / "reordered.yaml"))
    assert code == 0
    assert doc["changes"] == [] and doc["renames"] == []
    assert doc["cost"]["delta"] == 0
    summary = doc["summary"]
    assert (summary["create"], summary["update"], summary["replace"], summary["delete"]) == (
        0,
        0,
        0,
        0,
    )
    assert summary["verdict"] == "ok"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
    )


def test_base_reads_the_stack_at_a_git_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "stacks").mkdir(parents=True)
    stack = repo / "stacks" / "Pulumi.web.yaml"
    stack.write_text(Path(BASE_ECS).read_text())
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    stack.write_text((FIXTURES / "spot.yaml").read_text())
    code, out, err = run(str(stack), "--base", "HEAD", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["old"] == f"HEAD:{stack}"
    assert by_action(doc, "update") == [("aws:ecs/service:Service", "web-api")]
    assert doc["cost"]["delta"] < 0
    # a revision without the file: the stack is new, everything is created
    other = repo / "stacks" / "Pulumi.new.yaml"
    other.write_text(Path(BASE_ECS).read_text())
    code, out, _ = run(str(other), "--base", "HEAD", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and by_action(doc, "delete") == [] and doc["summary"]["same"] == 0
    assert doc["cost"]["before"] == 0 and doc["cost"]["delta"] > 0
    # an unknown revision is one line naming --base
    code, out, err = run(str(stack), "--base", "no-such-ref")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert "--base" in line and "no-such-ref" in line


def test_base_finds_a_price_file_relative_to_the_stack(tmp_path: Path) -> None:
    """The revision's spec is read under the stack's own path, so its relative cost.priceFile
    is found beside it (not beside a temporary copy). At $1 per vCPU-hour and nothing per GB,
    two tasks of 0.5 vCPU cost 730 h x $1 a month, three cost 1.5 x 730."""
    repo = tmp_path / "repo"
    (repo / "stacks").mkdir(parents=True)
    (repo / "stacks" / "prices.yaml").write_text(
        'us-east-1:\n  linux/x86_64: {vcpu_hour: "1", gb_hour: "0"}\n'
    )
    spec = Path(BASE_ECS).read_text() + "    cost:\n      priceFile: prices.yaml\n"
    stack = repo / "stacks" / "Pulumi.web.yaml"
    stack.write_text(spec)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    stack.write_text(spec.replace("desiredCount: 2", "desiredCount: 3"))
    code, out, err = run(str(stack), "--base", "HEAD", "--format", "json")
    assert code == 0, err
    (row,) = [r for r in json.loads(out)["cost"]["rows"] if r["name"] == "api"]
    assert (row["before"], row["after"]) == (730.0, 1095.0)


def _committed_stack(tmp_path: Path, text: bytes) -> Path:
    """A repository whose HEAD has ``text`` at stacks/Pulumi.web.yaml, base-ecs.yaml on disk."""
    repo = tmp_path / "repo"
    (repo / "stacks").mkdir(parents=True)
    stack = repo / "stacks" / "Pulumi.web.yaml"
    stack.write_bytes(text)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    stack.write_text(Path(BASE_ECS).read_text())
    return stack


def test_base_without_git_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stack = _committed_stack(tmp_path, Path(BASE_ECS).read_bytes())
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    code, out, err = run(str(stack), "--base", "HEAD")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert "--base" in line and "cannot run git" in line


def test_base_text_that_is_not_utf8_is_one_located_line(tmp_path: Path) -> None:
    """Read as UTF-8 whatever the locale: a Latin-1 byte (0xe9, é) in the revision's comment
    is named with its line, on the old side."""
    stack = _committed_stack(tmp_path, b"# caf\xe9\n" + Path(BASE_ECS).read_bytes())
    code, out, err = run(str(stack), "--base", "HEAD")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith(f"old: HEAD:{stack}:1:6: not UTF-8 text: byte 0xe9"), line


def test_a_new_stack_is_found_whatever_gits_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git translates its messages (LANG=de: "Pfad ... existiert nicht in 'HEAD'"): a git whose
    messages are not English still shows a stack the revision lacks as new."""
    real = shutil.which("git")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"done = subprocess.run([{real!r}, *sys.argv[1:]], stderr=subprocess.PIPE)\n"
        "if done.stderr:\n"
        "    sys.stderr.write('fatal: Pfad existiert nicht\\n')\n"
        "sys.exit(done.returncode)\n"
    )
    (bin_dir / "git").chmod(0o755)
    stack = _committed_stack(tmp_path, Path(BASE_ECS).read_bytes())
    other = stack.with_name("Pulumi.new.yaml")
    other.write_text(Path(BASE_ECS).read_text())
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    code, out, err = run(str(other), "--base", "HEAD", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["cost"]["before"] == 0


def test_a_missing_folder_is_named_on_the_new_side(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "nowhere" / "Pulumi.web.yaml"), "--base", "HEAD")
    assert code == 2 and out == ""
    assert err.strip() == f"new: {tmp_path}/nowhere/Pulumi.web.yaml: no such file"


def test_one_stack_needs_a_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    code, _, err = run(BASE_ECS)
    assert code == 2 and "--base" in err and "GITHUB_BASE_REF" in err
    code, _, err = run(BASE_ECS, BASE_ECS, "--base", "HEAD")
    assert code == 2 and "--base" in err


def test_help_says_where_the_default_base_comes_from() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "GITHUB_BASE_REF" in " ".join(out.split()) and "merge base" in out


def test_an_input_the_component_ignores_is_no_change(tmp_path: Path) -> None:
    """An autoscaled service's desiredCount is in its ignoreChanges (App Auto Scaling owns it):
    Pulumi plans no update for it, and neither does the diff; the estimate still moves."""
    scaled = (
        Path(BASE_ECS).read_text()
        + "              autoscaling:\n                min: 2\n                max: 4\n"
    )
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(scaled)
    new.write_text(scaled.replace("desiredCount: 2", "desiredCount: 3"))
    code, doc = diff_json(str(old), str(new))
    assert code == 0 and doc["changes"] == []
    assert doc["cost"]["delta"] > 0


README_BLOCK = re.compile(r"```text\n\$ (fargate-stacks diff [^\n]*)\n(.*?)```", re.S)


def test_readme_pastes_a_diff_as_it_prints() -> None:
    """README "Reviewing a pull request": the pasted output is what the command prints today."""
    pasted = README_BLOCK.findall(Path("README.md").read_text())
    assert len(pasted) == 1
    command, output = pasted[0]
    code, out, _ = run(*shlex.split(command)[2:])
    assert code == 0 and out == output
