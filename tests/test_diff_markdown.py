"""The pull-request comment stays one comment on a 1,000-service stack, and every resource type
the components emit has its replacement rule.

A 1,000-service preview takes about a minute (docs/benchmarks.md), so the big stack is grown
from a real preview of benchmarks/generate.py's 2-service stack: its service subtree (the
resources the components emit, with their inputs) copied for 1,000 services, the cost from the
cost model on the generated 1,000-service spec. The new side changes every service (desired
count and Spot share: each service is replaced), adds a finding to each and a service more: the worst case for the comment's size.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from fargate_stacks.engine import CapturedResource, PreviewResult, ResourceGraph, preview_stack
from fargate_stacks.engine.replace import RULES
from fargate_stacks.fargate.cost import estimate
from fargate_stacks.fargate.prices import prices_for
from fargate_stacks.policies.findings import Finding
from fargate_stacks.reports.diff_markdown import GITHUB_COMMENT_LIMIT, render_diff_markdown
from fargate_stacks.reports.review import build_review
from fargate_stacks.spec.loader import spec_from_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

N = 1000
SERVICE = "fargate-stacks:ecs:EcsFargateService"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> PreviewResult:
    return preview_stack(generate.write_stack(tmp_path_factory.mktemp("bench"), "ecs", 2))


def _grow(small: PreviewResult, n: int, *, changed: bool) -> PreviewResult:
    """``small`` with its first service's subtree copied ``n`` times (svc-0000 .. svc-<n-1>)."""
    resources = small.graph.resources
    first = next(r for r in resources if r.type == SERVICE)
    in_services = {r.urn for r in resources if r.type == SERVICE}
    subtree = {first.urn}
    for r in resources:  # parents come before children
        if r.parent in in_services:
            in_services.add(r.urn)
        if r.parent in subtree:
            subtree.add(r.urn)
    others = [r for r in resources if r.urn not in in_services]
    template = [r for r in resources if r.urn in subtree]
    old_name = first.name  # bench-svc-0000
    graph = ResourceGraph(list(others))
    for i in range(n):
        name = f"bench-svc-{i:04d}"
        for r in template:
            copied = dataclasses.replace(
                r,
                urn=r.urn.replace(old_name, name),
                name=r.name.replace(old_name, name),
                parent=r.parent.replace(old_name, name) if r.parent else None,
                inputs=copy.deepcopy(r.inputs),
                id=r.id.replace(old_name, name) if isinstance(r.id, str) else r.id,
            )
            if changed and copied.type == "aws:ecs/service:Service":
                copied.inputs["capacityProviderStrategies"] = [
                    {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}
                ]
            graph.add(copied)
    data = generate.spec_data("ecs", n)
    if changed:
        for service in data["ecs"]["clusters"][0]["services"]:
            service["desiredCount"] = 3
            service["capacity"] = {"spotPercent": 100}
    spec = spec_from_data(data)
    findings = (
        [
            Finding("image-tag-pinned", "advisory", r.urn, f"container of {r.name}: pin the tag")
            for r in graph.resources
            if r.type == "aws:ecs/taskDefinition:TaskDefinition"
        ]
        if changed
        else []
    )
    return PreviewResult(
        stack=small.stack,
        project=small.project,
        region=small.region,
        graph=graph,
        findings=findings,
        cost=estimate(spec, small.region, prices_for(small.region)),
    )


def test_a_1000_service_change_is_one_comment_with_whole_tables(small: PreviewResult) -> None:
    old, new = _grow(small, N, changed=False), _grow(small, N, changed=True)
    assert sum(r.type == SERVICE for r in new.graph.resources) == N
    review = build_review(old, new, "main:stacks/Pulumi.ecs1000.yaml", "stacks/Pulumi.ecs1000.yaml")
    assert review.resources.counts()["update"] >= N  # forceNewDeployment: Spot is an update
    text = render_diff_markdown(review)
    assert len(text) < GITHUB_COMMENT_LIMIT and len(text.encode()) < GITHUB_COMMENT_LIMIT
    # summarised, never cut: every table ends with its last row, the diagram block is closed
    for table in re.findall(r"((?:^\|.*\|\n)+)", text, flags=re.M):
        header = table.splitlines()[0].count("|")
        assert all(line.count("|") >= header for line in table.splitlines())
    assert text.count("```mermaid") == 1 and text.rstrip().endswith("</details>")
    assert "970 more, 970 of them changed" in text  # 30 services drawn, the rest counted
    assert "| **Total** |" in text
    # the headline still has the counts and the cost delta
    assert f"{review.resources.counts()['update']} to update" in text
    assert "/ month (-$" in text


def test_every_custom_type_the_components_emit_has_a_replacement_rule(
    small: PreviewResult,
) -> None:
    """Preview of the example stacks (ECS, EKS, both): each custom type is in the table, so a
    replacement is never reported as an update for want of data. Providers are Pulumi's own."""
    results = [
        small,
        preview_stack("stacks/Pulumi.dev.yaml"),
        preview_stack("stacks/Pulumi.prod.yaml"),
    ]
    emitted = {
        r.type
        for result in results
        for r in result.graph.resources
        if r.custom and not r.type.startswith("pulumi:providers:")
    }
    assert emitted - set(RULES) == set()


def test_a_big_rename_groups_what_it_loses(small: PreviewResult) -> None:
    """The cluster of a thousand services renamed: each service's log group and load balancer
    is lost with it; the comment counts them per type instead of naming thousands."""
    old = _grow(small, N, changed=False)

    def renamed(r: CapturedResource) -> CapturedResource:
        return dataclasses.replace(
            r,
            urn=r.urn.replace("::bench", "::shop"),
            name="shop" + r.name[len("bench") :] if r.name.startswith("bench") else r.name,
            parent=r.parent.replace("::bench", "::shop") if r.parent else None,
        )

    new = dataclasses.replace(old, graph=ResourceGraph([renamed(r) for r in old.graph.resources]))
    review = build_review(old, new, "main:stacks/Pulumi.ecs1000.yaml", "stacks/Pulumi.ecs1000.yaml")
    (rename,) = review.resources.renames
    assert (rename.old_name, rename.new_name) == ("bench", "shop")
    lost = Counter(t for t, _, _ in rename.stateful)
    assert lost["aws:cloudwatch/logGroup:LogGroup"] >= N
    text = render_diff_markdown(review)
    assert len(text) < GITHUB_COMMENT_LIMIT
    (line,) = [line for line in text.splitlines() if line.startswith("> Lost with them:")]
    assert f"{lost['aws:cloudwatch/logGroup:LogGroup']} aws:cloudwatch:LogGroup (" in line
    assert "`shop" not in line and "`bench" not in line  # counted, not named one by one
