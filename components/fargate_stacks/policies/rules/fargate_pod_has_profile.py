"""fargate-pod-has-profile: a workload no profile selects needs a node group."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import Kind, Subject


def unselected_pods(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    profiles = index.profiles
    if profiles is None or index.node_group:
        return
    for pod in index.pods.values():
        if pod.namespace is None or profiles.select(pod) is not None:
            continue
        labels = ", ".join(f"{k}={v}" for k, v in sorted(pod.labels.items())) or "no labels"
        yield (
            pod,
            Violation(
                f"no Fargate profile selects namespace {pod.namespace!r} ({labels}): "
                "without a node group its pods would stay Pending; add a selector for it",
                (),
            ),
        )


RULE = Rule(
    id="fargate-pod-has-profile",
    level="advisory",
    title="A workload no Fargate profile selects would stay Pending without a node group.",
    rationale="EKS schedules a pod on Fargate only when a profile's selector matches its "
    "namespace and labels; with no node group in the cluster, any other pod stays Pending.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html",
    checked="2026-12-01",
    applies_to=(Kind.POD,),
    stack=unselected_pods,
)
