"""fargate-rounding-waste: a pod billed well above what its requests need.

The waste and the fit are :mod:`fargate_stacks.fargate.rounding`'s (``size`` prints the same
figures): needed = requests + the 256 MB EKS adds, billed = the provisioned size, both at the
same per-vCPU and per-GB rates; the share is (billed - needed) / needed.

Default :data:`DEFAULT_SHARE` = 25%, for a reason in the size table: rounding memory up to the
next choice within a vCPU row wastes at most 18-22% on every row from 0.5 vCPU up (a pod that
asks for one MiB more than a choice; tests/test_fargate_rounding.py computes it), so 25% stays
quiet about those ordinary steps and speaks when a pod is pushed into the next vCPU row, which
wastes a third or more (the documented 1 vCPU / 8 GB pod: 57%). Only the 0.25 vCPU row's step
from 1 to 2 GB (30%) is above it. Set it per stack with the policy config:
``{"fargate-rounding-waste": {"maxWasteShare": 0.5}}``.

A pod on the smallest size (0.25 vCPU / 0.5 GB, which is also what a pod without requests
gets) is never flagged: it cannot pay less, whatever it asks for.

Shares are computed at the us-east-1 on-demand rates; a share depends only on the ratio of the
vCPU-hour to the GB-hour rate, which is the same in the regions priced here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from ...fargate import sizes
from ...fargate.podsizing import capacity_provisioned, pod_size
from ...fargate.prices import DEFAULT_REGION, HOURS_PER_MONTH, load_prices
from ...fargate.rounding import rounding
from ...fargate.units import UnitError
from .. import kubernetes
from ..findings import Violation
from ..rule import Check, Option, Rule
from ..subjects import Kind, Pod

DEFAULT_SHARE = 0.25
OPTION = "maxWasteShare"
_RATES = load_prices(DEFAULT_REGION).rates_for("linux", "x86_64")
_SMALLEST = (sizes.SIZE_TABLE[0].cpu_units, sizes.SIZE_TABLE[0].memory_mib[0])


def _amount(cpu_units: Decimal, memory_mib: Decimal) -> str:
    def number(value: Decimal) -> str:
        return f"{value:.3f}".rstrip("0").rstrip(".") or "0"

    return f"{number(cpu_units / 1024)} vCPU / {number(memory_mib / 1024)} GiB"


def rounding_waste(pod: Pod, share: Decimal) -> Iterator[Violation]:
    known = kubernetes.sized_containers(pod)
    if known is None:
        return
    try:
        size = pod_size(*known)
    except UnitError:
        return  # fargate-pod-size says why the pod cannot be sized
    if size.error:
        return  # nor can it run: fargate-pod-size refuses it
    found = rounding(size.requested_cpu_units, size.requested_memory_mib, _RATES)
    if found is None or found.size == _SMALLEST or found.share <= share:
        return
    monthly = found.waste_hourly * HOURS_PER_MONTH
    fit = found.fit
    if fit is not None:
        saving = 1 - fit.billed_hourly / found.billed_hourly
        advice = (
            f"requests of {_amount(fit.cpu_units, fit.memory_mib)} land on "
            f"{capacity_provisioned(*fit.size)}, {saving:.0%} less (fargate-stacks size --fit)"
        )
    else:
        cpu, memory = found.same_price
        advice = (
            f"the same bill pays for requests up to {_amount(Decimal(cpu), Decimal(memory))}: "
            "request what the pod can use"
        )
    yield Violation(
        f"the pod requests {_amount(found.cpu_units, found.memory_mib)} and is billed as "
        f"{capacity_provisioned(*found.size)}: {found.share:.0%} more than its requests and the "
        f"256 MB overhead cost (${monthly:,.2f}/month per pod, over the {share:.0%} allowed); "
        + advice,
        ("containers",),
    )


def _checks(options: Mapping[str, float]) -> Mapping[Kind, Check]:
    share = Decimal(str(options[OPTION]))
    return {Kind.POD: lambda pod: rounding_waste(pod, share)}


RULE = Rule(
    id="fargate-rounding-waste",
    level="advisory",
    title="A pod's Fargate bill should not exceed what its requests need by more than a share "
    "(default 25%).",
    rationale="EKS adds 256 MB to a pod's requests and rounds up to the next Fargate size, and "
    "bills that size: a pod requesting 1 vCPU / 8 GB is billed as 2 vCPU / 9 GB, while "
    "7.75 GiB would land it on 1 vCPU / 8 GB, 37% less. The share is the bill over the price of "
    "the requests plus the overhead, at the same rates; the default 25% stays above what "
    "rounding memory to the next GB costs and below a jump to the next vCPU row. Set it with "
    'the policy config: {"fargate-rounding-waste": {"maxWasteShare": 0.5}}.',
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html",
    checked="2026-12-02",
    applies_to=(Kind.POD,),
    checks=_checks({OPTION: DEFAULT_SHARE}),
    options={
        OPTION: Option(
            DEFAULT_SHARE,
            "Flag a pod whose bill exceeds the price of its requests plus the 256 MB overhead "
            "by more than this share (0.25 = 25%).",
            minimum=0,
        )
    },
    configure=_checks,
)
