"""A plan's Markdown (``servicescore plan --format markdown``, SPEC 8).

Made to be pasted into an issue tracker: under the plan's heading, the subject, the
provisional line first when there is one (SPEC 3.5, as the report leads with it), the
plain "Unreachable:" line when a cell is blocked, the targets and the counts; then a
heading per phase and, per component of it, a heading with its cell: the advance text
and every planned item as a GFM task line, ``- [ ] **id**: statement — action``,
marked *answer first* where it is unanswered; or that the cell already passes, or that
it is blocked. A part of :mod:`servicescore.render.markdown` kept apart for size and
reached through its ``plan``: every string from a file goes through its
:func:`~servicescore.render.markdown.escape`, so that none becomes markup, a link, HTML
or a task box of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from servicescore.planning import Phase, Plan, PlanCell
from servicescore.render import figures, figures_plan
from servicescore.render.figures_plan import Target
from servicescore.render.markdown import (
    document,
    escape,
    heading,
    provisional_block,
    strong,
    subject_text,
    table,
)


def _about(plan: Plan) -> str:
    """The checklist, the continuum and the answers file the plan is made from."""
    assessment = plan.assessment
    checklist = assessment.checklist
    about = [f"{escape(checklist.title)} v{escape(checklist.version)}"]
    about.append(escape(checklist.continuum.title))
    if assessment.answers.path:
        about.append(escape(assessment.answers.path))
    return " · ".join(about)


def _target_row(target: Target, plan: Plan) -> list[str]:
    continuum = plan.assessment.checklist.continuum
    now = figures_plan.stage_label(continuum, target.now, escape)
    wanted = figures_plan.stage_label(continuum, target.target, escape)
    return [escape(target.name), now, wanted if target.work else figures_plan.NO_TARGET]


def _header(plan: Plan) -> list[str]:
    rows = [_target_row(target, plan) for target in figures_plan.targets(plan)]
    return [
        heading(2, f"Plan: {subject_text(plan.assessment.answers.subject)}"),
        # SPEC 3.5: a provisional result says so before anything else, under its title.
        provisional_block(figures.provisional(plan.assessment)),
        provisional_block(figures_plan.unreachable(plan)),
        _about(plan),
        table(["Component", "Now", "Target"], "lll", rows),
        strong(figures_plan.totals(plan)),
    ]


def _task(plan: Plan, ident: str) -> str:
    """``- [ ] **id**: statement — action``, *answer first* after the id when unanswered."""
    result = plan.assessment.by_item[ident]
    mark = f" · {strong(figures_plan.ANSWER_FIRST)}" if result.answer.value is None else ""
    statement = escape(result.item.text)
    action = escape(result.item.action)
    line = f"- [ ] {strong(escape(ident))}{mark}: {statement}"
    return f"{line} — {action}" if action else line


def _cell(plan: Plan, names: Mapping[str, str], cell: PlanCell) -> list[str]:
    continuum = plan.assessment.checklist.continuum
    name = escape(names[cell.component])
    stage = escape(continuum.stage(cell.stage).name)
    blocks = [heading(4, f"{name} → stage {cell.stage}: {stage}")]
    # The continuum's advice for the move, whatever the cell's state, as every format
    # gives it: a passing cell's reader learns what the stage asks of it.
    advance = escape(cell.advance)
    if advance:
        blocks.append(f"{strong('How to advance:')} {advance}")
    if cell.passing:
        return [*blocks, figures_plan.PASSING]
    if cell.blocked:
        return [*blocks, f"{strong('Blocked:')} {figures_plan.BLOCKED}"]
    return [*blocks, "\n".join(_task(plan, ident) for ident in cell.required)]


def _phase(plan: Plan, names: Mapping[str, str], number: int, phase: Phase) -> list[str]:
    continuum = plan.assessment.checklist.continuum
    title = figures_plan.phase_title(number, phase, continuum, escape)
    blocks = [heading(3, f"{title} ({figures_plan.items_count(phase.total_items)})")]
    for cell in phase.cells:
        blocks += _cell(plan, names, cell)
    return blocks


def plan(plan: Plan) -> str:
    blocks = _header(plan)
    # Mapped once for the whole plan, not per cell.
    names = figures.component_names(plan.assessment)
    for number, phase in enumerate(plan.phases, 1):
        blocks += _phase(plan, names, number, phase)
    return document(blocks)
