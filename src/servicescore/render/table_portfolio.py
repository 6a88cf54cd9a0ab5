"""``--format table`` for a folder: the portfolio, a row per answers file.

Laid out when the width it is printed at is known: every column that fits without
splitting a word (widths from :mod:`servicescore.render.table`, as the diff's items),
lesser columns giving way first, and with ``--detail`` each file's report after it.
Imported only for a portfolio: the cold start of a single ``assess`` does not read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table

from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.table import (
    Cell,
    Column,
    assessment,
    cell_room,
    heading,
    least_width,
    natural_width,
    provisional_text,
    score_text,
    share_out,
)
from servicescore.render.terminal import Text
from servicescore.scoring import Assessment

# The portfolio's columns, in order. File names are never wrapped: a path split mid-word
# cannot be read or copied. Every other column wraps at spaces only.
_FILE = Column("File", no_wrap=True)
_ORGANISATION = Column("Organisation")
_UNIT = Column("Unit")
_PERIOD = Column("Period", no_wrap=True)
_CHECKLIST = Column("Checklist")
_STAGE = Column("Stage", whole_first_line=True)
_SCORE = Column("Score", justify="right", no_wrap=True)
_LIMITED_BY = Column("Limited by")
# The file with its checklist under it: where checklists differ and their column gave way.
_FILE_CHECKLIST = Column("File, checklist", no_wrap=True)
# When the terminal is too narrow for every column without breaking a word, these give way
# in this order: first what a reader can best do without (``--detail`` shows it all).
_GIVE_WAY = (_PERIOD, _UNIT, _LIMITED_BY, _CHECKLIST, _ORGANISATION)


def _portfolio_row(one: Assessment, columns: Sequence[Column]) -> dict[Column, Cell]:
    continuum = one.checklist.continuum
    subject = one.answers.subject
    limiting = figures.limiting(one)
    stage = Text(f"{one.stage} {continuum.stage(one.stage).name}")
    note = figures.range_note(one)
    if note:
        stage.append(f"\n{note}", style="yellow")
    cells: dict[Column, Cell] = {
        # Made visible now, as a Text would be, so that the widths measured are the
        # widths printed.
        _FILE: visible(one.answers.path),
        _ORGANISATION: visible(subject.organisation),
        _UNIT: visible(subject.unit or "–"),
        _PERIOD: visible(subject.period or "–"),
        _CHECKLIST: visible(figures.checklist_label(one)),
        _STAGE: stage,
        _SCORE: score_text(one.score),
        _LIMITED_BY: visible(limiting),
    }
    if _FILE_CHECKLIST in columns:
        cells[_FILE_CHECKLIST] = Text.assemble(
            one.answers.path, "\n", (figures.checklist_label(one), "dim")
        )
    return {column: cells[column] for column in columns}


def _as_text(cell: Cell) -> Text:
    """A cell as Rich prints it: plain text is never read as markup."""
    return cell if isinstance(cell, Text) else Text(cell)


class _PortfolioTable:
    """The portfolio table, laid out when the width it is printed at is known: every
    column that fits without splitting a word, lesser columns giving way first."""

    def __init__(self, assessments: Sequence[Assessment]) -> None:
        columns = [_FILE, _ORGANISATION]
        if any(one.answers.subject.unit for one in assessments):
            columns.append(_UNIT)
        columns.append(_PERIOD)
        if figures.mixed_checklists(assessments):
            columns.append(_CHECKLIST)
        columns += [_STAGE, _SCORE, _LIMITED_BY]
        self.columns = columns
        self.mixed = _CHECKLIST in columns
        cells = [*columns, _FILE_CHECKLIST] if self.mixed else columns
        self.rows = [_portfolio_row(one, cells) for one in assessments]
        # Computed once: a portfolio may hold thousands of rows.
        self.least = {
            column: least_width(column, [row[column] for row in self.rows]) for column in cells
        }
        self.natural = {
            column: natural_width(column, [row[column] for row in self.rows]) for column in cells
        }
        self.first_line = {
            column: natural_width(column, [row[column] for row in self.rows], first_only=True)
            for column in columns
            if column.whole_first_line
        }

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[dict[Column, Cell]],
        widths: dict[Column, int] | None = None,
    ) -> Table:
        table = Table(box=box.SIMPLE_HEAD)
        for column in columns:
            # At least its longest word: else Rich may squeeze a column below it.
            table.add_column(
                Text(column.header),
                justify=column.justify,
                no_wrap=column.no_wrap,
                min_width=self.least[column],
                width=None if widths is None else widths[column],
            )
        for row in rows:
            table.add_row(*(_as_text(row[column]) for column in columns))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = list(self.columns)
        for lesser in (None, *_GIVE_WAY):
            if lesser in columns:
                columns.remove(lesser)
                if lesser == _CHECKLIST:
                    # each row must still say which checklist it answers
                    columns[columns.index(_FILE)] = _FILE_CHECKLIST
            least = {column: self.least[column] for column in columns}
            room = cell_room(console, options, partial(self.table, columns), least)
            if sum(least.values()) <= room:
                # Widths set here, not by Rich: its squeeze narrows the widest wrapping
                # columns to one width, below their longest words, then crops the last.
                for column, whole in self.first_line.items():
                    if column in least and sum(least.values()) - least[column] + whole <= room:
                        least[column] = max(least[column], whole)
                yield self.table(columns, self.rows, share_out(least, self.natural, room))
                return
        # Too narrow even for file, stage and score side by side: one block per file.
        for row in self.rows:
            yield Text("")
            yield _as_text(row[_FILE_CHECKLIST if self.mixed else _FILE])
            stage = Text(" · ").join(_as_text(row[_STAGE]).split("\n"))
            yield Padding(Text.assemble(stage, " · score ", row[_SCORE]), (0, 0, 0, 2))


def portfolio(
    assessments: Sequence[Assessment], detail: bool, title: str | None = None
) -> RenderableType:
    lead = provisional_text(figures.provisional_portfolio(assessments))
    # The title heads the page, then the provisional line, as in the single report.
    parts: list[RenderableType] = [heading(title or "Portfolio")]
    if lead is not None:
        parts.append(lead)
    parts.append(_PortfolioTable(assessments))
    if not detail:
        return Group(*parts)
    for one in assessments:
        parts += [Rule(Text(one.answers.path)), assessment(one)]
    return Group(*parts)
