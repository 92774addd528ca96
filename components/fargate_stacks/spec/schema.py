"""JSON Schemas for editors: of a bare spec, and of a ``Pulumi.<stack>.yaml`` stack config whose
``config`` holds the spec under ``fargate-stacks:spec`` beside other keys (``aws:region``...).

The schema is the spec's reference: every field has a title that reads as words, a
description, its default and an example (tests check all four), and it accepts the shapes the
loader accepts (shorthands such as ``loadBalancer: public`` included) and no others; a property
test draws specs from it to compare. pydantic writes most of it; :func:`_finish` fixes what its
output says differently from the loader: a map whose keys follow a pattern comes out as
``patternProperties``, which lets any key that does *not* match through unchecked.
"""

from __future__ import annotations

from typing import Any

from .loader import CONFIG_KEY
from .models import StackSpec, title_words

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def spec_schema() -> dict[str, Any]:
    """The schema of a bare spec file (the value of ``fargate-stacks:spec``)."""
    doc = StackSpec.model_json_schema(by_alias=True)
    doc["$schema"] = DRAFT
    doc["title"] = "fargate-stacks spec"
    _finish(doc)
    for model in doc.get("$defs", {}).values():
        _finish(model)
    return doc


def _finish(model: dict[str, Any]) -> None:
    for key, prop in model.get("properties", {}).items():
        prop.setdefault("title", title_words(key))
        for schema in (prop, *prop.get("anyOf", [])):
            _keys_by_name(schema)


def _keys_by_name(schema: dict[str, Any]) -> None:
    """``{patternProperties: {P: V}}`` -> ``{propertyNames: {pattern: P}, additionalProperties:
    V}``: every key must match P, as the loader requires, instead of only matching keys
    being checked."""
    patterns = schema.get("patternProperties")
    if schema.get("type") != "object" or not patterns or len(patterns) != 1:
        return
    ((pattern, value),) = patterns.items()
    del schema["patternProperties"]
    names = schema.setdefault("propertyNames", {})
    names["pattern"] = pattern
    schema["additionalProperties"] = value


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
