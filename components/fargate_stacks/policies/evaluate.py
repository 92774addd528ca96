"""The one way rules are evaluated, whatever the input.

``fargate-stacks check`` (files), the offline preview and the Pulumi policy pack all come here:
check and :func:`evaluate_graph` call :func:`evaluate` on a :class:`~.stack.StackIndex`; the
pack's stack policies call :func:`rule_on_index` on the index of the stack the CLI sends, and its
resource policies call :func:`subject_violations` (only for rules that need nothing but the
resource, :attr:`~.rule.Rule.needs_stack`), which is what :func:`rule_on_index` does for each
subject. Which subjects a rule sees is decided once, by :meth:`~.stack.StackIndex.applies`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Level, Setting, Violation
from .graph import GraphResource
from .rule import Rule
from .rules import RULES
from .selection import ProfileSet
from .stack import StackIndex
from .subjects import EcsTask, Pod, Subject, in_scope

Options = Mapping[str, Mapping[str, float]]  # rule -> option -> value (policy config)


def active_rules(
    levels: Mapping[str, Setting], options: Options | None = None
) -> list[tuple[Rule, Level]]:
    """The rules that are on, each made for its options and with the level its findings carry."""
    options = options or {}
    return [
        (rule.with_options(options.get(rule.id)), level)
        for rule in RULES
        if (level := levels.get(rule.id, rule.level)) != "disabled"
    ]


def subject_violations(rule: Rule, subject: Subject) -> Iterable[Violation]:
    """One rule's check of one subject on its own (nothing when the rule has none for its kind,
    or the subject is not meant for Fargate). For rules that do not need the stack."""
    check = rule.checks.get(subject.kind)
    if check is None or not in_scope(subject):
        return ()
    return check(subject)


def rule_on_index(rule: Rule, index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    """Everything one rule finds: its checks on every subject Fargate runs, then its stack check."""
    for kind, check in rule.checks.items():
        for subject in index.subjects[kind].values():
            if index.applies(subject):
                for v in check(subject):
                    yield subject, v
    if rule.stack is not None:
        yield from rule.stack(index)


@dataclass(frozen=True)
class Skipped:
    """A subject no rule looked at, and why (``check`` says so instead of "No findings")."""

    resource: str
    reason: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "file": self.file,
            "line": self.line,
            "reason": self.reason,
        }


@dataclass
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def finding(rule: Rule, level: Level, subject: Subject, v: Violation) -> Finding:
    return Finding(rule.id, level, subject.resource, v.message, subject.file, subject.line(v.path))


def evaluate(
    index: StackIndex, levels: Mapping[str, Setting], options: Options | None = None
) -> Evaluation:
    """Every active rule over an index, and the task definitions left out of scope."""
    findings = [
        finding(rule, level, subject, v)
        for rule, level in active_rules(levels, options)
        for subject, v in rule_on_index(rule, index)
    ]
    return Evaluation(findings, skipped_tasks(index))


def skipped_tasks(index: StackIndex) -> list[Skipped]:
    """Task definitions whose requiresCompatibilities leaves FARGATE out: meant for EC2."""
    out = []
    for task in index.tasks.values():
        if index.applies(task):
            continue
        compat = ", ".join(task.compatibilities)
        out.append(
            Skipped(
                task.resource,
                f"not checked: requiresCompatibilities is [{compat}], without FARGATE: meant "
                "for EC2 (--assume-fargate takes it as a candidate for Fargate)",
                task.file,
                task.line(()),
            )
        )
    return out


def evaluate_graph(
    resources: Sequence[GraphResource] | Iterable[GraphResource],
    levels: Mapping[str, Setting],
    options: Options | None = None,
) -> list[Finding]:
    """Every active rule over a stack, indexed once (what ``pack.run_policies`` reports)."""
    return evaluate(StackIndex(resources), levels, options).findings


def check_subject(
    subject: Subject, levels: Mapping[str, Setting], profiles: ProfileSet | None = None
) -> list[Finding]:
    """Every active rule on one subject, on its own (with ``profiles``: those decide whether
    Fargate runs a pod). The same path as a whole index of one subject."""
    return evaluate(
        StackIndex.of_subjects([subject], profiles, check_profiles=False), levels
    ).findings


__all__ = [
    "EcsTask",
    "Evaluation",
    "Pod",
    "Skipped",
    "active_rules",
    "check_subject",
    "evaluate",
    "evaluate_graph",
    "finding",
    "rule_on_index",
    "skipped_tasks",
    "subject_violations",
]
