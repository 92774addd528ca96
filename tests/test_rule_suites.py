"""Every rule unit's samples, run as its suite.yaml says, through every evaluation path.

A file sample goes through ``fargate-stacks check`` (the findings, their lines, the exit code)
and, as the same objects Pulumi would send, through the policy pack's callables
(``run_policies``): both must report the same. A ``.stack.yaml`` sample goes through the pure
path and the pack. Adding a rule = one module in policies/rules plus samples/<id>/ with a suite:
the first tests fail until both exist.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.inputs import KubeObject, PodTemplate, TaskDefinition, load_file
from fargate_stacks.pack import run_policies
from fargate_stacks.policies import RULES_BY_NAME, GraphResource, effective_levels, evaluate_graph
from fargate_stacks.policies.normalize import PROFILE_TYPE
from fargate_stacks.policies.rules import SAMPLES, module_names
from rule_samples import (
    STACK_SUFFIX,
    Case,
    Expected,
    all_suites,
    pulumi_props,
    resource_of,
    stack_resources,
    urn,
)

SUITES = all_suites()
CASES = [case for suite in SUITES for case in suite.cases]
SHARED = {"suite.yaml", "profiles.yaml"}  # files a folder may hold besides its samples


def test_every_rule_module_has_samples_and_a_suite() -> None:
    folders = {d.name for d in SAMPLES.iterdir() if d.is_dir()}
    ids = {name.replace("_", "-") for name in module_names()}
    assert folders == ids  # one folder per rule module, none left over
    for suite in SUITES:
        folder = suite.path.parent
        assert suite.rule == folder.name, suite.path
        assert suite.rule in RULES_BY_NAME
        failing = [c for c in suite.cases if any(v.rule == suite.rule for v in c.violations)]
        passing = [c for c in suite.cases if not any(v.rule == suite.rule for v in c.violations)]
        assert failing and passing, f"{suite.rule}: needs a failing and a passing sample"
        used = {c.sample.name for c in suite.cases} | {
            c.profiles.name for c in suite.cases if c.profiles
        }
        on_disk = {p.name for p in folder.iterdir()} - {"suite.yaml"}
        assert on_disk == used, f"{suite.rule}: samples no case uses: {on_disk - used}"
        assert len({c.name for c in suite.cases}) == len(suite.cases), "case names repeat"


def _matches(found: list[tuple[str, Any, str]], expected: list[Expected], key: str) -> None:
    """Every finding is an expected one (rule, line or resource, message fragment) and back."""
    remaining = list(found)
    for e in expected:
        where = e.line if key == "line" else e.resource
        hit = [f for f in remaining if f[0] == e.rule and f[1] == where and e.message in f[2]]
        assert hit, f"expected {e} among {remaining}"
        remaining.remove(hit[0])
    assert remaining == [], f"not in the suite: {remaining}"


def _check(case: Case) -> int:
    args = ["check", "--format", "json"]
    if case.profiles is not None:
        args += ["--profiles", str(case.profiles)]
    if case.assume_fargate:
        args.append("--assume-fargate")
    return main([*args, str(case.sample)])


def _object_data(item: PodTemplate | TaskDefinition | KubeObject) -> tuple[str, dict[str, Any]]:
    if isinstance(item, TaskDefinition):
        return "TaskDefinition", item.data
    if isinstance(item, KubeObject):
        return item.kind, item.data
    node: Any = item.document.data
    for key in item.object_path:
        node = node[key]
    return item.kind, node


def _as_pulumi(case: Case) -> list[GraphResource] | None:
    """The file's objects as a stack Pulumi would send (profiles as FargateProfile resources);
    None when one has no Pulumi resource type here (an ACK custom resource)."""
    resources = []
    for n, item in enumerate(load_file(case.sample)):
        converted = pulumi_props(*_object_data(item))
        if converted is None:
            return None
        type_, props = converted
        resources.append(GraphResource(urn(type_, f"r{n}"), type_, f"r{n}", props))
    if case.profiles is not None:
        import yaml

        for p in yaml.safe_load(case.profiles.read_text()):
            props = {"fargateProfileName": p["name"], "selectors": p["selectors"]}
            resources.append(
                GraphResource(urn(PROFILE_TYPE, p["name"]), PROFILE_TYPE, p["name"], props)
            )
    return resources


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sample(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    levels = effective_levels()
    if case.is_stack:
        resources = stack_resources(case.sample)
        pure = sorted((f.rule, f.resource, f.message) for f in evaluate_graph(resources, levels))
        pack = sorted((f.rule, f.resource, f.message) for f in run_policies(resources))
        assert pack == pure  # the pack's callables and the pure path: one evaluation
        _matches([(r, resource_of(u), m) for r, u, m in pure], case.violations, "resource")
        return
    code = _check(case)
    out = capsys.readouterr()
    assert out.err == ""
    doc = json.loads(out.out)
    found = [(f["rule"], f["line"], f["message"]) for f in doc["findings"]]
    _matches(found, case.violations, "line")
    mandatory = any(RULES_BY_NAME[f["rule"]].level == "mandatory" for f in doc["findings"])
    assert code == (1 if mandatory else 0)
    as_pulumi = _as_pulumi(case)
    if as_pulumi is not None:  # the same objects through the policy pack say the same
        assert sorted((f.rule, f.message) for f in run_policies(as_pulumi)) == sorted(
            (r, m) for r, _, m in found
        )


def test_samples_are_named_for_what_they_show() -> None:
    for case in CASES:
        name = case.sample.name.removesuffix(STACK_SUFFIX).removesuffix(".yaml")
        own = [v for v in case.violations if v.rule == case.rule]
        word = "fail" if own else "pass"
        assert name == word or name.startswith(f"{word}-"), case.id
