"""One fact, one place (issue 13): every Fargate number, label set, limit and eligibility rule
is data in fargate/, and fargate/ reads nothing from the spec. These fail on the code before
issue 13, where the copies had drifted: the CoreDNS labels (spec and component), "uses Spot"
four times, the OS-family mapping and the job-billing rule three times each, container and
profile limits in spec/ and policies/, and fargate/cost.py importing spec/."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "components" / "fargate_stacks"
FARGATE = PACKAGE / "fargate"
OUTSIDE = [p for p in PACKAGE.rglob("*.py") if FARGATE not in p.parents]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), str(path))


def _imports(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


@pytest.mark.parametrize("path", sorted(FARGATE.glob("*.py")), ids=lambda p: p.name)
def test_fargate_imports_nothing_from_the_spec(path: Path) -> None:
    found = [m for m in _imports(_tree(path)) if m.startswith(("..spec", "fargate_stacks.spec"))]
    assert found == [], f"{path.name} imports {found}: take a protocol or plain values instead"


def _literal_parts(tree: ast.Module) -> set[int]:
    """ids of nodes inside Literal[...] (type annotations may name the values they allow)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
            inside.update(id(n) for n in ast.walk(node.slice))
    return inside


def _strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = _tree(path)
    skip = _literal_parts(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


# facts that are data in fargate/ and must not be written again elsewhere
FACT_STRINGS = {
    "FARGATE_SPOT": "fargate.capacity.SPOT",
    "kube-dns": "fargate.eks_pods.COREDNS",
    "eks.amazonaws.com/component": "fargate.eks_pods.COREDNS",
    "aws-load-balancer-controller/instance": "fargate.eks_pods.LB_CONTROLLER",
}


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_fargate_fact_is_copied_outside_fargate(path: Path) -> None:
    copies = [
        (line, text, home)
        for line, text in _strings(path)
        for fact, home in FACT_STRINGS.items()
        if text == fact
    ]
    assert copies == [], f"{path.name}: write these through {copies}"
    tree = _tree(path)
    for node in ast.walk(tree):
        # the OS family of a name is fargate.sizes.os_family's to say
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and any(
                isinstance(a, ast.Constant) and str(a.value).lower() == "windows" for a in node.args
            )
        ):
            pytest.fail(f"{path.name}:{node.lineno}: an OS-family mapping; use sizes.os_family")
        # which kinds are billed per run is fargate.billing.billed_per_run's to say
        if isinstance(node, ast.Tuple | ast.Set | ast.List):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if {"Job", "CronJob"} <= values and id(node) not in _literal_parts(tree):
                pytest.fail(f"{path.name}:{node.lineno}: per-run kinds; use fargate.billing")
        # limits are named in fargate.limits, not defined again
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = getattr(target, "id", "")
                if any(
                    name.startswith(prefix)
                    for prefix in (
                        "MIN_CONTAINER",
                        "MAX_CONTAINERS",
                        "EPHEMERAL_GIB",
                        "MAX_SELECTORS",
                        "MAX_LABELS",
                        "NEEDS_PLATFORM",
                        "PLATFORM_1_4_NEEDS",
                        "COREDNS",
                    )
                ):
                    pytest.fail(
                        f"{path.name}:{node.lineno}: {name} is fargate.limits' (or platform's)"
                    )


def test_uses_spot_is_decided_once() -> None:
    """Every "does this strategy use Spot" outside fargate/ asks fargate.capacity.uses_spot."""
    for path in OUTSIDE:
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.FunctionDef):
                continue
            if node.name == "on_spot" or ("spot" in node.name and "uses" in node.name):
                calls = {
                    getattr(c.func, "attr", getattr(c.func, "id", ""))
                    for c in ast.walk(node)
                    if isinstance(c, ast.Call)
                }
                assert "uses_spot" in calls, f"{path.name}:{node.lineno} decides Spot itself"
