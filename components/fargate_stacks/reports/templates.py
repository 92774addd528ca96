"""Where the Jinja2 templates live: ``<repo>/templates`` in a checkout, ``<prefix>/share/
fargate-stacks/templates`` from an installed wheel (``[tool.setuptools.data-files]``)."""

from __future__ import annotations

import sys
import sysconfig
from functools import lru_cache
from pathlib import Path
from typing import Any

SHARE = ("share", "fargate-stacks", "templates")


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The first templates folder that exists: the checkout's, then the installed data files."""
    here = Path(__file__).resolve()
    candidates = [here.parents[3] / "templates"]  # components/fargate_stacks/reports -> repo
    for prefix in {sys.prefix, sysconfig.get_paths()["data"]}:
        candidates.append(Path(prefix).joinpath(*SHARE))
    for candidate in candidates:
        if (candidate / "report").is_dir():
            return candidate
    raise FileNotFoundError("fargate-stacks templates not found (looked in "
                            + ", ".join(str(c) for c in candidates) + ")")


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True, autoescape=False)


def render_template(template: str, /, **values: Any) -> str:
    """Render ``templates/<name>`` (a path relative to the templates folder)."""
    return str(_environment().get_template(template).render(**values))
