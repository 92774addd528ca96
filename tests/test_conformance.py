"""What fargate-stacks hands to other tools, checked by those tools' own schemas and validators:
SARIF against the OASIS SARIF 2.1.0 schema (with its ``format`` keywords checked), every
Pulumi project file (this repo's and each ``new --project`` output's) against Pulumi's
``project.json``, and every Kubernetes object the components emit against the Kubernetes
OpenAPI schemas (``kubernetes-validate``, strict: unknown fields are errors). The schemas are
vendored in tests/conformance/ (PROVENANCE.md there)."""

from __future__ import annotations

import functools
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from fargate_stacks.cli.app import main
from fargate_stacks.cli.new import TEMPLATES

REPO = Path(__file__).resolve().parents[1]
CONFORMANCE = Path(__file__).resolve().parent / "conformance"
FIXTURES = REPO / "tests" / "fixtures"


def load_schema(path: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((CONFORMANCE / path).read_text())
    return schema


def errors(schema: dict[str, Any], document: Any) -> list[str]:
    """Every error of ``document`` against ``schema``, formats checked (jsonschema leaves them
    unchecked unless a format checker is given; uri-reference needs rfc3986-validator)."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


# ---------------------------------------------------------------- SARIF


def sarif_of(files: list[Path], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    code = main(["check", "--format", "sarif", *map(str, files)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    document: dict[str, Any] = json.loads(out)
    return document


def checkable_fixtures() -> list[Path]:
    """Every manifest and task definition fixture (not the policy config or profiles file)."""
    return sorted(
        p
        for p in FIXTURES.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and p.name not in ("profiles.yaml", "policy-config.json")
        and p.parent.name not in ("specs", "diff")  # stack specs, not manifests
    )


def test_sarif_schema_checks_uri_references() -> None:
    """The validator bites: SARIF's artifactLocation.uri is format uri-reference (RFC 3986)."""
    schema = load_schema("sarif/sarif-schema-2.1.0.json")
    location = {"physicalLocation": {"artifactLocation": {"uri": "k8s/my pod.yaml"}}}
    document = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "t"}},
                "results": [{"message": {"text": "m"}, "locations": [location]}],
            }
        ],
    }
    assert any("is not a 'uri-reference'" in e for e in errors(schema, document))
    location["physicalLocation"]["artifactLocation"]["uri"] = "k8s/my%20pod.yaml"
    assert errors(schema, document) == []


def test_check_sarif_is_valid_sarif_2_1_0(capsys: pytest.CaptureFixture[str]) -> None:
    document = sarif_of(checkable_fixtures(), capsys)
    assert errors(load_schema("sarif/sarif-schema-2.1.0.json"), document) == []
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    assert run["results"], "the fixtures have findings: the results are checked too"
    # GitHub code scanning's required fields (SARIF support for code scanning, docs.github.com)
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_clean_sarif_is_valid_too(capsys: pytest.CaptureFixture[str]) -> None:
    document = sarif_of([FIXTURES / "manifests" / "aws-documented-pod.yaml"], capsys)
    assert errors(load_schema("sarif/sarif-schema-2.1.0.json"), document) == []


# ---------------------------------------------------------------- Pulumi project files

# The Python language host's runtime options (pulumi/pulumi sdk/python/cmd/pulumi-language-python
# parseOptions): project.json leaves runtime.options open, so these are checked on top.
PYTHON_TOOLCHAINS = {"pip", "poetry", "uv"}
PYTHON_TYPECHECKERS = {"mypy", "pyright"}


def project_problems(path: Path) -> list[str]:
    project = yaml.safe_load(path.read_text())
    problems = errors(load_schema("pulumi/project.json"), project)
    runtime = project.get("runtime")
    if isinstance(runtime, dict) and runtime.get("name") == "python":
        options = runtime.get("options") or {}
        if "toolchain" in options and options["toolchain"] not in PYTHON_TOOLCHAINS:
            problems.append(f"runtime.options.toolchain: unsupported {options['toolchain']!r}")
        if "virtualenv" in options and not isinstance(options["virtualenv"], str):
            problems.append("runtime.options.virtualenv: not a string")
        if "typechecker" in options and options["typechecker"] not in PYTHON_TYPECHECKERS:
            problems.append(f"runtime.options.typechecker: {options['typechecker']!r}")
    return problems


def test_project_schema_bites() -> None:
    schema = load_schema("pulumi/project.json")
    assert errors(schema, {"runtime": "python"})  # name is required
    assert errors(schema, {"name": "p", "runtime": 3})
    assert errors(schema, {"name": "p", "runtime": "python", "stackConfigDir": ["stacks"]})


def test_this_repos_pulumi_yaml_is_a_valid_project() -> None:
    assert project_problems(REPO / "Pulumi.yaml") == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_new_project_is_a_valid_pulumi_project(template: str, tmp_path: Path) -> None:
    project = tmp_path / f"{template}-infra"
    assert main(["new", "dev", "--project", str(project), "--template", template]) == 0
    assert project_problems(project / "Pulumi.yaml") == []
    assert (project / "__main__.py").is_file()  # main defaults to the project folder


# ---------------------------------------------------------------- Kubernetes objects


def _plain(value: Any) -> Any:
    """Numbers as JSON has them: the wire carries every number as a double (80.0)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@cache
def emitted_objects() -> list[tuple[str, str, dict[str, Any]]]:
    """(stack, Kubernetes version, object) for every Kubernetes object the components emit for
    the example stacks and every template (a Helm release is no object: its chart renders
    them)."""
    from eks_harness import EksMocks
    from fargate_stacks.components.stack import build_stack
    from fargate_stacks.spec import spec_from_data
    from pulumi_harness import run

    specs: dict[str, dict[str, Any]] = {}
    for path in sorted((REPO / "stacks").glob("Pulumi.*.yaml")):
        specs[path.name] = yaml.safe_load(path.read_text())["config"]["fargate-stacks:spec"]
    from test_plain_mocks import FULL_SPEC

    specs["every feature"] = FULL_SPEC
    out = []
    for name, data in specs.items():
        if not data.get("eks"):
            continue
        spec = spec_from_data(data)
        result = run(functools.partial(build_stack, spec), stack="dev", mocks=EksMocks())
        assert spec.eks is not None
        versions = {c.name: c.version for c in spec.eks.clusters}
        (version,) = set(versions.values()) or {"1.33"}
        out += [
            (name, version, _plain(r.inputs))
            for r in result.resources
            if r.type.startswith("kubernetes:") and r.custom and "apiVersion" in r.inputs
        ]
    return out


def test_kubernetes_validate_bites() -> None:
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {
            "selector": {"matchLabels": {"a": "b"}},
            "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": []}},
            "replicaz": 2,
        },
    }
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, "1.33", strict=True)


def test_every_emitted_kubernetes_object_is_valid() -> None:
    objects = emitted_objects()
    kinds = {obj["kind"] for _s, _v, obj in objects}
    assert {
        "Namespace",
        "ConfigMap",
        "Deployment",
        "Service",
        "ServiceAccount",
        "Ingress",
        "HorizontalPodAutoscaler",
        "Job",
        "CronJob",
    } <= kinds
    problems = []
    for stack, version, obj in objects:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            where = "/".join(map(str, error.path))
            problems.append(
                f"{stack}: {obj['kind']}/{obj['metadata'].get('name')}: {where}: {error.message}"
            )
    assert problems == []
