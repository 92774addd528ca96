"""Which input changes replace a resource: expectations from the provider's own documentation
(the Terraform registry pages of terraform-provider-aws, which pulumi-aws is bridged from,
say "Forces new resource" / list immutable arguments), not from the table under test."""

from __future__ import annotations

import pytest

from fargate_stacks.engine.replace import READ, RULES, replace_reasons

SG = "aws:ec2/securityGroup:SecurityGroup"
TG = "aws:lb/targetGroup:TargetGroup"
PROFILE = "aws:eks/fargateProfile:FargateProfile"
SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"


@pytest.mark.parametrize(
    ("type_", "path", "replaces"),
    [
        # aws_eks_fargate_profile: every argument "Forces new resource" (only tags update)
        (PROFILE, "selectors[1].namespace", True),
        (PROFILE, "selectors[0].labels.team", True),
        (PROFILE, "subnetIds[0]", True),
        (PROFILE, "tags.team", False),
        # aws_lb_target_group: port, protocol, vpc_id, target_type force a new target group;
        # the health check is modified in place (ModifyTargetGroup)
        (TG, "port", True),
        (TG, "protocol", True),
        (TG, "vpcId", True),
        (TG, "targetType", True),
        (TG, "healthCheck.path", False),
        (TG, "deregistrationDelay", False),
        # aws_security_group: name, description and vpc_id force new; rules update in place
        (SG, "name", True),
        (SG, "description", True),
        (SG, "vpcId", True),
        (SG, "ingress[0].fromPort", False),
        # aws_ecs_service: launch_type is ForceNew; desired_count and the task definition are
        # UpdateService arguments
        (SERVICE, "launchType", True),
        (SERVICE, "cluster", True),
        (SERVICE, "desiredCount", False),
        (SERVICE, "taskDefinition", False),
        # aws_ecs_task_definition: a new revision for any argument but tags
        (TASK, "containerDefinitions[0].image", True),
        (TASK, "cpu", True),
        (TASK, "tags.env", False),
        # its skip_destroy is Optional with Default false and no ForceNew (task_definition.go):
        # keeping old revisions on destroy is a state-only update
        (TASK, "skipDestroy", False),
        # Kubernetes RBAC: "After you create a binding, you cannot change the Role or
        # ClusterRole that it refers to ... you need to remove the binding object and create a
        # replacement"; its subjects change in place
        ("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "roleRef.name", True),
        ("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "subjects[0].name", False),
        ("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "rules[0].verbs[0]", False),
    ],
)
def test_documented_replacements(type_: str, path: str, replaces: bool) -> None:
    assert bool(replace_reasons(type_, [path])) is replaces


def test_capacity_strategy_replaces_unless_force_new_deployment() -> None:
    """aws_ecs_service capacity_provider_strategy: "Updating this argument requires
    force_new_deployment = true" (else the provider plans a replacement), and a change from or
    to no strategy at all always replaces."""
    old = {"capacityProviderStrategies": [{"capacityProvider": "FARGATE"}]}
    new = {"capacityProviderStrategies": [{"capacityProvider": "FARGATE_SPOT"}]}
    path = ["capacityProviderStrategies[0].capacityProvider"]
    assert replace_reasons(SERVICE, path, old, new) == path
    assert replace_reasons(SERVICE, path, old, {**new, "forceNewDeployment": True}) == []
    assert replace_reasons(SERVICE, path, {}, {**new, "forceNewDeployment": True}) == path


def test_unknown_type_is_never_replaced() -> None:
    assert replace_reasons("aws:s3/bucket:Bucket", ["bucket"]) == []


def test_every_rule_names_its_source() -> None:
    for rule in RULES.values():
        assert rule.source.startswith("https://"), rule.type


def test_the_rules_read_line_by_line_name_a_provider_file() -> None:
    """``READ`` lists the entries read field by field in terraform-provider-aws: each is a rule
    whose source is one Go file of the provider's internal/service tree."""
    assert set(RULES) >= READ
    for type_ in READ:
        source = RULES[type_].source
        assert "terraform-provider-aws" in source and "/internal/service/" in source, type_
        assert source.endswith(".go"), type_
