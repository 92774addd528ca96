"""``fargate-stacks size`` and ``fargate-stacks cost``: output, JSON keys and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fargate_stacks.cli.app import main

ROOT = Path(__file__).parent.parent
MANIFESTS = ROOT / "tests" / "fixtures" / "manifests"
TASKDEFS = ROOT / "tests" / "fixtures" / "taskdefs"
SIZE_KEYS = {
    "file",
    "kind",
    "name",
    "namespace",
    "replicas",
    "vcpu",
    "memory_gb",
    "capacity_provisioned",
    "ephemeral_gib",
    "hourly_usd",
    "monthly_usd",
    "rounding",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_size_json_for_the_documented_pod(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "size", "--format", "json", str(MANIFESTS / "aws-documented-pod.yaml")
    )
    assert (code, err) == (0, "")
    [row] = json.loads(out)
    assert set(row) == SIZE_KEYS
    assert row == {
        "file": str(MANIFESTS / "aws-documented-pod.yaml"),
        "kind": "Pod",
        "name": "documented",
        "namespace": "team-a",
        "replicas": 1,
        "vcpu": 2,
        "memory_gb": 9,
        "capacity_provisioned": "2vCPU 9GB",
        "ephemeral_gib": 20,
        "hourly_usd": 0.120965,
        "monthly_usd": 88.3,
        # AWS's rates: $0.04048 per vCPU-hour, $0.004445 per GB-hour. Needed: 1 vCPU and
        # 8.25 GB (the 256 MB EKS adds) = 0.07715125/h; billed 2 vCPU / 9 GB = 0.120965/h.
        "rounding": {
            "requested": {"vcpu": 1, "memory_gib": 8},
            "needed_hourly_usd": 0.077151,
            "billed_hourly_usd": 0.120965,
            "waste_hourly_usd": 0.043814,
            "waste_monthly_usd": 31.98,  # 0.04381375 * 730
            "waste_share": 0.568,
            "same_price_requests": {"vcpu": 2, "memory_gib": 8.75},
            # 7.75 GiB + 256 MB = 8 GB: 1 vCPU / 8 GB at 0.07604/h, 0.044925/h less
            "fit": {
                "requested": {"vcpu": 1, "memory_gib": 7.75},
                "capacity_provisioned": "1vCPU 8GB",
                "billed_hourly_usd": 0.07604,
                "monthly_saving_usd": 32.8,
            },
        },
    }


EPHEMERAL_PODS = """apiVersion: v1
kind: Pod
metadata: {name: scratch}
spec:
  containers:
  - name: a
    image: x:1
    resources:
      requests: {cpu: 250m, memory: 256Mi, ephemeral-storage: 100Gi}
      limits: {cpu: 250m, memory: 256Mi, ephemeral-storage: 100Gi}
---
apiVersion: v1
kind: Pod
metadata: {name: too-big}
spec:
  containers:
  - {name: a, image: x:1, resources: {requests: {cpu: 250m, ephemeral-storage: 200Gi}}}
"""


def test_size_prices_and_limits_eks_ephemeral_storage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pods.yaml"
    path.write_text(EPHEMERAL_PODS)
    code, out, _ = run(capsys, "size", "--format", "json", str(path))
    scratch, too_big = json.loads(out)
    # 100 GiB asked: Fargate provisions 100 + 10% + 5 = 115 GiB, 95 above the free 20
    assert scratch["ephemeral_gib"] == 115
    assert scratch["hourly_usd"] == pytest.approx(0.0123425 + 95 * 0.000111)
    assert code == 1 and too_big["hourly_usd"] is None
    assert "200" in too_big["error"] and "175" in too_big["error"]
    code, out, _ = run(capsys, "size", str(path))
    assert code == 1 and "+95GB disk" in out and "cannot run" in out


@pytest.mark.parametrize(
    "file, capacity, replicas, hourly, monthly",
    [
        (MANIFESTS / "nginx-deployment.yaml", "0.25vCPU 0.5GB", 3, 0.0123425, 27.03),
        (MANIFESTS / "web-with-init.yaml", "2vCPU 4GB", 2, 0.09874, 144.16),
        (MANIFESTS / "limits-only-pod.yaml", "0.5vCPU 2GB", 1, 0.02913, 21.26),
        (MANIFESTS / "nightly-cronjob.yaml", "0.25vCPU 1GB", 1, 0.0145650, None),
        (MANIFESTS / "replicaset-list.yaml", "1vCPU 3GB", 4, 0.053815, 157.14),
        (TASKDEFS / "fargate-webserver.json", "0.25vCPU 0.5GB", 1, 0.0123425, 9.01),
        (TASKDEFS / "describe-api.json", "2vCPU 4GB", 1, 0.08233, 60.10),  # ARM, +30 GB
        (TASKDEFS / "windows-iis.yaml", "1vCPU 2GB", 1, 0.15758, 115.03),
    ],
)
def test_size_json_values(
    capsys: pytest.CaptureFixture[str],
    file: Path,
    capacity: str,
    replicas: int,
    hourly: float,
    monthly: float | None,
) -> None:
    code, out, _ = run(capsys, "size", "--format", "json", str(file))
    [row] = json.loads(out)
    assert code == 0
    assert (row["capacity_provisioned"], row["replicas"]) == (capacity, replicas)
    assert row["hourly_usd"] == pytest.approx(hourly, abs=1e-9)
    assert row["monthly_usd"] == monthly


@pytest.mark.parametrize(
    "file, name, message, rules",
    [
        (
            MANIFESTS / "too-big-pod.yaml",
            "analytics",
            "largest Fargate pod is 16vCPU 120GB",
            ["fargate-pod-size"],
        ),
        (
            MANIFESTS / "node-exporter-daemonset.yaml",
            "node-exporter",
            "DaemonSets cannot run",
            ["fargate-no-daemonset", "fargate-no-host-network"],
        ),
        (
            TASKDEFS / "ec2-style-no-task-size.json",
            "legacy-worker",
            "no task-level cpu and memory: Fargate requires both (the containers fit 0.5 vCPU / 1 GB)",
            ["fargate-task-size", "fargate-network-mode"],
        ),
    ],
)
def test_size_exit_1_when_it_cannot_run(
    capsys: pytest.CaptureFixture[str], file: Path, name: str, message: str, rules: list[str]
) -> None:
    code, out, err = run(capsys, "size", "--format", "json", str(file))
    assert (code, err) == (1, "")
    [row] = json.loads(out)
    assert set(row) == SIZE_KEYS | {"error", "rules"}
    assert row["name"] == name and message in row["error"]
    assert sorted(row["rules"]) == sorted(rules)  # what check reports on the same file
    assert row["vcpu"] is None and row["memory_gb"] is None and row["hourly_usd"] is None


def test_size_mixed_files_keep_going_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "size",
        "--format",
        "json",
        str(TASKDEFS / "several.json"),
        str(MANIFESTS / "app-bundle.yaml"),
    )
    rows = json.loads(out)
    assert code == 1
    assert [(r["name"], "error" in r) for r in rows] == [
        ("batch-small", False),
        ("batch-wrong-size", True),
        ("ledger", False),
        ("ledger-backfill", False),
    ]
    assert "4 GB is not valid with 0.25 vCPU" in rows[1]["error"]


def test_size_text_table_has_a_total(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "size",
        str(MANIFESTS / "nginx-deployment.yaml"),
        str(TASKDEFS / "fargate-webserver.json"),
    )
    assert (code, err) == (0, "")
    assert "nginx-deployment" in out and "0.25vCPU 0.5GB" in out
    assert "Total" in out and "36.04" in out  # 27.03 + 9.01


def test_size_with_a_price_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(
        json.dumps(
            {"eu-central-1": {"linux/x86_64": {"vcpu_hour": "0.04656", "gb_hour": "0.00511"}}}
        )
    )
    code, out, _ = run(
        capsys,
        "size",
        "--format",
        "json",
        "--region",
        "eu-central-1",
        "--prices",
        str(prices),
        str(MANIFESTS / "aws-documented-pod.yaml"),
    )
    assert code == 0
    assert json.loads(out)[0]["hourly_usd"] == pytest.approx(2 * 0.04656 + 9 * 0.00511)


BAD = [
    ("missing", None, "no such file"),
    ("empty.yaml", "", "empty.yaml:1:1: file is empty"),
    ("notyaml.yaml", "a: [\n", "notyaml.yaml:2:1: invalid YAML"),
    ("service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", None),
    ("config.yaml", "name: x\n", "config.yaml:1:1: no Kubernetes object"),
    (
        "types.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: {}\n",
        "types.yaml:5:15: spec.containers: must be a list",
    ),
    (
        "quantity.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - name: a\n    resources: {requests: {memory: 2 gigs}}\n",
        "quantity.yaml:7:36: spec.containers[0].resources.requests.memory: '2 gigs' is not",
    ),
]


@pytest.mark.parametrize("name, text, expected", BAD, ids=[b[0] for b in BAD])
def test_size_bad_input_exit_2_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str | None,
    expected: str | None,
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    code, out, err = run(capsys, "size", str(path))
    if expected is None:  # objects without pods: nothing to size, not an error
        assert code == 0 and "Total" in out
        return
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(str(path)) and expected in err


def test_unpriced_region_is_priced_the_same_way_by_size_cost_and_preview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One behaviour (fargate.prices.prices_for): us-east-1 prices and a note naming the region."""
    pod = str(MANIFESTS / "nginx-deployment.yaml")
    code, out, err = run(capsys, "size", "--region", "ap-south-2", pod)
    assert code == 0 and "no built-in Fargate prices for ap-south-2" in out and err == ""
    code, out, err = run(capsys, "size", "--format", "json", "--region", "ap-south-2", pod)
    assert code == 0 and json.loads(out)[0]["hourly_usd"] == 0.0123425
    assert "no built-in Fargate prices for ap-south-2" in err  # JSON stays a list of rows
    spec = tmp_path / "Pulumi.south.yaml"
    spec.write_text(
        (ROOT / "stacks" / "Pulumi.dev.yaml")
        .read_text()
        .replace("aws:region: us-east-1", "aws:region: ap-south-2")
    )
    code, out, _ = run(capsys, "cost", "--format", "json", str(spec))
    report = json.loads(out)
    assert code == 0 and report["region"] == "ap-south-2"
    assert report["prices"]["region"] == "us-east-1"
    assert sum("no built-in Fargate prices for ap-south-2" in n for n in report["notes"]) == 1
    from fargate_stacks.engine.capacity import cost_from_graph
    from fargate_stacks.engine.graph import ResourceGraph

    graph_notes = cost_from_graph(ResourceGraph(), "ap-south-2").notes
    assert sum("no built-in Fargate prices for ap-south-2" in n for n in graph_notes) == 1


def test_size_bad_format_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "size", "--format", "xml", str(MANIFESTS / "nginx-deployment.yaml")
    )
    assert (code, out) == (2, "") and len(err.splitlines()) == 1


def test_cost_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "cost", "--format", "json", str(ROOT / "stacks" / "Pulumi.dev.yaml")
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [line["name"] for line in data["lines"]] == [
        "api",
        "worker",
        "web",
        "coredns",  # the system pods the EKS cluster runs on Fargate
        "lb-controller",
    ]
    api = data["lines"][0]
    assert api["count"] == {"min": 2, "desired": 2, "max": 10}
    assert api["spot_tasks_desired"] == 1
    assert api["monthly_expected_usd"] == pytest.approx(
        730 * (0.024685 + 0.024685 * 0.35), abs=0.005
    )
    assert data["fixed"][0]["monthly_usd"] == 73.0
    assert data["totals"]["monthly_expected_usd"] > data["totals"]["monthly_min_usd"] - 0.01


def test_cost_text_has_totals_and_notes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "cost", str(ROOT / "stacks" / "Pulumi.prod.yaml"))
    assert (code, err) == (0, "")
    assert "Total" in out and "storefront" in out and "EKS control plane" in out
    assert "billed per run" in out and "65% off" in out


def test_cost_price_file_relative_to_the_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "prices.yaml").write_text(
        'us-east-1:\n  linux/x86_64: {vcpu_hour: "1", gb_hour: "0"}\n'
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "cost: {priceFile: prices.yaml}\necs:\n  clusters:\n  - name: c\n"
        "    services:\n    - {name: s, image: nginx, cpu: 1 vCPU, memory: 2 GB}\n"
    )
    code, out, _ = run(capsys, "cost", "--format", "json", str(spec))
    assert code == 0
    assert json.loads(out)["lines"][0]["monthly_expected_usd"] == 730.0
    code, out, _ = run(capsys, "preview", "--format", "json", str(spec))  # the same prices
    assert code == 0
    assert json.loads(out)["cost"]["lines"][0]["monthly_expected_usd"] == 730.0


def test_cost_bad_spec_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "ecs:\n  clusters:\n  - name: c\n    services:\n"
        "    - {name: s, image: nginx, cpu: 1 vCPU, memory: 9 GB}\n"
    )
    code, out, err = run(capsys, "cost", str(spec))
    assert (code, out) == (2, "")
    assert err.startswith(f"{spec}:5:") and "9 GB is not valid with 1 vCPU" in err
    code, out, err = run(capsys, "cost", str(tmp_path / "nope.yaml"))
    assert (code, out) == (2, "") and "no such file" in err


def test_console_script_exit_codes() -> None:
    script = Path(sys.executable).parent / "fargate-stacks"
    ok = subprocess.run(
        [script, "size", str(MANIFESTS / "nginx-deployment.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    bad = subprocess.run(
        [script, "size", str(MANIFESTS / "too-big-pod.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    broken = subprocess.run(
        [script, "size", str(ROOT / "Makefile")], capture_output=True, text=True, timeout=60
    )
    assert (ok.returncode, bad.returncode, broken.returncode) == (0, 1, 2)
    assert broken.stdout == "" and "Traceback" not in broken.stderr
    assert len(broken.stderr.splitlines()) == 1


def test_size_rows_follow_the_files_in_the_order_given(capsys: pytest.CaptureFixture[str]) -> None:
    files = [
        MANIFESTS / "aws-documented-pod.yaml",
        TASKDEFS / "fargate-webserver.json",
        MANIFESTS / "nginx-deployment.yaml",
    ]
    code, out, _ = run(capsys, "size", "--format", "json", *map(str, files))
    assert code == 0
    assert [Path(row["file"]).name for row in json.loads(out)] == [f.name for f in files]


def test_size_reports_every_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "size", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{tmp_path / 'a.yaml'}: no such file",
        f"{tmp_path / 'b.yaml'}: no such file",
    ]


@pytest.mark.parametrize(
    ("platform", "missing"),
    [("architecture: arm64", "linux/arm64"), ("os: windows", "windows/x86_64")],
)
def test_a_platform_the_region_has_no_price_for_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], platform: str, missing: str
) -> None:
    """eu-west-1 has Linux x86 prices only (fargate/prices.py BUILT_IN): an arm64 or Windows
    service there is bad input for ``cost`` and ``preview``, one line at the service, exit 2."""
    spec = tmp_path / "Pulumi.eu.yaml"
    spec.write_text(
        "config:\n  aws:region: eu-west-1\n  fargate-stacks:spec:\n    ecs:\n      clusters:\n"
        "        - name: c\n          services:\n            - name: s\n"
        f"              image: nginx\n              cpu: 1 vCPU\n              memory: 2 GB\n"
        f"              {platform}\n"
    )
    for command in ("cost", "preview"):
        code, out, err = run(capsys, command, str(spec))
        assert (code, out) == (2, ""), command
        [line] = err.splitlines()
        assert line.startswith(f"{spec}:8:15: "), line
        assert f"c/s: no Fargate price for {missing} in eu-west-1" in line
