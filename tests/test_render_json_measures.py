"""Service measures in the JSON of ``assess``, ``diff`` and ``trend`` (SPEC 9).

The files are ``tests/measure_pages/``: a small checklist with five measures (a percent
to raise with a target, one to lower with a target, a Net Promoter Score without one,
seconds to lower with a decimal target, a count without one) and three quarters of
answers that meet targets exactly, leave measures out, and carry notes. The JSON of
each command is pinned by a golden file, ``tests/golden/json/measures-*.json``; after
an intended change, regenerate them with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_json_measures.py

and read the diff before committing it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import YES, answers, checklist, item
from clirun import invoke
from servicescore.measures import CHANGES
from servicescore.model import Measure, MeasureValue, Number
from servicescore.render.json import compact_report, report_data
from servicescore.scoring import assess

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "measure_pages"
GOLDEN = ROOT / "tests" / "golden" / "json"
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"

MEASURE_KEYS = ["id", "name", "unit", "better", "value", "target", "met", "note"]
IDS = ["first-contact-resolution", "repeat-contacts", "nps", "answer-time", "complaints"]

GOLDEN_CASES = {
    "measures-assess-q2.json": ["assess", "q2.yaml"],
    "measures-diff-q1-q2.json": ["diff", "q1.yaml", "q2.yaml"],
    "measures-diff-q2-q3.json": ["diff", "q2.yaml", "q3.yaml"],
    "measures-trend.json": ["trend", "q1.yaml", "q2.yaml", "q3.yaml"],
}


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run beside the files, so that the paths in the reports are stable."""
    monkeypatch.chdir(DATA)


def output(*args: str) -> str:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def data(*args: str) -> Any:
    return json.loads(output(*args))


@pytest.mark.usefixtures("in_data")
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden(name: str) -> None:
    text = output(*GOLDEN_CASES[name])
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no {golden}: run with SERVICESCORE_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{name} differs: if intended, rerun with SERVICESCORE_UPDATE_GOLDEN=1 and review the diff"
    )


def test_no_stale_golden_files() -> None:
    names = sorted(path.name for path in GOLDEN.glob("measures-*"))
    assert names == sorted(GOLDEN_CASES)


@pytest.mark.usefixtures("in_data")
def test_a_report_gives_every_measure_in_the_checklists_order() -> None:
    measures = data("assess", "q2.yaml")["measures"]
    assert [list(one) for one in measures] == [MEASURE_KEYS] * len(IDS)
    assert [one["id"] for one in measures] == IDS
    fcr, repeat, nps, answer_time, complaints = measures
    assert fcr == {
        "id": "first-contact-resolution",
        "name": "First-contact resolution",
        "unit": "percent",
        "better": "higher",
        "value": 80,
        "target": 80,
        "met": True,  # exactly at the target, higher better
        "note": None,
    }
    assert (repeat["value"], repeat["target"], repeat["met"]) == (10, 10, True)  # lower better
    assert (nps["value"], nps["target"], nps["met"]) == (12, None, None)  # no target
    assert nps["note"] == "Surveyed by text message from this quarter"
    assert (answer_time["value"], answer_time["target"], answer_time["met"]) == (35, 20.5, False)
    assert (complaints["value"], complaints["met"]) == (4, None)


@pytest.mark.usefixtures("in_data")
def test_a_measure_the_file_leaves_out_is_null() -> None:
    nps = data("assess", "q3.yaml")["measures"][2]
    assert nps == {**nps, "id": "nps", "value": None, "met": None, "note": None}
    fcr = data("assess", "q3.yaml")["measures"][0]
    assert (fcr["value"], fcr["met"], fcr["note"]) == (83.5, True, "Counted over 6 weeks")


@pytest.mark.usefixtures("in_data")
def test_a_diff_gives_each_kind_of_change() -> None:
    first = data("diff", "q1.yaml", "q2.yaml")["measures"]
    second = data("diff", "q2.yaml", "q3.yaml")["measures"]
    assert [list(one) for one in first + second] == [["id", "old", "new", "change"]] * 10
    assert [(one["id"], one["old"], one["new"], one["change"]) for one in first] == [
        ("first-contact-resolution", 72, 80, "improved"),
        ("repeat-contacts", 12.5, 10, "improved"),  # lower is better: down is improved
        ("nps", -5, 12, "improved"),
        ("answer-time", 30, 35, "worsened"),  # lower is better: up is worsened
        ("complaints", None, 4, "added"),
    ]
    assert [(one["id"], one["change"]) for one in second] == [
        ("first-contact-resolution", "improved"),
        ("repeat-contacts", "improved"),
        ("nps", "removed"),
        ("answer-time", "unchanged"),
        ("complaints", "improved"),
    ]
    assert {one["change"] for one in first + second} == set(CHANGES)


@pytest.mark.usefixtures("in_data")
def test_a_trend_point_gives_every_measure_its_checklist_defines_null_for_a_gap() -> None:
    points = data("trend", "q1.yaml", "q2.yaml", "q3.yaml")["points"]
    assert [point["period"] for point in points] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [list(point["measures"]) for point in points] == [IDS] * 3
    assert [point["measures"]["nps"] for point in points] == [-5, 12, None]
    assert [point["measures"]["complaints"] for point in points] == [None, 4, 3]


def test_a_trend_point_gives_every_measure_of_the_series_null_where_its_checklist_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A measure a later checklist version adds is null in the earlier periods, as the
    other formats show it; the figure the earlier checklist's measure has stays."""
    pages = tmp_path / "pages"
    shutil.copytree(DATA, pages)
    shutil.copytree(ROOT / "tests" / "data" / "continuum", tmp_path / "data" / "continuum")
    text = (pages / "checklist.yaml").read_text(encoding="utf-8")
    head, definitions = text.split("measures:\n")
    first_only = definitions.split("\n  - ")[0]  # first-contact-resolution alone
    old_head = head.replace('version: "1.0"', 'version: "0.9"')
    (pages / "old.yaml").write_text(f"{old_head}measures:\n{first_only}\n", encoding="utf-8")
    q1 = (pages / "q1.yaml").read_text(encoding="utf-8").split("measures:")[0]
    (pages / "q1.yaml").write_text(
        q1.replace("checklist.yaml", "old.yaml") + "measures:\n  first-contact-resolution: 72\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(pages)
    first, second = data("trend", "q1.yaml", "q2.yaml")["points"]
    assert list(first["measures"]) == list(second["measures"]) == IDS
    assert first["measures"] == {"first-contact-resolution": 72} | dict.fromkeys(IDS[1:])
    assert second["measures"]["nps"] == 12


def test_a_checklist_without_measures_gives_an_empty_list_and_empty_mappings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT / "tests" / "data" / "answers" / "good")
    assert data("assess", "small-full.yaml")["measures"] == []
    assert data("diff", "small-full.yaml", "small-unanswered.yaml")["measures"] == []


# -- properties ---------------------------------------------------------------------------

BASE = checklist(item("a2", "a", 2), item("b2", "b", 2))
decimals = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False)


def number(value: object) -> Number:
    return Number.of(str(value))


@given(value=decimals, target=decimals, better=st.sampled_from(["higher", "lower"]))
def test_met_is_the_target_compared_in_the_measures_direction(
    value: object, target: object, better: str
) -> None:
    """``met`` is exactly value ≥ target (higher better) or ≤ (lower better), at the
    target included, and the figures are the numbers written."""
    measure = Measure("m", "M", "score", better, target=number(target))
    check = dataclasses.replace(BASE, measures=(measure,))
    figures = {"m": MeasureValue(number(value), "n")}
    given_answers = dataclasses.replace(answers(check, {"a2": YES}), measures=figures)
    (shown,) = json.loads(json.dumps(report_data(assess(given_answers))))["measures"]
    exact, goal = Fraction(str(value)), Fraction(str(target))
    assert shown["met"] is (exact >= goal if better == "higher" else exact <= goal)
    assert Fraction(str(shown["value"])) == exact and Fraction(str(shown["target"])) == goal
    assert shown["note"] == "n"


@given(
    values=st.lists(st.one_of(st.none(), decimals), min_size=3, max_size=3),
    targets=st.lists(st.one_of(st.none(), decimals), min_size=3, max_size=3),
)
def test_measures_never_change_the_rest_of_a_report(
    values: list[object | None], targets: list[object | None]
) -> None:
    """With or without measures, a report is the same but for its ``measures``; the
    portfolio's one-line report agrees with it."""
    defined = tuple(
        Measure(f"m{index}", f"M{index}", "count", "lower", None if t is None else number(t))
        for index, t in enumerate(targets)
    )
    plain = answers(BASE, {"a2": YES, "b2": "no"})
    check = dataclasses.replace(BASE, measures=defined)
    figures = {f"m{i}": MeasureValue(number(v)) for i, v in enumerate(values) if v is not None}
    measured = dataclasses.replace(plain, checklist=check, measures=figures)
    with_measures = report_data(assess(measured))
    without = report_data(assess(plain))
    assert {**with_measures, "measures": []} == without
    assert [one["value"] is None for one in with_measures["measures"]] == [
        v is None for v in values
    ]
    assert json.loads(compact_report(assess(measured))) == json.loads(json.dumps(with_measures))
