"""Errors that carry a place in a file, so every bad input becomes one readable line.

The CLI turns an :class:`InputError` into ``file:line:col: field: message`` lines on stderr and
exit code 2. Nothing below the CLI prints or exits: layers raise, the CLI decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we know."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        parts = [p for p in (place, self.field) if p]
        text = " ".join(self.message.split())  # always one line, whatever the message held
        return ": ".join([*parts, text])


@dataclass
class InputError(Exception):
    """Bad input (a file, a spec, a manifest, an argument). Holds one or more problems."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def one(
        cls,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> InputError:
        return cls([Problem(message, file, line, column, field)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class SpecError(InputError):
    """A stack spec that is not valid: what ``validate`` reports and ``preview`` refuses."""


SHOWN_CHARACTERS = 40  # values longer than this are shown by their start and their length


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value as an error message may quote it: ``repr`` when short, else its first characters
    and its length (``'aaaaaaaaaaaaaaaaaaaa'… (1048576 characters)``), so a 1 MB value pasted
    into a spec is never echoed whole into a terminal or a CI log."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(value) if isinstance(value, str) else text
    head = text[: limit // 2]
    return (
        f"{head!r}… ({len(text)} characters)"
        if isinstance(value, str)
        else f"{head}… ({len(text)} characters)"
    )
