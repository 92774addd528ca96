"""The rule table: every rule's name, default level, what it applies to and how it is checked.

Rule names and levels are a public contract (policy configs, SARIF rule ids and the Pulumi
policy names all use them); add rules, never rename them. A rule has up to three parts:

* ``checks``: per-subject functions (subject kind -> function of the subject);
* ``pod_profiles``: a pod function that also needs the Fargate profiles around it;
* ``stack``: a function over the whole :class:`~.stack.StackIndex` for links between resources.

A rule with either of the last two is cross-resource: the policy pack runs it as a
``StackValidationPolicy``; the others become ``ResourceValidationPolicy`` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import ecs_service, ecs_task, eks_profile, kubernetes, pods, stack
from .findings import Level, Violation
from .subjects import ECS_SERVICE, ECS_TASK, EKS_PROFILE, POD

Check = Callable[[Any], Iterable[Violation]]
PodProfilesCheck = Callable[[Any, Any], Iterable[Violation]]
StackCheck = Callable[["stack.StackIndex"], Iterable[tuple[str, Violation]]]


@dataclass(frozen=True)
class Rule:
    name: str
    level: Level
    applies_to: str  # as the README table says it: "ECS", "ECS, k8s", "k8s", "EKS"
    description: str
    checks: Mapping[str, Check] = field(default_factory=dict)
    pod_profiles: PodProfilesCheck | None = None
    stack: StackCheck | None = None

    @property
    def cross_resource(self) -> bool:
        return self.pod_profiles is not None or self.stack is not None

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.checks) | ({POD} if self.pod_profiles else frozenset())


def _profiles_subnets(index: stack.StackIndex) -> Iterator[tuple[str, Violation]]:
    for urn, profile in index.eks_profiles.items():
        for v in eks_profile.profile_subnets(profile):
            yield urn, v


M: Level = "mandatory"
A: Level = "advisory"

RULES: tuple[Rule, ...] = (
    Rule(
        "fargate-task-size",
        M,
        "ECS",
        "Task cpu and memory must be set and be a pair from the Fargate size table, on a "
        "platform version that offers it (8/16 vCPU, ephemeralStorage, EFS, SYS_PTRACE, "
        "pidMode task and ARM64 Spot need 1.4.0).",
        {ECS_TASK: ecs_task.task_size},
        stack=stack.platform_versions,
    ),
    Rule(
        "fargate-network-mode",
        M,
        "ECS",
        "Fargate tasks must use networkMode awsvpc.",
        {ECS_TASK: ecs_task.network_mode},
    ),
    Rule(
        "fargate-no-privileged",
        M,
        "ECS, k8s",
        "Fargate refuses privileged containers.",
        {ECS_TASK: ecs_task.no_privileged, POD: kubernetes.no_privileged},
    ),
    Rule(
        "fargate-no-gpu",
        M,
        "ECS, k8s",
        "Fargate has no GPUs, Inferentia or Trainium.",
        {ECS_TASK: ecs_task.no_gpu, POD: kubernetes.no_gpu},
    ),
    Rule(
        "fargate-capabilities",
        M,
        "ECS, k8s",
        "Fargate allows adding only the SYS_PTRACE capability.",
        {ECS_TASK: ecs_task.capabilities, POD: kubernetes.capabilities},
    ),
    Rule(
        "fargate-no-host-network",
        M,
        "ECS, k8s",
        "Fargate refuses host networking, hostPort and hostIP.",
        {ECS_TASK: ecs_task.no_host_network, POD: kubernetes.no_host_network},
    ),
    Rule(
        "fargate-no-host-namespaces",
        M,
        "ECS, k8s",
        "Fargate refuses the host's PID and IPC namespaces.",
        {ECS_TASK: ecs_task.no_host_namespaces, POD: kubernetes.no_host_namespaces},
    ),
    Rule(
        "fargate-volumes",
        M,
        "ECS, k8s",
        "Fargate mounts EFS and task-local volumes only: no host paths, Docker volumes or EBS.",
        {ECS_TASK: ecs_task.volumes, POD: kubernetes.volumes},
    ),
    Rule(
        "fargate-unsupported-params",
        M,
        "ECS",
        "Task definition parameters Fargate does not support.",
        {ECS_TASK: ecs_task.unsupported_params},
    ),
    Rule(
        "fargate-container-resources",
        M,
        "ECS",
        "Container cpu and memory must fit the task; at most 10 containers.",
        {ECS_TASK: ecs_task.container_resources},
    ),
    Rule(
        "fargate-ephemeral-storage",
        M,
        "ECS, k8s",
        "Ephemeral storage: 21-200 GiB on ECS, at most 175 GiB on EKS.",
        {ECS_TASK: ecs_task.ephemeral_storage, POD: kubernetes.ephemeral_storage},
    ),
    Rule(
        "fargate-log-driver",
        M,
        "ECS",
        "Fargate logs through awslogs (with a stream prefix), splunk or awsfirelens.",
        {ECS_TASK: ecs_task.log_driver},
    ),
    Rule(
        "fargate-windows",
        M,
        "ECS",
        "Windows tasks on Fargate: X86_64 only, no EFS, FireLens or ulimits.",
        {ECS_TASK: ecs_task.windows},
    ),
    Rule(
        "fargate-spot-platform",
        M,
        "ECS service",
        "Fargate Spot is for Linux ECS tasks only; EKS on Fargate has no Spot.",
        {POD: kubernetes.spot},
        stack=stack.spot_windows,
    ),
    Rule(
        "fargate-capacity-strategy",
        M,
        "ECS service",
        "A valid capacity provider strategy that the cluster can serve.",
        {ECS_SERVICE: ecs_service.capacity_strategy},
        stack=stack.capacity_providers,
    ),
    Rule(
        "fargate-service-scheduling",
        M,
        "ECS service",
        "No DAEMON scheduling on Fargate; target groups must use target type ip.",
        {ECS_SERVICE: ecs_service.service_scheduling},
        stack=stack.target_group_types,
    ),
    Rule(
        "fargate-no-daemonset",
        M,
        "k8s",
        "Fargate runs no DaemonSets.",
        pod_profiles=pods.daemonset_on_fargate,
    ),
    Rule(
        "fargate-pod-size",
        M,
        "k8s",
        "A pod's Fargate size must not exceed 16 vCPU / 120 GB.",
        {POD: kubernetes.pod_size},
    ),
    Rule(
        "fargate-pod-platform",
        M,
        "k8s",
        "Fargate on EKS runs Linux amd64 pods only.",
        {POD: kubernetes.pod_platform},
    ),
    Rule(
        "fargate-profile-selectors",
        M,
        "EKS",
        "A Fargate profile has 1-5 selectors, each with a namespace and at most 5 labels.",
        {EKS_PROFILE: eks_profile.profile_selectors},
    ),
    Rule(
        "fargate-profile-subnets",
        M,
        "EKS",
        "Fargate profiles must use private subnets.",
        stack=_profiles_subnets,
    ),
    Rule(
        "fargate-requests-equal-limits",
        A,
        "k8s",
        "Fargate sizes pods from requests and runs them Guaranteed: requests should equal limits.",
        {POD: kubernetes.requests_equal_limits},
    ),
    Rule(
        "fargate-pod-has-profile",
        A,
        "k8s",
        "A workload no Fargate profile selects would stay Pending without a node group.",
        pod_profiles=pods.pod_has_profile,
    ),
    Rule(
        "image-tag-pinned",
        A,
        "ECS, k8s",
        "Images should be pinned to a version or digest, not latest.",
        {ECS_TASK: ecs_task.image_tag_pinned, POD: kubernetes.image_tag_pinned},
    ),
    Rule(
        "public-ip",
        A,
        "ECS service",
        "Tasks should not get public IP addresses.",
        {ECS_SERVICE: ecs_service.public_ip},
    ),
    Rule(
        "efs-transit-encryption",
        A,
        "ECS",
        "EFS volumes should encrypt data in transit.",
        {ECS_TASK: ecs_task.efs_transit_encryption},
    ),
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
RULE_NAMES: tuple[str, ...] = tuple(RULES_BY_NAME)
