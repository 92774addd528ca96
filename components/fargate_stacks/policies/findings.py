"""What a rule reports. A :class:`Violation` is what a rule function yields (a message and the
path of the offending value below its subject); the runner turns it into a :class:`Finding`,
which adds the rule name, the enforcement level and where the subject came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["mandatory", "advisory"]
# A rule's setting once a policy config is read (Pulumi's remediate reported as mandatory, see
# config.py): the level its findings carry, or off.
Setting = Literal["mandatory", "advisory", "disabled"]
PathKey = tuple[str | int, ...]

FINDING_KEYS = ("rule", "level", "resource", "file", "line", "message")


@dataclass(frozen=True)
class Violation:
    """One thing a rule refuses: a message saying what to change, and where (relative path)."""

    message: str
    path: PathKey = ()


@dataclass(frozen=True)
class Finding:
    """One violation of one rule by one resource, as every output format reports it."""

    rule: str
    level: Level
    resource: str  # ``Kind/name`` for files, the URN for Pulumi resources
    message: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINDING_KEYS}

    @property
    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.file or "", self.line or 0, self.rule, self.resource, self.message)
