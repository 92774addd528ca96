"""Physical names the components derive from spec names, and AWS's limits on them.

Components name resources from spec names (never list positions) so reordering a spec changes
nothing. Some of those names get Pulumi's auto-naming suffix (``-`` and 7 random characters); the
limit has to hold *with* the suffix, so it is checked here, on the spec, before anything runs.
The same templates are used by the components (:func:`physical`), so the check cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import StackSpec

PULUMI_SUFFIX = 8  # "-" + 7 random characters added by auto-naming


@dataclass(frozen=True)
class NameRule:
    what: str  # what AWS calls it, for the message
    template: str  # format string over cluster/service/workload/profile
    limit: int  # AWS's maximum length
    auto_named: bool  # Pulumi adds PULUMI_SUFFIX


# Source: IAM (role name 64), ECS (cluster, service, family 255), EKS CreateCluster (100),
# ELBv2 (load balancer / target group 32, derived names are hashed to fit), CloudWatch Logs (512).
ECS_SERVICE_NAMES = (
    NameRule("ECS cluster name", "{cluster}", 255, True),
    NameRule("ECS service name", "{service}", 255, False),
    NameRule("task definition family", "{cluster}-{service}", 255, False),
    NameRule("IAM execution role name", "{cluster}-{service}-execution", 64, True),
    NameRule("IAM task role name", "{cluster}-{service}-task", 64, True),
    NameRule("log group name", "/fargate-stacks/{cluster}/{service}", 480, False),
)
EKS_NAMES = (
    NameRule("EKS cluster name", "{cluster}", 100, True),
    NameRule("IAM cluster role name", "{cluster}-cluster", 64, True),
    NameRule("IAM pod execution role name", "{cluster}-pod-execution", 64, True),
    NameRule("Fargate profile name", "{profile}", 100, False),
)
EKS_WORKLOAD_NAMES = (
    NameRule("IAM role name for the service account", "{cluster}-{workload}-irsa", 64, True),
)


def physical(rule: NameRule, **names: str) -> str:
    return rule.template.format(**names)


def _check(rules: tuple[NameRule, ...], path: str, **names: str) -> Iterator[tuple[str, str]]:
    for rule in rules:
        name = physical(rule, **names)
        length = len(name) + (PULUMI_SUFFIX if rule.auto_named else 0)
        if length > rule.limit:
            suffix = f" with Pulumi's {PULUMI_SUFFIX}-character suffix" if rule.auto_named else ""
            yield (
                path,
                (
                    f"the {rule.what} {name!r} would be {length} characters{suffix}, "
                    f"over AWS's limit of {rule.limit}: use shorter names"
                ),
            )


def name_problems(spec: StackSpec) -> list[tuple[str, str]]:
    """(field path, message) for every derived name over its limit."""
    out: list[tuple[str, str]] = []
    if spec.ecs:
        for ci, ecs_cluster in enumerate(spec.ecs.clusters):
            for si, service in enumerate(ecs_cluster.services):
                out += _check(
                    ECS_SERVICE_NAMES,
                    f"ecs.clusters[{ci}].services[{si}].name",
                    cluster=ecs_cluster.name,
                    service=service.name,
                )
    if spec.eks:
        for ci, eks_cluster in enumerate(spec.eks.clusters):
            out += _check(EKS_NAMES[:3], f"eks.clusters[{ci}].name", cluster=eks_cluster.name)
            for pi, profile in enumerate(eks_cluster.fargate_profiles):
                out += _check(
                    EKS_NAMES[3:],
                    f"eks.clusters[{ci}].fargateProfiles[{pi}].name",
                    profile=profile.name,
                )
            for wi, workload in enumerate(eks_cluster.workloads):
                if not workload.has_role:  # no IRSA role, no role name to fit
                    continue
                out += _check(
                    EKS_WORKLOAD_NAMES,
                    f"eks.clusters[{ci}].workloads[{wi}].name",
                    cluster=eks_cluster.name,
                    workload=workload.name,
                )
    # one message per place: an over-long cluster name would repeat for every service
    return list(dict.fromkeys(out))
