"""Spreadsheet questionnaires (SPEC 7): `template --format xlsx|csv` and `import`.

A questionnaire is filled in the way a respondent's spreadsheet would (openpyxl for a
workbook, the csv module for CSV) and read back with `import`; the answers must be
the ones filled in, and assess must report on them as on the YAML they came from.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.clirun import invoke

from servicescore.loader import Loader
from servicescore.model import NOT_APPLICABLE, Answer, Answers
from servicescore.sheets import FIELDS, HEADER, SCALE_SHEET, SHEET

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
        rows[name][1].value = getattr(answers.subject, name)
    for ident, answer in answers.answers.items():
        rows[ident][3].value = answer.value
        rows[ident][4].value = answer.note
    book.save(path)


def fill_csv(path: Path, answers: Answers) -> None:
    grid = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in grid:
        if row and row[0] in SUBJECT:
            row[1] = getattr(answers.subject, row[0]) or ""
        elif row and row[0] in answers.answers:
            answer = answers.answers[row[0]]
            row[3], row[4] = answer.value or "", answer.note or ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grid)
    path.write_text(buffer.getvalue(), encoding="utf-8")


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


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_a_filled_questionnaire_imports_to_the_report_of_its_yaml(work: Path, form: str) -> None:
    source = without_extras(work)
    questionnaire = work / f"questionnaire.{form}"
    made = invoke("template", "--format", form, "--output", questionnaire)
    assert made.exit_code == 0, made.stderr
    (fill_workbook if form == "xlsx" else fill_csv)(questionnaire, answers_of(source))
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


def test_a_workbook_is_not_written_to_a_terminal(work: Path) -> None:
    from tests.test_cli import _run_in_terminal

    env = {**os.environ, "COLUMNS": "200"}
    status, screen = _run_in_terminal(["template", "-f", "xlsx"], env, work)
    assert status == 2
    assert b"give --output FILE.xlsx" in screen
    assert b"PK" not in screen  # no byte of the zip


def test_a_workbook_goes_to_standard_output_that_is_no_terminal(work: Path) -> None:
    result = invoke("template", "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    (work / "piped.xlsx").write_bytes(result.stdout_bytes)
    assert openpyxl.load_workbook(work / "piped.xlsx").sheetnames == [SHEET, SCALE_SHEET]


def test_the_yaml_template_is_the_default(work: Path) -> None:
    assert invoke("template").stdout == invoke("template", "-f", "yaml").stdout


def test_template_and_import_load_openpyxl_only_for_a_workbook(work: Path) -> None:
    from tests.test_cli import loaded_modules

    assert "openpyxl" in loaded_modules(work, "template", "-f", "xlsx", "-o", "q.xlsx")
    assert "openpyxl" not in loaded_modules(work, "template", "-f", "yaml")


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


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_any_answers_round_trip(work: Path, form: str) -> None:
    from servicescore.templates import answers_file

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
        (fill_workbook if form == "xlsx" else fill_csv)(questionnaire, filled)
        result = invoke("import", questionnaire, "-o", work / "back.yaml")
        assert result.exit_code == 0, result.stderr
        back = answers_of(work / "back.yaml")
        # The same answers as the answers file of them reads as (a note of spaces only
        # is an empty note there).
        expected = work / "expected.yaml"
        expected.write_text(answers_file(filled, "profit-through-service"), encoding="utf-8")
        assert back.answers == answers_of(expected).answers
        assert back.subject == answers_of(expected).subject

    round_trip()


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
