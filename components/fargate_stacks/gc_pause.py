"""The cyclic garbage collector paused around bulk work (a preview's run, a policy pass)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a run builds its many short-lived objects, most of
    them acyclic: reference counting frees those, and at 1,000 services the collector's passes
    over an ever larger heap cost more than the work itself. Restored as it was, also on
    errors."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _Process:
    """Whether this process exits once its command is done: set only by the ``fargate-stacks``
    console script (``cli.app.run``). A run's cyclic garbage is then frozen for the exit rather
    than collected (``engine.runner``); a library caller's process goes on, so it is collected
    and the caller's frozen objects stay as they were. Kept here because this module imports
    nothing: the console script sets it before ``--help`` without loading the engine."""

    exits_after_command = False


PROCESS = _Process()
