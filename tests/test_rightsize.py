"""``fargate-stacks rightsize``: Container Insights in moto, Compute Optimizer through botocore's
Stubber (moto has no Compute Optimizer), the recommendation rule, the write-back.

Expected sizes come from the Fargate size table as AWS documents it, and savings from AWS's
us-east-1 prices ($0.04048 per vCPU-hour, $0.004445 per GB-hour, 730 hours a month),
worked out by hand in the comments.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws

from fargate_stacks.cli.app import main
from fargate_stacks.fargate import recommend as rec
from fargate_stacks.fargate import sizes
from fargate_stacks.fargate import usage_metrics as um
from fargate_stacks.fargate.prices import prices_for
from fargate_stacks.metrics import access, cloudwatch, compute_optimizer

FIXTURE = Path(__file__).parent / "fixtures" / "specs" / "Pulumi.rs.yaml"
ECS_CLUSTER = "web-a1b2c3d"  # what Pulumi's auto-naming made of "web"
EKS_CLUSTER = "apps-9z8y7x6"
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
# the eight days seeded, at 60-second periods (moto's GetMetricData scans every point per period)
WINDOW = (NOW - timedelta(hours=192), NOW + timedelta(minutes=1))


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def hours(days: int) -> list[datetime]:
    return [NOW - timedelta(hours=h) for h in range(days * 24)]


def put(cw: Any, namespace: str, data: list[dict[str, Any]]) -> None:
    for i in range(0, len(data), 500):  # PutMetricData takes 1,000 values at most
        cw.put_metric_data(Namespace=namespace, MetricData=data[i : i + 500])


def ecs_points(
    service: str, stamps: list[datetime], tasks: int, size: tuple[int, int], cpu: Any, memory: Any
) -> list[dict[str, Any]]:
    """Service totals, as Container Insights reports them: per-task use times the tasks."""
    dims = [
        {"Name": "ClusterName", "Value": ECS_CLUSTER},
        {"Name": "ServiceName", "Value": service},
    ]
    out = []
    for i, ts in enumerate(stamps):
        for name, value, unit in (
            ("CpuUtilized", cpu(i) * tasks, "None"),
            ("CpuReserved", size[0] * tasks, "None"),
            ("MemoryUtilized", memory(i) * tasks, "Megabytes"),
            ("MemoryReserved", size[1] * tasks, "Megabytes"),
            ("RunningTaskCount", tasks, "Count"),
        ):
            out.append(
                {
                    "MetricName": name,
                    "Dimensions": dims,
                    "Timestamp": ts,
                    "Value": value,
                    "Unit": unit,
                }
            )
    return out


def pod_points(
    pod: str, stamps: list[datetime], millicores: float, mib: float
) -> list[dict[str, Any]]:
    dims = [
        {"Name": "ClusterName", "Value": EKS_CLUSTER},
        {"Name": "Namespace", "Value": "team-web"},
        {"Name": "PodName", "Value": pod},
        {"Name": "LaunchType", "Value": "fargate"},
    ]
    out = []
    for ts in stamps:
        out.append(
            {
                "MetricName": "pod_cpu_usage_total",
                "Dimensions": dims,
                "Timestamp": ts,
                "Value": millicores,
                "Unit": "Count",
            }
        )
        out.append(
            {
                "MetricName": "pod_memory_working_set",
                "Dimensions": dims,
                "Timestamp": ts,
                "Value": mib * 1024 * 1024,
                "Unit": "Bytes",
            }
        )
    return out


def seed(cw: Any, ecs: bool = True, eks: bool = True) -> None:
    """api: 1 vCPU / 8 GB, two tasks each using 200 CPU units with one spike to 1,000 in the
    192 hours (above the 99th percentile), peak 1,500 MiB. worker: peak 600 MiB. batch: three
    days only. EKS web: two pods at 300m, peak 1.5 GiB; web-admin: 200m, 300 MiB."""
    stamps = hours(8)
    if ecs:
        seed_ecs(cw, stamps)
    if eks:
        pods = pod_points("web-5d8f7c9b4-x2x7q", stamps, 300, 1536)
        pods += pod_points("web-5d8f7c9b4-bq4lz", stamps, 250, 1200)
        pods += pod_points("web-admin-6c9d8b7f5-q8w2e", stamps, 200, 300)
        put(cw, "ContainerInsights", pods)


def seed_ecs(cw: Any, stamps: list[datetime]) -> None:
    data = ecs_points(
        "api",
        stamps,
        2,
        (1024, 8192),
        lambda i: 1000 if i == 5 else 200,
        lambda i: 1500 if i == 7 else 900,
    )
    data += ecs_points("worker", stamps, 2, (512, 4096), lambda i: 400, lambda i: 600)
    data += ecs_points("batch", hours(3), 1, (256, 2048), lambda i: 100, lambda i: 300)
    put(cw, "ECS/ContainerInsights", data)


def co_response(cluster: str, service: str, cpu: int, memory: int) -> dict[str, Any]:
    """The GetECSServiceRecommendations output shape (botocore's model)."""
    return {
        "ecsServiceRecommendations": [
            {
                "serviceArn": f"arn:aws:ecs:us-east-1:123456789012:service/{cluster}/{service}",
                "accountId": "123456789012",
                "currentServiceConfiguration": {
                    "memory": 2048,
                    "cpu": 256,
                    "containerConfigurations": [],
                    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/x:1",
                },
                "lookbackPeriodInDays": 14.0,
                "launchType": "Fargate",
                "finding": "Overprovisioned",
                "findingReasonCodes": ["MemoryOverprovisioned"],
                "serviceRecommendationOptions": [
                    {
                        "memory": memory,
                        "cpu": cpu,
                        "savingsOpportunity": {
                            "savingsOpportunityPercentage": 35.0,
                            "estimatedMonthlySavings": {"currency": "USD", "value": 4.9},
                        },
                    }
                ],
                "currentPerformanceRisk": "VeryLow",
            }
        ]
    }


@pytest.fixture
def stubbed_co(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    """Compute Optimizer answered by botocore's Stubber, CloudWatch by moto.

    At hourly periods: moto's GetMetricData scans every stored point for every period, so a
    14-day look-back at 60-second periods costs it half a minute a run. The data is hourly,
    so hourly periods give the same answer; the 60-second path is the two moto tests'."""
    monkeypatch.setattr(um, "period_for", lambda days: 3600)
    co = boto3.client("compute-optimizer", region_name="us-east-1")
    stub = Stubber(co)
    real = access.client

    def client(session: Any, service: str) -> Any:
        return co if service == "compute-optimizer" else real(session, service)

    monkeypatch.setattr(access, "client", client)
    with stub:
        yield stub


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- the rule, pure


def usage(cpu: str, memory: str, days: str = "14") -> rec.Usage:
    return rec.Usage(Decimal(cpu), Decimal(memory), Decimal(days), 1000, "test")


def test_percentile_is_nearest_rank() -> None:
    values = [Decimal(v) for v in range(1, 101)]
    assert rec.percentile(values) == 99
    assert rec.percentile([Decimal(200)] * 191 + [Decimal(1000)]) == 200


def test_ecs_size_holds_p99_and_peak_plus_headroom() -> None:
    # 300 units x 1.2 = 360 -> the 0.5 vCPU row; 1,500 MiB x 1.2 = 1,800 -> 2 GB in it
    size, notes = rec.recommend_size((1024, 8192), usage("300", "1500"))
    assert (size, notes) == ((512, 2048), [])


def test_eks_adds_the_256_mb_overhead_and_rounds_as_eks_does() -> None:
    # EKS-UG: a pod asking 1 vCPU / 8 GiB gets 2 vCPU / 9 GB, the overhead tipping it over.
    # Use 800 units / 6,700 MiB: x1.2 = 960 units, 8,040 MiB + 256 = 8,296 > 8 GB
    assert rec.recommend_size((1024, 8192), usage("800", "6700"), eks=True)[0] == (2048, 9216)
    # 6,600 MiB: 7,920 + 256 = 8,176 fits 1 vCPU / 8 GB; without the overhead too
    assert rec.recommend_size((1024, 8192), usage("800", "6600"), eks=True)[0] == (1024, 8192)


def test_cpu_is_kept_while_target_tracking_owns_it() -> None:
    size, notes = rec.recommend_size((1024, 8192), usage("100", "600"), cpu_scaling=True)
    assert size == (1024, 2048)  # smallest memory of the 1 vCPU row
    assert notes == ["CPU kept: target tracking on CPU owns the scaling"]


def test_too_few_days_is_refused_naming_the_service() -> None:
    why = rec.refused("web", "batch", usage("1", "1", "3.0"), 7)
    assert why == "only 3 days of metrics for web/batch (--min-days 7): too little to size it by"
    assert rec.refused("web", "api", None, 7) is not None
    assert rec.refused("web", "api", usage("1", "1", "7"), 7) is None


# ---------------------------------------------------------------- AWS reads, moto and Stubber


@mock_aws
def test_ecs_usage_from_container_insights() -> None:
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    spike = ecs_points(
        "api",
        hours(8),
        2,
        (1024, 8192),
        lambda i: 1000 if i == 5 else 200,
        lambda i: 1500 if i == 7 else 900,
    )
    put(cw, "ECS/ContainerInsights", spike)
    assert cloudwatch.ecs_clusters(cw, "web", "api") == [ECS_CLUSTER]
    assert cloudwatch.ecs_clusters(cw, "we", "api") == []
    got = cloudwatch.ecs_usage(cw, ECS_CLUSTER, "api", (1024, 8192), *WINDOW)
    assert got.cpu_units == 200  # the one spike is above the 99th percentile
    assert got.memory_mib == 1500
    assert got.samples == 192
    assert got.days == Decimal(191 * 3600 + 60) / 86400
    assert got.notes == ()
    # the stack says 0.5 vCPU / 4 GB, the tasks that ran had 1 vCPU / 8 GB: measured, and said
    changed = cloudwatch.ecs_usage(cw, ECS_CLUSTER, "api", (512, 4096), *WINDOW)
    assert (changed.cpu_units, changed.memory_mib) == (200, 1500)
    assert changed.notes == (
        "the tasks that ran had 1 vCPU and 8 GB, not the stack's: it changed since its deploy",
    )


@mock_aws
def test_eks_usage_per_pod_of_the_workload() -> None:
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    seed(cw, ecs=False)
    pods = cloudwatch.eks_pods(cw, "team-web")
    assert set(pods) == {EKS_CLUSTER}
    workloads = [("web", "Deployment"), ("web-admin", "Deployment")]
    mine = [p for p in pods[EKS_CLUSTER] if cloudwatch.pod_owner(p, workloads) == "web"]
    assert sorted(mine) == ["web-5d8f7c9b4-bq4lz", "web-5d8f7c9b4-x2x7q"]
    got = cloudwatch.eks_usage(cw, EKS_CLUSTER, "team-web", mine, *WINDOW)
    assert got.cpu_units == Decimal(300) * 1024 / 1000
    assert got.memory_mib == 1536
    assert got.samples == 2 * 192


def test_pod_names_kubernetes_gives() -> None:
    assert cloudwatch.pod_owner("web-admin-6c9d8b7f5-q8w2e", [("web", "Deployment")]) is None
    assert cloudwatch.pod_owner("nightly-29001440-x7k2p", [("nightly", "CronJob")]) == "nightly"
    assert cloudwatch.pod_owner("migrate-x7k2p", [("migrate", "Job")]) == "migrate"


def test_compute_optimizer_advice_from_the_real_api_shape() -> None:
    co = boto3.client("compute-optimizer", region_name="us-east-1")
    with Stubber(co) as stub:
        page = co_response(ECS_CLUSTER, "batch", 256, 1024)
        page["nextToken"] = "page-2"
        stub.add_response("get_ecs_service_recommendations", page, {})
        stub.add_response(
            "get_ecs_service_recommendations",
            co_response(ECS_CLUSTER, "api", 512, 2048),
            {"nextToken": "page-2"},
        )
        advice, notes = compute_optimizer.ecs_advice(co)
        stub.assert_no_pending_responses()
    assert notes == []
    assert advice[(ECS_CLUSTER, "batch")] == rec.Advice(256, 1024, "Overprovisioned", Decimal(14))
    assert set(advice) == {(ECS_CLUSTER, "batch"), (ECS_CLUSTER, "api")}


def test_compute_optimizer_not_opted_in_is_no_advice() -> None:
    co = boto3.client("compute-optimizer", region_name="us-east-1")
    with Stubber(co) as stub:
        stub.add_client_error(
            "get_ecs_service_recommendations", "OptInRequiredException", "not opted in", 400
        )
        assert compute_optimizer.ecs_advice(co) == (
            {},
            ["AWS Compute Optimizer: this account has not opted in"],
        )


def test_endpoint_override_is_honoured_by_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
    cw = access.client(access.session(None, "eu-west-1"), "cloudwatch")
    assert cw.meta.endpoint_url == "http://localhost:4566"
    assert cw.meta.region_name == "eu-west-1"


def test_period_follows_cloudwatch_retention() -> None:
    assert [um.period_for(d) for d in (14, 15, 16, 63, 64, 455)] == [60, 60, 300, 300, 3600, 3600]


# ---------------------------------------------------------------- the command


@pytest.fixture
def stack(tmp_path: Path) -> Path:
    path = tmp_path / "Pulumi.rs.yaml"
    shutil.copy(FIXTURE, path)
    return path


@mock_aws
def test_json_rows_sizes_and_savings(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(boto3.client("cloudwatch", region_name="us-east-1"))
    stubbed_co.add_response(
        "get_ecs_service_recommendations", co_response(ECS_CLUSTER, "batch", 256, 1024), {}
    )
    code, out, err = run(capsys, "rightsize", str(stack), "--format", "json")
    assert code == 0, err
    rows = {(r["cluster"], r["name"]): r for r in json.loads(out)}
    assert set(next(iter(rows.values()))) == {
        "cluster",
        "name",
        "kind",
        "current",
        "recommended",
        "monthly_saving_usd",
        "basis",
        "notes",
    }
    api = rows[("web", "api")]
    assert api["current"] == {"cpu": "1 vCPU", "memory": "8 GB"}
    # 200 units x1.2 = 240 -> 0.25 vCPU; 1,500 MiB x1.2 = 1,800 -> 2 GB. Two tasks:
    # (1x0.04048 + 8x0.004445 - 0.25x0.04048 - 2x0.004445) x 2 x 730 = 0.05703 x 1460 = 83.26
    assert api["recommended"] == {"cpu": "0.25 vCPU", "memory": "2 GB"}
    assert api["monthly_saving_usd"] == 83.26
    worker = rows[("web", "worker")]
    # cpuTarget: CPU stays 0.5 vCPU; 600 MiB x1.2 = 720 -> 1 GB.
    # (4 - 1) GB x 0.004445 x 2 x 730 = 19.47
    assert worker["recommended"] == {"cpu": "0.5 vCPU", "memory": "1 GB"}
    assert worker["monthly_saving_usd"] == 19.47
    batch = rows[("web", "batch")]
    # three days of metrics: Compute Optimizer's 0.25 vCPU / 1 GB is the basis.
    # (2 - 1) GB x 0.004445 x 730 = 3.24
    assert batch["recommended"] == {"cpu": "0.25 vCPU", "memory": "1 GB"}
    assert batch["basis"].startswith("AWS Compute Optimizer (Overprovisioned, 14 days look-back)")
    assert batch["notes"][0].startswith("only 3 days of metrics for web/batch")
    assert batch["monthly_saving_usd"] == 3.24
    web = rows[("apps", "web")]
    # 300m = 307.2 units x1.2 = 368.6 -> 0.5 vCPU; 1,536 MiB x1.2 + 256 = 2,099.2 -> 3 GB.
    # (0.07604 - 0.5x0.04048 - 3x0.004445) x 2 x 730 = 0.042465 x 1460 = 62.00
    assert web["recommended"] == {"cpu": "0.5 vCPU", "memory": "3 GB"}
    assert web["monthly_saving_usd"] == 62.0
    admin = rows[("apps", "web-admin")]
    # 300 MiB x1.2 + 256 = 616 > 0.5 GB: one size up, a negative saving of 0.5 x 0.004445 x 730
    assert admin["recommended"] == {"cpu": "0.25 vCPU", "memory": "1 GB"}
    assert admin["monthly_saving_usd"] == -1.62
    assert "--- a/" in err  # the diff goes to stderr with --format json


@mock_aws
def test_too_few_days_without_advice_recommends_nothing(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(boto3.client("cloudwatch", region_name="us-east-1"))
    stubbed_co.add_response(
        "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
    )
    code, out, _ = run(capsys, "rightsize", str(stack), "--format", "json", "--min-days", "9")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["api"]["recommended"] is None
    assert rows["api"]["basis"].startswith("only 8 days of metrics for web/api (--min-days 9)")
    assert rows["batch"]["basis"] == (
        "only 3 days of metrics for web/batch (--min-days 9): too little to size it by"
    )


@mock_aws
def test_diff_then_write_changes_only_the_sizes(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(boto3.client("cloudwatch", region_name="us-east-1"))
    for _ in range(2):
        stubbed_co.add_response(
            "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
        )
    before = stack.read_bytes()
    code, out, _ = run(capsys, "rightsize", str(stack))
    assert code == 0
    assert stack.read_bytes() == before  # no --write: a diff only
    assert '-              memory: "8 GB"   # quoted on purpose' in out
    assert '+              memory: "2 GB"   # quoted on purpose' in out

    code, out, err = run(capsys, "rightsize", str(stack), "--write", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 5  # stdout is the JSON alone
    assert err == f"note: wrote 6 value(s) to {stack}\n"
    after = stack.read_bytes()
    old, new = before.decode().splitlines(True), after.decode().splitlines(True)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        (
            "              cpu: 1 vCPU      # one vCPU\n",
            "              cpu: 0.25 vCPU      # one vCPU\n",
        ),
        (
            '              memory: "8 GB"   # quoted on purpose\n',
            '              memory: "2 GB"   # quoted on purpose\n',
        ),
        ("              memory: 4 GB\n", "              memory: 1 GB\n"),
        ("              cpu: 1 vCPU\n", "              cpu: 0.5 vCPU\n"),
        ("              memory: 8 GB\n", "              memory: 3 GB\n"),
        ("              memory: 0.5 GB\n", "              memory: 1 GB\n"),
    ]
    code, _, err = run(capsys, "validate", str(stack))
    assert code == 0, err


@mock_aws
def test_spot_saving_uses_the_specs_spot_discount_as_cost_does(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cost.spotDiscount: 0.5`` and api all on Spot: the saving is half the on-demand one,
    and equals what ``cost`` says the change saves (one table, fargate.cost.table_for)."""
    text = stack.read_text()
    text = text.replace("    ecs:\n", "    cost: {spotDiscount: 0.5}\n    ecs:\n", 1)
    text = text.replace(
        "              desiredCount: 2\n\n",
        "              desiredCount: 2\n              capacity: {spotPercent: 100}\n\n",
        1,
    )
    stack.write_text(text)
    seed(boto3.client("cloudwatch", region_name="us-east-1"), eks=False)
    for _ in range(2):
        stubbed_co.add_response(
            "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
        )

    def api_monthly() -> float:
        code, out, err = run(capsys, "cost", "--format", "json", str(stack))
        assert code == 0, err
        [line] = [x for x in json.loads(out)["lines"] if x["name"] == "api"]
        return float(line["monthly_expected_usd"])

    before = api_monthly()
    code, out, err = run(capsys, "rightsize", str(stack), "--format", "json")
    assert code == 0, err
    api = {r["name"]: r for r in json.loads(out)}["api"]
    # 1 vCPU / 8 GB -> 0.25 vCPU / 2 GB, two tasks on Spot at half price:
    # 0.05703 x 2 x 730 x 0.5 = 41.63 (at the default 65% off it would be 29.14)
    assert api["monthly_saving_usd"] == 41.63
    code, _, err = run(capsys, "rightsize", str(stack), "--write", "--format", "json")
    assert code == 0, err
    assert before - api_monthly() == pytest.approx(41.63, abs=0.01)


@mock_aws
def test_the_price_tables_notes_are_rightsizes_notes(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A region without built-in prices is priced with us-east-1's: rightsize says so, as cost
    does (fargate.prices.prices_for's note)."""
    stack.write_text(stack.read_text().replace("aws:region: us-east-1", "aws:region: ap-south-2"))
    stubbed_co.add_response(
        "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
    )
    code, out, err = run(capsys, "rightsize", str(stack))
    assert code == 0, err
    assert "note: no built-in Fargate prices for ap-south-2: priced with us-east-1" in out


@mock_aws
def test_write_keeps_crlf_line_endings_and_a_symlink(
    stubbed_co: Stubber, stack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stack file written on Windows (CRLF) and reached through a symlink: --write changes
    the sizes in the file the link points to, CRLF kept, the link still a link."""
    real = stack.parent / "real" / "Pulumi.rs.yaml"
    real.parent.mkdir()
    real.write_bytes(stack.read_bytes().replace(b"\n", b"\r\n"))
    real.chmod(0o640)
    stack.unlink()
    stack.symlink_to(real)
    seed(boto3.client("cloudwatch", region_name="us-east-1"))
    stubbed_co.add_response(
        "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
    )
    code, _, err = run(capsys, "rightsize", str(stack), "--write", "--format", "json")
    assert code == 0, err
    assert err == f"note: wrote 6 value(s) to {stack}\n"
    assert stack.is_symlink() and stack.resolve() == real.resolve()
    data = real.read_bytes()
    assert b'memory: "2 GB"   # quoted on purpose\r\n' in data
    assert data.count(b"\r\n") == data.count(b"\n")  # every line still ends in CRLF
    assert real.stat().st_mode & 0o777 == 0o640


def test_access_denied_is_one_line_naming_the_permission(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    co = boto3.client("compute-optimizer", region_name="us-east-1")
    monkeypatch.setattr(
        access, "client", lambda _s, service: co if service == "compute-optimizer" else cw
    )
    with Stubber(cw) as cw_stub, Stubber(co) as co_stub:
        co_stub.add_response(
            "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
        )
        cw_stub.add_client_error("list_metrics", "AccessDenied", "User: x is not authorized", 403)
        code, out, err = run(capsys, "rightsize", str(stack))
    assert (code, out) == (2, "")
    assert err == (
        "fargate-stacks: AWS refused ListMetrics (AccessDenied): grant cloudwatch:ListMetrics "
        "to the caller\n"
    )


def test_a_read_timeout_is_one_line(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A BotoCoreError that is neither a refusal nor a lost connection (here CloudWatch not
    answering in time, raised where botocore sends the request) is one line, exit 2."""
    from botocore.config import Config
    from botocore.exceptions import ReadTimeoutError

    cw = boto3.client(
        "cloudwatch", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    co = boto3.client("compute-optimizer", region_name="us-east-1")

    def timeout(**_: Any) -> None:
        raise ReadTimeoutError(endpoint_url="https://monitoring.us-east-1.amazonaws.com/")

    cw.meta.events.register("before-send.cloudwatch.ListMetrics", timeout)
    monkeypatch.setattr(
        access, "client", lambda _s, service: co if service == "compute-optimizer" else cw
    )
    with Stubber(co) as co_stub:
        co_stub.add_response(
            "get_ecs_service_recommendations", {"ecsServiceRecommendations": []}, {}
        )
        code, out, err = run(capsys, "rightsize", str(stack))
    assert (code, out) == (2, "")
    assert err == (
        "fargate-stacks: AWS ListMetrics failed: Read timeout on endpoint URL: "
        '"https://monitoring.us-east-1.amazonaws.com/"\n'
    )


def test_an_endpoint_override_that_is_no_url_is_one_line(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """boto3 refuses to make a client for ``AWS_ENDPOINT_URL=not a url``: one line, exit 2."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", "not a url")
    code, out, err = run(capsys, "rightsize", str(stack))
    assert (code, out) == (2, "")
    assert err == (
        "fargate-stacks: cannot make an AWS cloudwatch client: Invalid endpoint: not a url\n"
    )


def test_compute_optimizer_denied_names_its_permission(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    co = boto3.client("compute-optimizer", region_name="us-east-1")
    monkeypatch.setattr(access, "client", lambda _s, _service: co)
    with Stubber(co) as stub:
        stub.add_client_error(
            "get_ecs_service_recommendations", "AccessDeniedException", "denied", 400
        )
        code, _, err = run(capsys, "rightsize", str(stack))
    assert code == 2
    assert err.endswith("grant compute-optimizer:GetECSServiceRecommendations to the caller\n")
    assert err.count("\n") == 1


def test_missing_credentials_is_one_line(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_WEB_IDENTITY_TOKEN_FILE", raising=False)
    code, out, err = run(capsys, "rightsize", str(stack))
    assert (code, out) == (2, "")
    assert err == (
        "fargate-stacks: no AWS credentials found (profile, environment or role): rightsize "
        "needs credentials allowed cloudwatch:ListMetrics, cloudwatch:GetMetricData, "
        "compute-optimizer:GetECSServiceRecommendations\n"
    )


def test_unknown_profile_is_one_line(
    stack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    code, _, err = run(capsys, "rightsize", str(stack), "--profile", "nope")
    assert code == 2
    assert err == "fargate-stacks: --profile: no AWS profile 'nope' in the AWS config files\n"


def test_min_days_beyond_days_is_refused(stack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rightsize", str(stack), "--days", "5")
    assert code == 2
    assert err == "fargate-stacks: --min-days: --min-days 7 is more than --days 5\n"


@mock_aws
def test_readme_shows_rightsize_as_it_prints(
    stubbed_co: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(boto3.client("cloudwatch", region_name="us-east-1"))
    stubbed_co.add_response(
        "get_ecs_service_recommendations", co_response(ECS_CLUSTER, "batch", 256, 1024), {}
    )
    command = "rightsize tests/fixtures/specs/Pulumi.rs.yaml --format markdown"
    before = FIXTURE.read_bytes()
    code, out, _ = run(capsys, *command.split())
    assert code == 0 and FIXTURE.read_bytes() == before
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert f"````text\n$ fargate-stacks {command}\n{out}````\n" in readme


@mock_aws
def test_several_auto_named_clusters_ask_for_cluster_name() -> None:
    from fargate_stacks.cli.rightsize import _cluster_names, _physical

    cw = boto3.client("cloudwatch", region_name="us-east-1")
    for name in (ECS_CLUSTER, "web-z9y8x7w", "web-admin-k3j4h5g"):
        dims = [{"Name": "ClusterName", "Value": name}, {"Name": "ServiceName", "Value": "api"}]
        cw.put_metric_data(
            Namespace="ECS/ContainerInsights",
            MetricData=[{"MetricName": "CpuUtilized", "Dimensions": dims, "Value": 1.0}],
        )
    found = cloudwatch.ecs_clusters(cw, "web", "api")
    assert found == [ECS_CLUSTER, "web-z9y8x7w"]  # not web-admin's
    assert _physical("web", found, {}) == (
        None,
        "several deployed clusters match 'web' (web-a1b2c3d, web-z9y8x7w): pass "
        "--cluster-name web=NAME",
    )
    names = _cluster_names(["web=web-z9y8x7w"])
    assert _physical("web", found, names) == ("web-z9y8x7w", None)


@given(
    cpu=st.decimals(min_value=0, max_value=14000, places=1),
    memory=st.decimals(min_value=0, max_value=100000, places=0),
    eks=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_recommendation_is_the_cheapest_valid_size_that_holds_the_need(
    cpu: Decimal, memory: Decimal, eks: bool
) -> None:
    """Against AWS's price table: nothing valid that holds the need costs less."""
    table = prices_for("us-east-1")
    use = rec.Usage(cpu, memory, Decimal(14), 100, "test")
    size, _ = rec.recommend_size((1024, 2048), use, eks=eks)
    need_cpu, need_memory = rec.needed(use, rec.DEFAULT_HEADROOM, eks)
    holding = [(c, m) for c, m in sizes.all_pairs() if c >= need_cpu and m >= need_memory]
    if not holding:
        assert size is None
        return
    assert size is not None and sizes.size_problem(*size) is None
    assert size[0] >= need_cpu and size[1] >= need_memory
    assert table.hourly(*size) == min(table.hourly(c, m) for c, m in holding)
