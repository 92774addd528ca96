"""The Fargate rules as a Pulumi policy pack (``pulumi preview --policy-pack policypack``).

One Pulumi policy per rule, named after the rule, so Pulumi's policy config
(``--policy-pack-config``, ``{"rule": {"enforcementLevel": ...}}``) addresses rules by the
names ``check`` uses, described by the rule unit's title. Rules that need one resource only
become ``ResourceValidationPolicy`` objects; rules that follow links between resources (Spot and
Windows task definitions, target groups, cluster capacity providers, EBS volumes) or look at
pods, Services and Ingresses (only the stack's Fargate profiles say whether Fargate runs them)
become ``StackValidationPolicy`` objects. Both call the one evaluation path
(:mod:`fargate_stacks.policies.evaluate`). :func:`run_policies` drives the very same validate
callables for the offline preview, with real ``ResourceValidationArgs`` /
``StackValidationArgs``.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyCustomTimeouts,
    PolicyPack,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy import Policy as BasePolicy

from .gc_pause import collector_paused
from .policies.config import effective_levels, parse_policy_config, parse_policy_options
from .policies.evaluate import rule_on_index, subject_violations
from .policies.findings import Finding, Level
from .policies.graph import GraphResource
from .policies.normalize import subject_from_props, subject_kind
from .policies.rule import Rule
from .policies.rules import RULES, RULES_BY_NAME
from .policies.stack import LINKED_TYPES, StackIndex
from .policies.subjects import Subject

PACK_NAME = "fargate-stacks"
PACK_DESCRIPTION = (
    "Stops what AWS Fargate cannot run (ECS tasks and services, EKS Fargate "
    "profiles and pods) before it reaches AWS."
)
Policy = ResourceValidationPolicy | StackValidationPolicy
# The level a finding carries, by its policy's enforcement level. build_policies makes no
# remediate policy: these rules have no remediation, so remediate is mandatory (see
# policies/config.py).
_FINDING_LEVEL: dict[EnforcementLevel, Level] = {
    EnforcementLevel.MANDATORY: "mandatory",
    EnforcementLevel.ADVISORY: "advisory",
}


class _LastOne:
    """Remembers the last result per input object: the stack policies are called in turn on
    one ``StackValidationArgs`` (in :func:`run_policies`), so the stack is indexed once;
    identity is checked against a kept reference, never a bare ``id``."""

    def __init__(self) -> None:
        self._entry: tuple[Any, Any] = (None, None)

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        entry = self._entry  # one read, one write: safe under the SDK's gRPC thread pool
        if entry[0] is key:
            return entry[1]
        value = make()
        self._entry = (key, value)
        return value


class _Subjects:
    """Each resource's subject, made once from its props object for every policy that reads
    it: the resource policies called in turn on one resource, and the stack policies' index,
    which :func:`run_policies` builds from the same props objects.

    ``whole_run`` keeps every resource's subject until the stack is indexed (one
    :func:`run_policies` call); otherwise only the last one is kept (the pack served to the
    Pulumi CLI, which sends every call props of its own, so older entries could never be hit).
    Entries are matched by a kept reference to the props, never a bare ``id``; one dict read
    and one write per miss keeps it safe under the SDK's gRPC thread pool."""

    def __init__(self, whole_run: bool) -> None:
        self._whole_run = whole_run
        self._by_props: dict[int, tuple[Any, str, str, Subject | None]] = {}

    def __call__(self, resource_type: str, props: Any, urn: str, name: str) -> Subject | None:
        entry = self._by_props.get(id(props))
        if (
            entry is not None
            and entry[0] is props
            and entry[1] == resource_type
            and entry[2] == urn
        ):
            return entry[3]
        subject = subject_from_props(resource_type, props, urn, name)
        if self._whole_run:
            self._by_props[id(props)] = (props, resource_type, urn, subject)
        else:
            self._by_props = {id(props): (props, resource_type, urn, subject)}
        return subject

    def clear(self) -> None:
        self._by_props = {}


def _configured(rule: Rule, given: Mapping[str, Any], sent: Mapping[str, Any]) -> Rule:
    """The rule for its options: what the Pulumi CLI sends with the call (``get_config()``,
    from ``--policy-pack-config``, checked against the policy's config schema) over what
    :func:`build_policies` was given."""
    if not rule.options:
        return rule
    values = dict(given)
    values.update({k: v for k, v in sent.items() if k in rule.options})
    return rule.with_options(values)


def _resource_validator(
    rule: Rule, subjects: _Subjects, options: Mapping[str, Any]
) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    kinds = frozenset(rule.checks)

    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if subject_kind(args.resource_type) not in kinds:
            return
        subject = subjects(args.resource_type, args.props, args.urn, args.name)
        if subject is None:
            return
        configured = _configured(rule, options, args.get_config())
        for violation in subject_violations(configured, subject):
            report_violation(violation.message, None)

    validate.__name__ = f"validate_{rule.name.replace('-', '_')}"
    return validate


def graph_resources(
    resources: Sequence[PolicyResource], linked: Container[str] | None = None
) -> list[GraphResource]:
    """``PolicyResource`` objects (as the Pulumi CLI sends them) as plain graph resources.
    With ``linked``, only resources of those types keep their parent and dependencies (what a
    :class:`StackIndex` reads: ``LINKED_TYPES``); converting every edge of a large stack would
    cost more than the rules."""
    out: list[GraphResource] = []
    for r in resources:
        if linked is None or r.resource_type in linked:
            out.append(
                GraphResource(
                    r.urn,
                    r.resource_type,
                    r.name,
                    r.props,
                    r.parent.urn if r.parent is not None else None,
                    [d.urn for d in r.dependencies],
                    {k: [d.urn for d in v] for k, v in r.property_dependencies.items()},
                )
            )
        else:
            out.append(GraphResource(r.urn, r.resource_type, r.name, r.props))
    return out


def _stack_validator(
    rule: Rule, indexes: _LastOne, subjects: _Subjects, options: Mapping[str, Any]
) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def index_of(args: StackValidationArgs) -> StackIndex:
        index = StackIndex(graph_resources(args.resources, LINKED_TYPES), subjects)
        subjects.clear()  # every subject the rules need is in the index now
        return index

    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        index: StackIndex = indexes.get(args.resources, lambda: index_of(args))
        configured = _configured(rule, options, args.get_config())
        for subject, violation in rule_on_index(configured, index):
            report_violation(violation.message, subject.resource)

    validate.__name__ = f"validate_{rule.name.replace('-', '_')}"
    return validate


def build_policies(
    config: Mapping[str, Any] | None = None, *, whole_run: bool = False
) -> list[Policy]:
    """One policy per rule, at the level ``config`` (Pulumi's policy-config shape) gives it.
    ``whole_run``: the policies serve one run (:func:`run_policies`), so each resource's subject
    is kept from its resource policies to the stack policies' index.
    Raises :class:`~fargate_stacks.errors.InputError` for unknown rules or levels."""
    levels = effective_levels(parse_policy_config(dict(config)) if config else None)
    options = parse_policy_options(dict(config)) if config else {}
    subjects, indexes = _Subjects(whole_run), _LastOne()
    policies: list[Policy] = []
    for rule in RULES:
        level = EnforcementLevel(levels[rule.name])
        given = options.get(rule.name, {})
        schema = (
            PolicyConfigSchema({k: o.schema() for k, o in rule.options.items()})
            if rule.options
            else None
        )
        if rule.needs_stack:
            policies.append(
                StackValidationPolicy(
                    name=rule.name,
                    description=rule.description,
                    enforcement_level=level,
                    validate=_stack_validator(rule, indexes, subjects, given),
                    config_schema=schema,
                    tags=["fargate"],
                )
            )
        else:
            policies.append(
                ResourceValidationPolicy(
                    name=rule.name,
                    description=rule.description,
                    enforcement_level=level,
                    validate=_resource_validator(rule, subjects, given),
                    config_schema=schema,
                    tags=["fargate"],
                )
            )
    return policies


def build_pack(name: str = PACK_NAME) -> PolicyPack:
    """Start the policy pack (serves the Pulumi CLI over gRPC until it is stopped)."""
    policies: list[BasePolicy] = list(build_policies())
    return PolicyPack(
        name=name,
        policies=policies,
        description=PACK_DESCRIPTION,
        enforcement_level=EnforcementLevel.MANDATORY,
        provider="aws",
        tags=["fargate", "ecs", "eks"],
    )


class _Sink:
    """One reporter for every call, re-aimed before each, so no closure per resource."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.rule = ""
        self.level: Level = "mandatory"
        self.urn = ""

    def report(self, message: str, urn: str | None = None) -> None:
        self.findings.append(Finding(self.rule, self.level, urn or self.urn, message))


_NO_TIMEOUTS = PolicyCustomTimeouts(0, 0, 0)


def _options(parent: str | None) -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], _NO_TIMEOUTS, [], parent)


def run_policies(
    resources: Sequence[GraphResource], config: Mapping[str, Any] | None = None
) -> list[Finding]:
    """Run the pack's validate callables over a stack, as the Pulumi CLI would: each resource
    policy with a ``ResourceValidationArgs`` per resource, then each stack policy with one
    ``StackValidationArgs`` holding every resource as a ``PolicyResource``."""
    with collector_paused():
        # the run's objects die with _run's frame, before the collector resumes: it never
        # scans them
        return _run(resources, config)


def _run(resources: Sequence[GraphResource], config: Mapping[str, Any] | None) -> list[Finding]:
    policies = build_policies(config, whole_run=True)
    sink = _Sink()
    per_resource: list[tuple[ResourceValidationPolicy, Level]] = []
    per_stack: list[tuple[StackValidationPolicy, Level]] = []
    for p in policies:
        if p.enforcement_level is None or p.enforcement_level == EnforcementLevel.DISABLED:
            continue
        level = _FINDING_LEVEL[p.enforcement_level]
        if isinstance(p, ResourceValidationPolicy):
            per_resource.append((p, level))
        else:
            per_stack.append((p, level))
    # A resource policy's callable returns at once for types its rule does not read, so only
    # the policies that read a type are called for it (same findings, a fraction of the calls).
    by_kind: dict[str, list[tuple[ResourceValidationPolicy, Level]]] = {}
    for policy, level in per_resource:
        for kind in RULES_BY_NAME[policy.name].checks:
            by_kind.setdefault(kind, []).append((policy, level))
    for r in resources:
        relevant = by_kind.get(subject_kind(r.type) or "")
        if not relevant:
            continue
        args = ResourceValidationArgs(r.type, r.props, r.urn, r.name, _options(r.parent), None)
        sink.urn = r.urn
        for policy, level in relevant:
            sink.rule, sink.level = policy.name, level
            policy.validate(args, sink.report)
    if per_stack:
        stack_args = StackValidationArgs(policy_resources(resources))
        for stack_policy, level in per_stack:
            sink.rule, sink.level, sink.urn = stack_policy.name, level, ""
            stack_policy.validate(stack_args, sink.report)
    return sink.findings


def policy_resources(resources: Sequence[GraphResource]) -> list[PolicyResource]:
    """Graph resources as the ``PolicyResource`` objects a stack policy receives, parents and
    dependencies resolved to objects the way the Pulumi policy SDK does it."""
    by_urn: dict[str, PolicyResource] = {}
    out: list[PolicyResource] = []
    options: dict[str | None, PolicyResourceOptions] = {}  # the same for siblings: made once
    for r in resources:
        opts = options.get(r.parent)
        if opts is None:
            opts = options[r.parent] = _options(r.parent)
        resource = PolicyResource(r.type, r.props, r.urn, r.name, opts, None, None, [], {})
        by_urn[r.urn] = resource
        out.append(resource)
    for r, resource in zip(resources, out, strict=True):
        if r.parent is not None:
            resource.parent = by_urn.get(r.parent)
        if r.dependencies:
            resource.dependencies.extend([by_urn[d] for d in r.dependencies if d in by_urn])
        edges = resource.property_dependencies
        for prop, urns in r.property_dependencies.items():
            edges[prop] = [by_urn[d] for d in urns if d in by_urn] if urns else []
    return out
