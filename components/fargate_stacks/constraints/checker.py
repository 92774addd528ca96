"""Checking one resource's inputs against every rule of its type (and of its service's tags).

Rules are grouped by type and field once, so a resource costs one walk per field it has rules
for; the first rule a value breaks is its violation (plan rules first: that is where the
deploy would stop first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import appautoscaling, ec2, ecs, eks, elbv2, iam, logs, servicediscovery, tags
from .model import FieldRules, Rule, Violation, compile_path

RULES: tuple[Rule, ...] = (
    *ec2.RULES,
    *iam.RULES,
    *ecs.RULES,
    *elbv2.RULES,
    *logs.RULES,
    *eks.RULES,
    *appautoscaling.RULES,
    *servicediscovery.RULES,
)
ALL_TAG_RULES: tuple[Rule, ...] = (
    tags.DROPPED,
    *(rule for rules in tags.BY_SERVICE.values() for rule in rules),
)

# The input holding a type's physical name where it is not ``name`` (the mocks read it too).
NAME_FIELDS: dict[str, str] = {
    ecs.TASK_DEFINITION: "family",
    eks.FARGATE_PROFILE: "fargateProfileName",
    eks.NODE_GROUP: "nodeGroupName",
    eks.ADDON: "addonName",
}
AUTO_NAME = "Pulumi's auto-name"
_LAYER_ORDER = {"plan": 0, "dropped": 1, "api": 2}


def name_field(type_: str) -> str:
    return NAME_FIELDS.get(type_, "name")


class Checker:
    """Every rule, indexed by type on first use."""

    def __init__(self, rules: Iterable[Rule] = RULES) -> None:
        self._rules: dict[str, list[Rule]] = {}
        for rule in rules:
            self._rules.setdefault(rule.type, []).append(rule)
        self._fields: dict[str, list[FieldRules]] = {}

    def fields_of(self, type_: str) -> list[FieldRules]:
        found = self._fields.get(type_)
        if found is None:
            grouped: dict[str, FieldRules] = {}
            for rule in (*self._rules.get(type_, ()), *tags.rules_for(type_)):
                entry = grouped.get(rule.field)
                if entry is None:
                    entry = grouped[rule.field] = FieldRules(rule.field, compile_path(rule.field))
                entry.rules.append(rule)
            for entry in grouped.values():
                entry.rules.sort(key=lambda r: _LAYER_ORDER[r.layer])
            found = self._fields[type_] = list(grouped.values())
        return found

    def check(
        self, type_: str, inputs: Mapping[str, Any], physical_name: str | None = None
    ) -> list[Violation]:
        """The violations in ``inputs``. ``physical_name``: the name Pulumi gives the resource
        when its name input is absent (auto-naming), checked in that input's place."""
        out: list[Violation] = []
        name_key = name_field(type_)
        for entry in self.fields_of(type_):
            if physical_name is not None and entry.field == name_key and name_key not in inputs:
                pairs: Iterable[tuple[str, Any]] = [(f"{name_key} ({AUTO_NAME})", physical_name)]
            else:
                pairs = entry.values(inputs)
            for where, value in pairs:
                for rule in entry.rules:
                    if rule.applies is not None and not rule.applies(inputs):
                        continue
                    problem = rule.check(value)
                    if problem:
                        out.append(Violation(rule, where, value, problem))
                        break
        return out

    def check_value(self, type_: str, field: str, value: Any) -> Violation | None:
        """The first rule one value of one field breaks, or None (the spec checks the names
        it derives this way, before any resource exists)."""
        for entry in self.fields_of(type_):
            if entry.field != field:
                continue
            for rule in entry.rules:
                problem = rule.check(value) if rule.applies is None else None
                if problem:
                    return Violation(rule, field, value, problem)
        return None


DEFAULT = Checker()


def check(
    type_: str, inputs: Mapping[str, Any], physical_name: str | None = None
) -> list[Violation]:
    return DEFAULT.check(type_, inputs, physical_name)
