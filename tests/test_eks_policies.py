"""The EKS IAM documents and log-router configuration, without Pulumi."""

from __future__ import annotations

import json

import pytest

from fargate_stacks.components import eks_policies as docs
from fargate_stacks.spec.models import PermissionSpec


def test_profiles_pattern_from_cluster_arn() -> None:
    assert docs.fargate_profiles_arn_pattern(
        "arn:aws:eks:eu-west-1:111122223333:cluster/apps-1a2b3c4"
    ) == ("arn:aws:eks:eu-west-1:111122223333:fargateprofile/apps-1a2b3c4/*")
    with pytest.raises(ValueError, match="not an EKS cluster ARN"):
        docs.fargate_profiles_arn_pattern("arn:aws:iam::111122223333:role/apps")


def test_logging_policy_accepts_a_log_group_arn_with_or_without_star() -> None:
    arn = "arn:aws:logs:us-east-1:111122223333:log-group:/fargate-stacks/dev/apps/pods"
    for given in (arn, f"{arn}:*"):
        statement = json.loads(docs.fargate_logging_policy(given))["Statement"][0]
        assert statement["Resource"] == [arn, f"{arn}:*"]


def test_aws_logging_data_stays_under_the_eks_limit() -> None:
    data = docs.aws_logging_data("ap-southeast-2", docs.pod_log_group_name("prod", "core"), 3653)
    assert set(data) == {"flb_log_cw", "filters.conf", "parsers.conf", "output.conf"}
    assert "log_group_name /fargate-stacks/prod/core/pods" in data["output.conf"]
    assert sum(len(k) + len(v) for k, v in data.items()) <= docs.LOGGING_CONFIGMAP_MAX_CHARS
    with pytest.raises(ValueError, match="over EKS's limit of 5300"):
        docs.aws_logging_data("us-east-1", "/" + "x" * 5300, 30)


def test_irsa_trust_strips_the_scheme_from_condition_keys() -> None:
    doc = json.loads(
        docs.irsa_trust_policy(
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
            "shop",
            "orders",
        )
    )
    assert doc["Statement"][0]["Condition"] == {
        "StringEquals": {
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:shop:orders",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
        }
    }


def test_permissions_policy_is_allow_only_and_keeps_spec_order() -> None:
    perms = [
        PermissionSpec(actions=["sqs:SendMessage"], resources=["arn:aws:sqs:us-east-1:1:q"]),
        PermissionSpec(actions=["s3:GetObject", "s3:PutObject"], resources=["arn:aws:s3:::b/*"]),
    ]
    statements = json.loads(docs.permissions_policy(perms))["Statement"]
    assert [s["Action"] for s in statements] == [
        ["sqs:SendMessage"],
        ["s3:GetObject", "s3:PutObject"],
    ]
    assert {s["Effect"] for s in statements} == {"Allow"}
