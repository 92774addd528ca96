"""What an ECS task definition and its two IAM roles say, as plain data.

No Pulumi here: the component resolves the few values only AWS knows (region, account, partition,
names) and hands them in as strings. That keeps the JSON testable on its own and stable: every
mapping is emitted with sorted keys and every list in a fixed order, so the same spec always
yields byte-identical ``containerDefinitions`` and never a spurious new task-definition revision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..fargate.rightsizing import MIN_CONTAINER_MIB, SIDECAR_RESERVATION_MIB, service_size
from ..spec.models import HealthCheckSpec, PermissionSpec, ServiceSpec, VolumeSpec

if TYPE_CHECKING:  # the shapes pulumi_aws takes, for the type checker only
    from pulumi_aws.ecs import (
        TaskDefinitionVolumeArgsDict,
        TaskDefinitionVolumeEfsVolumeConfigurationArgsDict,
        TaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfigArgsDict,
    )

# A sidecar that declares no memory still gets a soft reservation (SIDECAR_RESERVATION_MIB), so
# ECS (and moto, which cannot place a container without one) can account for it; soft, so it
# never kills the sidecar. ECS refuses a container with less than MIN_CONTAINER_MIB.

TASK_EXECUTION_POLICY = "service-role/AmazonECSTaskExecutionRolePolicy"
# What ECS Exec needs on the task role (ECS Developer Guide, ecs-exec.html).
EXEC_ACTIONS = (
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
)
EFS_ACTIONS = ("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite")
EFS_READ_ONLY_ACTIONS = ("elasticfilesystem:ClientMount",)

# runtimePlatform.operatingSystemFamily for the spec's os (Windows: Server 2022 Core, the
# smallest image Fargate runs).
OS_FAMILY = {"linux": "LINUX", "windows": "WINDOWS_SERVER_2022_CORE"}
CPU_ARCHITECTURE = {"x86_64": "X86_64", "arm64": "ARM64"}

_SECRETS_MANAGER_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}$")


@dataclass(frozen=True)
class ContainerArgs:
    """One container of a task, as the platform team describes it."""

    name: str
    image: str
    cpu: int | None = None
    memory: int | None = None
    memory_reservation: int | None = None
    port: int | None = None
    essential: bool = True
    command: Sequence[str] | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)  # variable -> secret/parameter ARN
    health_check: HealthCheckSpec | None = None
    mounts: Sequence[VolumeSpec] = ()
    read_only_root_filesystem: bool = False
    init_process: bool = False  # ECS Exec wants an init process to reap its agent's children

    @property
    def declared_memory(self) -> int | None:
        return self.memory if self.memory is not None else self.memory_reservation


def containers_from_spec(service: ServiceSpec) -> list[ContainerArgs]:
    """The main container (named after the service, with its volumes) then the sidecars."""
    main = ContainerArgs(
        name=service.name,
        image=service.image,
        port=service.port,
        command=service.command,
        environment=service.environment,
        secrets=service.secrets,
        health_check=service.health_check,
        mounts=tuple(service.volumes),
        read_only_root_filesystem=service.read_only_root_filesystem,
        init_process=service.exec_ and service.os == "linux",
    )
    sidecars = [
        ContainerArgs(
            name=c.name,
            image=c.image,
            cpu=c.cpu,
            memory=c.memory,
            memory_reservation=c.memory_reservation,
            port=c.port,
            essential=c.essential,
            command=c.command,
            environment=c.environment,
            secrets=c.secrets,
            health_check=c.health_check,
            read_only_root_filesystem=service.read_only_root_filesystem,
        )
        for c in service.sidecars
    ]
    return [main, *sidecars]


def task_size(service: ServiceSpec) -> tuple[int, int]:
    """The spec's size, or the cheapest valid Fargate size that holds its containers' needs:
    the very function ``cost`` prices with, so the bill estimate is the size deployed."""
    return service_size(service)


# ---------------------------------------------------------------- containerDefinitions


def _health_check(check: HealthCheckSpec) -> dict[str, Any]:
    command = list(check.command)
    if command[0] not in ("CMD", "CMD-SHELL", "NONE"):
        command = ["CMD-SHELL", " ".join(command)]
    return {
        "command": command,
        "interval": check.interval,
        "timeout": check.timeout,
        "retries": check.retries,
        "startPeriod": check.start_period,
    }


def _memory(containers: Sequence[ContainerArgs], task_memory: int) -> dict[str, int]:
    """Soft reservations: the main container gets what the sidecars do not declare."""
    undeclared = [c for c in containers[1:] if c.declared_memory is None]
    used = sum(c.declared_memory or 0 for c in containers[1:]) + SIDECAR_RESERVATION_MIB * len(
        undeclared
    )
    out = {c.name: SIDECAR_RESERVATION_MIB for c in undeclared}
    main = containers[0]
    if main.declared_memory is None:
        out[main.name] = max(MIN_CONTAINER_MIB, task_memory - used)
    return out


def container_definition(
    container: ContainerArgs,
    *,
    log_group: str,
    region: str,
    stream_prefix: str,
    reservation: int | None = None,
) -> dict[str, Any]:
    """One entry of ``containerDefinitions`` with only the keys that carry a value."""
    out: dict[str, Any] = {
        "name": container.name,
        "image": container.image,
        "essential": container.essential,
        "readonlyRootFilesystem": container.read_only_root_filesystem,
        "environment": [{"name": k, "value": v} for k, v in sorted(container.environment.items())],
        "secrets": [{"name": k, "valueFrom": v} for k, v in sorted(container.secrets.items())],
        "mountPoints": [
            {"sourceVolume": v.name, "containerPath": v.mount_path, "readOnly": v.read_only}
            for v in sorted(container.mounts, key=lambda v: v.name)
        ],
        "portMappings": [],
        "volumesFrom": [],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": log_group,
                "awslogs-region": region,
                "awslogs-stream-prefix": stream_prefix,
            },
        },
    }
    if container.port is not None:
        out["portMappings"] = [
            {
                "name": container.name,
                "containerPort": container.port,
                "hostPort": container.port,
                "protocol": "tcp",
            }
        ]
    if container.cpu is not None:
        out["cpu"] = container.cpu
    if container.memory is not None:
        out["memory"] = container.memory
    if container.memory_reservation is not None:
        out["memoryReservation"] = container.memory_reservation
    elif reservation is not None and container.memory is None:
        out["memoryReservation"] = reservation
    if container.command:
        out["command"] = list(container.command)
    if container.health_check is not None:
        out["healthCheck"] = _health_check(container.health_check)
    if container.init_process:
        out["linuxParameters"] = {"initProcessEnabled": True}
    return out


def container_definitions(
    containers: Sequence[ContainerArgs], *, task_memory: int, log_group: str, region: str
) -> str:
    """The task's ``containerDefinitions`` JSON; keys sorted, so it never churns.

    Each container logs to the service's log group under its own name as stream prefix
    (streams are ``<container>/<container>/<task id>``).
    """
    reservations = _memory(containers, task_memory)
    defs = [
        container_definition(
            c,
            log_group=log_group,
            region=region,
            stream_prefix=c.name,
            reservation=reservations.get(c.name),
        )
        for c in containers
    ]
    return json.dumps(defs, sort_keys=True, separators=(",", ":"))


def efs_volumes(volumes: Sequence[VolumeSpec]) -> list[TaskDefinitionVolumeArgsDict]:
    """Task definition ``volumes`` (snake_case for pulumi_aws) for EFS mounts, sorted by name."""
    out: list[TaskDefinitionVolumeArgsDict] = []
    for v in sorted(volumes, key=lambda v: v.name):
        efs: TaskDefinitionVolumeEfsVolumeConfigurationArgsDict = {
            "file_system_id": v.efs.file_system_id,
            "transit_encryption": "ENABLED" if v.efs.transit_encryption else "DISABLED",
        }
        auth: TaskDefinitionVolumeEfsVolumeConfigurationAuthorizationConfigArgsDict = {}
        if v.efs.access_point_id:
            auth["access_point_id"] = v.efs.access_point_id  # the access point sets the root
        else:
            efs["root_directory"] = v.efs.root_directory
        if v.efs.iam:
            auth["iam"] = "ENABLED"
        if auth:
            efs["authorization_config"] = auth
        out.append({"name": v.name, "efs_volume_configuration": efs})
    return out


# ---------------------------------------------------------------- IAM documents


def trust_policy(service: str, source_account: str | None = None) -> str:
    """A role that only ``service`` (e.g. ecs-tasks.amazonaws.com) may assume, optionally only
    on behalf of this account (the confused-deputy guard AWS recommends for task roles)."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if source_account:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": source_account}}
    return _document([statement])


def secret_resource(value_from: str) -> tuple[str, str]:
    """(IAM action, resource) that lets the execution role read one ``valueFrom`` reference.

    Secrets Manager references may carry ``:json-key:version-stage:version-id`` after the ARN,
    and the ARN may leave out the 6-character suffix AWS appends to the name; IAM needs the
    secret's own ARN, so the suffix becomes ``-??????`` when absent.
    """
    parts = value_from.split(":")
    if parts[2] == "ssm":
        return "ssm:GetParameters", value_from
    arn = ":".join(parts[:7])
    if not _SECRETS_MANAGER_SUFFIX.search(parts[6]):
        arn += "-??????"
    return "secretsmanager:GetSecretValue", arn


def execution_secrets_policy(containers: Sequence[ContainerArgs]) -> str | None:
    """Read access to exactly the secrets the containers reference; None when there are none.

    Secrets encrypted with the AWS-managed key need no kms:Decrypt grant, and the spec names no
    customer key, so none is granted.
    """
    by_action: dict[str, set[str]] = {}
    for c in containers:
        for value_from in c.secrets.values():
            action, resource = secret_resource(value_from)
            by_action.setdefault(action, set()).add(resource)
    if not by_action:
        return None
    return _document(
        [
            {"Effect": "Allow", "Action": action, "Resource": sorted(resources)}
            for action, resources in sorted(by_action.items())
        ]
    )


def efs_file_system_arn(file_system_id: str, *, partition: str, region: str, account: str) -> str:
    return f"arn:{partition}:elasticfilesystem:{region}:{account}:file-system/{file_system_id}"


def task_role_policy(
    permissions: Sequence[PermissionSpec],
    *,
    exec_enabled: bool,
    volumes: Sequence[VolumeSpec],
    partition: str,
    region: str,
    account: str,
) -> str | None:
    """Exactly what the spec grants, plus ECS Exec's channels and EFS IAM-auth mounts it
    implies; None when the task needs nothing (the role then has no policy at all)."""
    statements: list[dict[str, Any]] = [
        {"Effect": "Allow", "Action": list(p.actions), "Resource": list(p.resources)}
        for p in permissions
    ]
    if exec_enabled:
        statements.append({"Effect": "Allow", "Action": list(EXEC_ACTIONS), "Resource": "*"})
    for v in sorted(volumes, key=lambda v: v.name):
        if not v.efs.iam:
            continue
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Action": list(EFS_READ_ONLY_ACTIONS if v.read_only else EFS_ACTIONS),
            "Resource": efs_file_system_arn(
                v.efs.file_system_id, partition=partition, region=region, account=account
            ),
        }
        if v.efs.access_point_id:
            statement["Condition"] = {
                "StringEquals": {
                    "elasticfilesystem:AccessPointArn": (
                        f"arn:{partition}:elasticfilesystem:{region}:{account}:access-point/"
                        f"{v.efs.access_point_id}"
                    )
                }
            }
        statements.append(statement)
    return _document(statements) if statements else None


def _document(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)
