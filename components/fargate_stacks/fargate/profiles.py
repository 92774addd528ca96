"""Which Fargate profile selects a pod, as EKS decides it.

A selector matches when its namespace pattern (``*`` and ``?`` wildcards) matches the pod's
namespace and every one of its labels is on the pod. When several profiles match, EKS takes the
first by name (EKS-UG fargate-profile.adoc); the pod label ``eks.amazonaws.com/fargate-profile``
picks one explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Protocol, TypeVar

PROFILE_LABEL = "eks.amazonaws.com/fargate-profile"

# Read-only members: the spec's models (lists of their own selector type), the policy pack's
# normalised profiles and anything else with these attributes all qualify.


class Selector(Protocol):
    @property
    def namespace(self) -> str: ...
    @property
    def labels(self) -> Mapping[str, str]: ...


class Profile(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def selectors(self) -> Sequence[Selector]: ...


P = TypeVar("P", bound=Profile)


def selector_matches(
    namespace_pattern: str,
    selector_labels: Mapping[str, str],
    namespace: str,
    labels: Mapping[str, str],
) -> bool:
    if not fnmatchcase(namespace, namespace_pattern):
        return False
    return all(labels.get(k) == v for k, v in selector_labels.items())


def selecting_profile(profiles: Iterable[P], namespace: str, labels: Mapping[str, str]) -> P | None:
    """The profile EKS would schedule this pod with, or None (the pod needs a node group)."""
    ordered = sorted(profiles, key=lambda p: p.name)
    wanted = labels.get(PROFILE_LABEL)
    for profile in ordered:
        if wanted is not None and profile.name != wanted:
            continue
        if any(
            selector_matches(s.namespace, s.labels, namespace, labels) for s in profile.selectors
        ):
            return profile
    return None
