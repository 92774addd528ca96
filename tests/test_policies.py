"""The pure rules: each rule's failing and passing cases, the rule table contract, config,
normalisers, the stack index's cross-resource rules, and speed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fargate_stacks.errors import InputError
from fargate_stacks.inputs import load_inputs
from fargate_stacks.policies import (
    RULE_NAMES,
    RULES,
    GraphResource,
    check_subject,
    effective_levels,
    evaluate_graph,
    parse_policy_config,
)
from fargate_stacks.policies.config import load_policy_config
from fargate_stacks.policies.normalize import (
    pod_from_object,
    pod_from_template,
    task_from_aws,
    task_from_file,
    task_from_pulumi,
)
from fargate_stacks.policies.profiles_file import read_profiles
from fargate_stacks.policies.subjects import Pod
from fargate_stacks.policies.values import UNKNOWN, plain
from policy_cases import (
    GOOD_DEPLOYMENT,
    GOOD_TASK,
    POD_CASES,
    POD_PASSES,
    TASK_CASES,
    TASK_PASSES,
    make,
    pulumi_task_props,
)

FIXTURES = Path(__file__).parent / "fixtures"
LEVELS = effective_levels()

ISSUE_TABLE = {  # the public contract: rule -> default level (issue 4)
    "fargate-task-size": "mandatory",
    "fargate-network-mode": "mandatory",
    "fargate-no-privileged": "mandatory",
    "fargate-no-gpu": "mandatory",
    "fargate-capabilities": "mandatory",
    "fargate-no-host-network": "mandatory",
    "fargate-no-host-namespaces": "mandatory",
    "fargate-volumes": "mandatory",
    "fargate-unsupported-params": "mandatory",
    "fargate-container-resources": "mandatory",
    "fargate-ephemeral-storage": "mandatory",
    "fargate-log-driver": "mandatory",
    "fargate-windows": "mandatory",
    "fargate-spot-platform": "mandatory",
    "fargate-capacity-strategy": "mandatory",
    "fargate-service-scheduling": "mandatory",
    "fargate-no-daemonset": "mandatory",
    "fargate-pod-size": "mandatory",
    "fargate-pod-platform": "mandatory",
    "fargate-profile-selectors": "mandatory",
    "fargate-profile-subnets": "mandatory",
    "fargate-requests-equal-limits": "advisory",
    "fargate-pod-has-profile": "advisory",
    "image-tag-pinned": "advisory",
    "public-ip": "advisory",
    "efs-transit-encryption": "advisory",
}
ADDED = {  # issue 13: Fargate as it is in 2026
    "fargate-ebs-volumes": "mandatory",
    "ecs-circuit-breaker": "mandatory",
    "fargate-pod-identity": "mandatory",
    "fargate-ip-targets": "mandatory",
    "fargate-rounding-waste": "advisory",  # issue 17
}


def rules_of(findings) -> set[str]:
    return {f.rule for f in findings}


def test_rule_table_is_the_public_contract() -> None:
    """Ids and default levels are public (policy configs, SARIF, Pulumi policy names): none of
    issue 4's is renamed or changes level; rules are only added."""
    assert {r.name: r.level for r in RULES} == ISSUE_TABLE | ADDED
    # mandatory first, then advisory, each by id: README, --list-rules and SARIF agree
    levels = ISSUE_TABLE | ADDED
    assert list(RULE_NAMES) == sorted(RULE_NAMES, key=lambda r: (levels[r] != "mandatory", r))


def test_good_inputs_are_clean() -> None:
    assert check_subject(task_from_aws(make(GOOD_TASK, None), "t"), LEVELS) == []
    pod = pod_from_object(make(GOOD_DEPLOYMENT, None), "d", "Deployment")
    assert pod is not None and check_subject(pod, LEVELS) == []


@pytest.mark.parametrize("rule", sorted(TASK_CASES))
def test_task_rule_fails_alone(rule: str) -> None:
    found = check_subject(task_from_aws(make(GOOD_TASK, TASK_CASES[rule]), "t"), LEVELS)
    assert rules_of(found) == {rule}, [f.message for f in found]


@pytest.mark.parametrize("rule", sorted(TASK_PASSES))
def test_task_rule_passes_at_the_edge(rule: str) -> None:
    assert check_subject(task_from_aws(make(GOOD_TASK, TASK_PASSES[rule]), "t"), LEVELS) == []


@pytest.mark.parametrize("rule", sorted(POD_CASES))
def test_pod_rule_fails_alone(rule: str) -> None:
    obj = make(GOOD_DEPLOYMENT, POD_CASES[rule])
    pod = pod_from_object(obj, "d", obj["kind"])
    assert pod is not None
    assert rules_of(check_subject(pod, LEVELS)) == {rule}


def _deployment_pod(obj: dict[str, Any], resource: str) -> Pod:
    pod = pod_from_object(obj, resource, "Deployment")
    assert pod is not None
    return pod


@pytest.mark.parametrize("rule", sorted(POD_PASSES))
def test_pod_rule_passes_at_the_edge(rule: str) -> None:
    obj = make(GOOD_DEPLOYMENT, POD_PASSES[rule])
    assert check_subject(_deployment_pod(obj, "d"), LEVELS) == []


def test_messages_say_what_to_change() -> None:
    found = check_subject(
        task_from_aws(make(GOOD_TASK, TASK_CASES["fargate-task-size"]), "t"), LEVELS
    )
    assert "choose 0.5, 1 or 2 GB" in found[0].message
    missing = check_subject(
        task_from_aws({"family": "x", "networkMode": "awsvpc", "containerDefinitions": []}, "t"),
        LEVELS,
    )
    assert {"task cpu is not set", "task memory is not set"} <= {
        f.message.split(":")[0] for f in missing
    }


def test_task_size_accepts_human_units_and_refuses_small_windows() -> None:
    assert (
        check_subject(
            task_from_aws(make(GOOD_TASK, lambda t: t.update(cpu="1 vCPU", memory="3 GB")), "t"),
            LEVELS,
        )
        == []
    )
    small_windows = make(
        GOOD_TASK,
        lambda t: t.update(runtimePlatform={"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL"}),
    )
    found = check_subject(task_from_aws(small_windows, "t"), LEVELS)
    assert rules_of(found) == {"fargate-task-size"} and "Windows" in found[0].message
    big_old = task_from_aws(
        make(GOOD_TASK, lambda t: t.update(cpu="8192", memory="16384")),
        "t",
        platform_version="1.3.0",
    )
    assert "1.4.0" in check_subject(big_old, LEVELS)[0].message


def test_ec2_only_task_definitions_are_out_of_scope() -> None:
    ec2 = make(GOOD_TASK, lambda t: t.update(requiresCompatibilities=["EC2"], networkMode="bridge"))
    assert check_subject(task_from_aws(ec2, "t"), LEVELS) == []


def test_cronjob_and_pod_templates_are_found() -> None:
    cron = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "c"},
        "spec": {
            "jobTemplate": {
                "spec": {
                    "template": {
                        "metadata": {"labels": {"a": "b"}},
                        "spec": {"hostIPC": True, "containers": []},
                    }
                }
            }
        },
    }
    pod = pod_from_object(cron, "c", "CronJob")
    assert pod is not None and pod.labels == {"a": "b"}
    assert rules_of(check_subject(pod, LEVELS)) == {"fargate-no-host-namespaces"}


def test_affinity_requiring_windows_is_refused_but_a_choice_including_amd64_is_not() -> None:
    def affinity(values: list[str], key: str = "kubernetes.io/os") -> dict:
        return {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [
                        {"matchExpressions": [{"key": key, "operator": "In", "values": values}]}
                    ]
                }
            }
        }

    bad = make(
        GOOD_DEPLOYMENT,
        lambda d: d["spec"]["template"]["spec"].update(affinity=affinity(["windows"])),
    )
    ok = make(
        GOOD_DEPLOYMENT,
        lambda d: d["spec"]["template"]["spec"].update(
            affinity=affinity(["amd64", "arm64"], "kubernetes.io/arch")
        ),
    )
    assert rules_of(check_subject(_deployment_pod(bad, "b"), LEVELS)) == {"fargate-pod-platform"}
    assert check_subject(_deployment_pod(ok, "o"), LEVELS) == []


def test_real_world_fixtures() -> None:
    def found(name: str) -> set[str]:
        pods, tasks = load_inputs(FIXTURES / "policy" / name)
        subjects = [pod_from_template(p) for p in pods] + [task_from_file(t) for t in tasks]
        return {f.rule for s in subjects for f in check_subject(s, LEVELS)}

    assert found("logging-daemonset.yaml") == {"fargate-no-daemonset", "fargate-volumes"}
    assert found("docker-in-docker.yaml") == {"fargate-no-privileged"}
    assert found("gpu-training-job.yaml") == {"fargate-no-gpu"}
    assert found("host-network-pod.yaml") == {
        "fargate-no-host-network",
        "fargate-no-host-namespaces",
        "fargate-capabilities",
    }
    ecs = found("ecs-violations.json")
    assert ecs >= {rule for rule in TASK_CASES}
    pods, _ = load_inputs(FIXTURES / "manifests" / "nginx-deployment.yaml")  # the article's
    assert [f for p in pods for f in check_subject(pod_from_template(p), LEVELS)] == []
    _, tasks = load_inputs(FIXTURES / "taskdefs" / "fargate-webserver.json")  # AWS's docs
    assert [f for t in tasks for f in check_subject(task_from_file(t), LEVELS)] == []


def test_findings_carry_file_and_line() -> None:
    pods, _ = load_inputs(FIXTURES / "policy" / "docker-in-docker.yaml")
    (finding,) = check_subject(pod_from_template(pods[0]), LEVELS)
    assert finding.to_dict() == {
        "rule": "fargate-no-privileged",
        "level": "mandatory",
        "resource": "Deployment/ci-runner",
        "file": str(FIXTURES / "policy" / "docker-in-docker.yaml"),
        "line": 29,
        "message": finding.message,
    }
    assert list(finding.to_dict()) == ["rule", "level", "resource", "file", "line", "message"]


def test_ebs_volume_claims_are_refused_where_they_are_written() -> None:
    path = FIXTURES / "policy" / "statefulset-ebs.yaml"
    pods, _ = load_inputs(path)
    findings = check_subject(pod_from_template(pods[0]), LEVELS)
    assert {f.rule for f in findings} == {"fargate-volumes"}
    by_line = {f.line or 0: f.message for f in findings}  # 0: a finding without a line
    # the gp3 claim, the claim with no class (the default, gp2, is EBS), the generic
    # ephemeral volume on gp2; not the EFS class, not the static ("") claim
    assert sorted(by_line) == [32, 37, 42], by_line  # the storageClassName, or the claim spec
    assert "'data'" in by_line[37] and "gp3" in by_line[37] and "EBS" in by_line[37]
    assert "'wal'" in by_line[42] and "default StorageClass" in by_line[42]
    assert "'scratch'" in by_line[32] and "gp2" in by_line[32]
    # the same StatefulSet as Pulumi props, as the pack sees it
    import yaml

    obj = yaml.safe_load(path.read_text())
    pod = pod_from_object(obj, "urn:sts", "StatefulSet")
    assert pod is not None
    assert len(check_subject(pod, LEVELS)) == 3


def test_profiles_decide_which_pods_are_fargate_s() -> None:
    profiles = read_profiles(FIXTURES / "policy" / "profiles.yaml").profile_set()
    pods, _ = load_inputs(FIXTURES / "policy" / "logging-daemonset.yaml")
    assert rules_of(check_subject(pod_from_template(pods[0]), LEVELS, profiles)) == {
        "fargate-no-daemonset",
        "fargate-volumes",
    }  # the system profile selects "logging"
    pods, _ = load_inputs(FIXTURES / "policy" / "gpu-training-job.yaml")  # namespace ml
    found = check_subject(pod_from_template(pods[0]), LEVELS, profiles)
    assert rules_of(found) == {"fargate-pod-has-profile"}  # left to a GPU node group
    assert found[0].level == "advisory"


def test_profile_selector_limits() -> None:
    from fargate_stacks.policies.normalize import profile_from_data

    bad = profile_from_data(
        {
            "name": "p",
            "selectors": [{"namespace": f"n{i}"} for i in range(6)]
            + [{"labels": {f"k{i}": "v" for i in range(6)}}],
        },
        "p",
    )
    messages = [f.message for f in check_subject(bad, LEVELS)]
    assert len(messages) == 3 and any("at most 5" in m for m in messages)
    empty = profile_from_data({"name": "p", "selectors": []}, "p")
    assert rules_of(check_subject(empty, LEVELS)) == {"fargate-profile-selectors"}
    good = profile_from_data({"name": "p", "selectors": [{"namespace": "team-*"}]}, "p")
    assert check_subject(good, LEVELS) == []


def test_policy_config_levels() -> None:
    levels = load_policy_config(FIXTURES / "policy" / "policy-config.json")
    assert levels["image-tag-pinned"] == "disabled"
    assert levels["fargate-requests-equal-limits"] == "advisory"
    assert levels["public-ip"] == "mandatory"  # from "all"
    assert parse_policy_config({"fargate-pod-size": "advisory"}) == {"fargate-pod-size": "advisory"}
    obj = make(GOOD_DEPLOYMENT, POD_CASES["image-tag-pinned"])
    pod = _deployment_pod(obj, "d")
    assert check_subject(pod, effective_levels(levels)) == []


def test_remediate_is_accepted_and_reported_as_mandatory(tmp_path: Path) -> None:
    # Pulumi accepts "remediate"; a policy with no remediation then blocks like a mandatory one
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps(
            {
                "fargate-no-privileged": {"enforcementLevel": "remediate"},
                "image-tag-pinned": "remediate",
            }
        )
    )
    assert load_policy_config(path) == {
        "fargate-no-privileged": "mandatory",
        "image-tag-pinned": "mandatory",
    }
    assert set(parse_policy_config({"all": "remediate"}).values()) == {"mandatory"}
    obj = make(GOOD_DEPLOYMENT, POD_CASES["image-tag-pinned"])
    pod = _deployment_pod(obj, "d")
    levels = effective_levels(load_policy_config(path))
    assert [(f.rule, f.level) for f in check_subject(pod, levels)] == [
        ("image-tag-pinned", "mandatory")
    ]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"fargate-no-privileged": {"enforcementLevel": "remediat"}}, "did you mean 'remediate'?"),
        ({"fargate-no-privilegd": "advisory"}, "did you mean 'fargate-no-privileged'?"),
        ({"fargate-pod-size": {"enforcementLevel": "advisery"}}, "did you mean 'advisory'?"),
        ({"fargate-pod-size": {"level": "advisory"}}, "take only 'enforcementLevel'"),
        (["fargate-pod-size"], "a policy config is a mapping"),
    ],
)
def test_bad_policy_config_is_an_input_error(data: object, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data, indent=1))
    with pytest.raises(InputError) as err:
        load_policy_config(path)
    assert expected in str(err.value) and str(path) in str(err.value)


def test_pulumi_props_normalise_to_the_aws_shape() -> None:
    task = make(
        GOOD_TASK,
        lambda t: t.update(
            ephemeralStorage={"sizeInGiB": 30},
            volumes=[{"name": "sock", "host": {"sourcePath": "/var/run/docker.sock"}}],
        ),
    )
    normalised = task_from_pulumi(pulumi_task_props(task), "urn")
    assert normalised.data["ephemeralStorage"] == {"sizeInGiB": 30}
    assert normalised.data["volumes"][0]["host"] == {"sourcePath": "/var/run/docker.sock"}
    assert normalised.containers == task["containerDefinitions"]
    assert plain({"a": 2.0, "b": [1.5, "04da6b54-80e4-46f7-96ec-b56ff0331ba9"]}) == {
        "a": 2,
        "b": [1.5, UNKNOWN],
    }


def test_plain_replaces_unknowns_at_every_depth_and_copies() -> None:
    sentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    data = {
        "s": sentinel,
        1: "x",
        "l": [sentinel, "y", None, True, 3.0, {"d": sentinel}],
        "n": {"m": {"k": sentinel, "v": "z"}},
    }
    out = plain(data)
    assert out == {
        "s": UNKNOWN,
        "1": "x",
        "l": [UNKNOWN, "y", None, True, 3, {"d": UNKNOWN}],
        "n": {"m": {"k": UNKNOWN, "v": "z"}},
    }
    assert out["n"] is not data["n"] and out["l"] is not data["l"]


@pytest.mark.parametrize(
    "request_, limit, reported",
    [
        ("500m", "500m", False),
        ("500m", "0.5", False),
        ("500m", "1", True),
        (1, 1.0, False),
        (True, 1, True),
        ("abc", "abc", False),
        ("1Gi", "1024Mi", False),
    ],
)
def test_requests_equal_limits_compares_quantities(
    request_: object, limit: object, reported: bool
) -> None:
    def mutate(d: dict) -> None:
        resources = d["spec"]["template"]["spec"]["containers"][0]["resources"]
        resources["requests"]["cpu"], resources["limits"]["cpu"] = request_, limit

    obj = make(GOOD_DEPLOYMENT, mutate)
    found = check_subject(_deployment_pod(obj, "d"), LEVELS)
    assert ("fargate-requests-equal-limits" in rules_of(found)) is reported


def test_unknown_values_are_never_violations() -> None:
    props = pulumi_task_props(GOOD_TASK)
    props.update(
        containerDefinitions="04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        cpu="04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        networkMode=UNKNOWN,
    )
    assert check_subject(task_from_pulumi(props, "urn"), LEVELS) == []


# ---- cross-resource rules over a stack ---------------------------------------------------


def urn(t: str, name: str) -> str:
    return f"urn:pulumi:dev::proj::{t}::{name}"


TD, SVC, CL = (
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:ecs/service:Service",
    "aws:ecs/cluster:Cluster",
)
CCP, TG = (
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    "aws:lb/targetGroup:TargetGroup",
)
PROFILE, SUBNET = "aws:eks/fargateProfile:FargateProfile", "aws:ec2/subnet:Subnet"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"


def ecs_stack(
    *,
    windows: bool = False,
    strategy: list | None = None,
    providers: list | None = None,
    target_type: str | None = "ip",
    scheduling: str = "REPLICA",
    public: bool = False,
) -> list[GraphResource]:
    task = make(GOOD_TASK, TASK_PASSES["fargate-windows"] if windows else None)
    strategy = (
        strategy
        if strategy is not None
        else [
            {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ]
    )
    tg_props = {"port": 80, "protocol": "HTTP"} | (
        {"targetType": target_type} if target_type else {}
    )
    return [
        GraphResource(urn(CL, "web"), CL, "web", {"name": "web"}),
        GraphResource(
            urn(CCP, "web"),
            CCP,
            "web",
            {"clusterName": "web", "capacityProviders": providers or ["FARGATE", "FARGATE_SPOT"]},
            dependencies=[urn(CL, "web")],
        ),
        GraphResource(urn(TD, "api"), TD, "api", pulumi_task_props(task)),
        GraphResource(urn(TG, "api"), TG, "api", tg_props),
        GraphResource(
            urn(SVC, "api"),
            SVC,
            "api",
            {
                "name": "api",
                "capacityProviderStrategies": strategy,
                "schedulingStrategy": scheduling,
                "networkConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": public},
                "loadBalancers": [
                    {"targetGroupArn": "arn", "containerName": "web", "containerPort": 80}
                ],
            },
            dependencies=[urn(CL, "web"), urn(TD, "api"), urn(TG, "api")],
            property_dependencies={
                "taskDefinition": [urn(TD, "api")],
                "loadBalancers": [urn(TG, "api")],
            },
        ),
    ]


def stack_rules(resources: list[GraphResource]) -> set[str]:
    return {f.rule for f in evaluate_graph(resources, LEVELS)}


def test_clean_ecs_stack() -> None:
    assert stack_rules(ecs_stack()) == set()
    assert (
        stack_rules(
            ecs_stack(windows=True, strategy=[{"capacityProvider": "FARGATE", "weight": 1}])
        )
        == set()
    )


@pytest.mark.parametrize(
    "kwargs, rule",
    [
        ({"windows": True}, "fargate-spot-platform"),
        ({"providers": ["FARGATE"]}, "fargate-capacity-strategy"),
        (
            {
                "strategy": [
                    {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                    {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 1},
                ]
            },
            "fargate-capacity-strategy",
        ),
        (
            {"strategy": [{"capacityProvider": "FARGATE", "base": 2, "weight": 0}]},
            "fargate-capacity-strategy",
        ),
        ({"target_type": None}, "fargate-service-scheduling"),
        ({"target_type": "instance"}, "fargate-service-scheduling"),
        ({"scheduling": "DAEMON"}, "fargate-service-scheduling"),
        ({"public": True}, "public-ip"),
    ],
)
def test_ecs_stack_rule_fails(kwargs: dict, rule: str) -> None:
    findings = evaluate_graph(ecs_stack(**kwargs), LEVELS)
    assert {f.rule for f in findings} == {rule}
    assert all(f.resource == urn(SVC, "api") for f in findings)


def _set_prop(resource: GraphResource, key: str, value: Any) -> None:
    """The tests build props as dicts (the pack's are read-only proxies, hence Mapping)."""
    assert isinstance(resource.props, dict)
    resource.props[key] = value


def _with_task(resources: list[GraphResource], mutation) -> list[GraphResource]:
    task = make(GOOD_TASK, mutation)
    return [
        GraphResource(
            r.urn,
            r.type,
            r.name,
            pulumi_task_props(task),
            r.parent,
            r.dependencies,
            r.property_dependencies,
        )
        if r.type == TD
        else r
        for r in resources
    ]


PLATFORM_1_4_NEEDS = {  # what needs Linux platform version 1.4.0, and the word the message uses
    # (ECS-DG platform-linux-fargate, task-cpu-memory-error, ecs-arm64, ebs-volumes)
    "8 and 16 vCPU": lambda t: t.update(cpu="8192", memory="16384"),
    "ephemeralStorage": lambda t: t.update(ephemeralStorage={"sizeInGiB": 30}),
    "EFS": TASK_PASSES["efs-transit-encryption"],
    "SYS_PTRACE": TASK_PASSES["fargate-capabilities"],
    "pidMode": lambda t: t.update(pidMode="task"),
    "arm64": lambda t: t.update(
        runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}
    ),
    "EBS volumes configured at launch": lambda t: t.update(
        volumes=[{"name": "data", "configuredAtLaunch": True}]
    ),
}


EBS_VOLUME_CONFIGURATION = {
    "name": "data",
    "managedEbsVolume": {
        "roleArn": "arn:aws:iam::123456789012:role/ecsInfrastructureRole",
        "sizeInGb": 100,
        "volumeType": "gp3",
    },
}


@pytest.mark.parametrize("feature", PLATFORM_1_4_NEEDS)
def test_platform_version_below_1_4_is_joined_to_the_task_definition(feature: str) -> None:
    resources = _with_task(
        ecs_stack(strategy=[{"capacityProvider": "FARGATE", "weight": 1}]),
        PLATFORM_1_4_NEEDS[feature],
    )
    if feature.startswith("EBS"):  # the service fills the volume (pulumi_aws 7 names)
        _set_prop(resources[-1], "volumeConfiguration", EBS_VOLUME_CONFIGURATION)
    assert stack_rules(resources) == set()  # no platform version: LATEST, which is 1.4.0
    _set_prop(resources[-1], "platformVersion", "1.3.0")
    (finding,) = evaluate_graph(resources, LEVELS)
    assert (finding.rule, finding.level, finding.resource) == (
        "fargate-task-size",
        "mandatory",
        urn(SVC, "api"),
    )
    assert feature in finding.message and "1.3.0" in finding.message
    assert "1.4.0" in finding.message
    for fine in ("1.4.0", "LATEST"):
        _set_prop(resources[-1], "platformVersion", fine)
        assert stack_rules(resources) == set()


def test_arm64_and_ecs_exec_need_platform_1_4_on_demand_too_as_the_spec_says() -> None:
    """Drift (issue 13): the spec refused arm64 on 1.3.0, the rule only ARM64 on Spot. AWS
    (ECS-DG ecs-arm64): "For the Fargate type, the applications must use Fargate platform
    version 1.4.0 or later", on-demand or Spot; ECS Exec needs 1.4.0 too (ECS-DG ecs-exec).
    One table now, read by both."""
    from fargate_stacks.errors import InputError as SpecError
    from fargate_stacks.spec.loader import spec_from_data

    def arm(task: dict[str, Any]) -> None:
        task.update(runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"})

    on_demand = _with_task(ecs_stack(strategy=[{"capacityProvider": "FARGATE", "weight": 1}]), arm)
    _set_prop(on_demand[-1], "platformVersion", "1.3.0")
    (finding,) = evaluate_graph(on_demand, LEVELS)
    assert finding.rule == "fargate-task-size" and "arm64" in finding.message
    plain_x86 = ecs_stack(strategy=[{"capacityProvider": "FARGATE", "weight": 1}])
    _set_prop(plain_x86[-1], "platformVersion", "1.3.0")
    assert stack_rules(plain_x86) == set()
    _set_prop(plain_x86[-1], "enableExecuteCommand", True)
    (finding,) = evaluate_graph(plain_x86, LEVELS)
    assert "ECS Exec" in finding.message
    service = {"name": "api", "image": "nginx:1.27", "platformVersion": "1.3.0"}
    for extra, word in (({"architecture": "arm64"}, "arm64"), ({"exec": True}, "ECS Exec")):
        data = {"ecs": {"clusters": [{"name": "c", "services": [{**service, **extra}]}]}}
        with pytest.raises(SpecError, match=word):
            spec_from_data(data)


def test_windows_platform_versions_are_their_own() -> None:
    resources = _with_task(
        ecs_stack(strategy=[{"capacityProvider": "FARGATE", "weight": 1}]),
        lambda t: (TASK_PASSES["fargate-windows"](t), t.update(ephemeralStorage={"sizeInGiB": 30})),
    )
    _set_prop(resources[-1], "platformVersion", "1.0.0")  # Windows 1.0.0 supports ephemeralStorage
    assert stack_rules(resources) == set()


def test_service_without_strategy_on_a_cluster_without_default_would_use_ec2() -> None:
    resources = ecs_stack(strategy=[])
    assert "EC2" in evaluate_graph(resources, LEVELS)[0].message
    _set_prop(resources[-1], "launchType", "FARGATE")
    assert stack_rules(resources) == set()


def eks_stack(*, public_subnet: bool = False, daemonset_ns: str = "logging") -> list[GraphResource]:
    daemonset = make(GOOD_DEPLOYMENT, POD_CASES["fargate-no-daemonset"])
    daemonset["metadata"]["namespace"] = daemonset_ns
    return [
        GraphResource(urn(SUBNET, "private"), SUBNET, "private", {"mapPublicIpOnLaunch": False}),
        GraphResource(urn(SUBNET, "public"), SUBNET, "public", {"mapPublicIpOnLaunch": True}),
        GraphResource(
            urn(PROFILE, "system"),
            PROFILE,
            "system",
            {
                "fargateProfileName": "system",
                "clusterName": "apps",
                "selectors": [{"namespace": "kube-system"}, {"namespace": "logging"}],
            },
            property_dependencies={
                "subnetIds": [urn(SUBNET, "public" if public_subnet else "private")]
            },
        ),
        GraphResource(
            urn("kubernetes:apps/v1:DaemonSet", "ds"),
            "kubernetes:apps/v1:DaemonSet",
            "ds",
            daemonset,
        ),
    ]


def test_daemonset_in_a_selected_namespace_and_public_profile_subnets() -> None:
    assert stack_rules(eks_stack()) == {"fargate-no-daemonset"}
    assert stack_rules(eks_stack(public_subnet=True)) == {
        "fargate-no-daemonset",
        "fargate-profile-subnets",
    }
    # a namespace no profile selects: the DaemonSet runs on a node group, but nothing selects it
    assert stack_rules(eks_stack(daemonset_ns="monitoring")) == {"fargate-pod-has-profile"}


def test_a_stack_with_a_node_group_leaves_unselected_pods_to_it() -> None:
    node_group = GraphResource(
        urn(NODE_GROUP, "ng"),
        NODE_GROUP,
        "ng",
        {"clusterName": "apps", "scalingConfig": {"minSize": 1, "maxSize": 2, "desiredSize": 1}},
    )
    assert stack_rules([*eks_stack(daemonset_ns="monitoring"), node_group]) == set()
    assert stack_rules([*eks_stack(), node_group]) == {"fargate-no-daemonset"}  # selected


def test_stack_evaluation_scales_with_copies() -> None:
    """Each copy of a stack gives the same findings, none lost or doubled by cross-resource rules.
    (Speed is measured by benchmarks/run.py, not here.)"""

    def graph(copies: int) -> list[GraphResource]:
        out: list[GraphResource] = [
            r for r in eks_stack() if r.type != "kubernetes:apps/v1:DaemonSet"
        ]
        deployment = make(GOOD_DEPLOYMENT, None)
        for i in range(copies):
            out.extend(
                GraphResource(
                    r.urn + str(i),
                    r.type,
                    r.name,
                    r.props,
                    None,
                    [d + str(i) for d in r.dependencies],
                    {k: [d + str(i) for d in v] for k, v in r.property_dependencies.items()},
                )
                for r in ecs_stack()
            )
            out.append(
                GraphResource(
                    urn("kubernetes:apps/v1:Deployment", f"d{i}"),
                    "kubernetes:apps/v1:Deployment",
                    f"d{i}",
                    deployment,
                )
            )
        return out

    base = len(evaluate_graph(graph(0), LEVELS))
    one = len(evaluate_graph(graph(1), LEVELS)) - base
    assert len(evaluate_graph(graph(50), LEVELS)) - base == 50 * one
