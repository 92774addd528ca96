"""The README's "use the components from your own program" example runs and previews clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fargate_stacks.engine import run_program

EXAMPLE = Path(__file__).resolve().parents[1] / "docs/examples/own_program.py"


def test_own_program_example_previews_clean() -> None:
    spec = importlib.util.spec_from_file_location("own_program", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = run_program(module.program, stack="example")
    types = {r.type for r in result.resources}
    assert {
        "aws:ecs/service:Service",
        "aws:lb/loadBalancer:LoadBalancer",
        "aws:appautoscaling/policy:Policy",
    } <= types
    assert not result.mandatory
    assert str(result.outputs["url"]).startswith("http://")
