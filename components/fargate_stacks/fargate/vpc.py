"""What a new VPC of a stack holds that AWS bills by the hour, counted one way for all.

The network component creates these resources and the cost estimate prices them; both read the
counts from here, so the bill cannot drift from what is deployed:

* NAT gateways: none, one shared by every private subnet (``single``), or one per Availability
  Zone (``per-az``), each with an Elastic IP (a public IPv4 address, billed since 2024-02-01);
* interface VPC endpoints: each spec endpoint name opens one or more AWS service endpoints, each
  placed in every private subnet (one per zone), which PrivateLink bills "for each hour that
  your VPC endpoint remains provisioned in each Availability Zone" (aws.amazon.com/privatelink/
  pricing); gateway endpoints (S3) are free;
* an adopted VPC (``vpcId``) creates none of these: what it already has is not this stack's bill.
"""

from __future__ import annotations

from collections.abc import Iterable

# Interface endpoints per spec endpoint name (service suffix after com.amazonaws.<region>.).
# ECR needs both api and dkr for pulls (and S3 for the layers); ECS Exec and SSM need three.
INTERFACE_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "ecr": ("ecr.api", "ecr.dkr"),
    "logs": ("logs",),
    "ssm": ("ssm", "ssmmessages", "ec2messages"),
}
GATEWAY_ENDPOINTS: dict[str, tuple[str, ...]] = {"s3": ("s3",)}


def nat_gateway_count(nat: str, az_count: int) -> int:
    """How many NAT gateways (and Elastic IPs) a new VPC gets for its ``nat`` setting."""
    if nat == "none":
        return 0
    return az_count if nat == "per-az" else 1


def interface_services(endpoints: Iterable[str]) -> list[str]:
    """The interface endpoints' AWS services for the spec's endpoint names, in creation order."""
    return [s for e in sorted(endpoints) for s in INTERFACE_ENDPOINTS.get(e, ())]


def gateway_services(endpoints: Iterable[str]) -> list[str]:
    """The gateway endpoints' AWS services (free) for the spec's endpoint names."""
    return [s for e in sorted(endpoints) for s in GATEWAY_ENDPOINTS.get(e, ())]
