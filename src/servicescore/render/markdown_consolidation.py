"""A consolidation's Markdown report (``servicescore consolidate --format markdown``).

The terminal report's order (:mod:`servicescore.render.table_consolidation`) in
headings, paragraphs, lists and tables: who answered, the consolidated assessment as
``assess`` leads with it, the disputed items with every respondent's answer and note,
the agreement with its reading, the role scores and role gaps, the perception gaps
(SPEC 6's order, which the HTML page keeps too).
A part of :mod:`servicescore.render.markdown` kept apart for size and reached through
its ``consolidation``: its pieces are used as they are, and every string from a file
(respondents, roles, notes) goes through its :func:`~servicescore.render.markdown.escape`
or :func:`~servicescore.render.markdown.cell`, so that no file text becomes markup, a
link or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from servicescore.consolidate import (
    DISPUTED_ABOVE,
    PERCEPTION_GAP,
    Consolidation,
    ItemConsolidation,
)
from servicescore.problems import printable
from servicescore.render import figures
from servicescore.render.markdown import (
    answer_cell,
    cell,
    document,
    escape,
    heading,
    ident,
    lead,
    measures_section,
    practice,
    provisional_block,
    score,
    strong,
    table,
)

UNDEFINED = figures.ALPHA_UNDEFINED


def _header(result: Consolidation, file: str | None) -> list[str]:
    rule = (
        "the lowest answer of each item"
        if result.rule == "strict"
        else "the lower median of each item's answers"
    )
    rows = [[cell(one.name), cell(one.role), cell(one.file)] for one in result.respondents]
    blocks = [
        heading(2, f"Consolidation of {figures.plural(len(result.respondents), 'respondent')}"),
        # SPEC 3.5: a provisional report says so before anything else, under its title.
        provisional_block(figures.provisional(result.assessment)),
        f"Rule: {strong(result.rule)}, {rule}.",
        table(["Respondent", "Role", "File"], "lll", rows),
    ]
    if file is not None:
        # Named as `assess` names a file: control characters escaped, not dropped.
        blocks.append(f"Consolidated answers: {escape(printable(file))}")
    return blocks


def _dispute(number: int, entry: ItemConsolidation, result: Consolidation) -> list[str]:
    rows = [
        [cell(one.name), cell(one.role), answer_cell(answer)]
        for one, answer in zip(result.respondents, entry.answers, strict=True)
    ]
    consolidated = answer_cell(entry.consolidated._replace(note=None))
    return [
        heading(4, f"{number}. {practice(entry.item.id, entry.item.text)}"),
        f"Consolidated: {consolidated} · spread {figures.thousandths(entry.spread)}",
        table(["Respondent", "Role", "Answer"], "lll", rows),
    ]


def _disputed(result: Consolidation) -> list[str]:
    disputed = result.disputed
    blocks = [heading(3, f"Disputed items ({len(disputed)})")]
    if not disputed:
        return [*blocks, figures.undisputed(DISPUTED_ABOVE)]
    blocks.append(figures.disputed_intro(DISPUTED_ABOVE))
    for number, entry in enumerate(disputed, 1):
        blocks += _dispute(number, entry, result)
    return blocks


def _alphas(header: str, names: Mapping[str, str], alphas: Mapping[str, Fraction | None]) -> str:
    rows = [
        [cell(names[key]), figures.thousandths(alpha), figures.alpha_reading(alpha) or ""]
        for key, alpha in alphas.items()
    ]
    return table([header, "Alpha", "Reading"], "lrl", rows)


def _agreement(result: Consolidation) -> list[str]:
    agreement = result.agreement
    overall = agreement.overall
    shown = UNDEFINED if overall is None else figures.thousandths(overall)
    word = figures.alpha_reading(overall)
    reading = "" if word is None else f" ({word})"
    elements = {element.id: element.title for element in result.consolidated.checklist.elements}
    blocks = [
        heading(3, "Agreement"),
        f"Krippendorff's alpha over all items: {strong(shown)}{reading}. "
        f"{figures.ALPHA_READING} Reading: {figures.ALPHA_SCALE}.",
        _alphas("Component", figures.component_names(result.assessment), agreement.components),
        _alphas("Element", elements, agreement.elements),
    ]
    if None in [*agreement.components.values(), *agreement.elements.values()]:
        blocks.append(
            f"{figures.DASH} {UNDEFINED}: fewer than two answers to pair, or every answer the same."
        )
    return blocks


def _roles(result: Consolidation) -> list[str]:
    title = heading(3, "Role scores")
    if not result.roles:
        roles = len(result.role_names)
        return [title, figures.roles_wanting(roles)]
    members = "\n".join(
        f"- {strong(cell(role.role))}: {', '.join(cell(name) for name in role.respondents)}"
        for role in result.roles
    )
    names = figures.component_names(result.assessment)
    rows = [
        [cell(names[key]), *(score(role.components[key]) for role in result.roles), score(gap)]
        for key, gap in result.role_gaps.items()
    ]
    header = ["Component", *(cell(role.role) for role in result.roles), "Gap"]
    return [
        title,
        members,
        "Each role's score per component from its members' mean credits; the gap is the "
        f"highest role score minus the lowest. {figures.ROLE_GAP_EXACT}",
        table(header, "l" + "r" * (len(result.roles) + 1), rows),
    ]


def _perception_gaps(result: Consolidation) -> list[str]:
    if not result.roles:
        return []
    gaps = result.perception_gaps
    title = heading(3, f"Perception gaps ({len(gaps)})")
    if not gaps:
        return [title, figures.no_perception_gap(PERCEPTION_GAP)]
    rows = [
        [
            ident(gap.item.id),
            *(figures.thousandths(gap.means.get(role.role)) for role in result.roles),
            strong(figures.thousandths(gap.gap)),
        ]
        for gap in gaps
    ]
    header = ["Item", *(cell(role.role) for role in result.roles), "Gap"]
    return [
        title,
        figures.perception_intro(PERCEPTION_GAP),
        table(header, "l" + "r" * (len(result.roles) + 1), rows),
    ]


def consolidation(result: Consolidation, file: str | None = None) -> str:
    return document(
        [
            *_header(result, file),
            *lead(result.assessment, 3, provisional=False),
            *measures_section(result.assessment, 4),
            *_disputed(result),
            *_agreement(result),
            *_roles(result),
            *_perception_gaps(result),
        ]
    )
