"""View data of the HTML diff page: what changed between two assessments, no markup.

:func:`report` turns a :class:`~servicescore.diff.Diff` into one tree of named tuples of
strings as shown (wording and figures formatted here), which ``templates/diff.html``
and its sections under ``templates/diff/`` lay out: the cover (both sides), the verdict
(the overall stage before and after), the regressions, the stage by component (ladder
chart of kept, gained and lost stages, and the same as a table), the scores by element
and the other changed items, then the service measures old → new (:mod:`.views_measures`,
where either side's checklist defines any). The shared pieces (facts, pills, score changes, stage
moves) are those of :mod:`.views`; the ladder's geometry is :mod:`.charts`'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from servicescore.model import Answer
from servicescore.render import figures
from servicescore.render.html import charts
from servicescore.render.html.views import (
    Change,
    Fact,
    Headings,
    Pill,
    answer_pill,
    change,
    move,
    score_text,
    stage_name,
)
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from fractions import Fraction

    from servicescore.diff import Diff, ItemChange
    from servicescore.render.html.views_measures import MeasureChangeRow

_CHANGE_HEADINGS = {
    "regressed": "Regressed",
    "improved": "Improved",
    "changed": "Changed",
    "added": "Added to the checklist",
    "removed": "Removed from the checklist",
}


class DiffCover(NamedTuple):
    organisation: str
    subtitle: str
    facts: tuple[Fact, ...]


class DiffVerdict(NamedTuple):
    """The overall stage before and after; ``direction`` its class (up, down, same)."""

    direction: str
    label: str
    stages: str
    arrow: str  # "" when the stage did not move
    name: str
    summary: str
    score: str
    change: Change
    items: int


class DiffSide(NamedTuple):
    """One side of a changed item: its answer and note."""

    answer: Pill
    note: str | None


class DiffItemRow(NamedTuple):
    """A changed item; a side None: the item is not in that side's checklist."""

    id: str
    text: str
    before: DiffSide | None
    after: DiffSide | None


class DiffItemGroup(NamedTuple):
    """The changed items of one kind (regressed, improved...), under a heading."""

    kind: str
    heading: str
    rows: tuple[DiffItemRow, ...]


class DiffChangedItems(NamedTuple):
    """A section of changed items; no ``groups``: nothing changed."""

    heading: str
    intro: str  # the counts by kind, or "" for a single kind
    caption: str
    groups: tuple[DiffItemGroup, ...]


class DiffComponentRow(NamedTuple):
    name: str
    stages: str
    move: Pill | None  # None: the component is on one side only
    scores: str
    change: Change


class DiffComponents(NamedTuple):
    chart: charts.LadderChart
    legend: tuple[tuple[str, str], ...]  # key class and text
    rows: tuple[DiffComponentRow, ...]


class DiffElementRow(NamedTuple):
    title: str
    before: str
    after: str
    change: Change
    bar: charts.ScoreBar | None


class DiffReport(NamedTuple):
    """The diff page; ``regressions``/``others`` None where the page leaves them out."""

    h: Headings
    title: str
    cover: DiffCover
    verdict: DiffVerdict
    drops: str  # the "Stage dropped:" list, or ""
    regressions: DiffChangedItems | None
    components: DiffComponents
    elements: tuple[DiffElementRow, ...]
    others: DiffChangedItems | None
    colophon: str
    measures: tuple[MeasureChangeRow, ...] = ()  # left out when neither side has any


_LEGEND = (
    ("reached", "Reached before and after"),
    ("gained", "Reached since"),
    ("lost", "Lost since"),
    ("open", "Not reached"),
)


def _side_text(assessment: Assessment, other: Assessment) -> str:
    """Who, when and by whom; organisation and unit only where the two sides differ."""
    subject = assessment.answers.subject
    theirs = other.answers.subject
    parts = [subject.period, subject.assessor and f"assessed by {subject.assessor}"]
    if (subject.organisation, subject.unit) != (theirs.organisation, theirs.unit):
        parts[:0] = [subject.organisation, subject.unit]
    return " · ".join(part for part in parts if part)


def _span(old: Assessment, new: Assessment) -> str:
    """The two periods compared, or the two files where a side has no period."""
    before, after = old.answers.subject.period, new.answers.subject.period
    if before and after:
        return f"{before} to {after}"
    return f"{old.answers.path} to {new.answers.path}"


def _cover(old: Assessment, new: Assessment) -> DiffCover:
    subject = new.answers.subject
    checklist = new.checklist
    return DiffCover(
        organisation=subject.organisation,
        subtitle=" · ".join(part for part in (subject.unit, _span(old, new)) if part),
        facts=(
            Fact("Before", _side_text(old, new), below=old.answers.path),
            Fact("After", _side_text(new, old), below=new.answers.path),
            Fact("Checklist", checklist.title, muted=f"v{checklist.version}"),
        ),
    )


def _verdict(diff: Diff) -> DiffVerdict:
    old, new = diff.old, diff.new
    continuum = new.checklist.continuum
    moved = new.stage - old.stage
    # A drop must not pass for a rise: its own word, arrow and colour (class).
    direction, arrow, headline = (
        ("up", "↑", f"Up {figures.plural(moved, 'stage')}")
        if moved > 0
        else ("down", "↓", f"Dropped {figures.plural(-moved, 'stage')}")
        if moved < 0
        else ("same", "→", "Stage unchanged")
    )
    return DiffVerdict(
        direction=direction,
        label=f"Overall stage (of {continuum.top})",
        stages=f"{old.stage} → {new.stage}",
        arrow=arrow if moved else "",
        name=stage_name(continuum, new.stage),
        summary=(
            f"{headline}: from {old.stage} {stage_name(old.checklist.continuum, old.stage)} "
            f"to {new.stage} {stage_name(continuum, new.stage)}."
        ),
        score=f"{score_text(old.score)} → {score_text(new.score)}",
        change=change(old.score, new.score),
        items=len(diff.items),
    )


def _side(answer: Answer | None, credit: Fraction | None) -> DiffSide | None:
    return None if answer is None else DiffSide(answer_pill(answer.value, credit), answer.note)


def _changed_items(items: Sequence[ItemChange], title: str, caption: str) -> DiffChangedItems:
    """A section of changed items, grouped by kind, with the notes of both sides."""
    if not items:
        return DiffChangedItems(title, "", caption, ())
    groups: dict[str, list[ItemChange]] = {}
    for one in items:
        groups.setdefault(one.change, []).append(one)
    counts = ", ".join(f"{len(changes)} {kind}" for kind, changes in groups.items())
    return DiffChangedItems(
        heading=f"{title} ({len(items)})",
        intro=f"{counts.capitalize()}." if len(groups) > 1 else "",
        caption=caption,
        groups=tuple(
            DiffItemGroup(
                kind,
                f"{_CHANGE_HEADINGS[kind]} ({len(changes)})",
                tuple(
                    DiffItemRow(
                        one.id,
                        one.text,
                        _side(one.old, one.old_credit),
                        _side(one.new, one.new_credit),
                    )
                    for one in changes
                ),
            )
            for kind, changes in groups.items()
        ),
    )


def _stage(stage: int | None) -> str:
    """A side's stage as shown: a dash where the component is not on that side."""
    return "–" if stage is None else str(stage)


def _ladder(diff: Diff, top: int) -> charts.LadderChart:
    """The overall stage and each component's, before and after, as a ladder."""
    old, new = diff.old, diff.new
    overall = charts.moved(old.stage, new.stage, top)
    rows = [charts.LadderRow("Overall", f"stage {old.stage} → {new.stage}", "", overall)]
    described = []
    for one in diff.components:
        before, after = _stage(one.old_stage), _stage(one.new_stage)
        flag = "new" if one.old_stage is None else "removed" if one.new_stage is None else ""
        states = charts.moved(one.old_stage, one.new_stage, top)
        rows.append(charts.LadderRow(one.name, f"stage {before} → {after}", flag, states))
        described.append(f"{one.name}: stage {before} to {after}")
    label = (
        f"Stage by component before and after. Overall: stage {old.stage} to {new.stage}. "
        + "; ".join(described)
        + "."
    )
    continua = (new.checklist.continuum, old.checklist.continuum)
    names = [stage_name(continua[0], n) or stage_name(continua[1], n) for n in range(1, top + 1)]
    return charts.ladder_chart(rows, names, label)


def _components(diff: Diff) -> DiffComponents:
    top = max(diff.new.checklist.continuum.top, diff.old.checklist.continuum.top)
    # Rows where nothing moved go last, behind the ones a reviewer came for.
    rows = tuple(
        DiffComponentRow(
            name=one.name,
            stages=f"{_stage(one.old_stage)} → {_stage(one.new_stage)}",
            move=move(one.old_stage, one.new_stage),
            scores=f"{score_text(one.old_score)} → {score_text(one.new_score)}",
            change=change(one.old_score, one.new_score),
        )
        for one in sorted(diff.components, key=figures.unmoved)
    )
    return DiffComponents(_ladder(diff, top), _LEGEND, rows)


def _elements(diff: Diff) -> tuple[DiffElementRow, ...]:
    """Each element's score before and after, the ones that moved first."""
    return tuple(
        DiffElementRow(
            one.title,
            score_text(one.old),
            score_text(one.new),
            change(one.old, one.new),
            charts.score_bar(one.new, one.old),
        )
        for one in sorted(diff.elements, key=lambda one: figures.steady(one.old, one.new))
    )


def report(diff: Diff) -> DiffReport:
    """The diff page of ``diff``."""
    old, new = diff.old, diff.new
    # As in the Markdown diff: regressions lead, the other changed items close.
    regressed = [one for one in diff.items if one.change == "regressed"]
    others = [one for one in diff.items if one.change != "regressed"]
    checklist = new.checklist
    return DiffReport(
        h=Headings.at(1),
        title=f"{new.answers.subject.organisation} — what changed, {_span(old, new)}",
        cover=_cover(old, new),
        verdict=_verdict(diff),
        drops=figures.stage_drops(diff),
        regressions=_changed_items(
            regressed, "Regressions", "Items that lost credit, with the notes of both sides"
        )
        if regressed
        else None,
        components=_components(diff),
        elements=_elements(diff),
        others=_changed_items(
            others,
            "Other changed items" if regressed else "Changed items",
            "Items whose answer changed, with the notes of both sides",
        )
        if others or not regressed
        else None,
        colophon=(
            f"Compared with servicescore: {checklist.title} (v{old.checklist.version} "
            f"before, v{checklist.version} after) on the {checklist.continuum.title}."
        ),
        measures=measure_changes(old, new),
    )


def measure_changes(old: Assessment, new: Assessment) -> tuple[MeasureChangeRow, ...]:
    """The measures old → new; their module is imported only where either side's
    checklist defines measures."""
    if not (old.checklist.measures or new.checklist.measures):
        return ()
    from servicescore.render.html import views_measures

    return views_measures.changes(old.answers, new.answers)
