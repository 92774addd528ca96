"""Running rules: over one subject from a file (``check``) or over a whole stack (the offline
preview's pure path, and what the policy pack's callables do one rule at a time)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from .findings import Finding, Level, Setting, Violation
from .graph import GraphResource
from .rules import RULES, Rule
from .selection import ProfileSet
from .stack import StackIndex
from .subjects import POD, Pod, Subject, in_scope


def active_rules(levels: Mapping[str, Setting]) -> list[tuple[Rule, Level]]:
    """The rules that are on, each with the level its findings carry."""
    return [
        (rule, level)
        for rule in RULES
        if (level := levels.get(rule.name, rule.level)) != "disabled"
    ]


def run_check(rule: Rule, subject: Subject) -> Iterable[Violation]:
    """One rule's per-subject check (nothing when the rule has none for this kind, or the
    subject is not meant for Fargate)."""
    check = rule.checks.get(subject.kind)
    if check is None or not in_scope(subject):
        return ()
    return check(subject)


def _finding(rule: Rule, level: Level, subject: Subject, v: Violation) -> Finding:
    return Finding(
        rule.name,
        level,
        subject.resource,
        v.message,
        subject.file,
        subject.line(v.path),
    )


def check_subject(
    subject: Subject, levels: Mapping[str, Setting], profiles: ProfileSet | None = None
) -> list[Finding]:
    """Every active rule on one subject read from a file. With ``profiles``, a pod no profile
    selects is left to its node group: only the profile-aware rules look at it."""
    kind = subject.kind
    if not in_scope(subject):
        return []
    on_fargate = True
    if isinstance(subject, Pod) and profiles is not None:
        on_fargate = profiles.select(subject) is not None
    out: list[Finding] = []
    for rule, level in active_rules(levels):
        check = rule.checks.get(kind)
        if check is not None and on_fargate:
            out.extend(_finding(rule, level, subject, v) for v in check(subject))
        if kind == POD and rule.pod_profiles is not None:
            out.extend(
                _finding(rule, level, subject, v) for v in rule.pod_profiles(subject, profiles)
            )
    return out


def rule_on_index(rule: Rule, index: StackIndex) -> Iterator[tuple[Subject | None, str, Violation]]:
    """Everything one rule finds in a stack: (subject or None, urn, violation)."""
    for kind, check in rule.checks.items():
        for urn, subject in index.subjects[kind].items():
            if not in_scope(subject):
                continue
            for v in check(subject):
                yield subject, urn, v
    if rule.pod_profiles is not None:
        for urn, pod in index.subjects[POD].items():
            for v in rule.pod_profiles(pod, index.profiles):
                yield pod, urn, v
    if rule.stack is not None:
        for urn, v in rule.stack(index):
            yield None, urn, v


def evaluate_graph(
    resources: Sequence[GraphResource] | Iterable[GraphResource], levels: Mapping[str, Setting]
) -> list[Finding]:
    """Every active rule over a stack, indexed once: the pure twin of ``pack.run_policies``."""
    index = StackIndex(resources)
    return [
        Finding(rule.name, level, urn, v.message)
        for rule, level in active_rules(levels)
        for _, urn, v in rule_on_index(rule, index)
    ]


__all__ = ["Pod", "active_rules", "check_subject", "evaluate_graph", "rule_on_index", "run_check"]
