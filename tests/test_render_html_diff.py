"""The HTML diff: what a reviewer sees first, and a drop that cannot pass for a rise."""

from __future__ import annotations

import re

from builders import YES, checklist, continuum, item, northwind_diff, run
from servicescore.diff import compare
from servicescore.render import html
from test_render_html import Page, assert_page_basics, rows


def verdict(source: str) -> tuple[str, str]:
    """The hero's class and its text, squeezed."""
    match = re.search(r'<section class="(verdict[^"]*)"[^>]*>(.*?)</section>', source, re.S)
    assert match, source
    return match[1], " ".join(Page(match[2]).all_text.split())


def headings(source: str) -> list[str]:
    return [" ".join(Page(h).all_text.split()) for h in re.findall(r"<h2>(.*?)</h2>", source)]


def test_a_drop_has_its_own_hero() -> None:
    source = html.diff(northwind_diff("q3", "q2"))
    assert_page_basics(source)
    classes, text = verdict(source)
    assert classes.split() == ["verdict", "down"]
    assert "Dropped 1 stage" in text
    assert "↓" in text
    assert "Up" not in text
    assert ".verdict.down .verdict-stage" in source  # coloured apart in the style sheet


def test_a_rise_and_no_change_have_heroes_of_their_own() -> None:
    rise_classes, rise = verdict(html.diff(northwind_diff("q1", "q2")))
    assert rise_classes.split() == ["verdict", "up"]
    assert "Up 1 stage" in rise and "↑" in rise
    cont = continuum(stages=3)
    check = checklist(item("a2"), item("b2", "b"), cont=cont)
    same = compare(run(check, {"a2": YES}), run(check, {"a2": YES, "b2": "partly"}))
    same_classes, text = verdict(html.diff(same))
    assert same_classes.split() == ["verdict", "same"]
    assert "Stage unchanged" in text and "→" in text
    assert "↑" not in text and "↓" not in text


def test_stage_drops_and_regressions_come_before_the_scores() -> None:
    change = northwind_diff("q3", "q2")
    source = html.diff(change)
    regressed = [i for i in change.items if i.change == "regressed"]
    others = len(change.items) - len(regressed)
    assert headings(source) == [
        f"Regressions ({len(regressed)})",
        "Stage by component",
        "Scores by element",
        "Service measures",  # the examples report the shipped measures
        f"Other changed items ({others})",
    ]
    text = " ".join(Page(source).all_text.split())
    dropped = [c for c in change.components if c.dropped]
    assert dropped
    drops = text.index("Stage dropped:")
    assert drops < text.index("Regressions (")
    line = text[drops : text.index("Regressions (")]
    assert "overall 3 → 2" in line
    for component in dropped:
        assert f"{component.name} {component.old_stage} → {component.new_stage}" in line


def test_without_regressions_the_changed_items_keep_their_heading() -> None:
    change = northwind_diff("q1", "q3")
    source = html.diff(change)
    assert headings(source)[-1] == f"Changed items ({len(change.items)})"
    assert "Stage dropped" not in source


def test_unchanged_rows_come_after_the_rows_that_moved() -> None:
    source = html.diff(northwind_diff("q1", "q2"))
    elements = rows(source, "Score by element, before and after")
    steady = [row[3] in ("±0.0", "") for row in elements]
    assert any(steady)
    assert steady == sorted(steady), elements
    components = rows(source, "Stage and score by component, before and after")
    steady = [row[3] in ("±0.0", "") and row[1].endswith("same") for row in components]
    assert any(steady)
    assert steady == sorted(steady), components
