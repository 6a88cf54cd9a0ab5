"""View data of the consolidation page: several respondents' answers merged (SPEC 6).

The page follows SPEC 6's order, as the table and Markdown reports do. It leads with
the consolidated assessment as the single report shows it: the cover (the panel in
place of one file's facts), the verdict of :func:`views.report` with its provisional
range, the roadmap, the components, the element scores and the next steps. Then what
a workshop should talk about: the disputed items, every respondent's answer side by
side; how far the respondents agree (Krippendorff's alpha, with a reading in plain
words); each role's component scores (a chart from :mod:`.charts`, and the same as a
table with the role gaps); the practices the roles see apart. The full answers list
comes last: it is long, the reference rather than the discussion. Figures are rounded
here, exactly, from the fractions of :mod:`servicescore.consolidate`, by the helpers
of :mod:`servicescore.render.figures` that the table and the Markdown use too: scores
to one decimal, alphas, spreads, mean credits and gaps to three, thresholds from the
engine's constants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from servicescore.consolidate import (
    DISPUTED_ABOVE,
    PERCEPTION_GAP,
    Consolidation,
    ItemConsolidation,
)
from servicescore.model import Checklist
from servicescore.problems import printable
from servicescore.render import figures
from servicescore.render.html import charts, views

NOT_DEFINED = figures.ALPHA_UNDEFINED
# An alpha's reading as a pill: its colour says how far a workshop can rest on it.
READING_PILLS = {"solid": "full", "tentative": "part", "too little": "none"}


def decimals(value: Fraction | None) -> str:
    """A value to three decimals as every format shows it (figures.thousandths), with
    the page's typographic minus."""
    return figures.thousandths(value).replace("-", views.MINUS)


def alpha_text(alpha: Fraction | None) -> str:
    return NOT_DEFINED if alpha is None else decimals(alpha)


def alpha_pill(alpha: Fraction | None) -> views.Pill:
    """What an alpha means, as a coloured label: the figures a workshop can rest on."""
    reading = figures.alpha_reading(alpha)
    return (
        views.Pill(figures.DASH, "")
        if reading is None
        else views.Pill(reading, READING_PILLS[reading])
    )


class ConsolidationFigure(NamedTuple):
    """A figure in a table cell; ``label`` names its column where a table is stacked
    into cards (a phone)."""

    label: str
    text: str


class ConsolidationColumn(NamedTuple):
    """A respondent as a column head of the grid."""

    name: str
    role: str  # "" where the file names none


class ConsolidationCell(NamedTuple):
    """One respondent's answer to one item; ``label`` names the respondent where the
    grid is stacked into cards (a phone)."""

    label: str
    answer: views.Pill
    note: str | None


class ConsolidationDispute(NamedTuple):
    id: str
    text: str
    consolidated: views.Pill
    spread: str
    cells: tuple[ConsolidationCell, ...]


class ConsolidationDisputes(NamedTuple):
    intro: str
    caption: str
    none: str  # the callout where no item is disputed
    columns: tuple[ConsolidationColumn, ...]
    rows: tuple[ConsolidationDispute, ...]


class ConsolidationAlpha(NamedTuple):
    """A row of the agreement table: where alpha was computed, the figure and its reading."""

    name: str
    alpha: str
    reading: views.Pill


class ConsolidationAgreement(NamedTuple):
    overall: ConsolidationAlpha
    reading: str
    caption: str
    components: tuple[ConsolidationAlpha, ...]
    elements: tuple[ConsolidationAlpha, ...]


class ConsolidationRoleRow(NamedTuple):
    """A component's score in each role (in the order of the column heads), and its gap."""

    component: str
    scores: tuple[ConsolidationFigure, ...]  # labelled with the role
    gap: str


class ConsolidationRoles(NamedTuple):
    """The roles' component scores; ``chart`` None with fewer than two roles, and then
    ``callout`` says why."""

    callout: str
    unassigned: str  # the respondents in no role, or ""
    exact: str  # why a gap may differ by 0.1 from the scores shown, or "" without roles
    chart: charts.RoleChart | None
    legend: tuple[tuple[str, str], ...]
    members: tuple[views.Fact, ...]  # who is in each role
    roles: tuple[str, ...]
    rows: tuple[ConsolidationRoleRow, ...]


class ConsolidationGap(NamedTuple):
    """A perception gap: an item and each role's mean credit ("–": the role rated none)."""

    id: str
    text: str
    means: tuple[ConsolidationFigure, ...]  # labelled with the role
    gap: str


class ConsolidationGaps(NamedTuple):
    intro: str
    none: str  # the callout where no practice is seen apart
    roles: tuple[str, ...]
    rows: tuple[ConsolidationGap, ...]


class ConsolidationReport(NamedTuple):
    """The whole page: the consolidated report (cover, verdict and the sections
    ``assess`` shows), and the panel's sections."""

    title: str
    report: views.Report
    disputes: ConsolidationDisputes
    agreement: ConsolidationAgreement
    roles: ConsolidationRoles
    gaps: ConsolidationGaps
    files: tuple[views.Fact, ...]  # each respondent's file, then the consolidated one


ANSWERS_INTRO = (
    "Every practice of the checklist with its consolidated answer, and each "
    "respondent's note on it."
)
RULES = {
    "median": "lower median: in place only when more than half of those who rated it say so",
    "strict": "strict: the lowest answer",
}


def report(result: Consolidation, file: str | None = None) -> ConsolidationReport:
    """The consolidation page of ``result``; ``file`` the consolidated answers file
    written beside it, if any, named as `assess` names a file (control characters escaped)."""
    file = None if file is None else printable(file)
    assessment = result.assessment
    single = views.report(assessment, 1, eyebrow="Consolidated service maturity assessment")
    return ConsolidationReport(
        title=title(result),
        report=single._replace(
            cover=_cover(result, single.cover, file),
            answers=single.answers._replace(intro=ANSWERS_INTRO),
        ),
        disputes=disputes(result),
        agreement=agreement(result),
        roles=roles(result),
        gaps=gaps(result),
        files=(
            *(views.Fact(one.name, one.file, code=True) for one in result.respondents),
            *((views.Fact("Consolidated answers", file, code=True),) if file else ()),
        ),
    )


def title(result: Consolidation) -> str:
    subject = result.consolidated.subject
    parts = [subject.organisation, subject.unit, subject.period]
    named = " · ".join(part for part in parts if part)
    return f"{named} — consolidated service maturity assessment"


def _cover(result: Consolidation, cover: views.Cover, file: str | None) -> views.Cover:
    """The single report's cover, the panel in place of one file's facts."""
    checklist = result.consolidated.checklist
    roles = result.role_names
    panel = figures.plural(len(result.respondents), "respondent")
    in_roles = f"in {figures.plural(len(roles), 'role')}" if roles else ""
    facts = [
        views.Fact("Respondents", panel, muted=in_roles),
        # The assessor where every file that names one names the same (consolidate).
        views.Fact("Assessor", result.consolidated.subject.assessor or ""),
        views.Fact("Rule", RULES[result.rule]),
        views.Fact("Checklist", checklist.title, muted=f"v{checklist.version}"),
        views.Fact("Continuum", checklist.continuum.title),
        views.Fact("Consolidated answers file", file or "", code=True),
    ]
    # A fact without a value is left out, as on the single report's cover.
    return cover._replace(facts=tuple(fact for fact in facts if fact.text))


def _credits(checklist: Checklist) -> dict[str, Fraction]:
    return {entry.value: entry.credit.value for entry in checklist.scale}


def _pill(credits: Mapping[str, Fraction], value: str | None) -> views.Pill:
    return views.answer_pill(value, None if value is None else credits.get(value))


def disputes(result: Consolidation) -> ConsolidationDisputes:
    credits = _credits(result.consolidated.checklist)
    columns = tuple(ConsolidationColumn(one.name, one.role or "") for one in result.respondents)
    labels = [f"{one.name} ({one.role})" if one.role else one.name for one in result.respondents]

    def row(entry: ItemConsolidation) -> ConsolidationDispute:
        cells = tuple(
            ConsolidationCell(label, _pill(credits, answer.value), answer.note)
            for label, answer in zip(labels, entry.answers, strict=True)
        )
        consolidated = _pill(credits, entry.consolidated.value)
        spread = f"spread {decimals(entry.spread)}"
        return ConsolidationDispute(entry.item.id, entry.item.text, consolidated, spread, cells)

    rows = tuple(row(entry) for entry in result.disputed)
    intro = (
        f"{figures.plural(len(rows), 'practice')} where one respondent says it is in place "
        f"and another that it is not (answers more than {figures.threshold(DISPUTED_ABOVE)} "
        "of credit apart): what the "
        "workshop should talk about first. Each respondent's answer and note, side by side."
    )
    caption = "Disputed practices: the consolidated answer, and each respondent's answer and note"
    none = figures.undisputed(DISPUTED_ABOVE)  # the table's and Markdown's sentence
    return ConsolidationDisputes(intro, caption, none, columns, rows)


def _alpha(name: str, alpha: Fraction | None) -> ConsolidationAlpha:
    return ConsolidationAlpha(name, alpha_text(alpha), alpha_pill(alpha))


def agreement(result: Consolidation) -> ConsolidationAgreement:
    checklist = result.consolidated.checklist
    found = result.agreement
    components = tuple(
        _alpha(component.name, found.components[component.id])
        for component in checklist.continuum.components
    )
    elements = tuple(
        _alpha(element.title, found.elements[element.id]) for element in checklist.elements
    )
    caption = (
        f"Krippendorff's alpha, from 1 (alike) through 0 (chance); solid from "
        f"{figures.thousandths(figures.ALPHA_SOLID)}, too little below "
        f"{figures.thousandths(figures.ALPHA_TENTATIVE)}"
    )
    overall = _alpha("All items", found.overall)
    return ConsolidationAgreement(overall, figures.ALPHA_READING, caption, components, elements)


def roles(result: Consolidation) -> ConsolidationRoles:
    if not result.roles:
        callout = (
            "Role scores need respondents in at least two roles (a role in their answers "
            "files); this panel has fewer."
        )
        return ConsolidationRoles(callout, "", "", None, (), (), (), ())
    unassigned = [one.name for one in result.respondents if one.role is None]
    without = f"Without a role, so in none: {', '.join(unassigned)}." if unassigned else ""
    names = tuple(role.role for role in result.roles)
    continuum = result.consolidated.checklist.continuum
    rows = tuple(
        ConsolidationRoleRow(
            component.name,
            tuple(
                ConsolidationFigure(role.role, figures.score(role.components[component.id]))
                for role in result.roles
            ),
            figures.score(result.role_gaps[component.id]),
        )
        for component in continuum.components
    )
    chart = charts.role_chart(
        [
            (component.name, [role.components[component.id] for role in result.roles])
            for component in continuum.components
        ],
        names,
        _chart_label(rows),
    )
    legend = tuple((f"role {charts.role_style(index)}", name) for index, name in enumerate(names))
    members = tuple(views.Fact(role.role, ", ".join(role.respondents)) for role in result.roles)
    return ConsolidationRoles(
        "", without, figures.ROLE_GAP_EXACT, chart, legend, members, names, rows
    )


def _chart_label(rows: Sequence[ConsolidationRoleRow]) -> str:
    """The chart read out: each component's score in each role."""
    described = "; ".join(
        f"{row.component}: " + ", ".join(f"{score.label} {score.text}" for score in row.scores)
        for row in rows
    )
    return f"Component score by role, 0 to 100. {described}."


def gaps(result: Consolidation) -> ConsolidationGaps:
    names = tuple(role.role for role in result.roles)

    def means(found: Mapping[str, Fraction]) -> tuple[ConsolidationFigure, ...]:
        return tuple(ConsolidationFigure(name, decimals(found.get(name))) for name in names)

    rows = tuple(
        ConsolidationGap(gap.item.id, gap.item.text, means(gap.means), decimals(gap.gap))
        for gap in result.perception_gaps
    )
    intro = (
        f"Practices whose mean answer differs by {figures.threshold(PERCEPTION_GAP)} or more "
        "between two roles, the largest difference first. A mean runs from 0 (everyone in the role "
        "says not in place) to 1 (everyone says fully in place)."
    )
    none = figures.no_perception_gap(PERCEPTION_GAP)  # the table's and Markdown's sentence
    return ConsolidationGaps(intro, none, names, rows)
