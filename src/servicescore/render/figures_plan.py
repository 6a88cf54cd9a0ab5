"""A plan's wording (SPEC 8), as every format of ``plan`` writes it.

The sentences and labels that the terminal, Markdown and HTML forms of a plan share,
beside the figures they are made of, so that the formats never word
one fact two ways: the phase titles, a cell that passes or is blocked, the targets,
the counts and why a plan is unreachable. A name from a file goes through the caller's
``escape`` (Markdown's, or ``str`` where the format escapes later, as the HTML
templates do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from servicescore.model import Continuum
from servicescore.planning import Phase, Plan, PlanCell
from servicescore.render import figures

# The mark of an unanswered item (SPEC 3.5): the same words as a roadmap's.
ANSWER_FIRST = figures.ANSWER_FIRST
PASSING = "Already passes: nothing to do at this stage."
BLOCKED = figures.BLOCKED
NO_WORK = "No work: every component is already at or above its target."
NO_TARGET = "no work"  # a component's target at or below its stage


class Target(NamedTuple):
    """One component's way in a plan: where it is, where it is to be."""

    component: str  # id
    name: str
    now: int
    target: int

    @property
    def work(self) -> bool:
        """Whether the plan asks anything of this component (a target above its stage)."""
        return self.target > self.now


def targets(plan: Plan) -> list[Target]:
    """Every component, in component order, with its stage now and its target (the plan
    holds every component's: :func:`servicescore.planning.plan` completes them)."""
    wanted = plan.targets
    return [
        Target(one.component.id, one.component.name, one.stage, wanted[one.component.id])
        for one in plan.assessment.components
    ]


def stage_label(continuum: Continuum, number: int, escape: Callable[[str], str] = str) -> str:
    """``3 Managed``: a stage by its number and name."""
    return f"{number} {escape(continuum.stage(number).name)}"


def phase_title(
    number: int, phase: Phase, continuum: Continuum, escape: Callable[[str], str] = str
) -> str:
    """``Phase 1: to stage 3, Managed``: phases are numbered from 1 in the plan's order."""
    return f"Phase {number}: to stage {phase.stage}, {escape(continuum.stage(phase.stage).name)}"


def items_count(count: int) -> str:
    return figures.plural(count, "item")


def totals(plan: Plan) -> str:
    """``6 items in 3 phases.``, or what a plan without phases means."""
    if not plan.phases:
        return NO_WORK
    return f"{items_count(plan.total_items)} in {figures.plural(len(plan.phases), 'phase')}."


def blocked_cells(plan: Plan) -> Iterator[PlanCell]:
    """The cells that cannot pass, in the plan's order."""
    return (cell for phase in plan.phases for cell in phase.cells if cell.blocked)


def unreachable(plan: Plan) -> str | None:
    """What a plan with a blocked cell leads with; None when every target can be
    reached. Says which component cannot pass which stage, and what follows. The names
    are as written: each format escapes the whole line (Markdown's provisional block,
    the HTML template)."""
    blocked = list(blocked_cells(plan))
    if not blocked:
        return None
    names = figures.component_names(plan.assessment)
    where = ", ".join(f"{names[cell.component]} at stage {cell.stage}" for cell in blocked)
    return (
        f"Unreachable: not every target can be reached. Blocked: {where}, where no "
        "applicable practice of the component is expected (items answered n/a do not "
        "count), so it cannot pass that stage or any above it."
    )
