"""Rules over Kubernetes pod templates that Fargate on EKS would refuse or leave Pending.

The EKS Fargate scheduler refuses pods with "Pod not supported on Fargate: fields not
supported: HostNetwork, invalid SecurityContext fields: Privileged, port contains HostIP or
HostPort" (EKS-UG fargate; shared/reference/fargate-rules.md, section 5). Limits are data here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..fargate.units import UnitError, parse_quantity
from .findings import PathKey, Violation
from .images import image_problem
from .subjects import CLAIMS, Pod, container_name
from .values import as_list, as_map, as_str, is_true, is_unknown, present

ALLOWED_CAPABILITIES = frozenset({"SYS_PTRACE"})
GPU_RESOURCES = ("nvidia.com/gpu", "amd.com/gpu")
GPU_RESOURCE_PREFIXES = ("aws.amazon.com/neuron",)  # neuron, neuroncore, neurondevice
EBS_CSI_DRIVERS = frozenset({"ebs.csi.aws.com"})
# StorageClasses that provision EBS: the in-tree gp2 class EKS creates as the default, and the
# names the EBS CSI driver's docs and charts use. A claim with no storageClassName gets the
# cluster's default class (gp2 on EKS); "" asks for no dynamic provisioning (a static PV, which
# is how EFS is mounted on Fargate). Other names cannot be told apart without the class itself.
EBS_STORAGE_CLASSES = frozenset({"gp2", "gp3", "io1", "io2", "st1", "sc1"})
EBS_STORAGE_CLASS_MARK = "ebs"  # ebs-sc, ebs-gp3, ...
HOST_VOLUME_KINDS = {
    "hostPath": "hostPath volumes (Fargate pods cannot see the node)",
    "awsElasticBlockStore": "EBS volumes (Fargate pods mount EFS only)",
}
# Node labels that pin a pod to an architecture / OS / capacity type Fargate does not offer.
ARCH_LABELS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
OS_LABELS = ("kubernetes.io/os", "beta.kubernetes.io/os")
FARGATE_ARCH, FARGATE_OS = "amd64", "linux"
SPOT_LABELS = {"eks.amazonaws.com/capacityType": "SPOT", "karpenter.sh/capacity-type": "spot"}


def _containers(pod: Pod, *lists: str) -> Iterator[tuple[PathKey, dict[str, Any], str]]:
    for path, c in pod.containers(*lists):
        yield path, c, container_name(c, int(path[1]))


def no_privileged(pod: Pod) -> Iterator[Violation]:
    for path, c, name in _containers(pod):
        if is_true(as_map(c.get("securityContext")).get("privileged")):
            yield Violation(
                f"container {name!r} is privileged: Fargate refuses privileged "
                "pods; remove securityContext.privileged",
                (*path, "securityContext", "privileged"),
            )


def _resource_names(c: dict[str, Any]) -> Iterator[tuple[str, str]]:
    resources = as_map(c.get("resources"))
    for section in ("limits", "requests"):
        for key in as_map(resources.get(section)):
            yield section, str(key)


def no_gpu(pod: Pod) -> Iterator[Violation]:
    for path, c, name in _containers(pod):
        seen: set[str] = set()
        for section, key in _resource_names(c):
            if key in seen:
                continue
            if key in GPU_RESOURCES or key.startswith(GPU_RESOURCE_PREFIXES):
                seen.add(key)
                yield Violation(
                    f"container {name!r} asks for {key}: Fargate has no GPUs or "
                    "accelerators; schedule it on a GPU node group",
                    (*path, "resources", section, key),
                )


def capabilities(pod: Pod) -> Iterator[Violation]:
    for path, c, name in _containers(pod):
        added = as_list(as_map(as_map(c.get("securityContext")).get("capabilities")).get("add"))
        for j, cap in enumerate(added):
            if isinstance(cap, str):
                bare = cap.upper()[4:] if cap.upper().startswith("CAP_") else cap.upper()
                if bare not in ALLOWED_CAPABILITIES:
                    yield Violation(
                        f"container {name!r} adds capability {cap}: Fargate only "
                        "allows adding SYS_PTRACE",
                        (*path, "securityContext", "capabilities", "add", j),
                    )


def no_host_network(pod: Pod) -> Iterator[Violation]:
    if is_true(pod.spec.get("hostNetwork")):
        yield Violation(
            "hostNetwork is true: Fargate pods get their own network interface; remove hostNetwork",
            ("hostNetwork",),
        )
    for path, c, name in _containers(pod):
        for j, port in enumerate(as_list(c.get("ports"))):
            p = as_map(port)
            host_port = p.get("hostPort")
            if isinstance(host_port, int) and not isinstance(host_port, bool) and host_port:
                yield Violation(
                    f"container {name!r} uses hostPort {host_port}: Fargate refuses "
                    "hostPort; expose the port with a Service",
                    (*path, "ports", j, "hostPort"),
                )
            if present(p.get("hostIP")):
                yield Violation(
                    f"container {name!r} binds hostIP {p['hostIP']}: Fargate refuses hostIP",
                    (*path, "ports", j, "hostIP"),
                )


def no_host_namespaces(pod: Pod) -> Iterator[Violation]:
    for key in ("hostPID", "hostIPC"):
        if is_true(pod.spec.get(key)):
            yield Violation(
                f"{key} is true: Fargate pods cannot share the node's namespaces; remove {key}",
                (key,),
            )


def volumes(pod: Pod) -> Iterator[Violation]:
    for j, volume in enumerate(as_list(pod.spec.get("volumes"))):
        v = as_map(volume)
        name = as_str(v.get("name")) or f"#{j + 1}"
        for key, what in HOST_VOLUME_KINDS.items():
            if present(v.get(key)):
                yield Violation(
                    f"volume {name!r}: Fargate does not support {what}", ("volumes", j, key)
                )
        driver = as_str(as_map(v.get("csi")).get("driver"))
        if driver in EBS_CSI_DRIVERS:
            yield Violation(
                f"volume {name!r} uses the EBS CSI driver: Fargate pods mount EFS "
                "only (efs.csi.aws.com, static provisioning)",
                ("volumes", j, "csi"),
            )
        claim = as_map(as_map(v.get("ephemeral")).get("volumeClaimTemplate"))
        if claim:
            problem = _ebs_claim(as_map(claim.get("spec")))
            if problem:
                yield Violation(
                    f"ephemeral volume {name!r} {problem}",
                    ("volumes", j, "ephemeral", "volumeClaimTemplate", "spec", "storageClassName"),
                )
    for j, template in enumerate(pod.claim_templates):
        claim = as_map(template)
        problem = _ebs_claim(as_map(claim.get("spec")))
        if problem:
            name = as_str(as_map(claim.get("metadata")).get("name")) or f"#{j + 1}"
            yield Violation(
                f"volumeClaimTemplate {name!r} {problem}", (CLAIMS, j, "spec", "storageClassName")
            )


def _ebs_claim(spec: dict[str, Any]) -> str | None:
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
    if storage_class in EBS_STORAGE_CLASSES or EBS_STORAGE_CLASS_MARK in storage_class.lower():
        return f"uses StorageClass {storage_class!r}, an EBS volume: {fix}"
    return None


def _quantity(value: Any) -> Decimal | None:
    if value is None or is_unknown(value):
        return None
    try:
        return parse_quantity(value)
    except UnitError:
        return None


def ephemeral_storage(pod: Pod) -> Iterator[Violation]:
    from ..fargate.podsizing import ephemeral_problem, ephemeral_request_gib

    known = _sized_containers(pod)
    if known is None:
        return
    containers, init = known
    try:
        problem = ephemeral_problem(ephemeral_request_gib(containers, init))
    except UnitError:
        return  # an unreadable quantity is fargate-pod-size's to report
    if problem:
        yield Violation(f"{problem}; use EFS for bulk data", ("containers",))


def _required_terms(pod: Pod) -> list[tuple[PathKey, dict[str, Any]]]:
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


def _pinned_away(pod: Pod, labels: tuple[str, ...], wanted: str) -> Iterator[tuple[PathKey, str]]:
    selector = as_map(pod.spec.get("nodeSelector"))
    for label in labels:
        value = selector.get(label)
        if isinstance(value, str) and value.lower() != wanted:
            yield ("nodeSelector", label), f"nodeSelector {label}={value}"
    terms = _required_terms(pod)
    if terms and all(_term_excludes(t, labels, wanted) for _, t in terms):
        yield terms[0][0][:-1], f"required node affinity on {labels[0]} excluding {wanted}"


def pod_platform(pod: Pod) -> Iterator[Violation]:
    for path, what in _pinned_away(pod, ARCH_LABELS, FARGATE_ARCH):
        yield Violation(f"{what}: Fargate on EKS runs amd64 only; the pod would stay Pending", path)
    for path, what in _pinned_away(pod, OS_LABELS, FARGATE_OS):
        yield Violation(f"{what}: Fargate on EKS runs Linux only; the pod would stay Pending", path)


def spot(pod: Pod) -> Iterator[Violation]:
    selector = as_map(pod.spec.get("nodeSelector"))
    for label, spot_value in SPOT_LABELS.items():
        value = selector.get(label)
        if isinstance(value, str) and value.lower() == spot_value.lower():
            yield Violation(
                f"nodeSelector {label}={value}: Fargate on EKS has no Spot "
                "capacity; drop the selector or run it on a Spot node group",
                ("nodeSelector", label),
            )
    for path, term in _required_terms(pod):
        for expr in as_list(term.get("matchExpressions")):
            e = as_map(expr)
            wanted = SPOT_LABELS.get(str(e.get("key")))
            values = {str(v).lower() for v in as_list(e.get("values"))}
            if wanted and e.get("operator") == "In" and values == {wanted.lower()}:
                yield Violation(
                    f"required node affinity on {e['key']}={wanted}: Fargate on "
                    "EKS has no Spot capacity",
                    path,
                )


def no_daemonset(pod: Pod) -> Iterator[Violation]:
    if pod.kind_name == "DaemonSet":
        yield Violation(
            f"DaemonSet {pod.name!r} in namespace {pod.namespace!r}: Fargate runs "
            "one pod per node and no DaemonSets; run it as a sidecar container "
            "(logging: the built-in Fluent Bit via the aws-logging ConfigMap) or "
            "on a node group",
            (),
        )


def requests_equal_limits(pod: Pod) -> Iterator[Violation]:
    for path, c, name in _containers(pod, "initContainers", "containers"):
        resources = as_map(c.get("resources"))
        requests, limits = as_map(resources.get("requests")), as_map(resources.get("limits"))
        for key in ("cpu", "memory"):
            req, lim = requests.get(key), limits.get(key)
            if (req is None and lim is None) or is_unknown(req) or is_unknown(lim):
                continue
            if lim is None:
                yield Violation(
                    f"container {name!r} requests {key} {req} with no limit: "
                    "Fargate sizes the pod from requests and runs it as "
                    "Guaranteed; set the limit equal to the request",
                    (*path, "resources", "requests", key),
                )
            elif (
                req is not None
                and (type(req) is not type(lim) or req != lim)  # same: equal
                and _quantity(req) != _quantity(lim)
            ):
                yield Violation(
                    f"container {name!r} requests {key} {req} but limits it to "
                    f"{lim}: Fargate bills and sizes from requests; make them equal",
                    (*path, "resources", "limits", key),
                )


def image_tag_pinned(pod: Pod) -> Iterator[Violation]:
    for path, c, name in _containers(pod):
        problem = image_problem(c.get("image"))
        if problem:
            yield Violation(f"container {name!r}: {problem}", (*path, "image"))


def _sized_containers(pod: Pod) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """The long-running and init containers to size the pod with, or None while any of their
    resource quantities is unknown (a preview value): sizing waits for real numbers."""
    containers = [c for _, c in pod.containers("containers")]
    init = [c for _, c in pod.containers("initContainers")]
    return None if _has_unknown_quantity(containers + init) else (containers, init)


def _has_unknown_quantity(containers: list[dict[str, Any]]) -> bool:
    for c in containers:
        resources = c.get("resources")
        if is_unknown(resources):
            return True
        for section in as_map(resources).values():
            if is_unknown(section) or any(is_unknown(v) for v in as_map(section).values()):
                return True
    return False


def pod_size(pod: Pod) -> Iterator[Violation]:
    from ..fargate.podsizing import pod_size as compute

    known = _sized_containers(pod)
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
