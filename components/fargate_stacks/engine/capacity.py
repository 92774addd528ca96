"""Fargate sizes and cost of an arbitrary program, from what it registered.

A spec-based preview prices the spec (:func:`fargate_stacks.fargate.cost.estimate`). A user's own
program has no spec, so each ECS service is priced from its captured task definition (size,
platform) and service (desired count, capacity provider strategy) with the same domain functions.
"""

from __future__ import annotations

import json
from typing import Any

from ..fargate import cost as fcost
from ..fargate import prices
from .graph import ResourceGraph

SERVICE = "aws:ecs/service:Service"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
EKS_CLUSTER = "aws:eks/cluster:Cluster"


def cost_from_graph(graph: ResourceGraph, region: str) -> fcost.CostReport:
    from ..spec.models import CapacitySpec, ServiceSpec

    table = prices.prices_for(region)
    notes: list[str] = list(table.notes)
    task_defs: dict[str, Any] = {}
    for r in graph.resources:
        if r.type == TASK_DEFINITION:
            for key in ("arn", "arnWithoutRevision", "family"):
                if r.outputs.get(key):
                    task_defs[str(r.outputs[key])] = r
    lines: list[fcost.CostLine] = []
    for r in graph.resources:
        if r.type != SERVICE:
            continue
        td = task_defs.get(str(r.inputs.get("taskDefinition")))
        if td is None:
            notes.append(f"{r.name}: task definition not found in the program, not priced")
            continue
        platform = td.inputs.get("runtimePlatform") or {}
        strategy = r.inputs.get("capacityProviderStrategies") or []
        weights = {s["capacityProvider"]: int(s.get("weight", 0)) for s in strategy}
        base = {s["capacityProvider"]: int(s.get("base", 0)) for s in strategy if s.get("base")}
        try:
            containers = json.loads(td.inputs.get("containerDefinitions") or "[]")
            service = ServiceSpec.model_validate({
                "name": r.name, "image": (containers[0].get("image") if containers else None) or "unknown",
                "cpu": int(td.inputs["cpu"]), "memory": int(td.inputs["memory"]),
                "os": "windows" if "WINDOWS" in str(platform.get("operatingSystemFamily", "")) else "linux",
                "architecture": "arm64" if platform.get("cpuArchitecture") == "ARM64" else "x86_64",
                "desiredCount": int(r.inputs.get("desiredCount", 1)),
                "capacity": CapacitySpec(weights=weights or None, base=base or None)
                if weights else CapacitySpec()})
            cluster = str(r.inputs.get("cluster", "")).rsplit("/", 1)[-1]
            lines.append(fcost._service_line(cluster, service, table))
        except (ValueError, KeyError, TypeError) as error:
            notes.append(f"{r.name}: not priced ({' '.join(str(error).split())[:120]})")
    fixed = [fcost.FixedCost(r.name, "EKS control plane", fcost.EKS_CONTROL_PLANE_HOURLY,
                             "aws.amazon.com/eks/pricing (standard support)")
             for r in graph.resources if r.type == EKS_CLUSTER]
    notes.append("priced from the program's ECS task definitions; EKS pods are not priced "
                 "without a spec")
    return fcost.CostReport(region, table, lines, fixed, notes)
