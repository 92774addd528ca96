"""What the Terraform AWS provider (at ``pulumi preview``) and AWS (at ``pulumi up``) refuse in
the inputs of every resource type the components emit, kept as data per AWS service and field,
each entry with its source; a checker for one resource (:mod:`.checker`) and for what ECS
checks across resources (:mod:`.wiring`).

No Pulumi import: the spec checks the names it derives and its tags against the same entries
the offline engine checks every registered resource against.
"""

from .checker import ALL_TAG_RULES, AUTO_NAME, RULES, Checker, check, name_field
from .model import LAYER_TEXT, UNKNOWN, Rule, Source, Violation, shorten
from .wiring import Wiring

__all__ = [
    "ALL_TAG_RULES",
    "AUTO_NAME",
    "LAYER_TEXT",
    "RULES",
    "UNKNOWN",
    "Checker",
    "Rule",
    "Source",
    "Violation",
    "Wiring",
    "check",
    "name_field",
    "shorten",
]
