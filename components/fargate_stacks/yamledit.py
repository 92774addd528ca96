"""Rewrite scalar values of YAML text in place, keeping every other byte as it was.

``size --fit --write`` (Kubernetes manifests) and ``rightsize --write`` (stack files) change a
few ``cpu``/``memory`` values in files people edit by hand. Loading and dumping the YAML would
lose comments, key order, quoting, blank lines and line endings, so nothing is dumped: each
value is found in the composed node graph (PyYAML's pure-Python parser, whose marks are
character offsets into the text), and only its characters are replaced.

What a path means
    A path addresses a value inside one document: mapping keys as strings, sequence positions
    as ints, e.g. ``("spec", "template", "spec", "containers", 0, "resources", "requests",
    "cpu")``. In a file that holds one document (every stack file: :func:`.yamlsource.load_one`
    refuses more) the path starts inside it. In a file of several documents (``---``), the
    first element is the document's index, counted as :attr:`.yamlsource.Document.index`
    counts them (every document, empty ones included), and the rest of the path is inside it.
    Keys merged in with ``<<:`` are found where YAML puts them, at the merging mapping's level.

What the new value means
    ``ScalarEdit.value`` is the new scalar's text. Where the old value was plain, it is written
    plain (so ``1024`` stays a number and ``512Mi`` a string, as YAML resolves plain text);
    where it was quoted, it is written inside the same kind of quotes, escaped as that style
    needs. The edited text is parsed again before it is returned: the tree must be the old one
    with exactly the edited values changed, so a value that YAML would read back as something
    else (a plain ``a: b``, ``#x`` in a flow mapping) is refused rather than written.

What is refused (an :class:`~.errors.InputError` naming file and line)
    a path that is not in the file; a value that is a mapping or a list; an empty (null) value
    or a block scalar (``|``, ``>``), which have no single span of text to swap; a value that
    is reached through a YAML alias or is an anchor other places alias, since changing its text
    would silently change every place that shares it; two different edits of one value. The
    file is also read as :func:`.yamlsource.load_documents` reads it (duplicate keys, nesting
    and alias budgets), so text that every command refuses is not edited either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from .errors import InputError, Problem, shown
from .yamlsource import dotted, load_documents

_MERGE_TAG = "tag:yaml.org,2002:merge"
_PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class ScalarEdit:
    """Set the scalar at ``path`` to ``value`` (see the module docstring for both)."""

    path: tuple[str | int, ...]
    value: str


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    style: str | None  # None (plain), "'" or '"'
    node: yaml.ScalarNode


def apply_edits(text: str, edits: Sequence[ScalarEdit], file: str) -> str:
    """``text`` with each edit's scalar replaced and every other character unchanged."""
    if not edits:
        return text
    load_documents(file, text)  # the checks every reader of user files makes
    try:
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:  # pragma: no cover - load_documents parsed it already
        raise InputError.one(f"invalid YAML: {exc}", file) from None
    incoming = _incoming(roots)
    starts = _scalar_starts(text)
    spans: dict[int, tuple[_Span, ScalarEdit]] = {}
    for edit in edits:
        span = _locate(edit, roots, incoming, starts, file)
        before = spans.get(span.start)
        if before is not None and before[1].value != edit.value:
            raise InputError([_problem(file, span.node, edit.path, "two different edits")])
        spans[span.start] = (span, edit)
    out = text
    for span, edit in sorted(spans.values(), key=lambda pair: pair[0].start, reverse=True):
        out = out[: span.start] + _written(edit.value, span.style) + out[span.end :]
    _verify(text, out, roots, {id(s.node): (s, e) for s, e in spans.values()}, file)
    return out


def write_files(texts: Mapping[str, str]) -> None:
    """Write each file's new text (file name -> text) as all or nothing: every text goes to a
    temporary file beside its file first, then each is moved over its file (``os.replace``,
    atomic on one file system), so a failure while writing leaves every file as it was. The
    text is written as it is (no newline translation: CRLF stays CRLF), a symlink keeps its
    link (the file it points to is replaced) and the file's mode is kept. ``size --fit
    --write`` and ``rightsize --write`` write through here."""
    written: list[tuple[str, str]] = []
    current = ""
    try:
        for current, new in texts.items():
            file = os.path.realpath(current)
            handle, temp = tempfile.mkstemp(
                prefix=".fargate-stacks-", suffix=".tmp", dir=os.path.dirname(file)
            )
            written.append((temp, file))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(new)
            os.chmod(temp, os.stat(file).st_mode & 0o7777)
    except OSError as exc:
        for temp, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise InputError.one(
            f"cannot write: {exc.strerror or exc}; no file was changed", current
        ) from None
    for temp, file in written:
        os.replace(temp, file)


def _problem(file: str, node: yaml.Node, path: _PathKey, message: str) -> Problem:
    return Problem(
        message, file, node.start_mark.line + 1, node.start_mark.column + 1, dotted(path)
    )


def _incoming(roots: list[yaml.Node]) -> dict[int, int]:
    """How many places (mapping values, list items, ``<<:`` merges) hold each node: more than
    one means an anchor that aliases share."""
    counts: dict[int, int] = {}
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                children.append(value)
                if key.tag == _MERGE_TAG and isinstance(value, yaml.SequenceNode):
                    children.extend(value.value)  # each merged mapping is held once more
        elif isinstance(node, yaml.SequenceNode):
            children.extend(node.value)
        for child in children:
            counts[id(child)] = counts.get(id(child), 0) + 1
            stack.append(child)
    return counts


def _scalar_starts(text: str) -> dict[int, tuple[int, str | None]]:
    """End offset -> (start offset, style) of every scalar token. A composed node's start mark
    includes its anchor and tag (``&a !!str "x"``); its end mark is its token's end, so the
    token's own start is looked up by the end."""
    out: dict[int, tuple[int, str | None]] = {}
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.ScalarToken):
            out[token.end_mark.index] = (token.start_mark.index, token.style)
    return out


def _locate(
    edit: ScalarEdit,
    roots: list[yaml.Node],
    incoming: dict[int, int],
    starts: dict[int, tuple[int, str | None]],
    file: str,
) -> _Span:
    path = tuple(edit.path)
    if len(roots) == 1:
        node: yaml.Node = roots[0]
        inner = path
    else:
        if not roots:
            raise InputError.one("file is empty: no value to edit", file, 1, 1, dotted(path))
        first = path[0] if path else None
        if not isinstance(first, int) or isinstance(first, bool) or not 0 <= first < len(roots):
            raise InputError.one(
                f"the file holds {len(roots)} documents: a path starts with the index of "
                "one of them",
                file,
                1,
                1,
                dotted(path),
            )
        node, inner = roots[first], path[1:]
    passed: list[yaml.Node] = []
    for depth, key in enumerate(inner):
        chain = _child(node, key)
        if not chain:
            raise InputError(
                [_problem(file, node, path, f"no value at {dotted(inner[: depth + 1])}")]
            )
        passed += chain
        node = chain[-1]
    shared = [n for n in passed if incoming.get(id(n), 0) > 1]
    if shared:
        what = (
            "is an anchor that aliases also use"
            if shared[-1] is node
            else f"is inside a value that aliases also use (line {shared[0].start_mark.line + 1})"
        )
        raise InputError(
            [
                _problem(
                    file,
                    node,
                    path,
                    f"the value {what}: changing it would change every place that shares "
                    "it; give this place a value of its own",
                )
            ]
        )
    if not isinstance(node, yaml.ScalarNode):
        kind = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
        raise InputError([_problem(file, node, path, f"is {kind}, not a single value")])
    if node.style in ("|", ">"):
        raise InputError(
            [_problem(file, node, path, "a block scalar (| or >) is not edited in place")]
        )
    token = starts.get(node.end_mark.index)
    if token is None or token[0] < node.start_mark.index:
        raise InputError(
            [_problem(file, node, path, "the value is empty: there is no text to replace")]
        )
    return _Span(token[0], node.end_mark.index, token[1], node)


def _child(node: yaml.Node, key: str | int) -> list[yaml.Node]:
    """The nodes a step passes through: the mappings merged in with ``<<:`` that hold the key
    (a key written in the mapping itself wins, then the merged ones in order), then the value.
    Empty when there is no such key or position."""
    if isinstance(node, yaml.SequenceNode):
        if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(node.value):
            return [node.value[key]]
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    merged: list[yaml.Node] = []
    for key_node, value in node.value:
        if key_node.tag == _MERGE_TAG:
            merged.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
        elif isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
            return [value]
    for source in merged:
        found = _child(source, key)
        if found:
            return [source, *found]
    return []


def _written(value: str, style: str | None) -> str:
    """The new value as it is written in the old value's style."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + "".join(_escaped(ch) for ch in value) + '"'
    return value


def _escaped(ch: str) -> str:
    if ch in ('"', "\\"):
        return "\\" + ch
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _verify(
    text: str,
    out: str,
    roots: list[yaml.Node],
    edited: dict[int, tuple[_Span, ScalarEdit]],
    file: str,
) -> None:
    """The edited text must parse to the old tree with exactly the edited values changed; when
    it does not, each edit is tried alone on the original text to name the one YAML misreads."""
    if _same_but_edited(out, roots, edited):
        return
    ordered = sorted(edited.values(), key=lambda pair: pair[0].start)
    span, edit = ordered[0]
    for span_, edit_ in ordered:
        alone = text[: span_.start] + _written(edit_.value, span_.style) + text[span_.end :]
        if not _same_but_edited(alone, roots, {id(span_.node): (span_, edit_)}):
            span, edit = span_, edit_
            break
    how = "plain" if span.style is None else "quoted"
    raise InputError(
        [
            _problem(
                file,
                span.node,
                edit.path,
                f"cannot write {shown(edit.value)} here as a {how} value: YAML would not "
                "read it back as that one value",
            )
        ]
    )


def _same_but_edited(
    out: str, roots: list[yaml.Node], edited: dict[int, tuple[_Span, ScalarEdit]]
) -> bool:
    """Whether ``out`` parses to the tree of ``roots`` with only the edited scalars changed,
    each to its new value in its old style (a plain value must not become empty: null)."""
    try:
        new_roots = list(yaml.compose_all(out, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    if len(new_roots) != len(roots):
        return False
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, yaml.Node]] = list(zip(roots, new_roots, strict=True))
    while stack:
        old, new = stack.pop()
        if id(old) in seen:
            continue
        seen.add(id(old))
        if type(old) is not type(new):
            return False
        if isinstance(old, yaml.ScalarNode) and isinstance(new, yaml.ScalarNode):
            if id(old) in edited:
                value = edited[id(old)][1].value
                if new.value != value or new.style != old.style:
                    return False
                if old.style is None and not value:
                    return False
            elif (old.value, old.tag, old.style) != (new.value, new.tag, new.style):
                return False
        elif len(old.value) != len(new.value):
            return False
        elif isinstance(old, yaml.MappingNode):
            for (old_key, old_value), (new_key, new_value) in zip(
                old.value, new.value, strict=True
            ):
                stack += [(old_key, new_key), (old_value, new_value)]
        else:
            stack += list(zip(old.value, new.value, strict=True))
    return True
