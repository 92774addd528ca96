"""The rest of the bill: one line item per thing the stack creates that AWS charges for besides
Fargate tasks and pods, counted the way the components create them.

* NAT gateways: hours and data processed, and the Elastic IP of each (:mod:`.vpc` counts them,
  as the network component does); an adopted VPC's NAT is not this stack's.
* Application Load Balancers: one per ECS service with ``loadBalancer`` and one per EKS workload
  with ``ingress`` (the AWS Load Balancer Controller makes one ALB per Ingress that names no
  group, and ours name none): hours and LCUs. An internet-facing one has a public IPv4 address
  per node, and a node per Availability Zone it is enabled in ("The nodes of an
  Internet-facing load balancer have public IP addresses", ELBv2 API CreateLoadBalancer
  Scheme; "When you enable an Availability Zone for your load balancer, Elastic Load Balancing
  creates a load balancer node in the Availability Zone", ELB user guide): at least one per
  zone, more while ELB scales it out.
* Public IPv4 addresses of ECS tasks with ``assignPublicIp``, one per running task.
* Interface VPC endpoints: per endpoint per zone, and data processed (gateway ones are free).
* CloudWatch Logs: one log group per ECS service and one for an EKS cluster's pods (their
  retention from the spec), and the control plane's log group EKS creates for the enabled log
  types: ingestion and, at steady state, storage of ``retention`` days of logs.

Volumes come from :mod:`.usage`; rates from :mod:`.aws_prices` (a rate a region lacks leaves
the item unpriced, with a note). Items are priced at the desired count all month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from . import prices, vpc
from .aws_prices import KEYS, AwsPrices
from .billing import ECS_SERVICE, billed_per_run
from .usage import DAYS_PER_MONTH, Usage

HOURS = Decimal(prices.HOURS_PER_MONTH)


@dataclass(frozen=True)
class LineItem:
    """One priced quantity: ``quantity`` units a month at ``unit_price`` (None: not priced)."""

    category: str
    resource: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    assumptions: tuple[str, ...] = ()
    source: str = ""

    @property
    def monthly(self) -> Decimal | None:
        return None if self.unit_price is None else self.quantity * self.unit_price

    def to_dict(self, stack: str) -> dict[str, Any]:
        return {
            "stack": stack,
            "category": self.category,
            "resource": self.resource,
            "quantity": prices.json_number(self.quantity.normalize()),
            "unit": self.unit,
            "unit_price_usd": prices.json_number(self.unit_price),
            "monthly_usd": prices.monthly_usd(self.monthly),
            "assumptions": list(self.assumptions),
            "source": self.source,
        }


# What the bill reads of a spec, as protocols (the spec's models fit them).


class Network(Protocol):
    @property
    def nat(self) -> str: ...
    @property
    def az_count(self) -> int: ...
    @property
    def endpoints(self) -> Sequence[str]: ...
    @property
    def vpc_id(self) -> str | None: ...
    @property
    def private_subnet_ids(self) -> Sequence[str]: ...
    @property
    def public_subnet_ids(self) -> Sequence[str]: ...


class Scheme(Protocol):
    @property
    def scheme(self) -> str: ...


class Logging(Protocol):
    @property
    def retention_days(self) -> int: ...


class EksLogging(Logging, Protocol):
    @property
    def enabled(self) -> bool: ...


class Service(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def load_balancer(self) -> Scheme | None: ...
    @property
    def assign_public_ip(self) -> bool: ...
    @property
    def logging(self) -> Logging: ...


class Workload(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def ingress(self) -> Scheme | None: ...


class EcsCluster(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def services(self) -> Sequence[Service]: ...


class EksCluster(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def workloads(self) -> Sequence[Workload]: ...
    @property
    def logging(self) -> EksLogging: ...
    @property
    def control_plane_logging(self) -> Sequence[str]: ...


@dataclass
class Bill:
    """Builds the items of one stack; ``notes`` gathers what could not be priced."""

    rates: AwsPrices
    usage: Usage
    items: list[LineItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    volumes: dict[str, None] = field(default_factory=dict)  # each assumed volume's note, once

    def volume(self, key: str, workload: str | None = None) -> tuple[Decimal, str]:
        """A volume of :mod:`.usage` with its note, which the report then states."""
        value, note = self.usage.get(key, workload)
        self.volumes.setdefault(note, None)
        return value, note

    def add(
        self,
        category: str,
        resource: str,
        quantity: Decimal,
        key: str,
        assumptions: Sequence[str] = (),
    ) -> None:
        rate = self.rates.rate(key)
        assumed = list(assumptions)
        if rate is None:
            note = self.rates.missing_note(key, f"{category} {resource}")
            assumed.append(note)
            self.notes.append(note)
        self.items.append(
            LineItem(
                category,
                resource,
                quantity,
                rate.unit if rate else KEYS[key][0],
                rate.usd if rate else None,
                tuple(assumed),
                rate.source if rate else "",
            )
        )


def network_items(bill: Bill, network: Network) -> None:
    """NAT gateways, their Elastic IPs and the interface endpoints of a new VPC."""
    if network.vpc_id is not None:
        return  # adopted: its NAT gateways and endpoints are not created (or billed) here
    nats = vpc.nat_gateway_count(network.nat, network.az_count)
    if nats:
        gb, why = bill.volume("nat_gb_per_month")
        bill.add("NAT gateway", f"network ({network.nat})", nats * HOURS, "nat_hour")
        bill.add("NAT gateway", "network data processed", nats * gb, "nat_gb", [why])
        bill.add("Public IPv4", "NAT gateway Elastic IPs", nats * HOURS, "public_ipv4_hour")
    for service in vpc.interface_services(network.endpoints):
        gb, why = bill.volume("endpoint_gb_per_month")
        zones = network.az_count
        bill.add(
            "VPC endpoint",
            f"{service} ({zones} AZ)",
            zones * HOURS,
            "endpoint_az_hour",
        )
        bill.add("VPC endpoint", f"{service} data processed", gb, "endpoint_gb", [why])


def _zones(network: Network, public: bool) -> tuple[int, list[str]]:
    """How many zones (so nodes) a load balancer spans: a new VPC's every zone; an adopted
    VPC's given subnets, one zone each (an assumption, said)."""
    if network.vpc_id is None:
        return network.az_count, []
    subnets = network.public_subnet_ids if public else network.private_subnet_ids
    return max(len(subnets), 1), [
        f"{len(subnets)} {'public' if public else 'private'} subnets of the adopted VPC taken "
        "as one zone each"
    ]


def load_balancer_items(bill: Bill, name: str, scheme: str, network: Network) -> None:
    """One ALB: hours, LCUs, and the public IPv4 addresses of an internet-facing one's nodes."""
    lcu, why = bill.volume("alb_lcu_per_hour", name)
    bill.add("Load balancer", f"{name} ALB ({scheme})", HOURS, "alb_hour")
    bill.add("Load balancer", f"{name} ALB capacity units", lcu * HOURS, "alb_lcu_hour", [why])
    if scheme == "public":
        zones, assumed = _zones(network, public=True)
        bill.add(
            "Public IPv4",
            f"{name} ALB nodes",
            zones * HOURS,
            "public_ipv4_hour",
            [
                f"internet-facing ALB: a node, so a public IPv4 address, per Availability Zone "
                f"({zones}), the fewest ELB runs",
                *assumed,
            ],
        )


def log_group_items(
    bill: Bill, resource: str, ingest_gb: Decimal, retention_days: int | None, why: Sequence[str]
) -> None:
    """Ingestion of a month's logs, and storage of what the retention keeps at steady state
    (``retention_days`` None: kept forever, priced as the month's growth)."""
    ratio, ratio_why = bill.volume("logs_compression_ratio")
    bill.add("CloudWatch Logs", f"{resource} ingestion", ingest_gb, "logs_ingest_gb", why)
    if retention_days is None:
        stored = ingest_gb * ratio
        kept = f"{resource}: kept forever, so storage grows by this every month"
    else:
        stored = ingest_gb * ratio * Decimal(retention_days) / DAYS_PER_MONTH
        kept = f"{resource}: {retention_days} days kept (steady state)"
    bill.add(
        "CloudWatch Logs",
        f"{resource} storage",
        stored.quantize(Decimal("0.001")),
        "logs_storage_gb_month",
        [*why, kept, ratio_why],
    )


def workload_logs_gb(bill: Bill, name: str, kind: str, tasks: int) -> tuple[Decimal, list[str]]:
    """The month's logs of one service or workload (none counted for a per-run Job)."""
    if billed_per_run(kind):
        return Decimal(0), [f"{name}: a {kind} logs per run, not counted"]
    gb, why = bill.volume("logs_gb_per_task_month", name)
    noun = "task" if kind == ECS_SERVICE else "pod"
    return gb * tasks, [f"{name}: {tasks} {noun}{'' if tasks == 1 else 's'} logging", why]
