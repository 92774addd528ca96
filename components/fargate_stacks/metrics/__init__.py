"""What a stack's services and workloads really used, read from the AWS account they run in.

The one place outside the offline engine that calls AWS, and only ``fargate-stacks rightsize``
imports it: the command exists to read an account, every other command works offline. It is
not part of ``engine/`` because the engine is the offline run (Pulumi mocks answered by moto)
and must never reach a real account; here it is the other way round. Everything it learns
becomes :class:`~fargate_stacks.fargate.recommend.Usage` and
:class:`~fargate_stacks.fargate.recommend.Advice`, and ``fargate/recommend`` decides.

boto3 comes with the ``preview`` extra, like the command line: it is imported by the modules
below, which only the command imports.
"""
