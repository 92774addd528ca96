"""EcsFargateService under Pulumi mocks: every resource's inputs for a representative spec."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from fargate_stacks.components.ecs_service import ELB_NAME_LIMIT, EcsFargateServiceArgs, elb_name
from fargate_stacks.components.ecs_task import EXEC_ACTIONS, ContainerArgs
from fargate_stacks.components.stack import build_stack
from fargate_stacks.spec import spec_from_data
from pulumi_harness import Recorded, RunResult, iam_actions, run

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbC123"
PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/api/token"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:jobs"

SPEC: dict[str, Any] = {
    "tags": {"team": "platform", "env": "dev"},
    "network": {"cidr": "10.20.0.0/16", "azCount": 2, "nat": "single"},
    "ecs": {
        "clusters": [
            {
                "name": "web",
                "tags": {"cost-center": "42"},
                "services": [
                    {
                        "name": "api",
                        "image": "public.ecr.aws/nginx/nginx:1.27",
                        "architecture": "arm64",
                        "cpu": "1 vCPU",
                        "memory": "2 GB",
                        "port": 8080,
                        "healthCheck": {"command": ["curl", "-f", "http://localhost:8080/health"]},
                        "loadBalancer": {
                            "scheme": "public",
                            "healthCheckPath": "/health",
                            "certificateArn": CERT,
                        },
                        "desiredCount": 2,
                        "autoscaling": {
                            "min": 2,
                            "max": 10,
                            "cpuTarget": 60,
                            "memoryTarget": 75,
                            "requestsPerTarget": 1000,
                            "schedules": [
                                {
                                    "name": "night",
                                    "schedule": "cron(0 20 * * ? *)",
                                    "min": 1,
                                    "max": 4,
                                    "timezone": "Europe/Paris",
                                }
                            ],
                        },
                        "capacity": {"onDemandBase": 1, "spotPercent": 75},
                        "secrets": {"DB_PASSWORD": SECRET, "TOKEN": PARAM},
                        "environment": {"LOG_LEVEL": "info"},
                        "exec": True,
                        "ephemeralStorage": 40,
                        "logging": {"retentionDays": 90},
                        "volumes": [
                            {
                                "name": "data",
                                "mountPath": "/data",
                                "efs": {
                                    "fileSystemId": "fs-0123456789abcdef0",
                                    "accessPointId": "fsap-0123456789abcdef0",
                                },
                            }
                        ],
                        "sidecars": [
                            {
                                "name": "otel",
                                "image": "otel/collector:0.100",
                                "cpu": 128,
                                "memory": 256,
                                "essential": False,
                            }
                        ],
                        "permissions": [{"actions": ["sqs:SendMessage"], "resources": [QUEUE]}],
                        "tags": {"service-tier": "gold"},
                    },
                    {
                        "name": "worker",
                        "image": "public.ecr.aws/docker/library/python:3.12-slim",
                        "command": ["python", "-m", "worker"],
                        "capacity": {"spotPercent": 100},
                        "sidecars": [
                            {
                                "name": "agent",
                                "image": "agent:1",
                                "cpu": "0.5 vCPU",
                                "memory": "1.5 GB",
                            }
                        ],
                    },
                ],
            }
        ]
    },
}


@pytest.fixture(scope="module")
def result() -> RunResult:
    spec = spec_from_data(SPEC)
    return run(lambda: build_stack(spec), stack="dev")


def api(result: RunResult, type_: str, suffix: str = "") -> Recorded:
    return result.one(type_, f"web-api{suffix}")


def owned(result: RunResult, service: str, type_: str) -> list[Recorded]:
    """The ``type_`` resources the service component ``web-<service>`` created: counted by
    parent, so a renamed resource cannot make an absence assertion pass by itself."""
    component = result.one("fargate-stacks:ecs:EcsFargateService", f"web-{service}")
    return [r for r in result.children(component) if r.type == type_]


def test_task_definition_is_fargate_awsvpc_with_platform_and_storage(result: RunResult) -> None:
    task = api(result, "aws:ecs/taskDefinition:TaskDefinition")
    inputs = task.inputs
    assert inputs["family"] == "web-api"
    assert (inputs["cpu"], inputs["memory"]) == ("1024", "2048")
    assert inputs["networkMode"] == "awsvpc" and inputs["requiresCompatibilities"] == ["FARGATE"]
    assert inputs["runtimePlatform"] == {
        "operatingSystemFamily": "LINUX",
        "cpuArchitecture": "ARM64",
    }
    assert inputs["ephemeralStorage"] == {"sizeInGib": 40}
    assert inputs["volumes"] == [
        {
            "name": "data",
            "efsVolumeConfiguration": {
                "fileSystemId": "fs-0123456789abcdef0",
                "transitEncryption": "ENABLED",
                "authorizationConfig": {
                    "accessPointId": "fsap-0123456789abcdef0",
                    "iam": "ENABLED",
                },
            },
        }
    ]
    assert (
        inputs["executionRoleArn"] == api(result, "aws:iam/role:Role", "-execution").outputs["arn"]
    )
    assert inputs["taskRoleArn"] == api(result, "aws:iam/role:Role", "-task").outputs["arn"]
    containers = json.loads(inputs["containerDefinitions"])
    assert [c["name"] for c in containers] == ["api", "otel"]
    main = containers[0]
    assert main["portMappings"][0]["containerPort"] == 8080
    assert main["logConfiguration"]["options"] == {
        "awslogs-group": "/fargate-stacks/dev/web/api",
        "awslogs-region": "us-east-1",
        "awslogs-stream-prefix": "api",
    }
    assert main["secrets"] == [
        {"name": "DB_PASSWORD", "valueFrom": SECRET},
        {"name": "TOKEN", "valueFrom": PARAM},
    ]
    assert main["mountPoints"] == [
        {"sourceVolume": "data", "containerPath": "/data", "readOnly": False}
    ]
    assert containers[1]["essential"] is False


def test_unsized_service_is_right_sized_from_its_containers(result: RunResult) -> None:
    task = result.one("aws:ecs/taskDefinition:TaskDefinition", "web-worker")
    assert (task.inputs["cpu"], task.inputs["memory"]) == ("512", "2048")
    assert result.outputs["ecsClusters"]["web"]["services"]["worker"]["cpu"] == 512


def test_log_group_has_the_retention_and_a_per_stack_name(result: RunResult) -> None:
    log_group = api(result, "aws:cloudwatch/logGroup:LogGroup")
    assert log_group.inputs["name"] == "/fargate-stacks/dev/web/api"
    assert log_group.inputs["retentionInDays"] == 90
    worker = result.one("aws:cloudwatch/logGroup:LogGroup", "web-worker")
    assert worker.inputs["retentionInDays"] == 30  # the default


def test_capacity_strategy_follows_the_spot_intent(result: RunResult) -> None:
    service = api(result, "aws:ecs/service:Service")
    assert service.inputs["capacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 3},
    ]
    assert "launchType" not in service.inputs
    worker = result.one("aws:ecs/service:Service", "web-worker")
    assert worker.inputs["capacityProviderStrategies"] == [
        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}
    ]


def test_service_runs_private_with_circuit_breaker_and_exec(result: RunResult) -> None:
    service = api(result, "aws:ecs/service:Service")
    inputs = service.inputs
    assert inputs["name"] == "api"
    assert inputs["cluster"] == result.one("aws:ecs/cluster:Cluster", "web").outputs["arn"]
    assert (
        inputs["taskDefinition"]
        == api(result, "aws:ecs/taskDefinition:TaskDefinition").outputs["arn"]
    )
    network = inputs["networkConfiguration"]
    assert network["assignPublicIp"] is False
    assert network["subnets"] == result.outputs["privateSubnetIds"]
    assert network["securityGroups"] == [
        api(result, "aws:ec2/securityGroup:SecurityGroup", "-tasks").id
    ]
    assert inputs["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert (inputs["deploymentMinimumHealthyPercent"], inputs["deploymentMaximumPercent"]) == (
        100,
        200,
    )
    assert inputs["propagateTags"] == "SERVICE"
    assert inputs["enableExecuteCommand"] is True
    assert inputs["loadBalancers"] == [
        {
            "targetGroupArn": api(result, "aws:lb/targetGroup:TargetGroup").outputs["arn"],
            "containerName": "api",
            "containerPort": 8080,
        }
    ]
    assert inputs["desiredCount"] == 2
    assert service.ignore_changes == ["desiredCount"]  # App Auto Scaling owns it
    worker = result.one("aws:ecs/service:Service", "web-worker")
    assert worker.ignore_changes == [] and worker.inputs["enableExecuteCommand"] is False
    assert "loadBalancers" not in worker.inputs


def test_service_security_group_admits_only_the_load_balancer(result: RunResult) -> None:
    tasks = api(result, "aws:ec2/securityGroup:SecurityGroup", "-tasks")
    alb = api(result, "aws:ec2/securityGroup:SecurityGroup", "-alb")
    assert tasks.inputs["ingress"] == [
        {
            "protocol": "tcp",
            "fromPort": 8080,
            "toPort": 8080,
            "securityGroups": [alb.id],
            "description": "container port from the load balancer only",
        }
    ]
    assert tasks.inputs["egress"][0]["cidrBlocks"] == ["0.0.0.0/0"]
    worker = result.one("aws:ec2/securityGroup:SecurityGroup", "web-worker-tasks")
    assert worker.inputs.get("ingress", []) == []
    # ALB: 80 and 443 from the internet (public), out only to the container port in the VPC
    assert sorted((r["fromPort"], tuple(r["cidrBlocks"])) for r in alb.inputs["ingress"]) == [
        (80, ("0.0.0.0/0",)),
        (443, ("0.0.0.0/0",)),
    ]
    assert alb.inputs["egress"] == [
        {
            "protocol": "tcp",
            "fromPort": 8080,
            "toPort": 8080,
            "cidrBlocks": ["10.20.0.0/16"],
            # EC2 takes only a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$* in a rule description: the
            # provider refuses the apostrophe of "to the tasks' container port" at plan
            "description": "to the container port of the tasks",
        }
    ]


def test_load_balancer_target_group_and_listeners(result: RunResult) -> None:
    balancer = api(result, "aws:lb/loadBalancer:LoadBalancer")
    assert balancer.inputs["internal"] is False
    assert balancer.inputs["loadBalancerType"] == "application"
    assert balancer.inputs["subnets"] == result.outputs["publicSubnetIds"]
    assert balancer.inputs["dropInvalidHeaderFields"] is True
    assert len(balancer.inputs["name"]) <= ELB_NAME_LIMIT
    group = api(result, "aws:lb/targetGroup:TargetGroup")
    assert group.inputs["targetType"] == "ip" and group.inputs["port"] == 8080
    assert group.inputs["healthCheck"]["path"] == "/health"
    assert group.inputs["vpcId"] == result.one("aws:ec2/vpc:Vpc").id
    http = api(result, "aws:lb/listener:Listener", "-http")
    assert http.inputs["port"] == 80
    assert http.inputs["defaultActions"] == [
        {
            "type": "redirect",
            "redirect": {"statusCode": "HTTP_301", "protocol": "HTTPS", "port": "443"},
        }
    ]
    https = api(result, "aws:lb/listener:Listener", "-https")
    assert https.inputs["certificateArn"] == CERT and https.inputs["protocol"] == "HTTPS"
    assert https.inputs["defaultActions"] == [
        {"type": "forward", "targetGroupArn": group.outputs["arn"]}
    ]
    assert result.outputs["ecsClusters"]["web"]["services"]["api"]["url"].startswith("https://")
    # the service waits for the listener: ECS refuses a target group without a load balancer
    assert https.urn in api(result, "aws:ecs/service:Service").dependencies


def test_autoscaling_target_policies_and_schedules(result: RunResult) -> None:
    cluster_name = result.one("aws:ecs/cluster:Cluster", "web").outputs["name"]
    target = api(result, "aws:appautoscaling/target:Target")
    assert target.inputs["resourceId"] == f"service/{cluster_name}/api"
    assert target.inputs["scalableDimension"] == "ecs:service:DesiredCount"
    assert target.inputs["serviceNamespace"] == "ecs"
    assert (target.inputs["minCapacity"], target.inputs["maxCapacity"]) == (2, 10)
    policies = {p.name: p.inputs for p in result.of_type("aws:appautoscaling/policy:Policy")}
    assert sorted(policies) == ["web-api-cpu", "web-api-memory", "web-api-requests"]
    metrics = {name: p["targetTrackingScalingPolicyConfiguration"] for name, p in policies.items()}
    assert metrics["web-api-cpu"]["predefinedMetricSpecification"] == {
        "predefinedMetricType": "ECSServiceAverageCPUUtilization"
    }
    assert metrics["web-api-cpu"]["targetValue"] == 60
    assert (
        metrics["web-api-memory"]["predefinedMetricSpecification"]["predefinedMetricType"]
        == "ECSServiceAverageMemoryUtilization"
    )
    requests = metrics["web-api-requests"]["predefinedMetricSpecification"]
    alb = api(result, "aws:lb/loadBalancer:LoadBalancer").outputs["arnSuffix"]
    tg = api(result, "aws:lb/targetGroup:TargetGroup").outputs["arnSuffix"]
    assert requests == {
        "predefinedMetricType": "ALBRequestCountPerTarget",
        "resourceLabel": f"{alb}/{tg}",
    }
    assert alb.startswith("app/") and tg.startswith("targetgroup/")
    assert all(
        p["resourceId"] == f"service/{cluster_name}/api"
        and p["policyType"] == "TargetTrackingScaling"
        for p in policies.values()
    )
    night = result.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-api-night")
    assert night.inputs["schedule"] == "cron(0 20 * * ? *)"
    assert night.inputs["timezone"] == "Europe/Paris"
    assert night.inputs["scalableTargetAction"] == {"minCapacity": 1, "maxCapacity": 4}
    targets = "aws:appautoscaling/target:Target"
    assert (len(owned(result, "api", targets)), len(owned(result, "worker", targets))) == (1, 0)


def test_execution_role_reads_exactly_its_secrets(result: RunResult) -> None:
    role = api(result, "aws:iam/role:Role", "-execution")
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    attachment = result.one(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-api-execution"
    )
    assert (
        attachment.inputs["policyArn"]
        == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    )
    assert attachment.inputs["role"] == role.outputs["name"]
    policy = json.loads(
        result.one("aws:iam/rolePolicy:RolePolicy", "web-api-execution-secrets").inputs["policy"]
    )
    assert {(s["Action"], tuple(s["Resource"])) for s in policy["Statement"]} == {
        ("secretsmanager:GetSecretValue", (SECRET,)),
        ("ssm:GetParameters", (PARAM,)),
    }
    # the worker references no secret, so its execution role gets the managed policy only
    assert [p.name for p in owned(result, "worker", "aws:iam/rolePolicy:RolePolicy")] == []
    assert len(owned(result, "worker", "aws:iam/rolePolicyAttachment:RolePolicyAttachment")) == 1


def test_task_role_grants_the_spec_exec_and_efs_only(result: RunResult) -> None:
    role = api(result, "aws:iam/role:Role", "-task")
    trust = json.loads(role.inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"}
    }
    policy = result.one("aws:iam/rolePolicy:RolePolicy", "web-api-task")
    assert policy.inputs["role"] == role.id
    assert iam_actions(policy.inputs["policy"]) == {
        "sqs:SendMessage",
        *EXEC_ACTIONS,
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
    }
    # the worker is granted nothing: its task role carries no policy at all
    assert len(owned(result, "worker", "aws:iam/role:Role")) == 2  # execution and task roles
    assert sorted(p.name for p in owned(result, "api", "aws:iam/rolePolicy:RolePolicy")) == [
        "web-api-execution-secrets",
        "web-api-task",
    ]
    assert owned(result, "worker", "aws:iam/rolePolicy:RolePolicy") == []


def test_least_privilege_across_the_stack(result: RunResult) -> None:
    for policy in result.of_type("aws:iam/rolePolicy:RolePolicy"):
        assert not {a for a in iam_actions(policy.inputs["policy"]) if "*" in a}, policy.name
    for sg in result.of_type("aws:ec2/securityGroup:SecurityGroup"):
        if sg.name.endswith("-tasks"):
            for rule in sg.inputs.get("ingress", []):
                assert "0.0.0.0/0" not in rule.get("cidrBlocks", []), sg.name
                assert not rule.get("cidrBlocks"), sg.name


def test_a_star_action_appears_only_when_the_spec_grants_it() -> None:
    data = json.loads(json.dumps(SPEC))
    worker = data["ecs"]["clusters"][0]["services"][1]
    worker["permissions"] = [{"actions": ["*"], "resources": ["*"]}]
    data["ecs"]["clusters"][0]["services"] = [worker]
    spec = spec_from_data(data)
    result = run(lambda: build_stack(spec), stack="dev")
    policy = result.one("aws:iam/rolePolicy:RolePolicy", "web-worker-task")
    assert iam_actions(policy.inputs["policy"]) == {"*"}


def test_tags_merge_stack_cluster_and_service(result: RunResult) -> None:
    service = api(result, "aws:ecs/service:Service")
    assert service.inputs["tags"] == {
        "team": "platform",
        "env": "dev",
        "cost-center": "42",
        "service-tier": "gold",
    }
    worker = result.one("aws:ecs/service:Service", "web-worker")
    assert worker.inputs["tags"] == {"team": "platform", "env": "dev", "cost-center": "42"}


def test_children_belong_to_their_service_component(result: RunResult) -> None:
    component = result.one("fargate-stacks:ecs:EcsFargateService", "web-api")
    cluster = result.one("fargate-stacks:ecs:EcsFargateCluster", "web")
    assert component.parent == cluster.urn
    names = {r.name for r in result.children(component)}
    assert {
        "web-api",
        "web-api-execution",
        "web-api-task",
        "web-api-tasks",
        "web-api-alb",
        "web-api-http",
        "web-api-https",
        "web-api-cpu",
        "web-api-night",
    } <= names


def test_args_by_hand_refuse_a_size_fargate_cannot_run() -> None:
    with pytest.raises(ValueError, match=r"not valid with 0\.25 vCPU"):
        EcsFargateServiceArgs(
            cluster="web",
            service="api",
            cluster_arn="arn",
            cluster_name="web",
            vpc_id="vpc-1",
            vpc_cidr="10.0.0.0/16",
            private_subnet_ids=["subnet-1"],
            public_subnet_ids=[],
            containers=[ContainerArgs(name="api", image="nginx")],
            cpu=256,
            memory=4096,
        )


def test_elb_names_fit_and_differ_per_stack() -> None:
    long = "a" * 63
    assert len(elb_name(long, "dev", "web", long)) == ELB_NAME_LIMIT
    assert elb_name("api", "dev", "web", "api") != elb_name("api", "prod", "web", "api")
    assert elb_name("api", "dev", "web", "api") == elb_name("api", "dev", "web", "api")
    # a prefix cut right after a '-' must not leave '--' (ELB names are [a-z0-9] runs and '-')
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", elb_name("abcdefghijklmnopqrstuv-x", "s"))
