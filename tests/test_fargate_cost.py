"""The spec-level estimate: sizes, counts, the Spot mix, ARM/Windows/storage, EC2, totals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fargate_stacks.fargate.cost import estimate, spot_split
from fargate_stacks.fargate.prices import load_prices
from fargate_stacks.spec import load_spec
from fargate_stacks.spec.loader import spec_from_data

ROOT = Path(__file__).parent.parent


def ecs(*services: dict[str, Any]) -> dict[str, Any]:
    return {"ecs": {"clusters": [{"name": "web", "services": list(services)}]}}


def service(**extra: Any) -> dict[str, Any]:
    return {"name": "api", "image": "nginx", "cpu": "2 vCPU", "memory": "8 GB", **extra}


@pytest.mark.parametrize(
    "strategy, tasks, on_spot",
    [
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 1, 0),
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 2, 1),
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 4, 2),  # tie goes to on-demand
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 5, 3),
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 9, 6),
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 10, 7),
        ([("FARGATE_SPOT", 0, 1)], 7, 7),
        ([("FARGATE", 0, 1)], 7, 0),
        ([("FARGATE", 2, 1), ("FARGATE_SPOT", 0, 1)], 2, 0),
        ([("FARGATE", 2, 1), ("FARGATE_SPOT", 0, 1)], 6, 2),
        ([("FARGATE", 0, 1), ("FARGATE_SPOT", 3, 1)], 4, 3),
        ([("FARGATE", 0, 0), ("FARGATE_SPOT", 0, 1)], 3, 3),
        ([("FARGATE", 1, 0), ("FARGATE_SPOT", 0, 1)], 3, 2),
        ([("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)], 0, 0),
    ],
)
def test_spot_split_base_then_weights(strategy: list, tasks: int, on_spot: int) -> None:
    assert spot_split(strategy, tasks) == on_spot


def test_article_size_on_demand() -> None:
    report = estimate(spec_from_data(ecs(service(desiredCount=1))), "us-east-1")
    [line] = report.lines
    assert line.on_demand_hourly == Decimal("0.11652")
    assert line.spot_hourly is None
    assert line.monthly_expected == Decimal("0.11652") * 730
    totals = report.to_dict()["totals"]
    assert totals["fargate_monthly_expected_usd"] == 85.06  # the article's task, to the cent
    # the whole bill adds what the default network creates: one NAT gateway ($0.045/h and
    # $0.045/GB, aws.amazon.com/vpc/pricing) with its Elastic IP ($0.005/h), and the task's logs
    # ($0.50/GB in, $0.03/GB-month kept 30 days), at the stated default volumes
    nat = Decimal("0.045") * 730 + Decimal("0.045") * 100 + Decimal("0.005") * 730
    logs = Decimal("0.50") * 1 + Decimal("0.03") * (Decimal(30) / (Decimal(365) / 12))
    assert totals["monthly_expected_usd"] == float(
        (Decimal("0.11652") * 730 + nat + logs).quantize(Decimal("0.01"))
    )
    assert line.ec2_instance == "t3.large" and line.ec2_monthly == Decimal("0.0832") * 730


def test_spot_mix_and_autoscaling_range() -> None:
    spec = spec_from_data(
        ecs(
            service(
                desiredCount=2,
                autoscaling={"min": 2, "max": 10},
                capacity={"onDemandBase": 1, "spotPercent": 75},
                architecture="arm64",
            )
        )
    )
    [line] = estimate(spec, "us-east-1").lines
    od = Decimal("0.03238") * 2 + Decimal("0.00356") * 8
    spot = od * Decimal("0.35")
    assert (line.on_demand_hourly, line.spot_hourly) == (od, spot)
    assert (line.count_min, line.count_desired, line.count_max) == (2, 2, 10)
    assert line.spot_tasks_desired == 1
    assert line.monthly_min == line.monthly_expected == (od + spot) * 730
    # 10 tasks: 1 base, then 9 by weight 1:3 -> 2 on-demand (ties go on-demand) and 7 Spot
    assert line.monthly_max == (od * 3 + spot * 7) * 730
    assert line.monthly_on_demand == od * 2 * 730
    assert line.ec2_instance is not None and "g." in line.ec2_instance  # an ARM instance


def test_spec_spot_discount_overrides_the_default() -> None:
    data = ecs(service(capacity={"spotPercent": 100}))
    data["cost"] = {"spotDiscount": 0.7}
    [line] = estimate(spec_from_data(data), "us-east-1").lines
    assert line.spot_hourly == Decimal("0.11652") * Decimal("0.3")


def test_windows_storage_and_right_sizing() -> None:
    spec = spec_from_data(
        ecs(
            service(name="iis", os="windows", cpu="1 vCPU", memory="2 GB"),
            {
                "name": "small",
                "image": "nginx",
                "ephemeralStorage": 50,
                "sidecars": [{"name": "log", "image": "fluent-bit", "cpu": 512, "memory": 1500}],
            },
        )
    )
    iis, small = estimate(spec, "us-east-1").lines
    assert iis.on_demand_hourly == Decimal("0.15758")
    assert iis.ec2_instance is None and any("Windows" in n for n in iis.notes)
    assert (small.cpu_units, small.memory_mib) == (512, 2048)
    assert small.on_demand_hourly == (
        Decimal("0.02024") + Decimal("0.00889") + 30 * Decimal("0.000111")
    )
    assert any("size not set" in n for n in small.notes)


def test_eks_workloads_are_billed_at_their_size_without_spot() -> None:
    loaded = load_spec(ROOT / "stacks" / "Pulumi.prod.yaml")
    report = estimate(loaded.spec, loaded.region)
    by_name = {line.name: line for line in report.lines}
    orders = by_name["orders"]
    assert orders.capacity_provisioned == "1vCPU 2GB"
    assert (orders.count_min, orders.count_desired, orders.count_max) == (3, 3, 12)
    assert orders.spot_hourly is None and orders.hourly_expected == orders.hourly_on_demand
    assert orders.monthly_expected == Decimal("0.04937") * 3 * 730
    report_job = by_name["nightly-report"]
    assert report_job.monthly_expected is None and report_job.ec2_instance is None
    [control_plane] = report.fixed
    assert control_plane.monthly == Decimal("73.0")
    totals = report.to_dict()["totals"]
    expected = sum(line.monthly_expected or 0 for line in report.lines) + Decimal(73)
    assert totals["fargate_monthly_expected_usd"] == float(expected.quantize(Decimal("0.01")))
    whole = expected + sum(item.monthly or 0 for item in report.items)
    assert totals["monthly_expected_usd"] == float(whole.quantize(Decimal("0.01")))


def test_to_dict_is_json_with_stable_keys() -> None:
    loaded = load_spec(ROOT / "stacks" / "Pulumi.dev.yaml")
    data = json.loads(json.dumps(estimate(loaded.spec, loaded.region).to_dict()))
    assert set(data) == {
        "stack",
        "region",
        "prices",
        "lines",
        "fixed",
        "line_items",
        "totals",
        "notes",
    }
    assert set(data["lines"][0]) == {
        "name",
        "cluster",
        "kind",
        "os",
        "arch",
        "vcpu",
        "memory_gb",
        "capacity_provisioned",
        "ephemeral_gib",
        "count",
        "spot_tasks_desired",
        "on_demand_hourly_usd",
        "spot_hourly_usd",
        "hourly_on_demand_usd",
        "hourly_expected_usd",
        "monthly_min_usd",
        "monthly_expected_usd",
        "monthly_max_usd",
        "monthly_on_demand_usd",
        "ec2",
        "notes",
    }
    assert set(data["totals"]) == {
        "hourly_expected_usd",
        "monthly_min_usd",
        "monthly_expected_usd",
        "monthly_max_usd",
        "monthly_on_demand_usd",
        "fargate_monthly_expected_usd",
        "other_monthly_usd",
        "unpriced_line_items",
        "fargate_monthly_compared_usd",
        "ec2_monthly_compared_usd",
    }
    api = data["lines"][0]
    assert (api["name"], api["vcpu"], api["memory_gb"]) == ("api", 0.5, 1)


def test_unknown_region_falls_back_with_a_note_and_no_ec2() -> None:
    report = estimate(spec_from_data(ecs(service())), "ap-south-2")
    assert report.price_table.region == "us-east-1"
    assert any("no built-in Fargate prices for ap-south-2" in n for n in report.notes)
    eu = estimate(spec_from_data(ecs(service())), "eu-west-1")
    assert eu.lines[0].ec2_instance is None  # EC2 prices are us-east-1 only


def test_explicit_price_table_wins() -> None:
    table = load_prices("eu-west-1")
    report = estimate(spec_from_data(ecs(service())), "us-east-1", table)
    assert report.price_table is table


def test_cost_prices_the_size_the_component_deploys() -> None:
    """`cost` and the ECS component size a service with one function, sidecars included."""
    from fargate_stacks.components import ecs_task
    from fargate_stacks.fargate.rightsizing import service_size
    from fargate_stacks.spec import ServiceSpec

    for sidecars in (
        [],
        [{"name": "envoy", "image": "envoy", "cpu": 256}],
        [{"name": "log", "image": "fluent-bit", "memory": "1000"}],
    ):
        svc = ServiceSpec.model_validate({"name": "api", "image": "nginx", "sidecars": sidecars})
        assert ecs_task.task_size(svc) == service_size(svc)
    assert service_size(
        ServiceSpec.model_validate(
            {"name": "api", "image": "nginx", "sidecars": [{"name": "a", "image": "a"}] * 1}
        )
    ) == (256, 512)


def _captured(type_: str, name: str, inputs: dict[str, Any], **kw: Any) -> Any:
    from fargate_stacks.engine.graph import CapturedResource

    return CapturedResource(
        f"urn:pulumi:dev::p::{type_}::{name}",
        type_,
        name,
        None,
        inputs,
        kw.pop("outputs", {}),
        name,
        True,
        **kw,
    )


@pytest.mark.parametrize(
    "extra, platform",
    [
        ({"capacity": {"onDemandBase": 1, "spotPercent": 75}, "desiredCount": 5}, {}),
        (
            {"architecture": "arm64", "desiredCount": 3, "ephemeralStorage": 50},
            {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
        ),
    ],
)
def test_a_program_s_service_is_priced_like_the_same_spec_service(
    extra: dict, platform: dict
) -> None:
    """cost_from_graph (a user's own program) and estimate (a spec) share price_ecs_service."""
    from fargate_stacks.engine.capacity import cost_from_graph
    from fargate_stacks.engine.graph import ResourceGraph

    spec = spec_from_data(ecs(service(**extra)))
    [expected] = estimate(spec, "us-east-1").lines
    assert spec.ecs is not None
    strategy = [
        {"capacityProvider": p, "base": b, "weight": w}
        for p, b, w in spec.ecs.clusters[0].services[0].capacity.strategy()
    ]
    task = _captured(
        "aws:ecs/taskDefinition:TaskDefinition",
        "api-task",
        {
            "family": "api",
            "cpu": "2048",
            "memory": "8192",
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "runtimePlatform": platform or None,
            "ephemeralStorage": {"sizeInGib": extra["ephemeralStorage"]}
            if "ephemeralStorage" in extra
            else None,
            "containerDefinitions": json.dumps([{"name": "api", "image": "nginx"}]),
        },
    )
    graph = ResourceGraph()
    graph.add(_captured("aws:ecs/cluster:Cluster", "web", {"name": "web"}))
    graph.add(task)
    graph.add(
        _captured(
            "aws:ecs/service:Service",
            "api",
            {
                "name": "api",
                "cluster": "web",
                "desiredCount": extra["desiredCount"],
                "capacityProviderStrategies": strategy,
                "taskDefinition": "api",
            },
            dependencies=[task.urn],
            property_dependencies={"taskDefinition": [task.urn]},
        )
    )
    [line] = cost_from_graph(graph, "us-east-1").lines
    fields = (
        "cluster",
        "os",
        "arch",
        "cpu_units",
        "memory_mib",
        "ephemeral_gib",
        "count_desired",
        "on_demand_hourly",
        "spot_hourly",
        "spot_tasks_desired",
        "hourly_expected",
        "monthly_expected",
        "ec2_instance",
    )
    assert {f: getattr(line, f) for f in fields} == {f: getattr(expected, f) for f in fields}
