"""Where AWS keeps what Fargate tasks and pods really used: CloudWatch names and retention.

Data only; ``metrics/`` (the one package that reads an AWS account, for ``rightsize``) reads
it from here, and so do the EKS components that install the collector sending the EKS ones.

ECS: Container Insights metrics (namespace ``ECS/ContainerInsights``, dimensions
``ClusterName`` + ``ServiceName``): ``CpuUtilized``/``CpuReserved`` in CPU units and
``MemoryUtilized``/``MemoryReserved`` in MiB ("Megabytes"), one data point a minute. At the
service dimension each is the total over the service's running tasks (ECS-DG
service_utilization: "the total amount of CPU and memory used for all tasks owned by the
service"), so what one task uses is ``Utilized / Reserved`` times the task size, minute by
minute (the deployed size, ``Reserved / RunningTaskCount``): that ratio does not move when
autoscaling changes the task count, a percentile of the totals would. Sources: CloudWatch User Guide, Container-Insights-metrics-ECS; ECS Developer
Guide, service_utilization and cloudwatch-metrics; checked 2026-12-02.

EKS on Fargate: the AWS Distro for OpenTelemetry collector, deployed as AWS documents it for
Fargate (aws-otel.github.io/docs/getting-started/container-insights/eks-fargate and
aws-observability/aws-otel-collector deployment-template/eks/otel-fargate-container-
insights.yaml, checked 2026-12-02), scrapes each kubelet's cAdvisor through the API server
every minute and writes embedded-metric-format logs to ``/aws/containerinsights/<cluster>/
performance``, from which CloudWatch makes metrics in namespace ``ContainerInsights`` with
dimensions ``ClusterName, Namespace, PodName, LaunchType``: ``pod_cpu_usage_total``
(millicores) and ``pod_memory_working_set`` (bytes) among them. ``PodName`` is the pod's own
name (``web-5d8f7c9b4-x2x7q``): a workload's pods are found by its name and a ``-``.

Retention (CloudWatch User Guide, cloudwatch_concepts "Metrics retention", checked
2026-12-02): one-minute data points for 15 days, five-minute ones for 63 days, hourly ones for
455 days. A look-back of ``days`` is asked for at the finest period still kept for it.
"""

from __future__ import annotations

from decimal import Decimal

CHECKED = "2026-12-02"

# ---- ECS Container Insights
ECS_NAMESPACE = "ECS/ContainerInsights"
ECS_CLUSTER_DIMENSION = "ClusterName"
ECS_SERVICE_DIMENSION = "ServiceName"
ECS_CPU_USED = "CpuUtilized"  # CPU units, total over the service's tasks
ECS_CPU_RESERVED = "CpuReserved"
ECS_MEMORY_USED = "MemoryUtilized"  # MiB, total over the service's tasks
ECS_MEMORY_RESERVED = "MemoryReserved"
ECS_TASKS = "RunningTaskCount"  # tasks in the RUNNING state

# ---- EKS on Fargate, sent by the ADOT collector
EKS_NAMESPACE = "ContainerInsights"
EKS_CLUSTER_DIMENSION = "ClusterName"
EKS_NAMESPACE_DIMENSION = "Namespace"
EKS_POD_DIMENSION = "PodName"
EKS_LAUNCH_TYPE_DIMENSION = "LaunchType"
EKS_LAUNCH_TYPE = "fargate"  # the eks.amazonaws.com/compute-type node label, as relabelled
EKS_CPU_USED = "pod_cpu_usage_total"  # millicores
EKS_MEMORY_USED = "pod_memory_working_set"  # bytes
EKS_CPU_LIMIT = "pod_cpu_limit"  # millicores
EKS_MEMORY_LIMIT = "pod_memory_limit"  # bytes
EKS_LOG_GROUP = "/aws/containerinsights/{ClusterName}/performance"
SCRAPE_INTERVAL = "1m"

# ---- retention: (finest period in seconds, kept for days)
RETENTION: tuple[tuple[int, int], ...] = ((60, 15), (300, 63), (3600, 455))
MAX_DAYS = RETENTION[-1][1]

MILLICORES_PER_VCPU = 1000
CPU_UNITS_PER_VCPU = 1024
MIB_BYTES = 1024 * 1024


def period_for(days: int) -> int:
    """The finest period CloudWatch still keeps for data ``days`` old: 60 s up to 15 days."""
    for period, kept in RETENTION:
        if days <= kept:
            return period
    raise ValueError(f"CloudWatch keeps metrics for {MAX_DAYS} days at most, not {days}")


def millicores_to_units(millicores: Decimal) -> Decimal:
    """Kubernetes millicores -> ECS CPU units (1 vCPU = 1000m = 1024 units)."""
    return millicores * CPU_UNITS_PER_VCPU / MILLICORES_PER_VCPU


def bytes_to_mib(value: Decimal) -> Decimal:
    return value / MIB_BYTES
