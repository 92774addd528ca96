"""AWS Compute Optimizer's ECS service recommendations, where it has made them.

GetECSServiceRecommendations (Compute Optimizer API reference, checked 2026-12-02) returns,
per service ARN (``arn:aws:ecs:<region>:<account>:service/<cluster>/<service>``), a finding
(Optimized, Underprovisioned, Overprovisioned), the look-back in days and options ranked best
first, each with task-level ``cpu`` (units) and ``memory`` (MiB). An account that has not
opted in answers OptInRequiredException: that is "no recommendations", not an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import botocore.exceptions

from ..fargate.recommend import Advice
from .access import calling

NOT_OPTED_IN = "OptInRequiredException"


def service_key(arn: str) -> tuple[str, str] | None:
    """``arn:aws:ecs:r:a:service/web-a1b2c3d/api`` -> ``("web-a1b2c3d", "api")``."""
    _, _, resource = arn.partition(":service/")
    cluster, _, service = resource.partition("/")
    return (cluster, service) if cluster and service else None


def ecs_advice(co: Any) -> tuple[dict[tuple[str, str], Advice], list[str]]:
    """(physical cluster, service) -> the first option, and notes (not opted in, ...)."""
    advice: dict[tuple[str, str], Advice] = {}
    token: str | None = None
    with calling("GetECSServiceRecommendations"):
        while True:
            kwargs: dict[str, Any] = {"nextToken": token} if token else {}
            try:
                page = co.get_ecs_service_recommendations(**kwargs)
            except botocore.exceptions.ClientError as error:
                if error.response.get("Error", {}).get("Code") == NOT_OPTED_IN:
                    return {}, ["AWS Compute Optimizer: this account has not opted in"]
                raise
            for item in page.get("ecsServiceRecommendations", []):
                key = service_key(item.get("serviceArn", ""))
                options = item.get("serviceRecommendationOptions") or []
                first = options[0] if options else None
                if key is None or first is None or first.get("cpu") is None:
                    continue
                if first.get("memory") is None:
                    continue
                advice[key] = Advice(
                    int(first["cpu"]),
                    int(first["memory"]),
                    str(item.get("finding", "")),
                    Decimal(str(item.get("lookbackPeriodInDays", 0))),
                )
            token = page.get("nextToken")
            if not token:
                return advice, []
