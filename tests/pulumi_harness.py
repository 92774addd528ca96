"""Run a Pulumi program under mocks and get back every resource it registered.

No AWS and no Pulumi CLI: ``pulumi.runtime.set_mocks`` replaces the engine. The mocks here answer
like AWS would closely enough for components to wire resources together (ids with AWS prefixes,
ARNs, ``arnSuffix`` of load balancers, auto-names with Pulumi's 8-character suffix) and answer
the invokes the components use. ``MockMonitor`` does not tell the mocks a resource's parent or
options, so :class:`RecordingMonitor` captures them from the registration request.

Usage (run each program once per test module, in a module-scoped fixture, to stay fast)::

    from pulumi_harness import run  # tests/ is on sys.path under pytest

    result = run(lambda: build_stack(spec), stack="dev")
    vpc = result.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs["enableDnsHostnames"] is True
    assert result.outputs["vpcId"] == vpc.id

Inputs and outputs use the provider's wire names (camelCase, as in the AWS API), not the
Python SDK's snake_case argument names.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import settings as pulumi_settings

from fargate_stacks.engine.mocks import ACCOUNT, PARTITION, account_invokes, stable_hash
from fargate_stacks.engine.mocks import ID_PREFIXES as ENGINE_ID_PREFIXES

REGION = "us-east-1"


@dataclass
class Recorded:
    """One registered resource: what the program asked for and what the mocks answered."""

    type: str
    name: str
    urn: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    id: str
    parent: str | None  # parent URN (None for children of the stack)
    custom: bool  # False for ComponentResources
    ignore_changes: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    protect: bool = False
    remote: bool = False


@dataclass
class RunResult:
    """Everything a program registered, in registration order, plus its resolved outputs."""

    resources: list[Recorded]
    outputs: dict[str, Any]
    calls: list[tuple[str, dict[str, Any]]]

    def of_type(self, type_: str) -> list[Recorded]:
        return [r for r in self.resources if r.type == type_]

    def one(self, type_: str, name: str | None = None) -> Recorded:
        """The only resource of this type (and logical name, when given); fails otherwise."""
        found = [r for r in self.of_type(type_) if name is None or r.name == name]
        if len(found) != 1:
            names = sorted(r.name for r in self.of_type(type_))
            raise AssertionError(
                f"expected one {type_}{f' named {name!r}' if name else ''}, "
                f"found {len(found)} (names: {names})"
            )
        return found[0]

    def named(self, name: str) -> Recorded:
        found = [r for r in self.resources if r.name == name]
        if len(found) != 1:
            raise AssertionError(f"expected one resource named {name!r}, found {len(found)}")
        return found[0]

    def by_urn(self, urn: str) -> Recorded:
        for r in self.resources:
            if r.urn == urn:
                return r
        raise AssertionError(f"no resource with URN {urn}")

    def children(self, parent: Recorded) -> list[Recorded]:
        return [r for r in self.resources if r.parent == parent.urn]

    @property
    def urns(self) -> set[str]:
        return {r.urn for r in self.resources}

    def types(self) -> set[str]:
        return {r.type for r in self.resources}


# ---------------------------------------------------------------- how the mocks answer

# resource type -> prefix of the id AWS gives it: the engine's table, plus the types the engine
# leaves to moto (which picks their ids there)
ID_PREFIXES: dict[str, str] = {
    **ENGINE_ID_PREFIXES,
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
}

# resource type -> ARN resource part, from the resource's physical name
ARN_TEMPLATES: dict[str, str] = {
    "aws:ecs/cluster:Cluster": "arn:{p}:ecs:{r}:{a}:cluster/{n}",
    "aws:ecs/service:Service": "arn:{p}:ecs:{r}:{a}:service/{n}",
    "aws:ecs/taskDefinition:TaskDefinition": "arn:{p}:ecs:{r}:{a}:task-definition/{n}:1",
    "aws:iam/role:Role": "arn:{p}:iam::{a}:role/{n}",
    "aws:iam/policy:Policy": "arn:{p}:iam::{a}:policy/{n}",
    "aws:cloudwatch/logGroup:LogGroup": "arn:{p}:logs:{r}:{a}:log-group:{n}",
    "aws:lb/loadBalancer:LoadBalancer": "arn:{p}:elasticloadbalancing:{r}:{a}:loadbalancer/app/{n}/{h}",
    "aws:lb/targetGroup:TargetGroup": "arn:{p}:elasticloadbalancing:{r}:{a}:targetgroup/{n}/{h}",
    "aws:lb/listener:Listener": "arn:{p}:elasticloadbalancing:{r}:{a}:listener/app/{n}/{h}",
    "aws:ec2/vpc:Vpc": "arn:{p}:ec2:{r}:{a}:vpc/{i}",
    "aws:ec2/subnet:Subnet": "arn:{p}:ec2:{r}:{a}:subnet/{i}",
    "aws:ec2/securityGroup:SecurityGroup": "arn:{p}:ec2:{r}:{a}:security-group/{i}",
    "aws:efs/fileSystem:FileSystem": "arn:{p}:elasticfilesystem:{r}:{a}:file-system/{i}",
    "aws:efs/accessPoint:AccessPoint": "arn:{p}:elasticfilesystem:{r}:{a}:access-point/{i}",
    "aws:servicediscovery/httpNamespace:HttpNamespace": "arn:{p}:servicediscovery:{r}:{a}:namespace/{i}",
    "aws:appautoscaling/policy:Policy": "arn:{p}:autoscaling:{r}:{a}:scalingPolicy:{h}:resource/ecs/{n}",
    "aws:eks/cluster:Cluster": "arn:{p}:eks:{r}:{a}:cluster/{n}",
}

# resource types whose ``name`` Pulumi auto-generates (logical name + "-" + 7 characters): every
# AWS type without an id prefix, plus these that have both an id and a name
AUTO_NAMED_PREFIXES = ("aws:",)
NAMED_WITH_ID = {"aws:ec2/securityGroup:SecurityGroup"}


class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that answer like AWS (ids, ARNs, auto-names) and remember every call.

    Subclass and extend :attr:`invokes` (token -> handler) for more invokes; unknown invokes
    are recorded in :attr:`calls` and answered with an empty result.
    """

    def __init__(
        self,
        region: str = REGION,
        account: str = ACCOUNT,
        az_count: int = 6,
        vpc_cidr: str = "10.0.0.0/16",
    ) -> None:
        self.region = region
        self.vpc_cidr = vpc_cidr
        self.account = account
        self.zones = [f"{region}{letter}" for letter in "abcdef"[:az_count]]
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.states: dict[tuple[str, str], dict[str, Any]] = {}
        self.invokes: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "aws:index/getAvailabilityZones:getAvailabilityZones": self._zones,
            **account_invokes(region, account),
            "aws:ec2/getVpc:getVpc": lambda a: {
                "id": a.get("id", "vpc-0123456789abcdef0"),
                "cidrBlock": self.vpc_cidr,
                "enableDnsHostnames": True,
                "enableDnsSupport": True,
                "state": "available",
                "arn": f"arn:{PARTITION}:ec2:{self.region}:{self.account}:vpc/{a.get('id')}",
            },
        }

    # -- invokes
    def _zones(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "names": list(self.zones),
            "zoneIds": [f"use1-az{i + 1}" for i in range(len(self.zones))],
            "id": self.region,
            "state": args.get("state", "available"),
        }

    # Pulumi's MockMonitor takes a bare dict (no failures) as well as the (dict, failures) its
    # annotation names
    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        self.calls.append((args.token, dict(args.args)))
        handler = self.invokes.get(args.token)
        return handler(dict(args.args)) if handler else {}

    # -- resources
    def physical_name(self, args: pulumi.runtime.MockResourceArgs) -> str:
        given = args.inputs.get("name") or args.inputs.get("family")
        if isinstance(given, str) and given:
            return given
        prefix = args.inputs.get("namePrefix")
        if isinstance(prefix, str) and prefix:
            return prefix + stable_hash(args.typ, args.name, length=26)
        return f"{args.name}-{stable_hash(args.typ, args.name, length=7)}"

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        outputs = dict(args.inputs)
        if not args.custom:
            return None, outputs
        name = self.physical_name(args)
        h = stable_hash(args.typ, args.name)
        id_ = ID_PREFIXES.get(args.typ, "") + h if args.typ in ID_PREFIXES else name
        if args.resource_id:
            id_ = args.resource_id
        if (
            args.typ.startswith(AUTO_NAMED_PREFIXES)
            and "name" not in outputs
            and (args.typ not in ID_PREFIXES or args.typ in NAMED_WITH_ID)
        ):
            outputs["name"] = name
        template = ARN_TEMPLATES.get(args.typ)
        if template:
            outputs["arn"] = template.format(
                p=PARTITION, r=self.region, a=self.account, n=name, h=h[:16], i=id_
            )
        if args.typ in ("aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup"):
            outputs["arnSuffix"] = outputs["arn"].split(":", 5)[5].removeprefix("loadbalancer/")
        if args.typ == "aws:lb/loadBalancer:LoadBalancer":
            outputs["dnsName"] = f"{name}-{h[:8]}.{self.region}.elb.amazonaws.com"
            outputs["zoneId"] = "Z35SXDOTRQ7X7K"
        if args.typ == "aws:ecs/taskDefinition:TaskDefinition":
            outputs["revision"] = 1
            outputs["arnWithoutRevision"] = outputs["arn"].rsplit(":", 1)[0]
        if args.typ == "aws:ec2/vpc:Vpc":
            outputs.setdefault("defaultSecurityGroupId", "sg-" + stable_hash("default", h))
            outputs.setdefault("mainRouteTableId", "rtb-" + stable_hash("main", h))
        if args.typ == "aws:ec2/subnet:Subnet":
            outputs.setdefault("availabilityZone", self.zones[0])
        if args.typ == "aws:iam/role:Role":
            outputs["uniqueId"] = "AROA" + h.upper()
        if args.typ == "aws:ecs/service:Service":
            outputs["name"] = args.inputs.get("name", name)
        if args.typ == "aws:ecs/cluster:Cluster" and "name" not in args.inputs:
            outputs["name"] = name
        outputs["id"] = id_
        self.states[(args.typ, args.name)] = outputs
        return id_, outputs


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """A MockMonitor that also keeps each registration's parent and options."""

    mocks: RecordingMocks  # the one __init__ hands to MockMonitor

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.recorded: list[Recorded] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        registration = self.resources[response.urn]
        stack_urn = self.make_urn(
            "", "pulumi:pulumi:Stack", f"{pulumi.get_project()}-{pulumi.get_stack()}"
        )
        inputs = self.mocks.states.get((request.type, request.name))
        from pulumi.runtime import rpc

        raw_inputs = rpc.deserialize_properties(request.object)
        self.recorded.append(
            Recorded(
                type=request.type,
                name=request.name,
                urn=response.urn,
                inputs=_plain(raw_inputs),
                outputs=_plain(inputs if inputs is not None else registration.state),
                id=registration.id or "",
                parent=request.parent if request.parent and request.parent != stack_urn else None,
                custom=bool(request.custom),
                ignore_changes=list(request.ignoreChanges),
                dependencies=list(request.dependencies),
                protect=bool(request.protect),
                remote=bool(request.remote),
            )
        )
        return response


def _plain(value: Any) -> Any:
    """Protobuf/containers -> plain dicts and lists (for equality in tests)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def run(
    fn: Callable[[], Any],
    *,
    stack: str = "test",
    project: str = "fargate-stacks",
    config: dict[str, Any] | None = None,
    mocks: RecordingMocks | None = None,
    preview: bool = False,
) -> RunResult:
    """Run ``fn`` as a Pulumi program under mocks; return its resources and resolved outputs.

    ``fn`` may return a dict of outputs (such as ``build_stack``'s), which are resolved into
    :attr:`RunResult.outputs`. Exceptions raised by the program propagate unchanged.
    ``config`` sets stack config such as ``{"aws:region": "eu-west-1"}`` (values that are not
    strings are JSON-encoded, as the CLI does for objects).
    """
    mocks = mocks or RecordingMocks()
    monitor = RecordingMonitor(mocks)
    pulumi_settings.ROOT.set(None)
    pulumi.runtime.set_all_config(
        {k: v if isinstance(v, str) else json.dumps(v) for k, v in (config or {}).items()}
    )
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
    resolved: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        returned = fn()
        if isinstance(returned, dict) and returned:
            return pulumi.Output.all(**returned).apply(resolved.update)
        return None

    program()
    return RunResult(
        resources=list(monitor.recorded), outputs=_plain(resolved), calls=list(mocks.calls)
    )


def iam_actions(document: str | dict[str, Any]) -> set[str]:
    """Every action an IAM policy document allows (a helper for least-privilege asserts)."""
    doc = json.loads(document) if isinstance(document, str) else document
    out: set[str] = set()
    for statement in _as_list(doc.get("Statement")):
        if statement.get("Effect", "Allow") == "Allow":
            out.update(_as_list(statement.get("Action")))
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def names(resources: Iterable[Recorded]) -> list[str]:
    return sorted(r.name for r in resources)
