"""What one input constraint is: a field of a Pulumi resource type, the values it allows, who
refuses the others and where that is written down.

Who refuses: the Terraform AWS provider that pulumi-aws is bridged from checks some fields while
``pulumi preview`` plans (``plan``: a ``ValidateFunc`` in terraform-provider-aws), AWS checks
others only when ``pulumi up`` creates the resource (``api``: the botocore model's ``pattern``,
``min``, ``max``, ``enum``, or the API reference's words where the model has none), and a few
values the provider drops without a word (``dropped``). moto checks almost none of them, so the
offline preview checks them all here.

Plain data and small pure checks with no Pulumi import: the spec (derived names, tags,
schedules) and the engine (every registered resource) read the same entries.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

Layer = Literal["plan", "api", "dropped"]
SourceKind = Literal["provider", "botocore", "botocore-doc", "docs"]

# What each layer means for the user: where the deploy would stop.
LAYER_TEXT: dict[str, str] = {
    "plan": "the AWS provider refuses it at plan, so pulumi preview fails",
    "api": "AWS refuses it at create, so pulumi up fails half-way",
    "dropped": "the AWS provider drops it without a word",
}
SOURCE_PREFIX: dict[str, str] = {
    "provider": "terraform-provider-aws",
    "botocore": "botocore model",
    "botocore-doc": "AWS API reference",
    "docs": "AWS docs",
}
# Pulumi's wire value for an output not known yet (pulumi/runtime/rpc.py UNKNOWN): an input
# that holds it is skipped, never flagged.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
BOTOCORE_VERSION = "1.44.8"  # the models the botocore entries were read from (a test re-reads them)


@dataclass(frozen=True)
class Source:
    """Where a limit is written. ``member`` (service, operation, member path such as
    ``Tags[].Key``) names the botocore model member, so a test can read the model and compare."""

    kind: SourceKind
    ref: str
    member: tuple[str, str, str] | None = None

    def __str__(self) -> str:
        return f"{SOURCE_PREFIX[self.kind]}: {self.ref}"


def provider(path: str, symbol: str) -> Source:
    """A terraform-provider-aws validator (``internal/service/...``, read 2026 for the 6.x line)."""
    return Source("provider", f"{path} {symbol}")


def botocore(service: str, operation: str, member: str) -> Source:
    """A botocore model limit (``pattern``/``min``/``max``/``enum`` of an input member)."""
    return Source("botocore", f"{service} {operation} {member}", (service, operation, member))


def api_doc(service: str, operation: str, member: str) -> Source:
    """The API reference's words for a member whose model has no machine-readable limit."""
    return Source("botocore-doc", f"{service} {operation} {member}", (service, operation, member))


def docs(page: str) -> Source:
    return Source("docs", page)


# ---------------------------------------------------------------- checks
# Each check answers None for a value it allows and a short phrase saying what is wrong
# otherwise. A value of another type than the check reads (a number for a string check) is
# left alone: the provider's schema refuses those before any validator runs.


@dataclass(frozen=True, slots=True)
class Length:
    """A string's length in characters (AWS counts Unicode characters, as ``len`` does)."""

    min: int = 0
    max: int | None = None

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        n = len(value)
        if self.max is not None and n > self.max:
            return f"{n} characters, over the limit of {self.max}"
        if n < self.min:
            return "empty" if n == 0 else f"{n} characters, under the minimum of {self.min}"
        return None


@dataclass(frozen=True, slots=True)
class Pattern:
    """The whole string matches ``regex`` (AWS and the provider match whole values)."""

    regex: str
    what: str  # the rule in words: "letters, digits and -"
    compiled: re.Pattern[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(self.regex))

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        return None if self.compiled.fullmatch(value) else f"allowed: {self.what}"


@dataclass(frozen=True, slots=True)
class UnicodeChars:
    """Every character is in one of the Unicode ``categories`` (first letters: ``L`` letters,
    ``Z`` separators, ``N`` numbers, as Java's ``\\p{L}``) or in ``extra``. Python's ``re`` has
    no ``\\p{..}`` classes, so the tag patterns of the IAM, ECS, ELBv2 and Logs models are read
    this way."""

    categories: str
    extra: str
    what: str

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        for ch in value:
            if ch not in self.extra and unicodedata.category(ch)[0] not in self.categories:
                return f"{ch!r} is not allowed ({self.what})"
        return None


@dataclass(frozen=True, slots=True)
class Printable:
    """Java's ``\\p{Print}``: printable ASCII (0x20-0x7E), at least one character."""

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        for ch in value:
            if not " " <= ch <= "~":
                return f"{ch!r} is not allowed (printable ASCII only)"
        return None if value else "empty"


@dataclass(frozen=True, slots=True)
class NoPrefix:
    prefix: str
    ignore_case: bool = False

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        head = value[: len(self.prefix)]
        same = head.lower() == self.prefix.lower() if self.ignore_case else head == self.prefix
        any_case = " (in any case)" if self.ignore_case else ""
        return f"must not begin with {self.prefix!r}{any_case}" if same else None


@dataclass(frozen=True, slots=True)
class NoSuffix:
    suffix: str

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, str) and value.endswith(self.suffix):
            return f"must not end with {self.suffix!r}"
        return None


@dataclass(frozen=True, slots=True)
class NeedsPrefix:
    prefix: str

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, str) and not value.startswith(self.prefix):
            return f"must begin with {self.prefix!r}"
        return None


@dataclass(frozen=True, slots=True)
class OneOf:
    values: tuple[Any, ...]
    ignore_case: bool = False

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, (dict, list)) or value is None:
            return None
        if self.ignore_case and isinstance(value, str):
            ok = value.lower() in {str(v).lower() for v in self.values}
        else:
            ok = value in self.values
        return None if ok else f"not one of {', '.join(str(v) for v in self.values)}"


@dataclass(frozen=True, slots=True)
class Between:
    """A number from ``low`` to ``high`` inclusive (numeric strings too: the provider reads
    some integers, such as a target group's deregistration delay, as strings)."""

    low: float
    high: float

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return None
        if not isinstance(value, (int, float)):
            return None
        if self.low <= value <= self.high:
            return None
        return f"not from {_num(self.low)} to {_num(self.high)}"


@dataclass(frozen=True, slots=True)
class Count:
    """How many items a list or map holds."""

    max: int
    min: int = 0
    what: str = "items"

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, (list, dict)):
            return None
        n = len(value)
        if n > self.max:
            return f"{n} {self.what}, over the limit of {self.max}"
        if n < self.min:
            return f"{n} {self.what}, under the minimum of {self.min}"
        return None


@dataclass(frozen=True, slots=True)
class Ipv4Cidr:
    """An IPv4 CIDR block written as its own network address (``10.0.0.0/16``, not
    ``10.0.0.1/16``), as the provider's ``ValidIPv4CIDRNetworkAddress`` requires."""

    min_prefix: int = 0
    max_prefix: int = 32

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        _, slash, bits = value.partition("/")
        try:
            network = ipaddress.IPv4Network(value, strict=True)
        except ValueError:
            try:
                network = ipaddress.IPv4Network(value, strict=False)
            except ValueError:
                return "not an IPv4 CIDR block"
            return f"not a network address (did you mean {network}?)"
        if not (slash and bits.isdigit()):  # a netmask, or no prefix: Go's ParseCIDR refuses
            return f"not a CIDR block in prefix form (did you mean {network}?)"
        if not self.min_prefix <= network.prefixlen <= self.max_prefix:
            return f"a /{network.prefixlen}: the prefix must be /{self.min_prefix} to /{self.max_prefix}"
        return None


@dataclass(frozen=True, slots=True)
class CidrNetwork:
    """``verify.ValidCIDRNetworkAddress``: an IPv4 or IPv6 CIDR block written as its network."""

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return "not a CIDR block"
        if str(network) != value:
            return f"not a network address (did you mean {network}?)"
        return None


_ARN = re.compile(
    r"arn:(?P<partition>aws(-[a-z]+)*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>aws|aws-managed|third-party|\d{12}|cw.{10}|):(?P<resource>.+)"
)


@dataclass(frozen=True, slots=True)
class Arn:
    """``verify.ValidARN``: partition ``aws(-x)*``, a region of the ``xx-name-N`` shape or none,
    an account of 12 digits (or ``aws`` for AWS-managed policies) or none, a resource."""

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str) or not value:
            return None
        match = _ARN.fullmatch(value)
        if match is None:
            return "not an ARN (arn:partition:service:region:account:resource)"
        region = match["region"]
        if region and not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
            return f"{region!r} is not a region"
        return None


@dataclass(frozen=True, slots=True)
class JsonText:
    """A string holding JSON (``what``: a JSON object, a JSON list)."""

    kind: type = dict

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as error:
            return f"not JSON ({error.msg} at character {error.pos})"
        if not isinstance(parsed, self.kind):
            return f"not a JSON {'object' if self.kind is dict else 'list'}"
        return None


@dataclass(frozen=True, slots=True)
class HttpsUrl:
    """``validOpenIDURL``: an https URL with a host and no query string."""

    def __call__(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.netloc:
            return "not an https:// URL"
        if parts.query:
            return "an OIDC issuer URL cannot contain query parameters"
        return None


@dataclass(frozen=True, slots=True)
class Predicate:
    """Any other rule: ``test`` answers what is wrong, or None (schedules, time zones)."""

    test: Callable[[str], str | None]

    def __call__(self, value: Any) -> str | None:
        return self.test(value) if isinstance(value, str) else None


Check = Callable[[Any], str | None]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One constraint: the ``field`` of resource ``type`` must pass ``check``; ``layer`` says
    who refuses a value that does not, ``source`` where that is written.

    ``field`` paths use the inputs' camelCase wire names: ``a.b`` (nested key), ``a[]`` (each
    list item), ``a{key}`` / ``a{value}`` (each map key / value), ``a#`` (a string holding JSON,
    parsed): ``egress[].description``, ``tags{key}``, ``containerDefinitions#[].name``.
    ``type`` is a Pulumi token (``aws:iam/role:Role``) or ``*`` in the tag tables, which
    :mod:`.tags` applies to every type of a service.
    """

    type: str
    field: str
    check: Check
    layer: Layer
    source: Source
    note: str = ""  # why, when the rule alone does not say
    # the rule holds only for resources whose inputs pass this (an ALB target group's matcher)
    applies: Callable[[Mapping[str, Any]], bool] | None = None

    def when(self, applies: Callable[[Mapping[str, Any]], bool]) -> Rule:
        return replace(self, applies=applies)


@dataclass(frozen=True)
class Violation:
    """A value that breaks a rule: where it is (``path``, with list indexes and map keys),
    the value itself and what is wrong."""

    rule: Rule
    path: str
    value: Any
    problem: str

    def describe(self, secret: bool = False, limit: int = 60) -> str:
        """``path "value": problem; who refuses it (source)``; a secret value is never shown."""
        shown = "[secret]" if secret else shorten(self.value, limit)
        return (
            f"{self.path} {shown}: {self.problem}; "
            f"{LAYER_TEXT[self.rule.layer]} ({self.rule.source})"
        )


def shorten(value: Any, limit: int = 60) -> str:
    """The value as JSON, cut to about ``limit`` characters: enough to recognise it."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) <= limit:
        return text
    return text[: limit - 4] + ('..."' if isinstance(value, str) else "...")


# ---------------------------------------------------------------- paths


Step = tuple[
    str, str
]  # ("key", name) | ("each", "") | ("keys", "") | ("values", "") | ("json", "")
_STEP = re.compile(r"([^.\[\]{}#]+)|(\[\])|(\{key\})|(\{value\})|(#)|(\.)")


def compile_path(path: str) -> tuple[Step, ...]:
    """``egress[].description`` -> ``(("key","egress"), ("each",""), ("key","description"))``."""
    steps: list[Step] = []
    position = 0
    for match in _STEP.finditer(path):
        if match.start() != position:
            raise ValueError(f"bad field path {path!r}")
        position = match.end()
        name, each, keys, values, parse, _dot = match.groups()
        if name:
            steps.append(("key", name))
        elif each:
            steps.append(("each", ""))
        elif keys:
            steps.append(("keys", ""))
        elif values:
            steps.append(("values", ""))
        elif parse:
            steps.append(("json", ""))
    if position != len(path):
        raise ValueError(f"bad field path {path!r}")
    return tuple(steps)


def values_at(data: Any, steps: Sequence[Step], where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (shown path, value) the steps reach in ``data``; absent keys and unknown values
    yield nothing."""
    if not steps:
        if data is None or data == UNKNOWN:
            return
        yield where, data
        return
    kind, name = steps[0]
    rest = steps[1:]
    if kind == "key":
        if isinstance(data, Mapping) and name in data:
            yield from values_at(data[name], rest, f"{where}.{name}" if where else name)
    elif kind == "each":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from values_at(item, rest, f"{where}[{i}]")
    elif kind == "keys":
        if isinstance(data, Mapping):
            for key in data:
                yield from values_at(key, rest, f"{where} key")
    elif kind == "values":
        if isinstance(data, Mapping):
            for key, item in data.items():
                yield from values_at(item, rest, f"{where}[{json.dumps(key)}]")
    elif kind == "json" and isinstance(data, str) and data != UNKNOWN:
        try:
            parsed = json.loads(data)
        except ValueError:
            return  # the field's own JSON rule says so
        yield from values_at(parsed, rest, where)


@dataclass
class FieldRules:
    """The rules of one field of one type, walked once per resource. ``keys``: the field's
    path when it is keys only (``name``, ``healthCheck.interval``), read without the walk."""

    field: str
    steps: tuple[Step, ...]
    rules: list[Rule] = dataclasses.field(default_factory=list)
    keys: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if all(kind == "key" for kind, _ in self.steps):
            self.keys = tuple(name for _, name in self.steps)

    def values(
        self, inputs: Mapping[str, Any]
    ) -> Iterator[tuple[str, Any]] | tuple[tuple[str, Any], ...]:
        """(shown path, value) pairs of this field in ``inputs`` (see :func:`values_at`)."""
        if self.keys is None:
            return values_at(inputs, self.steps)
        data: Any = inputs
        for key in self.keys:
            if not isinstance(data, Mapping) or key not in data:
                return ()
            data = data[key]
        if data is None or data == UNKNOWN:
            return ()
        return ((self.field, data),)
