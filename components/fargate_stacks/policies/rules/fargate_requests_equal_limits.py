"""fargate-requests-equal-limits: Fargate bills requests and runs pods Guaranteed."""

from __future__ import annotations

from collections.abc import Iterator

from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..subjects import Kind, Pod
from ..values import as_map, is_unknown


def requests_equal_limits(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod, "initContainers", "containers"):
        resources = as_map(c.get("resources"))
        requests, limits = as_map(resources.get("requests")), as_map(resources.get("limits"))
        for key in ("cpu", "memory"):
            req, lim = requests.get(key), limits.get(key)
            if (req is None and lim is None) or is_unknown(req) or is_unknown(lim):
                continue
            if lim is None:
                yield Violation(
                    f"container {name!r} requests {key} {req} with no limit: "
                    "Fargate sizes the pod from requests and runs it as "
                    "Guaranteed; set the limit equal to the request",
                    (*path, "resources", "requests", key),
                )
            elif (
                req is not None
                and (type(req) is not type(lim) or req != lim)  # same: equal
                and kubernetes.quantity(req) != kubernetes.quantity(lim)
            ):
                yield Violation(
                    f"container {name!r} requests {key} {req} but limits it to "
                    f"{lim}: Fargate bills and sizes from requests; make them equal",
                    (*path, "resources", "limits", key),
                )


RULE = Rule(
    id="fargate-requests-equal-limits",
    level="advisory",
    title="Fargate sizes pods from requests and runs them Guaranteed: requests should equal "
    "limits.",
    rationale="Limits play no part in a Fargate pod's size or bill; a limit above the request "
    "promises capacity the pod will not get, one below it wastes what is paid for.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html",
    checked="2026-12-01",
    applies_to=(Kind.POD,),
    checks={Kind.POD: requests_equal_limits},
)
