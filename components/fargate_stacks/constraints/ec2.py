"""EC2 (VPC, subnets, gateways, routes, security groups, endpoints): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/ec2`` (6.x) and the botocore 1.44.8
EC2 model, whose members carry their limits only in words (``api_doc``); each pattern here is a
transcription of those words. The trap: a security group's *rule* descriptions are checked at
plan, the *group's* own description only by EC2 (an apostrophe there passes ``pulumi preview``
and fails ``pulumi up``).
"""

from __future__ import annotations

from .model import (
    CidrNetwork,
    Ipv4Cidr,
    Length,
    NoPrefix,
    OneOf,
    Pattern,
    Rule,
    api_doc,
    botocore,
    provider,
)

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
EIP = "aws:ec2/eip:Eip"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"

# "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*": EC2's words for group names, group
# descriptions and rule descriptions; the provider's validSecurityGroupRuleDescription is the
# same set (`^[A-Za-z0-9 \.\_\-\:\/\(\)\#\,\@\[\]\+\=\&\;\{\}\!\$\*]*$`).
SG_TEXT = Pattern(
    r"[A-Za-z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*",
    "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
)
_SG_GO = "internal/service/ec2/vpc_security_group.go"
_RULE_DESCRIPTION = provider(
    "internal/service/ec2/validate.go", "validSecurityGroupRuleDescription"
)

RULES: tuple[Rule, ...] = (
    # security groups
    Rule(
        SECURITY_GROUP,
        "name",
        Length(0, 255),
        "plan",
        provider(_SG_GO, "name StringLenBetween(0, 255)"),
    ),
    Rule(
        SECURITY_GROUP,
        "name",
        NoPrefix("sg-"),
        "plan",
        provider(_SG_GO, 'name StringDoesNotMatch("^sg-")'),
    ),
    Rule(
        SECURITY_GROUP, "name", SG_TEXT, "api", api_doc("ec2", "CreateSecurityGroup", "GroupName")
    ),
    Rule(
        SECURITY_GROUP,
        "description",
        Length(0, 255),
        "plan",
        provider(_SG_GO, "description StringLenBetween(0, 255)"),
    ),
    Rule(
        SECURITY_GROUP,
        "description",
        SG_TEXT,
        "api",
        api_doc("ec2", "CreateSecurityGroup", "Description"),
        "the provider checks only the length of a group's description",
    ),
    *(
        Rule(SECURITY_GROUP, f"{side}[].description", check, "plan", _RULE_DESCRIPTION)
        for side in ("ingress", "egress")
        for check in (Length(0, 255), SG_TEXT)
    ),
    *(
        Rule(
            SECURITY_GROUP,
            f"{side}[].cidrBlocks[]",
            Ipv4Cidr(),
            "plan",
            provider("internal/verify/validate.go", "ValidIPv4CIDRNetworkAddress"),
        )
        for side in ("ingress", "egress")
    ),
    # the VPC and its subnets
    Rule(
        VPC,
        "cidrBlock",
        Ipv4Cidr(16, 28),
        "plan",
        provider("internal/service/ec2/vpc_.go", "cidr_block IsCIDRNetwork(16, 28)"),
    ),
    Rule(
        VPC,
        "instanceTenancy",
        OneOf(("default", "dedicated")),
        "plan",
        provider("internal/service/ec2/vpc_.go", "instance_tenancy StringInSlice"),
    ),
    Rule(
        SUBNET,
        "cidrBlock",
        Ipv4Cidr(),
        "plan",
        provider("internal/service/ec2/vpc_subnet.go", "cidr_block ValidIPv4CIDRNetworkAddress"),
    ),
    Rule(
        ROUTE_TABLE,
        "routes[].cidrBlock",
        Ipv4Cidr(),
        "plan",
        provider(
            "internal/service/ec2/vpc_route_table.go",
            "route.cidr_block ValidIPv4CIDRNetworkAddress",
        ),
    ),
    Rule(
        ROUTE_TABLE,
        "routes[].ipv6CidrBlock",
        CidrNetwork(),
        "plan",
        provider(
            "internal/service/ec2/vpc_route_table.go",
            "route.ipv6_cidr_block ValidIPv6CIDRNetworkAddress",
        ),
    ),
    # gateways and endpoints
    Rule(
        EIP,
        "domain",
        OneOf(("vpc", "standard")),
        "api",
        botocore("ec2", "AllocateAddress", "Domain"),
    ),
    Rule(
        NAT_GATEWAY,
        "connectivityType",
        OneOf(("private", "public")),
        "api",
        botocore("ec2", "CreateNatGateway", "ConnectivityType"),
    ),
    Rule(
        VPC_ENDPOINT,
        "vpcEndpointType",
        OneOf(
            ("Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork", "Tunnel")
        ),
        "api",
        botocore("ec2", "CreateVpcEndpoint", "VpcEndpointType"),
    ),
)
