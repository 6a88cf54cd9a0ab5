"""``--format html``: one self-contained page per report, for a board or a client.

Everything is in the one file: the stylesheet inlined, inline SVG charts, no script, no
font, no image and no address outside the page (a Content-Security-Policy in the page
says so to the browser too). The package is imported only when HTML is asked for.

What lives where:

- this module: the public functions (the :class:`~servicescore.render.Renderer` of the
  format); a portfolio comes piece by piece (:func:`portfolio`);
- ``environment``: the Jinja2 environment (autoescaped, from this package only) and the
  stylesheet ``templates/report.css``, both loaded once on first use;
- ``templates/``: the markup: ``base.html`` the page shell, ``macros.html`` the shared
  parts and charts, one template per page kind (``assessment.html``, whose article is
  ``report.html`` with its sections under ``report/``; ``portfolio.html``, whose rows
  are drawn by ``portfolio/row.html``; ``diff.html``, its sections under ``diff/``;
  ``trend.html``, its article ``trend/report.html``, its charts in
  ``trend/chart-macros.html``; ``consolidation.html``, which leads with the report's
  ``report/cover.html`` and ``report/verdict.html``, its own sections under
  ``consolidation/``, then the report's; ``plan.html``, which leads with the report's
  cover, its parts under ``plan/``), ``report.css`` the stylesheet, ``plan.css``
  what the plan's page adds to it, ``measures.css`` what a trend page with service
  measures adds (so that a page without them is what it was);
- ``views``: the view data of the assessment report (named tuples of strings and
  numbers) and what other page kinds share; ``views_portfolio``, ``views_diff``,
  ``views_trend``, ``views_consolidation`` and ``views_plan`` that of the other page
  kinds; ``views_measures`` that of the service measures (SPEC 9) on a report
  (``report/measures.html``), a diff (``diff/measures.html``) and a trend
  (``trend/measures.html``), each section left out where no checklist defines any;
- ``charts``: chart geometry (the ladder, score bars, mini ladders, the trend charts,
  the consolidation's component scores per role) as data; ``charts_measures`` that of
  a measure's chart over a trend's periods.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from servicescore.render import figures
from servicescore.render.html import charts, views, views_portfolio
from servicescore.render.html.environment import macro, page, render
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.consolidate import Consolidation
    from servicescore.diff import Diff
    from servicescore.planning import Plan
    from servicescore.trend import Series


def assessment(assessment: Assessment, title: str | None = None) -> str:
    """The report on one answers file; ``title`` replaces the page title and the eyebrow."""
    report = views.report(assessment, 1, eyebrow=title)
    return page("assessment.html", title or views.title(assessment), report=report)


# Where the rows, then the detailed reports, go in the page made around them: NUL, which
# no other part of a page can hold, as every value printed shows a control character
# as its escape (environment._shown), whatever the file or --title held. Markup: our
# own mark, cut out before anything is written, not text from a file.
_SLOT = "\x00"


def portfolio(
    assessments: Sequence[Assessment], detail: bool, title: str | None = None
) -> Iterator[str]:
    """The portfolio page piece by piece: the page around the rows, made once, then one
    row at a time, then with ``detail`` one report at a time, so that 20,000 files are
    never one string (20,000 rows as one took 100 MB more); ``title`` heads the page."""
    mixed = figures.mixed_checklists(assessments)
    around = views_portfolio.page(assessments, title, mixed)
    slot = Markup(_SLOT)
    whole = page("portfolio.html", around.title, portfolio=around, rows=slot, reports=slot)
    head, middle, tail = whole.split(_SLOT)  # exactly two marks, or this fails loudly
    yield head
    yield from _rows(assessments, detail, mixed)
    yield middle
    if detail:
        for index, one in enumerate(assessments, 1):
            report = views.report(one, 2, views_portfolio.anchor(index))
            yield render("report.html", report=report)
    yield tail


def _rows(assessments: Sequence[Assessment], detail: bool, mixed: bool) -> Iterator[str]:
    """The portfolio's rows, each drawn by one call of the ``row`` macro."""
    row = macro("portfolio/row.html", "row")
    mini_ladder = macro("macros.html", "mini_ladder")
    # A mini ladder depends only on the stage and the number of stages: drawn once for
    # each pair a portfolio holds, not once per row (a second macro call in each of
    # 20,000 rows doubled the time the rows take, 0.84 s instead of 0.41 s).
    ladders: dict[tuple[int, int], str] = {}
    for index, one in enumerate(assessments, 1):
        view = views_portfolio.row(one, index, detail, mixed)
        key = (view.stage, view.top)
        if key not in ladders:
            ladders[key] = mini_ladder(charts.mini_ladder(*key))
        yield row(view, ladders[key])


def diff(diff: Diff) -> str:
    """What changed between two assessments of one service."""
    from servicescore.render.html import views_diff  # only when a diff is drawn

    report = views_diff.report(diff)
    return page("diff.html", report.title, diff=report)


def consolidation(result: Consolidation, file: str | None = None) -> str:
    """Several respondents' answers merged: the consolidated assessment, the disputed
    items, agreement and roles; ``file`` the consolidated answers file written, if any."""
    from servicescore.render.html import views_consolidation  # only when one is drawn

    report = views_consolidation.report(result, file)
    return page("consolidation.html", report.title, consolidation=report)


def plan(plan: Plan) -> str:
    """The phased plan to target stages (SPEC 8): one printable page to sign off."""
    from servicescore.render.html import views_plan  # only when a plan is drawn

    report = views_plan.report(plan)
    # The plan's own styles (write-in lines, the sign-off) ride on its page only.
    return page("plan.html", report.title, ("plan.css",), plan=report)


def trend(series: Sequence[Series]) -> str:
    """The trend page: one report per series, each over its periods."""
    from servicescore.render.html import views_trend  # only when a trend is drawn

    reports = [views_trend.report(one) for one in series]
    # The measure charts' own styles ride only on a page that draws them.
    styles = ("measures.css",) if any(report.measures for report in reports) else ()
    return page("trend.html", views_trend.title(series), styles, reports=reports)


__all__ = ["assessment", "consolidation", "diff", "plan", "portfolio", "trend"]
