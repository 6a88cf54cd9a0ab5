"""Spreadsheet questionnaires (SPEC 7): a checklist written as a workbook (.xlsx) or a
CSV file to fill in, and a filled one read back as answers.

Both forms hold one grid: the checklist's reference and the subject fields as labelled
cells at the top, a header row, then a row per item (id, element, statement, answer,
note). Reading turns the grid into the positioned nodes the YAML reader builds, each
at its cell, so the loader checks the answers exactly as it checks an answers file;
its problems are then told by cell (``FILE:Answers!D12``) or by CSV line and column.
A CSV file's separator is the one its header row has after ``id``: a comma, or the
semicolon or tab a spreadsheet in a locale whose decimal mark is a comma saves with.

Nothing here evaluates a formula, and no text written is one: what a spreadsheet would
take for a formula (``=``, ``+``, ``-``, ``@``, a tab or carriage return first) is
written as text, with a quote prefix in a workbook and a leading ``'`` in CSV, which
reading takes off again. A workbook is checked, size and members, before openpyxl
opens it, and the bounds of its sheet (merged ranges, the farthest cells) are read from
the sheet's XML before openpyxl builds a cell: a few bytes can name millions of cells.
openpyxl is imported here only, and this module only by the two commands
that need it: the cold start of ``assess`` does not pay for it.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from servicescore.catalog import is_missing
from servicescore.fields import quoted_list
from servicescore.loader import Loaded, Loader, display_name
from servicescore.model import NOT_APPLICABLE, Answers, Checklist
from servicescore.problems import Problem
from servicescore.rules import RULE_BY_NAME
from servicescore.yamlfile import (
    MAX_BYTES,
    Document,
    Entry,
    Mapping,
    Mark,
    ProblemLog,
    Scalar,
    decode,
    quoted,
    report_unwritable,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "Answers"
SCALE_SHEET = "Scale"
HEADER = ("id", "element", "statement", "answer", "note")
# The labelled cells above the header: what the answers file's top-level fields are.
FIELDS = ("checklist", "organisation", "unit", "period", "respondent", "role")
# The header's row (1-based) in what `template` writes: the fields, then a blank row.
HEADER_ROW = len(FIELDS) + 2
# Cells a spreadsheet would read as a formula, or OWASP's CSV injection list.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A workbook is a zip: what its members unpack to is bounded before any is read, as a
# few kilobytes can unpack to gigabytes. (zipfile stops a member at its declared size,
# so the declared sizes bound the memory.) A questionnaire of a hundred items unpacks
# to a few hundred kilobytes.
MAX_UNPACKED = 5 * 1024 * 1024
# Rows read from a questionnaire: a checklist of a thousand items fits many times over.
MAX_ROWS = 10_000
# Columns a workbook's values may be in: the questionnaire's five, and room beside them
# for a respondent's jottings. A value further right is refused before a grid is built,
# as one cell at XFD1 would make every row 16,384 cells wide.
MAX_COLUMNS = 26
# What may separate a CSV questionnaire's cells: a comma, or what a spreadsheet in a
# locale whose decimal mark is a comma saves with (a semicolon; a tab in some).
SEPARATORS = (",", ";", "\t")
# The header row's start, `id` then its separator: the line that tells the file's
# separator. Spaces only around `id` (a tab may be the separator).
# A quoted field of a CSV record, a doubled quote inside it being one quote.
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_HEADER_START = re.compile(
    r' *(?:id|"id") *([' + re.escape("".join(SEPARATORS)) + "])", re.IGNORECASE
)
# How a zip (an .xlsx workbook) and an OLE2 file (an old .xls workbook) begin.
_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
# The parser's own words may quote the file: they are not repeated.
_FORMULA = "a formula, not a value: type the value (formulas are not evaluated)"
_UNREADABLE = "not a readable .xlsx workbook: open it in a spreadsheet and save it again"
_MISSING = "no such file or directory"
_WIDTHS = {"A": 16, "B": 24, "C": 72, "D": 14, "E": 48}
_NO_HEADER = "no header row: a row starting 'id' with the columns " + ", ".join(HEADER)
_NA_WITHOUT_NOTE = RULE_BY_NAME["na-without-note"].id


class _Form(NamedTuple):
    """What differs between a workbook and a CSV questionnaire once read as a grid."""

    workbook: bool
    # A cell's position in a message (`A10`, `line 10`).
    place: Callable[[Mark], str]
    # What a questionnaire without a header row is told.
    no_header: str


class Cell(NamedTuple):
    """One cell of the grid as read: its text (None when blank), whether it holds a
    formula, and its position (row and column, 1-based; for CSV, line and column)."""

    text: str | None
    formula: bool
    mark: Mark


# -- writing ------------------------------------------------------------------------------


def rows(checklist: Checklist, reference: str) -> list[list[str]]:
    """The questionnaire's grid: the labelled fields, a blank row, the header, the items."""
    grid = [[FIELDS[0], reference], *([name, ""] for name in FIELDS[1:]), []]
    grid.append(list(HEADER))
    titles = {element.id: element.title for element in checklist.elements}
    grid.extend([item.id, titles[item.element], item.text, "", ""] for item in checklist.items)
    return grid


def csv_text(checklist: Checklist, reference: str) -> str:
    """The questionnaire as UTF-8 CSV: formula-like text behind a leading ``'``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([_guarded(text) for text in row] for row in rows(checklist, reference))
    return buffer.getvalue()


def _guarded(text: str) -> str:
    """``text`` for a CSV cell: a leading ``'`` where a spreadsheet would take it for a
    formula, or where it starts with ``'`` before such a character or another ``'``
    (so that :func:`_unguarded` takes off exactly what was added)."""
    if text.startswith(FORMULA_START) or (
        text.startswith("'") and text[1:2] != "" and text[1] in (*FORMULA_START, "'")
    ):
        return "'" + text
    return text


def _unguarded(text: str) -> str:
    if text.startswith("'") and text[1:2] != "" and text[1] in (*FORMULA_START, "'"):
        return text[1:]
    return text


def workbook_bytes(checklist: Checklist, reference: str) -> bytes:
    """The questionnaire as an .xlsx workbook: a sheet ``Answers`` to fill in, each
    answer a drop-down of the scale's values and ``n/a``, and a sheet ``Scale``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = SHEET
    for values in rows(checklist, reference):
        sheet.append([None] * len(values))
        for column, text in enumerate(values, start=1):
            _put(sheet, sheet.max_row, column, text)
    header = HEADER_ROW
    bold = Font(bold=True)
    for row in range(1, header + 1):
        sheet.cell(row, 1).font = bold
        for column in range(2, len(HEADER) + 1):
            sheet.cell(row, column).font = bold if row == header else Font()
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in range(header + 1, sheet.max_row + 1):
        for column in range(1, len(HEADER) + 1):
            sheet.cell(row, column).alignment = wrapped
    for row in range(2, len(FIELDS) + 1):  # typed-in fields stay text (a period, say)
        sheet.cell(row, 2).number_format = "@"
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    # Everything above the first item stays in view; the header filters by element (an
    # outline group per element would not do: adjacent groups of a level are one).
    sheet.freeze_panes = f"A{header + 1}"
    last = sheet.max_row
    sheet.auto_filter.ref = f"A{header}:E{last}"
    scale_rows = _scale_sheet(book, checklist)
    choice = DataValidation(
        type="list",
        formula1=f"={SCALE_SHEET}!$A$2:$A${scale_rows + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not on the scale",
        error=f"Choose a value of the scale (sheet {SCALE_SHEET}) or n/a.",
    )
    sheet.add_data_validation(choice)
    if last > header:
        choice.add(f"D{header + 1}:D{last}")
        for row in range(header + 1, last + 1):
            sheet.cell(row, 4).number_format = "@"
            sheet.cell(row, 5).number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _scale_sheet(book: object, checklist: Checklist) -> int:
    """The sheet explaining the scale; the number of values the drop-down offers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    assert isinstance(book, Workbook)
    sheet = book.create_sheet(SCALE_SHEET)
    values = [[entry.value, entry.label, entry.credit.text] for entry in checklist.scale]
    values.append([NOT_APPLICABLE, "does not apply here: say why in the note", ""])
    for row, texts in enumerate([["value", "label", "credit"], *values], start=1):
        for column, text in enumerate(texts, start=1):
            _put(sheet, row, column, text)
        sheet.cell(row, 1).font = Font(bold=row == 1)
    for letter, width in {"A": 16, "B": 48, "C": 10}.items():
        sheet.column_dimensions[letter].width = width
    return len(values)


def _put(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """``text`` in a cell, as text: never a formula, blank when empty."""
    if text == "":
        return
    cell = sheet.cell(row, column)
    cell.value = text
    # openpyxl takes a string starting with `=` for a formula: it is text, and the quote
    # prefix keeps the spreadsheet from reading it as one when it is edited.
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


# -- reading ------------------------------------------------------------------------------


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
        grid = _xlsx_grid(data, log) if workbook else _csv_grid(data, log)
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
    ordered = sorted(told, key=lambda found: (found.path != name, found[1:3]))
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


def _csv_grid(data: bytes, log: ProblemLog) -> list[list[Cell]] | None:
    """The cells of a CSV questionnaire, each at the line and column its field begins,
    at most ``MAX_ROWS`` rows of at most ``MAX_COLUMNS`` cells holding something."""
    text = decode(data, log)
    if text is None:
        return None
    grid: list[list[Cell]] = []
    # Only a line feed ends a line: str.splitlines would also end one at a vertical tab
    # or U+2028 inside a cell (Word's soft line break, pasted in), splitting its record.
    text = text.replace("\r\n", "\n")
    separator = _separator(text)
    lines = _Lines(text)
    try:
        for record in csv.reader(lines, delimiter=separator, strict=True):
            row = _csv_row(record, lines.taken(), separator, log)
            if row is None:
                return None
            grid.append(row)
            if len(grid) > MAX_ROWS:
                log.report(Mark(lines.line, 1), "file-size", f"more than {MAX_ROWS} rows")
                return None
    except csv.Error as error:
        log.report(Mark(lines.line, 1), "file-unreadable", f"not a CSV file: {error}")
        return None
    return grid


def _separator(text: str) -> str:
    """The separator of a CSV questionnaire: the one after the ``id`` that begins its
    header row; a comma when no line begins so (the header is then reported missing).
    One pass over the lines, each looked at only at its start."""
    for line in text.split("\n"):
        found = _HEADER_START.match(line)
        if found is not None:
            return found.group(1)
    return SEPARATORS[0]


class _Lines:
    """The lines of a CSV text as csv.reader takes them, each ended by a line feed only,
    remembering where each record began, so that a cell is told by line and column, a
    quoted line break included."""

    def __init__(self, text: str) -> None:
        self._lines = [line + "\n" for line in text.split("\n")]
        self._lines[-1] = self._lines[-1][:-1]  # the text's end is no line feed
        if self._lines[-1] == "":
            self._lines.pop()
        self._next = 0
        self._start = 0
        self.line = 1

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._next >= len(self._lines):
            raise StopIteration
        self._next += 1
        self.line = self._next
        return self._lines[self._next - 1]

    def taken(self) -> tuple[int, str]:
        """The first line of the record read last, and its text."""
        first, self._start = self._start, self._next
        return first + 1, "".join(self._lines[first : self._next])


def _csv_row(
    record: list[str], taken: tuple[int, str], separator: str, log: ProblemLog
) -> list[Cell] | None:
    """A record's cells at their positions; None when a value is beyond ``MAX_COLUMNS``
    (reported there): no more cells are built than a workbook's row may have."""
    line, raw = taken
    marks = _field_marks(raw, line, separator)
    beyond = next((index for index in range(MAX_COLUMNS, len(record)) if record[index]), None)
    if beyond is not None:
        mark = _mark_of(raw, line, separator, beyond) or next(islice(marks, beyond, None))
        message = (
            f"a value beyond the {MAX_COLUMNS}th column: "
            "the questionnaire's columns are the first five"
        )
        log.report(mark, "file-size", message)
        return None
    kept = record[:MAX_COLUMNS]
    # strict: a field csv read that the positions missed would be a cell dropped unread.
    return [
        Cell(_unguarded(text) if text else None, False, mark)
        for text, mark in zip(kept, islice(marks, len(kept)), strict=True)
    ]


def _mark_of(raw: str, line: int, separator: str, index: int) -> Mark | None:
    """Where field ``index`` of a record without quotes begins, found by splitting at C
    speed (a line of a million separators is 5 MiB); None when the record has quotes."""
    if '"' in raw:
        return None
    rest = raw.split(separator, index)[-1]
    return Mark(line, len(raw) - len(rest) + 1)


def _field_marks(raw: str, line: int, separator: str) -> Iterator[Mark]:
    """Where each field of a CSV record begins, in one pass over its text, by csv's own
    rule: a quote opens a quoted field only as a field's first character (``5" screen``
    is text), and only a quoted field holds a separator or a line break."""
    unquoted = re.compile(f"[^{re.escape(separator)}\n]*")
    offset, line_start = 0, 0
    while True:
        yield Mark(line, offset - line_start + 1)
        field = (_QUOTED if raw.startswith('"', offset) else unquoted).match(raw, offset)
        assert field is not None  # an unquoted field may be empty; csv checked the quotes
        breaks = field.group().count("\n")
        if breaks:
            line += breaks
            line_start = field.start() + field.group().rfind("\n") + 1
        offset = field.end()
        if not raw.startswith(separator, offset):
            return
        offset += 1


def _xlsx_grid(data: bytes, log: ProblemLog) -> list[list[Cell]] | None:
    """The Answers sheet's grid, its bounds read from its XML before openpyxl reads it:
    a merged range or a cell far out is a few bytes that a full load, or a grid of rows
    times columns, would make into millions of cells."""
    if not _safe_zip(data, log):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _refuse_dtds(archive)
            member = _sheet_member(archive)
            scan = None if member is None else _scan_sheet(archive, member)
    except Exception:  # a broken member (bad XML, bad deflate, a DTD): never a traceback
        log.report(None, "file-unreadable", _UNREADABLE)
        return None
    if scan is None:
        log.report(None, "missing-field", f"the workbook has no sheet '{SHEET}'")
        return None
    if not scan.report(log):
        return None
    return _read_grid(data, log)


def _read_grid(data: bytes, log: ProblemLog) -> list[list[Cell]] | None:
    """The sheet's cells within the bounds already checked, read streaming: each row
    up to its last cell holding something, a blank row empty."""
    from openpyxl import load_workbook

    try:
        # read_only streams the rows and never expands a merged range (there is none:
        # _scan_sheet refused them from the XML).
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            grid = [
                _trimmed(
                    [
                        _xlsx_cell(cell.value, cell.data_type, Mark(row, column))
                        for column, cell in enumerate(cells, start=1)
                    ]
                )
                for row, cells in enumerate(
                    book[SHEET].iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS),
                    start=1,
                )
            ]
        finally:
            book.close()
    except Exception:  # any file may reach the parser: never a traceback
        log.report(None, "file-unreadable", _UNREADABLE)
        return None
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _trimmed(cells: list[Cell]) -> list[Cell]:
    """A row without the blank cells after its last filled one."""
    last = max((index for index, cell in enumerate(cells) if cell.text or cell.formula), default=-1)
    return cells[: last + 1]


class _Unreadable(Exception):
    """An XML member of a workbook that is not well-formed, declares a DTD (whose
    entities could expand a few bytes into gigabytes), or points nowhere."""


def _parse_xml(
    archive: zipfile.ZipFile,
    member: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
) -> None:
    """Feed a member's XML to expat a chunk at a time, telling ``start`` and ``end`` each
    element by its local name: what is read is never more than a chunk and the caller's
    own records. A DTD is refused, so no entity is ever expanded."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_: object) -> None:
        raise _Unreadable(member)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attributes: start(_local(name), attributes)
    if end is not None:
        parser.EndElementHandler = lambda name: end(_local(name))
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _Unreadable(member) from error


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


class _Enough(Exception):
    """Raised to stop reading a member once its first element is seen."""


def _refuse_dtds(archive: zipfile.ZipFile) -> None:
    """No XML member of the workbook declares a DTD: openpyxl reads them with Python's
    own parser, which would expand its entities. A DTD comes before the first element,
    so each member is read only that far."""

    def stop(name: str, attributes: dict[str, str]) -> None:
        raise _Enough

    for member in archive.namelist():
        if member.endswith((".xml", ".rels")):
            try:
                _parse_xml(archive, member, stop)
            except _Enough:
                continue


def _sheet_member(archive: zipfile.ZipFile) -> str | None:
    """The zip member holding the sheet ``Answers``, found as openpyxl finds it: by the
    workbook's relationship id for the sheet; None when the workbook has no such sheet."""
    wanted: list[str] = []
    targets: dict[str, str] = {}

    def sheet(name: str, attributes: dict[str, str]) -> None:
        if name == "sheet" and attributes.get("name") == SHEET:
            wanted.extend(value for key, value in attributes.items() if key.endswith(" id"))

    def relation(name: str, attributes: dict[str, str]) -> None:
        if name == "Relationship" and "Id" in attributes:
            targets[attributes["Id"]] = attributes.get("Target", "")

    _parse_xml(archive, "xl/workbook.xml", sheet)
    if not wanted:
        return None
    _parse_xml(archive, "xl/_rels/workbook.xml.rels", relation)
    target = targets[wanted[0]]
    return target[1:] if target.startswith("/") else posixpath.normpath("xl/" + target)


class _SheetScan:
    """What a sheet's XML holds beyond the questionnaire's bounds: its merged ranges, and
    the first cell holding something past column ``MAX_COLUMNS`` or row ``MAX_ROWS``
    (a cell only styled, as spreadsheets write whole formatted rows, holds nothing)."""

    def __init__(self) -> None:
        self.merged: list[tuple[tuple[int, int], str]] = []
        self.wide: Mark | None = None
        self.long: Mark | None = None
        self._row = 0
        self._column = 0
        self._filled = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        from openpyxl.utils.cell import coordinate_from_string

        if name == "row":
            self._row = int(attributes["r"]) if "r" in attributes else self._row + 1
            self._column = 0
        elif name == "c":
            self._column += 1
            if "r" in attributes:
                letters, self._row = coordinate_from_string(attributes["r"])
                self._column = _column_index(letters)
            self._filled = False
        elif name in ("v", "f", "is"):
            self._filled = True
        elif name == "mergeCell":
            self.merged.append(_merged_range(attributes.get("ref", "")))

    def end(self, name: str) -> None:
        if name != "c" or not self._filled:
            return
        here = Mark(self._row, self._column)
        if self._column > MAX_COLUMNS and self.wide is None:
            self.wide = here
        if self._row > MAX_ROWS and self.long is None:
            self.long = here

    def report(self, log: ProblemLog) -> bool:
        """Report what is out of bounds; whether the sheet may be read."""
        for (column, row), ref in sorted(self.merged):
            log.report(
                Mark(row, column),
                "wrong-type",
                f"cells {ref} are merged: unmerge them, one value a cell",
            )
        if self.wide is not None:
            message = "a value beyond column Z: the questionnaire's columns are A to E"
            log.report(self.wide, "file-size", message)
        if self.long is not None:
            log.report(self.long, "file-size", f"more than {MAX_ROWS} rows")
        return not log.failed


def _merged_range(ref: str) -> tuple[tuple[int, int], str]:
    """A merged range's first cell (column, row) and its reference, as a sheet states it."""
    from openpyxl.utils.cell import range_boundaries

    column, row, _, _ = range_boundaries(ref)  # a ValueError when it is no range
    if column is None or row is None:  # a whole column or row
        raise _Unreadable(ref)
    return (column, row), ref.upper()


def _column_index(letters: str) -> int:
    from openpyxl.utils.cell import column_index_from_string

    return column_index_from_string(letters)


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> _SheetScan:
    scan = _SheetScan()
    _parse_xml(archive, member, scan.start, scan.end)
    return scan


def _safe_zip(data: bytes, log: ProblemLog) -> bool:
    """Whether ``data`` is a zip with a workbook in it, unpacking to at most
    ``MAX_UNPACKED``: checked before openpyxl reads a byte of it."""
    start = None  # the file as a whole: no cell
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        message = "not a spreadsheet: an .xlsx file is a zip, this is not"
        log.report(start, "file-unreadable", message)
        return False
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        log.report(start, "file-size", "the workbook unpacks to more than the 5 MiB limit")
        return False
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        log.report(start, "file-unreadable", "not a spreadsheet: a zip without a workbook in it")
        return False
    return True


def _xlsx_cell(value: object, data_type: str | None, mark: Mark) -> Cell:
    """A workbook cell's text as a respondent sees it: a whole number without ``.0``,
    a date as ``YYYY-MM-DD`` (a period typed into a cell Excel made a date)."""
    from datetime import date, datetime, time, timedelta

    if value is None or value == "":
        return Cell(None, False, mark)
    if isinstance(value, (time, timedelta)):
        return Cell(str(value), False, mark)
    # openpyxl keeps a formula as its text (data type f) or, for an array or data
    # table formula, as an object of its own: neither is ever evaluated.
    if data_type == "f" or not isinstance(value, (str, int, float, date, bool)):
        return Cell(None, True, mark)
    if isinstance(value, bool):
        return Cell("true" if value else "false", False, mark)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return Cell(value.date().isoformat(), False, mark)
    if isinstance(value, (date, datetime)):
        return Cell(value.isoformat(), False, mark)
    if isinstance(value, float) and value.is_integer():
        return Cell(str(int(value)), False, mark)
    return Cell(str(value), False, mark)


_YAML_GIVEN = (
    "a YAML file, not a questionnaire: an answers file in YAML needs no import (assess "
    "reads it as it is); import reads the .xlsx and .csv questionnaires of `template`"
)


def _cell_name(mark: Mark) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(mark.column)}{mark.line}"


def _line_name(mark: Mark) -> str:
    return f"line {mark.line}"


_WORKBOOK = _Form(True, _cell_name, _NO_HEADER)
_CSV = _Form(
    False, _line_name, f"{_NO_HEADER}, separated by commas, semicolons or tabs (tried each)"
)


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
