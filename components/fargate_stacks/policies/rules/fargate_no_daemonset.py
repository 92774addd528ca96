"""fargate-no-daemonset: Fargate runs no DaemonSets."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import Kind, Subject


def daemonsets(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for pod in index.pods.values():
        if pod.kind_name != "DaemonSet" or not index.applies(pod):
            continue
        chosen = index.profiles.select(pod) if index.profiles is not None else None
        selected = f" (Fargate profile {chosen.name!r} selects it)" if chosen is not None else ""
        yield (
            pod,
            Violation(
                f"DaemonSet {pod.name!r} in namespace {pod.namespace!r}: Fargate runs "
                "one pod per node and no DaemonSets; run it as a sidecar container "
                "(logging: the built-in Fluent Bit via the aws-logging ConfigMap) or "
                f"on a node group{selected}",
                (),
            ),
        )


RULE = Rule(
    id="fargate-no-daemonset",
    level="mandatory",
    title="Fargate runs no DaemonSets.",
    rationale="Every Fargate pod gets a node of its own, and no DaemonSet pod is ever placed "
    "there: a DaemonSet a Fargate profile selects never runs. Logging on Fargate is the "
    "built-in Fluent Bit (ConfigMap aws-logging in aws-observability).",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    checked="2026-12-01",
    applies_to=(Kind.POD,),
    stack=daemonsets,
)
