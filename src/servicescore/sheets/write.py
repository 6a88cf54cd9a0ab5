"""The questionnaire `template` writes: the checklist as a workbook to fill in (a
sheet ``Answers`` with a drop-down of the scale in each answer cell, a sheet ``Scale``),
or as the same rows in UTF-8 CSV. Every cell is text, never a formula.

openpyxl is imported inside :func:`workbook_bytes` only: a CSV questionnaire does not
pay for it.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from servicescore.model import NOT_APPLICABLE, Checklist
from servicescore.sheets.layout import (
    FIELDS,
    FORMULA_START,
    HEADER,
    HEADER_ROW,
    SCALE_SHEET,
    SHEET,
    guarded,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


_WIDTHS = {"A": 16, "B": 24, "C": 72, "D": 14, "E": 48}


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
    writer.writerows([guarded(text) for text in row] for row in rows(checklist, reference))
    return buffer.getvalue()


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


def _scale_sheet(book: Workbook, checklist: Checklist) -> int:
    """The sheet explaining the scale; the number of values the drop-down offers."""
    from openpyxl.styles import Font

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
