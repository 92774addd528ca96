"""Every constraint that cites a botocore model member says what that member says.

The models ship with botocore (installed offline), so the limits are read from them here and
compared with the data in fargate_stacks.constraints: a typo in a number, a pattern or an
enum, or a model member that does not exist, fails.
"""

from __future__ import annotations

from typing import Any

import botocore
import botocore.loaders
import pytest

from fargate_stacks.constraints import ALL_TAG_RULES, RULES, Rule
from fargate_stacks.constraints.model import (
    BOTOCORE_VERSION,
    Count,
    Length,
    NoPrefix,
    OneOf,
    Pattern,
    Printable,
    UnicodeChars,
)

_LOADER = botocore.loaders.Loader()
CITED = [r for r in (*RULES, *ALL_TAG_RULES) if r.source.member is not None]


def _shape(service: str, operation: str, member: str) -> dict[str, Any]:
    """The model shape at ``member`` (``Tags[].Key``, ``tags{key}``, ``a.b``) of the input."""
    model = _LOADER.load_service_model(service, "service-2")
    shape = model["shapes"][model["operations"][operation]["input"]["shape"]]
    path = member.replace("[]", ".[]").replace("{key}", ".{key}").replace("{value}", ".{value}")
    for part in filter(None, path.split(".")):
        if part == "[]":
            name = shape["member"]["shape"]
        elif part in ("{key}", "{value}"):
            name = shape[part.strip("{}")]["shape"]
        else:
            members = {k.lower(): v for k, v in shape["members"].items()}
            name = members[part.lower()]["shape"]  # the inputs' camelCase, the model's case
        shape = model["shapes"][name]
    return dict(shape)


def test_the_installed_models_are_the_ones_read() -> None:
    assert botocore.__version__ == BOTOCORE_VERSION


def test_every_cited_member_exists() -> None:
    assert len(CITED) > 60
    for rule in CITED:
        assert rule.source.member is not None
        _shape(*rule.source.member)  # raises KeyError for a member the model does not have


@pytest.mark.parametrize("rule", [r for r in CITED if r.source.kind == "botocore"], ids=repr)
def test_botocore_limits_are_the_models(rule: Rule) -> None:
    assert rule.source.member is not None
    shape = _shape(*rule.source.member)
    check = rule.check
    if isinstance(check, Length):
        assert check.max == shape["max"]
        # a map or list minimum of one tag is no rule (the provider sends no empty map)
        assert check.min == shape.get("min", 0) or check.min == 0
    elif isinstance(check, Count):
        assert check.max == shape["max"]
    elif isinstance(check, OneOf):
        assert set(check.values) == set(shape["enum"])
    elif isinstance(check, Pattern):
        # the model's pattern, or the same set of characters written for Python's re
        assert "pattern" in shape
        assert check.regex in (shape["pattern"], shape["pattern"].replace("\\w", "0-9A-Za-z_"))
    elif isinstance(check, UnicodeChars):
        # [\p{L}\p{Z}\p{N}_.:/=+\-@]: the categories and the extra characters, in any anchoring
        pattern = shape["pattern"]
        assert all(f"\\p{{{c}}}" in pattern for c in check.categories)
        assert all(ch in pattern for ch in check.extra)
    elif isinstance(check, Printable):
        assert shape["pattern"] == "\\p{Print}+"
    elif isinstance(check, NoPrefix):
        assert f"(?!{check.prefix})" in shape["pattern"]
    else:
        pytest.fail(f"no comparison for {type(check).__name__} ({rule.field})")


def test_tag_limits_match_every_service_model() -> None:
    """1-128 / 0-256 in every model the tag rules cite (EC2 documents 127 in words)."""
    lengths = [
        r for r in ALL_TAG_RULES if isinstance(r.check, Length) and r.source.kind == "botocore"
    ]
    assert {r.check.max for r in lengths if isinstance(r.check, Length)} == {128, 256}
