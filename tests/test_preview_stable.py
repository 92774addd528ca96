"""Two previews of the same stack print the same bytes, whatever the interpreter's hash seed.

The SDK registers each resource when its inputs resolve; which of two ready resources goes
first depends on set iteration inside its dependency walks, so on the hash seed: the Load
Balancer Controller's ServiceAccount and Helm release used to swap places between runs. The
report now follows the order the program constructs resources in. Each preview runs in a
process of its own, as users run them, with a different PYTHONHASHSEED.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STACK = REPO / "stacks" / "Pulumi.dev.yaml"
SEEDS = tuple(str(seed) for seed in range(1, 13))
RUN = (
    "import sys\n"
    "from fargate_stacks.cli.app import main\n"
    "if sys.argv[1] == 'registration-order':\n"
    "    from fargate_stacks.engine.graph import ResourceGraph\n"
    "    ResourceGraph.arrange = lambda self, order: None  # the report as it was\n"
    "sys.exit(main(['preview', sys.argv[2], '--format', 'json']))\n"
)


def _preview(seed: str, mode: str = "program-order") -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", RUN, mode, str(STACK)],
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def test_two_previews_are_byte_for_byte_identical_where_registration_order_differs() -> None:
    """The control first: without the fix (the report in registration order), two seeds are
    found whose previews differ, so the comparison can fail. With the fix, previews under
    those very seeds are identical, byte for byte."""
    baseline = _preview(SEEDS[0], "registration-order")
    differing = next(
        (seed for seed in SEEDS[1:] if _preview(seed, "registration-order") != baseline), None
    )
    assert differing is not None, "control: registration order never changed"
    assert _preview(SEEDS[0]) == _preview(differing)


def test_the_readme_preview_is_what_preview_prints() -> None:
    """The README's abridged preview: its first and last resource lines and the count between."""
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```text\n(Previewing update \(dev\).*?)```", readme, re.DOTALL)
    assert block is not None
    pasted = block[1].splitlines()
    done = subprocess.run(
        [sys.executable, "-m", "fargate_stacks.cli.app", "preview", str(STACK)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    printed = done.stdout.splitlines()
    lines = [line for line in printed[: printed.index("Resources:")] if line.endswith("create")]
    head = [line for line in pasted[: pasted.index("Resources:")] if line.endswith("create")]
    skipped = next(line for line in pasted if "more resources)" in line)
    assert head[:4] == lines[:4] and head[4:] == lines[-4:]
    assert skipped == f" ...   ({len(lines) - 8} more resources)"
