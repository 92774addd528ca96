"""The Fargate policy rules, pure Python: one rule set used by the Pulumi policy pack
(``fargate_stacks.pack``), the offline preview and ``fargate-stacks check``."""

from .config import effective_levels, load_policy_config, parse_policy_config
from .evaluate import Evaluation, check_subject, evaluate, evaluate_graph
from .findings import Finding, Violation
from .graph import GraphResource
from .rules import RULE_NAMES, RULES, RULES_BY_NAME, Rule
from .values import UNKNOWN

__all__ = [
    "RULES",
    "RULES_BY_NAME",
    "RULE_NAMES",
    "UNKNOWN",
    "Evaluation",
    "Finding",
    "GraphResource",
    "Rule",
    "Violation",
    "check_subject",
    "effective_levels",
    "evaluate",
    "evaluate_graph",
    "load_policy_config",
    "parse_policy_config",
]
