"""The AWS Load Balancer Controller: the chart pinned and the IAM policy granted are one release.

Expectations come from the vendored third-party files (tests/conformance/eks-charts/, the
chart's own Chart.yaml and values.yaml, and aws/eks-charts' index), not from our data.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version

from fargate_stacks.components import lb_controller
from pulumi_harness import RunResult

CHARTS = Path(__file__).resolve().parent / "conformance" / "eks-charts"
DATA = Path(lb_controller.__file__).resolve().parents[1] / "data" / "aws-load-balancer-controller"


def index_entries() -> list[dict[str, Any]]:
    index = yaml.safe_load((CHARTS / "index-aws-load-balancer-controller.yaml").read_text())
    entries: list[dict[str, Any]] = index["entries"]["aws-load-balancer-controller"]
    return entries


def chart_file(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (CHARTS / f"aws-load-balancer-controller-{lb_controller.CHART_VERSION}-{name}").read_text()
    )
    return data


def test_the_pinned_chart_runs_the_controller_whose_policy_is_granted() -> None:
    """The chart's appVersion (its own Chart.yaml and the index) is the controller release the
    shipped IAM policy was published for."""
    release = lb_controller.release()
    chart = chart_file("Chart.yaml")
    assert chart["name"] == lb_controller.CHART
    assert chart["version"] == lb_controller.CHART_VERSION
    assert chart["appVersion"] == release["iamPolicy"]["controllerVersion"]
    (entry,) = [e for e in index_entries() if e["version"] == lb_controller.CHART_VERSION]
    assert entry["appVersion"] == release["iamPolicy"]["controllerVersion"]
    assert entry["digest"] == release["chartDigest"].removeprefix("sha256:")
    source = release["iamPolicy"]["source"]
    assert f"/{release['iamPolicy']['controllerVersion']}/docs/install/iam_policy.json" in source


def test_the_pinned_chart_is_the_newest_published() -> None:
    newest = max(index_entries(), key=lambda e: Version(e["version"]))
    assert newest["version"] == lb_controller.CHART_VERSION


def test_the_policy_file_is_the_published_one_unmodified() -> None:
    release = lb_controller.release()
    shipped = DATA / release["iamPolicy"]["file"]
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == release["iamPolicy"]["sha256"]
    assert (DATA / "LICENSE").read_text().lstrip().startswith("Apache License")
    assert "iam_policy.json" in (DATA / "PROVENANCE.md").read_text()


def test_the_values_set_are_values_of_the_pinned_chart() -> None:
    """Every key the component sets exists in the chart's own values.yaml (a renamed or removed
    value would be ignored by Helm, silently)."""
    defaults = chart_file("values.yaml")
    values = lb_controller.chart_values("apps-1234567", "us-east-1", "vpc-0123456789abcdef0")

    def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
        out = set()
        for key, value in data.items():
            out.add(prefix + key)
            if isinstance(value, dict) and value:
                out |= keys(value, f"{prefix}{key}.")
        return out

    assert keys(values) <= keys(defaults), keys(values) - keys(defaults)
    # the defaults they replace: unset region/VPC (looked up from instance metadata, which
    # Fargate does not have), a service account the chart would create without IRSA
    assert defaults["region"] is None and defaults["vpcId"] is None
    assert defaults["serviceAccount"]["create"] is True


@pytest.fixture(scope="module")
def stack() -> RunResult:
    from eks_harness import EksMocks
    from fargate_stacks.components.stack import build_stack
    from fargate_stacks.spec import load_spec
    from pulumi_harness import run

    loaded = load_spec("stacks/Pulumi.dev.yaml")  # a workload with an ingress
    return run(
        lambda: build_stack(loaded.spec), stack="dev", config=loaded.config, mocks=EksMocks()
    )


def test_the_component_installs_the_pinned_chart_with_the_published_policy(
    stack: RunResult,
) -> None:
    release = stack.one("kubernetes:helm.sh/v3:Release")
    assert release.inputs["chart"] == "aws-load-balancer-controller"
    assert release.inputs["version"] == chart_file("Chart.yaml")["version"]
    assert release.inputs["repositoryOpts"] == {"repo": "https://aws.github.io/eks-charts"}
    (grant,) = [
        r
        for r in stack.of_type("aws:iam/rolePolicy:RolePolicy")
        if r.name.endswith("-aws-load-balancer-controller")
    ]
    published = json.loads((DATA / "iam_policy.json").read_text())
    assert json.loads(grant.inputs["policy"]) == published
    # a role's inline policies share 10,240 characters (IAM quotas, "Role policy size")
    assert len(grant.inputs["policy"]) <= 10_240
