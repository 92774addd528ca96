"""fargate-spot-platform: Fargate Spot runs Linux ECS tasks only."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import eks_pods
from ...fargate.capacity import uses_spot
from ...fargate.sizes import WINDOWS
from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import EcsService, Kind, Pod, Subject
from ..values import as_list, as_map


def on_spot(index: StackIndex, service: EcsService) -> bool:
    """Whether the service's strategy (or its cluster's default) can place tasks on Spot."""
    return uses_spot((s.provider, s.base, s.weight) for s in index.effective_strategy(service))


def spot_windows(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for service in index.services():
        if not on_spot(index, service):
            continue
        task = index.task_of(service)
        if task is not None and index.applies(task) and task.operating_system == WINDOWS:
            yield (
                service,
                Violation(
                    f"service {service.name!r} runs Windows task definition {task.name!r} on "
                    "FARGATE_SPOT: Fargate Spot is Linux only; use FARGATE for Windows tasks",
                    (service.strategy_path,),
                ),
            )


def pod_spot(pod: Pod) -> Iterator[Violation]:
    selector = as_map(pod.spec.get("nodeSelector"))
    for label, spot_value in eks_pods.SPOT_LABELS.items():
        value = selector.get(label)
        if isinstance(value, str) and value.lower() == spot_value.lower():
            yield Violation(
                f"nodeSelector {label}={value}: Fargate on EKS has no Spot "
                "capacity; drop the selector or run it on a Spot node group",
                ("nodeSelector", label),
            )
    for path, term in kubernetes.required_terms(pod):
        for expr in as_list(term.get("matchExpressions")):
            e = as_map(expr)
            wanted = eks_pods.SPOT_LABELS.get(str(e.get("key")))
            values = {str(v).lower() for v in as_list(e.get("values"))}
            if wanted and e.get("operator") == "In" and values == {wanted.lower()}:
                yield Violation(
                    f"required node affinity on {e['key']}={wanted}: Fargate on "
                    "EKS has no Spot capacity",
                    path,
                )


RULE = Rule(
    id="fargate-spot-platform",
    level="mandatory",
    title="Fargate Spot is for Linux ECS tasks only; EKS on Fargate has no Spot.",
    rationale="FARGATE_SPOT runs Linux x86_64 and ARM64 tasks, never Windows; a service whose "
    "strategy (or its cluster's default) puts a Windows task definition on FARGATE_SPOT fails. "
    "EKS on Fargate has no Spot capacity: a pod pinned to Spot nodes stays Pending.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE, Kind.POD),
    checks={Kind.POD: pod_spot},
    stack=spot_windows,
)
