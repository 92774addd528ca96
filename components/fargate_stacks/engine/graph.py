"""The resource graph a preview captured: what the program asked for, and what mocked AWS
answered. Plain data, built in O(1) per resource, so reports and policies scale linearly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..policies.graph import GraphResource

# how reports show a secret input, as `pulumi preview` does
SECRET = "[secret]"


def urn_name(urn: str) -> str:
    """A URN's last part, the resource's name, as reports name the resource of a finding."""
    return urn.rsplit("::", 1)[-1]


def short_type(type_: str) -> str:
    """``aws:ec2/vpc:Vpc`` -> ``aws:ec2:Vpc``, as ``pulumi preview`` prints types."""
    parts = type_.split(":")
    if len(parts) == 3 and "/" in parts[1]:
        return f"{parts[0]}:{parts[1].split('/')[0]}:{parts[2]}"
    return type_


@dataclass
class CapturedResource:
    """One registration: identity, parent, the camelCase inputs and the outputs it resolved to."""

    urn: str
    type: str
    name: str
    parent: str | None
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    id: str
    custom: bool
    remote: bool = False
    dependencies: list[str] = field(default_factory=list)
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    secret_inputs: frozenset[str] = frozenset()  # top-level input keys holding a secret
    secret_outputs: frozenset[str] = frozenset()  # outputs the provider marks secret
    # the resource options ``ignoreChanges`` and ``replaceOnChanges`` (input paths), which
    # decide what a change does to it (``diff``); not part of the preview JSON
    ignore_changes: tuple[str, ...] = ()
    replace_on_changes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``preview --format json`` (one entry of ``resources``, README
        "The preview's JSON"): a secret input is masked in the inputs and in the outputs that
        echo it, and so is every output the provider marks secret."""
        inputs = {k: SECRET if k in self.secret_inputs else v for k, v in self.inputs.items()}
        hidden = self.secret_inputs | self.secret_outputs
        outputs = {k: SECRET if k in hidden else v for k, v in self.outputs.items()}
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "custom": self.custom,
            "id": self.id,
            "inputs": inputs,
            "outputs": outputs,
            "dependencies": list(self.dependencies),
            "propertyDependencies": {k: list(v) for k, v in self.property_dependencies.items()},
        }


@dataclass
class ResourceGraph:
    """Resources in registration order (parents before children)."""

    resources: list[CapturedResource] = field(default_factory=list)
    stack_urn: str | None = None

    def add(self, resource: CapturedResource) -> None:
        self.resources.append(resource)

    def arrange(self, program_order: Mapping[str, int]) -> None:
        """Resources in the order the program constructed them, not the order their
        registrations completed. The SDK registers a resource once its inputs have resolved, and
        which of two ready resources goes first depends on the event loop's scheduling (its
        dependency walks iterate sets of resources and of URN strings, whose order changes with
        the interpreter's hash seed): the Load Balancer Controller's ServiceAccount and Helm
        release swapped places between runs. Construction order is the program's own, the same
        on every run, and keeps parents before children (a child is constructed with its
        parent). A resource the program did not construct (none today) keeps its place after
        the others."""
        last = len(program_order)
        self.resources.sort(key=lambda r: program_order.get(r.urn, last))

    def for_policies(self) -> list[GraphResource]:
        """The graph as the policy rules see it (props are the inputs, as Pulumi passes them)."""
        return [
            GraphResource(
                r.urn,
                r.type,
                r.name,
                r.inputs,
                r.parent,
                list(r.dependencies),
                {k: list(v) for k, v in r.property_dependencies.items()},
            )
            for r in self.resources
        ]
