"""EBS volumes configured at launch on ECS Fargate: the task definition names one volume with
``configuredAtLaunch: true``; the service (or RunTask) fills it with a ``managedEBSVolume``.

Valid on Linux Fargate tasks, platform version 1.4.0 or later, since 2024-01. Limits per volume
type as ECS documents them for managed EBS volumes (BOTO-ECS ServiceManagedEBSVolumeConfiguration,
botocore 1.44; ECS-DG ebs-volumes; shared/reference/fargate-rules.md section 3, checked
2026-12-01). EBS itself raised gp3 to 64 TiB / 80,000 IOPS / 2,000 MiB/s in 2025, but ECS's own
API reference for managed volumes still gives the figures below, so those are what is enforced.
gp3's least throughput, 125 MiB/s, is EC2's (CreateVolume.Throughput); ECS gives only the most.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKED = "2026-12-01"
SOURCE = "BOTO-ECS ServiceManagedEBSVolumeConfiguration (botocore 1.44), ECS-DG ebs-volumes"


@dataclass(frozen=True)
class VolumeType:
    """One EBS volume type: sizes in GiB, provisioned IOPS (None: not settable), throughput."""

    name: str
    size_gib: tuple[int, int]
    iops: tuple[int, int] | None = None
    iops_required: bool = False
    throughput_mibs: tuple[int, int] | None = None  # None: throughput cannot be set


VOLUME_TYPES: dict[str, VolumeType] = {
    t.name: t
    for t in (
        VolumeType("gp3", (1, 16_384), (3_000, 16_000), throughput_mibs=(125, 1_000)),
        VolumeType("gp2", (1, 16_384)),
        VolumeType("io1", (4, 16_384), (100, 64_000), iops_required=True),
        VolumeType("io2", (4, 16_384), (100, 256_000), iops_required=True),
        VolumeType("st1", (125, 16_384)),
        VolumeType("sc1", (125, 16_384)),
    )
}
DEFAULT_VOLUME_TYPE = "gp3"
# "Magnetic: standard ... The magnetic volume type is not supported on Fargate."
NOT_ON_FARGATE = frozenset({"standard"})
LINUX_FILESYSTEMS = frozenset({"ext3", "ext4", "xfs"})
# The role ECS uses to create the volumes needs this managed policy (ECS-DG ebs-volumes).
INFRASTRUCTURE_ROLE_POLICY = "AmazonECSInfrastructureRolePolicyForVolumes"


def _range(low: int, high: int) -> str:
    return f"{low:,}-{high:,}"


def volume_problems(
    volume_type: str | None,
    size_gib: int | None,
    iops: int | None,
    throughput: int | None,
    snapshot: bool,
    initialization_rate: bool = False,
) -> list[tuple[str, str]]:
    """(field, why) for every limit a managed EBS volume breaks; empty when ECS accepts it.
    ``volume_type`` None means the default (gp3); ``snapshot``: a snapshotId is given."""
    name = volume_type or DEFAULT_VOLUME_TYPE
    if name in NOT_ON_FARGATE:
        return [("volumeType", f"volume type {name!r} (magnetic) is not supported on Fargate")]
    kind = VOLUME_TYPES.get(name)
    if kind is None:
        return [("volumeType", f"volume type {name!r} is not one of {', '.join(VOLUME_TYPES)}")]
    out: list[tuple[str, str]] = []
    low, high = kind.size_gib
    if size_gib is None and not snapshot:
        out.append(("sizeInGiB", "give sizeInGiB or a snapshotId: ECS needs one of them"))
    elif size_gib is not None and not low <= size_gib <= high:
        out.append(("sizeInGiB", f"{size_gib} GiB: {name} volumes are {_range(low, high)} GiB"))
    if iops is not None:
        if kind.iops is None:
            out.append(("iops", f"iops cannot be set for {name} volumes"))
        elif not kind.iops[0] <= iops <= kind.iops[1]:
            out.append(("iops", f"{iops:,} IOPS: {name} volumes take {_range(*kind.iops)} IOPS"))
    elif kind.iops_required:
        out.append(("iops", f"{name} volumes need iops ({_range(*kind.iops or (0, 0))})"))
    if throughput is not None:
        if kind.throughput_mibs is None:
            out.append(("throughput", f"throughput can be set for gp3 volumes only, not {name}"))
        elif not kind.throughput_mibs[0] <= throughput <= kind.throughput_mibs[1]:
            out.append(
                (
                    "throughput",
                    f"{throughput:,} MiB/s: {name} throughput is "
                    f"{_range(*kind.throughput_mibs)} MiB/s",
                )
            )
    if initialization_rate and not snapshot:
        out.append(("volumeInitializationRate", "volumeInitializationRate needs a snapshotId"))
    return out
