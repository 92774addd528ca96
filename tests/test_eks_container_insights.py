"""EKS ``containerInsights: true``: the ADOT collector as AWS documents it for Fargate, under
Pulumi mocks, and what the policy pack and ``check`` say of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from fargate_stacks.cli.app import main
from fargate_stacks.components import adot_collector
from fargate_stacks.errors import SpecError
from fargate_stacks.fargate import podsizing
from fargate_stacks.spec.loader import spec_from_data
from pulumi_harness import RunResult
from test_eks_cluster import PROFILE, cluster_data, run_cluster

DEPLOYMENT = "kubernetes:apps/v1:Deployment"


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run_cluster(cluster_data(containerInsights=True))


def test_off_by_default() -> None:
    spec = spec_from_data({"eks": {"clusters": [cluster_data()]}})
    assert spec.eks is not None and spec.eks.clusters[0].container_insights is False


def test_collector_gets_its_own_profile_after_the_spec_s(result: RunResult) -> None:
    profiles = result.of_type(PROFILE)
    assert [p.name for p in profiles][-1] == "apps-container-insights"
    mine = profiles[-1]
    assert mine.inputs["selectors"] == [{"namespace": "fargate-container-insights"}]
    assert mine.inputs["fargateProfileName"] == "container-insights"
    # EKS runs one profile operation at a time: it waits for the last of the spec's
    assert profiles[-2].urn in mine.dependencies


def test_irsa_role_trusts_the_collector_service_account_only(result: RunResult) -> None:
    role = result.one("aws:iam/role:Role", "apps-adot-collector")
    statement = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    conditions = statement["Condition"]["StringEquals"]
    sub = [v for k, v in conditions.items() if k.endswith(":sub")]
    assert sub == ["system:serviceaccount:fargate-container-insights:adot-collector"]
    attachment = result.one(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "apps-adot-collector"
    )
    assert attachment.inputs["policyArn"] == "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
    account = result.one("kubernetes:core/v1:ServiceAccount", "apps-adot-collector")
    assert account.inputs["metadata"]["annotations"] == {
        "eks.amazonaws.com/role-arn": role.outputs["arn"]
    }


def test_rbac_lets_it_scrape_kubelets_through_the_api_server(result: RunResult) -> None:
    role = result.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")
    resources = {r for rule in role.inputs["rules"] for r in rule.get("resources", [])}
    assert {"nodes", "nodes/proxy"} <= resources
    assert {"/metrics/cadvisor"} == {
        u for rule in role.inputs["rules"] for u in rule.get("nonResourceURLs", [])
    }
    assert all(set(rule["verbs"]) == {"get", "list", "watch"} for rule in role.inputs["rules"])
    binding = result.one("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
    assert binding.inputs["subjects"] == [
        {
            "kind": "ServiceAccount",
            "name": "adot-collector",
            "namespace": "fargate-container-insights",
        }
    ]


def test_config_scrapes_cadvisor_via_the_proxy_and_sends_what_rightsize_reads(
    result: RunResult,
) -> None:
    config_map = result.one("kubernetes:core/v1:ConfigMap", "apps-adot-collector-config")
    config = yaml.safe_load(config_map.inputs["data"]["adot-collector-config"])
    scrape = config["receivers"]["prometheus"]["config"]["scrape_configs"][0]
    assert scrape["kubernetes_sd_configs"] == [{"role": "node"}]
    relabel = {r.get("target_label"): r.get("replacement") for r in scrape["relabel_configs"]}
    assert relabel["__address__"] == "kubernetes.default.svc:443"
    assert relabel["__metrics_path__"] == "/api/v1/nodes/$${1}/proxy/metrics/cadvisor"
    emf = config["exporters"]["awsemf"]
    assert emf["namespace"] == "ContainerInsights"
    assert emf["region"] == "us-east-1"
    assert emf["log_group_name"] == "/aws/containerinsights/{ClusterName}/performance"
    [declaration] = emf["metric_declarations"]
    assert declaration["dimensions"] == [["ClusterName", "Namespace", "PodName", "LaunchType"]]
    assert {"pod_cpu_usage_total", "pod_memory_working_set"} <= set(
        declaration["metric_name_selectors"]
    )
    pipeline = config["service"]["pipelines"]["metrics"]
    assert set(pipeline["processors"]) == set(config["processors"])
    assert pipeline["exporters"] == ["awsemf"]


def test_deployment_is_one_pinned_pod_on_its_profile(result: RunResult) -> None:
    deployment = result.one(DEPLOYMENT, "apps-adot-collector")
    assert deployment.inputs["metadata"]["namespace"] == "fargate-container-insights"
    spec = deployment.inputs["spec"]
    assert spec["replicas"] == 1
    pod = spec["template"]["spec"]
    [container] = pod["containers"]
    assert container["image"].endswith(":v0.49.0")
    assert container["resources"]["requests"] == container["resources"]["limits"]
    env = {e["name"]: e["value"] for e in container["env"]}
    cluster = result.one("aws:eks/cluster:Cluster")
    assert env["OTEL_RESOURCE_ATTRIBUTES"] == f"ClusterName={cluster.outputs['name']}"
    assert pod["serviceAccountName"] == "adot-collector"
    profile = result.one(PROFILE, "apps-container-insights")
    assert profile.urn in deployment.dependencies
    # Fargate's size for it: 1 vCPU / 2 GiB + the 256 MB overhead -> 1 vCPU / 3 GB
    size = podsizing.pod_size(pod["containers"])
    assert (size.cpu_units, size.memory_mib) == (1024, 3072)


def test_a_profile_named_like_the_collector_s_is_refused() -> None:
    profiles = [
        {"name": "system", "selectors": [{"namespace": "kube-system"}]},
        {"name": "container-insights", "selectors": [{"namespace": "x"}]},
    ]
    with pytest.raises(SpecError) as error:
        spec_from_data(
            {"eks": {"clusters": [cluster_data(containerInsights=True, fargateProfiles=profiles)]}}
        )
    assert "fargateProfiles[1].name" in str(error.value)
    assert "containerInsights adds" in str(error.value)


def test_preview_passes_the_policy_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path("stacks/Pulumi.dev.yaml").read_text()
    stack = tmp_path / "Pulumi.ci.yaml"
    stack.write_text(
        text.replace('version: "1.36"', 'version: "1.36"\n          containerInsights: true')
    )
    code = main(["preview", str(stack), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    document = json.loads(out)
    assert document["findings"] == []
    kinds = {(r["type"], r["name"]) for r in document["resources"]}
    assert (DEPLOYMENT, "apps-adot-collector") in kinds


def test_check_passes_the_rendered_manifest(
    result: RunResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment = result.one(DEPLOYMENT, "apps-adot-collector")
    cluster = result.one("aws:eks/cluster:Cluster").outputs["name"]
    spec = adot_collector.deployment_spec(cluster)
    assert deployment.inputs["spec"] == spec  # what was rendered (the mocks make 1 a 1.0)
    manifest: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": deployment.inputs["metadata"],
        "spec": spec,
    }
    path = tmp_path / "adot.yaml"
    path.write_text(yaml.safe_dump(manifest))
    profiles = tmp_path / "profiles.yaml"
    profiles.write_text(
        yaml.safe_dump(
            [
                {
                    "name": adot_collector.PROFILE,
                    "selectors": [{"namespace": adot_collector.NAMESPACE}],
                }
            ]
        )
    )
    code = main(["check", str(path), "--profiles", str(profiles), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert json.loads(out)["findings"] == []


def test_the_bill_prices_the_collector_pod() -> None:
    """1 vCPU / 2 GiB requested + 256 MB -> 1 vCPU / 3 GB: (0.04048 + 3 x 0.004445) x 730."""
    from fargate_stacks.fargate.cost import estimate

    def lines(**overrides: Any) -> dict[str, Any]:
        spec = spec_from_data({"eks": {"clusters": [cluster_data(**overrides)]}})
        return {line.name: line for line in estimate(spec, "us-east-1").lines}

    assert "adot-collector" not in lines()
    line = lines(containerInsights=True)["adot-collector"]
    assert (line.cpu_units, line.memory_mib, line.count_desired) == (1024, 3072, 1)
    assert float(line.monthly_expected or 0) == pytest.approx(39.28, abs=0.005)
