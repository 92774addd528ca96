"""The example stacks and the spec's derived values (capacity strategy, units, defaults)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fargate_stacks.spec import CapacitySpec, ServiceSpec, load_spec, spec_from_data

REPO = Path(__file__).resolve().parents[1]
STACKS = sorted((REPO / "stacks").glob("Pulumi.*.yaml"))


@pytest.mark.parametrize("path", STACKS, ids=lambda p: p.name)
def test_example_stacks_load(path: Path) -> None:
    loaded = load_spec(path)
    assert loaded.stack == path.name.split(".")[1]
    assert loaded.region == "us-east-1"
    assert loaded.spec.ecs or loaded.spec.eks


def test_dev_stack_values() -> None:
    spec = load_spec(REPO / "stacks/Pulumi.dev.yaml").spec
    assert spec.ecs is not None
    api = spec.ecs.clusters[0].services[0]
    assert (api.cpu, api.memory) == (512, 1024)
    assert api.capacity.strategy() == [("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)]
    assert api.load_balancer is not None and api.load_balancer.scheme == "public"
    worker = spec.ecs.clusters[0].services[1]
    assert worker.capacity.strategy() == [("FARGATE_SPOT", 0, 1)]
    assert worker.load_balancer is None
    assert worker.logging.retention_days == 30 and worker.assign_public_ip is False


@pytest.mark.parametrize(
    "cpu, memory, units, mib",
    [
        ("256", "512", 256, 512),
        ("0.25 vCPU", "0.5 GB", 256, 512),
        ("1 vCPU", "2GB", 1024, 2048),
        ("1vcpu", "2 GiB", 1024, 2048),
        (1024, "3072", 1024, 3072),
        ("16 vCPU", "120 GB", 16384, 122880),
    ],
)
def test_friendly_units(cpu: object, memory: object, units: int, mib: int) -> None:
    svc = ServiceSpec.model_validate({"name": "a", "image": "x", "cpu": cpu, "memory": memory})
    assert (svc.cpu, svc.memory) == (units, mib)


@pytest.mark.parametrize(
    "intent, strategy",
    [
        ({}, [("FARGATE", 0, 1)]),
        ({"spotPercent": 75, "onDemandBase": 1}, [("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)]),
        ({"spotPercent": 50}, [("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 1)]),
        ({"spotPercent": 100, "onDemandBase": 2}, [("FARGATE", 2, 0), ("FARGATE_SPOT", 0, 1)]),
        ({"spotPercent": 30}, [("FARGATE", 0, 7), ("FARGATE_SPOT", 0, 3)]),
        (
            {"weights": {"FARGATE": 1, "FARGATE_SPOT": 4}, "base": {"FARGATE": 2}},
            [("FARGATE", 2, 1), ("FARGATE_SPOT", 0, 4)],
        ),
    ],
)
def test_capacity_strategy(intent: dict, strategy: list) -> None:
    assert CapacitySpec.model_validate(intent).strategy() == strategy


def test_defaults_are_secure_and_cheap() -> None:
    spec = spec_from_data(
        {"ecs": {"clusters": [{"name": "c", "services": [{"name": "s", "image": "nginx:1.27"}]}]}}
    )
    assert spec.ecs is not None
    svc = spec.ecs.clusters[0].services[0]
    assert svc.assign_public_ip is False
    assert svc.logging.retention_days == 30
    assert svc.capacity.strategy() == [("FARGATE", 0, 1)]
    assert spec.network.nat == "single" and spec.network.az_count == 2
    assert spec.ecs.clusters[0].container_insights is True


def test_autoscaling_without_policy_gets_cpu_target() -> None:
    svc = ServiceSpec.model_validate({"name": "a", "image": "x", "autoscaling": {"max": 4}})
    assert svc.autoscaling is not None and svc.autoscaling.cpu_target == 70
