"""How long Fargate bills what runs: around the clock, or per run.

Fargate bills from the start of the image pull to the end of the task or pod, per second with a
one-minute minimum (aws.amazon.com/fargate/pricing; shared/reference/fargate-rules.md, section 6,
checked 2026-12-01). A Deployment's pods (and an ECS service's tasks) run all month; a Job's or a
CronJob's pods run and stop, so they cost per hour of a run and no monthly figure can be told
without knowing how long and how often they run. :func:`billed_per_run` is that one rule, read by
the cost estimate, ``size`` and the exported workload prices.

How many run all month: the desired count, held inside the autoscaling range when there is one.
ECS and the Kubernetes HPA both clamp the count they start from into [min, max] and scale from
there, so :func:`counts` is what the estimate and the components use alike.
"""

from __future__ import annotations

PER_RUN_KINDS = frozenset({"Job", "CronJob"})
ECS_SERVICE = "ECS service"  # the kind of a cost line (or a rightsize row) that is an ECS service


def billed_per_run(kind: str) -> bool:
    """A Kubernetes kind whose pods run and stop (billed per run, not per month)."""
    return kind in PER_RUN_KINDS


def counts(desired: int, low: int | None = None, high: int | None = None) -> tuple[int, int, int]:
    """(at the minimum, as deployed, at the maximum) of a service or workload: the desired count
    clamped into the autoscaling range, or the desired count throughout without one."""
    if low is None or high is None:
        return desired, desired, desired
    return low, min(max(desired, low), high), high
