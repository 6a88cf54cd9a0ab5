"""View data of the HTML portfolio: the page around the rows, and one row per file.

The portfolio page is the one page kind that streams: its rows are made one at a time
(:func:`row`), so that a portfolio of 20,000 files is never one list of rows, nor one
string. :func:`page` is what the page shows around them, made once. Wording and figures
come from :mod:`servicescore.render.figures`, as in the other formats; the markup is in
``templates/portfolio.html`` and, for a row, ``templates/portfolio/row.html``. A row's
mini ladder is :func:`.charts.mini_ladder`, and a ``--detail`` report is
:func:`.views.report` one heading level down (``html.portfolio`` puts them together).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from servicescore.render import figures
from servicescore.scoring import Assessment


class PortfolioPage(NamedTuple):
    """What the portfolio page shows around its rows."""

    title: str
    heading: str
    summary: str
    provisional: str | None
    mixed: bool  # the files answer different checklists: a Checklist column
    columns: int
    empty: bool  # no answers file: one row that says so


class PortfolioRow(NamedTuple):
    """One answers file as a row of the portfolio table."""

    organisation: str
    unit: str | None
    path: str
    link: str | None  # the anchor of the file's detailed report, with --detail
    period: str
    checklist: str | None  # with mixed checklists only
    stage: int
    top: int
    stage_name: str
    range_note: str | None  # a provisional file's stage range
    score: str
    limiting: str


def page(assessments: Sequence[Assessment], title: str | None, mixed: bool) -> PortfolioPage:
    """The portfolio page around its rows; ``title`` replaces the page title and heading."""
    return PortfolioPage(
        title=title or "Service maturity portfolio",
        heading=title or "Portfolio",
        summary=figures.portfolio_summary(assessments),
        provisional=figures.provisional_portfolio(assessments),
        mixed=mixed,
        columns=6 if mixed else 5,
        empty=not assessments,
    )


def row(assessment: Assessment, index: int, detail: bool, mixed: bool) -> PortfolioRow:
    """The ``index``-th file's row (from 1: the anchor of its ``--detail`` report)."""
    continuum = assessment.checklist.continuum
    subject = assessment.answers.subject
    return PortfolioRow(
        organisation=subject.organisation,
        unit=subject.unit,
        path=assessment.answers.path,
        link=f"#{anchor(index)}" if detail else None,
        period=subject.period or figures.DASH,
        checklist=figures.checklist_label(assessment) if mixed else None,
        stage=assessment.stage,
        top=continuum.top,
        stage_name=f"{assessment.stage} {continuum.stage(assessment.stage).name}",
        range_note=figures.range_note(assessment),
        score=figures.score(assessment.score),
        limiting=figures.limiting(assessment),
    )


def anchor(index: int) -> str:
    """The id of the ``index``-th file's detailed report, which its row links to."""
    return f"report-{index}"
