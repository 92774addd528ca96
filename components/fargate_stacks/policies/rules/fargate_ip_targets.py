"""fargate-ip-targets: load balancers reach Fargate pods by IP only."""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import eks_pods
from ..findings import Violation
from ..rule import Rule
from ..subjects import K8sLoadBalancing, Kind


def ip_targets(lb: K8sLoadBalancing) -> Iterator[Violation]:
    annotation = lb.target_type_annotation
    if annotation is None:
        return
    value = lb.annotations.get(annotation)
    if value is not None and value.lower() != eks_pods.IP_TARGET:
        yield Violation(
            f"{lb.kind_name} {lb.name!r} sets {annotation}: {value}: Fargate pods have no "
            f"node to register, so the load balancer must target pod IPs; set it to "
            f"{eks_pods.IP_TARGET}",
            ("metadata", "annotations", annotation),
        )


RULE = Rule(
    id="fargate-ip-targets",
    level="mandatory",
    title="Load balancers reach pods on Fargate by IP: no instance targets.",
    rationale="The AWS Load Balancer Controller registers instance targets through a NodePort "
    "on each node, and a Fargate pod has no node of its own: an Ingress with "
    "alb.ingress.kubernetes.io/target-type: instance, or a Service with "
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance, in front of pods "
    "that Fargate runs never gets a healthy target. Use ip.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/alb-ingress.html",
    checked="2026-12-01",
    applies_to=(Kind.K8S_LB,),
    checks={Kind.K8S_LB: ip_targets},
)
