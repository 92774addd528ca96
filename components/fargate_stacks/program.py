"""The Pulumi program behind this repo's ``Pulumi.yaml``: read the stack's spec from config and
build it. The offline engine runs this same function under mocks, so ``pulumi preview`` and
``fargate-stacks preview`` see the same program."""

from __future__ import annotations

from typing import Any

import pulumi

from .spec.loader import CONFIG_KEY, spec_from_data


def main() -> dict[str, Any]:
    """Build the stack described by config ``fargate-stacks:spec`` and export its outputs."""
    from .components.stack import build_stack

    namespace, key = CONFIG_KEY.split(":", 1)
    data = pulumi.Config(namespace).require_object(key)
    spec = spec_from_data(data, file=f"config {CONFIG_KEY}")
    outputs = build_stack(spec)
    for name, value in outputs.items():
        pulumi.export(name, value)
    return outputs
