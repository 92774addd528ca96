"""Reading a spec from a stack config or a bare spec file, with every error located.

pydantic reports each problem with a path of camelCase keys; the YAML loader knows the line and
column of every path, so each problem becomes ``file:line:col: field: message``. On top of
pydantic's words: a model validator's :class:`~.located.At` moves the error to the field it is
about; a key renamed in spec 1.0 gets its new name; a value YAML 1.1 turned into a number or a
boolean (``0123`` -> 83, ``on`` -> true) is explained with "quote it"; a long input is shown by
its start and length, never whole.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError, Problem, SpecError, shown
from ..fargate.prices import PriceError
from ..suggest import closest, did_you_mean
from ..yamlsource import Document, PathKey, dotted, load_one
from .checks import stack_problems
from .located import KEY, At
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

    @property
    def prefix(self) -> PathKey:
        """Where the spec sits in its file: under ``config.fargate-stacks:spec`` or at the top."""
        data = self.document.data if self.document is not None else None
        return ("config", CONFIG_KEY) if isinstance(data, dict) and "config" in data else ()

    def places(self) -> dict[tuple[str, str, str], PathKey]:
        """(cluster, name, kind) -> the path of that ECS service (kind ``ECS service``) or EKS
        workload (its kind) in the file."""
        from ..fargate.billing import ECS_SERVICE

        spec, prefix = self.spec, self.prefix
        found: dict[tuple[str, str, str], PathKey] = {}
        for i, cluster in enumerate(spec.ecs.clusters if spec.ecs else []):
            for j, service in enumerate(cluster.services):
                path = (*prefix, "ecs", "clusters", i, "services", j)
                found[(cluster.name, service.name, ECS_SERVICE)] = path
        for i, eks in enumerate(spec.eks.clusters if spec.eks else []):
            for j, workload in enumerate(eks.workloads):
                path = (*prefix, "eks", "clusters", i, "workloads", j)
                found[(eks.name, workload.name, workload.kind)] = path
        return found

    def locate(self, error: PriceError) -> InputError:
        """A price error as a line of this file: at the service or workload it is about, else
        at the file (a system pod, or a table that cannot price the stack at all)."""
        paths = [p for (c, n, _), p in self.places().items() if (c, n) == error.subject]
        if self.document is None or not paths:
            return InputError.one(error.message, self.file)
        return InputError([self.document.problem(paths[0], error.message)])


def stack_name_for(path: str | Path) -> str:
    """``stacks/Pulumi.dev.yaml`` -> ``dev``; a bare ``web.yaml`` -> ``web``."""
    name = Path(path).name
    for suffix in (".yaml", ".yml", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name[len("Pulumi.") :] if name.startswith("Pulumi.") else name


def load_spec(path: str | Path, text: str | None = None) -> LoadedSpec:
    """Load and validate one spec file; raise :class:`SpecError` listing every problem.
    ``text`` is the file's content when it is not read from disk (``diff --base`` reads it from
    git), so errors and relative paths such as ``cost.priceFile`` still start from ``path``."""
    doc = load_one(path, text)
    name = str(path)
    config: dict[str, Any] = {}
    if isinstance(doc.data, dict) and "config" in doc.data:
        raw_config = doc.data["config"]
        if not isinstance(raw_config, dict):
            raise SpecError([doc.problem(("config",), "must be a mapping of config keys")])
        if CONFIG_KEY not in raw_config:
            typo = closest(CONFIG_KEY, [str(k) for k in raw_config])
            if typo is not None:
                raise SpecError(
                    [
                        doc.problem(
                            ("config", typo, KEY),
                            f"no {CONFIG_KEY!r} key (did you mean {CONFIG_KEY!r} for "
                            f"{shown(typo)}?)",
                            f"config.{typo}",
                        )
                    ]
                )
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


def _problems(
    exc: ValidationError, doc: Document, root: type[BaseModel] = StackSpec
) -> list[Problem]:
    """pydantic's errors as located problems; ``root`` is the model the document validates
    against (a stack spec, or another file validated the same way, such as a usage file)."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        raw_loc: tuple[Any, ...] = tuple(err["loc"])
        at_key = False
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, At):
            at_key = bool(error.path) and error.path[-1] == KEY
            raw_loc += error.path[:-1] if at_key else error.path
        loc = _data_path(doc.data, raw_loc, keep_missing=err["type"] == "missing")
        at_key = at_key and loc == raw_loc  # the key is written: point at it
        message = _message(err, doc, loc)
        if err["type"] == "extra_forbidden":
            key = loc[-1]
            message = _unknown_key(str(key), loc[:-1], root)
            problem = doc.problem((*loc, KEY), message, dotted(loc))
        elif at_key:
            problem = doc.problem((*loc, KEY), message, dotted(loc))
        else:
            problem = doc.problem(loc, message, dotted(loc))
        if problem not in problems:
            problems.append(problem)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _unknown_key(key: str, loc: PathKey, root: type[BaseModel] = StackSpec) -> str:
    model = _model_at(loc, root)
    renamed: dict[str, str] = getattr(model, "renamed", {})
    if key in renamed:
        return f"{shown(key)} was renamed in spec 1.0: use {renamed[key]}"
    synonyms: dict[str, str] = getattr(model, "synonyms", {})
    if key in synonyms:
        return (
            f"unknown key {shown(key)} (did you mean {synonyms[key]!r}? spec 1.0 calls it "
            "that in ECS and EKS alike)"
        )
    known = _keys_of(model)
    near = closest(key, [*known, *renamed])
    if near in renamed:  # a typo of an old name: point at the new one
        return (
            f"unknown key {shown(key)} (did you mean {renamed[near]!r}? spec 1.0 renamed "
            f"{near!r} to it)"
        )
    return f"unknown key {shown(key)}" + _suggest(key, known)


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


# pydantic error types that say "not the type expected": where YAML's coercion shows
_TYPE_ERRORS = frozenset(
    {
        "string_type",
        "literal_error",
        "enum",
        "int_type",
        "int_parsing",
        "int_from_float",
        "bool_type",
        "bool_parsing",
        "float_type",
        "dict_type",
        "list_type",
        "model_type",
        "model_attributes_type",
        "union_tag_invalid",
    }
)


def _message(err: ErrorDetails, doc: Document | None = None, loc: PathKey = ()) -> str:
    msg: str = err["msg"]
    value = err.get("input")
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            own = _no_long_input(msg[len(prefix) :], value)  # our own words, as written
            text = doc.raw.get(tuple(loc)) if doc is not None and isinstance(value, bool) else None
            if text is not None and text.lower() not in ("true", "false") and "secrets" not in loc:
                own += f" (YAML read {text} as the boolean {'true' if value else 'false'})"
            return own
    if err["type"] == "missing":
        return "required"
    if err["type"] in _TYPE_ERRORS and doc is not None:
        coerced = _yaml_coercion(doc, loc, value)
        if coerced:
            return coerced
    if err["type"] in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping, not {_kind(value)}"
    if err["type"] == "list_type":
        return f"must be a list, not {_kind(value)}"
    msg = msg[0].lower() + msg[1:] if msg[:1].isupper() and not msg[1:2].isupper() else msg
    return _no_long_input(msg, value)


def _no_long_input(message: str, value: Any) -> str:
    """pydantic's and our messages may quote the input: a long one is shown by its start."""
    if isinstance(value, str) and len(value) > 40:
        for quoted in (repr(value), value):
            message = message.replace(quoted, shown(value))
    return message


def _yaml_coercion(doc: Document, loc: PathKey, value: Any) -> str | None:
    """What YAML 1.1 did to an unquoted scalar, when that is why it has the wrong type."""
    text = doc.raw.get(tuple(loc))
    if text is None or isinstance(value, str):
        return None
    if "secrets" in loc:
        return f"YAML read this unquoted value as {_kind(value)}: quote it"
    if isinstance(value, bool):
        what = f"the boolean {'true' if value else 'false'}"
    elif isinstance(value, (int, float)):
        what = f"the number {value!r}"
    elif value is None:
        what = "empty (null)"
    else:
        return None
    if shown(text) != repr(text):
        return f"YAML read this unquoted value as {what}: quote it to keep it as text"
    return f"YAML read {text} as {what}: quote it ({shown(text)}) to keep it as text"


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


def _keys_of(model: Any) -> list[str]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [info.alias or name for name, info in model.model_fields.items()]
    return []


def _model_at(loc: tuple[Any, ...], root: type[BaseModel] = StackSpec) -> Any:
    """The model (or type) found at ``loc``, walking the model fields from ``root``."""
    model: Any = root
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
                return None
            model = found
        elif typing.get_origin(model) is dict:
            model = typing.get_args(model)[1]
    return _unwrap(model)


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


def validation_problems(
    exc: ValidationError, doc: Document, root: type[BaseModel]
) -> list[Problem]:
    """The spec loader's located errors for another file validated like a spec (its keys in
    camelCase, unknown ones answered with did-you-mean): one machinery, one error style."""
    return _problems(exc, doc, root)
