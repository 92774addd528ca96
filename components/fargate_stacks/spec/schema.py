"""JSON Schemas for editors: of a bare spec, and of a ``Pulumi.<stack>.yaml`` stack config whose
``config`` holds the spec under ``fargate-stacks:spec`` beside other keys (``aws:region``...)."""

from __future__ import annotations

from typing import Any

from .loader import CONFIG_KEY
from .models import StackSpec

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def spec_schema() -> dict[str, Any]:
    """The schema of a bare spec file (the value of ``fargate-stacks:spec``)."""
    doc = StackSpec.model_json_schema(by_alias=True)
    doc["$schema"] = DRAFT
    doc["title"] = "fargate-stacks spec"
    return doc


def stack_config_schema() -> dict[str, Any]:
    """The schema of a Pulumi stack config file holding a spec: other config keys stay free."""
    spec = spec_schema()
    defs = spec.pop("$defs", {})
    spec.pop("$schema")
    return {
        "$schema": DRAFT,
        "title": "Pulumi stack config with a fargate-stacks spec",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "properties": {
                    CONFIG_KEY: spec,
                    "aws:region": {"type": "string", "examples": ["us-east-1"]},
                },
                "required": [CONFIG_KEY],
                "additionalProperties": True,
            },
        },
        "required": ["config"],
        "additionalProperties": True,
        "$defs": defs,
    }
