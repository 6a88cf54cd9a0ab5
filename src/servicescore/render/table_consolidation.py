"""A consolidation's terminal report (``servicescore consolidate --format table``).

In the order a workshop needs it (SPEC 6): who answered, then the consolidated
assessment as ``assess`` leads with it (its provisional range, stage, roadmap and
components), then the disputed items with every respondent's answer and note side by
side, then the agreement (Krippendorff's alpha, with a reading for a
non-statistician), then the role scores and role gaps, then the perception gaps. The
HTML page keeps this order, and adds the single report's element scores and next steps
after the components and the full answers list at the end; here, as in the Markdown,
``assess`` on the ``--answers-out`` file gives those.
Reached through :func:`servicescore.render.table.consolidation`, and built from the
pieces, cells and column widths of :mod:`servicescore.render.table`; file text
(respondents, roles, notes) enters only as :class:`~servicescore.render.terminal.Text`,
as there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import partial

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table

from servicescore.consolidate import (
    DISPUTED_ABOVE,
    PERCEPTION_GAP,
    Consolidation,
    ItemConsolidation,
)
from servicescore.model import Answer, Checklist
from servicescore.problems import printable, visible
from servicescore.render import figures
from servicescore.render.table import (
    Column,
    Hanging,
    cell_room,
    heading,
    lead,
    least_width,
    measures_section,
    natural_width,
    provisional_text,
    scale_answer,
    score_text,
    share_out,
)
from servicescore.render.terminal import Text

UNDEFINED = figures.ALPHA_UNDEFINED


class _Fitted:
    """A table whose column widths are set here, as the diff's changed items are
    (:mod:`servicescore.render.table_diff`): where the terminal has room for each
    column's longest word no word is broken, and the room left goes to the narrowest
    column still wrapping (``share_out``). Where it has not (a column per role on a
    narrow terminal), each row becomes a line that hangs under its first cell, with
    every other cell named by its column: a name cut into pieces cannot be read.

    Columns are keyed by position, not by :class:`Column`: two columns may have the same
    header (a role called "Gap")."""

    def __init__(
        self, columns: Sequence[Column], rows: Sequence[Sequence[Text]], folding: int | None = None
    ) -> None:
        self.columns = tuple(columns)
        self.keys = [Column(str(index)) for index in range(len(columns))]
        self.rows = [dict(zip(self.keys, row, strict=True)) for row in rows]
        cells = [[row[index] for row in rows] for index in range(len(columns))]
        # The ``folding`` column (notes) may fold a word where it must: only its header
        # sets its least width.
        self.least = {
            key: least_width(column, [] if index == folding else cells[index])
            for index, (key, column) in enumerate(zip(self.keys, columns, strict=True))
        }
        self.natural = {
            key: natural_width(column, cells[index])
            for index, (key, column) in enumerate(zip(self.keys, columns, strict=True))
        }

    def table(self, rows: Sequence[dict[Column, Text]], widths: dict[Column, int]) -> Table:
        table = Table(box=box.SIMPLE_HEAD)
        for key, column in zip(self.keys, self.columns, strict=True):
            table.add_column(
                Text(column.header),
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow="fold",
                width=widths.get(key),
            )
        for row in rows:
            table.add_row(*(row[key] for key in self.keys))
        return table

    def listed(self) -> list[RenderableType]:
        """The rows as lines: ``first cell: Header value · Header value``."""
        lines: list[RenderableType] = []
        for row in self.rows:
            first, *more = row[self.keys[0]].split("\n")
            named = [
                Text.assemble((column.header, "dim"), " ", row[key])
                for key, column in zip(self.keys[1:], self.columns[1:], strict=True)
                if row[key].plain
            ]
            label = Text.assemble(first, ": ")
            lines.append(Hanging(label, Text(" · ").join(named), *more, indent=2))
        return [Text(""), *lines, Text("")]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = cell_room(console, options, partial(self.table, widths={}), self.least)
        if sum(self.least.values()) > room:
            yield from self.listed()
            return
        yield self.table(self.rows, share_out(self.least, self.natural, room))


def _credits(checklist: Checklist) -> dict[str, Fraction]:
    return {entry.value: entry.credit.value for entry in checklist.scale}


def _answer(answer: Answer, credits: Mapping[str, Fraction]) -> Text:
    return scale_answer(answer.value, credits.get(answer.value or ""))


def _header(result: Consolidation, file: str | None) -> list[RenderableType]:
    count = figures.plural(len(result.respondents), "respondent")
    rule = (
        "the lowest answer of each item"
        if result.rule == "strict"
        else "the lower median of each item's answers"
    )
    who = Text(", ").join(
        Text(one.name) if one.role is None else Text.assemble(one.name, (f" ({one.role})", "dim"))
        for one in result.respondents
    )
    # SPEC 3.5: a provisional report says so before anything else, under its title.
    provisional = provisional_text(figures.provisional(result.assessment))
    parts: list[RenderableType] = [
        heading(f"Consolidation of {count}"),
        *([] if provisional is None else [provisional]),
        Text(f"Rule: {result.rule}, {rule}", style="dim"),
        Hanging(Text("Respondents: ", style="bold"), who),
    ]
    if file is not None:
        shown = Text(printable(file))  # as `assess` names a file: a tab escaped too
        parts.append(Hanging(Text("Consolidated answers: ", style="bold"), shown))
    return parts


# -- disputed items --------------------------------------------------------------------

_RESPONDENT = Column("Respondent")
_ROLE = Column("Role")
_ANSWER = Column("Answer", no_wrap=True)
_NOTE = Column("Note")


def _dispute(result: Consolidation, number: int, entry: ItemConsolidation) -> RenderableType:
    credits = _credits(result.consolidated.checklist)
    title = Text.assemble(
        (f"{number}. ", "bold"),
        (entry.item.id, "cyan"),
        "  consolidated: ",
        _answer(entry.consolidated, credits),
        (f"  spread {figures.thousandths(entry.spread)}", "dim"),
    )
    rows = [
        [
            Text(one.name),
            Text(one.role or figures.DASH, style="" if one.role else "dim"),
            _answer(answer, credits),
            Text(answer.note or "", style="dim"),
        ]
        for one, answer in zip(result.respondents, entry.answers, strict=True)
    ]
    statement = Hanging(Text("   "), Text(entry.item.text, style="bold"))
    answers = _Fitted((_RESPONDENT, _ROLE, _ANSWER, _NOTE), rows, folding=3)
    return Group(Hanging(Text(""), title), statement, answers)


def _disputed(result: Consolidation) -> list[RenderableType]:
    disputed = result.disputed
    title = heading(f"Disputed items ({len(disputed)})")
    if not disputed:
        return [title, Text(figures.undisputed(DISPUTED_ABOVE))]
    intro = Text(figures.disputed_intro(DISPUTED_ABOVE), style="dim")
    # Each item's table ends in a blank line: the next item follows it.
    items = (_dispute(result, number, entry) for number, entry in enumerate(disputed, 1))
    return [title, intro, Text(""), *items]


# -- agreement -------------------------------------------------------------------------


def _alphas(
    header: str, names: Mapping[str, str], alphas: Mapping[str, Fraction | None]
) -> _Fitted:
    rows = [
        [
            Text(names[key]),
            Text(figures.thousandths(alpha), style="dim" if alpha is None else ""),
            Text(figures.alpha_reading(alpha) or ""),
        ]
        for key, alpha in alphas.items()
    ]
    columns = (Column(header), Column("Alpha", "right", no_wrap=True), Column("Reading"))
    return _Fitted(columns, rows)


def _reading(alpha: Fraction | None) -> str:
    reading = figures.alpha_reading(alpha)
    return "" if reading is None else f" ({reading})"


def _agreement(result: Consolidation) -> list[RenderableType]:
    agreement = result.agreement
    checklist = result.consolidated.checklist
    overall = figures.thousandths(agreement.overall)
    parts: list[RenderableType] = [
        heading("Agreement"),
        Text.assemble(
            "Krippendorff's alpha over all items: ",
            (UNDEFINED if agreement.overall is None else overall, "bold"),
            _reading(agreement.overall),
        ),
        Text(f"{figures.ALPHA_READING} Reading: {figures.ALPHA_SCALE}.", style="italic"),
        _alphas("Component", figures.component_names(result.assessment), agreement.components),
        _alphas("Element", {e.id: e.title for e in checklist.elements}, agreement.elements),
    ]
    alphas = [*agreement.components.values(), *agreement.elements.values()]
    if None in alphas:
        parts.append(
            Text(
                f"{figures.DASH} {UNDEFINED}: fewer than two answers to pair, "
                "or every answer the same.",
                style="dim",
            )
        )
    return parts


# -- roles -----------------------------------------------------------------------------


def _role_columns(result: Consolidation, first: str) -> list[Column]:
    # A role's column is right-justified and wraps at spaces; the Gap column does not
    # wrap: the two stay apart even where a role is called "Gap".
    # Made visible now, as Text makes it when printed, so that the width measured is the
    # width printed.
    roles = [Column(visible(role.role), "right") for role in result.roles]
    return [Column(first), *roles, Column("Gap", "right", no_wrap=True)]


def _roles(result: Consolidation) -> list[RenderableType]:
    title = heading("Role scores")
    if not result.roles:
        roles = len(result.role_names)
        return [title, Text(figures.roles_wanting(roles), style="dim")]
    names = figures.component_names(result.assessment)
    rows = [
        [
            Text(names[key]),
            *(score_text(role.components[key]) for role in result.roles),
            score_text(gap),
        ]
        for key, gap in result.role_gaps.items()
    ]
    members = [
        Hanging(Text.assemble((role.role, "bold"), ": "), Text(", ".join(role.respondents)))
        for role in result.roles
    ]
    explained = Text(
        "Each role's score per component from its members' mean credits; the gap is the "
        f"highest role score minus the lowest. {figures.ROLE_GAP_EXACT}",
        style="dim",
    )
    table = _Fitted(_role_columns(result, "Component"), rows)
    return [title, *members, explained, table]


def _perception_gaps(result: Consolidation) -> list[RenderableType]:
    if not result.roles:
        return []
    gaps = result.perception_gaps
    title = heading(f"Perception gaps ({len(gaps)})")
    if not gaps:
        return [title, Text(figures.no_perception_gap(PERCEPTION_GAP), style="dim")]
    rows = [
        [
            Text.assemble((gap.item.id, "cyan"), "\n", (gap.item.text, "dim")),
            *(Text(figures.thousandths(gap.means.get(role.role))) for role in result.roles),
            Text(figures.thousandths(gap.gap), style="bold"),
        ]
        for gap in gaps
    ]
    explained = Text(figures.perception_intro(PERCEPTION_GAP), style="dim")
    return [title, explained, _Fitted(_role_columns(result, "Item"), rows)]


def _spaced(sections: Sequence[list[RenderableType]]) -> list[RenderableType]:
    """The sections one after another, each set off by a blank line: a table ends in
    one of its own, a line of text does not, so a blank line follows the text."""
    parts: list[RenderableType] = []
    for section in sections:
        if parts and section and isinstance(parts[-1], (Text, Hanging)):
            parts.append(Text(""))
        parts += section
    return parts


def consolidation(result: Consolidation, file: str | None = None) -> RenderableType:
    sections = [
        _header(result, file),
        lead(result.assessment, provisional=False),
        [measures] if (measures := measures_section(result.assessment)) else [],
        _disputed(result),
        _agreement(result),
        _roles(result),
        _perception_gaps(result),
    ]
    return Group(*_spaced(sections))
