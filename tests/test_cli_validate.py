"""`fargate-stacks validate` and `schema`: exit codes, one-line errors, nothing on stdout on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fargate_stacks.cli.app import main

REPO = Path(__file__).resolve().parents[1]


def test_validate_examples_ok(capsys) -> None:
    code = main(
        ["validate", str(REPO / "stacks/Pulumi.dev.yaml"), str(REPO / "stacks/Pulumi.prod.yaml")]
    )
    out = capsys.readouterr()
    assert code == 0
    assert "Pulumi.dev.yaml: ok (stack dev: 2 ECS services, 1 EKS workloads)" in out.out
    assert out.err == ""


def test_validate_bad_spec_exit_2_one_line_each(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "Pulumi.bad.yaml"
    bad.write_text(
        "config:\n  fargate-stacks:spec:\n    ecs:\n      clusters:\n"
        "        - name: web\n          servics: []\n"
    )
    code = main(["validate", str(REPO / "stacks/Pulumi.dev.yaml"), str(bad)])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert out.err.splitlines() == [
        f"{bad}:6:11: ecs.clusters[0].servics: unknown key 'servics' (did you mean 'services'?)"
    ]


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


@pytest.mark.parametrize(
    "args, committed",
    [
        ([], "docs/spec.schema.json"),
        (["--stack-config"], "docs/stack-config.schema.json"),
    ],
)
def test_committed_schemas_are_current(args: list[str], committed: str, capsys) -> None:
    """The committed schemas are what editors load; they must match the models."""
    main(["schema", *args])
    assert json.loads(capsys.readouterr().out) == json.loads((REPO / committed).read_text())


def test_friendly_units_are_valid_in_the_schema(capsys) -> None:
    """An editor must accept what the loader accepts: "0.5 vCPU" and "1 GB" are strings,
    2048 units a number; and refuse what it refuses: a bare 1 (ambiguous), "0.5 cores"."""
    import jsonschema

    main(["schema"])
    doc = json.loads(capsys.readouterr().out)
    service = doc["$defs"]["ServiceSpec"]["properties"]
    for field, good, bad in (
        ("cpu", ["0.5 vCPU", "1vcpu", "256", 2048], [1, 0.5, "0.5 cores"]),
        ("memory", ["1 GB", "2GiB", "512 MiB", 512], [2, 0.5, "1 GiBs"]),
    ):
        schema = {**service[field], "$defs": doc["$defs"]}
        for value in good:
            assert jsonschema.Draft202012Validator(schema).is_valid(value), (field, value)
        for value in bad:
            assert not jsonschema.Draft202012Validator(schema).is_valid(value), (field, value)


def test_stack_config_schema_validates_the_examples(capsys) -> None:
    """The modeline of stacks/Pulumi.*.yaml points at this schema: the examples must pass it,
    and a typo must fail it, as it would in an editor."""
    import jsonschema
    import yaml

    main(["schema", "--stack-config"])
    validator = jsonschema.Draft202012Validator(json.loads(capsys.readouterr().out))
    for path in sorted((REPO / "stacks").glob("Pulumi.*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/stack-config.schema.json", path
        data = yaml.safe_load(path.read_text())
        assert list(validator.iter_errors(data)) == [], path
        data["config"]["fargate-stacks:spec"]["ecs"]["clusters"][0]["servics"] = []
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        assert error.message == "Additional properties are not allowed ('servics' was unexpected)"
