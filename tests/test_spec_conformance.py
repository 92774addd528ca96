"""The JSON Schema is the spec's reference, and it agrees with the loader.

* Every example the project shows (stacks/, each template rendered by ``new`` with and without
  --project, the README's spec snippets) validates against the stack-config schema *and* loads.
* Every field of every model has a title that reads as words, a description, an example, and
  its default; every example in the schema validates against the schema and the field's type.
* A property test draws specs from the schema (hypothesis-jsonschema) and checks the loader
  agrees on what is *structurally* valid. Structural: the shape and types the schema states
  (known keys, required keys, JSON types, enums, numeric bounds, lengths). The loader may refuse
  more, but only for semantic reasons our validators state as a ``value_error`` (a cpu/memory
  pair, Windows on Spot, a workload no profile selects, an ambiguous bare number). A pydantic
  error of any other type on a schema-valid instance is a disagreement. The other direction: a
  schema-invalid mutation (an unknown key, a wrong type) must be refused by the loader. And a
  control shows the comparison is not blind: with a deliberately loosened schema it finds a
  disagreement.
"""

from __future__ import annotations

import copy
import json
import re
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from pydantic import BaseModel, TypeAdapter, ValidationError

from fargate_stacks.cli.app import main
from fargate_stacks.cli.new import SCHEMA_FILE, TEMPLATES
from fargate_stacks.spec import (
    EksClusterSpec,
    NetworkSpec,
    ServiceSpec,
    StackSpec,
    WorkloadSpec,
    load_spec,
)
from fargate_stacks.spec.schema import spec_schema, stack_config_schema

REPO = Path(__file__).resolve().parents[1]
STACK_CONFIG = jsonschema.Draft202012Validator(stack_config_schema())
SPEC = spec_schema()


def _rendered(root: Path) -> list[Path]:
    """Every template, as ``new`` writes it: in a folder of stacks, and as a whole project."""
    out: list[Path] = []
    for template in TEMPLATES:
        project = root / f"project-{template}"
        assert main(["new", "demo", "--template", template, "--project", str(project)]) == 0
        out.append(project / "stacks" / "Pulumi.demo.yaml")
    return out


def _readme_specs() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)
    return [b for b in blocks if "fargate-stacks:spec" in b and "desiredCont:" not in b]


def _assert_conforms(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    assert [e.message for e in STACK_CONFIG.iter_errors(data)] == [], path
    load_spec(path)  # raises on any problem


@pytest.mark.parametrize("path", sorted((REPO / "stacks").glob("Pulumi.*.yaml")), ids=str)
def test_example_stacks_conform(path: Path) -> None:
    _assert_conforms(path)


def test_every_template_conforms_with_and_without_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``new`` in a folder (stacks/ next to where it runs) and ``new --project``: the stack it
    writes validates against our schema and loads, and its modeline points at a schema file
    that exists and is the stack-config schema of this version."""
    paths = _rendered(tmp_path / "project")
    for template in TEMPLATES:
        folder = tmp_path / f"here-{template}"
        folder.mkdir()
        monkeypatch.chdir(folder)
        assert main(["new", "demo", "--template", template]) == 0
        paths.append(folder / "stacks" / "Pulumi.demo.yaml")
    for path in paths:
        _assert_conforms(path)
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}", path
        written = json.loads((path.parent / SCHEMA_FILE).read_text())
        assert written.pop("$comment").startswith("Written by fargate-stacks ")
        assert written == stack_config_schema()


def test_new_refreshes_an_outdated_schema_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / SCHEMA_FILE).write_text("{}")
    assert main(["new", "one"]) == 0
    assert f"updated stacks/{SCHEMA_FILE}" in capsys.readouterr().out
    assert main(["new", "two"]) == 0
    assert f"unchanged stacks/{SCHEMA_FILE}" in capsys.readouterr().out


@pytest.mark.parametrize("index", range(len(_readme_specs())))
def test_readme_spec_snippets_conform(index: int, tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.readme.yaml"
    path.write_text(_readme_specs()[index])
    _assert_conforms(path)


def test_readme_validate_output_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (REPO / "README.md").read_text()
    typo = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "desiredCont:" in b)
    pasted = re.search(r"\$ fargate-stacks validate (\S+)\n(.*?)```", text, re.DOTALL)
    assert pasted is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stacks").mkdir()
    (tmp_path / pasted[1]).write_text(typo)
    assert main(["validate", pasted[1]]) == 2
    assert capsys.readouterr().err == pasted[2]


# ---------------------------------------------------------------- every field documented


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ in found:
                return
            found[tp.__name__] = tp
            for info in tp.model_fields.values():
                walk(info.annotation)
        for arg in typing.get_args(tp):
            walk(arg)

    walk(StackSpec)
    return found


MODELS = _models()


def _properties() -> list[tuple[str, str, dict[str, Any]]]:
    out = [("StackSpec", k, v) for k, v in SPEC["properties"].items()]
    for name, model in SPEC["$defs"].items():
        out += [(name, k, v) for k, v in model.get("properties", {}).items()]
    return out


def test_every_model_of_the_spec_is_in_the_schema() -> None:
    assert set(MODELS) - {"StackSpec"} == set(SPEC["$defs"])


@pytest.mark.parametrize("model, key, prop", _properties(), ids=lambda v: str(v)[:40])
def test_every_field_has_title_description_default_and_example(
    model: str, key: str, prop: dict[str, Any]
) -> None:
    required = (SPEC if model == "StackSpec" else SPEC["$defs"][model]).get("required", [])
    assert prop.get("description"), "description"
    assert prop.get("examples"), "examples"
    # a default computed on the day (the EKS version: the calendar's newest in standard
    # support) cannot be a schema constant: its description must say what it is instead
    dated = "Default:" in prop["description"] and "default" not in prop
    assert key in required or "default" in prop or dated, "default"
    title = prop.get("title", "")
    # words, not a squashed identifier: "AZ count", not "Azcount" or "azCount"
    assert title and title[0].isupper() and title != key and "_" not in title, title
    assert title.replace(" ", "").lower() == key.lower(), title


def _field_type(model: str, key: str) -> TypeAdapter[Any]:
    cls = MODELS[model]
    info = next(i for n, i in cls.model_fields.items() if key in (n, i.alias))
    annotation: Any = info.annotation
    if info.metadata:
        annotation = typing.Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


@pytest.mark.parametrize("model, key, prop", _properties(), ids=lambda v: str(v)[:40])
def test_every_example_is_valid_for_the_schema_and_the_loader(
    model: str, key: str, prop: dict[str, Any]
) -> None:
    schema = {**prop, "$defs": SPEC["$defs"]}
    schema.pop("examples")
    for example in prop["examples"]:
        assert jsonschema.Draft202012Validator(schema).is_valid(example), example
        _field_type(model, key).validate_python(example)  # raises when the loader refuses it


def test_titles_of_models_read_as_words() -> None:
    assert SPEC["$defs"]["EcsClusterSpec"]["title"] == "ECS cluster"
    assert SPEC["$defs"]["NetworkSpec"]["properties"]["azCount"]["title"] == "AZ count"
    assert SPEC["$defs"]["NetworkSpec"]["properties"]["privateSubnetIds"]["title"] == (
        "Private subnet IDs"
    )


@pytest.mark.parametrize(
    "owner, key", [("ServiceSpec", "loadBalancer"), ("WorkloadSpec", "ingress")]
)
def test_shorthands_are_in_the_schema(owner: str, key: str) -> None:
    """``loadBalancer: public`` is accepted by the loader: the schema says so (it used to be a
    pre-validation hook the schema did not know), and refuses a value the loader refuses."""
    schema = {**SPEC["$defs"][owner]["properties"][key], "$defs": SPEC["$defs"]}
    validator = jsonschema.Draft202012Validator(schema)
    for value in ("public", "internal", "none", {"scheme": "public"}):
        assert validator.is_valid(value), value
    assert not validator.is_valid("internet-facing")


# ---------------------------------------------------------------- schema and loader agree


def _bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with short lists and small maps: every instance drawn from it is valid
    for the real one; only the draw gets faster."""
    out = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "array":
                node["maxItems"] = min(node.get("maxItems", 2), 2)
            if node.get("type") == "object" and "properties" not in node:
                node["maxProperties"] = min(node.get("maxProperties", 2), 2)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out)
    return out


def _of(model: str, defs: dict[str, Any] | None = None) -> dict[str, Any]:
    defs = defs if defs is not None else SPEC["$defs"]
    if model == "StackSpec":
        return {**{k: v for k, v in SPEC.items() if k != "$defs"}, "$defs": defs}
    return {"$ref": f"#/$defs/{model}", "$defs": defs}


def disagreements(cls: type[BaseModel], instance: Any) -> list[str]:
    """The loader's structural refusals of ``instance`` (which the schema accepted)."""
    try:
        cls.model_validate(instance)
    except ValidationError as error:
        return [
            f"{e['type']} at {e['loc']}: {e['msg']}"
            for e in error.errors()
            if e["type"] != "value_error"
        ]
    return []


AGREEMENT_CASES = [
    (ServiceSpec, "ServiceSpec"),
    (WorkloadSpec, "WorkloadSpec"),
    (NetworkSpec, "NetworkSpec"),
    (EksClusterSpec, "EksClusterSpec"),
    (StackSpec, "StackSpec"),
]


@pytest.mark.parametrize("cls, name", AGREEMENT_CASES, ids=[n for _, n in AGREEMENT_CASES])
def test_schema_valid_specs_are_structurally_valid_for_the_loader(
    cls: type[BaseModel], name: str
) -> None:
    strategy = from_schema(_bounded(_of(name)))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(instance: Any) -> None:
        assert disagreements(cls, instance) == [], instance

    check()


def _mappings(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        out.append(here)
        for k, v in value.items():
            out += _mappings(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _mappings(v, (*here, i))
    return out


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@pytest.mark.parametrize("cls, name", AGREEMENT_CASES[:3], ids=[n for _, n in AGREEMENT_CASES[:3]])
def test_schema_invalid_mutations_are_refused_by_the_loader(
    cls: type[BaseModel], name: str
) -> None:
    """An unknown key or a value of the wrong JSON type, wherever the schema refuses it, is
    refused by the loader too (an unknown key at that key, not by chance for another reason)."""
    validator = jsonschema.Draft202012Validator(_of(name))
    strategy = from_schema(_bounded(_of(name)))

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy, st.data(), st.sampled_from(["unknown key", "wrong type"]))
    def check(instance: Any, data: st.DataObject, how: str) -> None:
        mutated = copy.deepcopy(instance)
        path = data.draw(st.sampled_from(_mappings(mutated)))
        target = _at(mutated, path)
        if how == "unknown key":
            target["notAKeyAnywhere"] = "x"  # a string: only a closed mapping refuses it
        elif target:
            key = data.draw(st.sampled_from(sorted(target)))
            target[key] = [[["a list where nothing takes one"]]]
        if validator.is_valid(mutated):
            return  # the mutation landed where the schema allows it (a free-form map)
        with pytest.raises(ValidationError) as info:
            cls.model_validate(mutated)
        if how == "unknown key":  # refused at the key added, not by chance for another reason
            assert any("notAKeyAnywhere" in e["loc"] for e in info.value.errors()), info.value

    check()


def test_the_comparison_is_not_blind() -> None:
    """A control: loosen the schema (NetworkSpec takes any extra key) and the same comparison
    finds an instance the loader refuses structurally. If it could not, the agreement test
    above would pass whatever the schema said."""
    from hypothesis import find

    loose = copy.deepcopy(SPEC["$defs"])
    loose["NetworkSpec"]["additionalProperties"] = True
    found = find(
        from_schema(_bounded(_of("NetworkSpec", loose))),
        lambda instance: bool(disagreements(NetworkSpec, instance)),
        settings=settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck)),
    )
    assert any("extra_forbidden" in d for d in disagreements(NetworkSpec, found))
