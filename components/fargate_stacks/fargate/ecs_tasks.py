"""What Fargate accepts in an ECS task definition, and what it refuses, as data with sources.

Sources (shared/reference/fargate-rules.md, section 3, checked 2026-12-01): ECS-DG
fargate-tasks-services ("Task definition parameters"), task_definition_parameters; the ECS user
guide's fargate-task-defs "invalid parameters"; BOTO-ECS ContainerDefinition, LinuxParameters,
ResourceRequirement.type, RegisterTaskDefinitionRequest, Volume. The policy rules read these
tables; an AWS change is a one-line edit here.
"""

from __future__ import annotations

from collections.abc import Mapping

CHECKED = "2026-12-01"

# requiresCompatibilities that make a task definition Fargate's (BOTO-ECS Compatibility).
FARGATE_COMPATIBILITY = "FARGATE"

# capabilities.add: only SYS_PTRACE (platform 1.4.0); drop is free (BOTO-ECS KernelCapabilities).
ALLOWED_CAPABILITIES = frozenset({"SYS_PTRACE"})

LOG_DRIVERS = ("awslogs", "splunk", "awsfirelens")
AWSLOGS_STREAM_PREFIX = "awslogs-stream-prefix"  # required with awslogs on Fargate

# resourceRequirements types Fargate has no hardware for (BOTO-ECS ResourceType: GPU,
# InferenceAccelerator, NeuronDevice; compared upper-case).
ACCELERATOR_TYPES = frozenset({"GPU", "INFERENCEACCELERATOR", "NEURONDEVICE"})

# Container fields Fargate does not support. hostname: "not supported if you're using the awsvpc
# network mode" (BOTO-ECS ContainerDefinition.hostname), and Fargate is awsvpc only.
UNSUPPORTED_CONTAINER_FIELDS = (
    "links",
    "hostname",
    "dnsServers",
    "dnsSearchDomains",
    "extraHosts",
    "dockerSecurityOptions",
    "disableNetworking",
)
# linuxParameters Fargate does not support. tmpfs is NOT here: Fargate mounts tmpfs since
# 2026-01-06 (AWS What's New 2026/01 "amazon-ecs-tmpfs-mounts-aws-fargate-managed-instances";
# older docs and SDK copies that say otherwise are stale).
UNSUPPORTED_LINUX_PARAMETERS = ("maxSwap", "swappiness", "devices", "sharedMemorySize")
UNSUPPORTED_TASK_FIELDS = ("placementConstraints",)
# Task fields only ECS Managed Instances accept (BOTO-ECS RegisterTaskDefinitionRequest.
# trustedExecutionConfiguration: "Trusted execution is supported only for Amazon ECS Managed
# Instances"; shared/reference section 8).
MANAGED_INSTANCES_ONLY_TASK_FIELDS = ("trustedExecutionConfiguration",)

# pidMode: only "task"; ipcMode: none at all.
PID_MODE = "task"

# Volumes: bind mounts without a host path, EFS, S3 Files, and one EBS volume configured at
# launch (Linux). Docker volumes and FSx for Windows File Server are EC2 only.
UNSUPPORTED_VOLUME_KINDS: Mapping[str, str] = {
    "dockerVolumeConfiguration": "Docker volumes",
    "fsxWindowsFileServerVolumeConfiguration": "FSx for Windows File Server volumes (EC2 only)",
}
MAX_VOLUMES_AT_LAUNCH = 1  # BOTO-ECS Volume.configuredAtLaunch: "may only have one"

# Windows on Fargate: X86_64 only, no EFS, no FireLens, no ulimits, no EBS (ECS-DG
# windows-considerations, ebs-volumes "Linux only").
WINDOWS_ARCHITECTURE = "X86_64"
