"""``--format html``: one self-contained page per report, for a board or a client.

Everything is in the one file: the stylesheet inlined, inline SVG charts, no script, no
font, no image and no address outside the page (a Content-Security-Policy in the page
says so to the browser too). The package is imported only when HTML is asked for.

What lives where:

- this module: the public functions (the :class:`~servicescore.render.Renderer` of the
  format, and :func:`portfolio_pieces` for ``cli.py``);
- ``environment``: the Jinja2 environment (autoescaped, from this package only) and the
  stylesheet ``templates/report.css``, both loaded once on first use;
- ``templates/``: the markup, one template per page kind, ``base.html`` the page shell;
- ``legacy``: the page kinds not yet on templates, built by the old element builder.
"""

from __future__ import annotations

from servicescore.render.html.legacy import (
    CSP,
    CSS,
    assessment,
    delta_text,
    diff,
    el,
    esc,
    percent,
    portfolio,
    portfolio_pieces,
    score_text,
    trend,
)

__all__ = [
    "CSP",
    "CSS",
    "assessment",
    "delta_text",
    "diff",
    "el",
    "esc",
    "percent",
    "portfolio",
    "portfolio_pieces",
    "score_text",
    "trend",
]
