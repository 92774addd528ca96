"""Which Fargate profile would run a pod: EKS's own choice (fargate/profiles.py) applied to
normalised profiles, where only selectors with a namespace take part."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

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
    """Profiles prepared once for many pods."""

    def __init__(self, profiles: Sequence[EksProfile]) -> None:
        self.profiles = list(profiles)
        self._prepared = sorted(
            (_Profile(p.name, [_Selector(s.namespace or "", s.labels) for s in p.usable_selectors],
                      p) for p in self.profiles), key=lambda p: p.name)

    def select(self, pod: Pod) -> EksProfile | None:
        """The profile EKS would use, None when the pod needs a node group (or its namespace
        is unknown)."""
        if pod.namespace is None:
            return None
        chosen = selecting_profile(self._prepared, pod.namespace, pod.labels)
        return chosen.source if chosen is not None else None

    def __len__(self) -> int:
        return len(self.profiles)
