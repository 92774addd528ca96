"""The stack spec: what a platform team writes, validated before anything else runs.

Import :func:`load_spec` to read a ``Pulumi.<stack>.yaml`` (spec under ``fargate-stacks:spec``)
or a bare spec file; :class:`StackSpec` is the validated model every other layer consumes.
"""

from .loader import CONFIG_KEY, LoadedSpec, load_spec, spec_from_data
from .models import (
    AutoscalingSpec,
    CapacitySpec,
    ContainerSpec,
    CostSpec,
    EcsClusterSpec,
    EcsSpec,
    EksClusterSpec,
    EksSpec,
    EndpointAccessSpec,
    FargateProfileSpec,
    LoadBalancerSpec,
    NetworkSpec,
    NodeGroupSpec,
    PermissionSpec,
    ScheduleSpec,
    SelectorSpec,
    ServiceSpec,
    StackSpec,
    VolumeSpec,
    WorkloadSpec,
)

__all__ = [
    "CONFIG_KEY",
    "AutoscalingSpec",
    "CapacitySpec",
    "ContainerSpec",
    "CostSpec",
    "EcsClusterSpec",
    "EcsSpec",
    "EksClusterSpec",
    "EksSpec",
    "EndpointAccessSpec",
    "FargateProfileSpec",
    "LoadBalancerSpec",
    "LoadedSpec",
    "NetworkSpec",
    "NodeGroupSpec",
    "PermissionSpec",
    "ScheduleSpec",
    "SelectorSpec",
    "ServiceSpec",
    "StackSpec",
    "VolumeSpec",
    "WorkloadSpec",
    "load_spec",
    "spec_from_data",
]
