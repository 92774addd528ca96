"""What rules over Kubernetes pod templates share: walking containers, node selectors and
affinity, and telling which volume claims get EBS.

The EKS Fargate scheduler refuses pods with "Pod not supported on Fargate: fields not
supported: HostNetwork, invalid SecurityContext fields: Privileged, port contains HostIP or
HostPort" (EKS-UG fargate; shared/reference/fargate-rules.md, section 5). The rules are units in
:mod:`.rules`; the data they read is in :mod:`fargate_stacks.fargate.eks_pods`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..fargate import eks_pods
from ..fargate.units import UnitError, parse_quantity
from .findings import PathKey
from .subjects import Pod, container_name
from .values import as_list, as_map, is_unknown


def containers(pod: Pod, *lists: str) -> Iterator[tuple[PathKey, dict[str, Any], str]]:
    """(path, container, name) for the named container lists (all three when none named)."""
    for path, c in pod.containers(*lists):
        yield path, c, container_name(c, int(path[1]))


def ebs_claim(spec: dict[str, Any]) -> str | None:
    """Why a claim would get an EBS volume (the pod then stays Pending on Fargate), or None."""
    fix = (
        "Fargate pods cannot attach EBS and the pod would stay Pending; use an EFS "
        "PersistentVolume (efs.csi.aws.com, static provisioning) or run it on a node group"
    )
    if "storageClassName" not in spec:
        return (
            "has no storageClassName, so it gets the cluster's default StorageClass (gp2 on "
            f"EKS, an EBS volume): {fix}"
        )
    storage_class = spec.get("storageClassName")
    if is_unknown(storage_class) or not isinstance(storage_class, str):
        return None
    if (
        storage_class in eks_pods.EBS_STORAGE_CLASSES
        or eks_pods.EBS_STORAGE_CLASS_MARK in storage_class.lower()
    ):
        return f"uses StorageClass {storage_class!r}, an EBS volume: {fix}"
    return None


def quantity(value: Any) -> Decimal | None:
    if value is None or is_unknown(value):
        return None
    try:
        return parse_quantity(value)
    except UnitError:
        return None


def required_terms(pod: Pod) -> list[tuple[PathKey, dict[str, Any]]]:
    node_affinity = as_map(as_map(pod.spec.get("affinity")).get("nodeAffinity"))
    required = as_map(node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))
    base: PathKey = (
        "affinity",
        "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution",
        "nodeSelectorTerms",
    )
    return [
        ((*base, i), as_map(t)) for i, t in enumerate(as_list(required.get("nodeSelectorTerms")))
    ]


def _term_excludes(term: dict[str, Any], labels: tuple[str, ...], wanted: str) -> bool:
    """Whether this node selector term can only match nodes whose label is not ``wanted``."""
    for expr in as_list(term.get("matchExpressions")):
        e = as_map(expr)
        if e.get("key") not in labels:
            continue
        values = {str(v).lower() for v in as_list(e.get("values"))}
        operator = e.get("operator")
        if operator == "In" and wanted not in values:
            return True
        if operator == "NotIn" and wanted in values:
            return True
        if operator == "DoesNotExist":
            return True
    return False


def pinned_away(pod: Pod, labels: tuple[str, ...], wanted: str) -> Iterator[tuple[PathKey, str]]:
    """Node selectors and required affinity that keep the pod off nodes labelled ``wanted``."""
    selector = as_map(pod.spec.get("nodeSelector"))
    for label in labels:
        value = selector.get(label)
        if isinstance(value, str) and value.lower() != wanted:
            yield ("nodeSelector", label), f"nodeSelector {label}={value}"
    terms = required_terms(pod)
    if terms and all(_term_excludes(t, labels, wanted) for _, t in terms):
        yield terms[0][0][:-1], f"required node affinity on {labels[0]} excluding {wanted}"


def sized_containers(pod: Pod) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The long-running and init containers to size the pod with, or None while any of their
    resource quantities is unknown (a preview value): sizing waits for real numbers."""
    regular = [c for _, c in pod.containers("containers")]
    init = [c for _, c in pod.containers("initContainers")]
    return None if _has_unknown_quantity(regular + init) else (regular, init)


def _has_unknown_quantity(items: list[dict[str, Any]]) -> bool:
    for c in items:
        resources = c.get("resources")
        if is_unknown(resources):
            return True
        for section in as_map(resources).values():
            if is_unknown(section) or any(is_unknown(v) for v in as_map(section).values()):
                return True
    return False
