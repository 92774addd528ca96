"""Property-based: whatever the loader is fed, it returns a spec or raises the input error type."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fargate_stacks.errors import InputError
from fargate_stacks.spec import StackSpec, load_spec, spec_from_data

_DIR = Path(tempfile.mkdtemp(prefix="fs-prop-"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "0.25 vCPU",
            "1 vCPU",
            "512",
            "2 GB",
            "1GiB",
            "web",
            "api",
            "public",
            "internal",
            "arm64",
            "windows",
            "kube-system",
        ]
    ),
)
keys = st.sampled_from(
    [
        "name",
        "image",
        "cpu",
        "memory",
        "port",
        "services",
        "clusters",
        "ecs",
        "eks",
        "network",
        "capacity",
        "spotPercent",
        "onDemandBase",
        "loadBalancer",
        "autoscaling",
        "min",
        "max",
        "workloads",
        "fargateProfiles",
        "selectors",
        "namespace",
        "labels",
        "replicas",
        "desiredCount",
        "environment",
        "logging",
        "ingress",
        "os",
        "architecture",
        "cidr",
        "azCount",
        "typo",
    ]
)
spec_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=40,
)


def _outcome(call: Any) -> None:
    try:
        result = call()
    except InputError as error:
        assert error.problems, "an input error must say what is wrong"
        for problem in error.problems:
            assert "\n" not in str(problem)
        return
    assert isinstance(result, StackSpec) or isinstance(result.spec, StackSpec)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_like)
def test_random_spec_shaped_data(data: Any) -> None:
    _outcome(lambda: spec_from_data(data))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_like)
def test_random_spec_shaped_files(data: Any) -> None:
    path = _DIR / "Pulumi.prop.yaml"
    path.write_text(yaml.safe_dump({"config": {"fargate-stacks:spec": data}}))
    _outcome(lambda: load_spec(path))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,? \n\t0123456789.")), max_size=80)
)
def test_random_yaml_text(text: str) -> None:
    path = _DIR / "random.yaml"
    path.write_text(text)
    _outcome(lambda: load_spec(path))
