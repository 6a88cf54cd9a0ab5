"""Long Rich tables as plain text, without Rich's cost per cell.

Rich lays out and renders every cell of a table through its general machinery, about
a tenth of a millisecond a cell: 22 s for ``show`` of a 50,000-item checklist, where
reading the checklist takes 3. Where no terminal is styled (a pipe, a file) the
output is plain text, and a table of the one kind the reports use for long lists
(:data:`rich.box.SIMPLE_HEAD`, one line of plain text a cell) can be written directly,
line for line what Rich writes:

- the column widths are Rich's own, computed on a copy of the table that holds, per
  column, only the rows with its widest text and its longest word (a column's
  measurement is the largest of its cells', SPEC-free and exact);
- a row whose cells all fit their columns on one line is padded and joined here;
- any other row (a wrapped statement, a note on a second line) is rendered by Rich,
  alone, at those widths.

A table of any other kind is left to Rich (:func:`plain_table` returns None).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence

from rich import box
from rich._pick import pick_bool
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Column, Row, Table
from rich.text import Text

# How many rows of a table make the shortcut worth its set-up; below, Rich renders it.
MIN_ROWS = 200


def plain_lines(output: RenderableType, console: Console) -> Iterator[str] | None:
    """The lines of ``output`` (a table, or a group holding one) as ``console`` would
    print them without styles, each without its trailing spaces; None when no part is
    a table the shortcut can do."""
    parts = list(output.renderables) if isinstance(output, Group) else [output]
    tables = [plain_table(part, console) if isinstance(part, Table) else None for part in parts]
    if all(lines is None for lines in tables):
        return None
    return _joined(parts, tables, console)


def _joined(
    parts: Sequence[RenderableType], tables: Sequence[list[str] | None], console: Console
) -> Iterator[str]:
    for part, lines in zip(parts, tables, strict=True):
        if lines is None:
            with console.capture() as captured:
                console.print(part)
            lines = [line.rstrip(" ") for line in captured.get().split("\n")[:-1]]
        yield from lines


def plain_table(table: Table, console: Console) -> list[str] | None:
    """``table``'s lines as Rich prints them unstyled on ``console``, or None when the
    table is not of the kind this does exactly."""
    if table.box is None or not _simple(table):
        return None
    columns = table.columns
    texts = [[_plain_cell(cell) for cell in column._cells] for column in columns]
    headers = [_plain_cell(column.header) for column in columns]
    if None in headers or any(None in column for column in texts):
        return None
    widths = _widths(table, console, texts)
    # The box as Rich draws it on this console (ASCII where the encoding needs it).
    drawn = table.box.substitute(console.options, safe=pick_bool(table.safe_box, console.safe_box))
    rows: list[list[str]] = [list(row) for row in zip(*texts, strict=True)]
    lines = [_box_line(drawn, "top", widths)]
    header = _fitted(headers, widths, columns)  # type: ignore[arg-type]
    if header is None:
        return None  # a wrapped header aligns to the bottom: left to Rich
    lines += [header, _box_line(drawn, "head", widths)]
    for index, (cells, row) in enumerate(zip(rows, table.rows, strict=True)):
        line = _fitted(cells, widths, columns)
        lines += [line] if line is not None else _rich_row(table, index, widths, console)
        if row.end_section and index < len(rows) - 1:
            lines.append(_box_line(drawn, "row", widths))
    lines.append(_box_line(drawn, "bottom", widths))
    return lines


def _simple(table: Table) -> bool:
    """A long table of the kind the shortcut does: a SIMPLE_HEAD box (spaces but for the
    rule under the header), one cell of padding each side, nothing above or below."""
    return (
        table.box is box.SIMPLE_HEAD
        and table.row_count >= MIN_ROWS
        and table.show_header
        and table.show_edge
        and not table.show_footer
        and not table.show_lines
        and not table.leading
        and table.padding == (0, 1, 0, 1)
        and table.pad_edge
        and not table.collapse_padding
        and table.title is None
        and table.caption is None
        and table.width is None
        and not table.row_styles
        and all(column.vertical == "top" for column in table.columns)
        and all(row.style is None for row in table.rows)
    )


def _plain_cell(cell: object) -> str | None:
    """A cell's text when Rich would lay it out as one plain run of text."""
    if not isinstance(cell, Text) or cell.justify is not None or cell.overflow is not None:
        return None
    text = cell.plain
    return None if "\t" in text or "\r" in text else text


def _widths(table: Table, console: Console, texts: list[list[str | None]]) -> list[int]:
    """Rich's column widths, measured on the rows that decide them: per column, the one
    with the widest line and the one with the longest word."""
    keep: set[int] = set()
    for column in texts:
        if column:
            keep.add(max(range(len(column)), key=lambda i: _widest_line(column[i] or "")))
            keep.add(max(range(len(column)), key=lambda i: _longest_word(column[i] or "")))
    chosen = sorted(keep)
    proxy = copy.copy(table)
    proxy.columns = [
        _column_with(column, [column._cells[i] for i in chosen]) for column in table.columns
    ]
    proxy.rows = [Row() for _ in chosen]
    options = console.options
    return proxy._calculate_column_widths(
        console, options.update_width(options.max_width - proxy._extra_width)
    )


def _widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _column_with(column: Column, cells: list[RenderableType]) -> Column:
    copied = copy.copy(column)
    copied._cells = cells
    return copied


def _fitted(cells: Sequence[str], widths: Sequence[int], columns: Sequence[Column]) -> str | None:
    """One table line of ``cells`` (each padded by one space, joined by the box's space),
    or None when a cell does not fit its column on one line."""
    shown = []
    for text, width, column in zip(cells, widths, columns, strict=True):
        room = width - 2
        used = cell_len(text)
        if used > room or "\n" in text or text != text.strip():
            return None  # wrapped, or spaces at an end that Rich's justification trims
        gap = room - used
        if column.justify == "right":
            shown.append(" " * gap + text)
        elif column.justify == "center":
            shown.append(" " * (gap // 2) + text + " " * (gap - gap // 2))
        elif column.justify in ("left", "default"):
            shown.append(text + " " * gap)
        else:
            return None  # "full": word spacing, left to Rich
    return ("  " + "   ".join(shown)).rstrip(" ")


def _rich_row(table: Table, index: int, widths: Sequence[int], console: Console) -> list[str]:
    """Row ``index`` rendered by Rich alone, in columns of the given widths."""
    single = copy.copy(table)
    single.show_header = single.show_edge = False
    single.columns = [_column_with(column, [column._cells[index]]) for column in table.columns]
    for column, width in zip(single.columns, widths, strict=True):
        column.width = column.min_width = column.max_width = None
        column.width = width - 2
        column.ratio = None
    single.rows = [Row()]
    with console.capture() as captured:
        console.print(single)
    # Without its edges the row lacks the edge's one space a side: put the left one back.
    return [(" " + line).rstrip(" ") for line in captured.get().split("\n")[:-1]]


def _box_line(drawn: box.Box, part: str, widths: list[int]) -> str:
    """A rule of the box (top, under the header, between sections, bottom), unpadded."""
    if part == "top":
        line = drawn.get_top(widths)
    elif part == "bottom":
        line = drawn.get_bottom(widths)
    else:
        line = drawn.get_row(widths, part, edge=True)  # type: ignore[arg-type]
    return line.rstrip(" ")
