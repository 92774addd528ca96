"""Errors that a model validator raises about one field of its model, not the whole model.

A check that needs several fields (Windows and ``architecture``, a workload's namespace and the
cluster's profiles) runs on the model, so pydantic locates its error at the model: the ``- name:``
line. :class:`At` carries the path of the key or value that is wrong; the loader appends it to
the error's location, so the line and column point there.
"""

from __future__ import annotations

KEY = "<key>"  # a path ending in KEY points at the mapping key itself, not at its value


class At(ValueError):
    """``raise At(("capacity", "spotPercent"), "Fargate Spot does not run Windows tasks")``.

    ``path`` is camelCase keys and list indexes below the model that raises. Keys the user left
    out (a default) are skipped when the path is located, so the error lands on the nearest
    key that is written."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
