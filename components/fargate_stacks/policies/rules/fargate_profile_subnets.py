"""fargate-profile-subnets: Fargate profiles use private subnets."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import Kind, Subject


def public_subnets(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for profile in index.eks_profiles.values():
        for subnet in profile.public_subnets:
            yield (
                profile,
                Violation(
                    f"profile {profile.name!r} uses public subnet {subnet}: Fargate pods "
                    "need private subnets (with a NAT gateway or VPC endpoints)",
                    ("subnetIds",),
                ),
            )


RULE = Rule(
    id="fargate-profile-subnets",
    level="mandatory",
    title="Fargate profiles must use private subnets.",
    rationale="EKS refuses a Fargate profile with a subnet that routes to an internet gateway "
    "(one that maps public IPs on launch, in a stack).",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html",
    checked="2026-12-01",
    applies_to=(Kind.EKS_PROFILE,),
    stack=public_subnets,
)
