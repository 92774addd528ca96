"""What the spec refuses early, on the line that causes it, because the provider or AWS would
refuse it late: derived names (with Pulumi's 8-character suffix where auto-named), tags,
schedules and time zones."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fargate_stacks.errors import InputError
from fargate_stacks.spec import load_spec
from fargate_stacks.spec.names import (
    LOAD_BALANCER,
    NODE_GROUP,
    TARGET_GROUP,
    name_problem,
    name_problems,
    physical,
)

SYSTEM = "{name: system, selectors: [{namespace: kube-system}, {namespace: apps}]}"


def _lines(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "bare.yaml"
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    with pytest.raises(InputError) as info:
        load_spec(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


def _loads(tmp_path: Path, body: str) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    load_spec(path)


def _ingress_cluster(name: str) -> str:
    return f"""
    eks:
      clusters:
        - name: {name}
          fargateProfiles: [{SYSTEM}]
          workloads:
            - {{name: web, namespace: apps, image: nginx, port: 80, ingress: {{scheme: public, path: /}}}}
    """


def test_the_load_balancer_controllers_role_fits_with_pulumis_suffix(tmp_path: Path) -> None:
    # IAM role names are at most 64 characters (roleNameType; validResourceName(64)); the
    # controller's role is '<cluster>-aws-load-balancer-controller' plus Pulumi's 8 characters,
    # so a 28-character cluster name with an ingress is one too many (65)
    k = "k" * 28
    lines = _lines(tmp_path, _ingress_cluster(k))
    assert lines == [
        "bare.yaml:3:13: eks.clusters[0].name: the IAM role name of the AWS Load Balancer "
        f"Controller '{k}-aws-load-balancer-controller' would be 65 characters with Pulumi's "
        "8-character suffix, over AWS's limit of 64: use shorter names"
    ]
    _loads(tmp_path, _ingress_cluster("k" * 27))  # 64: exactly at the limit


def test_a_node_groups_name_fits() -> None:
    # node_group_name: StringLenBetween(0, 63); Pulumi auto-names it '<cluster>-nodes-xxxxxxx'
    # (the cluster role, 64 with '-cluster', binds first in a spec: this is the rule itself)
    assert name_problem(NODE_GROUP, cluster="n" * 49) is None
    assert name_problem(NODE_GROUP, cluster="n" * 50) == (
        f"the node group name '{'n' * 50}-nodes' would be 64 characters with Pulumi's "
        "8-character suffix, over AWS's limit of 63: use shorter names"
    )


def test_a_cluster_named_sg_would_give_security_groups_a_reserved_name(tmp_path: Path) -> None:
    # EC2 CreateSecurityGroup GroupName: "Can't start with sg-"; the provider refuses it at plan
    lines = _lines(
        tmp_path,
        """
        ecs:
          clusters:
            - name: sg
              services: [{name: api, image: nginx}]
        """,
    )
    assert lines == [
        "bare.yaml:4:25: ecs.clusters[0].services[0].name: the security group name "
        "'sg-api-tasks': must not begin with 'sg-' (terraform-provider-aws: "
        'internal/service/ec2/vpc_security_group.go name StringDoesNotMatch("^sg-"))'
    ]


def test_a_service_named_internal_gets_a_load_balancer_name_elbv2_takes(tmp_path: Path) -> None:
    # CreateLoadBalancer Name: "must not begin with "internal-"" (it used to be internal-<hash>)
    names = {"stack": "dev", "cluster": "web", "service": "internal", "port": "80"}
    balancer = physical(LOAD_BALANCER, **names)
    assert not balancer.startswith("internal-") and balancer.endswith("-internal")
    assert len(balancer) <= 32
    assert physical(TARGET_GROUP, **names) != balancer
    _loads(
        tmp_path,
        """
        ecs:
          clusters:
            - name: web
              services:
                - {name: internal, image: nginx, port: 80, loadBalancer: internal}
        """,
    )


def test_names_with_the_stack_are_checked_with_the_stack(tmp_path: Path) -> None:
    from fargate_stacks.spec import spec_from_data

    spec = spec_from_data(
        {"ecs": {"clusters": [{"name": "web", "services": [{"name": "api", "image": "x"}]}]}}
    )
    assert name_problems(spec, stack="dev") == []
    # log group names take _-/.# and alphanumerics only: a stack name with a space would fail
    (problem,) = name_problems(spec, stack="my stack")
    assert problem[0] == "ecs.clusters[0].services[0].name"
    assert "the log group name '/fargate-stacks/my stack/web/api'" in problem[1]


def test_tags_aws_would_refuse(tmp_path: Path) -> None:
    # IAM, ECS, ELBv2 and CloudWatch Logs: [\p{L}\p{Z}\p{N}_.:/=+\-@] in keys and values
    lines = _lines(
        tmp_path,
        """
        tags:
          cost-center: R&D (EMEA)
          aws:owner: platform
        ecs:
          clusters:
            - name: web
              services: [{name: api, image: nginx}]
        """,
    )
    assert lines == [
        "bare.yaml:2:16: tags.cost-center: tag value 'R&D (EMEA)': '&' is not allowed "
        "(letters, digits, spaces and _.:/=+-@); IAM, ECS, ELBv2 and CloudWatch Logs refuse it",
        "bare.yaml:3:14: tags.aws:owner: tag key 'aws:owner': the aws: prefix is reserved for AWS",
    ]
    # letters of any script and spaces are fine
    _loads(
        tmp_path,
        """
        tags: {équipe: données de l'an 2026}
        ecs: {clusters: [{name: web, services: [{name: api, image: nginx}]}]}
        """.replace("'", ""),
    )


def test_tag_count_with_what_the_components_add(tmp_path: Path) -> None:
    # "Maximum number of tags per resource - 50"; the network adds Name and a subnet role tag
    stack = "\n".join(f"  k{i}: v" for i in range(49))
    lines = _lines(
        tmp_path,
        "tags:\n" + stack + "\necs: {clusters: [{name: web, services: [{name: api, image: x}]}]}\n",
    )
    assert lines == [
        "bare.yaml:2:3: tags: 49 stack tags and the 2 the network adds (Name, the subnet role) "
        "are over AWS's limit of 50 a resource"
    ]


def test_ec2_takes_127_character_tag_keys(tmp_path: Path) -> None:
    # EC2 Tag.Key: "accept a maximum of 127 Unicode characters" (the others take 128)
    key = "k" * 128
    lines = _lines(
        tmp_path,
        f"""
        tags: {{{key}: v}}
        ecs: {{clusters: [{{name: web, services: [{{name: api, image: nginx}}]}}]}}
        """,
    )
    assert len(lines) == 1 and "EC2 (the network and security groups) takes at most 127" in lines[0]
    # an EKS cluster's own tags reach no EC2 resource
    _loads(
        tmp_path,
        f"""
        network: {{vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}}
        eks:
          clusters:
            - name: k
              tags: {{{key}: v}}
              fargateProfiles: [{SYSTEM}]
        """,
    )


def test_schedules_and_time_zones(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        ecs:
          clusters:
            - name: web
              services:
                - name: api
                  image: nginx
                  autoscaling:
                    min: 1
                    max: 4
                    schedules:
                      - {name: morning, schedule: cron(0 7 * * 1-5), min: 2, max: 4}
                      - {name: night, schedule: rate(1 day), min: 1, max: 1, timezone: europe/paris}
        """,
    )
    assert lines == [
        "bare.yaml:11:43: ecs.clusters[0].services[0].autoscaling.schedules[0].schedule: "
        "cron(0 7 * * 1-5): 5 cron fields: App Auto Scaling takes 6 (minutes hours day-of-month "
        "month day-of-week year), such as cron(0 7 ? * MON-FRI *)",
        "bare.yaml:12:80: ecs.clusters[0].services[0].autoscaling.schedules[1].timezone: "
        "'europe/paris' is not an IANA time zone name (did you mean Europe/Paris?)",
    ]


def test_the_readmes_example_is_what_validate_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README pastes this output; it must be what the program prints today."""
    import re

    from fargate_stacks.cli.app import main

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text()
    block = re.search(
        r"```text\n\$ fargate-stacks (validate tests/fixtures/specs/[^\n]+)\n(.*?)```", readme, re.S
    )
    assert block is not None
    monkeypatch.chdir(repo)
    assert main(block.group(1).split()) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == block.group(2)
