"""Reading the rule units' samples and suites (policies/rules/samples/<id>/suite.yaml), and
running a sample through each evaluation path: ``fargate-stacks check`` for files, the pure path
and the policy pack's callables for stacks, and for files the pack too, on the same objects as
Pulumi would send them.

A suite (gatekeeper-library's suite.yaml, for one rule)::

    rule: fargate-volumes
    cases:
      - name: ECS: a host path
        sample: fail-task-host-path.yaml        # a file check reads, or NAME.stack.yaml
        profiles: profiles.yaml                 # optional: check --profiles
        violations:                             # what check says; [] for a passing sample
          - {line: 12, message: mounts host path}
          - {rule: fargate-pod-has-profile, line: 3, message: ...}  # another rule's, named

A ``.stack.yaml`` sample is a stack as Pulumi sends it to policies: ``resources`` with ``type``,
``name``, ``props`` (camelCase inputs; a task definition's ``containerDefinitions`` may be
written as a list) and ``dependsOn`` (property -> ``Type/name`` of the resources it depends
on); its violations name a ``resource`` (``Type/name``) instead of a line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fargate_stacks.policies.graph import GraphResource
from fargate_stacks.policies.normalize import TASK_TYPE
from fargate_stacks.policies.rules import SAMPLES

STACK_SUFFIX = ".stack.yaml"


@dataclass
class Expected:
    message: str
    rule: str
    line: int | None = None
    resource: str | None = None


@dataclass
class Case:
    rule: str
    name: str
    sample: Path
    violations: list[Expected]
    profiles: Path | None = None
    assume_fargate: bool = False

    @property
    def is_stack(self) -> bool:
        return self.sample.name.endswith(STACK_SUFFIX)

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.sample.name}"


@dataclass
class Suite:
    rule: str
    path: Path
    cases: list[Case] = field(default_factory=list)


def load_suite(folder: Path) -> Suite:
    data = yaml.safe_load((folder / "suite.yaml").read_text())
    rule = data["rule"]
    suite = Suite(rule, folder / "suite.yaml")
    for c in data["cases"]:
        suite.cases.append(
            Case(
                rule,
                c["name"],
                folder / c["sample"],
                [
                    Expected(v["message"], v.get("rule", rule), v.get("line"), v.get("resource"))
                    for v in c.get("violations") or []
                ],
                folder / c["profiles"] if c.get("profiles") else None,
                bool(c.get("assumeFargate", False)),
            )
        )
    return suite


def all_suites() -> list[Suite]:
    return [load_suite(d) for d in sorted(SAMPLES.iterdir()) if (d / "suite.yaml").is_file()]


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:dev::samples::{type_}::{name}"


def stack_resources(path: Path) -> list[GraphResource]:
    """A ``.stack.yaml`` sample as the graph resources the preview hands the pack."""
    data = yaml.safe_load(path.read_text())
    by_ref = {f"{r['type'].rsplit(':', 1)[-1]}/{r['name']}": r for r in data["resources"]}
    out = []
    for r in data["resources"]:
        props = dict(r.get("props") or {})
        if r["type"] == TASK_TYPE and isinstance(props.get("containerDefinitions"), list):
            props["containerDefinitions"] = json.dumps(props["containerDefinitions"])
        edges = {
            prop: [urn(by_ref[ref]["type"], by_ref[ref]["name"]) for ref in refs]
            for prop, refs in (r.get("dependsOn") or {}).items()
        }
        dependencies = sorted({u for urns in edges.values() for u in urns})
        out.append(
            GraphResource(
                urn(r["type"], r["name"]), r["type"], r["name"], props, None, dependencies, edges
            )
        )
    return out


def resource_of(graph_urn: str) -> str:
    """``urn:...::aws:ecs/service:Service::api`` -> ``Service/api`` (how suites name it)."""
    type_, name = graph_urn.split("::")[-2:]
    return f"{type_.rsplit(':', 1)[-1]}/{name}"


def pulumi_props(kind: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A file's object as Pulumi would send it: (type, props); None for what has no Pulumi
    resource of its own here (an ACK PodIdentityAssociation is a Kubernetes custom resource)."""
    from fargate_stacks.policies.normalize import KUBERNETES_LB_TYPES, KUBERNETES_POD_TYPES

    if kind == "TaskDefinition":
        props = {k: v for k, v in data.items() if k not in ("containerDefinitions", "volumes")}
        props["containerDefinitions"] = json.dumps(data["containerDefinitions"])
        if "ephemeralStorage" in data:
            props["ephemeralStorage"] = {"sizeInGib": data["ephemeralStorage"]["sizeInGiB"]}
        if "volumes" in data:
            props["volumes"] = [_pulumi_volume(v) for v in data["volumes"]]
        return TASK_TYPE, props
    for types in (KUBERNETES_POD_TYPES, KUBERNETES_LB_TYPES):
        for t in types:
            if t.rsplit(":", 1)[-1] == kind:
                return t, data
    return None


def _pulumi_volume(volume: dict[str, Any]) -> dict[str, Any]:
    renames = {"configuredAtLaunch": "configureAtLaunch"}
    out = {renames.get(k, k): v for k, v in volume.items() if k != "host"}
    source = (volume.get("host") or {}).get("sourcePath")
    if source:
        out["hostPath"] = source
    return out
