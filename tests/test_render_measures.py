"""Measures (SPEC 9) in the terminal and Markdown reports of ``assess``, ``diff`` and
``trend``: the figure against its target (met exactly at it, either way), each kind of
change between two periods, a trend's gaps, colour, and file text that stays text.

The fixture is ``tests/measure_data/``, with a continuum and checklist of its own, so
that these reports do not move when the shipped content does. Its golden files are
under ``tests/golden/measures/``; after an intended change of a format, regenerate them
with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_measures.py

and read the diff before committing it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from builders import YES, checklist, item, measure, run_measured
from clirun import invoke, write
from servicescore.diff import compare
from servicescore.inputs import load_answers
from servicescore.loader import Loader
from servicescore.model import Checklist, Measure, MeasureValue, Number
from servicescore.render import markdown_measures, table
from servicescore.scoring import Assessment, assess
from servicescore.trend import build_trend
from test_render_markdown import check_structure, shown, visible_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "measure_data"
GOLDEN = ROOT / "tests" / "golden" / "measures"
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"

CASES: dict[str, list[str]] = {
    "assess-q2": ["assess", "q2.yaml"],
    "diff-q2-q3": ["diff", "q2.yaml", "q3.yaml"],
    "trend-q1-q3": ["trend", "q1.yaml", "q2.yaml", "q3.yaml"],
}
SUFFIX = {"table": "txt", "markdown": "md"}
DASH = "—"


@pytest.fixture
def data(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(DATA)
    return DATA


def report(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def rows(text: str, form: str) -> dict[str, list[str]]:
    """Each table row of ``text`` by its first cell: the terminal's cells are apart by two
    spaces or more, the Markdown's by pipes."""
    found = {}
    for line in text.splitlines():
        if form == "markdown":
            if not line.startswith("| "):
                continue
            cells = [part.strip() for part in line.strip("|").split(" | ")]
        else:
            cells = re.split(r" {2,}", line.strip())
        if len(cells) > 1:
            found[cells[0]] = cells[1:]
    return found


# -- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("form", list(SUFFIX))
@pytest.mark.parametrize("name", list(CASES))
def test_golden(data: Path, name: str, form: str) -> None:
    output = report(*CASES[name], "--format", form)
    if form == "markdown":
        check_structure(output)
    golden = GOLDEN / f"{name}.{SUFFIX[form]}"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_no_stale_golden_files() -> None:
    names = sorted(path.name for path in GOLDEN.iterdir())
    assert names == sorted(f"{name}.{suffix}" for name in CASES for suffix in SUFFIX.values())


# -- assess: figure, target, met -------------------------------------------------------


@pytest.mark.parametrize("form", list(SUFFIX))
def test_a_figure_exactly_at_its_target_is_met_either_way(data: Path, form: str) -> None:
    measures = rows(report("assess", "q2.yaml", "--format", form), form)
    assert measures["First-contact resolution"][:3] == ["80%", "≥ 80%", "met"]
    assert measures["Repeat-contact rate"] == ["10%", "≤ 10%", "met", "Counted over 30 days."]


@pytest.mark.parametrize("form", list(SUFFIX))
def test_a_figure_on_the_wrong_side_of_its_target_is_not_met(data: Path, form: str) -> None:
    measures = rows(report("assess", "q1.yaml", "--format", form), form)
    not_met = "**not met**" if form == "markdown" else "not met"
    assert measures["First-contact resolution"][:3] == ["72%", "≥ 80%", not_met]
    assert measures["Repeat-contact rate"][:3] == ["12%", "≤ 10%", not_met]
    assert measures["Average wait"] == ["60 s", "≤ 45 s", not_met, "Phones only."]


@pytest.mark.parametrize("form", list(SUFFIX))
def test_without_a_target_or_a_figure_nothing_is_judged(data: Path, form: str) -> None:
    measures = rows(report("assess", "q2.yaml", "--format", form), form)
    # Markdown writes a dash in an empty note cell; the terminal leaves it blank.
    assert measures["Net Promoter Score"][:3] == ["5", DASH, DASH]
    assert measures["Average wait"][:3] == [DASH, "≤ 45 s", DASH]


HEADINGS = {"table": "\n{}\n", "markdown": "### {}"}


@pytest.mark.parametrize("form", list(SUFFIX))
def test_the_measures_follow_the_components(data: Path, form: str) -> None:
    output = report("assess", "q2.yaml", "--format", form)
    marks = ["Components", "Measures", "Elements", "Next steps by component"]
    found = [output.find(HEADINGS[form].format(mark)) for mark in marks]
    assert -1 not in found and found == sorted(found), found


@pytest.mark.parametrize("form", list(SUFFIX))
def test_the_portfolio_detail_shows_each_files_measures(data: Path, form: str) -> None:
    heading = HEADINGS[form].format("Measures")
    output = report("assess", "q1.yaml", "q2.yaml", "--detail", "--format", form)
    assert output.count(heading) == 2
    assert heading not in report("assess", "q1.yaml", "q2.yaml", "--format", form)


def _loaded(*names: str) -> list[Assessment]:
    return [assess(one) for one in load_answers([DATA / name for name in names], None, Loader())]


def printed(renderable: RenderableType, width: int = 200) -> str:
    console = Console(file=StringIO(), width=width, force_terminal=True, color_system="standard")
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def test_met_is_green_and_not_met_red_in_the_terminal() -> None:
    (q1,) = _loaded("q1.yaml")
    (q2,) = _loaded("q2.yaml")
    assert re.search(r"\x1b\[32mmet *\x1b\[0m", printed(table.assessment(q2)))
    assert re.search(r"\x1b\[31mnot met *\x1b\[0m", printed(table.assessment(q1)))
    assert "\x1b[32mmet" not in printed(table.assessment(q1))


def measured(*measures: Measure) -> Checklist:
    """A one-item checklist defining ``measures``."""
    return dataclasses.replace(checklist(item("a2", "a", 2)), measures=measures)


@settings(max_examples=80, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=100, places=3),
    target=st.decimals(min_value=0, max_value=100, places=3),
    better=st.sampled_from(["higher", "lower"]),
)
def test_met_is_the_exact_comparison_with_the_target(
    value: Decimal, target: Decimal, better: str
) -> None:
    check = measured(measure("m", "M", "percent", better, format(target, "f")))
    result = run_measured(check, {"a2": YES}, {"m": MeasureValue(Number.of(format(value, "f")))})
    page = "\n".join(markdown_measures.report(result.answers, 3))
    exact = value >= target if better == "higher" else value <= target
    sign = "≥" if better == "higher" else "≤"
    assert rows(page, "markdown")["M"] == [
        f"{format(value, 'f')}%",
        f"{sign} {format(target, 'f')}%",
        "met" if exact else "**not met**",
    ]
    # Measures never change a score or a stage.
    plain = run_measured(check, {"a2": YES}, {})
    assert (result.score, result.stage) == (plain.score, plain.stage)


# -- diff: how each figure moved -------------------------------------------------------


@pytest.mark.parametrize("form", list(SUFFIX))
def test_the_diff_names_every_kind_of_change(data: Path, form: str) -> None:
    measures = rows(report("diff", "q2.yaml", "q3.yaml", "--format", form), form)
    worsened = "**worsened**" if form == "markdown" else "worsened"
    assert measures["First-contact resolution"] == ["80% → 82.5%", "improved"]
    assert measures["Repeat-contact rate"] == ["10% → 11%", worsened]
    assert measures["Net Promoter Score"] == ["5 → 5", "unchanged"]
    assert measures["Average wait"] == [f"{DASH} → 45 s", "added"]
    assert measures["Complaints"] == [f"25 → {DASH}", "removed"]


@pytest.mark.parametrize("form", list(SUFFIX))
def test_a_lower_is_better_figure_going_down_improved(data: Path, form: str) -> None:
    measures = rows(report("diff", "q1.yaml", "q2.yaml", "--format", form), form)
    assert measures["Repeat-contact rate"] == ["12% → 10%", "improved"]
    assert measures["Complaints"] == ["30 → 25", "improved"]
    assert measures["Net Promoter Score"] == [
        "\\-12 → 5" if form == "markdown" else "-12 → 5",
        "improved",
    ]
    assert measures["Average wait"] == [f"60 s → {DASH}", "removed"]


def test_improved_is_green_and_worsened_red_in_the_terminal() -> None:
    old, new = _loaded("q2.yaml", "q3.yaml")
    text = printed(table.diff(compare(old, new)))
    assert re.search(r"\x1b\[32mimproved *\x1b\[0m", text)
    assert re.search(r"\x1b\[31mworsened *\x1b\[0m", text)


# -- trend: a series per measure, with its gaps ----------------------------------------


@pytest.mark.parametrize("form", list(SUFFIX))
def test_the_trend_shows_each_period_and_its_gaps(data: Path, form: str) -> None:
    output = report("trend", "q1.yaml", "q2.yaml", "q3.yaml", "--format", form)
    measures = rows(output[output.index("Measures") :], form)
    assert measures["Measure"] == ["2026-Q1", "2026-Q2", "2026-Q3", "Target"]
    assert measures["First-contact resolution"] == ["72%", "80%", "82.5%", "≥ 80%"]
    assert measures["Average wait"] == ["60 s", DASH, "45 s", "≤ 45 s"]  # not given in Q2
    assert measures["Complaints"] == ["30", "25", DASH, DASH]  # a note, no figure, in Q3


def test_a_trend_shows_a_measure_its_first_periods_did_not_define() -> None:
    early = measured(measure("fcr", "First-contact resolution", target="80"))
    later = dataclasses.replace(
        early, version="2.0", measures=(*early.measures, measure("csat", "Satisfaction"))
    )
    one = run_measured(early, {}, {"fcr": MeasureValue(Number.of("70"))}, period="2026-Q1")
    two = run_measured(
        later,
        {},
        {"fcr": MeasureValue(Number.of("75")), "csat": MeasureValue(Number.of("81"))},
        period="2026-Q2",
    )
    (series,) = build_trend([one, two])
    page = "\n".join(markdown_measures.trend(series, 3))
    measures = rows(page, "markdown")
    assert measures["Satisfaction"] == [DASH, "81%", DASH]
    assert measures["First-contact resolution"] == ["70%", "75%", "≥ 80%"]
    assert "Satisfaction" in printed(table.trend([series]))


# -- a checklist without measures: nothing new -----------------------------------------

PLAIN_CHECKLIST = """\
kind: checklist
id: plain
title: Plain
version: "1.0"
continuum: continuum.yaml
elements:
  - id: basics
    title: Basics
    items:
      - {id: cu-2, text: Customers can reach us., component: customers, stage: 2,
         action: Open a route.}
"""

_IMPORTS_PROBE = """
import atexit, sys
from servicescore.cli import main
atexit.register(lambda: sys.stderr.write(" ".join(["loaded", *sorted(sys.modules)]) + "\\n"))
sys.argv[0] = "servicescore"
main()
"""


def loaded_modules(folder: Path, *args: str) -> list[str]:
    """The modules a fresh interpreter has loaded when ``servicescore ARGS`` ends."""
    completed = subprocess.run(
        [sys.executable, "-c", _IMPORTS_PROBE, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = re.search(r"^loaded (.*)$", completed.stderr, re.MULTILINE)
    assert loaded is not None, completed.stderr
    return loaded.group(1).split()


@pytest.fixture
def plain_files(tmp_path: Path) -> Path:
    shutil.copy(DATA / "continuum.yaml", tmp_path / "continuum.yaml")
    write(tmp_path, "plain.yaml", PLAIN_CHECKLIST)
    for period in ("2026-Q1", "2026-Q2"):
        write(
            tmp_path,
            f"{period}.yaml",
            f"kind: answers\nchecklist: plain.yaml\norganisation: Plain\nperiod: {period}\n"
            "answers: {cu-2: 'yes'}\n",
        )
    return tmp_path


MEASURE_MODULES = {
    "servicescore.measures",
    "servicescore.measure_fields",
    "servicescore.render.html.views_measures",
    "servicescore.render.table_measures",
    "servicescore.render.markdown_measures",
}


@pytest.mark.parametrize("form", [*SUFFIX, "html", "json"])
def test_a_checklist_without_measures_shows_and_imports_nothing_new(
    plain_files: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(plain_files)
    for args in (["assess", "2026-Q1.yaml"], ["diff", "2026-Q1.yaml", "2026-Q2.yaml"]):
        assert "Measures" not in report(*args, "--format", form)
    assert "Measures" not in report("trend", "2026-Q1.yaml", "2026-Q2.yaml", "--format", form)
    # The cold start of assess reads no module of the measures, nor a diff or a trend.
    for args in (
        ["assess", "2026-Q1.yaml"],
        ["diff", "2026-Q1.yaml", "2026-Q2.yaml"],
        ["trend", "2026-Q1.yaml", "2026-Q2.yaml"],
    ):
        modules = loaded_modules(plain_files, *args, "--format", form)
        assert MEASURE_MODULES.isdisjoint(modules), args


def test_an_assess_with_measures_reads_only_its_format_module() -> None:
    modules = loaded_modules(DATA, "assess", "q2.yaml")
    assert "servicescore.render.table_measures" in modules
    assert "servicescore.render.markdown_measures" not in modules


def test_a_json_report_with_measures_reads_no_module_of_theirs() -> None:
    """The JSON reads the figures from the model: the measures' module would cost its
    cold start a millisecond."""
    modules = loaded_modules(DATA, "assess", "q2.yaml", "--format", "json")
    assert "servicescore.measure_fields" in modules  # reading them
    assert MEASURE_MODULES.isdisjoint(set(modules) - {"servicescore.measure_fields"})


# -- text from files stays text --------------------------------------------------------

HOSTILE = (
    "[bold red]Eve[/] [link=http://evil.example]x[/link] <script>alert(1)</script> "
    "| `tick` [a](http://x.example) \u202eevil\u200b"
)
HOSTILE_SHOWN = HOSTILE.replace("\u202e", "\\u202e").replace("\u200b", "\\u200b")


@pytest.fixture
def hostile_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(DATA / "continuum.yaml", tmp_path / "continuum.yaml")
    definition = {"id": "fcr", "name": f"{HOSTILE} name", "unit": "percent", "better": "higher"}
    definition |= {"target": 80, "description": f"{HOSTILE} description"}
    lines = PLAIN_CHECKLIST + f"measures:\n  - {json.dumps(definition)}\n"
    write(tmp_path, "plain.yaml", lines)
    for period, value in (("2026-Q1", 70), ("2026-Q2", 85)):
        figure = json.dumps({"value": value, "note": f"{HOSTILE} note {period}"})
        write(
            tmp_path,
            f"{period}.yaml",
            f"kind: answers\nchecklist: plain.yaml\norganisation: Plain\nperiod: {period}\n"
            f"answers: {{cu-2: 'yes'}}\nmeasures:\n  fcr: {figure}\n",
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def hostile_reports(folder: Path) -> list[RenderableType]:
    old, new = (
        assess(one)
        for one in load_answers([folder / "2026-Q1.yaml", folder / "2026-Q2.yaml"], None, Loader())
    )
    return [
        table.assessment(old),
        table.diff(compare(old, new)),
        table.trend(build_trend([old, new])),
    ]


def test_hostile_measure_names_and_notes_in_the_terminal(hostile_files: Path) -> None:
    # Wide enough that neither the name nor the note wraps.
    for at, report_ in enumerate(hostile_reports(hostile_files)):
        text = printed(report_, 500)
        assert "\x1b]8;" not in text  # no hyperlink from [link=...]
        assert not any(char in text for char in "\u202e\u200b")
        flat = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
        assert f"{HOSTILE_SHOWN} name" in flat
        if at == 0:  # the assessment shows the note
            assert f"{HOSTILE_SHOWN} note 2026-Q1" in flat


def test_hostile_measure_names_and_notes_in_markdown(hostile_files: Path) -> None:
    outputs = [
        report("assess", "2026-Q2.yaml", "--format", "markdown"),
        report("diff", "2026-Q1.yaml", "2026-Q2.yaml", "--format", "markdown"),
        report("trend", "2026-Q1.yaml", "2026-Q2.yaml", "--format", "markdown"),
    ]
    for output in outputs:
        page = visible_text(check_structure(output))
        assert shown(f"{HOSTILE} name") in page
    assert shown(f"{HOSTILE} note 2026-Q2") in visible_text(check_structure(outputs[0]))


@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_narrow_terminal_keeps_every_figure_and_name_whole(width: int) -> None:
    series = build_trend(_loaded("q1.yaml", "q2.yaml", "q3.yaml"))
    console = Console(file=StringIO(), width=width, color_system=None)
    console.print(table.trend(series))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    title = re.search(r"^Measures *$", text, re.MULTILINE)
    assert title is not None, text
    measures = text[title.start() :]
    assert "…" not in measures
    assert all(len(line) <= width for line in measures.splitlines())
    words = measures.split()
    for name in ("First-contact resolution", "Repeat-contact rate", "Net Promoter Score"):
        assert set(name.split()) <= set(words), name
    # "60 s" and "45 s" are never split from their unit.
    assert "60 s" in measures and "45 s" in measures and "82.5%" in measures
