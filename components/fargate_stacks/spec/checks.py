"""Checks across the whole spec that no single model can make, reported with the field path.

Each returns ``(path, message)`` pairs; the loader turns them into located one-line errors and
``build_stack`` runs the same checks on specs built in code, so both refuse the same things
before the first resource exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


CHECKS = (
    name_problems,
    derived_name_collisions,
    public_endpoints_need_public_subnets,
    eks_needs_two_subnets,
)


def stack_problems(spec: StackSpec) -> list[tuple[str, str]]:
    """Every cross-spec problem, in check order."""
    return [problem for check in CHECKS for problem in check(spec)]
