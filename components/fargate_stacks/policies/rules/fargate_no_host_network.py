"""fargate-no-host-network: no host networking, hostPort or hostIP on Fargate."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ecs_task, kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import EcsTask, Kind, Pod
from ..values import as_int, as_list, as_map, is_true, present


def task_host_ports(task: EcsTask) -> Iterator[Violation]:
    for i, c, name in ecs_task.containers(task):
        for j, mapping in enumerate(as_list(c.get("portMappings"))):
            m = as_map(mapping)
            host, container = as_int(m.get("hostPort")), as_int(m.get("containerPort"))
            if host is not None and container is not None and host != container:
                yield Violation(
                    f"container {name!r} maps hostPort {host} to containerPort "
                    f"{container}: with awsvpc on Fargate hostPort must be empty or "
                    "equal to containerPort",
                    ecs_task.cpath(i, "portMappings", j, "hostPort"),
                )


def pod_host_network(pod: Pod) -> Iterator[Violation]:
    if is_true(pod.spec.get("hostNetwork")):
        yield Violation(
            "hostNetwork is true: Fargate pods get their own network interface; remove hostNetwork",
            ("hostNetwork",),
        )
    for path, c, name in kubernetes.containers(pod):
        for j, port in enumerate(as_list(c.get("ports"))):
            p = as_map(port)
            host_port = p.get("hostPort")
            if isinstance(host_port, int) and not isinstance(host_port, bool) and host_port:
                yield Violation(
                    f"container {name!r} uses hostPort {host_port}: Fargate refuses "
                    "hostPort; expose the port with a Service",
                    (*path, "ports", j, "hostPort"),
                )
            if present(p.get("hostIP")):
                yield Violation(
                    f"container {name!r} binds hostIP {p['hostIP']}: Fargate refuses hostIP",
                    (*path, "ports", j, "hostIP"),
                )


RULE = Rule(
    id="fargate-no-host-network",
    level="mandatory",
    title="Fargate refuses host networking, hostPort and hostIP.",
    rationale="Fargate has no host to share: ECS tasks use awsvpc, where a hostPort must be "
    "empty or equal to the containerPort; the EKS Fargate scheduler refuses hostNetwork and "
    'ports with hostPort or hostIP ("fields not supported: HostNetwork ... port contains '
    'HostIP or HostPort").',
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
    checked="2026-12-01",
    applies_to=(Kind.ECS_TASK, Kind.POD),
    checks={Kind.ECS_TASK: task_host_ports, Kind.POD: pod_host_network},
)
