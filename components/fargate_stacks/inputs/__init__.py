"""Reading what users already have: Kubernetes manifests and ECS task definitions.

:func:`load_inputs` tells the two apart by content, not by file name: Kubernetes objects have
``apiVersion`` and ``kind``; task definitions have ``containerDefinitions`` (bare, in a list, or
inside ``describe-task-definition``'s ``taskDefinition``). Every failure, from a missing file to a
wrong field type, is an :class:`~fargate_stacks.errors.InputError` naming the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, Problem
from ..yamlsource import iter_json_or_yaml
from .ecs import (
    TaskDefinition,
    load_task_definitions,
    looks_like_task_definition,
    task_definitions_from_documents,
)
from .kubernetes import (
    KubeObject,
    PodTemplate,
    is_kubernetes_object,
    load_manifests,
    manifests_from_documents,
    objects_from_documents,
    pod_templates,
)
from .shape import non_empty

__all__ = [
    "Input",
    "KubeObject",
    "PodTemplate",
    "TaskDefinition",
    "load_all_inputs",
    "load_file",
    "load_inputs",
    "load_manifests",
    "load_task_definitions",
    "pod_templates",
]

Input = PodTemplate | TaskDefinition | KubeObject


def load_inputs(path: str | Path) -> tuple[list[PodTemplate], list[TaskDefinition]]:
    """The pod templates and task definitions of one file (one of the two kinds per file)."""
    found = load_file(path)
    return (
        [i for i in found if isinstance(i, PodTemplate)],
        [i for i in found if isinstance(i, TaskDefinition)],
    )


def load_file(path: str | Path) -> list[Input]:
    """Everything rules read in one file, in file order: its task definitions, or its pod
    templates and the Services, Ingresses and Pod Identity associations beside them."""
    name = str(path)
    docs = non_empty(iter_json_or_yaml(path))
    if not docs:
        raise InputError.one(
            "file is empty: expected Kubernetes manifests or an ECS task definition", name, 1, 1
        )
    if any(looks_like_task_definition(d.data) or _list_of_task_definitions(d.data) for d in docs):
        return list(task_definitions_from_documents(docs, name))
    if any(is_kubernetes_object(d.data) for d in docs):
        found: list[Input] = [*manifests_from_documents(docs, name), *objects_from_documents(docs)]
        return sorted(found, key=lambda i: i.line)
    raise InputError.one(
        "no Kubernetes object (apiVersion and kind) or ECS task definition "
        "(containerDefinitions) found",
        name,
        docs[0].line,
        1,
    )


def load_all_inputs(paths: Iterable[str | Path]) -> tuple[list[Input], list[Problem]]:
    """Every file's inputs (:func:`load_file`), in file order, and the problems of every file
    that could not be read: commands report all bad files at once."""
    found: list[Input] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            found.extend(load_file(path))
        except InputError as error:
            problems.extend(error.problems)
    return found, problems


def _list_of_task_definitions(data: object) -> bool:
    return isinstance(data, list) and any(looks_like_task_definition(item) for item in data)
