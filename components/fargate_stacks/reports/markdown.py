"""The pull-request comment: ``templates/report/preview.md.j2`` over the shared report view."""

from __future__ import annotations

from ..engine.result import PreviewResult
from .model import build_view, count_range, money
from .templates import render_template
from .text import _rows, short_type


def render_markdown(result: PreviewResult) -> str:
    view = build_view(result)
    rows: list[tuple[str, str]] = []
    _rows(view.roots, "", rows)
    types: dict[str, int] = {}
    for r in result.graph.resources:
        key = short_type(r.type)
        types[key] = types.get(key, 0) + 1
    return render_template(
        "report/preview.md.j2",
        view=view,
        tree=rows,
        types=sorted(types.items()),
        money=money,
        count_range=count_range,
    )
