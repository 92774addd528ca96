"""How to name the type of a value in an error message, the way YAML authors think of it."""

from __future__ import annotations

from typing import Any

_NAMES: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string", int: "a number",
                           float: "a number", bool: "a boolean", type(None): "empty"}


def kind_of(value: Any) -> str:
    """``[]`` -> 'a list'; used in 'must be a mapping, not a list'."""
    return _NAMES.get(type(value), "a value")
