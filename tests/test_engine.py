"""The offline preview engine: example stacks under moto-backed mocks, what boto3 then sees in
mocked AWS, broken programs failing with the right rule, isolation and the stock-monitor twin."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pulumi
import pulumi_aws as aws
import pytest

from fargate_stacks.engine import (
    PreviewRejected,
    PreviewResult,
    preview_stack,
    run_program,
    session,
)

REGION = "us-east-1"


@pytest.fixture(scope="module")
def dev() -> Any:
    """One preview of the dev stack, with mocked AWS kept open for boto3."""
    with session():
        result = preview_stack("stacks/Pulumi.dev.yaml")
        ecs = boto3.client("ecs", region_name=REGION)
        eks = boto3.client("eks", region_name=REGION)
        cluster = next(r for r in result.resources if r.type == "aws:ecs/cluster:Cluster")
        services = ecs.describe_services(cluster=cluster.outputs["arn"], services=["api", "worker"])
        eks_cluster = next(r for r in result.resources if r.type == "aws:eks/cluster:Cluster")
        name = eks_cluster.outputs["name"]
        profiles = {
            p: eks.describe_fargate_profile(clusterName=name, fargateProfileName=p)[
                "fargateProfile"
            ]
            for p in eks.list_fargate_profiles(clusterName=name)["fargateProfileNames"]
        }
        capacity = ecs.describe_clusters(clusters=[cluster.outputs["arn"]])["clusters"][0]
    return result, {s["serviceName"]: s for s in services["services"]}, profiles, capacity


@pytest.fixture(scope="module")
def prod() -> PreviewResult:
    return preview_stack("stacks/Pulumi.prod.yaml")


def test_example_stacks_preview_with_no_mandatory_finding(dev: Any, prod: PreviewResult) -> None:
    result = dev[0]
    for r in (result, prod):
        assert r.ok, [f.to_dict() for f in r.mandatory]
        assert len(r.resources) > 50
    assert result.cost is not None and result.cost.to_dict()["totals"]["monthly_expected_usd"] > 0


def test_boto3_sees_ecs_services_with_their_capacity_provider_strategy(dev: Any) -> None:
    _, services, _, capacity = dev
    assert set(services) == {"api", "worker"}
    api = services["api"]
    assert api["desiredCount"] == 2
    assert api["capacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    assert services["worker"]["capacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}
    ]
    assert api["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "DISABLED"
    assert set(capacity["capacityProviders"]) == {"FARGATE", "FARGATE_SPOT"}


def test_boto3_sees_fargate_profiles_and_their_selectors(dev: Any) -> None:
    profiles = dev[2]
    assert set(profiles) == {"system", "apps"}
    assert profiles["system"]["selectors"] == [{"namespace": "kube-system", "labels": {}}]
    assert {"namespace": "default", "labels": {"fargate": "true"}} in profiles["apps"]["selectors"]


def test_ids_and_arns_come_from_moto(dev: Any) -> None:
    result = dev[0]
    vpc = next(r for r in result.resources if r.type == "aws:ec2/vpc:Vpc")
    subnets = [r for r in result.resources if r.type == "aws:ec2/subnet:Subnet"]
    assert vpc.id.startswith("vpc-") and all(s.inputs["vpcId"] == vpc.id for s in subnets)
    td = next(r for r in result.resources if r.type == "aws:ecs/taskDefinition:TaskDefinition")
    assert td.outputs["arn"].startswith(f"arn:aws:ecs:{REGION}:123456789012:task-definition/")


def test_json_shape(dev: Any) -> None:
    doc = json.loads(json.dumps(dev[0].to_dict()))
    assert {"schemaVersion", "stack", "resources", "findings", "cost", "summary"} <= set(doc)
    # the whole documented shape is checked in test_preview_cli.py
    assert {"urn", "inputs", "outputs", "dependencies"} <= set(doc["resources"][0])
    assert doc["summary"]["resources"] == len(doc["resources"])


# ---------------------------------------------------------------- user programs


def _program(privileged: bool = False, gpu: bool = False) -> Any:
    def build() -> dict[str, Any]:
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16", enable_dns_hostnames=True)
        subnet = aws.ec2.Subnet(
            "private", vpc_id=vpc.id, cidr_block="10.9.1.0/24", availability_zone=f"{REGION}a"
        )
        sg = aws.ec2.SecurityGroup("tasks", vpc_id=vpc.id)
        cluster = aws.ecs.Cluster("c")
        # ECS refuses a strategy whose provider the cluster does not have yet
        providers = aws.ecs.ClusterCapacityProviders(
            "c", cluster_name=cluster.name, capacity_providers=["FARGATE", "FARGATE_SPOT"]
        )
        sidecar: dict[str, Any] = {
            "name": "agent",
            "image": "public.ecr.aws/x/agent:1.0",
            "essential": False,
            "privileged": privileged,
        }
        if gpu:
            sidecar["resourceRequirements"] = [{"type": "GPU", "value": "1"}]
        td = aws.ecs.TaskDefinition(
            "app",
            family="app",
            cpu="256",
            memory="512",
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            container_definitions=json.dumps(
                [{"name": "app", "image": "public.ecr.aws/x/app:1.0", "essential": True}, sidecar]
            ),
        )
        svc = aws.ecs.Service(
            "app",
            cluster=cluster.arn,
            task_definition=td.arn,
            desired_count=2,
            capacity_provider_strategies=[{"capacity_provider": "FARGATE", "weight": 1}],
            network_configuration={"subnets": [subnet.id], "security_groups": [sg.id]},
            opts=pulumi.ResourceOptions(depends_on=[providers]),
        )
        return {"service": svc.name}

    return build


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [({"privileged": True}, "fargate-no-privileged"), ({"gpu": True}, "fargate-no-gpu")],
)
def test_broken_programs_fail_with_the_rule(kwargs: dict[str, bool], rule: str) -> None:
    result = run_program(_program(**kwargs), stack="broken", region=REGION)
    assert not result.ok
    assert rule in {f.rule for f in result.mandatory}


def test_runs_are_isolated() -> None:
    first = run_program(_program(), stack="one", region=REGION)
    second = run_program(_program(), stack="two", region="eu-west-1")
    assert len(first.resources) == len(second.resources)
    assert all("::two::" not in r.urn for r in first.resources)
    assert (
        next(r for r in second.resources if r.type == "aws:ecs/cluster:Cluster")
        .outputs["arn"]
        .startswith("arn:aws:ecs:eu-west-1:")
    )
    assert pulumi.get_stack() != "two"  # the caller's Pulumi settings are untouched


def test_aws_refusal_names_the_resource_and_the_message() -> None:
    def build() -> None:
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16")
        aws.ec2.Subnet("outside", vpc_id=vpc.id, cidr_block="10.10.1.0/24")

    with pytest.raises(PreviewRejected) as caught:
        run_program(build, stack="refused", region=REGION)
    line = str(caught.value)
    assert "\n" not in line and "'outside'" in line and "10.10.1.0/24" in line


def test_an_invoke_aws_refuses_names_the_call_and_the_message() -> None:
    def build() -> None:
        vpc = aws.ec2.get_vpc_output(id="vpc-0123456789abcdef0")
        aws.ec2.SecurityGroup("sg", vpc_id=vpc.id)

    with pytest.raises(PreviewRejected) as caught:
        run_program(build, stack="invoke-refused", region=REGION)
    line = str(caught.value)
    assert "getVpc" in line and "AWS would refuse it: InvalidVpcID.NotFound" in line


def test_a_fault_in_an_invoke_answer_is_not_blamed_on_aws() -> None:
    """The mocks answer getSubnet by id only: asked by filters, their KeyError is theirs, not
    AWS refusing the call (the preview used to say "AWS would refuse it: 'id'")."""

    def build() -> None:
        subnet = aws.ec2.get_subnet_output(filters=[{"name": "tag:Name", "values": ["app"]}])
        aws.ec2.SecurityGroup("sg", vpc_id=subnet.vpc_id)

    with pytest.raises(PreviewRejected) as caught:
        run_program(build, stack="invoke-fault", region=REGION)
    line = str(caught.value)
    assert "AWS would refuse" not in line
    assert line == "the program failed: KeyError: 'id'"


def test_output_values_in_inputs_are_read_with_their_secrecy() -> None:
    """The SDK's wire shape for an Output (sent to monitors that accept output values): a
    secret one counts as a secret and gives its value, an unknown one (no value) is None.
    Reading the secret flag used to raise AttributeError (a protobuf Struct has no .get)."""
    from fargate_stacks.engine.monitor import OUTPUT_SIG, SIG_KEY, plain_inputs, to_struct

    inputs, secret_keys = plain_inputs(
        to_struct(
            {
                "password": {SIG_KEY: OUTPUT_SIG, "value": "hunter2", "secret": True},
                "name": {SIG_KEY: OUTPUT_SIG, "value": "db"},
                "pending": {SIG_KEY: OUTPUT_SIG},
            }
        )
    )
    assert inputs == {"password": "hunter2", "name": "db", "pending": None}
    assert secret_keys == frozenset({"password"})


def test_a_run_leaves_the_callers_event_loop_in_place() -> None:
    """Pulumi's own test helpers (and notebooks) need the thread's loop after a preview."""
    import asyncio

    from fargate_stacks.engine.runner import _current_loop

    before = _current_loop()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        run_program(lambda: None, stack="loop")
        assert asyncio.get_event_loop_policy().get_event_loop() is loop
        assert not loop.is_closed()
    finally:
        asyncio.set_event_loop(before)
        loop.close()


def test_secret_inputs_are_hidden_in_reports_but_seen_by_mocks_and_policies() -> None:
    from fargate_stacks.reports import render_markdown

    def build() -> None:
        aws.ssm.Parameter(
            "db-password",
            type="SecureString",
            value=pulumi.Output.secret("hunter2"),
            description="plain text",
        )

    result = run_program(build, stack="secrets", region=REGION)
    (param,) = [r for r in result.resources if r.type == "aws:ssm/parameter:Parameter"]
    assert param.inputs["value"] == "hunter2"  # what mocks and policies are given
    assert param.secret_inputs == {"value"}
    shown = json.dumps(result.to_dict())
    assert "hunter2" not in shown and '"value": "[secret]"' in shown
    assert '"description": "plain text"' in shown
    assert "hunter2" not in render_markdown(result)
