"""The HTML trend charts: their geometry (``charts.stage_trend_chart``,
``charts.score_trend_chart``) and how ``templates/trend/chart-macros.html`` draws it."""

from __future__ import annotations

import re
from fractions import Fraction

from servicescore.render.html import charts
from servicescore.render.html.environment import macro
from test_render_html import parsed

# Three stages of 46 px, the top one first; three series over two periods, one of
# them without a value in the second period.
NAMES = ("One", "Two", "Three")
PERIODS = ("2025", "2026")
SERIES = (
    charts.Line("Overall", (1, 2)),
    charts.Line("A", (1, None)),
    charts.Line("B", (2, 2)),
)


def drawn(name: str, chart: object) -> str:
    """The macro ``name`` of ``templates/trend/chart-macros.html`` called on ``chart``."""
    return str(macro("trend/chart-macros.html", name)(chart))


def test_stage_bands_run_from_the_top_stage_down_every_other_one_shaded() -> None:
    chart = charts.stage_trend_chart(SERIES, PERIODS, NAMES, "label")
    assert [band.number for band in chart.bands] == [3, 2, 1]
    assert [band.y for band in chart.bands] == ["0", "46", "92"]
    assert [band.shaded for band in chart.bands] == [True, False, True]
    assert [band.name for band in chart.bands] == ["Three", "Two", "One"]
    # The axis under the lowest band, the period labels under the axis.
    assert chart.bottom == "138" and chart.height == "170"
    assert [(label.x, label.text) for label in chart.periods] == [("20%", "2025"), ("90%", "2026")]


def test_series_share_a_stage_side_by_side_and_the_overall_line_is_drawn_last() -> None:
    chart = charts.stage_trend_chart(SERIES, PERIODS, NAMES, "label")
    b, a, overall = chart.series  # drawn in this order: the overall line on top
    assert overall.style == "s0 overall" and overall.radius == "5.5"
    assert (a.style, b.style) == ("s1 d1", "s2 d2") and a.radius == b.radius == "4.5"
    # At stage 1 the overall line sits 7 px above A's, in the band of stage 1 (92 to 138).
    assert [dot.y for dot in overall.dots] == ["108", "62"]
    assert [dot.y for dot in a.dots] == ["115"]
    assert overall.strokes == (charts.Stroke("20%", "108", "90%", "62"),)
    # A has no value in 2026: no line leads to it and no dot stands there.
    assert a.strokes == () and [dot.x for dot in a.dots] == ["20%"]
    assert [dot.title for dot in b.dots] == ["B, 2025: stage 2", "B, 2026: stage 2"]


def test_the_first_seven_series_are_told_apart() -> None:
    styles = [charts.line_style(index) for index in range(7)]
    assert len(set(styles)) == 7
    assert [style.split()[0] for style in styles] == [f"s{index}" for index in range(7)]


def test_one_period_stands_in_the_middle() -> None:
    chart = charts.stage_trend_chart([charts.Line("Overall", (2,))], ["2026"], NAMES, "label")
    (overall,) = chart.series
    assert overall.strokes == ()
    assert [dot.x for dot in overall.dots] == [chart.periods[0].x] == ["55%"]


def test_score_chart_places_each_score_and_its_label_above_it() -> None:
    scores = (Fraction(85, 2), None, Fraction(100))
    chart = charts.score_trend_chart(scores, ("Q1", "Q2", "Q3"), "label")
    assert [(mark.text, mark.y, mark.text_y) for mark in chart.marks] == [
        ("0", "136", "131"),
        ("50", "81", "76"),
        ("100", "26", "21"),
    ]
    (line,) = chart.series
    # 42.5 lies 42.5% of the way from 136 (0) up to 26 (100): 136 - 46.75.
    assert [(dot.x, dot.y) for dot in line.dots] == [("20%", "89.25"), ("90%", "26")]
    assert line.strokes == ()  # Q2 has no score: nothing joins Q1 to Q3
    assert [(value.x, value.y, value.text) for value in chart.values] == [
        ("20%", "78.25", "42.5"),
        ("90%", "15", "100.0"),
    ]
    assert [dot.title for dot in line.dots] == [
        "Overall score, Q1: 42.5",
        "Overall score, Q3: 100.0",
    ]


def test_the_stage_chart_is_drawn_as_its_geometry_says() -> None:
    chart = charts.stage_trend_chart(SERIES, PERIODS, NAMES, "Stage by period.")
    source = drawn("stage_trend", chart)
    page = parsed(source)
    (svg,) = page.find("svg", class_="chart trend-chart")
    assert svg["height"] == chart.height and svg["aria-label"] == "Stage by period."
    assert len(page.find("rect", class_="band")) == 2
    assert len(page.find("circle")) == sum(len(one.dots) for one in chart.series)
    assert page.find("line", class_="series s0 overall") == [
        {"x1": "20%", "y1": "108", "x2": "90%", "y2": "62", "class": "series s0 overall"}
    ]
    # No white space after the chart: it is followed by its legend on the same line.
    assert source.endswith("</svg>")


def test_the_score_chart_is_drawn_as_its_geometry_says() -> None:
    chart = charts.score_trend_chart((Fraction(40), Fraction(60)), ("Q1", "Q2"), "Scores.")
    page = parsed(drawn("score_trend", chart))
    labels = [tag["y"] for tag in page.find("text", class_="value-label")]
    assert labels == [value.y for value in chart.values]
    assert len(page.find("line", class_="grid")) == 3
    assert len(page.find("circle", class_="dot s0")) == 2


def test_names_reach_the_charts_escaped() -> None:
    hostile = "<b>x</b> & 'y'\u202e"
    chart = charts.stage_trend_chart(
        [charts.Line(hostile, (1,))], ["<i>2026</i>"], [hostile], hostile
    )
    source = drawn("stage_trend", chart)
    legend = drawn("line_legend", ((charts.line_style(0), hostile),))
    for markup in (source, legend):
        assert not re.search(r"<[bi]>", markup) and "\u202e" not in markup
        assert "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27;\\u202e" in markup
    assert "&lt;i&gt;2026&lt;/i&gt;" in source
    assert parsed(legend).find("line", class_="series s0 overall")
