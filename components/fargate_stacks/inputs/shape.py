"""How to name the type of a value in an error message, the way YAML authors think of it, and
which documents of a file hold anything at all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..yamlsource import Document

_NAMES: dict[type, str] = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "empty",
}


def kind_of(value: Any) -> str:
    """``[]`` -> 'a list'; used in 'must be a mapping, not a list'."""
    return _NAMES.get(type(value), "a value")


def non_empty(docs: Iterable[Document]) -> list[Document]:
    """The documents that hold something. Helm and kustomize output routinely has a leading or
    trailing ``---`` and comment-only documents; kubectl skips them, and so do we."""
    return [doc for doc in docs if doc.data is not None]
