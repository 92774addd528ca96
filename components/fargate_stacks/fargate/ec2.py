"""EC2 on-demand prices for a fair comparison with Fargate, kept as data with their sources.

A comparison is fair only like for like: Linux, the same CPU architecture, on-demand, and the
same tasks packed whole onto instances (a task cannot span two). It still flatters EC2 a little:
it ignores the memory the OS and the ECS agent or kubelet take, the idle headroom an Auto Scaling
group keeps, and that burstable t-types sustain only part of their vCPUs; :data:`NOTE` says so
next to every figure.

Prices: Linux on-demand, us-east-1, per hour. t2.large is the article's figure (spacelift.io,
"What is AWS Fargate?", October 2023: $0.0928/h); the others are from the EC2 on-demand pricing
page (aws.amazon.com/ec2/pricing/on-demand), checked 2026-11-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import ceil, floor

REGION = "us-east-1"
CHECKED = "2026-11-30"
NOTE = (
    "EC2 figure: the cheapest single-type fleet that fits the tasks whole, Linux on-demand "
    "us-east-1; excludes OS/agent overhead and idle headroom"
)


@dataclass(frozen=True)
class InstanceType:
    name: str
    vcpu: int
    memory_gib: Decimal
    arch: str  # x86_64 or arm64
    hourly: Decimal
    source: str


_PRICING_PAGE = "aws.amazon.com/ec2/pricing/on-demand (us-east-1, Linux)"

INSTANCE_TYPES: tuple[InstanceType, ...] = (
    InstanceType(
        "t2.large",
        2,
        Decimal(8),
        "x86_64",
        Decimal("0.0928"),
        "spacelift.io 'What is AWS Fargate?' (October 2023)",
    ),
    InstanceType("t3.micro", 2, Decimal(1), "x86_64", Decimal("0.0104"), _PRICING_PAGE),
    InstanceType("t3.small", 2, Decimal(2), "x86_64", Decimal("0.0208"), _PRICING_PAGE),
    InstanceType("t3.medium", 2, Decimal(4), "x86_64", Decimal("0.0416"), _PRICING_PAGE),
    InstanceType("t3.large", 2, Decimal(8), "x86_64", Decimal("0.0832"), _PRICING_PAGE),
    InstanceType("t3.xlarge", 4, Decimal(16), "x86_64", Decimal("0.1664"), _PRICING_PAGE),
    InstanceType("m5.large", 2, Decimal(8), "x86_64", Decimal("0.096"), _PRICING_PAGE),
    InstanceType("m5.xlarge", 4, Decimal(16), "x86_64", Decimal("0.192"), _PRICING_PAGE),
    InstanceType("m5.2xlarge", 8, Decimal(32), "x86_64", Decimal("0.384"), _PRICING_PAGE),
    InstanceType("m5.4xlarge", 16, Decimal(64), "x86_64", Decimal("0.768"), _PRICING_PAGE),
    InstanceType("c5.large", 2, Decimal(4), "x86_64", Decimal("0.085"), _PRICING_PAGE),
    InstanceType("r5.large", 2, Decimal(16), "x86_64", Decimal("0.126"), _PRICING_PAGE),
    InstanceType("r5.4xlarge", 16, Decimal(128), "x86_64", Decimal("1.008"), _PRICING_PAGE),
    InstanceType("t4g.micro", 2, Decimal(1), "arm64", Decimal("0.0084"), _PRICING_PAGE),
    InstanceType("t4g.small", 2, Decimal(2), "arm64", Decimal("0.0168"), _PRICING_PAGE),
    InstanceType("t4g.medium", 2, Decimal(4), "arm64", Decimal("0.0336"), _PRICING_PAGE),
    InstanceType("t4g.large", 2, Decimal(8), "arm64", Decimal("0.0672"), _PRICING_PAGE),
    InstanceType("m6g.large", 2, Decimal(8), "arm64", Decimal("0.077"), _PRICING_PAGE),
    InstanceType("m6g.xlarge", 4, Decimal(16), "arm64", Decimal("0.154"), _PRICING_PAGE),
    InstanceType("m6g.4xlarge", 16, Decimal(64), "arm64", Decimal("0.616"), _PRICING_PAGE),
)

BY_NAME = {t.name: t for t in INSTANCE_TYPES}


@dataclass(frozen=True)
class Fleet:
    instance: InstanceType
    count: int

    @property
    def hourly(self) -> Decimal:
        return self.instance.hourly * self.count


def cheapest_fleet(
    vcpu: Decimal, memory_gib: Decimal, tasks: int, arch: str = "x86_64"
) -> Fleet | None:
    """The cheapest number of one instance type holding ``tasks`` tasks of this size whole."""
    if tasks <= 0:
        return None
    best: Fleet | None = None
    for instance in INSTANCE_TYPES:
        if instance.arch != arch.lower():
            continue
        per_instance = min(floor(instance.vcpu / vcpu), floor(instance.memory_gib / memory_gib))
        if per_instance < 1:
            continue
        fleet = Fleet(instance, ceil(tasks / per_instance))
        if best is None or fleet.hourly < best.hourly:
            best = fleet
    return best
