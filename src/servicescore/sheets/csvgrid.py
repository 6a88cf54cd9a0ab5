"""A CSV questionnaire read as a grid of cells, each at the line and column where its
field begins.

The separator is the one the header row has after ``id``: a comma, or the semicolon or
tab a spreadsheet in a locale whose decimal mark is a comma saves with. csv reads the
values; the positions are found in one pass by csv's own rule (a quote opens a quoted
field only as its first character), and only a line feed or carriage return ends a
line, as for csv: a vertical tab or U+2028 pasted into a cell is text of the cell. A
row is bounded as a workbook's is, at ``MAX_COLUMNS`` cells holding something, before
its cells are built.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from itertools import islice

from servicescore.sheets.layout import (
    MAX_COLUMNS,
    MAX_ROWS,
    SEPARATORS,
    Cell,
    cell_text,
    unguarded,
)
from servicescore.yamlfile import Mark, ProblemLog, decode

# What a CSV questionnaire that is not UTF-8 is told to do, as the README says.
_SAVE_AS_UTF8 = '; save it as "CSV UTF-8"'
# A quoted field of a CSV record, a doubled quote inside it being one quote.
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
# The header row's start, `id` then its separator: the line that tells the file's
# separator. Spaces only around `id` (a tab may be the separator).
_HEADER_START = re.compile(
    r' *(?:id|"id") *([' + re.escape("".join(SEPARATORS)) + "])", re.IGNORECASE
)


def csv_grid(data: bytes, log: ProblemLog) -> list[list[Cell]] | None:
    """The cells of a CSV questionnaire, each at the line and column its field begins,
    at most ``MAX_ROWS`` rows of at most ``MAX_COLUMNS`` cells holding something."""
    # A spreadsheet saves CSV in the system's code page unless told otherwise.
    text = decode(data, log, _SAVE_AS_UTF8)
    if text is None:
        return None
    grid: list[list[Cell]] = []
    # Line ends as csv knows them: CRLF (Windows), LF, and a lone CR (what Excel for Mac
    # still saves as "CSV (Macintosh)"); csv would refuse a CR inside an unquoted field.
    # str.splitlines would also end a line at a vertical tab or U+2028 inside a cell
    # (Word's soft line break, pasted in), splitting its record: it is not used.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
    """The lines of a CSV text as csv.reader takes them, each ended by a line feed (every
    line end was made one), remembering where each record began, so that a cell is told
    by line and column, a quoted line break included."""

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
        Cell(cell_text(unguarded(text)), False, mark)
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
