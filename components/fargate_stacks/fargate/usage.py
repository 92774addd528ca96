"""How much a stack will use of what AWS bills by volume, where nothing offline can tell.

A spec says how many NAT gateways, load balancers and log groups there are; not how many GB go
through them. Those volumes come from this table of stated defaults, each with why it is what it
is; ``--usage FILE`` (a YAML file, :mod:`fargate_stacks.spec.usage`) overrides any of them for
the whole stack and, per ECS service or EKS workload, the ones that belong to one. Every line
item priced from an assumed volume names it, so no assumed number hides in a total.

Measure and override: NAT ``BytesOutToDestination`` + ``BytesInFromSource`` (CloudWatch
``AWS/NATGateway``), ALB ``ConsumedLCUs`` (``AWS/ApplicationELB``), a log group's
``IncomingBytes`` (``AWS/Logs``) and its ``storedBytes`` (``aws logs describe-log-groups``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

CHECKED = "2026-12-02"
DAYS_PER_MONTH = Decimal(365) / 12  # the 730-hour month of prices.HOURS_PER_MONTH, in days


@dataclass(frozen=True)
class Default:
    """One assumed volume: its value, the unit, the usage-file key, and why."""

    value: Decimal
    unit: str
    key: str
    why: str


DEFAULTS: dict[str, Default] = {
    "nat_gb_per_month": Default(
        Decimal(100),
        "GB per NAT gateway per month",
        "nat.gbPerMonth",
        "a small stack's image pulls and outbound calls that no endpoint carries; the volume "
        "of cloudburn.io's worked NAT example (one gateway, 100 GB a month)",
    ),
    "alb_lcu_per_hour": Default(
        Decimal(1),
        "LCU per load balancer per hour",
        "loadBalancers.lcuPerHour",
        "one LCU is 25 new connections/s, 3,000 active connections/min, 1 GB/h or 1,000 rule "
        "evaluations/s: a small service stays under it on every dimension, so one LCU is the "
        "most it is billed",
    ),
    "endpoint_gb_per_month": Default(
        Decimal(1),
        "GB per interface endpoint per month",
        "endpoints.gbPerMonth",
        "ECR API calls and manifests are small (image layers come from S3, through the free "
        "gateway endpoint when there is one); set it to the log volume for the logs endpoint",
    ),
    "logs_gb_per_task_month": Default(
        Decimal(1),
        "GB of logs per task or pod per month",
        "logs.gbPerTaskMonth",
        "one 400-byte line per second per task is 1.05 GB in a 730-hour month",
    ),
    "control_plane_logs_gb_per_type_month": Default(
        Decimal(1),
        "GB per EKS control plane log type per month",
        "logs.controlPlaneGbPerTypeMonth",
        "a quiet cluster; the audit log of a busy one runs far higher: measure and set it",
    ),
    "logs_compression_ratio": Default(
        Decimal(1),
        "stored GB per ingested GB",
        "logs.compressionRatio",
        "CloudWatch bills storage after gzip compression, which depends on the log lines: "
        "1 (none) is the upper bound, never an understatement; set storedBytes/IncomingBytes",
    ),
}


@dataclass(frozen=True)
class Usage:
    """The volumes a bill is priced with: the defaults, replaced where a usage file says, and
    per workload (``"cluster/name"``) where it says so for one."""

    values: Mapping[str, Decimal] = field(default_factory=dict)
    workloads: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)
    source: str = ""  # the usage file, when one was given

    def get(self, key: str, workload: str | None = None) -> tuple[Decimal, str]:
        """(value, note): the volume and the sentence that says where it comes from."""
        default = DEFAULTS[key]
        if workload is not None and key in self.workloads.get(workload, {}):
            value = self.workloads[workload][key]
            return value, f"{value} {default.unit} ({self.source}: services.{workload})"
        if key in self.values:
            value = self.values[key]
            return value, f"{value} {default.unit} ({self.source}: {default.key})"
        return (
            default.value,
            f"{default.value} {default.unit} assumed ({default.key}: {default.why})",
        )


DEFAULT_USAGE = Usage()
