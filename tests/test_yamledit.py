"""yamledit: only the edited values change; every other character of the file stays as it was."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fargate_stacks.errors import InputError
from fargate_stacks.yamledit import ScalarEdit, apply_edits

MANIFEST = """\
# a Deployment as people write them: comments, quotes of every kind, odd spacing
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api   # trailing comment
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: "nginx:1.27"
          resources:
            requests:
              cpu: "1"          # quoted on purpose
              memory: '8Gi'
            limits: {cpu: 1, memory: 8Gi}
        - name: sidecar
          resources:
            requests:
              cpu:    100m
              memory: 64Mi
"""

APP = ("spec", "template", "spec", "containers", 0, "resources")
SIDECAR = ("spec", "template", "spec", "containers", 1, "resources")


def test_only_the_values_change_and_quotes_are_kept() -> None:
    edits = [
        ScalarEdit((*APP, "requests", "cpu"), "1"),
        ScalarEdit((*APP, "requests", "memory"), "7936Mi"),
        ScalarEdit((*APP, "limits", "cpu"), "1"),
        ScalarEdit((*APP, "limits", "memory"), "7936Mi"),
        ScalarEdit((*SIDECAR, "requests", "cpu"), "250m"),
    ]
    out = apply_edits(MANIFEST, edits, "deploy.yaml")
    expected = (
        MANIFEST.replace("memory: '8Gi'", "memory: '7936Mi'")
        .replace("{cpu: 1, memory: 8Gi}", "{cpu: 1, memory: 7936Mi}")
        .replace("cpu:    100m", "cpu:    250m")
    )
    assert out == expected
    data = yaml.safe_load(out)["spec"]["template"]["spec"]["containers"]
    assert data[0]["resources"]["requests"] == {"cpu": "1", "memory": "7936Mi"}  # still quoted
    assert data[0]["resources"]["limits"] == {"cpu": 1, "memory": "7936Mi"}  # still plain
    assert data[1]["resources"]["requests"]["cpu"] == "250m"


def test_crlf_line_endings_and_comments_are_kept() -> None:
    text = MANIFEST.replace("\n", "\r\n")
    out = apply_edits(text, [ScalarEdit((*SIDECAR, "requests", "memory"), "1Gi")], "w.yaml")
    assert out == text.replace("memory: 64Mi", "memory: 1Gi")
    assert out.count("\r\n") == text.count("\r\n") and "\n" not in out.replace("\r\n", "")


def test_flow_style_and_double_quotes_are_escaped() -> None:
    text = 'a: {cpu: 1, memory: "2Gi"}  # flow\nb: [x, "y"]\n'
    out = apply_edits(
        text,
        [
            ScalarEdit(("a", "memory"), 'say "hi"\\'),
            ScalarEdit(("b", 1), "z"),
            ScalarEdit(("a", "cpu"), "2"),
        ],
        "f.yaml",
    )
    assert out == 'a: {cpu: 2, memory: "say \\"hi\\"\\\\"}  # flow\nb: [x, "z"]\n'
    assert yaml.safe_load(out) == {"a": {"cpu": 2, "memory": 'say "hi"\\'}, "b": ["x", "z"]}


def test_single_quotes_double_their_quote() -> None:
    out = apply_edits("a: 'x'\n", [ScalarEdit(("a",), "it's")], "q.yaml")
    assert out == "a: 'it''s'\n" and yaml.safe_load(out) == {"a": "it's"}


def test_anchor_and_tag_are_kept_when_nothing_aliases_them() -> None:
    text = "a: &cpu !!str 500m # c\nb: 1\n"
    out = apply_edits(text, [ScalarEdit(("a",), "1")], "t.yaml")
    assert out == "a: &cpu !!str 1 # c\nb: 1\n" and yaml.safe_load(out)["a"] == "1"


def test_multi_document_paths_start_with_the_document_index() -> None:
    text = "kind: A\ncpu: 1\n---\n# second\nkind: B\ncpu: 2\n"
    out = apply_edits(text, [ScalarEdit((1, "cpu"), "4")], "m.yaml")
    assert out == text.replace("cpu: 2", "cpu: 4")
    with pytest.raises(InputError, match=r"m\.yaml:1:1: cpu: the file holds 2 documents"):
        apply_edits(text, [ScalarEdit(("cpu",), "4")], "m.yaml")


def test_a_single_document_with_a_start_marker_needs_no_index() -> None:
    text = "---\ncpu: 1\n...\n"
    assert apply_edits(text, [ScalarEdit(("cpu",), "2")], "s.yaml") == "---\ncpu: 2\n...\n"


def test_merge_keys_are_found_but_a_shared_anchor_is_refused() -> None:
    text = "base: &b\n  cpu: 1\n  memory: 2Gi\nsvc:\n  <<: *b\n  memory: 4Gi\n"
    # a key written in the merging mapping is its own value
    out = apply_edits(text, [ScalarEdit(("svc", "memory"), "3Gi")], "a.yaml")
    assert out == text.replace("memory: 4Gi", "memory: 3Gi")
    for path in (("svc", "cpu"), ("base", "cpu")):  # both are the one value under &b
        with pytest.raises(InputError, match="aliases also use") as caught:
            apply_edits(text, [ScalarEdit(path, "2")], "a.yaml")
        assert str(caught.value).startswith("a.yaml:2:")


def test_alias_of_a_scalar_is_refused_at_both_ends() -> None:
    text = "a: &x 1Gi\nb: *x\n"
    for path in (("a",), ("b",)):
        with pytest.raises(InputError, match=r"a\.yaml:1:4: .*an anchor that aliases also use"):
            apply_edits(text, [ScalarEdit(path, "2Gi")], "a.yaml")


@pytest.mark.parametrize(
    "text, path, message",
    [
        ("a:\n  b: 1\n", ("a", "c"), r"x\.yaml:2:3: a\.c: no value at a\.c"),
        ("a: [1, 2]\n", ("a", 2), r"x\.yaml:1:4: a\[2\]: no value at a\[2\]"),
        ("a:\n  b: 1\n", ("a",), r"x\.yaml:2:3: a: is a mapping, not a single value"),
        ("a:\n  - 1\n", ("a",), r"is a list, not a single value"),
        ("a: |\n  text\n", ("a",), r"x\.yaml:1:4: a: a block scalar"),
        ("a:\nb: 1\n", ("a",), r"x\.yaml:1:3: a: the value is empty"),
        ("a: 1\n", ("a", "b"), r"x\.yaml:1:4: a\.b: no value at a\.b"),
    ],
)
def test_refusals_name_the_file_and_line(text: str, path: tuple, message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_edits(text, [ScalarEdit(path, "2")], "x.yaml")


@pytest.mark.parametrize(
    "text, value",
    [
        ("a: 1\n", "b: c"),  # would become a mapping
        ("a: 1\n", "x # y"),  # the rest would be a comment
        ("a: {cpu: 1}\n", "1, b: 2"),  # would add a key to the flow mapping
        ("a: 1\n", ""),  # an empty plain value is null
        ("a: 1\n", "1\nb: 2"),
    ],
)
def test_a_value_yaml_would_misread_is_refused(text: str, value: str) -> None:
    with pytest.raises(InputError, match=r"x\.yaml:1:\d+: a.*: cannot write .* as a plain value"):
        apply_edits(text, [ScalarEdit(("a", "cpu") if "{" in text else ("a",), value)], "x.yaml")


def test_two_different_edits_of_one_value_are_refused() -> None:
    edits = [ScalarEdit(("a",), "1"), ScalarEdit(("a",), "2")]
    with pytest.raises(InputError, match="two different edits"):
        apply_edits("a: 0\n", edits, "x.yaml")
    assert apply_edits("a: 0\n", [edits[0], edits[0]], "x.yaml") == "a: 1\n"


def test_what_every_reader_refuses_is_refused_here_too() -> None:
    with pytest.raises(InputError, match=r"x\.yaml:2:1: a: duplicate key 'a'"):
        apply_edits("a: 1\na: 2\n", [ScalarEdit(("a",), "3")], "x.yaml")


def test_no_edits_returns_the_text_untouched() -> None:
    assert apply_edits("not: [valid", [], "x.yaml") == "not: [valid"


def test_non_ascii_before_the_value_keeps_offsets_right() -> None:
    text = "# 日本語 ünïcödé\nname: 'café'\ncpu: 1\n"
    assert apply_edits(text, [ScalarEdit(("cpu",), "2")], "u.yaml") == text.replace(
        "cpu: 1", "cpu: 2"
    )


quantity = st.from_regex(r"[1-9][0-9]{0,4}(m|Mi|Gi|G|M)?", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(cpu=quantity, memory=quantity, crlf=st.booleans())
def test_every_character_outside_the_spans_is_kept(cpu: str, memory: str, crlf: bool) -> None:
    text = MANIFEST.replace("\n", "\r\n") if crlf else MANIFEST
    edits = [
        ScalarEdit((*APP, "requests", "cpu"), cpu),
        ScalarEdit((*APP, "limits", "memory"), memory),
        ScalarEdit((*SIDECAR, "requests", "memory"), memory),
    ]
    out = apply_edits(text, edits, "p.yaml")
    expected = (
        text.replace('cpu: "1"', f'cpu: "{cpu}"')
        .replace("{cpu: 1, memory: 8Gi}", f"{{cpu: 1, memory: {memory}}}")
        .replace("memory: 64Mi", f"memory: {memory}")
    )
    assert out == expected
    loaded = yaml.safe_load(out)["spec"]["template"]["spec"]["containers"]
    assert loaded[0]["resources"]["requests"]["cpu"] == cpu  # quoted: a string whatever it is
    assert str(loaded[0]["resources"]["limits"]["memory"]) == memory
    assert str(loaded[1]["resources"]["requests"]["memory"]) == memory
    # and the text with the new values put back is the original, byte for byte
    back = apply_edits(
        out,
        [
            ScalarEdit((*APP, "requests", "cpu"), "1"),
            ScalarEdit((*APP, "limits", "memory"), "8Gi"),
            ScalarEdit((*SIDECAR, "requests", "memory"), "64Mi"),
        ],
        "p.yaml",
    )
    assert back == text
