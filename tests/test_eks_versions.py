"""The EKS release calendar on the dates AWS documents (fargate-rules.md section 8, the EKS User
Guide's calendar and FAQ), and what the spec, ``cost`` and ``preview`` make of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from fargate_stacks.cli.app import command_group
from fargate_stacks.errors import SpecError
from fargate_stacks.fargate import eks_versions
from fargate_stacks.fargate.cost import estimate
from fargate_stacks.spec import spec_from_data

DEC_1 = date(2026, 12, 1)


def test_the_calendar_on_2026_12_01() -> None:
    # "on 2026-12-01, 1.31 and older can no longer be created, 1.32 and 1.33 are in extended
    # support, 1.34 and 1.35 in standard support" (1.36 came out on EKS on 2026-06-02)
    support = {r.version: r.support(DEC_1) for r in eks_versions.CALENDAR}
    assert support == {
        "1.36": "standard",
        "1.35": "standard",
        "1.34": "standard",
        "1.33": "extended",
        "1.32": "extended",
        "1.31": "ended",
        "1.30": "ended",
        "1.29": "ended",
        "1.28": "ended",
        "1.27": "ended",
    }
    assert eks_versions.default_version(DEC_1) == "1.36"


def test_support_changes_at_the_start_of_the_day() -> None:
    # "Billing for extended support starts at the beginning of the day that the version
    # reaches end of standard support" (1.34: 2026-12-02); "on the end of extended support
    # date, you can no longer create new Amazon EKS clusters" (1.31: 2026-11-26)
    assert eks_versions.release("1.34").support(date(2026, 12, 1)) == "standard"  # type: ignore[union-attr]
    assert eks_versions.release("1.34").support(date(2026, 12, 2)) == "extended"  # type: ignore[union-attr]
    assert eks_versions.version_problem("1.31", date(2026, 11, 25)) is None
    problem = eks_versions.version_problem("1.31", date(2026, 11, 26))
    assert problem == (
        "Kubernetes 1.31 reached the end of EKS extended support on 2026-11-26: EKS no longer "
        "creates clusters with it; use 1.36"
    )


def test_the_control_plane_costs_six_times_as_much_in_extended_support() -> None:
    # $0.10 per cluster-hour in standard support, $0.60 in extended support (EKS pricing)
    assert eks_versions.control_plane_hourly("1.35", DEC_1) == Decimal("0.10")
    assert eks_versions.control_plane_hourly("1.33", DEC_1) == Decimal("0.60")
    assert eks_versions.control_plane_hourly(None, DEC_1) == Decimal("0.10")


def _eks(version: str | None) -> dict[str, object]:
    cluster: dict[str, object] = {
        "name": "old",
        "fargateProfiles": [{"name": "system", "selectors": [{"namespace": "kube-system"}]}],
    }
    if version is not None:
        cluster["version"] = version
    return {"eks": {"clusters": [cluster]}}


@pytest.fixture
def december_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eks_versions, "today", lambda: DEC_1)


@pytest.mark.usefixtures("december_first")
def test_the_spec_defaults_refuses_and_accepts_by_the_calendar() -> None:
    spec = spec_from_data(_eks(None))
    assert spec.eks is not None and spec.eks.clusters[0].version == "1.36"
    with pytest.raises(SpecError, match=r"1\.31 reached the end of EKS extended support"):
        spec_from_data(_eks("1.31"))
    with pytest.raises(SpecError, match="not in the EKS release calendar"):
        spec_from_data(_eks("1.40"))
    assert spec_from_data(_eks("1.33")).eks is not None  # extended support: allowed


@pytest.mark.usefixtures("december_first")
def test_cost_prices_and_warns_extended_support() -> None:
    report = estimate(spec_from_data(_eks("1.33")), "us-east-1")
    (fixed,) = report.fixed
    assert (fixed.kind, fixed.hourly, fixed.monthly) == (
        "EKS control plane (extended support)",
        Decimal("0.60"),
        Decimal("438.00"),  # 0.60 x 730 h
    )
    assert (
        "EKS cluster old: Kubernetes 1.33 is in extended support since 2026-07-29 (until "
        "2027-07-29, then EKS upgrades it): the control plane costs $0.60 per hour instead of "
        "$0.10; 1.36 is in standard support until 2027-08-02"
    ) in report.notes
    standard = estimate(spec_from_data(_eks("1.35")), "us-east-1")
    assert [f.hourly for f in standard.fixed] == [Decimal("0.10")]
    assert not any("extended support" in note for note in standard.notes)


@pytest.mark.usefixtures("december_first")
def test_preview_warns_and_prices_extended_support(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.old.yaml"
    path.write_text(
        "config:\n  fargate-stacks:spec:\n    eks:\n      clusters:\n        - name: old\n"
        '          version: "1.33"\n          fargateProfiles:\n            - name: system\n'
        "              selectors: [{namespace: kube-system}]\n"
    )
    result = CliRunner().invoke(command_group(), ["preview", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "warning: EKS cluster old: Kubernetes 1.33 is in extended support" in result.stderr
    assert '"hourly_usd": 0.6' in result.stdout
