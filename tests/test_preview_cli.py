"""``fargate-stacks preview``: exit codes, the JSON document, text and markdown, bad specs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from fargate_stacks.cli.app import main


@pytest.fixture(scope="module")
def dev_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("out") / "dev.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["preview", "stacks/Pulumi.dev.yaml", "--format", "json"])
    out.write_text(buffer.getvalue())
    assert code == 0
    return json.loads(buffer.getvalue())


RESOURCE_KEYS = {
    "urn",
    "type",
    "name",
    "parent",
    "custom",
    "id",
    "inputs",
    "outputs",
    "dependencies",
    "propertyDependencies",
}


def test_json_has_the_documented_keys(dev_json: dict) -> None:
    """README "The preview's JSON": schemaVersion 3, each resource with its mocked outputs
    and its dependencies, so a tool needs no access to engine internals."""
    assert dev_json["schemaVersion"] == 3
    assert set(dev_json) >= {"stack", "resources", "findings", "cost", "summary"}
    assert dev_json["stack"] == "dev"
    assert all(set(r) == RESOURCE_KEYS for r in dev_json["resources"])
    assert dev_json["summary"]["findings"]["mandatory"] == 0
    assert {line["name"] for line in dev_json["cost"]["lines"]} == {
        "api",
        "worker",
        "web",
        "coredns",  # the EKS cluster's system pods on Fargate
        "lb-controller",
    }
    by_name = {(r["type"], r["name"]): r for r in dev_json["resources"]}
    service = by_name[("aws:ecs/service:Service", "web-api")]
    assert service["outputs"]["arn"] == service["id"]
    listener = by_name[("aws:lb/listener:Listener", "web-api-http")]
    assert listener["urn"] in service["dependencies"]  # it waits for the listener
    group = by_name[("aws:lb/targetGroup:TargetGroup", "web-api")]
    assert service["propertyDependencies"]["loadBalancers"] == [group["urn"]]


def test_json_never_shows_a_secret_in_inputs_or_outputs(dev_json: dict) -> None:
    (provider,) = [r for r in dev_json["resources"] if r["type"] == "pulumi:providers:kubernetes"]
    assert provider["inputs"]["kubeconfig"] == "[secret]"
    assert provider["outputs"]["kubeconfig"] == "[secret]"
    assert "certificate-authority-data" not in json.dumps(dev_json)


def _broken(tmp_path: Path, edit: Callable[[dict[str, Any]], object]) -> Path:
    data = yaml.safe_load(Path("stacks/Pulumi.prod.yaml").read_text())
    edit(data["config"]["fargate-stacks:spec"])
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_bad_size_is_refused_by_the_spec_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def bad_size(spec: dict) -> None:
        spec["ecs"]["clusters"][0]["services"][0]["memory"] = "16 GB"  # 1 vCPU allows 2-8 GB

    code = main(["preview", str(_broken(tmp_path, bad_size))])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Pulumi.broken.yaml:" in err and "memory" in err


def test_policy_config_can_make_findings_mandatory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def unpinned(spec: dict) -> None:
        spec["ecs"]["clusters"][0]["services"][0]["image"] = "public.ecr.aws/nginx/nginx:latest"

    config = tmp_path / "policy.yaml"
    config.write_text("image-tag-pinned:\n  enforcementLevel: mandatory\n")
    code = main(
        [
            "preview",
            str(_broken(tmp_path, unpinned)),
            "--policy-config",
            str(config),
            "--format",
            "markdown",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 1
    assert "❌" in out and "`image-tag-pinned`" in out
    # the bill beyond Fargate, one row per category, within the total
    assert "| | | NAT gateway | | | | | $" in out and "| | | CloudWatch Logs |" in out


def test_text_report_reads_like_pulumi_preview(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "stacks/Pulumi.prod.yaml"]) == 0
    out, err = capsys.readouterr()
    assert "Previewing update (prod)" in out
    assert re.search(
        r"^ \+   [│ ]*├─ aws:ecs:Service ", out, re.MULTILINE
    )  # a tree, as Pulumi draws
    assert "to create" in out and "Fargate capacity and cost" in out and "\x1b[" not in out
    assert "Traceback" not in err
