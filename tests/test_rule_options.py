"""Rule options: fargate-rounding-waste's maxWasteShare, set in Pulumi's policy-config shape and
honoured the same by ``check --policy-config``, the pack (its config schema and the config the
Pulumi CLI sends) and the offline path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_policy import StackValidationArgs, StackValidationPolicy

from fargate_stacks.cli.app import main
from fargate_stacks.pack import build_policies, policy_resources, run_policies
from fargate_stacks.policies import GraphResource
from fargate_stacks.policies.rules import SAMPLES
from rule_samples import pulumi_props, urn

RULE = "fargate-rounding-waste"
DOCUMENTED = SAMPLES / RULE / "fail-documented.yaml"  # 57% over its requests
NO_FIT = """\
apiVersion: v1
kind: Pod
metadata: {name: wide, namespace: team-a}
spec:
  containers:
    - name: wide
      image: public.ecr.aws/nginx/nginx:1.27
      resources:
        requests: {cpu: 1900m, memory: 3Gi}
        limits: {cpu: 1900m, memory: 3Gi}
"""


def check(capsys: pytest.CaptureFixture[str], config: Path, *files: Path) -> tuple[int, Any, str]:
    code = main(["check", "--format", "json", "--policy-config", str(config), *map(str, files)])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def config_file(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data))
    return path


def messages(doc: Any) -> list[str]:
    return [f["message"] for f in doc["findings"] if f["rule"] == RULE]


def test_a_larger_share_lets_the_documented_pod_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, doc, _ = check(capsys, config_file(tmp_path, {RULE: {"maxWasteShare": 0.5}}), DOCUMENTED)
    assert len(messages(doc)) == 1 and "over the 50% allowed" in messages(doc)[0]
    _, doc, _ = check(capsys, config_file(tmp_path, {RULE: {"maxWasteShare": 0.6}}), DOCUMENTED)
    assert messages(doc) == []


def test_a_smaller_share_flags_a_pod_with_no_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1.9 vCPU / 3 GiB is billed as 2 vCPU / 4 GB: 0.09874/h against 0.091357/h needed (8%).
    No cheaper size is worth it (1 vCPU would give up 0.9 vCPU), so the finding says what the
    bill already pays for: 2 vCPU and 4 GB less the 256 MB."""
    pod = tmp_path / "wide.yaml"
    pod.write_text(NO_FIT)
    _, doc, _ = check(capsys, config_file(tmp_path, {}), pod)
    assert messages(doc) == []  # under the default 25%
    config = config_file(tmp_path, {RULE: {"enforcementLevel": "advisory", "maxWasteShare": 0.05}})
    _, doc, _ = check(capsys, config, pod)
    [message] = messages(doc)
    assert "billed as 2vCPU 4GB: 8% more" in message
    assert message.endswith(
        "the same bill pays for requests up to 2 vCPU / 3.75 GiB: request what the pod can use"
    )


@pytest.mark.parametrize(
    "setting, expected",
    [
        ({"maxWasteShare": "high"}, "fargate-rounding-waste.maxWasteShare: must be a number"),
        ({"maxWasteShare": -1}, "must be at least 0, not -1"),
        ({"maxWasteShar": 1}, "unknown setting 'maxWasteShar': fargate-rounding-waste takes"),
    ],
)
def test_bad_options_are_one_line_exit_2(
    setting: dict[str, Any], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_file(tmp_path, {RULE: setting})
    code, doc, err = check(capsys, config, DOCUMENTED)
    assert (code, doc) == (2, None)
    assert err.count("\n") == 1 and err.startswith(f"{config}:1:") and expected in err


def test_other_rules_still_take_only_a_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_file(tmp_path, {"fargate-pod-size": {"maxWasteShare": 1}})
    code, _, err = check(capsys, config, DOCUMENTED)
    assert code == 2 and "these rules take only 'enforcementLevel'" in err


def pulumi_stack(path: Path) -> list[GraphResource]:
    data = yaml.safe_load(path.read_text())
    converted = pulumi_props(data["kind"], data)
    assert converted is not None
    type_, props = converted
    return [GraphResource(urn(type_, "api"), type_, "api", props)]


def test_the_pack_declares_the_option_and_reads_what_pulumi_sends() -> None:
    [policy] = [p for p in build_policies() if p.name == RULE]
    assert isinstance(policy, StackValidationPolicy)  # pods need the stack's profiles
    assert policy.config_schema is not None
    assert policy.config_schema.properties == {
        "maxWasteShare": {
            "type": "number",
            "default": 0.25,
            "minimum": 0,
            "description": "Flag a pod whose bill exceeds the price of its requests plus the "
            "256 MB overhead by more than this share (0.25 = 25%).",
        }
    }
    resources = policy_resources(pulumi_stack(DOCUMENTED))
    reported: list[str] = []

    def report(message: str, urn: str | None = None) -> None:
        reported.append(message)

    policy.validate(StackValidationArgs(resources, {}), report)
    assert len(reported) == 1 and "57% more" in reported[0]
    reported.clear()  # the Pulumi CLI sends --policy-pack-config's values with each call
    policy.validate(StackValidationArgs(resources, {"maxWasteShare": 0.6}), report)
    assert reported == []


def test_run_policies_takes_the_option_from_the_config() -> None:
    resources = pulumi_stack(DOCUMENTED)
    found = [f for f in run_policies(resources) if f.rule == RULE]
    assert len(found) == 1
    assert [
        f for f in run_policies(resources, {RULE: {"maxWasteShare": 0.6}}) if f.rule == RULE
    ] == []
