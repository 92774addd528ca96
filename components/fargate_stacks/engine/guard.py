"""The offline preview's stand-in for the Terraform AWS provider's plan and AWS's own input
checks: every resource the program registers is checked against :mod:`fargate_stacks.constraints`
before mocked AWS creates it, and refused the way a moto error is (exit 2, one line per
problem naming the resource, the field, the value and the rule with its source).

Auto-named resources are checked under the physical name the mocks give them (the logical
name, ``-`` and 7 characters, as Pulumi's auto-naming), values from secret inputs are never
shown, unknown values are skipped. ECS services are also checked against what they name in
earlier resources (:class:`~fargate_stacks.constraints.Wiring`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import constraints
from ..errors import Problem
from .result import PreviewRejected


class InputRefused(PreviewRejected):
    """A resource whose inputs the provider or AWS would refuse (the CLI exits 2)."""


class InputGuard:
    """Checks each resource before it is created and remembers what later checks need.

    ``physical_name(type, name, inputs)`` is the name the resource gets when its name input is
    absent (the mocks' auto-name).
    """

    def __init__(self, physical_name: Callable[[str, str, Mapping[str, Any]], str]) -> None:
        self.physical_name = physical_name
        self.checker = constraints.Checker()
        self.wiring = constraints.Wiring()

    def check(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        secret_keys: frozenset[str],
        dependencies: Sequence[str],
    ) -> None:
        """Raise :class:`InputRefused` listing what is wrong with this resource, if anything."""
        if not type_.startswith("aws:"):
            return
        field = constraints.name_field(type_)
        auto = None
        if field not in inputs and "namePrefix" not in inputs:
            auto = self.physical_name(type_, name, inputs)
        label = f"{type_} {name!r}"
        lines = [
            f"{label}: {v.describe(secret=_secret(v.path, secret_keys))}"
            for v in self.checker.check(type_, inputs, auto)
        ]
        lines += [
            f"{label}: AWS would refuse it: {problem} ({constraints.wiring.SOURCE})"
            for problem in self.wiring.problems(type_, inputs, dependencies)
        ]
        if lines:
            raise InputRefused([Problem(line) for line in lines])

    def record(
        self,
        urn: str,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: Sequence[str],
    ) -> None:
        self.wiring.record(urn, type_, name, inputs, outputs, dependencies)


def _secret(path: str, secret_keys: frozenset[str]) -> bool:
    """Whether the value at ``path`` (``egress[0].description``, ``tags["x"]``) comes from a
    top-level input that holds a secret (the engine knows secrets per top-level input)."""
    if not secret_keys:
        return False
    head = path.split(" ", 1)[0]
    for mark in ".[":
        head = head.split(mark, 1)[0]
    return head in secret_keys
