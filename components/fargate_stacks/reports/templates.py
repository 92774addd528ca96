"""Where the Jinja2 templates live: ``<repo>/templates`` in a checkout, ``<data>/share/
fargate-stacks/templates`` from an installed wheel (``[tool.setuptools.data-files]``)."""

from __future__ import annotations

import site
import sys
import sysconfig
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

SHARE = ("share", "fargate-stacks", "templates")
# one template every install has, to recognise the folder by
_MARKER = ("report", "preview.md.j2")


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The first templates folder that exists: the checkout's, then the one the installed
    distribution recorded (right for venv, --user, --prefix and system installs alike), then
    the data folders of this interpreter."""
    here = Path(__file__).resolve()
    candidates = [here.parents[3] / "templates"]  # components/fargate_stacks/reports -> repo
    candidates.extend(_recorded())
    candidates.append(here.parents[2].joinpath(*SHARE))  # pip install --target DIR: DIR/share
    candidates.extend(
        Path(prefix).joinpath(*SHARE)
        for prefix in (sys.prefix, sysconfig.get_paths()["data"], site.getuserbase())
    )
    for candidate in candidates:
        if candidate.joinpath(*_MARKER).is_file():
            return candidate
    raise FileNotFoundError(
        "fargate-stacks templates not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + ")"
    )


def _recorded() -> list[Path]:
    """The templates folder listed in the installed distribution's RECORD, if any: data files
    live outside site-packages, wherever the install scheme put them."""
    try:
        files = metadata.files("fargate-stacks") or []
    except metadata.PackageNotFoundError:
        return []
    suffix = (*SHARE, *_MARKER)
    return [
        Path(str(f.locate())).parents[len(_MARKER) - 1]
        for f in files
        if tuple(f.parts[-len(suffix) :]) == suffix
    ]


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def render_template(template: str, /, **values: Any) -> str:
    """Render ``templates/<name>`` (a path relative to the templates folder)."""
    return str(_environment().get_template(template).render(**values))
