"""Per-rule enforcement levels from a policy config in Pulumi's own shape, so one file serves
``pulumi preview --policy-pack-config`` and ``fargate-stacks check --policy-config``::

    {"fargate-pod-size": {"enforcementLevel": "advisory"},
     "image-tag-pinned": "disabled",
     "all": "advisory"}

``all`` sets every rule first; named rules then override it. Unknown rule names and levels are
input errors with a suggestion. A rule with options (:class:`~.rule.Option`) takes them beside
its level, ``{"fargate-rounding-waste": {"enforcementLevel": "advisory", "maxWasteShare": 0.5}}``
(:func:`parse_policy_options` reads them); they are checked here with the levels.

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
from .rules import RULE_NAMES, RULES, RULES_BY_NAME

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
            options = RULES_BY_NAME[name].options if name != ALL else {}
            allowed = [LEVEL_KEY, *options]
            extra = [k for k in value if k not in allowed]
            if extra:
                takes = " and ".join(repr(k) for k in allowed)
                problems.append(
                    doc.problem(
                        (key, extra[0], "<key>"),
                        f"unknown setting {extra[0]!r}: "
                        + (f"{name} takes {takes}" if options else f"these rules take only {takes}")
                        + did_you_mean(str(extra[0]), allowed),
                        name,
                    )
                )
                continue
            bad = [(k, p) for k in options if k in value and (p := options[k].problem(value[k]))]
            for option, message in bad:
                problems.append(doc.problem((key, option), message, f"{name}.{option}"))
            if bad:
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


def parse_policy_options(data: Any, doc: Document | None = None) -> dict[str, dict[str, float]]:
    """The rule options a policy config sets: ``{rule: {option: value}}``, checked as
    :func:`parse_policy_config` checks the whole config."""
    parse_policy_config(data, doc)
    out: dict[str, dict[str, float]] = {}
    for key, value in data.items():
        rule = RULES_BY_NAME.get(str(key))
        if rule is not None and isinstance(value, dict):
            chosen = {k: v for k, v in value.items() if k in rule.options}
            if chosen:
                out[rule.id] = chosen
    return out


def load_policy_config(path: str | Path) -> dict[str, Setting]:
    doc = load_one(path)
    return parse_policy_config(doc.data, doc)


def read_policy_config(path: str | Path) -> dict[str, Any]:
    """A policy config file as Pulumi's shape (what ``run_policies`` takes), checked."""
    doc = load_one(path)
    parse_policy_config(doc.data, doc)
    return dict(doc.data)


def load_policy_file(path: str | Path) -> tuple[dict[str, Setting], dict[str, dict[str, float]]]:
    """A policy config file's levels and rule options, read once."""
    doc = load_one(path)
    return parse_policy_config(doc.data, doc), parse_policy_options(doc.data, doc)


def effective_levels(overrides: Mapping[str, Setting] | None = None) -> dict[str, Setting]:
    """Every rule's level: its default, unless overridden."""
    levels: dict[str, Setting] = {rule.name: rule.level for rule in RULES}
    if overrides:
        levels.update(overrides)
    return levels
