"""A stack's resources as plain data, the way policies see them.

The offline preview builds these from the Pulumi mocks; the policy pack builds them from the
``PolicyResource`` objects the Pulumi CLI sends. Props are the resource's camelCase inputs, as
Pulumi passes them to policies (``containerDefinitions`` is a JSON string there). A value that is
not known during preview is :data:`~fargate_stacks.policies.values.UNKNOWN` or one of the wire
sentinels in :data:`~fargate_stacks.policies.values.UNKNOWN_SENTINELS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class GraphResource:
    """One resource of a stack: identity, inputs, and the edges cross-resource rules follow."""

    urn: str
    type: str
    name: str
    props: Mapping[str, Any]  # a dict, or the policy SDK's unknown-checking proxy
    parent: str | None = None
    dependencies: list[str] = field(default_factory=list)
    # property name -> URNs it depends on (e.g. a Fargate profile's "subnetIds"); optional
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
