"""The grid both forms of a questionnaire hold, and the escape of what a spreadsheet
would take for a formula.

The grid: the checklist's reference and the subject fields as labelled cells at the
top (``FIELDS``), a blank row, the header (``HEADER``), then a row per item. What a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, a tab or carriage
return first) is written as text: with a quote prefix in a workbook, and in CSV behind
a leading ``'`` (:func:`guarded`), which reading takes off again (:func:`unguarded`).
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from servicescore.yamlfile import Mark

SHEET = "Answers"
SCALE_SHEET = "Scale"
HEADER = ("id", "element", "statement", "answer", "note")
# The labelled cells above the header: what the answers file's top-level fields are.
FIELDS = ("checklist", "organisation", "unit", "period", "respondent", "role")
# The header's row (1-based) in what `template` writes: the fields, then a blank row.
HEADER_ROW = len(FIELDS) + 2
# Cells a spreadsheet would read as a formula, or OWASP's CSV injection list.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows read from a questionnaire: a checklist of a thousand items fits many times over.
MAX_ROWS = 10_000
# Columns a workbook's values may be in: the questionnaire's five, and room beside them
# for a respondent's jottings. A value further right is refused before a grid is built,
# as one cell at XFD1 would make every row 16,384 cells wide.
MAX_COLUMNS = 26
# What may separate a CSV questionnaire's cells: a comma, or what a spreadsheet in a
# locale whose decimal mark is a comma saves with (a semicolon; a tab in some).
SEPARATORS = (",", ";", "\t")


class Cell(NamedTuple):
    """One cell of the grid as read: its text (None when blank), whether it holds a
    formula, and its position (row and column, 1-based; for CSV, line and column)."""

    text: str | None
    formula: bool
    mark: Mark


def cell_text(typed: str) -> str | None:
    """A cell's text as read, None when it looks blank: empty, or only spaces and tabs
    (a no-break space too), no answer, no item id and no note as a respondent sees it.
    A control character (a vertical tab, U+0085) is still read, to be reported."""
    if all(char == "\t" or unicodedata.category(char) == "Zs" for char in typed):
        return None
    return typed


def guarded(text: str) -> str:
    """``text`` for a CSV cell: a leading ``'`` where a spreadsheet would take it for a
    formula, or where it starts as the escape does (so that :func:`unguarded` takes off
    exactly what was added)."""
    return "'" + text if text.startswith(FORMULA_START) or _is_escaped(text) else text


def unguarded(text: str) -> str:
    """``text`` as typed into a CSV cell, the escape :func:`guarded` adds taken off."""
    return text[1:] if _is_escaped(text) else text


def _is_escaped(text: str) -> bool:
    """Whether ``text`` starts as an escaped cell: a ``'`` before a formula's first
    character or before another ``'``."""
    return text.startswith("'") and text[1:2] != "" and text[1] in (*FORMULA_START, "'")
