"""The EKS Kubernetes release calendar: which version a new cluster should get, which ones cost
more (extended support) and which ones EKS no longer creates.

A minor version is in standard support for 14 months after its EKS release, then in extended
support for 12 more, at $0.60 instead of $0.10 per cluster-hour. "Billing for extended support
starts at the beginning of the day that the version reaches end of standard support, in the
UTC+0 timezone", and "on the end of extended support date, you can no longer create new Amazon
EKS clusters with the unsupported version" (EKS User Guide, kubernetes-versions, release
calendar and FAQ). So on its end-of-standard date a version is already in extended support,
and on its end-of-extended date it is gone. Dates are UTC.

Sources, per row: the EKS User Guide calendar (awsdocs/amazon-eks-user-guide,
latest/ug/versioning/kubernetes-versions.adoc) for 1.27-1.33; shared/reference/fargate-rules.md
section 8 (the calendar as copied 2026-04-24 by aws-samples sample-apex-skills) for 1.30-1.35,
their EKS release dates from endoflife.date;
1.36 from the EKS User Guide's release notes ("Kubernetes 1.36 is now available in Amazon EKS",
kubernetes-versions-standard) with the dates devopsdreams.blogspot.com gave on 2026-08-16
(EKS release 2026-06-02, standard support to 2027-08-02; extended support 12 months more, by
the rule above). A new version is one row of :data:`CALENDAR`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

STANDARD_HOURLY = Decimal("0.10")  # per cluster-hour (aws.amazon.com/eks/pricing)
EXTENDED_HOURLY = Decimal("0.60")  # per cluster-hour in extended support (same page)
PRICING_SOURCE = "aws.amazon.com/eks/pricing"
CHECKED = "2026-12-02"

Support = Literal["standard", "extended", "ended", "unreleased"]


@dataclass(frozen=True)
class Release:
    """One Kubernetes minor version on EKS, with its dates (UTC)."""

    version: str
    released: date  # available on EKS
    end_of_standard: date  # extended support (and its price) from this day
    end_of_extended: date  # no new cluster from this day
    source: str

    def support(self, on: date) -> Support:
        if on < self.released:
            return "unreleased"
        if on < self.end_of_standard:
            return "standard"
        if on < self.end_of_extended:
            return "extended"
        return "ended"


_GUIDE = "EKS User Guide, kubernetes-versions (release calendar)"
_REFERENCE = (
    "shared/reference/fargate-rules.md section 8 (calendar copied 2026-04-24); "
    "EKS release date: endoflife.date/amazon-eks"
)
_1_36 = "EKS User Guide kubernetes-versions-standard; dates: devopsdreams.blogspot.com 2026-08-16"

CALENDAR: tuple[Release, ...] = (
    Release("1.36", date(2026, 6, 2), date(2027, 8, 2), date(2028, 8, 2), _1_36),
    Release("1.35", date(2026, 1, 28), date(2027, 3, 27), date(2028, 3, 27), _REFERENCE),
    Release("1.34", date(2025, 10, 6), date(2026, 12, 2), date(2027, 12, 2), _REFERENCE),
    Release("1.33", date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29), _GUIDE),
    Release("1.32", date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23), _GUIDE),
    Release("1.31", date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26), _GUIDE),
    Release("1.30", date(2024, 5, 23), date(2025, 7, 23), date(2026, 7, 23), _GUIDE),
    Release("1.29", date(2024, 1, 23), date(2025, 3, 23), date(2026, 3, 23), _GUIDE),
    Release("1.28", date(2023, 9, 26), date(2024, 11, 26), date(2025, 11, 26), _GUIDE),
    Release("1.27", date(2023, 5, 24), date(2024, 7, 24), date(2025, 7, 24), _GUIDE),
)
BY_VERSION: dict[str, Release] = {r.version: r for r in CALENDAR}


def today() -> date:
    """Today in UTC, the time zone of the calendar's dates."""
    return datetime.now(UTC).date()


def release(version: str) -> Release | None:
    return BY_VERSION.get(version)


def in_support(on: date, support: Support) -> list[Release]:
    """The releases in ``support`` on that day, newest first."""
    return [r for r in CALENDAR if r.support(on) == support]


def default_version(on: date | None = None) -> str:
    """The newest version in standard support: what a cluster gets when its spec names none."""
    standard = in_support(on or today(), "standard")
    if not standard:  # the calendar ran out: its newest row, which the spec then refuses
        return CALENDAR[0].version
    return standard[0].version


def version_problem(version: str, on: date | None = None) -> str | None:
    """Why EKS would not create a cluster with ``version`` on that day, or None."""
    on = on or today()
    found = release(version)
    newest = default_version(on)
    if found is None:
        known = f"{CALENDAR[-1].version} to {CALENDAR[0].version}"
        return (
            f"Kubernetes {version} is not in the EKS release calendar ({known}, "
            f"fargate/eks_versions.py): use {newest}"
        )
    status = found.support(on)
    if status == "unreleased":
        return f"Kubernetes {version} is not on EKS before {found.released}: use {newest}"
    if status == "ended":
        return (
            f"Kubernetes {version} reached the end of EKS extended support on "
            f"{found.end_of_extended}: EKS no longer creates clusters with it; use {newest}"
        )
    return None


def is_extended(version: str | None, on: date | None = None) -> bool:
    found = release(version) if version else None
    return found is not None and found.support(on or today()) == "extended"


def control_plane_hourly(version: str | None, on: date | None = None) -> Decimal:
    """What one cluster's control plane costs per hour with this version (standard price for
    a version not known: a spec refuses those, a program's cluster may come from elsewhere)."""
    return EXTENDED_HOURLY if is_extended(version, on) else STANDARD_HOURLY


def extended_support_warning(cluster: str, version: str, on: date | None = None) -> str | None:
    """The warning for a cluster whose version is in extended support, or None."""
    on = on or today()
    found = release(version)
    if found is None or found.support(on) != "extended":
        return None
    newest = BY_VERSION[default_version(on)]
    return (
        f"EKS cluster {cluster}: Kubernetes {version} is in extended support since "
        f"{found.end_of_standard} (until {found.end_of_extended}, then EKS upgrades it): the "
        f"control plane costs ${EXTENDED_HOURLY} per hour instead of ${STANDARD_HOURLY}; "
        f"{newest.version} is in standard support until {newest.end_of_standard}"
    )
