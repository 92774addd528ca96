"""``--usage FILE``: the volumes a bill assumes (:mod:`fargate_stacks.fargate.usage`), stated
for a stack, validated like a spec (camelCase keys, unknown keys refused with did-you-mean,
duplicate keys refused, every error at its file and line)::

    nat:
      gbPerMonth: 250            # per NAT gateway
    loadBalancers:
      lcuPerHour: 2              # per ALB
    endpoints:
      gbPerMonth: 5              # per interface endpoint
    logs:
      gbPerTaskMonth: 0.5        # per task or pod
      controlPlaneGbPerTypeMonth: 4
      compressionRatio: 0.2      # stored GB per ingested GB
    services:                    # per ECS service or EKS workload, as cluster/name
      web/api: {lcuPerHour: 5, logsGbPerTaskMonth: 3}

Every key is optional: what a file leaves out keeps its stated default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from ..errors import InputError, Problem
from ..fargate.usage import Usage
from ..suggest import did_you_mean
from ..yamlsource import load_one
from .loader import validation_problems
from .located import KEY
from .models import Model, StackSpec

Volume = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]


class NatUsage(Model):
    """Traffic through the NAT gateways."""

    gb_per_month: Volume | None = Field(None, description="GB processed per NAT gateway a month.")


class LoadBalancerUsage(Model):
    """Load on each Application Load Balancer."""

    lcu_per_hour: Volume | None = Field(None, description="LCUs per ALB, averaged per hour.")


class EndpointUsage(Model):
    """Traffic through each interface VPC endpoint."""

    gb_per_month: Volume | None = Field(None, description="GB per interface endpoint a month.")


class LogsUsage(Model):
    """What the log groups receive and keep."""

    gb_per_task_month: Volume | None = Field(None, description="GB of logs per task or pod.")
    control_plane_gb_per_type_month: Volume | None = Field(
        None, description="GB per EKS control plane log type a month."
    )
    compression_ratio: Annotated[Decimal, Field(gt=0, le=1, allow_inf_nan=False)] | None = Field(
        None, description="Stored GB per ingested GB (CloudWatch stores logs gzipped)."
    )


class WorkloadUsage(Model):
    """What one ECS service or EKS workload uses, over the stack's figures."""

    lcu_per_hour: Volume | None = Field(None, description="LCUs of its ALB, per hour.")
    logs_gb_per_task_month: Volume | None = Field(None, description="GB of logs per task.")


class UsageSpec(Model):
    """A usage file: volumes the bill cannot know offline."""

    nat: NatUsage = NatUsage()
    load_balancers: LoadBalancerUsage = LoadBalancerUsage()
    endpoints: EndpointUsage = EndpointUsage()
    logs: LogsUsage = LogsUsage()
    services: dict[str, WorkloadUsage] = Field(
        {}, description="Per ECS service or EKS workload, keyed cluster/name."
    )

    def to_usage(self, source: str) -> Usage:
        values = {
            "nat_gb_per_month": self.nat.gb_per_month,
            "alb_lcu_per_hour": self.load_balancers.lcu_per_hour,
            "endpoint_gb_per_month": self.endpoints.gb_per_month,
            "logs_gb_per_task_month": self.logs.gb_per_task_month,
            "control_plane_logs_gb_per_type_month": self.logs.control_plane_gb_per_type_month,
            "logs_compression_ratio": self.logs.compression_ratio,
        }
        workloads = {
            name: {
                key: value
                for key, value in (
                    ("alb_lcu_per_hour", w.lcu_per_hour),
                    ("logs_gb_per_task_month", w.logs_gb_per_task_month),
                )
                if value is not None
            }
            for name, w in self.services.items()
        }
        return Usage({k: v for k, v in values.items() if v is not None}, workloads, source)


def load_usage(path: str | Path, workloads: Sequence[str] | None = None) -> Usage:
    """The usage file at ``path``; ``workloads`` (``cluster/name`` of the stack's services and
    workloads) refuses a ``services`` entry that names none of them."""
    doc = load_one(path)
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        raise InputError(
            [
                doc.problem(
                    (),
                    "a usage file is a mapping (nat, loadBalancers, endpoints, logs, services)",
                    "",
                )
            ]
        )
    if doc.data is None:  # an empty file: every default stands
        doc = dataclasses.replace(doc, data=data)
    try:
        spec = UsageSpec.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, doc, UsageSpec)) from None
    if workloads is not None:
        problems: list[Problem] = [
            doc.problem(
                ("services", name, KEY),
                f"no ECS service or EKS workload {name!r} in the stack"
                + (did_you_mean(name, workloads) or f" (it has: {', '.join(workloads)})"),
                f"services.{name}",
            )
            for name in spec.services
            if name not in workloads
        ]
        if problems:
            raise InputError(problems)
    return spec.to_usage(str(path))


def workload_names(spec: StackSpec) -> list[str]:
    """``cluster/name`` of every ECS service and EKS workload: what a usage file may name."""
    names = [
        f"{c.name}/{s.name}" for c in (spec.ecs.clusters if spec.ecs else []) for s in c.services
    ]
    names += [
        f"{c.name}/{w.name}" for c in (spec.eks.clusters if spec.eks else []) for w in c.workloads
    ]
    return names
