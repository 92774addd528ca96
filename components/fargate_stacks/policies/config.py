"""Per-rule enforcement levels from a policy config in Pulumi's own shape, so one file serves
``pulumi preview --policy-pack-config`` and ``fargate-stacks check --policy-config``::

    {"fargate-pod-size": {"enforcementLevel": "advisory"},
     "image-tag-pinned": "disabled",
     "all": "advisory"}

``all`` sets every rule first; named rules then override it. Unknown rule names and levels are
input errors with a suggestion.

Levels are Pulumi's: ``advisory``, ``mandatory``, ``remediate`` and ``disabled``. ``remediate``
asks Pulumi to apply a policy's remediation; none of these rules can fix a resource by itself
(there is no right size or right capability to pick for you), and Pulumi treats a remediate
policy without a remediation as blocking, so ``remediate`` is reported as ``mandatory``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..suggest import did_you_mean
from ..yamlsource import Document, load_one
from .findings import Setting
from .rules import RULE_NAMES, RULES

# Pulumi's levels, each as these rules report it: they have no remediation, so remediate blocks
# as mandatory.
REPORTED_AS: dict[str, Setting] = {
    "mandatory": "mandatory",
    "advisory": "advisory",
    "remediate": "mandatory",
    "disabled": "disabled",
}
LEVELS = tuple(REPORTED_AS)
ALL = "all"
LEVEL_KEY = "enforcementLevel"


def parse_policy_config(data: Any, doc: Document | None = None) -> dict[str, Setting]:
    """The level overrides a policy config asks for: ``{rule: level}`` (``all`` expanded)."""
    doc = doc or Document(data, "<policy config>")
    if not isinstance(data, dict):
        raise InputError(
            [
                doc.problem(
                    (),
                    "a policy config is a mapping of rule name to "
                    '{"enforcementLevel": ...} or a level',
                    "",
                )
            ]
        )
    problems: list[Problem] = []
    levels: dict[str, Setting] = {}
    named: dict[str, Setting] = {}
    for key, value in data.items():
        name = str(key)
        if name != ALL and name not in RULE_NAMES:
            problems.append(
                doc.problem(
                    (key, "<key>"),
                    f"unknown rule {name!r}" + did_you_mean(name, [*RULE_NAMES, ALL]),
                    name,
                )
            )
            continue
        level_path: tuple[Any, ...] = (key,)
        if isinstance(value, dict):
            extra = [k for k in value if k != LEVEL_KEY]
            if extra:
                problems.append(
                    doc.problem(
                        (key, extra[0], "<key>"),
                        f"unknown setting "
                        f"{extra[0]!r}: these rules take only {LEVEL_KEY!r}"
                        + did_you_mean(str(extra[0]), [LEVEL_KEY]),
                        name,
                    )
                )
                continue
            if LEVEL_KEY not in value:
                continue
            level_path, value = (key, LEVEL_KEY), value[LEVEL_KEY]
        if not isinstance(value, str) or value not in LEVELS:
            shown = value if isinstance(value, str) else repr(value)
            problems.append(
                doc.problem(
                    level_path,
                    f"level {shown!r} is not one of "
                    f"{', '.join(LEVELS)}"
                    + (did_you_mean(value, LEVELS) if isinstance(value, str) else ""),
                    name,
                )
            )
            continue
        (levels if name == ALL else named)[name] = REPORTED_AS[value]
    if problems:
        raise InputError(problems)
    out = {rule.name: levels[ALL] for rule in RULES} if ALL in levels else {}
    out.update(named)
    return out


def load_policy_config(path: str | Path) -> dict[str, Setting]:
    doc = load_one(path)
    return parse_policy_config(doc.data, doc)


def effective_levels(overrides: Mapping[str, Setting] | None = None) -> dict[str, Setting]:
    """Every rule's level: its default, unless overridden."""
    levels: dict[str, Setting] = {rule.name: rule.level for rule in RULES}
    if overrides:
        levels.update(overrides)
    return levels
