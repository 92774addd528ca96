"""Using fargate-stacks components from your own Pulumi program (README: "Use the components").

As a Pulumi program (`__main__.py`) just call ``program()``; offline, preview it with
``fargate_stacks.engine.run_program(program)``.
"""

from __future__ import annotations

import pulumi

from fargate_stacks import (
    EcsFargateCluster,
    EcsFargateClusterArgs,
    EcsFargateService,
    EcsFargateServiceArgs,
    Network,
    NetworkArgs,
)
from fargate_stacks.spec import EcsClusterSpec, NetworkSpec, ServiceSpec


def program() -> dict[str, pulumi.Output[str]]:
    network = Network("net", NetworkArgs.from_spec(NetworkSpec(cidr="10.40.0.0/16")))
    cluster = EcsFargateCluster(
        "shop", EcsFargateClusterArgs.from_spec(EcsClusterSpec(name="shop"))
    )
    api = ServiceSpec.model_validate(
        {
            "name": "api",
            "image": "public.ecr.aws/nginx/nginx:1.27",
            "cpu": "0.5 vCPU",
            "memory": "1 GB",
            "port": 80,
            "loadBalancer": "public",
            "capacity": {"onDemandBase": 1, "spotPercent": 50},
            "autoscaling": {"min": 2, "max": 8, "cpuTarget": 60},
        }
    )
    service = EcsFargateService(
        "shop-api",
        EcsFargateServiceArgs.from_spec(
            api,
            cluster="shop",
            cluster_arn=cluster.cluster_arn,
            cluster_name=cluster.cluster_name,
            network=network,
        ),
    )
    pulumi.export("url", service.url)
    return {"url": service.url}  # run_program reports what the program returns


if __name__ == "__main__":
    from fargate_stacks.engine import run_program

    result = run_program(program, stack="example")
    print(
        f"{len(result.resources)} resources, {len(result.findings)} findings, "
        f"url {result.outputs.get('url')}"
    )
