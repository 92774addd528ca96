"""A stack's resources (or a set of files) indexed once, with the links rules follow.

Links follow what Pulumi records: a service depends on its task definition, cluster and target
groups; a capacity-provider association and a Fargate profile depend on their cluster and
subnets. When a reference is a known string (a family, a cluster name) it is matched too.
Everything is indexed in one pass, so a stack of N resources costs O(N).

The index is also where the one question every rule shares is answered: does Fargate run this
subject at all (:meth:`StackIndex.applies`)? A task definition whose requiresCompatibilities
leaves FARGATE out is meant for EC2 (unless checked as a migration candidate); a pod no Fargate
profile selects is left to its node group (or stays Pending, which ``fargate-pod-has-profile``
says); without profiles every pod is taken to run on Fargate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .graph import GraphResource
from .normalize import (
    CAPACITY_PROVIDERS_TYPE,
    CLUSTER_TYPE,
    KUBERNETES_LB_TYPES,
    KUBERNETES_POD_TYPES,
    NODE_GROUP_TYPE,
    POD_IDENTITY_TYPE,
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
    EcsService,
    EcsTask,
    EksProfile,
    K8sLoadBalancing,
    Kind,
    Pod,
    PodIdentityAssociation,
    StrategyItem,
    Subject,
)
from .values import UNKNOWN, as_int, as_list, as_map, as_str, is_true, is_unknown, plain

# (type, props, urn, name) -> the resource's subject, as normalize.subject_from_props makes it
SubjectSource = Callable[[str, Any, str, str], Subject | None]
# The types whose dependencies the index follows; no other resource's edges are read.
LINKED_TYPES = frozenset({SERVICE_TYPE, PROFILE_TYPE, CAPACITY_PROVIDERS_TYPE})
# Types made into subjects as they come (services and profiles need the links first).
_SUBJECT_TYPES = frozenset(
    {TASK_TYPE, POD_IDENTITY_TYPE, *KUBERNETES_POD_TYPES, *KUBERNETES_LB_TYPES}
)


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
    """Every subject by kind and resource (the URN in a stack, ``Kind/name`` for files), with
    the links between them resolved.

    ``subjects`` gives a resource's subject: the policy pack passes the subjects its resource
    policies already made from the same props, so no resource is normalised twice in one run.
    Fargate profiles are made here (they need the stack's public subnets).
    ``assume_fargate``: check task definitions meant for EC2 as migration candidates."""

    def __init__(
        self,
        resources: Iterable[GraphResource] = (),
        subjects: SubjectSource = subject_from_props,
        *,
        assume_fargate: bool = False,
    ) -> None:
        self.assume_fargate = assume_fargate
        self.by_urn: dict[str, GraphResource] = {}
        self.tasks: dict[str, EcsTask] = {}
        self.ecs_services: dict[str, EcsService] = {}
        self.eks_profiles: dict[str, EksProfile] = {}
        self.pods: dict[str, Pod] = {}
        self.load_balancing: dict[str, K8sLoadBalancing] = {}
        self.pod_identities: dict[str, PodIdentityAssociation] = {}
        # the same dicts by subject kind, for rules that run on any kind
        self.subjects: dict[Kind, Mapping[str, Subject]] = {
            Kind.ECS_TASK: self.tasks,
            Kind.ECS_SERVICE: self.ecs_services,
            Kind.EKS_PROFILE: self.eks_profiles,
            Kind.POD: self.pods,
            Kind.K8S_LB: self.load_balancing,
            Kind.POD_IDENTITY: self.pod_identities,
        }
        self.clusters: dict[str, dict[str, Any]] = {}
        self.cluster_by_name: dict[str, str] = {}
        self.task_by_family: dict[str, str] = {}
        self.target_groups: dict[str, dict[str, Any]] = {}
        self.public_subnets: dict[str, str] = {}  # urn -> a name for messages
        self.capacity: dict[str, ClusterCapacity] = {}
        self.service_links: dict[str, GraphResource] = {}
        self.node_group = False  # pods no profile selects run on it
        self.profiles: ProfileSet | None = None
        self._on_fargate: dict[int, bool] = {}  # by id(): every pod is held in self.pods
        self._add_resources(resources, subjects)

    @classmethod
    def of_subjects(
        cls,
        subjects: Iterable[Subject],
        profiles: ProfileSet | None = None,
        *,
        assume_fargate: bool = False,
        check_profiles: bool = True,
    ) -> StackIndex:
        """Subjects read from files (``check``, ``size``); ``profiles`` from ``--profiles``
        decide which pods Fargate runs, and are checked themselves (``check_profiles``)."""
        index = cls(assume_fargate=assume_fargate)
        for n, subject in enumerate(subjects):
            # files may hold the same Kind/name twice (1,000 copies of one manifest): the key
            # keeps them apart, findings still name subject.resource
            index._add(subject, f"{subject.resource}#{n}")
        if profiles is not None:
            if check_profiles:
                for profile in profiles.profiles:
                    index.eks_profiles[profile.resource] = profile
            index.node_group = profiles.node_group
            index.profiles = profiles
        return index

    def _add(self, subject: Subject, key: str | None = None) -> None:
        table = self.subjects[subject.kind]
        assert isinstance(table, dict)  # the index's own dicts
        key = key or subject.resource
        table[key] = subject
        if isinstance(subject, EcsTask) and subject.name != subject.resource:
            self.task_by_family[subject.name] = key

    def _add_resources(self, resources: Iterable[GraphResource], subjects: SubjectSource) -> None:
        later: list[GraphResource] = []
        for r in resources:
            self.by_urn[r.urn] = r
            t = r.type
            if t in _SUBJECT_TYPES:
                subject = subjects(t, r.props, r.urn, r.name)
                if subject is not None:  # None: a Kubernetes object without a pod template
                    self._add(subject)
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
            elif t == NODE_GROUP_TYPE:
                self.node_group = True
            elif t in LINKED_TYPES:
                later.append(r)
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

    # ---- does Fargate run it?

    def applies(self, subject: Subject) -> bool:
        """Whether Fargate rules apply to ``subject``: a task definition meant for Fargate (or
        any, with ``assume_fargate``), a pod a profile selects (every pod, without profiles),
        a Service or Ingress in front of such pods; every other subject."""
        if isinstance(subject, EcsTask):
            return self.assume_fargate or subject.for_fargate
        if isinstance(subject, Pod):
            return self.on_fargate(subject)
        if isinstance(subject, K8sLoadBalancing):
            return self._lb_on_fargate(subject)
        return True

    def on_fargate(self, pod: Pod) -> bool:
        """A pod some profile selects; every pod while no profile is known, and a pod whose
        namespace is not known yet (preview) unless a node group could take it."""
        known = self._on_fargate.get(id(pod))
        if known is None:
            if self.profiles is None:
                known = True
            elif pod.namespace is None:
                known = not self.node_group
            else:
                known = self.profiles.select(pod) is not None
            self._on_fargate[id(pod)] = known
        return known

    def _lb_on_fargate(self, lb: K8sLoadBalancing) -> bool:
        if self.profiles is None or lb.namespace is None:
            return True
        if lb.kind_name == "Service":  # its pods carry at least the selector's labels
            return self.profiles.select_labels(lb.namespace, lb.selector) is not None
        return self.profiles.selects_namespace(lb.namespace)

    # ---- links

    def _deps(self, r: GraphResource, prop: str, pool: Mapping[str, Any]) -> list[str]:
        urns = r.property_dependencies.get(prop) or r.dependencies
        return [u for u in urns if u in pool]

    def _one(self, r: GraphResource, prop: str, pool: Mapping[str, Any]) -> str | None:
        found = self._deps(r, prop, pool)
        return found[0] if found else None

    def task_of(self, service: EcsService) -> EcsTask | None:
        r = self.service_links.get(service.resource)
        urn = self._one(r, "taskDefinition", self.tasks) if r is not None else None
        if urn is None and service.task_definition:
            family = service.task_definition.rsplit("/", 1)[-1].split(":", 1)[0]
            urn = self.task_by_family.get(family)
        return self.tasks.get(urn) if urn else None

    def cluster_of(self, service: EcsService) -> str | None:
        r = self.service_links.get(service.resource)
        urn = self._one(r, "cluster", self.clusters) if r is not None else None
        if urn is None and service.cluster:
            urn = self.cluster_by_name.get(service.cluster.rsplit("/", 1)[-1])
        return urn

    def cluster_name(self, urn: str) -> str:
        return as_str(self.clusters[urn].get("name")) or self.by_urn[urn].name

    def target_groups_of(self, service: EcsService) -> list[str]:
        r = self.service_links.get(service.resource)
        return self._deps(r, "loadBalancers", self.target_groups) if r is not None else []

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

    def pods_of_service_account(self, namespace: str, service_account: str) -> Sequence[Pod]:
        return [
            p
            for p in self.pods.values()
            if p.namespace == namespace and p.service_account == service_account
        ]


__all__ = ["LINKED_TYPES", "UNKNOWN", "ClusterCapacity", "StackIndex", "SubjectSource"]
