"""Service measures (SPEC 9) in the terminal reports: a table beside the stages.

``assess`` shows each measure's figure against its target, ``diff`` how each figure
moved, and ``trend`` each measure's figure in every period of a series. Read only when a
checklist defines measures (from :mod:`servicescore.render.table` and its diff and trend
modules), so that the cold start of an ``assess`` without them reads nothing more. Names
and notes come from files: they enter only as :class:`~servicescore.render.terminal.Text`,
never as Rich markup, with bidi overrides and zero-width characters shown escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.table import Table

from servicescore import measures
from servicescore.problems import visible
from servicescore.render.table import heading
from servicescore.render.terminal import Text

if TYPE_CHECKING:
    from servicescore.diff import Diff
    from servicescore.model import Answers, Measure
    from servicescore.trend import Series

# Met green, not met red, as a score's bar; nothing to judge is dim.
_MET = {True: ("met", "green"), False: ("not met", "red"), None: ("—", "dim")}
_CHANGE_STYLE = {
    "improved": "green",
    "worsened": "red",
    "unchanged": "dim",
    "added": "cyan",
    "removed": "magenta",
}


def _table(edge: bool = True) -> Table:
    """A measures table; without ``edge``, laid out as a trend's series table above it."""
    return Table(
        title=heading("Measures"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=edge,
        show_edge=edge,
    )


# A name's column is at least its longest word, up to this: on a narrow terminal a name
# wraps at spaces, not mid-word, while a freak word cannot take every column's room.
_LONGEST_WORD = 24


def _name_column(table: Table, names: Sequence[str]) -> None:
    words = [cell_len(word) for name in names for word in visible(name).split()]
    least = min(max(words, default=0), _LONGEST_WORD)
    table.add_column(Text("Measure"), min_width=max(least, len("Measure")), overflow="fold")


def target(measure: Measure) -> Text:
    """The target with the direction that meets it, ``≥ 80%``; a dim dash without one."""
    return Text(measures.target_text(measure), style="dim" if measure.target is None else "")


def report(answers: Answers) -> Table:
    """Each measure the checklist defines: its figure, target, whether it is met, and
    the note; the note column only where a figure has a note."""
    results = measures.results(answers)
    noted = any(result.note for result in results)
    table = _table()
    _name_column(table, [result.measure.name for result in results])
    table.add_column(Text("Figure"), justify="right", no_wrap=True)
    table.add_column(Text("Target"), justify="right", no_wrap=True)
    table.add_column(Text("Met"), no_wrap=True, min_width=len("not met"))
    if noted:
        table.add_column(Text("Note"), overflow="fold")
    for result in results:
        measure = result.measure
        figure = measures.figure(result.value, measure.unit)
        row = [
            Text(measure.name),
            Text(figure, style="dim" if result.value is None else ""),
            target(measure),
            Text(*_MET[result.met]),
        ]
        if noted:
            row.append(Text(result.note or "", style="dim"))
        table.add_row(*row)
    return table


def diff(diff: Diff) -> Table:
    """Each measure of either side, old → new, and how it moved by its direction."""
    changes = measures.compare(diff.old.answers, diff.new.answers)
    table = _table()
    _name_column(table, [change.measure.name for change in changes])
    table.add_column(Text("Old → new"), justify="right", no_wrap=True)
    table.add_column(Text("Change"), no_wrap=True, min_width=len("unchanged"))
    for change in changes:
        old = measures.figure(change.old, change.old_unit)
        moved = f"{old} → {measures.figure(change.new, change.measure.unit)}"
        table.add_row(
            Text(change.measure.name),
            Text(moved),
            Text(change.change, style=_CHANGE_STYLE[change.change]),
        )
    return table


def _figures(one: Series, measure: Measure) -> list[Text]:
    """The measure's figure in each period of the series; a dim dash where none."""
    shown = []
    for point in one.points:
        answers = point.assessment.answers
        style = "dim" if answers.measure(measure.id).value is None else ""
        shown.append(Text(measures.figure_in(answers, measure), style))
    return shown


def trend(one: Series) -> Table:
    """A series' measures, one row each, one column a period (a dim dash where the
    period gives no figure), then the latest target."""
    defined = measures.defined([point.assessment.checklist for point in one.points])
    table = _table(edge=False)
    _name_column(table, [measure.name for measure in defined])
    for point in one.points:
        table.add_column(Text(point.period), justify="right", no_wrap=True)
    table.add_column(Text("Target"), justify="right", no_wrap=True)
    for measure in defined:
        table.add_row(Text(measure.name), *_figures(one, measure), target(measure))
    return table


def trend_narrow(one: Series) -> Table:
    """The series' measures where a column a period does not fit: a line a period in
    one column, so that a figure is never split from its unit."""
    defined = measures.defined([point.assessment.checklist for point in one.points])
    table = _table(edge=False)
    _name_column(table, [measure.name for measure in defined])
    table.add_column(Text("Each period"), no_wrap=True)
    table.add_column(Text("Target"), justify="right", no_wrap=True)
    labels = [Text(point.period, style="dim") for point in one.points]
    width = max(cell_len(label.plain) for label in labels)
    for label in labels:
        label.align("left", width)  # padded in cells, as the width is measured
    for measure in defined:
        lines = [
            Text.assemble(label, "  ", figure)
            for label, figure in zip(labels, _figures(one, measure), strict=True)
        ]
        table.add_row(Text(measure.name), Text("\n").join(lines), target(measure))
    return table
