""" "Did you mean ...?" for a mistyped key, rule or level: difflib's close match, then the same
word spelt in another case or with '_'/'-' (``desired_count`` for ``desiredCount``)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return close[0]
    squashed = {c.lower().replace("_", "").replace("-", ""): c for c in options}
    return squashed.get(word.lower().replace("_", "").replace("-", ""))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""
