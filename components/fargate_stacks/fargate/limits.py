"""Fargate's numeric limits for ECS tasks, EKS pods and Fargate profiles, as data with sources.

Every other layer (the spec's validators, the policy rules, the components, sizing and cost) reads
these names; none writes the numbers again. A limit AWS changes is a one-line edit here.

Sources (shared/reference/fargate-rules.md, checked 2026-12-01):

* ECS-DG task_definition_parameters ("Container memory", "Ephemeral storage"), fargate-tasks-
  services; BOTO-ECS EphemeralStorage.sizeInGiB, ContainerDefinition, CapacityProviderStrategyItem.
* EKS-UG fargate-profile (selectors and labels), fargate-pod-configuration (ephemeral storage);
  BOTO-EKS FargateProfileSelector.
"""

from __future__ import annotations

CHECKED = "2026-12-01"

# ---- ECS task definitions on Fargate

# A container with less memory than this is refused at RegisterTaskDefinition (ECS-DG, "memory":
# "the Docker daemon reserves a minimum of 6 MiB").
MIN_CONTAINER_MIB = 6
# Containers per task definition (ECS service quotas, "Containers per task definition": 10).
MAX_CONTAINERS_PER_TASK = 10
# Ephemeral storage of a Linux task: 20 GiB when omitted, 21-200 GiB when set (BOTO-ECS
# EphemeralStorage.sizeInGiB "minimum 21, maximum 200"); platform version 1.4.0 or later.
DEFAULT_EPHEMERAL_GIB = 20
ECS_EPHEMERAL_GIB_MIN = 21
ECS_EPHEMERAL_GIB_MAX = 200
# Container startTimeout / stopTimeout on Fargate (ECS-DG container timeouts): 2-120 seconds.
CONTAINER_TIMEOUT_SECONDS = (2, 120)

# ---- ECS capacity provider strategies (BOTO-ECS CapacityProviderStrategyItem)

STRATEGY_BASE_MAX = 100_000  # base 0-100,000, on at most one provider
STRATEGY_WEIGHT_MAX = 1_000  # weight 0-1,000
STRATEGY_MAX_PROVIDERS = 20

# ---- EKS Fargate profiles (EKS-UG fargate-profile; BOTO-EKS CreateFargateProfileRequest)

MAX_SELECTORS_PER_PROFILE = 5
MAX_LABELS_PER_SELECTOR = 5

# ---- EKS pods on Fargate (EKS-UG fargate-pod-configuration; AWS Containers blog 2023-08)

# The most a pod's containers may request of ephemeral storage (Fargate provisions more: the
# requests plus 10% for the file system plus 5 GiB for system components, see podsizing).
EKS_MAX_EPHEMERAL_GIB = 175
