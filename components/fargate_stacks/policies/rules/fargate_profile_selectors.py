"""fargate-profile-selectors: what EKS accepts in a Fargate profile's selectors."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate.limits import MAX_LABELS_PER_SELECTOR, MAX_SELECTORS_PER_PROFILE
from ..findings import Violation
from ..rule import Rule
from ..subjects import EksProfile, Kind


def profile_selectors(profile: EksProfile) -> Iterator[Violation]:
    if not profile.selectors_known:
        return
    count = len(profile.selectors)
    if count == 0:
        yield Violation(
            f"profile {profile.name!r} has no selectors: it would select no pods; "
            "add one selector per namespace",
            ("selectors",),
        )
    elif count > MAX_SELECTORS_PER_PROFILE:
        yield Violation(
            f"profile {profile.name!r} has {count} selectors: EKS allows at most "
            f"{MAX_SELECTORS_PER_PROFILE}; use wildcards (team-*) or a second profile",
            ("selectors", MAX_SELECTORS_PER_PROFILE),
        )
    for s in profile.selectors:
        if not s.namespace:
            yield Violation(
                f"selector {s.index + 1} of profile {profile.name!r} has no "
                "namespace: every selector needs one",
                ("selectors", s.index),
            )
        if len(s.labels) > MAX_LABELS_PER_SELECTOR:
            yield Violation(
                f"selector {s.index + 1} of profile {profile.name!r} has "
                f"{len(s.labels)} labels: EKS allows at most {MAX_LABELS_PER_SELECTOR}",
                ("selectors", s.index, "labels"),
            )


RULE = Rule(
    id="fargate-profile-selectors",
    level="mandatory",
    title="A Fargate profile has 1-5 selectors, each with a namespace and at most 5 labels.",
    rationale="CreateFargateProfile refuses more than 5 selectors or more than 5 labels in a "
    "selector, and a selector without a namespace; a profile without selectors selects no pod.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html",
    checked="2026-12-01",
    applies_to=(Kind.EKS_PROFILE,),
    checks={Kind.EKS_PROFILE: profile_selectors},
)
