"""Pulumi mocks answered by moto: the resources moto models are created in moto's in-memory AWS
(inside ``moto.mock_aws``), so its ids, ARNs and validation errors are what the preview sees, and
boto3 clients opened in the same ``mock_aws`` find every ECS service and EKS Fargate profile.

Each handler translates Pulumi's camelCase inputs into the arguments of the moto backend
operation behind the AWS API call (``ecs:CreateService``, ``eks:CreateFargateProfile``, ...).
The backends are called directly, not through a boto3 client: the same state and the same
validation, without botocore's request signing and moto's HTTP emulation, which cost ~3 ms a call
(50x the operation itself) and would make a 1,000-service preview spend most of its time there.
Types moto does not model get deterministic ids and ARNs of the shape AWS uses.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs, Mocks

from ..constraints import name_field

ACCOUNT = "123456789012"  # moto's default account
PARTITION = "aws"

Inputs = dict[str, Any]
Outputs = dict[str, Any]


class AwsRejected(Exception):
    """Mocked AWS refused a resource: the preview fails with the resource and AWS's message."""

    def __init__(self, type_: str, name: str, message: str) -> None:
        super().__init__(f"{type_} {name!r}: AWS would refuse it: {message}")
        self.type, self.name, self.aws_message = type_, name, message


def stable_hash(*parts: str, length: int = 17) -> str:
    """Deterministic hex: repeated previews give the same ids, so their output can be diffed."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


# ---------------------------------------------------------------- deterministic answers

ID_PREFIXES: dict[str, str] = {
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/route:Route": "r-rtb-",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc-",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "sgrule-",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr-",
    "aws:efs/fileSystem:FileSystem": "fs-",
    "aws:efs/accessPoint:AccessPoint": "fsap-",
    "aws:efs/mountTarget:MountTarget": "fsmt-",
    "aws:servicediscovery/httpNamespace:HttpNamespace": "ns-",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": "ns-",
    "aws:servicediscovery/service:Service": "srv-",
}

ARN_TEMPLATES: dict[str, str] = {
    "aws:efs/fileSystem:FileSystem": "arn:{p}:elasticfilesystem:{r}:{a}:file-system/{i}",
    "aws:efs/accessPoint:AccessPoint": "arn:{p}:elasticfilesystem:{r}:{a}:access-point/{i}",
    "aws:lb/listener:Listener": "arn:{p}:elasticloadbalancing:{r}:{a}:listener/app/{n}/{h}",
    "aws:lb/listenerRule:ListenerRule": "arn:{p}:elasticloadbalancing:{r}:{a}:listener-rule/app/{n}/{h}",
    "aws:iam/policy:Policy": "arn:{p}:iam::{a}:policy/{n}",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "arn:{p}:ec2:{r}:{a}:vpc-endpoint/{i}",
    "aws:ec2/natGateway:NatGateway": "arn:{p}:ec2:{r}:{a}:natgateway/{i}",
    "aws:ec2/internetGateway:InternetGateway": "arn:{p}:ec2:{r}:{a}:internet-gateway/{i}",
    "aws:ec2/routeTable:RouteTable": "arn:{p}:ec2:{r}:{a}:route-table/{i}",
    "aws:eks/addon:Addon": "arn:{p}:eks:{r}:{a}:addon/{n}/{h}",
    "aws:eks/nodeGroup:NodeGroup": "arn:{p}:eks:{r}:{a}:nodegroup/{n}/{h}",
    "aws:servicediscovery/httpNamespace:HttpNamespace": "arn:{p}:servicediscovery:{r}:{a}:namespace/{i}",
    "aws:appautoscaling/policy:Policy": "arn:{p}:autoscaling:{r}:{a}:scalingPolicy:{h}:resource/{n}",
    "aws:appautoscaling/scheduledAction:ScheduledAction": "arn:{p}:autoscaling:{r}:{a}:scheduledAction:{h}:scheduledActionName/{n}",
    "aws:sqs/queue:Queue": "arn:{p}:sqs:{r}:{a}:{n}",
    "aws:kms/key:Key": "arn:{p}:kms:{r}:{a}:key/{h}",
    "aws:ecr/repository:Repository": "arn:{p}:ecr:{r}:{a}:repository/{n}",
}


def auto_name(typ: str, name: str, inputs: Mapping[str, Any]) -> str:
    """The name AWS would get: the given one, a prefix plus suffix, or Pulumi's auto-name
    (logical name, ``-`` and 7 characters)."""
    given = inputs.get(name_field(typ))
    if isinstance(given, str) and given:
        return given
    prefix = inputs.get("namePrefix")
    if isinstance(prefix, str) and prefix:
        return prefix + stable_hash(typ, name, length=26)
    return f"{name}-{stable_hash(typ, name, length=7)}"


def _tags_list(tags: Any, key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    return [{key: k, value: str(v)} for k, v in (tags or {}).items()]


def _tags_map(tags: Any) -> dict[str, str]:
    return {k: str(v) for k, v in (tags or {}).items()}


def _strategy(items: Any) -> list[dict[str, Any]]:
    """A capacity provider strategy as the ECS API takes it (Pulumi's inputs carry floats)."""
    return [
        {
            "capacityProvider": s["capacityProvider"],
            "weight": int(s.get("weight", 0)),
            "base": int(s.get("base", 0)),
        }
        for s in items or []
    ]


def policy_document(args: Inputs) -> dict[str, Any]:
    """``aws:iam/getPolicyDocument`` arguments as the IAM JSON AWS renders."""
    statements = []
    for s in args.get("statements") or []:
        out: dict[str, Any] = {"Effect": s.get("effect", "Allow")}
        if s.get("sid"):
            out["Sid"] = s["sid"]
        for key, wire in (
            ("actions", "Action"),
            ("notActions", "NotAction"),
            ("resources", "Resource"),
            ("notResources", "NotResource"),
        ):
            if s.get(key):
                values = list(s[key])
                out[wire] = values[0] if len(values) == 1 else values
        principals = s.get("principals") or []
        if principals:
            out["Principal"] = {
                p["type"]: (
                    p["identifiers"][0] if len(p["identifiers"]) == 1 else list(p["identifiers"])
                )
                for p in principals
            }
        conditions: dict[str, dict[str, Any]] = {}
        for c in s.get("conditions") or []:
            values = list(c["values"])
            conditions.setdefault(c["test"], {})[c["variable"]] = (
                values[0] if len(values) == 1 else values
            )
        if conditions:
            out["Condition"] = conditions
        statements.append(out)
    return {"Version": args.get("version", "2012-10-17"), "Statement": statements}


def account_invokes(region: str, account: str) -> dict[str, Callable[[Inputs], Outputs]]:
    """The invokes answered from the account and region alone, with no AWS state: the same for
    the moto-backed mocks and the plain ones of the test harness."""
    return {
        "aws:index/getRegion:getRegion": lambda a: {
            "name": region,
            "region": region,
            "id": region,
            "endpoint": f"ec2.{region}.amazonaws.com",
            "description": region,
        },
        "aws:index/getCallerIdentity:getCallerIdentity": lambda a: {
            "accountId": account,
            "id": account,
            "userId": "AIDAMOCKPREVIEW",
            "arn": f"arn:{PARTITION}:iam::{account}:user/fargate-stacks-preview",
        },
        "aws:index/getPartition:getPartition": lambda a: {
            "partition": PARTITION,
            "id": PARTITION,
            "dnsSuffix": "amazonaws.com",
            "reverseDnsPrefix": "com.amazonaws",
        },
        "aws:iam/getPolicyDocument:getPolicyDocument": lambda a: {
            "json": json.dumps(policy_document(a)),
            "id": stable_hash(json.dumps(a, sort_keys=True, default=str)),
        },
    }


class MotoMocks(Mocks):
    """``pulumi.runtime.Mocks`` backed by moto's backends for one account and region.

    Must be used inside an active ``moto.mock_aws()``; :mod:`.runner` opens it.
    """

    def __init__(self, region: str, account: str = ACCOUNT) -> None:
        self.region = region
        self.account = account
        self._backends: dict[str, Any] = {}
        self.handlers: dict[str, Callable[[MockResourceArgs, str, Outputs], str]] = {
            "aws:ec2/vpc:Vpc": self._vpc,
            "aws:ec2/subnet:Subnet": self._subnet,
            "aws:ec2/securityGroup:SecurityGroup": self._security_group,
            "aws:iam/role:Role": self._role,
            "aws:iam/rolePolicy:RolePolicy": self._role_policy,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": self._role_policy_attachment,
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider": self._oidc_provider,
            "aws:cloudwatch/logGroup:LogGroup": self._log_group,
            "aws:ecs/cluster:Cluster": self._ecs_cluster,
            "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": self._capacity_providers,
            "aws:ecs/taskDefinition:TaskDefinition": self._task_definition,
            "aws:ecs/service:Service": self._ecs_service,
            "aws:eks/cluster:Cluster": self._eks_cluster,
            "aws:eks/fargateProfile:FargateProfile": self._fargate_profile,
            "aws:lb/loadBalancer:LoadBalancer": self._load_balancer,
            "aws:lb/targetGroup:TargetGroup": self._target_group,
            "aws:appautoscaling/target:Target": self._scaling_target,
            "aws:appautoscaling/policy:Policy": self._scaling_policy,
        }
        self.invokes: dict[str, Callable[[Inputs], Outputs]] = {
            "aws:index/getAvailabilityZones:getAvailabilityZones": self._zones,
            **account_invokes(region, account),
            "aws:ec2/getVpc:getVpc": self._get_vpc,
            "aws:ec2/getSubnets:getSubnets": self._get_subnets,
            "aws:ec2/getSubnet:getSubnet": self._get_subnet,
        }

    def backend(self, service: str) -> Any:
        found = self._backends.get(service)
        if found is None:
            from moto.backends import get_backend

            # IAM is global: moto keys it by partition instead of region
            where = PARTITION if service == "iam" else self.region
            # moto types get_backend for each literal service name; this reads them by name
            found = self._backends[service] = get_backend(service)[self.account][where]  # type: ignore[call-overload]
        return found

    # ------------------------------------------------------------ Mocks interface
    # Pulumi's MockMonitor takes a bare dict (no failures) as well as the (dict, failures) its
    # annotation names; the answers here never fail a call
    def call(self, args: MockCallArgs) -> Outputs:  # type: ignore[override]
        handler = self.invokes.get(args.token)
        if handler is None:
            return {}
        try:
            return handler(dict(args.args or {}))
        except Exception as error:
            # moto's errors carry AWS's code and message; anything else is a fault of the mock
            # or the program, not AWS refusing the call, and fails the preview as such
            if not _is_moto_error(error):
                raise
            raise AwsRejected(args.token, "invoke", _aws_message(error)) from None

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, Outputs]:
        outputs = dict(args.inputs)
        if not args.custom:
            return None, outputs
        if args.typ.startswith("kubernetes:"):
            return self._kubernetes(args, outputs)
        if args.typ.startswith("pulumi:providers:"):
            return stable_hash(args.typ, args.name, length=32), outputs
        name = self.physical_name(args)
        h = stable_hash(args.typ, args.name)
        handler = self.handlers.get(args.typ)
        if handler is not None:
            try:
                id_ = handler(args, name, outputs)
            except AwsRejected:
                raise
            except Exception as error:
                if not _is_moto_error(error):
                    raise
                raise AwsRejected(args.typ, args.name, _aws_message(error)) from None
        else:
            id_ = ID_PREFIXES.get(args.typ, "") + h if args.typ in ID_PREFIXES else name
            template = ARN_TEMPLATES.get(args.typ)
            if template:
                outputs.setdefault(
                    "arn",
                    template.format(
                        p=PARTITION, r=self.region, a=self.account, n=name, h=h[:16], i=id_
                    ),
                )
        if args.resource_id:
            id_ = args.resource_id
        key = name_field(args.typ)
        if args.typ.startswith("aws:") and key not in outputs and args.typ not in ID_PREFIXES:
            outputs[key] = name
        outputs["id"] = id_
        return id_, outputs

    def physical_name(self, args: MockResourceArgs) -> str:
        return auto_name(args.typ, args.name, args.inputs)

    def arn(self, service: str, resource: str) -> str:
        return f"arn:{PARTITION}:{service}:{self.region}:{self.account}:{resource}"

    # ------------------------------------------------------------ invokes
    def _zones(self, args: Inputs) -> Outputs:
        zones = self.backend("ec2").describe_availability_zones()
        return {
            "names": [z.name for z in zones],
            "zoneIds": [z.zone_id for z in zones],
            "id": self.region,
            "state": args.get("state", "available"),
            "groupNames": [],
        }

    def _get_vpc(self, args: Inputs) -> Outputs:
        ec2 = self.backend("ec2")
        vpc_id = args.get("id")
        vpcs = ec2.describe_vpcs(
            vpc_ids=[vpc_id] if vpc_id else None,
            filters={"is-default": "true"} if args.get("default") else None,
        )
        vpc = vpcs[0]
        return {
            "id": vpc.id,
            "cidrBlock": vpc.cidr_block,
            "state": vpc.state,
            "enableDnsHostnames": bool(vpc.enable_dns_hostnames),
            "enableDnsSupport": bool(vpc.enable_dns_support),
            "default": vpc.is_default,
            "arn": self.arn("ec2", f"vpc/{vpc.id}"),
            "ownerId": self.account,
        }

    def _get_subnets(self, args: Inputs) -> Outputs:
        filters = {f["name"]: f["values"] for f in args.get("filters") or []}
        subnets = self.backend("ec2").describe_subnets(filters=filters or None)
        return {"ids": [s.id for s in subnets], "id": self.region}

    def _get_subnet(self, args: Inputs) -> Outputs:
        subnet = self.backend("ec2").get_subnet(args["id"])
        return {
            "id": subnet.id,
            "vpcId": subnet.vpc_id,
            "cidrBlock": subnet.cidr_block,
            "availabilityZone": subnet.availability_zone,
            "arn": self.arn("ec2", f"subnet/{subnet.id}"),
        }

    # ------------------------------------------------------------ EC2
    def _tag_ec2(self, resource_id: str, inputs: Inputs) -> None:
        if inputs.get("tags"):
            self.backend("ec2").create_tags([resource_id], _tags_map(inputs["tags"]))

    def _vpc(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        ec2, i = self.backend("ec2"), args.inputs
        vpc = ec2.create_vpc(
            cidr_block=i.get("cidrBlock", "10.0.0.0/16"),
            instance_tenancy=i.get("instanceTenancy", "default"),
        )
        ec2.modify_vpc_attribute(
            vpc.id, "enable_dns_hostnames", bool(i.get("enableDnsHostnames", False))
        )
        ec2.modify_vpc_attribute(
            vpc.id, "enable_dns_support", bool(i.get("enableDnsSupport", True))
        )
        self._tag_ec2(vpc.id, i)
        default_sg = ec2.get_security_group_from_name("default", vpc.id)
        out.update(
            arn=self.arn("ec2", f"vpc/{vpc.id}"),
            ownerId=self.account,
            defaultSecurityGroupId=default_sg.id if default_sg else "",
            mainRouteTableId="rtb-" + stable_hash("main", vpc.id),
            defaultNetworkAclId="acl-" + stable_hash("acl", vpc.id),
            enableDnsSupport=bool(i.get("enableDnsSupport", True)),
            enableDnsHostnames=bool(i.get("enableDnsHostnames", False)),
        )
        return str(vpc.id)

    def _subnet(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        ec2, i = self.backend("ec2"), args.inputs
        subnet = ec2.create_subnet(
            vpc_id=i["vpcId"],
            cidr_block=i["cidrBlock"],
            availability_zone=i.get("availabilityZone"),
            availability_zone_id=i.get("availabilityZoneId"),
        )
        self._tag_ec2(subnet.id, i)
        out.update(
            arn=self.arn("ec2", f"subnet/{subnet.id}"),
            ownerId=self.account,
            availabilityZone=subnet.availability_zone,
            availabilityZoneId=subnet.availability_zone_id,
            mapPublicIpOnLaunch=bool(i.get("mapPublicIpOnLaunch", False)),
        )
        return str(subnet.id)

    def _security_group(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        ec2, i = self.backend("ec2"), args.inputs
        group = ec2.create_security_group(
            name=name,
            description=i.get("description") or "Managed by Pulumi",
            vpc_id=i.get("vpcId"),
        )
        self._tag_ec2(group.id, i)
        out.update(
            name=name, arn=self.arn("ec2", f"security-group/{group.id}"), ownerId=self.account
        )
        return str(group.id)

    # ------------------------------------------------------------ IAM
    def _role(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        role = self.backend("iam").create_role(
            role_name=name,
            assume_role_policy_document=i.get("assumeRolePolicy", "{}"),
            path=i.get("path", "/"),
            permissions_boundary=i.get("permissionsBoundary"),
            description=i.get("description", ""),
            tags=_tags_list(i.get("tags")),
            max_session_duration=str(i["maxSessionDuration"])
            if i.get("maxSessionDuration")
            else None,
        )
        out.update(name=name, arn=role.arn, uniqueId=role.id)
        return name

    def _role_policy(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        role = str(args.inputs["role"])
        self.backend("iam").put_role_policy(
            role_name=role, policy_name=name, policy_json=args.inputs.get("policy", "{}")
        )
        out["name"] = name
        return f"{role}:{name}"

    def _role_policy_attachment(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        role, policy = str(args.inputs["role"]), str(args.inputs["policyArn"])
        iam = self.backend("iam")
        if policy.split(":")[4:5] == ["aws"] and policy not in iam.managed_policies:
            # AWS-managed policies exist in every account; moto loads its copy of them only
            # when asked to (seconds of JSON), so the role is only checked to exist.
            iam.get_role(role)
        else:
            iam.attach_role_policy(policy_arn=policy, role_name=role)
        return f"{role}-{stable_hash(policy, length=8)}"

    def _oidc_provider(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        provider = self.backend("iam").create_open_id_connect_provider(
            url=i["url"],
            thumbprint_list=list(i.get("thumbprintLists") or []),
            client_id_list=list(i.get("clientIdLists") or []),
            tags=_tags_list(i.get("tags")),
        )
        out["arn"] = provider.arn
        return str(provider.arn)

    # ------------------------------------------------------------ CloudWatch Logs
    def _log_group(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        logs, i = self.backend("logs"), args.inputs
        logs.create_log_group(name, _tags_map(i.get("tags")))
        if i.get("retentionInDays"):
            logs.put_retention_policy(name, int(i["retentionInDays"]))
        out.update(name=name, arn=self.arn("logs", f"log-group:{name}"))
        return name

    # ------------------------------------------------------------ ECS
    def _ecs_cluster(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        cluster = self.backend("ecs").create_cluster(
            cluster_name=name,
            tags=_tags_list(i.get("tags"), "key", "value"),
            cluster_settings=i.get("settings"),
        )
        out.update(name=name, arn=cluster.arn)
        return str(cluster.arn)

    def _capacity_providers(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        self.backend("ecs").put_cluster_capacity_providers(
            cluster_name=i["clusterName"],
            capacity_providers=list(i.get("capacityProviders") or []),
            default_capacity_provider_strategy=_strategy(
                i.get("defaultCapacityProviderStrategies")
            ),
        )
        return str(i["clusterName"])

    def _task_definition(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        containers = i.get("containerDefinitions", "[]")
        td = self.backend("ecs").register_task_definition(
            family=name,
            container_definitions=json.loads(containers)
            if isinstance(containers, str)
            else containers,
            volumes=i.get("volumes"),
            network_mode=i.get("networkMode"),
            tags=_tags_list(i.get("tags"), "key", "value"),
            requires_compatibilities=i.get("requiresCompatibilities"),
            cpu=str(i["cpu"]) if i.get("cpu") is not None else None,
            memory=str(i["memory"]) if i.get("memory") is not None else None,
            task_role_arn=i.get("taskRoleArn"),
            execution_role_arn=i.get("executionRoleArn"),
            runtime_platform=i.get("runtimePlatform"),
            pid_mode=i.get("pidMode"),
            ipc_mode=i.get("ipcMode"),
            ephemeral_storage=i.get("ephemeralStorage"),
        )
        out.update(
            family=name,
            arn=td.arn,
            revision=td.revision,
            arnWithoutRevision=td.arn.rsplit(":", 1)[0],
        )
        return name

    def _ecs_service(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        network = i.get("networkConfiguration")
        strategy = _strategy(i.get("capacityProviderStrategies"))
        service = self.backend("ecs").create_service(
            cluster_str=i.get("cluster", "default"),
            service_name=name,
            desired_count=int(i.get("desiredCount", 1)),
            task_definition_str=i.get("taskDefinition"),
            load_balancers=[{k: v for k, v in lb.items()} for lb in i.get("loadBalancers") or []],
            tags=_tags_list(i.get("tags"), "key", "value"),
            # moto knows launch types only; a Fargate strategy runs on Fargate either way
            launch_type=i.get("launchType") or ("FARGATE" if strategy else None),
            platform_version=i.get("platformVersion"),
            propagate_tags=i.get("propagateTags") or "NONE",
            network_configuration=None
            if not network
            else {
                "awsvpcConfiguration": {
                    "subnets": list(network.get("subnets") or []),
                    "securityGroups": list(network.get("securityGroups") or []),
                    "assignPublicIp": "ENABLED" if network.get("assignPublicIp") else "DISABLED",
                }
            },
        )
        if strategy:
            # moto 5 drops capacityProviderStrategy on CreateService; its DescribeServices
            # serialises this model attribute, so boto3 sees the strategy AWS would keep.
            service.capacity_provider_strategy = strategy
            service.launch_type = None
        out.update(name=name, arn=service.arn)
        return str(service.arn)

    # ------------------------------------------------------------ EKS
    def _eks_cluster(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        vpc = dict(i.get("vpcConfig") or {})
        cluster = self.backend("eks").create_cluster(
            name=name,
            role_arn=i.get("roleArn", ""),
            resources_vpc_config={k: v for k, v in vpc.items()},
            version=i.get("version"),
            logging={
                "clusterLogging": [
                    {"types": list(i.get("enabledClusterLogTypes") or []), "enabled": True}
                ]
            },
            tags=_tags_map(i.get("tags")),
        )
        issuer = cluster.identity["oidc"]["issuer"]
        if issuer.endswith("/id/") or "/id/" not in issuer:  # moto shares one issuer per region
            issuer = issuer.rstrip("/") + "/" + stable_hash(name, length=32).upper()
        vpc["clusterSecurityGroupId"] = "sg-" + stable_hash("eks-cluster-sg", name)
        vpc["vpcId"] = vpc.get("vpcId") or self._vpc_of(vpc.get("subnetIds") or [])
        out.update(
            name=name,
            arn=cluster.arn,
            endpoint=cluster.endpoint,
            certificateAuthority={"data": cluster.certificate_authority["data"]},
            identities=[{"oidcs": [{"issuer": issuer}]}],
            status=cluster.status,
            platformVersion=getattr(cluster, "platform_version", "eks.1"),
            version=cluster.version,
            vpcConfig=vpc,
        )
        return name

    def _vpc_of(self, subnet_ids: list[str]) -> str:
        for subnet_id in subnet_ids:
            return str(self.backend("ec2").get_subnet(subnet_id).vpc_id)
        return ""

    def _fargate_profile(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        cluster = str(i["clusterName"])
        profile = self.backend("eks").create_fargate_profile(
            fargate_profile_name=name,
            cluster_name=cluster,
            selectors=[
                {"namespace": s.get("namespace"), "labels": dict(s.get("labels") or {})}
                for s in i.get("selectors") or []
            ],
            pod_execution_role_arn=i.get("podExecutionRoleArn", ""),
            subnets=list(i.get("subnetIds") or []),
            tags=_tags_map(i.get("tags")),
        )
        out.update(fargateProfileName=name, arn=profile.fargate_profile_arn, status=profile.status)
        return f"{cluster}:{name}"

    # ------------------------------------------------------------ ELBv2
    def _load_balancer(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        lb = self.backend("elbv2").create_load_balancer(
            name=name,
            security_groups=list(i.get("securityGroups") or []),
            subnet_ids=list(i.get("subnets") or []),
            scheme="internal" if i.get("internal") else "internet-facing",
            loadbalancer_type=i.get("loadBalancerType", "application"),
            tags=_tags_list(i.get("tags")),
        )
        out.update(
            name=name,
            arn=lb.arn,
            arnSuffix=lb.arn.split(":", 5)[5].removeprefix("loadbalancer/"),
            dnsName=lb.dns_name,
            zoneId="Z35SXDOTRQ7X7K",
            vpcId=lb.vpc_id,
        )
        return str(lb.arn)

    def _target_group(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        health = i.get("healthCheck") or {}
        group = self.backend("elbv2").create_target_group(
            name,
            protocol=i.get("protocol"),
            port=str(i["port"]) if i.get("port") else None,
            vpc_id=i.get("vpcId"),
            target_type=i.get("targetType", "instance"),
            healthcheck_path=health.get("path"),
            healthcheck_protocol=health.get("protocol"),
            tags=_tags_list(i.get("tags")),
        )
        out.update(name=name, arn=group.arn, arnSuffix=group.arn.split(":", 5)[5])
        return str(group.arn)

    # ------------------------------------------------------------ Application Auto Scaling
    def _scaling_target(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        self.backend("applicationautoscaling").register_scalable_target(
            i["serviceNamespace"],
            i["resourceId"],
            i["scalableDimension"],
            int(i["minCapacity"]),
            int(i["maxCapacity"]),
            i.get("roleArn", ""),
            None,
        )
        out["arn"] = self.arn(
            "application-autoscaling", f"scalable-target/{stable_hash(i['resourceId'], length=20)}"
        )
        return f"{i['serviceNamespace']}/{i['resourceId']}/{i['scalableDimension']}"

    def _scaling_policy(self, args: MockResourceArgs, name: str, out: Outputs) -> str:
        i = args.inputs
        body = (
            {
                "TargetTrackingScalingPolicyConfiguration": _pascal(
                    i["targetTrackingScalingPolicyConfiguration"]
                )
            }
            if i.get("targetTrackingScalingPolicyConfiguration")
            else {
                "StepScalingPolicyConfiguration": _pascal(
                    i.get("stepScalingPolicyConfiguration") or {}
                )
            }
        )
        policy = self.backend("applicationautoscaling").put_scaling_policy(
            name,
            i["serviceNamespace"],
            i["resourceId"],
            i["scalableDimension"],
            body,
            i.get("policyType", "StepScaling"),
        )
        out.update(name=name, arn=policy.policy_arn)
        return name

    # ------------------------------------------------------------ Kubernetes
    def _kubernetes(self, args: MockResourceArgs, out: Outputs) -> tuple[str, Outputs]:
        """Kubernetes objects: what the API server would echo (metadata with a uid)."""
        meta = dict(out.get("metadata") or {})
        meta.setdefault("name", f"{args.name}-{stable_hash(args.typ, args.name, length=8)}")
        meta["uid"] = stable_hash("uid", args.typ, args.name, length=32)
        out["metadata"] = meta
        namespace = meta.get("namespace")
        return (f"{namespace}/{meta['name']}" if namespace else str(meta["name"])), out


# moto's documented settings: without this its EC2 backend registers ~1,300 sample AMIs, each
# with a volume and a snapshot, whenever it is created or reset (a third of a second and tens of
# MB per run); a preview launches no instance.
MOTO_SETTINGS = {"MOTO_EC2_LOAD_DEFAULT_AMIS": "false"}


@contextlib.contextmanager
def moto_settings(values: dict[str, str] = MOTO_SETTINGS) -> Iterator[None]:
    """moto's environment settings for the duration (those the user set are kept), restored
    after: wrap ``mock_aws()`` in it, since moto resets its backends when the mock ends."""
    added = {k: v for k, v in values.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def _pascal(value: Any) -> Any:
    """camelCase keys -> the PascalCase the Application Auto Scaling API uses."""
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: _pascal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal(v) for v in value]
    return value


def _is_moto_error(error: Exception) -> bool:
    module = type(error).__module__ or ""
    return module.startswith("moto.") or (hasattr(error, "code") and hasattr(error, "message"))


def _aws_message(error: Exception) -> str:
    code = getattr(error, "error_type", None) or getattr(error, "code", None)
    message = getattr(error, "message", None) or str(error)
    text = " ".join(str(message).split())
    return f"{code}: {text}" if isinstance(code, str) and code else text
