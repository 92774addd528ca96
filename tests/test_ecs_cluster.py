"""EcsFargateCluster under Pulumi mocks: insights, both Fargate providers, Service Connect."""

from __future__ import annotations

import pytest

from fargate_stacks.components.ecs_cluster import EcsFargateCluster, EcsFargateClusterArgs
from fargate_stacks.spec.models import EcsClusterSpec
from pulumi_harness import RunResult, run


def build(spec: dict[str, object]) -> RunResult:
    def program() -> dict[str, object]:
        cluster = EcsFargateCluster(
            str(spec["name"]),
            EcsFargateClusterArgs.from_spec(
                EcsClusterSpec.model_validate(spec), {"team": "platform", "env": "dev"}
            ),
        )
        out: dict[str, object] = {"arn": cluster.cluster_arn, "name": cluster.cluster_name}
        if cluster.namespace_arn is not None:
            out["namespace"] = cluster.namespace_arn
        return out

    return run(program, stack="dev")


@pytest.fixture(scope="module")
def connected() -> RunResult:
    return build(
        {"name": "shop", "serviceConnectNamespace": "shop-internal", "tags": {"env": "prod"}}
    )


@pytest.fixture(scope="module")
def plain() -> RunResult:
    return build({"name": "web", "containerInsights": False})


def test_cluster_has_container_insights_and_merged_tags(connected: RunResult) -> None:
    cluster = connected.one("aws:ecs/cluster:Cluster", "shop")
    assert cluster.inputs["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert cluster.inputs["tags"] == {"team": "platform", "env": "prod"}  # the cluster's own wins
    assert "name" not in cluster.inputs  # auto-named: shop-<7 characters>, as spec/names.py checks
    assert connected.outputs["name"] == cluster.outputs["name"]
    assert connected.outputs["arn"] == cluster.outputs["arn"]


def test_insights_can_be_turned_off(plain: RunResult) -> None:
    cluster = plain.one("aws:ecs/cluster:Cluster", "web")
    assert cluster.inputs["settings"] == [{"name": "containerInsights", "value": "disabled"}]


def test_both_fargate_providers_with_an_on_demand_default(plain: RunResult) -> None:
    providers = plain.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")
    assert providers.inputs["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert providers.inputs["defaultCapacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE", "base": 0, "weight": 1}
    ]
    assert providers.inputs["clusterName"] == plain.one("aws:ecs/cluster:Cluster").outputs["name"]


def test_service_connect_namespace_only_when_asked(connected: RunResult, plain: RunResult) -> None:
    namespace = connected.one("aws:servicediscovery/httpNamespace:HttpNamespace", "shop-namespace")
    assert namespace.inputs["name"] == "shop-internal"
    cluster = connected.one("aws:ecs/cluster:Cluster")
    assert cluster.inputs["serviceConnectDefaults"] == {"namespace": namespace.outputs["arn"]}
    assert connected.outputs["namespace"] == namespace.outputs["arn"]
    assert not plain.of_type("aws:servicediscovery/httpNamespace:HttpNamespace")
    assert "serviceConnectDefaults" not in plain.one("aws:ecs/cluster:Cluster").inputs


def test_children_are_parented_to_the_component(connected: RunResult) -> None:
    component = connected.one("fargate-stacks:ecs:EcsFargateCluster", "shop")
    assert {r.type for r in connected.children(component)} == {
        "aws:ecs/cluster:Cluster",
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        "aws:servicediscovery/httpNamespace:HttpNamespace",
    }
