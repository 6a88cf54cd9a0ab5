"""A plan's terminal report (``servicescore plan --format table``, SPEC 8).

Read from the top: the provisional line where items are unanswered (their stages are
the lowest the organisation can be at, SPEC 3.5), whom the plan is for, each
component's stage now and its target, and whether the targets can be reached at all;
then one numbered section per phase, "Phase 1: to stage 3", with each component's cell:
passing already, blocked, or the items that make it pass (statement, answer now with
its *answer first* mark, action), after the continuum's advice for the move; and the
number of items per phase and in all.
Reached through :func:`servicescore.render.table.plan`, and built from the pieces of
:mod:`servicescore.render.table`; file text enters only as
:class:`~servicescore.render.terminal.Text`, as there, so it is never read as markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType

from servicescore.render import figures
from servicescore.render.table import (
    BLOCKED,
    Hanging,
    heading,
    now_text,
    provisional_text,
    subject_line,
)
from servicescore.render.terminal import Text
from servicescore.scoring import Assessment, Phase, Plan, PlanCell


def _items(count: int) -> str:
    return figures.plural(count, "item")


def _targets(plan: Plan) -> RenderableType:
    """Each component's stage now and its target, a line each that hangs under its name
    (not a table: on a narrow terminal a table's columns cut names short)."""
    assessment = plan.assessment
    continuum = assessment.checklist.continuum
    lines: list[RenderableType] = [Text(""), heading("Targets")]
    for result in assessment.components:
        target = plan.targets[result.component.id]
        now = continuum.stage(result.stage)
        line = Text(f"now {now.number} {now.name}, target {target} {continuum.stage(target).name}")
        if target <= result.stage:
            line.append(" (no work)", style="dim")
        line.append("  ")
        line.append(_climb(result.stage, target, continuum.top))
        lines.append(Hanging(Text(f"{result.component.name}: ", style="bold"), line, indent=2))
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


def _blocked_cells(plan: Plan) -> list[PlanCell]:
    return [cell for phase in plan.phases for cell in phase.cells if cell.blocked]


def _verdict(plan: Plan) -> Text:
    """Whether the targets can be reached, said plainly before the phases."""
    if not plan.phases:
        return Text("Nothing to do: every component is at or above its target.", style="green")
    names = figures.component_names(plan.assessment)
    blocked = _blocked_cells(plan)
    if blocked:
        cells = ", ".join(f"{names[cell.component]} at stage {cell.stage}" for cell in blocked)
        # Said before the phases: a reader must not take on a plan that cannot end.
        return Text(
            f"Unreachable: {cells} cannot pass, for no applicable practice of the "
            "component is expected there (items marked n/a do not count).",
            style="bold yellow",
        )
    count = len(plan.phases)
    return Text(
        f"{_items(plan.total_items)} in {figures.plural(count, 'phase')} reach every target.",
        style="bold",
    )


def _cell(assessment: Assessment, cell: PlanCell) -> list[RenderableType]:
    """A component's cell in a phase: its state or its numbered items, under the
    continuum's advice for the move."""
    names = figures.component_names(assessment)
    title = Text(names[cell.component], style="bold cyan")
    parts: list[RenderableType] = [Text("")]
    if cell.passing:
        title.append(": passing already, nothing to do", style="green")
        return [*parts, title]
    if cell.blocked:
        return [*parts, title, Text(BLOCKED, style="yellow")]
    title.append(f" ({_items(len(cell.required))})", style="dim")
    parts.append(title)
    if cell.advance:
        parts.append(Hanging(Text("  "), Text(cell.advance, style="italic")))
    results = assessment.by_item
    for number, item_id in enumerate(cell.required, 1):
        result = results[item_id]
        now = Text.assemble((item_id, "cyan"), "  now: ", now_text(result))
        action = Hanging(Text("→ ", style="green"), Text(result.item.action))
        statement = Text(result.item.text, style="bold")
        parts.append(Hanging(Text(f"{number}. ", "bold"), statement, now, action, indent=2))
    return parts


def _phase(assessment: Assessment, number: int, phase: Phase) -> list[RenderableType]:
    stage = assessment.checklist.continuum.stage(phase.stage)
    title = heading(f"Phase {number}: to stage {stage.number} ({stage.name})")
    title.append(f"  {_items(phase.total_items)}", style="dim")
    parts: list[RenderableType] = [Text(""), title]
    for cell in phase.cells:
        parts += _cell(assessment, cell)
    return parts


def plan(plan: Plan) -> RenderableType:
    assessment = plan.assessment
    checklist = assessment.checklist
    parts: list[RenderableType] = []
    provisional = provisional_text(figures.provisional(assessment))
    if provisional is not None:
        parts.append(provisional)
    parts += [
        heading("Plan to target stages"),
        subject_line(assessment),
        Text(
            f"{checklist.title} (v{checklist.version}) on the {checklist.continuum.title}",
            style="dim",
        ),
        _targets(plan),
        Text(""),
        _verdict(plan),
    ]
    for number, phase in enumerate(plan.phases, 1):
        parts += _phase(assessment, number, phase)
    if plan.phases:
        count = len(plan.phases)
        total = f"In all: {_items(plan.total_items)} in {figures.plural(count, 'phase')}."
        parts += [Text(""), Text(total, style="bold")]
    return Group(*parts)
