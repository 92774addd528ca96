"""Prices to the cent: the article's comparison, ARM, Windows, storage, Spot, price files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fargate_stacks.errors import InputError
from fargate_stacks.fargate import ec2, sizes
from fargate_stacks.fargate.prices import (
    BUILT_IN,
    DEFAULT_SPOT_DISCOUNT,
    HOURS_PER_MONTH,
    PriceError,
    load_prices,
    monthly,
    prices_for,
)
from fargate_stacks.fargate.rightsizing import SizingError, right_size

US = load_prices("us-east-1")


def test_the_articles_comparison() -> None:
    fargate = US.hourly(2048, 8192)
    assert fargate == Decimal("0.11652")
    assert ec2.BY_NAME["t2.large"].hourly == Decimal("0.0928")
    assert (ec2.BY_NAME["t2.large"].vcpu, ec2.BY_NAME["t2.large"].memory_gib) == (2, 8)
    # "Fargate costs 25% more than EC2" (25.6%, rounded down by the article)
    assert Decimal("0.25") < fargate / Decimal("0.0928") - 1 < Decimal("0.26")


@pytest.mark.parametrize(
    "cpu, memory, os, arch, storage, spot, hourly",
    [
        (2048, 8192, "linux", "x86_64", 20, False, "0.11652"),
        (256, 512, "linux", "x86_64", 20, False, "0.0123425"),
        (1024, 2048, "linux", "x86_64", 20, False, "0.04937"),
        (1024, 2048, "LINUX", "X86_64", 20, False, "0.04937"),
        (1024, 2048, "linux", "arm64", 20, False, "0.03950"),
        (16384, 122880, "linux", "x86_64", 20, False, "1.18108"),
        (1024, 2048, "windows", "x86_64", 20, False, "0.15758"),
        (1024, 2048, "WINDOWS_SERVER_2022_CORE", "X86_64", 20, False, "0.15758"),
        (256, 512, "linux", "x86_64", 50, False, "0.0156725"),
        (256, 512, "linux", "x86_64", 200, False, "0.0323225"),
        (2048, 8192, "linux", "x86_64", 20, True, "0.040782"),
        (2048, 8192, "linux", "arm64", 20, True, "0.032634"),
        (2048, 8192, "linux", "x86_64", 21, True, "0.040893"),
    ],
)
def test_hourly_prices(
    cpu: int, memory: int, os: str, arch: str, storage: int, spot: bool, hourly: str
) -> None:
    assert US.hourly(cpu, memory, os, arch, storage, spot) == Decimal(hourly)


@pytest.mark.parametrize(
    "cpu, memory, month",
    [
        (2048, 8192, "85.06"),
        (256, 512, "9.01"),
        (512, 1024, "18.02"),
        (4096, 30720, "215.55"),
    ],
)
def test_monthly_to_the_cent(cpu: int, memory: int, month: str) -> None:
    assert monthly(US.hourly(cpu, memory)).quantize(Decimal("0.01")) == Decimal(month)
    assert HOURS_PER_MONTH == 730


def test_spot_default_is_sourced_and_below_the_ceiling() -> None:
    assert DEFAULT_SPOT_DISCOUNT == Decimal("0.65") < Decimal("0.70")
    assert US.spot_discount == DEFAULT_SPOT_DISCOUNT


def test_what_cannot_be_priced() -> None:
    with pytest.raises(PriceError, match="Spot does not run Windows"):
        US.hourly(1024, 2048, "windows", spot=True)
    with pytest.raises(PriceError, match="no Fargate price for windows/arm64"):
        US.hourly(1024, 2048, "windows", "arm64")
    eu = load_prices("eu-west-1")
    assert eu.hourly(2048, 8192) == Decimal("0.11652")
    with pytest.raises(PriceError, match="linux/arm64 in eu-west-1"):
        eu.hourly(1024, 2048, arch="arm64")
    with pytest.raises(PriceError, match="ephemeral"):
        eu.hourly(256, 512, ephemeral_gib=30)
    with pytest.raises(InputError, match="no built-in Fargate prices for ap-south-2"):
        load_prices("ap-south-2")


def test_one_rule_for_unpriced_regions(tmp_path: Path) -> None:
    # built-in prices for the region: used as they are, with nothing to say
    assert prices_for("eu-west-1") == load_prices("eu-west-1")
    # none: us-east-1's prices, with a note every command shows
    table = prices_for("ap-south-2")
    assert (table.region, table.rates) == ("us-east-1", US.rates)
    (note,) = table.notes
    assert "ap-south-2" in note and "us-east-1" in note and "--prices" in note
    # a price file the user gave must have the region: that is bad input, not a fallback
    path = tmp_path / "prices.yaml"
    path.write_text('eu-central-1:\n  linux/x86_64: {vcpu_hour: "0.04656", gb_hour: "0.00511"}\n')
    assert prices_for("eu-central-1", path).notes == ()
    with pytest.raises(InputError, match="no prices for region 'ap-south-2'"):
        prices_for("ap-south-2", path)


def test_every_built_in_table_is_valid() -> None:
    for region in BUILT_IN:
        table = load_prices(region)
        assert table.checked and table.source
        assert "linux/x86_64" in table.rates


def test_price_file(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(
        'eu-central-1:\n  checked: "2026-11-30"\n  source: pricing page\n'
        '  linux/x86_64: {vcpu_hour: "0.04656", gb_hour: "0.00511"}\n'
        '  ephemeral_gb_hour: 0.000111\n  spot_discount: "0.7"\n'
    )
    table = load_prices("eu-central-1", path)
    assert table.hourly(1024, 2048) == Decimal("0.05678")
    assert table.hourly(1024, 2048, spot=True) == Decimal("0.017034")
    with pytest.raises(InputError, match="no prices for region 'us-east-1'"):
        load_prices("us-east-1", path)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "r:\n  linux/x86_64: {vcpu_hour: cheap, gb_hour: 1}\n",
            "prices.yaml:2:29: r.linux/x86_64.vcpu_hour: must be a number 0 or more, not 'cheap'",
        ),
        (
            "r:\n  linux/x86_64: {vcpu_hour: 1, gb_hour: 1}\n  spot_discount: 1.5\n",
            "prices.yaml:3:18: r.spot_discount: must be a number from 0 to 1",
        ),
        (
            "r:\n  linux/x86_64: {vcpu_hour: 1, gb_hour: 1}\n  linux/x86: {}\n",
            "prices.yaml:3:3: r.linux/x86: unknown key 'linux/x86'",
        ),
        ("r:\n  checked: today\n", "prices.yaml:2:3: r: no platform prices"),
        ("r: 3\n", "prices.yaml:1:4: r: a region's prices must be a mapping"),
        ("- r\n", "prices.yaml:1:1: a price file maps region names"),
    ],
)
def test_bad_price_files_are_located(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_prices("r", path)
    assert str(caught.value.problems[0]).startswith(f"{tmp_path}/{expected}")


# ---------------------------------------------------------------- right-sizing


@pytest.mark.parametrize(
    "needs, os, expected",
    [
        ([(None, None)], "linux", (256, 512)),
        ([(256, 512)], "linux", (256, 512)),
        ([(256, 513)], "linux", (256, 1024)),
        ([(256, 2049)], "linux", (512, 3072)),
        ([(300, 512)], "linux", (512, 1024)),
        ([(512, 1024), (512, 1024)], "linux", (1024, 2048)),
        ([(1024, None), (None, 700)], "linux", (1024, 2048)),
        ([(4096, 30 * 1024)], "linux", (4096, 30720)),
        ([(4096, 30 * 1024 + 1)], "linux", (8192, 32768)),
        ([(None, None)], "windows", (1024, 2048)),
        ([(2048, 9000)], "WINDOWS", (2048, 9216)),
    ],
)
def test_right_size(needs: list, os: str, expected: tuple[int, int]) -> None:
    assert right_size(needs, os) == expected


def test_right_size_refuses_what_nothing_holds() -> None:
    with pytest.raises(SizingError, match="more than the largest Linux task size"):
        right_size([(16384, 122881)])
    with pytest.raises(SizingError, match="Windows"):
        right_size([(8192, 1024)], "windows")


@pytest.mark.parametrize("arch", ["x86_64", "arm64"])
def test_smallest_fitting_is_the_cheapest_for_every_need(arch: str) -> None:
    """For needs on a grid, the right size is the cheapest valid pair holding them."""
    pairs = sizes.all_pairs()
    for cpu in range(0, 16385, 128):
        for memory in range(0, 122881, 1536):
            fits = [
                (US.hourly(c, m, arch=arch), c, m) for c, m in pairs if c >= cpu and m >= memory
            ]
            if not fits:
                continue
            cheapest = min(fits)
            got = right_size([(cpu, memory)])
            assert US.hourly(*got, arch=arch) == cheapest[0], (cpu, memory)
