"""View data of the HTML trend page: one report per series, computed from it, no markup.

A series is one organisation and unit assessed in several periods. Its report
(:func:`report`) is a tree of named tuples of strings and numbers: the cover, the
latest stage with the score and stage moves since the first period, the stage trend
chart and its line legend, the score trend chart (geometry from :mod:`.charts`), and
the same figures as a table, then a chart per service measure (:mod:`.views_measures`).
``templates/trend.html`` and ``templates/trend/`` lay it
out; the page title is :func:`title`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from servicescore.model import Continuum
from servicescore.render import figures
from servicescore.render.html import charts
from servicescore.render.html.views import (
    Change,
    Fact,
    Headings,
    Kpi,
    Pill,
    change,
    move,
    score_text,
    stage_name,
)
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.render.html.views_measures import MeasureChart
    from servicescore.trend import Series


class TrendCover(NamedTuple):
    organisation: str
    subtitle: str  # unit and span of periods
    facts: tuple[Fact, ...]


class TrendVerdict(NamedTuple):
    """The stage in the latest period."""

    period: str
    number: int
    top: int
    name: str
    summary: str
    kpis: tuple[Kpi, ...]


class TrendStages(NamedTuple):
    """The stage trend chart and its legend: per series, its line style and name."""

    chart: charts.StageTrend
    legend: tuple[tuple[str, str], ...]


class TrendCell(NamedTuple):
    """A component's stage in a period; ``label`` the component, for narrow screens."""

    label: str
    text: str


class TrendRow(NamedTuple):
    """One period of the figures table."""

    period: str
    stage: str  # number and name
    move: Pill | None  # the stage move since the previous period; None for the first
    components: tuple[TrendCell, ...]
    score: str
    change: Change


class TrendFigures(NamedTuple):
    components: tuple[str, ...]  # the column headings
    rows: tuple[TrendRow, ...]


class TrendReport(NamedTuple):
    """The report on one series: an article of the trend page."""

    h: Headings
    cover: TrendCover
    verdict: TrendVerdict
    stages: TrendStages
    scores: charts.ScoreTrend
    figures: TrendFigures
    files: str  # the answers files, in period order
    measures: tuple[MeasureChart, ...] = ()  # none: the section is left out


def title(series: Sequence[Series]) -> str:
    """The page title: who, when the page holds one series."""
    if len(series) != 1:
        return "Service maturity over time"
    one = series[0]
    who = " · ".join(part for part in (one.organisation, one.unit) if part)
    return f"{who} — service maturity over time"


class TrendComponentStages(NamedTuple):
    """The components of a series: ids in first-seen order, each with its latest name,
    and each period's stage of each component (absent: not in that period's checklist)."""

    order: tuple[str, ...]
    names: dict[str, str]
    stages: tuple[dict[str, int], ...]


def component_stages(assessments: Sequence[Assessment]) -> TrendComponentStages:
    """The components of the assessments of a series, and their stages."""
    names: dict[str, str] = {}
    for assessment in reversed(assessments):
        for result in assessment.components:
            names.setdefault(result.component.id, result.component.name)
    order = tuple(dict.fromkeys(r.component.id for a in assessments for r in a.components))
    stages = tuple({r.component.id: r.stage for r in a.components} for a in assessments)
    return TrendComponentStages(order, names, stages)


def report(one: Series) -> TrendReport:
    """The report on the series ``one``."""
    assessments = [point.assessment for point in one.points]
    periods = [point.period for point in one.points]
    components = component_stages(assessments)
    series = [charts.Line("Overall", tuple(a.stage for a in assessments))]
    series += [
        charts.Line(components.names[ident], tuple(s.get(ident) for s in components.stages))
        for ident in components.order
    ]
    return TrendReport(
        h=Headings.at(1),
        cover=cover(one, assessments, periods),
        verdict=verdict(assessments, periods),
        stages=stages(series, assessments, periods),
        scores=scores(assessments, periods),
        figures=table(assessments, periods, components),
        files=", ".join(a.answers.path for a in assessments),
        measures=measure_charts(assessments, periods),
    )


def measure_charts(
    assessments: Sequence[Assessment], periods: Sequence[str]
) -> tuple[MeasureChart, ...]:
    """A chart per measure; their module is imported only where a period's checklist
    defines measures."""
    if not any(assessment.checklist.measures for assessment in assessments):
        return ()
    from servicescore.render.html import views_measures

    return views_measures.charts(assessments, periods)


def cover(one: Series, assessments: Sequence[Assessment], periods: Sequence[str]) -> TrendCover:
    """Who, over which periods, and against which checklists and continuum."""
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    checklists = dict.fromkeys(f"{a.checklist.title} v{a.checklist.version}" for a in assessments)
    facts = (
        Fact("Assessments", str(len(assessments))),
        Fact("Checklist", ", ".join(checklists)),
        Fact("Continuum", assessments[-1].checklist.continuum.title),
    )
    return TrendCover(
        organisation=one.organisation,
        subtitle=" · ".join(part for part in (one.unit, span) if part),
        # A fact without a value is left out.
        facts=tuple(fact for fact in facts if fact.text),
    )


def _since(period: str, moved: int) -> Kpi:
    """The overall stage move since the first period, ``period``."""
    label = f"Since {period}"
    if moved > 0:
        return Kpi(label, f"up {figures.plural(moved, 'stage')}", "up")
    if moved < 0:
        return Kpi(label, f"down {figures.plural(-moved, 'stage')}", "down")
    return Kpi(label, "stage unchanged")


def verdict(assessments: Sequence[Assessment], periods: Sequence[str]) -> TrendVerdict:
    """The latest stage, and the score and the stage moves since the first period."""
    first, last = assessments[0], assessments[-1]
    latest = last.checklist.continuum
    kpis: tuple[Kpi, ...] = (Kpi("Score", score_text(last.score)),)
    if len(assessments) > 1:  # one period: no move to show
        kpis = (
            Kpi("Score", f"{score_text(first.score)} → {score_text(last.score)}"),
            _since(periods[0], last.stage - first.stage),
        )
    return TrendVerdict(
        period=periods[-1],
        number=last.stage,
        top=latest.top,
        name=stage_name(latest, last.stage),
        summary=latest.stage(last.stage).summary,
        kpis=kpis,
    )


def _stage_names(continua: Sequence[Continuum]) -> list[str]:
    """Each stage's name from the latest continuum that has it (a series may change
    continuum version, and a later one may have fewer stages)."""
    top = max(continuum.top for continuum in continua)
    return [
        next(stage_name(c, number) for c in reversed(continua) if number <= c.top)
        for number in range(1, top + 1)
    ]


def stages(
    series: Sequence[charts.Line], assessments: Sequence[Assessment], periods: Sequence[str]
) -> TrendStages:
    """The stage trend chart, its description for screen readers, and its legend."""
    described = "; ".join(
        f"{line.name}: "
        + ", ".join(
            f"{period} stage {value}"
            for period, value in zip(periods, line.values, strict=True)
            if value is not None
        )
        for line in series
    )
    names = _stage_names([a.checklist.continuum for a in assessments])
    chart = charts.stage_trend_chart(series, periods, names, f"Stage by period. {described}.")
    legend = tuple((charts.line_style(index), line.name) for index, line in enumerate(series))
    return TrendStages(chart, legend)


def scores(assessments: Sequence[Assessment], periods: Sequence[str]) -> charts.ScoreTrend:
    """The score trend chart, its label listing every period's score."""
    values = [a.score for a in assessments]
    label = "Overall score by period: " + ", ".join(
        f"{period} {score_text(score)}" for period, score in zip(periods, values, strict=True)
    )
    return charts.score_trend_chart(values, periods, label + ".")


def table(
    assessments: Sequence[Assessment], periods: Sequence[str], components: TrendComponentStages
) -> TrendFigures:
    """The charts' figures by period, each with its move since the period before."""
    rows = []
    previous: Assessment | None = None
    for assessment, period, stages in zip(assessments, periods, components.stages, strict=True):
        named = assessment.checklist.continuum.stage(assessment.stage).name
        # The score change since the period before: a dash where there is none (the
        # first period, or a side without a score).
        changed = change(previous.score if previous else None, assessment.score)
        cells = tuple(
            TrendCell(components.names[ident], str(stages.get(ident, "–")))
            for ident in components.order
        )
        rows.append(
            TrendRow(
                period=period,
                stage=f"{assessment.stage} {named}",
                move=move(previous.stage if previous else None, assessment.stage),
                components=cells,
                score=score_text(assessment.score),
                change=changed._replace(text=changed.text or "–"),
            )
        )
        previous = assessment
    return TrendFigures(tuple(components.names[ident] for ident in components.order), tuple(rows))
