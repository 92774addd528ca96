"""What an ECS service on Fargate may ask for: scheduling, load balancer targets, deployments.

Sources (shared/reference/fargate-rules.md, section 4, checked 2026-12-01): ECS-DG
fargate-tasks-services, service_definition_parameters, deployment-circuit-breaker; BOTO-ECS
CreateServiceRequest, DeploymentConfiguration.strategy, DeploymentController.type,
DeploymentCircuitBreaker ("can only be used for services using the rolling update (ECS)
deployment type").
"""

from __future__ import annotations

CHECKED = "2026-12-01"

UNSUPPORTED_SCHEDULING = "DAEMON"  # schedulingStrategy: REPLICA only on Fargate
IP_TARGET_TYPE = "ip"  # awsvpc tasks register by IP; instance targets cannot reach them

# The deployment circuit breaker works with the ECS controller's rolling update only.
ROLLING = "ROLLING"
DEFAULT_STRATEGY = ROLLING  # DeploymentConfiguration.strategy when not set
ECS_CONTROLLER = "ECS"  # DeploymentController.type when not set
DEPLOYMENT_STRATEGIES = ("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")
DEPLOYMENT_CONTROLLERS = ("ECS", "CODE_DEPLOY", "EXTERNAL")
