"""Per-task and per-pod use from CloudWatch: ListMetrics finds the series, GetMetricData reads
them (facts: ``fargate/usage_metrics``).

The method (why not CloudWatch's own ``p99``): ECS's service-level Container Insights metrics
are totals over the service's tasks, one point a minute, so a percentile of them follows the
task count as much as the load. Each minute is read instead (``Average`` of ``CpuUtilized``
and of ``CpuReserved``, ``Maximum`` of ``MemoryUtilized``), what one task used is
``used / reserved x task size``, and the 99th percentile (CPU) and peak (memory) are taken of
those minutes here; the task size is the deployed one (``CpuReserved / RunningTaskCount``), so
a stack changed since its last deploy is measured by what ran, and said so. For EKS the collector sends one series per pod: every pod-minute is a
sample. Periods are the finest CloudWatch still keeps for the look-back (60 s up to 15 days).

Physical names: Pulumi auto-names ECS and EKS clusters (``web`` becomes ``web-a1b2c3d``), so
the cluster is found by ListMetrics among those that report the service, by its spec name and
the 7 characters Pulumi adds; ``--cluster-name web=NAME`` settles it when several match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from ..fargate import sizes
from ..fargate import usage_metrics as um
from ..fargate.recommend import Usage, percentile
from .access import calling

AUTO_NAME_SUFFIX = r"-[a-z0-9]{7}"  # what Pulumi's auto-naming adds (spec.names.PULUMI_SUFFIX)
MAX_QUERIES = 500  # per GetMetricData request (CloudWatch API reference, GetMetricData)
ECS_SOURCE = f"Container Insights ({um.ECS_NAMESPACE})"
EKS_SOURCE = f"Container Insights via ADOT ({um.EKS_NAMESPACE})"


def cluster_matches(spec_name: str, physical: str) -> bool:
    """``web`` matches ``web`` and ``web-a1b2c3d`` (auto-named), not ``web-admin-a1b2c3d``."""
    return re.fullmatch(re.escape(spec_name) + f"({AUTO_NAME_SUFFIX})?", physical) is not None


# The names Kubernetes gives a workload's pods (controller generateName, then 5 random
# characters; a Deployment's ReplicaSet adds its pod-template hash, a CronJob's Job the
# scheduled time in minutes): kubernetes.io, "Deployments" and "CronJob" (job names).
POD_NAME_PATTERNS = {
    "Deployment": r"-[a-z0-9]{1,10}-[a-z0-9]{5}",
    "Job": r"-[a-z0-9]{5}",
    "CronJob": r"-[0-9]+-[a-z0-9]{5}",
}


def pod_owner(pod: str, workloads: Iterable[tuple[str, str]]) -> str | None:
    """The workload (name, kind) a pod belongs to, by the name Kubernetes gave it:
    ``web-admin-5d8f7c9b4-x2x7q`` is Deployment web-admin's, never web's."""
    owners = [
        name
        for name, kind in workloads
        if re.fullmatch(re.escape(name) + POD_NAME_PATTERNS[kind], pod)
    ]
    return max(owners, key=len) if owners else None


def _list(
    cw: Any, namespace: str, metric: str, dimensions: Sequence[tuple[str, str]]
) -> list[dict[str, str]]:
    """Every dimension set of ``metric`` carrying these dimension values."""
    found: list[dict[str, str]] = []
    with calling("ListMetrics"):
        pages = cw.get_paginator("list_metrics").paginate(
            Namespace=namespace,
            MetricName=metric,
            Dimensions=[{"Name": n, "Value": v} for n, v in dimensions],
        )
        for page in pages:
            found.extend(
                {d["Name"]: d["Value"] for d in item.get("Dimensions", [])}
                for item in page.get("Metrics", [])
            )
    return found


def ecs_clusters(cw: Any, spec_cluster: str, service: str) -> list[str]:
    """Physical names of the clusters that report ``service`` and match ``spec_cluster``."""
    names = {
        dims[um.ECS_CLUSTER_DIMENSION]
        for dims in _list(
            cw, um.ECS_NAMESPACE, um.ECS_CPU_USED, [(um.ECS_SERVICE_DIMENSION, service)]
        )
        if set(dims) == {um.ECS_CLUSTER_DIMENSION, um.ECS_SERVICE_DIMENSION}
        and cluster_matches(spec_cluster, dims[um.ECS_CLUSTER_DIMENSION])
    }
    return sorted(names)


def eks_pods(cw: Any, namespace: str) -> dict[str, set[str]]:
    """Physical cluster name -> the pods of ``namespace`` that report memory."""
    pods: dict[str, set[str]] = defaultdict(set)
    wanted = {
        um.EKS_CLUSTER_DIMENSION,
        um.EKS_NAMESPACE_DIMENSION,
        um.EKS_POD_DIMENSION,
        um.EKS_LAUNCH_TYPE_DIMENSION,
    }
    for dims in _list(
        cw, um.EKS_NAMESPACE, um.EKS_MEMORY_USED, [(um.EKS_NAMESPACE_DIMENSION, namespace)]
    ):
        if set(dims) == wanted:
            pods[dims[um.EKS_CLUSTER_DIMENSION]].add(dims[um.EKS_POD_DIMENSION])
    return dict(pods)


def _query(
    qid: str, namespace: str, metric: str, dims: Sequence[tuple[str, str]], stat: str, period: int
) -> dict[str, Any]:
    return {
        "Id": qid,
        "MetricStat": {
            "Metric": {
                "Namespace": namespace,
                "MetricName": metric,
                "Dimensions": [{"Name": n, "Value": v} for n, v in dims],
            },
            "Period": period,
            "Stat": stat,
        },
        "ReturnData": True,
    }


def _series(
    cw: Any, queries: list[dict[str, Any]], start: datetime, end: datetime
) -> dict[str, dict[datetime, Decimal]]:
    """Query id -> {timestamp: value}, every page of every batch of queries."""
    out: dict[str, dict[datetime, Decimal]] = defaultdict(dict)
    with calling("GetMetricData"):
        paginator = cw.get_paginator("get_metric_data")
        for i in range(0, len(queries), MAX_QUERIES):
            for page in paginator.paginate(
                MetricDataQueries=queries[i : i + MAX_QUERIES],
                StartTime=start,
                EndTime=end,
                ScanBy="TimestampAscending",
            ):
                for result in page.get("MetricDataResults", []):
                    points = out[result["Id"]]
                    for ts, value in zip(result["Timestamps"], result["Values"], strict=True):
                        points[ts] = Decimal(str(value))
    return dict(out)


def _span_days(stamps: Iterable[datetime], period: int) -> Decimal:
    ordered = sorted(stamps)
    if not ordered:
        return Decimal(0)
    span = ordered[-1] - ordered[0] + timedelta(seconds=period)
    return Decimal(int(span.total_seconds())) / 86400


def ecs_usage(
    cw: Any,
    cluster: str,
    service: str,
    task: tuple[int, int],
    start: datetime,
    end: datetime,
) -> Usage:
    """What one task of ``service`` in the physical ``cluster`` used (see the module doc);
    ``task`` is the stack's (cpu units, MiB), compared with what was deployed."""
    period = um.period_for(max(1, (end - start).days))
    dims = [(um.ECS_CLUSTER_DIMENSION, cluster), (um.ECS_SERVICE_DIMENSION, service)]
    queries = [
        _query("cpu", um.ECS_NAMESPACE, um.ECS_CPU_USED, dims, "Average", period),
        _query("cpures", um.ECS_NAMESPACE, um.ECS_CPU_RESERVED, dims, "Average", period),
        _query("mem", um.ECS_NAMESPACE, um.ECS_MEMORY_USED, dims, "Maximum", period),
        _query("memres", um.ECS_NAMESPACE, um.ECS_MEMORY_RESERVED, dims, "Average", period),
        _query("tasks", um.ECS_NAMESPACE, um.ECS_TASKS, dims, "Average", period),
    ]
    data = _series(cw, queries, start, end)
    tasks = {t: n for t, n in data.get("tasks", {}).items() if n > 0}
    cpu_res, mem_res = data.get("cpures", {}), data.get("memres", {})
    cpu_used, mem_used = data.get("cpu", {}), data.get("mem", {})
    stamps = sorted(
        t
        for t in set(cpu_used) & set(mem_used) & set(tasks)
        if cpu_res.get(t, Decimal(0)) > 0 and mem_res.get(t, Decimal(0)) > 0
    )
    if not stamps:
        return Usage(Decimal(0), Decimal(0), Decimal(0), 0, ECS_SOURCE)
    # one task: the total over the running tasks / their number (used / reserved x one
    # task's reservation, the same)
    cpu = [cpu_used[t] / tasks[t] for t in stamps]
    memory = [mem_used[t] / tasks[t] for t in stamps]
    deployed = (
        _median([cpu_res[t] / tasks[t] for t in stamps]),
        _median([mem_res[t] / tasks[t] for t in stamps]),
    )
    notes: tuple[str, ...] = ()
    if deployed != (Decimal(task[0]), Decimal(task[1])):
        notes = (
            f"the tasks that ran had {sizes.fmt_vcpu(float(deployed[0]))} and "
            f"{sizes.fmt_gb(float(deployed[1]))}, not the stack's: it changed since its deploy",
        )
    return Usage(
        percentile(cpu),
        max(memory),
        _span_days(stamps, period),
        len(stamps),
        ECS_SOURCE,
        notes,
    )


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def eks_usage(
    cw: Any,
    cluster: str,
    namespace: str,
    pods: Iterable[str],
    start: datetime,
    end: datetime,
) -> Usage:
    """What one pod of a workload used: every pod-minute of ``pods`` is a sample."""
    period = um.period_for(max(1, (end - start).days))
    queries: list[dict[str, Any]] = []
    names = sorted(pods)
    for i, pod in enumerate(names):
        dims = [
            (um.EKS_CLUSTER_DIMENSION, cluster),
            (um.EKS_NAMESPACE_DIMENSION, namespace),
            (um.EKS_POD_DIMENSION, pod),
            (um.EKS_LAUNCH_TYPE_DIMENSION, um.EKS_LAUNCH_TYPE),
        ]
        queries.append(
            _query(f"cpu{i}", um.EKS_NAMESPACE, um.EKS_CPU_USED, dims, "Average", period)
        )
        queries.append(
            _query(f"mem{i}", um.EKS_NAMESPACE, um.EKS_MEMORY_USED, dims, "Maximum", period)
        )
    data = _series(cw, queries, start, end) if queries else {}
    cpu: list[Decimal] = []
    memory: list[Decimal] = []
    stamps: set[datetime] = set()
    for i in range(len(names)):
        cpu_points, mem_points = data.get(f"cpu{i}", {}), data.get(f"mem{i}", {})
        both = set(cpu_points) & set(mem_points)
        stamps |= both
        cpu += [um.millicores_to_units(cpu_points[t]) for t in both]
        memory += [um.bytes_to_mib(mem_points[t]) for t in both]
    if not cpu:
        return Usage(Decimal(0), Decimal(0), Decimal(0), 0, EKS_SOURCE)
    return Usage(percentile(cpu), max(memory), _span_days(stamps, period), len(cpu), EKS_SOURCE)
