"""Spreadsheet questionnaires (SPEC 7): `template --format xlsx|csv` and `import`.

A questionnaire is filled in the way a respondent's spreadsheet would (openpyxl for a
workbook, the csv module for CSV) and read back with `import`; the answers must be
the ones filled in, and assess must report on them as on the YAML they came from.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import tracemalloc
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.clirun import invoke
from tests.needs import program

from servicescore.loader import Loader
from servicescore.model import NOT_APPLICABLE, Answer, Answers, Checklist
from servicescore.rules import RULE_BY_NAME
from servicescore.sheets.csvgrid import csv_grid
from servicescore.sheets.layout import (
    FIELDS,
    HEADER,
    SCALE_SHEET,
    SEPARATORS,
    SHEET,
    cell_text,
    guarded,
    unguarded,
)
from servicescore.sheets.write import csv_text, workbook_bytes
from servicescore.sheets.xlsxgrid import xlsx_grid
from servicescore.yamlfile import ProblemLog

EXAMPLE = "northwind-2026-q2.yaml"
# The fields a questionnaire carries (meta and assessor are the YAML file's own).
SUBJECT = ("organisation", "unit", "period", "respondent", "role")


def answers_of(path: Path) -> Answers:
    loaded = Loader().answers(path)
    assert loaded.value is not None, loaded.problems
    return loaded.value


def fill_workbook(path: Path, answers: Answers) -> None:
    """Type ``answers`` into the workbook at ``path`` as a respondent would."""
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value is not None}
    for name in SUBJECT:
        _type(rows[name][1], getattr(answers.subject, name))
    for ident, answer in answers.answers.items():
        _type(rows[ident][3], answer.value)
        _type(rows[ident][4], answer.note)
    book.save(path)


def _type(cell: Any, text: str | None) -> None:
    """``text`` typed into ``cell`` as text (openpyxl would take ``=0`` for a formula,
    as a spreadsheet would unless the respondent typed ``'=0``)."""
    cell.value = text
    if text is not None:
        cell.data_type = "s"


def fill_csv(path: Path, answers: Answers, separator: str = ",") -> None:
    """Fill in the CSV of `template` and save it with ``separator``, as a spreadsheet
    saves it in a locale whose decimal mark is a comma (``;``) or as tab-separated."""
    grid = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in grid:
        if row and row[0] in SUBJECT:
            row[1] = getattr(answers.subject, row[0]) or ""
        elif row and row[0] in answers.answers:
            answer = answers.answers[row[0]]
            # A ' before a formula's first character, or before another ', is the
            # escape import takes off: text that starts so is written escaped.
            row[3], row[4] = answer.value or "", guarded(answer.note or "")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(grid)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# A form of questionnaire to fill in, and how: CSV with each separator import accepts.
FORMS: dict[str, tuple[str, Callable[[Path, Answers], None]]] = {
    "xlsx": ("xlsx", lambda path, answers: fill_workbook(path, answers)),
    "csv": ("csv", lambda path, answers: fill_csv(path, answers)),
    "csv-semicolon": ("csv", lambda path, answers: fill_csv(path, answers, ";")),
    "csv-tab": ("csv", lambda path, answers: fill_csv(path, answers, "\t")),
}


def without_extras(work: Path) -> Path:
    """The example without what a questionnaire does not carry (meta, assessor)."""
    from servicescore.templates import answers_file

    example = answers_of(work / EXAMPLE)
    plain = Answers(
        example.path,
        example.checklist,
        example.subject._replace(assessor=None, respondent="Dana", role="Team lead"),
        example.answers,
    )
    path = work / "plain.yaml"
    path.write_text(answers_file(plain, "profit-through-service"), encoding="utf-8")
    return path


def report(path: Path) -> dict[str, object]:
    result = invoke("assess", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    data.pop("file")
    return data


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_filled_questionnaire_imports_to_the_report_of_its_yaml(work: Path, name: str) -> None:
    form, fill = FORMS[name]
    source = without_extras(work)
    questionnaire = work / f"questionnaire.{form}"
    made = invoke("template", "--format", form, "--output", questionnaire)
    assert made.exit_code == 0, made.stderr
    fill(questionnaire, answers_of(source))
    imported = invoke("import", questionnaire, "--output", work / "imported.yaml")
    assert imported.exit_code == 0, imported.stderr
    assert report(work / "imported.yaml") == report(source)
    assert answers_of(work / "imported.yaml").answers == answers_of(source).answers


def test_import_writes_to_standard_output_by_default(work: Path) -> None:
    source = without_extras(work)
    invoke("template", "-f", "csv", "-o", work / "q.csv")
    fill_csv(work / "q.csv", answers_of(source))
    result = invoke("import", work / "q.csv")
    assert result.exit_code == 0, result.stderr
    (work / "out.yaml").write_text(result.stdout, encoding="utf-8")
    assert answers_of(work / "out.yaml").answers == answers_of(source).answers


def test_the_workbook_has_the_layout_a_respondent_needs(work: Path) -> None:
    invoke("template", "-f", "xlsx", "-o", work / "q.xlsx")
    book = openpyxl.load_workbook(work / "q.xlsx")
    assert book.sheetnames == [SHEET, SCALE_SHEET]
    sheet = book[SHEET]
    assert [sheet.cell(row, 1).value for row in range(1, len(FIELDS) + 1)] == list(FIELDS)
    header = len(FIELDS) + 2
    assert tuple(cell.value for cell in sheet[header]) == HEADER
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.cell(header + 1, 3).alignment.wrap_text
    assert sheet.auto_filter.ref == f"A{header}:E{sheet.max_row}"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref) == f"D{header + 1}:D{sheet.max_row}"
    checklist = answers_of(work / EXAMPLE).checklist
    scale = [row[0] for row in book[SCALE_SHEET].iter_rows(min_row=2, values_only=True)]
    assert scale == [entry.value for entry in checklist.scale] + [NOT_APPLICABLE]
    assert validation.formula1 == f"={SCALE_SHEET}!$A$2:$A${len(scale) + 1}"


def test_the_csv_has_the_workbooks_rows(work: Path) -> None:
    invoke("template", "-f", "xlsx", "-o", work / "q.xlsx")
    invoke("template", "-f", "csv", "-o", work / "q.csv")
    sheet = openpyxl.load_workbook(work / "q.xlsx")[SHEET]
    from_book = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    from_csv = list(csv.reader(io.StringIO((work / "q.csv").read_text(encoding="utf-8"))))
    assert [row + [""] * (5 - len(row)) for row in from_csv] == [
        row + [""] * (5 - len(row)) for row in from_book
    ]


@pytest.mark.parametrize("output", [[], ["-o", "/dev/stdout"], ["-o", "-"]])
def test_a_workbook_is_not_written_to_a_terminal(work: Path, output: list[str]) -> None:
    from tests.test_cli import _run_in_terminal

    env = {**os.environ, "COLUMNS": "200"}
    status, screen = _run_in_terminal(["template", "-f", "xlsx", *output], env, work)
    assert status == 2
    assert screen.replace(b"\r\n", b"\n") == (
        b"template --format xlsx: a workbook is not for a terminal; give --output FILE.xlsx\n"
    )


def test_a_workbook_goes_to_standard_output_that_is_no_terminal(work: Path) -> None:
    result = invoke("template", "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    (work / "piped.xlsx").write_bytes(result.stdout_bytes)
    assert openpyxl.load_workbook(work / "piped.xlsx").sheetnames == [SHEET, SCALE_SHEET]


def test_the_yaml_template_is_the_default(work: Path) -> None:
    assert invoke("template").stdout == invoke("template", "-f", "yaml").stdout


@pytest.mark.parametrize(
    ("name", "form"),
    [("q.xlsx", "xlsx"), ("q.CSV", "csv"), ("q.yml", "yaml"), ("q.yaml", "yaml"), ("q", "yaml")],
)
def test_without_format_the_outputs_ending_names_it(work: Path, name: str, form: str) -> None:
    assert invoke("template", "-o", name).exit_code == 0
    assert invoke("template", "-f", form, "-o", f"explicit-{name}").exit_code == 0
    written, explicit = (work / name).read_bytes(), (work / f"explicit-{name}").read_bytes()
    if form == "xlsx":  # a zip's bytes carry the time it was made: compare the cells
        written, explicit = (_cells(work / path) for path in (name, f"explicit-{name}"))
    assert written == explicit


def _cells(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    return [row for sheet in book for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("form", "name"), [("csv", "x.xlsx"), ("xlsx", "x.csv"), ("yaml", "x.XLSX"), ("csv", "x.yml")]
)
def test_a_format_the_outputs_ending_contradicts_is_refused(
    work: Path, form: str, name: str
) -> None:
    result = invoke("template", "-f", form, "-o", name)
    assert result.exit_code == 2
    assert result.stderr == (
        f"template: --format {form} does not match the ending of --output {name}: "
        f"name the file .{form}, or leave --format out\n"
    )
    assert not (work / name).exists()


@pytest.mark.parametrize(
    "options", [("-o", "x.xlsm"), ("-o", "x.ODS"), ("-o", "x.xls"), ("-f", "xlsx", "-o", "x.xlsm")]
)
def test_a_spreadsheet_ending_template_does_not_write_is_refused(
    work: Path, options: tuple[str, ...]
) -> None:
    # YAML went to x.xlsm, which import then took for a workbook.
    name = options[-1]
    result = invoke("template", *options)
    assert result.exit_code == 2
    assert result.stderr == (
        f"template: cannot write --output {name}: template writes a questionnaire "
        "as .xlsx or .csv\n"
    )
    assert not (work / name).exists()


def test_template_and_import_load_openpyxl_only_for_a_workbook(work: Path) -> None:
    from tests.test_cli import loaded_modules

    assert "openpyxl" in loaded_modules(work, "template", "-f", "xlsx", "-o", "q.xlsx")
    assert "openpyxl" not in loaded_modules(work, "template", "-f", "yaml")
    invoke("template", "-f", "csv", "-o", "q.csv")
    blank = (work / "q.csv").read_text(encoding="utf-8")
    filled = blank.replace("organisation,", "organisation,Acme", 1)
    (work / "q.csv").write_text(filled, encoding="utf-8")
    modules = loaded_modules(work, "import", "q.csv")
    assert "servicescore.sheets" in modules  # the probe sees the import read it
    assert "openpyxl" not in modules


# -- any answers, through both forms ------------------------------------------------------

# What a note may hold: any text an answers file can (no control character but tab and
# line break), formula-like starts and a leading quote included.
_NOTE_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufffe\uffff"
    )
    | st.sampled_from("\t\n=+-@'"),
    min_size=1,
    max_size=30,
)


@st.composite
def any_answers(draw: st.DrawFn, checklist_answers: Answers) -> dict[str, Answer]:
    values = [entry.value for entry in checklist_answers.checklist.scale] + [NOT_APPLICABLE]
    chosen: dict[str, Answer] = {}
    for item in checklist_answers.checklist.items[:8]:
        value = draw(st.none() | st.sampled_from(values))
        note = draw(st.none() | _NOTE_TEXT)
        if value == NOT_APPLICABLE and note is None:
            note = "does not apply"
        if value is not None or note is not None:
            chosen[item.id] = Answer(value, note)
    return chosen


@pytest.mark.parametrize("name", sorted(FORMS))
def test_any_answers_round_trip(work: Path, name: str) -> None:
    from servicescore.templates import answers_file

    form, fill = FORMS[name]
    base = answers_of(work / EXAMPLE)
    invoke("template", "-f", form, "-o", work / f"blank.{form}")
    blank = (work / f"blank.{form}").read_bytes()

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(chosen=any_answers(base), organisation=_NOTE_TEXT.filter(str.strip))
    def round_trip(chosen: dict[str, Answer], organisation: str) -> None:
        questionnaire = work / f"q.{form}"
        questionnaire.write_bytes(blank)
        subject = base.subject._replace(organisation=organisation, assessor=None)
        filled = Answers(base.path, base.checklist, subject, chosen)
        fill(questionnaire, filled)
        result = invoke("import", questionnaire, "-o", work / "back.yaml")
        assert result.exit_code == 0, result.stderr
        back = answers_of(work / "back.yaml")
        # The same answers as the answers file of them reads as. A note of spaces only
        # is no note either way: an empty one there, a blank cell here.
        expected = work / "expected.yaml"
        expected.write_text(answers_file(filled, "profit-through-service"), encoding="utf-8")
        assert _noted(back.answers) == _noted(answers_of(expected).answers)
        assert back.subject == answers_of(expected).subject

    round_trip()


def _noted(answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """``answers`` with an empty note read as none."""
    return {ident: Answer(answer.value, answer.note or None) for ident, answer in answers.items()}


# What only str.splitlines takes for a line's end: in a CSV file, text of a cell (Word's
# soft line break \x0b, pasted in, say).
_NOT_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# A CSV cell's text: anything a line holds, the separators, quotes and line breaks
# included.
_CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(',;\t"\n' + _NOT_LINE_ENDS),
    max_size=8,
)


@settings(max_examples=200)
@given(
    rows=st.lists(st.lists(_CELL_TEXT, min_size=1, max_size=6), max_size=6),
    separator=st.sampled_from(SEPARATORS),
)
def test_a_csv_is_read_by_its_separator_each_cell_at_its_line_and_column(
    rows: list[list[str]], separator: str
) -> None:
    written = [list(HEADER), *rows]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(written)
    text = buffer.getvalue()
    log = ProblemLog("q.csv")
    grid = csv_grid(text.encode(), log)
    assert grid is not None and log.problems == []
    lines = text.split("\n")
    for row, cells in zip(written, grid, strict=True):
        assert [cell.text for cell in cells] == [cell_text(unguarded(cell)) for cell in row]
        for cell, typed in zip(cells, row, strict=True):
            line, column = cell.mark.line, cell.mark.column
            # The field begins there: at the line's start or after a separator, with
            # its text or the quote before it.
            assert column == 1 or lines[line - 1][column - 2] == separator
            here = "\n".join(lines[line - 1 :])[column - 1 :]
            assert here.startswith(typed) or here.startswith('"' + typed[:1])


# A cell as typed by hand between separators: no separator or line feed in it, and no
# quote first (a quote anywhere else is text, as in `Our 5" screen`).
_TYPED_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=",;\t\n")
    | st.sampled_from("\"'" + _NOT_LINE_ENDS),
    max_size=8,
).filter(lambda text: not text.startswith('"'))


@settings(max_examples=200)
@example(rows=[[" "], ["x", "\u00a0"]], separator=",")  # spaces only: read as blank
@given(
    # A row of one blank cell would be a blank line, which has no cell.
    rows=st.lists(st.lists(_TYPED_TEXT, min_size=1, max_size=6).filter(any), max_size=6),
    separator=st.sampled_from(SEPARATORS),
)
def test_a_hand_written_csv_reads_each_cell_as_typed_where_it_is_typed(
    rows: list[list[str]], separator: str
) -> None:
    lines = [separator.join(HEADER), *(separator.join(row) for row in rows)]
    log = ProblemLog("q.csv")
    grid = csv_grid("".join(line + "\n" for line in lines).encode(), log)
    assert grid is not None and log.problems == []
    assert len(grid) == len(lines)
    for number, (typed, cells) in enumerate(zip([list(HEADER), *rows], grid, strict=True), 1):
        # A cell of only spaces reads as blank, as it looks in a spreadsheet.
        assert [cell.text for cell in cells] == [cell_text(unguarded(text)) for text in typed]
        columns = [1]
        for text in typed[:-1]:
            columns.append(columns[-1] + len(text) + 1)
        assert [(cell.mark.line, cell.mark.column) for cell in cells] == [
            (number, column) for column in columns
        ]


def test_a_quote_inside_a_typed_cell_keeps_the_answer_and_note_after_it(work: Path) -> None:
    invoke("template", "-f", "csv", "-o", "q.csv")
    text = (work / "q.csv").read_text(encoding="utf-8")
    text = text.replace("organisation,\n", "organisation,N\n")
    (row,) = [line for line in text.splitlines() if line.startswith("strategy-aligned,")]
    typed = 'strategy-aligned,Strategy,Our 5" strategy,yes,a note'
    (work / "q.csv").write_text(text.replace(row, typed), encoding="utf-8")
    result = invoke("import", "q.csv", "-o", "out.yaml")
    assert result.exit_code == 0, result.stderr
    assert answers_of(work / "out.yaml").answers["strategy-aligned"] == Answer("yes", "a note")


def _blank_and_spaces(work: Path, suffix: str, spaces: str) -> Path:
    """The template filled in, strategy-vision answered; the unit field, another item's
    answer and note, and the id of an added row hold ``spaces``."""
    path = work / f"{'blank' if not spaces else 'spaces'}{suffix}"
    invoke("template", "-f", suffix[1:], "-o", path)
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        sheet = book[SHEET]
        sheet["B2"], sheet["D10"] = "Northwind", "yes"
        if spaces:
            sheet["B3"] = sheet["D9"] = sheet["E9"] = sheet["A30"] = spaces
        book.save(path)
        return path
    text = path.read_text(encoding="utf-8").replace("organisation,\n", "organisation,N\n")
    lines = text.splitlines()
    lines[9] = lines[9].removesuffix(",,") + ",yes,"  # strategy-vision
    if spaces:
        lines[2] = f"unit,{spaces}"
        lines[8] = lines[8].removesuffix(",,") + f",{spaces},{spaces}"
        lines.append(f"{spaces},,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("spaces", [" ", "   ", "\u00a0 "])
def test_a_cell_of_only_spaces_reads_as_blank(work: Path, suffix: str, spaces: str) -> None:
    # It looks blank, but was "answer '' is not on the scale" and "unknown item ''".
    blank, filled = _blank_and_spaces(work, suffix, ""), _blank_and_spaces(work, suffix, spaces)
    results = [invoke("import", path) for path in (blank, filled)]
    assert [result.exit_code for result in results] == [0, 0], results[1].stderr
    assert results[1].stdout == results[0].stdout
    assert "strategy-vision: yes" in results[0].stdout  # the rows were filled as meant


QUESTIONNAIRES = Path(__file__).resolve().parents[1] / "panels" / "northwind-2026-q4-questionnaires"


@pytest.mark.parametrize("name", ["director", "adviser-billing"])
def test_the_readmes_questionnaires_are_the_panels_answers(tmp_path: Path, name: str) -> None:
    # The README imports them in place of the panel's YAML: they must say the same.
    result = invoke("import", QUESTIONNAIRES / f"{name}.csv", "-o", tmp_path / "back.yaml")
    assert result.exit_code == 0, result.stderr
    back = answers_of(tmp_path / "back.yaml")
    panel = answers_of(QUESTIONNAIRES.parent / "northwind-2026-q4" / f"{name}.yaml")
    assert back.answers == panel.answers
    assert back.subject == panel.subject


# -- bad questionnaires -------------------------------------------------------------------
#
# ``tests/sheet_data/bad/NAME.csv`` must be refused with exactly the lines of
# ``NAME.expected`` (as for YAML in tests/data), and nothing written; so must a YAML
# file there (a file given to import by mistake). Workbooks are made here, each by a
# function that spoils a filled one: a zip's bytes do not review.

SHEET_DATA = Path(__file__).parent / "sheet_data"
BAD_CSV = sorted([*(SHEET_DATA / "bad").glob("*.csv"), *(SHEET_DATA / "bad").glob("*.yaml")])


@pytest.mark.parametrize("path", BAD_CSV, ids=lambda path: path.stem)
def test_a_bad_csv_questionnaire_is_refused_with_exactly_its_problems(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(path.parent)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    target = tmp_path / "out.yaml"
    result = invoke("import", path.name, "--output", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""
    assert not target.exists()


def test_every_bad_csv_has_its_expected_lines() -> None:
    stems = {path.stem for path in BAD_CSV}
    assert stems == {path.stem for path in (SHEET_DATA / "bad").glob("*.expected")}
    assert len(stems) >= 15


@pytest.mark.parametrize("name", ["nope.yaml", "nope.YML", "nope.csv", "nope.xlsx", "nope"])
def test_a_missing_file_is_told_as_assess_tells_it(work: Path, name: str) -> None:
    result = invoke("import", name, "--output", "out.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{name}: no such file or directory\n"
    assert result.stderr == invoke("assess", name).stderr
    assert not (work / "out.yaml").exists()


def _filled_book(folder: Path) -> openpyxl.Workbook:
    """A workbook of the template, two items answered (rows 9 and 10)."""
    result = invoke("template", "-f", "xlsx", "-o", folder / "blank.xlsx")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(folder / "blank.xlsx")
    sheet = book[SHEET]
    sheet["B2"], sheet["D9"], sheet["D10"] = "Northwind Utilities", "yes", "partly"
    return book


def _spoilt(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path, Path], None]:
    """A maker of a filled workbook spoilt by ``change``."""

    def make(folder: Path, path: Path) -> None:
        book = _filled_book(folder)
        change(book)
        book.save(path)

    return make


def _set(cell: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(book: openpyxl.Workbook) -> None:
        book[SHEET][cell] = value

    return change


def _zip(members: dict[str, bytes]) -> Callable[[Path, Path], None]:
    def make(folder: Path, path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)

    return make


def _bytes(data: bytes) -> Callable[[Path, Path], None]:
    return lambda folder, path: path.write_bytes(data)


def _rewritten(
    old: bytes, new: bytes, where: str = "xl/worksheets/"
) -> Callable[[Path, Path], None]:
    """A maker of the filled workbook with ``old`` replaced by ``new`` in the XML of its
    members under ``where`` (its sheets'): what openpyxl would not write, as a
    spreadsheet or a hand could."""

    def make(folder: Path, path: Path) -> None:
        _filled_book(folder).save(folder / "filled.xlsx")
        with zipfile.ZipFile(folder / "filled.xlsx") as source:
            members = {name: source.read(name) for name in source.namelist()}
        for name in [name for name in members if name.startswith(where)]:
            members[name] = members[name].replace(old, new, 1)
        _zip(members)(folder, path)

    return make


# One range over the whole sheet: a full load of the workbook made a cell for each of its
# 17 billion cells (the file is 10 KB).
MERGED_OVER_THE_SHEET = _rewritten(
    b"</sheetData>",
    b'</sheetData><mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>',
)
# A DTD in the sheet declaring an entity of a billion characters: a DTD is refused
# whatever it holds (before, this one was read, as nothing used the entity).
ENTITY_BOMB = _rewritten(
    b"<worksheet",
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %c "%s">' % (ord("a") + level, b"&%c;" % (ord("a") + level - 1) * 10)
        for level in range(1, 9)
    )
    + b"]><worksheet",
)


def _with_shared_strings(items: bytes) -> Callable[[Path, Path], None]:
    """A maker of the filled workbook with a shared strings part of ``items``, where a
    spreadsheet keeps its text (openpyxl writes none, and reads it whole)."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

    def make(folder: Path, path: Path) -> None:
        _filled_book(folder).save(folder / "filled.xlsx")
        with zipfile.ZipFile(folder / "filled.xlsx") as source:
            members = {name: source.read(name) for name in source.namelist()}
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
        types = members["[Content_Types].xml"]
        members["[Content_Types].xml"] = types.replace(b"</Types>", override.encode() + b"</Types>")
        sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        members["xl/sharedStrings.xml"] = sst + items + b"</sst>"
        _zip(members)(folder, path)

    return make


# A few kilobytes that unpack to under 5 MiB, but that openpyxl made into hundreds of
# megabytes of objects, taking seconds: styles it parses whole, shared strings it reads
# whole, and a row of blank cells (in Answers, the first sheet), each of which its row
# reader made a record.
MILLION_STYLES = _rewritten(b"</cellXfs>", b"<xf/>" * 900_000 + b"</cellXfs>", "xl/styles.xml")
EMPTY_STRINGS = _with_shared_strings(b"<si><t/></si>" * 300_000)
BLANK_CELLS = _rewritten(
    b"</sheetData>",
    b'<row r="999">' + b"<c/>" * 1_000_000 + b"</row></sheetData>",
    "xl/worksheets/sheet1.xml",
)


def _far_corners(book: openpyxl.Workbook) -> None:
    """A value at the sheet's last column and one 9999 rows down: a grid of every row by
    every column was 10,000 x 16,384 cells."""
    book[SHEET]["XFD1"] = "x"
    book[SHEET]["A9999"] = "x"


def _formulas_everywhere(book: openpyxl.Workbook) -> None:
    """A formula in a subject field's label and value, an unanswered row's id, a
    statement and a note: none may be dropped without a word."""
    for cell, formula in {
        "A3": '="unit"',
        "B4": "=TODAY()",
        "A11": "=A9",
        "C12": "=C9",
        "E10": '=""',
    }.items():
        book[SHEET][cell] = formula


FORMULA = "a formula, not a value: type the value (formulas are not evaluated)"


def _merge(book: openpyxl.Workbook) -> None:
    book[SHEET].merge_cells("D8:E8")


def _several(book: openpyxl.Workbook) -> None:
    for change in (_set("A12", "strategy-aligned"), _set("D10", "mostly"), _set("D9", "=1")):
        change(book)


def _rename(book: openpyxl.Workbook) -> None:
    book[SHEET].title = "Antworten"


def _later_zip_version(folder: Path, path: Path) -> None:
    """The filled workbook, its members saying they need zip version 7.9 to unpack (a
    traceback from zipfile's NotImplementedError, before)."""
    _filled_book(folder).save(path)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # the first entry of the central directory
    data[at + 6] = 79  # version needed to extract, tenths
    path.write_bytes(bytes(data))


BAD_WORKBOOKS: dict[str, tuple[Callable[[Path, Path], None], list[str]]] = {
    "formula": (
        _spoilt(_set("D9", '=IF(1,"yes")')),
        ["q.xlsx:Answers!D9: a formula, not a value: type the value (formulas are not evaluated)"],
    ),
    "formula-in-note": (
        _spoilt(_set("E9", "=1+1")),
        [f"q.xlsx:Answers!E9: {FORMULA}"],
    ),
    "formulas-everywhere": (
        _spoilt(_formulas_everywhere),
        [f"q.xlsx:Answers!{cell}: {FORMULA}" for cell in ("A3", "B4", "E10", "A11", "C12")],
    ),
    "off-scale": (
        _spoilt(_set("D10", "mostly")),
        [
            "q.xlsx:Answers!D10: answer 'mostly' is not on the scale; "
            "use 'no', 'partly', 'yes' or 'n/a'"
        ],
    ),
    "duplicate-id": (
        _spoilt(_set("A10", "strategy-aligned")),
        ["q.xlsx:Answers!A10: duplicate item id 'strategy-aligned' (first at A9)"],
    ),
    "unknown-id": (
        _spoilt(_set("A10", "strategy-visoin")),
        [
            "q.xlsx:Answers!A10: unknown item 'strategy-visoin' (did you mean "
            "'strategy-vision'?) in checklist 'profit-through-service'"
        ],
    ),
    "merged-header": (
        _spoilt(_merge),
        ["q.xlsx:Answers!D8: cells D8:E8 are merged: unmerge them, one value a cell"],
    ),
    "several-in-cell-order": (
        _spoilt(_several),
        [
            "q.xlsx:Answers!D9: a formula, not a value: type the value (formulas are not "
            "evaluated)",
            "q.xlsx:Answers!D10: answer 'mostly' is not on the scale; "
            "use 'no', 'partly', 'yes' or 'n/a'",
            "q.xlsx:Answers!A12: duplicate item id 'strategy-aligned' (first at A9)",
        ],
    ),
    "merged-over-the-sheet": (
        MERGED_OVER_THE_SHEET,
        ["q.xlsx:Answers!F1: cells F1:XFD1048576 are merged: unmerge them, one value a cell"],
    ),
    "value-beyond-column-z": (
        _spoilt(_far_corners),
        ["q.xlsx:Answers!XFD1: a value beyond column Z: the questionnaire's columns are A to E"],
    ),
    "a-million-styles": (
        MILLION_STYLES,
        [
            "q.xlsx: the workbook's xl/styles.xml holds more than 100000 XML elements, far "
            "more than a questionnaire needs: copy its cells into a new workbook"
        ],
    ),
    "empty-shared-strings": (
        EMPTY_STRINGS,
        [
            "q.xlsx: the workbook's xl/sharedStrings.xml holds more than 100000 XML "
            "elements, far more than a questionnaire needs: copy its cells into a new workbook"
        ],
    ),
    "a-row-of-blank-cells": (
        BLANK_CELLS,
        [
            "q.xlsx: the sheet 'Answers' has more than 260000 cells, blank ones included, "
            "far more than a questionnaire needs: copy its cells into a new workbook"
        ],
    ),
    "entity-bomb": (
        ENTITY_BOMB,
        ["q.xlsx: not a readable .xlsx workbook: open it in a spreadsheet and save it again"],
    ),
    "no-answers-sheet": (_spoilt(_rename), ["q.xlsx: the workbook has no sheet 'Answers'"]),
    "too-many-rows": (
        _spoilt(_set("A10001", "x")),
        ["q.xlsx:Answers!A10001: more than 10000 rows"],
    ),
    "not-a-zip": (
        _bytes(b"id,answer\nstrategy-aligned,yes\n"),
        ["q.xlsx: not a spreadsheet: an .xlsx file is a zip, this is not"],
    ),
    "zip-without-workbook": (
        _zip({"notes.txt": b"hello"}),
        ["q.xlsx: not a spreadsheet: a zip without a workbook in it"],
    ),
    "zip-bomb": (
        _zip({"[Content_Types].xml": b"", "xl/workbook.xml": b"<" * (6 * 1024 * 1024)}),
        ["q.xlsx: the workbook unpacks to more than the 5 MiB limit"],
    ),
    "ods": (
        _zip(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content/>",
            }
        ),
        ["q.xlsx: not an .xlsx workbook: an OpenDocument spreadsheet (.ods); save it as .xlsx"],
    ),
    "zip-of-a-later-version": (
        _later_zip_version,
        ["q.xlsx: not a readable .xlsx workbook: open it in a spreadsheet and save it again"],
    ),
    "broken-workbook": (
        _zip({"[Content_Types].xml": b"<nonsense", "xl/workbook.xml": b"<nonsense"}),
        ["q.xlsx: not a readable .xlsx workbook: open it in a spreadsheet and save it again"],
    ),
    "over-5-mib": (
        _bytes(b"PK" + b"\0" * (5 * 1024 * 1024)),
        ["q.xlsx: file is larger than the 5 MiB limit"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_WORKBOOKS))
def test_a_bad_workbook_is_refused_with_exactly_its_problems(
    name: str, work: Path, tmp_path: Path
) -> None:
    make, expected = BAD_WORKBOOKS[name]
    make(work, work / "q.xlsx")
    target = work / "out.yaml"
    result = invoke("import", "q.xlsx", "--output", target)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == expected
    assert not target.exists()


@pytest.mark.parametrize(
    "name", ["a-million-styles", "empty-shared-strings", "a-row-of-blank-cells"]
)
def test_a_small_workbook_of_many_elements_is_refused_in_little_memory(
    name: str, work: Path
) -> None:
    # openpyxl took 400 to 650 MB for these (traced here, it would take far more).
    make, expected = BAD_WORKBOOKS[name]
    make(work, work / "q.xlsx")
    data = (work / "q.xlsx").read_bytes()
    log = ProblemLog("q.xlsx")
    tracemalloc.start()
    try:
        assert xlsx_grid(data, log) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(problem) for problem in log.problems] == expected
    assert [problem.rule for problem in log.problems] == [RULE_BY_NAME["file-size"].id]
    assert peak < 20 * 1024 * 1024


class _OurBug(Exception):
    """A bug of ours, planted where the workbook's cells are scanned or made."""


@pytest.mark.parametrize("where", ["_xlsx_cell", "_column_index"])
def test_a_bug_of_ours_reading_a_workbook_is_not_told_as_the_files(
    work: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from servicescore.sheets import xlsxgrid

    def planted(*_: object) -> None:
        raise _OurBug(where)

    _filled_book(work).save(work / "q.xlsx")
    monkeypatch.setattr(xlsxgrid, where, planted)
    with pytest.raises(_OurBug):
        xlsxgrid.xlsx_grid((work / "q.xlsx").read_bytes(), ProblemLog("q.xlsx"))


def test_values_within_column_z_and_far_down_are_read(work: Path) -> None:
    """A jotting beside the questionnaire and a blank stretch of rows are no problem;
    a row far down is read as the item row it is."""
    book = _filled_book(work)
    book[SHEET]["Z9"] = "ask Dana"
    assert book[SHEET]["A11"].value == "strategy-programmes"
    book[SHEET]["A11"] = None  # the item's row moved down
    book[SHEET]["A9999"] = "strategy-programmes"
    book[SHEET]["D9999"] = "no"
    book.save(work / "q.xlsx")
    result = invoke("import", "q.xlsx", "--output", work / "out.yaml")
    assert result.exit_code == 0, result.stderr
    answers = answers_of(work / "out.yaml").answers
    given = {key: answer.value for key, answer in answers.items() if answer.value is not None}
    assert given == {
        "strategy-aligned": "yes",
        "strategy-vision": "partly",
        "strategy-programmes": "no",
    }


def test_a_period_a_spreadsheet_made_a_date_reads_as_the_day(work: Path) -> None:
    import datetime

    _spoilt(_set("B4", datetime.datetime(2026, 11, 30)))(work, work / "q.xlsx")
    result = invoke("import", "q.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "\nperiod: 2026-11-30\n" in result.stdout


def test_formula_like_text_is_written_as_text_and_read_back(work: Path) -> None:
    book = _filled_book(work)
    book[SHEET]["E9"] = "-"  # set as text: a note that starts like a formula
    book[SHEET]["E9"].data_type = "s"
    book.save(work / "q.xlsx")
    assert 'note: "-"' in invoke("import", "q.xlsx").stdout
    assert guarded("=1+1") == "'=1+1" and unguarded(guarded("=1+1")) == "=1+1"


# Text a spreadsheet would take for a formula, as a checklist may hold it.
_FORMULA_LIKE = ("=SUM(A1:A9) of the team", "+44 20 7946 0000", "-1 for each complaint", "@team")


def _formula_like_checklist(work: Path) -> Checklist:
    """The example's checklist with its first element's title, its items' statements
    and a scale label starting as formulas do."""
    checklist = answers_of(work / EXAMPLE).checklist
    first, *rest = checklist.elements
    items = tuple(
        item._replace(text=text) for item, text in zip(first.items, _FORMULA_LIKE, strict=False)
    )
    first = first._replace(title="=Strategy", items=items + first.items[len(items) :])
    scale = (checklist.scale[0]._replace(label="-no"), *checklist.scale[1:])
    return dataclasses.replace(checklist, elements=(first, *rest), scale=scale)


def test_template_writes_formula_like_checklist_text_as_text(work: Path) -> None:
    checklist = _formula_like_checklist(work)
    expected = {"=Strategy", "-no", *_FORMULA_LIKE}
    (work / "q.xlsx").write_bytes(workbook_bytes(checklist, "profit-through-service"))
    with zipfile.ZipFile(work / "q.xlsx") as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) for name in sheets)
    book = openpyxl.load_workbook(work / "q.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    guarded = [cell for cell in cells if cell.value in expected]
    assert {cell.value for cell in guarded} == expected
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in guarded)
    written = csv_text(checklist, "profit-through-service")
    texts = {text for row in csv.reader(io.StringIO(written)) for text in row}
    answers_sheet = expected - {"-no"}  # the scale is the workbook's own sheet
    assert {"'" + text for text in answers_sheet} <= texts
    assert not texts & expected


# -- a real spreadsheet application ------------------------------------------------------


def soffice() -> str:
    """LibreOffice's command (.ci/run installs Debian's libreoffice-calc-nogui)."""
    return program("soffice", "apt-get install libreoffice-calc-nogui")


# LibreOffice's CSV export: comma, double quote, UTF-8 (76), from the first row.
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"


@pytest.mark.parametrize("target", ["xlsx", _CSV_FILTER], ids=["xlsx", "csv"])
def test_a_workbook_saved_by_libreoffice_imports_to_the_same_answers(
    work: Path, target: str
) -> None:
    panel = answers_of(QUESTIONNAIRES.parent / "northwind-2026-q4" / "director.yaml")
    tricky = {
        "strategy-aligned": Answer("yes", "=SUM(A1:A2) is a note, not a formula"),
        "strategy-vision": Answer("partly", "+44 20 7946 0000\n-- the switchboard, «ça va»"),
        "strategy-programmes": Answer("no", "@team: two lines\nof a note"),
    }
    filled = Answers(panel.path, panel.checklist, panel.subject, {**panel.answers, **tricky})
    invoke("template", "-f", "xlsx", "-o", work / "q.xlsx")
    fill_workbook(work / "q.xlsx", filled)
    out = work / "saved"
    completed = subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(work / "q.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    saved = out / ("q.xlsx" if target == "xlsx" else "q.csv")
    assert saved.is_file(), completed.stdout + completed.stderr
    result = invoke("import", saved, "-o", work / "back.yaml")
    assert result.exit_code == 0, result.stderr
    back = answers_of(work / "back.yaml")
    assert back.answers == filled.answers
    assert back.subject == panel.subject


def test_only_warnings_still_import_and_are_shown(work: Path) -> None:
    book = _filled_book(work)
    book[SHEET]["D9"] = "n/a"  # without a note: a warning (SS204), not an error
    book.save(work / "q.xlsx")
    result = invoke("import", "q.xlsx", "-o", "out.yaml")
    assert result.exit_code == 0, result.stderr
    # At the note cell, the blank one after the answer, telling what to fill in there.
    assert result.stderr == (
        "q.xlsx:Answers!E9: warning: the answer to 'strategy-aligned' is n/a without a note: "
        "fill in the note column of its row with why it does not apply\n"
    )
    assert answers_of(work / "out.yaml").answers["strategy-aligned"] == Answer(NOT_APPLICABLE)


def test_import_refuses_to_overwrite_its_questionnaire(work: Path) -> None:
    invoke("template", "-f", "csv", "-o", "q.csv")
    text = (work / "q.csv").read_text(encoding="utf-8")
    (work / "q.csv").write_text(text.replace("organisation,\n", "organisation,N\n"), "utf-8")
    assert invoke("import", "q.csv").exit_code == 0
    before = (work / "q.csv").read_bytes()
    result = invoke("import", "q.csv", "-o", "q.csv")
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.stderr
    assert (work / "q.csv").read_bytes() == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_any_bytes_are_read_or_refused_without_a_traceback(work: Path, suffix: str) -> None:
    # invoke() fails on any exception but a clean exit: a traceback is a failure here.
    book = work / "blank.xlsx"
    invoke("template", "-f", "xlsx", "-o", book)
    workbook = book.read_bytes()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=200) | st.builds(_flipped, st.just(workbook), st.integers(0, 10**6)))
    def read_any(data: bytes) -> None:
        path = work / f"any{suffix}"
        path.write_bytes(data)
        assert invoke("import", path).exit_code in (0, 2)

    read_any()


def _flipped(data: bytes, seed: int) -> bytes:
    """``data`` with one byte changed, somewhere past the zip's signature."""
    at = 4 + seed % (len(data) - 4)
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def test_a_row_of_a_million_separators_is_refused_at_its_value(work: Path) -> None:
    # Each cell's position was found by re-reading the record up to it: a line like
    # this took minutes. Now one pass, and no cell is built past column 26.
    row = "strategy-aligned" + "," * 1_000_000 + "x\n"
    (work / "q.csv").write_text(f"id,element,statement,answer,note\n{row}", encoding="utf-8")
    result = invoke("import", "q.csv", "-o", "out.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"q.csv:2:{row.index('x') + 1}: a value beyond the 26th column: "
        "the questionnaire's columns are the first five\n"
    )
