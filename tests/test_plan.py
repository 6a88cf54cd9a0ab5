"""The planning engine (SPEC 8): phases of cells from today's stages to target stages.

Hand-worked examples on small checklists written here, then properties over random
checklists, answers and targets (Hypothesis), checked against the plain Fraction
reference of test_scoring_properties: a reachable plan, carried out, reaches its
targets, phase by phase; no phase holds an item the rule of SPEC 3.4 does not need; and
the first phase of a plan to the next overall stage is `assess`'s roadmap.
"""

from __future__ import annotations

import dataclasses
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import NO, PARTLY, YES, advance_text, checklist, continuum, item, run
from servicescore.model import Checklist, Number, ScaleValue
from servicescore.planning import Plan, PlanCell, plan
from servicescore.scoring import Assessment
from test_scoring_properties import BRUTE_FORCE_LIMIT, SETTINGS, Case, Reference, cases
from test_scoring_properties import run as run_case

# -- hand-worked examples -----------------------------------------------------------------

# Three components on five stages. Worked by hand, at the pass mark 0.8:
#   a: stage 2 passes (yes, yes); stage 3 fails (a3-1 no, weight 2; a3-2 yes: 1 of 3);
#      stage 4 passes already (yes); stage 5 fails (no). a is at stage 2.
#   b: stage 2 fails: b2-1 no, b2-2 partly, b2-3 no, 0.5 of 3, 2.4 needed; gains 1, 0.5,
#      1, so b2-1 then b2-3 (a tie, checklist order) make 2.5. b is at stage 1.
#   c: stages 2 and 3 pass; no item at stage 4 (blocked). c is at stage 3.
WORKED = checklist(
    item("a2-1", "a", 2),
    item("a2-2", "a", 2),
    item("a3-1", "a", 3, "2"),
    item("a3-2", "a", 3),
    item("a4-1", "a", 4),
    item("a5-1", "a", 5),
    item("b2-1", "b", 2),
    item("b2-2", "b", 2),
    item("b2-3", "b", 2),
    item("b3-1", "b", 3),
    item("b4-1", "b", 4),
    item("c2-1", "c", 2),
    item("c3-1", "c", 3),
    cont=continuum(stages=5, components=("a", "b", "c")),
)
WORKED_ANSWERS = {
    "a2-1": YES,
    "a2-2": YES,
    "a3-1": NO,
    "a3-2": YES,
    "a4-1": YES,
    "a5-1": NO,
    "b2-1": NO,
    "b2-2": PARTLY,
    "b2-3": NO,
    "b3-1": NO,
    "b4-1": NO,
    "c2-1": YES,
    "c3-1": YES,
}


def worked(**changes: str | None) -> Assessment:
    return run(WORKED, {**WORKED_ANSWERS, **changes})


def cell(component: str, stage: int, *required: str, passing: bool = False) -> PlanCell:
    return PlanCell(component, stage, passing, False, required, advance_text(component, stage))


def blocked(component: str, stage: int) -> PlanCell:
    return PlanCell(component, stage, False, True, (), advance_text(component, stage))


def shape(result: Plan) -> list[tuple[int, tuple[PlanCell, ...]]]:
    return [(phase.stage, phase.cells) for phase in result.phases]


def test_the_worked_example_is_at_the_stages_worked_by_hand() -> None:
    assert [result.stage for result in worked().components] == [2, 1, 3]


def test_one_target_for_all_plans_each_component_from_its_own_stage() -> None:
    result = plan(worked(), {"a": 4, "b": 4, "c": 4})
    assert shape(result) == [
        (2, (cell("b", 2, "b2-1", "b2-3"),)),
        (3, (cell("a", 3, "a3-1"), cell("b", 3, "b3-1"))),
        # a's stage-4 cell passes already; c has no item at stage 4.
        (4, (cell("a", 4, passing=True), cell("b", 4, "b4-1"), blocked("c", 4))),
    ]
    assert [phase.total_items for phase in result.phases] == [2, 2, 1]
    assert result.total_items == 5
    assert result.reachable is False


def test_targets_per_component_differ_and_default_to_the_current_stage() -> None:
    result = plan(worked(), {"a": 5, "b": 2})
    assert result.targets == {"a": 5, "b": 2, "c": 3}
    assert list(result.targets) == ["a", "b", "c"]  # component order
    assert shape(result) == [
        (2, (cell("b", 2, "b2-1", "b2-3"),)),
        (3, (cell("a", 3, "a3-1"),)),
        (4, (cell("a", 4, passing=True),)),
        (5, (cell("a", 5, "a5-1"),)),
    ]
    assert result.reachable is True
    assert result.total_items == 4


def test_a_level_where_no_component_has_work_is_left_out() -> None:
    # b (stage 1) keeps its stage: nothing at level 2, the first level after the lowest.
    result = plan(worked(), {"a": 3})
    assert shape(result) == [(3, (cell("a", 3, "a3-1"),))]


@pytest.mark.parametrize(
    "targets", [{}, {"a": 2, "b": 1, "c": 3}, {"a": 1, "b": 1, "c": 2}], ids=repr
)
def test_targets_at_or_below_the_current_stages_mean_no_work(targets: dict[str, int]) -> None:
    result = plan(worked(), targets)
    assert result.phases == ()
    assert result.reachable is True
    assert result.total_items == 0
    assert result.targets == {"a": 2, "b": 1, "c": 3, **targets}


def test_an_organisation_at_the_top_has_nothing_to_plan() -> None:
    check = checklist(
        *(item(f"{c}{s}", c, s) for c in "ab" for s in (2, 3, 4)),
        cont=continuum(stages=4, components=("a", "b")),
    )
    top = run(check, {one.id: YES for one in check.items})
    assert [result.stage for result in top.components] == [4, 4]
    result = plan(top, {"a": 4, "b": 4})
    assert result.phases == ()
    assert result.reachable is True


def test_unanswered_items_count_as_no_credit_and_are_planned() -> None:
    # a3-1 unanswered: a is still at stage 2 (the low stage of SPEC 3.5), and a3-1 is the
    # item to answer first.
    assessment = worked(**{"a3-1": None})
    assert assessment.provisional
    result = plan(assessment, {"a": 3})
    assert shape(result) == [(3, (cell("a", 3, "a3-1"),))]
    assert result.assessment.by_item["a3-1"].answer.value is None


def test_a_partly_met_item_is_planned_by_its_gain() -> None:
    # With b2-2 answered no, its gain (1) ties b2-1's and comes before b2-3 in the
    # checklist: b2-1 then b2-2 make 2 of 3, short of 2.4, so b2-3 too.
    result = plan(worked(**{"b2-2": NO}), {"b": 2})
    assert shape(result) == [(2, (cell("b", 2, "b2-1", "b2-2", "b2-3"),))]


def test_n_a_items_are_never_planned_and_an_all_n_a_cell_is_blocked() -> None:
    result = plan(worked(**{"b4-1": "n/a", "b3-1": "n/a"}), {"b": 4})
    assert shape(result) == [
        (2, (cell("b", 2, "b2-1", "b2-3"),)),
        (3, (blocked("b", 3),)),
        (4, (blocked("b", 4),)),
    ]
    assert result.reachable is False


@pytest.mark.parametrize("targets", [{"a": 6}, {"a": 0}, {"d": 3}], ids=repr)
def test_a_target_the_continuum_does_not_have_is_a_callers_mistake(
    targets: dict[str, int],
) -> None:
    with pytest.raises(ValueError, match="no target stage"):
        plan(worked(), targets)


# -- properties -------------------------------------------------------------------------


@st.composite
def planned(draw: st.DrawFn) -> tuple[Case, Assessment, Plan]:
    """A random case, assessed, and planned to random targets (some components left out)."""
    case = draw(cases())
    assessment = run_case(case.check, case.answers_mapping())
    top = case.check.continuum.top
    targets = {
        result.component.id: draw(st.integers(1, top))
        for result in assessment.components
        if draw(st.booleans())
    }
    return case, assessment, plan(assessment, targets)


FULL = "full"  # a scale value added at full credit, to raise planned items with


def with_full_credit(check: Checklist) -> Checklist:
    """``check`` with one more scale value, at full credit: the other credits, and so
    every score and stage, are as they were."""
    extra = ScaleValue(FULL, Number.of("1"), "Full")
    return dataclasses.replace(check, scale=(*check.scale, extra))


def carried_out(case: Case, result: Plan, up_to: int) -> Assessment:
    """The case re-assessed with every item of the phases up to stage ``up_to`` raised
    to full credit."""
    raised = {
        item_id
        for phase in result.phases
        if phase.stage <= up_to
        for cell in phase.cells
        for item_id in cell.required
    }
    mapping = {**case.answers_mapping(), **dict.fromkeys(raised, FULL)}
    return run_case(with_full_credit(case.check), mapping)


def stages(assessment: Assessment) -> dict[str, int]:
    return {result.component.id: result.stage for result in assessment.components}


@SETTINGS
@given(planned())
def test_phases_hold_exactly_the_cells_between_current_and_target(
    example: tuple[Case, Assessment, Plan],
) -> None:
    case, assessment, result = example
    current = stages(assessment)
    assert list(result.targets) == list(current)
    expected = []
    for level in range(2, case.check.continuum.top + 1):
        components = [c for c in current if current[c] < level <= result.targets[c]]
        if components:
            expected.append((level, components))
    assert [
        (phase.stage, [one.component for one in phase.cells]) for phase in result.phases
    ] == expected
    for phase in result.phases:
        assert all(one.stage == phase.stage for one in phase.cells)
        assert phase.total_items == sum(len(one.required) for one in phase.cells)
    assert result.total_items == sum(phase.total_items for phase in result.phases)


@SETTINGS
@given(planned())
def test_carrying_out_a_reachable_plan_reaches_every_target(
    example: tuple[Case, Assessment, Plan],
) -> None:
    case, assessment, result = example
    before = stages(assessment)
    after = stages(carried_out(case, result, case.check.continuum.top))
    # Raising items never lowers a stage; a reachable plan reaches every target.
    assert all(after[c] >= before[c] for c in before)
    if result.reachable:
        assert all(after[c] >= result.targets[c] for c in before)


@SETTINGS
@given(planned(), st.data())
def test_after_phase_l_every_component_targeted_at_l_or_above_is_at_l(
    example: tuple[Case, Assessment, Plan], data: st.DataObject
) -> None:
    case, _, result = example
    if not result.phases:
        return
    level = data.draw(st.sampled_from([phase.stage for phase in result.phases]))
    after = stages(carried_out(case, result, level))
    # A blocked cell on a component's way keeps that component below it.
    stuck = {
        one.component
        for phase in result.phases
        if phase.stage <= level
        for one in phase.cells
        if one.blocked
    }
    for component, target in result.targets.items():
        if target >= level and component not in stuck:
            assert after[component] >= level, (component, after)


@SETTINGS
@given(planned())
def test_no_phase_holds_an_item_the_rule_does_not_need(
    example: tuple[Case, Assessment, Plan],
) -> None:
    case, _, result = example
    ref = Reference(case.check, case.answers_mapping())
    cont = case.check.continuum
    for phase in result.phases:
        for one in phase.cells:
            items = ref.cell(one.component, phase.stage)
            assert one.advance == cont.stage(phase.stage).advance[one.component]
            assert one.blocked == (not items)
            assert one.passing == ref.passes(items)
            if one.blocked or one.passing:
                assert one.required == ()
                continue
            required = frozenset(one.required)
            assert len(required) == len(one.required)
            assert set(one.required) <= set(items)
            assert ref.passes(items, required)
            for dropped in one.required:
                assert not ref.passes(items, required - {dropped})
            # the fewest: no smaller set of open items passes (brute force, small cells)
            open_items = [i for i in items if ref.credit[i] != 1]
            if len(open_items) <= BRUTE_FORCE_LIMIT:
                for subset in combinations(open_items, len(required) - 1):
                    assert not ref.passes(items, frozenset(subset)), subset


@SETTINGS
@given(cases())
def test_the_first_phase_to_the_next_overall_stage_is_the_roadmap(case: Case) -> None:
    assessment = run_case(case.check, case.answers_mapping())
    targets = {result.component.id: assessment.stage + 1 for result in assessment.components}
    if assessment.roadmap is None:
        assert assessment.stage == case.check.continuum.top
        return
    result = plan(assessment, targets)
    first = result.phases[0]
    assert first.stage == assessment.roadmap.target_stage
    assert [one.component for one in first.cells] == list(assessment.limiting)
    steps = {step.component: step for step in assessment.next_steps}
    for one in first.cells:
        step = steps[one.component]
        assert (one.blocked, one.required, one.advance) == (
            step.blocked,
            step.required,
            step.advance,
        )
        assert one.passing is False
    assert tuple(i for one in first.cells for i in one.required) == assessment.roadmap.items
    assert len(result.phases) == 1


def test_assess_still_answers_next_steps_as_before() -> None:
    """The next steps, now by the shared rule, on the worked example: b to stage 2 needs
    b2-1 and b2-3 (b2-2 left open); a to stage 3, a3-1; c to stage 4 is blocked."""
    steps = {step.component: step for step in worked().next_steps}
    assert (steps["b"].required, steps["b"].other) == (("b2-1", "b2-3"), ("b2-2",))
    assert (steps["a"].required, steps["a"].other) == (("a3-1",), ())
    assert steps["c"].blocked and steps["c"].required == ()
    assert worked().roadmap is not None
    assert worked().roadmap.items == ("b2-1", "b2-3")  # type: ignore[union-attr]
