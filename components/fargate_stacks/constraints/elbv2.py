"""Elastic Load Balancing v2 (load balancers, target groups, listeners): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/elbv2`` (6.x) and the botocore
1.44.8 ELBv2 model. Names are 32 characters of letters, digits and ``-``, not at either end;
a load balancer's must not begin with ``internal-`` (the provider and ELBv2 refuse it; AWS
keeps the prefix for the DNS names of internal load balancers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .model import (
    Arn,
    Between,
    Length,
    NeedsPrefix,
    NoPrefix,
    NoSuffix,
    OneOf,
    Pattern,
    Predicate,
    Rule,
    api_doc,
    botocore,
    docs,
    provider,
)

LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
TARGET_GROUP = "aws:lb/targetGroup:TargetGroup"
LISTENER = "aws:lb/listener:Listener"
LISTENER_RULE = "aws:lb/listenerRule:ListenerRule"

NAME_MAX = 32
RESERVED_PREFIX = "internal-"
NAME_TEXT = Pattern(r"[0-9A-Za-z-]+", "letters, digits and -")
PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC")
_VALIDATE = "internal/service/elbv2/validate.go"
_TG_GO = "internal/service/elbv2/target_group.go"
_LISTENER_GO = "internal/service/elbv2/listener.go"


def _name_rules(type_: str, symbol: str, operation: str) -> tuple[Rule, ...]:
    """validName / validTargetGroupName: one check per message, as the provider has them."""
    source = provider(_VALIDATE, symbol)
    return (
        Rule(type_, "name", Length(0, NAME_MAX), "plan", source),
        Rule(type_, "name", NAME_TEXT, "plan", source),
        Rule(type_, "name", NoPrefix("-"), "plan", source),
        Rule(type_, "name", NoSuffix("-"), "plan", source),
        Rule(type_, "name", Length(1, NAME_MAX), "api", api_doc("elbv2", operation, "Name")),
    )


def _http_codes(low: int, high: int) -> Predicate:
    """A matcher's HttpCode: codes, lists (``200,202``) and ranges (``200-299``) in range."""

    def test(value: str) -> str | None:
        for part in value.split(","):
            bounds = part.strip().split("-")
            if len(bounds) > 2 or not all(re.fullmatch(r"\d{3}", b.strip()) for b in bounds):
                return f"{part!r} is not an HTTP code or a range of codes"
            if not all(low <= int(b) <= high for b in bounds):
                return f"{part!r}: codes must be from {low} to {high}"
        return None

    return Predicate(test)


def _http_target_group(inputs: Mapping[str, Any]) -> bool:
    """The matcher rule of Application Load Balancers: target groups of HTTP or HTTPS."""
    return str(inputs.get("protocol") or "").upper() in ("HTTP", "HTTPS")


RULES: tuple[Rule, ...] = (
    # load balancers
    *_name_rules(LOAD_BALANCER, "validName", "CreateLoadBalancer"),
    Rule(
        LOAD_BALANCER, "name", NoPrefix(RESERVED_PREFIX), "plan", provider(_VALIDATE, "validName")
    ),
    Rule(LOAD_BALANCER, "namePrefix", Length(0, 6), "plan", provider(_VALIDATE, "validNamePrefix")),
    Rule(
        LOAD_BALANCER,
        "loadBalancerType",
        OneOf(("application", "network", "gateway")),
        "api",
        botocore("elbv2", "CreateLoadBalancer", "Type"),
    ),
    Rule(
        LOAD_BALANCER,
        "idleTimeout",
        Between(1, 4000),
        "api",
        docs("ELBv2 API reference, LoadBalancerAttribute: idle_timeout.timeout_seconds, 1-4000"),
        "the provider does not check it",
    ),
    # target groups
    *_name_rules(TARGET_GROUP, "validTargetGroupName", "CreateTargetGroup"),
    Rule(
        TARGET_GROUP,
        "namePrefix",
        Length(0, 6),
        "plan",
        provider(_VALIDATE, "validTargetGroupNamePrefix"),
    ),
    Rule(
        TARGET_GROUP,
        "port",
        Between(1, 65535),
        "plan",
        provider(_TG_GO, "port IntBetween(1, 65535)"),
    ),
    Rule(
        TARGET_GROUP,
        "protocol",
        OneOf(PROTOCOLS),
        "api",
        botocore("elbv2", "CreateTargetGroup", "Protocol"),
    ),
    Rule(
        TARGET_GROUP,
        "targetType",
        OneOf(("instance", "ip", "lambda", "alb")),
        "api",
        botocore("elbv2", "CreateTargetGroup", "TargetType"),
    ),
    Rule(
        TARGET_GROUP,
        "deregistrationDelay",
        Between(0, 3600),
        "plan",
        provider(_TG_GO, "deregistration_delay ValidateTypeStringNullableIntBetween(0, 3600)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.interval",
        Between(5, 300),
        "plan",
        provider(_TG_GO, "health_check.interval IntBetween(5, 300)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.timeout",
        Between(2, 120),
        "plan",
        provider(_TG_GO, "health_check.timeout IntBetween(2, 120)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.healthyThreshold",
        Between(2, 10),
        "plan",
        provider(_TG_GO, "health_check.healthy_threshold IntBetween(2, 10)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.unhealthyThreshold",
        Between(2, 10),
        "plan",
        provider(_TG_GO, "health_check.unhealthy_threshold IntBetween(2, 10)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.path",
        Length(1, 1024),
        "plan",
        provider(_TG_GO, "health_check.path StringLenBetween(1, 1024)"),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.path",
        NeedsPrefix("/"),
        "plan",
        provider(_TG_GO, 'health_check.path StringHasPrefix("/")'),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.protocol",
        OneOf(("HTTP", "HTTPS", "TCP"), ignore_case=True),
        "plan",
        provider(
            _TG_GO, "health_check.protocol StringInSlice(healthCheckProtocolEnumValues, true)"
        ),
    ),
    Rule(
        TARGET_GROUP,
        "healthCheck.matcher",
        _http_codes(200, 499),
        "api",
        api_doc("elbv2", "CreateTargetGroup", "Matcher.HttpCode"),
        "for Application Load Balancers; the provider does not check it",
    ).when(_http_target_group),
    # listeners
    Rule(LISTENER, "port", Between(1, 65535), "plan", provider(_LISTENER_GO, "port IsPortNumber")),
    Rule(
        LISTENER,
        "protocol",
        OneOf(PROTOCOLS, ignore_case=True),
        "plan",
        provider(_LISTENER_GO, "protocol StringInSlice(ProtocolEnum_Values, true)"),
    ),
    Rule(
        LISTENER,
        "loadBalancerArn",
        Arn(),
        "plan",
        provider(_LISTENER_GO, "load_balancer_arn ValidARN"),
    ),
    Rule(
        LISTENER,
        "certificateArn",
        Arn(),
        "plan",
        provider(_LISTENER_GO, "certificate_arn ValidARN"),
    ),
    Rule(
        LISTENER,
        "defaultActions[].type",
        OneOf(
            (
                "forward",
                "authenticate-oidc",
                "authenticate-cognito",
                "redirect",
                "fixed-response",
                "jwt-validation",
            ),
            ignore_case=True,
        ),
        "plan",
        provider(_LISTENER_GO, "default_action.type StringInSlice(ActionTypeEnum_Values, true)"),
    ),
    Rule(
        LISTENER,
        "defaultActions[].order",
        Between(1, 50000),
        "plan",
        provider(_LISTENER_GO, "default_action.order IntBetween(1, 50000)"),
    ),
    Rule(
        LISTENER,
        "defaultActions[].targetGroupArn",
        Arn(),
        "plan",
        provider(_LISTENER_GO, "default_action.target_group_arn ValidARN"),
    ),
    Rule(
        LISTENER,
        "defaultActions[].redirect.statusCode",
        OneOf(("HTTP_301", "HTTP_302")),
        "plan",
        provider(
            _LISTENER_GO, "redirect.status_code StringInSlice(RedirectActionStatusCodeEnum_Values)"
        ),
    ),
    Rule(
        LISTENER,
        "defaultActions[].redirect.protocol",
        OneOf(("#{protocol}", "HTTP", "HTTPS")),
        "plan",
        provider(_LISTENER_GO, 'redirect.protocol StringInSlice{"#{protocol}", "HTTP", "HTTPS"}'),
    ),
    Rule(
        LISTENER,
        "defaultActions[].fixedResponse.statusCode",
        Pattern(r"[245]\d\d", "a 2xx, 4xx or 5xx code"),
        "plan",
        provider(_LISTENER_GO, "fixed_response.status_code StringMatch(`^[245]\\d\\d$`)"),
    ),
)
