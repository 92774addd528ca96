"""Entry point the Pulumi CLI runs (``python -m pulumi.policy <engine> policypack``)."""

from fargate_stacks.pack import build_pack

build_pack()
