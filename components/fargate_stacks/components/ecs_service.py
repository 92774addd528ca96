"""An ECS service on Fargate with everything it needs and nothing it does not.

Secure and cheap by default: tasks in private subnets without public IPs, a security group that
admits only the load balancer on the container port, roles that grant only the secrets and
permissions the spec names, logs with a retention, a deployment circuit breaker that rolls back,
and Spot as a share of the capacity strategy rather than a separate code path.

Every child is named from the cluster's and service's spec names (never list positions), so
reordering a spec keeps every URN. Every child is a plain ``pulumi_aws`` resource, visible to
mocks and to the policy pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from ..constraints import elbv2
from ..fargate import sizes
from ..spec.models import (
    AutoscalingSpec,
    LoadBalancerSpec,
    PermissionSpec,
    ServiceSpec,
    VolumeSpec,
)
from ..spec.names import (
    ALB_SECURITY_GROUP,
    ECS_SERVICE,
    EXECUTION_ROLE,
    EXECUTION_SECRETS_POLICY,
    LOAD_BALANCER,
    LOG_GROUP,
    SCALING_POLICY,
    SCHEDULED_ACTION,
    TARGET_GROUP,
    TASK_FAMILY,
    TASK_ROLE,
    TASK_ROLE_POLICY,
    TASKS_SECURITY_GROUP,
    elb_name,
    physical,
)
from . import ecs_task
from .ecs_task import ContainerArgs
from .known import concat

TOKEN = "fargate-stacks:ecs:EcsFargateService"
ELB_NAME_LIMIT = elbv2.NAME_MAX  # load balancer and target group names
HTTP, HTTPS = 80, 443
ANYWHERE = "0.0.0.0/0"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
DEREGISTRATION_DELAY = 30  # seconds; ECS drains tasks before stopping them anyway
SCALABLE_DIMENSION = "ecs:service:DesiredCount"
# Deployment: never below the desired count, up to twice as many while rolling.
MIN_HEALTHY_PERCENT = 100
MAX_PERCENT = 200
# target-tracking metric per spec field
PREDEFINED_METRICS = {
    "cpu": "ECSServiceAverageCPUUtilization",
    "memory": "ECSServiceAverageMemoryUtilization",
    "requests": "ALBRequestCountPerTarget",
}


__all__ = ["ELB_NAME_LIMIT", "EcsFargateService", "EcsFargateServiceArgs", "elb_name"]


def log_group_name(stack: str, cluster: str, service: str) -> str:
    """``/fargate-stacks/<stack>/<cluster>/<service>``: with the stack, so two stacks of one
    spec in one account do not fight over a log group."""
    return physical(LOG_GROUP, stack=stack, cluster=cluster, service=service)


@dataclass(frozen=True)
class EcsFargateServiceArgs:
    """Everything one service needs. ``cluster`` and ``service`` are the spec names all child
    names are derived from; ``containers[0]`` is the main container (the one behind the ALB)."""

    cluster: str
    service: str
    cluster_arn: pulumi.Input[str]
    cluster_name: pulumi.Input[str]
    vpc_id: pulumi.Input[str]
    vpc_cidr: pulumi.Input[str]
    private_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    public_subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    containers: Sequence[ContainerArgs]
    cpu: int
    memory: int
    architecture: str = "x86_64"
    os: str = "linux"
    platform_version: str = "LATEST"
    ephemeral_storage: int | None = None
    volumes: Sequence[VolumeSpec] = ()
    desired_count: int = 1
    capacity: Sequence[tuple[str, int, int]] = (("FARGATE", 0, 1),)
    load_balancer: LoadBalancerSpec | None = None
    autoscaling: AutoscalingSpec | None = None
    exec_enabled: bool = False
    assign_public_ip: bool = False
    log_retention_days: int = 30
    permissions: Sequence[PermissionSpec] = ()
    service_connect_namespace: pulumi.Input[str] | None = None
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problem = sizes.size_problem(self.cpu, self.memory, self.os.upper(), self.platform_version)
        if problem:
            raise ValueError(f"service {self.service!r}: {problem}")
        if not self.containers:
            raise ValueError(f"service {self.service!r}: a task needs at least one container")
        if self.load_balancer is not None and self.containers[0].port is None:
            raise ValueError(
                f"service {self.service!r}: a load balancer needs the main container's port"
            )

    @classmethod
    def from_spec(
        cls,
        spec: ServiceSpec,
        *,
        cluster: str,
        cluster_arn: pulumi.Input[str],
        cluster_name: pulumi.Input[str],
        network: Any,
        service_connect_namespace: pulumi.Input[str] | None = None,
        tags: dict[str, str] | None = None,
    ) -> EcsFargateServiceArgs:
        """Args for one spec service; ``network`` is a :class:`Network` (or anything with its
        attributes); ``tags`` (stack and cluster tags) are overridden by the service's own."""
        containers = ecs_task.containers_from_spec(spec)
        cpu, memory = ecs_task.task_size(spec)
        return cls(
            cluster=cluster,
            service=spec.name,
            cluster_arn=cluster_arn,
            cluster_name=cluster_name,
            vpc_id=network.vpc_id,
            vpc_cidr=network.vpc_cidr,
            private_subnet_ids=network.private_subnet_ids,
            public_subnet_ids=network.public_subnet_ids,
            containers=containers,
            cpu=cpu,
            memory=memory,
            architecture=spec.architecture,
            os=spec.os,
            platform_version=spec.platform_version,
            ephemeral_storage=spec.ephemeral_storage,
            volumes=tuple(spec.volumes),
            desired_count=spec.desired_count,
            capacity=tuple(spec.capacity.strategy()),
            load_balancer=spec.load_balancer,
            autoscaling=spec.autoscaling,
            exec_enabled=spec.exec_,
            assign_public_ip=spec.assign_public_ip,
            log_retention_days=spec.logging.retention_days,
            permissions=tuple(spec.permissions),
            service_connect_namespace=service_connect_namespace,
            tags={**(tags or {}), **spec.tags},
        )


class EcsFargateService(pulumi.ComponentResource):
    """Attributes: ``service_name``, ``service_arn``, ``task_definition_arn``,
    ``security_group_id``, ``log_group_name``, ``task_role_arn``, ``execution_role_arn``,
    ``url`` (None without a load balancer), ``load_balancer_dns_name``."""

    url: pulumi.Output[str] | None
    load_balancer_dns_name: pulumi.Output[str] | None

    def __init__(
        self, name: str, args: EcsFargateServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self._args = args
        self._names = {"cluster": args.cluster, "service": args.service}
        self._base = physical(TASK_FAMILY, **self._names)
        self._child = pulumi.ResourceOptions(parent=self)
        invoke = pulumi.InvokeOutputOptions(parent=self)
        self._region = aws.get_region_output(opts=invoke).region
        self._account = aws.get_caller_identity_output(opts=invoke).account_id
        self._partition = aws.get_partition_output(opts=invoke).partition

        log_group = self._log_group()
        execution_role = self._execution_role()
        task_role = self._task_role()
        task_definition = self._task_definition(log_group, execution_role, task_role)
        balancer = self._load_balancer() if args.load_balancer else None
        service = self._service(task_definition, balancer)
        if args.autoscaling:
            self._autoscaling(service, balancer)

        self.service_name = service.name
        self.service_arn = service.id
        self.task_definition_arn = task_definition.arn
        self.log_group_name = log_group.name
        self.task_role_arn = task_role.arn
        self.execution_role_arn = execution_role.arn
        self.load_balancer_dns_name = balancer[0].dns_name if balancer else None
        scheme = "https" if args.load_balancer and args.load_balancer.certificate_arn else "http"
        self.url = concat(f"{scheme}://", balancer[0].dns_name) if balancer else None
        outputs: dict[str, Any] = {
            "serviceName": self.service_name,
            "taskDefinitionArn": self.task_definition_arn,
            "securityGroupId": self.security_group_id,
            "logGroupName": self.log_group_name,
        }
        if self.url is not None:
            outputs["url"] = self.url
        self.register_outputs(outputs)

    # ------------------------------------------------------------ logs and roles

    def _log_group(self) -> aws.cloudwatch.LogGroup:
        a = self._args
        return aws.cloudwatch.LogGroup(
            self._base,
            name=log_group_name(pulumi.get_stack(), a.cluster, a.service),
            retention_in_days=a.log_retention_days,
            tags=a.tags,
            opts=self._child,
        )

    def _execution_role(self) -> aws.iam.Role:
        """What ECS itself uses to start the task: pull the image, write logs, read secrets."""
        a = self._args
        role_name = physical(EXECUTION_ROLE, **self._names)
        role = aws.iam.Role(
            role_name,
            assume_role_policy=ecs_task.trust_policy("ecs-tasks.amazonaws.com"),
            description=f"ECS execution role of {a.cluster}/{a.service}",
            tags=a.tags,
            opts=self._child,
        )
        aws.iam.RolePolicyAttachment(
            role_name,
            role=role.name,
            policy_arn=concat(
                "arn:", self._partition, ":iam::aws:policy/", ecs_task.TASK_EXECUTION_POLICY
            ),
            opts=self._child,
        )
        secrets = ecs_task.execution_secrets_policy(a.containers)
        if secrets is not None:
            aws.iam.RolePolicy(
                physical(EXECUTION_SECRETS_POLICY, **self._names),
                role=role.id,
                policy=secrets,
                opts=self._child,
            )
        return role

    def _task_role(self) -> aws.iam.Role:
        """What the application's code may do: exactly the spec's permissions."""
        a = self._args
        role_name = physical(TASK_ROLE, **self._names)
        role = aws.iam.Role(
            role_name,
            assume_role_policy=self._account.apply(
                lambda account: ecs_task.trust_policy("ecs-tasks.amazonaws.com", account)
            ),
            description=f"ECS task role of {a.cluster}/{a.service}",
            tags=a.tags,
            opts=self._child,
        )
        if a.permissions or a.exec_enabled or any(v.efs.iam for v in a.volumes):
            policy = pulumi.Output.all(self._partition, self._region, self._account).apply(
                lambda v: ecs_task.task_role_policy(
                    a.permissions,
                    exec_enabled=a.exec_enabled,
                    volumes=a.volumes,
                    partition=v[0],
                    region=v[1],
                    account=v[2],
                )
            )
            aws.iam.RolePolicy(
                physical(TASK_ROLE_POLICY, **self._names),
                role=role.id,
                policy=policy,
                opts=self._child,
            )
        return role

    # ------------------------------------------------------------ task definition

    def _task_definition(
        self,
        log_group: aws.cloudwatch.LogGroup,
        execution_role: aws.iam.Role,
        task_role: aws.iam.Role,
    ) -> aws.ecs.TaskDefinition:
        a = self._args
        definitions = pulumi.Output.all(log_group.name, self._region).apply(
            lambda v: ecs_task.container_definitions(
                a.containers, task_memory=a.memory, log_group=v[0], region=v[1]
            )
        )
        return aws.ecs.TaskDefinition(
            self._base,
            family=self._base,
            cpu=str(a.cpu),
            memory=str(a.memory),
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(
                operating_system_family=ecs_task.OS_FAMILY[a.os],
                cpu_architecture=ecs_task.CPU_ARCHITECTURE[a.architecture],
            ),
            ephemeral_storage=(
                aws.ecs.TaskDefinitionEphemeralStorageArgs(size_in_gib=a.ephemeral_storage)
                if a.ephemeral_storage
                else None
            ),
            volumes=ecs_task.efs_volumes(a.volumes) or None,
            container_definitions=definitions,
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            tags=a.tags,
            opts=self._child,
        )

    # ------------------------------------------------------------ load balancer

    def _load_balancer(self) -> tuple[aws.lb.LoadBalancer, aws.lb.TargetGroup, aws.lb.Listener]:
        a = self._args
        lb = a.load_balancer
        assert lb is not None
        port = a.containers[0].port
        assert port is not None
        public = lb.scheme == "public"
        listen = [HTTP, HTTPS] if lb.certificate_arn else [HTTP]
        source = [ANYWHERE] if public else [a.vpc_cidr]
        sg = aws.ec2.SecurityGroup(
            physical(ALB_SECURITY_GROUP, **self._names),
            vpc_id=a.vpc_id,
            description=f"Load balancer of {a.cluster}/{a.service}",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp",
                    from_port=p,
                    to_port=p,
                    cidr_blocks=source,
                    description=f"{'HTTPS' if p == HTTPS else 'HTTP'} from "
                    f"{'the internet' if public else 'the VPC'}",
                )
                for p in listen
            ],
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="tcp",
                    from_port=port,
                    to_port=port,
                    cidr_blocks=[a.vpc_cidr],
                    description="to the container port of the tasks",
                )
            ],
            tags=a.tags,
            opts=self._child,
        )
        self._alb_security_group = sg
        stack = pulumi.get_stack()
        balancer = aws.lb.LoadBalancer(
            self._base,
            name=physical(LOAD_BALANCER, stack=stack, **self._names),
            load_balancer_type="application",
            internal=not public,
            subnets=a.public_subnet_ids if public else a.private_subnet_ids,
            security_groups=[sg.id],
            idle_timeout=lb.idle_timeout,
            drop_invalid_header_fields=True,
            tags=a.tags,
            opts=self._child,
        )
        # the target group's name changes with what would replace it, so the new one can be
        # created before the old one is deleted
        target_group = aws.lb.TargetGroup(
            self._base,
            name=physical(TARGET_GROUP, stack=stack, port=str(port), **self._names),
            target_type="ip",
            protocol="HTTP",
            port=port,
            vpc_id=a.vpc_id,
            deregistration_delay=DEREGISTRATION_DELAY,
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True,
                path=lb.health_check_path,
                protocol="HTTP",
                port="traffic-port",
                matcher="200-399",
                interval=30,
                timeout=5,
                healthy_threshold=3,
                unhealthy_threshold=3,
            ),
            tags=a.tags,
            opts=self._child,
        )
        forward = aws.lb.ListenerDefaultActionArgs(
            type="forward", target_group_arn=target_group.arn
        )
        if lb.certificate_arn:
            aws.lb.Listener(
                f"{self._base}-http",
                load_balancer_arn=balancer.arn,
                port=HTTP,
                protocol="HTTP",
                default_actions=[
                    aws.lb.ListenerDefaultActionArgs(
                        type="redirect",
                        redirect=aws.lb.ListenerDefaultActionRedirectArgs(
                            status_code="HTTP_301", protocol="HTTPS", port=str(HTTPS)
                        ),
                    )
                ],
                tags=a.tags,
                opts=self._child,
            )
            listener = aws.lb.Listener(
                f"{self._base}-https",
                load_balancer_arn=balancer.arn,
                port=HTTPS,
                protocol="HTTPS",
                certificate_arn=lb.certificate_arn,
                ssl_policy=TLS_POLICY,
                default_actions=[forward],
                tags=a.tags,
                opts=self._child,
            )
        else:
            listener = aws.lb.Listener(
                f"{self._base}-http",
                load_balancer_arn=balancer.arn,
                port=HTTP,
                protocol="HTTP",
                default_actions=[forward],
                tags=a.tags,
                opts=self._child,
            )
        return balancer, target_group, listener

    # ------------------------------------------------------------ the service

    def _service(
        self,
        task_definition: aws.ecs.TaskDefinition,
        balancer: tuple[aws.lb.LoadBalancer, aws.lb.TargetGroup, aws.lb.Listener] | None,
    ) -> aws.ecs.Service:
        a = self._args
        main = a.containers[0]
        ingress: list[aws.ec2.SecurityGroupIngressArgs] = []
        load_balancers: list[aws.ecs.ServiceLoadBalancerArgs] | None = None
        if balancer is not None:
            port = main.port
            assert port is not None  # the args refuse a load balancer without it
            ingress = [
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp",
                    from_port=port,
                    to_port=port,
                    security_groups=[self._alb_security_group.id],
                    description="container port from the load balancer only",
                )
            ]
            load_balancers = [
                aws.ecs.ServiceLoadBalancerArgs(
                    target_group_arn=balancer[1].arn, container_name=main.name, container_port=port
                )
            ]
        sg = aws.ec2.SecurityGroup(
            physical(TASKS_SECURITY_GROUP, **self._names),
            vpc_id=a.vpc_id,
            description=f"Tasks of {a.cluster}/{a.service}",
            ingress=ingress,
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="-1",
                    from_port=0,
                    to_port=0,
                    cidr_blocks=[ANYWHERE],
                    description="images, AWS APIs and dependencies",
                )
            ],
            tags=a.tags,
            opts=self._child,
        )
        self.security_group_id = sg.id

        desired = a.desired_count
        ignore: list[str] = []
        if a.autoscaling:
            desired = min(max(desired, a.autoscaling.min), a.autoscaling.max)
            ignore = ["desiredCount"]  # App Auto Scaling owns it after the first deploy
        connect = None
        if a.service_connect_namespace is not None:
            connect = aws.ecs.ServiceServiceConnectConfigurationArgs(
                enabled=True,
                namespace=a.service_connect_namespace,
                services=[
                    aws.ecs.ServiceServiceConnectConfigurationServiceArgs(
                        port_name=main.name,
                        discovery_name=a.service,
                        client_alias=[
                            aws.ecs.ServiceServiceConnectConfigurationServiceClientAliasArgs(
                                port=main.port, dns_name=a.service
                            )
                        ],
                    )
                ]
                if main.port
                else None,
            )
        depends_on: list[pulumi.Resource] = [balancer[2]] if balancer else []
        return aws.ecs.Service(
            self._base,
            name=physical(ECS_SERVICE, **self._names),
            cluster=a.cluster_arn,
            task_definition=task_definition.arn,
            desired_count=desired,
            platform_version=a.platform_version,
            capacity_provider_strategies=[
                aws.ecs.ServiceCapacityProviderStrategyArgs(capacity_provider=p, base=b, weight=w)
                for p, b, w in a.capacity
            ],
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=a.public_subnet_ids if a.assign_public_ip else a.private_subnet_ids,
                security_groups=[sg.id],
                assign_public_ip=a.assign_public_ip,
            ),
            load_balancers=load_balancers,
            health_check_grace_period_seconds=self._grace_period() if balancer else None,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(
                enable=True, rollback=True
            ),
            # Without it the provider replaces the service when its capacity provider strategy
            # changes (capacityProviderStrategyCustomizeDiff, engine/replace.py): moving to Spot
            # would delete the service and its running tasks. With it the change is an update
            # that rolls the tasks onto the new strategy, under the circuit breaker.
            force_new_deployment=True,
            deployment_minimum_healthy_percent=MIN_HEALTHY_PERCENT,
            deployment_maximum_percent=MAX_PERCENT,
            propagate_tags="SERVICE",
            enable_ecs_managed_tags=True,
            enable_execute_command=a.exec_enabled,
            service_connect_configuration=connect,
            tags=a.tags,
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=ignore, depends_on=depends_on),
        )

    def _grace_period(self) -> int:
        """Time for a new task to pass its own health check before the ALB's counts."""
        check = self._args.containers[0].health_check
        return max(60, check.start_period) if check else 60

    # ------------------------------------------------------------ autoscaling

    def _autoscaling(
        self,
        service: aws.ecs.Service,
        balancer: tuple[aws.lb.LoadBalancer, aws.lb.TargetGroup, aws.lb.Listener] | None,
    ) -> None:
        a = self._args
        scaling = a.autoscaling
        assert scaling is not None
        resource_id = concat("service/", a.cluster_name, "/", service.name)
        target = aws.appautoscaling.Target(
            self._base,
            service_namespace="ecs",
            scalable_dimension=SCALABLE_DIMENSION,
            resource_id=resource_id,
            min_capacity=scaling.min,
            max_capacity=scaling.max,
            tags=a.tags,
            opts=self._child,
        )
        targets: dict[str, tuple[float | None, pulumi.Input[str] | None]] = {
            "cpu": (scaling.cpu_target, None),
            "memory": (scaling.memory_target, None),
            "requests": (
                float(scaling.requests_per_target) if scaling.requests_per_target else None,
                concat(balancer[0].arn_suffix, "/", balancer[1].arn_suffix) if balancer else None,
            ),
        }
        for key, (value, label) in targets.items():
            if value is None:
                continue
            policy_name = physical(SCALING_POLICY, metric=key, **self._names)
            aws.appautoscaling.Policy(
                policy_name,
                name=policy_name,
                policy_type="TargetTrackingScaling",
                service_namespace=target.service_namespace,
                resource_id=target.resource_id,
                scalable_dimension=target.scalable_dimension,
                target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                    target_value=value,
                    scale_in_cooldown=scaling.scale_in_cooldown,
                    scale_out_cooldown=scaling.scale_out_cooldown,
                    predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                        predefined_metric_type=PREDEFINED_METRICS[key], resource_label=label
                    ),
                ),
                opts=self._child,
            )
        for schedule in sorted(scaling.schedules, key=lambda s: s.name):
            action_name = physical(SCHEDULED_ACTION, schedule=schedule.name, **self._names)
            aws.appautoscaling.ScheduledAction(
                action_name,
                name=action_name,
                service_namespace=target.service_namespace,
                resource_id=target.resource_id,
                scalable_dimension=target.scalable_dimension,
                schedule=schedule.schedule,
                timezone=schedule.timezone,
                scalable_target_action=aws.appautoscaling.ScheduledActionScalableTargetActionArgs(
                    min_capacity=schedule.min, max_capacity=schedule.max
                ),
                opts=self._child,
            )
