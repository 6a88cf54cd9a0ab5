"""A plan's page (SPEC 8): golden pages, what it shows, text from files escaped, and the
page laid out and printed by a real browser.

The plans are built by hand (``plan_builders``). The golden pages are
``tests/golden/plan/*.html``, drawn by the compiled templates and by their sources
alike; regenerate them after an intended change with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_plan_html.py

and read the diff. The browser tests lay the page out in headless Chromium as
test_browser does (a laptop's and a phone's width, and printed to PDF on A4).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest

from plan_builders import (
    GOLDEN_PLANS,
    HOSTILE,
    assert_golden,
    cells_plan,
    no_work_plan,
    northwind_plan,
)
from plan_builders import hostile as every_hostile_text
from servicescore.planning import Plan
from servicescore.render import html, plan_renderer
from servicescore.render.html.environment import stylesheet
from test_browser import browser, measured, run_chromium
from test_render_html import (
    Page,
    assert_page_basics,
    assert_safe,
    compiled_templates,
    each_loader,
    hostile,
)

__all__ = ["browser", "compiled_templates", "each_loader"]  # fixtures used here


def planned(plan: Plan) -> list[str]:
    return [ident for phase in plan.phases for cell in phase.cells for ident in cell.required]


@pytest.mark.usefixtures("each_loader")
@pytest.mark.parametrize("name", list(GOLDEN_PLANS))
def test_golden(name: str) -> None:
    assert_golden(f"{name}.html", html.plan(GOLDEN_PLANS[name]()))


def test_html_renders_plans() -> None:
    assert plan_renderer("html").plan is html.plan


@pytest.mark.parametrize("plan", [northwind_plan, cells_plan, no_work_plan])
def test_pages_are_well_formed_and_self_contained(plan: Callable[[], Plan]) -> None:
    assert_page_basics(html.plan(plan()))


def test_phases_cells_and_items() -> None:
    plan = cells_plan()
    source = html.plan(plan)
    page = Page(source)
    text = " ".join(page.all_text.split())
    assert "<title>ORGANISATION · UNIT · PERIOD — service maturity plan</title>" in source
    # Provisional first, on the cover; then why the plan is unreachable; then targets.
    order = ["Provisional: 2 of 9", "Unreachable: not every", "Targets", "Phase 1", "Sign-off"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    headings = re.findall(r"<h2>([^<]*)", source)
    assert headings == [
        "Targets",
        "Phase 1: to stage 2, STAGE2 ",
        "Phase 2: to stage 3, STAGE3 ",
        "Phase 3: to stage 4, STAGE4 ",
        "Sign-off",
    ]
    assert re.findall(r'<span class="count">([^<]*)', source) == ["1 item", "2 items", "1 item"]
    assert re.findall(r'<span class="id">([^<]*)', source) == planned(plan)
    assert source.count("Already passes: nothing to do at this stage.") == 2
    assert source.count('<p class="callout bad">Blocked: no applicable practice') == 1
    # The unanswered items, and only they, are marked answer first.
    marked = re.findall(r'<span class="id">([^<]*)</span>.*answer first', source)
    assert marked == ["b3x", "a4"]
    assert 'COMPONENT-c</td><td data-label="Now">1 STAGE1</td>' in source


def test_every_item_has_an_owner_and_a_due_date_to_write_in() -> None:
    plan = northwind_plan()
    source = html.plan(plan)
    fields = '<div class="write-in"><p><span>Owner</span><span class="line"></span></p>'
    fields += '<p><span>Due</span><span class="line"></span></p></div>'
    assert source.count(fields) == plan.total_items == 6
    # Lines to write on, not form fields (which print empty, and a pen cannot fill).
    assert not re.search(r"<(input|form|textarea|select)\b", source)
    sign_off = source.split('<section class="sign-off">')[1].split("</section>")[0]
    for line in ("Name", "Date", "Signature"):
        assert sign_off.count(f'<p><span>{line}</span><span class="line"></span></p>') == 2


def test_a_plan_without_work() -> None:
    source = html.plan(no_work_plan())
    assert "No work: every component is already at or above its target." in source
    assert "Phase" not in source and "Unreachable" not in source
    assert '<td data-label="Target">no work</td>' in source


@pytest.mark.usefixtures("each_loader")
def test_hostile_text_is_escaped() -> None:
    source = html.plan(cells_plan(hostile))
    labels = ["ORGANISATION", "UNIT", "PERIOD", "ASSESSOR", "CHECKLIST", "CONTINUUM"]
    labels += ["COMPONENT-a", "COMPONENT-b", "COMPONENT-c", "STAGE2", "NOTE-b3"]
    labels += [
        f"{kind}-{ident}" for kind in ("STATEMENT", "ACTION") for ident in planned(cells_plan())
    ]
    labels += ["ADVANCE-c2", "ADVANCE-b3", "ADVANCE-a4", "ADVANCE-b4"]
    assert_safe(source, labels)


def test_bidi_and_control_characters_are_shown_escaped() -> None:
    source = html.plan(cells_plan(every_hostile_text))
    assert not any(char in source for char in "\u202e\u202c\x1b\x07")
    assert "\\u202eevil\\u202c \\x1b[31mred\\x1b[0m \\x07bell" in source
    assert "<script" not in source and "<b>" not in source
    assert escape(HOSTILE.split("\u202e")[0], quote=True) in source


# -- in a real browser ------------------------------------------------------------------


@pytest.fixture
def plan_page(tmp_path: Path) -> Path:
    """The page of the plan of every kind of cell, with long hostile texts."""
    target = tmp_path / "plan.html"
    target.write_text(html.plan(cells_plan(every_hostile_text)), encoding="utf-8")
    return target


@pytest.fixture
def northwind_page(tmp_path: Path) -> Path:
    target = tmp_path / "northwind-plan.html"
    target.write_text(html.plan(northwind_plan()), encoding="utf-8")
    return target


@pytest.fixture
def long_words_page(tmp_path: Path) -> Path:
    """Every text from a file a word of 150 letters: names in the targets' cells, the
    cover and the unreachable line, statements, actions and advice."""
    target = tmp_path / "long-words.html"
    target.write_text(html.plan(cells_plan(lambda label: f"{label} {'X' * 150}")), "utf-8")
    return target


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", ["plan_page", "northwind_page", "long_words_page"])
def test_the_page_fits_a_laptop_and_a_phone(
    browser: str, request: pytest.FixtureRequest, page: str, width: int
) -> None:
    data = measured(browser, request.getfixturevalue(page), width)
    assert data, "the measuring script did not run"
    assert data["scrollWidth"] <= data["viewport"], "the page scrolls sideways"
    assert data["right"] <= data["pageWidth"] + 0.5, "something runs past the page"
    assert "Sign-off" in data["body"] and "OWNER" in data["body"].upper()


def test_the_page_prints_on_a4(browser: str, northwind_page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    done = run_chromium(
        browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", northwind_page.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 is 595.3 × 841.9 points
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    assert len(boxes) < 10


def test_the_plans_styles_ride_on_its_page_only() -> None:
    plan_css = stylesheet("plan.css")
    assert ".write-in" in plan_css and "@media print" in plan_css
    page = html.plan(cells_plan())
    assert page.count("<style>") == 1 and stylesheet() + plan_css in page
    assert ".write-in" not in html.assessment(cells_plan().assessment)
