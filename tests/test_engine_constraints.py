"""The offline preview refuses what the provider or AWS would refuse, as it refuses a moto
error: one line per problem naming the resource, the field, the value and the rule with its
source; never a secret value; exit 2 from the CLI. And what ECS checks across resources at
CreateService, which moto does not (the wording is AWS's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from click.testing import CliRunner

from fargate_stacks.cli.app import command_group
from fargate_stacks.constraints import Wiring
from fargate_stacks.engine import PreviewRejected, run_program
from fargate_stacks.errors import InputError

REPO = Path(__file__).resolve().parents[1]


def _refusal(program: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        run_program(program, stack="refused")
    return [str(p) for p in info.value.problems]


def test_a_refused_input_is_one_line_naming_resource_field_value_and_rule() -> None:
    def program() -> None:
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16")
        aws.ec2.SecurityGroup(
            "tasks",
            vpc_id=vpc.id,
            egress=[
                {
                    "protocol": "-1",
                    "from_port": 0,
                    "to_port": 0,
                    "cidr_blocks": ["0.0.0.0/0"],
                    "description": "to the tasks' container port",
                }
            ],
        )

    assert _refusal(program) == [
        "aws:ec2/securityGroup:SecurityGroup 'tasks': egress[0].description \"to the tasks' "
        'container port": allowed: letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*; the AWS '
        "provider refuses it at plan, so pulumi preview fails (terraform-provider-aws: "
        "internal/service/ec2/validate.go validSecurityGroupRuleDescription)"
    ]


def test_auto_names_are_checked_and_secrets_never_shown() -> None:
    def program() -> None:
        aws.iam.Role(
            "r" * 60,  # Pulumi names it r...r-xxxxxxx: 68 characters, IAM takes 64
            assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
            description=pulumi.Output.secret("the tasks\u2019 role"),  # U+2019 is not Latin-1
        )

    lines = _refusal(program)
    assert len(lines) == 2
    assert lines[0].startswith(f"aws:iam/role:Role '{'r' * 60}': name (Pulumi's auto-name) ")
    assert "68 characters, over the limit of 64" in lines[0]
    assert lines[1].startswith(f"aws:iam/role:Role '{'r' * 60}': description [secret]: ")
    assert "tasks" not in lines[1] and "AWS refuses it at create" in lines[1]


def test_ecs_refuses_a_strategy_the_cluster_has_no_provider_for() -> None:
    def program() -> None:
        cluster = aws.ecs.Cluster("c")
        aws.ecs.Service(
            "app",
            cluster=cluster.arn,
            desired_count=0,
            capacity_provider_strategies=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}],
        )

    (line,) = _refusal(program)
    assert line.startswith(
        "aws:ecs/service:Service 'app': AWS would refuse it: InvalidParameterException: The "
        "specified capacity provider strategy cannot contain a capacity provider that is not "
        "associated with the cluster."
    )
    assert "(FARGATE_SPOT on cluster c-" in line and "associated: none)" in line


def test_the_cli_exits_2_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A component that emits what the provider refuses fails the preview, not the deploy."""
    from fargate_stacks.components import ecs_service

    monkeypatch.setattr(ecs_service, "DEREGISTRATION_DELAY", 4000)  # the provider: 0-3600
    result = CliRunner().invoke(command_group(), ["preview", str(REPO / "stacks/Pulumi.dev.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        "fargate-stacks: aws:lb/targetGroup:TargetGroup 'web-api': deregistrationDelay 4000: "
        "not from 0 to 3600; the AWS provider refuses it at plan"
    )
    assert "Traceback" not in result.output


def test_a_refusal_is_a_preview_rejection() -> None:
    """Callers that catch PreviewRejected (a moto refusal) catch these too."""
    from fargate_stacks.engine.guard import InputRefused

    assert issubclass(InputRefused, PreviewRejected) and issubclass(PreviewRejected, InputError)


# ---------------------------------------------------------------- ECS CreateService wiring

CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/web"
TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/web-api:1"
GROUP_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc"


def _wired(*, target_type: str = "ip", listener: bool = True, port: int = 8080) -> Wiring:
    wiring = Wiring()
    wiring.record(
        "u:cluster", "aws:ecs/cluster:Cluster", "web", {}, {"arn": CLUSTER_ARN, "name": "web"}, []
    )
    wiring.record(
        "u:providers",
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        "web",
        {"clusterName": "web", "capacityProviders": ["FARGATE"]},
        {},
        ["u:cluster"],
    )
    containers = [{"name": "api", "portMappings": [{"containerPort": port}]}]
    wiring.record(
        "u:task",
        "aws:ecs/taskDefinition:TaskDefinition",
        "web-api",
        {
            "networkMode": "awsvpc",
            "containerDefinitions": json.dumps(containers),
            "family": "web-api",
        },
        {"arn": TASK_ARN},
        [],
    )
    group = {"targetType": target_type} if target_type != "instance" else {}
    wiring.record(
        "u:group", "aws:lb/targetGroup:TargetGroup", "web-api", group, {"arn": GROUP_ARN}, []
    )
    if listener:
        actions = {"defaultActions": [{"type": "forward", "targetGroupArn": GROUP_ARN}]}
        wiring.record(
            "u:listener", "aws:lb/listener:Listener", "web-api-http", actions, {}, ["u:group"]
        )
    return wiring


def _service(**changes: Any) -> dict[str, Any]:
    service: dict[str, Any] = {
        "cluster": CLUSTER_ARN,
        "taskDefinition": TASK_ARN,
        "capacityProviderStrategies": [{"capacityProvider": "FARGATE", "weight": 1}],
        "networkConfiguration": {"subnets": ["subnet-1"]},
        "loadBalancers": [
            {"targetGroupArn": GROUP_ARN, "containerName": "api", "containerPort": 8080}
        ],
        "healthCheckGracePeriodSeconds": 60,
    }
    service.update(changes)
    return {k: v for k, v in service.items() if v is not None}


SERVICE = "aws:ecs/service:Service"
DEPENDS = ["u:providers", "u:listener", "u:task"]


def test_a_service_wired_as_ecs_wants_passes() -> None:
    assert _wired().problems(SERVICE, _service(), DEPENDS) == []


@pytest.mark.parametrize(
    ("wiring", "service", "depends", "says"),
    [
        (
            {},
            {"capacityProviderStrategies": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]},
            DEPENDS,
            "InvalidParameterException: The specified capacity provider strategy cannot contain "
            "a capacity provider that is not associated with the cluster.",
        ),
        (
            {},
            {},
            ["u:listener", "u:task"],
            "the service does not depend on aws:ecs/clusterCapacityProviders:ClusterCapacityProviders "
            "'web', which associates its capacity providers with cluster web",
        ),
        (
            {},
            {"launchType": "FARGATE"},
            DEPENDS,
            "InvalidParameterException: Specifying both a launch type and capacity provider "
            "strategy is not supported. Remove one and try again.",
        ),
        (
            {"listener": False},
            {},
            DEPENDS,
            f"InvalidParameterException: The target group with targetGroupArn {GROUP_ARN} does "
            "not have an associated load balancer.",
        ),
        (
            {},
            {},
            ["u:providers", "u:task"],
            "the service does not depend on aws:lb/listener:Listener 'web-api-http', which "
            "attaches its target group to the load balancer",
        ),
        (
            {"target_type": "instance"},
            {},
            DEPENDS,
            f"InvalidParameterException: The provided target group {GROUP_ARN} has target type "
            "instance, which is incompatible with the awsvpc network mode specified in the task "
            "definition.",
        ),
        (
            {"port": 80},
            {},
            DEPENDS,
            "InvalidParameterException: The container api did not have a container port 8080 defined.",
        ),
        (
            {},
            {"networkConfiguration": None},
            DEPENDS,
            "InvalidParameterException: Network Configuration must be provided when networkMode "
            "'awsvpc' is specified.",
        ),
        (
            {},
            {"loadBalancers": None},
            DEPENDS,
            "InvalidParameterException: Health check grace period is only valid for services "
            "configured to use load balancers",
        ),
    ],
)
def test_what_create_service_refuses(
    wiring: dict[str, Any], service: dict[str, Any], depends: list[str], says: str
) -> None:
    found = _wired(**wiring).problems(SERVICE, _service(**service), depends)
    assert len(found) == 1 and found[0].startswith(says), found


def test_a_cluster_from_outside_the_program_is_left_to_ecs() -> None:
    other = "arn:aws:ecs:us-east-1:123456789012:cluster/shared"
    assert _wired().problems(SERVICE, _service(cluster=other), DEPENDS) == []
