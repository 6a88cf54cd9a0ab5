"""View data of the HTML reports: what a page shows, computed from results, no markup.

Each page kind gets one tree of named tuples of strings and numbers (and chart geometry
from :mod:`.charts`); its template only lays the tree out. Wording lives here, beside
the figures it is made of; HTML lives in ``templates/``. The single-assessment report
is :func:`report`, which the portfolio's ``--detail`` reuses one heading level down.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from servicescore.model import NOT_APPLICABLE, Continuum
from servicescore.render import figures
from servicescore.render.html import charts
from servicescore.scoring import Assessment, ItemResult, round_score

if TYPE_CHECKING:  # imported when a checklist defines measures (measure_rows)
    from servicescore.render.html.views_measures import MeasureRow

score_text = figures.score


def percent(share: Fraction) -> str:
    """A share (the pass mark) as a percentage: ``80%``, or ``82.5%``."""
    rounded = round_score(share * 100)
    assert rounded is not None
    return f"{int(rounded)}%" if rounded.denominator == 1 else f"{figures.tenths(rounded)}%"


# The page's minus sign: typographic, where the table and Markdown write "-" (a number
# a spreadsheet reads, on any encoding of standard output).
MINUS = "−"


def delta_text(old: Fraction | None, new: Fraction | None) -> str:
    """The change of a score, with a typographic minus sign."""
    return figures.change(old, new).replace("-", MINUS)


def stage_name(continuum: Continuum, number: int | None) -> str:
    """The name of a stage of ``continuum``, or "" when it has no such stage."""
    if number is None or not 1 <= number <= continuum.top:
        return ""
    return continuum.stage(number).name


class Headings(NamedTuple):
    """Heading tags of a report: h1/h2/h3 alone, one level down inside a portfolio."""

    title: str
    section: str
    part: str

    @classmethod
    def at(cls, level: int) -> Headings:
        return cls(f"h{level}", f"h{level + 1}", f"h{level + 2}")


class Pill(NamedTuple):
    """A coloured label; ``kind`` is its CSS class after ``pill`` ("" for none)."""

    text: str
    kind: str


class Fact(NamedTuple):
    """One entry of a cover's facts: a label and a text, with a muted tail or as code,
    and ``below`` a file path on a line of its own (as code), or ""."""

    label: str
    text: str
    muted: str = ""
    code: bool = False
    below: str = ""


class Cover(NamedTuple):
    eyebrow: str
    organisation: str
    subtitle: str
    provisional: str | None
    facts: tuple[Fact, ...]


class Kpi(NamedTuple):
    """A figure beside the stage of a verdict; ``kind`` its CSS class (up, down) or "",
    which only the trend page sets."""

    label: str
    value: str
    kind: str = ""


class Verdict(NamedTuple):
    number: int
    top: int
    name: str
    summary: str
    kpis: tuple[Kpi, ...]


class Practice(NamedTuple):
    """One practice as a numbered step: its statement, answer, note and action."""

    id: str
    text: str
    answer: Pill
    answer_first: bool  # unanswered: marked "answer first" (SPEC 3.5)
    note: str | None
    action: str


class Roadmap(NamedTuple):
    """The roadmap section: ``title`` None when the top stage is reached."""

    title: str | None
    intro: str  # empty when a limiting component has no applicable practice
    steps: tuple[Practice, ...]


class ComponentRow(NamedTuple):
    name: str
    limiting: bool
    ladder: tuple[charts.Block, ...]
    stage: str
    looks_like: str
    blocked: str  # the blocked note, or ""
    score: str


class Components(NamedTuple):
    chart: charts.LadderChart
    legend: tuple[tuple[str, str], ...]  # key class and text
    caption: str
    rows: tuple[ComponentRow, ...]


class ScoreRow(NamedTuple):
    """A row of the scores table: an element (``items`` set) or a group total."""

    title: str
    group: str
    score: str
    bar: charts.ScoreBar | None
    items: str


class Scores(NamedTuple):
    has_groups: bool
    caption: str
    elements: tuple[ScoreRow, ...]
    groups: tuple[ScoreRow, ...]


class Also(NamedTuple):
    """A practice also open at a stage, beyond the fewest that carry it."""

    id: str
    text: str
    answer_first: bool


class Card(NamedTuple):
    """The next step of one component."""

    component: str
    target: str
    advance: str
    blocked: bool
    steps: tuple[Practice, ...]
    also: tuple[Also, ...]


class AnswerRow(NamedTuple):
    id: str
    text: str
    note: str | None
    component: str
    stage: str
    answer: Pill


class AnswerTable(NamedTuple):
    title: str
    rows: tuple[AnswerRow, ...]


class Answers(NamedTuple):
    unanswered: str  # the callout, or ""
    tables: tuple[AnswerTable, ...]
    intro: str = "Every practice of the checklist as answered, with the assessor's notes."


class Report(NamedTuple):
    """The report on one answers file: an article, alone or inside a portfolio."""

    h: Headings
    ident: str | None
    cover: Cover
    verdict: Verdict
    roadmap: Roadmap
    components: Components
    scores: Scores
    cards: tuple[Card, ...]
    answers: Answers
    colophon: str
    path: str
    measures: tuple[MeasureRow, ...] = ()  # the Measures section: left out when empty


def title(assessment: Assessment, kind: str = "assessment") -> str:
    """The page title of a report: the subject, then what the page is (its ``kind``)."""
    subject = assessment.answers.subject
    parts = [subject.organisation, subject.unit, subject.period]
    return " · ".join(part for part in parts if part) + f" — service maturity {kind}"


def report(
    assessment: Assessment, level: int, ident: str | None = None, eyebrow: str | None = None
) -> Report:
    """The report on ``assessment``, its title heading at ``level``."""
    checklist = assessment.checklist
    continuum = checklist.continuum
    return Report(
        h=Headings.at(level),
        ident=ident,
        cover=cover(assessment, eyebrow or "Service maturity assessment"),
        verdict=verdict(assessment),
        roadmap=roadmap(assessment),
        components=components(assessment),
        scores=scores(assessment),
        cards=tuple(cards(assessment)),
        answers=answers(assessment),
        colophon=(
            f"Scored with servicescore against {checklist.title} (v{checklist.version}) "
            f"on the {continuum.title} (v{continuum.version}), pass mark "
            f"{percent(continuum.pass_mark.value)}."
        ),
        path=assessment.answers.path,
        measures=measure_rows(assessment),
    )


def measure_rows(assessment: Assessment) -> tuple[MeasureRow, ...]:
    """The Measures section's rows; their module is imported only for a checklist that
    defines measures."""
    if not assessment.checklist.measures:
        return ()
    from servicescore.render.html import views_measures

    return views_measures.rows(assessment.answers)


def answer_pill(value: str | None, credit: Fraction | None) -> Pill:
    """An answer as a coloured label: green full credit, amber part, red none."""
    if value is None:
        return Pill("unanswered", "unanswered")
    if value == NOT_APPLICABLE or credit is None:
        return Pill(value, "")
    return Pill(value, "full" if credit >= 1 else "part" if credit > 0 else "none")


class Change(NamedTuple):
    """A score change as shown (``+21.3``, ``−3.0``, ``±0.0`` or ""), and its CSS
    class: up, down or same."""

    text: str
    kind: str


def change(old: Fraction | None, new: Fraction | None) -> Change:
    """The change from ``old`` to ``new``; a drop is never shown as a rise."""
    text = delta_text(old, new)
    return Change(text, "up" if text[:1] == "+" else "down" if text[:1] == "−" else "same")


def move(old: int | None, new: int | None) -> Pill | None:
    """A stage's move as a label (``up 1``, ``down 2``, ``same``); None where a side
    has no stage."""
    if old is None or new is None:
        return None
    if new > old:
        return Pill(f"up {new - old}", "up")
    if new < old:
        return Pill(f"down {old - new}", "down")
    return Pill("same", "")


def _meta_text(value: object) -> str:
    """Free-form ``meta`` (text, lists, mappings, null) as one line of plain text."""
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {_meta_text(entry)}" for key, entry in value.items())
    if isinstance(value, list):
        return "; ".join(_meta_text(entry) for entry in value)
    return str(value)


def _label(text: str) -> str:
    """Meta keys as labels: ``team_size`` reads as "team size"."""
    return text.replace("_", " ").replace("-", " ")


def cover(assessment: Assessment, eyebrow: str) -> Cover:
    answers = assessment.answers
    subject = answers.subject
    checklist = assessment.checklist
    facts = [
        Fact("Assessor", subject.assessor or ""),
        Fact("Checklist", checklist.title, muted=f"v{checklist.version}"),
        Fact("Continuum", checklist.continuum.title),
        *(Fact(_label(key), _meta_text(value)) for key, value in answers.meta.items()),
        Fact("Answers file", answers.path, code=True),
    ]
    return Cover(
        eyebrow=eyebrow,
        organisation=subject.organisation,
        subtitle=" · ".join(part for part in (subject.unit, subject.period) if part),
        provisional=figures.provisional(assessment),
        # A fact without a value is left out.
        facts=tuple(fact for fact in facts if fact.text or fact.muted),
    )


def verdict(assessment: Assessment) -> Verdict:
    continuum = assessment.checklist.continuum
    stage = continuum.stage(assessment.stage)
    kpis = [Kpi("Overall score", score_text(assessment.score))]
    if assessment.stage < continuum.top:
        names = figures.component_names(assessment)
        following = continuum.stage(assessment.stage + 1)
        kpis += [
            Kpi("Limited by", ", ".join(names[ident] for ident in assessment.limiting)),
            Kpi("Next stage", f"{following.number} {following.name}"),
        ]
    else:
        kpis.append(Kpi("Next stage", "Top stage reached"))
    return Verdict(stage.number, continuum.top, stage.name, stage.summary, tuple(kpis))


def practice(result: ItemResult) -> Practice:
    item = result.item
    return Practice(
        id=item.id,
        text=item.text,
        answer=answer_pill(result.answer.value, result.credit),
        answer_first=result.answer.value is None,
        note=result.answer.note,
        action=item.action,
    )


def roadmap(assessment: Assessment) -> Roadmap:
    continuum = assessment.checklist.continuum
    plan = assessment.roadmap
    if plan is None:
        return Roadmap(None, "", ())
    target = continuum.stage(plan.target_stage)
    heading = f"Roadmap to stage {target.number}: {target.name}"
    if not plan.items:
        return Roadmap(heading, "", ())
    count = len(plan.items)
    names = figures.component_names(assessment)
    limiting = ", ".join(names[ident] for ident in assessment.limiting)
    lifted = "it" if len(assessment.limiting) == 1 else "them"
    intro = (
        f"Bring {'this practice' if count == 1 else f'these {count} practices'} fully into "
        f"place to lift {limiting}, and with {lifted} the overall stage, to stage "
        f"{target.number}: {target.name}."
    )
    steps = tuple(practice(assessment.by_item[ident]) for ident in plan.items)
    return Roadmap(heading, intro, steps)


def _blocked(assessment: Assessment) -> set[str]:
    """The components whose next stage has no applicable practice."""
    return {step.component for step in assessment.next_steps if step.blocked}


def _ladder(assessment: Assessment) -> charts.LadderChart:
    continuum = assessment.checklist.continuum
    top = continuum.top
    blocked = _blocked(assessment)
    below_top = assessment.stage < top
    holds = bool(blocked & set(assessment.limiting))
    rows = [
        charts.LadderRow(
            "Overall",
            f"stage {assessment.stage} of {top} · score {score_text(assessment.score)}",
            "",
            # A limiting component that cannot pass its next stage holds everyone below it.
            charts.reached(assessment.stage, top, overall=True, blocked=holds),
        )
    ]
    for result in assessment.components:
        limiting = below_top and result.component.id in assessment.limiting
        rows.append(
            charts.LadderRow(
                result.component.name,
                f"stage {result.stage} · score {score_text(result.tally.score)}",
                "limiting" if limiting else "",
                charts.reached(result.stage, top, blocked=result.component.id in blocked),
            )
        )
    described = "; ".join(
        f"{result.component.name}: stage {result.stage} of {top}, "
        f"{continuum.stage(result.stage).name}"
        + (
            f", blocked at stage {result.stage + 1}: no applicable practice"
            if result.component.id in blocked
            else ""
        )
        for result in assessment.components
    )
    label = (
        f"Stage by component on the {continuum.title}. Overall: stage {assessment.stage} "
        f"of {top}, {continuum.stage(assessment.stage).name}. {described}."
    )
    return charts.ladder_chart(rows, [stage.name for stage in continuum.stages], label)


def components(assessment: Assessment) -> Components:
    continuum = assessment.checklist.continuum
    top = continuum.top
    blocked = _blocked(assessment)
    below_top = assessment.stage < top
    rows = []
    for result in assessment.components:
        stage = continuum.stage(result.stage)
        ident = result.component.id
        rows.append(
            ComponentRow(
                name=result.component.name,
                limiting=below_top and ident in assessment.limiting,
                ladder=charts.mini_ladder(result.stage, top),
                stage=f"{stage.number} {stage.name}",
                looks_like=stage.looks_like.get(ident, ""),
                blocked=(
                    f"{charts.BLOCKED.capitalize()} at stage {result.stage + 1}"
                    if ident in blocked
                    else ""
                ),
                score=score_text(result.tally.score),
            )
        )
    legend = (
        ("overall", "Overall stage reached"),
        ("reached", "Component stage reached"),
        ("next", "Next stage"),
        *((("blocked", charts.BLOCKED.capitalize()),) if blocked else ()),
        ("open", "Not yet reached"),
    )
    caption = (
        "A component reaches a stage when at least "
        f"{percent(continuum.pass_mark.value)} of the "
        "weighted practices expected at that stage, and at every stage below it, are "
        "in place. The overall stage is that of the lowest component."
    )
    return Components(_ladder(assessment), legend, caption, tuple(rows))


def scores(assessment: Assessment) -> Scores:
    has_groups = bool(assessment.groups)
    elements = tuple(
        ScoreRow(
            title=result.element.title,
            group=result.element.group or "",
            score=score_text(result.tally.score),
            bar=charts.score_bar(result.tally.score),
            items=f"{result.tally.applicable}/{len(result.element.items)}",
        )
        for result in assessment.elements
    )
    groups = tuple(
        ScoreRow(
            group.name, "", score_text(group.tally.score), charts.score_bar(group.tally.score), ""
        )
        for group in assessment.groups
    )
    caption = "Score by element" + (" and group" if has_groups else "")
    return Scores(has_groups, caption, elements, groups)


def cards(assessment: Assessment) -> list[Card]:
    continuum = assessment.checklist.continuum
    names = figures.component_names(assessment)
    results = assessment.by_item
    made = []
    for step in assessment.next_steps:
        target = continuum.stage(step.target_stage)
        steps = () if step.blocked else tuple(practice(results[i]) for i in step.required)
        also = () if step.blocked else step.other
        made.append(
            Card(
                component=names[step.component],
                target=f"to stage {target.number}, {target.name}",
                advance=step.advance,
                blocked=step.blocked,
                steps=steps,
                also=tuple(
                    Also(i, results[i].item.text, results[i].answer.value is None) for i in also
                ),
            )
        )
    return made


def answers(assessment: Assessment) -> Answers:
    continuum = assessment.checklist.continuum
    results = assessment.by_item
    names = {component.id: component.name for component in continuum.components}
    tables = tuple(
        AnswerTable(
            element.title,
            tuple(
                AnswerRow(
                    id=item.id,
                    text=item.text,
                    note=results[item.id].answer.note,
                    component=names.get(item.component, item.component),
                    stage=f"stage {item.stage}",
                    answer=answer_pill(results[item.id].answer.value, results[item.id].credit),
                )
                for item in element.items
            ),
        )
        for element in assessment.checklist.elements
    )
    unanswered = ""
    if assessment.unanswered:
        count = len(assessment.unanswered)
        unanswered = (
            f"{figures.plural(count, 'item')} unanswered, counted as not in place: "
            + ", ".join(assessment.unanswered)
        )
    return Answers(unanswered, tables)
