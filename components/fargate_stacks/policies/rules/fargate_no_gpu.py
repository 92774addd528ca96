"""fargate-no-gpu: Fargate has no GPUs, Inferentia or Trainium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...fargate import ecs_tasks, eks_pods
from .. import ecs_task, kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import as_list, as_map, as_str, present


def task_accelerators(task: EcsTask) -> Iterator[Violation]:
    if present(task.data.get("inferenceAccelerators")):
        yield Violation(
            "inferenceAccelerators are not available on Fargate: run this task on "
            "EC2 (Inferentia instances)",
            ("inferenceAccelerators",),
        )
    for i, c, name in ecs_task.containers(task):
        for j, req in enumerate(as_list(c.get("resourceRequirements"))):
            kind = as_str(as_map(req).get("type"))
            if kind and kind.upper() in ecs_tasks.ACCELERATOR_TYPES:
                yield Violation(
                    f"container {name!r} requests {kind}: Fargate has no GPUs or "
                    "accelerators (Inferentia, Trainium); use an EC2 capacity provider with "
                    "such instances",
                    ecs_task.cpath(i, "resourceRequirements", j),
                )


def _resource_names(c: dict[str, Any]) -> Iterator[tuple[str, str]]:
    resources = as_map(c.get("resources"))
    for section in ("limits", "requests"):
        for key in as_map(resources.get(section)):
            yield section, str(key)


def pod_accelerators(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod):
        seen: set[str] = set()
        for section, key in _resource_names(c):
            if key in seen:
                continue
            if key in eks_pods.GPU_RESOURCES or key.startswith(eks_pods.GPU_RESOURCE_PREFIXES):
                seen.add(key)
                yield Violation(
                    f"container {name!r} asks for {key}: Fargate has no GPUs or "
                    "accelerators; schedule it on a GPU node group",
                    (*path, "resources", section, key),
                )


RULE = Rule(
    id="fargate-no-gpu",
    level="mandatory",
    title="Fargate has no GPUs, Inferentia or Trainium.",
    rationale="ECS refuses resourceRequirements of type GPU, InferenceAccelerator or "
    "NeuronDevice and inferenceAccelerators in a Fargate task definition; on EKS a pod asking "
    "for nvidia.com/gpu, amd.com/gpu or aws.amazon.com/neuron* finds no Fargate capacity.",
    source="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_accelerators, Kind.POD: pod_accelerators},
)
