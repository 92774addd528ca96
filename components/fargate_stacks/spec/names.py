"""Every physical name the components derive from spec names, and the check of each one against
the same input constraints the offline engine checks every resource against
(:mod:`fargate_stacks.constraints`): length, characters, reserved prefixes.

Components name resources from spec names (never list positions) so reordering a spec changes
nothing. A name Pulumi auto-names gets ``-`` and 7 random characters; the limit has to hold
*with* that suffix, so it is checked here, on the spec, with the line of the name that causes
it, before anything runs. The components build their names with :func:`physical` from the
same :class:`NameRule`, so the check cannot drift from what is emitted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import constraints
from ..constraints import appautoscaling as aas
from ..constraints import ec2 as ec2_rules
from ..constraints import ecs, eks, elbv2, iam, logs, servicediscovery

if TYPE_CHECKING:
    from .models import EcsClusterSpec, EksClusterSpec, ServiceSpec, StackSpec, WorkloadSpec

PULUMI_SUFFIX = 8  # "-" + 7 random characters added by auto-naming
_SUFFIX_SAMPLE = "-a1b2c3d"  # what the 7 characters look like (lowercase letters and digits)
# Pulumi's stack names: `^[A-Za-z0-9_.-]{1,100}$` (pulumi backend validateStackName); a name
# with the stack in it is checked with the longest one when the stack is not known.
STACK_NAME_MAX = 100
ELB_HASH_LENGTH = 8  # hex characters of a load balancer's or target group's name
_CHECKER = constraints.Checker()


def elb_name(service: str, *identity: str) -> str:
    """A load balancer / target group name within 32 characters, unique per stack, cluster and
    service: ``<service prefix>-<8 hex of a stable hash>``; ``<hash>-<prefix>`` when the
    service's name begins with ``internal`` (ELBv2 keeps ``internal-`` for itself)."""
    digest = hashlib.sha256("/".join(identity).encode()).hexdigest()[:ELB_HASH_LENGTH]
    prefix = service[: elbv2.NAME_MAX - ELB_HASH_LENGTH - 1].rstrip("-")
    name = f"{prefix}-{digest}"
    return f"{digest}-{prefix}" if name.startswith(elbv2.RESERVED_PREFIX) else name


def load_balancer_name(stack: str, cluster: str, service: str, **_: Any) -> str:
    return elb_name(service, stack, cluster, service)


def target_group_name(stack: str, cluster: str, service: str, port: str, **_: Any) -> str:
    """Named after what would replace it (target type, protocol, port), so a new one can be
    created before the old one is deleted."""
    return elb_name(service, stack, cluster, service, "ip", "HTTP", port)


@dataclass(frozen=True)
class NameRule:
    """One derived name: what AWS calls it (for the message), how it is made (``template``
    over cluster/service/workload/profile/schedule/metric/stack, or ``derive``), the resource
    type and input it names, and whether Pulumi auto-names it (adds :data:`PULUMI_SUFFIX`)."""

    what: str
    template: str
    type: str
    field: str = "name"
    auto_named: bool = False
    derive: Callable[..., str] | None = None

    def physical(self, **names: str) -> str:
        return self.derive(**names) if self.derive is not None else self.template.format(**names)


def physical(rule: NameRule, **names: str) -> str:
    """The name (the logical name, for an auto-named resource) the components give."""
    return rule.physical(**names)


_role = iam.ROLE
_policy = iam.ROLE_POLICY
# ECS: per cluster
ECS_CLUSTER = NameRule("ECS cluster name", "{cluster}", ecs.CLUSTER, auto_named=True)
SERVICE_CONNECT_NAMESPACE = NameRule(
    "Service Connect namespace", "{namespace}", servicediscovery.HTTP_NAMESPACE
)
# ECS: per service
ECS_SERVICE = NameRule("ECS service name", "{service}", ecs.SERVICE)
TASK_FAMILY = NameRule(
    "task definition family", "{cluster}-{service}", ecs.TASK_DEFINITION, "family"
)
EXECUTION_ROLE = NameRule(
    "IAM execution role name", "{cluster}-{service}-execution", _role, auto_named=True
)
EXECUTION_SECRETS_POLICY = NameRule(
    "IAM policy name", "{cluster}-{service}-execution-secrets", _policy, auto_named=True
)
TASK_ROLE = NameRule("IAM task role name", "{cluster}-{service}-task", _role, auto_named=True)
TASK_ROLE_POLICY = NameRule("IAM policy name", "{cluster}-{service}-task", _policy, auto_named=True)
LOG_GROUP = NameRule(
    "log group name", "/fargate-stacks/{stack}/{cluster}/{service}", logs.LOG_GROUP
)
ALB_SECURITY_GROUP = NameRule(
    "security group name", "{cluster}-{service}-alb", ec2_rules.SECURITY_GROUP, auto_named=True
)
TASKS_SECURITY_GROUP = NameRule(
    "security group name", "{cluster}-{service}-tasks", ec2_rules.SECURITY_GROUP, auto_named=True
)
LOAD_BALANCER = NameRule("load balancer name", "", elbv2.LOAD_BALANCER, derive=load_balancer_name)
TARGET_GROUP = NameRule("target group name", "", elbv2.TARGET_GROUP, derive=target_group_name)
SCALING_POLICY = NameRule("scaling policy name", "{cluster}-{service}-{metric}", aas.POLICY)
SCHEDULED_ACTION = NameRule(
    "scheduled action name", "{cluster}-{service}-{schedule}", aas.SCHEDULED_ACTION
)
# EKS: per cluster
EKS_CLUSTER = NameRule("EKS cluster name", "{cluster}", eks.CLUSTER, auto_named=True)
CLUSTER_ROLE = NameRule("IAM cluster role name", "{cluster}-cluster", _role, auto_named=True)
POD_EXECUTION_ROLE = NameRule(
    "IAM pod execution role name", "{cluster}-pod-execution", _role, auto_named=True
)
POD_EXECUTION_LOGS_POLICY = NameRule(
    "IAM policy name", "{cluster}-pod-execution-logs", _policy, auto_named=True
)
POD_LOG_GROUP = NameRule("log group name", "/fargate-stacks/{stack}/{cluster}/pods", logs.LOG_GROUP)
NODE_ROLE = NameRule("IAM node role name", "{cluster}-node", _role, auto_named=True)
NODE_GROUP = NameRule(
    "node group name", "{cluster}-nodes", eks.NODE_GROUP, "nodeGroupName", auto_named=True
)
# the AWS Load Balancer Controller's IRSA role and its policy, named after its service account
LB_CONTROLLER_ROLE = NameRule(
    "IAM role name of the AWS Load Balancer Controller",
    "{cluster}-aws-load-balancer-controller",
    _role,
    auto_named=True,
)
LB_CONTROLLER_POLICY = NameRule(
    "IAM policy name of the AWS Load Balancer Controller",
    "{cluster}-aws-load-balancer-controller",
    _policy,
    auto_named=True,
)
FARGATE_PROFILE = NameRule(
    "Fargate profile name", "{profile}", eks.FARGATE_PROFILE, "fargateProfileName"
)
# the ADOT collector's IRSA role (containerInsights), named after its service account
ADOT_COLLECTOR_ROLE = NameRule(
    "IAM role name of the ADOT collector", "{cluster}-adot-collector", _role, auto_named=True
)
# EKS: per workload with permissions
IRSA_ROLE = NameRule(
    "IAM role name for the service account", "{cluster}-{workload}-irsa", _role, auto_named=True
)
IRSA_POLICY = NameRule("IAM policy name", "{cluster}-{workload}", _policy, auto_named=True)


def name_problem(rule: NameRule, **names: str) -> str | None:
    """What the provider or AWS would refuse in this derived name, or None."""
    name = rule.physical(**names)
    checked = name + _SUFFIX_SAMPLE if rule.auto_named else name
    violation = _CHECKER.check_value(rule.type, rule.field, checked)
    if violation is None:
        return None
    suffix = f" with Pulumi's {PULUMI_SUFFIX}-character suffix" if rule.auto_named else ""
    limit = getattr(violation.rule.check, "max", None)
    if limit is not None and len(checked) > limit:
        return (
            f"the {rule.what} {name!r} would be {len(checked)} characters{suffix}, "
            f"over AWS's limit of {limit}: use shorter names"
        )
    return f"the {rule.what} {name!r}: {violation.problem} ({violation.rule.source})"


def _check(path: str, rules: tuple[NameRule, ...], **names: str) -> Iterator[tuple[str, str]]:
    for rule in rules:
        problem = name_problem(rule, **names)
        if problem:
            yield path, problem


def _ecs_service_rules(service: ServiceSpec) -> tuple[NameRule, ...]:
    """The names one service's resources get (only those it creates: the execution role's
    secrets policy when a container reads secrets, the task role's policy when the service has
    permissions, ECS Exec or EFS with IAM, as the component decides)."""
    rules = [ECS_SERVICE, TASK_FAMILY, EXECUTION_ROLE, TASK_ROLE, LOG_GROUP, TASKS_SECURITY_GROUP]
    if service.secrets or any(s.secrets for s in service.sidecars):
        rules.append(EXECUTION_SECRETS_POLICY)
    if service.permissions or service.exec_ or any(v.efs.iam for v in service.volumes):
        rules.append(TASK_ROLE_POLICY)
    if service.load_balancer is not None:
        rules += [ALB_SECURITY_GROUP, LOAD_BALANCER, TARGET_GROUP]
    return tuple(rules)


def _ecs_problems(ci: int, cluster: EcsClusterSpec, stack: str) -> Iterator[tuple[str, str]]:
    here = f"ecs.clusters[{ci}]"
    yield from _check(f"{here}.name", (ECS_CLUSTER,), cluster=cluster.name)
    if cluster.service_connect_namespace:
        yield from _check(
            f"{here}.serviceConnectNamespace",
            (SERVICE_CONNECT_NAMESPACE,),
            namespace=cluster.service_connect_namespace,
        )
    for si, service in enumerate(cluster.services):
        at = f"{here}.services[{si}]"
        names = {
            "stack": stack,
            "cluster": cluster.name,
            "service": service.name,
            "port": str(service.port),
        }
        yield from _check(f"{at}.name", _ecs_service_rules(service), **names)
        scaling = service.autoscaling
        if scaling is None:
            continue
        for metric in _metrics(service):
            yield from _check(f"{at}.autoscaling", (SCALING_POLICY,), metric=metric, **names)
        for hi, schedule in enumerate(scaling.schedules):
            yield from _check(
                f"{at}.autoscaling.schedules[{hi}].name",
                (SCHEDULED_ACTION,),
                schedule=schedule.name,
                **names,
            )


def _metrics(service: ServiceSpec) -> list[str]:
    """The target-tracking policies a service gets (the component's keys)."""
    scaling = service.autoscaling
    assert scaling is not None
    used = {
        "cpu": scaling.cpu_target,
        "memory": scaling.memory_target,
        "requests": scaling.requests_per_target,
    }
    return [metric for metric, value in used.items() if value]


def _eks_problems(ci: int, cluster: EksClusterSpec, stack: str) -> Iterator[tuple[str, str]]:
    here = f"eks.clusters[{ci}]"
    rules = [EKS_CLUSTER, CLUSTER_ROLE, POD_EXECUTION_ROLE]
    if cluster.logging.enabled:
        rules += [POD_EXECUTION_LOGS_POLICY, POD_LOG_GROUP]
    if cluster.node_group is not None:
        rules += [NODE_ROLE, NODE_GROUP]
    if any(w.ingress for w in cluster.workloads):
        rules += [LB_CONTROLLER_ROLE, LB_CONTROLLER_POLICY]
    if cluster.container_insights:
        rules += [ADOT_COLLECTOR_ROLE]
    yield from _check(f"{here}.name", tuple(rules), cluster=cluster.name, stack=stack)
    for pi, profile in enumerate(cluster.fargate_profiles):
        yield from _check(
            f"{here}.fargateProfiles[{pi}].name", (FARGATE_PROFILE,), profile=profile.name
        )
    for wi, workload in enumerate(cluster.workloads):
        yield from _workload_problems(f"{here}.workloads[{wi}].name", cluster.name, workload)


def _workload_problems(
    path: str, cluster: str, workload: WorkloadSpec
) -> Iterator[tuple[str, str]]:
    if workload.has_role:  # no IRSA role, no role name to fit
        yield from _check(path, (IRSA_ROLE, IRSA_POLICY), cluster=cluster, workload=workload.name)


def name_problems(spec: StackSpec, stack: str | None = None) -> list[tuple[str, str]]:
    """(field path, message) for every derived name the provider or AWS would refuse.
    ``stack``: the Pulumi stack's name, when known (else the longest Pulumi allows)."""
    stack = stack or "s" * STACK_NAME_MAX
    out: list[tuple[str, str]] = []
    for ci, ecs_cluster in enumerate(spec.ecs.clusters if spec.ecs else []):
        out += _ecs_problems(ci, ecs_cluster, stack)
    for ci, eks_cluster in enumerate(spec.eks.clusters if spec.eks else []):
        out += _eks_problems(ci, eks_cluster, stack)
    # one message per place: an over-long cluster name would repeat for every service
    return list(dict.fromkeys(out))
