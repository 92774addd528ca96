"""The linters `make lint` runs have one version each: the test extra in pyproject.toml,
constraints.txt and .pre-commit-config.yaml must name the same pins, or the hook and CI judge
the code by different rules."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _exact(requirements: list[str]) -> dict[str, str]:
    return {_name(r): r.split("==", 1)[1] for r in requirements if "==" in r}


def test_linter_pins_agree_across_pyproject_constraints_and_pre_commit() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = _exact(project["optional-dependencies"]["test"])
    assert {"ruff", "mypy", "types-pyyaml"} <= set(extra)
    constraints = _exact((ROOT / "constraints.txt").read_text().split())
    assert {name: constraints.get(name) for name in extra} == extra

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"ruff-check", "ruff-format", "mypy"}
    for hook in ("ruff-check", "ruff-format"):
        assert hooks[hook]["additional_dependencies"] == [f"ruff=={extra['ruff']}"]
    # mypy runs from the venv make installs from constraints.txt: the same pins and stubs
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy"
    assert hooks["mypy"]["pass_filenames"] is False


CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
PACKAGE = ROOT / "components" / "fargate_stacks"


def _named_paths() -> list[str]:
    """Every repository path CONTRIBUTING.md names in backticks (`tests/x.py`, `spec/names.py`,
    `policies/rules/<id>.py` without the placeholder ones)."""
    names = re.findall(r"`([A-Za-z_./-]+/[A-Za-z_.-]*)`", CONTRIBUTING)
    return [n for n in names if not n.startswith(("../", "hashicorp/")) and "<" not in n]


def test_contributing_names_only_paths_that_exist() -> None:
    """The guide is how a newcomer finds things: a path that moved sends them nowhere."""
    paths = _named_paths()
    assert len(paths) > 30  # the guide names its files, and this test reads them
    missing = [p for p in paths if not (ROOT / p).exists() and not (PACKAGE / p).exists()]
    assert missing == []


def test_contributing_names_the_make_targets_and_the_strict_packages() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"^make (\w+)", CONTRIBUTING, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), target
    strict = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["overrides"][0]
    for module in strict["module"]:
        package = module.removeprefix("fargate_stacks.").removesuffix(".*")
        assert f"`{package}/`" in CONTRIBUTING or f"`{package}.py`" in CONTRIBUTING, package
