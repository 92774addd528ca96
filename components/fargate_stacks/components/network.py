"""The network every Fargate task and pod of a stack runs in.

A new VPC spreads public and private subnets over N availability zones; tasks and pods go in the
private ones, load balancers and NAT gateways in the public ones. VPC endpoints let private tasks
pull images and ship logs without paying NAT data charges. An existing VPC is adopted as given.

Subnet CIDRs come from the VPC CIDR alone (``ipaddress``): the first half of the VPC holds the
private subnets, the second half the public ones, each half cut into the smallest power of two
that fits one subnet per zone. The same spec always yields the same CIDRs.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pulumi
import pulumi_aws as aws

from ..fargate import vpc as vpc_facts
from ..spec.models import NetworkSpec
from .known import concat, element

TOKEN = "fargate-stacks:network:Network"

HTTPS = 443
ANYWHERE = "0.0.0.0/0"
# Subnet tags the AWS Load Balancer Controller looks for (EKS ingresses), harmless for ECS.
PUBLIC_SUBNET_TAGS = {"kubernetes.io/role/elb": "1"}
PRIVATE_SUBNET_TAGS = {"kubernetes.io/role/internal-elb": "1"}


def subnet_cidrs(cidr: str, az_count: int) -> tuple[list[str], list[str]]:
    """(private, public) subnet CIDRs, one per zone, derived only from the VPC CIDR."""
    vpc = ipaddress.IPv4Network(cidr)
    private_half, public_half = vpc.subnets(prefixlen_diff=1)
    bits = math.ceil(math.log2(az_count)) if az_count > 1 else 0
    private = list(private_half.subnets(prefixlen_diff=bits))[:az_count]
    public = list(public_half.subnets(prefixlen_diff=bits))[:az_count]
    return [str(n) for n in private], [str(n) for n in public]


@dataclass(frozen=True)
class NetworkArgs:
    """A new VPC (``cidr``, ``az_count``, ``nat``, ``endpoints``) or an existing one
    (``vpc_id`` with its subnet ids)."""

    cidr: str = "10.0.0.0/16"
    az_count: int = 2
    nat: Literal["single", "per-az", "none"] = "single"
    endpoints: Sequence[str] = ()
    vpc_id: str | None = None
    private_subnet_ids: Sequence[str] = ()
    public_subnet_ids: Sequence[str] = ()
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: NetworkSpec, tags: dict[str, str] | None = None) -> NetworkArgs:
        return cls(
            cidr=spec.cidr,
            az_count=spec.az_count,
            nat=spec.nat,
            endpoints=tuple(spec.endpoints),
            vpc_id=spec.vpc_id,
            private_subnet_ids=tuple(spec.private_subnet_ids),
            public_subnet_ids=tuple(spec.public_subnet_ids),
            tags=dict(tags or {}),
        )


class Network(pulumi.ComponentResource):
    """VPC, subnets, gateways, routes and endpoints (or an adopted VPC).

    Attributes: ``vpc_id``, ``vpc_cidr``, ``private_subnet_ids``, ``public_subnet_ids``,
    ``private_route_table_ids``.
    """

    vpc_id: pulumi.Output[str]
    vpc_cidr: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[list[str]]
    public_subnet_ids: pulumi.Output[list[str]]
    private_route_table_ids: pulumi.Output[list[str]]

    def __init__(
        self, name: str, args: NetworkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TOKEN, name, None, opts)
        self._name = name
        self._args = args
        if args.vpc_id is not None:
            self._adopt(args)
        else:
            self._create(args)
        self.register_outputs(
            {
                "vpcId": self.vpc_id,
                "vpcCidr": self.vpc_cidr,
                "privateSubnetIds": self.private_subnet_ids,
                "publicSubnetIds": self.public_subnet_ids,
            }
        )

    # ------------------------------------------------------------ an existing VPC

    def _adopt(self, args: NetworkArgs) -> None:
        assert args.vpc_id is not None
        self.vpc_id = pulumi.Output.from_input(args.vpc_id)
        vpc = aws.ec2.get_vpc_output(id=args.vpc_id, opts=pulumi.InvokeOutputOptions(parent=self))
        self.vpc_cidr = vpc.cidr_block
        self.private_subnet_ids = pulumi.Output.from_input(list(args.private_subnet_ids))
        self.public_subnet_ids = pulumi.Output.from_input(list(args.public_subnet_ids))
        self.private_route_table_ids = pulumi.Output.from_input([])

    # ------------------------------------------------------------ a new VPC

    def _tags(self, what: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            **self._args.tags,
            **(extra or {}),
            "Name": f"{pulumi.get_stack()}-{self._name}-{what}",
        }

    def _opts(self, depends_on: Sequence[pulumi.Resource] | None = None) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, depends_on=depends_on)

    def _create(self, args: NetworkArgs) -> None:
        n = self._name
        vpc = aws.ec2.Vpc(
            f"{n}-vpc",
            cidr_block=args.cidr,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags=self._tags("vpc"),
            opts=self._opts(),
        )
        self.vpc_id = vpc.id
        self.vpc_cidr = vpc.cidr_block
        zones = aws.get_availability_zones_output(
            state="available", opts=pulumi.InvokeOutputOptions(parent=self)
        ).names
        private_cidrs, public_cidrs = subnet_cidrs(args.cidr, args.az_count)

        igw = aws.ec2.InternetGateway(
            f"{n}-igw", vpc_id=vpc.id, tags=self._tags("igw"), opts=self._opts()
        )
        public_rt = aws.ec2.RouteTable(
            f"{n}-public",
            vpc_id=vpc.id,
            tags=self._tags("public"),
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block=ANYWHERE, gateway_id=igw.id)],
            opts=self._opts(),
        )

        public_subnets: list[aws.ec2.Subnet] = []
        private_subnets: list[aws.ec2.Subnet] = []
        for i in range(args.az_count):
            zone = element(zones, i, "available zones in the region")
            az = str(i + 1)
            public = aws.ec2.Subnet(
                f"{n}-public-{az}",
                vpc_id=vpc.id,
                cidr_block=public_cidrs[i],
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=self._tags(f"public-{az}", PUBLIC_SUBNET_TAGS),
                opts=self._opts(),
            )
            aws.ec2.RouteTableAssociation(
                f"{n}-public-{az}",
                subnet_id=public.id,
                route_table_id=public_rt.id,
                opts=self._opts(),
            )
            private = aws.ec2.Subnet(
                f"{n}-private-{az}",
                vpc_id=vpc.id,
                cidr_block=private_cidrs[i],
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=self._tags(f"private-{az}", PRIVATE_SUBNET_TAGS),
                opts=self._opts(),
            )
            public_subnets.append(public)
            private_subnets.append(private)

        nat_ids = self._nats(args, public_subnets, igw)
        private_rts: list[aws.ec2.RouteTable] = []
        for i, private in enumerate(private_subnets):
            az = str(i + 1)
            routes = []
            if nat_ids:
                nat_id = nat_ids[i] if args.nat == "per-az" else nat_ids[0]
                routes = [aws.ec2.RouteTableRouteArgs(cidr_block=ANYWHERE, nat_gateway_id=nat_id)]
            rt = aws.ec2.RouteTable(
                f"{n}-private-{az}",
                vpc_id=vpc.id,
                routes=routes,
                tags=self._tags(f"private-{az}"),
                opts=self._opts(),
            )
            aws.ec2.RouteTableAssociation(
                f"{n}-private-{az}", subnet_id=private.id, route_table_id=rt.id, opts=self._opts()
            )
            private_rts.append(rt)

        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in public_subnets]).apply(list)
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private_subnets]).apply(list)
        self.private_route_table_ids = pulumi.Output.all(*[rt.id for rt in private_rts]).apply(list)
        self._endpoints(args, vpc, private_subnets, private_rts)

    def _nats(
        self, args: NetworkArgs, public_subnets: list[aws.ec2.Subnet], igw: aws.ec2.InternetGateway
    ) -> list[pulumi.Output[str]]:
        if args.nat == "none":
            return []
        count = vpc_facts.nat_gateway_count(args.nat, len(public_subnets))
        out = []
        for i in range(count):
            az = str(i + 1)
            eip = aws.ec2.Eip(
                f"{self._name}-nat-{az}",
                domain="vpc",
                tags=self._tags(f"nat-{az}"),
                opts=self._opts(depends_on=[igw]),
            )
            nat = aws.ec2.NatGateway(
                f"{self._name}-nat-{az}",
                allocation_id=eip.id,
                subnet_id=public_subnets[i].id,
                tags=self._tags(f"nat-{az}"),
                opts=self._opts(depends_on=[igw]),
            )
            out.append(nat.id)
        return out

    def _endpoints(
        self,
        args: NetworkArgs,
        vpc: aws.ec2.Vpc,
        private_subnets: list[aws.ec2.Subnet],
        private_rts: list[aws.ec2.RouteTable],
    ) -> None:
        interface = vpc_facts.interface_services(args.endpoints)
        gateway = vpc_facts.gateway_services(args.endpoints)
        if not (interface or gateway):
            return
        region = aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region
        n = self._name
        if interface:
            sg = aws.ec2.SecurityGroup(
                f"{n}-endpoints",
                vpc_id=vpc.id,
                description="VPC interface endpoints: HTTPS from inside the VPC",
                ingress=[
                    aws.ec2.SecurityGroupIngressArgs(
                        protocol="tcp",
                        from_port=HTTPS,
                        to_port=HTTPS,
                        cidr_blocks=[vpc.cidr_block],
                        description="HTTPS from the VPC",
                    )
                ],
                tags=self._tags("endpoints"),
                opts=self._opts(),
            )
            for service in interface:
                aws.ec2.VpcEndpoint(
                    f"{n}-{service.replace('.', '-')}",
                    vpc_id=vpc.id,
                    vpc_endpoint_type="Interface",
                    service_name=concat("com.amazonaws.", region, f".{service}"),
                    private_dns_enabled=True,
                    subnet_ids=[s.id for s in private_subnets],
                    security_group_ids=[sg.id],
                    tags=self._tags(service.replace(".", "-")),
                    opts=self._opts(),
                )
        for service in gateway:
            aws.ec2.VpcEndpoint(
                f"{n}-{service}",
                vpc_id=vpc.id,
                vpc_endpoint_type="Gateway",
                service_name=concat("com.amazonaws.", region, f".{service}"),
                route_table_ids=[rt.id for rt in private_rts],
                tags=self._tags(service),
                opts=self._opts(),
            )
