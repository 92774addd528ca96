"""Turning what users and Pulumi hand us into the subjects rules take.

Three sources, one shape per subject:

* ECS task definitions in AWS's JSON (register-task-definition input or describe output) are
  already the shape; Pulumi's ``aws:ecs/taskDefinition:TaskDefinition`` props differ in a few
  places (``containerDefinitions`` is a JSON string, ``ephemeralStorage.sizeInGib``,
  ``volumes[].hostPath``), which :func:`task_from_pulumi` maps back to AWS's names so the rules
  quote the field names AWS documents.
* Kubernetes objects from manifests (via :mod:`fargate_stacks.inputs`) or Pulumi's
  ``kubernetes:*`` props: the pod spec is found by kind (:data:`POD_SPEC_PATHS`).
* ECS services and EKS Fargate profiles from Pulumi props, and profiles from a YAML list or a
  stack spec (for ``check --profiles``).
* Kubernetes Services and Ingresses (manifests or Pulumi props), and EKS Pod Identity
  associations (``aws:eks/podIdentityAssociation`` props, or ACK's ``PodIdentityAssociation``
  manifests).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..inputs.kubernetes import CLAIM_TEMPLATES_PATH, POD_SPEC_PATHS, claim_templates_of
from .subjects import (
    CLAIMS,
    ECS_SERVICE,
    ECS_TASK,
    EKS_PROFILE,
    K8S_LB,
    POD,
    POD_IDENTITY,
    EcsService,
    EcsTask,
    EksProfile,
    K8sLoadBalancing,
    Kind,
    Locate,
    Pod,
    PodIdentityAssociation,
    Selector,
    StrategyItem,
    Subject,
)
from .values import UNKNOWN, as_int, as_list, as_map, as_str, is_unknown, json_list, plain

if TYPE_CHECKING:  # only for type hints: inputs/ and spec/ are pure too
    from ..inputs import Input, KubeObject, PodTemplate, TaskDefinition

TASK_TYPE = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE_TYPE = "aws:ecs/service:Service"
CLUSTER_TYPE = "aws:ecs/cluster:Cluster"
CAPACITY_PROVIDERS_TYPE = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
PROFILE_TYPE = "aws:eks/fargateProfile:FargateProfile"
NODE_GROUP_TYPE = "aws:eks/nodeGroup:NodeGroup"
TARGET_GROUP_TYPES = frozenset(
    {"aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"}
)
SUBNET_TYPE = "aws:ec2/subnet:Subnet"
KUBERNETES_POD_TYPES = frozenset(
    {
        "kubernetes:apps/v1:Deployment",
        "kubernetes:apps/v1:StatefulSet",
        "kubernetes:apps/v1:ReplicaSet",
        "kubernetes:apps/v1:DaemonSet",
        "kubernetes:batch/v1:Job",
        "kubernetes:batch/v1:CronJob",
        "kubernetes:core/v1:Pod",
    }
)

KUBERNETES_LB_TYPES = {
    "kubernetes:core/v1:Service": "Service",
    "kubernetes:networking.k8s.io/v1:Ingress": "Ingress",
}
POD_IDENTITY_TYPE = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
# AWS Controllers for Kubernetes (ACK) EKS controller: the association as a manifest.
ACK_POD_IDENTITY = ("eks.services.k8s.aws/", "PodIdentityAssociation")

_TYPE_KINDS: dict[str, Kind] = {
    TASK_TYPE: ECS_TASK,
    SERVICE_TYPE: ECS_SERVICE,
    PROFILE_TYPE: EKS_PROFILE,
    POD_IDENTITY_TYPE: POD_IDENTITY,
    **{t: POD for t in KUBERNETES_POD_TYPES},
    **{t: K8S_LB for t in KUBERNETES_LB_TYPES},
}

# Pulumi names -> AWS names, where they differ (pulumi_aws ecs TaskDefinition inputs).
_PULUMI_TASK_RENAMES = {"containerDefinitions": None, "ephemeralStorage": None, "volumes": None}
# pulumi_aws 7 TaskDefinitionVolumeArgs -> AWS Volume, where the names differ
_PULUMI_VOLUME_RENAMES = {"configureAtLaunch": "configuredAtLaunch"}
# pulumi_aws 7 ServiceVolumeConfigurationManagedEbsVolumeArgs -> AWS
# ServiceManagedEBSVolumeConfiguration, where the names differ
_PULUMI_EBS_RENAMES = {"sizeInGb": "sizeInGiB", "fileSystemType": "filesystemType"}


def task_from_aws(
    data: dict[str, Any],
    resource: str,
    *,
    file: str | None = None,
    locate: Locate | None = None,
    platform_version: str | None = None,
) -> EcsTask:
    """A task definition already in AWS's shape (from a file, or from :func:`task_from_pulumi`)."""
    raw = data.get("containerDefinitions")
    containers: Any = raw if isinstance(raw, list) else (UNKNOWN if is_unknown(raw) else None)
    family = as_str(data.get("family")) or resource
    task = EcsTask(
        resource,
        name=family,
        data=data,
        containers=containers,
        platform_version=platform_version,
        file=file,
    )
    if locate is not None:
        task.locate = locate
    return task


def task_from_file(td: TaskDefinition) -> EcsTask:
    """A task definition read by :func:`fargate_stacks.inputs.load_inputs`."""
    return task_from_aws(
        td.data, f"TaskDefinition/{td.name}", file=td.file, locate=lambda path: td.where(*path)[0]
    )


def task_from_pulumi(props: Any, urn: str) -> EcsTask:
    """``aws:ecs/taskDefinition:TaskDefinition`` props (camelCase, as Pulumi passes them)."""
    p = plain(props)
    data = {k: v for k, v in p.items() if k not in _PULUMI_TASK_RENAMES}
    data["containerDefinitions"] = json_list(p.get("containerDefinitions"))
    storage = p.get("ephemeralStorage")
    if isinstance(storage, dict):
        data["ephemeralStorage"] = {"sizeInGiB": storage.get("sizeInGib", storage.get("sizeInGiB"))}
    elif storage is not None:
        data["ephemeralStorage"] = storage
    if "volumes" in p:
        data["volumes"] = (
            [_aws_volume(v) for v in as_list(p["volumes"])]
            if isinstance(p["volumes"], list)
            else p["volumes"]
        )
    return task_from_aws(data, urn)


def _aws_volume(volume: Any) -> Any:
    if not isinstance(volume, dict):
        return volume
    out = {_PULUMI_VOLUME_RENAMES.get(k, k): v for k, v in volume.items() if k != "hostPath"}
    if volume.get("hostPath") is not None:
        out["host"] = {"sourcePath": volume["hostPath"]}
    return out


def _aws_service_data(p: dict[str, Any]) -> dict[str, Any]:
    """What service rules read, in CreateService's shape: pulumi_aws 7 keeps the circuit breaker
    beside deploymentConfiguration and has one volumeConfiguration (managedEbsVolume)."""
    data: dict[str, Any] = {}
    deployment = dict(as_map(p.get("deploymentConfiguration")))
    if "deploymentCircuitBreaker" in p:
        deployment["deploymentCircuitBreaker"] = p["deploymentCircuitBreaker"]
    if deployment:
        data["deploymentConfiguration"] = deployment
    if "deploymentController" in p:
        data["deploymentController"] = p["deploymentController"]
    volume = p.get("volumeConfiguration")
    if isinstance(volume, dict):
        ebs = as_map(volume.get("managedEbsVolume"))
        data["volumeConfigurations"] = [
            {
                "name": volume.get("name"),
                "managedEBSVolume": {_PULUMI_EBS_RENAMES.get(k, k): v for k, v in ebs.items()},
            }
        ]
    return data


def service_from_pulumi(props: Any, urn: str) -> EcsService:
    """``aws:ecs/service:Service`` props."""
    p = plain(props)
    strategy = [
        StrategyItem(
            as_str(as_map(s).get("capacityProvider")),
            as_int(as_map(s).get("base")) or 0,
            as_int(as_map(s).get("weight")) or 0,
            i,
        )
        for i, s in enumerate(as_list(p.get("capacityProviderStrategies")))
    ]
    network = as_map(p.get("networkConfiguration"))
    public = network.get("assignPublicIp")
    launch = p.get("launchType")
    return EcsService(
        urn,
        name=as_str(p.get("name")) or urn.rsplit("::", 1)[-1],
        launch_type=UNKNOWN if is_unknown(launch) else as_str(launch) or None,
        strategy=strategy,
        scheduling=as_str(p.get("schedulingStrategy")),
        assign_public_ip=public is True
        or (isinstance(public, str) and public.upper() in ("TRUE", "ENABLED")),
        public_ip_path=("networkConfiguration", "assignPublicIp"),
        platform_version=as_str(p.get("platformVersion")),
        task_definition=as_str(p.get("taskDefinition")),
        cluster=as_str(p.get("cluster")),
        desired_count=as_int(p.get("desiredCount")),
        exec_command=p.get("enableExecuteCommand") is True,
        data=_aws_service_data(p),
    )


def profile_from_pulumi(props: Any, urn: str, public_subnets: Iterable[str] = ()) -> EksProfile:
    """``aws:eks/fargateProfile:FargateProfile`` props; public subnets come from the stack."""
    p = plain(props)
    raw = p.get("selectors")
    profile = profile_from_data(p, urn, name_key="fargateProfileName")
    profile.selectors_known = not is_unknown(raw)
    profile.public_subnets = list(public_subnets)
    return profile


def profile_from_data(
    data: dict[str, Any],
    resource: str,
    *,
    name_key: str = "name",
    file: str | None = None,
    locate: Locate | None = None,
) -> EksProfile:
    """A profile written as ``{name, selectors: [{namespace, labels}]}`` (YAML, spec or
    Pulumi). Bad selector shapes are left for ``fargate-profile-selectors`` to report."""
    selectors = []
    for i, raw in enumerate(as_list(data.get("selectors"))):
        sel = as_map(raw)
        labels = {str(k): str(v) for k, v in as_map(sel.get("labels")).items() if not is_unknown(v)}
        selectors.append(Selector(as_str(sel.get("namespace")), labels, i))
    name = as_str(data.get(name_key)) or as_str(data.get("name")) or resource
    profile = EksProfile(resource, name=name, selectors=selectors, file=file)
    if locate is not None:
        profile.locate = locate
    return profile


def pod_from_template(template: PodTemplate) -> Pod:
    """A pod template read by :func:`fargate_stacks.inputs.load_inputs`."""
    pod = Pod(
        f"{template.kind}/{template.name}",
        kind_name=template.kind,
        name=template.name,
        namespace=template.namespace,
        labels=dict(template.labels),
        spec=template.pod_spec,
        claim_templates=template.claim_templates,
        file=template.file,
    )
    claims_at = (*template.object_path, *CLAIM_TEMPLATES_PATH)

    def locate(path: tuple[str | int, ...]) -> int | None:
        if path and path[0] == CLAIMS:
            return template.document.where((*claims_at, *path[1:]))[0]
        return template.where(*path)[0]

    pod.locate = locate
    return pod


def kind_of_type(resource_type: str) -> str:
    """``kubernetes:apps/v1:Deployment`` -> ``Deployment``."""
    return resource_type.rsplit(":", 1)[-1]


def pod_from_object(obj: Any, resource: str, kind: str, fallback_name: str = "") -> Pod | None:
    """A Kubernetes object (Pulumi props or a manifest) -> its pod template; None for kinds
    without pods or a template that is not a mapping."""
    data = plain(obj)
    path = POD_SPEC_PATHS.get(kind)
    if path is None or not isinstance(data, dict):
        return None
    node: Any = data
    for key in path:
        node = as_map(node).get(key)
    if not isinstance(node, dict):
        return None
    metadata = as_map(data.get("metadata"))
    template_meta: Any = data
    for key in (*path[:-1], "metadata"):
        template_meta = as_map(template_meta).get(key)
    labels = {
        str(k): str(v)
        for k, v in as_map(as_map(template_meta).get("labels")).items()
        if not is_unknown(v)
    }
    name = as_str(metadata.get("name")) or fallback_name
    raw_ns = metadata.get("namespace")
    namespace = None if is_unknown(raw_ns) else as_str(raw_ns) or "default"
    return Pod(
        resource,
        kind_name=kind,
        name=name,
        namespace=namespace,
        labels=labels,
        spec=node,
        claim_templates=claim_templates_of(kind, data),
    )


def lb_from_object(obj: Any, resource: str, kind: str, fallback_name: str = "") -> K8sLoadBalancing:
    """A Service or Ingress (Pulumi props or a manifest)."""
    data = as_map(plain(obj))
    metadata = as_map(data.get("metadata"))
    spec = as_map(data.get("spec"))
    raw_ns = metadata.get("namespace")
    return K8sLoadBalancing(
        resource,
        kind_name=kind,
        name=as_str(metadata.get("name")) or fallback_name,
        namespace=None if is_unknown(raw_ns) else as_str(raw_ns) or "default",
        annotations={
            str(k): str(v)
            for k, v in as_map(metadata.get("annotations")).items()
            if not is_unknown(v)
        },
        selector={
            str(k): str(v) for k, v in as_map(spec.get("selector")).items() if not is_unknown(v)
        },
        spec=spec,
    )


def pod_identity_from_pulumi(props: Any, urn: str, name: str = "") -> PodIdentityAssociation:
    """``aws:eks/podIdentityAssociation:PodIdentityAssociation`` props."""
    p = as_map(plain(props))
    return PodIdentityAssociation(
        urn,
        name=name or urn.rsplit("::", 1)[-1],
        namespace=as_str(p.get("namespace")),
        service_account=as_str(p.get("serviceAccount")),
        cluster=as_str(p.get("clusterName")),
    )


def object_subject(obj: KubeObject) -> K8sLoadBalancing | PodIdentityAssociation:
    """A Service, an Ingress or an ACK PodIdentityAssociation read from a manifest."""

    # ACK keeps the association's fields under spec; rules name them as the AWS API does
    below = ("spec",) if obj.kind == ACK_POD_IDENTITY[1] else ()

    def locate(path: tuple[str | int, ...]) -> int | None:
        return obj.where(*below, *path)[0]

    subject: K8sLoadBalancing | PodIdentityAssociation
    if obj.kind == ACK_POD_IDENTITY[1]:
        spec = as_map(obj.data.get("spec"))
        subject = PodIdentityAssociation(
            f"{obj.kind}/{obj.name}",
            name=obj.name,
            namespace=as_str(spec.get("namespace")),
            service_account=as_str(spec.get("serviceAccount")),
            cluster=as_str(spec.get("clusterName")),
            file=obj.file,
        )
    else:
        subject = lb_from_object(obj.data, f"{obj.kind}/{obj.name}", obj.kind, obj.name)
        subject.file = obj.file
    subject.locate = locate
    return subject


def subject_from_input(item: Input) -> Subject:
    """The subject of anything :func:`fargate_stacks.inputs.load_file` reads."""
    from ..inputs import KubeObject, TaskDefinition

    if isinstance(item, TaskDefinition):
        return task_from_file(item)
    if isinstance(item, KubeObject):
        return object_subject(item)
    return pod_from_template(item)


def subject_kind(resource_type: str) -> Kind | None:
    """The subject kind per-resource rules see for a Pulumi type (None: no such rules)."""
    return _TYPE_KINDS.get(resource_type)


def subject_from_props(
    resource_type: str, props: Any, urn: str, name: str = ""
) -> EcsTask | EcsService | EksProfile | Pod | K8sLoadBalancing | PodIdentityAssociation | None:
    """The subject for one Pulumi resource, None for types no per-resource rule reads."""
    if resource_type == TASK_TYPE:
        return task_from_pulumi(props, urn)
    if resource_type == SERVICE_TYPE:
        return service_from_pulumi(props, urn)
    if resource_type == PROFILE_TYPE:
        return profile_from_pulumi(props, urn)
    if resource_type in KUBERNETES_POD_TYPES:
        return pod_from_object(props, urn, kind_of_type(resource_type), name)
    if resource_type in KUBERNETES_LB_TYPES:
        return lb_from_object(props, urn, KUBERNETES_LB_TYPES[resource_type], name)
    if resource_type == POD_IDENTITY_TYPE:
        return pod_identity_from_pulumi(props, urn, name)
    return None
