"""Findings as text, JSON, SARIF 2.1.0 (GitHub code scanning) and GitHub workflow commands.

Pure formatting, shared by ``fargate-stacks check`` and anything else that reports findings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any

from .findings import Finding
from .rules import RULES, RULES_BY_NAME

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_LEVELS = {"mandatory": "error", "advisory": "warning"}
GITHUB_COMMANDS = {"mandatory": "error", "advisory": "warning"}
TOOL = "fargate-stacks"
DISTRIBUTION = "fargate-stacks"


# count key -> (one, many)
COUNT_LABELS = {
    "files": ("file", "files"),
    "podTemplates": ("pod template", "pod templates"),
    "taskDefinitions": ("task definition", "task definitions"),
    "profiles": ("Fargate profile", "Fargate profiles"),
    "resources": ("resource", "resources"),
}


def _count(n: int, what: str) -> str:
    one, many = COUNT_LABELS.get(what, (what, what))
    return f"{n} {one if n == 1 else many}"


def _checked(counts: dict[str, int]) -> str:
    return ", ".join(_count(n, what) for what, n in counts.items())


def _summary_line(findings: Sequence[Finding], counts: dict[str, int]) -> str:
    s = summary(findings)
    noun = "finding" if s["findings"] == 1 else "findings"
    return (
        f"{s['findings']} {noun}: {s['mandatory']} mandatory, {s['advisory']} advisory "
        f"({_checked(counts)} checked)."
    )


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key)


def summary(findings: Sequence[Finding], **counts: int) -> dict[str, Any]:
    levels = Counter(f.level for f in findings)
    return {
        **counts,
        "findings": len(findings),
        "mandatory": levels.get("mandatory", 0),
        "advisory": levels.get("advisory", 0),
        "rules": dict(sorted(Counter(f.rule for f in findings).items())),
    }


def _place(f: Finding) -> str:
    if f.file is None:
        return f.resource
    where = f"{f.file}:{f.line}" if f.line else f.file
    return f"{where}: {f.resource}"


def render_text(findings: Sequence[Finding], counts: dict[str, int]) -> str:
    checked = _checked(counts)
    if not findings:
        return f"No findings ({checked} checked)."
    by_rule: dict[str, list[Finding]] = {}
    for f in ordered(findings):
        by_rule.setdefault(f.rule, []).append(f)
    lines: list[str] = []
    order = {rule.name: i for i, rule in enumerate(RULES)}
    for rule_name in sorted(by_rule, key=lambda r: order.get(r, len(order))):
        group = by_rule[rule_name]
        rule = RULES_BY_NAME.get(rule_name)
        about = f" {rule.description}" if rule else ""
        lines.append(f"{rule_name} ({group[0].level}, {len(group)}):{about}")
        lines.extend(f"  {_place(f)}: {f.message}" for f in group)
        lines.append("")
    lines.append(_summary_line(findings, counts))
    return "\n".join(lines)


def render_json(findings: Sequence[Finding], counts: dict[str, int]) -> str:
    return json.dumps(
        {
            "findings": [f.to_dict() for f in ordered(findings)],
            "summary": summary(findings, **counts),
        },
        indent=2,
    )


def artifact_uri(file: str) -> str:
    """A repository-relative POSIX path when the file is under the working directory."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return PurePath(path).as_posix()


def _relative(file: str) -> str:
    """The path as GitHub annotations want it: relative to the workspace when it can be."""
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def project_url() -> str | None:
    """The project's home as its package metadata declares it (``[project.urls]``), or None:
    SARIF's informationUri is optional, and a made-up address is worse than none."""
    from importlib import metadata

    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        url = str(entry).partition(",")[2].strip()
        if url:
            return url
    home = meta.json.get("home_page")
    return home if isinstance(home, str) and home else None


def render_sarif(
    findings: Sequence[Finding], version: str, information_uri: str | None = None
) -> str:
    rules = [
        {
            "id": rule.name,
            "name": "".join(part.title() for part in rule.name.split("-")),
            "shortDescription": {"text": rule.description},
            "fullDescription": {"text": f"{rule.description} Applies to: {rule.applies_to}."},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.level]},
            "help": {"text": rule.description},
            "properties": {"tags": ["fargate", *(t.strip() for t in rule.applies_to.split(","))]},
        }
        for rule in RULES
    ]
    index = {rule.name: i for i, rule in enumerate(RULES)}
    results = []
    for f in ordered(findings):
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": SARIF_LEVELS[f.level],
            "message": {"text": f"{f.resource}: {f.message}"},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.file:
            location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.file)}}
            location["region"] = {"startLine": max(f.line or 1, 1)}
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    driver: dict[str, Any] = {"name": TOOL, "version": version}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = rules
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], counts: dict[str, int]) -> str:
    lines = []
    for f in ordered(findings):
        props = []
        if f.file:
            props.append(f"file={_escape_property(_relative(f.file))}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.rule)}")
        lines.append(
            f"::{GITHUB_COMMANDS[f.level]} {','.join(props)}::"
            f"{_escape_data(f'{f.resource}: {f.message}')}"
        )
    lines.append(_summary_line(findings, counts))
    return "\n".join(lines)
