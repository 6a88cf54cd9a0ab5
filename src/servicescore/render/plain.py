"""Long Rich tables as plain text, without Rich's cost per cell.

Rich lays out and renders every cell of a table through its general machinery, about
a tenth of a millisecond a cell: 22 s for ``show`` of a 50,000-item checklist, where
reading the checklist takes 3. Where no terminal is styled (a pipe, a file) the
output is plain text, and a table of the one kind the reports use for long lists
(:data:`rich.box.SIMPLE_HEAD`, plain text in every cell) can be written directly,
line for line what Rich writes:

- the column widths are Rich's own, computed on a copy of the table that holds, per
  column, only the rows with its widest text and its longest word (a column's
  measurement is the largest of its cells', so this is exact);
- a row whose cells Rich would merely wrap at spaces is wrapped (with Rich's own line
  breaking), padded and joined here;
- any other row (a word longer than its column, cut or folded) is rendered by Rich,
  alone, at those widths.

A table of any other kind is left to Rich (:func:`plain_table` returns None).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from rich import box
from rich._pick import pick_bool
from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, ConsoleRenderable, Group, RenderableType
from rich.segment import Segment
from rich.table import Column, Row, Table
from rich.text import Text

# How many rows of a table make the shortcut worth its set-up; below, Rich renders it.
MIN_ROWS = 200
# How many parts other than long tables go to Rich in one print (see _joined).
PRINT_RUN = 100


def plain_lines(output: RenderableType, console: Console) -> Iterator[str] | None:
    """The lines of ``output`` (a table, or a group holding one) as ``console`` would
    print them without styles, each without its trailing spaces; None when ``output``
    is left to Rich whole (no part is a table the shortcut can do, and none had to be
    laid out to find out: laying it out twice would cost as much as the shortcut saves)."""
    parts = ((part, _table_lines(part, console)) for part in _parts(output, console))
    if not _only_groups(output):
        # Laid out as it goes: a narrow portfolio's 20,000 blocks are never all held.
        return _joined(parts, console)
    known = list(parts)
    if all(lines is None for _, lines in known):
        return None
    return _joined(known, console)


def _table_lines(part: RenderableType, console: Console) -> list[str] | None:
    return plain_table(part, console) if isinstance(part, Table) else None


def _only_groups(output: RenderableType) -> bool:
    """Whether ``output`` is a table, text, or groups of them: nothing of ours that
    :func:`_parts` lays out to see what it yields."""
    if isinstance(output, Group):
        return all(_only_groups(part) for part in output.renderables)
    return isinstance(output, (Table, Text)) or not isinstance(output, ConsoleRenderable)


def _parts(output: RenderableType, console: Console) -> Iterator[RenderableType]:
    """``output`` as the renderables Rich prints one after the other at the console's
    options: a group's, and those a renderable of ours yields (the portfolio table,
    which picks its columns for the width), recursively; Rich renders each of them with
    the same options, so their lines are the lines of ``output``. Segments a renderable
    yields (laid out once already: not again) are replayed as they came, a run at a time."""
    if isinstance(output, Group):
        for child in output.renderables:
            yield from _parts(child, console)
        return
    if isinstance(output, (Table, Text)) or not isinstance(output, ConsoleRenderable):
        yield output
        return
    segments: list[Segment] = []
    for part in output.__rich_console__(console, console.options):
        if isinstance(part, Segment):
            segments.append(part)
            continue
        if segments:
            yield _Replay(segments)
            segments = []
        yield from _parts(part, console)
    if segments:
        yield _Replay(segments)


class _Replay:
    """What a renderable yielded, yielded again: Rich renders it as it would have."""

    def __init__(self, yielded: Sequence[Segment | RenderableType]) -> None:
        self.yielded = yielded

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[Segment | RenderableType]:
        yield from self.yielded


def _joined(
    parts: Iterable[tuple[RenderableType, list[str] | None]], console: Console
) -> Iterator[str]:
    """The lines of ``parts`` (each with its lines when it is a table done here): the
    tables as they are, runs of other parts printed by Rich at once (one print a part
    costs more than the shortcut saves where a narrow portfolio is 20,000 blocks of
    text), up to :data:`PRINT_RUN` at a time (Rich holds all it prints at once: a
    20,000-file trend in one print took 50 MB more)."""
    pending: list[RenderableType] = []
    for part, lines in parts:
        if lines is None:
            pending.append(part)
            if len(pending) == PRINT_RUN:
                yield from _printed(pending, console)
                pending = []
            continue
        yield from _printed(pending, console)
        pending = []
        yield from lines
    yield from _printed(pending, console)


def _printed(parts: Sequence[RenderableType], console: Console) -> list[str]:
    if not parts:
        return []
    with console.capture() as captured:
        console.print(Group(*parts))
    return [line.rstrip(" ") for line in captured.get().split("\n")[:-1]]


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
    # The box as Rich draws it on this console: another box (ASCII, where the encoding
    # needs it) has rules between the cells, left to Rich.
    drawn = table.box.substitute(console.options, safe=pick_bool(table.safe_box, console.safe_box))
    if drawn is not table.box:
        return None
    rows: list[list[str]] = [list(row) for row in zip(*texts, strict=True)]
    lines = _title_lines(table, widths, console) if table.title else []
    lines.append(_box_line(drawn, "top", widths))
    header = _fitted(headers, widths, columns)  # type: ignore[arg-type]
    if header is None or len(header) > 1:
        return None  # a header of several lines aligns to the bottom: left to Rich
    lines += [*header, _box_line(drawn, "head", widths)]
    for index, (cells, row) in enumerate(zip(rows, table.rows, strict=True)):
        fitted = _fitted(cells, widths, columns)
        lines += fitted if fitted is not None else _rich_row(table, index, widths, console)
        if row.end_section and index < len(rows) - 1:
            lines.append(_box_line(drawn, "row", widths))
    lines.append(_box_line(drawn, "bottom", widths))
    return lines


def _title_lines(table: Table, widths: Sequence[int], console: Console) -> list[str]:
    """The title's lines: printed by Rich, as Rich's table prints it (a few lines, where
    rendering the whole table through Rich cost a second for diff's long tables)."""
    return _printed([_Title(table, sum(widths) + table._extra_width)], console)


class _Title:
    """A table's title, yielded as :meth:`Table.__rich_console__` yields it: at the
    table's width, justified as the table says."""

    def __init__(self, table: Table, width: int) -> None:
        self.table = table
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        table = self.table
        shown = options.update(width=self.width, highlight=table.highlight, height=None)
        assert isinstance(table.title, Text)  # see _simple
        yield from console.render(table.title, shown.update(justify=table.title_justify))


def _simple(table: Table) -> bool:
    """A long table of the kind the shortcut does: a SIMPLE_HEAD box (spaces but for the
    rule under the header), one cell of padding each side, nothing below, and above at
    most a title of text (a string title would be read as Rich markup: left to Rich)."""
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
        and (table.title is None or isinstance(table.title, Text))
        and table.caption is None
        and table.width is None
        and not table.row_styles
        and all(column.vertical == "top" for column in table.columns)
        and all(row.style is None for row in table.rows)
    )


def _plain_cell(cell: object) -> str | None:
    """A cell's text when Rich would lay it out as one plain run of text."""
    if (
        not isinstance(cell, Text)
        or cell.justify is not None
        or cell.overflow is not None
        or cell.no_wrap is not None
    ):
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
    if _one_cell_each(text):  # one line, as long as it has characters
        return len(text)
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    measure = len if _one_cell_each(text) else cell_len
    return max(map(measure, text.split()), default=0)


def _one_cell_each(text: str) -> bool:
    """Whether every character of ``text`` is one cell wide and none breaks a line: then
    ``len`` is Rich's ``cell_len``, at a fraction of its cost (a million cells of a
    50,000-item checklist measured)."""
    return text.isascii() and text.isprintable()


def _column_with(column: Column, cells: list[RenderableType]) -> Column:
    copied = copy.copy(column)
    copied._cells = cells
    return copied


def _fitted(
    cells: Sequence[str], widths: Sequence[int], columns: Sequence[Column]
) -> list[str] | None:
    """The table lines of one row of ``cells`` (each padded by one space, joined by the
    box's space, lines of a shorter cell left blank below it), or None when a cell would
    be cut or folded rather than wrapped at spaces: left to Rich."""
    shown: list[list[str]] = []
    for text, width, column in zip(cells, widths, columns, strict=True):
        lines = _cell_lines(text, width - 2, column)
        if lines is None:
            return None
        shown.append(lines)
    height = max(len(lines) for lines in shown)
    if height == 1:  # most rows: no blank cells below shorter ones
        return [("  " + "   ".join(lines[0] for lines in shown)).rstrip(" ")]
    blanks = [" " * (width - 2) for width in widths]
    return [
        (
            "  "
            + "   ".join(
                lines[index] if index < len(lines) else blank
                for lines, blank in zip(shown, blanks, strict=True)
            )
        ).rstrip(" ")
        for index in range(height)
    ]


def _cell_lines(text: str, room: int, column: Column) -> list[str] | None:
    """The lines of a cell, each ``room`` cells wide, as Rich wraps and justifies them:
    at spaces (Rich's own line breaking), trailing spaces dropped; None where Rich would
    cut, fold or spread a line, or for a space other than U+0020."""
    if column.justify not in ("left", "default", "right", "center"):
        return None  # "full" spreads words
    lines = []
    for line in text.split("\n"):
        if not line.isprintable():
            return None
        measure = len if line.isascii() else cell_len  # see _one_cell_each
        if measure(line.rstrip(" ")) <= room:
            pieces = [line]
        elif column.no_wrap:
            return None
        else:
            offsets = [0, *divide_line(line, room, fold=False), len(line)]
            pieces = [line[start:end] for start, end in pairwise(offsets)]
        for piece in pieces:
            # Rich drops trailing spaces counted in characters, not cells, beyond the
            # room; right and centre justification drop them all.
            excess = len(piece) - room
            if excess > 0:
                piece = piece[: len(piece) - min(len(piece) - len(piece.rstrip(" ")), excess)]
            if column.justify in ("right", "center"):
                piece = piece.rstrip(" ")
            gap = room - measure(piece)
            if gap < 0:
                return None  # a word longer than the column: cut or folded by Rich
            lines.append(_padded(piece, gap, column.justify))
    return lines


def _padded(piece: str, gap: int, justify: str) -> str:
    """``piece`` with ``gap`` spaces placed as the column's ``justify`` says."""
    if justify == "right":
        return " " * gap + piece
    if justify == "center":
        return " " * (gap // 2) + piece + " " * (gap - gap // 2)
    return piece + " " * gap


def _rich_row(table: Table, index: int, widths: Sequence[int], console: Console) -> list[str]:
    """Row ``index`` rendered by Rich alone, in columns of the given widths."""
    single = copy.copy(table)
    single.show_header = single.show_edge = False
    single.title = None  # printed once, above the table
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


class Natural(NamedTuple):
    """A trend table at its natural width: each column's cells as their lines, and each
    column's width (Rich's: its widest line, no narrower than its ``min_width``)."""

    cells: list[list[list[str]]]
    widths: list[int]

    @property
    def width(self) -> int:
        return sum(self.widths) + 3 * (len(self.widths) - 1)


def natural(table: Table) -> Natural | None:
    """``table`` at its natural width, without Rich's measuring of every cell; None
    where Rich would lay a cell out otherwise: a column of a set width (or a line past
    its ``max_width``), a cell that is not plain printable lines without trailing spaces."""
    if table.pad_edge or table.show_edge or table.collapse_padding or table.padding != (0, 1, 0, 1):
        return None
    cells: list[list[list[str]]] = []
    widths: list[int] = []
    for column in table.columns:
        if column.width is not None:
            return None
        lines: list[list[str]] = []
        for cell in (column.header, *column._cells):
            text = _plain_cell(cell)
            if text is None:
                return None
            split = text.split("\n")
            # Rich drops a line's trailing spaces where it justifies it: left to Rich.
            if not all(line.isprintable() and line == line.rstrip() for line in split):
                return None
            lines.append(split)
        width = max(cell_len(line) for cell_lines in lines for line in cell_lines)
        if column.max_width is not None and width > column.max_width:
            return None
        cells.append(lines)
        widths.append(max(width, column.min_width or 0))
    return Natural(cells, widths)


def natural_lines(
    table: Table, options: ConsoleOptions, found: Natural | None = None
) -> list[str] | None:
    """The unstyled lines of a trend table (a SIMPLE_HEAD box without edges; ``found``
    is :func:`natural` of it, where already known) at its natural width: each column as
    wide as its widest line, three spaces between columns, a cell's lines one under the
    other, a rule under the header, the title above, left-justified. None where Rich
    would do more than that (the table does not fit, a title or a cell that wraps, text
    Rich measures otherwise, another box), left to Rich."""
    if table.box is None or table.box.substitute(options) is not table.box:
        return None
    found = found or natural(table)
    if found is None:
        return None
    width = found.width
    title = table.title.plain if isinstance(table.title, Text) else None
    if width > options.max_width or title is None or not title.isprintable():
        return None
    if cell_len(title) > width:
        return None
    rows = [
        _row_lines(cells, found.widths, table.columns) for cells in zip(*found.cells, strict=True)
    ]
    rule = table.box.head_row_horizontal * width
    body = [line for lines in rows[1:] for line in lines]
    return [title + " " * (width - cell_len(title)), *rows[0], rule, *body]


def _row_lines(
    cells: Sequence[list[str]], widths: Sequence[int], columns: Sequence[Column]
) -> list[str]:
    """One row's lines: each cell's lines at the top of the row, padded to its column."""
    height = max(len(lines) for lines in cells)
    padded = [
        [_padded(line, room - cell_len(line), column.justify) for line in lines]
        + [" " * room] * (height - len(lines))
        for lines, room, column in zip(cells, widths, columns, strict=True)
    ]
    return ["   ".join(parts) for parts in zip(*padded, strict=True)]
