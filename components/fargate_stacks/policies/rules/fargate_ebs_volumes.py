"""fargate-ebs-volumes: EBS volumes configured at launch, within what ECS accepts."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ebs
from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import EcsService, Kind, Subject
from ..values import as_int, as_list, as_map, as_str, is_unknown, present


def _configurations(service: EcsService) -> Iterator[tuple[int, str | None, dict[str, object]]]:
    for k, config in enumerate(as_list(service.data.get("volumeConfigurations"))):
        c = as_map(config)
        yield k, as_str(c.get("name")), as_map(c.get("managedEBSVolume"))


def managed_volumes(service: EcsService) -> Iterator[Violation]:
    for k, name, volume in _configurations(service):
        here = ("volumeConfigurations", k, "managedEBSVolume")
        if any(is_unknown(v) for v in volume.values()):
            continue  # computed during preview: checked once known
        for field, why in ebs.volume_problems(
            as_str(volume.get("volumeType")),
            as_int(volume.get("sizeInGiB")),
            as_int(volume.get("iops")),
            as_int(volume.get("throughput")),
            snapshot=present(volume.get("snapshotId")),
            initialization_rate=present(volume.get("volumeInitializationRate")),
        ):
            yield Violation(f"EBS volume {name!r}: {why}", (*here, field))
        if not present(volume.get("roleArn")):
            yield Violation(
                f"EBS volume {name!r} has no roleArn: ECS creates the volume with an "
                f"infrastructure role (managed policy {ebs.INFRASTRUCTURE_ROLE_POLICY})",
                (*here, "roleArn"),
            )
        system = as_str(volume.get("filesystemType"))
        if system is not None and system not in ebs.LINUX_FILESYSTEMS:
            yield Violation(
                f"EBS volume {name!r} uses filesystemType {system}: Fargate tasks are Linux "
                f"({', '.join(sorted(ebs.LINUX_FILESYSTEMS))})",
                (*here, "filesystemType"),
            )


def volumes_match(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    """The service's volume configuration names the task definition's volume at launch."""
    for service in index.services():
        task = index.task_of(service)
        if task is None or not index.applies(task):
            continue
        at_launch = {name for _, name in ecs_task.volumes_at_launch(task)}
        configured = [(k, name) for k, name, _ in _configurations(service)]
        for k, name in configured:
            if name is not None and name not in at_launch:
                have = ", ".join(sorted(at_launch)) or "none"
                yield (
                    service,
                    Violation(
                        f"service {service.name!r} configures EBS volume {name!r}, but task "
                        f"definition {task.name!r} has no volume of that name configured at "
                        f"launch (it has: {have})",
                        ("volumeConfigurations", k, "name"),
                    ),
                )
        named = {name for _, name in configured}
        for name in sorted(at_launch - named):
            yield (
                service,
                Violation(
                    f"task definition {task.name!r} leaves volume {name!r} to be configured at "
                    f"launch, but service {service.name!r} gives it no volumeConfiguration: "
                    "its tasks cannot start",
                    ("volumeConfigurations",),
                ),
            )


RULE = Rule(
    id="fargate-ebs-volumes",
    level="mandatory",
    title="EBS volumes configured at launch: the service fills the task's volume, within the "
    "limits of its volume type.",
    rationale="ECS on Fargate (Linux, platform 1.4.0) attaches one EBS volume per task: the "
    "task definition names it with configuredAtLaunch, the service's volumeConfiguration fills "
    "it (managedEBSVolume with an infrastructure role). Volume types gp3, gp2, io1, io2, st1 "
    "and sc1 (not standard); gp2/gp3 1-16,384 GiB, io1/io2 4-16,384, st1/sc1 125-16,384; IOPS "
    "gp3 3,000-16,000, io1 100-64,000, io2 100-256,000 (required for io1/io2, not settable "
    "otherwise); throughput gp3 only, up to 1,000 MiB/s; a size or a snapshot; "
    "volumeInitializationRate only with a snapshot.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ebs-volumes.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_SERVICE, Kind.ECS_TASK),
    checks={Kind.ECS_SERVICE: managed_volumes},
    stack=volumes_match,
)
