"""The input constraints, family by family, on the cases the provider's and AWS's own words give.

Each test quotes what the Terraform AWS provider (terraform-provider-aws, the engine pulumi-aws
is bridged from) or AWS says about the value, so a change of the data that contradicts them
fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from fargate_stacks.constraints import Checker, appautoscaling, tags
from fargate_stacks.constraints.model import shorten

CHECK = Checker()
SG = "aws:ec2/securityGroup:SecurityGroup"
ROLE = "aws:iam/role:Role"
LB = "aws:lb/loadBalancer:LoadBalancer"
TG = "aws:lb/targetGroup:TargetGroup"


def problems(type_: str, inputs: dict[str, Any], auto: str | None = None) -> list[str]:
    return [f"{v.path}: {v.rule.layer}: {v.problem}" for v in CHECK.check(type_, inputs, auto)]


def layer_of(type_: str, inputs: dict[str, Any], auto: str | None = None) -> list[str]:
    return [v.rule.layer for v in CHECK.check(type_, inputs, auto)]


# ---------------------------------------------------------------- EC2 security groups


def test_rule_descriptions_are_checked_at_plan() -> None:
    # provider: "egress.0.description" doesn't comply with restrictions
    # ("^[0-9A-Za-z_ .:/()#,@\[\]+=&;{}!$*-]*$"): "to the tasks' container port"
    found = problems(SG, {"egress": [{"description": "to the tasks' container port"}]})
    assert found == [
        "egress[0].description: plan: allowed: letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*"
    ]
    # every character the provider's set names passes
    ok = "a-z A-Z 0-9 ._-:/()#,@[]+=&;{}!$*"
    assert problems(SG, {"ingress": [{"description": ok}], "egress": [{"description": ok}]}) == []
    # "%q cannot be longer than 255 characters"
    assert problems(SG, {"ingress": [{}, {"description": "x" * 256}]}) == [
        "ingress[1].description: plan: 256 characters, over the limit of 255"
    ]


def test_a_group_description_is_refused_by_ec2_only() -> None:
    # CreateSecurityGroup Description: "Valid characters: a-z, A-Z, 0-9, spaces, and
    # ._-:/()#,@[]+=&;{}!$*" (the provider checks only 0-255 characters)
    assert layer_of(SG, {"description": "Bob's tasks"}) == ["api"]
    assert layer_of(SG, {"description": "Tasks of web/api (port 80)"}) == []


def test_group_names_cannot_begin_with_sg() -> None:
    # provider: StringDoesNotMatch(`^sg-`, "cannot begin with sg-"); EC2: "Can't start with sg-"
    assert problems(SG, {}, "sg-web-tasks-a1b2c3d") == [
        "name (Pulumi's auto-name): plan: must not begin with 'sg-'"
    ]
    assert problems(SG, {}, "web-sg-tasks-a1b2c3d") == []


def test_cidr_blocks_are_network_addresses() -> None:
    # verify.ValidIPv4CIDRNetworkAddress: "%q is not a valid IPv4 CIDR block; did you mean %q?"
    assert problems(SG, {"egress": [{"cidrBlocks": ["10.0.0.0/16", "10.0.1.7/24"]}]}) == [
        "egress[0].cidrBlocks[1]: plan: not a network address (did you mean 10.0.1.0/24?)"
    ]
    # aws_vpc cidr_block: IsCIDRNetwork(16, 28)
    assert layer_of("aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/8"}) == ["plan"]
    assert layer_of("aws:ec2/vpc:Vpc", {"cidrBlock": "10.0.0.0/16"}) == []


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    "type_",
    [
        ROLE,
        "aws:ecs/service:Service",
        LB,
        TG,
        "aws:lb/listener:Listener",
        "aws:cloudwatch/logGroup:LogGroup",
    ],
)
def test_tag_characters_of_iam_ecs_elbv2_and_logs(type_: str) -> None:
    # their models: [\p{L}\p{Z}\p{N}_.:/=+\-@] for keys and values
    found = CHECK.check(type_, {"tags": {"cost-center": "R&D (EMEA)"}})
    assert [(v.path, v.rule.layer) for v in found] == [('tags["cost-center"]', "api")]
    assert "'&' is not allowed" in found[0].problem
    # letters of any script, digits, spaces and _.:/=+-@ are fine everywhere
    assert CHECK.check(type_, {"tags": {"équipe données": "株式会社 team_1.2:3/4=5+6-7@8"}}) == []


@pytest.mark.parametrize(
    "type_", ["aws:eks/cluster:Cluster", "aws:ec2/vpc:Vpc", "aws:appautoscaling/target:Target"]
)
def test_eks_ec2_and_app_auto_scaling_take_any_tag_character(type_: str) -> None:
    assert CHECK.check(type_, {"tags": {"cost-center": "R&D (EMEA)", "owner": "O'Brien"}}) == []


def test_tag_lengths_and_ec2s_shorter_keys() -> None:
    # IAM: tagKeyType 1-128, tagValueType 0-256; EC2 Tag.Key: "a maximum of 127 Unicode characters"
    assert layer_of(ROLE, {"tags": {"k" * 128: "v" * 256}}) == []
    assert layer_of(ROLE, {"tags": {"k" * 129: "v"}}) == ["api"]
    assert layer_of(ROLE, {"tags": {"k": "v" * 257}}) == ["api"]
    assert layer_of("aws:ec2/subnet:Subnet", {"tags": {"k" * 128: "v"}}) == ["api"]
    assert layer_of("aws:ec2/subnet:Subnet", {"tags": {"k" * 127: "v"}}) == []


def test_tag_count() -> None:
    # "Maximum number of tags per resource - 50" (ECS, IAM, Logs, EKS, EC2); Cloud Map: 200
    fifty_one = {f"k{i}": "v" for i in range(51)}
    assert problems(ROLE, {"tags": fifty_one}) == ["tags: api: 51 tags, over the limit of 50"]
    assert problems("aws:servicediscovery/httpNamespace:HttpNamespace", {"tags": fifty_one}) == []


def test_aws_prefix() -> None:
    # the provider drops keys that begin with aws: (KeyValueTags.IgnoreAWS, case-sensitive)
    assert layer_of("aws:eks/cluster:Cluster", {"tags": {"aws:team": "x"}}) == ["dropped"]
    # ECS: "Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix
    # for either keys or values"
    assert layer_of("aws:ecs/cluster:Cluster", {"tags": {"AWS:team": "x"}}) == ["api"]
    assert layer_of("aws:ecs/cluster:Cluster", {"tags": {"team": "Aws:x"}}) == ["api"]
    assert layer_of("aws:eks/cluster:Cluster", {"tags": {"team": "aws:x"}}) == []


def test_the_spec_tag_characters_are_the_services() -> None:
    """The spec's Tags type reads the same character set (one fact, one place)."""
    assert tags.CHARS("Ünïcödé 42 _.:/=+-@") is None
    assert tags.CHARS("50%") is not None


# ---------------------------------------------------------------- IAM


def test_role_names_with_pulumis_suffix() -> None:
    # validResourceName(roleNameMaxLen = 64): StringLenBetween(1, 64), "must match [\w+=,.@-]"
    assert layer_of(ROLE, {}, "r" * 56 + "-a1b2c3d") == []
    assert problems(ROLE, {}, "r" * 57 + "-a1b2c3d") == [
        "name (Pulumi's auto-name): plan: 65 characters, over the limit of 64"
    ]
    assert layer_of(ROLE, {"name": "web/api"}) == ["plan"]


def test_role_descriptions() -> None:
    # the provider: "cannot contain specially formatted single or double quotes" (U+201C, U+2018)
    assert layer_of(ROLE, {"description": "the \u201cweb\u201d role"}) == ["plan"]
    # IAM's roleDescriptionType: [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*, so a
    # typographic apostrophe (U+2019) passes the provider and fails at CreateRole
    assert layer_of(ROLE, {"description": "the tasks\u2019 role"}) == ["api"]
    assert layer_of(ROLE, {"description": "ECS task role of web/api, café"}) == []


def test_role_paths_and_policy_documents() -> None:
    # pathType: (\u002F)|(\u002F[\u0021-\u007E]+\u002F); the provider: length only
    assert layer_of(ROLE, {"path": "/teams/web/"}) == []
    assert layer_of(ROLE, {"path": "teams"}) == ["api"]
    # ValidIAMPolicyJSON
    assert layer_of(ROLE, {"assumeRolePolicy": "{not json"}) == ["plan"]
    # validRolePolicyRole: "%q must be the role's name not its ARN"
    policy = "aws:iam/rolePolicy:RolePolicy"
    assert layer_of(policy, {"role": "arn:aws:iam::123456789012:role/x"}) == ["plan"]


# ---------------------------------------------------------------- ELBv2


def test_load_balancer_names() -> None:
    # validName: "%q cannot be longer than 32 characters", "only alphanumeric characters and
    # hyphens allowed in %q", "%q cannot begin with a hyphen", "%q cannot end with a hyphen",
    # `%q cannot begin with "internal-"`
    assert problems(LB, {"name": "internal-9def3394"}) == [
        "name: plan: must not begin with 'internal-'"
    ]
    assert layer_of(LB, {"name": "a" * 33}) == ["plan"]
    assert layer_of(LB, {"name": "web_api"}) == ["plan"]
    assert layer_of(LB, {"name": "-web"}) == ["plan"]
    assert layer_of(LB, {"name": "web-"}) == ["plan"]
    assert layer_of(LB, {"name": "internal"}) == []  # only the prefix with its hyphen
    # target groups: the same rules but internal-
    assert layer_of(TG, {"name": "internal-9def3394"}) == []


def test_target_group_numbers_and_matcher() -> None:
    # interval IntBetween(5, 300), timeout IntBetween(2, 120), thresholds IntBetween(2, 10)
    health = {"interval": 4, "timeout": 121, "healthyThreshold": 11, "unhealthyThreshold": 1}
    assert layer_of(TG, {"healthCheck": health}) == ["plan"] * 4
    # Matcher.HttpCode: "For Application Load Balancers, you can specify values between 200 and
    # 499 ... For Network Load Balancers, you can specify values between 200 and 599"
    alb = {"protocol": "HTTP", "healthCheck": {"matcher": "200-599"}}
    assert layer_of(TG, alb) == ["api"]
    assert layer_of(TG, {**alb, "healthCheck": {"matcher": "200,202,300-399"}}) == []
    assert layer_of(TG, {"protocol": "TCP", "healthCheck": {"matcher": "200-599"}}) == []


# ---------------------------------------------------------------- logs, ECS, EKS, Cloud Map


def test_log_group_names() -> None:
    # validLogGroupName: "%q isn't a valid log group name (alphanumeric characters,
    # underscores, hyphens, slashes, hash signs and dots are allowed)"; 512 characters
    group = "aws:cloudwatch/logGroup:LogGroup"
    assert layer_of(group, {"name": "/fargate-stacks/dev/web/api#1.x_y"}) == []
    assert layer_of(group, {"name": "/fargate-stacks/my stack/web"}) == ["plan"]
    assert layer_of(group, {"name": "/" + "x" * 512}) == ["plan"]
    # retention_in_days IntInSlice
    assert layer_of(group, {"retentionInDays": 45}) == ["plan"]


def test_ecs_names() -> None:
    # "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens"
    assert layer_of("aws:ecs/cluster:Cluster", {}, "web_1-a1b2c3d") == []
    assert layer_of("aws:ecs/cluster:Cluster", {"name": "web.prod"}) == ["plan"]
    # the provider checks no service name: ECS refuses it
    assert layer_of("aws:ecs/service:Service", {"name": "web.api"}) == ["api"]
    family = {"family": "web-api", "containerDefinitions": '[{"name": "api.v2"}]'}
    assert problems("aws:ecs/taskDefinition:TaskDefinition", family) == [
        "containerDefinitions[0].name: api: allowed: up to 255 letters, digits, - and _"
    ]


def test_eks_names_and_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from fargate_stacks.fargate import eks_versions

    monkeypatch.setattr(eks_versions, "today", lambda: date(2026, 12, 1))
    cluster = "aws:eks/cluster:Cluster"
    # validClusterName: 1-100, `^[0-9A-Za-z][0-9A-Za-z_-]*$`
    assert layer_of(cluster, {}, "a" * 92 + "-a1b2c3d") == []
    assert layer_of(cluster, {}, "a" * 93 + "-a1b2c3d") == ["plan"]
    assert layer_of(cluster, {"name": "_apps"}) == ["plan"]
    # "On the end of extended support date, you can no longer create new Amazon EKS clusters"
    assert layer_of(cluster, {"version": "1.31"}) == ["api"]
    assert layer_of(cluster, {"version": "1.33"}) == []  # extended support: allowed, priced


def test_addons_and_namespaces() -> None:
    addon = "aws:eks/addon:Addon"
    # resolve_conflicts_on_create: StringInSlice{NONE, OVERWRITE} (no PRESERVE at create)
    assert layer_of(addon, {"resolveConflictsOnCreate": "PRESERVE"}) == ["plan"]
    assert layer_of(addon, {"resolveConflictsOnUpdate": "PRESERVE"}) == []
    # validNamespaceName: `^[0-9A-Za-z._-]+$` (stricter than the API)
    namespace = "aws:servicediscovery/httpNamespace:HttpNamespace"
    assert layer_of(namespace, {"name": "web.local"}) == []
    assert layer_of(namespace, {"name": "web local"}) == ["plan"]


# ---------------------------------------------------------------- App Auto Scaling


def test_scheduled_action_names() -> None:
    # ScheduledActionName: (?!((^[ ]+.*)|(.*([\u0000-\u001f]|[\u007f-\u009f]|[:/|])+.*)|(.*[ ]+$))).+
    action = "aws:appautoscaling/scheduledAction:ScheduledAction"
    assert layer_of(action, {"name": "web-api-morning"}) == []
    for bad in ("web:api", "web/api", "a|b", " lead", "trail ", "tab\tname"):
        assert layer_of(action, {"name": bad}) == ["api"], bad


@pytest.mark.parametrize(
    "schedule",
    [
        # EventBridge's documented cron examples, and App Auto Scaling's at/rate forms
        "cron(0 10 * * ? *)",
        "cron(15 12 * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)",
        "cron(0 9 ? * 2#1 *)",
        "cron(0 7 ? * MON-FRI *)",
        "cron(0 12 L * ? 2027)",
        "cron(0 12 15W * ? *)",
        "cron(0 12 ? * 6L *)",
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 day)",
        "at(2027-01-15T07:00:00)",
    ],
)
def test_schedules_app_auto_scaling_takes(schedule: str) -> None:
    assert appautoscaling.schedule_problem(schedule) is None


@pytest.mark.parametrize(
    ("schedule", "says"),
    [
        # "The cron format consists of six fields": a Kubernetes-style five-field cron fails
        (
            "cron(0 7 * * MON-FRI)",
            "5 cron fields: App Auto Scaling takes 6 (minutes hours day-of-month month "
            "day-of-week year), such as cron(0 7 ? * MON-FRI *)",
        ),
        # Kubernetes numbers Sunday 0; the fix says it with names
        ("cron(30 2 * * 0)", "such as cron(30 2 ? * SUN *)"),
        # "You can't specify the Day-of-month and Day-of-week fields in the same cron expression"
        ("cron(0 7 * * MON-FRI *)", "exactly one of day-of-month and day-of-week must be '?'"),
        ("cron(60 7 ? * * *)", "minutes '60' is not a value (0-59)"),
        ("cron(0 7 ? 13 * *)", "month '13' is not a value (1-12 or JAN-DEC)"),
        ("cron(0 7 ? * 8 *)", "day-of-week '8' is not a value (1-7 or SUN-SAT)"),
        ("cron(0 7 ? * MON *", "a cron expression ends with ')'"),
        ("rate(0 minutes)", "rate value '0' is not a positive integer"),
        ("rate(5 mins)", "rate unit 'mins' is not one of minute, minutes, hour, hours, day, days"),
        ("at(2026-01-01 07:00)", "write at(yyyy-mm-ddThh:mm:ss)"),
        ("at(2026-02-30T07:00:00)", "2026-02-30T07:00:00 is not a date and time"),
        ("0 7 * * *", "not at(...), rate(...) or cron(...)"),
    ],
)
def test_schedules_app_auto_scaling_refuses(schedule: str, says: str) -> None:
    problem = appautoscaling.schedule_problem(schedule)
    assert problem is not None and says in problem


def test_time_zones() -> None:
    # "the canonical names of the IANA time zones supported by Joda-Time (such as Etc/GMT+9
    # or Pacific/Tahiti)"
    for zone in ("Etc/GMT+9", "Pacific/Tahiti", "Europe/Paris", "UTC"):
        assert appautoscaling.timezone_problem(zone) is None
    assert "did you mean Europe/Paris" in (appautoscaling.timezone_problem("europe/paris") or "")
    assert appautoscaling.timezone_problem("CEST+1") is not None


# ---------------------------------------------------------------- the walk itself


def test_unknown_values_are_skipped_not_flagged() -> None:
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # Pulumi's wire value for "not known yet"
    assert CHECK.check(SG, {"description": unknown, "egress": [{"description": unknown}]}) == []


def test_a_violation_names_field_value_rule_and_source() -> None:
    (violation,) = CHECK.check(SG, {"egress": [{"description": "to the tasks' port"}]})
    assert violation.describe() == (
        'egress[0].description "to the tasks\' port": allowed: letters, digits, spaces and '
        "._-:/()#,@[]+=&;{}!$*; the AWS provider refuses it at plan, so pulumi preview fails "
        "(terraform-provider-aws: internal/service/ec2/validate.go "
        "validSecurityGroupRuleDescription)"
    )
    assert "[secret]" in violation.describe(secret=True)
    assert "to the tasks" not in violation.describe(secret=True)
    assert shorten("x" * 100, 20) == '"xxxxxxxxxxxxxxx..."'
