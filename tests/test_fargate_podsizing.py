"""EKS pod sizing as AWS documents it, each rounding path, and the exact inverse for components."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from fargate_stacks.fargate import sizes
from fargate_stacks.fargate.podsizing import (
    capacity_provisioned,
    ephemeral_problem,
    ephemeral_request_gib,
    pod_size,
    pod_size_from_requests,
    provisioned_ephemeral_gib,
    requests_for_size,
)
from fargate_stacks.fargate.units import UnitError


def c(
    cpu: Any = None, memory: Any = None, *, limits: bool = False, both: bool = False
) -> dict[str, Any]:
    """A container dict with requests (or only limits, or both equal)."""
    values = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    if not values:
        return {"name": "x"}
    if both:
        return {"name": "x", "resources": {"requests": values, "limits": dict(values)}}
    return {"name": "x", "resources": {("limits" if limits else "requests"): values}}


CASES = [
    # (id, containers, init containers, expected CapacityProvisioned)
    ("aws: 1 vCPU / 8 GB -> 2 vCPU / 9 GB", [c("1", "8Gi")], [], "2vCPU 9GB"),
    ("aws: no requests -> 0.25 / 0.5", [c()], [], "0.25vCPU 0.5GB"),
    ("no resources key at all", [{"name": "a", "image": "nginx"}], [], "0.25vCPU 0.5GB"),
    ("memory fits exactly with overhead", [c("250m", "256Mi")], [], "0.25vCPU 0.5GB"),
    ("one MiB over rounds up memory", [c("250m", "257Mi")], [], "0.25vCPU 1GB"),
    ("memory past the row's top moves up a row", [c("250m", "1793Mi")], [], "0.5vCPU 3GB"),
    ("cpu just over a row", [c("251m", "256Mi")], [], "0.5vCPU 1GB"),
    ("cpu rounds up, memory takes the row's smallest", [c("1500m", "512Mi")], [], "2vCPU 4GB"),
    ("8 vCPU row rounds memory up in 4 GB steps", [c("5", "17Gi")], [], "8vCPU 20GB"),
    ("16 vCPU row rounds memory in 8 GB steps", [c("9", "33Gi")], [], "16vCPU 40GB"),
    ("largest possible pod", [c("16", "119.75Gi")], [], "16vCPU 120GB"),
    ("memory alone pushes to 4 vCPU", [c("100m", "20Gi")], [], "4vCPU 21GB"),
    ("sum of long-running containers", [c("500m", "1Gi"), c("500m", "1Gi")], [], "1vCPU 3GB"),
    ("init container larger than the sum", [c("250m", "256Mi")], [c("2", "6Gi")], "2vCPU 7GB"),
    (
        "largest init wins, not the sum of inits",
        [c("250m", "256Mi")],
        [c("1", "1Gi"), c("1", "1Gi")],
        "1vCPU 2GB",
    ),
    (
        "per resource: cpu from init, memory from containers",
        [c("250m", "3Gi")],
        [c("2", "128Mi")],
        "2vCPU 4GB",
    ),
    ("limits only: requests default to limits", [c("500m", "1Gi", limits=True)], [], "0.5vCPU 2GB"),
    (
        "requests win over larger limits",
        [
            {
                "name": "a",
                "resources": {
                    "requests": {"cpu": "250m", "memory": "256Mi"},
                    "limits": {"cpu": "4", "memory": "8Gi"},
                },
            }
        ],
        [],
        "0.25vCPU 0.5GB",
    ),
    (
        "limit for one resource, request for the other",
        [{"name": "a", "resources": {"requests": {"cpu": "2"}, "limits": {"memory": "6Gi"}}}],
        [],
        "2vCPU 7GB",
    ),
    ("decimal G is smaller than Gi", [c("1", "2G")], [], "1vCPU 3GB"),
    ("numbers as YAML numbers", [c(1, 1073741824)], [], "1vCPU 2GB"),
    ("millicpu rounding", [c("1024m", "1Gi")], [], "2vCPU 4GB"),
    (
        "init containers only set limits",
        [c("250m", "256Mi")],
        [c("4", "12Gi", limits=True)],
        "4vCPU 13GB",
    ),
]


@pytest.mark.parametrize(
    "containers, init, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_documented_and_derived_cases(containers: list, init: list, expected: str) -> None:
    size = pod_size(containers, init)
    assert size.error is None
    assert size.capacity_provisioned == expected
    assert size.cpu_units is not None and size.memory_mib is not None
    assert capacity_provisioned(size.cpu_units, size.memory_mib) == expected


def test_requested_amounts_are_exact() -> None:
    size = pod_size([c("1", "8Gi")])
    assert (size.requested_cpu_units, size.requested_memory_mib) == (Decimal(1024), Decimal(8192))
    assert (size.vcpu, size.memory_gb) == (Decimal(2), Decimal(9))


@pytest.mark.parametrize(
    "containers, needs",
    [
        ([c("16", "120Gi")], "16 vCPU and 120.25 GB"),
        ([c("17", "1Gi")], "17 vCPU"),
        ([c("8", "60Gi"), c("8", "60Gi")], "16 vCPU and 120.25 GB"),
    ],
)
def test_too_big_for_fargate(containers: list, needs: str) -> None:
    size = pod_size(containers)
    assert size.cpu_units is None and size.memory_mib is None
    assert size.capacity_provisioned is None
    assert size.error is not None and needs in size.error and "16vCPU 120GB" in size.error


@pytest.mark.parametrize("bad", ["2 cores", "1GB", [1], True])
def test_unparsable_quantities_raise(bad: Any) -> None:
    with pytest.raises(UnitError):
        pod_size([c(bad, "1Gi")])


def test_from_requests_matches_rounding() -> None:
    assert pod_size_from_requests(1024, 8192).capacity_provisioned == "2vCPU 9GB"
    assert pod_size_from_requests(0, 0).capacity_provisioned == "0.25vCPU 0.5GB"
    with pytest.raises(UnitError):
        pod_size_from_requests(-1, 0)


SIDECAR_SETS = [
    [],
    [(Decimal("102.4"), Decimal(64))],  # 100m / 64Mi
    [(Decimal(128), Decimal("95.367431640625"))],  # 125m / 100M
    [(Decimal("51.2"), Decimal(32)), (Decimal("25.6"), Decimal(16))],
]


@pytest.mark.parametrize("cpu, memory", sizes.all_pairs())
@pytest.mark.parametrize("sidecars", SIDECAR_SETS, ids=["alone", "100m", "decimal-M", "two"])
def test_requests_for_size_round_trips_every_pair(cpu: int, memory: int, sidecars: list) -> None:
    main_cpu, main_memory = requests_for_size(cpu, memory, sidecars)
    side = [c(f"{s_cpu * 1000 / 1024}m", f"{s_mem}Mi", both=True) for s_cpu, s_mem in sidecars]
    size = pod_size([c(main_cpu, main_memory, both=True), *side])
    assert (size.cpu_units, size.memory_mib) == (cpu, memory), (main_cpu, main_memory)


@pytest.mark.parametrize(
    "cpu, memory, expected",
    [
        (256, 512, ("250m", "256Mi")),
        (512, 1024, ("500m", "768Mi")),
        (1024, 2048, ("1", "1792Mi")),
        (2048, 9216, ("2", "8960Mi")),
        (16384, 122880, ("16", "122624Mi")),
        (4096, 8192, ("4", "7936Mi")),
    ],
)
def test_requests_for_size_quantities(cpu: int, memory: int, expected: tuple[str, str]) -> None:
    assert requests_for_size(cpu, memory) == expected


def test_requests_for_size_refuses_invalid_sizes_and_greedy_sidecars() -> None:
    with pytest.raises(ValueError, match="not valid"):
        requests_for_size(256, 4096)
    with pytest.raises(ValueError, match="leaving nothing"):
        requests_for_size(256, 512, [(256, 128)])
    with pytest.raises(ValueError, match="leaving nothing"):
        requests_for_size(1024, 2048, [(128, 1792)])


def _eph(*amounts: str, section: str = "requests") -> list[dict[str, Any]]:
    return [
        {"name": f"c{i}", "resources": {section: {"ephemeral-storage": a}}}
        for i, a in enumerate(amounts)
    ]


def test_ephemeral_requests_add_up_like_cpu_and_memory() -> None:
    assert ephemeral_request_gib(_eph("50Gi", "50Gi")) == 100
    assert ephemeral_request_gib(_eph("30Gi", section="limits")) == 30  # limit is the request
    assert ephemeral_request_gib(_eph("10Gi"), _eph("40Gi")) == 40  # a bigger init container
    assert ephemeral_request_gib([{"name": "a"}]) == 0


@pytest.mark.parametrize(
    "requested, provisioned",
    [
        (0, 20),
        (10, 20),
        (13, 20),  # 13 + 1.3 + 5 = 19.3: the free 20 GiB cover it
        (100, 115),  # AWS's own example: 100 + 10% + 5 GiB
        (Decimal("0.5"), 20),
        (50, 60),
        (175, 198),
    ],
)  # 175 + 17.5 + 5 = 197.5, whole GiB up
def test_provisioned_ephemeral_storage(requested: Decimal | int, provisioned: int) -> None:
    assert provisioned_ephemeral_gib(Decimal(requested)) == provisioned


def test_ephemeral_storage_limit() -> None:
    assert ephemeral_problem(Decimal(175)) is None
    problem = ephemeral_problem(Decimal(200))
    assert problem is not None and "200" in problem and "175" in problem
