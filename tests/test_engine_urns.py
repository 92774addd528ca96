"""The offline engine reports URNs in the form ``pulumi preview`` prints, so a finding can be
matched with the real preview.

Expected URNs are written by hand from Pulumi's definition, not computed: pulumi/pulumi
pkg/resource/deploy/deployment.go ``generateURN`` uses the parent's *whole* qualified type and
skips the root stack's type; sdk/go/common/resource/urn.go ``NewURN`` joins
``urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>``. The Python SDK's mocks would
give ``pulumi:pulumi:Stack$aws:ec2/vpc:Vpc`` and only the immediate parent's type.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from fargate_stacks.engine import run_program
from fargate_stacks.engine.monitor import engine_urn

PREFIX = "urn:pulumi:dev::proj::"


class Component(pulumi.ComponentResource):
    def __init__(self, token: str, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(token, name, None, opts)
        self.register_outputs({})


def nested() -> dict[str, Any]:
    a = Component("fs:index:A", "a")
    b = Component("fs:index:B", "b", pulumi.ResourceOptions(parent=a))
    c = aws.ec2.Vpc("c", cidr_block="10.1.0.0/16", opts=pulumi.ResourceOptions(parent=b))
    top = aws.ec2.Vpc("top", cidr_block="10.2.0.0/16")
    return {"c": c.urn, "top": top.urn}


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "stock"])
def test_urns_carry_the_whole_parent_chain_and_no_stack_type(lean: bool) -> None:
    result = run_program(nested, project="proj", stack="dev", lean=lean)
    urns = {r.name: r.urn for r in result.resources}
    assert urns == {
        "a": PREFIX + "fs:index:A::a",
        "b": PREFIX + "fs:index:A$fs:index:B::b",
        "c": PREFIX + "fs:index:A$fs:index:B$aws:ec2/vpc:Vpc::c",
        "top": PREFIX + "aws:ec2/vpc:Vpc::top",
    }
    assert result.graph.stack_urn == PREFIX + "pulumi:pulumi:Stack::proj-dev"
    # what the program itself sees (resource.urn) is the same URN
    assert result.outputs == {"c": urns["c"], "top": urns["top"]}
    parents = {r.name: r.parent for r in result.resources}
    assert parents == {"a": None, "b": urns["a"], "c": urns["b"], "top": None}


def test_a_component_stack_reports_findings_under_engine_urns() -> None:
    """A real stack: every URN parses as the engine's, and a service's URN names its chain."""
    from fargate_stacks.engine import preview_stack

    result = preview_stack("stacks/Pulumi.dev.yaml")
    for resource in result.resources:
        qualified = resource.urn.split("::")[2]
        assert not qualified.startswith("pulumi:pulumi:Stack"), resource.urn
        assert qualified.endswith(resource.type)
    service = next(r for r in result.resources if r.type == "aws:ecs/service:Service")
    assert service.urn == (
        "urn:pulumi:dev::fargate-stacks::fargate-stacks:ecs:EcsFargateCluster"
        "$fargate-stacks:ecs:EcsFargateService$aws:ecs/service:Service::" + service.name
    )


@pytest.mark.parametrize(
    ("parent", "expected"),
    [
        ("", "aws:s3/bucket:Bucket"),
        ("urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "aws:s3/bucket:Bucket"),
        ("urn:pulumi:s::p::my:mod:C::c", "my:mod:C$aws:s3/bucket:Bucket"),
        ("urn:pulumi:s::p::my:mod:C$my:mod:D::d", "my:mod:C$my:mod:D$aws:s3/bucket:Bucket"),
    ],
)
def test_engine_urn_follows_new_urn(parent: str, expected: str) -> None:
    assert engine_urn("s", "p", parent, "aws:s3/bucket:Bucket", "b") == (
        f"urn:pulumi:s::p::{expected}::b"
    )
