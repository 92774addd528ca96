"""The offline preview: run a Pulumi program with mocks answered by moto, capture the resource
graph, check it with the policy pack and price it. No AWS account, Pulumi CLI or backend."""

from .graph import CapturedResource, ResourceGraph
from .result import PreviewRejected, PreviewResult
from .runner import preview_stack, release, run_program, session

__all__ = [
    "CapturedResource",
    "PreviewRejected",
    "PreviewResult",
    "ResourceGraph",
    "preview_stack",
    "release",
    "run_program",
    "session",
]
