"""The whole bill: the line items beyond Fargate, their rates per region, the usage file.

Expectations come from the pricing pages' rules and worked figures, not from the code's table:
a NAT gateway is $0.045 an hour and $0.045 a GB in us-east-1 (aws.amazon.com/vpc/pricing;
basavytix.com's worked month: one gateway, 500 GB, $32.85 + $22.50 = $55.35); an ALB is
$0.0225 an hour, "around $16.43 a month", plus $0.008 per LCU-hour, an LCU being 1 GB an hour
for IP targets (aws.amazon.com/elasticloadbalancing/pricing); a public IPv4 address is $0.005 an
hour, "$3.65/Month" (AWS, from 2024-02-01; doit.com); an interface endpoint is billed per hour
"in each Availability Zone" at $0.01 (aws.amazon.com/privatelink/pricing); CloudWatch Logs
ingestion is $0.50 a GB, "100 GB of logs per day pays $1,500/month just to ingest" (c3x.dev).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.errors import InputError
from fargate_stacks.fargate.bill import LineItem
from fargate_stacks.fargate.cost import CostReport, estimate
from fargate_stacks.fargate.prices import load_prices
from fargate_stacks.spec.loader import spec_from_data
from fargate_stacks.spec.usage import load_usage

ROOT = Path(__file__).parent.parent


def stack(network: dict[str, Any] | None = None, **service: Any) -> dict[str, Any]:
    svc = {"name": "api", "image": "nginx", "cpu": "0.25 vCPU", "memory": "0.5 GB", **service}
    return {
        "network": network or {"nat": "none"},
        "ecs": {"clusters": [{"name": "web", "services": [svc]}]},
    }


def items(report: CostReport, category: str) -> list[LineItem]:
    return [i for i in report.items if i.category == category]


def monthly(found: list[LineItem]) -> Decimal:
    return sum((i.monthly or Decimal(0) for i in found), Decimal(0)).quantize(Decimal("0.01"))


def usage_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    return path


def test_one_nat_gateway_and_500_gb_is_the_worked_month(tmp_path: Path) -> None:
    usage = load_usage(usage_file(tmp_path, "nat:\n  gbPerMonth: 500\n"))
    report = estimate(spec_from_data(stack({"nat": "single"})), "us-east-1", usage=usage)
    assert monthly(items(report, "NAT gateway")) == Decimal("55.35")
    [eip] = items(report, "Public IPv4")
    assert eip.monthly == Decimal("3.65")
    assert any("500 GB per NAT gateway" in a for a in items(report, "NAT gateway")[1].assumptions)


def test_per_az_nat_is_one_gateway_and_address_per_zone() -> None:
    report = estimate(spec_from_data(stack({"nat": "per-az", "azCount": 3})), "us-east-1")
    [hours, data] = items(report, "NAT gateway")
    assert hours.monthly == 3 * Decimal("32.85")
    assert data.quantity == 3 * 100  # the stated default, per gateway
    assert monthly(items(report, "Public IPv4")) == 3 * Decimal("3.65")


def test_a_public_alb_is_hours_lcus_and_an_address_per_zone(tmp_path: Path) -> None:
    # 30 GB an hour through the ALB is 30 LCUs (1 GB an hour per LCU for IP targets)
    usage = load_usage(usage_file(tmp_path, "loadBalancers:\n  lcuPerHour: 30\n"))
    spec = spec_from_data(
        stack({"nat": "none", "azCount": 3}, port=80, loadBalancer={"scheme": "public"})
    )
    report = estimate(spec, "us-east-1", usage=usage)
    hours, lcus = items(report, "Load balancer")
    assert prices_usd(hours.monthly) == 16.43
    assert lcus.monthly == 30 * Decimal("0.008") * 730  # $175.20
    [nodes] = items(report, "Public IPv4")
    assert nodes.monthly == 3 * Decimal("3.65")
    internal = estimate(
        spec_from_data(stack(port=80, loadBalancer={"scheme": "internal"})), "us-east-1"
    )
    assert len(items(internal, "Load balancer")) == 2 and not items(internal, "Public IPv4")


def prices_usd(value: Decimal | None) -> float | None:
    from fargate_stacks.fargate.prices import monthly_usd

    return monthly_usd(value)


def test_an_ingress_is_an_alb_of_the_eks_workload() -> None:
    report = estimate(
        spec_from_data(
            {
                "network": {"nat": "none", "azCount": 2},
                "eks": {
                    "clusters": [
                        {
                            "name": "apps",
                            "version": "1.35",
                            "fargateProfiles": [{"name": "all", "selectors": [{"namespace": "*"}]}],
                            "workloads": [
                                {
                                    "name": "web",
                                    "namespace": "team",
                                    "image": "nginx",
                                    "port": 80,
                                    "ingress": "internal",
                                }
                            ],
                        }
                    ]
                },
            }
        ),
        "us-east-1",
    )
    assert [i.resource for i in items(report, "Load balancer")] == [
        "apps/web ALB (internal)",
        "apps/web ALB capacity units",
    ]
    logs = {i.resource: i for i in items(report, "CloudWatch Logs")}
    assert logs["apps control plane logs ingestion"].quantity == 3  # api, audit, authenticator


def test_interface_endpoints_are_billed_per_zone_and_gateway_ones_not() -> None:
    # ssm opens three interface endpoints; three zones: 9 endpoint-AZs at $0.01 an hour
    spec = spec_from_data(stack({"nat": "none", "azCount": 3, "endpoints": ["ssm", "s3"]}))
    found = items(estimate(spec, "us-east-1"), "VPC endpoint")
    hours = [i for i in found if i.unit == "endpoint-AZ-hour"]
    assert [i.resource for i in hours] == ["ssm (3 AZ)", "ssmmessages (3 AZ)", "ec2messages (3 AZ)"]
    assert monthly(hours) == 9 * Decimal("7.30")
    assert not any("s3" in i.resource for i in found)


def test_public_task_addresses_one_per_task() -> None:
    spec = spec_from_data(stack(desiredCount=4, assignPublicIp=True))
    [addresses] = items(estimate(spec, "us-east-1"), "Public IPv4")
    assert addresses.monthly == 4 * Decimal("3.65")


def test_logs_ingestion_and_retained_storage(tmp_path: Path) -> None:
    # 100 GB a day for 30 days is 3,000 GB: $1,500 to ingest
    usage = load_usage(
        usage_file(tmp_path, "logs:\n  gbPerTaskMonth: 3000\n  compressionRatio: 0.1\n")
    )
    spec = spec_from_data(stack(logging={"retentionDays": 7}))
    ingest, storage = items(estimate(spec, "us-east-1", usage=usage), "CloudWatch Logs")
    assert ingest.monthly == Decimal(1500)
    # kept 7 days: a week of gzipped logs is stored at any time, at $0.03 per GB-month
    week = Decimal(3000) * Decimal("0.1") * 7 / (Decimal(365) / 12)
    assert storage.quantity == week.quantize(Decimal("0.001"))
    assert any("7 days kept" in a for a in storage.assumptions)


def test_an_adopted_vpc_brings_no_nat_or_endpoints_and_says_its_zones() -> None:
    network = {
        "vpcId": "vpc-0123456789abcdef0",
        "privateSubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        "publicSubnetIds": [
            "subnet-0123456789abcdef2",
            "subnet-0123456789abcdef3",
            "subnet-0123456789abcdef4",
        ],
    }
    spec = spec_from_data(stack(network, port=80, loadBalancer="public"))
    report = estimate(spec, "us-east-1")
    assert not items(report, "NAT gateway") and not items(report, "VPC endpoint")
    [nodes] = items(report, "Public IPv4")
    assert nodes.quantity == 3 * 730
    assert any("adopted VPC" in a for a in nodes.assumptions)


def test_a_region_without_a_figure_refuses_that_item_and_names_the_key() -> None:
    spec = spec_from_data(stack({"nat": "single"}, port=80, loadBalancer="public"))
    report = estimate(spec, "eu-west-1")
    [hours, data] = items(report, "NAT gateway")
    assert hours.unit_price is None and hours.monthly is None and data.monthly is None
    assert any("no nat_hour price for eu-west-1" in n for n in report.notes)
    alb = items(report, "Load balancer")[0]
    assert alb.unit_price == Decimal("0.0252")  # Ireland's ALB-hour
    unpriced = [row for row in report.to_dict()["line_items"] if row["monthly_usd"] is None]
    assert {row["resource"] for row in unpriced} == {
        "network (single)",
        "network data processed",
        "web/api logs ingestion",  # nor is CloudWatch Logs' Irish rate
        "web/api logs storage",
    }
    assert report.to_dict()["totals"]["unpriced_line_items"] == 4


def test_a_price_file_prices_what_a_region_lacks(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(
        "eu-west-1:\n"
        '  linux/x86_64: {vcpu_hour: "0.04048", gb_hour: "0.004445"}\n'
        '  aws: {nat_hour: "0.1", nat_gb: 0.2}\n'
    )
    table = load_prices("eu-west-1", path)
    report = estimate(spec_from_data(stack({"nat": "single"})), "eu-west-1", table)
    hours, data = items(report, "NAT gateway")
    assert (hours.unit_price, data.unit_price) == (Decimal("0.1"), Decimal("0.2"))
    assert hours.monthly == 73 and data.monthly == 20


def test_a_misspelt_price_key_is_one_located_line(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(
        'us-east-1:\n  linux/x86_64: {vcpu_hour: "1", gb_hour: "0"}\n  aws:\n    nat_hours: 1\n'
    )
    with pytest.raises(InputError) as caught:
        load_prices("us-east-1", path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (4, "us-east-1.aws.nat_hours")
    assert "did you mean 'nat_hour'" in problem.message


@pytest.mark.parametrize(
    "text, line, field, words",
    [
        ("nat:\n  gbPerMonht: 3\n", 2, "nat.gbPerMonht", "did you mean 'gbPerMonth'"),
        ("logs:\n  compressionRatio: 2\n", 2, "logs.compressionRatio", "less than or equal to 1"),
        ("nat: {gbPerMonth: -1}\n", 1, "nat.gbPerMonth", "greater than or equal to 0"),
        ("nat: {gbPerMonth: 1}\nnat: {gbPerMonth: 2}\n", 2, "nat", "duplicate key"),
        ("services:\n  web/apy: {lcuPerHour: 1}\n", 2, "services.web/apy", "did you mean"),
        ("nat:\n  gbPerMonth: yes\n", 2, "nat.gbPerMonth", "not a boolean (YAML read yes"),
    ],
)
def test_a_bad_usage_file_is_one_located_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int,
    field: str,
    words: str,
) -> None:
    path = usage_file(tmp_path, text)
    code = main(["cost", str(ROOT / "stacks" / "Pulumi.dev.yaml"), "--usage", str(path)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    [message] = err.splitlines()
    assert message.startswith(f"{path}:{line}:") and f" {field}: " in message and words in message


def test_a_usage_file_overrides_one_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = usage_file(tmp_path, "services:\n  web/api: {lcuPerHour: 5}\n")
    assert main(["cost", "--format", "json", "--usage", str(path), "stacks/Pulumi.dev.yaml"]) == 0
    rows = {r["resource"]: r for r in json.loads(capsys.readouterr().out)["line_items"]}
    assert rows["web/api ALB capacity units"]["quantity"] == 5 * 730
    assert rows["apps/web ALB capacity units"]["quantity"] == 730  # the default stands
    assert any("services.web/api" in a for a in rows["web/api ALB capacity units"]["assumptions"])


def test_json_lists_every_line_item_and_they_add_up_to_the_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["cost", "--format", "json", "stacks/Pulumi.dev.yaml"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["line_items"]
    assert all(
        set(row)
        >= {
            "stack",
            "category",
            "resource",
            "quantity",
            "unit",
            "unit_price_usd",
            "monthly_usd",
            "assumptions",
        }
        for row in rows
    )
    assert {row["stack"] for row in rows} == {"dev"}
    assert {row["category"] for row in rows} == {
        "Fargate",
        "EKS control plane",
        "NAT gateway",
        "Public IPv4",
        "VPC endpoint",
        "Load balancer",
        "CloudWatch Logs",
    }
    total = sum(row["monthly_usd"] for row in rows)
    assert total == pytest.approx(data["totals"]["monthly_expected_usd"], abs=0.01 * len(rows))
    assumed = [n for n in data["notes"] if "assumed (" in n]
    assert len(assumed) == 6  # every default volume the dev stack uses, said once
    assert not any("not included: load balancers" in n for n in data["notes"])
    assert any(n.startswith("not included: data transfer") for n in data["notes"])


def test_markdown_is_a_table_of_the_line_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cost", "--format", "markdown", "stacks/Pulumi.dev.yaml"]) == 0
    out = capsys.readouterr().out
    assert "| NAT gateway | network (single) | 730 | NAT gateway-hour | 0.045 | 32.85 |" in out
    assert "| **Total** |" in out and "assumed (nat.gbPerMonth" in out


def test_the_readme_bill_is_what_cost_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """README "The whole bill": the pasted table is the dev stack's, row for row."""
    import re

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```markdown\n(### Monthly bill of stack dev.*?)```", readme, re.DOTALL)
    assert block is not None
    assert main(["cost", "--format", "markdown", str(ROOT / "stacks" / "Pulumi.dev.yaml")]) == 0
    printed = capsys.readouterr().out
    table = [line for line in printed.splitlines() if not line.startswith("- ")]
    assert block[1].splitlines() == table[: len(block[1].splitlines())]
    assert table[len(block[1].splitlines()) :] == [""]  # then only the notes


def test_the_readme_usage_file_is_valid(tmp_path: Path) -> None:
    import re

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```yaml\n(nat: .*?)```", readme, re.DOTALL)
    assert block is not None
    usage = load_usage(usage_file(tmp_path, block[1]), ["web/api"])
    assert usage.values["nat_gb_per_month"] == 250
    assert usage.workloads["web/api"]["alb_lcu_per_hour"] == 5


def _eks(node_group: bool, ingress: bool) -> dict[str, Any]:
    workload: dict[str, Any] = {"name": "web", "namespace": "team", "image": "nginx", "port": 80}
    if ingress:
        workload["ingress"] = "public"
    cluster: dict[str, Any] = {
        "name": "apps",
        "version": "1.35",
        "fargateProfiles": [{"name": "apps", "selectors": [{"namespace": "team"}]}],
        "workloads": [workload],
    }
    if node_group:
        cluster["nodeGroup"] = {"instanceTypes": ["m7g.large"], "minSize": 1, "maxSize": 2}
    else:
        cluster["fargateProfiles"].append(
            {"name": "system", "selectors": [{"namespace": "kube-system"}]}
        )
    return {"network": {"nat": "none"}, "eks": {"clusters": [cluster]}}


def test_system_pods_on_fargate_are_on_the_bill() -> None:
    """CoreDNS (2 replicas requesting 100m / 70Mi: 70 + 256 MB fits 0.25 vCPU / 0.5 GB) and,
    for an ingress, the controller (2 replicas, no requests: the smallest pod), each pod
    0.25 x $0.04048 + 0.5 x $0.004445 an hour, so 2 pods are $18.02 a month."""
    lines = {
        line.name: line for line in estimate(spec_from_data(_eks(False, True)), "us-east-1").lines
    }
    for name in ("coredns", "lb-controller"):
        line = lines[name]
        assert line.capacity_provisioned == "0.25vCPU 0.5GB" and line.count_desired == 2
        assert (
            line.monthly_expected
            == 2
            * (Decimal("0.25") * Decimal("0.04048") + Decimal("0.5") * Decimal("0.004445"))
            * 730
        )
    without_ingress = estimate(spec_from_data(_eks(False, False)), "us-east-1").lines
    assert [line.name for line in without_ingress] == ["web", "coredns"]
    on_nodes = estimate(spec_from_data(_eks(True, True)), "us-east-1").lines
    assert [line.name for line in on_nodes] == ["web"]  # kube-system runs on the node group


def test_a_workload_named_coredns_logs_at_its_own_count() -> None:
    """A Deployment named coredns (5 replicas, namespace team) beside the CoreDNS system pods
    (2 replicas): the pod logs count 5 + 2 pods, each at its own count (the system pods' count
    was taken for both)."""
    spec = _eks(False, False)
    workload = spec["eks"]["clusters"][0]["workloads"][0]
    workload.update(name="coredns", desiredCount=5)
    report = estimate(spec_from_data(spec), "us-east-1")
    assert sorted((line.name, line.kind, line.count_desired) for line in report.lines) == [
        ("coredns", "Deployment", 5),
        ("coredns", "EKS system pods", 2),
    ]
    [ingested] = [
        i for i in items(report, "CloudWatch Logs") if i.resource == "apps pod logs ingestion"
    ]
    assert ingested.quantity == 7  # GB: the stated 1 GB a pod a month (fargate/usage.py), 7 pods
    said = " ".join(ingested.assumptions)
    assert "apps/coredns: 5 pods logging" in said and "apps/coredns: 2 pods logging" in said


def test_the_readme_preview_bill_is_what_preview_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """README quick start: the pasted capacity and cost table, row for row, total included."""
    readme = (ROOT / "README.md").read_text()
    pasted = readme[readme.index("Fargate capacity and cost (per month, 730 h)\n") :]
    pasted = pasted[: pasted.index("\n  note: ")]
    assert main(["preview", str(ROOT / "stacks" / "Pulumi.dev.yaml")]) == 0
    out = capsys.readouterr().out
    printed = out[out.index("Fargate capacity and cost") :]
    printed = printed[: printed.index("\n  note: ")]
    assert [line.rstrip() for line in printed.splitlines()] == pasted.splitlines()
