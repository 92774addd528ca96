"""The policy pack: the pulumi_policy validate callables with real ResourceValidationArgs and
StackValidationArgs (props wrapped in the SDK's unknown-checking proxy, as the CLI passes them),
run_policies against the pure path, and the pack served over gRPC exactly as
``pulumi preview --policy-pack policypack`` starts it (``python -m pulumi.policy``)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import unknown_checking_proxy

from fargate_stacks.errors import InputError
from fargate_stacks.pack import build_policies, policy_resources, run_policies
from fargate_stacks.policies import RULES, GraphResource, effective_levels, evaluate_graph
from policy_cases import (
    GOOD_DEPLOYMENT,
    GOOD_TASK,
    POD_CASES,
    POD_PASSES,
    TASK_CASES,
    TASK_PASSES,
    make,
    pulumi_task_props,
)
from test_policies import SVC, ecs_stack, eks_stack, urn

REPO = Path(__file__).resolve().parent.parent
TD = "aws:ecs/taskDefinition:TaskDefinition"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
POLICIES = {p.name: p for p in build_policies()}


def validate_resource(resource_type: str, props: dict[str, Any]) -> set[str]:
    """Call every resource policy as the SDK's Analyze does; return the rules that reported."""
    args = ResourceValidationArgs(
        resource_type,
        unknown_checking_proxy(props),
        f"urn:pulumi:dev::p::{resource_type}::r",
        "r",
        PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), []),
        None,
    )
    hit: set[str] = set()
    for name, policy in POLICIES.items():
        if isinstance(policy, ResourceValidationPolicy):

            def report(message: str, urn: str | None = None, name: str = name) -> None:
                hit.add(name)

            policy.validate(args, report)
    return hit


def validate_stack(resources: Sequence[GraphResource]) -> list[tuple[str, str | None]]:
    args = StackValidationArgs(policy_resources(resources))
    hits: list[tuple[str, str | None]] = []
    for name, policy in POLICIES.items():
        if isinstance(policy, StackValidationPolicy):

            def report(message: str, urn: str | None = None, name: str = name) -> None:
                hits.append((name, urn))

            policy.validate(args, report)
    return hits


def validate_alone(resource_type: str, props: dict[str, Any]) -> set[str]:
    """Every policy on a stack of one resource: resource policies, and the stack policies of
    rules that also check single resources (fargate-task-size, fargate-spot-platform...)."""

    alone = [GraphResource(f"urn:pulumi:dev::p::{resource_type}::r", resource_type, "r", props)]
    return validate_resource(resource_type, props) | {n for n, _ in validate_stack(alone)}


def pod_props(mutation) -> tuple[str, dict[str, Any]]:
    obj = make(GOOD_DEPLOYMENT, mutation)
    group = "apps/v1"
    return f"kubernetes:{group}:{obj['kind']}", obj


def test_one_policy_per_rule_with_the_rule_s_level() -> None:
    levels = effective_levels()
    assert list(POLICIES) == list(levels)
    assert all(
        p.enforcement_level is not None and p.enforcement_level.value == levels[n]
        for n, p in POLICIES.items()
    )
    # stack policies: rules that follow links between resources, and rules on pods, Services
    # and Ingresses (whether Fargate runs them is the stack's Fargate profiles' to say)
    resource = {n for n, p in POLICIES.items() if isinstance(p, ResourceValidationPolicy)}
    assert resource == {
        "fargate-network-mode",
        "fargate-unsupported-params",
        "fargate-container-resources",
        "fargate-log-driver",
        "fargate-windows",
        "fargate-profile-selectors",
        "public-ip",
        "efs-transit-encryption",
        "ecs-circuit-breaker",
    }
    assert all(
        isinstance(p, StackValidationPolicy) for n, p in POLICIES.items() if n not in resource
    )


@pytest.mark.parametrize("rule", sorted(TASK_CASES))
def test_task_definition_policies(rule: str) -> None:
    assert validate_alone(TD, pulumi_task_props(make(GOOD_TASK, TASK_CASES[rule]))) == {rule}
    if rule in TASK_PASSES:
        assert validate_alone(TD, pulumi_task_props(make(GOOD_TASK, TASK_PASSES[rule]))) == set()


@pytest.mark.parametrize(
    "rule", sorted(set(POD_CASES) - {"fargate-no-daemonset", "fargate-spot-platform"})
)
def test_kubernetes_policies(rule: str) -> None:
    assert validate_alone(*pod_props(POD_CASES[rule])) == {rule}
    if rule in POD_PASSES:
        assert validate_alone(*pod_props(POD_PASSES[rule])) == set()


def test_clean_resources_pass_every_policy() -> None:
    assert validate_resource(TD, pulumi_task_props(GOOD_TASK)) == set()
    assert validate_alone(*pod_props(None)) == set()


def test_unknown_values_during_preview_do_not_raise() -> None:
    props = pulumi_task_props(make(GOOD_TASK, TASK_CASES["fargate-no-privileged"]))
    props["containerDefinitions"] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # unknown string
    assert validate_resource(TD, props) == set()


def test_stack_policies_report_the_right_resource() -> None:
    hits = validate_stack(ecs_stack(windows=True, target_type="instance"))
    assert sorted(hits) == [
        ("fargate-service-scheduling", urn(SVC, "api")),
        ("fargate-spot-platform", urn(SVC, "api")),
    ]
    assert validate_stack(ecs_stack()) == []
    assert {n for n, _ in validate_stack(eks_stack(public_subnet=True))} == {
        "fargate-no-daemonset",
        "fargate-profile-subnets",
    }
    spot_pod = pod_props(POD_CASES["fargate-spot-platform"])

    assert {n for n, _ in validate_stack([GraphResource("u", spot_pod[0], "s", spot_pod[1])])} == {
        "fargate-spot-platform"
    }
    assert (
        validate_stack(
            [
                GraphResource(
                    "u", *pod_props(POD_PASSES["fargate-pod-platform"])[:1], "s", pod_props(None)[1]
                )
            ]
        )
        == []
    )


def test_run_policies_matches_the_pure_path_and_honours_config() -> None:
    resources = ecs_stack(windows=True, public=True) + eks_stack(public_subnet=True)
    resources[2].props = pulumi_task_props(make(GOOD_TASK, TASK_CASES["image-tag-pinned"]))
    key = lambda f: (f.rule, f.level, f.resource, f.message)  # noqa: E731
    pure = sorted(map(key, evaluate_graph(resources, effective_levels())))
    assert sorted(map(key, run_policies(resources))) == pure
    assert {r for r, *_ in pure} == {
        "fargate-no-daemonset",
        "fargate-profile-subnets",
        "image-tag-pinned",
        "public-ip",
    }
    config = {"public-ip": {"enforcementLevel": "disabled"}, "fargate-no-daemonset": "advisory"}
    found = {f.rule: f.level for f in run_policies(resources, config)}
    assert "public-ip" not in found and found["fargate-no-daemonset"] == "advisory"
    with pytest.raises(InputError, match="did you mean 'public-ip'"):
        build_policies({"public-ipp": "disabled"})


def test_run_policies_normalises_each_resource_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resource policies and the stack policies' index share one subject per resource
    (the pack's normaliser is the only one run_policies calls), with the same findings."""
    import fargate_stacks.pack as pack
    from fargate_stacks.policies import normalize

    resources = ecs_stack(windows=True, public=True) + eks_stack(public_subnet=True)
    expected = sorted(map(str, evaluate_graph(resources, effective_levels())))
    made: list[str] = []

    def counting(resource_type: str, props: Any, urn: str, name: str = "") -> Any:
        made.append(urn)
        return normalize.subject_from_props(resource_type, props, urn, name)

    monkeypatch.setattr(pack, "subject_from_props", counting)
    assert sorted(map(str, run_policies(resources))) == expected
    subjects = [
        r.urn
        for r in resources
        if r.type
        in (
            TD,
            "aws:ecs/service:Service",
            "aws:eks/fargateProfile:FargateProfile",
            "kubernetes:apps/v1:DaemonSet",
            DEPLOYMENT,
        )
    ]
    assert len(subjects) >= 4 and sorted(made) == sorted(subjects)


def test_stack_policies_read_edges_only_of_linked_types() -> None:
    """The CLI path converts only the edges the stack index follows; findings that hang on
    those edges (a profile's public subnet, a service's task definition) are still found."""
    from fargate_stacks.pack import graph_resources
    from fargate_stacks.policies.stack import LINKED_TYPES

    resources = ecs_stack(windows=True) + eks_stack(public_subnet=True)
    role = "aws:iam/role:Role"
    resources.append(
        GraphResource(
            urn(role, "r"),
            role,
            "r",
            {},
            parent=resources[0].urn,
            dependencies=[resources[0].urn],
            property_dependencies={"x": [resources[0].urn]},
        )
    )
    stack = policy_resources(resources)
    lean = graph_resources(stack, LINKED_TYPES)
    full = graph_resources(stack)
    for a, b in zip(lean, full, strict=True):
        assert (a.urn, a.type, a.name, a.props) == (b.urn, b.type, b.name, b.props)
        if a.type in LINKED_TYPES:
            assert (a.dependencies, a.property_dependencies) == (
                b.dependencies,
                b.property_dependencies,
            )
        else:
            assert not a.dependencies and not a.property_dependencies
    assert (full[-1].parent, full[-1].dependencies) == (resources[0].urn, [resources[0].urn])
    assert sorted(
        n for n, _ in validate_stack(ecs_stack(windows=True) + eks_stack(public_subnet=True))
    ) == ["fargate-no-daemonset", "fargate-profile-subnets", "fargate-spot-platform"]


@pytest.mark.parametrize("collecting", [True, False])
def test_run_policies_leaves_the_garbage_collector_as_it_was(collecting: bool) -> None:
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        run_policies(ecs_stack())
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()


@pytest.fixture(scope="module")
def analyzer() -> Iterator[Any]:
    """The pack as the Pulumi CLI runs it: ``python -u -m pulumi.policy <engine> policypack``
    in the repository's virtualenv; it prints its gRPC port and serves the Analyzer API."""
    import grpc
    from pulumi.runtime.proto import analyzer_pb2_grpc

    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", "policypack"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None  # both piped
        port = proc.stdout.readline().strip()
        assert port.isdigit(), proc.stderr.read()
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        yield analyzer_pb2_grpc.AnalyzerStub(channel)
        channel.close()
    finally:
        proc.kill()
        proc.wait()


def _struct(data: Mapping[str, Any]) -> Any:
    from google.protobuf import struct_pb2

    s = struct_pb2.Struct()
    s.update(data)
    return s


def test_pack_over_grpc(analyzer: Any) -> None:
    from google.protobuf import empty_pb2
    from pulumi.runtime.proto import analyzer_pb2 as pb

    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert info.name == "fargate-stacks" and len(info.policies) == len(RULES)
    stack_policies = {p.name for p in info.policies if p.policy_type == pb.POLICY_TYPE_STACK}
    assert stack_policies == {
        n for n, p in POLICIES.items() if isinstance(p, StackValidationPolicy)
    }

    bad = pulumi_task_props(make(GOOD_TASK, TASK_CASES["fargate-network-mode"]))
    request = pb.AnalyzeRequest(type=TD, properties=_struct(bad), urn="urn:x", name="api")
    diagnostics = analyzer.Analyze(request).diagnostics
    assert [(d.policyName, d.enforcementLevel) for d in diagnostics] == [
        ("fargate-network-mode", pb.MANDATORY)
    ]
    assert "awsvpc" in diagnostics[0].message

    # --policy-pack-config arrives through Configure: disabling the rule silences it
    analyzer.Configure(
        pb.ConfigureAnalyzerRequest(
            policyConfig={"fargate-network-mode": pb.PolicyConfig(enforcementLevel=pb.DISABLED)}
        )
    )
    assert list(analyzer.Analyze(request).diagnostics) == []
    privileged = pulumi_task_props(make(GOOD_TASK, TASK_CASES["fargate-no-privileged"]))
    alone = [pb.AnalyzerResource(type=TD, properties=_struct(privileged), urn="urn:x", name="api")]
    stack = analyzer.AnalyzeStack(pb.AnalyzeStackRequest(resources=alone)).diagnostics
    assert [(d.policyName, d.urn) for d in stack] == [("fargate-no-privileged", "urn:x")]

    resources = [
        pb.AnalyzerResource(
            type=r.type,
            properties=_struct(r.props),
            urn=r.urn,
            name=r.name,
            dependencies=r.dependencies,
        )
        for r in ecs_stack(windows=True)
    ]
    stack = analyzer.AnalyzeStack(pb.AnalyzeStackRequest(resources=resources)).diagnostics
    assert [(d.policyName, d.urn) for d in stack] == [("fargate-spot-platform", urn(SVC, "api"))]


def test_pulumi_policy_yaml_uses_the_repo_virtualenv() -> None:
    import yaml

    project = yaml.safe_load((REPO / "policypack" / "PulumiPolicy.yaml").read_text())
    assert project["runtime"] == {
        "name": "python",
        "options": {"toolchain": "pip", "virtualenv": "../.venv"},
    }
    assert (REPO / "policypack" / project["runtime"]["options"]["virtualenv"] / "bin").is_dir()
    assert "build_pack()" in (REPO / "policypack" / "__main__.py").read_text()
    json.dumps(project)  # plain data, nothing YAML-specific
