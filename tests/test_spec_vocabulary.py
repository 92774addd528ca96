"""Spec 1.0 speaks one vocabulary in both halves, and answers the old names with the new ones.

One test per row of the issue's table: the same key, the same values and the same meaning in an
ECS service, an ECS sidecar, an EKS workload and a workload sidecar.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from fargate_stacks.errors import InputError
from fargate_stacks.spec import ServiceSpec, WorkloadSpec, load_spec, spec_from_data
from fargate_stacks.spec.types import k8s_env_name_problem

PROFILES = [{"name": "all", "selectors": [{"namespace": "*"}]}]


def _ecs(**service: Any) -> dict[str, Any]:
    return {
        "ecs": {
            "clusters": [{"name": "web", "services": [{"name": "api", "image": "x", **service}]}]
        }
    }


def _eks(version: str = "1.33", **workload: Any) -> dict[str, Any]:
    cluster = {
        "name": "k",
        "version": version,
        "fargateProfiles": PROFILES,
        "workloads": [{"name": "w", "image": "x", **workload}],
    }
    return {"eks": {"clusters": [cluster]}}


def _errors(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as info:
        spec_from_data(data)
    return [f"{p.field}: {p.message}" for p in info.value.problems]


def _lines(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "bare.yaml"
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    with pytest.raises(InputError) as info:
        load_spec(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


# ---------------------------------------------------------------- environment, desiredCount


def test_environment_and_desired_count_in_both_halves() -> None:
    ecs = spec_from_data(_ecs(environment={"A": "1"}, desiredCount=3)).ecs
    eks = spec_from_data(_eks(environment={"A": "1"}, desiredCount=3)).eks
    assert ecs is not None and eks is not None
    service, workload = ecs.clusters[0].services[0], eks.clusters[0].workloads[0]
    assert service.environment == workload.environment == {"A": "1"}
    assert service.desired_count == workload.desired_count == 3


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            _eks(env={"A": "1"}),
            "eks.clusters[0].workloads[0].env: 'env' was renamed in spec 1.0: use environment",
        ),
        (
            _eks(replicas=2),
            "eks.clusters[0].workloads[0].replicas: 'replicas' was renamed in spec 1.0: use "
            "desiredCount",
        ),
        (
            _eks(
                sidecars=[{"name": "s", "image": "y", "cpu": "250m", "memory": "128Mi", "env": {}}]
            ),
            "eks.clusters[0].workloads[0].sidecars[0].env: 'env' was renamed in spec 1.0: use "
            "environment",
        ),
        (
            _ecs(logRetentionDays=90),
            "ecs.clusters[0].services[0].logRetentionDays: 'logRetentionDays' was renamed in "
            "spec 1.0: use logging.retentionDays",
        ),
        (
            _ecs(replicas=2),
            "ecs.clusters[0].services[0].replicas: unknown key 'replicas' (did you mean "
            "'desiredCount'? spec 1.0 calls it that in ECS and EKS alike)",
        ),
    ],
    ids=["env", "replicas", "sidecar env", "logRetentionDays", "replicas in ECS"],
)
def test_old_names_point_to_the_new_ones(data: dict[str, Any], expected: str) -> None:
    assert _errors(data) == [expected]


def test_desired_count_is_for_deployments_only() -> None:
    """A Job runs once per run: a desiredCount there used to be dropped without a word."""
    assert _errors(_eks(kind="Job", desiredCount=3)) == [
        "eks.clusters[0].workloads[0].desiredCount: autoscaling, desiredCount, port and ingress "
        "are for Deployments, not a Job"
    ]


# ---------------------------------------------------------------- scheme, healthCheckPath


@pytest.mark.parametrize("scheme", ["public", "internal"])
def test_scheme_values_are_the_same_in_both_halves(scheme: str) -> None:
    ecs = spec_from_data(_ecs(port=80, loadBalancer=scheme)).ecs
    eks = spec_from_data(_eks(port=80, ingress=scheme)).eks
    assert ecs is not None and eks is not None
    load_balancer = ecs.clusters[0].services[0].load_balancer
    ingress = eks.clusters[0].workloads[0].ingress
    assert load_balancer is not None and ingress is not None
    assert load_balancer.scheme == ingress.scheme == scheme


def test_internet_facing_was_renamed_public() -> None:
    assert _errors(_eks(port=80, ingress={"scheme": "internet-facing"})) == [
        "eks.clusters[0].workloads[0].ingress.scheme: 'internet-facing' was renamed in spec "
        "1.0: use public (the load balancer is still created internet-facing)"
    ]


@pytest.mark.parametrize("key, where", [("loadBalancer", _ecs), ("ingress", _eks)])
def test_scheme_has_no_default_in_either_half(key: str, where: Any) -> None:
    """Exposure is said out loud: a mapping without scheme is refused in both halves (the ECS
    default used to be public, the EKS one internal)."""
    (error,) = _errors(where(port=80, **{key: {"healthCheckPath": "/health"}}))
    assert error.endswith(f"{key}.scheme: required")


def test_health_check_path_is_one_key_in_both_halves() -> None:
    """It defaults to the routing path: / for an ECS load balancer, the ingress path for a
    workload (which used to be the health check, with no way to set another)."""
    spec = spec_from_data(
        {
            **_ecs(port=80, loadBalancer={"scheme": "public", "healthCheckPath": "/health"}),
            **_eks(port=80, ingress={"scheme": "public", "path": "/api"}),
        }
    )
    assert spec.ecs is not None and spec.eks is not None
    load_balancer = spec.ecs.clusters[0].services[0].load_balancer
    ingress = spec.eks.clusters[0].workloads[0].ingress
    assert load_balancer is not None and ingress is not None
    assert load_balancer.health_check_path == "/health"
    assert (ingress.path, ingress.health_check_path) == ("/api", "/api")
    explicit = WorkloadSpec.model_validate(
        {
            "name": "w",
            "image": "x",
            "port": 80,
            "ingress": {"scheme": "public", "path": "/api", "healthCheckPath": "/healthz"},
        }
    )
    assert explicit.ingress is not None and explicit.ingress.health_check_path == "/healthz"


# ---------------------------------------------------------------- log retention, CPU target


def test_log_retention_is_logging_retention_days_in_both_halves() -> None:
    spec = spec_from_data({**_ecs(logging={"retentionDays": 90}), **_eks(), "eks": _eks()["eks"]})
    eks = spec_from_data(
        {"eks": {"clusters": [{**_eks()["eks"]["clusters"][0], "logging": {"retentionDays": 90}}]}}
    ).eks
    assert spec.ecs is not None and eks is not None
    assert spec.ecs.clusters[0].services[0].logging.retention_days == 90
    assert eks.clusters[0].logging.retention_days == 90
    (error,) = _errors(_ecs(logging={"retentionDays": 45}))
    assert error.endswith("45 days is not a CloudWatch Logs retention period (nearest: 30)")


def test_cpu_target_is_one_type_with_one_default() -> None:
    """A whole percent in both, 70 when nothing else scales (an HPA's averageUtilization is an
    int32; ECS used to take a float and EKS an int)."""
    service = ServiceSpec.model_validate({"name": "a", "image": "x", "autoscaling": {"max": 4}})
    workload = WorkloadSpec.model_validate({"name": "w", "image": "x", "autoscaling": {"max": 4}})
    assert service.autoscaling is not None and workload.autoscaling is not None
    assert service.autoscaling.cpu_target == workload.autoscaling.cpu_target == 70
    ecs_errors = _errors(_ecs(autoscaling={"max": 4, "cpuTarget": 60.5}))
    eks_errors = _errors(_eks(autoscaling={"max": 4, "cpuTarget": 60.5}))
    assert [e.split(": ", 1)[1] for e in ecs_errors] == [e.split(": ", 1)[1] for e in eks_errors]
    assert "fractional part" in ecs_errors[0]
    for where in (_ecs, _eks):
        (error,) = _errors(where(autoscaling={"max": 4, "cpuTarget": 101}))
        assert error.endswith("cpuTarget: input should be less than or equal to 100")


# ---------------------------------------------------------------- cpu: 1


AMBIGUOUS = (
    "cpu: 1 is ambiguous (ECS reads 1 CPU units, Kubernetes 1 cores): write '1 vCPU', or CPU "
    "units such as 1024"
)


@pytest.mark.parametrize(
    "data, field",
    [
        (_ecs(cpu=1, memory="2 GB"), "ecs.clusters[0].services[0].cpu"),
        (
            _ecs(sidecars=[{"name": "s", "image": "y", "cpu": 1}]),
            "ecs.clusters[0].services[0].sidecars[0].cpu",
        ),
        (_eks(cpu=1, memory="2 GB"), "eks.clusters[0].workloads[0].cpu"),
        (
            _eks(sidecars=[{"name": "s", "image": "y", "cpu": 1, "memory": "128Mi"}]),
            "eks.clusters[0].workloads[0].sidecars[0].cpu",
        ),
    ],
    ids=["service", "ECS sidecar", "workload", "workload sidecar"],
)
def test_cpu_1_means_the_same_everywhere(data: dict[str, Any], field: str) -> None:
    """Refused as ambiguous in all four places (a workload sidecar used to read it as a core)."""
    assert _errors(data) == [f"{field}: {AMBIGUOUS}"]


def test_sizes_read_the_same_in_a_workload_sidecar() -> None:
    workload = WorkloadSpec.model_validate(
        {
            "name": "w",
            "image": "x",
            "cpu": "1 vCPU",
            "memory": "2 GB",
            "sidecars": [
                {"name": "a", "image": "y", "cpu": 256, "memory": 512},
                {"name": "b", "image": "y", "cpu": "250m", "memory": "256Mi"},
            ],
        }
    )
    assert [(s.cpu, s.memory) for s in workload.sidecars] == [("250m", "512Mi"), ("250m", "256Mi")]
    with pytest.raises(ValueError, match="decimal Kubernetes quantity"):
        WorkloadSpec.model_validate(
            {
                "name": "w",
                "image": "x",
                "sidecars": [{"name": "a", "image": "y", "cpu": "100m", "memory": "500M"}],
            }
        )


# ---------------------------------------------------------------- environment variable names


def test_ecs_takes_any_env_name_but_one_with_an_equals_sign() -> None:
    """botocore's KeyValuePair.name has no pattern; a '=' would end the name inside the
    container (NAME=VALUE), so that alone is refused."""
    names = {"LOG-FORMAT": "a", "log.level": "b", "1ST": "c", "with space": "d"}
    ecs = spec_from_data(_ecs(environment=names)).ecs
    assert ecs is not None and ecs.clusters[0].services[0].environment == names
    (error,) = _errors(_ecs(environment={"A=B": "x"}))
    assert error.startswith("ecs.clusters[0].services[0].environment.A=B:")
    assert "anything but '='" in error


@pytest.mark.parametrize("version", ["1.32", "1.35"])
def test_kubernetes_names_kubernetes_accepts(version: str) -> None:
    """``[-._a-zA-Z][-._a-zA-Z0-9]*`` on every version (k8s validation.IsEnvVarName)."""
    names = {"LOG-FORMAT": "a", "log.level": "b", "_x": "c"}
    eks = spec_from_data(_eks(version, environment=names)).eks
    assert eks is not None and eks.clusters[0].workloads[0].environment == names


def test_relaxed_kubernetes_names_need_1_32() -> None:
    """From 1.32 (RelaxedEnvironmentVariableValidation on by default) any printable ASCII but
    '='; before, the strict rule. EKS creates no version before 1.32 any more (1.31 left
    extended support on 2026-11-26), so the spec only ever meets the relaxed rule; the strict
    one is kept for the calendar's older rows and checked on the function itself."""
    eks = spec_from_data(_eks("1.33", environment={"1ST": "a", "a:b c": "b"})).eks
    assert eks is not None and set(eks.clusters[0].workloads[0].environment) == {"1ST", "a:b c"}
    assert k8s_env_name_problem("1ST", (1, 31)) == (
        "Kubernetes 1.31 takes env var names of letters, digits, '_', '-' and '.', not starting "
        "with a digit or '..' ('1ST'): rename it, or use 1.32 or later, which takes any "
        "printable ASCII but '='"
    )
    assert k8s_env_name_problem("1ST", (1, 32)) is None
    assert k8s_env_name_problem("LOG-FORMAT", (1, 31)) is None
    for version in ("1.32", "1.35"):
        (error,) = _errors(_eks(version, environment={"A=B": "x"}))
        assert "printable ASCII but '='" in error
