"""A stack's resources indexed once, and the rules that need more than one resource.

Links follow what Pulumi records: a service depends on its task definition, cluster and target
groups; a capacity-provider association and a Fargate profile depend on their cluster and
subnets. When a reference is a known string (a family, a cluster name) it is matched too.
Everything is indexed in one pass, so a stack of N resources costs O(N).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..fargate.sizes import PLATFORM_1_4, parse_platform_version
from .ecs_service import SPOT_PROVIDER
from .ecs_task import PLATFORM_1_4_TEXT, platform_1_4_needs
from .findings import Violation
from .graph import GraphResource
from .normalize import (
    CAPACITY_PROVIDERS_TYPE,
    CLUSTER_TYPE,
    KUBERNETES_POD_TYPES,
    NODE_GROUP_TYPE,
    PROFILE_TYPE,
    SERVICE_TYPE,
    SUBNET_TYPE,
    TARGET_GROUP_TYPES,
    TASK_TYPE,
    profile_from_pulumi,
    subject_from_props,
)
from .selection import ProfileSet
from .subjects import (
    ECS_SERVICE,
    ECS_TASK,
    EKS_PROFILE,
    POD,
    EcsService,
    EcsTask,
    EksProfile,
    Pod,
    StrategyItem,
    Subject,
)
from .values import UNKNOWN, as_int, as_list, as_map, as_str, is_true, is_unknown, plain

Cross = Iterator[tuple[str, Violation]]
# (type, props, urn, name) -> the resource's subject, as normalize.subject_from_props makes it
SubjectSource = Callable[[str, Any, str, str], Subject | None]
# The types whose dependencies the index follows; no other resource's edges are read.
LINKED_TYPES = frozenset({SERVICE_TYPE, PROFILE_TYPE, CAPACITY_PROVIDERS_TYPE})


class ClusterCapacity:
    """What a cluster's ClusterCapacityProviders says: its providers and default strategy."""

    def __init__(self, props: dict[str, Any]) -> None:
        raw = props.get("capacityProviders")
        self.providers: set[str] | None = (
            None if is_unknown(raw) else {p for p in as_list(raw) if isinstance(p, str)}
        )
        self.default = [
            StrategyItem(
                as_str(as_map(s).get("capacityProvider")),
                as_int(as_map(s).get("base")) or 0,
                as_int(as_map(s).get("weight")) or 0,
                i,
            )
            for i, s in enumerate(as_list(props.get("defaultCapacityProviderStrategies")))
        ]


class StackIndex:
    """Every resource by URN and by subject kind, with the links between them resolved.

    ``subjects`` gives a task definition's, service's or pod's subject: the policy pack passes
    the subjects its resource policies already made from the same props, so no resource is
    normalised twice in one run. Fargate profiles are made here (they need the stack's public
    subnets)."""

    def __init__(
        self, resources: Iterable[GraphResource], subjects: SubjectSource = subject_from_props
    ) -> None:
        self.by_urn: dict[str, GraphResource] = {}
        self.tasks: dict[str, EcsTask] = {}
        self.ecs_services: dict[str, EcsService] = {}
        self.eks_profiles: dict[str, EksProfile] = {}
        self.pods: dict[str, Pod] = {}
        # the same dicts by subject kind, for rules that run on any kind
        self.subjects: dict[str, Mapping[str, Subject]] = {
            ECS_TASK: self.tasks,
            ECS_SERVICE: self.ecs_services,
            EKS_PROFILE: self.eks_profiles,
            POD: self.pods,
        }
        self.clusters: dict[str, dict[str, Any]] = {}
        self.cluster_by_name: dict[str, str] = {}
        self.task_by_family: dict[str, str] = {}
        self.target_groups: dict[str, dict[str, Any]] = {}
        self.public_subnets: dict[str, str] = {}  # urn -> a name for messages
        self.capacity: dict[str, ClusterCapacity] = {}
        self.node_group = False  # pods no profile selects run on it
        later: list[GraphResource] = []
        for r in resources:
            self.by_urn[r.urn] = r
            t = r.type
            if t == TASK_TYPE:
                task = subjects(t, r.props, r.urn, r.name)
                assert isinstance(task, EcsTask)  # what a source makes of a task definition
                self.tasks[r.urn] = task
                if task.name != r.urn:
                    self.task_by_family[task.name] = r.urn
            elif t == CLUSTER_TYPE:
                props = plain(r.props)
                self.clusters[r.urn] = props
                name = as_str(props.get("name"))
                if name:
                    self.cluster_by_name[name] = r.urn
            elif t in TARGET_GROUP_TYPES:
                self.target_groups[r.urn] = plain(r.props)
            elif t == SUBNET_TYPE:
                props = as_map(plain(r.props))
                if is_true(props.get("mapPublicIpOnLaunch")):
                    self.public_subnets[r.urn] = (
                        as_str(as_map(props.get("tags")).get("Name")) or r.name
                    )
            elif t in KUBERNETES_POD_TYPES:
                pod = subjects(t, r.props, r.urn, r.name)
                if isinstance(pod, Pod):  # None for an object without a pod template
                    self.pods[r.urn] = pod
            elif t == NODE_GROUP_TYPE:
                self.node_group = True
            elif t in LINKED_TYPES:
                later.append(r)
        self.service_links: dict[str, GraphResource] = {}
        for r in later:
            if r.type == SERVICE_TYPE:
                service = subjects(r.type, r.props, r.urn, r.name)
                assert isinstance(service, EcsService)  # what a source makes of a service
                self.ecs_services[r.urn] = service
                self.service_links[r.urn] = r
            elif r.type == PROFILE_TYPE:
                subnets = r.property_dependencies.get("subnetIds") or r.dependencies
                public = [self.public_subnets[u] for u in subnets if u in self.public_subnets]
                self.eks_profiles[r.urn] = profile_from_pulumi(r.props, r.urn, public)
            else:
                props = plain(r.props)
                cluster = self._one(r, "clusterName", self.clusters) or self.cluster_by_name.get(
                    as_str(props.get("clusterName")) or ""
                )
                if cluster:
                    self.capacity[cluster] = ClusterCapacity(props)
        profiles = list(self.eks_profiles.values())
        self.profiles = ProfileSet(profiles, self.node_group) if profiles else None

    def _deps(self, r: GraphResource, prop: str, pool: dict[str, Any]) -> list[str]:
        urns = r.property_dependencies.get(prop) or r.dependencies
        return [u for u in urns if u in pool]

    def _one(self, r: GraphResource, prop: str, pool: dict[str, Any]) -> str | None:
        found = self._deps(r, prop, pool)
        return found[0] if found else None

    def task_of(self, service: EcsService) -> EcsTask | None:
        r = self.service_links[service.resource]
        urn = self._one(r, "taskDefinition", self.tasks)
        if urn is None and service.task_definition:
            family = service.task_definition.rsplit("/", 1)[-1].split(":", 1)[0]
            urn = self.task_by_family.get(family)
        return self.tasks.get(urn) if urn else None

    def cluster_of(self, service: EcsService) -> str | None:
        r = self.service_links[service.resource]
        urn = self._one(r, "cluster", self.clusters)
        if urn is None and service.cluster:
            urn = self.cluster_by_name.get(service.cluster.rsplit("/", 1)[-1])
        return urn

    def target_groups_of(self, service: EcsService) -> list[str]:
        return self._deps(self.service_links[service.resource], "loadBalancers", self.target_groups)

    def effective_strategy(self, service: EcsService) -> list[StrategyItem]:
        """The service's strategy, or its cluster's default when it names neither a strategy
        nor a launch type."""
        if service.strategy or service.launch_type is not None:
            return service.strategy
        cluster = self.cluster_of(service)
        capacity = self.capacity.get(cluster) if cluster else None
        return capacity.default if capacity else []

    def services(self) -> list[EcsService]:
        return list(self.ecs_services.values())


def _on_spot(index: StackIndex, service: EcsService) -> bool:
    return any(
        s.provider == SPOT_PROVIDER and (s.weight > 0 or s.base > 0)
        for s in index.effective_strategy(service)
    )


def platform_versions(index: StackIndex) -> Cross:
    """A service pinned below platform version 1.4.0 whose task definition uses what only 1.4.0
    offers (the service's platformVersion joined to its task definition)."""
    for service in index.services():
        version = parse_platform_version(service.platform_version)
        if version is None or version >= PLATFORM_1_4:
            continue
        task = index.task_of(service)
        if task is None:
            continue
        needs = platform_1_4_needs(task, _on_spot(index, service))
        if needs:
            yield (
                service.resource,
                Violation(
                    f"service {service.name!r} runs on platform version {service.platform_version}, "
                    f"but task definition {task.name!r} uses {', '.join(needs)}, which need "
                    f"platform version {PLATFORM_1_4_TEXT} or later: set platformVersion to "
                    f"{PLATFORM_1_4_TEXT} or LATEST",
                    ("platformVersion",),
                ),
            )


def spot_windows(index: StackIndex) -> Cross:
    for service in index.services():
        if not _on_spot(index, service):
            continue
        task = index.task_of(service)
        if task is not None and task.operating_system == "WINDOWS":
            yield (
                service.resource,
                Violation(
                    f"service {service.name!r} runs Windows task definition {task.name!r} on "
                    "FARGATE_SPOT: Fargate Spot is Linux only; use FARGATE for Windows tasks",
                    (service.strategy_path,),
                ),
            )


def capacity_providers(index: StackIndex) -> Cross:
    for service in index.services():
        cluster = index.cluster_of(service)
        if cluster is None:
            continue
        capacity = index.capacity.get(cluster)
        cluster_name = as_str(index.clusters[cluster].get("name")) or index.by_urn[cluster].name
        if service.strategy:
            if capacity is None:
                have: set[str] = set()
            elif capacity.providers is None:
                continue  # not known during preview
            else:
                have = capacity.providers
            for item in service.strategy:
                if item.provider and item.provider not in have:
                    listed = ", ".join(sorted(have)) or "none"
                    yield (
                        service.resource,
                        Violation(
                            f"service {service.name!r} uses capacity provider {item.provider}, which "
                            f"cluster {cluster_name!r} does not have (it has: {listed}); add it to "
                            "the cluster's ClusterCapacityProviders",
                            (service.strategy_path, item.index),
                        ),
                    )
        elif service.launch_type is None and not (capacity and capacity.default):
            yield (
                service.resource,
                Violation(
                    f"service {service.name!r} names no launchType or capacity provider strategy and "
                    f"cluster {cluster_name!r} has no default strategy, so ECS would launch it on "
                    "EC2: set a FARGATE strategy",
                    ("capacityProviderStrategies",),
                ),
            )


def target_group_types(index: StackIndex) -> Cross:
    for service in index.services():
        for urn in index.target_groups_of(service):
            target_type = index.target_groups[urn].get("targetType")
            if is_unknown(target_type):
                continue
            if target_type != "ip":
                shown = target_type or "instance (the default)"
                yield (
                    service.resource,
                    Violation(
                        f"service {service.name!r} registers with target group "
                        f"{index.by_urn[urn].name!r} of target type {shown}: Fargate tasks are "
                        'registered by IP; set targetType "ip"',
                        ("loadBalancers",),
                    ),
                )


__all__ = [
    "LINKED_TYPES",
    "UNKNOWN",
    "Cross",
    "StackIndex",
    "SubjectSource",
    "capacity_providers",
    "platform_versions",
    "spot_windows",
    "target_group_types",
]
