"""The phased plan to target stages (``servicescore plan``, SPEC 8), from an assessment (pure).

One phase per stage level, from the lowest current component stage + 1 up to the
highest target; in each, for every component still below that level and targeted at or
above it, the cell (component, level): the fewest items that make it pass, by the rule
of SPEC 3.4 (:func:`servicescore.scoring._steps`, the rule assess's next steps use),
or that it already passes, or that it is blocked. Apart from :mod:`servicescore.scoring`
so that ``assess`` never imports it; the scoring core's integer units throughout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from servicescore.model import Checklist
from servicescore.scoring import Assessment, ComponentResult, _Plan, _plan, _steps


class PlanCell(NamedTuple):
    """One component's cell (component, stage) in a phase of a plan (SPEC 8): the items
    that make it pass by the rule of 3.4, or ``passing`` (no items needed), or
    ``blocked`` (no applicable item, so it cannot pass)."""

    component: str
    stage: int
    passing: bool
    blocked: bool
    # Item ids, largest gain first (ties in checklist order), as in a NextStep.
    required: tuple[str, ...]
    advance: str


class Phase(NamedTuple):
    """Every cell at one stage level, in component order: once its items are in place,
    each component whose target is at least ``stage`` is at that stage or above."""

    stage: int
    cells: tuple[PlanCell, ...]

    @property
    def total_items(self) -> int:
        return sum(len(cell.required) for cell in self.cells)


class Plan(NamedTuple):
    """The phased plan from an assessment's stages to target stages (SPEC 8)."""

    assessment: Assessment
    # Every component id, in component order: its target stage (the current stage
    # where none was asked for; a target at or below the current stage means no work).
    targets: Mapping[str, int]
    phases: tuple[Phase, ...]

    @property
    def reachable(self) -> bool:
        """False when some cell on the way is blocked."""
        return not any(cell.blocked for phase in self.phases for cell in phase.cells)

    @property
    def total_items(self) -> int:
        return sum(phase.total_items for phase in self.phases)


def plan(assessment: Assessment, targets: Mapping[str, int]) -> Plan:
    """The phased plan from ``assessment``'s stages to ``targets`` (SPEC 8).

    ``targets`` maps component ids to stages from 1 to the continuum's top; a component
    it leaves out keeps its current stage. ``assessment`` is a full one (not a
    :func:`row_only` row): its items' answers decide each cell's required items. Its
    stages are the low ones (SPEC 3.5), unanswered items counted at credit 0.
    """
    checklist = assessment.checklist
    continuum = checklist.continuum
    current = {result.component.id: result.stage for result in assessment.components}
    for component_id, stage in targets.items():
        # The CLI refuses these with a message; here they are a caller's mistake.
        if component_id not in current or not 1 <= stage <= continuum.top:
            raise ValueError(f"no target stage {stage} for component {component_id!r}")
    wanted = {
        component_id: targets.get(component_id, stage) for component_id, stage in current.items()
    }
    prepared = _plan(checklist)
    earned_of = _units(prepared, assessment)
    phases: list[Phase] = []
    for level in range(min(current.values()) + 1, max(wanted.values()) + 1):
        cells = tuple(
            _plan_cell(checklist, prepared, earned_of, result, level)
            for result in assessment.components
            if result.stage < level <= wanted[result.component.id]
        )
        if cells:
            phases.append(Phase(level, cells))
    return Plan(assessment, wanted, tuple(phases))


def _units(prepared: _Plan, assessment: Assessment) -> list[int | None]:
    """Each item's credit in plan units, as :func:`assess` counts it: None for n/a, 0
    when unanswered."""
    credits = prepared.credits
    units: list[int | None] = []
    for result in assessment.items:
        value = result.answer.value
        if result.credit is None:
            units.append(None)
        else:
            units.append(0 if value is None else credits[value])
    return units


def _plan_cell(
    checklist: Checklist,
    prepared: _Plan,
    earned_of: Sequence[int | None],
    result: ComponentResult,
    level: int,
) -> PlanCell:
    """The cell (component, ``level``) of a plan: passing, blocked, or the items that
    make it pass by the rule of SPEC 3.4; ``prepared`` is ``checklist``'s, made once
    for the whole plan."""
    component_id = result.component.id
    cell = result.cells[level - 2]
    advance = checklist.continuum.stage(level).advance.get(component_id, "")
    if cell.passes:
        return PlanCell(component_id, level, True, False, (), advance)
    steps = _steps(prepared, prepared.by_cell.get((component_id, level), []), earned_of, cell.tally)
    if steps is None:
        return PlanCell(component_id, level, False, True, (), advance)
    required = tuple(checklist.items[index].id for index in steps[0])
    return PlanCell(component_id, level, False, False, required, advance)
