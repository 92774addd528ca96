"""Values computed from what the provider reports, safe under any mocks.

A real provider reports every output of a resource (``dnsName``, ``arn``, the cluster's OIDC
issuer) and every invoke's result (the region, the zones). The mocks users write for their own
unit tests (``pulumi.runtime.set_mocks`` with a ``new_resource`` that returns the inputs and a
``call`` that returns ``{}``, Pulumi's documented example) report none of that: those outputs
resolve to ``None``. ``Output.concat`` and a lifted ``output[0]`` or ``output.attr`` then raise
inside the SDK, and the user's test fails on our code, not theirs.

So a value derived from reported outputs goes through :func:`known`: it is computed once every
part is reported and is ``None`` (not reported either) when a part is missing. With the real
engine every part is there and the value is exactly what the plain expression gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import pulumi

T = TypeVar("T")


def known(fn: Callable[..., T], *parts: pulumi.Input[Any]) -> pulumi.Output[T]:
    """``fn(*parts)`` once every part is resolved, ``None`` when any part is ``None``.

    Typed ``Output[T]`` as the SDK types every provider output that mocks leave ``None``."""

    if len(parts) == 1:
        # one part: applied on the output itself, which keeps its typed value (an
        # ``Output.all`` hands output types such as ``ClusterCertificateAuthority`` over as dicts)
        (part,) = parts
        output = part if isinstance(part, pulumi.Output) else pulumi.Output.from_input(part)
        return output.apply(lambda value: cast(T, None) if value is None else fn(value))

    def compute(values: list[Any]) -> T:
        if any(value is None for value in values):
            return cast(T, None)
        return fn(*values)

    return pulumi.Output.all(*parts).apply(compute)


def concat(*parts: pulumi.Input[str]) -> pulumi.Output[str]:
    """``Output.concat`` that is ``None`` instead of raising when a part is not reported."""
    return known(lambda *values: "".join(values), *parts)


def element(values: pulumi.Input[Sequence[T]], index: int, what: str) -> pulumi.Output[T]:
    """``values[index]``, ``None`` when the list is not reported; a list the provider did
    report but that is too short is a real problem (a region with fewer zones than asked for),
    so it raises, naming ``what``."""

    def pick(items: Sequence[T]) -> T:
        if index >= len(items):
            raise ValueError(f"{what}: {len(items)} reported, item {index + 1} needed")
        return items[index]

    return known(pick, values)
