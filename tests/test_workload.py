"""FargateWorkload under Pulumi mocks: right-sized containers, Service/Ingress/HPA, IRSA, URNs."""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from eks_harness import EksMocks
from fargate_stacks.components.eks_stack import build_eks_clusters
from fargate_stacks.fargate import sizes
from fargate_stacks.fargate.prices import HOURS_PER_MONTH, load_prices
from fargate_stacks.fargate.profiles import selecting_profile
from fargate_stacks.fargate.units import cpu_quantity_to_units, memory_quantity_to_mib
from fargate_stacks.spec.loader import load_spec, spec_from_data
from fargate_stacks.spec.models import StackSpec
from pulumi_harness import Recorded, RunResult, run

NETWORK = SimpleNamespace(
    vpc_id="vpc-0bbbbbbbbbbbbbbb1",
    private_subnet_ids=["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
)
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
PERMISSION = {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::assets/*"]}


def workloads() -> list[dict[str, Any]]:
    return [
        {
            "name": "web",
            "namespace": "team-web",
            "image": "nginx:1.27",
            "cpu": "0.5 vCPU",
            "memory": "1 GB",
            "port": 80,
            "labels": {"tier": "front"},
            "autoscaling": {"min": 2, "max": 6, "cpuTarget": 60},
            "ingress": {
                "scheme": "public",
                "path": "/",
                "host": "web.example.com",
                "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            },
            "sidecars": [
                {"name": "proxy", "image": "envoy:1.31", "cpu": "100m", "memory": "128Mi"}
            ],
            "permissions": [
                PERMISSION,
                {
                    "actions": ["sqs:SendMessage"],
                    "resources": ["arn:aws:sqs:us-east-1:123456789012:q"],
                },
            ],
        },
        {
            "name": "api",
            "namespace": "team-web",
            "image": "api:1",
            "cpu": "1 vCPU",
            "memory": "3 GB",
            "port": 8080,
            "desiredCount": 3,
            "environment": {"B": "2", "A": "1"},
        },
        {
            "name": "report",
            "namespace": "jobs",
            "kind": "CronJob",
            "schedule": "0 2 * * *",
            "image": "report:1",
            "labels": {"tier": "batch"},
            "cpu": "2 vCPU",
            "memory": "4 GB",
            "permissions": [PERMISSION],
        },
        {
            "name": "migrate",
            "namespace": "default",
            "kind": "Job",
            "image": "migrate:1",
            "labels": {"fargate": "true"},
            "command": ["migrate", "up"],
        },
    ]


def spec_for(
    workload_list: list[dict[str, Any]], profiles: list[dict[str, Any]] | None = None
) -> StackSpec:
    return spec_from_data(
        {
            "eks": {
                "clusters": [
                    {
                        "name": "apps",
                        "fargateProfiles": profiles
                        or [
                            {"name": "system", "selectors": [{"namespace": "kube-system"}]},
                            {
                                "name": "teams",
                                "selectors": [
                                    {"namespace": "team-*"},
                                    {"namespace": "default", "labels": {"fargate": "true"}},
                                ],
                            },
                            {
                                "name": "batch",
                                "selectors": [{"namespace": "jobs", "labels": {"tier": "batch"}}],
                            },
                        ],
                        "workloads": workload_list,
                    }
                ]
            }
        }
    )


def run_spec(spec: StackSpec, stack: str = "dev") -> RunResult:
    return run(
        lambda: build_eks_clusters(spec, NETWORK, {"team": "platform"}),
        stack=stack,
        mocks=EksMocks(),
        config={"aws:region": "us-east-1"},
    )


@pytest.fixture(scope="module")
def spec() -> StackSpec:
    return spec_for(workloads())


@pytest.fixture(scope="module")
def result(spec: StackSpec) -> RunResult:
    return run_spec(spec)


def resource(result: RunResult, type_: str, workload: str) -> Recorded:
    return result.one(type_, f"apps-{workload}")


def pod_spec(result: RunResult, workload: str) -> dict[str, Any]:
    for type_ in (DEPLOYMENT, "kubernetes:batch/v1:Job"):
        found = [r for r in result.of_type(type_) if r.name == f"apps-{workload}"]
        if found:
            return found[0].inputs["spec"]["template"]
    cron = resource(result, "kubernetes:batch/v1:CronJob", workload)
    return cron.inputs["spec"]["jobTemplate"]["spec"]["template"]


@pytest.mark.parametrize("name", ["web", "api", "report", "migrate"])
def test_requests_equal_limits_and_fargate_gives_exactly_the_spec_size(
    spec: StackSpec, result: RunResult, name: str
) -> None:
    assert spec.eks is not None
    wanted = next(w for w in spec.eks.clusters[0].workloads if w.name == name)
    containers = pod_spec(result, name)["spec"]["containers"]
    assert containers[0]["name"] == name
    cpu = memory = Decimal(0)
    for container in containers:
        resources = container["resources"]
        assert resources["requests"] == resources["limits"]
        cpu += cpu_quantity_to_units(resources["requests"]["cpu"])
        memory += memory_quantity_to_mib(resources["requests"]["memory"])
    # EKS: sum of requests, plus 256 MB, rounded up to the table; it must land on the spec's size
    assert sizes.smallest_fitting(cpu, memory + 256) == (wanted.cpu, wanted.memory)
    # and nothing is wasted: the requests fill the size (less the overhead)
    assert cpu == wanted.cpu
    assert memory + 256 == wanted.memory


def test_exported_size_and_price(result: RunResult) -> None:
    exported = result.outputs["eksClusters"]["apps"]["workloads"]
    table = load_prices("us-east-1")
    assert exported["web"]["capacityProvisioned"] == "0.5vCPU 1GB"
    assert exported["api"]["capacityProvisioned"] == "1vCPU 3GB"
    assert exported["report"]["capacityProvisioned"] == "2vCPU 4GB"
    assert exported["migrate"]["capacityProvisioned"] == "0.25vCPU 0.5GB"
    # the HPA minimum runs around the clock for web, the replica count for api
    assert exported["web"]["monthlyPrice"] == pytest.approx(
        float(table.hourly(512, 1024) * HOURS_PER_MONTH * 2), abs=0.01
    )
    assert exported["api"]["monthlyPrice"] == pytest.approx(
        float(table.hourly(1024, 3072) * HOURS_PER_MONTH * 3), abs=0.01
    )
    assert exported["api"]["hourlyPrice"] == pytest.approx(
        float(table.hourly(1024, 3072)), abs=1e-5
    )
    assert exported["report"]["monthlyPrice"] is None  # runs and stops
    assert exported["report"]["hourlyPrice"] == pytest.approx(
        float(table.hourly(2048, 4096)), abs=1e-5
    )


def test_pod_labels_are_the_ones_the_spec_validator_matched(
    spec: StackSpec, result: RunResult
) -> None:
    assert spec.eks is not None
    profiles = spec.eks.clusters[0].fargate_profiles
    expected = {"web": "teams", "api": "teams", "report": "batch", "migrate": "teams"}
    for name, profile in expected.items():
        template = pod_spec(result, name)
        labels = template["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == name
        namespace = next(w.namespace for w in spec.eks.clusters[0].workloads if w.name == name)
        chosen = selecting_profile(profiles, namespace, labels)
        assert chosen is not None and chosen.name == profile
    assert pod_spec(result, "web")["metadata"]["labels"] == {
        "app.kubernetes.io/name": "web",
        "tier": "front",
    }


def test_containers_cannot_escalate(result: RunResult) -> None:
    for name in ("web", "api", "report", "migrate"):
        for container in pod_spec(result, name)["spec"]["containers"]:
            assert container["securityContext"] == {
                "allowPrivilegeEscalation": False,
                "privileged": False,
            }


def test_deployment_service_ingress_and_hpa(result: RunResult) -> None:
    web = resource(result, DEPLOYMENT, "web")
    assert web.inputs["metadata"]["namespace"] == "team-web"
    assert web.inputs["spec"]["selector"] == {"matchLabels": {"app.kubernetes.io/name": "web"}}
    # created at desiredCount (1) held inside the HPA's range, then the HPA owns the count
    assert web.inputs["spec"]["replicas"] == 2 and web.ignore_changes == ["spec.replicas"]
    api = resource(result, DEPLOYMENT, "api")
    assert api.inputs["spec"]["replicas"] == 3 and api.ignore_changes == []
    service = resource(result, "kubernetes:core/v1:Service", "web")
    assert service.inputs["spec"]["type"] == "ClusterIP"
    assert service.inputs["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": 80}]
    assert service.inputs["spec"]["selector"] == {"app.kubernetes.io/name": "web"}
    ingress = resource(result, "kubernetes:networking.k8s.io/v1:Ingress", "web")
    assert ingress.inputs["spec"]["ingressClassName"] == "alb"
    annotations = ingress.inputs["metadata"]["annotations"]
    assert annotations["alb.ingress.kubernetes.io/target-type"] == "ip"
    assert annotations["alb.ingress.kubernetes.io/scheme"] == "internet-facing"
    assert annotations["alb.ingress.kubernetes.io/healthcheck-path"] == "/"
    assert annotations["alb.ingress.kubernetes.io/certificate-arn"].startswith("arn:aws:acm:")
    rule = ingress.inputs["spec"]["rules"][0]
    assert rule["host"] == "web.example.com"
    assert rule["http"]["paths"][0]["backend"] == {
        "service": {"name": "web", "port": {"number": 80}}
    }
    hpa = resource(result, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "web")
    assert hpa.inputs["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "web",
    }
    assert (hpa.inputs["spec"]["minReplicas"], hpa.inputs["spec"]["maxReplicas"]) == (2, 6)
    assert hpa.inputs["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 60},
            },
        }
    ]
    assert len(result.of_type("kubernetes:core/v1:Service")) == 2  # web and api have ports
    assert len(result.of_type("kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) == 1


def test_irsa_role_trusts_exactly_this_service_account(result: RunResult) -> None:
    issuer = result.outputs["eksClusters"]["apps"]["oidcIssuer"].removeprefix("https://")
    provider = result.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
    for name, namespace in (("web", "team-web"), ("report", "jobs")):
        role = result.one("aws:iam/role:Role", f"apps-{name}-irsa")
        statement = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement == [
            {
                "Effect": "Allow",
                "Principal": {"Federated": provider.outputs["arn"]},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{issuer}:sub": f"system:serviceaccount:{namespace}:{name}",
                        f"{issuer}:aud": "sts.amazonaws.com",
                    }
                },
            }
        ]
        account = resource(result, "kubernetes:core/v1:ServiceAccount", name)
        assert account.inputs["metadata"]["name"] == name
        assert account.inputs["metadata"]["namespace"] == namespace
        assert account.inputs["metadata"]["annotations"] == {
            "eks.amazonaws.com/role-arn": role.outputs["arn"]
        }
        pod = pod_spec(result, name)["spec"]
        assert pod["serviceAccountName"] == name
        assert pod["automountServiceAccountToken"] is True


def test_irsa_policy_grants_exactly_the_spec_permissions(result: RunResult) -> None:
    policy = result.one("aws:iam/rolePolicy:RolePolicy", "apps-web")
    assert policy.inputs["role"] == result.one("aws:iam/role:Role", "apps-web-irsa").id
    assert json.loads(policy.inputs["policy"])["Statement"] == [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::assets/*"]},
        {
            "Effect": "Allow",
            "Action": ["sqs:SendMessage"],
            "Resource": ["arn:aws:sqs:us-east-1:123456789012:q"],
        },
    ]


def test_no_token_and_no_role_without_permissions(result: RunResult) -> None:
    pod = pod_spec(result, "api")["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert "serviceAccountName" not in pod
    roles = {
        name: [
            r.name
            for r in result.children(
                result.one("fargate-stacks:eks:FargateWorkload", f"apps-{name}")
            )
            if r.type == "aws:iam/role:Role"
        ]
        for name in ("web", "api", "report", "migrate")
    }
    assert roles == {
        "web": ["apps-web-irsa"],
        "api": [],
        "report": ["apps-report-irsa"],
        "migrate": [],
    }
    # one per workload with permissions, plus the load balancer controller's
    assert sorted(a.name for a in result.of_type("kubernetes:core/v1:ServiceAccount")) == [
        "apps-aws-load-balancer-controller",
        "apps-report",
        "apps-web",
    ]


def test_jobs_and_cronjobs(result: RunResult) -> None:
    cron = resource(result, "kubernetes:batch/v1:CronJob", "report")
    assert cron.inputs["spec"]["schedule"] == "0 2 * * *"
    assert cron.inputs["spec"]["concurrencyPolicy"] == "Forbid"
    job = resource(result, "kubernetes:batch/v1:Job", "migrate")
    template = job.inputs["spec"]["template"]["spec"]
    assert template["restartPolicy"] == "Never"
    assert template["containers"][0]["command"] == ["migrate", "up"]
    env = resource(result, DEPLOYMENT, "api").inputs["spec"]["template"]["spec"]["containers"][0][
        "env"
    ]
    assert env == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]


def test_one_namespace_per_distinct_workload_namespace(result: RunResult) -> None:
    names = sorted(
        n.inputs["metadata"]["name"] for n in result.of_type("kubernetes:core/v1:Namespace")
    )
    # default exists in every cluster; aws-observability belongs to logging
    assert names == ["aws-observability", "jobs", "team-web"]


def test_workloads_wait_for_profiles_coredns_logging_and_their_namespace(result: RunResult) -> None:
    web = resource(result, DEPLOYMENT, "web")
    needed = {p.urn for p in result.of_type("aws:eks/fargateProfile:FargateProfile")}
    needed.add(result.one("aws:eks/addon:Addon", "apps-coredns").urn)
    needed.add(result.one("kubernetes:core/v1:ConfigMap").urn)
    needed.add(result.one("kubernetes:core/v1:Namespace", "apps-team-web").urn)
    assert needed <= set(web.dependencies)
    provider = result.one("pulumi:providers:kubernetes")
    component = result.one("fargate-stacks:eks:FargateWorkload", "apps-web")
    assert web.parent == component.urn
    assert component.parent == result.one("fargate-stacks:eks:EksFargateCluster").urn
    assert all(r.parent for r in result.resources if r.type.startswith("kubernetes:"))
    assert provider.name == "apps-k8s"


def test_reordering_workloads_keeps_every_urn() -> None:
    original = run_spec(spec_for(workloads()))
    reordered = run_spec(spec_for(list(reversed(workloads()))))
    assert original.urns == reordered.urns
    assert {r.urn: set(r.dependencies) for r in original.resources} == {
        r.urn: set(r.dependencies) for r in reordered.resources
    }


@pytest.mark.parametrize("stack_file", ["stacks/Pulumi.dev.yaml", "stacks/Pulumi.prod.yaml"])
def test_example_stacks_build(stack_file: str) -> None:
    loaded = load_spec(stack_file)
    result = run(
        lambda: build_eks_clusters(loaded.spec, NETWORK, dict(loaded.spec.tags)),
        stack=loaded.stack,
        mocks=EksMocks(),
        config=loaded.config,
    )
    clusters = result.outputs["eksClusters"]
    assert loaded.spec.eks is not None
    assert set(clusters) == {c.name for c in loaded.spec.eks.clusters}
    for cluster in loaded.spec.eks.clusters:
        for workload in cluster.workloads:
            size = clusters[cluster.name]["workloads"][workload.name]["capacityProvisioned"]
            assert size == (
                sizes.fmt_vcpu(workload.cpu).replace(" ", "")
                + " "
                + sizes.fmt_gb(workload.memory).replace(" ", "")
            )
    assert set(json.loads(result.outputs["eksKubeconfigs"][c])["kind"] for c in clusters) == {
        "Config"
    }


def test_exported_price_is_the_cost_report_s(tmp_path: Any) -> None:
    """Drift (issue 13): the component priced autoscaling.min pods, the cost report the replica
    count held inside min..max; for replicas 4, min 2 that was $36.04 against $72.08. Both now
    come from fargate.cost.workload_line, and the Deployment starts at the count priced."""
    from fargate_stacks.fargate.cost import estimate

    web = {**workloads()[0], "desiredCount": 4, "autoscaling": {"min": 2, "max": 6}}
    del web["ingress"], web["sidecars"], web["permissions"]
    spec = spec_for([web])
    result = run_spec(spec)
    exported = result.outputs["eksClusters"]["apps"]["workloads"]["web"]
    [line] = [line for line in estimate(spec, "us-east-1").lines if line.name == "web"]
    # 4 pods of 0.5 vCPU / 1 GB: 4 x (0.5 x 0.04048 + 1 x 0.004445) x 730 = $72.08
    assert exported["monthlyPrice"] == pytest.approx(72.08, abs=0.005)
    assert float(line.monthly_expected or 0) == pytest.approx(exported["monthlyPrice"], abs=0.005)
    assert exported["hourlyPrice"] == pytest.approx(float(line.on_demand_hourly), abs=1e-6)
    assert resource(result, DEPLOYMENT, "web").inputs["spec"]["replicas"] == 4


def test_region_without_prices_still_deploys_with_price_unknown() -> None:
    spec = spec_for(workloads()[1:2])
    result = run(
        lambda: build_eks_clusters(spec, NETWORK, {}),
        stack="dev",
        mocks=EksMocks(region="ap-southeast-4"),
        config={"aws:region": "ap-southeast-4"},
    )
    api = result.outputs["eksClusters"]["apps"]["workloads"]["api"]
    assert api["capacityProvisioned"] == "1vCPU 3GB"
    assert api["hourlyPrice"] is None and api["monthlyPrice"] is None
    output = result.one("kubernetes:core/v1:ConfigMap").inputs["data"]["output.conf"]
    assert "region ap-southeast-4" in output


RELEASE = "kubernetes:helm.sh/v3:Release"
LBC = "aws-load-balancer-controller"


def test_an_ingress_installs_the_aws_load_balancer_controller_with_irsa(result: RunResult) -> None:
    release = result.one(RELEASE)
    assert release.inputs["chart"] == LBC
    assert release.inputs["repositoryOpts"] == {"repo": "https://aws.github.io/eks-charts"}
    assert release.inputs["version"]  # pinned: its IAM policy is the one shipped below
    assert release.inputs["namespace"] == "kube-system"
    cluster_name = result.outputs["eksClusters"]["apps"]["clusterName"]
    # on Fargate there is no instance metadata: region and VPC must be given
    assert release.inputs["values"] == {
        "clusterName": cluster_name,
        "region": "us-east-1",
        "vpcId": NETWORK.vpc_id,
        "serviceAccount": {"create": False, "name": LBC},
    }

    role = result.one("aws:iam/role:Role", f"apps-{LBC}")
    issuer = result.outputs["eksClusters"]["apps"]["oidcIssuer"].removeprefix("https://")
    condition = json.loads(role.inputs["assumeRolePolicy"])["Statement"][0]["Condition"]
    assert condition["StringEquals"][f"{issuer}:sub"] == f"system:serviceaccount:kube-system:{LBC}"
    policy = result.one("aws:iam/rolePolicy:RolePolicy", f"apps-{LBC}")
    document = json.loads(policy.inputs["policy"])
    granted = {a for st in document["Statement"] for a in st["Action"]}
    assert {
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:RegisterTargets",
        "ec2:CreateSecurityGroup",
        "iam:CreateServiceLinkedRole",
    } <= granted
    for statement in document["Statement"]:  # it deletes only what carries its cluster tag
        if any(
            a.split(":")[1].startswith("Delete")
            and a.endswith(("LoadBalancer", "TargetGroup", "SecurityGroup"))
            for a in statement["Action"]
        ):
            assert statement["Condition"] == {
                "Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}
            }
    assert policy.inputs["role"] == role.id
    account = result.one("kubernetes:core/v1:ServiceAccount", f"apps-{LBC}")
    assert account.inputs["metadata"] == {
        "name": LBC,
        "namespace": "kube-system",
        "annotations": {"eks.amazonaws.com/role-arn": role.outputs["arn"]},
    }
    assert account.urn in release.dependencies


def test_the_controller_waits_for_its_fargate_profile_and_ingresses_wait_for_it(
    result: RunResult,
) -> None:
    release = result.one(RELEASE)
    system = result.one("aws:eks/fargateProfile:FargateProfile", "apps-system")
    assert system.urn in release.dependencies  # kube-system pods need their profile first
    ingress = resource(result, "kubernetes:networking.k8s.io/v1:Ingress", "web")
    assert release.urn in ingress.dependencies
    assert release.parent == result.one("fargate-stacks:eks:EksFargateCluster").urn


def test_no_ingress_no_controller() -> None:
    plain = run_spec(spec_for(workloads()[1:2]))
    assert len(plain.of_type(DEPLOYMENT)) == 1
    assert plain.of_type(RELEASE) == []
    assert [r.name for r in plain.of_type("aws:iam/role:Role") if LBC in r.name] == []
