"""Application Auto Scaling (scalable targets, scaling policies, scheduled actions): input
constraints, and the grammar of a scheduled action's schedule.

Read 2026-12 from terraform-provider-aws ``internal/service/appautoscaling`` and the botocore
1.44.8 model. The provider checks nothing of a scheduled action's name, schedule or time zone:
PutScheduledAction refuses them at ``pulumi up``. Its schedule is ``at(yyyy-mm-ddThh:mm:ss)``,
``rate(value unit)`` or ``cron(fields)`` with **six** fields ("[Minutes] [Hours]
[Day_of_Month] [Month] [Day_of_Week] [Year]", the API reference), in the cron syntax of
EventBridge (EventBridge User Guide, cron expressions reference: the values and wildcards per
field below, and "you can't specify the Day-of-month and Day-of-week fields in the same cron
expression"); a Kubernetes-style five-field cron is refused. The time zone is an IANA name.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime
from functools import cache

from .model import (
    Between,
    Length,
    OneOf,
    Pattern,
    Predicate,
    Printable,
    Rule,
    api_doc,
    botocore,
    provider,
)

TARGET = "aws:appautoscaling/target:Target"
POLICY = "aws:appautoscaling/policy:Policy"
SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction"

# (name, low, high, wildcards, names for the values) per cron field, in order
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
CRON_FIELDS: tuple[tuple[str, int, int, str, tuple[str, ...]], ...] = (
    ("minutes", 0, 59, ",-*/", ()),
    ("hours", 0, 23, ",-*/", ()),
    ("day-of-month", 1, 31, ",-*?/LW", ()),
    ("month", 1, 12, ",-*/", _MONTHS),
    ("day-of-week", 1, 7, ",-*?L#", _DAYS),
    ("year", 1970, 2199, ",-*/", ()),
)
RATE_UNITS = ("minute", "minutes", "hour", "hours", "day", "days")
EXAMPLE = "cron(0 7 ? * MON-FRI *)"
_CRON = re.compile(r"cron\((.*)\)", re.DOTALL)
_RATE = re.compile(r"rate\((\S+) (\S+)\)")
_AT = re.compile(r"at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)")


def schedule_problem(schedule: str) -> str | None:
    """What PutScheduledAction would refuse in ``schedule``, or None."""
    if schedule.startswith("cron("):
        match = _CRON.fullmatch(schedule)
        return "a cron expression ends with ')'" if match is None else _cron_problem(match[1])
    if schedule.startswith("rate("):
        match = _RATE.fullmatch(schedule)
        if match is None:
            return "write rate(value unit), such as rate(5 minutes)"
        value, unit = match.groups()
        if not value.isdigit() or int(value) < 1:
            return f"rate value {value!r} is not a positive integer"
        if unit not in RATE_UNITS:
            return f"rate unit {unit!r} is not one of {', '.join(RATE_UNITS)}"
        return None
    if schedule.startswith("at("):
        match = _AT.fullmatch(schedule)
        if match is None:
            return "write at(yyyy-mm-ddThh:mm:ss), such as at(2027-01-15T07:00:00)"
        try:
            datetime.strptime(match[1], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return f"{match[1]} is not a date and time"
        return None
    return f"not at(...), rate(...) or cron(...), such as {EXAMPLE}"


def _cron_problem(body: str) -> str | None:
    fields = body.split()
    if len(fields) != len(CRON_FIELDS):
        fix = f"cron({' '.join(six_fields(fields))})" if len(fields) == 5 else EXAMPLE
        return (
            f"{len(fields)} cron fields: App Auto Scaling takes 6 (minutes hours "
            f"day-of-month month day-of-week year), such as {fix}"
        )
    for value, spec in zip(fields, CRON_FIELDS, strict=True):
        problem = _field_problem(value, *spec)
        if problem:
            return problem
    day_of_month, day_of_week = fields[2], fields[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        return "exactly one of day-of-month and day-of-week must be '?'"
    return None


def six_fields(fields: list[str]) -> list[str]:
    """A Kubernetes-style cron (minute hour day-of-month month day-of-week) in App Auto
    Scaling's six fields: a year of ``*`` and ``?`` for the day field not given (Kubernetes
    numbers Sunday 0, App Auto Scaling 1, so numeric days become names)."""
    minute, hour, dom, month, dow = fields
    dow = re.sub(r"\d", lambda m: _DAYS[int(m[0]) % 7], dow) if dow not in ("*", "?") else dow
    if dow == "*":
        dow = "?"
    elif dom == "*":
        dom = "?"
    return [minute, hour, dom, month, dow, "*"]


def _field_problem(
    value: str, name: str, low: int, high: int, wildcards: str, names: tuple[str, ...]
) -> str | None:
    if value == "?":
        return None if "?" in wildcards else f"{name} cannot be '?'"
    for item in value.split(","):
        if not item:
            return f"{name} {value!r} has an empty item"
        if not _item_ok(item.upper(), low, high, wildcards, names):
            allowed = f"{low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")
            return f"{name} {item!r} is not a value ({allowed}) or a wildcard of {wildcards!r}"
    return None


def _item_ok(item: str, low: int, high: int, wildcards: str, names: tuple[str, ...]) -> bool:
    def number(text: str) -> bool:
        if text in names:
            return True
        return text.isdigit() and low <= int(text) <= high

    base, slash, step = item.partition("/")
    if slash and ("/" not in wildcards or not step.isdigit() or int(step) < 1):
        return False
    if base == "*":
        return True
    if "L" in wildcards and "W" in wildcards and base in ("L", "LW"):  # last (week)day
        return True
    if "W" in wildcards and base.endswith("W"):
        return number(base[:-1]) and not slash
    if "#" in wildcards and "#" in base:
        day, _, nth = base.partition("#")
        return number(day) and nth.isdigit() and 1 <= int(nth) <= 5 and not slash
    if "L" in wildcards and "W" not in wildcards and base.endswith("L"):  # 5L: last Thursday
        return base == "L" or number(base[:-1])
    start, dash, end = base.partition("-")
    return number(start) and (not dash or number(end))


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def timezone_problem(name: str) -> str | None:
    """An IANA time zone name (the tz database as zoneinfo knows it, from the tzdata package
    where the system has none), such as Europe/Paris or Etc/GMT+9."""
    if name in _zones():
        return None
    near = [z for z in _zones() if z.lower() == name.lower()]
    hint = f" (did you mean {near[0]}?)" if near else " such as Europe/Paris or America/New_York"
    return f"not an IANA time zone name{hint}"


_SCHEDULED_GO = "internal/service/appautoscaling/scheduled_action.go"
RULES: tuple[Rule, ...] = (
    Rule(
        TARGET,
        "serviceNamespace",
        OneOf(
            (
                "ecs",
                "elasticmapreduce",
                "ec2",
                "appstream",
                "dynamodb",
                "rds",
                "sagemaker",
                "custom-resource",
                "comprehend",
                "lambda",
                "cassandra",
                "kafka",
                "elasticache",
                "neptune",
                "workspaces",
            )
        ),
        "api",
        botocore("application-autoscaling", "RegisterScalableTarget", "ServiceNamespace"),
    ),
    Rule(
        TARGET,
        "resourceId",
        Length(1, 1600),
        "api",
        botocore("application-autoscaling", "RegisterScalableTarget", "ResourceId"),
    ),
    Rule(
        POLICY,
        "name",
        Length(0, 255),
        "plan",
        provider("internal/service/appautoscaling/policy.go", "name StringLenBetween(0, 255)"),
    ),
    Rule(
        POLICY,
        "name",
        Length(1, 256),
        "api",
        botocore("application-autoscaling", "PutScalingPolicy", "PolicyName"),
    ),
    Rule(
        POLICY,
        "name",
        Printable(),
        "api",
        botocore("application-autoscaling", "PutScalingPolicy", "PolicyName"),
    ),
    Rule(
        POLICY,
        "policyType",
        OneOf(("StepScaling", "TargetTrackingScaling", "PredictiveScaling")),
        "plan",
        provider(
            "internal/service/appautoscaling/policy.go", "policy_type enum.Validate[PolicyType]"
        ),
    ),
    Rule(
        POLICY,
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel",
        Length(1, 1023),
        "api",
        botocore(
            "application-autoscaling",
            "PutScalingPolicy",
            "TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel",
        ),
    ),
    Rule(
        SCHEDULED_ACTION,
        "name",
        Length(1, 256),
        "api",
        botocore("application-autoscaling", "PutScheduledAction", "ScheduledActionName"),
    ),
    Rule(
        SCHEDULED_ACTION,
        "name",
        Pattern(
            r"(?!((^[ ]+.*)|(.*([\u0000-\u001f]|[\u007f-\u009f]|[:/|])+.*)|(.*[ ]+$))).+",
            "no ':', '/', '|', control characters or leading/trailing spaces",
        ),
        "api",
        botocore("application-autoscaling", "PutScheduledAction", "ScheduledActionName"),
        "the provider checks nothing of a scheduled action's name, schedule or time zone",
    ),
    Rule(
        SCHEDULED_ACTION,
        "schedule",
        Predicate(schedule_problem),
        "api",
        api_doc("application-autoscaling", "PutScheduledAction", "Schedule"),
    ),
    Rule(
        SCHEDULED_ACTION,
        "timezone",
        Predicate(timezone_problem),
        "api",
        api_doc("application-autoscaling", "PutScheduledAction", "Timezone"),
    ),
    *(
        Rule(
            SCHEDULED_ACTION,
            f"scalableTargetAction.{bound}Capacity",
            Between(0, float("inf")),
            "plan",
            provider(_SCHEDULED_GO, f"scalable_target_action.{bound}_capacity AtLeast(0)"),
        )
        for bound in ("min", "max")
    ),
)
