"""The raw pulumi_aws floor: the same program (``build_stack``) on the same spec under Pulumi's
stock ``MockMonitor`` and a no-op ``Mocks`` (inputs echoed as outputs, invokes answered with the
few fields the program reads). No moto, no graph capture, no policies, no cost: what running
these resources through the Pulumi SDK costs at the least, as a Pulumi unit test would.

Run in a fresh process: ``python benchmarks/floor.py STACK_CONFIG``; prints one JSON line with
the number of resources registered, for ``run.py`` to check both sides built the same graph.
"""

from __future__ import annotations

import json
import sys
from typing import Any

ACCOUNT = "123456789012"
# Computed outputs the components read (besides ``arn`` and ``name``, which every custom resource
# gets): the least a mock must answer for the program to finish.
PLACEHOLDERS: dict[str, dict[str, Any]] = {
    "aws:lb/loadBalancer:LoadBalancer": {
        "arnSuffix": "app/lb/0",
        "dnsName": "lb.example.com",
        "zoneId": "Z0",
    },
    "aws:lb/targetGroup:TargetGroup": {"arnSuffix": "targetgroup/tg/0"},
    "aws:ecs/taskDefinition:TaskDefinition": {"revision": 1},
    "aws:eks/cluster:Cluster": {
        "endpoint": "https://eks.example.com",
        "certificateAuthority": {"data": "Q0E="},
        "identities": [{"oidcs": [{"issuer": "https://oidc.example.com/id/0"}]}],
        "vpcConfig": {"clusterSecurityGroupId": "sg-0"},
    },
}


def main(argv: list[str]) -> int:
    import pulumi
    from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks, set_all_config, set_mocks

    from fargate_stacks.spec.loader import load_spec

    loaded = load_spec(argv[0])
    region = loaded.region

    class NoopMocks(Mocks):
        """Echo inputs; answer the invokes the components make with the fields they read."""

        def __init__(self) -> None:
            self.count = 0

        def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
            self.count += 1
            outputs = dict(args.inputs)
            if args.custom:
                name = outputs.get("name") or args.name
                module, _, kind = args.typ.split(":")[1].partition("/")
                arn = f"arn:aws:{module}:{region}:{ACCOUNT}:{kind}/{name}"
                outputs = {"name": name, "arn": arn, **PLACEHOLDERS.get(args.typ, {}), **outputs}
            return f"{args.name}-id", outputs

        # Pulumi's MockMonitor takes a bare dict as well as the (dict, failures) it annotates
        def call(self, args: MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
            token = args.token
            if token.endswith("getAvailabilityZones"):
                return {
                    "names": [f"{region}{z}" for z in "abcdef"],
                    "zoneIds": [f"az{i}" for i in range(6)],
                }
            if token.endswith("getCallerIdentity"):
                return {"accountId": ACCOUNT}
            if token.endswith("getPartition"):
                return {"partition": "aws", "dnsSuffix": "amazonaws.com"}
            if token.endswith("getPolicyDocument"):
                return {"json": json.dumps(args.args, default=str)}
            return {"name": region, "region": region, "id": region}

    mocks = NoopMocks()
    set_all_config(
        {
            k: v if isinstance(v, str) else json.dumps(v)
            for k, v in {**loaded.config, "aws:region": region}.items()
        }
    )
    set_mocks(mocks, project="fargate-stacks", stack=loaded.stack, preview=False)

    from fargate_stacks.components.stack import build_stack

    @pulumi.runtime.test
    def program() -> Any:
        return pulumi.Output.from_input(build_stack(loaded.spec))

    program()
    print(json.dumps({"resources": mocks.count}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
