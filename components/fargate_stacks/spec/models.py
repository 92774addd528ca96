"""Pydantic models of one stack's spec.

Keys are camelCase in YAML (as in every Pulumi config file) and snake_case in Python. Every model
forbids unknown keys, so a typo is an error with a suggestion instead of a silently ignored
setting. Validators refuse whatever Fargate cannot run, naming the valid choices, so nothing
invalid reaches a component or AWS. Defaults are the secure and cheap choice: private subnets,
no public IP, the smallest valid size, log retention set.

Spec 1.0 speaks one vocabulary in both halves: ``environment``, ``desiredCount``, scheme
``public``/``internal``, ``healthCheckPath``, ``logging.retentionDays``, a whole-percent
``cpuTarget``. The names that changed are in each model's :attr:`Model.renamed`, so the loader
answers an old name with the new one. Every field carries a description and an example: the
JSON Schema (``fargate-stacks schema``) is the reference.
"""

from __future__ import annotations

import ipaddress
import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from ..errors import shown
from ..fargate import capacity, eks_pods, eks_versions, limits, sizes
from ..fargate.platform import PlatformUse, platform_problem
from .located import KEY, At
from .types import (
    AccessPointId,
    CertificateArn,
    Cidr,
    CpuUnits,
    EfsId,
    EnvVars,
    EphemeralGiB,
    IamAction,
    K8sCpu,
    K8sEnvVars,
    K8sMemory,
    KubernetesVersion,
    MemoryMiB,
    MountPath,
    Name,
    Namespace,
    Percent,
    PlatformVersion,
    Port,
    PrincipalArn,
    RetentionDays,
    Schedule,
    Scheme,
    Secrets,
    SubnetId,
    Tags,
    Timezone,
    UrlPath,
    VpcId,
    k8s_env_name_problem,
)

# Words a title spells in capitals (``azCount`` -> "AZ count", ``EcsClusterSpec`` -> "ECS cluster").
_ACRONYMS = {
    "alb": "ALB",
    "arn": "ARN",
    "arns": "ARNs",
    "az": "AZ",
    "cidr": "CIDR",
    "cidrs": "CIDRs",
    "cpu": "CPU",
    "ecs": "ECS",
    "efs": "EFS",
    "eks": "EKS",
    "iam": "IAM",
    "id": "ID",
    "ids": "IDs",
    "ip": "IP",
    "nat": "NAT",
    "os": "OS",
    "vpc": "VPC",
}


def title_words(name: str) -> str:
    """``private_subnet_ids`` or ``PrivateSubnetIds`` -> "Private subnet IDs"."""
    parts = [p for p in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", name.strip("_")) if p]
    words = [_ACRONYMS.get(p.lower(), p.lower()) for p in parts]
    if words and words[0].islower():
        words[0] = words[0].capitalize()
    return " ".join(words)


def _model_title(cls: type) -> str:
    return title_words(cls.__name__.removesuffix("Spec"))


def _field_title(name: str, _info: Any) -> str:
    return title_words(name)


class Model(BaseModel):
    """Base of every spec model: camelCase keys, unknown keys refused, values immutable.

    ``renamed`` maps a key this model had before spec 1.0 to the key that replaced it: the
    loader answers the old one with "renamed in spec 1.0: use ..." instead of a bare unknown.
    ``synonyms`` maps the other half's word for one of this model's keys (``replicas`` in an
    ECS service) to the key: the one vocabulary is named in the answer."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        validate_default=True,
        model_title_generator=_model_title,
        field_title_generator=_field_title,
    )
    renamed: ClassVar[dict[str, str]] = {}
    synonyms: ClassVar[dict[str, str]] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """pydantic's lax mode reads ``true`` as 1 and ``false`` as 0 for a number field, so
        ``desiredCount: yes`` (YAML 1.1's boolean) ran one task and ``port: on`` listened on
        port 1 without a word. A boolean where only a number fits is refused instead."""
        if isinstance(value, bool) and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            if field is not None and _number_not_bool(field.annotation):
                raise ValueError("must be a number, not a boolean")
        return value


def _number_not_bool(annotation: Any) -> bool:
    """Whether a field's type takes a number (int, float or Decimal) but no boolean."""
    kinds = set(_leaf_types(annotation))
    return bool(kinds & {int, float, Decimal}) and not kinds & {bool, Any, object}


def _leaf_types(annotation: Any) -> list[Any]:
    """The plain types inside Annotated/Optional/Union wrappers (not inside containers)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _leaf_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _leaf_types(arg)]
    return [annotation]


def unique_names(what: str) -> AfterValidator:
    """For a list of named things: names are what resources are named after, so no twins."""

    def check(items: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for item in items:
            if item.name in seen:
                raise ValueError(f"duplicate {what} name {item.name!r}")
            seen.add(item.name)
        return items

    return AfterValidator(check)


# ---------------------------------------------------------------- network

Endpoint = Literal["ecr", "logs", "s3", "ssm"]


class NetworkSpec(Model):
    """A new VPC (the default) or an existing one, given by ``vpcId`` and subnet ids."""

    cidr: Cidr = Field(
        "10.0.0.0/16",
        description="The new VPC's IPv4 CIDR block, /24 or larger: split into a public and a "
        "private subnet per Availability Zone.",
        examples=["10.20.0.0/16"],
    )
    az_count: int = Field(
        2,
        ge=1,
        le=6,
        description="How many Availability Zones the new VPC spans (EKS needs at least 2).",
        examples=[3],
    )
    nat: Literal["single", "per-az", "none"] = Field(
        "single",
        description="NAT gateways for the private subnets: one shared (cheapest), one per "
        "Availability Zone (survives a zone outage), or none (use endpoints for AWS APIs).",
        examples=["per-az"],
    )
    endpoints: list[Endpoint] = Field(
        [],
        description="VPC endpoints, so tasks pull images and send logs without NAT: ecr "
        "(api and dkr), logs, s3 (gateway, free), ssm (for ECS Exec).",
        examples=[["ecr", "logs", "s3"]],
    )
    vpc_id: VpcId | None = Field(
        None,
        description="Adopt this existing VPC instead of creating one (then give "
        "privateSubnetIds, and publicSubnetIds for public load balancers).",
        examples=["vpc-0123456789abcdef0"],
    )
    private_subnet_ids: list[SubnetId] = Field(
        [],
        description="Subnets of the existing VPC where tasks and pods run (with vpcId).",
        examples=[["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]],
    )
    public_subnet_ids: list[SubnetId] = Field(
        [],
        description="Subnets of the existing VPC for public load balancers (with vpcId).",
        examples=[["subnet-0a1b2c3d4e5f60718"]],
    )

    @property
    def existing(self) -> bool:
        return self.vpc_id is not None

    @model_validator(mode="after")
    def _mode(self) -> NetworkSpec:
        if self.existing:
            fields = {"cidr", "az_count", "nat", "endpoints"} & self.model_fields_set
            mixed = sorted(to_camel(m) for m in fields)
            if mixed:
                raise At(
                    (mixed[0], KEY), "an existing VPC (vpcId) cannot also set " + ", ".join(mixed)
                )
            if not self.private_subnet_ids:
                raise At(
                    ("vpcId",),
                    "an existing VPC needs privateSubnetIds: Fargate tasks and pods "
                    "run in private subnets",
                )
        elif self.private_subnet_ids or self.public_subnet_ids:
            key = "privateSubnetIds" if self.private_subnet_ids else "publicSubnetIds"
            raise At((key,), "subnet ids need vpcId (or leave them out to create a VPC)")
        if len(set(self.endpoints)) != len(self.endpoints):
            twice = next(i for i, e in enumerate(self.endpoints) if e in self.endpoints[:i])
            raise At(("endpoints", twice), "endpoints lists a name twice")
        if not self.existing:
            prefix = ipaddress.IPv4Network(self.cidr).prefixlen
            if prefix > 24:
                raise At(
                    ("cidr",),
                    f"cidr /{prefix} is too small for {2 * self.az_count} subnets: "
                    "use /24 or larger",
                )
        return self


# ---------------------------------------------------------------- shared pieces


class PermissionSpec(Model):
    """An IAM statement granted to a task role or service account (Allow only)."""

    actions: list[IamAction] = Field(
        min_length=1,
        description="IAM actions to allow (service:Action, wildcards allowed).",
        examples=[["sqs:ReceiveMessage", "sqs:DeleteMessage"]],
    )
    resources: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1,
        description="The ARNs the actions apply to ('*' for actions that take no resource).",
        examples=[["arn:aws:sqs:us-east-1:123456789012:jobs"]],
    )


class HealthCheckSpec(Model):
    """A container health check (ECS ``healthCheck``)."""

    command: list[str] = Field(
        min_length=1,
        description="The check, as ECS takes it: CMD with its arguments, or CMD-SHELL and one "
        "shell line; exit 0 is healthy.",
        examples=[["CMD-SHELL", "curl -f http://localhost/ || exit 1"]],
    )
    interval: int = Field(
        30, ge=5, le=300, description="Seconds between two checks.", examples=[10]
    )
    timeout: int = Field(
        5, ge=2, le=60, description="Seconds a check may take before it fails.", examples=[3]
    )
    retries: int = Field(
        3,
        ge=1,
        le=10,
        description="Failed checks in a row before the container is unhealthy.",
        examples=[5],
    )
    start_period: int = Field(
        0,
        ge=0,
        le=300,
        description="Seconds after start during which failed checks do not count.",
        examples=[60],
    )


def _image() -> Any:
    return Field(
        description="The container image: a repository URI with a tag or digest.",
        examples=["public.ecr.aws/nginx/nginx:1.27"],
    )


def _command() -> Any:
    return Field(
        None,
        description="Overrides the image's command (its CMD): the program and its arguments.",
        examples=[["python", "-m", "http.server", "8080"]],
    )


def _environment() -> Any:
    return Field(
        {},
        description="Environment variables, name to value (values are text: quote numbers "
        "and booleans, or YAML turns them into something else).",
        examples=[{"LOG_LEVEL": "info"}],
    )


def _secrets() -> Any:
    return Field(
        {},
        description="Environment variables read from Secrets Manager or SSM Parameter Store "
        "at start: name to the secret's ARN (the value never appears in the task definition).",
        examples=[{"DB_PASSWORD": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}],
    )


def _health_check() -> Any:
    return Field(
        None,
        description="A container health check (default: none).",
        examples=[{"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}],
    )


def _tags(what: str) -> Any:
    return Field({}, description=f"Tags on {what}.", examples=[{"team": "platform"}])


_PERMISSIONS = [
    {"actions": ["sqs:ReceiveMessage"], "resources": ["arn:aws:sqs:us-east-1:123456789012:jobs"]}
]
_DESIRED_COUNT = (
    "How many tasks or pods run (the starting count when autoscaling is set: it then moves "
    "within min and max)."
)


class LoggingSpec(Model):
    """The CloudWatch log group that the containers' output goes to."""

    retention_days: RetentionDays = Field(
        30,
        description="Days CloudWatch Logs keeps the logs (one of the periods it accepts).",
        examples=[90],
    )


def _port(what: str) -> Any:
    return Field(None, description=f"The port {what} listens on.", examples=[8080])


class ContainerSpec(Model):
    """A sidecar container of an ECS task."""

    synonyms: ClassVar[dict[str, str]] = {"env": "environment"}

    name: Name = Field(description="The sidecar container's name.", examples=["envoy"])
    image: Annotated[str, Field(min_length=1)] = _image()
    cpu: CpuUnits | None = Field(
        None,
        description="CPU reserved for this container, out of the task's (default: none "
        "reserved; it shares what the task has).",
        examples=["0.25 vCPU"],
    )
    memory: MemoryMiB | None = Field(
        None,
        description="Hard memory limit: the container is killed above it (default: none).",
        examples=["256 MiB"],
    )
    memory_reservation: MemoryMiB | None = Field(
        None,
        description="Soft memory reservation, counted when the task is right-sized.",
        examples=["128 MiB"],
    )
    port: Port | None = _port("the container")
    essential: bool = Field(
        True,
        description="Whether the task stops when this container stops.",
        examples=[False],
    )
    command: list[str] | None = _command()
    environment: EnvVars = _environment()
    secrets: Secrets = _secrets()
    health_check: HealthCheckSpec | None = _health_check()


class EfsSpec(Model):
    """An EFS file system (or one of its access points) mounted over TLS with IAM by default."""

    file_system_id: EfsId = Field(
        description="The EFS file system's id.", examples=["fs-0123456789abcdef0"]
    )
    access_point_id: AccessPointId | None = Field(
        None,
        description="Mount through this access point (its root directory and POSIX user).",
        examples=["fsap-0123456789abcdef0"],
    )
    root_directory: str = Field(
        "/",
        description="The directory of the file system to mount (without an access point).",
        examples=["/shared"],
    )
    transit_encryption: bool = Field(
        True,
        description="Encrypt traffic to EFS with TLS (needed for IAM and access points).",
        examples=[True],
    )
    iam: bool = Field(
        True,
        description="Authorize the mount with the task role (IAM), not only the network.",
        examples=[True],
    )

    @model_validator(mode="after")
    def _tls(self) -> EfsSpec:
        if (self.iam or self.access_point_id) and not self.transit_encryption:
            raise At(
                ("transitEncryption",),
                "EFS IAM authorization and access points need transitEncryption: true",
            )
        return self


class VolumeSpec(Model):
    """An EFS volume mounted into the service's main container."""

    name: Name = Field(description="The volume's name in the task definition.", examples=["data"])
    efs: EfsSpec = Field(
        title="EFS",
        description="The EFS file system behind the volume.",
        examples=[
            {"fileSystemId": "fs-0123456789abcdef0", "accessPointId": "fsap-0123456789abcdef0"}
        ],
    )
    mount_path: MountPath = Field(
        description="Where the main container sees the volume.", examples=["/data"]
    )
    read_only: bool = Field(False, description="Mount the volume read-only.", examples=[True])


# ---------------------------------------------------------------- ECS


def _shorthand(value: Any) -> Any:
    """``loadBalancer: public`` (or ``ingress: internal``) is short for ``{scheme: public}``;
    ``none`` means no load balancer. The JSON Schema states the same (see :data:`Shorthand`)."""
    if isinstance(value, str):
        return None if value == "none" else {"scheme": value}
    return value


Shorthand = Literal["public", "internal", "none"]
_SCHEME = (
    "Who reaches the load balancer: public (internet-facing, in the public subnets) or "
    "internal (inside the VPC only). No default: exposure is always said out loud."
)
_HEALTH_CHECK_PATH = (
    "The path the load balancer's health check requests (default: the routing path, which "
    "is / for an ECS load balancer)."
)


class LoadBalancerSpec(Model):
    """An Application Load Balancer in front of an ECS service's port."""

    scheme: Scheme = Field(description=_SCHEME, examples=["public"])
    health_check_path: UrlPath = Field("/", description=_HEALTH_CHECK_PATH, examples=["/health"])
    certificate_arn: CertificateArn | None = Field(
        None,
        description="An ACM certificate: the load balancer listens on HTTPS 443 and "
        "redirects HTTP to it (default: HTTP only).",
        examples=["arn:aws:acm:us-east-1:123456789012:certificate/abc"],
    )
    idle_timeout: int = Field(
        60,
        ge=1,
        le=4000,
        description="Seconds an idle connection stays open.",
        examples=[120],
    )


DEFAULT_CPU_TARGET = 70
_CPU_TARGET = "Target tracking on average CPU use, in whole percent (1-100)."


class ScheduleSpec(Model):
    """A scheduled change of the autoscaling range (App Auto Scaling scheduled action)."""

    name: Name = Field(description="The scheduled action's name.", examples=["business-hours"])
    schedule: Schedule = Field(
        description="When: cron(...), rate(...) or at(...), as App Auto Scaling takes it.",
        examples=["cron(0 7 ? * MON-FRI *)"],
    )
    min: int = Field(ge=0, description="The range's new minimum.", examples=[6])
    max: int = Field(ge=0, description="The range's new maximum.", examples=[30])
    timezone: Timezone | None = Field(
        None,
        description="The IANA time zone the cron expression is in (default: UTC).",
        examples=["Europe/Paris"],
    )

    @model_validator(mode="after")
    def _range(self) -> ScheduleSpec:
        if self.min > self.max:
            raise At(("min",), f"min {self.min} is above max {self.max}")
        return self


class AutoscalingSpec(Model):
    """Target tracking on CPU, memory and ALB requests per target, plus schedules."""

    min: int = Field(
        1, ge=0, le=5000, description="The fewest tasks (0 scales to nothing).", examples=[2]
    )
    max: int = Field(ge=1, le=5000, description="The most tasks.", examples=[10])
    cpu_target: Percent | None = Field(
        None,
        description=_CPU_TARGET + " Default: 70 when no other policy (memoryTarget, "
        "requestsPerTarget, schedules) is given.",
        examples=[60],
    )
    memory_target: Percent | None = Field(
        None,
        description="Target tracking on average memory use, in whole percent.",
        examples=[75],
    )
    requests_per_target: int | None = Field(
        None,
        ge=1,
        description="Target tracking on load balancer requests per task (needs loadBalancer).",
        examples=[1000],
    )
    scale_in_cooldown: int = Field(
        300,
        ge=0,
        le=3600,
        description="Seconds after a scale-in before the next one.",
        examples=[600],
    )
    scale_out_cooldown: int = Field(
        60,
        ge=0,
        le=3600,
        description="Seconds after a scale-out before the next one.",
        examples=[30],
    )
    schedules: Annotated[list[ScheduleSpec], unique_names("schedule")] = Field(
        [],
        description="Scheduled changes of the min/max range (business hours, nights).",
        examples=[[{"name": "nights", "schedule": "cron(0 20 ? * * *)", "min": 1, "max": 4}]],
    )

    @model_validator(mode="after")
    def _check(self) -> AutoscalingSpec:
        if self.min > self.max:
            raise At(("min",), f"min {self.min} is above max {self.max}")
        if not (
            self.cpu_target or self.memory_target or self.requests_per_target or self.schedules
        ):
            # a range with no policy scales nothing: the same 70 as a workload's default
            object.__setattr__(self, "cpu_target", DEFAULT_CPU_TARGET)
        return self


class CapacitySpec(Model):
    """Where tasks run: an on-demand base plus a Spot share, or explicit provider weights.

    ``{onDemandBase: 1, spotPercent: 75}`` becomes FARGATE base 1 weight 1 and FARGATE_SPOT
    weight 3. ``weights`` (and ``base``) give the strategy verbatim instead.
    """

    on_demand_base: int = Field(
        0,
        ge=0,
        le=limits.STRATEGY_BASE_MAX,
        description="Tasks that always run on on-demand FARGATE before any Spot share.",
        examples=[1],
    )
    spot_percent: int = Field(
        0,
        ge=0,
        le=100,
        description="The share of tasks above the base that run on FARGATE_SPOT (up to "
        "70% cheaper, may be interrupted with two minutes' notice).",
        examples=[75],
    )
    weights: (
        dict[
            Literal["FARGATE", "FARGATE_SPOT"],
            Annotated[int, Field(ge=0, le=limits.STRATEGY_WEIGHT_MAX)],
        ]
        | None
    ) = Field(
        None,
        description="The capacity provider strategy's weights, verbatim (instead of "
        "onDemandBase/spotPercent).",
        examples=[{capacity.ON_DEMAND: 1, capacity.SPOT: 3}],
    )
    base: (
        dict[
            Literal["FARGATE", "FARGATE_SPOT"],
            Annotated[int, Field(ge=0, le=limits.STRATEGY_BASE_MAX)],
        ]
        | None
    ) = Field(
        None,
        description="The strategy's base, verbatim (with weights; one provider only).",
        examples=[{"FARGATE": 2}],
    )

    @model_validator(mode="after")
    def _check(self) -> CapacitySpec:
        explicit = self.weights is not None or self.base is not None
        simple = sorted(
            to_camel(f) for f in {"on_demand_base", "spot_percent"} & self.model_fields_set
        )
        if explicit and simple:
            raise At(
                (simple[0], KEY), "give either onDemandBase/spotPercent or weights/base, not both"
            )
        if self.weights is not None and not any(self.weights.values()):
            raise At(("weights",), "weights: at least one provider needs a weight above 0")
        if self.base is not None:
            if len([b for b in self.base.values() if b]) > 1:
                raise At(("base",), "base: only one capacity provider can have a base")
            if self.weights is None:
                raise At(("base", KEY), "base needs weights")
            for provider in self.base:
                if provider not in self.weights:
                    raise At(("base", provider, KEY), f"base names {provider}, which has no weight")
        return self

    def spot_path(self) -> tuple[str, ...]:
        """Where this capacity asks for Spot, for errors about it."""
        if self.weights is not None:
            return ("capacity", "weights", capacity.SPOT)
        return ("capacity", "spotPercent")

    def strategy(self) -> list[tuple[str, int, int]]:
        """The capacity provider strategy as (provider, base, weight), FARGATE first."""
        from math import gcd

        if self.weights is not None:
            base = self.base or {}
            return [(p, base.get(p, 0), w) for p, w in sorted(self.weights.items())]
        spot, on_demand = self.spot_percent, 100 - self.spot_percent
        divisor = gcd(spot, on_demand) or 1
        out: list[tuple[str, int, int]] = []
        if on_demand or self.on_demand_base:
            out.append((capacity.ON_DEMAND, self.on_demand_base, on_demand // divisor))
        if spot:
            out.append((capacity.SPOT, 0, spot // divisor))
        return out

    @property
    def uses_spot(self) -> bool:
        return capacity.uses_spot(self.strategy())


def _any_memory(cpu_units: int) -> int:
    row = sizes.row_for(cpu_units)
    return row.memory_mib[0] if row else 0


class ServiceSpec(Model):
    """One ECS service on Fargate: its main container, size, load balancer, scaling, capacity.

    Field order matters: each size check reads the fields validated before it (os before cpu,
    cpu before memory, everything before platformVersion), so each error lands on its field.
    """

    renamed: ClassVar[dict[str, str]] = {"logRetentionDays": "logging.retentionDays"}
    synonyms: ClassVar[dict[str, str]] = {"replicas": "desiredCount", "env": "environment"}

    name: Name = Field(
        description="The service's name: its resources are named <cluster>-<service>.",
        examples=["api"],
    )
    image: Annotated[str, Field(min_length=1)] = _image()
    architecture: Literal["x86_64", "arm64"] = Field(
        "x86_64",
        description="The CPU architecture: arm64 (Graviton) costs about 20% less.",
        examples=["arm64"],
    )
    os: Literal["linux", "windows"] = Field(
        "linux",
        description="The operating system family (Windows: x86_64, 1 vCPU or more, no Spot, "
        "no EFS).",
        examples=["windows"],
    )
    cpu: CpuUnits | None = Field(
        None,
        description="The task's vCPU, a Fargate size (default: right-sized from the containers).",
        examples=["0.5 vCPU"],
    )
    memory: MemoryMiB | None = Field(
        None,
        description="The task's memory, valid with its cpu (default: right-sized from the "
        "containers).",
        examples=["1 GB"],
    )
    port: Port | None = _port("the main container")
    command: list[str] | None = _command()
    health_check: HealthCheckSpec | None = _health_check()
    load_balancer: Annotated[
        LoadBalancerSpec | None,
        BeforeValidator(_shorthand, json_schema_input_type=Shorthand | LoadBalancerSpec | None),
    ] = Field(
        None,
        description="An Application Load Balancer in front of port: public, internal, none, "
        "or a mapping (default: none).",
        examples=["public", {"scheme": "internal", "healthCheckPath": "/health"}],
    )
    desired_count: int = Field(
        1,
        ge=0,
        le=5000,
        description=_DESIRED_COUNT,
        examples=[2],
    )
    autoscaling: AutoscalingSpec | None = Field(
        None,
        description="Application Auto Scaling of the task count (default: none).",
        examples=[{"min": 2, "max": 10, "cpuTarget": 60}],
    )
    capacity: CapacitySpec = Field(
        CapacitySpec(),
        title="Capacity",
        description="Where tasks run: on-demand FARGATE, FARGATE_SPOT or a mix (default: all "
        "on-demand).",
        examples=[{"onDemandBase": 1, "spotPercent": 75}],
    )
    environment: EnvVars = _environment()
    secrets: Secrets = _secrets()
    sidecars: list[ContainerSpec] = Field(
        [],
        max_length=limits.MAX_CONTAINERS_PER_TASK - 1,
        description="More containers in the task (10 containers at most).",
        examples=[[{"name": "envoy", "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29"}]],
    )
    volumes: Annotated[list[VolumeSpec], unique_names("volume")] = Field(
        [],
        description="EFS volumes mounted into the main container.",
        examples=[
            [
                {
                    "name": "data",
                    "efs": {"fileSystemId": "fs-0123456789abcdef0"},
                    "mountPath": "/data",
                }
            ]
        ],
    )
    ephemeral_storage: EphemeralGiB | None = Field(
        None,
        description="Task storage in GiB, 21-200 (default: Fargate's 20 GiB).",
        examples=["50 GB"],
    )
    read_only_root_filesystem: bool = Field(
        False,
        description="Mount the main container's root file system read-only.",
        examples=[True],
    )
    exec_: bool = Field(
        False,
        alias="exec",
        description="Allow ECS Exec (aws ecs execute-command) into the tasks.",
        examples=[True],
    )
    platform_version: PlatformVersion = Field(
        "LATEST",
        description="The Fargate platform version (LATEST is 1.4.0 on Linux).",
        examples=["1.4.0"],
    )
    logging: LoggingSpec = Field(
        LoggingSpec(),
        title="Logging",
        description="The service's CloudWatch log group.",
        examples=[{"retentionDays": 90}],
    )
    assign_public_ip: bool = Field(
        False,
        description="Give tasks public IPs and run them in public subnets (default: private "
        "subnets behind NAT or endpoints).",
        examples=[True],
    )
    permissions: list[PermissionSpec] = Field(
        [], description="IAM statements granted to the task role.", examples=[_PERMISSIONS]
    )
    tags: Tags = _tags("the service's resources")

    @field_validator("cpu")
    @classmethod
    def _cpu_row(cls, cpu: int | None, info: ValidationInfo) -> int | None:
        if cpu is not None:  # the row alone: is this vCPU a Fargate size for this OS?
            problem = sizes.size_problem(cpu, _any_memory(cpu), info.data.get("os", "linux"))
            if problem:
                raise ValueError(problem)
        return cpu

    @field_validator("memory")
    @classmethod
    def _size(cls, memory: int | None, info: ValidationInfo) -> int | None:
        cpu = info.data.get("cpu")
        if memory is not None and cpu is not None:
            problem = sizes.size_problem(cpu, memory, info.data.get("os", "linux"))
            if problem:
                raise ValueError(problem)
        return memory

    @field_validator("platform_version")
    @classmethod
    def _platform(cls, version: str, info: ValidationInfo) -> str:
        data = info.data  # the fields validated before platformVersion
        use = PlatformUse(
            os_family=sizes.os_family(data.get("os", "linux")),
            cpu_units=data.get("cpu"),
            architecture=data.get("architecture", "x86_64"),
            efs_volumes=bool(data.get("volumes")),
            ephemeral_storage=data.get("ephemeral_storage") is not None,
            exec_command=bool(data.get("exec_")),
        )
        problem = platform_problem(use, version)
        if problem:
            raise ValueError(problem)
        return version

    @model_validator(mode="after")
    def _fargate(self) -> ServiceSpec:
        if (self.cpu is None) != (self.memory is None):
            raise At(
                ("cpu" if self.cpu is not None else "memory", KEY),
                "give both cpu and memory, or neither to right-size from the containers",
            )
        if self.os == "windows":
            if self.architecture == "arm64":
                raise At(("architecture",), "Windows tasks run on x86_64 only")
            if self.volumes:
                raise At(("volumes",), "Windows tasks on Fargate cannot mount EFS volumes")
            if self.capacity.uses_spot:
                spot = self.capacity.spot_path()
                fix = "give FARGATE_SPOT weight 0" if "weights" in spot else "set spotPercent 0"
                raise At(spot, f"Fargate Spot does not run Windows tasks: {fix}")
        if self.cpu is not None and self.memory is not None:
            self._sidecars_fit(self.cpu, self.memory)
        if self.load_balancer is not None and self.port is None:
            raise At(("loadBalancer",), "a load balancer needs the container port (port)")
        if self.autoscaling and self.autoscaling.requests_per_target and self.load_balancer is None:
            raise At(
                ("autoscaling", "requestsPerTarget"),
                "autoscaling.requestsPerTarget needs a load balancer",
            )
        if self.exec_ and self.read_only_root_filesystem:
            raise At(("exec",), "ECS Exec does not work with readOnlyRootFilesystem: turn one off")
        names = [self.name]
        for i, sidecar in enumerate(self.sidecars):
            if sidecar.name in names:
                raise At(
                    ("sidecars", i, "name"),
                    "sidecar names must differ from each other and from the service name",
                )
            names.append(sidecar.name)
        return self

    def _sidecars_fit(self, cpu: int, memory: int) -> None:
        """ECS refuses containers that ask for more than the task has; the main container needs
        at least MIN_CONTAINER_MIB of what the sidecars (soft reservations included) leave."""
        from ..fargate.limits import MIN_CONTAINER_MIB
        from ..fargate.rightsizing import sidecar_memory_mib

        side_cpu = sum(s.cpu or 0 for s in self.sidecars)
        side_memory = sum(sidecar_memory_mib(s) for s in self.sidecars)
        if side_cpu > cpu:
            raise At(
                ("sidecars",),
                f"the sidecars ask for {sizes.fmt_vcpu(side_cpu)}, more than the "
                f"task's {sizes.fmt_vcpu(cpu)}",
            )
        if side_memory + MIN_CONTAINER_MIB > memory:
            raise At(
                ("sidecars",),
                f"the sidecars reserve {side_memory} MiB of the task's {memory} MiB, "
                f"leaving less than {MIN_CONTAINER_MIB} MiB for the main container",
            )


class EcsClusterSpec(Model):
    """An ECS cluster with the FARGATE and FARGATE_SPOT capacity providers, and its services."""

    name: Name = Field(description="The cluster's name.", examples=["web"])
    container_insights: bool = Field(
        True, description="CloudWatch Container Insights metrics.", examples=[False]
    )
    service_connect_namespace: Name | None = Field(
        None,
        description="A Cloud Map namespace for ECS Service Connect between the services.",
        examples=["internal"],
    )
    services: Annotated[list[ServiceSpec], unique_names("service")] = Field(
        [],
        description="The cluster's services.",
        examples=[[{"name": "api", "image": "public.ecr.aws/nginx/nginx:1.27"}]],
    )
    tags: Tags = _tags("the cluster and its services' resources")


class EcsSpec(Model):
    """The ECS half: clusters of Fargate services."""

    clusters: Annotated[list[EcsClusterSpec], Field(min_length=1), unique_names("ECS cluster")] = (
        Field(description="ECS clusters (at least one).", examples=[[{"name": "web"}]])
    )


# ---------------------------------------------------------------- EKS

_NAMESPACE_PATTERN = re.compile(r"^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$")


def _namespace_pattern(value: str) -> str:
    if not _NAMESPACE_PATTERN.match(value) or len(value) > 63:
        raise ValueError(f"{shown(value)} is not a namespace (wildcards * and ? are allowed)")
    return value


class SelectorSpec(Model):
    """Which pods a Fargate profile runs: a namespace (wildcards allowed) and labels."""

    namespace: Annotated[str, AfterValidator(_namespace_pattern)] = Field(
        description="The pods' namespace; * and ? are wildcards.",
        examples=["team-*"],
        json_schema_extra={"pattern": _NAMESPACE_PATTERN.pattern, "maxLength": 63},
    )
    labels: dict[str, str] = Field(
        {},
        max_length=limits.MAX_LABELS_PER_SELECTOR,
        description="Labels the pods must all carry (5 at most).",
        examples=[{"fargate": "true"}],
    )


class FargateProfileSpec(Model):
    """A Fargate profile: the pods its selectors match run on Fargate."""

    name: Name = Field(description="The profile's name.", examples=["apps"])
    selectors: list[SelectorSpec] = Field(
        min_length=1,
        max_length=limits.MAX_SELECTORS_PER_PROFILE,
        description="Pod selectors (1 to 5): a pod that any one matches runs on Fargate.",
        examples=[
            [{"namespace": "team-*"}, {"namespace": "default", "labels": {"fargate": "true"}}]
        ],
    )


class NodeGroupSpec(Model):
    """A managed node group for mixed mode: pods no Fargate profile selects run here."""

    instance_types: list[str] = Field(
        ["t3.medium"],
        min_length=1,
        description="EC2 instance types of the nodes.",
        examples=[["m7g.large"]],
    )
    min_size: int = Field(1, ge=0, description="The fewest nodes.", examples=[0])
    max_size: int = Field(3, ge=1, description="The most nodes.", examples=[5])
    desired_size: int = Field(1, ge=0, description="The nodes to start with.", examples=[2])
    capacity_type: Literal["ON_DEMAND", "SPOT"] = Field(
        "ON_DEMAND", description="On-demand or Spot EC2 instances.", examples=["SPOT"]
    )
    labels: dict[str, str] = Field(
        {}, description="Kubernetes labels on the nodes.", examples=[{"pool": "general"}]
    )

    @model_validator(mode="after")
    def _range(self) -> NodeGroupSpec:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise At(
                ("desiredSize",),
                "node group sizes must satisfy minSize <= desiredSize <= maxSize",
            )
        return self


class EndpointAccessSpec(Model):
    """API server endpoint: private only by default."""

    public: bool = Field(
        False,
        description="Reach the Kubernetes API from the internet (limit it with publicCidrs).",
        examples=[True],
    )
    private: bool = Field(
        True, description="Reach the Kubernetes API from inside the VPC.", examples=[True]
    )
    public_cidrs: list[Cidr] = Field(
        [],
        description="The only addresses the public endpoint admits (default: anywhere).",
        examples=[["203.0.113.0/24"]],
    )

    @model_validator(mode="after")
    def _check(self) -> EndpointAccessSpec:
        if not (self.public or self.private):
            raise At(("private",), "the endpoint must be public, private or both")
        if self.public_cidrs and not self.public:
            raise At(("publicCidrs",), "publicCidrs needs public: true")
        return self


class WorkloadContainerSpec(Model):
    """A sidecar of a Kubernetes workload, with its own requests (equal to limits)."""

    renamed: ClassVar[dict[str, str]] = {"env": "environment"}

    name: Name = Field(description="The sidecar container's name.", examples=["envoy"])
    image: Annotated[str, Field(min_length=1)] = _image()
    cpu: K8sCpu = Field(
        description="The sidecar's CPU request, out of the pod's Fargate size.",
        examples=["250m", "0.25 vCPU"],
    )
    memory: K8sMemory = Field(
        description="The sidecar's memory request, out of the pod's Fargate size.",
        examples=["256Mi", "0.5 GB"],
    )
    port: Port | None = _port("the sidecar")
    command: list[str] | None = _command()
    environment: K8sEnvVars = _environment()


class WorkloadAutoscalingSpec(Model):
    """A HorizontalPodAutoscaler on average CPU use."""

    min: int = Field(1, ge=1, description="The fewest pods.", examples=[2])
    max: int = Field(ge=1, description="The most pods.", examples=[10])
    cpu_target: Percent = Field(
        DEFAULT_CPU_TARGET,
        description=_CPU_TARGET + " Default: 70 (a workload has no other policy).",
        examples=[60],
    )

    @model_validator(mode="after")
    def _range(self) -> WorkloadAutoscalingSpec:
        if self.min > self.max:
            raise At(("min",), f"min {self.min} is above max {self.max}")
        return self


class IngressSpec(Model):
    """An ALB Ingress (the AWS Load Balancer Controller is installed for it)."""

    scheme: Scheme = Field(description=_SCHEME, examples=["internal"])
    path: UrlPath = Field(
        "/",
        description="The routing path: requests under it go to the workload.",
        examples=["/api"],
    )
    health_check_path: UrlPath | None = Field(
        None, description=_HEALTH_CHECK_PATH, examples=["/health"]
    )
    host: str | None = Field(
        None, description="Route only requests for this host name.", examples=["api.example.com"]
    )
    certificate_arn: CertificateArn | None = Field(
        None,
        description="An ACM certificate: the ALB listens on HTTPS 443 (default: HTTP only).",
        examples=["arn:aws:acm:us-east-1:123456789012:certificate/abc"],
    )

    @model_validator(mode="after")
    def _health_check_default(self) -> IngressSpec:
        if self.health_check_path is None:
            object.__setattr__(self, "health_check_path", self.path)
        return self


class WorkloadSpec(Model):
    """A Deployment, Job or CronJob whose pods run on Fargate at exactly ``cpu``/``memory``.

    ``cpu``/``memory`` are the Fargate size the pod should get (a valid pair); the component
    sets requests equal to limits so that, with Fargate's 256 MB overhead, EKS provisions
    exactly that size.
    """

    renamed: ClassVar[dict[str, str]] = {"env": "environment", "replicas": "desiredCount"}

    name: Name = Field(
        description="The workload's name (and its pods' app.kubernetes.io/name label).",
        examples=["web"],
    )
    namespace: Namespace = Field(
        "default",
        description="The Kubernetes namespace: a Fargate profile must select it.",
        examples=["team-web"],
    )
    kind: Literal["Deployment", "Job", "CronJob"] = Field(
        "Deployment",
        description="A long-running Deployment, a one-off Job, or a scheduled CronJob.",
        examples=["CronJob"],
    )
    image: Annotated[str, Field(min_length=1)] = _image()
    cpu: CpuUnits = Field(
        256,
        description="The Fargate size each pod gets, exactly: its vCPU.",
        examples=["0.5 vCPU"],
    )
    memory: MemoryMiB = Field(
        512,
        description="The Fargate size each pod gets, exactly: its memory, valid with cpu.",
        examples=["1 GB"],
    )
    port: Port | None = _port("the main container")
    command: list[str] | None = _command()
    environment: K8sEnvVars = _environment()
    labels: dict[str, str] = Field(
        {},
        description="More labels on the pods (Fargate profile selectors can match them).",
        examples=[{"fargate": "true"}],
    )
    desired_count: int = Field(
        1, ge=0, le=1000, description=_DESIRED_COUNT + " Deployments only.", examples=[2]
    )
    schedule: str | None = Field(
        None,
        description="A CronJob's schedule, in cron syntax (CronJobs only).",
        examples=["*/15 * * * *"],
    )
    autoscaling: WorkloadAutoscalingSpec | None = Field(
        None,
        description="A HorizontalPodAutoscaler (Deployments only; default: none).",
        examples=[{"min": 2, "max": 6, "cpuTarget": 60}],
    )
    ingress: Annotated[
        IngressSpec | None,
        BeforeValidator(_shorthand, json_schema_input_type=Shorthand | IngressSpec | None),
    ] = Field(
        None,
        description="An ALB in front of port: public, internal, none, or a mapping "
        "(Deployments only; default: none).",
        examples=["internal", {"scheme": "public", "path": "/api"}],
    )
    sidecars: Annotated[list[WorkloadContainerSpec], unique_names("sidecar")] = Field(
        [],
        description="More containers in each pod, with their own requests.",
        examples=[
            [{"name": "envoy", "image": "envoyproxy/envoy:v1.31", "cpu": "250m", "memory": "256Mi"}]
        ],
    )
    permissions: list[PermissionSpec] = Field(
        [],
        description="IAM statements for the pods, through an IRSA role on their service "
        "account (default: none, and no role).",
        examples=[_PERMISSIONS],
    )

    @field_validator("memory")
    @classmethod
    def _size(cls, memory: int, info: ValidationInfo) -> int:
        cpu = info.data.get("cpu")
        if cpu is not None:
            problem = sizes.size_problem(cpu, memory)
            if problem:
                raise ValueError(problem)
        return memory

    @model_validator(mode="after")
    def _check(self) -> WorkloadSpec:
        if self.kind == "CronJob" and not self.schedule:
            raise At(("kind",), "a CronJob needs a schedule (such as '*/15 * * * *')")
        if self.kind != "CronJob" and self.schedule:
            raise At(("schedule",), f"schedule is for CronJobs, not a {self.kind}")
        if self.kind != "Deployment":
            for key, value in (
                ("autoscaling", self.autoscaling),
                ("ingress", self.ingress),
                ("port", self.port),
                ("desiredCount", "desired_count" in self.model_fields_set or None),
            ):
                if value is not None:
                    raise At(
                        (key, KEY),
                        f"autoscaling, desiredCount, port and ingress are for Deployments, "
                        f"not a {self.kind}",
                    )
        if self.ingress and self.port is None:
            raise At(("ingress",), "an ingress needs the container port (port)")
        if self.kind == "CronJob" and len(self.name) > 52:
            raise At(("name",), "a CronJob name can be at most 52 characters")
        for i, sidecar in enumerate(self.sidecars):
            if sidecar.name == self.name:
                raise At(
                    ("sidecars", i, "name"), "sidecar names must differ from the workload name"
                )
        if self.sidecars:
            from ..fargate.podsizing import requests_for_size
            from ..fargate.units import cpu_quantity_to_units, memory_quantity_to_mib

            needs = [
                (cpu_quantity_to_units(s.cpu), memory_quantity_to_mib(s.memory))
                for s in self.sidecars
            ]
            try:
                requests_for_size(self.cpu, self.memory, needs)
            except ValueError as exc:  # it names what is left
                raise At(("sidecars",), str(exc)) from None
        return self

    def env_name_problems(
        self, version: tuple[int, int]
    ) -> list[tuple[tuple[str | int, ...], str]]:
        """Env var names that an API server of ``version`` refuses: (path, message)."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        containers: list[tuple[tuple[str | int, ...], dict[str, str]]] = [
            ((), self.environment),
            *((("sidecars", i), s.environment) for i, s in enumerate(self.sidecars)),
        ]
        for where, environment in containers:
            for name in environment:
                problem = k8s_env_name_problem(name, version)
                if problem:
                    out.append(((*where, "environment", name, KEY), problem))
        return out

    @property
    def has_role(self) -> bool:
        """Whether the workload gets an IAM role for its service account (IRSA): only when it
        asks for permissions. The component and the role-name check both read this."""
        return bool(self.permissions)


ControlPlaneLog = Literal["api", "audit", "authenticator", "controllerManager", "scheduler"]


class EksLoggingSpec(LoggingSpec):
    """Fargate pod logs to CloudWatch through the built-in Fluent Bit (aws-observability); the
    retention applies to the control plane's log group too."""

    enabled: bool = Field(
        True,
        description="Send the pods' output to CloudWatch Logs (Fargate's Fluent Bit).",
        examples=[False],
    )


class EksClusterSpec(Model):
    """An EKS cluster whose pods run on Fargate (optionally with a managed node group)."""

    name: Name = Field(description="The cluster's name.", examples=["apps"])
    # the newest version in standard support today (fargate/eks_versions.py): pin it in a
    # stack, or the cluster is upgraded when the calendar moves on
    version: KubernetesVersion = Field(
        default_factory=eks_versions.default_version,
        description="The Kubernetes version of the control plane (quote it: YAML reads 1.30 "
        "as the number 1.3). Default: the newest version in standard support on the day the "
        "stack is previewed; versions past extended support are refused, versions in extended "
        "support are priced at its higher control-plane rate.",
        examples=["1.35"],
    )
    endpoint: EndpointAccessSpec = Field(
        EndpointAccessSpec(),
        description="Where the Kubernetes API is reachable (default: private only).",
        examples=[{"public": True, "private": True, "publicCidrs": ["203.0.113.0/24"]}],
    )
    control_plane_logging: list[ControlPlaneLog] = Field(
        ["api", "audit", "authenticator"],
        description="Control plane log types sent to CloudWatch Logs.",
        examples=[["api", "audit", "authenticator", "controllerManager", "scheduler"]],
    )
    fargate_profiles: Annotated[
        list[FargateProfileSpec], Field(min_length=1), unique_names("Fargate profile")
    ] = Field(
        description="Fargate profiles: which pods run on Fargate (kube-system too).",
        examples=[
            [
                {"name": "system", "selectors": [{"namespace": "kube-system"}]},
                {"name": "apps", "selectors": [{"namespace": "team-*"}]},
            ]
        ],
    )
    node_group: NodeGroupSpec | None = Field(
        None,
        description="A managed node group for pods no profile selects (default: none, all "
        "Fargate).",
        examples=[{"instanceTypes": ["m7g.large"], "minSize": 1, "maxSize": 3}],
    )
    admin_principal_arns: list[PrincipalArn] = Field(
        [],
        description="IAM roles or users given cluster admin through EKS access entries.",
        examples=[["arn:aws:iam::123456789012:role/admins"]],
    )
    logging: EksLoggingSpec = Field(
        EksLoggingSpec(),
        description="Pod and control plane logs in CloudWatch Logs.",
        examples=[{"retentionDays": 90}],
    )
    container_insights: bool = Field(
        False,
        description="CloudWatch Container Insights metrics for the Fargate pods (what "
        "`fargate-stacks rightsize` reads): the AWS Distro for OpenTelemetry collector, one "
        "pod in namespace fargate-container-insights with its own Fargate profile and IRSA "
        "role. Off by default: the collector is a Fargate pod, and its metrics are billed.",
        examples=[True],
    )
    workloads: Annotated[list[WorkloadSpec], unique_names("workload")] = Field(
        [],
        description="Deployments, Jobs and CronJobs sized to exact Fargate sizes.",
        examples=[[{"name": "web", "namespace": "kube-system", "image": "nginx:1.27"}]],
    )
    tags: Tags = _tags("the cluster's AWS resources")

    @model_validator(mode="after")
    def _check(self) -> EksClusterSpec:
        from ..fargate.profiles import selecting_profile  # pure matching of selectors

        if self.node_group is None:
            system = [eks_pods.COREDNS] + (
                [eks_pods.LB_CONTROLLER] if any(w.ingress for w in self.workloads) else []
            )
            for pod in system:
                if selecting_profile(self.fargate_profiles, pod.namespace, pod.labels) is None:
                    raise At(
                        ("fargateProfiles",),
                        f"no Fargate profile selects the {pod.what} pods ({pod.namespace}, "
                        f"labels {dict(pod.labels)}) and there is no node group: they would "
                        f"stay Pending (add a profile with namespace {pod.namespace})",
                    )
            for i, w in enumerate(self.workloads):
                labels = {"app.kubernetes.io/name": w.name, **w.labels}
                if selecting_profile(self.fargate_profiles, w.namespace, labels) is None:
                    raise At(
                        ("workloads", i, "namespace"),
                        f"workload {w.name!r} (namespace {w.namespace}) matches no "
                        "Fargate profile and there is no node group: it would stay Pending",
                    )
        if self.container_insights:
            for i, profile in enumerate(self.fargate_profiles):
                if profile.name == eks_pods.ADOT_PROFILE:
                    raise At(
                        ("fargateProfiles", i, "name"),
                        f"{profile.name!r} is the Fargate profile containerInsights adds for "
                        f"the ADOT collector ({eks_pods.ADOT_COLLECTOR.namespace}): name "
                        "yours differently",
                    )
        version = re.match(r"^(\d+)\.(\d+)", self.version)
        if version is not None:
            major_minor = (int(version[1]), int(version[2]))
            for i, w in enumerate(self.workloads):
                for path, message in w.env_name_problems(major_minor):
                    raise At(("workloads", i, *path), message)
        return self


class EksSpec(Model):
    """The EKS half: clusters whose pods run on Fargate."""

    clusters: Annotated[list[EksClusterSpec], Field(min_length=1), unique_names("EKS cluster")] = (
        Field(
            description="EKS clusters (at least one).",
            examples=[
                [
                    {
                        "name": "apps",
                        "fargateProfiles": [{"name": "all", "selectors": [{"namespace": "*"}]}],
                    }
                ]
            ],
        )
    )


# ---------------------------------------------------------------- the stack


class CostSpec(Model):
    """How ``cost`` and ``preview`` price the stack."""

    spot_discount: float | None = Field(
        None,
        ge=0,
        lt=1,
        description="Fargate Spot's discount off on-demand, 0-1 (default: the published "
        "typical discount).",
        examples=[0.7],
    )
    price_file: str | None = Field(
        None,
        description="A YAML file of prices (relative to this file) instead of the built-in "
        "us-east-1 list prices.",
        examples=["prices.yaml"],
    )


class StackSpec(Model):
    """One stack: a network, ECS clusters with services, EKS clusters with workloads."""

    tags: Tags = _tags("every resource of the stack")
    network: NetworkSpec = Field(
        NetworkSpec(),
        description="The VPC: a new one (default) or an existing one.",
        examples=[{"cidr": "10.20.0.0/16", "azCount": 2, "nat": "single"}],
    )
    ecs: EcsSpec | None = Field(
        None,
        description="ECS clusters and their Fargate services.",
        examples=[
            {"clusters": [{"name": "web", "services": [{"name": "api", "image": "nginx:1.27"}]}]}
        ],
    )
    eks: EksSpec | None = Field(
        None,
        description="EKS clusters and their Fargate workloads.",
        examples=[
            {
                "clusters": [
                    {
                        "name": "apps",
                        "fargateProfiles": [{"name": "all", "selectors": [{"namespace": "*"}]}],
                    }
                ]
            }
        ],
    )
    cost: CostSpec = Field(
        CostSpec(),
        description="How cost and preview price the stack.",
        examples=[{"spotDiscount": 0.7}],
    )

    @model_validator(mode="after")
    def _check(self) -> StackSpec:
        if self.ecs is None and self.eks is None:
            raise ValueError("the spec runs nothing: add ecs.clusters or eks.clusters")
        return self
