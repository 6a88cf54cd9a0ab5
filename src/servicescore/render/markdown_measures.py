"""Service measures (SPEC 9) in the Markdown reports: GFM tables beside the stages.

``assess`` shows each measure's figure against its target, ``diff`` how each figure
moved, and ``trend`` each measure's figure in every period of a series, as the terminal
reports do (:mod:`servicescore.render.table_measures`). Read only when a checklist
defines measures. Every string from a file (names, notes, periods, and the figures as
written) goes through :func:`~servicescore.render.markdown.cell` or
:func:`~servicescore.render.markdown.note_text`: never a link, HTML or a broken table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicescore import measures
from servicescore.render.markdown import cell, heading, note_text, strong, table

if TYPE_CHECKING:
    from servicescore.diff import Diff
    from servicescore.model import Answers, Number
    from servicescore.trend import Series

_MET = {True: "met", False: strong("not met"), None: "—"}


def _figure(value: Number | None, unit: str) -> str:
    # A figure's number is as the file wrote it: escaped like any file text ("-12"
    # would start a list).
    return cell(measures.figure(value, unit))


def report(answers: Answers, level: int) -> list[str]:
    """The measures section of a report, its heading at ``level``; the note column only
    where a figure has a note."""
    results = measures.results(answers)
    noted = any(result.note for result in results)
    rows = []
    for result in results:
        measure = result.measure
        row = [
            cell(measure.name),
            _figure(result.value, measure.unit),
            cell(measures.target_text(measure)),
            _MET[result.met],
        ]
        rows.append([*row, note_text(result.note) or "—"] if noted else row)
    header = ["Measure", "Figure", "Target", "Met", *(["Note"] if noted else [])]
    return [heading(level, "Measures"), table(header, "lrrll"[: len(header)], rows)]


def diff(diff: Diff, level: int) -> list[str]:
    """Each measure of either side, old → new, and how it moved by its direction;
    a worsened figure in bold, as a regressed item."""
    rows = []
    for change in measures.compare(diff.old.answers, diff.new.answers):
        kind = strong(change.change) if change.change == "worsened" else change.change
        old = _figure(change.old, change.old_unit)
        moved = f"{old} → {_figure(change.new, change.measure.unit)}"
        rows.append([cell(change.measure.name), moved, kind])
    return [heading(level, "Measures"), table(["Measure", "Old → new", "Change"], "lrl", rows)]


def trend(one: Series, level: int) -> list[str]:
    """A series' measures, one row each, one column a period (a dash where the period
    gives no figure), then the latest target; nothing where no period defines any."""
    defined = measures.defined([point.assessment.checklist for point in one.points])
    if not defined:
        return []
    header = ["Measure", *(cell(point.period) for point in one.points), "Target"]
    rows = [
        [
            cell(measure.name),
            *(cell(measures.figure_in(point.assessment.answers, measure)) for point in one.points),
            cell(measures.target_text(measure)),
        ]
        for measure in defined
    ]
    return [heading(level, "Measures"), table(header, "l" + "r" * (len(header) - 1), rows)]
