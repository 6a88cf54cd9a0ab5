"""View data of a plan's page (``servicescore plan --format html``, SPEC 8).

One printable page to sign off: the report's cover (the subject, the provisional line
first when there is one), why the plan is unreachable when a cell is blocked, the
targets (each component's stage now and the stage it is to reach), then each phase
with its cells: a cell that already passes, a blocked one, or its planned items, each
as the report's practice (statement, answer, *answer first*, action) with an empty
owner and due date to write in; then the sign-off. Wording shared with the other
formats comes from :mod:`servicescore.render.figures_plan`; the page is laid out by
``templates/plan.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from servicescore.planning import Phase, Plan, PlanCell
from servicescore.render import figures, figures_plan
from servicescore.render.html import views
from servicescore.render.html.views import Cover, Headings, Practice

EYEBROW = "Service maturity plan"
# Who signs the plan off: a line each for the name, the date and the signature.
SIGNERS = ("Agreed by", "Approved by")
SIGN_LINES = ("Name", "Date", "Signature")


class TargetRow(NamedTuple):
    """A component's way: its stage now, its target, and the items planned for it."""

    component: str
    now: str
    target: str  # "no work" where the target is not above the stage now
    items: str


class CellView(NamedTuple):
    """One component's cell in a phase: passing, blocked, or the items that make it pass."""

    component: str
    target: str
    advance: str
    passing: str  # the passing line, or ""
    blocked: str  # the blocked line, or ""
    steps: tuple[Practice, ...]


class PhaseView(NamedTuple):
    title: str
    items: str
    cells: tuple[CellView, ...]


class PlanReport(NamedTuple):
    """The page: its parts in order, top to bottom."""

    h: Headings
    cover: Cover
    unreachable: str | None
    targets: tuple[TargetRow, ...]
    totals: str
    phases: tuple[PhaseView, ...]
    signers: tuple[str, ...]
    sign_lines: tuple[str, ...]
    colophon: str
    title: str


def report(plan: Plan) -> PlanReport:
    assessment = plan.assessment
    checklist = assessment.checklist
    continuum = checklist.continuum
    return PlanReport(
        h=Headings.at(1),
        cover=views.cover(assessment, EYEBROW),
        unreachable=figures_plan.unreachable(plan),
        targets=tuple(_targets(plan)),
        totals=figures_plan.totals(plan),
        phases=_phases(plan),
        signers=SIGNERS,
        sign_lines=SIGN_LINES,
        colophon=(
            f"Planned with servicescore against {checklist.title} (v{checklist.version}) "
            f"on the {continuum.title} (v{continuum.version}), pass mark "
            f"{views.percent(continuum.pass_mark.value)}. Each phase lists, for every "
            "component still below it, the fewest practices that make that stage pass."
        ),
        title=views.title(plan.assessment, "plan"),
    )


def _targets(plan: Plan) -> list[TargetRow]:
    continuum = plan.assessment.checklist.continuum
    planned: dict[str, int] = {}
    for phase in plan.phases:
        for cell in phase.cells:
            planned[cell.component] = planned.get(cell.component, 0) + len(cell.required)
    return [
        TargetRow(
            component=target.name,
            now=figures_plan.stage_label(continuum, target.now),
            target=(
                figures_plan.stage_label(continuum, target.target)
                if target.work
                else figures_plan.NO_TARGET
            ),
            items=figures_plan.items_count(planned.get(target.component, 0)),
        )
        for target in figures_plan.targets(plan)
    ]


def _phases(plan: Plan) -> tuple[PhaseView, ...]:
    # Mapped once for the whole plan, not per cell.
    names = figures.component_names(plan.assessment)
    return tuple(_phase(plan, names, number, phase) for number, phase in enumerate(plan.phases, 1))


def _phase(plan: Plan, names: Mapping[str, str], number: int, phase: Phase) -> PhaseView:
    continuum = plan.assessment.checklist.continuum
    return PhaseView(
        title=figures_plan.phase_title(number, phase, continuum),
        items=figures_plan.items_count(phase.total_items),
        cells=tuple(_cell(plan, names, cell) for cell in phase.cells),
    )


def _cell(plan: Plan, names: Mapping[str, str], cell: PlanCell) -> CellView:
    assessment = plan.assessment
    stage = assessment.checklist.continuum.stage(cell.stage)
    return CellView(
        component=names[cell.component],
        target=f"to stage {stage.number}, {stage.name}",
        # The continuum's advice for the move, whatever the cell's state, as every
        # format gives it.
        advance=cell.advance,
        passing=figures_plan.PASSING if cell.passing else "",
        blocked=f"Blocked: {figures_plan.BLOCKED}" if cell.blocked else "",
        steps=tuple(views.practice(assessment.by_item[ident]) for ident in cell.required),
    )
