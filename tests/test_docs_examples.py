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


def test_own_program_unit_test_example_passes_under_plain_mocks() -> None:
    """The README's unit-test example, run as a user runs it: its own pytest process, the mocks
    of Pulumi's unit-testing guide set at import (outputs = inputs, invokes answer ``{}``)."""
    import subprocess
    import sys

    test = EXAMPLE.with_name("test_own_program.py")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            str(test),
        ],
        capture_output=True,
        text=True,
        cwd=EXAMPLE.parents[2],
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def test_readme_shows_the_unit_test_example_as_it_runs() -> None:
    """The README's unit-test block is the example file from its imports on, verbatim."""
    code = EXAMPLE.with_name("test_own_program.py").read_text()
    readme = (EXAMPLE.parents[2] / "README.md").read_text()
    assert "```python\n" + code[code.index("import pulumi\n") :] + "```\n" in readme
