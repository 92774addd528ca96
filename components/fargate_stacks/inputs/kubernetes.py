"""Pod templates out of Kubernetes manifests, each with the place it came from.

Commands that look at pods (``size``, ``check``) do not care whether a pod comes from a Deployment
or a CronJob; they care about its pod spec and where that spec sits in the file, so a finding can
name the exact line. :func:`pod_templates` therefore flattens every workload kind to a
:class:`PodTemplate` that keeps the whole :class:`~fargate_stacks.yamlsource.Document` and the
path of the pod spec inside it.

Types are checked here, once, so rules downstream can index without guarding: a ``containers``
that is not a list, a ``resources.requests`` that is not a mapping, a quantity Kubernetes would
reject, each is a located :class:`~fargate_stacks.errors.InputError` (kubectl refuses them too).
Of the kinds that hold no pods, the ones Fargate rules read are kept as :class:`KubeObject`
(Services and Ingresses: their load balancer targets; ACK's ``PodIdentityAssociation``); the
rest (ConfigMap, ...) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..fargate.units import UnitError, parse_quantity
from ..yamlsource import Document, PathKey, load_documents
from .shape import kind_of, non_empty

# Where the pod template sits in each kind that has one, and how many replicas it runs
# ("spec.replicas" with Kubernetes' default of 1; a DaemonSet runs one per node: unknown).
# Paths of mapping keys only (no list positions), so each step is a dict lookup.
KeyPath = tuple[str, ...]
POD_SPEC_PATHS: dict[str, KeyPath] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
SCALED_KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet"})
CONTAINER_LISTS = ("initContainers", "containers")
QUANTITY_RESOURCES = ("cpu", "memory", "ephemeral-storage")


@dataclass
class PodTemplate:
    """One pod template: the pod spec of a Pod or of a workload that creates pods."""

    file: str
    line: int
    kind: str
    name: str
    namespace: str
    replicas: int | None  # None: a DaemonSet (one pod per node)
    labels: dict[str, str]
    pod_spec: dict[str, Any]
    spec_path: PathKey  # path of pod_spec inside document.data
    document: Document

    @property
    def containers(self) -> list[dict[str, Any]]:
        return list(self.pod_spec.get("containers") or [])

    @property
    def init_containers(self) -> list[dict[str, Any]]:
        return list(self.pod_spec.get("initContainers") or [])

    @property
    def object_path(self) -> PathKey:
        """Path of the whole object (the Deployment, the StatefulSet...) inside document.data."""
        return self.spec_path[: len(self.spec_path) - len(POD_SPEC_PATHS[self.kind])]

    @property
    def claim_templates(self) -> list[Any]:
        """A StatefulSet's ``spec.volumeClaimTemplates`` (empty for other kinds)."""
        return claim_templates_of(self.kind, _at(self.document.data, self.object_path))

    def where(self, *path: str | int) -> tuple[int, int]:
        """Line and column of a value below the pod spec, e.g. ``where("containers", 0)``."""
        return self.document.where((*self.spec_path, *path))

    def problem(self, path: PathKey, message: str) -> Problem:
        """A problem located at a path below the pod spec, named with its full field path."""
        return self.document.problem((*self.spec_path, *path), message)


CLAIM_TEMPLATES_PATH: KeyPath = ("spec", "volumeClaimTemplates")  # StatefulSet only


def claim_templates_of(kind: str, obj: Any) -> list[Any]:
    """The volumeClaimTemplates of a StatefulSet object (a manifest or Pulumi props)."""
    if kind != "StatefulSet" or not isinstance(obj, dict):
        return []
    spec = obj.get("spec")
    claims = spec.get("volumeClaimTemplates") if isinstance(spec, dict) else None
    return list(claims) if isinstance(claims, list) else []


def _at(data: Any, path: PathKey) -> Any:
    for key in path:
        data = data[key]  # the template was found along this very path
    return data


def is_kubernetes_object(data: Any) -> bool:
    """What kubectl needs to accept a document: a mapping with apiVersion and kind."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("apiVersion"), str)
        and isinstance(data.get("kind"), str)
    )


def load_manifests(path: str | Path) -> list[PodTemplate]:
    """Every pod template of a (multi-document) manifest file.

    A file with no Kubernetes object at all is an input error; one whose objects hold no pods
    (only Services, say) gives an empty list.
    """
    return manifests_from_documents(load_documents(path), str(path))


def manifests_from_documents(docs: list[Document], file: str) -> list[PodTemplate]:
    docs = non_empty(docs)
    if not docs:
        raise InputError.one("file is empty: expected Kubernetes manifests", file, 1, 1)
    templates: list[PodTemplate] = []
    for doc in docs:
        templates.extend(pod_templates(doc))
    return templates


def _objects(doc: Document) -> list[tuple[PathKey, dict[str, Any]]]:
    """(path, object) of every Kubernetes object of a document (a ``kind: List`` holds several)."""
    data = doc.data
    if not is_kubernetes_object(data):
        raise InputError(
            [doc.problem((), "not a Kubernetes object: a manifest needs apiVersion and kind", "")]
        )
    if data["kind"] == "List" or (data["kind"].endswith("List") and "items" in data):
        items = data.get("items")
        if items is None:
            return []
        if not isinstance(items, list):
            raise InputError([doc.problem(("items",), f"must be a list, not {kind_of(items)}")])
        out: list[tuple[PathKey, dict[str, Any]]] = []
        for i, item in enumerate(items):
            if not is_kubernetes_object(item):
                raise InputError(
                    [
                        doc.problem(
                            ("items", i), "not a Kubernetes object: needs apiVersion and kind"
                        )
                    ]
                )
            out.append((("items", i), item))
        return out
    return [((), data)]


def pod_templates(doc: Document) -> list[PodTemplate]:
    """The pod templates of one document (a ``kind: List`` may hold several)."""
    return [t for prefix, obj in _objects(doc) if (t := _template(doc, prefix, obj)) is not None]


# Kinds without pods that rules read: (apiVersion prefix, kind). Services and Ingresses say how
# load balancers reach pods; ACK (AWS Controllers for Kubernetes) writes an EKS Pod Identity
# association as a manifest.
OBJECT_KINDS: tuple[tuple[str, str], ...] = (
    ("v1", "Service"),
    ("networking.k8s.io/", "Ingress"),
    ("eks.services.k8s.aws/", "PodIdentityAssociation"),
)


@dataclass
class KubeObject:
    """A Service, an Ingress or a PodIdentityAssociation, with where it sits in its file."""

    file: str
    line: int
    kind: str
    name: str
    namespace: str
    data: dict[str, Any]
    path: PathKey  # of the object inside document.data
    document: Document

    def where(self, *path: str | int) -> tuple[int, int]:
        return self.document.where((*self.path, *path))


def kube_objects(doc: Document) -> list[KubeObject]:
    """The objects of :data:`OBJECT_KINDS` in one document, names and annotations checked."""
    out: list[KubeObject] = []
    for prefix, obj in _objects(doc):
        version, kind = obj["apiVersion"], obj["kind"]
        if not any(kind == k and (version == v or version.startswith(v)) for v, k in OBJECT_KINDS):
            continue
        problems: list[Problem] = []

        def bad(
            path: PathKey,
            message: str,
            prefix: PathKey = prefix,
            problems: list[Problem] = problems,
        ) -> None:
            problems.append(doc.problem((*prefix, *path), message))

        metadata = _dig(obj, ("metadata",), bad) or {}
        name = metadata.get("name")
        if not isinstance(name, str) or not name:
            bad(("metadata", "name"), "required: a non-empty string")
        namespace = metadata.get("namespace", "default")
        if not isinstance(namespace, str):
            bad(("metadata", "namespace"), f"must be a string, not {kind_of(namespace)}")
        annotations = _dig(obj, ("metadata", "annotations"), bad, required=False) or {}
        for key, value in annotations.items():
            if not isinstance(value, str):
                bad(
                    ("metadata", "annotations", key),
                    f"annotation values are strings, not {kind_of(value)} (quote it)",
                )
        _dig(obj, ("spec",), bad, required=False)
        if problems:
            raise InputError(problems)
        out.append(
            KubeObject(
                doc.file,
                doc.where(prefix)[0],
                kind,
                str(name),
                str(namespace),
                obj,
                prefix,
                doc,
            )
        )
    return out


def objects_from_documents(docs: list[Document]) -> list[KubeObject]:
    return [o for doc in non_empty(docs) for o in kube_objects(doc)]


def _template(doc: Document, prefix: PathKey, obj: dict[str, Any]) -> PodTemplate | None:
    kind = obj["kind"]
    if kind not in POD_SPEC_PATHS:
        return None
    problems: list[Problem] = []

    def bad(path: PathKey, message: str) -> None:
        problems.append(doc.problem((*prefix, *path), message))

    metadata = _dig(obj, ("metadata",), bad) or {}
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        bad(
            ("metadata", "name"),
            "required: a non-empty string"
            if name is None
            else f"must be a string, not {kind_of(name)}",
        )
        name = ""
    namespace = metadata.get("namespace", "default")
    if not isinstance(namespace, str):
        bad(("metadata", "namespace"), f"must be a string, not {kind_of(namespace)}")
        namespace = "default"

    spec_path = POD_SPEC_PATHS[kind]
    pod_spec = _dig(obj, spec_path, bad)
    template_path = spec_path[:-1]  # the template holding metadata.labels and spec
    labels_path = (*template_path, "metadata", "labels")
    labels = _dig(obj, labels_path, bad, required=False) or {}
    for key, value in labels.items():
        if not isinstance(value, str):
            bad((*labels_path, key), f"label values are strings, not {kind_of(value)} (quote it)")
    replicas: int | None = 1
    if kind == "DaemonSet":
        replicas = None
    elif kind in SCALED_KINDS:
        spec = obj.get("spec")
        raw = spec.get("replicas", 1) if isinstance(spec, dict) else 1
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            bad(("spec", "replicas"), f"must be a whole number 0 or more, not {raw!r}")
        else:
            replicas = raw
    if pod_spec is not None:
        _check_pod_spec(pod_spec, spec_path, bad)
    if problems:
        raise InputError(problems)
    line = doc.where(prefix)[0]
    assert pod_spec is not None  # a missing pod spec was reported above
    return PodTemplate(
        doc.file,
        line,
        kind,
        name,
        namespace,
        replicas,
        dict(labels),
        pod_spec,
        (*prefix, *spec_path),
        doc,
    )


def _check_pod_spec(pod_spec: dict[str, Any], spec_path: PathKey, bad: Any) -> None:
    if "containers" not in pod_spec:
        bad((*spec_path, "containers"), "required: a pod needs at least one container")
    for list_key in CONTAINER_LISTS:
        containers = pod_spec.get(list_key)
        if containers is None:
            continue
        if not isinstance(containers, list):
            bad((*spec_path, list_key), f"must be a list, not {kind_of(containers)}")
            continue
        if list_key == "containers" and not containers:
            bad((*spec_path, list_key), "must hold at least one container")
        for i, container in enumerate(containers):
            here = (*spec_path, list_key, i)
            if not isinstance(container, dict):
                bad(here, f"a container must be a mapping, not {kind_of(container)}")
                continue
            if not isinstance(container.get("name"), str):
                bad((*here, "name"), "required: the container's name")
            _check_resources(container, here, bad)


def _check_resources(container: dict[str, Any], here: PathKey, bad: Any) -> None:
    resources = container.get("resources")
    if resources is None:
        return
    if not isinstance(resources, dict):
        bad((*here, "resources"), f"must be a mapping, not {kind_of(resources)}")
        return
    for section in ("requests", "limits"):
        values = resources.get(section)
        if values is None:
            continue
        if not isinstance(values, dict):
            bad((*here, "resources", section), f"must be a mapping, not {kind_of(values)}")
            continue
        for resource in QUANTITY_RESOURCES:
            if resource in values:
                try:
                    parse_quantity(values[resource])
                except UnitError as exc:
                    bad((*here, "resources", section, resource), str(exc))


def _dig(
    obj: dict[str, Any], path: KeyPath, bad: Any, required: bool = True
) -> dict[str, Any] | None:
    """The mapping at ``path``, reporting the first missing or non-mapping step (None then)."""
    here: dict[str, Any] = obj
    for depth, key in enumerate(path):
        value = here.get(key)
        if value is None:
            if required:
                bad(path[: depth + 1], "required")
            return None
        if not isinstance(value, dict):
            bad(path[: depth + 1], f"must be a mapping, not {kind_of(value)}")
            return None
        here = value
    return here
