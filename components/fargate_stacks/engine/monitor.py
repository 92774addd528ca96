"""A ``MockMonitor`` that records the resource graph and skips the stock monitor's needless work.

The stock :class:`pulumi.runtime.mocks.MockMonitor` turns every request into Python values with
``rpc.deserialize_properties`` and every answer back with ``rpc.serialize_properties`` driven
through ``_sync_await`` on a thread of its own. Our mocks answer with plain JSON data, so the
lean path converts protobuf ``Struct`` values directly (the C ``Struct.update``) and is called
inline on the event loop (see :mod:`.runner`). ``lean=False`` keeps the stock path, so a test
can prove that both report the same resources, inputs and findings.

Only public extension points are used: subclassing ``MockMonitor`` and passing it to
``set_mocks(..., monitor=...)``.
"""

from __future__ import annotations

from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks
from pulumi.runtime.proto import provider_pb2, resource_pb2
from pulumi.runtime.settings import get_project, get_stack

from .graph import CapturedResource, ResourceGraph
from .guard import InputGuard
from .mocks import auto_name

# Pulumi's wire signatures (pulumi/runtime/rpc.py), part of the documented RPC protocol.
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"
OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
STACK_TYPE = "pulumi:pulumi:Stack"


def plain(value: Any, secret: list[bool] | None = None) -> Any:
    """A protobuf ``Struct``/``ListValue``/scalar as plain JSON data.

    Secrets become their value (the mocks and the policies need it, as with the real engine)
    and set ``secret[0]`` when a flag is given, so reports can hide them; resource references
    become their URN; integral numbers become ints (protobuf carries every number as a
    double), so ``desiredCount: 2`` reads as 2.
    """
    if isinstance(value, struct_pb2.Struct):
        if SIG_KEY in value:
            return _special(value, secret)
        return {k: plain(v, secret) for k, v in value.items()}
    if isinstance(value, struct_pb2.ListValue):
        return [plain(v, secret) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _special(value: struct_pb2.Struct, secret: list[bool] | None) -> Any:
    sig = value[SIG_KEY]
    # a Struct is no dict: it has no .get()
    is_secret = sig == SECRET_SIG or (sig == OUTPUT_SIG and "secret" in value and value["secret"])
    if secret is not None and is_secret:
        secret[0] = True
    if sig in (SECRET_SIG, OUTPUT_SIG):
        return plain(value["value"], secret) if "value" in value else None
    if sig == RESOURCE_SIG:
        return value["urn"]
    return {k: plain(v, secret) for k, v in value.items() if k != SIG_KEY}


def plain_inputs(struct: struct_pb2.Struct) -> tuple[dict[str, Any], frozenset[str]]:
    """The inputs as plain data, and the top-level keys whose value holds a secret."""
    inputs: dict[str, Any] = {}
    secret_keys: list[str] = []
    for key, value in struct.items():
        flag = [False]
        inputs[key] = plain(value, flag)
        if flag[0]:
            secret_keys.append(key)
    return inputs, frozenset(secret_keys)


def present(value: Any) -> Any:
    """``value`` without the keys whose value is null, at every depth: what the mocks get from
    the stock path too (``rpc.deserialize_properties`` treats a null as an absent key)."""
    if isinstance(value, dict):
        return {k: present(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [present(v) for v in value]
    return value


def engine_urn(stack: str, project: str, parent: str, type_: str, name: str) -> str:
    """The URN ``pulumi preview`` gives a resource, so findings match the real engine's.

    ``urn:pulumi:<stack>::<project>::<qualified type>::<name>``, where the qualified type is the
    parent's whole qualified type, ``$``, the type; a child of the root stack (or a resource
    without parent) has its bare type. Source: pulumi/pulumi pkg/resource/deploy/deployment.go
    ``generateURN`` ("Skip empty parents and don't use the root stack type; otherwise, use the
    full qualified type") and sdk/go/common/resource/urn.go ``NewURN``. The Python SDK's
    ``MockMonitor.make_urn`` differs: it keeps ``pulumi:pulumi:Stack$`` and only the parent's
    last type.
    """
    parent_type = parent.split("::")[2] if parent else ""
    qualified = type_ if parent_type in ("", STACK_TYPE) else f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def to_struct(data: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(data)
    return out


class CapturingMonitor(MockMonitor):
    """Records every registration into a :class:`ResourceGraph` in O(1) per resource."""

    def __init__(self, mocks: Mocks, lean: bool = True) -> None:
        super().__init__(mocks)
        self.graph = ResourceGraph()
        self.lean = lean
        self.guard = InputGuard(auto_name)  # what the provider and AWS would refuse

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """The engine's URN (:func:`engine_urn`); the stock path and the lean path, the
        ``getResource`` lookups and the graph all use it."""
        return engine_urn(get_stack(), get_project(), parent, type_, name)

    # -- resources
    def RegisterResource(self, request: Any) -> Any:
        if request.type == STACK_TYPE:
            urn = self.make_urn(request.parent, request.type, request.name)
            self.graph.stack_urn = urn
            return resource_pb2.RegisterResourceResponse(urn=urn)
        inputs, secret_keys = plain_inputs(request.object)
        self.guard.check(request.type, request.name, inputs, secret_keys, request.dependencies)
        if self.lean:
            urn = self.make_urn(request.parent, request.type, request.name)
            id_, state = self.mocks.new_resource(
                MockResourceArgs(
                    typ=request.type,
                    name=request.name,
                    inputs=present(inputs),
                    provider=request.provider,
                    resource_id=request.importId,
                    custom=request.custom or False,
                )
            )
            state = state or {}
            self.resources[urn] = MockMonitor.ResourceRegistration(urn, id_ or "", state)
            response = resource_pb2.RegisterResourceResponse(
                urn=urn, id=id_ or "", object=to_struct(state)
            )
        else:
            response = super().RegisterResource(request)
            urn = response.urn
            state = self.resources[urn].state
            id_ = self.resources[urn].id
        parent = request.parent or None
        captured = CapturedResource(
            urn=urn,
            type=request.type,
            name=request.name,
            parent=None if parent == self.graph.stack_urn else parent,
            inputs=inputs,
            secret_inputs=secret_keys,
            secret_outputs=frozenset(request.additionalSecretOutputs),
            outputs=state if self.lean else plain(response.object),
            id=id_ or "",
            custom=bool(request.custom),
            remote=bool(request.remote),
            # the SDK gathers dependencies in sets, so their order follows the hash seed:
            # sorted, every report (and every rule that follows an edge) is the same each run
            dependencies=sorted(request.dependencies),
            property_dependencies={
                k: sorted(v.urns) for k, v in sorted(request.propertyDependencies.items())
            },
            ignore_changes=tuple(request.ignoreChanges),
            replace_on_changes=tuple(request.replaceOnChanges),
        )
        self.graph.add(captured)
        self.guard.record(
            urn, request.type, request.name, inputs, captured.outputs, captured.dependencies
        )
        return response

    # -- invokes
    def Invoke(self, request: Any) -> Any:
        if not self.lean or request.tok == "pulumi:pulumi:getResource":
            return super().Invoke(request)
        result = self.mocks.call(
            MockCallArgs(
                token=request.tok, args=present(plain(request.args)), provider=request.provider
            )
        )
        ret, failures = (result, None) if isinstance(result, dict) else result
        response = resource_pb2.ResourceInvokeResponse(
            failures=[provider_pb2.CheckFailure(property=p, reason=r) for p, r in failures or []]
        )
        # the field is named "return", a Python keyword: its stubs leave it out of __init__
        getattr(response, "return").CopyFrom(to_struct(ret or {}))
        return response
