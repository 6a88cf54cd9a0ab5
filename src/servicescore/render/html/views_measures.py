"""View data of the service measures on the HTML pages (SPEC 9), no markup.

A report's Measures section (:func:`rows`: each measure's figure with its unit, the
target with its direction, met or not, the note), a diff's measures old → new
(:func:`changes`) and a trend's chart per measure (:func:`charts`). Every text is
plain: the templates escape it. Imported only for a page whose checklist defines
measures, so that a page without them costs nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from servicescore import measures
from servicescore.model import Answers
from servicescore.render.html.views import Pill
from servicescore.scoring import Assessment

if TYPE_CHECKING:  # the chart module is imported when a trend is drawn
    from servicescore.render.html.charts_measures import MeasureTrend

# Where a figure, a target or a verdict is not there.
NONE = "—"


class MeasureRow(NamedTuple):
    """A measure as one answers file reports it."""

    name: str
    description: str
    figure: str  # the value with its unit, or NONE
    target: str  # the target with its direction (``≥ 80%``), or NONE
    met: Pill
    note: str | None


class MeasureChangeRow(NamedTuple):
    """A measure between two answers files."""

    name: str
    old: str
    new: str
    change: Pill


class MeasureChart(NamedTuple):
    """A measure over a trend's periods."""

    name: str
    description: str
    target: str
    chart: MeasureTrend


def met_pill(met: bool | None) -> Pill:
    """Met in green, not met in red, NONE where there is no figure or no target."""
    if met is None:
        return Pill(NONE, "")
    return Pill("met", "full") if met else Pill("not met", "none")


def rows(answers: Answers) -> tuple[MeasureRow, ...]:
    """Every measure the checklist defines, in its order, with the file's figure."""
    return tuple(
        MeasureRow(
            name=result.measure.name,
            description=result.measure.description,
            figure=measures.figure(result.value, result.measure.unit),
            target=measures.target_text(result.measure),
            met=met_pill(result.met),
            note=result.note,
        )
        for result in measures.results(answers)
    )


# A change as a coloured label: better in green, worse in red, the rest plain.
_CHANGE_KINDS = {"improved": "up", "worsened": "down"}


def changes(old: Answers, new: Answers) -> tuple[MeasureChangeRow, ...]:
    """Each measure of either side, old → new, with how it moved by its direction."""
    return tuple(
        MeasureChangeRow(
            name=one.measure.name,
            old=measures.figure(one.old, one.old_unit),
            new=measures.figure(one.new, one.measure.unit),
            change=Pill(one.change, _CHANGE_KINDS.get(one.change, "")),
        )
        for one in measures.compare(old, new)
    )


def charts(assessments: Sequence[Assessment], periods: Sequence[str]) -> tuple[MeasureChart, ...]:
    """A chart per measure the series' checklists define (each id once, its latest
    definition), over every period: a period that gives no figure is a gap. A figure of
    an earlier version in another unit of time is drawn converted to the latest unit
    (labelled as its file gives it); one that does not compare with the latest (another
    direction, a unit that does not convert) is left out of the line, as a gap."""
    from servicescore.render.html.charts_measures import measure_trend_chart

    drawn = []
    for measure in measures.defined([a.checklist for a in assessments]):
        given = [a.answers.measure(measure.id).value for a in assessments]
        owns = [measures.definition_in(a.checklist, measure) for a in assessments]
        shown = [measures.figure_in(a.answers, measure) for a in assessments]
        values = [
            measures.in_unit(v, own.unit, measure.unit)
            if measures.comparable(own, measure)
            else None
            for v, own in zip(given, owns, strict=True)
        ]
        target = measures.target_text(measure)
        chart = measure_trend_chart(measure, values, periods, shown, target)
        drawn.append(MeasureChart(measure.name, measure.description, target, chart))
    return tuple(drawn)
