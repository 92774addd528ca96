"""What is generated from the rule units stays true where it is pasted: the README's rule table
(fails when it differs from ``check --list-rules --format markdown``), the README's pasted
``check`` and ``size`` outputs (run again, compared whole), and ``--list-rules`` itself."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.policies import RULES
from fargate_stacks.policies.docs import TABLE_END, TABLE_START, rules_table

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
PASTED = re.findall(r"```text\n\$ (fargate-stacks (?:check|size) [^\n]*)\n(.*?)```", README, re.S)


def test_readme_rule_table_is_the_generated_one() -> None:
    start, end = README.index(TABLE_START), README.index(TABLE_END) + len(TABLE_END)
    assert README[start:end] == rules_table(), (
        "README's rule table is stale: paste `fargate-stacks check --list-rules --format markdown`"
    )
    for rule in RULES:  # every unit, with its level and source, once
        assert README.count(f"| [{rule.id}]({rule.source}) | {rule.level} |") == 1


def test_readme_no_longer_says_ebs_or_tmpfs_are_refused() -> None:
    # the 2025 text: "no host paths, Docker volumes or EBS", "links, ..., devices, tmpfs, ..."
    assert "docker volumes or ebs" not in README.lower() and "tmpfs, ..." not in README


@pytest.mark.parametrize("command, output", PASTED, ids=[c for c, _ in PASTED])
def test_readme_pasted_outputs_are_what_the_commands_print(
    command: str, output: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    main(shlex.split(command)[1:])
    assert capsys.readouterr().out == output


def test_readme_pastes_check_and_size() -> None:
    assert {c.split()[1] for c, _ in PASTED} == {"check", "size"}


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--list-rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == [r.id for r in RULES]
    for entry, rule in zip(listed, RULES, strict=True):
        assert entry["source"].startswith("https://docs.aws.amazon.com/")
        assert entry["appliesTo"] == [k.value for k in rule.applies_to] and entry["rationale"]
    assert main(["check", "--list-rules"]) == 0
    text = capsys.readouterr().out
    assert all(f"{rule.id} ({rule.level};" in text for rule in RULES)
    assert main(["check", "--list-rules", "--format", "sarif"]) == 2  # a usage error, one line
    assert "--list-rules prints" in capsys.readouterr().err


def test_check_without_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Missing argument" in err
