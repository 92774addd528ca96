"""fargate-pod-platform: Fargate on EKS runs Linux amd64 pods."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import eks_pods
from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import Kind, Pod


def pod_platform(pod: Pod) -> Iterator[Violation]:
    for path, what in kubernetes.pinned_away(pod, eks_pods.ARCH_LABELS, eks_pods.FARGATE_ARCH):
        yield Violation(f"{what}: Fargate on EKS runs amd64 only; the pod would stay Pending", path)
    for path, what in kubernetes.pinned_away(pod, eks_pods.OS_LABELS, eks_pods.FARGATE_OS):
        yield Violation(f"{what}: Fargate on EKS runs Linux only; the pod would stay Pending", path)


RULE = Rule(
    id="fargate-pod-platform",
    level="mandatory",
    title="Fargate on EKS runs Linux amd64 pods only.",
    rationale="EKS on Fargate has neither Arm nor Windows capacity: a node selector or required "
    "node affinity that leaves out linux/amd64 keeps the pod Pending.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    checked="2026-12-01",
    applies_to=(Kind.POD,),
    checks={Kind.POD: pod_platform},
)
