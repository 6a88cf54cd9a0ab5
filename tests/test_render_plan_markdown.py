"""A plan's Markdown (SPEC 8): golden files, task lines, and text from files that must
never become markup, a link, HTML or a task box.

The plans are built by hand (``plan_builders``), so that the format is tested apart
from the planning engine. The golden files are ``tests/golden/plan/*.md``; after an
intended change, regenerate them with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_plan_markdown.py

and read the diff before committing it. GitHub renders Markdown with cmark-gfm, whose
tasklist extension turns ``- [ ]`` into a checkbox: every planned item must become one
(cmark-gfm is installed by .ci/run, as for test_markdown_links).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from hypothesis import given, settings

from plan_builders import (
    GOLDEN_PLANS,
    HOSTILE,
    assert_golden,
    cells_plan,
    hostile,
    no_work_plan,
    northwind_plan,
)
from servicescore.planning import Plan
from servicescore.render import markdown, plan_renderer
from test_markdown_links import LINKY, page_text
from test_render_markdown import GFM_LIKE, MARKDOWN_HEAVY, check_structure, shown, visible_text

TASK = re.compile(r"^- \[ \] \*\*(?P<id>[^*]+)\*\*", re.M)
# What cmark-gfm may write for a plan: anything else came from a file.
TAGS = {"h2", "h3", "h4", "p", "ul", "li", "strong", "em", "code", "input"}
TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
TAG = re.compile(r"</?([a-z0-9]+)")
# A task line as cmark-gfm renders it: an unticked, disabled checkbox, then the item's id.
BOX = re.compile(r'<li><input type="checkbox" disabled="" /> <strong>([^<]+)</strong>')


def cmark_gfm(text: str) -> str:
    """GitHub's renderer with its tasklist, autolink and table extensions."""
    binary = shutil.which("cmark-gfm")
    if binary is None:
        pytest.skip("cmark-gfm is not installed (.ci/run installs it)")
    command = [binary, "-e", "tasklist", "-e", "autolink", "-e", "table", "-e", "strikethrough"]
    result = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
    return result.stdout


def planned(plan: Plan) -> list[str]:
    """Every planned item's id, in the plan's order."""
    return [ident for phase in plan.phases for cell in phase.cells for ident in cell.required]


@pytest.mark.parametrize("name", list(GOLDEN_PLANS))
def test_golden(name: str) -> None:
    assert_golden(f"{name}.md", markdown.plan(GOLDEN_PLANS[name]()))


def test_markdown_renders_plans() -> None:
    assert plan_renderer("markdown").plan is markdown.plan


def test_header_then_a_heading_per_phase_and_per_cell() -> None:
    output = markdown.plan(cells_plan())
    check_structure(output)
    blocks = output.split("\n\n")
    assert blocks[0] == "## Plan: ORGANISATION · UNIT · PERIOD"
    # Provisional first (SPEC 3.5), then why the plan is unreachable, plainly.
    assert blocks[1].startswith("**Provisional: 2 of 9 items unanswered;")
    assert blocks[2].startswith("**Unreachable: not every target can be reached. Blocked: ")
    assert "COMPONENT-b at stage 4" in blocks[2]
    assert "| COMPONENT-a | 3 STAGE3 | 4 STAGE4 |" in output
    assert "**4 items in 3 phases.**" in blocks
    titles = re.findall(r"^#{3,4} .*$", output, re.M)
    assert titles == [
        "### Phase 1: to stage 2, STAGE2 (1 item)",
        "#### COMPONENT-c → stage 2: STAGE2",
        "### Phase 2: to stage 3, STAGE3 (2 items)",
        "#### COMPONENT-b → stage 3: STAGE3",
        "#### COMPONENT-c → stage 3: STAGE3",
        "### Phase 3: to stage 4, STAGE4 (1 item)",
        "#### COMPONENT-a → stage 4: STAGE4",
        "#### COMPONENT-b → stage 4: STAGE4",
        "#### COMPONENT-c → stage 4: STAGE4",
    ]


def test_cells_items_passing_blocked_and_answer_first() -> None:
    output = markdown.plan(cells_plan())
    phase_2 = output.split("### Phase 2")[1].split("### Phase 3")[0]
    assert "**How to advance:** ADVANCE-b3\n\n- [ ] **b3**: STATEMENT-b3 — ACTION-b3\n" in phase_2
    assert "- [ ] **b3x** · **answer first**: STATEMENT-b3x — ACTION-b3x\n" in phase_2
    # A passing cell has the continuum's advice too, as in every format.
    assert (
        "#### COMPONENT-c → stage 3: STAGE3\n\n**How to advance:** ADVANCE-c3\n\n"
        "Already passes: nothing to do"
    ) in phase_2
    phase_3 = output.split("### Phase 3")[1]
    assert "ADVANCE-b4\n\n**Blocked:** no applicable practice of this component" in phase_3
    assert [match["id"] for match in TASK.finditer(output)] == ["c2", "b3", "b3x", "a4"]


def test_a_plan_without_work() -> None:
    output = markdown.plan(no_work_plan())
    check_structure(output)
    assert "**No work: every component is already at or above its target.**" in output
    assert "| COMPONENT-a | 3 STAGE3 | no work |" in output
    assert "Phase" not in output and "Unreachable" not in output


@pytest.mark.parametrize("plan", [northwind_plan, cells_plan], ids=["northwind", "cells"])
def test_every_item_is_a_task_box_in_github(plan: Callable[[], Plan]) -> None:
    made = plan()
    rendered = cmark_gfm(markdown.plan(made))
    boxes = re.findall(
        r'<li><input type="checkbox" disabled="" /> <strong>([^<]+)</strong>', rendered
    )
    assert boxes == planned(made)
    assert rendered.count("<input") == made.total_items and "checked" not in rendered


def test_hostile_text_is_plain_text_in_github() -> None:
    plan = cells_plan(hostile)
    output = markdown.plan(plan)
    tokens = check_structure(output)
    text = visible_text(tokens)
    rendered = cmark_gfm(output)
    # Only the plan's own markup: no link, no HTML, no image, no extra task box.
    assert set(TAG.findall(rendered)) <= TAGS, set(TAG.findall(rendered)) - TAGS
    assert "raw HTML" not in rendered and rendered.count("<input") == plan.total_items
    assert "<a " not in GFM_LIKE.render(output)
    shown_hostile = shown(HOSTILE)
    for label in ("ORGANISATION", "STATEMENT-b3", "ACTION-a4", "ADVANCE-b4", "COMPONENT-c"):
        assert f"{label} {shown_hostile} {label}" in text, label
        assert f"{label} {shown_hostile} {label}" in page_text(rendered), label
    # The blocked component, named in the line that says the plan is unreachable.
    unreachable = next(line for line in text.split("\n") if line.startswith("Unreachable"))
    assert f"Blocked: COMPONENT-b {shown_hostile} COMPONENT-b at stage 4," in unreachable


@pytest.mark.parametrize("text", LINKY)
def test_no_link_from_a_file(text: str) -> None:
    output = markdown.plan(cells_plan(lambda label: f"{label} {text}"))
    check_structure(output)
    rendered = cmark_gfm(output)
    assert "<a " not in rendered and "<a " not in GFM_LIKE.render(output)
    assert f"STATEMENT-c2 {text}" in page_text(rendered)


@settings(max_examples=40, deadline=None)
@given(MARKDOWN_HEAVY.filter(lambda text: shown(text) != ""))
def test_any_text_leaves_the_plan_intact(text: str) -> None:
    plan = cells_plan(lambda label: text)
    output = markdown.plan(plan)
    tokens = check_structure(output)
    assert shown(text) in visible_text(tokens)
    # One list item per planned item, each a task line, whatever the text.
    items = [token for token in tokens if token.type == "list_item_open"]
    assert len(items) == plan.total_items == len(TASK.findall(output))
    assert output.count("\n- ") == plan.total_items
