"""build_stack as a whole: example stacks, URN stability, name limits, tags, refusals."""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import json
import sys
from functools import cache
from typing import Any

import pytest

from eks_harness import EksMocks
from fargate_stacks.components.stack import build_stack
from fargate_stacks.errors import SpecError
from fargate_stacks.policies.evaluate import evaluate_graph
from fargate_stacks.policies.graph import GraphResource
from fargate_stacks.program import main
from fargate_stacks.spec import StackSpec, load_spec, spec_from_data
from fargate_stacks.spec.loader import CONFIG_KEY
from pulumi_harness import RecordingMocks, RunResult, run

EXAMPLES = ("stacks/Pulumi.dev.yaml", "stacks/Pulumi.prod.yaml")

SHUFFLE_SPEC: dict[str, Any] = {
    "tags": {"team": "platform"},
    "ecs": {
        "clusters": [
            {
                "name": "web",
                "serviceConnectNamespace": "web-internal",
                "services": [
                    {
                        "name": "api",
                        "image": "nginx:1.27",
                        "cpu": 512,
                        "memory": 1024,
                        "port": 80,
                        "loadBalancer": "public",
                        "autoscaling": {"max": 4, "requestsPerTarget": 500},
                    },
                    {
                        "name": "admin",
                        "image": "nginx:1.27",
                        "port": 8080,
                        "loadBalancer": "internal",
                        "capacity": {"spotPercent": 50},
                    },
                    {
                        "name": "worker",
                        "image": "python:3.12",
                        "exec": True,
                        "permissions": [
                            {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*"]}
                        ],
                    },
                ],
            },
            {
                "name": "batch",
                "services": [
                    {"name": "cron", "image": "python:3.12", "capacity": {"spotPercent": 100}},
                    {"name": "report", "image": "python:3.12", "cpu": "1 vCPU", "memory": "2 GB"},
                ],
            },
        ]
    },
}


def reversed_spec(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out["ecs"]["clusters"].reverse()
    for cluster in out["ecs"]["clusters"]:
        cluster["services"].reverse()
    return out


@pytest.fixture(scope="module")
def examples() -> dict[str, RunResult]:
    out = {}
    for path in EXAMPLES:
        loaded = load_spec(path)
        out[loaded.stack] = run(
            functools.partial(build_stack, loaded.spec),
            stack=loaded.stack,
            config=loaded.config,
            mocks=EksMocks(),
        )
    return out


@pytest.fixture(scope="module")
def shuffled() -> tuple[RunResult, RunResult]:
    first, second = spec_from_data(SHUFFLE_SPEC), spec_from_data(reversed_spec(SHUFFLE_SPEC))
    return run(lambda: build_stack(first), stack="dev"), run(
        lambda: build_stack(second), stack="dev"
    )


def test_example_stacks_build_every_ecs_service(examples: dict[str, RunResult]) -> None:
    dev, prod = examples["dev"], examples["prod"]
    assert sorted(dev.outputs["ecsClusters"]["web"]["services"]) == ["api", "worker"]
    assert sorted(prod.outputs["ecsClusters"]["shop"]["services"]) == ["storefront"]
    assert {r.name for r in dev.of_type("aws:ecs/service:Service")} == {"web-api", "web-worker"}
    assert len(prod.of_type("aws:ec2/natGateway:NatGateway")) == 3
    assert len(dev.of_type("aws:ec2/natGateway:NatGateway")) == 1
    # the EKS half shares the network: its cluster runs in the same private subnets
    for result in (dev, prod):
        eks = result.of_type("aws:eks/cluster:Cluster")
        assert eks and all(
            c.inputs["vpcConfig"]["subnetIds"] == result.outputs["privateSubnetIds"] for c in eks
        )
        assert "eksClusters" in result.outputs


def graph(result: RunResult, **task_overrides: Any) -> list[GraphResource]:
    return [
        GraphResource(
            r.urn,
            r.type,
            r.name,
            {**r.inputs, **task_overrides}
            if r.type == "aws:ecs/taskDefinition:TaskDefinition"
            else r.inputs,
            r.parent,
            r.dependencies,
        )
        for r in result.resources
    ]


def test_example_stacks_pass_the_policy_pack(examples: dict[str, RunResult]) -> None:
    for name, result in examples.items():
        assert evaluate_graph(graph(result), {}) == [], name
    # the same check does see the stack: a size Fargate cannot run is a mandatory finding
    findings = evaluate_graph(graph(examples["dev"], cpu="300"), {})
    assert {(f.rule, f.level) for f in findings} == {("fargate-task-size", "mandatory")}


def test_program_reads_the_spec_from_config_and_exports(examples: dict[str, RunResult]) -> None:
    loaded = load_spec(EXAMPLES[0])
    spec_only = dict(loaded.spec.model_dump(by_alias=True, exclude_none=True))
    spec_only.pop("eks")
    result = run(main, stack="dev", config={**loaded.config, CONFIG_KEY: spec_only})
    assert sorted(result.outputs["ecsClusters"]["web"]["services"]) == ["api", "worker"]
    dev_urns = {
        r.urn for r in examples["dev"].resources if not r.type.startswith(("aws:eks", "kubernetes"))
    }
    assert {r.urn for r in result.resources} <= dev_urns


def test_shuffling_clusters_and_services_keeps_every_urn_and_input(
    shuffled: tuple[RunResult, RunResult],
) -> None:
    first, second = shuffled
    assert first.urns == second.urns
    assert len(first.urns) == len(first.resources)  # no two resources share a URN
    for resource in first.resources:
        assert second.by_urn(resource.urn).inputs == resource.inputs, resource.urn


def test_urns_are_named_after_the_spec(shuffled: tuple[RunResult, RunResult]) -> None:
    first, _ = shuffled
    names = {r.name for r in first.of_type("aws:ecs/service:Service")}
    assert names == {"web-api", "web-admin", "web-worker", "batch-cron", "batch-report"}
    service = first.one("fargate-stacks:ecs:EcsFargateService", "web-api")
    assert service.urn.endswith(
        "::fargate-stacks:ecs:EcsFargateCluster$fargate-stacks:ecs:EcsFargateService::web-api"
    )


def test_component_type_tokens_are_module_and_class_name(examples: dict[str, RunResult]) -> None:
    """``fargate-stacks:<module>:<Class>``: what `pulumi stack` shows names the Python class."""
    from fargate_stacks.components.ecs_cluster import EcsFargateCluster
    from fargate_stacks.components.ecs_service import EcsFargateService
    from fargate_stacks.components.eks_cluster import EksFargateCluster
    from fargate_stacks.components.network import Network
    from fargate_stacks.components.workload import FargateWorkload

    expected = {
        f"fargate-stacks:{module}:{cls.__name__}"
        for module, cls in (
            ("network", Network),
            ("ecs", EcsFargateCluster),
            ("ecs", EcsFargateService),
            ("eks", EksFargateCluster),
            ("eks", FargateWorkload),
        )
    }
    built = {r.type for r in examples["dev"].resources if r.type.startswith("fargate-stacks:")}
    assert built == expected


def test_internal_load_balancer_is_reachable_from_the_vpc_only(
    shuffled: tuple[RunResult, RunResult],
) -> None:
    first, _ = shuffled
    balancer = first.one("aws:lb/loadBalancer:LoadBalancer", "web-admin")
    assert balancer.inputs["internal"] is True
    assert balancer.inputs["subnets"] == first.outputs["privateSubnetIds"]
    sg = first.one("aws:ec2/securityGroup:SecurityGroup", "web-admin-alb")
    assert [r["cidrBlocks"] for r in sg.inputs["ingress"]] == [["10.0.0.0/16"]]
    assert [r["fromPort"] for r in sg.inputs["ingress"]] == [80]


def test_service_connect_is_on_for_services_of_a_namespaced_cluster(
    shuffled: tuple[RunResult, RunResult],
) -> None:
    first, _ = shuffled
    namespace = first.one("aws:servicediscovery/httpNamespace:HttpNamespace").outputs["arn"]
    api = first.one("aws:ecs/service:Service", "web-api").inputs["serviceConnectConfiguration"]
    assert api["enabled"] is True and api["namespace"] == namespace
    assert api["services"] == [
        {"portName": "api", "discoveryName": "api", "clientAlias": [{"port": 80, "dnsName": "api"}]}
    ]
    assert (
        "serviceConnectConfiguration"
        not in first.one("aws:ecs/service:Service", "batch-cron").inputs
    )


# AWS's limits on the physical names the components create (type -> (input/output key, limit))
NAME_LIMITS = {
    "aws:lb/loadBalancer:LoadBalancer": 32,
    "aws:lb/targetGroup:TargetGroup": 32,
    "aws:iam/role:Role": 64,
    "aws:ecs/cluster:Cluster": 255,
    "aws:ecs/service:Service": 255,
    "aws:cloudwatch/logGroup:LogGroup": 512,
    "aws:ec2/securityGroup:SecurityGroup": 255,
    "aws:appautoscaling/policy:Policy": 256,
    "aws:appautoscaling/scheduledAction:ScheduledAction": 256,
}


def longest_names_spec() -> dict[str, Any]:
    """The longest cluster and service names spec/names.py lets through."""
    cluster, service = "c" * 20, "s" * 25  # "<c>-<s>-execution" + 8 = 64
    return {
        "ecs": {
            "clusters": [
                {
                    "name": cluster,
                    "services": [
                        {
                            "name": service,
                            "image": "nginx:1.27",
                            "port": 80,
                            "loadBalancer": "public",
                            "autoscaling": {
                                "max": 3,
                                "cpuTarget": 50,
                                "schedules": [
                                    {
                                        "name": "n" * 40,
                                        "schedule": "rate(1 day)",
                                        "min": 1,
                                        "max": 2,
                                    }
                                ],
                            },
                        }
                    ],
                }
            ]
        }
    }


def test_physical_names_stay_within_aws_limits() -> None:
    spec = spec_from_data(longest_names_spec())
    result = run(lambda: build_stack(spec), stack="a-rather-long-stack-name-for-production")
    checked = set()
    for resource in result.resources:
        limit = NAME_LIMITS.get(resource.type)
        if limit is None:
            continue
        name = resource.inputs.get("name") or resource.outputs.get("name")
        assert name and len(name) <= limit, (resource.type, name)
        checked.add(resource.type)
    assert checked == set(NAME_LIMITS)
    role_names = {r.outputs["name"] for r in result.of_type("aws:iam/role:Role")}
    assert max(len(n) for n in role_names) == 64  # exactly at the limit, with Pulumi's suffix


def test_a_name_over_a_limit_is_refused_by_the_spec() -> None:
    data = longest_names_spec()
    data["ecs"]["clusters"][0]["services"][0]["name"] = "s" * 26
    with pytest.raises(SpecError, match="IAM execution role name"):
        spec_from_data(data)


@cache
def taggable(resource_type: str) -> bool:
    """Whether the pulumi_aws resource class for this type token takes ``tags``."""
    package, middle, cls = resource_type.split(":")
    module = importlib.import_module(f"pulumi_{package}.{middle.split('/')[0]}")
    return "tags" in inspect.signature(getattr(module, cls)._internal_init).parameters


def test_every_taggable_resource_carries_the_stack_tags(
    shuffled: tuple[RunResult, RunResult],
) -> None:
    first, _ = shuffled
    tagged = untagged = 0
    for resource in first.resources:
        if not resource.custom:
            continue
        if taggable(resource.type):
            assert resource.inputs.get("tags", {}).get("team") == "platform", resource.urn
            tagged += 1
        else:
            untagged += 1
    assert tagged > 30 and untagged > 0  # both kinds exist, so the check is not vacuous
    assert not taggable("aws:iam/rolePolicy:RolePolicy")


def test_a_spec_fargate_cannot_run_is_refused_before_any_resource() -> None:
    bad = {
        "ecs": {
            "clusters": [
                {
                    "name": "web",
                    "services": [
                        {
                            "name": "api",
                            "image": "nginx:1.27",
                            "os": "windows",
                            "cpu": "0.25 vCPU",
                            "memory": "0.5 GB",
                            "capacity": {"spotPercent": 50},
                        }
                    ],
                }
            ]
        }
    }
    mocks = RecordingMocks()
    with pytest.raises(SpecError) as refused:
        run(main, stack="dev", config={CONFIG_KEY: bad}, mocks=mocks)
    assert "not available for Windows" in str(refused.value)
    assert mocks.states == {}  # nothing was registered, not even the network


def test_colliding_derived_names_are_refused_before_any_resource() -> None:
    data = {
        "ecs": {
            "clusters": [
                {"name": "a-b", "services": [{"name": "c", "image": "nginx:1.27"}]},
                {"name": "a", "services": [{"name": "b-c", "image": "nginx:1.27"}]},
            ]
        }
    }
    with pytest.raises(SpecError, match="'a-b-c'") as located:
        spec_from_data(data)  # the loader refuses it, located, for `validate`
    assert located.value.problems[0].field == "ecs.clusters[1].services[0].name"
    spec = StackSpec.model_validate(data)  # a spec built in code skips the loader...
    mocks = RecordingMocks()
    with pytest.raises(SpecError, match="'a-b-c'") as refused:  # ...build_stack still refuses
        run(lambda: build_stack(spec), mocks=mocks)
    assert refused.value.problems[0].field == "ecs.clusters[1].services[0].name"
    assert mocks.states == {}


def test_an_ecs_only_stack_never_loads_the_eks_half(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fargate_stacks.components.eks_stack", None)  # import fails
    spec = spec_from_data(
        {
            "ecs": {
                "clusters": [{"name": "web", "services": [{"name": "api", "image": "nginx:1.27"}]}]
            }
        }
    )
    result = run(lambda: build_stack(spec))
    assert "eksClusters" not in result.outputs
    assert json.dumps(result.outputs["ecsClusters"]["web"]["services"]["api"]["cpu"]) == "256"


@pytest.mark.parametrize(
    ("network", "service", "field"),
    [
        (
            {"vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0123456789abcdef0"]},
            {"port": 80, "loadBalancer": "public"},
            "ecs.clusters[0].services[0].loadBalancer",
        ),
        (
            {"vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0123456789abcdef0"]},
            {"assignPublicIp": True},
            "ecs.clusters[0].services[0].assignPublicIp",
        ),
    ],
)
def test_what_aws_would_refuse_mid_deploy_is_refused_first(
    network: dict[str, Any], service: dict[str, Any], field: str
) -> None:
    data = {
        "network": network,
        "ecs": {
            "clusters": [
                {"name": "web", "services": [{"name": "api", "image": "nginx:1.27", **service}]}
            ]
        },
    }
    with pytest.raises(SpecError) as located:
        spec_from_data(data)
    assert [p.field for p in located.value.problems] == [field]
    spec = StackSpec.model_validate(data)
    mocks = RecordingMocks()
    with pytest.raises(SpecError) as refused:
        run(lambda: build_stack(spec), mocks=mocks)
    assert [p.field for p in refused.value.problems] == [field]
    assert mocks.states == {}


def test_an_adopted_vpc_runs_services_in_its_subnets() -> None:
    spec = spec_from_data(
        {
            "network": {
                "vpcId": "vpc-0123456789abcdef0",
                "privateSubnetIds": ["subnet-0123456789abcdef0"],
            },
            "ecs": {
                "clusters": [
                    {
                        "name": "web",
                        "services": [
                            {
                                "name": "api",
                                "image": "nginx:1.27",
                                "port": 80,
                                "loadBalancer": "internal",
                            }
                        ],
                    }
                ]
            },
        }
    )
    result = run(lambda: build_stack(spec), mocks=RecordingMocks(vpc_cidr="172.16.0.0/16"))
    assert not result.of_type("aws:ec2/vpc:Vpc")
    service = result.one("aws:ecs/service:Service")
    assert service.inputs["networkConfiguration"]["subnets"] == ["subnet-0123456789abcdef0"]
    alb_sg = result.one("aws:ec2/securityGroup:SecurityGroup", "web-api-alb")
    assert alb_sg.inputs["vpcId"] == "vpc-0123456789abcdef0"
    assert alb_sg.inputs["ingress"][0]["cidrBlocks"] == ["172.16.0.0/16"]  # the adopted VPC's CIDR


def test_efs_iam_without_tls_is_a_spec_error() -> None:
    with pytest.raises(SpecError) as refused:
        spec_from_data(
            {
                "ecs": {
                    "clusters": [
                        {
                            "name": "web",
                            "services": [
                                {
                                    "name": "api",
                                    "image": "nginx:1.27",
                                    "volumes": [
                                        {
                                            "name": "data",
                                            "mountPath": "/data",
                                            "efs": {
                                                "fileSystemId": "fs-0123456789abcdef0",
                                                "transitEncryption": False,
                                            },
                                        }
                                    ],
                                }
                            ],
                        }
                    ]
                }
            }
        )
    assert [p.field for p in refused.value.problems] == [
        "ecs.clusters[0].services[0].volumes[0].efs.transitEncryption"
    ]
    assert "transitEncryption: true" in refused.value.problems[0].message
