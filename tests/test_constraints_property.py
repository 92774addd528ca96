"""Property: whatever valid spec a user writes, every resource the components emit satisfies
what the Terraform AWS provider and AWS check (fargate_stacks.constraints), so no component
change can bring back an input `pulumi up` would refuse.

Specs are drawn around what names, descriptions, tags and schedules are made of: names up to
the spec's 63 characters (near the derived names' limits), names such as ``internal``, tags of
every character class the spec allows, six-field schedules, time zones, load balancers with
and without TLS, secrets, permissions, EKS clusters with ingresses and node groups. A spec the
loader refuses is the spec doing its job; one it accepts must preview: the engine checks every
resource before mocked AWS creates it (a violation fails the run), and each captured resource
is checked again here with the plain checker.

A settings profile keeps it to a few seconds in `make test`; HYPOTHESIS_PROFILE=long explores
more.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fargate_stacks import constraints
from fargate_stacks.components.stack import build_stack
from fargate_stacks.engine import run_program
from fargate_stacks.engine.mocks import auto_name
from fargate_stacks.errors import SpecError
from fargate_stacks.fargate import eks_versions
from fargate_stacks.spec import spec_from_data

settings.register_profile(
    "constraints",
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("long", parent=settings.get_profile("constraints"), max_examples=200)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "constraints")

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


@st.composite
def names(draw: st.DrawFn, longest: int = 63) -> str:
    """A spec Name: short ones, ones near the limit, and the ones AWS treats specially."""
    special = st.sampled_from(["internal", "internal-api", "aws", "sg", "api", "a"])
    size = draw(st.sampled_from([3, 8, 20, 27, 28, 40, longest]))
    body = draw(st.text(_ALNUM + "-", min_size=size - 1, max_size=size - 1))
    built = ("a" + body).rstrip("-") or "a"
    return draw(st.one_of(special, st.just(built[:longest])))


# letters of any script, digits, spaces and _.:/=+-@ (what the spec's Tags type allows)
tag_text = st.text(
    st.one_of(
        st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Zs")),
        st.sampled_from("_.:/=+-@"),
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: not t.lower().startswith("aws:"))
tags = st.dictionaries(tag_text, tag_text | st.just(""), max_size=4)
cron = st.builds(
    lambda minute, hour, days: f"cron({minute} {hour} ? * {days} *)",
    st.integers(0, 59),
    st.integers(0, 23),
    st.sampled_from(["MON-FRI", "*", "SAT,SUN", "2#1", "6L"]),
)
schedules = st.lists(
    st.fixed_dictionaries(
        {
            "name": names(),
            "schedule": cron | st.sampled_from(["rate(5 minutes)", "at(2027-06-01T07:00:00)"]),
            "min": st.just(1),
            "max": st.just(3),
        },
        optional={"timezone": st.sampled_from(["Europe/Paris", "America/New_York", "UTC"])},
    ),
    max_size=2,
    unique_by=lambda s: s["name"],
)


@st.composite
def services(draw: st.DrawFn) -> dict[str, Any]:
    service: dict[str, Any] = {
        "name": draw(names()),
        "image": "public.ecr.aws/nginx/nginx:1.27",
        "tags": draw(tags),
    }
    if draw(st.booleans()):
        service["port"] = draw(st.sampled_from([80, 8080, 65535]))
        scheme = draw(st.sampled_from(["public", "internal", "none"]))
        if scheme != "none":
            service["loadBalancer"] = {"scheme": scheme}
            if draw(st.booleans()):
                service["loadBalancer"]["certificateArn"] = (
                    "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                )
    if draw(st.booleans()):
        service["autoscaling"] = {"min": 1, "max": 4, "schedules": draw(schedules)}
        if "loadBalancer" in service and draw(st.booleans()):
            service["autoscaling"]["requestsPerTarget"] = 500
    if draw(st.booleans()):
        service["secrets"] = {
            "DB_PASSWORD": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
        }
    if draw(st.booleans()):
        service["permissions"] = [{"actions": ["s3:GetObject"], "resources": ["*"]}]
    service["capacity"] = {"spotPercent": draw(st.sampled_from([0, 50, 100]))}
    return service


@st.composite
def eks_clusters(draw: st.DrawFn) -> dict[str, Any]:
    workload: dict[str, Any] = {
        "name": draw(names(longest=52)),
        "namespace": "apps",
        "image": "public.ecr.aws/nginx/nginx:1.27",
    }
    if draw(st.booleans()):
        workload["port"] = 80
        workload["ingress"] = {"path": "/"}
    if draw(st.booleans()):
        workload["permissions"] = [{"actions": ["sqs:ReceiveMessage"], "resources": ["*"]}]
    today = eks_versions.today()
    cluster: dict[str, Any] = {
        "name": draw(names()),
        "version": draw(
            st.sampled_from(
                [
                    r.version
                    for r in eks_versions.CALENDAR
                    if r.support(today) in ("standard", "extended")
                ]
            )
        ),
        "fargateProfiles": [
            {"name": draw(names()), "selectors": [{"namespace": "kube-system"}]},
            {"name": "apps", "selectors": [{"namespace": "apps"}]},
        ],
        "workloads": [workload],
        "tags": draw(tags),
        "logging": {"enabled": draw(st.booleans())},
    }
    if draw(st.booleans()):
        cluster["nodeGroup"] = {"instanceTypes": ["t3.medium"]}
    return cluster


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "tags": draw(tags),
        "network": {"azCount": 2, "endpoints": draw(st.sampled_from([[], ["ecr", "logs"]]))},
        "ecs": {
            "clusters": [
                {
                    "name": draw(names()),
                    "services": draw(
                        st.lists(services(), min_size=1, max_size=2, unique_by=lambda s: s["name"])
                    ),
                    "tags": draw(tags),
                }
            ]
        },
    }
    if draw(st.booleans()):
        spec["ecs"]["clusters"][0]["serviceConnectNamespace"] = draw(names())
    if draw(st.booleans()):
        spec["eks"] = {"clusters": [draw(eks_clusters())]}
    return spec


@settings(settings.get_profile(PROFILE))
@given(specs())
def test_every_emitted_resource_satisfies_the_constraints(data: dict[str, Any]) -> None:
    try:
        spec = spec_from_data(data)
    except SpecError as error:
        event(f"refused by the spec: {error.problems[0].message.split(':')[0][:40]}")
        return  # refused early, on the line of what AWS would refuse: the spec's job
    event("previewed")
    result = run_program(lambda: build_stack(spec), stack="prop")  # the engine checks each one
    checker = constraints.Checker()
    wiring = constraints.Wiring()
    for r in result.graph.resources:
        field = constraints.name_field(r.type)
        auto = auto_name(r.type, r.name, r.inputs) if field not in r.inputs else None
        assert checker.check(r.type, r.inputs, auto) == [], r.urn
        assert wiring.problems(r.type, r.inputs, r.dependencies) == [], r.urn
        wiring.record(r.urn, r.type, r.name, r.inputs, r.outputs, r.dependencies)
