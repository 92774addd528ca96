"""The components under the mocks users write for their own unit tests.

Pulumi's unit-testing guide (https://www.pulumi.com/docs/iac/guides/testing/unit/) mocks the
engine with a ``new_resource`` that returns the inputs as the outputs and a ``call`` that
returns ``{}``. Nothing a provider computes is reported then: no ``dnsName``, ``arn``,
``arnSuffix``, OIDC issuer or certificate authority, no region, zones or account from the
invokes. Every component must build under such mocks, with ``preview`` on (unreported outputs
are unknown) and off (they are ``None``), and register exactly the resources it registers
with the realistic mocks.
"""

from __future__ import annotations

import functools
from typing import Any

import pulumi
import pytest
from pulumi.runtime import settings as pulumi_settings

from eks_harness import EksMocks
from fargate_stacks.components.stack import build_stack
from fargate_stacks.spec import spec_from_data
from pulumi_harness import run

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f4c2a5e-1b7d-4c3e-9a8b-2f6d1e0c9b7a"
ADMIN = "arn:aws:iam::123456789012:role/platform-admin"

# Every feature of every component: ALB with HTTPS, autoscaling on CPU, memory and requests
# with schedules, EFS with IAM and an access point, Service Connect, ECS Exec, permissions,
# secrets and a sidecar; EKS with profiles, a node group, logging, admin access entries, and
# workloads with an ingress (so the Load Balancer Controller), IRSA, a Job and a CronJob.
FULL_SPEC: dict[str, Any] = {
    "tags": {"team": "platform"},
    "network": {
        "cidr": "10.50.0.0/16",
        "azCount": 3,
        "nat": "per-az",
        "endpoints": ["ecr", "logs", "s3", "ssm"],
    },
    "ecs": {
        "clusters": [
            {
                "name": "web",
                "serviceConnectNamespace": "web-internal",
                "services": [
                    {
                        "name": "api",
                        "image": "public.ecr.aws/nginx/nginx:1.27",
                        "cpu": "1 vCPU",
                        "memory": "2 GB",
                        "port": 80,
                        "loadBalancer": {"scheme": "public", "certificateArn": CERT},
                        "autoscaling": {
                            "min": 2,
                            "max": 10,
                            "cpuTarget": 60,
                            "memoryTarget": 70,
                            "requestsPerTarget": 500,
                            "schedules": [
                                {
                                    "name": "day",
                                    "schedule": "cron(0 7 ? * MON-FRI *)",
                                    "min": 4,
                                    "max": 10,
                                }
                            ],
                        },
                        "capacity": {"onDemandBase": 1, "spotPercent": 50},
                        "exec": True,
                        "secrets": {
                            "DB_PASSWORD": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
                        },
                        "sidecars": [
                            {
                                "name": "envoy",
                                "image": "public.ecr.aws/appmesh/envoy:v1.29",
                                "cpu": 128,
                                "memory": 256,
                            }
                        ],
                        "volumes": [
                            {
                                "name": "data",
                                "mountPath": "/data",
                                "efs": {
                                    "fileSystemId": "fs-0123456789abcdef0",
                                    "accessPointId": "fsap-0123456789abcdef0",
                                },
                            }
                        ],
                        "permissions": [
                            {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::assets/*"]}
                        ],
                    },
                    {
                        "name": "admin",
                        "image": "nginx:1.27",
                        "port": 8080,
                        "loadBalancer": "internal",
                    },
                ],
            }
        ]
    },
    "eks": {
        "clusters": [
            {
                "name": "apps",
                "version": "1.33",
                "endpoint": {"public": True, "private": True},
                "adminPrincipalArns": [ADMIN],
                "fargateProfiles": [
                    {"name": "system", "selectors": [{"namespace": "kube-system"}]},
                    {"name": "apps", "selectors": [{"namespace": "team-*"}]},
                ],
                "nodeGroup": {
                    "instanceTypes": ["t3.large"],
                    "minSize": 1,
                    "maxSize": 3,
                    "desiredSize": 1,
                },
                "workloads": [
                    {
                        "name": "web",
                        "namespace": "team-web",
                        "image": "public.ecr.aws/nginx/nginx:1.27",
                        "cpu": "0.5 vCPU",
                        "memory": "1 GB",
                        "port": 80,
                        "autoscaling": {"min": 2, "max": 6},
                        "ingress": {"scheme": "public", "certificateArn": CERT},
                        "permissions": [
                            {
                                "actions": ["sqs:SendMessage"],
                                "resources": ["arn:aws:sqs:us-east-1:123456789012:jobs"],
                            }
                        ],
                    },
                    {
                        "name": "migrate",
                        "namespace": "team-web",
                        "kind": "Job",
                        "image": "python:3.12",
                    },
                    {
                        "name": "nightly",
                        "namespace": "team-web",
                        "kind": "CronJob",
                        "schedule": "0 3 * * *",
                        "image": "python:3.12",
                    },
                ],
            }
        ]
    },
}
ADOPTED_SPEC: dict[str, Any] = {
    "network": {
        "vpcId": "vpc-0123456789abcdef0",
        "privateSubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        "publicSubnetIds": ["subnet-0123456789abcdef2"],
    },
    "ecs": {
        "clusters": [
            {
                "name": "web",
                "services": [
                    {
                        "name": "api",
                        "image": "nginx:1.27",
                        "port": 80,
                        "loadBalancer": "internal",
                        "autoscaling": {"max": 3, "requestsPerTarget": 100},
                    }
                ],
            }
        ]
    },
}


class EchoMocks(pulumi.runtime.Mocks):
    """The guide's mocks (its ``call`` returns ``{}``; ``{}, []`` is the same answer, typed as
    ``Mocks.call`` declares it), plus a record of what was registered."""

    def __init__(self) -> None:
        self.registered: list[tuple[str, str]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append((args.typ, args.name))
        return args.name + "_id", args.inputs

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, []


def run_plain(spec_data: dict[str, Any], preview: bool) -> tuple[EchoMocks, dict[str, Any]]:
    """``build_stack`` under plain ``set_mocks(EchoMocks())``, as a user's test runs it."""
    spec = spec_from_data(spec_data)
    mocks = EchoMocks()
    pulumi_settings.ROOT.set(None)  # a fresh stack per run (other tests ran programs before)
    pulumi.runtime.set_all_config({})
    pulumi.runtime.set_mocks(mocks, preview=preview)
    outputs: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        return pulumi.Output.from_input(build_stack(spec)).apply(outputs.update)

    program()
    return mocks, outputs


@functools.cache
def realistic(which: str) -> set[tuple[str, str]]:
    spec = spec_from_data(FULL_SPEC if which == "full" else ADOPTED_SPEC)
    result = run(lambda: build_stack(spec), config={"aws:region": "us-east-1"}, mocks=EksMocks())
    return {(r.type, r.name) for r in result.resources}


@pytest.mark.parametrize("preview", [False, True], ids=["update", "preview"])
@pytest.mark.parametrize("which", ["full", "adopted"])
def test_every_component_builds_under_echo_mocks(which: str, preview: bool) -> None:
    mocks, outputs = run_plain(FULL_SPEC if which == "full" else ADOPTED_SPEC, preview)
    registered = set(mocks.registered)
    assert len(registered) == len(mocks.registered)  # no name registered twice
    assert registered == realistic(which)
    assert "aws:lb/loadBalancer:LoadBalancer" in {t for t, _ in registered}
    if preview:
        return  # unreported outputs are unknown, so the stack's outputs are too
    api = outputs["ecsClusters"]["web"]["services"]["api"]
    # names the components chose are inputs, so the mocks echo them back
    assert api["serviceName"] == "api"
    assert api["url"] is None  # the ALB's dnsName is AWS's to compute: no URL, and no crash


def test_full_spec_touches_every_component() -> None:
    types = {t for t, _ in realistic("full")}
    assert {
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "aws:ec2/natGateway:NatGateway",
        "aws:servicediscovery/httpNamespace:HttpNamespace",
        "aws:appautoscaling/scheduledAction:ScheduledAction",
        "aws:lb/listener:Listener",
        "aws:eks/fargateProfile:FargateProfile",
        "aws:eks/nodeGroup:NodeGroup",
        "aws:eks/accessEntry:AccessEntry",
        "kubernetes:helm.sh/v3:Release",
        "kubernetes:networking.k8s.io/v1:Ingress",
        "kubernetes:batch/v1:Job",
        "kubernetes:batch/v1:CronJob",
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    } <= types
