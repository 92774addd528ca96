"""The scalar types of the spec: names, sizes in friendly units, ids, ARNs.

Each type validates with a message that says what was expected and shows an example, never a
bare regular expression, and describes itself in the JSON Schema the way users write it (a
``"0.5 vCPU"`` string or a number), so editor completion accepts what the loader accepts.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from ..fargate.units import (
    UnitError,
    cpu_quantity_to_units,
    parse_ecs_cpu,
    parse_ecs_memory,
    parse_quantity,
)


@dataclass(frozen=True)
class Matching(GroupedMetadata):
    """``Annotated[str, Matching(...)]``: a string checked against ``regex``, whose error names
    ``what`` with an example. Metadata, not a function returning a type, so the alias stays a
    ``str`` that type checkers read (pydantic unpacks grouped metadata)."""

    regex: str
    what: str
    example: str

    def __iter__(self) -> Iterator[object]:
        compiled = re.compile(self.regex)
        what, example = self.what, self.example

        def check(value: str) -> str:
            if not compiled.match(value):
                raise ValueError(f"{value!r} is not {what} (such as {example!r})")
            return value

        yield AfterValidator(check)
        yield WithJsonSchema({"type": "string", "pattern": self.regex, "examples": [example]})


def _units_schema(description: str, examples: list[Any]) -> WithJsonSchema:
    return WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "number"}],
            "description": description,
            "examples": examples,
        }
    )


# ---------------------------------------------------------------- names

_NAME = re.compile(r"^[a-z]([a-z0-9-]*[a-z0-9])?$")


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            f"{value!r} is not a valid name: use lowercase letters, digits and '-', "
            "starting with a letter and not ending with '-'"
        )
    return value


Name = Annotated[str, Field(min_length=1, max_length=63), AfterValidator(_name)]

# ---------------------------------------------------------------- sizes


def _cpu(value: Any) -> int:
    units = parse_ecs_cpu(value)  # a UnitError is a ValueError: pydantic reports its message
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 16:
        raise ValueError(
            f"{value} would be {value} CPU units; write '{value} vCPU' "
            f"or units such as {int(value * 1024)}"
        )
    return units


def _memory(value: Any) -> int:
    mib = parse_ecs_memory(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 120:
        raise ValueError(
            f"{value} would be {value} MiB; write '{value} GB' or MiB such as {int(value * 1024)}"
        )
    return mib


def _gib(value: Any) -> int:
    """Ephemeral storage: ``30``, ``"30 GB"``, ``"30GiB"`` -> 30 (GiB, as ECS counts it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        mib = parse_ecs_memory(value)
    except UnitError as exc:
        raise ValueError(str(exc).replace("memory amount", "storage amount")) from None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)  # a bare number here means GiB, not MiB
    if mib % 1024:
        raise ValueError(f"{value!r} is not a whole number of GB")
    return mib // 1024


def _k8s_cpu(value: Any) -> str:
    """A container CPU request: a Kubernetes quantity (``250m``, ``0.5``) or ``"0.25 vCPU"``."""
    if isinstance(value, str) and "cpu" in value.lower():
        units = parse_ecs_cpu(value)
        millicores = Decimal(units) * 1000 / 1024
        return f"{millicores.normalize():f}m"
    cpu_quantity_to_units(value)
    return str(value)


def _k8s_memory(value: Any) -> str:
    """A container memory request: a Kubernetes quantity (``512Mi``) or ``"0.5 GB"``."""
    if isinstance(value, str) and re.search(r"\d\s*(gb|gib|mb|mib)\s*$", value, re.IGNORECASE):
        return f"{parse_ecs_memory(value)}Mi"
    parse_quantity(value)
    return str(value)


CpuUnits = Annotated[
    int,
    BeforeValidator(_cpu),
    _units_schema(
        "vCPU ('0.25 vCPU', '1 vCPU') or CPU units ('256')", ["0.5 vCPU", "1 vCPU", 2048]
    ),
]
MemoryMiB = Annotated[
    int,
    BeforeValidator(_memory),
    _units_schema("GB ('0.5 GB', '2GB', '2 GiB') or MiB ('512')", ["1 GB", "2GiB", 512]),
]
StorageGiB = Annotated[
    int, BeforeValidator(_gib), _units_schema("GiB: 30, '30 GB' or '30 GiB'", [30, "50 GB"])
]
K8sCpu = Annotated[
    str,
    BeforeValidator(_k8s_cpu),
    _units_schema(
        "a Kubernetes CPU quantity ('250m', '0.5') or '0.25 vCPU'", ["250m", "0.25 vCPU"]
    ),
]
K8sMemory = Annotated[
    str,
    BeforeValidator(_k8s_memory),
    _units_schema("a Kubernetes memory quantity ('512Mi', '1Gi') or '0.5 GB'", ["256Mi", "0.5 GB"]),
]

# ---------------------------------------------------------------- network and AWS ids


def _cidr(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value, strict=True))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an IPv4 CIDR block ({exc})") from None


Cidr = Annotated[str, AfterValidator(_cidr)]
Port = Annotated[int, Field(ge=1, le=65535)]
VpcId = Annotated[str, Matching(r"^vpc-[0-9a-f]{8,17}$", "a VPC id", "vpc-0123456789abcdef0")]
SubnetId = Annotated[
    str, Matching(r"^subnet-[0-9a-f]{8,17}$", "a subnet id", "subnet-0123456789abcdef0")
]
EfsId = Annotated[
    str, Matching(r"^fs-[0-9a-f]{8,40}$", "an EFS file system id", "fs-0123456789abcdef0")
]
AccessPointId = Annotated[
    str, Matching(r"^fsap-[0-9a-f]{8,40}$", "an EFS access point id", "fsap-0123456789abcdef0")
]
CertificateArn = Annotated[
    str,
    Matching(
        r"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/.+$",
        "an ACM certificate ARN",
        "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    ),
]
PrincipalArn = Annotated[
    str,
    Matching(
        r"^arn:aws[a-z-]*:(iam|sts)::\d{12}:(role|user|assumed-role)/.+$",
        "an IAM role or user ARN",
        "arn:aws:iam::123456789012:role/admins",
    ),
]
IamAction = Annotated[
    str, Matching(r"^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$", "an IAM action", "s3:GetObject")
]
UrlPath = Annotated[str, Matching(r"^/", "a URL path", "/health")]
MountPath = Annotated[str, Matching(r"^/", "an absolute path", "/data")]
Schedule = Annotated[
    str,
    Matching(r"^(cron|rate|at)\(.+\)$", "an App Auto Scaling schedule", "cron(0 7 ? * MON-FRI *)"),
]
PlatformVersion = Annotated[
    str, Matching(r"^(LATEST|\d+\.\d+\.\d+)$", "a Fargate platform version", "1.4.0")
]
# EKS versions under standard or extended support (1.23 and later); checked 2026-11-30.
KubernetesVersion = Annotated[
    str, Matching(r"^1\.(2[3-9]|[3-9]\d)$", "a supported EKS Kubernetes version", "1.31")
]
Namespace = Annotated[
    str,
    Matching(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "a Kubernetes namespace", "team-web"),
    Field(max_length=63),
]

Tags = dict[
    Annotated[str, Field(min_length=1, max_length=128)], Annotated[str, Field(max_length=256)]
]
EnvVarName = Annotated[
    str, Matching(r"^[A-Za-z_][A-Za-z0-9_]*$", "an environment variable name", "LOG_LEVEL")
]
EnvVars = dict[EnvVarName, str]

# ---------------------------------------------------------------- logs and secrets

# CloudWatch Logs accepts only these retention periods (PutRetentionPolicy).
LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)
_SECRET_ARN = re.compile(
    r"^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:(secret:|parameter/).+"
)


def _retention(value: int) -> int:
    if value not in LOG_RETENTION_DAYS:
        nearest = min(LOG_RETENTION_DAYS, key=lambda d: abs(d - value))
        raise ValueError(
            f"{value} days is not a CloudWatch Logs retention period (nearest: {nearest})"
        )
    return value


RetentionDays = Annotated[int, AfterValidator(_retention)]


def _secrets(value: dict[str, str]) -> dict[str, str]:
    for key, arn in value.items():
        if not _SECRET_ARN.match(arn):
            raise ValueError(
                f"secret {key!r}: {arn!r} is not a Secrets Manager secret ARN or an "
                "SSM parameter ARN"
            )
    return value


Secrets = Annotated[EnvVars, AfterValidator(_secrets)]
