"""Reading untrusted nested data without guarding every access.

Rules read manifests, task definitions and Pulumi props whose fields may be missing, of the
wrong type, or not known yet (during ``pulumi preview`` a computed value is unknown). These
helpers give a rule the value when it is usable and an empty one otherwise, so a rule only ever
reports what it can see. :data:`UNKNOWN` is never equal to a value a rule refuses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


class Unknown:
    """A value Pulumi does not know yet (computed during preview)."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN = Unknown()

# How the Pulumi engine writes unknown values on the wire (pulumi_policy.proxy); part of
# Pulumi's protocol, so kept here as data rather than imported (policies/ imports no Pulumi).
UNKNOWN_SENTINELS = frozenset(
    {
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",  # boolean
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",  # number
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",  # string
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",  # array
        "030794c1-ac77-496b-92df-f27374a8bd58",  # asset
        "e48ece36-62e2-4504-bad9-02848725956a",  # archive
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",  # object
    }
)


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value in UNKNOWN_SENTINELS)


def plain(value: Any) -> Any:
    """A deep copy as plain dicts/lists: unknowns become :data:`UNKNOWN`, whole floats become
    ints (protobuf sends every number as a float) and mapping proxies become dicts."""
    kind = type(value)
    # atoms and known strings (most leaves) are kept without a call per leaf
    if kind is dict:
        return {
            k if type(k) is str else str(k): v
            if (t := type(v)) in _ATOMS or (t is str and v not in UNKNOWN_SENTINELS)
            else plain(v)
            for k, v in value.items()
        }
    if kind is list:
        return [
            v if (t := type(v)) in _ATOMS or (t is str and v not in UNKNOWN_SENTINELS) else plain(v)
            for v in value
        ]
    if kind is str:
        return UNKNOWN if value in UNKNOWN_SENTINELS else value
    if kind in _ATOMS:
        return value
    if kind is float:
        return int(value) if value.is_integer() else value
    if isinstance(value, Mapping):
        target = _proxy_target(value)
        source = target if target is not None else value
        return {str(k): plain(_raw_item(source, k)) for k in source}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        target = _proxy_target(value)
        items = target if target is not None else list(_raw_items(value))
        return [plain(v) for v in items]
    return value


_ATOMS = frozenset({int, bool, type(None)})


def _proxy_target(value: Any) -> Any:
    """The raw container behind a pulumi_policy proxy (reading through the proxy would raise
    on unknowns); None for ordinary containers."""
    if isinstance(value, (dict, list)):
        return None
    try:
        return value["__target"]
    except Exception:  # noqa: BLE001 - anything that is not a proxy
        return None


def _raw_item(mapping: Any, key: Any) -> Any:
    return dict.__getitem__(mapping, key) if isinstance(mapping, dict) else mapping[key]


def _raw_items(seq: Any) -> Any:
    for i in range(len(seq)):
        yield seq[i]


def as_map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) and not is_unknown(value) else None


def as_int(value: Any) -> int | None:
    """An integer written as a number or a numeric string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def is_true(value: Any) -> bool:
    """True only for a real true (``"true"`` strings count, as YAML authors write them)."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def present(value: Any) -> bool:
    """Set to something that matters: not missing, null, false, empty or unknown."""
    if value is None or value is False or is_unknown(value):
        return False
    return not (isinstance(value, (list, dict, str)) and not value)


def json_list(value: Any) -> list[Any] | Unknown | None:
    """``containerDefinitions`` as Pulumi passes it (a JSON string) or already decoded.
    None when it is neither (the rules then have no containers to look at)."""
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            return None
        return plain(decoded) if isinstance(decoded, list) else None
    return None
