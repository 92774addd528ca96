"""``fargate-stacks check`` on files: every file-checkable rule fails and passes through the CLI,
the four formats, exit codes, --policy-config, --profiles, bad input, speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fargate_stacks.cli.app import main
from fargate_stacks.policies import RULES
from policy_cases import GOOD_DEPLOYMENT, GOOD_TASK, POD_CASES, TASK_CASES, make

FIXTURES = Path(__file__).parent / "fixtures"
POLICY = FIXTURES / "policy"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["check", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def as_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, dict]:
    code, out, err = run(capsys, "--format", "json", *args)
    assert err == ""
    return code, json.loads(out)


@pytest.mark.parametrize("rule", sorted(TASK_CASES))
def test_task_definition_rules(
    rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text(json.dumps(make(GOOD_TASK, TASK_CASES[rule]), indent=2))
    good.write_text(json.dumps(GOOD_TASK, indent=2))
    code, doc = as_json(capsys, bad)
    assert {f["rule"] for f in doc["findings"]} == {rule}
    assert code == (1 if doc["findings"][0]["level"] == "mandatory" else 0)
    assert all(f["file"] == str(bad) and f["line"] >= 1 for f in doc["findings"])
    assert as_json(capsys, good) == (
        0,
        {
            "findings": [],
            "skipped": [],
            "summary": {
                "files": 1,
                "podTemplates": 0,
                "taskDefinitions": 1,
                "findings": 0,
                "mandatory": 0,
                "advisory": 0,
                "rules": {},
            },
        },
    )


@pytest.mark.parametrize("rule", sorted(POD_CASES))
def test_kubernetes_rules(rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(make(GOOD_DEPLOYMENT, POD_CASES[rule])))
    code, doc = as_json(capsys, bad)
    assert {f["rule"] for f in doc["findings"]} == {rule}
    assert code == (1 if doc["findings"][0]["level"] == "mandatory" else 0)


def test_text_output_groups_by_rule_with_places(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, POLICY / "host-network-pod.yaml", POLICY / "docker-in-docker.yaml")
    assert code == 1 and err == ""
    lines = out.splitlines()
    # groups in rule order (mandatory rules by id), each under its rule's title
    assert lines[0].startswith("fargate-capabilities (mandatory, 2):")
    assert f"  {POLICY / 'docker-in-docker.yaml'}:29: Deployment/ci-runner: container 'dind'" in out
    assert any(line.startswith("fargate-no-host-network (mandatory, 2):") for line in lines)
    assert any(line.startswith("fargate-no-privileged (mandatory, 1):") for line in lines)
    # EKS on Fargate adds no SYS_PTRACE (containers-roadmap#1102): refused with NET_ADMIN
    assert "adds capability SYS_PTRACE" in out and "adds capability NET_ADMIN" in out
    assert lines[-1] == (
        "6 findings: 6 mandatory, 0 advisory (2 files, 2 pod templates, "
        "0 task definitions checked)."
    )


def test_clean_article_deployment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, FIXTURES / "manifests" / "nginx-deployment.yaml")
    assert code == 0 and out.startswith("No findings (1 file, 1 pod template")


def test_advisory_only_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(make(GOOD_DEPLOYMENT, POD_CASES["image-tag-pinned"])))
    code, out, _ = run(capsys, path)
    assert code == 0 and "image-tag-pinned (advisory, 1)" in out


def test_sarif_is_what_code_scanning_takes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "sarif", POLICY / "logging-daemonset.yaml")
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif-schema-2.1.0" in sarif["$schema"]
    run0 = sarif["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    assert run0["tool"]["driver"]["name"] == "fargate-stacks" and len(rules) == len(RULES)
    assert {r["id"] for r in rules} >= {"fargate-no-daemonset", "fargate-volumes"}
    results = run0["results"]
    assert {r["ruleId"] for r in results} == {"fargate-no-daemonset", "fargate-volumes"}
    for r in results:
        assert r["level"] == "error" and r["message"]["text"]
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("policy/logging-daemonset.yaml")
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1


def test_sarif_names_only_a_real_project_url(capsys: pytest.CaptureFixture[str]) -> None:
    from fargate_stacks.policies.reporting import project_url, render_sarif

    _, out, _ = run(capsys, "--format", "sarif", POLICY / "logging-daemonset.yaml")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert driver.get("informationUri") == project_url()  # from the package's metadata, or none
    given = json.loads(render_sarif([], "1.0", "https://example.org/fs"))
    assert given["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/fs"
    assert "informationUri" not in json.loads(render_sarif([], "1.0"))["runs"][0]["tool"]["driver"]


def test_empty_profiles_file_says_what_is_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "profiles.yaml"
    empty.write_text("# no profiles yet\n")
    code, out, err = run(capsys, "--profiles", empty, POLICY / "logging-daemonset.yaml")
    assert code == 2 and out == ""
    assert err.startswith(f"{empty}:1:1:") and "empty" in err
    assert "a list of Fargate profiles" in err and "mapping" not in err


def test_github_annotations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(make(GOOD_DEPLOYMENT, POD_CASES["image-tag-pinned"])))
    monkeypatch.chdir(Path(__file__).parent.parent)
    code, out, _ = run(capsys, "--format", "github", POLICY / "gpu-training-job.yaml", path)
    lines = out.splitlines()
    assert code == 1
    error = [line for line in lines if line.startswith("::error ")]
    warning = [line for line in lines if line.startswith("::warning ")]
    assert error == [
        "::error file=tests/fixtures/policy/gpu-training-job.yaml,line=26,"
        "title=fargate-no-gpu::Job/train-resnet: container 'trainer' asks for "
        "nvidia.com/gpu: Fargate has no GPUs or accelerators; schedule it on a "
        "GPU node group"
    ]
    assert len(warning) == 1 and f"file={path},line=19,title=image-tag-pinned::" in warning[0]
    assert lines[-1].startswith("2 findings: 1 mandatory, 1 advisory")


def test_policy_config_changes_levels_and_disables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "levels.json"
    config.write_text(json.dumps({"fargate-no-gpu": {"enforcementLevel": "advisory"}}))
    code, doc = as_json(capsys, "--policy-config", config, POLICY / "gpu-training-job.yaml")
    assert code == 0 and doc["findings"][0]["level"] == "advisory"
    config.write_text(json.dumps({"fargate-no-gpu": "disabled"}))
    assert as_json(capsys, "--policy-config", config, POLICY / "gpu-training-job.yaml")[0] == 0


def test_profiles_leave_unselected_workloads_to_node_groups(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc = as_json(
        capsys,
        "--profiles",
        POLICY / "profiles.yaml",
        POLICY / "gpu-training-job.yaml",
        POLICY / "logging-daemonset.yaml",
    )
    rules = {(Path(f["file"]).name, f["rule"]) for f in doc["findings"]}
    assert rules == {
        ("gpu-training-job.yaml", "fargate-pod-has-profile"),
        ("logging-daemonset.yaml", "fargate-no-daemonset"),
        ("logging-daemonset.yaml", "fargate-volumes"),
    }
    assert code == 1 and doc["summary"]["profiles"] == 2


def test_profiles_from_a_stack_spec(capsys: pytest.CaptureFixture[str]) -> None:
    spec = Path(__file__).parent.parent / "stacks" / "Pulumi.dev.yaml"
    code, doc = as_json(capsys, "--profiles", spec, POLICY / "logging-daemonset.yaml")
    assert code == 0 and {f["rule"] for f in doc["findings"]} == {"fargate-pod-has-profile"}


NODE_GROUP_SPEC = """eks:
  clusters:
    - name: c
      fargateProfiles:
        - name: apps
          selectors: [{namespace: team-a}]
      nodeGroup: {instanceTypes: [t3.large], minSize: 1, maxSize: 2, desiredSize: 1}
"""


def test_with_a_node_group_unselected_workloads_are_the_node_group_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "ng.yaml"
    spec.write_text(NODE_GROUP_SPEC)
    code, doc = as_json(
        capsys,
        "--profiles",
        spec,
        POLICY / "logging-daemonset.yaml",
        POLICY / "gpu-training-job.yaml",
        POLICY / "host-network-pod.yaml",
    )
    # nothing selects logging, ml or default: they go to the node group, where all of it is fine
    assert (code, doc["findings"]) == (0, [])
    selected = tmp_path / "selected.yaml"
    selected.write_text(
        (POLICY / "logging-daemonset.yaml")
        .read_text()
        .replace("namespace: logging", "namespace: team-a")
    )
    code, doc = as_json(capsys, "--profiles", spec, selected)
    assert code == 1 and {f["rule"] for f in doc["findings"]} == {
        "fargate-no-daemonset",
        "fargate-volumes",
    }


def test_profile_limits_are_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profiles = tmp_path / "p.yaml"
    profiles.write_text(
        yaml.safe_dump([{"name": "big", "selectors": [{"namespace": f"n{i}"} for i in range(6)]}])
    )
    code, doc = as_json(
        capsys, "--profiles", profiles, FIXTURES / "manifests" / "nginx-deployment.yaml"
    )
    assert code == 1
    (finding,) = [f for f in doc["findings"] if f["rule"] == "fargate-profile-selectors"]
    assert finding["file"] == str(profiles) and finding["line"] == 8


@pytest.mark.parametrize(
    "content, name, expected",
    [
        ("kind: [", "broken.yaml", "broken.yaml:2:1: invalid YAML"),
        (
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: nope\n",
            "pod.yaml",
            "pod.yaml:5:",
        ),
        ('{"family": "x", "containerDefinitions": {}}', "td.json", "td.json:1:"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    content: str, name: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, out, err = run(capsys, POLICY / "docker-in-docker.yaml", path)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(str(tmp_path)) and expected in err
    assert "Traceback" not in err


def test_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.json"
    config.write_text('{"fargate-no-privilegd": "advisory"}')
    code, out, err = run(capsys, "--policy-config", config, POLICY / "docker-in-docker.yaml")
    assert code == 2 and out == "" and "did you mean 'fargate-no-privileged'" in err
    code, out, err = run(
        capsys, "--profiles", tmp_path / "missing.yaml", POLICY / "docker-in-docker.yaml"
    )
    assert code == 2 and out == "" and "no such file" in err
    code, out, err = run(capsys, "--format", "xml", POLICY / "docker-in-docker.yaml")
    assert code == 2 and out == ""


def test_a_thousand_manifests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (POLICY / "docker-in-docker.yaml").read_text()  # one 40-line Deployment
    files = []
    for i in range(1000):
        path = tmp_path / f"m{i}.yaml"
        path.write_text(text)
        files.append(path)
    code, doc = as_json(capsys, *files)  # its speed is measured by benchmarks/run.py
    assert code == 1  # mandatory findings
    assert doc["summary"]["files"] == 1000 and doc["summary"]["findings"] == 1000


def test_github_workflow_template_renders() -> None:
    from fargate_stacks.reports.templates import render_template  # the renderer `new` uses

    text = render_template(
        "github/fargate-stacks.yml.j2", python_version="3.12", stacks=["dev", "prod"]
    )
    assert text.endswith("\n") and not text.endswith("\n\n")
    workflow = yaml.safe_load(text)
    check, preview = workflow["jobs"]["check"], workflow["jobs"]["preview"]
    steps = {s.get("name", s.get("uses")): s for s in check["steps"]}
    changed = steps["Changed manifests"]["run"].splitlines()
    assert changed[-3].strip() == "fi" and changed[-2].strip().startswith("git diff")
    assert steps["Install fargate-stacks"]["run"] == "make install"
    assert "--format sarif" in steps["fargate-stacks check (SARIF)"]["run"]
    assert steps["Upload findings to code scanning"]["uses"].startswith(
        "github/codeql-action/upload-sarif@"
    )
    assert preview["strategy"]["matrix"]["stack"] == ["dev", "prod"]
    pulumi = next(s for s in preview["steps"] if s.get("uses", "").startswith("pulumi/actions@"))
    assert pulumi["with"]["policyPacks"] == "policypack" and pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["stack-name"] == "${{ matrix.stack }}"
    defaults = yaml.safe_load(render_template("github/fargate-stacks.yml.j2"))  # all defaulted
    assert defaults["jobs"]["preview"]["strategy"]["matrix"]["stack"] == ["dev"]
