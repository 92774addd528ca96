"""Failing and passing inputs for every rule, shared by the three paths' tests (pure rules,
the pulumi_policy callables, and ``fargate-stacks check``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

GOOD_TASK: dict[str, Any] = {
    "family": "web",
    "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"],
    "cpu": "256",
    "memory": "512",
    "containerDefinitions": [
        {
            "name": "web",
            "image": "public.ecr.aws/nginx/nginx:1.27",
            "essential": True,
            "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}],
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/web",
                    "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "web",
                },
            },
        }
    ],
}

GOOD_DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "nginx-deployment", "namespace": "default", "labels": {"app": "nginx"}},
    "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "nginx"}},
        "template": {
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx:1.14.2",
                        "ports": [{"containerPort": 80}],
                        "resources": {
                            "requests": {"cpu": "250m", "memory": "256Mi"},
                            "limits": {"cpu": "250m", "memory": "256Mi"},
                        },
                    }
                ]
            },
        },
    },
}

Mutation = Callable[[dict[str, Any]], object]  # edits in place; what it returns is ignored


def _c(task: dict[str, Any]) -> dict[str, Any]:
    return task["containerDefinitions"][0]


def _p(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


def _pc(obj: dict[str, Any]) -> dict[str, Any]:
    return _p(obj)["containers"][0]


# rule -> mutation making GOOD_TASK violate it
TASK_CASES: dict[str, Mutation] = {
    "fargate-task-size": lambda t: t.update(memory="4096"),
    "fargate-network-mode": lambda t: t.update(networkMode="bridge"),
    "fargate-no-privileged": lambda t: _c(t).update(privileged=True),
    "fargate-no-gpu": lambda t: _c(t).update(resourceRequirements=[{"type": "GPU", "value": "1"}]),
    "fargate-capabilities": lambda t: _c(t).update(
        linuxParameters={"capabilities": {"add": ["NET_ADMIN"]}}
    ),
    "fargate-no-host-network": lambda t: _c(t)["portMappings"][0].update(hostPort=8080),
    "fargate-no-host-namespaces": lambda t: t.update(pidMode="host"),
    "fargate-volumes": lambda t: t.update(
        volumes=[{"name": "sock", "host": {"sourcePath": "/var/run/docker.sock"}}]
    ),
    "fargate-unsupported-params": lambda t: _c(t).update(links=["db"]),
    "fargate-container-resources": lambda t: _c(t).update(memory=1024),
    "fargate-ephemeral-storage": lambda t: t.update(ephemeralStorage={"sizeInGiB": 250}),
    "fargate-log-driver": lambda t: _c(t)["logConfiguration"].update(logDriver="json-file"),
    "fargate-windows": lambda t: t.update(
        cpu="1024",
        memory="2048",
        runtimePlatform={
            "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE",
            "cpuArchitecture": "ARM64",
        },
    ),
    "image-tag-pinned": lambda t: _c(t).update(image="nginx:latest"),
    "efs-transit-encryption": lambda t: t.update(
        volumes=[
            {"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-0123456789abcdef0"}}
        ]
    ),
}
# passing variants that are close to the line (must stay clean)
TASK_PASSES: dict[str, Mutation] = {
    "fargate-task-size": lambda t: t.update(cpu="0.5 vCPU", memory="1 GB"),
    "fargate-capabilities": lambda t: _c(t).update(
        linuxParameters={"capabilities": {"add": ["SYS_PTRACE"], "drop": ["ALL"]}}
    ),
    "fargate-volumes": lambda t: t.update(volumes=[{"name": "scratch", "host": {}}]),
    "fargate-ephemeral-storage": lambda t: t.update(ephemeralStorage={"sizeInGiB": 200}),
    "fargate-windows": lambda t: t.update(
        cpu="1024",
        memory="2048",
        runtimePlatform={
            "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE",
            "cpuArchitecture": "X86_64",
        },
    ),
    "efs-transit-encryption": lambda t: t.update(
        volumes=[
            {
                "name": "data",
                "efsVolumeConfiguration": {
                    "fileSystemId": "fs-0123456789abcdef0",
                    "transitEncryption": "ENABLED",
                },
            }
        ]
    ),
}

POD_CASES: dict[str, Mutation] = {
    "fargate-no-privileged": lambda d: _pc(d).update(securityContext={"privileged": True}),
    "fargate-no-gpu": lambda d: _pc(d)["resources"]["limits"].update({"nvidia.com/gpu": 1}),
    "fargate-capabilities": lambda d: _pc(d).update(
        securityContext={"capabilities": {"add": ["NET_ADMIN"]}}
    ),
    "fargate-no-host-network": lambda d: _p(d).update(hostNetwork=True),
    "fargate-no-host-namespaces": lambda d: _p(d).update(hostPID=True),
    "fargate-volumes": lambda d: _p(d).update(
        volumes=[{"name": "logs", "hostPath": {"path": "/var/log"}}]
    ),
    "fargate-ephemeral-storage": lambda d: [
        _pc(d)["resources"][s].update({"ephemeral-storage": "200Gi"})
        for s in ("requests", "limits")
    ],
    "fargate-pod-size": lambda d: [
        _pc(d)["resources"][s].update(cpu="17") for s in ("requests", "limits")
    ],
    "fargate-pod-platform": lambda d: _p(d).update(nodeSelector={"kubernetes.io/arch": "arm64"}),
    "fargate-spot-platform": lambda d: _p(d).update(
        nodeSelector={"eks.amazonaws.com/capacityType": "SPOT"}
    ),
    "fargate-requests-equal-limits": lambda d: _pc(d)["resources"]["limits"].update(memory="512Mi"),
    "image-tag-pinned": lambda d: _pc(d).update(image="nginx"),
    "fargate-no-daemonset": lambda d: (d.update(kind="DaemonSet"), d["spec"].pop("replicas")),
}
POD_PASSES: dict[str, Mutation] = {
    # EKS's own CoreDNS on Fargate: drop ALL, re-add NET_BIND_SERVICE (one of the default set)
    "fargate-capabilities": lambda d: _pc(d).update(
        securityContext={"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}}
    ),
    "fargate-ephemeral-storage": lambda d: [
        _pc(d)["resources"][s].update({"ephemeral-storage": "175Gi"})
        for s in ("requests", "limits")
    ],
    "fargate-pod-size": lambda d: [
        _pc(d)["resources"][s].update(cpu="15", memory="100Gi") for s in ("requests", "limits")
    ],
    "fargate-pod-platform": lambda d: _p(d).update(nodeSelector={"kubernetes.io/arch": "amd64"}),
    "image-tag-pinned": lambda d: _pc(d).update(image="nginx@sha256:" + "a" * 64),
}


def make(base: dict[str, Any], mutation: Mutation | None) -> dict[str, Any]:
    out = copy.deepcopy(base)
    if mutation is not None:
        mutation(out)
    return out


def pulumi_task_props(task: dict[str, Any]) -> dict[str, Any]:
    """An AWS-shaped task definition as Pulumi passes it to policies."""
    props = {
        k: v
        for k, v in task.items()
        if k not in ("containerDefinitions", "ephemeralStorage", "volumes")
    }
    props["containerDefinitions"] = json.dumps(task["containerDefinitions"])
    if "ephemeralStorage" in task:
        props["ephemeralStorage"] = {"sizeInGib": task["ephemeralStorage"]["sizeInGiB"]}
    if "volumes" in task:
        props["volumes"] = [
            {
                **{k: v for k, v in vol.items() if k != "host"},
                **(
                    {"hostPath": vol["host"]["sourcePath"]}
                    if vol.get("host", {}).get("sourcePath")
                    else {}
                ),
            }
            for vol in task["volumes"]
        ]
    return props
