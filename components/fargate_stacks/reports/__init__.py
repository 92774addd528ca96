"""Renderings of a preview: text for terminals (rich), markdown for pull-request comments
(a Jinja2 template in ``templates/report``)."""

from .markdown import render_markdown
from .templates import render_template, templates_dir
from .text import render_text

__all__ = ["render_markdown", "render_template", "render_text", "templates_dir"]
