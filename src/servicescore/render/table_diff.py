"""The diff's terminal report (``servicescore diff --format table``).

What a reviewer must see first leads: who was compared and the stage change (with any
stage that dropped), the regressed items, the components and elements whose scores
moved (the unmoved named on one line), then the other changed items, each with the
answer and note of both sides. Reached through :func:`servicescore.render.table.diff`,
and built from the cells and column widths of :mod:`servicescore.render.table`; file
text enters only as :class:`~servicescore.render.terminal.Text`, as there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table

from servicescore.model import Answer
from servicescore.render import figures
from servicescore.render.table import (
    Column,
    Hanging,
    cell_room,
    change_text,
    heading,
    least_width,
    natural_width,
    score_text,
    share_out,
    stage_move,
    subject_line,
)
from servicescore.render.terminal import Text

if TYPE_CHECKING:
    from servicescore.diff import Diff, ItemChange


_CHANGE_STYLE = {
    "regressed": "bold red",
    "improved": "green",
    "changed": "yellow",
    "added": "cyan",
    "removed": "magenta",
}


def _answer_cell(answer: Answer | None) -> Text:
    if answer is None:
        return Text("(not in checklist)", style="dim")
    text = Text(answer.value or "unanswered", style="" if answer.value else "italic dim")
    if answer.note:
        text.append(f"\n{answer.note}", style="dim")
    return text


def _diff_header(diff: Diff) -> RenderableType:
    """Who was compared, then the overall stage change, then any stage that dropped."""
    old, new = diff.old, diff.new
    old_stage = old.checklist.continuum.stage(old.stage)
    new_stage = new.checklist.continuum.stage(new.stage)
    lines: list[RenderableType] = [
        Text.assemble(("Old: ", "bold"), subject_line(old), ("  " + old.answers.path, "dim")),
        Text.assemble(("New: ", "bold"), subject_line(new), ("  " + new.answers.path, "dim")),
        Text(""),
        Text.assemble(
            ("Stage ", "bold"),
            (f"{old_stage.number} {old_stage.name}", "cyan"),
            " → ",
            (f"{new_stage.number} {new_stage.name}", "bold cyan"),
            "  ",
            stage_move(old.stage, new.stage),
            "    score ",
            score_text(old.score),
            " → ",
            score_text(new.score),
            " ",
            change_text(old.score, new.score),
        ),
    ]
    drops = figures.stage_drops(diff)
    if drops:
        lines.append(Hanging(Text("Stage dropped: ", style="bold red"), Text(drops, "red")))
    return Group(*lines)


def _folded(unchanged: list[str]) -> RenderableType | None:
    """The rows a diff table leaves out because nothing moved, named on one line."""
    if not unchanged:
        return None
    named = Hanging(Text("Unchanged: ", style="dim"), Text(", ".join(unchanged) + ".", "dim"))
    return Group(named, Text(""))


def _diff_components(diff: Diff) -> list[RenderableType | None]:
    table = Table(title=heading("Components"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(Text("Component"))
    table.add_column(Text("Stage"), no_wrap=True)
    table.add_column(Text(""), no_wrap=True)
    table.add_column(Text("Score"), justify="right", no_wrap=True)
    table.add_column(Text("Change"), justify="right", no_wrap=True)
    unchanged = []
    for change in diff.components:
        if figures.unmoved(change):
            unchanged.append(change.name)
            continue
        table.add_row(
            Text(change.name),
            Text(f"{change.old_stage or '–'} → {change.new_stage or '–'}"),
            stage_move(change.old_stage, change.new_stage),
            Text.assemble(score_text(change.old_score), " → ", score_text(change.new_score)),
            change_text(change.old_score, change.new_score),
        )
    if not table.rows:
        return [heading("Components"), _folded(unchanged)]
    return [table, _folded(unchanged)]


def _diff_elements(diff: Diff) -> list[RenderableType | None]:
    table = Table(title=heading("Elements"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(Text("Element"))
    table.add_column(Text("Score"), justify="right", no_wrap=True)
    table.add_column(Text("Change"), justify="right", no_wrap=True)
    unchanged = []
    for element in diff.elements:
        if figures.steady(element.old, element.new):
            unchanged.append(element.title)
            continue
        table.add_row(
            Text(element.title),
            Text.assemble(score_text(element.old), " → ", score_text(element.new)),
            change_text(element.old, element.new),
        )
    if not table.rows:
        return [heading("Elements"), _folded(unchanged)]
    return [table, _folded(unchanged)]


_CHANGE = Column("Change", no_wrap=True)
_ITEM = Column("Item")
_OLD = Column("Old")
_NEW = Column("New")


class _Changes:
    """Changed items with the answer and note of each side, laid out when the width is
    known: an item id is one word, never split (a reviewer searches the answers file for
    it), and the room left goes to the narrowest column still wrapping (``share_out``)."""

    def __init__(self, title: str, changes: Sequence[ItemChange]) -> None:
        self.title = f"{title} ({len(changes)})"
        self.rows = [
            {
                _CHANGE: Text(item.change, style=_CHANGE_STYLE[item.change]),
                _ITEM: Text.assemble((item.id, "cyan"), "\n", item.text),
                _OLD: _answer_cell(item.old),
                _NEW: _answer_cell(item.new),
            }
            for item in changes
        ]
        columns = (_CHANGE, _ITEM, _OLD, _NEW)
        self.least = {c: least_width(c, [row[c] for row in self.rows]) for c in columns}
        # A note may fold where it must (the rare word longer than its column): only the
        # answers themselves set the least width of their columns.
        for side in (_OLD, _NEW):
            answers = [row[side].plain.partition("\n")[0] for row in self.rows]
            self.least[side] = least_width(side, answers)
        self.natural = {c: natural_width(c, [row[c] for row in self.rows]) for c in columns}

    def table(self, rows: Sequence[dict[Column, Text]], widths: dict[Column, int] | None) -> Table:
        items = Table(title=heading(self.title), title_justify="left", box=box.SIMPLE_HEAD)
        for column in self.least:
            # Folded, when even a whole id does not fit the terminal: cut, it would be lost.
            items.add_column(
                Text(column.header),
                no_wrap=column.no_wrap,
                overflow="fold",
                width=None if widths is None else widths[column],
            )
        for row in rows:
            items.add_row(*row.values())
        return items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = cell_room(console, options, partial(self.table, widths=None), self.least)
        fits = sum(self.least.values()) <= room
        yield self.table(self.rows, share_out(self.least, self.natural, room) if fits else None)


def diff(diff: Diff) -> RenderableType:
    # What a reviewer must see first leads, as in the Markdown diff: the stage change and
    # any drop, the regressed items, then the scores, then the other changed items.
    regressed = [item for item in diff.items if item.change == "regressed"]
    others = [item for item in diff.items if item.change != "regressed"]
    parts: list[RenderableType | None] = [_diff_header(diff), Text("")]
    if regressed:
        parts.append(_Changes("Regressions", regressed))
    parts += _diff_components(diff)
    parts += _diff_elements(diff)
    if diff.old.checklist.measures or diff.new.checklist.measures:
        from servicescore.render import table_measures

        parts.append(table_measures.diff(diff))
    if not diff.items:
        parts.append(Text("No item changed.", style="dim"))
    elif others:
        parts.append(_Changes("Other changed items" if regressed else "Changed items", others))
    return Group(*(part for part in parts if part is not None))
