"""The trend's Markdown report (``servicescore trend --format markdown``).

One section a series (an organisation, or one of its units): a table with a row a
period (its stage and move, each component's stage, the score and its change), the
sparklines of the stage and the score, then, where its checklists define measures, a
table of each measure's figure in every period
(:mod:`servicescore.render.markdown_measures`). Reached through
:func:`servicescore.render.markdown.trend` and built from its helpers, so that every
string from a file is escaped as there.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from servicescore.model import Subject
from servicescore.render.markdown import (
    DASH,
    cell,
    delta,
    document,
    escape,
    heading,
    score,
    sparkline,
    stage_move,
    subject_text,
    table,
)
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.trend import Series


def _component_stage(now: int | None, before: int | None) -> str:
    """A component's stage in a trend row, with an arrow when it moved."""
    if now is None:
        return DASH
    move = stage_move(before, now)
    return f"{now} {move[:1]}" if move[:1] in ("↑", "↓") else str(now)


def _trend_table(one: Series) -> str:
    components = [result.component for result in one.points[0].assessment.components]
    header = ["Period", "Stage", *(cell(component.name) for component in components)]
    rows = []
    previous: Assessment | None = None
    for point in one.points:
        assessment = point.assessment
        now = {result.component.id: result.stage for result in assessment.components}
        before = (
            {result.component.id: result.stage for result in previous.components}
            if previous
            else {}
        )
        # A series may move to another continuum (a new checklist version).
        named = escape(assessment.checklist.continuum.stage(assessment.stage).name)
        move = stage_move(previous.stage if previous else None, assessment.stage)
        rows.append(
            [
                cell(point.period),
                f"{assessment.stage} {named} {move}".rstrip(),
                *(_component_stage(now.get(c.id), before.get(c.id)) for c in components),
                score(assessment.score),
                delta(previous.score if previous else None, assessment.score),
            ]
        )
        previous = assessment
    return table([*header, "Score", "Change"], "ll" + "c" * len(components) + "rr", rows)


def trend(series: Sequence[Series]) -> str:
    blocks: list[str] = []
    for one in series:
        top = max(point.assessment.checklist.continuum.top for point in one.points)
        stages = [Fraction(point.assessment.stage) for point in one.points]
        scores = [point.assessment.score for point in one.points]
        blocks += [
            heading(2, f"Trend: {subject_text(Subject(one.organisation, one.unit))}"),
            _trend_table(one),
            f"Stage {sparkline(stages, Fraction(1), Fraction(top))} · "
            f"score {sparkline(scores, Fraction(0), Fraction(100))}",
        ]
        if any(point.assessment.checklist.measures for point in one.points):
            from servicescore.render import markdown_measures

            blocks += markdown_measures.trend(one, 3)
    return document(blocks)
