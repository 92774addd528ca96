"""Parsing of CPU and memory as people and AWS write them.

Two families, both exact (Decimal, never float) and never guessing:

* ECS task and container values: CPU units (``"256"``) or vCPU (``"0.25 vCPU"``); memory in MiB
  (``"512"``) or GB (``"2 GB"``, ``"2GB"``, ``"2 GiB"``; AWS's "GB" is 1024 MiB).
* Kubernetes quantities (``250m``, ``1.5``, ``512Mi``, ``1G``, ``1e3``, ``128974848``).

Anything else raises :class:`UnitError`, which callers turn into a located input error.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MIB = 1024 * 1024


class UnitError(ValueError):
    """A value that is not a CPU or memory amount we understand."""


_ECS_CPU = re.compile(
    r"^\s*(?P<num>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>vcpus?|cpus?|units?)?\s*$", re.IGNORECASE
)
_ECS_MEM = re.compile(
    r"^\s*(?P<num>\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>gib|gb|g|mib|mb|m|tib|tb)?\s*$", re.IGNORECASE
)
_MEM_FACTORS_MIB = {
    None: Decimal(1),
    "m": Decimal(1),
    "mb": Decimal(1),
    "mib": Decimal(1),
    "g": Decimal(1024),
    "gb": Decimal(1024),
    "gib": Decimal(1024),
    "tb": Decimal(1024 * 1024),
    "tib": Decimal(1024 * 1024),
}


def _as_text(value: object, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise UnitError(f"{value!r} is not a {what}")
    return str(value)


def _whole(amount: Decimal, original: str, what: str) -> int:
    if amount != amount.to_integral_value():
        raise UnitError(f"{original!r} is not a whole number of {what}")
    return int(amount)


def parse_ecs_cpu(value: object) -> int:
    """ECS CPU in units: ``256``, ``"256"``, ``"0.25 vCPU"``, ``"1 vcpu"`` -> 256 / 1024."""
    text = _as_text(value, "CPU amount")
    match = _ECS_CPU.match(text)
    if not match:
        raise UnitError(
            f"{text!r} is not a CPU amount (write '0.25 vCPU', '1 vCPU' or units such as '256')"
        )
    num = Decimal(match["num"])
    unit = (match["unit"] or "").lower()
    if unit.startswith(("vcpu", "cpu")):
        return _whole(num * 1024, text, "CPU units")
    return _whole(num, text, "CPU units")


def parse_ecs_memory(value: object) -> int:
    """ECS memory in MiB: ``512``, ``"512"``, ``"512 MiB"``, ``"1 GB"``, ``"2GB"``, ``"1GiB"``."""
    text = _as_text(value, "memory amount")
    match = _ECS_MEM.match(text)
    if not match:
        raise UnitError(f"{text!r} is not a memory amount (write '512', '512 MiB' or '2 GB')")
    unit = match["unit"].lower() if match["unit"] else None
    return _whole(Decimal(match["num"]) * _MEM_FACTORS_MIB[unit], text, "MiB")


_K8S = re.compile(r"^(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<suffix>[a-zA-Z]*|[eE][+-]?\d+)$")
_K8S_SUFFIX = {
    "": Decimal(1),
    "m": Decimal("0.001"),
    "u": Decimal("0.000001"),
    "n": Decimal("0.000000001"),
    "k": Decimal(10) ** 3,
    "M": Decimal(10) ** 6,
    "G": Decimal(10) ** 9,
    "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15,
    "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10,
    "Mi": Decimal(2) ** 20,
    "Gi": Decimal(2) ** 30,
    "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50,
    "Ei": Decimal(2) ** 60,
}


def parse_quantity(value: object) -> Decimal:
    """A Kubernetes resource quantity as an exact number (cores for CPU, bytes for memory)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise UnitError(f"{value!r} is not a Kubernetes quantity")
    text = str(value).strip()
    match = _K8S.match(text)
    if not match:
        raise UnitError(f"{text!r} is not a Kubernetes quantity (such as 250m, 0.5, 512Mi, 1G)")
    suffix = match["suffix"]
    try:
        number = Decimal(match["num"])
        if suffix[:1] in ("e", "E") and suffix[1:].lstrip("+-").isdigit():
            amount = number * (Decimal(10) ** int(suffix[1:]))
        elif suffix in _K8S_SUFFIX:
            amount = number * _K8S_SUFFIX[suffix]
        else:
            raise UnitError(
                f"{text!r} has an unknown suffix {suffix!r} "
                "(use m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent)"
            )
    except InvalidOperation:
        raise UnitError(f"{text!r} is not a Kubernetes quantity") from None
    if amount < 0:
        raise UnitError(f"{text!r} is negative")
    return amount


def cpu_quantity_to_units(value: object) -> Decimal:
    """Kubernetes CPU quantity -> ECS-style CPU units (1 core = 1024), exact."""
    return parse_quantity(value) * 1024


def memory_quantity_to_mib(value: object) -> Decimal:
    """Kubernetes memory quantity -> MiB, exact (may be fractional)."""
    return parse_quantity(value) / MIB


# Writing quantities back (``size --fit``): in the notation the manifest already used, so a diff
# reads ``8Gi`` -> ``7.75Gi``, not ``8Gi`` -> ``8321499136``.
_SMALLER_UNIT = {"Ei": "Pi", "Pi": "Ti", "Ti": "Gi", "Gi": "Mi", "Mi": "Ki", "Ki": ""}
_SMALLER_UNIT |= {"E": "P", "P": "T", "T": "G", "G": "M", "M": "k", "k": ""}


def _plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 7.750 -> '7.75', 8E+0 -> '8'."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def cpu_like(old: object, units: Decimal) -> str:
    """CPU units as a Kubernetes quantity written like ``old``: millicores (``750m``) when
    ``old`` was, else cores (``1``, ``0.75``). Kubernetes keeps CPU to the millicore, so the
    amount is rounded down to a whole millicore (never above what was asked)."""
    millicores = (units * 1000 / 1024).to_integral_value(rounding="ROUND_FLOOR")
    if isinstance(old, str) and old.strip().endswith("m"):
        return f"{millicores}m"
    return _plain(millicores / 1000)


def memory_like(old: object, mib: Decimal) -> str:
    """MiB as a Kubernetes quantity written like ``old``: in its suffix when that is a whole
    number, or one or more with at most three decimals, of whole bytes (``7.75Gi``), else in the
    next smaller unit of the same family, rounded down to a whole one (``768Mi``, ``7900Mi``,
    ``8321M``); a plain number of bytes stays one. Rounding down keeps the amount at or under the fit it was computed for."""
    match = _K8S.match(str(old).strip())
    suffix = match["suffix"] if match and match["suffix"] in _K8S_SUFFIX else ""
    amount = mib * MIB
    value = amount / _K8S_SUFFIX[suffix]
    exact = amount == amount.to_integral_value()
    if exact and (value == value.to_integral_value() or (value >= 1 and value * 1000 % 1 == 0)):
        return _plain(value) + suffix
    smaller = _SMALLER_UNIT.get(suffix, "")
    whole = (amount / _K8S_SUFFIX[smaller]).to_integral_value(rounding="ROUND_FLOOR")
    return _plain(whole) + smaller
