"""Findings as text, JSON, SARIF 2.1.0 (GitHub code scanning) and GitHub workflow commands.

Pure formatting, shared by ``fargate-stacks check`` and anything else that reports findings.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .evaluate import Skipped
from .findings import Finding
from .rule import Rule
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
    "objects": ("Service, Ingress or association", "Services, Ingresses or associations"),
    "profiles": ("Fargate profile", "Fargate profiles"),
    "resources": ("resource", "resources"),
}
NOT_CHECKED = "notChecked"  # task definitions read but out of scope: said apart


def _count(n: int, what: str) -> str:
    one, many = COUNT_LABELS.get(what, (what, what))
    return f"{n} {one if n == 1 else many}"


def _checked(counts: dict[str, int]) -> str:
    listed = ", ".join(_count(n, what) for what, n in counts.items() if what != NOT_CHECKED)
    skipped = counts.get(NOT_CHECKED, 0)
    if skipped:
        noun = "task definition" if skipped == 1 else "task definitions"
        return f"{listed} checked; {skipped} {noun} not checked"
    return f"{listed} checked"


def _summary_line(findings: Sequence[Finding], counts: dict[str, int]) -> str:
    s = summary(findings)
    noun = "finding" if s["findings"] == 1 else "findings"
    return (
        f"{s['findings']} {noun}: {s['mandatory']} mandatory, {s['advisory']} advisory "
        f"({_checked(counts)})."
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


def _place(f: Finding | Skipped) -> str:
    if f.file is None:
        return f.resource
    where = f"{f.file}:{f.line}" if f.line else f.file
    return f"{where}: {f.resource}"


def _skipped_lines(skipped: Sequence[Skipped]) -> list[str]:
    return [f"{_place(s)}: {s.reason}" for s in skipped]


def render_text(
    findings: Sequence[Finding], counts: dict[str, int], skipped: Sequence[Skipped] = ()
) -> str:
    checked = _checked(counts)
    lines: list[str] = _skipped_lines(skipped)
    if lines:
        lines.append("")
    if not findings:
        return "\n".join([*lines, f"No findings ({checked})."])
    by_rule: dict[str, list[Finding]] = {}
    for f in ordered(findings):
        by_rule.setdefault(f.rule, []).append(f)
    order = {rule.id: i for i, rule in enumerate(RULES)}
    for rule_name in sorted(by_rule, key=lambda r: order.get(r, len(order))):
        group = by_rule[rule_name]
        rule = RULES_BY_NAME.get(rule_name)
        about = f" {rule.title}" if rule else ""
        lines.append(f"{rule_name} ({group[0].level}, {len(group)}):{about}")
        lines.extend(f"  {_place(f)}: {f.message}" for f in group)
        lines.append("")
    lines.append(_summary_line(findings, counts))
    return "\n".join(lines)


def render_json(
    findings: Sequence[Finding], counts: dict[str, int], skipped: Sequence[Skipped] = ()
) -> str:
    return json.dumps(
        {
            "findings": [f.to_dict() for f in ordered(findings)],
            "skipped": [s.to_dict() for s in skipped],
            "summary": summary(findings, **counts),
        },
        indent=2,
    )


# RFC 3986 pchar minus ':' (a relative reference's first segment must not hold one, and one
# rule for every segment is simpler): unreserved (quote keeps those), sub-delims and '@'.
_URI_SAFE = "/!$&'()*+,;=@"


def artifact_uri(file: str) -> str:
    """A SARIF ``artifactLocation.uri``: an RFC 3986 URI reference, relative to the working
    directory (the repository root, where code scanning runs) and percent-encoded
    (``k8s/my pod.yaml`` -> ``k8s/my%20pod.yaml``, ``%`` -> ``%25``); a file outside it is a
    ``file:`` URI. GitHub refuses anything else."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(PurePath(path).as_posix(), safe=_URI_SAFE)


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


def sarif_rule(rule: Rule) -> dict[str, Any]:
    """One ``reportingDescriptor``, from the rule unit."""
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "helpUri": rule.source,
        "help": {
            "text": f"{rule.rationale} Applies to: {rule.applies_to_text}. Source: "
            f"{rule.source} (checked {rule.checked}).",
            "markdown": f"{rule.rationale}\n\nApplies to: {rule.applies_to_text}.\n\n"
            f"Source: [{rule.source}]({rule.source}) (checked {rule.checked}).",
        },
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.level]},
        "properties": {"tags": ["fargate", *(kind.value for kind in rule.applies_to)]},
    }


def _sarif_location(file: str, line: int | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(file)},
            "region": {"startLine": max(line or 1, 1)},
        }
    }


def render_sarif(
    findings: Sequence[Finding],
    version: str,
    information_uri: str | None = None,
    skipped: Sequence[Skipped] = (),
) -> str:
    index = {rule.id: i for i, rule in enumerate(RULES)}
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
            result["locations"] = [_sarif_location(f.file, f.line)]
        results.append(result)
    driver: dict[str, Any] = {"name": TOOL, "version": version}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = [sarif_rule(rule) for rule in RULES]
    notifications = []
    for s in skipped:
        note: dict[str, Any] = {"level": "note", "message": {"text": f"{s.resource}: {s.reason}"}}
        if s.file:
            note["locations"] = [_sarif_location(s.file, s.line)]
        notifications.append(note)
    run: dict[str, Any] = {"tool": {"driver": driver}, "results": results}
    if notifications:
        run["invocations"] = [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ]
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(
    findings: Sequence[Finding], counts: dict[str, int], skipped: Sequence[Skipped] = ()
) -> str:
    lines = []
    for s in skipped:
        props = []
        if s.file:
            props.append(f"file={_escape_property(_relative(s.file))}")
            if s.line:
                props.append(f"line={s.line}")
        props.append("title=not checked")
        lines.append(f"::notice {','.join(props)}::{_escape_data(f'{s.resource}: {s.reason}')}")
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
