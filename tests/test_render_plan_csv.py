"""A plan's CSV (SPEC 8): one row per planned item, read back by the csv module, with
text that a spreadsheet would take for a formula written as text.

The plans are built by hand (``plan_builders``). The golden files are
``tests/golden/plan/*.csv`` (CRLF line ends, RFC 4180: kept byte for byte by
``tests/golden/plan/.gitattributes``); regenerate them after an intended change with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_plan_csv.py

A real LibreOffice (.ci/run installs it, as for test_sheets) opens the CSV of hostile
text and must hold no formula.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_builders import (
    FORMULAS,
    GOLDEN,
    GOLDEN_PLANS,
    assert_golden,
    cells_plan,
    formula,
    hostile,
    no_work_plan,
    northwind_plan,
)
from servicescore.planning import Plan
from servicescore.problems import visible
from servicescore.render import csv as plan_csv
from servicescore.render import plan_renderer, renderer
from servicescore.sheets.layout import FORMULA_START, unguarded
from test_sheets import soffice

HEADER = ["phase", "component", "item", "statement", "action", "owner", "due"]


def read(text: str) -> list[list[str]]:
    """The CSV's records as the csv module reads them (RFC 4180)."""
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def expected_rows(plan: Plan) -> list[list[str]]:
    """What each row must say, worked out from the plan itself."""
    rows = []
    for phase in plan.phases:
        for cell in phase.cells:
            for ident in cell.required:
                item = plan.assessment.by_item[ident].item
                texts = [cell.component, ident, item.text, item.action]
                rows.append([str(phase.stage), *(visible(text) for text in texts), "", ""])
    return rows


@pytest.mark.parametrize("name", list(GOLDEN_PLANS))
def test_golden(name: str) -> None:
    assert_golden(f"{name}.csv", plan_csv.plan(GOLDEN_PLANS[name]()))


def test_no_stale_golden_files() -> None:
    kept = {f"{name}.{kind}" for name in GOLDEN_PLANS for kind in ("md", "csv", "html")}
    assert {path.name for path in GOLDEN.iterdir()} == kept | {".gitattributes"}


def test_csv_renders_plans_only() -> None:
    assert plan_renderer("csv").plan is plan_csv.plan
    # The renderer of every other command has no CSV: a plan-only module is never one.
    with pytest.raises(KeyError):
        renderer("csv")


def test_one_row_per_planned_item() -> None:
    output = plan_csv.plan(northwind_plan())
    assert output.startswith("phase,component,item,statement,action,owner,due\r\n")
    assert output.endswith("\r\n") and "\n" not in output.replace("\r\n", "")
    rows = read(output)
    assert rows[0] == HEADER
    assert [row[:3] for row in rows[1:]] == [
        ["3", "customer-focus", "strategy-vision"],
        ["3", "customer-focus", "channels-self-service"],
        ["3", "customer-focus", "strategy-aligned"],
        ["4", "measurement", "performance-balanced-scorecard"],
        ["4", "measurement", "performance-kpis-balanced"],
        ["5", "measurement", "performance-other-departments"],
    ]
    assert rows[1:] == expected_rows(northwind_plan())


def test_passing_and_blocked_cells_have_no_rows() -> None:
    plan = cells_plan()
    rows = read(plan_csv.plan(plan))
    assert [row[:3] for row in rows[1:]] == [
        ["2", "c", "c2"],
        ["3", "b", "b3"],
        ["3", "b", "b3x"],
        ["4", "a", "a4"],
    ]
    assert len(rows) - 1 == plan.total_items
    assert read(plan_csv.plan(no_work_plan())) == [HEADER]


@pytest.mark.parametrize("text", [hostile, formula], ids=["hostile", "formula"])
def test_text_from_files_reads_back_and_is_never_a_formula(text: Callable[[str], str]) -> None:
    plan = cells_plan(text)
    rows = read(plan_csv.plan(plan))
    for row in rows[1:]:
        assert len(row) == len(HEADER)
        assert not [cell for cell in row if cell.startswith(FORMULA_START)], row
        # No control character but a tab or line break, nothing that reorders text.
        assert all(char.isprintable() or char in "\t\n" for cell in row for char in cell), row
    assert [[unguarded(cell) for cell in row] for row in rows[1:]] == expected_rows(plan)


# Any text a file could hold, and more: control characters, quotes, separators, line
# breaks and every formula start.
_ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*FORMULAS, '"', ",", ";", "\r\n", "\n", "\r", "'"]), st.characters()
    ),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(_ANY_TEXT)
def test_any_text_is_one_field_never_a_formula(text: str) -> None:
    plan = cells_plan(lambda label: text)
    rows = read(plan_csv.plan(plan))
    assert rows[0] == HEADER and len(rows) - 1 == plan.total_items
    for row in rows[1:]:
        assert len(row) == len(HEADER) and row[5:] == ["", ""]
        assert not [cell for cell in row if cell.startswith(FORMULA_START)], row
        # The statement and action as every format shows them, the guard taken off.
        assert [unguarded(cell) for cell in row[3:5]] == [visible(text)] * 2


def test_libreoffice_opens_no_formula(tmp_path: Path) -> None:
    plan = cells_plan(formula)
    source = tmp_path / "plan.csv"
    source.write_bytes(plan_csv.plan(plan).encode("utf-8"))
    done = subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            # Comma, double quote, UTF-8 (76), from the first row: as a user opens it.
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    opened = tmp_path / "out" / "plan.xlsx"
    assert opened.is_file(), done.stdout + done.stderr
    sheet = openpyxl.load_workbook(opened).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type != "s"] == [
        f"A{row}"
        for row in range(2, plan.total_items + 2)  # the phase: a number
    ]
    # Every text as written, the guard's ' included: the spreadsheet shows it as text.
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    written = read(source.read_text("utf-8"))
    assert [row[1:5] for row in values] == [row[1:5] for row in written]
    assert [row[0] for row in values[1:]] == [int(row[0]) for row in written[1:]]
