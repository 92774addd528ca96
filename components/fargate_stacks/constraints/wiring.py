"""What ECS checks across resources when it creates a service, and moto does not.

CreateService refuses (ECS API reference, CreateService; the wording is AWS's, as the tf-moto
validator's patched moto server imitates it): a capacity provider the cluster does not have;
both a launch type and a strategy; more than one provider with a base; a load balancer's
target group that no listener forwards to, or that is not of target type ``ip`` for an
``awsvpc`` task; a container name or port the task definition does not have; an ``awsvpc``
task without a network configuration; a health-check grace period without a load balancer.

What ECS sees is what exists *when* it is called, so a service must also depend on the
capacity providers and the listener it needs: without the dependency Pulumi may create them
side by side, and the service first.

Resources are recorded in registration order (a resource registers after everything it
depends on), each in O(1); a service's check reads only what it names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import ecs, elbv2

SOURCE = "ECS API reference, CreateService"
_FORWARDING = (elbv2.LISTENER, elbv2.LISTENER_RULE)


@dataclass
class _TaskDefinition:
    urn: str
    network_mode: str | None
    containers: Any  # the containerDefinitions JSON text (or list), parsed on use

    def container(self, name: str) -> dict[str, Any] | None:
        items = self.containers
        if isinstance(items, str):
            try:
                items = self.containers = json.loads(items)
            except ValueError:
                return None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("name") == name:
                return item
        return None


class Wiring:
    """Feed it every resource as it registers (:meth:`record`); ask it about an ECS service
    before the service is created (:meth:`problems`)."""

    def __init__(self) -> None:
        self._dependencies: dict[str, Sequence[str]] = {}
        self._names: dict[str, str] = {}  # URN -> "type 'name'", for the messages
        self._clusters: dict[str, str] = {}  # cluster ARN or name -> name
        self._providers: dict[str, tuple[str, frozenset[str]]] = {}  # cluster -> (URN, names)
        self._task_definitions: dict[str, _TaskDefinition] = {}  # ARN or family -> it
        self._target_groups: dict[str, tuple[str, str]] = {}  # ARN -> (URN, target type)
        self._forwarders: dict[str, list[str]] = {}  # target group ARN -> listener URNs

    def record(
        self,
        urn: str,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: Sequence[str],
    ) -> None:
        self._dependencies[urn] = dependencies
        if type_ == ecs.CLUSTER:
            cluster = str(outputs.get("name") or inputs.get("name") or name)
            for ref in (outputs.get("arn"), outputs.get("id"), cluster):
                if isinstance(ref, str) and ref:
                    self._clusters[ref] = cluster
        elif type_ == ecs.CAPACITY_PROVIDERS:
            cluster = str(inputs.get("clusterName") or "")
            providers = frozenset(str(p) for p in inputs.get("capacityProviders") or [])
            self._providers[cluster] = (urn, providers)
            self._names[urn] = f"{type_} {name!r}"
        elif type_ == ecs.TASK_DEFINITION:
            definition = _TaskDefinition(
                urn, inputs.get("networkMode"), inputs.get("containerDefinitions") or "[]"
            )
            for ref in (
                outputs.get("arn"),
                outputs.get("arnWithoutRevision"),
                inputs.get("family"),
            ):
                if isinstance(ref, str) and ref:
                    self._task_definitions[ref] = definition
        elif type_ == elbv2.TARGET_GROUP:
            arn = outputs.get("arn")
            if isinstance(arn, str):
                self._target_groups[arn] = (urn, str(inputs.get("targetType") or "instance"))
        elif type_ in _FORWARDING:
            self._names[urn] = f"{type_} {name!r}"
            actions = inputs.get("defaultActions") or inputs.get("actions") or []
            for arn in _forwarded_groups(actions):
                self._forwarders.setdefault(arn, []).append(urn)

    def problems(
        self, type_: str, inputs: Mapping[str, Any], dependencies: Sequence[str]
    ) -> list[str]:
        """What ECS would refuse in an ECS service about to be created (AWS's words)."""
        if type_ != ecs.SERVICE:
            return []
        out: list[str] = []
        strategy = [
            s for s in inputs.get("capacityProviderStrategies") or [] if isinstance(s, dict)
        ]
        balancers = [b for b in inputs.get("loadBalancers") or [] if isinstance(b, dict)]
        ancestors = _Ancestors(self._dependencies, dependencies)
        if strategy and inputs.get("launchType"):
            out.append(
                "InvalidParameterException: Specifying both a launch type and capacity provider "
                "strategy is not supported. Remove one and try again."
            )
        if sum(1 for s in strategy if _number(s.get("base")) > 0) > 1:
            out.append(
                "InvalidParameterException: Only one capacity provider in a capacity provider "
                "strategy can have a base defined."
            )
        out += self._strategy_problems(inputs.get("cluster"), strategy, ancestors)
        if inputs.get("healthCheckGracePeriodSeconds") is not None and not balancers:
            out.append(
                "InvalidParameterException: Health check grace period is only valid for "
                "services configured to use load balancers"
            )
        task = self._task_definitions.get(str(inputs.get("taskDefinition") or ""))
        awsvpc = task is not None and task.network_mode == "awsvpc"
        if awsvpc and not inputs.get("networkConfiguration"):
            out.append(
                "InvalidParameterException: Network Configuration must be provided when "
                "networkMode 'awsvpc' is specified."
            )
        for balancer in balancers:
            out += self._balancer_problems(balancer, task, awsvpc, ancestors)
        return out

    def _strategy_problems(
        self, cluster_ref: Any, strategy: list[dict[str, Any]], ancestors: _Ancestors
    ) -> list[str]:
        cluster = self._clusters.get(str(cluster_ref or ""))
        if cluster is None or not strategy:
            return []  # a cluster from outside the program: ECS knows, we do not
        urn, associated = self._providers.get(cluster, ("", frozenset()))
        missing = sorted({str(s.get("capacityProvider")) for s in strategy} - associated)
        if missing:
            return [
                "InvalidParameterException: The specified capacity provider strategy cannot "
                "contain a capacity provider that is not associated with the cluster. Associate "
                "the capacity provider with the cluster or specify a valid capacity provider and "
                f"try again. ({', '.join(missing)} on cluster {cluster}, associated: "
                f"{', '.join(sorted(associated)) or 'none'})"
            ]
        if urn not in ancestors:
            return [
                f"the service does not depend on {self._names[urn]}, which associates its "
                f"capacity providers with cluster {cluster}: Pulumi may create the service "
                "first, and ECS refuses a strategy whose providers the cluster does not have yet"
            ]
        return []

    def _balancer_problems(
        self,
        balancer: dict[str, Any],
        task: _TaskDefinition | None,
        awsvpc: bool,
        ancestors: _Ancestors,
    ) -> list[str]:
        out: list[str] = []
        arn = balancer.get("targetGroupArn")
        group = self._target_groups.get(str(arn)) if arn else None
        if group is not None:
            listeners = self._forwarders.get(str(arn), [])
            if not listeners:
                out.append(
                    f"InvalidParameterException: The target group with targetGroupArn {arn} "
                    "does not have an associated load balancer."
                )
            elif not any(urn in ancestors for urn in listeners):
                out.append(
                    f"the service does not depend on {self._names[listeners[0]]}, which "
                    "attaches its target group to the load balancer: Pulumi may create the "
                    "service first, and ECS refuses a target group without a load balancer"
                )
            if awsvpc and group[1] != "ip":
                out.append(
                    f"InvalidParameterException: The provided target group {arn} has target "
                    f"type {group[1]}, which is incompatible with the awsvpc network mode "
                    "specified in the task definition."
                )
        if task is not None:
            name, port = balancer.get("containerName"), balancer.get("containerPort")
            container = task.container(str(name))
            ports = {
                _number(m.get("containerPort"))
                for m in (container or {}).get("portMappings") or []
                if isinstance(m, dict)
            }
            if container is None or (port is not None and _number(port) not in ports):
                out.append(
                    f"InvalidParameterException: The container {name} did not have a "
                    f"container port {port} defined."
                )
        return out


class _Ancestors:
    """Everything a resource depends on, directly or not, computed on first ask."""

    def __init__(self, graph: Mapping[str, Sequence[str]], direct: Iterable[str]) -> None:
        self.graph, self.direct = graph, list(direct)
        self._seen: set[str] | None = None

    def __contains__(self, urn: object) -> bool:
        if self._seen is None:
            seen: set[str] = set()
            stack = list(self.direct)
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(self.graph.get(current, ()))
            self._seen = seen
        return urn in self._seen


def _forwarded_groups(actions: Any) -> Iterable[str]:
    """The target group ARNs a listener's (or rule's) actions forward to."""
    for action in actions if isinstance(actions, list) else []:
        if not isinstance(action, dict):
            continue
        if action.get("targetGroupArn"):
            yield str(action["targetGroupArn"])
        forward = action.get("forward")
        if isinstance(forward, dict):
            for group in forward.get("targetGroups") or []:
                if isinstance(group, dict) and group.get("arn"):
                    yield str(group["arn"])


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
