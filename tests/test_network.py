"""The Network component under Pulumi mocks: subnets, NAT, routes, endpoints, an adopted VPC."""

from __future__ import annotations

import ipaddress
import itertools

import pytest

from fargate_stacks.components.network import Network, NetworkArgs, subnet_cidrs
from fargate_stacks.spec.models import NetworkSpec
from pulumi_harness import RunResult, run

TAGS = {"team": "platform"}


def build(spec: dict[str, object]) -> RunResult:
    def program() -> dict[str, object]:
        net = Network("network", NetworkArgs.from_spec(NetworkSpec.model_validate(spec), TAGS))
        return {
            "vpcId": net.vpc_id,
            "vpcCidr": net.vpc_cidr,
            "private": net.private_subnet_ids,
            "public": net.public_subnet_ids,
        }

    return run(program, stack="dev")


@pytest.fixture(scope="module")
def per_az() -> RunResult:
    return build(
        {
            "cidr": "10.30.0.0/16",
            "azCount": 3,
            "nat": "per-az",
            "endpoints": ["ecr", "logs", "s3", "ssm"],
        }
    )


@pytest.fixture(scope="module")
def single() -> RunResult:
    return build({"cidr": "10.20.0.0/16", "azCount": 2, "nat": "single"})


@pytest.fixture(scope="module")
def existing() -> RunResult:
    return build(
        {
            "vpcId": "vpc-0123456789abcdef0",
            "privateSubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            "publicSubnetIds": ["subnet-0123456789abcdef2"],
        }
    )


def test_vpc_has_dns_for_awsvpc_tasks_and_endpoints(per_az: RunResult) -> None:
    vpc = per_az.one("aws:ec2/vpc:Vpc")
    assert vpc.inputs["cidrBlock"] == "10.30.0.0/16"
    assert vpc.inputs["enableDnsHostnames"] is True and vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["tags"]["team"] == "platform"
    assert per_az.outputs["vpcId"] == vpc.id and per_az.outputs["vpcCidr"] == "10.30.0.0/16"
    component = per_az.one("fargate-stacks:network:Network")
    assert all(r.parent == component.urn for r in per_az.resources if r.custom)


def test_one_public_and_one_private_subnet_per_zone(per_az: RunResult) -> None:
    subnets = {s.name: s for s in per_az.of_type("aws:ec2/subnet:Subnet")}
    assert sorted(subnets) == [
        f"network-{kind}-{i}" for kind in ("private", "public") for i in (1, 2, 3)
    ]
    private = [subnets[f"network-private-{i}"] for i in (1, 2, 3)]
    public = [subnets[f"network-public-{i}"] for i in (1, 2, 3)]
    assert per_az.outputs["private"] == [s.id for s in private]
    assert per_az.outputs["public"] == [s.id for s in public]
    assert [s.inputs["availabilityZone"] for s in private] == [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
    ]
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets.values())
    private_cidrs, public_cidrs = subnet_cidrs("10.30.0.0/16", 3)
    assert [s.inputs["cidrBlock"] for s in private] == private_cidrs
    assert [s.inputs["cidrBlock"] for s in public] == public_cidrs


@pytest.mark.parametrize("prefix", [16, 20, 24])
@pytest.mark.parametrize("zones", [1, 2, 3, 4, 5, 6])
def test_subnet_cidrs_fit_the_vpc_and_never_overlap(prefix: int, zones: int) -> None:
    vpc = ipaddress.IPv4Network(f"10.0.0.0/{prefix}")
    private, public = subnet_cidrs(str(vpc), zones)
    nets = [ipaddress.IPv4Network(c) for c in private + public]
    assert len(private) == len(public) == zones
    assert all(n.subnet_of(vpc) and n.prefixlen <= 28 for n in nets)
    assert not any(a.overlaps(b) for a, b in itertools.combinations(nets, 2))
    assert subnet_cidrs(str(vpc), zones) == (private, public)


def test_per_az_nat_routes_each_private_zone_through_its_own_gateway(per_az: RunResult) -> None:
    nats = {n.name: n for n in per_az.of_type("aws:ec2/natGateway:NatGateway")}
    assert sorted(nats) == ["network-nat-1", "network-nat-2", "network-nat-3"]
    public_ids = per_az.outputs["public"]
    assert [nats[f"network-nat-{i}"].inputs["subnetId"] for i in (1, 2, 3)] == public_ids
    assert all(e.inputs["domain"] == "vpc" for e in per_az.of_type("aws:ec2/eip:Eip"))
    for i in (1, 2, 3):
        table = per_az.one("aws:ec2/routeTable:RouteTable", f"network-private-{i}")
        assert [r["natGatewayId"] for r in table.inputs["routes"]] == [nats[f"network-nat-{i}"].id]
        assert table.inputs["routes"][0]["cidrBlock"] == "0.0.0.0/0"
    public = per_az.one("aws:ec2/routeTable:RouteTable", "network-public")
    igw = per_az.one("aws:ec2/internetGateway:InternetGateway")
    assert public.inputs["routes"] == [{"cidrBlock": "0.0.0.0/0", "gatewayId": igw.id}]
    associations = {
        a.name: a for a in per_az.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
    }
    assert {associations[f"network-public-{i}"].inputs["routeTableId"] for i in (1, 2, 3)} == {
        public.id
    }


def test_single_nat_serves_every_private_zone(single: RunResult) -> None:
    (nat,) = single.of_type("aws:ec2/natGateway:NatGateway")
    assert nat.inputs["subnetId"] == single.outputs["public"][0]
    for i in (1, 2):
        table = single.one("aws:ec2/routeTable:RouteTable", f"network-private-{i}")
        assert table.inputs["routes"][0]["natGatewayId"] == nat.id
    assert not single.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")


def test_no_nat_leaves_private_zones_without_a_default_route() -> None:
    result = build(
        {"cidr": "10.40.0.0/16", "azCount": 2, "nat": "none", "endpoints": ["ecr", "s3"]}
    )
    assert not result.of_type("aws:ec2/natGateway:NatGateway")
    assert not result.of_type("aws:ec2/eip:Eip")
    for i in (1, 2):
        assert (
            result.one("aws:ec2/routeTable:RouteTable", f"network-private-{i}").inputs.get(
                "routes", []
            )
            == []
        )


def test_interface_endpoints_are_private_and_admit_https_from_the_vpc_only(
    per_az: RunResult,
) -> None:
    endpoints = {e.name: e for e in per_az.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")}
    interface = {n: e for n, e in endpoints.items() if e.inputs["vpcEndpointType"] == "Interface"}
    assert {e.inputs["serviceName"] for e in interface.values()} == {
        f"com.amazonaws.us-east-1.{s}"
        for s in ("ecr.api", "ecr.dkr", "logs", "ssm", "ssmmessages", "ec2messages")
    }
    sg = per_az.one("aws:ec2/securityGroup:SecurityGroup", "network-endpoints")
    assert sg.inputs["ingress"] == [
        {
            "protocol": "tcp",
            "fromPort": 443,
            "toPort": 443,
            "cidrBlocks": ["10.30.0.0/16"],
            "description": "HTTPS from the VPC",
        }
    ]
    for e in interface.values():
        assert e.inputs["privateDnsEnabled"] is True
        assert e.inputs["subnetIds"] == per_az.outputs["private"]
        assert e.inputs["securityGroupIds"] == [sg.id]
    s3 = endpoints["network-s3"]
    assert s3.inputs["vpcEndpointType"] == "Gateway"
    assert s3.inputs["serviceName"] == "com.amazonaws.us-east-1.s3"
    private_tables = [
        per_az.one("aws:ec2/routeTable:RouteTable", f"network-private-{i}").id for i in (1, 2, 3)
    ]
    assert s3.inputs["routeTableIds"] == private_tables


def test_existing_vpc_is_adopted_without_creating_anything(existing: RunResult) -> None:
    assert [r.type for r in existing.resources] == ["fargate-stacks:network:Network"]
    assert existing.outputs == {
        "vpcId": "vpc-0123456789abcdef0",
        "vpcCidr": "10.0.0.0/16",
        "private": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        "public": ["subnet-0123456789abcdef2"],
    }


def _bill_counts(spec: dict[str, object]) -> tuple[int, int, int]:
    """(NAT gateways, their Elastic IPs, endpoint-AZs) as the cost estimate counts them."""
    from decimal import Decimal

    from fargate_stacks.fargate.aws_prices import aws_prices_for
    from fargate_stacks.fargate.bill import HOURS, Bill, network_items
    from fargate_stacks.fargate.usage import DEFAULT_USAGE

    bill = Bill(aws_prices_for("us-east-1"), DEFAULT_USAGE)
    network_items(bill, NetworkSpec.model_validate(spec))

    def hours(unit: str) -> int:
        total = sum((i.quantity for i in bill.items if i.unit == unit), Decimal(0))
        return int(total / HOURS)

    return hours("NAT gateway-hour"), hours("IP-hour"), hours("endpoint-AZ-hour")


@pytest.mark.parametrize(
    "spec",
    [
        {"cidr": "10.30.0.0/16", "azCount": 3, "nat": "per-az", "endpoints": ["ecr", "ssm"]},
        {"cidr": "10.20.0.0/16", "azCount": 2, "nat": "single", "endpoints": ["logs", "s3"]},
        {"cidr": "10.40.0.0/16", "azCount": 2, "nat": "none", "endpoints": ["ecr", "s3"]},
        {
            "vpcId": "vpc-0123456789abcdef0",
            "privateSubnetIds": ["subnet-0123456789abcdef0"],
        },
    ],
    ids=["per-az", "single", "none", "adopted"],
)
def test_the_bill_counts_what_the_component_creates(spec: dict[str, object]) -> None:
    """One fact: the estimate's NAT gateways, Elastic IPs and endpoint-AZs are the resources
    the component registers (fargate/vpc.py), whatever the nat mode, zones and endpoints."""
    result = build(spec)
    interface = [
        e
        for e in result.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")
        if e.inputs["vpcEndpointType"] == "Interface"
    ]
    created = (
        len(result.of_type("aws:ec2/natGateway:NatGateway")),
        len(result.of_type("aws:ec2/eip:Eip")),
        sum(len(e.inputs["subnetIds"]) for e in interface),
    )
    assert _bill_counts(spec) == created
