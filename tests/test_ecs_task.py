"""The task definition and IAM documents as data: stable JSON, exact grants, right-sizing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fargate_stacks.components import ecs_task
from fargate_stacks.spec.models import ServiceSpec

SM_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbC123"
SM_NO_SUFFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key"
SM_JSON_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-XyZ789:username::"
SSM_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/token"
IDS = {"partition": "aws", "region": "us-east-1", "account": "123456789012"}


def service(**overrides: object) -> ServiceSpec:
    data: dict[str, object] = {
        "name": "api",
        "image": "nginx:1.27",
        "cpu": "0.5 vCPU",
        "memory": "1 GB",
        "port": 8080,
    }
    data.update(overrides)
    return ServiceSpec.model_validate(data)


def definitions(spec: ServiceSpec) -> list[dict[str, Any]]:
    containers = ecs_task.containers_from_spec(spec)
    _, memory = ecs_task.task_size(spec)
    return json.loads(
        ecs_task.container_definitions(
            containers,
            task_memory=memory,
            log_group="/fargate-stacks/dev/web/api",
            region="us-east-1",
        )
    )


def test_container_definitions_do_not_depend_on_the_order_keys_were_written() -> None:
    a = service(environment={"B": "2", "A": "1"}, secrets={"Y": SSM_ARN, "X": SM_ARN})
    b = service(environment={"A": "1", "B": "2"}, secrets={"X": SM_ARN, "Y": SSM_ARN})
    text_a = ecs_task.container_definitions(
        ecs_task.containers_from_spec(a), task_memory=1024, log_group="g", region="us-east-1"
    )
    text_b = ecs_task.container_definitions(
        ecs_task.containers_from_spec(b), task_memory=1024, log_group="g", region="us-east-1"
    )
    assert text_a == text_b
    assert text_a == json.dumps(json.loads(text_a), sort_keys=True, separators=(",", ":"))
    main = json.loads(text_a)[0]
    assert [e["name"] for e in main["environment"]] == ["A", "B"]
    assert main["secrets"] == [
        {"name": "X", "valueFrom": SM_ARN},
        {"name": "Y", "valueFrom": SSM_ARN},
    ]


def test_main_container_logs_ports_and_health_check() -> None:
    spec = service(
        health_check={"command": ["curl", "-f", "http://localhost:8080/"], "startPeriod": 20},
        read_only_root_filesystem=True,
    )
    main = definitions(spec)[0]
    assert main["name"] == "api" and main["essential"] is True
    assert main["portMappings"] == [
        {"name": "api", "containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}
    ]
    assert main["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": "/fargate-stacks/dev/web/api",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "api",
        },
    }
    assert main["healthCheck"] == {
        "command": ["CMD-SHELL", "curl -f http://localhost:8080/"],
        "interval": 30,
        "timeout": 5,
        "retries": 3,
        "startPeriod": 20,
    }
    assert main["readonlyRootFilesystem"] is True
    assert "linuxParameters" not in main


def test_explicit_cmd_health_check_is_kept_verbatim() -> None:
    main = definitions(service(health_check={"command": ["CMD", "/bin/health"]}))[0]
    assert main["healthCheck"]["command"] == ["CMD", "/bin/health"]


def test_sidecars_get_their_own_settings_and_every_container_a_memory_figure() -> None:
    spec = service(
        sidecars=[
            {"name": "envoy", "image": "envoy:1", "cpu": 128, "memory": 256, "port": 9901},
            {"name": "xray", "image": "xray:3", "essential": False},
        ]
    )
    main, envoy, xray = definitions(spec)
    assert envoy["cpu"] == 128 and envoy["memory"] == 256 and "memoryReservation" not in envoy
    assert envoy["logConfiguration"]["options"]["awslogs-stream-prefix"] == "envoy"
    assert xray["essential"] is False
    assert xray["memoryReservation"] == ecs_task.SIDECAR_RESERVATION_MIB
    # the main container's soft reservation is what the sidecars leave of the task's 1 GB
    assert main["memoryReservation"] == 1024 - 256 - ecs_task.SIDECAR_RESERVATION_MIB
    assert "memory" not in main


def test_exec_turns_on_the_init_process() -> None:
    assert definitions(service(exec=True))[0]["linuxParameters"] == {"initProcessEnabled": True}


def test_size_is_right_sized_from_the_containers_when_the_spec_gives_none() -> None:
    spec = ServiceSpec.model_validate(
        {
            "name": "api",
            "image": "app:1",
            "sidecars": [
                {"name": "agent", "image": "agent:1", "cpu": "0.5 vCPU", "memory": "1.5 GB"}
            ],
        }
    )
    # 512 units and 1536 + 6 MiB (the main container's minimum) -> 0.5 vCPU / 2 GB
    assert ecs_task.task_size(spec) == (512, 2048)
    assert ecs_task.task_size(service()) == (512, 1024)


def test_efs_volumes_use_transit_encryption_and_iam_through_the_access_point() -> None:
    spec = service(
        volumes=[
            {
                "name": "data",
                "mountPath": "/data",
                "efs": {
                    "fileSystemId": "fs-0123456789abcdef0",
                    "accessPointId": "fsap-0123456789abcdef0",
                },
            },
            {
                "name": "assets",
                "mountPath": "/assets",
                "readOnly": True,
                "efs": {
                    "fileSystemId": "fs-0123456789abcdef1",
                    "rootDirectory": "/assets",
                    "iam": False,
                },
            },
        ]
    )
    volumes = ecs_task.efs_volumes(spec.volumes)
    assert [v["name"] for v in volumes] == ["assets", "data"]
    assert volumes[1]["efs_volume_configuration"] == {
        "file_system_id": "fs-0123456789abcdef0",
        "transit_encryption": "ENABLED",
        "authorization_config": {"access_point_id": "fsap-0123456789abcdef0", "iam": "ENABLED"},
    }
    assert volumes[0]["efs_volume_configuration"] == {
        "file_system_id": "fs-0123456789abcdef1",
        "transit_encryption": "ENABLED",
        "root_directory": "/assets",
    }
    main = definitions(spec)[0]
    assert main["mountPoints"] == [
        {"sourceVolume": "assets", "containerPath": "/assets", "readOnly": True},
        {"sourceVolume": "data", "containerPath": "/data", "readOnly": False},
    ]


@pytest.mark.parametrize(
    ("value_from", "expected"),
    [
        (SM_ARN, ("secretsmanager:GetSecretValue", SM_ARN)),
        (SM_NO_SUFFIX, ("secretsmanager:GetSecretValue", SM_NO_SUFFIX + "-??????")),
        (
            SM_JSON_KEY,
            (
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:creds-XyZ789",
            ),
        ),
        (SSM_ARN, ("ssm:GetParameters", SSM_ARN)),
    ],
)
def test_secret_references_become_the_secret_own_arn(
    value_from: str, expected: tuple[str, str]
) -> None:
    assert ecs_task.secret_resource(value_from) == expected


def test_execution_role_reads_exactly_the_referenced_secrets() -> None:
    spec = service(
        secrets={"DB": SM_ARN, "TOKEN": SSM_ARN},
        sidecars=[{"name": "agent", "image": "a:1", "secrets": {"KEY": SM_NO_SUFFIX}}],
    )
    doc = json.loads(ecs_task.execution_secrets_policy(ecs_task.containers_from_spec(spec)) or "{}")
    assert doc["Statement"] == [
        {
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": sorted([SM_ARN, SM_NO_SUFFIX + "-??????"]),
        },
        {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": [SSM_ARN]},
    ]
    assert "kms:Decrypt" not in json.dumps(doc)
    assert ecs_task.execution_secrets_policy(ecs_task.containers_from_spec(service())) is None


def test_task_role_grants_only_the_spec_plus_what_exec_and_efs_imply() -> None:
    spec = service(
        exec=True,
        permissions=[
            {
                "actions": ["sqs:ReceiveMessage"],
                "resources": ["arn:aws:sqs:us-east-1:123456789012:jobs"],
            }
        ],
        volumes=[
            {
                "name": "data",
                "mountPath": "/data",
                "efs": {
                    "fileSystemId": "fs-0123456789abcdef0",
                    "accessPointId": "fsap-0123456789abcdef0",
                },
            }
        ],
    )
    doc = json.loads(
        ecs_task.task_role_policy(spec.permissions, exec_enabled=True, volumes=spec.volumes, **IDS)
        or "{}"
    )
    first, exec_statement, efs = doc["Statement"]
    assert first == {
        "Effect": "Allow",
        "Action": ["sqs:ReceiveMessage"],
        "Resource": ["arn:aws:sqs:us-east-1:123456789012:jobs"],
    }
    assert exec_statement["Action"] == sorted(ecs_task.EXEC_ACTIONS)
    assert len(exec_statement["Action"]) == 4
    assert efs["Action"] == ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    assert efs["Resource"] == (
        "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
    )
    assert efs["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"].endswith(
        "access-point/fsap-0123456789abcdef0"
    )
    assert ecs_task.task_role_policy([], exec_enabled=False, volumes=[], **IDS) is None


def test_task_role_trust_is_limited_to_this_account() -> None:
    doc = json.loads(ecs_task.trust_policy("ecs-tasks.amazonaws.com", "123456789012"))
    (statement,) = doc["Statement"]
    assert statement["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert statement["Action"] == "sts:AssumeRole"
    assert statement["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}
