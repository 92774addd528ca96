"""Pydantic models of one stack's spec.

Keys are camelCase in YAML (as in every Pulumi config file) and snake_case in Python. Every model
forbids unknown keys, so a typo is an error with a suggestion instead of a silently ignored
setting. Validators refuse whatever Fargate cannot run, naming the valid choices, so nothing
invalid reaches a component or AWS. Defaults are the secure and cheap choice: private subnets,
no public IP, the smallest valid size, log retention set.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Literal

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

from ..fargate import capacity, eks_pods, limits, sizes
from ..fargate.platform import PlatformUse, platform_problem
from .types import (
    AccessPointId,
    CertificateArn,
    Cidr,
    CpuUnits,
    EfsId,
    EnvVars,
    IamAction,
    K8sCpu,
    K8sMemory,
    KubernetesVersion,
    MemoryMiB,
    MountPath,
    Name,
    Namespace,
    PlatformVersion,
    Port,
    PrincipalArn,
    RetentionDays,
    Schedule,
    Secrets,
    StorageGiB,
    SubnetId,
    Tags,
    UrlPath,
    VpcId,
)


class Model(BaseModel):
    """Base of every spec model: camelCase keys, unknown keys refused, values immutable."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        validate_default=True,
    )


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

    cidr: Cidr = "10.0.0.0/16"
    az_count: int = Field(2, ge=1, le=6)
    nat: Literal["single", "per-az", "none"] = "single"
    endpoints: list[Endpoint] = []
    vpc_id: VpcId | None = None
    private_subnet_ids: list[SubnetId] = []
    public_subnet_ids: list[SubnetId] = []

    @property
    def existing(self) -> bool:
        return self.vpc_id is not None

    @model_validator(mode="after")
    def _mode(self) -> NetworkSpec:
        if self.existing:
            mixed = {"cidr", "az_count", "nat", "endpoints"} & self.model_fields_set
            if mixed:
                raise ValueError(
                    "an existing VPC (vpcId) cannot also set "
                    + ", ".join(sorted(to_camel(m) for m in mixed))
                )
            if not self.private_subnet_ids:
                raise ValueError(
                    "an existing VPC needs privateSubnetIds: Fargate tasks and pods "
                    "run in private subnets"
                )
        elif self.private_subnet_ids or self.public_subnet_ids:
            raise ValueError("subnet ids need vpcId (or leave them out to create a VPC)")
        if len(set(self.endpoints)) != len(self.endpoints):
            raise ValueError("endpoints lists a name twice")
        if not self.existing:
            prefix = ipaddress.IPv4Network(self.cidr).prefixlen
            if prefix > 24:
                raise ValueError(
                    f"cidr /{prefix} is too small for {2 * self.az_count} subnets: "
                    "use /24 or larger"
                )
        return self


# ---------------------------------------------------------------- shared pieces


class PermissionSpec(Model):
    """An IAM statement granted to a task role or service account (Allow only)."""

    actions: list[IamAction] = Field(min_length=1)
    resources: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


class HealthCheckSpec(Model):
    """A container health check (ECS ``healthCheck``)."""

    command: list[str] = Field(min_length=1)
    interval: int = Field(30, ge=5, le=300)
    timeout: int = Field(5, ge=2, le=60)
    retries: int = Field(3, ge=1, le=10)
    start_period: int = Field(0, ge=0, le=300)


class ContainerSpec(Model):
    """A sidecar container of an ECS task."""

    name: Name
    image: Annotated[str, Field(min_length=1)]
    cpu: CpuUnits | None = None
    memory: MemoryMiB | None = None
    memory_reservation: MemoryMiB | None = None
    port: Port | None = None
    essential: bool = True
    command: list[str] | None = None
    environment: EnvVars = {}
    secrets: Secrets = {}
    health_check: HealthCheckSpec | None = None


class EfsSpec(Model):
    file_system_id: EfsId
    access_point_id: AccessPointId | None = None
    root_directory: str = "/"
    transit_encryption: bool = True
    iam: bool = True

    @model_validator(mode="after")
    def _tls(self) -> EfsSpec:
        if (self.iam or self.access_point_id) and not self.transit_encryption:
            raise ValueError("EFS IAM authorization and access points need transitEncryption: true")
        return self


class VolumeSpec(Model):
    """An EFS volume mounted into the service's main container."""

    name: Name
    efs: EfsSpec
    mount_path: MountPath
    read_only: bool = False


# ---------------------------------------------------------------- ECS


def _load_balancer(value: Any) -> Any:
    """``loadBalancer: public`` is short for ``{scheme: public}``; ``none`` means no ALB."""
    if isinstance(value, str):
        return None if value == "none" else {"scheme": value}
    return value


class LoadBalancerSpec(Model):
    scheme: Literal["public", "internal"] = "public"
    health_check_path: UrlPath = "/"
    certificate_arn: CertificateArn | None = None
    idle_timeout: int = Field(60, ge=1, le=4000)


class ScheduleSpec(Model):
    """A scheduled change of the autoscaling range (App Auto Scaling scheduled action)."""

    name: Name
    schedule: Schedule
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    timezone: str | None = None

    @model_validator(mode="after")
    def _range(self) -> ScheduleSpec:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class AutoscalingSpec(Model):
    """Target tracking on CPU, memory and ALB requests per target, plus schedules."""

    min: int = Field(1, ge=0, le=5000)
    max: int = Field(ge=1, le=5000)
    cpu_target: float | None = Field(None, gt=0, le=100)
    memory_target: float | None = Field(None, gt=0, le=100)
    requests_per_target: int | None = Field(None, ge=1)
    scale_in_cooldown: int = Field(300, ge=0, le=3600)
    scale_out_cooldown: int = Field(60, ge=0, le=3600)
    schedules: Annotated[list[ScheduleSpec], unique_names("schedule")] = []

    @model_validator(mode="after")
    def _check(self) -> AutoscalingSpec:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if not (
            self.cpu_target or self.memory_target or self.requests_per_target or self.schedules
        ):
            object.__setattr__(self, "cpu_target", 70.0)  # a range with no policy scales nothing
        return self


class CapacitySpec(Model):
    """Where tasks run: an on-demand base plus a Spot share, or explicit provider weights.

    ``{onDemandBase: 1, spotPercent: 75}`` becomes FARGATE base 1 weight 1 and FARGATE_SPOT
    weight 3. ``weights`` (and ``base``) give the strategy verbatim instead.
    """

    on_demand_base: int = Field(0, ge=0, le=limits.STRATEGY_BASE_MAX)
    spot_percent: int = Field(0, ge=0, le=100)
    weights: (
        dict[
            Literal["FARGATE", "FARGATE_SPOT"],
            Annotated[int, Field(ge=0, le=limits.STRATEGY_WEIGHT_MAX)],
        ]
        | None
    ) = None
    base: (
        dict[
            Literal["FARGATE", "FARGATE_SPOT"],
            Annotated[int, Field(ge=0, le=limits.STRATEGY_BASE_MAX)],
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _check(self) -> CapacitySpec:
        explicit = self.weights is not None or self.base is not None
        if explicit and {"on_demand_base", "spot_percent"} & self.model_fields_set:
            raise ValueError("give either onDemandBase/spotPercent or weights/base, not both")
        if self.weights is not None and not any(self.weights.values()):
            raise ValueError("weights: at least one provider needs a weight above 0")
        if self.base is not None:
            if len([b for b in self.base.values() if b]) > 1:
                raise ValueError("base: only one capacity provider can have a base")
            if self.weights is None:
                raise ValueError("base needs weights")
            for provider in self.base:
                if provider not in self.weights:
                    raise ValueError(f"base names {provider}, which has no weight")
        return self

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

    name: Name
    image: Annotated[str, Field(min_length=1)]
    architecture: Literal["x86_64", "arm64"] = "x86_64"
    os: Literal["linux", "windows"] = "linux"
    cpu: CpuUnits | None = None
    memory: MemoryMiB | None = None
    port: Port | None = None
    command: list[str] | None = None
    health_check: HealthCheckSpec | None = None
    load_balancer: Annotated[LoadBalancerSpec | None, BeforeValidator(_load_balancer)] = None
    desired_count: int = Field(1, ge=0, le=5000)
    autoscaling: AutoscalingSpec | None = None
    capacity: CapacitySpec = CapacitySpec()
    environment: EnvVars = {}
    secrets: Secrets = {}
    sidecars: list[ContainerSpec] = Field([], max_length=limits.MAX_CONTAINERS_PER_TASK - 1)
    volumes: Annotated[list[VolumeSpec], unique_names("volume")] = []
    ephemeral_storage: (
        Annotated[
            StorageGiB, Field(ge=limits.ECS_EPHEMERAL_GIB_MIN, le=limits.ECS_EPHEMERAL_GIB_MAX)
        ]
        | None
    ) = None
    read_only_root_filesystem: bool = False
    exec_: bool = Field(False, alias="exec")
    platform_version: PlatformVersion = "LATEST"
    log_retention_days: RetentionDays = 30
    assign_public_ip: bool = False
    permissions: list[PermissionSpec] = []
    tags: Tags = {}

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
            raise ValueError(
                "give both cpu and memory, or neither to right-size from the containers"
            )
        if self.os == "windows":
            if self.architecture == "arm64":
                raise ValueError("Windows tasks run on x86_64 only")
            if self.volumes:
                raise ValueError("Windows tasks on Fargate cannot mount EFS volumes")
            if self.capacity.uses_spot:
                raise ValueError("Fargate Spot does not run Windows tasks: set spotPercent 0")
        if self.cpu is not None and self.memory is not None:
            self._sidecars_fit(self.cpu, self.memory)
        if self.load_balancer is not None and self.port is None:
            raise ValueError("a load balancer needs the container port (port)")
        if self.autoscaling and self.autoscaling.requests_per_target and self.load_balancer is None:
            raise ValueError("autoscaling.requestsPerTarget needs a load balancer")
        if self.exec_ and self.read_only_root_filesystem:
            raise ValueError("ECS Exec does not work with readOnlyRootFilesystem: turn one off")
        names = [self.name, *(c.name for c in self.sidecars)]
        if len(set(names)) != len(names):
            raise ValueError("sidecar names must differ from each other and from the service name")
        return self

    def _sidecars_fit(self, cpu: int, memory: int) -> None:
        """ECS refuses containers that ask for more than the task has; the main container needs
        at least MIN_CONTAINER_MIB of what the sidecars (soft reservations included) leave."""
        from ..fargate.limits import MIN_CONTAINER_MIB
        from ..fargate.rightsizing import sidecar_memory_mib

        side_cpu = sum(s.cpu or 0 for s in self.sidecars)
        side_memory = sum(sidecar_memory_mib(s) for s in self.sidecars)
        if side_cpu > cpu:
            raise ValueError(
                f"the sidecars ask for {sizes.fmt_vcpu(side_cpu)}, more than the "
                f"task's {sizes.fmt_vcpu(cpu)}"
            )
        if side_memory + MIN_CONTAINER_MIB > memory:
            raise ValueError(
                f"the sidecars reserve {side_memory} MiB of the task's {memory} MiB, "
                f"leaving less than {MIN_CONTAINER_MIB} MiB for the main container"
            )


class EcsClusterSpec(Model):
    name: Name
    container_insights: bool = True
    service_connect_namespace: Name | None = None
    services: Annotated[list[ServiceSpec], unique_names("service")] = []
    tags: Tags = {}


class EcsSpec(Model):
    clusters: Annotated[list[EcsClusterSpec], Field(min_length=1), unique_names("ECS cluster")]


# ---------------------------------------------------------------- EKS

_NAMESPACE_PATTERN = re.compile(r"^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$")


def _namespace_pattern(value: str) -> str:
    if not _NAMESPACE_PATTERN.match(value) or len(value) > 63:
        raise ValueError(f"{value!r} is not a namespace (wildcards * and ? are allowed)")
    return value


class SelectorSpec(Model):
    namespace: Annotated[str, AfterValidator(_namespace_pattern)]
    labels: dict[str, str] = Field({}, max_length=limits.MAX_LABELS_PER_SELECTOR)


class FargateProfileSpec(Model):
    name: Name
    selectors: list[SelectorSpec] = Field(min_length=1, max_length=limits.MAX_SELECTORS_PER_PROFILE)


class NodeGroupSpec(Model):
    """A managed node group for mixed mode: pods no Fargate profile selects run here."""

    instance_types: list[str] = Field(["t3.medium"], min_length=1)
    min_size: int = Field(1, ge=0)
    max_size: int = Field(3, ge=1)
    desired_size: int = Field(1, ge=0)
    capacity_type: Literal["ON_DEMAND", "SPOT"] = "ON_DEMAND"
    labels: dict[str, str] = {}

    @model_validator(mode="after")
    def _range(self) -> NodeGroupSpec:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise ValueError("node group sizes must satisfy minSize <= desiredSize <= maxSize")
        return self


class EndpointAccessSpec(Model):
    """API server endpoint: private only by default."""

    public: bool = False
    private: bool = True
    public_cidrs: list[Cidr] = []

    @model_validator(mode="after")
    def _check(self) -> EndpointAccessSpec:
        if not (self.public or self.private):
            raise ValueError("the endpoint must be public, private or both")
        if self.public_cidrs and not self.public:
            raise ValueError("publicCidrs needs public: true")
        return self


class WorkloadContainerSpec(Model):
    """A sidecar of a Kubernetes workload, with its own requests (equal to limits)."""

    name: Name
    image: Annotated[str, Field(min_length=1)]
    cpu: K8sCpu
    memory: K8sMemory
    port: Port | None = None
    command: list[str] | None = None
    env: EnvVars = {}


class WorkloadAutoscalingSpec(Model):
    min: int = Field(1, ge=1)
    max: int = Field(ge=1)
    cpu_target: int = Field(70, ge=1, le=100)

    @model_validator(mode="after")
    def _range(self) -> WorkloadAutoscalingSpec:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class IngressSpec(Model):
    scheme: Literal["internet-facing", "internal"] = "internal"
    path: UrlPath = "/"
    host: str | None = None
    certificate_arn: CertificateArn | None = None


class WorkloadSpec(Model):
    """A Deployment, Job or CronJob whose pods run on Fargate at exactly ``cpu``/``memory``.

    ``cpu``/``memory`` are the Fargate size the pod should get (a valid pair); the component
    sets requests equal to limits so that, with Fargate's 256 MB overhead, EKS provisions
    exactly that size.
    """

    name: Name
    namespace: Namespace = "default"
    kind: Literal["Deployment", "Job", "CronJob"] = "Deployment"
    image: Annotated[str, Field(min_length=1)]
    cpu: CpuUnits = 256
    memory: MemoryMiB = 512
    port: Port | None = None
    command: list[str] | None = None
    env: EnvVars = {}
    labels: dict[str, str] = {}
    replicas: int = Field(1, ge=0, le=1000)
    schedule: str | None = None
    autoscaling: WorkloadAutoscalingSpec | None = None
    ingress: IngressSpec | None = None
    sidecars: Annotated[list[WorkloadContainerSpec], unique_names("sidecar")] = []
    permissions: list[PermissionSpec] = []

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
            raise ValueError("a CronJob needs a schedule (such as '*/15 * * * *')")
        if self.kind != "CronJob" and self.schedule:
            raise ValueError(f"schedule is for CronJobs, not a {self.kind}")
        if self.kind != "Deployment" and (self.autoscaling or self.ingress or self.port):
            raise ValueError(
                f"autoscaling, port and ingress are for Deployments, not a {self.kind}"
            )
        if self.ingress and self.port is None:
            raise ValueError("an ingress needs the container port (port)")
        if self.kind == "CronJob" and len(self.name) > 52:
            raise ValueError("a CronJob name can be at most 52 characters")
        if self.name in {s.name for s in self.sidecars}:
            raise ValueError("sidecar names must differ from the workload name")
        if self.sidecars:
            from ..fargate.podsizing import requests_for_size
            from ..fargate.units import cpu_quantity_to_units, memory_quantity_to_mib

            needs = [
                (cpu_quantity_to_units(s.cpu), memory_quantity_to_mib(s.memory))
                for s in self.sidecars
            ]
            requests_for_size(self.cpu, self.memory, needs)  # ValueError names what is left
        return self

    @property
    def has_role(self) -> bool:
        """Whether the workload gets an IAM role for its service account (IRSA): only when it
        asks for permissions. The component and the role-name check both read this."""
        return bool(self.permissions)


ControlPlaneLog = Literal["api", "audit", "authenticator", "controllerManager", "scheduler"]


class EksLoggingSpec(Model):
    """Fargate pod logs to CloudWatch through the built-in Fluent Bit (aws-observability)."""

    enabled: bool = True
    retention_days: RetentionDays = 30


class EksClusterSpec(Model):
    name: Name
    version: KubernetesVersion = "1.31"
    endpoint: EndpointAccessSpec = EndpointAccessSpec()
    control_plane_logging: list[ControlPlaneLog] = ["api", "audit", "authenticator"]
    fargate_profiles: Annotated[
        list[FargateProfileSpec], Field(min_length=1), unique_names("Fargate profile")
    ]
    node_group: NodeGroupSpec | None = None
    admin_principal_arns: list[PrincipalArn] = []
    logging: EksLoggingSpec = EksLoggingSpec()
    workloads: Annotated[list[WorkloadSpec], unique_names("workload")] = []
    tags: Tags = {}

    @model_validator(mode="after")
    def _check(self) -> EksClusterSpec:
        from ..fargate.profiles import selecting_profile  # pure matching of selectors

        if self.node_group is None:
            system = [eks_pods.COREDNS] + (
                [eks_pods.LB_CONTROLLER] if any(w.ingress for w in self.workloads) else []
            )
            for pod in system:
                if selecting_profile(self.fargate_profiles, pod.namespace, pod.labels) is None:
                    raise ValueError(
                        f"no Fargate profile selects the {pod.what} pods ({pod.namespace}, "
                        f"labels {dict(pod.labels)}) and there is no node group: they would "
                        f"stay Pending (add a profile with namespace {pod.namespace})"
                    )
            for w in self.workloads:
                labels = {"app.kubernetes.io/name": w.name, **w.labels}
                if selecting_profile(self.fargate_profiles, w.namespace, labels) is None:
                    raise ValueError(
                        f"workload {w.name!r} (namespace {w.namespace}) matches no "
                        "Fargate profile and there is no node group: it would stay Pending"
                    )
        return self


class EksSpec(Model):
    clusters: Annotated[list[EksClusterSpec], Field(min_length=1), unique_names("EKS cluster")]


# ---------------------------------------------------------------- the stack


class CostSpec(Model):
    """How ``cost`` and ``preview`` price the stack."""

    spot_discount: float | None = Field(None, ge=0, lt=1)
    price_file: str | None = None


class StackSpec(Model):
    """One stack: a network, ECS clusters with services, EKS clusters with workloads."""

    tags: Tags = {}
    network: NetworkSpec = NetworkSpec()
    ecs: EcsSpec | None = None
    eks: EksSpec | None = None
    cost: CostSpec = CostSpec()

    @model_validator(mode="after")
    def _check(self) -> StackSpec:
        if self.ecs is None and self.eks is None:
            raise ValueError("the spec runs nothing: add ecs.clusters or eks.clusters")
        return self
