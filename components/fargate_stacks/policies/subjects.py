"""The normalised inputs rules take: one dataclass per subject kind.

Each keeps the source data in one shape (AWS camelCase for ECS task definitions, the Kubernetes
pod spec for pods) however it was written, plus what a finding needs: a resource name
(``Kind/name`` or a URN), the file, and a ``locate`` callback from a path below the subject's
data to a line. Normalisers (:mod:`.normalize`) build these from files and Pulumi props.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from ..fargate import ecs_tasks, eks_pods
from ..fargate.sizes import family_or_name
from .findings import PathKey
from .values import UNKNOWN, Unknown, as_list, as_map, as_str, is_unknown

Locate = Callable[[PathKey], int | None]


class Kind(StrEnum):
    """What a rule can look at: one kind per subject class below."""

    ECS_TASK = "ecs-task"
    ECS_SERVICE = "ecs-service"
    EKS_PROFILE = "eks-profile"
    POD = "pod"
    K8S_LB = "k8s-lb"
    POD_IDENTITY = "pod-identity"

    @property
    def label(self) -> str:
        """How the README, ``check --list-rules`` and SARIF tags name the kind."""
        return KIND_LABELS[self]


KIND_LABELS: Mapping[Kind, str] = {
    Kind.ECS_TASK: "ECS task definition",
    Kind.ECS_SERVICE: "ECS service",
    Kind.EKS_PROFILE: "EKS Fargate profile",
    Kind.POD: "Kubernetes pod template",
    Kind.K8S_LB: "Kubernetes Service or Ingress",
    Kind.POD_IDENTITY: "EKS Pod Identity association",
}
ECS_TASK, ECS_SERVICE, EKS_PROFILE, POD = (
    Kind.ECS_TASK,
    Kind.ECS_SERVICE,
    Kind.EKS_PROFILE,
    Kind.POD,
)
K8S_LB, POD_IDENTITY = Kind.K8S_LB, Kind.POD_IDENTITY
SUBJECT_KINDS: tuple[Kind, ...] = tuple(Kind)


def _nowhere(path: PathKey) -> int | None:
    return None


@dataclass
class Subject:
    kind: ClassVar[Kind]  # set by each subclass
    resource: str
    file: str | None = field(default=None, kw_only=True)
    locate: Locate = field(default=_nowhere, kw_only=True, repr=False)

    def line(self, path: PathKey) -> int | None:
        return self.locate(path)


@dataclass
class EcsTask(Subject):
    """An ECS task definition in AWS's register-task-definition shape."""

    name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    # None: containerDefinitions missing or unreadable; UNKNOWN: not known during preview
    containers: list[dict[str, Any]] | Unknown | None = None
    platform_version: str | None = None  # from the service, when known

    kind = ECS_TASK

    @property
    def container_list(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, definition) of every readable container; empty when unknown."""
        if not isinstance(self.containers, list):
            return []
        return [(i, c) for i, c in enumerate(self.containers) if isinstance(c, dict)]

    @property
    def operating_system(self) -> str | None:
        """'LINUX' or 'WINDOWS' (LINUX when unset, as on AWS); None when unknown; a name of no
        family Fargate runs as written (upper-case), for fargate-task-size to refuse."""
        platform = self.data.get("runtimePlatform")
        if is_unknown(platform):
            return None
        family = as_map(platform).get("operatingSystemFamily", "LINUX")
        if is_unknown(family):
            return None
        return family_or_name(str(family))

    @property
    def architecture(self) -> str | None:
        platform = self.data.get("runtimePlatform")
        if is_unknown(platform):
            return None
        arch = as_map(platform).get("cpuArchitecture", "X86_64")
        return None if is_unknown(arch) else str(arch).upper()

    @functools.cached_property
    def for_fargate(self) -> bool:
        """False only when requiresCompatibilities is set and leaves FARGATE out."""
        compat = self.data.get("requiresCompatibilities")
        if not isinstance(compat, list) or not compat:
            return True
        return any(
            str(c).upper() == ecs_tasks.FARGATE_COMPATIBILITY for c in compat if not is_unknown(c)
        ) or any(is_unknown(c) for c in compat)

    @property
    def compatibilities(self) -> list[str]:
        """requiresCompatibilities as written (known values only)."""
        compat = self.data.get("requiresCompatibilities")
        return [str(c) for c in as_list(compat) if not is_unknown(c)]


@dataclass
class StrategyItem:
    provider: str | None
    base: int
    weight: int
    index: int


@dataclass
class EcsService(Subject):
    """An ECS service: how it is launched and reached."""

    name: str = ""
    launch_type: str | Unknown | None = None
    strategy: list[StrategyItem] = field(default_factory=list)
    strategy_path: str = "capacityProviderStrategies"
    scheduling: str | None = None
    assign_public_ip: bool | None = None
    public_ip_path: PathKey = ()
    platform_version: str | None = None
    task_definition: str | None = None  # the reference, when known
    cluster: str | None = None
    desired_count: int | None = None
    exec_command: bool = False  # enableExecuteCommand
    # the service's props in AWS's CreateService shape where Pulumi's differ (see normalize):
    # deploymentConfiguration, deploymentController, volumeConfigurations
    data: dict[str, Any] = field(default_factory=dict)

    kind = ECS_SERVICE


@dataclass
class Selector:
    namespace: str | None
    labels: dict[str, str]
    index: int


@dataclass
class EksProfile(Subject):
    """An EKS Fargate profile. Only selectors with a namespace take part in scheduling."""

    name: str = ""
    selectors: list[Selector] = field(default_factory=list)
    selectors_known: bool = True
    public_subnets: list[str] = field(default_factory=list)

    kind = EKS_PROFILE

    @property
    def usable_selectors(self) -> list[Selector]:
        return [s for s in self.selectors if isinstance(s.namespace, str) and s.namespace]


@dataclass
class Pod(Subject):
    """A pod template (a Pod, or the template of a Deployment, Job, CronJob...).

    Violation paths are below the pod spec, except those starting with :data:`CLAIMS`, which
    are below the StatefulSet's ``spec.volumeClaimTemplates`` (outside the pod spec)."""

    kind_name: str = "Pod"  # the Kubernetes kind
    name: str = ""
    namespace: str | None = "default"  # None: not known during preview
    labels: dict[str, str] = field(default_factory=dict)
    spec: dict[str, Any] = field(default_factory=dict)
    claim_templates: list[Any] = field(default_factory=list)  # a StatefulSet's
    _walks: dict[tuple[str, ...], tuple[tuple[PathKey, dict[str, Any]], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    kind = POD

    def containers(self, *lists: str) -> tuple[tuple[PathKey, dict[str, Any]], ...]:
        """(path, container) for the named container lists (all three when none named).
        Every rule walks the containers, several times over: the walk is made once per
        choice of lists (the spec is read, never changed, once the pod is made)."""
        key = lists or CONTAINER_LISTS
        made = self._walks.get(key)
        if made is None:
            made = self._walks[key] = tuple(
                ((name, i), container)
                for name in key
                for i, container in enumerate(as_list(self.spec.get(name)))
                if isinstance(container, dict)
            )
        return made

    @property
    def display(self) -> str:
        return f"{self.kind_name}/{self.name}"

    @property
    def service_account(self) -> str:
        """The service account the pods run as (Kubernetes' default when none is named)."""
        for key in ("serviceAccountName", "serviceAccount"):  # the second: deprecated alias
            name = as_str(self.spec.get(key))
            if name:
                return name
        return eks_pods.DEFAULT_SERVICE_ACCOUNT


@dataclass
class K8sLoadBalancing(Subject):
    """A Kubernetes Service or Ingress: what the AWS Load Balancer Controller turns into a load
    balancer and its targets."""

    kind_name: str = "Service"  # Service or Ingress
    name: str = ""
    namespace: str | None = "default"
    annotations: dict[str, str] = field(default_factory=dict)
    selector: dict[str, str] = field(default_factory=dict)  # a Service's pod selector
    spec: dict[str, Any] = field(default_factory=dict)

    kind = K8S_LB

    @property
    def target_type_annotation(self) -> str | None:
        return eks_pods.TARGET_TYPE_ANNOTATIONS.get(self.kind_name)

    @property
    def backend_services(self) -> list[str]:
        """The Services an Ingress routes to (its default backend and every rule's paths)."""
        names: list[str] = []
        default = as_map(as_map(self.spec.get("defaultBackend")).get("service")).get("name")
        if isinstance(default, str):
            names.append(default)
        for rule in as_list(self.spec.get("rules")):
            for path in as_list(as_map(as_map(rule).get("http")).get("paths")):
                name = as_map(as_map(as_map(path).get("backend")).get("service")).get("name")
                if isinstance(name, str) and name not in names:
                    names.append(name)
        return names


@dataclass
class PodIdentityAssociation(Subject):
    """An EKS Pod Identity association: an IAM role for a service account in a namespace
    (``aws:eks/podIdentityAssociation`` in a stack, ACK's ``PodIdentityAssociation`` in a
    manifest)."""

    name: str = ""
    namespace: str | None = None
    service_account: str | None = None
    cluster: str | None = None

    kind = POD_IDENTITY


CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
CLAIMS = "<volumeClaimTemplates>"  # first step of a Pod violation path into its claim templates


def in_scope(subject: Subject) -> bool:
    """Whether Fargate rules apply: not to a task definition that leaves FARGATE out of its
    requiresCompatibilities (it is meant for EC2)."""
    return not isinstance(subject, EcsTask) or subject.for_fargate


def container_name(container: dict[str, Any], index: int) -> str:
    return as_str(container.get("name")) or f"#{index + 1}"


__all__ = [
    "CLAIMS",
    "CONTAINER_LISTS",
    "ECS_SERVICE",
    "ECS_TASK",
    "EKS_PROFILE",
    "K8S_LB",
    "POD",
    "POD_IDENTITY",
    "SUBJECT_KINDS",
    "UNKNOWN",
    "EcsService",
    "EcsTask",
    "EksProfile",
    "K8sLoadBalancing",
    "Kind",
    "Locate",
    "Pod",
    "PodIdentityAssociation",
    "Selector",
    "StrategyItem",
    "Subject",
    "container_name",
    "in_scope",
]
