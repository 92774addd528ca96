"""The engine's speed-ups change nothing a preview reports: the same stack run with the lean
monitor (inline RPCs, no property round trips) and with Pulumi's stock ``MockMonitor`` path
(threads, ``deserialize_properties`` / ``serialize_properties``) gives the same resources,
parents, inputs, outputs, findings, cost and stack outputs.

The stock path answers RPCs on a thread pool, so moto hands out its (seeded) random ids in
another order: ids and other values mocked AWS generates are compared by the resource and output
that produced them, not by their random text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from fargate_stacks.engine import PreviewResult, preview_stack, run_program

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
MIN_GENERATED = 6  # shorter values ("1", "true", "api") are left as they are


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from _strings(value[key], f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def canonical(result: PreviewResult) -> dict[str, Any]:
    """Everything the preview reports, with each value mocked AWS generated (ids, ARNs with
    random parts, endpoints, certificates) replaced by the resource output it came from."""
    generated: dict[str, str] = {}
    for r in sorted(result.resources, key=lambda r: r.urn):
        given = {v for _, v in _strings(r.inputs, "")}
        for path, value in [("id", r.id), *_strings(r.outputs, "")]:
            if len(value) >= MIN_GENERATED and value not in given:
                generated.setdefault(value, f"<{r.urn}{path}>")
    text = json.dumps(
        {
            "resources": {
                r.urn: {
                    "type": r.type,
                    "name": r.name,
                    "parent": r.parent,
                    "custom": r.custom,
                    "inputs": r.inputs,
                    "outputs": r.outputs,
                    "dependencies": sorted(r.dependencies),
                }
                for r in result.resources
            },
            "findings": sorted(f.to_dict().items().__repr__() for f in result.findings),
            "cost": result.cost.to_dict() if result.cost is not None else None,
            "outputs": result.outputs,
            "summary": result.summary(),
        },
        sort_keys=True,
        default=str,
    )
    for value in sorted(generated, key=lambda v: (-len(v), v)):
        text = text.replace(json.dumps(value)[1:-1], generated[value])
    return json.loads(text)


def _assert_same(lean: PreviewResult, stock: PreviewResult) -> None:
    a, b = canonical(lean), canonical(stock)
    assert a["resources"].keys() == b["resources"].keys()
    for urn in a["resources"]:
        assert a["resources"][urn] == b["resources"][urn], urn
    assert a == b


@pytest.mark.parametrize("stack", ["stacks/Pulumi.dev.yaml", "stacks/Pulumi.prod.yaml"])
def test_example_stacks_report_the_same_both_ways(stack: str) -> None:
    lean, stock = preview_stack(stack), preview_stack(stack, lean=False)
    assert len(lean.resources) > 50
    _assert_same(lean, stock)


def test_generated_benchmark_stacks_report_the_same_both_ways(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(BENCH))
    import generate

    for kind in generate.KINDS:
        path = generate.write_stack(tmp_path, kind, 3)
        _assert_same(preview_stack(path), preview_stack(path, lean=False))


def _program() -> dict[str, Any]:
    """A stack with findings: a privileged, GPU sidecar on a Fargate task."""
    vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16")
    subnet = aws.ec2.Subnet("private", vpc_id=vpc.id, cidr_block="10.9.1.0/24")
    group = aws.ec2.SecurityGroup("tasks", vpc_id=vpc.id)
    cluster = aws.ecs.Cluster("c")
    # ECS refuses a strategy whose provider the cluster does not have yet
    providers = aws.ecs.ClusterCapacityProviders(
        "c", cluster_name=cluster.name, capacity_providers=["FARGATE", "FARGATE_SPOT"]
    )
    task = aws.ecs.TaskDefinition(
        "app",
        family="app",
        cpu="256",
        memory="512",
        network_mode="awsvpc",
        requires_compatibilities=["FARGATE"],
        container_definitions=json.dumps(
            [
                {"name": "app", "image": "public.ecr.aws/x/app:1.0", "essential": True},
                {
                    "name": "agent",
                    "image": "public.ecr.aws/x/agent:1.0",
                    "essential": False,
                    "privileged": True,
                    "resourceRequirements": [{"type": "GPU", "value": "1"}],
                },
            ]
        ),
    )
    service = aws.ecs.Service(
        "app",
        cluster=cluster.arn,
        task_definition=task.arn,
        desired_count=2,
        capacity_provider_strategies=[{"capacity_provider": "FARGATE_SPOT", "weight": 1}],
        network_configuration={"subnets": [subnet.id], "security_groups": [group.id]},
        opts=pulumi.ResourceOptions(depends_on=[providers]),
    )
    return {"service": service.name, "vpc": vpc.id}


def test_findings_are_the_same_both_ways() -> None:
    lean = run_program(_program, stack="twin-findings")
    stock = run_program(_program, stack="twin-findings", lean=False)
    assert {"fargate-no-privileged", "fargate-no-gpu"} <= {f.rule for f in lean.mandatory}
    _assert_same(lean, stock)


def test_canonical_form_still_sees_a_changed_input() -> None:
    """The comparison is not blind: a different program is a different report."""

    def other() -> dict[str, Any]:
        outputs = _program()
        aws.cloudwatch.LogGroup("extra", retention_in_days=7)
        return outputs

    base = run_program(_program, stack="twin-findings")
    changed = run_program(other, stack="twin-findings")
    assert canonical(base) != canonical(changed)
    assert canonical(base) == canonical(run_program(_program, stack="twin-findings"))


def test_run_garbage_is_set_aside_then_released(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the command (which exits after it), the run's garbage is frozen and freed by
    release(); a library call collects it, leaving nothing frozen."""
    import gc

    from fargate_stacks.engine import release
    from fargate_stacks.gc_pause import PROCESS

    release()
    assert gc.get_freeze_count() == 0
    run_program(_program, stack="garbage")
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(PROCESS, "exits_after_command", True)
    run_program(_program, stack="garbage")
    assert gc.get_freeze_count() > 0
    release()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def _probe_pending(seen: list[int]) -> None:
    """Record, at each resource's construction, how many tasks are still unfinished."""
    import asyncio

    import pulumi

    def probe(_args: pulumi.ResourceTransformationArgs) -> None:
        seen.append(sum(not t.done() for t in asyncio.all_tasks(asyncio.get_event_loop())))

    pulumi.runtime.register_stack_transformation(probe)


def _many_log_groups(count: int, seen: list[int]) -> Any:
    def program() -> dict[str, Any]:
        _probe_pending(seen)
        groups = [aws.cloudwatch.LogGroup(f"g{i}", retention_in_days=7) for i in range(count)]
        return {"last": groups[-1].name}

    return program


def test_queued_work_is_settled_as_the_program_goes() -> None:
    """The lean path answers the queued registrations every few dozen resources, so unfinished
    tasks stay bounded while the stock path piles them all up; the report is the same."""
    from fargate_stacks.engine.runner import SETTLE_EVERY

    lean_seen: list[int] = []
    stock_seen: list[int] = []
    count = 6 * SETTLE_EVERY
    lean = run_program(_many_log_groups(count, lean_seen), stack="settle")
    stock = run_program(_many_log_groups(count, stock_seen), stack="settle", lean=False)
    assert len(lean_seen) == len(stock_seen) == count
    assert max(stock_seen) > 4 * max(lean_seen)
    _assert_same(lean, stock)


def test_resources_built_inside_an_apply_do_not_settle_the_running_loop() -> None:
    """An apply runs on the event loop: resources it builds must not try to run it again."""
    from fargate_stacks.engine.runner import SETTLE_EVERY

    def program() -> dict[str, Any]:
        first = aws.cloudwatch.LogGroup("first", retention_in_days=7)
        made: pulumi.Output[str] = first.name.apply(
            lambda name: [
                aws.cloudwatch.LogGroup(f"{name}-{i}", retention_in_days=7).name
                for i in range(2 * SETTLE_EVERY)
            ][-1]
        )
        return {"made": made}

    result = run_program(program, stack="apply-builds")
    assert (
        len([r for r in result.resources if r.type == "aws:cloudwatch/logGroup:LogGroup"])
        == 2 * SETTLE_EVERY + 1
    )


@pytest.mark.parametrize("refused_first", [True, False])
def test_a_refusal_around_a_settle_still_names_the_resource(refused_first: bool) -> None:
    from fargate_stacks.engine import PreviewRejected
    from fargate_stacks.engine.runner import SETTLE_EVERY

    def program() -> None:
        vpc = aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16")
        if refused_first:
            aws.ec2.Subnet("outside", vpc_id=vpc.id, cidr_block="10.10.1.0/24")
        for i in range(3 * SETTLE_EVERY):
            aws.cloudwatch.LogGroup(f"g{i}", retention_in_days=7)
        if not refused_first:
            aws.ec2.Subnet("outside", vpc_id=vpc.id, cidr_block="10.10.1.0/24")

    with pytest.raises(PreviewRejected) as caught:
        run_program(program, stack="refused-settle")
    line = str(caught.value)
    assert "\n" not in line and "'outside'" in line and "10.10.1.0/24" in line
