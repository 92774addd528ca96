"""Rules over EKS Fargate profiles (EKS-UG fargate-profile; BOTO-EKS CreateFargateProfile)."""

from __future__ import annotations

from collections.abc import Iterator

from .findings import Violation
from .subjects import EksProfile

MAX_SELECTORS = 5
MAX_LABELS = 5


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
    elif count > MAX_SELECTORS:
        yield Violation(
            f"profile {profile.name!r} has {count} selectors: EKS allows at most "
            f"{MAX_SELECTORS}; use wildcards (team-*) or a second profile",
            ("selectors", MAX_SELECTORS),
        )
    for s in profile.selectors:
        if not s.namespace:
            yield Violation(
                f"selector {s.index + 1} of profile {profile.name!r} has no "
                "namespace: every selector needs one",
                ("selectors", s.index),
            )
        if len(s.labels) > MAX_LABELS:
            yield Violation(
                f"selector {s.index + 1} of profile {profile.name!r} has "
                f"{len(s.labels)} labels: EKS allows at most {MAX_LABELS}",
                ("selectors", s.index, "labels"),
            )


def profile_subnets(profile: EksProfile) -> Iterator[Violation]:
    for subnet in profile.public_subnets:
        yield Violation(
            f"profile {profile.name!r} uses public subnet {subnet}: Fargate pods "
            "need private subnets (with a NAT gateway or VPC endpoints)",
            ("subnetIds",),
        )
