"""The plan's Markdown, CSV and HTML tell the same plan, whatever its shape (Hypothesis).

Plans of any shape are drawn by hand on the checklist of ``plan_builders`` (any stage
levels, any cells of any kind, any items in any order, any targets): each format must
list exactly the plan's items in the plan's order, each phase's count and the total,
and say the plan is unreachable exactly when a cell is blocked. The planning engine
is not involved: these are the renderers' invariants.
"""

from __future__ import annotations

import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from plan_builders import cells_assessment, plan_cell
from servicescore.planning import Phase, Plan, PlanCell
from servicescore.render import csv as plan_csv
from servicescore.render import html, markdown
from test_render_markdown import check_structure

COMPONENTS = ("a", "b", "c")
_ASSESSMENT = cells_assessment()
_ITEMS = [item.id for item in _ASSESSMENT.checklist.items]


@st.composite
def any_cell(draw: st.DrawFn, component: str, stage: int) -> PlanCell:
    kind = draw(st.sampled_from(["items", "passing", "blocked"]))
    required: tuple[str, ...] = ()
    if kind == "items":
        required = tuple(
            draw(st.lists(st.sampled_from(_ITEMS), min_size=1, max_size=4, unique=True))
        )
    return plan_cell(
        _ASSESSMENT,
        component,
        stage,
        required,
        passing=kind == "passing",
        blocked=kind == "blocked",
    )


@st.composite
def any_plan(draw: st.DrawFn) -> Plan:
    stages = sorted(draw(st.sets(st.integers(2, 4), max_size=3)))
    phases = []
    for stage in stages:
        chosen = draw(st.lists(st.sampled_from(COMPONENTS), min_size=1, unique=True))
        ordered = [component for component in COMPONENTS if component in chosen]
        phases.append(Phase(stage, tuple(draw(any_cell(c, stage)) for c in ordered)))
    targets = {component: draw(st.integers(1, 4)) for component in COMPONENTS}
    return Plan(_ASSESSMENT, targets, tuple(phases))


def planned(plan: Plan) -> list[tuple[int, str]]:
    """Every planned item with its phase's stage, in the plan's order."""
    return [
        (phase.stage, ident)
        for phase in plan.phases
        for cell in phase.cells
        for ident in cell.required
    ]


def totals(plan: Plan) -> str:
    if not plan.phases:
        return "No work"
    count = plan.total_items
    phases = len(plan.phases)
    return f"{count} item{'' if count == 1 else 's'} in {phases} phase{'' if phases == 1 else 's'}."


@settings(max_examples=80, deadline=None)
@given(any_plan())
def test_every_format_tells_the_same_plan(plan: Plan) -> None:
    items = planned(plan)
    blocked = sum(cell.blocked for phase in plan.phases for cell in phase.cells)
    passing = sum(cell.passing for phase in plan.phases for cell in phase.cells)
    counts = [phase.total_items for phase in plan.phases]

    text = markdown.plan(plan)
    check_structure(text)
    assert re.findall(r"^- \[ \] \*\*([^*]+)\*\*", text, re.M) == [ident for _, ident in items]
    assert [
        int(n) for n in re.findall(r"^### Phase \d+: .* \((\d+) items?\)$", text, re.M)
    ] == counts
    assert text.count("**Blocked:**") == blocked and text.count("Already passes") == passing
    assert ("**Unreachable:" in text) is (not plan.reachable)
    assert totals(plan) in text

    rows = list(csv.reader(io.StringIO(plan_csv.plan(plan), newline="")))
    assert [(int(row[0]), row[2]) for row in rows[1:]] == items

    page = html.plan(plan)
    assert re.findall(r'<span class="id">([^<]*)', page) == [ident for _, ident in items]
    shown = re.findall(r'<span class="count">(\d+) items?<', page)
    assert [int(n) for n in shown] == counts
    assert page.count('<p class="callout bad">Blocked:') == blocked
    assert page.count("Already passes") == passing
    assert ("Unreachable:" in page) is (not plan.reachable)
    assert totals(plan) in page
    planned_by_component = re.findall(r'data-label="Planned">(\d+) items?<', page)
    assert sum(int(n) for n in planned_by_component) == plan.total_items
