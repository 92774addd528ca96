"""Which Fargate profile would run a pod: EKS's own choice (fargate/profiles.py) applied to
normalised profiles, where only selectors with a namespace take part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..fargate.profiles import selecting_profile
from .subjects import EksProfile, Pod


@dataclass(frozen=True)
class _Selector:
    namespace: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class _Profile:
    name: str
    selectors: Sequence[_Selector]
    source: EksProfile


class ProfileSet:
    """Profiles prepared once for many pods. ``node_group``: the cluster also has a node group,
    so a pod no profile selects is scheduled there rather than left Pending."""

    def __init__(self, profiles: Sequence[EksProfile], node_group: bool = False) -> None:
        self.profiles = list(profiles)
        self.node_group = node_group
        prepared = sorted(
            (
                _Profile(
                    p.name, [_Selector(s.namespace or "", s.labels) for s in p.usable_selectors], p
                )
                for p in self.profiles
            ),
            key=lambda p: p.name,
        )
        # Index by literal namespace so a pod only meets the profiles that could select it;
        # profiles with a wildcard selector are candidates for every pod.
        self._by_namespace: dict[str, list[_Profile]] = {}
        self._wildcard: list[_Profile] = []
        for profile in prepared:
            if any(_is_pattern(s.namespace) for s in profile.selectors):
                self._wildcard.append(profile)
            for namespace in {s.namespace for s in profile.selectors}:
                if not _is_pattern(namespace):
                    self._by_namespace.setdefault(namespace, []).append(profile)

    def select(self, pod: Pod) -> EksProfile | None:
        """The profile EKS would use, None when the pod needs a node group (or its namespace
        is unknown)."""
        if pod.namespace is None:
            return None
        return self.select_labels(pod.namespace, pod.labels)

    def select_labels(self, namespace: str, labels: Mapping[str, str]) -> EksProfile | None:
        """The profile EKS would use for a pod in ``namespace`` with these labels."""
        chosen = selecting_profile(self._candidates(namespace), namespace, labels)
        return chosen.source if chosen is not None else None

    def selects_namespace(self, namespace: str) -> bool:
        """Whether some selector takes pods of ``namespace`` (given the right labels)."""
        return any(
            fnmatchcase(namespace, s.namespace)
            for p in self._candidates(namespace)
            for s in p.selectors
        )

    def selects_whole_namespace(self, namespace: str) -> EksProfile | None:
        """A profile with a label-less selector for ``namespace``: it takes every pod there."""
        for profile in sorted(self._candidates(namespace), key=lambda p: p.name):
            if any(not s.labels and fnmatchcase(namespace, s.namespace) for s in profile.selectors):
                return profile.source
        return None

    def _candidates(self, namespace: str) -> list[_Profile]:
        exact = self._by_namespace.get(namespace, [])
        return exact + [p for p in self._wildcard if p not in exact] if self._wildcard else exact

    def __len__(self) -> int:
        return len(self.profiles)


def _is_pattern(namespace: str) -> bool:
    return any(ch in namespace for ch in "*?[")
