"""A Kubernetes workload sized so Fargate provisions exactly the size the spec asks for.

Fargate bills the size it provisions, not what containers use: it adds 256 MB to the pods'
requests and rounds up to the next size in the table, so a pod asking for "1 vCPU, 2 GB" is
billed for 2 vCPU / 3 GB. The main container's requests are therefore derived from the wanted
size (minus the sidecars and the overhead), set equal to the limits (Fargate runs pods as
Guaranteed), and the size EKS will annotate as ``CapacityProvisioned`` is exported with its
price.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws
import pulumi_kubernetes as k8s

from ..errors import InputError
from ..fargate import billing, podsizing, prices
from ..fargate.cost import workload_line
from ..fargate.prices import hourly_usd, monthly_usd
from ..fargate.units import cpu_quantity_to_units, memory_quantity_to_mib
from ..spec.models import WorkloadContainerSpec, WorkloadSpec
from ..spec.names import IRSA_POLICY, IRSA_ROLE, physical
from . import eks_policies as docs
from .known import known

if TYPE_CHECKING:
    from ..fargate.cost import CostLine
    from .eks_cluster import EksFargateCluster

TOKEN = "fargate-stacks:eks:FargateWorkload"
NAME_LABEL = "app.kubernetes.io/name"
# Fargate refuses privileged pods; escalation is closed too. Root is not forbidden (nginx).
CONTAINER_SECURITY = {"allowPrivilegeEscalation": False, "privileged": False}


@dataclass(frozen=True)
class FargateWorkloadArgs:
    """A workload spec plus what it needs from its cluster."""

    spec: WorkloadSpec
    cluster: str  # the spec's cluster name (for logical and IAM names)
    provider: k8s.Provider
    oidc_provider_arn: pulumi.Input[str]
    oidc_issuer: pulumi.Input[str]
    region: str
    depends_on: Sequence[pulumi.Resource] = ()  # profiles, CoreDNS, logging, its namespace
    ingress_depends_on: Sequence[pulumi.Resource] = ()  # the AWS Load Balancer Controller
    price_file: str | None = None  # the spec's cost.priceFile
    tags: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_spec(
        cls,
        spec: WorkloadSpec,
        cluster: EksFargateCluster,
        *,
        price_file: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> FargateWorkloadArgs:
        """The workload on ``cluster``, after its profiles, CoreDNS, logging and namespace."""
        namespace = cluster.namespace(spec.namespace)
        controller = [cluster.load_balancer_controller()] if spec.ingress is not None else []
        return cls(
            spec=spec,
            cluster=cluster.args.name,
            provider=cluster.provider,
            oidc_provider_arn=cluster.oidc_provider.arn,
            oidc_issuer=cluster.oidc_issuer,
            region=cluster.args.region,
            depends_on=[*cluster.ready, *([namespace] if namespace is not None else [])],
            ingress_depends_on=controller,
            price_file=price_file,
            tags=dict(tags or {}),
        )


@dataclass(frozen=True)
class WorkloadSize:
    """The main container's requests (= limits) and what Fargate provisions for the pod."""

    main_cpu: str
    main_memory: str
    cpu_units: int
    memory_mib: int
    capacity_provisioned: str


def main_requests(spec: WorkloadSpec) -> tuple[str, str]:
    """The main container's cpu/memory quantities: the spec's size less sidecars and overhead."""
    sidecars = [
        (cpu_quantity_to_units(s.cpu), memory_quantity_to_mib(s.memory)) for s in spec.sidecars
    ]
    return podsizing.requests_for_size(spec.cpu, spec.memory, sidecars)


def deployed_replicas(spec: WorkloadSpec) -> int:
    """The replica count a Deployment is created with: ``replicas``, held inside the HPA's
    range when there is one (the HPA owns it afterwards), as ECS does with desiredCount."""
    scaling = spec.autoscaling
    return billing.counts(
        spec.desired_count, scaling.min if scaling else None, scaling.max if scaling else None
    )[1]


class FargateWorkload(pulumi.ComponentResource):
    """A Deployment, Job or CronJob with its Service, Ingress, HPA and IRSA service account."""

    size: WorkloadSize
    hourly_price: Decimal | None  # one pod; None when the region has no price table
    monthly_price: Decimal | None  # steady pods around the clock; None for Jobs and CronJobs

    def __init__(
        self, name: str, args: FargateWorkloadArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        spec = args.spec
        self.args = args
        self.labels = {NAME_LABEL: spec.name, **spec.labels}
        main_cpu, main_memory = main_requests(spec)
        self.containers = self._containers(main_cpu, main_memory)
        # the size is computed from the very containers deployed, as EKS will compute it
        pod = podsizing.pod_size(self.containers)
        if pod.cpu_units is None or pod.memory_mib is None or pod.capacity_provisioned is None:
            raise ValueError(f"workload {spec.name}: {pod.error}")
        self.size = WorkloadSize(
            main_cpu, main_memory, pod.cpu_units, pod.memory_mib, pod.capacity_provisioned
        )
        # the cost report's own line for this workload: the same function, the same figures
        line = self._cost_line()
        self.hourly_price = line.on_demand_hourly if line is not None else None
        self.monthly_price = line.monthly_expected if line is not None else None
        self._logical = f"{args.cluster}-{spec.name}"
        self.metadata = {"name": spec.name, "namespace": spec.namespace, "labels": self.labels}

        self.role = self._irsa_role() if spec.has_role else None
        self.service_account = self._service_account() if self.role is not None else None
        self.workload = self._workload()
        self.service = self._service() if spec.port is not None else None
        self.ingress = self._ingress() if spec.ingress is not None else None
        self.autoscaler = self._autoscaler() if spec.autoscaling is not None else None

        self.register_outputs(
            {
                "kind": spec.kind,
                "namespace": spec.namespace,
                "capacityProvisioned": self.size.capacity_provisioned,
                "hourlyPrice": hourly_usd(self.hourly_price),
                "monthlyPrice": monthly_usd(self.monthly_price),
                "roleArn": self.role.arn if self.role is not None else None,
            }
        )

    def _cost_line(self) -> CostLine | None:
        """A missing price must not stop a deployment: the price is then reported as None
        (``fargate-stacks cost`` says why)."""
        try:
            table = prices.load_prices(self.args.region, self.args.price_file)
            return workload_line(self.args.cluster, self.args.spec, table)
        except InputError:  # a PriceError too
            return None

    # ------------------------------------------------------------ options

    def _k8s_opts(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(
            parent=self,
            provider=self.args.provider,
            depends_on=[*self.args.depends_on, *depends_on],
        )

    # ------------------------------------------------------------ IRSA

    def _irsa_role(self) -> aws.iam.Role:
        args, spec = self.args, self.args.spec
        trust = known(
            lambda arn, issuer: docs.irsa_trust_policy(arn, issuer, spec.namespace, spec.name),
            args.oidc_provider_arn,
            args.oidc_issuer,
        )
        role = aws.iam.Role(
            physical(IRSA_ROLE, cluster=args.cluster, workload=spec.name),
            assume_role_policy=trust,
            tags=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self),
        )
        aws.iam.RolePolicy(
            physical(IRSA_POLICY, cluster=args.cluster, workload=spec.name),
            role=role.id,
            policy=docs.permissions_policy(spec.permissions),
            opts=pulumi.ResourceOptions(parent=self),
        )
        return role

    def _service_account(self) -> k8s.core.v1.ServiceAccount:
        assert self.role is not None
        return k8s.core.v1.ServiceAccount(
            self._logical,
            metadata={**self.metadata, "annotations": {docs.IRSA_ANNOTATION: self.role.arn}},
            opts=self._k8s_opts(),
        )

    # ------------------------------------------------------------ pods

    def _containers(self, cpu: str, memory: str) -> list[dict[str, Any]]:
        spec = self.args.spec
        main: dict[str, Any] = {
            "name": spec.name,
            "image": spec.image,
            "resources": _resources(cpu, memory),
            "securityContext": CONTAINER_SECURITY,
        }
        if spec.command:
            main["command"] = list(spec.command)
        if spec.environment:
            main["env"] = _env(spec.environment)
        if spec.port is not None:
            main["ports"] = [{"name": "http", "containerPort": spec.port}]
        return [main, *(_sidecar(s) for s in spec.sidecars)]

    def _pod_template(self, restart_policy: str) -> dict[str, Any]:
        pod: dict[str, Any] = {
            "containers": self.containers,
            "restartPolicy": restart_policy,
            # a token is mounted only when IRSA needs it
            "automountServiceAccountToken": self.service_account is not None,
        }
        if self.service_account is not None:
            pod["serviceAccountName"] = self.args.spec.name
        return {"metadata": {"labels": self.labels}, "spec": pod}

    def _workload(self) -> pulumi.CustomResource:
        spec = self.args.spec
        after = [self.service_account] if self.service_account is not None else []
        if spec.kind == "Deployment":
            deployment: dict[str, Any] = {
                "selector": {"matchLabels": {NAME_LABEL: spec.name}},
                "template": self._pod_template("Always"),
            }
            deployment["replicas"] = deployed_replicas(spec)
            opts = self._k8s_opts(*after)
            if spec.autoscaling is not None:  # the HPA owns the count after the first deploy
                opts = pulumi.ResourceOptions.merge(
                    opts, pulumi.ResourceOptions(ignore_changes=["spec.replicas"])
                )
            return k8s.apps.v1.Deployment(
                self._logical, metadata=self.metadata, spec=deployment, opts=opts
            )
        job = {"backoffLimit": 3, "template": self._pod_template("Never")}
        if spec.kind == "Job":
            return k8s.batch.v1.Job(
                self._logical, metadata=self.metadata, spec=job, opts=self._k8s_opts(*after)
            )
        return k8s.batch.v1.CronJob(
            self._logical,
            metadata=self.metadata,
            spec={
                "schedule": spec.schedule,
                "concurrencyPolicy": "Forbid",
                "jobTemplate": {"metadata": {"labels": self.labels}, "spec": job},
            },
            opts=self._k8s_opts(*after),
        )

    # ------------------------------------------------------------ traffic and scaling

    def _service(self) -> k8s.core.v1.Service:
        spec = self.args.spec
        return k8s.core.v1.Service(
            self._logical,
            metadata=self.metadata,
            spec={
                "type": "ClusterIP",
                "selector": {NAME_LABEL: spec.name},
                "ports": [{"name": "http", "port": spec.port, "targetPort": spec.port}],
            },
            opts=self._k8s_opts(),
        )

    def _ingress(self) -> k8s.networking.v1.Ingress:
        spec = self.args.spec
        ingress = spec.ingress
        assert ingress is not None and self.service is not None
        annotations = {
            # Fargate pods have no node port: the ALB must target pod IPs
            "alb.ingress.kubernetes.io/target-type": "ip",
            # the spec's public/internal, in the controller's words
            "alb.ingress.kubernetes.io/scheme": (
                "internet-facing" if ingress.scheme == "public" else "internal"
            ),
            "alb.ingress.kubernetes.io/healthcheck-path": ingress.health_check_path or ingress.path,
        }
        if ingress.certificate_arn:
            annotations["alb.ingress.kubernetes.io/certificate-arn"] = ingress.certificate_arn
            annotations["alb.ingress.kubernetes.io/listen-ports"] = json.dumps([{"HTTPS": 443}])
            annotations["alb.ingress.kubernetes.io/ssl-redirect"] = "443"
        rule: dict[str, Any] = {
            "http": {
                "paths": [
                    {
                        "path": ingress.path,
                        "pathType": "Prefix",
                        "backend": {"service": {"name": spec.name, "port": {"number": spec.port}}},
                    }
                ]
            }
        }
        if ingress.host:
            rule["host"] = ingress.host
        return k8s.networking.v1.Ingress(
            self._logical,
            metadata={**self.metadata, "annotations": annotations},
            spec={"ingressClassName": "alb", "rules": [rule]},
            opts=self._k8s_opts(self.service, *self.args.ingress_depends_on),
        )

    def _autoscaler(self) -> k8s.autoscaling.v2.HorizontalPodAutoscaler:
        spec = self.args.spec
        scaling = spec.autoscaling
        assert scaling is not None
        return k8s.autoscaling.v2.HorizontalPodAutoscaler(
            self._logical,
            metadata=self.metadata,
            spec={
                "scaleTargetRef": {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "name": spec.name,
                },
                "minReplicas": scaling.min,
                "maxReplicas": scaling.max,
                "metrics": [
                    {
                        "type": "Resource",
                        "resource": {
                            "name": "cpu",
                            "target": {
                                "type": "Utilization",
                                "averageUtilization": scaling.cpu_target,
                            },
                        },
                    }
                ],
            },
            opts=self._k8s_opts(self.workload),
        )


def _resources(cpu: str, memory: str) -> dict[str, dict[str, str]]:
    """Requests equal to limits: Fargate sizes by requests and runs pods as Guaranteed."""
    amounts = {"cpu": cpu, "memory": memory}
    return {"requests": dict(amounts), "limits": dict(amounts)}


def _env(env: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in sorted(env.items())]


def _sidecar(spec: WorkloadContainerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": spec.name,
        "image": spec.image,
        "resources": _resources(spec.cpu, spec.memory),
        "securityContext": CONTAINER_SECURITY,
    }
    if spec.command:
        out["command"] = list(spec.command)
    if spec.environment:
        out["env"] = _env(spec.environment)
    if spec.port is not None:
        out["ports"] = [{"containerPort": spec.port}]
    return out
