"""The Fargate profiles ``check --profiles`` decides with: a YAML list of profiles
(``- name: apps; selectors: [{namespace: team-*, labels: {...}}]``) or a stack spec (every
EKS cluster's ``fargateProfiles``, and whether a cluster has a ``nodeGroup`` for the pods no
profile selects). Shape errors are input errors; limits EKS enforces (1-5
selectors, a namespace each, at most 5 labels) are left to ``fargate-profile-selectors`` so
they show up as findings with their line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..yamlsource import Document, load_documents
from .normalize import profile_from_data
from .selection import ProfileSet
from .subjects import EksProfile, Locate

EXPECTED = "a list of Fargate profiles (- name: ..., selectors: [...]) or a stack spec"
_KINDS = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "empty",
}


def _kind(value: object) -> str:
    return _KINDS.get(type(value), "a value")


@dataclass
class ProfilesFile:
    """What a ``--profiles`` file says: the profiles, and whether a node group takes the rest."""

    profiles: list[EksProfile]
    node_group: bool = False

    def profile_set(self) -> ProfileSet:
        return ProfileSet(self.profiles, self.node_group)


def read_profiles(path: str | Path) -> ProfilesFile:
    """Profiles from a YAML list (no node group known) or a stack spec file."""
    docs = load_documents(path)
    if not docs or docs[0].data is None:
        raise InputError.one(f"file is empty: expected {EXPECTED}", str(path), 1, 1)
    if len(docs) > 1:
        raise InputError.one(
            f"expected one YAML document ({EXPECTED}), found several", str(path), docs[1].line, 1
        )
    doc = docs[0]
    if isinstance(doc.data, list):
        return ProfilesFile(profiles_from_list(doc))
    if isinstance(doc.data, dict):
        return _from_spec(path)
    raise InputError([doc.problem((), f"expected {EXPECTED}, not {_kind(doc.data)}", "")])


def profiles_from_list(doc: Document) -> list[EksProfile]:
    problems: list[Problem] = []
    out: list[EksProfile] = []
    seen: set[str] = set()
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            problems.append(
                doc.problem(
                    (i,), f"a profile is a mapping with name and selectors, not {_kind(item)}"
                )
            )
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name:
            problems.append(doc.problem((i, "name"), "required: the profile's name"))
            continue
        if name in seen:
            problems.append(doc.problem((i, "name"), f"profile {name!r} is listed twice"))
        seen.add(name)
        selectors = item.get("selectors", [])
        if not isinstance(selectors, list):
            problems.append(
                doc.problem((i, "selectors"), f"must be a list, not {_kind(selectors)}")
            )
            continue
        for j, sel in enumerate(selectors):
            here = (i, "selectors", j)
            if not isinstance(sel, dict):
                problems.append(
                    doc.problem(
                        here, f"a selector is a mapping with namespace and labels, not {_kind(sel)}"
                    )
                )
                continue
            namespace = sel.get("namespace")
            if namespace is not None and not isinstance(namespace, str):
                problems.append(
                    doc.problem((*here, "namespace"), f"must be a string, not {_kind(namespace)}")
                )
            labels = sel.get("labels", {})
            if not isinstance(labels, dict):
                problems.append(
                    doc.problem((*here, "labels"), f"must be a mapping, not {_kind(labels)}")
                )
                continue
            for key, value in labels.items():
                if not isinstance(value, str):
                    problems.append(
                        doc.problem(
                            (*here, "labels", key),
                            f"label values are strings, not {_kind(value)} (quote it)",
                        )
                    )
        out.append(
            profile_from_data(
                item, f"FargateProfile/{name}", file=doc.file, locate=_locator(doc, i)
            )
        )
    if problems:
        raise InputError(problems)
    return out


def _locator(doc: Document, index: int) -> Locate:
    """Lines of the paths below the profile at ``index`` of the file's list."""
    return lambda path: doc.where((index, *path))[0]


def _from_spec(path: str | Path) -> ProfilesFile:
    from ..spec import load_spec

    loaded = load_spec(path)
    profiles: list[EksProfile] = []
    clusters = loaded.spec.eks.clusters if loaded.spec.eks else []
    for cluster in clusters:
        for profile in cluster.fargate_profiles:
            data = profile.model_dump(by_alias=True)
            profiles.append(
                profile_from_data(data, f"FargateProfile/{profile.name}", file=str(path))
            )
    if not profiles:
        raise InputError.one(
            "the stack spec has no EKS cluster with Fargate profiles", str(path), 1, 1, "eks"
        )
    return ProfilesFile(profiles, any(c.node_group is not None for c in clusters))
