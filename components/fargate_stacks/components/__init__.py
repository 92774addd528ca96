"""The Pulumi components: plain ``pulumi_aws`` resources grouped under ComponentResources.

Import them from :mod:`fargate_stacks` (lazily loaded there) or from their modules; this package
imports nothing itself so the pure layers never pay for the Pulumi SDK.
"""
