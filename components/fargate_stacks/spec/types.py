"""The scalar types of the spec: names, sizes in friendly units, ids, ARNs.

Each type validates with a message that says what was expected and shows an example, never a
bare regular expression, and describes itself in the JSON Schema the way users write it (a
``"0.5 vCPU"`` string or a number), so editor completion accepts what the loader accepts.
Messages quote a value only through :func:`~fargate_stacks.errors.shown` (a 1 MB value is shown
by its start and its length) and never quote a secret reference at all.

One meaning everywhere: ``cpu`` and ``memory`` read the same in an ECS service, an ECS sidecar,
an EKS workload and a workload sidecar. A bare small number is refused wherever it could mean
two things (``cpu: 1`` is one CPU unit to ECS and one core to Kubernetes; ``memory: 2`` is 2 MiB
or 2 GB), with the spelling that says it; larger bare numbers are ECS units and MiB everywhere.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from annotated_types import GroupedMetadata
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from ..constraints import logs, tags
from ..constraints.appautoscaling import schedule_problem, timezone_problem
from ..errors import shown
from ..fargate import eks_versions, limits, sizes
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
                raise ValueError(f"{shown(value)} is not {what} (such as {example!r})")
            return value

        yield AfterValidator(check)
        yield WithJsonSchema({"type": "string", "pattern": self.regex, "examples": [example]})


def _units_schema(
    description: str, examples: list[Any], pattern: str, minimum: int
) -> WithJsonSchema:
    """A size as users write it: a string with its unit (``pattern``), or a whole number of the
    base unit. Numbers below ``minimum`` are refused by the loader as ambiguous, and the schema
    says so too, so an editor flags ``cpu: 1`` as the loader does."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": pattern},
                {"type": "integer", "minimum": minimum},
                {"type": "integer", "const": 0},
            ],
            "description": description,
            "examples": examples,
        }
    )


def _ci(word: str) -> str:
    """A case-insensitive regular expression for ``word`` (JSON Schema patterns have no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


# ASCII digits and spaces only: a JSON Schema's \d is Unicode in some validators, ASCII in others
_NUMBER = r"([0-9]+(\.[0-9]+)?|\.[0-9]+)"
_CPU_UNIT = f"({_ci('vcpu')}[sS]?|{_ci('cpu')}[sS]?|{_ci('units')}?)"
_CPU_PATTERN = rf"^ *{_NUMBER} *{_CPU_UNIT}? *$"
_CPU_OR_MILLI_PATTERN = rf"^ *({_NUMBER} *{_CPU_UNIT}?|[0-9]+m) *$"
_MEMORY_UNITS = "|".join(_ci(u) for u in ("gib", "gb", "g", "mib", "mb", "m", "tib", "tb"))
_MEMORY_PATTERN = rf"^ *{_NUMBER} *({_MEMORY_UNITS})? *$"
_K8S_MEMORY_UNITS = "|".join(_ci(u) for u in ("gib", "gb", "mib", "mb"))
_K8S_MEMORY_PATTERN = rf"^ *({_NUMBER} *({_K8S_MEMORY_UNITS})?|[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti)) *$"
# A bare number up to these is refused as ambiguous (units or vCPU? MiB or GB?).
AMBIGUOUS_CPU_UP_TO = 16  # the largest vCPU count Fargate offers
AMBIGUOUS_MEMORY_UP_TO = 120  # the largest GB count Fargate offers


# ---------------------------------------------------------------- names

_NAME = re.compile(r"^[a-z]([a-z0-9-]*[a-z0-9])?$")


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            f"{shown(value)} is not a valid name: use lowercase letters, digits and '-', "
            "starting with a letter and not ending with '-'"
        )
    return value


Name = Annotated[
    str,
    # the pattern for editors only: the validator's own message beats pydantic's pattern error
    Field(min_length=1, max_length=63, json_schema_extra={"pattern": _NAME.pattern}),
    AfterValidator(_name),
]

# ---------------------------------------------------------------- sizes


def _bare_number(value: Any) -> Decimal | None:
    """The number of a value written without a unit (``1``, ``0.5``, ``"2"``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str) and re.fullmatch(r"\s*(\d+(\.\d+)?|\.\d+)\s*", value):
        return Decimal(value.strip())
    return None


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _ambiguous_cpu(value: Any) -> None:
    number = _bare_number(value)
    if number is not None and 0 < number <= AMBIGUOUS_CPU_UP_TO:
        raise ValueError(
            f"cpu: {_num(number)} is ambiguous (ECS reads {_num(number)} CPU units, Kubernetes "
            f"{_num(number)} cores): write '{_num(number)} vCPU', or CPU units such as "
            f"{int(number * 1024)}"
        )


def _cpu(value: Any) -> int:
    _ambiguous_cpu(value)
    try:
        return parse_ecs_cpu(value)
    except UnitError as exc:
        if "whole number" not in str(exc):
            raise ValueError(str(exc).replace(repr(value), shown(value))) from None
        valid = ", ".join(sizes.fmt_vcpu(units).replace(" vCPU", "") for units in sizes.CPU_UNITS)
        raise ValueError(
            f"{shown(value)} is not a Fargate CPU size: choose {valid} vCPU "
            "(or CPU units such as 256)"
        ) from None


def _ambiguous_memory(value: Any) -> None:
    number = _bare_number(value)
    if number is not None and 0 < number <= AMBIGUOUS_MEMORY_UP_TO:
        raise ValueError(
            f"memory: {_num(number)} is ambiguous (MiB or GB?): write '{_num(number)} GB', or "
            f"MiB such as {int(number * 1024)}"
        )


def _memory(value: Any) -> int:
    _ambiguous_memory(value)
    try:
        return parse_ecs_memory(value)
    except UnitError as exc:
        raise ValueError(str(exc).replace(repr(str(value)), shown(str(value)))) from None


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
    """A workload sidecar's CPU request, as a Kubernetes quantity: what ``cpu`` means anywhere
    else (``"0.25 vCPU"``, CPU units such as ``256``), or Kubernetes millicores (``250m``)."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+m\s*", value):
        cpu_quantity_to_units(value.strip())
        return value.strip()
    units = _cpu(value)
    millicores = Decimal(units) * 1000 / 1024
    return f"{millicores.normalize():f}m"


_K8S_BINARY = re.compile(r"^\s*\d+(\.\d+)?(Ki|Mi|Gi|Ti)\s*$")


def _k8s_memory(value: Any) -> str:
    """A workload sidecar's memory request, as a Kubernetes quantity: what ``memory`` means
    anywhere else (``"0.5 GB"``, MiB such as ``512``), or a binary Kubernetes quantity
    (``512Mi``, ``1Gi``). Decimal ones (``500M``, ``1G``) are refused: ECS reads ``1G`` as 1 GiB,
    Kubernetes as 10^9 bytes."""
    if isinstance(value, str) and _K8S_BINARY.match(value):
        parse_quantity(value.strip())
        return value.strip()
    if isinstance(value, str) and re.fullmatch(r"\s*[\d.]+(k|M|G|T|P|E|e\d+)\s*", value):
        raise ValueError(
            f"{shown(value)} is a decimal Kubernetes quantity, which ECS would read "
            "differently: write a binary one ('512Mi', '1Gi') or GB ('0.5 GB')"
        )
    return f"{_memory(value)}Mi"


CpuUnits = Annotated[
    int,
    BeforeValidator(_cpu),
    _units_schema(
        "vCPU ('0.25 vCPU', '1 vCPU') or CPU units (256 = 0.25 vCPU); a bare number up to "
        f"{AMBIGUOUS_CPU_UP_TO} is refused as ambiguous",
        ["0.5 vCPU", "1 vCPU", 2048],
        _CPU_PATTERN,
        AMBIGUOUS_CPU_UP_TO + 1,
    ),
]
MemoryMiB = Annotated[
    int,
    BeforeValidator(_memory),
    _units_schema(
        "GB ('0.5 GB', '2GB', '2 GiB'; AWS's GB is 1024 MiB) or MiB (512); a bare number up to "
        f"{AMBIGUOUS_MEMORY_UP_TO} is refused as ambiguous",
        ["1 GB", "2GiB", 512],
        _MEMORY_PATTERN,
        AMBIGUOUS_MEMORY_UP_TO + 1,
    ),
]


def _ephemeral(value: Any) -> int:
    gib = _gib(value)
    low, high = limits.ECS_EPHEMERAL_GIB_MIN, limits.ECS_EPHEMERAL_GIB_MAX
    if not low <= gib <= high:
        raise ValueError(
            f"{gib} GiB is outside Fargate's {low}-{high} GiB of task storage (leave it out for "
            f"the free {limits.DEFAULT_EPHEMERAL_GIB} GiB)"
        )
    return gib


EphemeralGiB = Annotated[
    int,
    BeforeValidator(_ephemeral),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": _MEMORY_PATTERN},
                {
                    "type": "integer",
                    "minimum": limits.ECS_EPHEMERAL_GIB_MIN,
                    "maximum": limits.ECS_EPHEMERAL_GIB_MAX,
                },
            ],
            "description": "GiB: 30, '30 GB' or '30 GiB' (a bare number is GiB here)",
            "examples": [30, "50 GB"],
        }
    ),
]
K8sCpu = Annotated[
    str,
    BeforeValidator(_k8s_cpu),
    _units_schema(
        "as cpu anywhere else ('0.25 vCPU', CPU units such as 256) or Kubernetes millicores "
        f"('250m'); a bare number up to {AMBIGUOUS_CPU_UP_TO} is refused as ambiguous",
        ["250m", "0.25 vCPU"],
        _CPU_OR_MILLI_PATTERN,
        AMBIGUOUS_CPU_UP_TO + 1,
    ),
]
K8sMemory = Annotated[
    str,
    BeforeValidator(_k8s_memory),
    _units_schema(
        "as memory anywhere else ('0.5 GB', MiB such as 512) or a binary Kubernetes quantity "
        f"('256Mi', '1Gi'); a bare number up to {AMBIGUOUS_MEMORY_UP_TO} is refused as ambiguous",
        ["256Mi", "0.5 GB"],
        _K8S_MEMORY_PATTERN,
        AMBIGUOUS_MEMORY_UP_TO + 1,
    ),
]

# ---------------------------------------------------------------- network and AWS ids


def _cidr(value: str) -> str:
    try:
        return str(ipaddress.IPv4Network(value, strict=True))
    except ValueError as exc:
        raise ValueError(
            f"{shown(value)} is not an IPv4 CIDR block ({shown(str(exc), 80)[1:-1]})"
        ) from None


Cidr = Annotated[
    str,
    AfterValidator(_cidr),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$",
            "examples": ["10.0.0.0/16"],
        }
    ),
]
Port = Annotated[int, Field(ge=1, le=65535, examples=[8080])]
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


def _schedule(value: str) -> str:
    """App Auto Scaling's at(), rate() or six-field cron() (``constraints.appautoscaling``)."""
    problem = schedule_problem(value)
    if problem:
        raise ValueError(f"{value}: {problem}")
    return value


def _timezone(value: str) -> str:
    problem = timezone_problem(value)
    if problem:
        raise ValueError(f"{value!r} is {problem}")
    return value


Schedule = Annotated[
    str,
    Matching(r"^(cron|rate|at)\(.+\)$", "an App Auto Scaling schedule", "cron(0 7 ? * MON-FRI *)"),
    AfterValidator(_schedule),
]
Timezone = Annotated[
    str,
    AfterValidator(_timezone),
    WithJsonSchema(
        {"type": "string", "description": "an IANA time zone", "examples": ["Europe/Paris"]}
    ),
]
PlatformVersion = Annotated[
    str, Matching(r"^(LATEST|\d+\.\d+\.\d+)$", "a Fargate platform version", "1.4.0")
]


def _kubernetes_version(value: str) -> str:
    """A version EKS still creates clusters with today (``fargate/eks_versions.py``); one in
    extended support is accepted, and ``cost`` and ``preview`` warn and price it."""
    problem = eks_versions.version_problem(value)
    if problem:
        raise ValueError(problem)
    return value


KubernetesVersion = Annotated[
    str,
    Matching(r"^1\.\d+$", "a Kubernetes version", "1.35"),
    AfterValidator(_kubernetes_version),
]
Namespace = Annotated[
    str,
    Matching(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "a Kubernetes namespace", "team-web"),
    Field(max_length=63),
]


def _tag_text(what: str) -> AfterValidator:
    """Tag keys and values: the characters IAM, ECS, ELBv2 and CloudWatch Logs take (the
    strictest services a tag of the spec reaches), and not AWS's own ``aws:`` prefix (the
    provider drops such keys without a word; ECS refuses it in keys and values, any case)."""

    def check(value: str) -> str:
        problem = tags.CHARS(value)
        if problem:
            raise ValueError(
                f"tag {what} {value!r}: {problem}; IAM, ECS, ELBv2 and CloudWatch Logs refuse it"
            )
        if value[: len(tags.AWS_PREFIX)].lower() == tags.AWS_PREFIX:
            raise ValueError(f"tag {what} {value!r}: the aws: prefix is reserved for AWS")
        return value

    return AfterValidator(check)


TagKey = Annotated[str, Field(min_length=1, max_length=tags.KEY_MAX), _tag_text("key")]
TagValue = Annotated[str, Field(max_length=tags.VALUE_MAX), _tag_text("value")]
# at most 50 a resource; the components add some (spec/checks.py counts them)
Tags = Annotated[dict[TagKey, TagValue], Field(max_length=tags.COUNT_MAX)]
# ---------------------------------------------------------------- environment variables

# ECS: botocore's KeyValuePair.name is a String with no pattern, so ECS takes any name. A name
# with '=' (or a NUL) cannot reach a process, though: the environment is NAME=VALUE strings
# and the name ends at the first '=', so the container would silently get another variable.
_ECS_ENV_NAME = r"^[^=\x00]+$"
# Kubernetes (k8s.io/apimachinery validation.go): IsEnvVarName until 1.31; from 1.32, where the
# RelaxedEnvironmentVariableValidation feature gate is beta and on by default (GA in 1.34),
# IsRelaxedEnvVarName: any printable ASCII character but '='. Checked 2026-12-01.
K8S_ENV_NAME_STRICT = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
K8S_ENV_NAME_RELAXED_SINCE = (1, 32)
_K8S_ENV_NAME = r"^[ -<>-~]+$"  # printable ASCII (0x20-0x7e) without '=' (0x3d)


def k8s_env_name_problem(name: str, version: tuple[int, int]) -> str | None:
    """Why a Kubernetes API server of ``version`` refuses this env var name, or None."""
    if version >= K8S_ENV_NAME_RELAXED_SINCE:
        return None  # the relaxed rule is the type's own
    if not K8S_ENV_NAME_STRICT.match(name) or name in (".", "..") or name.startswith(".."):
        return (
            f"Kubernetes {version[0]}.{version[1]} takes env var names of letters, digits, "
            f"'_', '-' and '.', not starting with a digit or '..' ({shown(name)}): rename it, "
            "or use 1.32 or later, which takes any printable ASCII but '='"
        )
    return None


EcsEnvVarName = Annotated[
    str,
    Matching(_ECS_ENV_NAME, "an environment variable name (anything but '=')", "LOG_LEVEL"),
]
K8sEnvVarName = Annotated[
    str,
    Matching(
        _K8S_ENV_NAME,
        "a Kubernetes environment variable name (printable ASCII but '=')",
        "log.level",
    ),
]
EnvVars = dict[EcsEnvVarName, str]
K8sEnvVars = dict[K8sEnvVarName, str]

# ---------------------------------------------------------------- logs and secrets

# CloudWatch Logs accepts only these retention periods (PutRetentionPolicy).
LOG_RETENTION_DAYS = logs.RETENTION_DAYS
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


RetentionDays = Annotated[
    int,
    AfterValidator(_retention),
    WithJsonSchema({"type": "integer", "enum": list(LOG_RETENTION_DAYS), "examples": [30]}),
]


def _secret_ref(value: str) -> str:
    """A secret's ``valueFrom``. A value that is no ARN may be the secret itself, pasted by
    mistake: the message says what is wrong with it without quoting a character of it."""
    if _SECRET_ARN.match(value):
        return value
    parts = value.split(":")
    if value.startswith("arn:") and len(parts) > 2:
        what = f"an ARN of service {shown(parts[2], 20)}, not secretsmanager or ssm"
    elif value.startswith("arn:"):
        what = "an incomplete ARN"
    else:
        what = "not an ARN (the value is not shown: it may be the secret itself)"
    raise ValueError(
        f"a {len(value)}-character value that is {what}: give the ARN of a Secrets Manager "
        "secret or an SSM parameter (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"
    )


SecretRef = Annotated[
    str,
    AfterValidator(_secret_ref),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _SECRET_ARN.pattern,
            "examples": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password"],
        }
    ),
]
Secrets = dict[EcsEnvVarName, SecretRef]

# ---------------------------------------------------------------- shared value sets

Percent = Annotated[int, Field(ge=1, le=100, examples=[70])]
"""A utilisation target in percent: a whole number, as a Kubernetes HPA takes it (an int32
averageUtilization) and as ECS target tracking is written; the same in both halves."""


def _scheme(value: Any) -> Any:
    if value == "internet-facing":
        raise ValueError(
            "'internet-facing' was renamed in spec 1.0: use public (the load balancer is "
            "still created internet-facing)"
        )
    return value


Scheme = Annotated[
    Literal["public", "internal"],
    BeforeValidator(_scheme),
    Field(examples=["internal"]),
]
