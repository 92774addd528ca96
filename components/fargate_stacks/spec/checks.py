"""Checks across the whole spec that no single model can make, reported with the field path.

Each returns ``(path, message)`` pairs; the loader turns them into located one-line errors and
``build_stack`` runs the same checks on specs built in code, so both refuse the same things
before the first resource exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..constraints import tags
from .names import name_problems

if TYPE_CHECKING:
    from .models import StackSpec


def derived_name_collisions(spec: StackSpec) -> list[tuple[str, str]]:
    """Cluster ``a-b`` with service ``c`` and cluster ``a`` with service ``b-c`` would both name
    their resources ``a-b-c``: Pulumi would refuse the duplicate URN half-way through."""
    if spec.ecs is None:
        return []
    seen: dict[str, str] = {}
    out: list[tuple[str, str]] = []
    for ci, cluster in enumerate(spec.ecs.clusters):
        for si, service in enumerate(cluster.services):
            key = f"{cluster.name}-{service.name}"
            if key in seen:
                out.append(
                    (
                        f"ecs.clusters[{ci}].services[{si}].name",
                        f"{cluster.name}/{service.name} and {seen[key]} would both name "
                        f"their resources {key!r}: rename one",
                    )
                )
            seen[key] = f"{cluster.name}/{service.name}"
    return out


def public_endpoints_need_public_subnets(spec: StackSpec) -> list[tuple[str, str]]:
    """An adopted VPC without public subnet ids has nowhere to put a public ALB or task."""
    if spec.ecs is None or not spec.network.existing or spec.network.public_subnet_ids:
        return []
    out: list[tuple[str, str]] = []
    for ci, cluster in enumerate(spec.ecs.clusters):
        for si, service in enumerate(cluster.services):
            here = f"ecs.clusters[{ci}].services[{si}]"
            if service.load_balancer and service.load_balancer.scheme == "public":
                out.append(
                    (
                        f"{here}.loadBalancer",
                        "a public load balancer needs "
                        "network.publicSubnetIds (or scheme: internal)",
                    )
                )
            if service.assign_public_ip:
                out.append(
                    (f"{here}.assignPublicIp", "assignPublicIp needs network.publicSubnetIds")
                )
    return out


def eks_needs_two_subnets(spec: StackSpec) -> list[tuple[str, str]]:
    """EKS refuses a cluster whose subnets are not in at least two Availability Zones; with an
    adopted VPC we only know the ids, so at least two private subnets are required."""
    if spec.eks is None or not spec.network.existing or len(spec.network.private_subnet_ids) >= 2:
        return []
    return [
        (
            "network.privateSubnetIds",
            "EKS needs private subnets in at least two "
            "Availability Zones: give two or more privateSubnetIds",
        )
    ]


# The tags a component adds to the network's resources (Name, and on subnets the role tag the
# AWS Load Balancer Controller looks for): the user's stack tags get the rest of the 50.
NETWORK_TAGS_ADDED = 2


def tag_problems(spec: StackSpec) -> list[tuple[str, str]]:
    """What the tag types cannot see alone: a resource carries the stack's, its cluster's and
    its service's tags together (at most 50, with the ones the components add), and EC2 (the
    network, and every service's security groups) takes keys of 127 characters, not 128."""
    out: list[tuple[str, str]] = []
    stack = dict(spec.tags)
    services = [s for c in (spec.ecs.clusters if spec.ecs else []) for s in c.services]
    ec2_tags: list[tuple[str, dict[str, str]]] = []
    if not spec.network.existing or services:
        ec2_tags.append(("tags", stack))
    if not spec.network.existing and len(stack) + NETWORK_TAGS_ADDED > tags.COUNT_MAX:
        out.append(
            (
                "tags",
                f"{len(stack)} stack tags and the {NETWORK_TAGS_ADDED} the network adds "
                f"(Name, the subnet role) are over AWS's limit of {tags.COUNT_MAX} a resource",
            )
        )
    groups: list[tuple[str, list[dict[str, str]], bool]] = []
    for ci, ecs_cluster in enumerate(spec.ecs.clusters if spec.ecs else []):
        for si, service in enumerate(ecs_cluster.services):
            here = f"ecs.clusters[{ci}].services[{si}].tags"
            groups.append((here, [stack, ecs_cluster.tags, service.tags], True))
        groups.append(
            (f"ecs.clusters[{ci}].tags", [stack, ecs_cluster.tags], bool(ecs_cluster.services))
        )
    for ci, eks_cluster in enumerate(spec.eks.clusters if spec.eks else []):
        groups.append((f"eks.clusters[{ci}].tags", [stack, eks_cluster.tags], False))
    for path, layers, on_ec2 in groups:
        merged: dict[str, str] = {}
        for layer in layers:
            merged.update(layer)
        if len(merged) > tags.COUNT_MAX:
            out.append(
                (
                    path,
                    f"with the stack's and cluster's tags its resources would carry "
                    f"{len(merged)} tags, over AWS's limit of {tags.COUNT_MAX} a resource",
                )
            )
        if on_ec2:  # the service's security groups
            ec2_tags.append((path, layers[-1]))
    out += [
        (
            path,
            f"tag key {key[:20]!r}... is {len(key)} characters: EC2 (the network "
            f"and security groups) takes at most {tags.EC2_KEY_MAX}",
        )
        for path, given in ec2_tags
        for key in given
        if len(key) > tags.EC2_KEY_MAX
    ]
    return list(dict.fromkeys(out))


CHECKS = (
    name_problems,
    tag_problems,
    derived_name_collisions,
    public_endpoints_need_public_subnets,
    eks_needs_two_subnets,
)


def stack_problems(spec: StackSpec) -> list[tuple[str, str]]:
    """Every cross-spec problem, in check order."""
    return [problem for check in CHECKS for problem in check(spec)]
