"""The ``fargate-stacks`` command line. Each command lives in a module of its own; heavy
libraries (Pulumi, boto3, moto) are imported inside the commands that need them, so ``--help``
stays instant."""
