"""ECS (clusters, capacity providers, task definitions, services): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/ecs`` and the botocore 1.44.8 ECS
model, whose names carry their rule only in words ("Up to 255 letters (uppercase and
lowercase), numbers, underscores, and hyphens are allowed"): a service name and a container
name are checked by ECS alone, cluster names and families by the provider too. What ECS
checks across resources (a strategy's providers, a service's target group and container) is
in :mod:`.wiring`.
"""

from __future__ import annotations

from .model import (
    Arn,
    Between,
    JsonText,
    Length,
    OneOf,
    Pattern,
    Rule,
    api_doc,
    botocore,
    provider,
)

CLUSTER = "aws:ecs/cluster:Cluster"
CAPACITY_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"

NAME_MAX = 255
# validateClusterName: StringMatch("^[0-9A-Za-z_-]+$", "The cluster name must consist of
# alphanumerics, hyphens, and underscores."); the model's words for every ECS name
NAME_TEXT = Pattern(r"[0-9A-Za-z_-]+", "letters, digits, - and _")
_VALIDATE = provider("internal/service/ecs/validate.go", "validateClusterName")
_TASK_GO = "internal/service/ecs/task_definition.go"
_SERVICE_GO = "internal/service/ecs/service.go"
_STRATEGY_BASE = Between(0, 100000)
_STRATEGY_WEIGHT = Between(0, 1000)

RULES: tuple[Rule, ...] = (
    # clusters
    Rule(CLUSTER, "name", Length(1, NAME_MAX), "plan", _VALIDATE),
    Rule(CLUSTER, "name", NAME_TEXT, "plan", _VALIDATE),
    Rule(
        CLUSTER,
        "settings[].name",
        OneOf(("containerInsights",)),
        "api",
        botocore("ecs", "CreateCluster", "settings[].name"),
    ),
    Rule(
        CLUSTER,
        "settings[].value",
        OneOf(("enhanced", "enabled", "disabled")),
        "api",
        api_doc("ecs", "CreateCluster", "settings[].value"),
    ),
    Rule(CAPACITY_PROVIDERS, "clusterName", Length(1, NAME_MAX), "plan", _VALIDATE),
    Rule(CAPACITY_PROVIDERS, "clusterName", NAME_TEXT, "plan", _VALIDATE),
    Rule(
        CAPACITY_PROVIDERS,
        "defaultCapacityProviderStrategies[].base",
        _STRATEGY_BASE,
        "plan",
        provider(
            "internal/service/ecs/cluster_capacity_providers.go", "base IntBetween(0, 100000)"
        ),
    ),
    Rule(
        CAPACITY_PROVIDERS,
        "defaultCapacityProviderStrategies[].weight",
        _STRATEGY_WEIGHT,
        "plan",
        provider(
            "internal/service/ecs/cluster_capacity_providers.go", "weight IntBetween(0, 1000)"
        ),
    ),
    # task definitions
    Rule(
        TASK_DEFINITION,
        "family",
        Length(1, NAME_MAX),
        "plan",
        provider(_TASK_GO, "family StringLenBetween(1, 255)"),
    ),
    Rule(
        TASK_DEFINITION,
        "family",
        NAME_TEXT,
        "plan",
        provider(_TASK_GO, 'family StringMatch("^[0-9A-Za-z_-]+$")'),
    ),
    Rule(
        TASK_DEFINITION,
        "networkMode",
        OneOf(("bridge", "host", "awsvpc", "none")),
        "api",
        botocore("ecs", "RegisterTaskDefinition", "networkMode"),
    ),
    Rule(
        TASK_DEFINITION,
        "requiresCompatibilities[]",
        OneOf(("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")),
        "api",
        botocore("ecs", "RegisterTaskDefinition", "requiresCompatibilities[]"),
    ),
    Rule(
        TASK_DEFINITION,
        "runtimePlatform.cpuArchitecture",
        OneOf(("X86_64", "ARM64")),
        "api",
        botocore("ecs", "RegisterTaskDefinition", "runtimePlatform.cpuArchitecture"),
    ),
    Rule(
        TASK_DEFINITION,
        "runtimePlatform.operatingSystemFamily",
        OneOf(
            (
                "WINDOWS_SERVER_2019_FULL",
                "WINDOWS_SERVER_2019_CORE",
                "WINDOWS_SERVER_2016_FULL",
                "WINDOWS_SERVER_2004_CORE",
                "WINDOWS_SERVER_2022_CORE",
                "WINDOWS_SERVER_2022_FULL",
                "WINDOWS_SERVER_2025_CORE",
                "WINDOWS_SERVER_2025_FULL",
                "WINDOWS_SERVER_20H2_CORE",
                "LINUX",
            )
        ),
        "api",
        botocore("ecs", "RegisterTaskDefinition", "runtimePlatform.operatingSystemFamily"),
    ),
    Rule(
        TASK_DEFINITION,
        "ephemeralStorage.sizeInGib",
        Between(21, 200),
        "plan",
        provider(_TASK_GO, "ephemeral_storage.size_in_gib IntBetween(21, 200)"),
    ),
    Rule(
        TASK_DEFINITION,
        "executionRoleArn",
        Arn(),
        "plan",
        provider(_TASK_GO, "execution_role_arn ValidARN"),
    ),
    Rule(
        TASK_DEFINITION, "taskRoleArn", Arn(), "plan", provider(_TASK_GO, "task_role_arn ValidARN")
    ),
    Rule(
        TASK_DEFINITION,
        "containerDefinitions",
        JsonText(list),
        "plan",
        provider(_TASK_GO, "container_definitions ValidTaskDefinitionContainerDefinitions"),
    ),
    Rule(
        TASK_DEFINITION,
        "containerDefinitions#[].name",
        Pattern(r"[0-9A-Za-z_-]{1,255}", "up to 255 letters, digits, - and _"),
        "api",
        api_doc("ecs", "RegisterTaskDefinition", "containerDefinitions[].name"),
    ),
    Rule(
        TASK_DEFINITION,
        "containerDefinitions#[].portMappings[].protocol",
        OneOf(("tcp", "udp")),
        "api",
        botocore("ecs", "RegisterTaskDefinition", "containerDefinitions[].portMappings[].protocol"),
    ),
    Rule(
        TASK_DEFINITION,
        "containerDefinitions#[].logConfiguration.logDriver",
        OneOf(
            (
                "json-file",
                "syslog",
                "journald",
                "gelf",
                "fluentd",
                "awslogs",
                "splunk",
                "awsfirelens",
            )
        ),
        "api",
        botocore(
            "ecs", "RegisterTaskDefinition", "containerDefinitions[].logConfiguration.logDriver"
        ),
    ),
    # services
    Rule(
        SERVICE,
        "name",
        Pattern(r"[0-9A-Za-z_-]{1,255}", "up to 255 letters, digits, - and _"),
        "api",
        api_doc("ecs", "CreateService", "serviceName"),
        "the provider checks nothing of a service name",
    ),
    Rule(
        SERVICE,
        "healthCheckGracePeriodSeconds",
        Between(0, 2147483647),
        "plan",
        provider(_SERVICE_GO, "health_check_grace_period_seconds IntBetween(0, math.MaxInt32)"),
    ),
    Rule(
        SERVICE,
        "capacityProviderStrategies[].base",
        _STRATEGY_BASE,
        "plan",
        provider(_SERVICE_GO, "capacity_provider_strategy.base IntBetween(0, 100000)"),
    ),
    Rule(
        SERVICE,
        "capacityProviderStrategies[].weight",
        _STRATEGY_WEIGHT,
        "plan",
        provider(_SERVICE_GO, "capacity_provider_strategy.weight IntBetween(0, 1000)"),
    ),
    Rule(
        SERVICE,
        "propagateTags",
        OneOf(("TASK_DEFINITION", "SERVICE", "NONE")),
        "api",
        botocore("ecs", "CreateService", "propagateTags"),
    ),
    Rule(
        SERVICE,
        "launchType",
        OneOf(("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")),
        "api",
        botocore("ecs", "CreateService", "launchType"),
    ),
    Rule(
        SERVICE,
        "loadBalancers[].containerPort",
        Between(0, 65536),
        "plan",
        provider(_SERVICE_GO, "load_balancer.container_port IntBetween(0, 65536)"),
    ),
    Rule(
        SERVICE,
        "loadBalancers[].targetGroupArn",
        Arn(),
        "plan",
        provider(_SERVICE_GO, "load_balancer.target_group_arn ValidARN"),
    ),
)
