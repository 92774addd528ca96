"""The rules described from their units: the README's rule table, ``check --list-rules`` (text
and JSON). tests/test_rule_docs.py fails when the README's table is not :func:`rules_table`'s;
``fargate-stacks check --list-rules --format markdown`` prints it to paste."""

from __future__ import annotations

import json

from .rules import RULES

TABLE_START = "<!-- rules table: fargate-stacks check --list-rules --format markdown -->"
TABLE_END = "<!-- end of rules table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_table() -> str:
    """The markdown table of every rule, between the markers the README keeps it in."""
    lines = [
        TABLE_START,
        "| rule | level | applies to | refuses or advises |",
        "|---|---|---|---|",
        *(
            f"| [{rule.id}]({rule.source}) | {rule.level} | {_cell(rule.applies_to_text)} | "
            f"{_cell(rule.title)} |"
            for rule in RULES
        ),
        TABLE_END,
    ]
    return "\n".join(lines)


def rules_text() -> str:
    return "\n\n".join(
        f"{rule.id} ({rule.level}; {rule.applies_to_text})\n"
        f"  {rule.title}\n"
        f"  {rule.rationale}\n"
        f"  source: {rule.source} (checked {rule.checked})"
        for rule in RULES
    )


def rules_json() -> str:
    return json.dumps(
        [
            {
                "id": rule.id,
                "level": rule.level,
                "appliesTo": [kind.value for kind in rule.applies_to],
                "title": rule.title,
                "rationale": rule.rationale,
                "source": rule.source,
                "checked": rule.checked,
            }
            for rule in RULES
        ],
        indent=2,
    )
