"""Mocks for EKS runs: the shared recording mocks plus what EKS answers about a cluster.

``pulumi_harness.RecordingMocks`` gives clusters a name and an ARN; the EKS components also read
the endpoint, the certificate authority, the OIDC issuer and the cluster security group, which
AWS reports once the cluster exists. The OIDC provider's ARN is built as IAM builds it.
"""

from __future__ import annotations

from typing import Any

import pulumi

from pulumi_harness import ACCOUNT, PARTITION, RecordingMocks, stable_hash


class EksMocks(RecordingMocks):
    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        id_, outputs = super().new_resource(args)
        if args.typ == "aws:eks/cluster:Cluster":
            h = stable_hash(args.typ, args.name, length=32).upper()
            outputs["endpoint"] = f"https://{h}.gr7.{self.region}.eks.amazonaws.com"
            outputs["certificateAuthority"] = {"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"}
            outputs["identities"] = [
                {"oidcs": [{"issuer": f"https://oidc.eks.{self.region}.amazonaws.com/id/{h}"}]}
            ]
            vpc_config = dict(outputs.get("vpcConfig") or {})
            vpc_config["clusterSecurityGroupId"] = "sg-" + stable_hash("cluster-sg", args.name)
            outputs["vpcConfig"] = vpc_config
            outputs["status"] = "ACTIVE"
        if args.typ == "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            url = str(args.inputs.get("url", "")).removeprefix("https://")
            outputs["arn"] = f"arn:{PARTITION}:iam::{ACCOUNT}:oidc-provider/{url}"
        if args.typ == "aws:eks/fargateProfile:FargateProfile":
            outputs["arn"] = (
                f"arn:{PARTITION}:eks:{self.region}:{ACCOUNT}:fargateprofile/"
                f"{args.inputs.get('clusterName')}/{args.inputs.get('fargateProfileName')}/"
                + stable_hash(args.name, length=8)
            )
        self.states[(args.typ, args.name)] = outputs
        return id_, outputs
