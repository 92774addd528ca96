"""The rule units, one module per rule, found by :func:`discover`: adding a rule is one module
here plus its samples in ``samples/<id>/`` (tests/test_rule_suites.py runs every suite and
checks that every rule has one). The samples are the rules' test data, kept beside them as
gatekeeper-library keeps its own; nothing the program prints reads them, so wheels leave them out.

Order: mandatory rules first, then advisory ones, each by id, so the README table,
``check --list-rules`` and the SARIF ``rules[]`` list them the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from ..rule import Rule

SAMPLES = Path(__file__).parent / "samples"


def module_names() -> list[str]:
    """Every rule module of this package (its samples folder is ``samples/<id>/``)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def discover() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for name in module_names():
        module = importlib.import_module(f"{__name__}.{name}")
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, Rule):
            raise TypeError(f"rule module {name} defines no RULE")
        if rule.id.replace("-", "_") != name:
            raise ValueError(f"rule module {name} holds rule {rule.id}: name them alike")
        rules.append(rule)
    return tuple(sorted(rules, key=lambda r: (r.level != "mandatory", r.id)))


RULES: tuple[Rule, ...] = discover()
RULES_BY_NAME: dict[str, Rule] = {rule.id: rule for rule in RULES}
RULE_NAMES: tuple[str, ...] = tuple(RULES_BY_NAME)

__all__ = ["RULES", "RULES_BY_NAME", "RULE_NAMES", "SAMPLES", "Rule", "discover", "module_names"]
