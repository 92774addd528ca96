"""Benchmark specs: one VPC and one ECS cluster with N load-balanced Fargate services, or one EKS
cluster with N Fargate workloads, as stack config files (``Pulumi.<name>.yaml``).

The shapes are the issue's: what a platform team runs, with every feature a service usually has
(ALB, autoscaling on CPU and requests, Spot capacity, environment), so a benchmark measures the
components and policies real stacks exercise rather than the smallest possible resource.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Literal

Kind = Literal["ecs", "eks"]
KINDS: tuple[Kind, ...] = ("ecs", "eks")
SIZES: tuple[int, ...] = (1, 10, 100, 1000)
REGION = "us-east-1"
# The Fargate sizes services cycle through, so policies and cost see several sizes.
SIZE_CYCLE: tuple[tuple[str, str], ...] = (
    ("0.25 vCPU", "0.5 GB"),
    ("0.5 vCPU", "1 GB"),
    ("1 vCPU", "2 GB"),
    ("2 vCPU", "4 GB"),
)
NAMESPACES = 10  # EKS workloads spread over team-0 .. team-9


def ecs_service(index: int) -> dict[str, Any]:
    cpu, memory = SIZE_CYCLE[index % len(SIZE_CYCLE)]
    return {
        "name": f"svc-{index:04d}",
        "image": "public.ecr.aws/nginx/nginx:1.27",
        "cpu": cpu,
        "memory": memory,
        "port": 8080,
        "loadBalancer": {"scheme": "public", "healthCheckPath": "/healthz"},
        "desiredCount": 2,
        "autoscaling": {"min": 2, "max": 10, "cpuTarget": 60, "requestsPerTarget": 1000},
        "capacity": {"onDemandBase": 1, "spotPercent": 75},
        "environment": {"LOG_LEVEL": "info", "SERVICE_INDEX": str(index)},
    }


def eks_workload(index: int) -> dict[str, Any]:
    cpu, memory = SIZE_CYCLE[index % len(SIZE_CYCLE)]
    return {
        "name": f"app-{index:04d}",
        "namespace": f"team-{index % NAMESPACES}",
        "image": "public.ecr.aws/nginx/nginx:1.27",
        "cpu": cpu,
        "memory": memory,
        "port": 8080,
        "desiredCount": 2,
        "autoscaling": {"min": 2, "max": 6, "cpuTarget": 70},
        "ingress": {"scheme": "internal", "path": "/"},
        "environment": {"LOG_LEVEL": "info"},
    }


def spec_data(kind: Kind, n: int) -> dict[str, Any]:
    """The ``fargate-stacks:spec`` value of a benchmark stack with ``n`` services or workloads."""
    if n < 1:
        raise ValueError("n must be at least 1")
    network = {"cidr": "10.40.0.0/16", "azCount": 2, "nat": "single"}
    spec: dict[str, Any] = {"tags": {"team": "platform", "env": "bench"}, "network": network}
    if kind == "ecs":
        spec["ecs"] = {
            "clusters": [{"name": "bench", "services": [ecs_service(i) for i in range(n)]}]
        }
    elif kind == "eks":
        spec["eks"] = {
            "clusters": [
                {
                    "name": "bench",
                    "fargateProfiles": [
                        {"name": "system", "selectors": [{"namespace": "kube-system"}]},
                        {"name": "apps", "selectors": [{"namespace": "team-*"}]},
                    ],
                    "workloads": [eks_workload(i) for i in range(n)],
                }
            ]
        }
    else:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    return spec


def stack_config(kind: Kind, n: int) -> dict[str, Any]:
    """A whole stack config file (what ``stacks/Pulumi.<stack>.yaml`` holds)."""
    return {"config": {"aws:region": REGION, "fargate-stacks:spec": spec_data(kind, n)}}


def stack_name(kind: Kind, n: int) -> str:
    return f"{kind}{n}"


def write_stack(directory: Path, kind: Kind, n: int) -> Path:
    """Write ``Pulumi.<kind><n>.yaml`` into ``directory``. JSON is valid YAML and libyaml reads
    it fastest, so a 1,000-service file costs the loader little."""
    path = Path(directory) / f"Pulumi.{stack_name(kind, n)}.yaml"
    path.write_text(json.dumps(stack_config(kind, n), indent=1) + "\n", encoding="utf-8")
    return path


def write_all(
    directory: Path, kinds: tuple[Kind, ...] = KINDS, sizes: tuple[int, ...] = SIZES
) -> dict[tuple[Kind, int], Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return {(kind, n): write_stack(directory, kind, n) for kind in kinds for n in sizes}


def manifest(index: int) -> dict[str, Any]:
    """A Deployment as teams write them; every tenth asks for more than Fargate's largest pod, so
    ``check`` reports findings too, not only a clean bill."""
    cpu, memory = ("32", "256Gi") if index % 10 == 9 else ("500m", "1Gi")
    labels = {"app.kubernetes.io/name": f"app-{index:04d}"}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": f"app-{index:04d}",
            "namespace": f"team-{index % NAMESPACES}",
            "labels": labels,
        },
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "image": "public.ecr.aws/nginx/nginx:1.27",
                            "ports": [{"containerPort": 8080}],
                            "resources": {
                                "requests": {"cpu": cpu, "memory": memory},
                                "limits": {"cpu": cpu, "memory": memory},
                            },
                        }
                    ]
                },
            },
        },
    }


def write_manifests(directory: Path, count: int) -> list[Path]:
    """``count`` manifest files (one Deployment each), as a repository of them would hold."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"app-{index:04d}.yaml"
        path.write_text(json.dumps(manifest(index), indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="where to write Pulumi.<kind><n>.yaml")
    parser.add_argument("--kind", choices=KINDS, action="append", help="default: both")
    parser.add_argument("-n", type=int, action="append", help=f"default: {SIZES}")
    args = parser.parse_args(argv)
    written = write_all(args.directory, tuple(args.kind or KINDS), tuple(args.n or SIZES))
    for path in written.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
