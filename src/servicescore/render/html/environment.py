"""The Jinja2 environment of the HTML reports, and the stylesheet they inline.

Both are built once, on first use: this package is imported only when ``--format html``
is asked for, and nothing here runs before a page is rendered, so ``assess`` in another
format never imports Jinja2 (``tests/test_render_html.py`` checks it). Every template is
autoescaped; on top of the escaping, every value a template prints goes through
:func:`~servicescore.problems.visible`, so characters that hide or reorder text show as
``\\u202e`` as in every other format (an entity would still reorder the text). Macro
output is markup of our own templates and is left as it is.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from servicescore.problems import visible

PACKAGE = "servicescore.render.html"
TEMPLATES = "templates"


@cache
def stylesheet() -> str:
    """The report stylesheet, ``templates/report.css``, inlined into every page."""
    return (files(PACKAGE) / TEMPLATES / "report.css").read_text(encoding="utf-8")


def _shown(value: object) -> object:
    """Every printed value: our own markup as it is, anything else with hidden
    characters made visible (autoescaping follows)."""
    if isinstance(value, Markup):
        return value
    return visible(str(value))


@cache
def environment() -> jinja2.Environment:
    """Templates from this package only, autoescaped, an undefined name an error."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """``template`` filled with ``context``."""
    return environment().get_template(template).render(**context)
