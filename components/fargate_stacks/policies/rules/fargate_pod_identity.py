"""fargate-pod-identity: EKS Pod Identity does not work for pods on Fargate: IRSA does.

What is visible of it: in a stack, an ``aws:eks/podIdentityAssociation`` (in a manifest, ACK's
``PodIdentityAssociation``) for a service account in a namespace, joined to the pods that run as
that account on Fargate, or to a Fargate profile that takes every pod of the namespace; in a pod
template, what the Pod Identity webhook injects (the agent's credentials endpoint, a projected
token for its audience), as manifests exported from a cluster carry it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...fargate import eks_pods
from .. import kubernetes
from ..findings import Violation
from ..rule import Rule
from ..stack import StackIndex
from ..subjects import Kind, Pod, Subject
from ..values import as_list, as_map, as_str

FIX = "use IRSA (an IAM role for the service account, eks.amazonaws.com/role-arn) instead"


def injected(pod: Pod) -> Iterator[Violation]:
    for path, c, name in kubernetes.containers(pod):
        for j, env in enumerate(as_list(c.get("env"))):
            e = as_map(env)
            value = as_str(e.get("value")) or ""
            if (
                e.get("name") == eks_pods.POD_IDENTITY_CREDENTIALS_ENV
                and eks_pods.POD_IDENTITY_AGENT_ADDRESS in value
            ):
                yield Violation(
                    f"container {name!r} takes credentials from the EKS Pod Identity agent "
                    f"({value}): Pod Identity does not work on Fargate (no agent runs there); "
                    f"{FIX}",
                    (*path, "env", j, "value"),
                )
    for j, volume in enumerate(as_list(pod.spec.get("volumes"))):
        for k, source in enumerate(as_list(as_map(as_map(volume).get("projected")).get("sources"))):
            token = as_map(as_map(source).get("serviceAccountToken"))
            if token.get("audience") == eks_pods.POD_IDENTITY_AUDIENCE:
                yield Violation(
                    f"volume {as_str(as_map(volume).get('name')) or j + 1!r} projects an EKS "
                    f"Pod Identity token ({eks_pods.POD_IDENTITY_AUDIENCE}): Pod Identity does "
                    f"not work on Fargate; {FIX}",
                    ("volumes", j, "projected", "sources", k, "serviceAccountToken", "audience"),
                )


def associations(index: StackIndex) -> Iterator[tuple[Subject, Violation]]:
    for association in index.pod_identities.values():
        namespace, account = association.namespace, association.service_account
        if namespace is None or account is None:
            continue  # not known during preview
        pods = [p for p in index.pods_of_service_account(namespace, account) if index.applies(p)]
        if pods:
            names = ", ".join(sorted(p.display for p in pods))
            yield (
                association,
                Violation(
                    f"Pod Identity association for service account {namespace}/{account}: "
                    f"{names} run as it on Fargate, where Pod Identity does not work; {FIX}",
                    ("serviceAccount",),
                ),
            )
            continue
        whole = index.profiles.selects_whole_namespace(namespace) if index.profiles else None
        if whole is not None and not index.pods_of_service_account(namespace, account):
            yield (
                association,
                Violation(
                    f"Pod Identity association for service account {namespace}/{account}: "
                    f"Fargate profile {whole.name!r} runs every pod of namespace {namespace!r} "
                    f"on Fargate, where Pod Identity does not work; {FIX}",
                    ("namespace",),
                ),
            )


RULE = Rule(
    id="fargate-pod-identity",
    level="mandatory",
    title="EKS Pod Identity does not work for pods on Fargate: use IRSA.",
    rationale="Pod Identity hands out credentials through the eks-pod-identity-agent "
    "DaemonSet, which no Fargate node runs: a pod on Fargate whose service account has a Pod "
    "Identity association gets no AWS credentials. Reported on the association when pods of "
    "the stack (or the files checked) run as that account on Fargate, or a profile takes every "
    "pod of its namespace; and on a pod template carrying what the Pod Identity webhook injects.",
    source="https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
    checked="2026-12-01",
    applies_to=(Kind.POD, Kind.POD_IDENTITY),
    checks={Kind.POD: injected},
    stack=associations,
)
