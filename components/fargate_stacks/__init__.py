"""fargate-stacks: correct, cheap, secure AWS Fargate stacks for Pulumi.

The Pulumi components are exported lazily (PEP 562), so ``import fargate_stacks`` and the CLI
stay fast and the pure layers (spec, fargate, policies) never pull in the Pulumi SDK::

    from fargate_stacks import EcsFargateService, EksFargateCluster
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Network": "components.network",
    "NetworkArgs": "components.network",
    "EcsFargateCluster": "components.ecs_cluster",
    "EcsFargateClusterArgs": "components.ecs_cluster",
    "EcsFargateService": "components.ecs_service",
    "EcsFargateServiceArgs": "components.ecs_service",
    "EksFargateCluster": "components.eks_cluster",
    "EksFargateClusterArgs": "components.eks_cluster",
    "FargateWorkload": "components.workload",
    "FargateWorkloadArgs": "components.workload",
    "build_stack": "components.stack",
    "StackSpec": "spec",
    "load_spec": "spec",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fargate_stacks' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
