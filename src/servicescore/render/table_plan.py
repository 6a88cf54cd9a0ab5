"""A plan's terminal report (``servicescore plan --format table``, SPEC 8).

Read from the top: the provisional line where items are unanswered (their stages are
the lowest the organisation can be at, SPEC 3.5), whom the plan is for, each
component's stage now and its target, and whether the targets can be reached at all;
then one numbered section per phase, "Phase 1: to stage 3", with each component's cell:
passing already, blocked, or the items that make it pass (statement, answer now with
its *answer first* mark, action), after the continuum's advice for the move; and the
number of items per phase and in all.
Every sentence the Markdown and HTML forms say too (phase titles, passing, blocked,
unreachable, the counts, the stages now and wanted) comes from
:mod:`servicescore.render.figures_plan`, so the formats word each fact the same way.
Reached through :func:`servicescore.render.table.plan`, and built from the pieces of
:mod:`servicescore.render.table`; file text enters only as
:class:`~servicescore.render.terminal.Text`, as there, so it is never read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType

from servicescore.planning import Phase, Plan, PlanCell
from servicescore.render import figures, figures_plan
from servicescore.render.table import (
    Hanging,
    checklist_line,
    heading,
    now_text,
    provisional_text,
    subject_line,
)
from servicescore.render.terminal import Text
from servicescore.scoring import Assessment


def _targets(plan: Plan) -> RenderableType:
    """Each component's stage now and its target, a line each that hangs under its name
    (not a table: on a narrow terminal a table's columns cut names short)."""
    assessment = plan.assessment
    continuum = assessment.checklist.continuum
    lines: list[RenderableType] = [Text(""), heading("Targets")]
    for target in figures_plan.targets(plan):
        now = figures_plan.stage_label(continuum, target.now)
        line = Text(f"now {now}, target {figures_plan.stage_label(continuum, target.target)}")
        if not target.work:
            line.append(f" ({figures_plan.NO_TARGET})", style="dim")
        line.append("  ")
        line.append(_climb(target.now, target.target, continuum.top))
        lines.append(Hanging(Text(f"{target.name}: ", style="bold"), line, indent=2))
    return Group(*lines)


def _climb(stage: int, target: int, top: int) -> Text:
    """The ladder of stages: those reached filled, those to climb to the target as
    arrows, the rest empty."""
    climb = max(target - stage, 0)
    return Text.assemble(
        ("■ " * stage, "bold cyan"),
        ("▲ " * climb, "bold yellow"),
        ("□ " * (top - stage - climb), "dim"),
    )


def _verdict(plan: Plan) -> list[RenderableType]:
    """Whether the targets can be reached, and the counts, said before the phases."""
    unreachable = figures_plan.unreachable(plan)
    # Said before the phases: a reader must not take on a plan that cannot end.
    verdict = [] if unreachable is None else [Text(unreachable, style="bold yellow")]
    totals = Text(figures_plan.totals(plan), style="bold" if plan.phases else "green")
    return [*verdict, totals]


def _cell(assessment: Assessment, names: Mapping[str, str], cell: PlanCell) -> list[RenderableType]:
    """A component's cell in a phase: its state or its numbered items, under the
    continuum's advice for the move; ``names`` maps every component's id to its name."""
    title = Text(names[cell.component], style="bold cyan")
    if not (cell.passing or cell.blocked):
        title.append(f" ({figures_plan.items_count(len(cell.required))})", style="dim")
    parts: list[RenderableType] = [Text(""), title]
    # The continuum's advice for the move, whatever the cell's state, as every format
    # gives it: a blocked cell's reader needs it most.
    if cell.advance:
        parts.append(Hanging(Text("  "), Text(cell.advance, style="italic")))
    if cell.passing:
        return [*parts, Text(figures_plan.PASSING, style="green")]
    if cell.blocked:
        return [*parts, Text(f"Blocked: {figures_plan.BLOCKED}", style="yellow")]
    results = assessment.by_item
    for number, item_id in enumerate(cell.required, 1):
        result = results[item_id]
        now = Text.assemble((item_id, "cyan"), "  now: ", now_text(result))
        action = Hanging(Text("→ ", style="green"), Text(result.item.action))
        statement = Text(result.item.text, style="bold")
        parts.append(Hanging(Text(f"{number}. ", "bold"), statement, now, action, indent=2))
    return parts


def _phase(
    assessment: Assessment, names: Mapping[str, str], number: int, phase: Phase
) -> list[RenderableType]:
    continuum = assessment.checklist.continuum
    title = heading(figures_plan.phase_title(number, phase, continuum))
    title.append(f" ({figures_plan.items_count(phase.total_items)})", style="dim")
    parts: list[RenderableType] = [Text(""), title]
    for cell in phase.cells:
        parts += _cell(assessment, names, cell)
    return parts


def plan(plan: Plan) -> RenderableType:
    assessment = plan.assessment
    parts: list[RenderableType] = []
    provisional = provisional_text(figures.provisional(assessment))
    if provisional is not None:
        parts.append(provisional)
    parts += [
        heading("Plan to target stages"),
        subject_line(assessment),
        checklist_line(assessment.checklist),
        _targets(plan),
        Text(""),
        *_verdict(plan),
    ]
    # Mapped once for the whole plan, not per cell.
    names = figures.component_names(assessment)
    for number, phase in enumerate(plan.phases, 1):
        parts += _phase(assessment, names, number, phase)
    if plan.phases:
        parts += [Text(""), Text(f"In all: {figures_plan.totals(plan)}", style="bold")]
    return Group(*parts)
