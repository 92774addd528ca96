"""Entry point that `pulumi preview` / `pulumi up` run for this project (see Pulumi.yaml)."""

from fargate_stacks.program import main

main()
