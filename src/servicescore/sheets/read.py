"""A filled-in questionnaire read as answers (`import`): its grid, from
:mod:`.csvgrid` or :mod:`.xlsxgrid`, turned into the positioned nodes the YAML reader
builds, each at its cell, so the loader checks the answers exactly as it checks an
answers file; its problems are then told by cell (``FILE:Answers!D12``) or by CSV line
and column, in the order of the cells.

A file is a workbook by its name's ending or its zip's signature (a CSV file saved as a
workbook keeps its name), CSV otherwise. A missing file is told as ``assess`` tells it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from servicescore.catalog import is_missing
from servicescore.fields import quoted_list
from servicescore.loader import Loaded, Loader, display_name
from servicescore.model import Answers
from servicescore.problems import Problem
from servicescore.rules import RULE_BY_NAME
from servicescore.sheets.csvgrid import csv_grid
from servicescore.sheets.layout import HEADER, SHEET, Cell
from servicescore.sheets.xlsxgrid import xlsx_grid
from servicescore.yamlfile import (
    MAX_BYTES,
    Document,
    Entry,
    Mapping,
    Mark,
    ProblemLog,
    Scalar,
    quoted,
    report_unwritable,
)

# How a zip (an .xlsx workbook) and an OLE2 file (an old .xls workbook) begin.
_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
# The parser's own words may quote the file: they are not repeated.
_FORMULA = "a formula, not a value: type the value (formulas are not evaluated)"
_MISSING = "no such file or directory"
_YAML_GIVEN = (
    "a YAML file, not a questionnaire: an answers file in YAML needs no import (assess "
    "reads it as it is); import reads the .xlsx and .csv questionnaires of `template`"
)
_NO_HEADER = "no header row: a row starting 'id' with the columns " + ", ".join(HEADER)
_NA_WITHOUT_NOTE = RULE_BY_NAME["na-without-note"].id


class _Form(NamedTuple):
    """What differs between a workbook and a CSV questionnaire once read as a grid."""

    workbook: bool
    # A cell's position in a message (`A10`, `line 10`).
    place: Callable[[Mark], str]
    # What a questionnaire without a header row is told.
    no_header: str


def read(path: Path, loader: Loader) -> Loaded[Answers]:
    """The answers of a filled-in questionnaire, checked by the loader as an answers
    file, every problem at its cell: a workbook by its name's ending or its zip's
    signature (a CSV file saved as a workbook keeps its name), CSV otherwise."""
    name = display_name(path)
    log = ProblemLog(name)
    if is_missing(path):  # told as assess tells it, whatever the name's ending
        log.report(None, "file-unreadable", _MISSING)
        return Loaded(None, log.problems)
    if path.suffix.casefold() in (".yaml", ".yml"):
        # Its content is not shown: a YAML file read as CSV would make no sense of it.
        log.report(None, "file-unreadable", _YAML_GIVEN)
        return Loaded(None, log.problems)
    named = path.suffix.casefold() in (".xlsx", ".xlsm")
    data = _read_bytes(path, log, None if named else Mark(1, 1))
    workbook = named or (data or b"").startswith(_ZIP)
    grid = None
    if data is not None and data.startswith(_OLE):
        message = "not a questionnaire: an old .xls workbook; save it as .xlsx or CSV UTF-8"
        log.report(None if named else Mark(1, 1), "file-unreadable", message)
    elif data is not None:
        grid = xlsx_grid(data, log) if workbook else csv_grid(data, log)
    notes: dict[Mark, _Note] = {}
    form = _WORKBOOK if workbook else _CSV
    root = None if grid is None else _document(grid, log, form, notes)
    if root is None:
        loaded: Loaded[Answers] = Loaded(None, log.problems)
    else:
        loaded = loader.answers(path, document=Document(name, root, log.problems))
    told = [_told_by_row(problem, name, notes) for problem in loaded.problems]
    # In the order of the cells, the questionnaire's first: once told by cell name, a
    # problem no longer sorts (`D12` before `D9`).
    ordered = sorted(told, key=lambda found: (found.path != name, found.line, found.column))
    problems = [_placed(problem, name, workbook) for problem in ordered]
    return Loaded(loaded.value, problems, unchecked=loaded.unchecked)


class _Note(NamedTuple):
    """Where an item row's note is to be written, by the position of its id."""

    ident: str
    mark: Mark


def _told_by_row(problem: Problem, name: str, notes: dict[Mark, _Note]) -> Problem:
    """The loader's warning of an n/a without a note, which tells a YAML file's writer
    what to type, told to a respondent: at the row's note cell, what to fill in."""
    note = notes.get(Mark(problem.line, problem.column))
    if problem.rule != _NA_WITHOUT_NOTE or problem.path != name or note is None:
        return problem
    message = (
        f"the answer to {quoted(note.ident)} is n/a without a note: fill in the note "
        "column of its row with why it does not apply"
    )
    return problem._replace(line=note.mark.line, column=note.mark.column, message=message)


def _placed(problem: Problem, name: str, workbook: bool) -> Problem:
    """A problem of the questionnaire told by cell: a workbook's as ``Answers!D12``."""
    if not workbook or problem.path != name or problem.line <= 0:
        return problem
    from openpyxl.utils import get_column_letter

    cell = f"{name}:{SHEET}!{get_column_letter(problem.column)}{problem.line}"
    return problem._replace(path=cell, line=0, column=0)


def _read_bytes(path: Path, log: ProblemLog, start: Mark | None) -> bytes | None:
    """The file's bytes, at most the 5 MiB any input may have, or None when reported at
    ``start`` (1:1 in a CSV file, as in any text file; no cell of a workbook)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            log.report(start, "file-unreadable", "not a regular file")
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:  # gone since read() looked
        log.report(None, "file-unreadable", _MISSING)
        return None
    except OSError as error:
        log.report(start, "file-unreadable", f"cannot read: {error.strerror or error}")
        return None
    if len(data) > MAX_BYTES:
        log.report(start, "file-size", "file is larger than the 5 MiB limit")
        return None
    return data


def _cell_name(mark: Mark) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(mark.column)}{mark.line}"


def _line_name(mark: Mark) -> str:
    return f"line {mark.line}"


_WORKBOOK = _Form(True, _cell_name, _NO_HEADER)
# The separator is the one after the header row's `id`: none is tried on the file.
_CSV = _Form(False, _line_name, f"{_NO_HEADER}, separated by commas, semicolons or tabs")


def _document(
    grid: list[list[Cell]], log: ProblemLog, form: _Form, notes: dict[Mark, _Note]
) -> Mapping | None:
    """The answers file the grid stands for, as the YAML reader would have built it;
    ``notes`` gets where each item row's note is, by its id's position."""
    if not any(cell.text is not None or cell.formula for row in grid for cell in row):
        log.report(
            Mark(1, 1),
            "missing-field",
            "the questionnaire is empty: fill in the one `template --format` writes",
        )
        return None
    # A formula is a problem wherever it is, a label's, a statement's or a note's too:
    # read as a blank, it would be dropped without a word.
    for formula in (cell for row in grid for cell in row if cell.formula):
        log.report(formula.mark, "wrong-type", _FORMULA)
    header = next((index for index, row in enumerate(grid) if _label(row) == HEADER[0]), None)
    if header is None:
        log.report(Mark(1, 1), "missing-field", form.no_header)
        return None
    columns = _columns(grid[header], log)
    root = Mapping(Mark(1, 1))
    for row in grid[:header]:
        key = _label(row)
        if key is not None:
            value = row[1] if len(row) > 1 else Cell(None, False, Mark(row[0].mark.line, 2))
            _add(root, Entry(key, row[0].mark, _scalar(value, log)), log, form.place)
    if columns is None:
        return None
    answers = Mapping(grid[header][0].mark)
    root.entries["answers"] = Entry("answers", grid[header][0].mark, answers)
    seen: dict[str, Mark] = {}
    for row in grid[header + 1 :]:
        _item(row, columns, answers, seen, log, form.place)
        _note_at(row, columns, form, notes)
    if not answers.entries and not log.failed:
        log.report(grid[header][0].mark, "missing-field", "no item rows under the header")
    return root


def _label(row: list[Cell]) -> str | None:
    if not row or row[0].text is None:
        return None
    return row[0].text.strip().casefold()


def _columns(row: list[Cell], log: ProblemLog) -> dict[str, int] | None:
    """Where the id, answer and note columns are, by the header's names."""
    found = {cell.text.strip().casefold(): index for index, cell in enumerate(row) if cell.text}
    missing = [name for name in ("id", "answer", "note") if name not in found]
    if missing:
        names = quoted_list(missing)
        log.report(row[0].mark, "missing-field", f"the header row has no column {names}")
        return None
    return {name: found[name] for name in ("id", "answer", "note")}


def _item(
    row: list[Cell],
    columns: dict[str, int],
    answers: Mapping,
    seen: dict[str, Mark],
    log: ProblemLog,
    place: Callable[[Mark], str],
) -> None:
    """One item row as an entry of ``answers``; a blank row is skipped."""
    ident, answer, note = (_at(row, columns[name]) for name in ("id", "answer", "note"))
    if ident is None or ident.text is None:
        filled = next((cell for cell in (answer, note) if cell and cell.text), None)
        if filled is not None:
            log.report(filled.mark, "missing-field", "an answer in a row without an item id")
        return
    key = ident.text.strip()
    if key in seen:
        log.report(
            ident.mark,
            "duplicate-key",
            f"duplicate item id {quoted(key)} (first at {place(seen[key])})",
        )
        return
    seen[key] = ident.mark
    value = _scalar(answer, log) if answer else Scalar("", True, ident.mark)
    if note is None or (note.text is None and not note.formula):
        answers.entries[key] = Entry(key, ident.mark, value)
        return
    fields = Mapping(ident.mark)
    fields.entries["answer"] = Entry("answer", value.mark, value)
    fields.entries["note"] = Entry("note", note.mark, _scalar(note, log))
    answers.entries[key] = Entry(key, ident.mark, fields)


def _note_at(
    row: list[Cell], columns: dict[str, int], form: _Form, notes: dict[Mark, _Note]
) -> None:
    """Where the row's note is to be written: its cell; when the row ends before it, in
    a workbook the cell all the same, in CSV the row's id (a cell not there has no
    column to tell)."""
    ident = _at(row, columns["id"])
    if ident is None or ident.text is None:
        return
    note = _at(row, columns["note"])
    if note is not None:
        mark = note.mark
    elif form.workbook:
        mark = Mark(ident.mark.line, columns["note"] + 1)
    else:
        mark = ident.mark
    notes[ident.mark] = _Note(ident.text.strip(), mark)


def _at(row: list[Cell], index: int) -> Cell | None:
    return row[index] if index < len(row) else None


def _scalar(cell: Cell, log: ProblemLog) -> Scalar:
    """A cell as a YAML scalar at its position: blank is null, text is quoted text (so
    ``null`` typed in is the word); a refused character is reported, a formula already
    was (by :func:`_document`, as every formula cell is), and the loader skips both."""
    if cell.formula:
        return Scalar("", False, cell.mark, tainted=True)
    if cell.text is None:
        return Scalar("", True, cell.mark)
    if report_unwritable(cell.text, cell.mark, log):
        return Scalar("", False, cell.mark, tainted=True)
    return Scalar(cell.text, False, cell.mark)


def _add(root: Mapping, entry: Entry, log: ProblemLog, place: Callable[[Mark], str]) -> None:
    """A labelled field above the header; the second of a label is reported."""
    if entry.key == "answers":
        # The item rows under the header are the answers: this row would be dropped.
        message = "a field 'answers' above the header: the item rows under it are the answers"
        log.report(entry.key_mark, "duplicate-key", message)
        return
    first = root.entries.get(entry.key)
    if first is not None:
        message = f"duplicate field {quoted(entry.key)} (first at {place(first.key_mark)})"
        log.report(entry.key_mark, "duplicate-key", message)
        return
    root.entries[entry.key] = entry
