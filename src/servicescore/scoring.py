"""Scores, stages and next steps (SPEC section 3), in exact arithmetic.

Weights, credits and the pass mark are the decimals written in the files. They are
scaled once per checklist to whole numbers over common denominators, so that every
sum and every pass test below is integer arithmetic: exact, and fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from math import lcm
from typing import NamedTuple

from servicescore.model import (
    NOT_APPLICABLE,
    UNANSWERED,
    Answer,
    Answers,
    Checklist,
    Component,
    Continuum,
    Element,
    Item,
    per_checklist,
)


class ItemResult(NamedTuple):
    item: Item
    answer: Answer
    # None for n/a; 0 when unanswered; otherwise the scale value's credit.
    credit: Fraction | None


class Tally(NamedTuple):
    """Σ(weight × credit) and Σ(weight) over applicable items, in the plan's units."""

    earned: int = 0
    possible: int = 0
    applicable: int = 0

    @property
    def score(self) -> Fraction | None:
        """100 × Σ(weight × credit) / Σ(weight); None where nothing is applicable."""
        if not self.possible:
            return None
        return Fraction(100 * self.earned, self.possible)

    @property
    def rounded(self) -> float | None:
        """The score rounded to one decimal, halves up, as :func:`round_score` does,
        in integer arithmetic (a report holds a dozen of these)."""
        if not self.possible:
            return None
        return ((2000 * self.earned + self.possible) // (2 * self.possible)) / 10


class Cell(NamedTuple):
    component: str
    stage: int
    tally: Tally
    passes: bool


class StageRange(NamedTuple):
    """The stages an assessment can reach once its unanswered items are answered (SPEC
    3.5): ``low`` with them at credit 0 (the stage reported), ``high`` at full credit."""

    low: int
    high: int


class ComponentResult(NamedTuple):
    component: Component
    stage: int
    tally: Tally
    cells: tuple[Cell, ...]
    stage_range: StageRange


class ElementResult(NamedTuple):
    element: Element
    tally: Tally


class GroupResult(NamedTuple):
    name: str
    tally: Tally


class NextStep(NamedTuple):
    component: str
    target_stage: int
    blocked: bool
    required: tuple[str, ...]
    other: tuple[str, ...]
    advance: str


class Roadmap(NamedTuple):
    target_stage: int
    items: tuple[str, ...]


class Assessment(NamedTuple):
    answers: Answers
    stage: int
    tally: Tally
    limiting: tuple[str, ...]
    components: tuple[ComponentResult, ...]
    groups: tuple[GroupResult, ...]
    elements: tuple[ElementResult, ...]
    items: tuple[ItemResult, ...]
    unanswered: tuple[str, ...]
    next_steps: tuple[NextStep, ...]
    roadmap: Roadmap | None
    # ``items`` by item id, for reports that name items by id (roadmap, next steps).
    by_item: Mapping[str, ItemResult]
    stage_range: StageRange

    @property
    def provisional(self) -> bool:
        """Whether any item is unanswered, so that the stage may still rise (SPEC 3.5)."""
        return bool(self.unanswered)

    @property
    def checklist(self) -> Checklist:
        return self.answers.checklist

    @property
    def score(self) -> Fraction | None:
        return self.tally.score


def round_score(score: Fraction | None, places: int = 1) -> Fraction | None:
    """A score rounded to ``places`` decimals (one unless told: alpha has three), halves
    away from zero (alpha may be negative), in whole numbers."""
    if score is None:
        return None
    scale = 10**places
    units = (2 * scale * abs(score.numerator) + score.denominator) // (2 * score.denominator)
    return Fraction(units if score >= 0 else -units, scale)


class _Plan(NamedTuple):
    """A checklist prepared once for scoring many answers files.

    Weights are scaled to whole numbers (× W) and credits too (× C, the ``full``
    credit); the pass mark is a/b. The index lists say which items (by position in
    the checklist) make up each cell, component, element and group.
    """

    weights: tuple[int, ...]
    credits: dict[str, int]
    credit_fractions: dict[str, Fraction]
    full: int
    pass_numerator: int
    pass_denominator: int
    by_cell: dict[tuple[str, int], list[int]]
    by_component: dict[str, list[int]]
    by_element: list[list[int]]
    by_group: list[list[int]]
    all_items: list[int]


_ZERO = Fraction(0)


@per_checklist
def _plan(checklist: Checklist) -> _Plan:
    items = checklist.items
    weight_unit = lcm(*(item.weight.value.denominator for item in items))
    credit_unit = lcm(*(entry.credit.value.denominator for entry in checklist.scale))
    weights = tuple(int(item.weight.value * weight_unit) for item in items)
    credits = {entry.value: int(entry.credit.value * credit_unit) for entry in checklist.scale}
    fractions = {entry.value: entry.credit.value for entry in checklist.scale}
    pass_mark = checklist.continuum.pass_mark.value
    by_cell: dict[tuple[str, int], list[int]] = {}
    by_component: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        by_cell.setdefault((item.component, item.stage), []).append(index)
        by_component.setdefault(item.component, []).append(index)
    positions = {item.id: index for index, item in enumerate(items)}
    by_element = [[positions[item.id] for item in element.items] for element in checklist.elements]
    by_group = [
        [
            positions[item.id]
            for element in checklist.elements
            if element.group == group
            for item in element.items
        ]
        for group in checklist.groups
    ]
    plan = _Plan(
        weights,
        credits,
        fractions,
        credit_unit,
        pass_mark.numerator,
        pass_mark.denominator,
        by_cell,
        by_component,
        by_element,
        by_group,
        list(range(len(items))),
    )
    return plan


def _steps(
    plan: _Plan, indices: Sequence[int], earned_of: Sequence[int | None], cell: Tally
) -> tuple[list[int], list[int]] | None:
    """The rule of SPEC 3.4 on one cell, shared by the next steps and the plan: the
    fewest of its items (positions in the checklist) that, raised to full credit, make
    it pass, then the other items not at full credit; None when no item of it is
    applicable (blocked). Nothing is required of a cell that passes already.

    ``earned_of`` holds each item's credit in plan units (None for n/a), ``cell`` the
    cell's tally with them.
    """
    if not cell.applicable:
        return None
    full = plan.full
    weights = plan.weights
    # Gain of raising an item to full credit; ties keep checklist order (stable sort).
    gains = [
        (weights[index] * (full - units), index)
        for index in indices
        if (units := earned_of[index]) is not None and units < full
    ]
    gains.sort(key=lambda pair: -pair[0])
    required: list[int] = []
    earned = cell.earned
    threshold = plan.pass_numerator * cell.possible
    for gain, index in gains:
        if plan.pass_denominator * earned >= threshold:
            break
        required.append(index)
        earned += gain
    return required, [index for _, index in gains[len(required) :]]


def assess(answers: Answers) -> Assessment:
    checklist = answers.checklist
    continuum = checklist.continuum
    plan = _plan(checklist)
    full = plan.full
    weights = plan.weights

    # Per item: its answer, and its credit in plan units (None for n/a).
    results: list[ItemResult] = []
    earned_of: list[int | None] = []
    unanswered: list[str] = []
    unanswered_at: list[int] = []  # their positions, for the stage range
    given = answers.answers
    new = tuple.__new__
    for item in checklist.items:
        answer = given.get(item.id, UNANSWERED)  # Answers.answer, inlined: a hot loop
        value = answer.value
        if value is None:
            unanswered.append(item.id)
            unanswered_at.append(len(earned_of))
            earned_of.append(0)
            results.append(new(ItemResult, (item, answer, _ZERO)))
        elif value == NOT_APPLICABLE:
            earned_of.append(None)
            results.append(new(ItemResult, (item, answer, None)))
        else:
            earned_of.append(plan.credits[value])
            results.append(new(ItemResult, (item, answer, plan.credit_fractions[value])))

    # Every unanswered item at full credit: what the high end of the stage range climbs.
    raised_of = earned_of
    if unanswered_at:
        raised_of = list(earned_of)
        for index in unanswered_at:
            raised_of[index] = full

    def tally(indices: list[int], credits: list[int | None] = earned_of) -> Tally:
        earned = possible = applicable = 0
        for index in indices:
            units = credits[index]
            if units is not None:
                weight = weights[index]
                earned += weight * units
                possible += weight
                applicable += 1
        return Tally(earned, possible * full, applicable)

    def passes(cell: Tally) -> bool:
        return cell.applicable > 0 and (
            plan.pass_denominator * cell.earned >= plan.pass_numerator * cell.possible
        )

    by_cell = plan.by_cell
    by_component = plan.by_component

    def highest_stage(component: str, stage: int, top: int) -> int:
        """The component's stage with every unanswered item at full credit. A cell that
        passes at credit 0 passes at full credit, so the climb resumes at ``stage``."""
        while stage < top and passes(tally(by_cell.get((component, stage + 1), []), raised_of)):
            stage += 1
        return stage

    components: list[ComponentResult] = []
    for component in continuum.components:
        cells = []
        stage = 1
        climbing = True
        for number in range(2, continuum.top + 1):
            cell_tally = tally(by_cell.get((component.id, number), []))
            cell_passes = passes(cell_tally)
            cells.append(Cell(component.id, number, cell_tally, cell_passes))
            if climbing and cell_passes:
                stage = number
            else:
                climbing = False
        high = highest_stage(component.id, stage, continuum.top) if unanswered_at else stage
        components.append(
            ComponentResult(
                component,
                stage,
                tally(by_component.get(component.id, [])),
                tuple(cells),
                StageRange(stage, high),
            )
        )

    overall = min(result.stage for result in components)
    limiting = tuple(result.component.id for result in components if result.stage == overall)

    next_steps: list[NextStep] = []
    for result in components:
        if result.stage >= continuum.top:
            continue
        target = result.stage + 1
        cell = result.cells[target - 2]
        steps = _steps(plan, by_cell.get((result.component.id, target), []), earned_of, cell.tally)
        advance = continuum.stage(target).advance.get(result.component.id, "")
        if steps is None:
            next_steps.append(NextStep(result.component.id, target, True, (), (), advance))
            continue
        required, other = steps
        next_steps.append(
            NextStep(
                result.component.id,
                target,
                False,
                tuple(checklist.items[i].id for i in required),
                tuple(checklist.items[i].id for i in other),
                advance,
            )
        )

    roadmap: Roadmap | None = None
    if overall < continuum.top:
        chosen = {step.component: step for step in next_steps}
        roadmap_items: list[str] = []
        for component_id in limiting:
            for item_id in chosen[component_id].required:
                if item_id not in roadmap_items:
                    roadmap_items.append(item_id)
        roadmap = Roadmap(overall + 1, tuple(roadmap_items))

    elements = tuple(
        ElementResult(element, tally(indices))
        for element, indices in zip(checklist.elements, plan.by_element, strict=True)
    )
    groups = tuple(
        GroupResult(group, tally(indices))
        for group, indices in zip(checklist.groups, plan.by_group, strict=True)
    )

    return Assessment(
        answers=answers,
        stage=overall,
        tally=tally(plan.all_items),
        limiting=limiting,
        components=tuple(components),
        groups=groups,
        elements=elements,
        items=tuple(results),
        unanswered=tuple(unanswered),
        next_steps=tuple(next_steps),
        roadmap=roadmap,
        by_item={result.item.id: result for result in results},
        stage_range=StageRange(overall, min(result.stage_range.high for result in components)),
    )


def below_stage(stage: int, assessments: Sequence[Assessment]) -> list[str]:
    """The ``--fail-under STAGE`` gate: a line for each file whose overall stage is below
    ``stage``. A stage that some file's continuum does not have is refused first (below 1
    every file passes and above the top none can, so either is a mistake, not a gate)."""
    from servicescore.problems import UsageError

    if stage < 1:
        raise UsageError(f"--fail-under {stage}: stages start at 1")
    beyond = _files_by_continuum(one for one in assessments if stage > one.checklist.continuum.top)
    if beyond:
        # One line per continuum: a portfolio of thousands of files on one continuum is
        # one mistake, not thousands.
        raise UsageError(
            *(
                f"--fail-under {stage} is above the top stage {continuum.top} of the continuum "
                f"'{continuum.title}' of {_files(paths)}"
                for continuum, paths in beyond
            )
        )
    return [
        f"{one.answers.path}: stage {one.stage} is below --fail-under {stage}"
        for one in assessments
        if one.stage < stage
    ]


def _files_by_continuum(assessments: Iterable[Assessment]) -> list[tuple[Continuum, list[str]]]:
    """The answers files of each continuum, continua in the order their first file comes."""
    grouped: dict[tuple[str, str, str], tuple[Continuum, list[str]]] = {}
    for one in assessments:
        continuum = one.checklist.continuum
        key = (continuum.id, continuum.version, continuum.path)
        grouped.setdefault(key, (continuum, []))[1].append(one.answers.path)
    return list(grouped.values())


def _files(paths: Sequence[str]) -> str:
    """``1 file (a.yaml)``, ``2,000 files (a.yaml, …)``: how many, and the first."""
    if len(paths) == 1:
        return f"1 file ({paths[0]})"
    return f"{len(paths):,} files ({paths[0]}, …)"


def row_only(assessment: Assessment) -> Assessment:
    """``assessment`` with only what a portfolio row or a trend's point shows (stages,
    scores, components, subject, the stage range): no item results, cells, answers or
    roadmap. A portfolio of 20,000 files holds this for each, not every answer and item
    result."""
    answers = replace(assessment.answers, answers={}, meta={})
    # A row shows each component's stage and score, not how each stage's cell fared.
    components = tuple(result._replace(cells=()) for result in assessment.components)
    return assessment._replace(
        answers=answers,
        components=components,
        groups=(),
        elements=(),
        items=(),
        next_steps=(),
        roadmap=None,
        by_item={},
    )
