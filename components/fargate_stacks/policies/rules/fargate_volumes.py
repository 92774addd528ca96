"""fargate-volumes: what Fargate can mount."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import ecs_tasks, eks_pods
from .. import ecs_task, kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import CLAIMS, EcsTask, Kind, Pod
from ..values import as_list, as_map, as_str, present


def task_volumes(task: EcsTask) -> Iterator[Violation]:
    for j, v, name in ecs_task.volumes(task):
        for key, what in ecs_tasks.UNSUPPORTED_VOLUME_KINDS.items():
            if present(v.get(key)):
                yield Violation(
                    f"volume {name!r} uses {key}: Fargate does not mount {what}; it mounts "
                    "bind mounts (no host path), EFS, S3 Files and one EBS volume configured "
                    "at launch",
                    ("volumes", j, key),
                )
        if present(as_map(v.get("host")).get("sourcePath")):
            yield Violation(
                f"volume {name!r} mounts host path {v['host']['sourcePath']!r}: "
                "Fargate tasks cannot see the host; drop sourcePath (a task-local "
                "bind mount) or use EFS",
                ("volumes", j, "host", "sourcePath"),
            )
    at_launch = ecs_task.volumes_at_launch(task)
    if len(at_launch) > ecs_tasks.MAX_VOLUMES_AT_LAUNCH:
        names = ", ".join(repr(name) for _, name in at_launch)
        yield Violation(
            f"{len(at_launch)} volumes are configured at launch ({names}): a task definition "
            f"may have at most {ecs_tasks.MAX_VOLUMES_AT_LAUNCH} (one EBS volume per task); "
            "mount EFS for the others",
            ("volumes", at_launch[ecs_tasks.MAX_VOLUMES_AT_LAUNCH][0], "configuredAtLaunch"),
        )


def pod_volumes(pod: Pod) -> Iterator[Violation]:
    for j, volume in enumerate(as_list(pod.spec.get("volumes"))):
        v = as_map(volume)
        name = as_str(v.get("name")) or f"#{j + 1}"
        for key, what in eks_pods.HOST_VOLUME_KINDS.items():
            if present(v.get(key)):
                yield Violation(
                    f"volume {name!r}: Fargate does not support {what}", ("volumes", j, key)
                )
        driver = as_str(as_map(v.get("csi")).get("driver"))
        if driver in eks_pods.EBS_CSI_DRIVERS:
            yield Violation(
                f"volume {name!r} uses the EBS CSI driver: Fargate pods mount EFS "
                "only (efs.csi.aws.com, static provisioning)",
                ("volumes", j, "csi"),
            )
        claim = as_map(as_map(v.get("ephemeral")).get("volumeClaimTemplate"))
        if claim:
            problem = kubernetes.ebs_claim(as_map(claim.get("spec")))
            if problem:
                yield Violation(
                    f"ephemeral volume {name!r} {problem}",
                    ("volumes", j, "ephemeral", "volumeClaimTemplate", "spec", "storageClassName"),
                )
    for j, template in enumerate(pod.claim_templates):
        claim = as_map(template)
        problem = kubernetes.ebs_claim(as_map(claim.get("spec")))
        if problem:
            name = as_str(as_map(claim.get("metadata")).get("name")) or f"#{j + 1}"
            yield Violation(
                f"volumeClaimTemplate {name!r} {problem}", (CLAIMS, j, "spec", "storageClassName")
            )


RULE = Rule(
    id="fargate-volumes",
    level="mandatory",
    title="Fargate mounts task-local, EFS, S3 Files and one EBS-at-launch volume on ECS, EFS and "
    "pod-local volumes on EKS.",
    rationale="ECS on Fargate mounts bind mounts without a host path, EFS, S3 Files and one EBS "
    "volume configured at launch (configuredAtLaunch, filled by the service, Linux only: see "
    "fargate-ebs-volumes); Docker volumes, host paths and FSx for Windows File Server are EC2 "
    "only. EKS pods on Fargate mount EFS (static provisioning) and pod-local volumes: no "
    "hostPath and no EBS, whether asked for directly, by the EBS CSI driver, or by a claim on "
    "an EBS StorageClass (gp2, the EKS default, included).",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_volumes, Kind.POD: pod_volumes},
)
