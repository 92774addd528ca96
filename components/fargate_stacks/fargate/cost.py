"""What a stack spec will cost per month on Fargate, before anything is deployed.

One line per ECS service and EKS workload: its Fargate size, how many tasks or pods run at the
autoscaling minimum, at the desired count and at the maximum, the on-demand price, the price with
the configured Spot mix, and the EC2 fleet that would hold the same tasks where that comparison
is fair (Linux, same architecture, long-running). Plus the EKS control plane fee per cluster.

How the Spot mix is placed: the capacity provider strategy's base goes first, then each further
task goes to the provider furthest below its weight share (ties to on-demand, so the estimate
never counts a Spot saving ECS may not give). That is how ECS spreads tasks by weight, in whole
tasks: with ``onDemandBase: 1, spotPercent: 75`` (FARGATE base 1 weight 1, FARGATE_SPOT weight 3)
two tasks are one on-demand and one Spot.

Pure and fast: no Pulumi, no AWS, no file access unless the spec names a price file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ParamSpec, Protocol, TypeVar

from . import bill, billing, ec2, eks_versions, prices, rightsizing
from .aws_prices import aws_prices_for
from .billing import ECS_SERVICE
from .capacity import ON_DEMAND, SPOT, uses_spot
from .capacity import ON_DEMAND_ONLY as ON_DEMAND_ONLY  # the default strategy of price_ecs_service
from .eks_pods import ADOT_COLLECTOR, COREDNS, LB_CONTROLLER, RUNS
from .podsizing import capacity_provisioned, pod_size
from .profiles import Profile, selecting_profile
from .rightsizing import service_size
from .usage import DEFAULT_USAGE, Usage

P = ParamSpec("P")
T = TypeVar("T")

EKS_CONTROL_PLANE_HOURLY = eks_versions.STANDARD_HOURLY  # per cluster, standard support

# What the estimate reads of a stack spec, as protocols: the spec's models fit them, and this
# module imports nothing from the spec (data flows spec -> fargate, never back).


class Scaling(Protocol):
    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int: ...


class Capacity(Protocol):
    def strategy(self) -> Sequence[tuple[str, int, int]]: ...


class Service(rightsizing.Service, bill.Service, Protocol):
    """An ECS service as the estimate prices it: what sizing reads, and more (ServiceSpec fits)."""

    @property
    def name(self) -> str: ...
    @property
    def architecture(self) -> str: ...
    @property
    def ephemeral_storage(self) -> int | None: ...
    @property
    def desired_count(self) -> int: ...
    @property
    def autoscaling(self) -> Scaling | None: ...
    @property
    def capacity(self) -> Capacity: ...


class Workload(Protocol):
    """An EKS workload as the estimate and the workload component price it (WorkloadSpec fits)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def cpu(self) -> int: ...
    @property
    def memory(self) -> int: ...
    @property
    def desired_count(self) -> int: ...
    @property
    def autoscaling(self) -> Scaling | None: ...
    @property
    def ingress(self) -> bill.Scheme | None: ...


class EcsCluster(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def services(self) -> Sequence[Service]: ...


class EksCluster(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def workloads(self) -> Sequence[Workload]: ...
    @property
    def logging(self) -> bill.EksLogging: ...
    @property
    def control_plane_logging(self) -> Sequence[str]: ...
    @property
    def fargate_profiles(self) -> Sequence[Profile]: ...
    @property
    def container_insights(self) -> bool: ...


class EcsPart(Protocol):
    @property
    def clusters(self) -> Sequence[EcsCluster]: ...


class EksPart(Protocol):
    @property
    def clusters(self) -> Sequence[EksCluster]: ...


class CostSettings(Protocol):
    @property
    def price_file(self) -> str | None: ...
    @property
    def spot_discount(self) -> float | None: ...


class Stack(Protocol):
    """A stack spec as the estimate reads it (the spec's StackSpec fits)."""

    @property
    def network(self) -> bill.Network: ...
    @property
    def ecs(self) -> EcsPart | None: ...
    @property
    def eks(self) -> EksPart | None: ...
    @property
    def cost(self) -> CostSettings: ...


@dataclass
class CostLine:
    """One ECS service or EKS workload."""

    name: str
    cluster: str
    kind: str  # "ECS service", "Deployment", "Job", "CronJob"
    os: str
    arch: str
    cpu_units: int
    memory_mib: int
    ephemeral_gib: int
    count_min: int
    count_desired: int
    count_max: int
    on_demand_hourly: Decimal  # one task or pod
    spot_hourly: Decimal | None  # one task on Fargate Spot; None when it never uses Spot
    spot_tasks_desired: int  # of count_desired, how many the strategy puts on Spot
    hourly_on_demand: Decimal  # all desired tasks on-demand
    hourly_expected: Decimal  # all desired tasks with the Spot mix
    monthly_min: Decimal | None  # None for Jobs and CronJobs: they cost per run
    monthly_expected: Decimal | None
    monthly_max: Decimal | None
    monthly_on_demand: Decimal | None
    ec2_instance: str | None = None
    ec2_count: int | None = None
    ec2_monthly: Decimal | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def vcpu(self) -> Decimal:
        return Decimal(self.cpu_units) / 1024

    @property
    def memory_gb(self) -> Decimal:
        return Decimal(self.memory_mib) / 1024

    @property
    def capacity_provisioned(self) -> str:
        return capacity_provisioned(self.cpu_units, self.memory_mib)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "cluster": self.cluster,
            "kind": self.kind,
            "os": self.os,
            "arch": self.arch,
            "vcpu": prices.json_number(self.vcpu),
            "memory_gb": prices.json_number(self.memory_gb),
            "capacity_provisioned": self.capacity_provisioned,
            "ephemeral_gib": self.ephemeral_gib,
            "count": {"min": self.count_min, "desired": self.count_desired, "max": self.count_max},
            "spot_tasks_desired": self.spot_tasks_desired,
            "on_demand_hourly_usd": prices.hourly_usd(self.on_demand_hourly),
            "spot_hourly_usd": prices.hourly_usd(self.spot_hourly),
            "hourly_on_demand_usd": prices.hourly_usd(self.hourly_on_demand),
            "hourly_expected_usd": prices.hourly_usd(self.hourly_expected),
            "monthly_min_usd": prices.monthly_usd(self.monthly_min),
            "monthly_expected_usd": prices.monthly_usd(self.monthly_expected),
            "monthly_max_usd": prices.monthly_usd(self.monthly_max),
            "monthly_on_demand_usd": prices.monthly_usd(self.monthly_on_demand),
            "ec2": None
            if self.ec2_instance is None
            else {
                "instance_type": self.ec2_instance,
                "count": self.ec2_count,
                "monthly_usd": prices.monthly_usd(self.ec2_monthly),
            },
            "notes": list(self.notes),
        }


@dataclass
class FixedCost:
    """A fee that does not scale with tasks, such as an EKS control plane."""

    name: str
    kind: str
    hourly: Decimal
    source: str

    @property
    def monthly(self) -> Decimal:
        return prices.monthly(self.hourly)


def eks_control_plane(cluster: str, version: str | None = None) -> FixedCost:
    """One EKS cluster's control-plane fee, whether the cluster comes from a spec or a program:
    six times as much while its Kubernetes version is in extended support (eks_versions)."""
    if eks_versions.is_extended(version):
        return FixedCost(
            cluster,
            "EKS control plane (extended support)",
            eks_versions.EXTENDED_HOURLY,
            f"{eks_versions.PRICING_SOURCE} (extended support, Kubernetes {version})",
        )
    return FixedCost(
        cluster,
        "EKS control plane",
        EKS_CONTROL_PLANE_HOURLY,
        f"{eks_versions.PRICING_SOURCE} (standard support)",
    )


@dataclass
class CostReport:
    """The whole monthly bill of a stack: Fargate ``lines`` (per service and workload, with
    their autoscaling range), ``fixed`` fees (EKS control planes), and ``items``: everything
    else the stack creates that AWS charges for (:mod:`.bill`), priced at the desired count.
    The ``monthly_*`` totals are the whole bill; ``fargate_*`` the first two alone."""

    region: str
    price_table: prices.PriceTable
    lines: list[CostLine]
    fixed: list[FixedCost]
    notes: list[str] = field(default_factory=list)
    items: list[bill.LineItem] = field(default_factory=list)
    stack: str = ""

    def _sum(self, attr: str) -> Decimal:
        return sum((getattr(line, attr) or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def fixed_monthly(self) -> Decimal:
        return sum((f.monthly for f in self.fixed), Decimal(0))

    @property
    def items_monthly(self) -> Decimal:
        """The line items beyond Fargate (unpriced ones count as nothing, with their note)."""
        return sum((i.monthly or Decimal(0) for i in self.items), Decimal(0))

    @property
    def unpriced(self) -> int:
        """Items the region has no rate for: left out of the totals, each with its note."""
        return sum(1 for i in self.items if i.unit_price is None)

    @property
    def fargate_monthly_expected(self) -> Decimal:
        return self._sum("monthly_expected") + self.fixed_monthly

    @property
    def monthly_min(self) -> Decimal:
        return self._sum("monthly_min") + self.fixed_monthly + self.items_monthly

    @property
    def monthly_expected(self) -> Decimal:
        return self.fargate_monthly_expected + self.items_monthly

    @property
    def monthly_max(self) -> Decimal:
        return self._sum("monthly_max") + self.fixed_monthly + self.items_monthly

    @property
    def monthly_on_demand(self) -> Decimal:
        return self._sum("monthly_on_demand") + self.fixed_monthly + self.items_monthly

    @property
    def hourly_expected(self) -> Decimal:
        return (
            self._sum("hourly_expected")
            + sum((f.hourly for f in self.fixed), Decimal(0))
            + self.items_monthly / prices.HOURS_PER_MONTH
        )

    def line_items(self) -> list[dict[str, Any]]:
        """Every charge as one row: Fargate per service and workload (at the desired count,
        with the Spot mix), the EKS control planes, then the other items."""
        rows: list[dict[str, Any]] = []
        for line in self.lines:
            per_run = line.monthly_expected is None
            count = Decimal(line.count_desired)
            unit_price = (
                None
                if per_run or not count
                else (line.hourly_expected / count).quantize(Decimal("0.000001"))
            )
            rows.append(
                {
                    "stack": self.stack,
                    "category": "Fargate",
                    "resource": f"{line.cluster}/{line.name}",
                    "quantity": prices.json_number(count * prices.HOURS_PER_MONTH),
                    "unit": "task-hour" if line.kind == ECS_SERVICE else "pod-hour",
                    "unit_price_usd": prices.json_number(unit_price),
                    "monthly_usd": prices.monthly_usd(line.monthly_expected),
                    "assumptions": [
                        f"{line.count_desired} running all month ({line.capacity_provisioned}"
                        + (
                            f", {line.spot_tasks_desired} on Spot"
                            if line.spot_tasks_desired
                            else ""
                        )
                        + ")",
                        *line.notes,
                    ],
                    "source": self.price_table.source,
                }
            )
        rows.extend(
            {
                "stack": self.stack,
                "category": "EKS control plane",
                "resource": fee.name,
                "quantity": prices.HOURS_PER_MONTH,
                "unit": "cluster-hour",
                "unit_price_usd": prices.json_number(fee.hourly),
                "monthly_usd": prices.monthly_usd(fee.monthly),
                "assumptions": [fee.kind],
                "source": fee.source,
            }
            for fee in self.fixed
        )
        rows += [item.to_dict(self.stack) for item in self.items]
        return rows

    def to_dict(self) -> dict[str, Any]:
        table = self.price_table
        compared = [line for line in self.lines if line.ec2_monthly is not None]
        return {
            "stack": self.stack,
            "region": self.region,
            "prices": {
                "region": table.region,
                "checked": table.checked,
                "source": table.source,
                "spot_discount": prices.json_number(table.spot_discount),
                "hours_per_month": prices.HOURS_PER_MONTH,
            },
            "lines": [line.to_dict() for line in self.lines],
            "fixed": [
                {
                    "name": f.name,
                    "kind": f.kind,
                    "hourly_usd": prices.hourly_usd(f.hourly),
                    "monthly_usd": prices.monthly_usd(f.monthly),
                    "source": f.source,
                }
                for f in self.fixed
            ],
            "line_items": self.line_items(),
            "totals": {
                "hourly_expected_usd": prices.hourly_usd(self.hourly_expected),
                "monthly_min_usd": prices.monthly_usd(self.monthly_min),
                "monthly_expected_usd": prices.monthly_usd(self.monthly_expected),
                "monthly_max_usd": prices.monthly_usd(self.monthly_max),
                "monthly_on_demand_usd": prices.monthly_usd(self.monthly_on_demand),
                "fargate_monthly_expected_usd": prices.monthly_usd(self.fargate_monthly_expected),
                "other_monthly_usd": prices.monthly_usd(self.items_monthly),
                "unpriced_line_items": self.unpriced,
                "fargate_monthly_compared_usd": prices.monthly_usd(
                    sum((c.monthly_on_demand or Decimal(0) for c in compared), Decimal(0))
                ),
                "ec2_monthly_compared_usd": prices.monthly_usd(
                    sum((c.ec2_monthly or Decimal(0) for c in compared), Decimal(0))
                ),
            },
            "notes": list(self.notes),
        }


# What the estimate still leaves out, named in every report.
NOT_INCLUDED = (
    "not included: data transfer (out to the internet, across zones), Container Insights "
    "metrics, a node group's EC2 instances"
)


def table_for(
    settings: CostSettings, region: str, table: prices.PriceTable | None = None
) -> prices.PriceTable:
    """The prices a spec is priced with, by ``cost`` and ``rightsize`` alike: ``table`` (a
    command's ``--prices``) or :func:`~.prices.prices_for` the spec's ``cost.priceFile``, with
    the spec's ``cost.spotDiscount`` over the table's. Its ``notes`` say what every report
    must (a region priced with another's prices)."""
    if table is None:
        table = prices.prices_for(region, settings.price_file)
    if settings.spot_discount is not None:
        table = dataclasses.replace(table, spot_discount=Decimal(str(settings.spot_discount)))
    return table


def estimate(
    spec: Stack,
    region: str,
    price_table: prices.PriceTable | None = None,
    *,
    usage: Usage | None = None,
    stack: str = "",
) -> CostReport:
    """The monthly bill of a spec in a region. ``price_table`` overrides the built-in prices
    (the CLI passes ``--prices``); otherwise :func:`~.prices.prices_for` picks
    ``spec.cost.priceFile`` or the built-in table (for a region without one: us-east-1's, with
    its note). ``usage`` replaces the assumed volumes of :mod:`.usage` (``--usage``)."""
    price_table = table_for(spec.cost, region, price_table)
    usage = usage or DEFAULT_USAGE
    notes: list[str] = list(price_table.notes)
    ecs_clusters = spec.ecs.clusters if spec.ecs else []
    eks_clusters = spec.eks.clusters if spec.eks else []
    lines: list[CostLine] = [
        about(cluster.name, service.name, _service_line, cluster.name, service, price_table)
        for cluster in ecs_clusters
        for service in cluster.services
    ]
    lines += [
        about(cluster.name, workload.name, workload_line, cluster.name, workload, price_table)
        for cluster in eks_clusters
        for workload in cluster.workloads
    ]
    lines += [line for cluster in eks_clusters for line in system_pod_lines(cluster, price_table)]
    fixed: list[FixedCost] = [eks_control_plane(c.name, c.version) for c in eks_clusters]
    notes += [
        warning
        for c in eks_clusters
        if (warning := eks_versions.extended_support_warning(c.name, c.version))
    ]
    if any(line.spot_hourly is not None for line in lines):
        discount = prices.json_number(price_table.spot_discount * 100)
        notes.append(
            f"Fargate Spot priced at {discount}% off on-demand ({prices.SPOT_DISCOUNT_SOURCE})"
        )
    if any(line.ec2_instance for line in lines):
        notes.append(ec2.NOTE)
    items = _bill(spec, region, price_table, usage, lines)
    notes += items.notes
    notes += items.volumes
    notes.append(NOT_INCLUDED)
    return CostReport(region, price_table, lines, fixed, notes, items.items, stack)


def about(cluster: str, name: str, price: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``price(*args, **kwargs)``, its :class:`~.prices.PriceError` naming the service or
    workload it is about (``web/api: no Fargate price for linux/arm64 in eu-west-1 ...``),
    with ``subject`` set so a command can point at it in the spec."""
    try:
        return price(*args, **kwargs)
    except prices.PriceError as error:
        raise prices.PriceError(f"{cluster}/{name}: {error.message}", (cluster, name)) from None


SYSTEM_KIND = "EKS system pods"


def system_pod_lines(cluster: EksCluster, table: prices.PriceTable) -> list[CostLine]:
    """The system pods a cluster runs on Fargate: CoreDNS (when a Fargate profile selects it,
    which is when the cluster component tells the addon to run on Fargate) and the AWS Load
    Balancer Controller (installed for a workload's ingress) and the ADOT collector
    (``containerInsights``, on the Fargate profile the cluster component adds for it), at their
    replicas and the size Fargate gives their requests."""
    pods = [COREDNS] + ([LB_CONTROLLER] if any(w.ingress for w in cluster.workloads) else [])
    if cluster.container_insights:
        pods.append(ADOT_COLLECTOR)
    out: list[CostLine] = []
    for pod in pods:
        on_fargate = pod is ADOT_COLLECTOR or (
            selecting_profile(cluster.fargate_profiles, pod.namespace, pod.labels) is not None
        )
        if not on_fargate:
            continue  # on the node group: its EC2 instances are not priced here
        run = RUNS[pod.what]
        size = pod_size([{"resources": {"requests": dict(run.requests)}}])
        assert size.cpu_units is not None and size.memory_mib is not None  # the smallest sizes
        line = price_eks_workload(
            cluster.name,
            run.name,
            SYSTEM_KIND,
            size.cpu_units,
            size.memory_mib,
            table,
            desired=run.replicas,
        )
        line.notes.append(
            f"{run.replicas} pods, requests {dict(run.requests) or 'none'} ({run.source})"
        )
        out.append(line)
    return out


def _bill(
    spec: Stack,
    region: str,
    table: prices.PriceTable,
    usage: Usage,
    lines: Sequence[CostLine],
) -> bill.Bill:
    """The line items beyond Fargate, in the order the stack creates them."""
    result = bill.Bill(aws_prices_for(region, table.aws_overrides, table.source), usage)
    network = spec.network
    bill.network_items(result, network)
    # keyed by kind too: a workload named coredns is not the CoreDNS system pods' line
    tasks = {(line.cluster, line.name, line.kind): line.count_desired for line in lines}
    system = [line for line in lines if line.kind == SYSTEM_KIND]
    for cluster in spec.ecs.clusters if spec.ecs else []:
        for service in cluster.services:
            name = f"{cluster.name}/{service.name}"
            count = tasks[(cluster.name, service.name, ECS_SERVICE)]
            if service.load_balancer is not None:
                bill.load_balancer_items(result, name, service.load_balancer.scheme, network)
            if service.assign_public_ip:
                result.add(
                    "Public IPv4",
                    f"{name} tasks",
                    count * bill.HOURS,
                    "public_ipv4_hour",
                    [f"assignPublicIp: one address per task, {count} running"],
                )
            gb, why = bill.workload_logs_gb(result, name, ECS_SERVICE, count)
            bill.log_group_items(result, f"{name} logs", gb, service.logging.retention_days, why)
    for eks in spec.eks.clusters if spec.eks else []:
        pods_gb, pods_why = Decimal(0), []
        for workload in eks.workloads:
            name = f"{eks.name}/{workload.name}"
            if workload.ingress is not None:
                bill.load_balancer_items(result, name, workload.ingress.scheme, network)
            gb, why = bill.workload_logs_gb(
                result, name, workload.kind, tasks[(eks.name, workload.name, workload.kind)]
            )
            pods_gb += gb
            pods_why += why
        for line in system:
            if line.cluster == eks.name:
                gb, why = bill.workload_logs_gb(
                    result, f"{eks.name}/{line.name}", line.kind, line.count_desired
                )
                pods_gb += gb
                pods_why += why
        if eks.logging.enabled:
            bill.log_group_items(
                result, f"{eks.name} pod logs", pods_gb, eks.logging.retention_days, pods_why
            )
        if eks.control_plane_logging:
            per_type, per_type_why = result.volume("control_plane_logs_gb_per_type_month")
            types = len(eks.control_plane_logging)
            bill.log_group_items(
                result,
                f"{eks.name} control plane logs",
                per_type * types,
                None,  # EKS creates /aws/eks/<cluster>/cluster itself, without a retention
                [
                    f"{eks.name} control plane: {types} log types "
                    f"({', '.join(eks.control_plane_logging)}) to /aws/eks/{eks.name}/cluster, "
                    "which EKS creates without a retention",
                    per_type_why,
                ],
            )
    return result


def spot_split(strategy: Sequence[tuple[str, int, int]], tasks: int) -> int:
    """How many of ``tasks`` the strategy puts on FARGATE_SPOT (base first, then by weight)."""
    counts = {provider: 0 for provider, _, _ in strategy}
    remaining = tasks
    for provider, base, _ in strategy:
        placed = min(base, remaining)
        counts[provider] += placed
        remaining -= placed
    # "the weight value is taken into consideration after the base value is satisfied"
    # (ECS-DG capacity providers): the ratio counts only the tasks placed by weight
    weighted = {provider: 0 for provider, _, weight in strategy if weight > 0}
    weights = {provider: weight for provider, _, weight in strategy if weight > 0}
    order = {ON_DEMAND: 0, SPOT: 1}
    for _ in range(remaining):
        provider = min(
            weighted, key=lambda p: (Decimal(weighted[p] + 1) / weights[p], order.get(p, 0))
        )
        weighted[provider] += 1
        counts[provider] += 1
    return counts.get(SPOT, 0)


@dataclass(frozen=True)
class TaskShape:
    """What pricing needs of an ECS task: its size and platform (lower-case os and arch, as
    the spec writes them) and its ephemeral storage."""

    cpu_units: int
    memory_mib: int
    os: str = "linux"
    arch: str = "x86_64"
    ephemeral_gib: int = prices.FREE_EPHEMERAL_GIB


def price_ecs_service(
    cluster: str,
    name: str,
    task: TaskShape,
    table: prices.PriceTable,
    *,
    desired: int,
    low: int | None = None,
    high: int | None = None,
    strategy: Sequence[tuple[str, int, int]] = ON_DEMAND_ONLY,
    notes: Sequence[str] = (),
) -> CostLine:
    """One ECS service's cost line: ``desired`` tasks of ``task`` (``low``/``high``: the
    autoscaling range) placed by the capacity provider ``strategy`` of (provider, base, weight).
    The one pricing function for ECS services, whether they come from a spec or a program.
    Raises :class:`~.prices.PriceError` for what the table cannot price."""
    low, desired, high = billing.counts(desired, low, high)
    on_spot = uses_spot(strategy)
    on_demand = table.hourly(
        task.cpu_units, task.memory_mib, task.os, task.arch, task.ephemeral_gib
    )
    spot = (
        table.hourly(
            task.cpu_units, task.memory_mib, task.os, task.arch, task.ephemeral_gib, spot=True
        )
        if on_spot
        else None
    )

    def hourly_mix(tasks: int) -> Decimal:
        on_spot = spot_split(strategy, tasks) if spot is not None else 0
        return on_demand * (tasks - on_spot) + (spot or Decimal(0)) * on_spot

    line = CostLine(
        name,
        cluster,
        ECS_SERVICE,
        task.os,
        task.arch,
        task.cpu_units,
        task.memory_mib,
        task.ephemeral_gib,
        low,
        desired,
        high,
        on_demand,
        spot,
        spot_split(strategy, desired) if spot is not None else 0,
        on_demand * desired,
        hourly_mix(desired),
        prices.monthly(hourly_mix(low)),
        prices.monthly(hourly_mix(desired)),
        prices.monthly(hourly_mix(high)),
        prices.monthly(on_demand, desired),
        notes=list(notes),
    )
    if task.os == "linux":
        _compare_with_ec2(line, table.region)
    else:
        line.notes.append("no EC2 comparison: Windows EC2 prices include a different licence")
    return line


def _service_line(cluster: str, service: Service, table: prices.PriceTable) -> CostLine:
    notes: list[str] = []
    if service.cpu is not None and service.memory is not None:
        cpu, memory = service.cpu, service.memory
    else:
        cpu, memory = service_size(service)
        notes.append("size not set: priced at the smallest size that fits the containers")
    scaling = service.autoscaling
    task = TaskShape(
        cpu,
        memory,
        service.os,
        service.architecture,
        service.ephemeral_storage or prices.FREE_EPHEMERAL_GIB,
    )
    return price_ecs_service(
        cluster,
        service.name,
        task,
        table,
        desired=service.desired_count,
        low=scaling.min if scaling else None,
        high=scaling.max if scaling else None,
        strategy=service.capacity.strategy(),
        notes=notes,
    )


def workload_line(cluster: str, workload: Workload, table: prices.PriceTable) -> CostLine:
    """One EKS workload's cost line, for the estimate and for the price the workload component
    exports: one function, so the two never disagree."""
    scaling = workload.autoscaling
    return price_eks_workload(
        cluster,
        workload.name,
        workload.kind,
        workload.cpu,
        workload.memory,
        table,
        desired=workload.desired_count,
        low=scaling.min if scaling else None,
        high=scaling.max if scaling else None,
    )


def price_eks_workload(
    cluster: str,
    name: str,
    kind: str,
    cpu_units: int,
    memory_mib: int,
    table: prices.PriceTable,
    *,
    desired: int,
    low: int | None = None,
    high: int | None = None,
) -> CostLine:
    """One EKS workload: ``desired`` pods of this Fargate size (``low``/``high``: the HPA's
    range). The workload component sets requests = limits so that the pod's Fargate size, with
    the 256 MB overhead, is exactly ``cpu_units``/``memory_mib``: that is the size billed.
    EKS Fargate is Linux x86_64, on-demand only, with 20 GB of storage included."""
    low, desired, high = billing.counts(desired, low, high)
    hourly = table.hourly(cpu_units, memory_mib)
    per_run = billing.billed_per_run(kind)
    notes = ["EKS on Fargate has no Spot: all pods on-demand"]
    if per_run:
        notes.append(
            f"a {kind} is billed per run: {prices.hourly_usd(hourly)} USD per "
            "hour while a pod runs; not in the monthly totals"
        )
    line = CostLine(
        name,
        cluster,
        kind,
        "linux",
        "x86_64",
        cpu_units,
        memory_mib,
        prices.FREE_EPHEMERAL_GIB,
        low,
        desired,
        high,
        hourly,
        None,
        0,
        hourly * desired,
        hourly * desired,
        None if per_run else prices.monthly(hourly, low),
        None if per_run else prices.monthly(hourly, desired),
        None if per_run else prices.monthly(hourly, high),
        None if per_run else prices.monthly(hourly, desired),
        notes=notes,
    )
    if not per_run:
        _compare_with_ec2(line, table.region)
    return line


def _compare_with_ec2(line: CostLine, region: str) -> None:
    if region != ec2.REGION:  # EC2 prices are kept for one region only: compare like for like
        return
    fleet = ec2.cheapest_fleet(line.vcpu, line.memory_gb, line.count_desired, line.arch)
    if fleet is None:
        return
    line.ec2_instance = fleet.instance.name
    line.ec2_count = fleet.count
    line.ec2_monthly = prices.monthly(fleet.hourly)
