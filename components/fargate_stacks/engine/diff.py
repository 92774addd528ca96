"""What a change to a stack does to its resources: two offline previews compared by URN.

Each resource of the new preview is a ``create`` (its URN is new), an ``update`` (inputs
changed, listed by path), a ``replace`` (a changed input forces a new resource:
:mod:`.replace`) or unchanged; each resource only the old preview has is a ``delete``.

Only inputs are compared, never outputs: ids, ARNs and other values mocked AWS invents differ
between two runs as soon as one more resource shifts moto's random sequence. An input that holds
a value another resource invented (a security group id, a role ARN) is compared as a reference to
that resource's output (``<aws:ec2:SecurityGroup web-api-tasks.id>``), so it changes only when the
reference does, or when the referenced resource is replaced (then it is known after apply, as
``pulumi preview`` says, and may itself force a replacement). JSON held in a string input (a task
definition's containerDefinitions, an IAM policy) is compared as JSON, so a changed image shows
as ``containerDefinitions[0].image``. Secret inputs are compared but never shown.

A rename in the spec changes URNs, which Pulumi carries out as a delete of everything beneath
the old name and a create of everything beneath the new one: :func:`diff_results` pairs such
deletes and creates (same type, same shape below the renamed component) and says which alias
keeps them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..constraints.model import UNKNOWN
from .graph import SECRET, CapturedResource, short_type
from .replace import STATEFUL, replace_reasons, rule_text
from .result import PreviewResult

Action = Literal["create", "update", "replace", "delete"]
ACTIONS: tuple[Action, ...] = ("create", "update", "replace", "delete")
KNOWN_AFTER_APPLY = "(known after apply)"
MIN_INVENTED = 6  # shorter output strings are too likely to be ordinary words to treat as refs
SHOWN = 60  # characters of a changed value a report shows


@dataclass
class PathChange:
    """One input path that changes, with both values as a report may show them."""

    path: str
    old: str
    new: str


@dataclass
class Change:
    urn: str
    type: str
    name: str
    action: Action
    paths: list[PathChange] = field(default_factory=list)
    replace_reasons: list[str] = field(default_factory=list)
    custom: bool = True
    parent: str | None = None
    renamed_from: str | None = None  # the old URN when this create is the other half of a rename

    def to_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "action": self.action,
            "paths": [p.path for p in self.paths],
            "values": [{"path": p.path, "old": p.old, "new": p.new} for p in self.paths],
            "replaceReasons": [
                {"path": r, "why": rule_text(self.type, r)} for r in self.replace_reasons
            ],
            "renamedFrom": self.renamed_from,
        }


@dataclass
class Rename:
    """A component whose URN changed with the spec: deleted under the old name, created under
    the new one. ``pairs`` are the resources beneath it, old URN -> new URN, with what Pulumi
    would do to each if the alias were there (``update``/``replace``/``same``)."""

    type: str
    old_urn: str
    new_urn: str
    old_name: str
    new_name: str
    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)  # old, new, type, plan
    stateful: list[tuple[str, str, str]] = field(default_factory=list)  # type, old name, what

    @property
    def alias(self) -> str:
        """The resource option that keeps the old resources: children named with the parent's
        name as a prefix inherit the alias (pulumi ``runtime.resource.inherited_child_alias``)."""
        return f'opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="{self.old_name}")])'

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "oldUrn": self.old_urn,
            "newUrn": self.new_urn,
            "oldName": self.old_name,
            "newName": self.new_name,
            "resources": len(self.pairs),
            "alias": self.alias,
            "withAlias": [
                {"old": o, "new": n, "type": t, "action": plan} for o, n, t, plan in self.pairs
            ],
            "statefulLost": [{"type": t, "name": n, "loses": w} for t, n, w in self.stateful],
        }


@dataclass
class ResourceDiff:
    changes: list[Change]  # create/update/replace in the new graph's order, then deletes
    renames: list[Rename]
    unchanged: list[str]  # URNs of the new graph with no change

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        for change in self.changes:
            counts[change.action] += 1
        return {**counts, "same": len(self.unchanged)}


def key_of(urn: str) -> str:
    """The URN without its stack and project: two stack files are compared as one stack."""
    parts = urn.split("::", 2)
    return parts[2] if len(parts) == 3 else urn


@dataclass
class _Side:
    """One preview, with its inputs normalised for comparison."""

    by_key: dict[str, CapturedResource]
    inputs: dict[str, Any]  # key -> normalised inputs
    refs: dict[str, list[tuple[str, str, str]]]  # key -> [(path, referenced key, its token)]


def _side(result: PreviewResult) -> _Side:
    invented: dict[str, tuple[str, str]] = {}  # value -> (token, key)
    by_key: dict[str, CapturedResource] = {}
    for r in result.graph.resources:
        key = key_of(r.urn)
        by_key[key] = r
        if not r.custom:
            continue
        label = f"{short_type(r.type)} {r.name}"
        own: dict[str, tuple[str, str]] = {}
        if isinstance(r.id, str) and len(r.id) >= MIN_INVENTED:
            own[r.id] = (f"<{label}.id>", key)
        for name, value in r.outputs.items():
            if name not in r.inputs:
                _invented(value, f"{label}.{name}", key, own)
        given = _strings(r.inputs)  # an id made of the resource's own inputs (a Kubernetes
        for value, token in own.items():  # object's namespace/name) is not invented
            if value not in given:
                invented.setdefault(value, token)
    inputs: dict[str, Any] = {}
    refs: dict[str, list[tuple[str, str, str]]] = {}
    for key, r in by_key.items():
        found: list[tuple[str, str, str]] = []
        inputs[key] = {k: _normal(v, invented, k, found) for k, v in r.inputs.items()}
        refs[key] = found
    return _Side(by_key, inputs, refs)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, Mapping):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _invented(value: Any, where: str, key: str, into: dict[str, tuple[str, str]]) -> None:
    """Every string of an output the program did not give (nested ones too: an EKS cluster's
    ``certificateAuthority.data``), as the reference token that stands for it."""
    if isinstance(value, str):
        if len(value) >= MIN_INVENTED:
            into.setdefault(value, (f"<{where}>", key))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _invented(v, f"{where}.{k}", key, into)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _invented(v, f"{where}[{i}]", key, into)


def _normal(
    value: Any,
    invented: Mapping[str, tuple[str, str]],
    path: str,
    found: list[tuple[str, str, str]],
) -> Any:
    if isinstance(value, str):
        if value == UNKNOWN:
            return KNOWN_AFTER_APPLY
        hit = invented.get(value)
        if hit is not None:
            found.append((path, hit[1], hit[0]))
            return hit[0]
        if value[:1] in "[{":
            try:
                parsed = json.loads(value)
            except ValueError:
                return value
            if isinstance(parsed, (dict, list)):
                return _normal(parsed, invented, path, found)
        return value
    if isinstance(value, Mapping):
        return {str(k): _normal(v, invented, f"{path}.{k}", found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        # named like _differences names them, so a reference's path is the changed path
        named = _named(list(value))
        return [
            _normal(v, invented, f"{path}[name={v['name']}]" if named else f"{path}[{i}]", found)
            for i, v in enumerate(value)
        ]
    return value


def _differences(old: Any, new: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    """``(path, old value, new value)`` where ``old`` and ``new`` differ; a value known only
    after apply matches any. Lists of named objects (containers, volumes) are matched by name,
    ``[name=x]``; other lists element by element, the surplus of the longer one as added or
    removed elements. The values are recorded here, where the change is found: a path is for
    reading, never parsed back (keys hold dots: ``alb.ingress.kubernetes.io/scheme``)."""
    if old == new or KNOWN_AFTER_APPLY in (old, new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for k in sorted({*old, *new}):
            a, b = old.get(k), new.get(k)
            if a is None and b is None:
                continue
            _differences(a, b, f"{path}.{k}" if path else k, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_named, new_named = _named(old), _named(new)
        if old_named is not None and new_named is not None:
            for name in [*new_named, *(n for n in old_named if n not in new_named)]:
                _differences(old_named.get(name), new_named.get(name), f"{path}[name={name}]", out)
            return
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            _differences(a, b, f"{path}[{i}]", out)
        return
    out.append((path, old, new))


def _named(items: list[Any]) -> dict[str, Any] | None:
    """``{name: item}`` when every item is an object with a distinct string ``name``."""
    names = [i.get("name") if isinstance(i, Mapping) else None for i in items]
    if not items or not all(isinstance(n, str) for n in names) or len(set(names)) < len(names):
        return None
    return dict(zip(names, items, strict=True))  # type: ignore[arg-type]


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _path_changes(
    found: Iterable[tuple[str, Any, Any]], secret: frozenset[str]
) -> list[PathChange]:
    out = []
    for path, old, new in found:
        top = path.split(".")[0].split("[")[0]  # an input's name (camelCase: no dot in it)
        if top in secret:
            out.append(PathChange(path, SECRET, SECRET))
        else:
            out.append(PathChange(path, _shown(old), _shown(new)))
    return out


def diff_results(old: PreviewResult, new: PreviewResult) -> ResourceDiff:
    """Compare two previews of one stack (see the module docstring). Linear in the resources."""
    a, b = _side(old), _side(new)
    changes: dict[str, Change] = {}
    unchanged: list[str] = []
    replaced: set[str] = set()
    for key, r in b.by_key.items():
        if key not in a.by_key:
            changes[key] = Change(r.urn, r.type, r.name, "create", custom=r.custom, parent=r.parent)
            continue
        # a reference to a resource replaced earlier in the graph is known only after apply
        after = [(path, token) for path, target, token in b.refs[key] if target in replaced]
        found, reasons = _plan(a.by_key[key], r, _found(a, b, key, key), after)
        if not found:
            unchanged.append(r.urn)
            continue
        action: Action = "replace" if reasons else "update"
        if action == "replace":
            replaced.add(key)
        secret = r.secret_inputs | a.by_key[key].secret_inputs
        details = _path_changes(found, secret)
        for detail in details:
            if any(p == detail.path and t in replaced for p, t, _ in b.refs[key]):
                detail.new = KNOWN_AFTER_APPLY
        changes[key] = Change(r.urn, r.type, r.name, action, details, reasons, r.custom, r.parent)
    deletes = [
        Change(r.urn, r.type, r.name, "delete", custom=r.custom, parent=r.parent)
        for key, r in a.by_key.items()
        if key not in b.by_key
    ]
    renames = _renames(a, b, deletes, changes)
    return ResourceDiff([*changes.values(), *deletes], renames, unchanged)


def _plan(
    old: CapturedResource,
    new: CapturedResource,
    found: list[tuple[str, Any, Any]],
    known_after_apply: Iterable[tuple[str, str]] = (),
) -> tuple[list[tuple[str, Any, Any]], list[str]]:
    """What Pulumi would plan for one resource from its input differences: those its
    ``ignoreChanges`` does not cover, plus references known only after apply (path, token);
    and the paths that force a replacement (the provider's rules, ``replaceOnChanges``). No
    difference left: unchanged; reasons: replace; else update."""
    kept = [f for f in found if not _option_covers(new.ignore_changes, f[0])]
    for path, token in known_after_apply:
        if path not in {f[0] for f in kept}:
            kept.append((path, token, KNOWN_AFTER_APPLY))
    paths = [f[0] for f in kept]
    reasons = replace_reasons(new.type, paths, old.inputs, new.inputs) if paths else []
    reasons += [p for p in paths if p not in reasons and _option_covers(new.replace_on_changes, p)]
    return kept, reasons


def _option_covers(option_paths: Iterable[str], path: str) -> bool:
    """A resource option's property path (``ignoreChanges``/``replaceOnChanges``: ``desiredCount``,
    ``spec.replicas``, ``*``) covers the diff path ``path`` and everything below it."""
    for option in option_paths:
        if option == "*" or path == option or path.startswith((option + ".", option + "[")):
            return True
    return False


def _children(side: _Side) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, r in side.by_key.items():
        if r.parent:
            out.setdefault(key_of(r.parent), []).append(key)
    return out


def _descendants(key: str, children: Mapping[str, list[str]]) -> list[str]:
    out, stack = [], [key]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(children.get(current, [])))
    return out


def _shape(key: str, side: _Side, children: Mapping[str, list[str]]) -> dict[tuple[str, str], str]:
    """(type, name relative to the component's name) -> key, for the component and below."""
    top = side.by_key[key].name
    shape = {}
    for k in _descendants(key, children):
        r = side.by_key[k]
        relative = "*" + r.name[len(top) :] if r.name.startswith(top) else r.name
        shape[(r.type, relative)] = k
    return shape


def _renames(a: _Side, b: _Side, deletes: list[Change], changes: dict[str, Change]) -> list[Rename]:
    """Deleted components paired with created ones of the same type and shape."""
    old_children, new_children = _children(a), _children(b)
    deleted = {key_of(c.urn) for c in deletes}
    created = [k for k, c in changes.items() if c.action == "create"]  # in change order
    created_set = set(created)
    # only the topmost deleted/created components: their descendants go with them
    old_tops = [
        key_of(c.urn)
        for c in deletes
        if not c.custom and not (c.parent and key_of(c.parent) in deleted)
    ]
    new_tops = [
        k
        for k in created
        if not changes[k].custom
        and not (changes[k].parent and key_of(changes[k].parent or "") in created_set)
    ]
    renames: list[Rename] = []
    taken: set[str] = set()
    new_shapes = {k: _shape(k, b, new_children) for k in new_tops}
    for old_key in old_tops:
        old_shape = _shape(old_key, a, old_children)
        candidates = [
            new_key
            for new_key in new_tops
            if new_key not in taken
            and b.by_key[new_key].type == a.by_key[old_key].type
            and set(new_shapes[new_key]) == set(old_shape)
        ]
        if not candidates:
            continue
        old_name = a.by_key[old_key].name
        # of components of one shape, the one whose inputs differ least, then the closest
        # name, then the first in change order (min keeps the first of equals)
        new_key = min(
            candidates,
            key=lambda k: (
                sum(
                    len(_found(a, b, old_k, new_shapes[k][shape]))
                    for shape, old_k in old_shape.items()
                ),
                -difflib.SequenceMatcher(None, old_name, b.by_key[k].name).ratio(),
            ),
        )
        taken.add(new_key)
        renames.append(_rename(a, b, old_key, new_key, old_shape, new_shapes[new_key]))
        for shape_key, new_k in new_shapes[new_key].items():
            changes[new_k].renamed_from = a.by_key[old_shape[shape_key]].urn
    return renames


def _found(a: _Side, b: _Side, old_key: str, new_key: str) -> list[tuple[str, Any, Any]]:
    """The input differences between a resource of the old side and one of the new."""
    found: list[tuple[str, Any, Any]] = []
    _differences(a.inputs[old_key], b.inputs[new_key], "", found)
    return found


def _rename(
    a: _Side,
    b: _Side,
    old_key: str,
    new_key: str,
    old_shape: Mapping[tuple[str, str], str],
    new_shape: Mapping[tuple[str, str], str],
) -> Rename:
    old_top, new_top = a.by_key[old_key], b.by_key[new_key]
    rename = Rename(old_top.type, old_top.urn, new_top.urn, old_top.name, new_top.name)
    for shape_key, old_k in old_shape.items():
        new_k = new_shape[shape_key]
        old_r, new_r = a.by_key[old_k], b.by_key[new_k]
        found, reasons = _plan(old_r, new_r, _found(a, b, old_k, new_k))
        plan = "same" if not found else "replace" if reasons else "update"
        rename.pairs.append((old_r.urn, new_r.urn, new_r.type, plan))
        if old_r.type in STATEFUL:
            rename.stateful.append((old_r.type, old_r.name, STATEFUL[old_r.type]))
    return rename
