"""EksFargateCluster under Pulumi mocks: control plane, Fargate profiles, addons, logging, OIDC."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eks_harness import EksMocks
from fargate_stacks.components.eks_cluster import EksFargateCluster, EksFargateClusterArgs
from fargate_stacks.fargate import eks_versions
from fargate_stacks.spec.loader import spec_from_data
from pulumi_harness import ACCOUNT, REGION, RunResult, iam_actions, run

PRIVATE = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
VPC = "vpc-0bbbbbbbbbbbbbbb1"
PROFILE = "aws:eks/fargateProfile:FargateProfile"
ADDON = "aws:eks/addon:Addon"
ROLE = "aws:iam/role:Role"


def cluster_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "apps",
        "endpoint": {"public": True, "private": True, "publicCidrs": ["203.0.113.0/24"]},
        "controlPlaneLogging": ["api", "audit"],
        "fargateProfiles": [
            # deliberately not in name order
            {
                "name": "workers",
                "selectors": [{"namespace": "jobs-*", "labels": {"tier": "batch"}}],
            },
            {"name": "system", "selectors": [{"namespace": "kube-system"}]},
            {
                "name": "apps",
                "selectors": [
                    {"namespace": "team-?"},
                    {"namespace": "default", "labels": {"fargate": "true"}},
                ],
            },
        ],
        "logging": {"retentionDays": 14},
    }
    data.update(overrides)
    return data


def run_cluster(data: dict[str, Any], stack: str = "dev", **extra: Any) -> RunResult:
    spec = spec_from_data({"eks": {"clusters": [data]}})
    assert spec.eks is not None
    cluster_spec = spec.eks.clusters[0]

    def program() -> dict[str, Any]:
        cluster = EksFargateCluster(
            cluster_spec.name,
            EksFargateClusterArgs.from_spec(
                cluster_spec,
                vpc_id=VPC,
                private_subnet_ids=PRIVATE,
                stack=stack,
                region=REGION,
                tags={"team": "platform"},
                **extra,
            ),
        )
        return {
            "kubeconfig": cluster.kubeconfig,
            "issuer": cluster.oidc_issuer,
            "name": cluster.cluster_name,
        }

    return run(program, stack=stack, mocks=EksMocks())


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run_cluster(cluster_data())


def test_control_plane_uses_api_access_private_subnets_and_spec_endpoint(result: RunResult) -> None:
    cluster = result.one("aws:eks/cluster:Cluster")
    assert cluster.name == "apps"
    assert cluster.inputs["accessConfig"] == {
        "authenticationMode": "API",
        "bootstrapClusterCreatorAdminPermissions": True,
    }
    assert cluster.inputs["bootstrapSelfManagedAddons"] is False
    assert cluster.inputs["vpcConfig"] == {
        "subnetIds": PRIVATE,
        "endpointPrivateAccess": True,
        "endpointPublicAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24"],
    }
    assert cluster.inputs["enabledClusterLogTypes"] == ["api", "audit"]
    # no version in the spec: the newest in standard support (the calendar's own documented
    # dates are checked in test_eks_versions.py)
    assert cluster.inputs["version"] == eks_versions.default_version()
    assert cluster.inputs["tags"] == {"team": "platform"}
    role = result.one(ROLE, "apps-cluster")
    trust = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert trust["Principal"] == {"Service": "eks.amazonaws.com"}
    assert set(trust["Action"]) == {"sts:AssumeRole", "sts:TagSession"}
    assert cluster.inputs["roleArn"] == role.outputs["arn"]
    attached = {
        a.inputs["policyArn"]
        for a in result.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if a.inputs["role"] == role.outputs["name"]
    }
    assert attached == {"arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"}


def test_no_pulumi_eks_remote_component(result: RunResult) -> None:
    assert not any(r.remote or r.type.startswith("eks:") for r in result.resources)
    assert all(
        r.parent == result.one("fargate-stacks:eks:EksFargateCluster").urn
        for r in result.resources
        if r.type != "fargate-stacks:eks:EksFargateCluster"
    )


def test_pulumi_eks_is_neither_imported_nor_installed_for_nothing() -> None:
    """The cluster is plain pulumi_aws (module docstring), so pulumi-eks is not a dependency."""
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sources = (root / "components" / "fargate_stacks").rglob("*.py")
    assert not [
        p
        for p in sources
        if re.search(r"^\s*(import|from)\s+pulumi_eks\b", p.read_text(), re.MULTILINE)
    ]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    names = [
        re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower().replace("_", "-")
        for d in project["dependencies"]
    ]
    assert "pulumi-eks" not in names and "pulumi-aws" in names
    pins = [
        line.split("==")[0].lower().replace("_", "-")
        for line in (root / "constraints.txt").read_text().splitlines()
    ]
    assert "pulumi-eks" not in pins and "pulumi-kubernetes" in pins


def test_one_profile_per_spec_profile_with_selectors_and_private_subnets(result: RunResult) -> None:
    profiles = {p.inputs["fargateProfileName"]: p for p in result.of_type(PROFILE)}
    assert set(profiles) == {"apps", "system", "workers"}
    cluster_name = result.one("aws:eks/cluster:Cluster").outputs["name"]
    role_arn = result.one(ROLE, "apps-pod-execution").outputs["arn"]
    for profile in profiles.values():
        assert profile.inputs["subnetIds"] == PRIVATE
        assert profile.inputs["clusterName"] == cluster_name
        assert profile.inputs["podExecutionRoleArn"] == role_arn
    assert profiles["workers"].inputs["selectors"] == [
        {"namespace": "jobs-*", "labels": {"tier": "batch"}}
    ]
    assert profiles["system"].inputs["selectors"] == [{"namespace": "kube-system"}]
    assert profiles["apps"].inputs["selectors"] == [
        {"namespace": "team-?"},
        {"namespace": "default", "labels": {"fargate": "true"}},
    ]
    # logical names carry the cluster's name, so two clusters may both have a "system" profile
    assert {p.name for p in profiles.values()} == {"apps-apps", "apps-system", "apps-workers"}


def test_profiles_are_created_one_after_another_in_name_order(result: RunResult) -> None:
    by_name = {p.inputs["fargateProfileName"]: p for p in result.of_type(PROFILE)}
    apps, system, workers = by_name["apps"], by_name["system"], by_name["workers"]
    assert system.urn in workers.dependencies
    assert apps.urn in system.dependencies
    assert not any(p.type == PROFILE for p in map(result.by_urn, apps.dependencies))
    grants = {r.urn for r in result.resources if r.name.startswith("apps-pod-execution-")}
    assert grants and grants <= set(apps.dependencies)  # the role can be used when it is used


def test_pod_execution_role_trusts_only_this_clusters_profiles(result: RunResult) -> None:
    role = result.one(ROLE, "apps-pod-execution")
    statement = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    cluster_name = result.one("aws:eks/cluster:Cluster").outputs["name"]
    assert statement == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "eks-fargate-pods.amazonaws.com"},
            "Action": ["sts:AssumeRole"],
            "Condition": {
                "ArnLike": {
                    "aws:SourceArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:fargateprofile/{cluster_name}/*"
                }
            },
        }
    ]
    attached = [
        a.inputs["policyArn"]
        for a in result.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if a.inputs["role"] == role.outputs["name"]
    ]
    assert attached == ["arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy"]


def test_pod_execution_role_may_write_only_the_pod_log_group(result: RunResult) -> None:
    group = result.one("aws:cloudwatch/logGroup:LogGroup")
    assert group.inputs["name"] == "/fargate-stacks/dev/apps/pods"
    assert group.inputs["retentionInDays"] == 14
    policy = result.one("aws:iam/rolePolicy:RolePolicy", "apps-pod-execution-logs")
    assert policy.inputs["role"] == result.one(ROLE, "apps-pod-execution").id
    document = json.loads(policy.inputs["policy"])
    assert iam_actions(document) == {
        "logs:CreateLogStream",
        "logs:CreateLogGroup",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:PutRetentionPolicy",
    }
    arn = group.outputs["arn"]
    assert document["Statement"][0]["Resource"] == [arn, f"{arn}:*"]


def test_coredns_runs_on_fargate_after_the_kube_system_profile(result: RunResult) -> None:
    coredns = result.one(ADDON, "apps-coredns")
    assert coredns.inputs["addonName"] == "coredns"
    assert json.loads(coredns.inputs["configurationValues"]) == {"computeType": "Fargate"}
    system = next(p for p in result.of_type(PROFILE) if p.inputs["fargateProfileName"] == "system")
    assert system.urn in coredns.dependencies
    addons = {a.inputs["addonName"]: a for a in result.of_type(ADDON)}
    assert set(addons) == {"coredns", "kube-proxy", "vpc-cni"}
    for addon in addons.values():
        assert addon.inputs["resolveConflictsOnCreate"] == "OVERWRITE"
    assert "configurationValues" not in addons["kube-proxy"].inputs


def test_coredns_follows_a_profile_that_selects_it_by_its_eks_component_label() -> None:
    """Drift (issue 13): the spec accepted a kube-system profile selecting
    eks.amazonaws.com/component: coredns (a label EKS's CoreDNS pods carry), but the component
    looked for k8s-app: kube-dns only, sent no computeType and waited for no profile: CoreDNS
    stayed Pending. Both now read fargate.eks_pods.COREDNS."""
    by_component = {"eks.amazonaws.com/component": "coredns"}
    data = cluster_data(
        fargateProfiles=[
            {"name": "dns", "selectors": [{"namespace": "kube-system", "labels": by_component}]},
            {"name": "apps", "selectors": [{"namespace": "team-*"}]},
        ]
    )
    result = run_cluster(data)
    coredns = result.one(ADDON, "apps-coredns")
    assert json.loads(coredns.inputs["configurationValues"]) == {"computeType": "Fargate"}
    dns = next(p for p in result.of_type(PROFILE) if p.inputs["fargateProfileName"] == "dns")
    assert dns.urn in coredns.dependencies


def test_oidc_provider_for_irsa_uses_the_cluster_issuer(result: RunResult) -> None:
    provider = result.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    issuer = result.outputs["issuer"]
    assert issuer.startswith("https://oidc.eks.us-east-1.amazonaws.com/id/")
    assert provider.inputs["url"] == issuer
    assert provider.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    # IAM verifies the issuer's certificate itself; a pinned thumbprint breaks on rotation
    assert "thumbprintLists" not in provider.inputs


def test_fargate_logging_configmap(result: RunResult) -> None:
    namespace = result.one("kubernetes:core/v1:Namespace", "apps-aws-observability")
    assert namespace.inputs["metadata"] == {
        "name": "aws-observability",
        "labels": {"aws-observability": "enabled"},
    }
    config = result.one("kubernetes:core/v1:ConfigMap")
    assert config.inputs["metadata"] == {"name": "aws-logging", "namespace": "aws-observability"}
    output = config.inputs["data"]["output.conf"]
    settings = dict(line.split(None, 1) for line in output.splitlines()[1:])
    assert settings == {
        "Name": "cloudwatch_logs",
        "Match": "kube.*",
        "region": REGION,
        "log_group_name": "/fargate-stacks/dev/apps/pods",
        "log_stream_prefix": "fargate-",
        "log_retention_days": "14",
        "auto_create_group": "true",
    }
    assert "Parser crio" in config.inputs["data"]["filters.conf"]
    assert namespace.urn in config.dependencies
    assert result.one("aws:cloudwatch/logGroup:LogGroup").urn in config.dependencies


def test_kubeconfig_authenticates_with_aws_eks_get_token(result: RunResult) -> None:
    kubeconfig = json.loads(result.outputs["kubeconfig"])
    cluster = result.one("aws:eks/cluster:Cluster")
    assert kubeconfig["clusters"][0]["cluster"]["server"] == cluster.outputs["endpoint"]
    exec_ = kubeconfig["users"][0]["user"]["exec"]
    assert exec_["command"] == "aws"
    assert exec_["args"] == [
        "eks",
        "get-token",
        "--cluster-name",
        cluster.outputs["name"],
        "--region",
        REGION,
        "--output",
        "json",
    ]
    provider = result.one("pulumi:providers:kubernetes")
    assert provider.name == "apps-k8s"
    assert not any(
        r.type.startswith("kubernetes:") and r.custom and r.parent is None for r in result.resources
    )


def test_reordering_profiles_changes_no_urn_and_no_dependency() -> None:
    data = cluster_data()
    reordered = cluster_data(fargateProfiles=list(reversed(data["fargateProfiles"])))
    first, second = run_cluster(data), run_cluster(reordered)
    assert first.urns == second.urns
    deps = {r.urn: set(r.dependencies) for r in first.resources}
    assert deps == {r.urn: set(r.dependencies) for r in second.resources}


@pytest.fixture(scope="module")
def mixed() -> RunResult:
    data = cluster_data(
        endpoint={"public": False, "private": True},
        fargateProfiles=[{"name": "apps", "selectors": [{"namespace": "team-*"}]}],
        nodeGroup={
            "instanceTypes": ["t3.large"],
            "minSize": 1,
            "maxSize": 4,
            "desiredSize": 2,
            "capacityType": "SPOT",
        },
        logging={"enabled": False},
    )
    return run_cluster(data, admin_principal_arns=["arn:aws:iam::123456789012:role/platform-admin"])


def test_mixed_mode_node_group_in_private_subnets(mixed: RunResult) -> None:
    group = mixed.one("aws:eks/nodeGroup:NodeGroup")
    assert group.inputs["subnetIds"] == PRIVATE
    assert group.inputs["instanceTypes"] == ["t3.large"]
    assert group.inputs["capacityType"] == "SPOT"
    assert group.inputs["scalingConfig"] == {"minSize": 1, "maxSize": 4, "desiredSize": 2}
    role = mixed.one(ROLE, "apps-node")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Principal"] == {
        "Service": "ec2.amazonaws.com"
    }
    assert group.inputs["nodeRoleArn"] == role.outputs["arn"]
    vpc_cni = mixed.one(ADDON, "apps-vpc-cni")
    assert vpc_cni.urn in group.dependencies  # nodes only become Ready with a CNI


def test_coredns_without_kube_system_profile_runs_on_the_node_group(mixed: RunResult) -> None:
    coredns = mixed.one(ADDON, "apps-coredns")
    assert "configurationValues" not in coredns.inputs
    assert mixed.one("aws:eks/nodeGroup:NodeGroup").urn in coredns.dependencies


def test_private_endpoint_and_logging_off(mixed: RunResult) -> None:
    vpc_config = mixed.one("aws:eks/cluster:Cluster").inputs["vpcConfig"]
    assert vpc_config["endpointPublicAccess"] is False
    assert "publicAccessCidrs" not in vpc_config
    assert not mixed.of_type("aws:cloudwatch/logGroup:LogGroup")
    assert not mixed.of_type("kubernetes:core/v1:ConfigMap")
    assert not mixed.of_type("aws:iam/rolePolicy:RolePolicy")


def test_admin_principals_get_access_entries_with_cluster_admin(mixed: RunResult) -> None:
    entry = mixed.one("aws:eks/accessEntry:AccessEntry")
    assert entry.inputs["principalArn"] == "arn:aws:iam::123456789012:role/platform-admin"
    assert entry.inputs["type"] == "STANDARD"
    association = mixed.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
    assert association.inputs["policyArn"] == (
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    )
    assert association.inputs["accessScope"] == {"type": "cluster"}
    assert entry.urn in association.dependencies


def test_admin_role_and_user_of_the_same_name_get_one_access_entry_each() -> None:
    arns = [
        "arn:aws:iam::123456789012:role/ops",
        "arn:aws:iam::123456789012:user/ops",
        "arn:aws:iam::210987654321:role/ops",
    ]
    result = run_cluster(cluster_data(), admin_principal_arns=arns)
    entries = result.of_type("aws:eks/accessEntry:AccessEntry")
    associations = result.of_type("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
    assert sorted(e.inputs["principalArn"] for e in entries) == sorted(arns)
    assert sorted(a.inputs["principalArn"] for a in associations) == sorted(arns)
    assert len({e.urn for e in entries}) == len({a.urn for a in associations}) == 3
    # the name follows the ARN, not its position in the list
    again = run_cluster(cluster_data(), admin_principal_arns=list(reversed(arns)))
    assert {e.name: e.inputs["principalArn"] for e in entries} == {
        e.name: e.inputs["principalArn"] for e in again.of_type("aws:eks/accessEntry:AccessEntry")
    }
