"""What Fargate charges per hour, as a dated and sourced table, exact to the last digit.

Fargate bills vCPU-hours and GB-hours of the *provisioned* size (the task size, or the pod's
``CapacityProvisioned``), per second with a one-minute minimum, from the start of the image pull
to the end of the task or pod. Windows adds a per-vCPU OS licence fee; ephemeral storage above the
free 20 GB is billed per GB-hour; Fargate Spot (ECS only, Linux only) is a discount on vCPU and
memory.

Sources (shared/reference/fargate-rules.md, section 6, checked 2026-11-30):

* us-east-1: aws.amazon.com/fargate/pricing as copied by third parties; the article's example
  (2 vCPU / 8 GB Linux x86 = $0.11652/h) reproduces from it exactly.
* eu-west-1: Linux x86 only, tomgregory.com "AWS Fargate Spot vs Fargate price comparison"
  (eu-west-1 at $0.04048 per vCPU-hour and $0.004445 per GB-hour, the same as us-east-1).

Fargate Spot: AWS promises "up to 70%" off, and its Spot rates float below that ceiling with
supply and demand (fortem.dev: "50-70% off; 70% is the ceiling, not the typical case"); the rate
tomgregory.com observed in eu-west-1, $0.01334053 per vCPU-hour, is 67% off. We default to
:data:`DEFAULT_SPOT_DISCOUNT` = 65%: close to what is observed and a little under it, because an
estimate that promises more savings than arrive is worse than one that slightly overstates cost.
A price file can set ``spot_discount`` (for instance to today's rate from the pricing page).

Supplying prices (``--prices FILE`` on ``size`` and ``cost``): a JSON or YAML mapping of region to
a table of the same shape as :data:`BUILT_IN` below; numbers may be written as strings (exact) or
numbers. Keys per region: ``checked`` and ``source`` (strings), one entry per platform
``linux/x86_64``, ``linux/arm64``, ``windows/x86_64`` (each ``vcpu_hour`` and ``gb_hour``;
Windows also ``license_vcpu_hour``; leave a platform out when it has no price), and optional
``ephemeral_gb_hour`` and ``spot_discount`` (0 to 1), and ``aws``: the rates of what the stack
creates besides Fargate (load balancers, NAT gateways, ...; keys in :mod:`.aws_prices`)::

    eu-central-1:
      checked: "2026-11-30"
      source: "aws.amazon.com/fargate/pricing"
      linux/x86_64: {vcpu_hour: "0.04656", gb_hour: "0.00511"}
      ephemeral_gb_hour: "0.000111"
      spot_discount: "0.65"
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..yamlsource import Document, dotted, load_one
from . import aws_prices
from .limits import DEFAULT_EPHEMERAL_GIB
from .sizes import family_or_name

HOURS_PER_MONTH = 730  # AWS's own convention on its pricing pages (8,760 hours / 12)
FREE_EPHEMERAL_GIB = DEFAULT_EPHEMERAL_GIB  # what every task and pod gets is not charged
DEFAULT_SPOT_DISCOUNT = Decimal("0.65")
SPOT_DISCOUNT_SOURCE = (
    "AWS: Fargate Spot 'up to 70%' off on-demand; observed 67% in eu-west-1 "
    "(tomgregory.com, $0.01334053 vs $0.04048 per vCPU-hour); default 65%, "
    "just under what is observed"
)
DEFAULT_REGION = "us-east-1"
PLATFORMS = ("linux/x86_64", "linux/arm64", "windows/x86_64")

BUILT_IN: dict[str, dict[str, Any]] = {
    "us-east-1": {
        "checked": "2026-11-30",
        "source": "aws.amazon.com/fargate/pricing (us-east-1), shared/reference/fargate-rules.md",
        "linux/x86_64": {"vcpu_hour": "0.04048", "gb_hour": "0.004445"},
        "linux/arm64": {"vcpu_hour": "0.03238", "gb_hour": "0.00356"},
        "windows/x86_64": {
            "vcpu_hour": "0.09148",
            "gb_hour": "0.01005",
            "license_vcpu_hour": "0.046",
        },
        "ephemeral_gb_hour": "0.000111",
    },
    "eu-west-1": {
        "checked": "2026-11-30",
        "source": "tomgregory.com/aws/aws-fargate-spot-vs-fargate-price-comparison (eu-west-1)",
        "linux/x86_64": {"vcpu_hour": "0.04048", "gb_hour": "0.004445"},
    },
}


class PriceError(InputError):
    """No price for what was asked (a platform the table lacks, Spot for Windows).

    An input error: the spec (or manifest, or task definition) asks for what the price table
    cannot price, and the user fixes it with a price file, so every command shows it as one
    line and exit 2. ``subject`` names the (cluster, service or workload) it is about, when
    known, so a command can locate it in the spec (:meth:`~fargate_stacks.spec.LoadedSpec.locate`).
    """

    def __init__(self, message: str, subject: tuple[str, str] | None = None) -> None:
        self.subject = subject
        super().__init__([Problem(message)])

    @property
    def message(self) -> str:
        return self.problems[0].message if self.problems else ""


@dataclass(frozen=True)
class Rates:
    vcpu_hour: Decimal
    gb_hour: Decimal
    license_vcpu_hour: Decimal = Decimal(0)


@dataclass(frozen=True)
class PriceTable:
    """The Fargate prices of one region."""

    region: str
    checked: str
    source: str
    rates: Mapping[str, Rates]
    ephemeral_gb_hour: Decimal | None = None
    spot_discount: Decimal = DEFAULT_SPOT_DISCOUNT
    notes: tuple[str, ...] = field(default=())
    # a price file's ``aws`` mapping (load balancers, NAT, ... see aws_prices): key -> USD
    aws_overrides: Mapping[str, Decimal] = field(default_factory=dict)

    def rates_for(self, os: str = "linux", arch: str = "x86_64") -> Rates:
        platform = platform_key(os, arch)
        if platform not in self.rates:
            have = ", ".join(self.rates) or "none"
            raise PriceError(
                f"no Fargate price for {platform} in {self.region} (the table has "
                f"{have}); supply a price file with --prices"
            )
        return self.rates[platform]

    def hourly(
        self,
        cpu_units: int,
        memory_mib: int,
        os: str = "linux",
        arch: str = "x86_64",
        ephemeral_gib: int = FREE_EPHEMERAL_GIB,
        spot: bool = False,
    ) -> Decimal:
        """The exact price of one task or pod per hour, in USD."""
        rates = self.rates_for(os, arch)
        vcpu = Decimal(cpu_units) / 1024
        gb = Decimal(memory_mib) / 1024
        compute = vcpu * rates.vcpu_hour + gb * rates.gb_hour
        if spot:
            if platform_key(os, arch).startswith("windows"):
                raise PriceError("Fargate Spot does not run Windows tasks")
            compute *= 1 - self.spot_discount
        extra_storage = max(0, ephemeral_gib - FREE_EPHEMERAL_GIB)
        storage = Decimal(0)
        if extra_storage:
            if self.ephemeral_gb_hour is None:
                raise PriceError(
                    f"no ephemeral storage price in {self.region}; supply a price "
                    "file with --prices"
                )
            storage = extra_storage * self.ephemeral_gb_hour
        return compute + vcpu * rates.license_vcpu_hour + storage


def platform_key(os: str, arch: str) -> str:
    """('WINDOWS_SERVER_2022_CORE', 'X86_64') -> 'windows/x86_64'; ('linux', 'ARM64') -> 'linux/arm64'."""
    return f"{family_or_name(os).lower()}/{arch.lower()}"


def monthly(hourly: Decimal, count: Decimal | int = 1) -> Decimal:
    return hourly * HOURS_PER_MONTH * count


# How figures leave the program (JSON, reports): exact numbers as JSON numbers, hourly prices to
# the millionth of a dollar (AWS's rates have up to six decimals), monthly figures to the cent.


def json_number(value: Decimal | None) -> int | float | None:
    """An exact amount as a JSON number: 2 stays 2, 0.5 becomes 0.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def hourly_usd(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.000001"), ROUND_HALF_UP))


def monthly_usd(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def prices_for(region: str, price_file: str | Path | None = None) -> PriceTable:
    """The prices every command (``size``, ``cost``, ``preview``) uses for a region; the one
    place that decides what happens when a region has none.

    A price file the user gave must price the region (an input error otherwise: they asked for
    those prices). Without one, a region with built-in prices gets them; any other region gets
    :data:`DEFAULT_REGION`'s, with a note in :attr:`PriceTable.notes` that every command shows,
    so an estimate is always there and never passes for the region's own prices.
    """
    if price_file is not None or region in BUILT_IN:
        return load_prices(region, price_file)
    return dataclasses.replace(
        load_prices(DEFAULT_REGION),
        notes=(
            f"no built-in Fargate prices for {region}: priced with {DEFAULT_REGION} prices "
            f"(checked {BUILT_IN[DEFAULT_REGION]['checked']}); give --prices FILE (or cost.priceFile) "
            "for this region's own",
        ),
    )


def load_prices(region: str, price_file: str | Path | None = None) -> PriceTable:
    """The price table of a region, from ``price_file`` when given, else built in."""
    if price_file is not None:
        doc = load_one(price_file)
        if not isinstance(doc.data, dict):
            raise InputError(
                [doc.problem((), "a price file maps region names to price tables", "")]
            )
        if region not in doc.data:
            raise InputError.one(
                f"no prices for region {region!r} (the file has "
                f"{', '.join(map(str, doc.data)) or 'none'})",
                str(price_file),
            )
        return table_from_data(region, doc.data[region], doc, (region,))
    if region not in BUILT_IN:
        raise InputError.one(
            f"no built-in Fargate prices for {region} (built in: "
            f"{', '.join(BUILT_IN)}); supply a price file with --prices"
        )
    return table_from_data(region, BUILT_IN[region])


def table_from_data(
    region: str, data: Any, doc: Document | None = None, prefix: tuple[str | int, ...] = ()
) -> PriceTable:
    """Validate one region's table (built in or from a file) with located errors."""
    doc = doc or Document(data, "<built-in prices>")
    problems: list[Problem] = []

    def bad(path: tuple[str | int, ...], message: str) -> None:
        problems.append(doc.problem((*prefix, *path), message))

    def number(container: Any, path: tuple[str, ...], upper: Decimal | None = None) -> Decimal:
        value = container.get(path[-1])
        try:
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise InvalidOperation
            amount = Decimal(str(value))
            if not amount.is_finite() or amount < 0 or (upper is not None and amount > upper):
                raise InvalidOperation
        except InvalidOperation:
            bad(
                path,
                f"must be a number{' from 0 to ' + str(upper) if upper else ' 0 or more'}, "
                f"not {value!r}",
            )
            return Decimal(0)
        return amount

    if not isinstance(data, dict):
        bad((), "a region's prices must be a mapping")
        raise InputError(problems)
    known = {
        "checked",
        "source",
        "ephemeral_gb_hour",
        "spot_discount",
        aws_prices.PRICE_FILE_KEY,
        *PLATFORMS,
    }
    problems.extend(
        doc.problem(
            (*prefix, key, "<key>"),
            f"unknown key {key!r} (known: {', '.join(sorted(known))})",
            dotted((*prefix, key)),
        )
        for key in data
        if key not in known
    )
    rates: dict[str, Rates] = {}
    for platform in PLATFORMS:
        entry = data.get(platform)
        if entry is None:
            continue
        if not isinstance(entry, dict):
            bad((platform,), "must be a mapping with vcpu_hour and gb_hour")
            continue
        license_fee = Decimal(0)
        if platform.startswith("windows"):
            license_fee = number(entry, (platform, "license_vcpu_hour"))
        rates[platform] = Rates(
            number(entry, (platform, "vcpu_hour")),
            number(entry, (platform, "gb_hour")),
            license_fee,
        )
    if not rates:
        bad((), f"no platform prices: give at least one of {', '.join(PLATFORMS)}")
    ephemeral = number(data, ("ephemeral_gb_hour",)) if "ephemeral_gb_hour" in data else None
    discount = (
        number(data, ("spot_discount",), Decimal(1))
        if "spot_discount" in data
        else DEFAULT_SPOT_DISCOUNT
    )
    aws: dict[str, Decimal] = {}
    if aws_prices.PRICE_FILE_KEY in data:
        try:
            aws = aws_prices.overrides_from_data(
                data[aws_prices.PRICE_FILE_KEY], doc, (*prefix, aws_prices.PRICE_FILE_KEY)
            )
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return PriceTable(
        region,
        str(data.get("checked", "")),
        str(data.get("source", "")),
        rates,
        ephemeral,
        discount,
        aws_overrides=aws,
    )
