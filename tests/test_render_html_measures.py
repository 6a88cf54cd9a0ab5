"""Service measures on the HTML pages (SPEC 9): the report's table, the diff's table and
the trend's chart per measure, from ``tests/measure_pages/`` (see
test_render_json_measures). Golden pages live in ``tests/golden/html/measures-*.html``
(regenerate with ``SERVICESCORE_UPDATE_GOLDEN=1``, as test_render_html's); the
charts' geometry is tested on :mod:`servicescore.render.html.charts_measures` itself.
Escaping of hostile names, descriptions and notes is test_render_html's, with every
other text from a file."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from servicescore.model import Measure, Number
from servicescore.render.html.charts_measures import measure_trend_chart, scale
from servicescore.render.html.environment import stylesheet
from test_render_html import (  # noqa: F401 (the fixtures run each page with both loaders)
    GOLDEN,
    UPDATE,
    assert_page_basics,
    compiled_templates,
    each_loader,
    parsed,
    render,
    rows,
)

DATA = Path(__file__).resolve().parent / "measure_pages"

GOLDEN_CASES = {
    "measures-assess-q3.html": ["assess", "q3.yaml"],
    "measures-diff-q1-q2.html": ["diff", "q1.yaml", "q2.yaml"],
    "measures-trend.html": ["trend", "q1.yaml", "q2.yaml", "q3.yaml"],
}


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)


def page(*args: str) -> str:
    return render(*args, "--format", "html")


@pytest.mark.usefixtures("in_data", "each_loader")
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_page(name: str) -> None:
    output = page(*GOLDEN_CASES[name])
    assert_page_basics(output)
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(output, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no {golden}: run with SERVICESCORE_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file: if the change is intended, rerun with "
        "SERVICESCORE_UPDATE_GOLDEN=1 and review the diff"
    )


def test_no_stale_golden_pages() -> None:
    assert sorted(path.name for path in GOLDEN.glob("measures-*")) == sorted(GOLDEN_CASES)


@pytest.mark.usefixtures("in_data")
def test_the_report_shows_each_measure_against_its_target() -> None:
    source = page("assess", "q2.yaml")
    assert rows(source, "Service measures against target") == [
        [
            "First-contact resolution Contacts resolved in the first contact, out of all contacts.",
            "80%",
            "≥ 80%",
            "met",  # exactly at the target, higher better
        ],
        ["Repeat-contact rate", "10%", "≤ 10%", "met"],  # exactly at it, lower better
        ["Net Promoter Score Surveyed by text message from this quarter", "12", "—", "—"],
        ["Average time to answer", "35 s", "≤ 20.5 s", "not met"],
        ["Complaints", "4", "—", "—"],
    ]
    # Met in green, not met in red, as the answers' pills.
    assert '<span class="pill full">met</span>' in source
    assert '<span class="pill none">not met</span>' in source


@pytest.mark.usefixtures("in_data")
def test_the_report_agrees_with_the_json_report() -> None:
    source = page("assess", "q3.yaml")
    report = json.loads(render("assess", "q3.yaml", "--format", "json"))
    shown = rows(source, "Service measures against target")
    assert [row[1] == "—" for row in shown] == [one["value"] is None for one in report["measures"]]
    met = {True: "met", False: "not met", None: "—"}
    assert [row[3] for row in shown] == [met[one["met"]] for one in report["measures"]]


@pytest.mark.usefixtures("in_data")
def test_the_diff_shows_each_measure_before_and_after() -> None:
    source = page("diff", "q1.yaml", "q2.yaml")
    assert rows(source, "Service measures, before and after") == [
        ["First-contact resolution", "72%", "80%", "improved"],
        ["Repeat-contact rate", "12.5%", "10%", "improved"],
        ["Net Promoter Score", "-5", "12", "improved"],
        ["Average time to answer", "30 s", "35 s", "worsened"],
        ["Complaints", "—", "4", "added"],
    ]
    later = page("diff", "q2.yaml", "q3.yaml")
    changes = [row[3] for row in rows(later, "Service measures, before and after")]
    assert changes == ["improved", "improved", "removed", "unchanged", "improved"]
    assert '<span class="pill up">improved</span>' in source
    assert '<span class="pill down">worsened</span>' in source


@pytest.mark.usefixtures("in_data")
def test_the_trend_draws_a_chart_per_measure_with_its_gaps_and_target() -> None:
    source = page("trend", "q1.yaml", "q2.yaml", "q3.yaml")
    assert stylesheet("measures.css") in source
    html = parsed(source)
    charts = html.find("svg", class_="chart measure-chart")
    assert [svg["aria-label"] for svg in charts] == [
        "First-contact resolution by period: 2026-Q1 72%, 2026-Q2 80%, 2026-Q3 83.5%; "
        "target ≥ 80%.",
        "Repeat-contact rate by period: 2026-Q1 12.5%, 2026-Q2 10%, 2026-Q3 9%; target ≤ 10%.",
        "Net Promoter Score by period: 2026-Q1 -5, 2026-Q2 12, 2026-Q3 no figure.",
        "Average time to answer by period: 2026-Q1 30 s, 2026-Q2 35 s, 2026-Q3 35 s; "
        "target ≤ 20.5 s.",
        "Complaints by period: 2026-Q1 no figure, 2026-Q2 4, 2026-Q3 3.",
    ]
    # Three measures have a target, each drawn as one dashed line.
    assert len(html.find("line", class_="target-line")) == 3
    # 5 measures × 3 periods, less the two gaps: 13 dots; 5 × 2 lines, less two.
    drawn = source.split("Service measures by period", 1)[1]
    assert drawn.count('class="dot s1"') == 13
    assert drawn.count('class="series s1"') == 8


@pytest.mark.usefixtures("in_data")
def test_pages_without_measures_leave_the_sections_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA.parent / "data" / "answers" / "good")
    for args in (
        ["assess", "small-full.yaml"],
        ["diff", "small-full.yaml", "small-unanswered.yaml"],
        ["trend", "small-full.yaml"],
    ):
        source = page(*args)
        assert "Service measures" not in source and "measure-chart" not in source
        assert stylesheet("measures.css") not in source


# -- the chart's geometry -----------------------------------------------------------------

PERCENT = Measure("fcr", "FCR", "percent", "higher", target=Number.of("80"))


def numbers(*texts: str | None) -> list[Number | None]:
    return [None if text is None else Number.of(text) for text in texts]


def test_the_scale_runs_over_the_figures_and_the_target() -> None:
    assert scale(PERCENT, numbers("72", None, "83.5")) == (Fraction(72), Fraction(167, 2))
    assert scale(PERCENT, numbers("90", "95")) == (Fraction(80), Fraction(95))
    # One value alone lies midway; nothing at all still has a scale.
    assert scale(PERCENT._replace(target=None), numbers("50")) == (49, 51)
    assert scale(PERCENT._replace(target=None), numbers(None)) == (0, 1)


def test_a_period_without_a_figure_breaks_the_line() -> None:
    values = numbers("70", None, "90", "80")
    shown = [f"{value.text}%" if value else "—" for value in values]
    chart = measure_trend_chart(PERCENT, values, ["Q1", "Q2", "Q3", "Q4"], shown, "≥ 80%")
    (line,) = chart.series
    # From 70 (110 px, the bottom of the plot) to 90 (30 px, its top): 80 lies midway.
    assert [(dot.x, dot.y) for dot in line.dots] == [
        ("20%", "110"),
        ("66.67%", "30"),
        ("90%", "70"),
    ]
    assert [(stroke.x1, stroke.x2) for stroke in line.strokes] == [("66.67%", "90%")]
    assert chart.target is not None
    assert (chart.target.y, chart.target.text) == ("70", "target ≥ 80%")
    assert [label.text for label in chart.values] == ["70%", "90%", "80%"]
    assert line.dots[0].title == "FCR, Q1: 70%"
    assert chart.label == "FCR by period: Q1 70%, Q2 no figure, Q3 90%, Q4 80%; target ≥ 80%."


def test_a_measure_without_a_target_has_no_target_line() -> None:
    measure = PERCENT._replace(target=None, better="lower")
    chart = measure_trend_chart(measure, numbers("3", "4"), ["Q1", "Q2"], ["3%", "4%"], "—")
    assert chart.target is None and "target" not in chart.label
    assert [stroke.y1 for stroke in chart.series[0].strokes] == ["110"]


def test_control_characters_in_measure_texts_are_shown_as_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bidi override in a name, a description or a note would reorder what follows it
    on the page: every one is written as its escape, in text and in attributes."""
    continuum = (DATA.parent / "data" / "continuum" / "good" / "small.yaml").as_posix()
    check = (DATA / "checklist.yaml").read_text(encoding="utf-8")
    check = check.replace("../data/continuum/good/small.yaml", continuum)
    check = check.replace("name: Complaints", 'name: "Compl\\u202eaints"')
    check = check.replace("out of all contacts.", 'out of all \\u202econtacts."')
    check = check.replace("description: Contacts", 'description: "Contacts')
    (tmp_path / "checklist.yaml").write_text(check, encoding="utf-8")
    for name in ("q2.yaml", "q3.yaml"):
        text = (DATA / name).read_text(encoding="utf-8")
        text = text.replace("complaints: 4", 'complaints: {value: 4, note: "by \\u202ephone"}')
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["assess", "q2.yaml"], ["diff", "q2.yaml", "q3.yaml"], ["trend", "q2.yaml"]):
        source = page(*args)
        assert "\u202e" not in source
        assert "Compl\\u202eaints" in source
    assert "by \\u202ephone" in page("assess", "q2.yaml")
    assert "all \\u202econtacts." in page("trend", "q2.yaml", "q3.yaml")
