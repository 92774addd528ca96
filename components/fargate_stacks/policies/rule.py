"""What a rule is: one unit holding everything about it, the way checkov, cfn-lint and
gatekeeper-library organise theirs.

A rule module in :mod:`fargate_stacks.policies.rules` defines one :data:`RULE`: its id (a public
interface: policy configs, SARIF rule ids and the Pulumi policy names all use it; add rules,
never rename them), its default level, a title and the rationale with the AWS source it rests on
and the date that source was checked, the kinds of subject it applies to, its check per subject
kind and/or a check over the whole stack (for links between resources). Next to the modules,
``samples/<id>/`` holds the rule's sample files and a ``suite.yaml`` saying what ``check`` must
report on each; the README's rule table, ``check --list-rules``, the SARIF ``rules[]`` and the
policy pack's descriptions are generated from these units.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .findings import Level, Violation
from .subjects import Kind, Subject

if TYPE_CHECKING:
    from .stack import StackIndex

Check = Callable[[Any], Iterable[Violation]]  # a subject of the kind it is registered for
StackCheck = Callable[["StackIndex"], Iterable[tuple[Subject, Violation]]]

# Subjects whose rules need the stack around them to know whether Fargate runs them at all
# (the Fargate profiles), so the policy pack runs such rules as stack policies.
CONTEXT_KINDS = frozenset({Kind.POD, Kind.K8S_LB})
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Option:
    """A number a policy config may set for one rule, beside its ``enforcementLevel``:
    ``{"fargate-rounding-waste": {"maxWasteShare": 0.5}}`` (Pulumi's policy-config shape, so
    ``check --policy-config`` and ``pulumi preview --policy-pack-config`` read the same file;
    the pack declares it as the policy's config schema)."""

    default: float
    description: str
    minimum: float | None = None
    maximum: float | None = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the option (Pulumi's ``PolicyConfigSchema`` properties)."""
        out: dict[str, Any] = {
            "type": "number",
            "default": self.default,
            "description": self.description,
        }
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not a setting of this option; None when it is."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, not {value!r}"
        if self.minimum is not None and value < self.minimum:
            return f"must be at least {self.minimum}, not {value}"
        if self.maximum is not None and value > self.maximum:
            return f"must be at most {self.maximum}, not {value}"
        return None


Configure = Callable[[Mapping[str, float]], Mapping[Kind, Check]]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    title: str  # one sentence: what Fargate refuses (shown with every group of findings)
    rationale: str  # why, with the details a reviewer needs (SARIF help, --list-rules)
    source: str  # the AWS page the rule rests on (SARIF helpUri)
    checked: str  # when that source was last read, YYYY-MM-DD
    applies_to: tuple[Kind, ...]
    checks: Mapping[Kind, Check] = field(default_factory=dict)
    stack: StackCheck | None = None
    options: Mapping[str, Option] = field(default_factory=dict)
    configure: Configure | None = None  # the checks for option values (with options only)

    def __post_init__(self) -> None:
        problems = []
        if not _ID.match(self.id):
            problems.append(f"id {self.id!r} is not lower-case words joined by '-'")
        if not self.source.startswith("https://"):
            problems.append(f"source {self.source!r} is not an https URL")
        if not _DATE.match(self.checked):
            problems.append(f"checked {self.checked!r} is not a YYYY-MM-DD date")
        if not self.applies_to:
            problems.append("applies_to names no kind")
        if not set(self.checks) <= set(self.applies_to):
            problems.append("checks are registered for kinds applies_to does not name")
        if not self.checks and self.stack is None:
            problems.append("no check at all")
        if bool(self.options) != (self.configure is not None):
            problems.append("options and configure go together")
        if problems:
            raise ValueError(f"rule {self.id}: " + "; ".join(problems))

    def with_options(self, values: Mapping[str, float] | None) -> Rule:
        """The rule with its checks made for these option values (the rest at their
        defaults); the rule itself when it has no options or nothing is set."""
        if self.configure is None or not values:
            return self
        chosen = {name: option.default for name, option in self.options.items()}
        chosen.update({k: v for k, v in values.items() if k in self.options})
        return dataclasses.replace(self, checks=self.configure(chosen))

    @property
    def name(self) -> str:
        """The id, by the name Pulumi policies and policy configs give it."""
        return self.id

    @property
    def description(self) -> str:
        return self.title

    @property
    def needs_stack(self) -> bool:
        """Whether the rule needs more than one resource: a stack check, or checks on subjects
        only the stack's Fargate profiles say Fargate runs. The pack runs it as a stack policy."""
        return self.stack is not None or bool(CONTEXT_KINDS & set(self.checks))

    @property
    def applies_to_text(self) -> str:
        return ", ".join(kind.label for kind in self.applies_to)
