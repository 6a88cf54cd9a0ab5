"""``--format html``: one self-contained page per report, for a board or a client.

Everything is in the one file: the stylesheet inlined, inline SVG charts, no script, no
font, no image and no address outside the page (a Content-Security-Policy in the page
says so to the browser too). The package is imported only when HTML is asked for.

What lives where:

- this module: the public functions (the :class:`~servicescore.render.Renderer` of the
  format, and :func:`portfolio_pieces` for ``cli.py``);
- ``environment``: the Jinja2 environment (autoescaped, from this package only) and the
  stylesheet ``templates/report.css``, both loaded once on first use;
- ``templates/``: the markup: ``base.html`` the page shell, ``macros.html`` the shared
  parts and charts, one template per page kind (``assessment.html``, whose article is
  ``report.html`` with its sections under ``report/``; ``diff.html``, its sections under
  ``diff/``; ``trend.html``, its article ``trend/report.html``, its charts in
  ``trend-charts.html``), ``report.css`` the stylesheet;
- ``views``: the view data of the assessment report (named tuples of strings and
  numbers), and the pieces the page kinds share; ``views_diff`` and ``views_trend``
  that of the diff and trend pages;
- ``charts``: chart geometry (the ladder, score bars, mini ladders, the trend charts)
  as data;
- ``legacy``: the page kind not yet on templates (portfolio), built by the old element
  builder; a portfolio's detailed reports already use ``report.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from servicescore.render.html import views, views_diff, views_trend
from servicescore.render.html.environment import CSP, page
from servicescore.render.html.legacy import (
    CSS,
    el,
    esc,
    portfolio,
    portfolio_pieces,
)
from servicescore.render.html.views import delta_text, percent, score_text
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.diff import Diff
    from servicescore.trend import Series


def assessment(assessment: Assessment, title: str | None = None) -> str:
    """The report on one answers file; ``title`` replaces the page title and the eyebrow."""
    report = views.report(assessment, 1, eyebrow=title)
    return page("assessment.html", title or views.title(assessment), report=report)


def diff(diff: Diff) -> str:
    """What changed between two assessments of one service."""
    report = views_diff.report(diff)
    return page("diff.html", report.title, diff=report)


def trend(series: Sequence[Series]) -> str:
    """The trend page: one report per series, each over its periods."""
    reports = [views_trend.report(one) for one in series]
    return page("trend.html", views_trend.title(series), reports=reports)


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
