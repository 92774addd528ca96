"""Reading a spec from a stack config or a bare spec file, with every error located.

pydantic reports each problem with a path of camelCase keys; the YAML loader knows the line and
column of every path, so each problem becomes ``file:line:col: field: message``.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, SpecError
from ..suggest import did_you_mean
from ..yamlsource import Document, PathKey, dotted, load_one
from .checks import stack_problems
from .models import StackSpec

CONFIG_KEY = "fargate-stacks:spec"


@dataclass
class LoadedSpec:
    """A validated spec with where it came from and the rest of the stack's config."""

    spec: StackSpec
    file: str
    stack: str
    config: dict[str, Any] = field(default_factory=dict)  # other keys, such as aws:region
    document: Document | None = None

    @property
    def region(self) -> str:
        return str(self.config.get("aws:region", "us-east-1"))

    @property
    def price_file(self) -> str | None:
        """``cost.priceFile``, relative to the spec file (not to wherever a command runs)."""
        given = self.spec.cost.price_file
        return None if given is None else str(Path(self.file).parent / given)


def stack_name_for(path: str | Path) -> str:
    """``stacks/Pulumi.dev.yaml`` -> ``dev``; a bare ``web.yaml`` -> ``web``."""
    name = Path(path).name
    for suffix in (".yaml", ".yml", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name[len("Pulumi.") :] if name.startswith("Pulumi.") else name


def load_spec(path: str | Path) -> LoadedSpec:
    """Load and validate one spec file; raise :class:`SpecError` listing every problem."""
    doc = load_one(path)
    name = str(path)
    config: dict[str, Any] = {}
    if isinstance(doc.data, dict) and "config" in doc.data:
        raw_config = doc.data["config"]
        if not isinstance(raw_config, dict):
            raise SpecError([doc.problem(("config",), "must be a mapping of config keys")])
        if CONFIG_KEY not in raw_config:
            raise SpecError(
                [doc.problem(("config",), f"no {CONFIG_KEY!r} key: put the stack spec under it")]
            )
        config = {k: v for k, v in raw_config.items() if k != CONFIG_KEY}
        spec_doc = doc.sub(("config", CONFIG_KEY), raw_config[CONFIG_KEY])
        prefix: PathKey = ("config", CONFIG_KEY)
    else:
        spec_doc, prefix = doc, ()
    spec = spec_from_data(spec_doc.data, spec_doc, name, prefix)
    return LoadedSpec(spec, name, stack_name_for(path), config, doc)


def spec_from_data(
    data: Any, doc: Document | None = None, file: str | None = None, prefix: PathKey = ()
) -> StackSpec:
    """Validate plain data as a :class:`StackSpec` (for the Pulumi program, which gets the spec
    from config rather than a file). Errors are located when ``doc`` is given."""
    doc = doc or Document(data, file or "<spec>")
    if not isinstance(data, dict):
        raise SpecError(
            [doc.problem((), "the spec must be a mapping (network, ecs, eks, ...)", "")]
        )
    try:
        spec = StackSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_problems(exc, doc)) from None
    problems = stack_problems(spec)
    if problems:
        raise SpecError([doc.problem(_parse_path(p), m, p) for p, m in problems])
    return spec


def _problems(exc: ValidationError, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _data_path(doc.data, err["loc"], keep_missing=err["type"] == "missing")
        message = _message(err)
        if err["type"] == "extra_forbidden":
            key = loc[-1]
            message = f"unknown key {key!r}" + _suggest(str(key), _known_keys(loc[:-1]))
            problem = doc.problem((*loc, "<key>"), message, dotted(loc))
        else:
            problem = doc.problem(loc, message, dotted(loc))
        if problem not in problems:
            problems.append(problem)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _data_path(data: Any, loc: tuple[Any, ...], keep_missing: bool) -> PathKey:
    """The error's location as a path in the data. pydantic also puts the union member it tried
    into ``loc`` (``'function-after[...]'``, ``'int'``); those parts are not in the data, so
    walking the data tells them apart from real keys, whatever the keys look like."""
    path: list[str | int] = []
    here = data
    for i, part in enumerate(loc):
        if (isinstance(here, dict) and part in here) or (
            isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)
        ):
            here = here[part]
        elif keep_missing and i == len(loc) - 1 and isinstance(here, dict):
            pass  # a missing key: keep it, it names the field
        else:
            continue
        path.append(part)
    return tuple(path)


def _message(err: ErrorDetails) -> str:
    msg: str = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]  # our own words, as written
    if err["type"] == "missing":
        return "required"
    if err["type"] in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping, not {_kind(err.get('input'))}"
    if err["type"] == "list_type":
        return f"must be a list, not {_kind(err.get('input'))}"
    return msg[0].lower() + msg[1:] if msg[:1].isupper() and not msg[1:2].isupper() else msg


def _kind(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        type(None): "empty",
    }.get(type(value), "a value")


def _suggest(key: str, known: list[str]) -> str:
    hint = did_you_mean(key, known)
    if hint or not known or len(known) > 12:
        return hint
    return f" (known keys: {', '.join(known)})"


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """The camelCase keys allowed by the model found at ``loc``."""
    model: Any = StackSpec
    for part in loc:
        model = _unwrap(model)
        if isinstance(part, int):
            args = typing.get_args(model)
            model = args[0] if args else model
            continue
        if isinstance(model, type) and issubclass(model, BaseModel):
            found = None
            for name, info in model.model_fields.items():
                if part in (name, info.alias):
                    found = info.annotation
            if found is None:
                return []
            model = found
        elif typing.get_origin(model) is dict:
            model = typing.get_args(model)[1]
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional/Annotated/list wrappers down to the model inside."""
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = members[0] if len(members) == 1 else tp
            if len(members) != 1:
                return tp
        elif origin is list:
            return tp
        else:
            return tp
    return tp


def _parse_path(text: str) -> PathKey:
    """``ecs.clusters[0].name`` -> ``("ecs", "clusters", 0, "name")``."""
    out: list[str | int] = []
    for part in text.replace("]", "").split("."):
        head, *indexes = part.split("[")
        if head:
            out.append(head)
        out.extend(int(i) for i in indexes)
    return tuple(out)
