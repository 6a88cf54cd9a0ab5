"""The HTML ladder chart of an assessment: a blocked cell (SPEC 3.4) is not a next stage."""

from __future__ import annotations

import re

from builders import YES, checklist, continuum, item, run
from servicescore.render import html
from test_render_html import Page, assert_page_basics, rows

CAPTION = "Stage and score by component"


def blocked_report() -> str:
    # b has no item at stage 3: its next cell is blocked. a's stage-3 item is open.
    check = checklist(
        item("a2", "a", 2), item("a3", "a", 3), item("b2", "b", 2), cont=continuum(stages=3)
    )
    assessment = run(check, {"a2": YES, "b2": YES})
    assert [(s.component, s.blocked) for s in assessment.next_steps] == [
        ("a", False),
        ("b", True),
    ]
    return html.assessment(assessment)


def segment_classes(source: str) -> list[list[str]]:
    """Per chart row, each segment's state (the class after ``seg``)."""
    chart = source.split('<svg class="chart ladder-chart"', 1)[1].split("</figure>", 1)[0]
    states = re.findall(r'<rect [^>]*class="seg ([\w-]+)"', chart)
    return [states[i : i + 3] for i in range(0, len(states), 3)]


def test_a_blocked_cell_is_drawn_apart_from_a_next_stage() -> None:
    source = blocked_report()
    assert_page_basics(source)
    overall, a, b = segment_classes(source)
    # b limits the overall stage, and it cannot pass stage 3: neither can the organisation.
    assert overall == ["reached-overall", "reached-overall", "blocked"]
    assert a == ["reached", "reached", "next"]
    assert b == ["reached", "reached", "blocked"]
    assert "svg.chart .blocked" in source  # greyed in the style sheet


def test_a_blocked_cell_says_so_in_the_chart_and_its_description() -> None:
    source = blocked_report()
    chart = source.split('<svg class="chart ladder-chart"', 1)[1].split('<ul class="legend"')[0]
    drawn = Page("<svg" + chart).all_text.split("\n", 2)[2]  # after the chart's title
    assert "blocked" in drawn
    label = Page(source).find("svg", class_="chart ladder-chart")[0]["aria-label"] or ""
    assert "Component b: stage 2 of 3, Stage 2, blocked at stage 3: no applicable practice" in (
        label
    )
    assert "Component a: stage 2 of 3, Stage 2;" in label
    legend = source.split('<ul class="legend"', 1)[1].split("</ul>", 1)[0]
    assert "Blocked: no applicable practice" in legend


def test_a_blocked_cell_says_so_in_the_table() -> None:
    table = rows(blocked_report(), CAPTION)
    by_name = {row[0].removesuffix(" limiting"): row for row in table}
    assert "blocked: no applicable practice at stage 3" in by_name["Component b"][1].lower()
    assert "blocked" not in by_name["Component a"][1].lower()


def test_no_blocked_key_without_a_blocked_cell() -> None:
    check = checklist(item("a2", "a", 2), item("b2", "b", 2), cont=continuum(stages=2))
    source = html.assessment(run(check, {"a2": YES}))
    assert "Blocked" not in source.split('<ul class="legend"', 1)[1].split("</ul>", 1)[0]


def test_the_overall_next_stage_is_blocked_only_by_a_limiting_component() -> None:
    # b is blocked at stage 3 but a, at stage 1, limits: the organisation's next stage is 2.
    check = checklist(
        item("a2", "a", 2), item("a3", "a", 3), item("b2", "b", 2), cont=continuum(stages=3)
    )
    overall, a, b = segment_classes(html.assessment(run(check, {"b2": YES})))
    assert overall == ["reached-overall", "next", "open"]
    assert a == ["reached", "next", "open"]
    assert b == ["reached", "reached", "blocked"]
