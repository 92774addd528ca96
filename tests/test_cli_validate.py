"""`fargate-stacks validate` and `schema`: exit codes, one-line errors, nothing on stdout on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from fargate_stacks.cli.app import main

REPO = Path(__file__).resolve().parents[1]


def test_validate_examples_ok(capsys) -> None:
    code = main(["validate", str(REPO / "stacks/Pulumi.dev.yaml"), str(REPO / "stacks/Pulumi.prod.yaml")])
    out = capsys.readouterr()
    assert code == 0
    assert "Pulumi.dev.yaml: ok (stack dev: 2 ECS services, 1 EKS workloads)" in out.out
    assert out.err == ""


def test_validate_bad_spec_exit_2_one_line_each(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "Pulumi.bad.yaml"
    bad.write_text("config:\n  fargate-stacks:spec:\n    ecs:\n      clusters:\n"
                   "        - name: web\n          servics: []\n")
    code = main(["validate", str(REPO / "stacks/Pulumi.dev.yaml"), str(bad)])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert out.err.splitlines() == [
        f"{bad}:6:11: ecs.clusters[0].servics: unknown key 'servics' (did you mean 'services'?)"]


def test_usage_error_is_one_line(capsys) -> None:
    code = main(["validate", "--nope"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "No such option" in err


def test_unknown_command(capsys) -> None:
    assert main(["valdate", "x"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_schema_is_json_schema_with_camel_case(capsys) -> None:
    assert main(["schema"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["title"] == "fargate-stacks spec"
    service = doc["$defs"]["ServiceSpec"]["properties"]
    assert {"loadBalancer", "desiredCount", "readOnlyRootFilesystem", "exec"} <= set(service)
    assert doc["$defs"]["ServiceSpec"]["additionalProperties"] is False


def test_committed_schema_is_current(capsys) -> None:
    """docs/spec.schema.json is what editors load; it must match the models."""
    main(["schema"])
    assert json.loads(capsys.readouterr().out) == json.loads(
        (REPO / "docs/spec.schema.json").read_text())


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import sys; from fargate_stacks.cli.app import main; sys.exit(main())",
                           "validate", str(tmp_path / "missing.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{tmp_path / 'missing.yaml'}: no such file"
    assert "Traceback" not in proc.stderr
