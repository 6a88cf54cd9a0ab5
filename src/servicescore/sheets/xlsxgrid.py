"""A workbook questionnaire read as a grid of cells, each at its row and column, within
bounds checked before openpyxl reads it.

A workbook is a zip: its size and members are checked first, as a few kilobytes can
unpack to gigabytes. No XML member may declare a DTD (whose entities would expand in
openpyxl's parser). The bounds of the sheet ``Answers`` (merged ranges, the farthest
cells holding something) are read from its XML with expat, a chunk at a time, before
openpyxl builds a cell: a few bytes can name millions of cells. So are the number of
cells it holds, blank ones included, and the elements of every other part openpyxl
parses whole (the styles, the shared strings, the workbook): a few kilobytes can unpack
to a million elements, each an object of openpyxl's. openpyxl is imported inside the
functions that need it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable

from servicescore.sheets.layout import MAX_COLUMNS, MAX_ROWS, SHEET, Cell, cell_text
from servicescore.yamlfile import Mark, ProblemLog

# A workbook is a zip: what its members unpack to is bounded before any is read, as a
# few kilobytes can unpack to gigabytes. (zipfile stops a member at its declared size,
# so the declared sizes bound the memory.) A questionnaire of a hundred items unpacks
# to a few hundred kilobytes.
MAX_UNPACKED = 5 * 1024 * 1024
# The <c> elements the sheet may hold, blank ones included: openpyxl makes each of a
# row a record before dropping those past column Z. No questionnaire comes near.
MAX_CELLS = MAX_ROWS * MAX_COLUMNS
# The elements any other XML part may hold: a questionnaire's largest, the shared
# strings of a hundred items or the styles a spreadsheet saves, holds a few thousand.
MAX_PART_ELEMENTS = 100_000
_UNREADABLE = "not a readable .xlsx workbook: open it in a spreadsheet and save it again"


# What an OpenDocument spreadsheet (LibreOffice's .ods, a zip too) holds in its first
# member, ``mimetype``.
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def xlsx_grid(data: bytes, log: ProblemLog) -> list[list[Cell]] | None:
    """The Answers sheet's grid, its bounds read from its XML before openpyxl reads it:
    a merged range or a cell far out is a few bytes that a full load, or a grid of rows
    times columns, would make into millions of cells."""
    if not _safe_zip(data, log):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_parts(archive)
            member = _sheet_member(archive)
            scan = None if member is None else _scan_sheet(archive, member)
    except _TooLarge as large:  # before openpyxl builds a thing
        log.report(None, "file-size", str(large))
        return None
    except _broken():  # a broken member (bad XML, bad deflate, a DTD): never a traceback
        log.report(None, "file-unreadable", _UNREADABLE)
        return None
    if scan is None:
        log.report(None, "missing-field", f"the workbook has no sheet '{SHEET}'")
        return None
    if not scan.report(log):
        return None
    values = _sheet_values(data)
    if values is None:
        log.report(None, "file-unreadable", _UNREADABLE)
        return None
    grid = [
        _trimmed([_xlsx_cell(value, kind, Mark(row, column)) for column, (value, kind) in cells])
        for row, cells in enumerate(values, start=1)
    ]
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _broken() -> tuple[type[Exception], ...]:
    """What a broken workbook makes zipfile and its decompressors (an encrypted member,
    an unknown method, bad data), expat (through :func:`_parse_xml`) and openpyxl's
    coordinate parsers raise: told as an unreadable workbook. Anything else is a bug of
    ours, and is not told as the file's."""
    import lzma
    import zlib

    from openpyxl.utils.exceptions import CellCoordinatesException

    return (
        zipfile.BadZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
        KeyError,
        ValueError,
        _Unreadable,
        CellCoordinatesException,
    )


def _sheet_values(data: bytes) -> list[list[tuple[int, tuple[object, str | None]]]] | None:
    """Each row's cells within the bounds already checked, as openpyxl reads them (value
    and data type, by column), streaming; None when openpyxl cannot read the file."""
    from openpyxl import load_workbook

    try:
        # read_only streams the rows and never expands a merged range (there is none:
        # _scan_sheet refused them from the XML).
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        try:
            rows = book[SHEET].iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
            return [
                list(enumerate(((cell.value, cell.data_type) for cell in cells), start=1))
                for cells in rows
            ]
        finally:
            book.close()
    # openpyxl's own parse of any file reaching it raises whatever its descriptors do
    # (TypeError, AttributeError, ...); only openpyxl's calls are inside this try.
    except Exception:
        return None


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


class _TooLarge(Exception):
    """A part of the workbook holds more than a questionnaire ever needs: its message
    says which, and what to do."""


def _check_parts(archive: zipfile.ZipFile) -> None:
    """No XML member of the workbook declares a DTD (openpyxl reads them with Python's
    own parser, which would expand its entities), and none but a worksheet holds more
    than ``MAX_PART_ELEMENTS`` elements. A worksheet is read only to its first element,
    as a DTD comes before it: openpyxl reads none but ``Answers``, which
    :func:`_scan_sheet` bounds."""

    def stop(name: str, attributes: dict[str, str]) -> None:
        raise _Enough

    for member in archive.namelist():
        if not member.endswith((".xml", ".rels")):
            continue
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            try:
                _parse_xml(archive, member, stop)
            except _Enough:
                continue
        else:
            _parse_xml(archive, member, _counter(member))


def _counter(member: str) -> Callable[[str, dict[str, str]], None]:
    """An element handler refusing the member's element past ``MAX_PART_ELEMENTS``."""
    seen = 0

    def count(name: str, attributes: dict[str, str]) -> None:
        nonlocal seen
        seen += 1
        if seen > MAX_PART_ELEMENTS:
            raise _TooLarge(
                f"the workbook's {member} holds more than {MAX_PART_ELEMENTS} XML "
                "elements, far more than a questionnaire needs: copy its cells into a "
                "new workbook"
            )

    return count


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
        self._cells = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        from openpyxl.utils.cell import coordinate_from_string

        if name == "row":
            self._row = int(attributes["r"]) if "r" in attributes else self._row + 1
            self._column = 0
        elif name == "c":
            self._counted()
            self._column += 1
            if "r" in attributes:
                letters, self._row = coordinate_from_string(attributes["r"])
                self._column = _column_index(letters)
            self._filled = False
        elif name in ("v", "f", "is"):
            self._filled = True
        elif name == "mergeCell":
            self.merged.append(_merged_range(attributes.get("ref", "")))

    def _counted(self) -> None:
        """One more cell, blank or not; refused past ``MAX_CELLS``."""
        self._cells += 1
        if self._cells > MAX_CELLS:
            raise _TooLarge(
                f"the sheet '{SHEET}' has more than {MAX_CELLS} cells, blank ones "
                "included, far more than a questionnaire needs: copy its cells into a "
                "new workbook"
            )

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
            spreadsheet = _is_opendocument_spreadsheet(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        message = "not a spreadsheet: an .xlsx file is a zip, this is not"
        log.report(start, "file-unreadable", message)
        return False
    except NotImplementedError:  # a zip of a version zipfile does not read
        log.report(start, "file-unreadable", _UNREADABLE)
        return False
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        log.report(start, "file-size", "the workbook unpacks to more than the 5 MiB limit")
        return False
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return True
    if spreadsheet:
        message = "not an .xlsx workbook: an OpenDocument spreadsheet (.ods); save it as .xlsx"
    else:
        message = "not a spreadsheet: a zip without a workbook in it"
    log.report(start, "file-unreadable", message)
    return False


def _is_opendocument_spreadsheet(archive: zipfile.ZipFile) -> bool:
    """Whether the zip is an OpenDocument spreadsheet (LibreOffice's .ods), by the kind
    its member ``mimetype`` names; only a member of a few bytes is read."""
    try:
        member = archive.getinfo("mimetype")
    except KeyError:
        return False
    if member.file_size > len(_ODS_MIMETYPE):
        return False
    try:
        return archive.read(member) == _ODS_MIMETYPE
    except _broken():  # a mimetype member that does not unpack says nothing
        return False


def _xlsx_cell(value: object, data_type: str | None, mark: Mark) -> Cell:
    """A workbook cell's text as a respondent sees it: a whole number without ``.0``,
    a date as ``YYYY-MM-DD`` (a period typed into a cell Excel made a date), only
    white space as blank."""
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
    return Cell(cell_text(str(value)), False, mark)
