"""What EKS on Fargate runs of a pod, and the system pods a Fargate-only cluster must place.

Data only, each table with its source; the pod rules (``policies/rules``), the spec's checks and
the EKS components read it from here. Sources (shared/reference/fargate-rules.md, section 5,
checked 2026-12-01): EKS-UG fargate.adoc ("Considerations"), fargate-pod-configuration,
pod-identities ("Considerations"); EKS best-practices guide (security, "Pods on Fargate"); the
AWS Load Balancer Controller's annotation reference; EKS's own CoreDNS manifests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

CHECKED = "2026-12-01"


@dataclass(frozen=True)
class SystemPod:
    """Pods EKS (or this project) installs that need a Fargate profile when there is no node
    group: where they run and the labels their pod template carries."""

    what: str
    namespace: str
    labels: Mapping[str, str]
    source: str


# EKS's CoreDNS Deployment labels its pods with both; a profile may select either (or both).
COREDNS = SystemPod(
    "CoreDNS",
    "kube-system",
    {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"},
    "the coredns Deployment EKS installs (EKS-UG fargate-getting-started, managing-coredns)",
)
# The AWS Load Balancer Controller's Helm chart (aws/eks-charts): the pods' selector labels.
LB_CONTROLLER = SystemPod(
    "AWS Load Balancer Controller",
    "kube-system",
    {
        "app.kubernetes.io/name": "aws-load-balancer-controller",
        "app.kubernetes.io/instance": "aws-load-balancer-controller",
    },
    "aws/eks-charts aws-load-balancer-controller (selectorLabels)",
)

# The AWS Distro for OpenTelemetry collector that sends Container Insights metrics of Fargate
# pods (EKS cluster option containerInsights): AWS's Fargate template
# (aws-observability/aws-otel-collector deployment-template/eks/otel-fargate-container-
# insights.yaml, commit ed0b1d5, 2026-07-16) runs it in this namespace with these pod labels.
ADOT_COLLECTOR = SystemPod(
    "ADOT collector",
    "fargate-container-insights",
    {"app": "aws-adot", "component": "adot-collector"},
    "aws-observability/aws-otel-collector otel-fargate-container-insights.yaml",
)
ADOT_PROFILE = "container-insights"  # the Fargate profile this project adds for its namespace

# ---- what the system pods run as, so the bill can price them on Fargate


@dataclass(frozen=True)
class SystemPodRun:
    """How many pods of a system Deployment run and what each requests (Kubernetes quantities;
    Fargate sizes the pod from the requests, fargate/podsizing.py)."""

    name: str  # short, for the bill's rows
    replicas: int
    requests: Mapping[str, str]
    source: str


RUNS: Mapping[str, SystemPodRun] = {
    # "two replicas of the CoreDNS image are deployed by default" (EKS-UG managing-coredns);
    # EKS's coredns Deployment requests cpu 100m, memory 70Mi (limit 170Mi), as its manifest
    # reads (kubectl get deployment coredns -n kube-system -o yaml, copied in public repos)
    COREDNS.what: SystemPodRun(
        "coredns",
        2,
        {"cpu": "100m", "memory": "70Mi"},
        "EKS-UG managing-coredns (2 replicas); EKS's coredns Deployment (requests)",
    ),
    # aws/eks-charts stable/aws-load-balancer-controller 3.5.0 values.yaml: "replicaCount: 2",
    # "resources: {}" (no requests: Fargate's smallest pod); our chart_values set neither
    LB_CONTROLLER.what: SystemPodRun(
        "lb-controller", 2, {}, "aws/eks-charts aws-load-balancer-controller 3.5.0 values.yaml"
    ),
    # AWS's Fargate template runs one collector with requests = limits 1 CPU / 2Gi
    # (otel-fargate-container-insights.yaml at ed0b1d5): Fargate gives it 1 vCPU / 3 GB
    ADOT_COLLECTOR.what: SystemPodRun(
        "adot-collector",
        1,
        {"cpu": "1", "memory": "2Gi"},
        "aws-observability/aws-otel-collector otel-fargate-container-insights.yaml (ed0b1d5)",
    ),
}


# ---- capabilities

# What every container on Fargate gets (EKS best-practices guide, "Pods on Fargate"; the same
# set Fargate gives ECS containers, containers-roadmap#409). EKS's own CoreDNS Deployment adds
# NET_BIND_SERVICE after `drop: [ALL]` and runs on Fargate unchanged (EKS-UG fargate-getting-
# started), while the Fargate scheduler refuses additions otherwise ("Pod not supported on
# Fargate: invalid SecurityContext fields: Capabilities added: CAP_CHOWN", frappe/helm#182,
# 2023: CHOWN is of the default set, added without dropping ALL), SYS_PTRACE included
# (aws/containers-roadmap#1102, #2162: ECS has SYS_PTRACE, EKS does not). Reading them together:
# re-adding one of these after `drop: [ALL]` is accepted; anything else is refused.
DEFAULT_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "NET_RAW",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
DROP_ALL = "ALL"

# ---- accelerators: Fargate has none (EKS-UG fargate.adoc: no GPUs, no Inferentia/Trainium)

GPU_RESOURCES = frozenset({"nvidia.com/gpu", "amd.com/gpu"})
GPU_RESOURCE_PREFIXES = ("aws.amazon.com/neuron",)  # neuron, neuroncore, neurondevice

# ---- volumes: EFS (static provisioning) and pod-local volumes only

HOST_VOLUME_KINDS: Mapping[str, str] = {
    "hostPath": "hostPath volumes (Fargate pods cannot see the node)",
    "awsElasticBlockStore": "EBS volumes (Fargate pods mount EFS only)",
}
EBS_CSI_DRIVERS = frozenset({"ebs.csi.aws.com"})
# StorageClasses that provision EBS: the in-tree gp2 class EKS creates as the default, and the
# names the EBS CSI driver's docs and charts use. A claim with no storageClassName gets the
# cluster's default class (gp2 on EKS); "" asks for no dynamic provisioning (a static PV, which
# is how EFS is mounted on Fargate). Other names cannot be told apart without the class itself.
EBS_STORAGE_CLASSES = frozenset({"gp2", "gp3", "io1", "io2", "st1", "sc1"})
EBS_STORAGE_CLASS_MARK = "ebs"  # ebs-sc, ebs-gp3, ...

# ---- node labels that pin a pod to what Fargate does not offer (Linux amd64, on-demand only)

ARCH_LABELS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
OS_LABELS = ("kubernetes.io/os", "beta.kubernetes.io/os")
FARGATE_ARCH, FARGATE_OS = "amd64", "linux"
SPOT_LABELS: Mapping[str, str] = {
    "eks.amazonaws.com/capacityType": "SPOT",
    "karpenter.sh/capacity-type": "spot",
}

# ---- EKS Pod Identity: not on Fargate (EKS-UG pod-identities, "Considerations": "Pod Identity
# is not supported on ... AWS Fargate"; use IRSA). A pod sees it through what the Pod Identity
# webhook injects: this credentials endpoint (the eks-pod-identity-agent DaemonSet's link-local
# address, which no Fargate node runs) and a projected token for this audience.
POD_IDENTITY_CREDENTIALS_ENV = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
POD_IDENTITY_AGENT_ADDRESS = "169.254.170.23"
POD_IDENTITY_AUDIENCE = "pods.eks.amazonaws.com"
POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent"
DEFAULT_SERVICE_ACCOUNT = "default"

# ---- load balancer targets: a Fargate pod has no node, so only IP targets reach it (AWS Load
# Balancer Controller annotations; EKS-UG alb-ingress, network-load-balancing).
TARGET_TYPE_ANNOTATIONS: Mapping[str, str] = {
    "Ingress": "alb.ingress.kubernetes.io/target-type",
    "Service": "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type",
}
IP_TARGET = "ip"
