"""Safe YAML/JSON loading that remembers where every value came from.

Every command reads user files through here, so every error can name a file, line and column.
PyYAML's libyaml parser does the parsing (fast: ``check`` reads thousands of manifests); we add
what it lacks for untrusted input:

* a nesting limit, checked on the event stream *before* composing (the composer recurses, so a
  file of 100,000 ``[`` would otherwise blow the stack);
* an expansion budget: aliases are followed while positions are indexed, and a document whose
  aliases would add more than :data:`MAX_ALIAS_VALUES` values (a "billion laughs" alias bomb)
  is refused at once. Only values reached *through an alias* count: a long file of plain values
  (13,000 services) is bounded by the size limit, not refused as a bomb;
* duplicate keys, at any depth: YAML (and PyYAML) would keep the last one without a word, so a
  second ``port:`` or ``services:`` silently replaced the first. Keys are compared as the values
  they load as (``yes`` and ``true``, ``1`` and ``0x1`` are the same key);
* a size limit on the file itself, and the line and column of the first byte that is not UTF-8.

Plain scalars that YAML 1.1 turned into something other than text (``0123`` -> 83, ``1.30`` ->
1.3, ``on``/``no`` -> booleans) keep their source text in :attr:`Document.raw`, so an error can
say what YAML did with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import SHOWN_CHARACTERS, InputError, Problem, shown

try:  # libyaml is in PyYAML's wheels; the pure-Python parser is only a fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64
MAX_ALIAS_VALUES = 200_000  # values an alias adds (each re-visit of an anchored value counts)
MAX_BYTES = 16 * 1024 * 1024
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"

PathKey = tuple[str | int, ...]


class _SyntaxError(InputError):
    """YAML could not parse the text (as opposed to a budget or limit refusing it)."""


@dataclass
class Document:
    """One YAML document: its plain data and the line/column of every value in it."""

    data: Any
    file: str
    index: int = 0
    line: int = 1
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)  # source text of coerced plain scalars

    def where(self, path: PathKey) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest parent."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (self.line, 1))

    def problem(self, path: PathKey, message: str, field_name: str | None = None) -> Problem:
        line, column = self.where(path)
        return Problem(
            message, self.file, line, column, field_name if field_name is not None else dotted(path)
        )

    def sub(self, prefix: PathKey, data: Any) -> Document:
        """A view of the value at ``prefix`` as a document of its own (positions re-rooted)."""
        n, prefix = len(prefix), tuple(prefix)
        positions = {k[n:]: v for k, v in self.positions.items() if k[:n] == prefix}
        raw = {k[n:]: v for k, v in self.raw.items() if k[:n] == prefix}
        line = positions.get((), (self.line, 1))[0]
        return Document(data, self.file, self.index, line, positions, raw)


def dotted(path: PathKey) -> str:
    """``("ecs", "clusters", 0, "name")`` -> ``ecs.clusters[0].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            if len(text) > SHOWN_CHARACTERS:  # a pasted 1 MB key is not echoed whole either
                text = f"{text[: SHOWN_CHARACTERS // 2]}…({len(text)} characters)"
            out += ("." if out else "") + text
    return out


def read_text(path: str | Path) -> str:
    """Read a user file, turning every OS-level failure into an :class:`InputError`."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError.one("is a directory, not a file", name)
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError.one(f"file is {size} bytes, larger than the {MAX_BYTES} allowed", name)
        return decode_utf8(p.read_bytes(), name)
    except FileNotFoundError:
        raise InputError.one("no such file", name) from None
    except PermissionError:
        raise InputError.one("permission denied", name) from None
    except IsADirectoryError:
        raise InputError.one("is a directory, not a file", name) from None
    except OSError as exc:
        raise InputError.one(f"cannot read: {exc.strerror or exc}", name) from None


def decode_utf8(data: bytes, name: str) -> str:
    """The text of a file, or an error at the line and column of the first byte that is not
    UTF-8 (columns count characters, as the YAML parser's do)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        hint = "UTF-16 text: save it as UTF-8" if utf16 else "save the file as UTF-8"
        raise InputError.one(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason}); {hint}",
            name,
            line,
            column,
        ) from None


def load_documents(path: str | Path, text: str | None = None) -> list[Document]:
    """All documents of a YAML (or JSON) file, empty documents dropped."""
    name = str(path)
    if text is None:
        text = read_text(path)
    _check_structure(text, name)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name) from None
    docs: list[Document] = []
    duplicates: list[Problem] = []
    for i, node in enumerate(nodes):
        if node is None:
            continue
        positions: dict[PathKey, tuple[int, int]] = {}
        raw: dict[PathKey, str] = {}
        duplicates += _index(node, positions, raw, name)
        if duplicates:
            continue  # reported together below, for every document of the file
        try:
            loader = _Loader("")
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, name) from None
        except (TypeError, ValueError) as exc:  # e.g. an unhashable key such as a list
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError.one(f"invalid YAML: {exc}", name, line, col) from None
        docs.append(Document(data, name, i, node.start_mark.line + 1, positions, raw))
    if duplicates:
        raise InputError(duplicates)
    return docs


def load_one(path: str | Path, text: str | None = None) -> Document:
    """The single document of a file; an empty file or several documents is an error."""
    docs = load_documents(path, text)
    if not docs:
        raise InputError.one("file is empty: expected a YAML mapping", str(path), 1, 1)
    if len(docs) > 1:
        raise InputError.one(
            "expected one YAML document, found several", str(path), docs[1].line, 1
        )
    return docs[0]


def _check_structure(text: str, name: str) -> None:
    """Refuse absurd nesting on the (iterative) event stream, before the recursive composer."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark  # the parser marks every event it makes
                    raise InputError.one(
                        f"nesting deeper than {MAX_DEPTH} levels is refused",
                        name,
                        mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name) from None


def _index(
    root: yaml.Node,
    out: dict[PathKey, tuple[int, int]],
    raw: dict[PathKey, str],
    name: str,
) -> list[Problem]:
    """Record the position of every value (and the source text of coerced plain scalars),
    following aliases within :data:`MAX_ALIAS_VALUES`; return the duplicate keys found.

    A node met a second time was reached through an alias: that visit, and every value below
    it, is an expansion and counts against the budget. Each mapping is checked for duplicates
    once, at its first visit (its keys are the same wherever an alias repeats it)."""
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    visited: set[int] = set()
    expanded = 0
    duplicates: list[Problem] = []
    while stack:
        node, here = stack.pop()
        first = id(node) not in visited
        if first:
            visited.add(id(node))
        else:
            expanded += 1
            if expanded > MAX_ALIAS_VALUES:
                line, column = out.get(here[:-1], (root.start_mark.line + 1, 1))
                raise InputError.one(
                    f"aliases expand the document by more than {MAX_ALIAS_VALUES} values "
                    "(an alias bomb?)",
                    name,
                    line,
                    column,
                    dotted(here),
                )
        out.setdefault(here, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.tag != _STR_TAG:  # plain: None, or '' from libyaml
                raw.setdefault(here, node.value)
        elif isinstance(node, yaml.MappingNode):
            keys: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    stack.append((value_node, here))
                    continue
                if key_node.tag == _MERGE_TAG:
                    stack.append((value_node, here))  # merged keys live at this level
                    continue
                key: str | int = key_node.value
                stack.append((value_node, (*here, key)))
                # the key's own place, for "unknown key" errors
                out.setdefault((*here, key, "<key>"), _mark(key_node))
                if first:
                    problem = _duplicate(keys, key_node, (*here, key), name)
                    if problem is not None:
                        duplicates.append(problem)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, (*here, i)))
    return sorted(duplicates, key=lambda p: (p.line or 0, p.column or 0))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _duplicate(
    keys: dict[Any, yaml.Node], key_node: yaml.ScalarNode, path: PathKey, name: str
) -> Problem | None:
    """A problem when this key was already in the mapping (compared as the value it loads as:
    ``yes`` and ``true`` collide in the loaded data just as two ``port`` keys do)."""
    value: Any = key_node.value
    if key_node.tag != _STR_TAG:
        try:
            value = _Loader("").construct_object(key_node)
            hash(value)
        except (yaml.YAMLError, TypeError, ValueError):
            return None  # not a key we can compare: construction reports it
    before = keys.get(value)
    if before is None:
        keys[value] = key_node
        return None
    line, column = _mark(key_node)
    first_line, first_column = _mark(before)
    first = f"line {first_line}" + (f", column {first_column}" if first_line == line else "")
    if before.value != key_node.value:
        first = f"the same key as {shown(before.value)} at {first}"
    else:
        first = f"first at {first}"
    return Problem(
        f"duplicate key {shown(key_node.value)} ({first}): YAML would keep only the last "
        "one and silently drop the other; remove or rename one",
        name,
        line,
        column,
        dotted(path),
    )


def _yaml_error(exc: yaml.YAMLError, name: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if mark is not None:
        return _SyntaxError([Problem(message, name, mark.line + 1, mark.column + 1)])
    return _SyntaxError([Problem(message, name)])


def iter_json_or_yaml(path: str | Path) -> Iterator[Document]:
    """Documents of a ``.json`` or YAML file. JSON goes through the YAML parser (JSON is YAML)
    so its values get positions too. Strict JSON decoding is the fallback only for JSON text
    that YAML 1.1 cannot parse; the nesting and alias budgets are never bypassed, since the
    fallback runs only after the nesting check has passed."""
    name = str(path)
    text = read_text(path)
    try:
        yield from load_documents(name, text)
    except _SyntaxError:
        if not name.endswith(".json"):
            raise
        try:
            data = json.loads(text, object_pairs_hook=_json_object)
        except _JsonDuplicate as exc:
            raise InputError.one(
                f"duplicate key {shown(exc.key)} in one JSON object: JSON decoders keep only "
                "the last one, so remove or rename one",
                name,
            ) from None
        except json.JSONDecodeError as exc:
            raise InputError.one(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
        except RecursionError:  # pragma: no cover - the nesting check ran first
            raise InputError.one(
                f"nesting deeper than {MAX_DEPTH} levels is refused", name
            ) from None
        yield Document(data, name)


class _JsonDuplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook: an object that sets a key twice is refused, not flattened."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonDuplicate(key)
        out[key] = value
    return out
