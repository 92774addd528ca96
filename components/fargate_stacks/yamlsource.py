"""Safe YAML/JSON loading that remembers where every value came from.

Every command reads user files through here, so every error can name a file, line and column.
PyYAML's libyaml parser does the parsing (fast: ``check`` reads thousands of manifests); we add
what it lacks for untrusted input:

* a nesting limit, checked on the event stream *before* composing (the composer recurses, so a
  file of 100,000 ``[`` would otherwise blow the stack);
* an expansion budget: aliases are followed while positions are indexed, and a document that
  would grow past :data:`MAX_NODES` (a "billion laughs" alias bomb) is refused at once;
* a size limit on the file itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

try:  # libyaml is in PyYAML's wheels; the pure-Python parser is only a fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_BYTES = 16 * 1024 * 1024

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
        n = len(prefix)
        positions = {k[n:]: v for k, v in self.positions.items() if k[:n] == tuple(prefix)}
        line = positions.get((), (self.line, 1))[0]
        return Document(data, self.file, self.index, line, positions)


def dotted(path: PathKey) -> str:
    """``("ecs", "clusters", 0, "name")`` -> ``ecs.clusters[0].name``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
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
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.one("no such file", name) from None
    except PermissionError:
        raise InputError.one("permission denied", name) from None
    except UnicodeDecodeError as exc:
        raise InputError.one(f"not UTF-8 text ({exc.reason} at byte {exc.start})", name) from None
    except IsADirectoryError:
        raise InputError.one("is a directory, not a file", name) from None
    except OSError as exc:
        raise InputError.one(f"cannot read: {exc.strerror or exc}", name) from None


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
    for i, node in enumerate(nodes):
        if node is None:
            continue
        positions: dict[PathKey, tuple[int, int]] = {}
        _index(node, (), positions, name)
        try:
            loader = _Loader("")
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, name) from None
        except (TypeError, ValueError) as exc:  # e.g. an unhashable key such as a list
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            raise InputError.one(f"invalid YAML: {exc}", name, line, col) from None
        docs.append(Document(data, name, i, node.start_mark.line + 1, positions))
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


def _index(root: yaml.Node, path: PathKey, out: dict[PathKey, tuple[int, int]], name: str) -> None:
    """Record the position of every value, following aliases within :data:`MAX_NODES`."""
    stack: list[tuple[yaml.Node, PathKey]] = [(root, path)]
    seen = 0
    while stack:
        node, here = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise InputError.one(
                f"document expands to more than {MAX_NODES} values through aliases (alias bomb?)",
                name,
                root.start_mark.line + 1,
                root.start_mark.column + 1,
            )
        out.setdefault(here, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        stack.append((value_node, here))  # merged keys live at this level
                        continue
                    key: str | int = key_node.value
                    stack.append((value_node, (*here, key)))
                    # the key's own place, for "unknown key" errors
                    out.setdefault(
                        (*here, key, "<key>"),
                        (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    )
                else:
                    stack.append((value_node, here))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, (*here, i)))


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
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError.one(f"invalid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
        except RecursionError:  # pragma: no cover - the nesting check ran first
            raise InputError.one(
                f"nesting deeper than {MAX_DEPTH} levels is refused", name
            ) from None
        yield Document(data, name)
