"""fargate-pod-size: a pod must fit the largest Fargate size."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate.podsizing import pod_size as compute
from ...fargate.units import UnitError
from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import Kind, Pod


def pod_size(pod: Pod) -> Iterator[Violation]:
    known = kubernetes.sized_containers(pod)
    if known is None:
        return
    containers, init = known
    try:
        size = compute(containers, init)
    except UnitError as exc:
        yield Violation(f"cannot size the pod: {exc}", ("containers",))
        return
    if size.error:
        yield Violation(f"{size.error}: lower the requests or split the workload", ("containers",))


RULE = Rule(
    id="fargate-pod-size",
    level="mandatory",
    title="A pod's Fargate size must not exceed 16 vCPU / 120 GB.",
    rationale="EKS sizes a Fargate pod from its requests (the larger of the largest init "
    "container and the sum of the others), adds 256 MB and rounds up to the size table; a pod "
    "that needs more than 16 vCPU / 120 GB cannot be scheduled.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html",
    checked="2026-12-01",
    applies_to=(Kind.POD,),
    checks={Kind.POD: pod_size},
)
