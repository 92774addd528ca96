"""ECS task definitions out of JSON or YAML files, each with the place it came from.

Three shapes are accepted, because people have task definitions in all three:

* what ``aws ecs register-task-definition --cli-input-json file://td.json`` takes (the
  request: ``family``, ``containerDefinitions``, ...);
* what ``aws ecs describe-task-definition`` prints (the same inside a ``taskDefinition`` key);
* a list of either (JSON or YAML), or several YAML documents.

Keys keep AWS's camelCase so rules can quote the field names AWS documents. Field types that
AWS would refuse with a validation error (``containerDefinitions`` not a list, ``memory`` not a
number, an unreadable task ``cpu``) are located input errors here, once, so rules downstream can
read the data without guarding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..fargate.limits import DEFAULT_EPHEMERAL_GIB
from ..fargate.sizes import family_or_name
from ..fargate.units import UnitError, parse_ecs_cpu, parse_ecs_memory
from ..yamlsource import Document, PathKey, iter_json_or_yaml
from .shape import kind_of, non_empty

WRAPPER = "taskDefinition"
# Container fields AWS types as integers (BOTO-ECS ContainerDefinition).
CONTAINER_INTS = ("cpu", "memory", "memoryReservation", "startTimeout", "stopTimeout")


@dataclass
class TaskDefinition:
    """One task definition: its AWS data and where it sits in its file."""

    file: str
    line: int
    name: str  # the family
    data: dict[str, Any]
    document: Document
    path: PathKey  # prefix of ``data`` inside document.data

    @property
    def containers(self) -> list[dict[str, Any]]:
        return list(self.data.get("containerDefinitions") or [])

    def where(self, *path: str | int) -> tuple[int, int]:
        return self.document.where((*self.path, *path))

    def problem(self, path: PathKey, message: str) -> Problem:
        return self.document.problem((*self.path, *path), message)

    @property
    def cpu_units(self) -> int | None:
        """Task-level CPU in units (checked parsable at load), None when not set."""
        value = self.data.get("cpu")
        return None if value is None else parse_ecs_cpu(value)

    @property
    def memory_mib(self) -> int | None:
        value = self.data.get("memory")
        return None if value is None else parse_ecs_memory(value)

    @property
    def operating_system(self) -> str:
        """'LINUX' or 'WINDOWS' from runtimePlatform (LINUX when not set, as on AWS); a name of
        no family Fargate runs as written (upper-case), for the size check to refuse."""
        family = str((self.data.get("runtimePlatform") or {}).get("operatingSystemFamily", "LINUX"))
        return family_or_name(family)

    @property
    def architecture(self) -> str:
        """'X86_64' or 'ARM64' from runtimePlatform (X86_64 when not set)."""
        return str(
            (self.data.get("runtimePlatform") or {}).get("cpuArchitecture", "X86_64")
        ).upper()

    @property
    def ephemeral_gib(self) -> int:
        storage = self.data.get("ephemeralStorage") or {}
        size = storage.get("sizeInGiB", DEFAULT_EPHEMERAL_GIB)
        return (
            size if isinstance(size, int) and not isinstance(size, bool) else DEFAULT_EPHEMERAL_GIB
        )


def looks_like_task_definition(data: Any) -> bool:
    """A mapping with containerDefinitions, bare or inside describe's ``taskDefinition``."""
    if isinstance(data, dict):
        if "containerDefinitions" in data:
            return True
        inner = data.get(WRAPPER)
        return isinstance(inner, dict) and "containerDefinitions" in inner
    return False


def load_task_definitions(path: str | Path) -> list[TaskDefinition]:
    """Every task definition in a file; none at all is an input error."""
    return task_definitions_from_documents(list(iter_json_or_yaml(path)), str(path))


def task_definitions_from_documents(docs: list[Document], file: str) -> list[TaskDefinition]:
    docs = non_empty(docs)
    if not docs:
        raise InputError.one("file is empty: expected an ECS task definition", file, 1, 1)
    out: list[TaskDefinition] = []
    for doc in docs:
        if isinstance(doc.data, list):
            for i, item in enumerate(doc.data):
                out.append(_task_definition(doc, (i,), item))
        else:
            out.append(_task_definition(doc, (), doc.data))
    return out


def _task_definition(doc: Document, prefix: PathKey, data: Any) -> TaskDefinition:
    if isinstance(data, dict) and WRAPPER in data and "containerDefinitions" not in data:
        prefix, data = (*prefix, WRAPPER), data[WRAPPER]
    if not isinstance(data, dict) or "containerDefinitions" not in data:
        raise InputError(
            [
                doc.problem(
                    prefix,
                    "not an ECS task definition: expected "
                    "containerDefinitions (register-task-definition input) or "
                    "a taskDefinition key (describe-task-definition output)",
                    "",
                )
            ]
        )
    problems: list[Problem] = []

    def bad(path: PathKey, message: str) -> None:
        problems.append(doc.problem((*prefix, *path), message))

    family = data.get("family")
    if not isinstance(family, str) or not family:
        bad(("family",), "required: the task definition family (a non-empty string)")
        family = ""
    for key, parse in (("cpu", parse_ecs_cpu), ("memory", parse_ecs_memory)):
        if data.get(key) is not None:
            try:
                parse(data[key])
            except UnitError as exc:
                bad((key,), str(exc))
    for key in ("runtimePlatform", "ephemeralStorage"):
        if key in data and not isinstance(data[key], dict):
            bad((key,), f"must be a mapping, not {kind_of(data[key])}")
    size = (
        (data.get("ephemeralStorage") or {}).get("sizeInGiB")
        if isinstance(data.get("ephemeralStorage"), dict)
        else None
    )
    if size is not None and (isinstance(size, bool) or not isinstance(size, int)):
        bad(("ephemeralStorage", "sizeInGiB"), f"must be a whole number of GiB, not {size!r}")
    containers = data["containerDefinitions"]
    if not isinstance(containers, list):
        bad(("containerDefinitions",), f"must be a list, not {kind_of(containers)}")
    elif not containers:
        bad(("containerDefinitions",), "must hold at least one container")
    else:
        for i, container in enumerate(containers):
            here = ("containerDefinitions", i)
            if not isinstance(container, dict):
                bad(here, f"a container definition must be a mapping, not {kind_of(container)}")
                continue
            if not isinstance(container.get("name"), str):
                bad((*here, "name"), "required: the container's name")
            for key in CONTAINER_INTS:
                value = container.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    bad((*here, key), f"must be a whole number, not {value!r}")
    if problems:
        raise InputError(problems)
    return TaskDefinition(doc.file, doc.where(prefix)[0], family, data, doc, prefix)
