"""Pod rules that depend on the Fargate profiles around the pod (EKS schedules a pod on Fargate
only when a profile selects it). ``profiles`` None means "not known": every pod is taken to run
on Fargate, and nothing is said about pods no profile selects. With a node group, a pod no
profile selects runs on the node group: it is no Fargate rule's business."""

from __future__ import annotations

from collections.abc import Iterator

from .findings import Violation
from .kubernetes import no_daemonset
from .selection import ProfileSet
from .subjects import Pod


def daemonset_on_fargate(pod: Pod, profiles: ProfileSet | None) -> Iterator[Violation]:
    if pod.kind_name != "DaemonSet":
        return
    if profiles is not None:
        chosen = profiles.select(pod)
        if chosen is None:
            return
        for v in no_daemonset(pod):
            yield Violation(f"{v.message} (Fargate profile {chosen.name!r} selects it)", v.path)
        return
    yield from no_daemonset(pod)


def pod_has_profile(pod: Pod, profiles: ProfileSet | None) -> Iterator[Violation]:
    if (
        profiles is None
        or profiles.node_group
        or pod.namespace is None
        or profiles.select(pod) is not None
    ):
        return
    labels = ", ".join(f"{k}={v}" for k, v in sorted(pod.labels.items())) or "no labels"
    yield Violation(
        f"no Fargate profile selects namespace {pod.namespace!r} ({labels}): "
        "without a node group its pods would stay Pending; add a selector for it",
        (),
    )
