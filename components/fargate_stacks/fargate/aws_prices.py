"""What AWS charges for what a stack creates besides Fargate: load balancers, NAT gateways,
public IPv4 addresses, interface VPC endpoints, CloudWatch Logs. (The EKS control plane's rates,
$0.10 an hour in standard support and $0.60 in extended, live with its release calendar in
:mod:`.eks_versions`, the one place the estimate reads them from.)

Each rate is a dated, sourced row per region (:data:`BUILT_IN`), or one row for all regions
where AWS charges the same everywhere (:data:`EVERY_REGION`). A region without a figure is not
given another region's: that line item is refused with a note naming the key to supply
(:meth:`AwsPrices.rate` returns None), so a bill never passes a guess for a price.

Sources (checked 2026-12-02):

* ``alb_hour``, ``alb_lcu_hour``: aws.amazon.com/elasticloadbalancing/pricing, its worked
  example for US East (N. Virginia): "$0.0225 hourly charge", "$0.008 per LCU" (transcribed
  2026-09-20 by api-evangelist/amazon-elastic-load-balancing); the same figures in
  cloud-horizons.com "ALB: the line item nobody watches" (2026-05-08). An LCU is 25 new
  connections per second, 3,000 active connections per minute, 1 GB per hour for IP targets or
  1,000 rule evaluations per second, whichever is highest. eu-west-1: $0.0252 per ALB-hour
  (cal53.calculator.city ALB table, "Europe (Ireland)"), $0.008 per LCU-hour (the same rate per
  region as us-east-1 in gist jbuck/0497eb62, eu-west-1 ``lcu_cost: 0.008``).
* ``nat_hour``, ``nat_gb``: aws.amazon.com/vpc/pricing, its NAT gateway example: "$0.045 per
  hour", "Data Processing charge ... $0.045 per GB" (transcribed 2026-09-20 by
  api-evangelist/amazon-vpc); us-east-1 in basavytix.com "AWS NAT Gateway pricing" and
  zacfukuda.com (as of 2026-06-01). Not found for eu-west-1 (third parties give a range).
* ``public_ipv4_hour``: "Effective February 1, 2024 ... $0.005 per IP per hour" for every
  public IPv4 address, in use or idle, in all commercial regions (AWS News Blog, "New - AWS
  Public IPv4 Address Charge + Public IP Insights", 2023-07-28; repost.aws "Public IPv4
  Addresses Cost Projection"; doit.com).
* ``endpoint_az_hour``, ``endpoint_gb``: aws.amazon.com/privatelink/pricing: billed "for each
  hour that your VPC endpoint remains provisioned in each Availability Zone" and per GB
  processed, "First 1 PB $0.01"; $0.010 per hour in us-east-1 (zacfukuda.com, as of
  2026-06-01; awsnegotiations.com). Not found for eu-west-1.
* ``logs_ingest_gb``, ``logs_storage_gb_month``: aws.amazon.com/cloudwatch/pricing, Standard log
  class, us-east-1: $0.50 per GB ingested, $0.03 per GB-month stored (c3x.dev "CloudWatch Logs
  cost optimization", us-east-1 June 2026; hykell.com; infracost's CloudWatch log group
  figures). Storage is of the archived, compressed data: "compressed using gzip level 6"
  (CloudWatch Logs user guide); :mod:`.usage` states the ratio assumed. Not found for
  eu-west-1.
* Route 53: no component creates a hosted zone (Service Connect uses a Cloud Map HTTP
  namespace), so there is no zone to price.

Supplying prices: a price file's region table (:mod:`.prices`) may carry an ``aws`` mapping of
these keys (numbers, or strings for exact figures), which overrides the built-in rows key by
key and prices a region that has none (the figures below are placeholders: copy yours from the
pricing pages)::

    eu-west-1:
      linux/x86_64: {vcpu_hour: "0.04048", gb_hour: "0.004445"}
      aws:
        nat_hour: "0.1"
        nat_gb: "0.1"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import InputError, Problem
from ..suggest import did_you_mean
from ..yamlsource import Document, dotted

CHECKED = "2026-12-02"
PRICE_FILE_KEY = "aws"  # the key of a price file's region table that holds these rates


@dataclass(frozen=True)
class Rate:
    """One price: what it is per, and where it comes from."""

    usd: Decimal
    unit: str
    source: str


# key -> (unit, what it prices): the units the line items are counted in
KEYS: dict[str, tuple[str, str]] = {
    "alb_hour": ("ALB-hour", "Application Load Balancer, per load balancer and hour"),
    "alb_lcu_hour": ("LCU-hour", "Application Load Balancer capacity unit, per hour"),
    "nat_hour": ("NAT gateway-hour", "NAT gateway, per gateway and hour"),
    "nat_gb": ("GB", "NAT gateway data processed, per GB"),
    "public_ipv4_hour": ("IP-hour", "public IPv4 address, per address and hour"),
    "endpoint_az_hour": ("endpoint-AZ-hour", "interface VPC endpoint, per endpoint, AZ and hour"),
    "endpoint_gb": ("GB", "interface VPC endpoint data processed, per GB (first PB)"),
    "logs_ingest_gb": ("GB", "CloudWatch Logs ingestion (Standard class), per GB"),
    "logs_storage_gb_month": ("GB-month", "CloudWatch Logs storage, per GB-month (compressed)"),
}

_ELB = "aws.amazon.com/elasticloadbalancing/pricing (us-east-1 worked example)"
_VPC = "aws.amazon.com/vpc/pricing (NAT gateway example, us-east-1)"
_PRIVATELINK = "aws.amazon.com/privatelink/pricing (us-east-1)"
_LOGS = "aws.amazon.com/cloudwatch/pricing (Standard log class, us-east-1)"

BUILT_IN: dict[str, dict[str, tuple[str, str]]] = {
    "us-east-1": {
        "alb_hour": ("0.0225", _ELB),
        "alb_lcu_hour": ("0.008", _ELB),
        "nat_hour": ("0.045", _VPC),
        "nat_gb": ("0.045", _VPC),
        "endpoint_az_hour": ("0.01", _PRIVATELINK),
        "endpoint_gb": ("0.01", _PRIVATELINK),
        "logs_ingest_gb": ("0.50", _LOGS),
        "logs_storage_gb_month": ("0.03", _LOGS),
    },
    "eu-west-1": {
        "alb_hour": ("0.0252", "cal53.calculator.city ALB region table (Europe (Ireland))"),
        "alb_lcu_hour": ("0.008", "gist jbuck/0497eb62 (eu-west-1 lcu_cost)"),
    },
}
# AWS charges these the same in every commercial region.
EVERY_REGION: dict[str, tuple[str, str]] = {
    "public_ipv4_hour": ("0.005", "AWS News Blog 2023-07-28: $0.005 per IP-hour since 2024-02-01"),
}


@dataclass(frozen=True)
class AwsPrices:
    """The non-Fargate rates of one region, with the keys it has no figure for."""

    region: str
    rates: Mapping[str, Rate]
    overridden: frozenset[str] = field(default=frozenset())

    def rate(self, key: str) -> Rate | None:
        """The rate, or None where no source gives this region's figure (refuse, never guess)."""
        return self.rates.get(key)

    def missing_note(self, key: str, what: str) -> str:
        return (
            f"{what} not priced: no {key} price for {self.region} (built in for "
            f"{', '.join(r for r in BUILT_IN if key in BUILT_IN[r])}); give it in a price "
            f"file's {self.region}.{PRICE_FILE_KEY}.{key} (--prices FILE)"
        )


def aws_prices_for(
    region: str, overrides: Mapping[str, Decimal] | None = None, source: str = ""
) -> AwsPrices:
    """The built-in rates of ``region``, then ``overrides`` (a price file's ``aws`` mapping)."""
    rates: dict[str, Rate] = {}
    for key, (text, src) in {**EVERY_REGION, **BUILT_IN.get(region, {})}.items():
        rates[key] = Rate(Decimal(text), KEYS[key][0], f"{src}, checked {CHECKED}")
    for key, amount in (overrides or {}).items():
        rates[key] = Rate(amount, KEYS[key][0], source or "price file")
    return AwsPrices(region, rates, frozenset(overrides or ()))


def overrides_from_data(
    data: Any, doc: Document, prefix: tuple[str | int, ...]
) -> dict[str, Decimal]:
    """A price file's ``aws`` mapping, validated: known keys, numbers 0 or more; every problem
    located at its line (did-you-mean for a misspelt key)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputError([doc.problem(prefix, "must be a mapping of price keys to numbers")])
    out: dict[str, Decimal] = {}
    for key, value in data.items():
        path = (*prefix, key)
        if key not in KEYS:
            hint = did_you_mean(str(key), list(KEYS)) or f" (known: {', '.join(KEYS)})"
            problems.append(
                doc.problem((*path, "<key>"), f"unknown price key {key!r}{hint}", dotted(path))
            )
            continue
        try:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise InvalidOperation
            amount = Decimal(str(value))
            if not amount.is_finite() or amount < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(doc.problem(path, f"must be a number 0 or more, not {value!r}"))
            continue
        out[str(key)] = amount
    if problems:
        raise InputError(problems)
    return out
