"""efs-transit-encryption: EFS volumes encrypt in transit."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ecs_task
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind
from ..values import is_unknown


def efs_transit_encryption(task: EcsTask) -> Iterator[Violation]:
    for j, v, name in ecs_task.volumes(task):
        efs = v.get("efsVolumeConfiguration")
        if not isinstance(efs, dict):
            continue
        setting = efs.get("transitEncryption")
        if not is_unknown(setting) and str(setting).upper() != "ENABLED":
            yield Violation(
                f"EFS volume {name!r} does not encrypt in transit: set "
                "transitEncryption to ENABLED",
                ("volumes", j, "efsVolumeConfiguration"),
            )


RULE = Rule(
    id="efs-transit-encryption",
    level="advisory",
    title="EFS volumes should encrypt data in transit.",
    rationale="Without transitEncryption, NFS traffic between the task and EFS is plain text; "
    "EFS IAM authorization and access points need it too.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK,),
    checks={Kind.ECS_TASK: efs_transit_encryption},
)
