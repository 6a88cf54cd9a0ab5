"""Worked examples of SPEC section 3 (scoring), each computed by hand in its comments."""

from __future__ import annotations

from fractions import Fraction

import pytest

from builders import (
    NA,
    NO,
    PARTLY,
    YES,
    advance_text,
    checklist,
    continuum,
    element,
    item,
    run,
    scale,
)
from servicescore.model import Answer
from servicescore.scoring import Assessment, round_score

F = Fraction


def component(result: Assessment, ident: str):
    (found,) = [c for c in result.components if c.component.id == ident]
    return found


def stages(result: Assessment) -> dict[str, int]:
    return {c.component.id: c.stage for c in result.components}


def step(result: Assessment, ident: str):
    (found,) = [s for s in result.next_steps if s.component == ident]
    return found


def element_scores(result: Assessment) -> dict[str, Fraction | None]:
    return {e.element.id: e.tally.score for e in result.elements}


# --- 3.1 item credit ------------------------------------------------------------------


def test_item_credits_on_the_default_scale() -> None:
    check = checklist(
        item("y"), item("p"), item("n"), item("na"), item("u"), item("null"), item("note")
    )
    result = run(
        check,
        {
            "y": YES,
            "p": PARTLY,
            "n": NO,
            "na": NA,
            # "u" is left out: unanswered.
            "null": None,  # `~`: unanswered
            "note": Answer(None, "ask the team lead"),  # a note without an answer: unanswered
        },
    )
    credits = {r.item.id: r.credit for r in result.items}
    assert credits == {
        "y": 1,
        "p": F(1, 2),
        "n": 0,
        "na": None,  # n/a has no credit
        "u": 0,
        "null": 0,
        "note": 0,
    }
    assert [r.item.id for r in result.items] == ["y", "p", "n", "na", "u", "null", "note"]
    assert result.unanswered == ("u", "null", "note")
    notes = {r.item.id: r.answer.note for r in result.items}
    assert notes["note"] == "ask the team lead"


def test_item_credits_on_a_custom_scale() -> None:
    custom = scale(("none", "0"), ("some", "0.3"), ("most", "0.7"), ("full", "1"))
    check = checklist(item("a1"), item("a2"), item("a3"), item("a4"), scale_values=custom)
    result = run(check, {"a1": "none", "a2": "some", "a3": "most", "a4": "full"})
    assert [r.credit for r in result.items] == [0, F(3, 10), F(7, 10), 1]


# --- 3.2 scores -----------------------------------------------------------------------


def test_element_score_is_weighted_mean_of_credits() -> None:
    check = checklist(item("w1", weight="1"), item("w2", weight="2"), item("w3", weight="3"))
    result = run(check, {"w1": YES, "w2": PARTLY, "w3": NO})
    # Σ(w×c) = 1×1 + 2×0.5 + 3×0 = 2; Σw = 6; score = 100 × 2/6 = 33.33…
    assert element_scores(result) == {"e": F(100, 3)}
    assert result.score == F(100, 3)
    assert round_score(result.score) == F(333, 10)


def test_not_applicable_items_leave_every_denominator() -> None:
    check = checklist(item("y"), item("na", weight="5"), item("n"))
    result = run(check, {"y": YES, "na": NA, "n": NO})
    # Σ(w×c) = 1 + 0 = 1 over Σw = 1 + 1 = 2 (the weight-5 n/a item counts nowhere) → 50
    assert result.score == 50
    assert result.elements[0].tally.applicable == 2
    assert component(result, "a").tally.score == 50


def test_unanswered_items_count_as_zero() -> None:
    check = checklist(item("y"), item("u"))
    result = run(check, {"y": YES})
    # (1 + 0) / 2 → 50
    assert result.score == 50
    assert result.elements[0].tally.applicable == 2
    assert result.unanswered == ("u",)


def test_scores_are_none_where_nothing_is_applicable() -> None:
    check = checklist(
        element("all-na", item("x1"), item("x2", component="b"), group="G"),
        element("some", item("y1")),
    )
    result = run(check, {"x1": NA, "x2": NA, "y1": YES})
    assert element_scores(result) == {"all-na": None, "some": 100}
    assert [(g.name, g.tally.score) for g in result.groups] == [("G", None)]
    # component b has only the n/a item: no score
    assert component(result, "a").tally.score == 100
    assert component(result, "b").tally.score is None
    assert result.score == 100

    everything_na = run(check, {"x1": NA, "x2": NA, "y1": NA})
    assert everything_na.score is None
    assert element_scores(everything_na) == {"all-na": None, "some": None}


def test_component_without_items_has_no_score() -> None:
    check = checklist(item("a1"), cont=continuum(components=("a", "b")))
    result = run(check, {"a1": YES})
    assert component(result, "b").tally.score is None
    assert component(result, "b").tally.applicable == 0


def test_element_group_component_and_overall_scores() -> None:
    check = checklist(
        element("e1", item("i1", "a"), item("i2", "b"), group="G1"),
        element("e2", item("i3", "a", weight="2"), item("i4", "b", weight="2"), group="G2"),
        element("e3", item("i5", "a"), group="G1"),
        element("e4", item("i6", "b", weight="3")),
    )
    result = run(check, {"i1": YES, "i2": NO, "i3": PARTLY, "i4": NA, "i5": NO, "i6": YES})
    # e1: (1 + 0) / 2 = 50;  e2: 2×0.5 / 2 = 50 (i4 is n/a);  e3: 0 / 1 = 0;  e4: 3 / 3 = 100
    assert element_scores(result) == {"e1": 50, "e2": 50, "e3": 0, "e4": 100}
    assert [e.tally.applicable for e in result.elements] == [2, 1, 1, 1]
    # groups in checklist order, each once; e4 has no group.
    # G1 = e1 + e3: (1 + 0 + 0) / 3 = 33.33…;  G2 = e2 = 50
    assert [(g.name, g.tally.score) for g in result.groups] == [("G1", F(100, 3)), ("G2", 50)]
    # a: i1 1×1 + i3 2×0.5 + i5 0 = 2 over 1 + 2 + 1 = 4 → 50
    # b: i2 0 + i6 3×1 = 3 over 1 + 3 = 4 (i4 n/a) → 75
    assert component(result, "a").tally.score == 50
    assert component(result, "b").tally.score == 75
    # overall: 1 + 0 + 1 + 0 + 3 = 5 over 1 + 1 + 2 + 1 + 3 = 8 → 62.5
    assert result.score == F(125, 2)


def test_no_groups_gives_no_group_results() -> None:
    check = checklist(item("a1"))
    assert run(check, {"a1": YES}).groups == ()


# --- rounding: one decimal, halves up ---------------------------------------------------


@pytest.mark.parametrize(
    ("score", "rounded"),
    [
        (F(6665, 100), F(667, 10)),  # 66.65 exactly → 66.7
        (F(200, 3), F(667, 10)),  # 66.666… → 66.7
        (F(100, 3), F(333, 10)),  # 33.333… → 33.3
        (F(625, 100), F(63, 10)),  # 6.25 → 6.3 (banker's rounding would give 6.2)
        (F(1225, 100), F(123, 10)),  # 12.25 → 12.3
        (F(5, 100), F(1, 10)),  # 0.05 → 0.1
        (F(4, 100), F(0)),  # 0.04 → 0.0
        (F(66649, 1000), F(666, 10)),  # 66.649 → 66.6
        (F(999995, 10000), F(100)),  # 99.9995 → 100.0
        (F(125, 2), F(625, 10)),  # 62.5 stays
        (F(100), F(100)),
        (F(0), F(0)),
    ],
)
def test_round_score_to_one_decimal_halves_up(score: Fraction, rounded: Fraction) -> None:
    assert round_score(score) == rounded


def test_round_score_of_none_is_none() -> None:
    assert round_score(None) is None


def test_score_of_exactly_66_65_rounds_up() -> None:
    check = checklist(item("big", weight="0.6665"), item("small", weight="0.3335"))
    result = run(check, {"big": YES, "small": NO})
    # 100 × 0.6665 / (0.6665 + 0.3335) = 66.65 exactly → 66.7
    assert result.score == F(6665, 100)
    assert round_score(result.score) == F(667, 10)


def test_score_of_exactly_6_25_rounds_up() -> None:
    check = checklist(item("one", weight="1"), item("rest", weight="15"))
    result = run(check, {"one": YES, "rest": NO})
    # 100 × 1 / 16 = 6.25 → 6.3
    assert result.score == F(25, 4)
    assert round_score(result.score) == F(63, 10)


def test_two_thirds_and_one_third() -> None:
    check = checklist(item("x"), item("y"), item("z"))
    two = run(check, {"x": YES, "y": YES, "z": NO})
    one = run(check, {"x": YES, "y": NO, "z": NO})
    assert round_score(two.score) == F(667, 10)
    assert round_score(one.score) == F(333, 10)


# --- 3.3 cells and stages -------------------------------------------------------------

ONE_COMPONENT = continuum(stages=4, components=("a",))
LADDER = checklist(
    item("s2", stage=2), item("s3", stage=3), item("s4", stage=4), cont=ONE_COMPONENT
)


@pytest.mark.parametrize(
    ("s2", "s3", "s4", "expected", "passes"),
    [
        (NO, NO, NO, 1, [False, False, False]),
        (YES, NO, NO, 2, [True, False, False]),
        (YES, YES, NO, 3, [True, True, False]),
        (YES, YES, YES, 4, [True, True, True]),
        # stage 2 fails: nothing above counts
        (NO, YES, YES, 1, [False, True, True]),
        # a passing stage-4 cell after a failing stage-3 cell does not count
        (YES, NO, YES, 2, [True, False, True]),
        # partly = 0.5 < pass mark 0.8
        (YES, PARTLY, YES, 2, [True, False, True]),
    ],
)
def test_stage_counts_consecutive_passing_cells_from_stage_two(
    s2: str, s3: str, s4: str, expected: int, passes: list[bool]
) -> None:
    result = run(LADDER, {"s2": s2, "s3": s3, "s4": s4})
    (only,) = result.components
    assert only.stage == expected
    assert [(cell.stage, cell.passes) for cell in only.cells] == list(
        zip([2, 3, 4], passes, strict=True)
    )
    assert result.stage == expected


def test_cell_with_only_na_items_fails_and_blocks() -> None:
    check = checklist(
        item("s2", stage=2),
        item("s3-x", stage=3),
        item("s3-y", stage=3),
        item("s4", stage=4),
        cont=ONE_COMPONENT,
    )
    result = run(check, {"s2": YES, "s3-x": NA, "s3-y": NA, "s4": YES})
    (only,) = result.components
    assert [cell.passes for cell in only.cells] == [True, False, True]
    assert only.cells[1].tally.applicable == 0
    assert only.stage == 2
    (next_step,) = result.next_steps
    assert next_step.target_stage == 3
    assert next_step.blocked is True
    assert next_step.required == ()
    assert next_step.other == ()
    assert next_step.advance == advance_text("a", 3)


def test_cell_without_items_fails_and_blocks() -> None:
    check = checklist(item("s2", stage=2), item("s4", stage=4), cont=ONE_COMPONENT)
    result = run(check, {"s2": YES, "s4": YES})
    assert stages(result) == {"a": 2}
    (next_step,) = result.next_steps
    assert (next_step.target_stage, next_step.blocked, next_step.required, next_step.other) == (
        3,
        True,
        (),
        (),
    )


def test_cells_hold_only_their_own_component() -> None:
    # b's stage-2 item is fully met, but that does nothing for a's stage-2 cell.
    check = checklist(item("a2", "a", 2), item("b2", "b", 2))
    result = run(check, {"a2": NO, "b2": YES})
    assert stages(result) == {"a": 1, "b": 2}


def test_na_next_to_an_applicable_item_leaves_the_cell_to_it() -> None:
    check = checklist(item("x", stage=2), item("na", stage=2, weight="10"), cont=ONE_COMPONENT)
    result = run(check, {"x": YES, "na": NA})
    # the cell holds only x: 1 ≥ 0.8 × 1
    assert stages(result) == {"a": 2}


def test_na_on_a_fully_met_item_takes_its_credit_out_of_the_cell() -> None:
    # A consequence of 3.3 (n/a items are not in the cell): with pass mark 0.5,
    # yes + no = 1 ≥ 0.5 × 2 passes; n/a + no = 0 < 0.5 × 1 fails.
    check = checklist(item("y"), item("n"), cont=continuum(components=("a",), pass_mark="0.5"))
    assert run(check, {"y": YES, "n": NO}).stage == 2
    assert run(check, {"y": NA, "n": NO}).stage == 1


# --- exact comparison with the pass mark ------------------------------------------------


def exact_case(weights: tuple[str, str, str], pass_mark: str) -> Assessment:
    check = checklist(
        item("w1", weight=weights[0]),
        item("w2", weight=weights[1]),
        item("w3", weight=weights[2]),
        cont=continuum(stages=3, components=("a",), pass_mark=pass_mark),
    )
    return run(check, {"w1": YES, "w2": YES, "w3": NO})


def test_spec_case_exactly_at_the_pass_mark_passes() -> None:
    # Σ(w×c) = 0.1 + 0.7 = 0.8; pass_mark × Σw = 0.8 × 1.0 = 0.8 → 0.8 ≥ 0.8: pass.
    # (In binary floats 0.1 + 0.7 = 0.7999999999999999 < 0.8 and the cell would fail.)
    result = exact_case(("0.1", "0.7", "0.2"), "0.8")
    (only,) = result.components
    assert only.cells[0].passes is True
    assert only.cells[0].tally.score == 80
    assert only.stage == 2
    assert result.stage == 2


def test_just_below_the_pass_mark_by_the_pass_mark() -> None:
    # 0.8 ≥ 0.8000001 × 1.0 is false
    assert exact_case(("0.1", "0.7", "0.2"), "0.8000001").stage == 1


def test_just_below_the_pass_mark_by_the_weights() -> None:
    # Σw = 1.0000001; 0.8 × 1.0000001 = 0.80000008 > 0.8: fail
    assert exact_case(("0.1", "0.7", "0.2000001"), "0.8").stage == 1


def test_just_above_the_pass_mark_by_the_pass_mark() -> None:
    # 0.8 ≥ 0.7999999 × 1.0
    assert exact_case(("0.1", "0.7", "0.2"), "0.7999999").stage == 2


def test_just_above_the_pass_mark_by_the_weights() -> None:
    # Σ(w×c) = 0.8000001; 0.8 × 1.0000001 = 0.80000008 ≤ 0.8000001: pass
    assert exact_case(("0.1", "0.7000001", "0.2"), "0.8").stage == 2


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"x": YES, "y": YES}, 2),  # 2 ≥ 1 × 2
        ({"x": YES, "y": PARTLY}, 1),  # 1.5 < 2
        ({"x": YES, "y": NA}, 2),  # only x applicable: 1 ≥ 1
        ({"x": NA, "y": NA}, 1),  # nothing applicable
        ({"x": YES}, 1),  # y unanswered: 1 < 2
    ],
)
def test_pass_mark_one_needs_every_applicable_item_fully_met(
    answers: dict[str, str], expected: int
) -> None:
    check = checklist(item("x"), item("y"), cont=continuum(components=("a",), pass_mark="1"))
    assert run(check, answers).stage == expected


CUSTOM = scale(("none", "0"), ("some", "0.3"), ("most", "0.7"), ("full", "1"))


def test_custom_credits_exactly_at_the_pass_mark() -> None:
    check = checklist(
        item("x"),
        item("y"),
        scale_values=CUSTOM,
        cont=continuum(components=("a",), pass_mark="0.5"),
    )
    result = run(check, {"x": "some", "y": "most"})
    # 0.3 + 0.7 = 1.0 ≥ 0.5 × 2 → pass; score 50
    assert result.stage == 2
    assert result.score == 50


def test_custom_credits_below_the_pass_mark() -> None:
    check = checklist(
        item("x"),
        item("y"),
        item("z"),
        scale_values=CUSTOM,
        cont=continuum(components=("a",), pass_mark="0.5"),
    )
    result = run(check, {"x": "some", "y": "some", "z": "most"})
    # 0.3 + 0.3 + 0.7 = 1.3 < 0.5 × 3 = 1.5 → fail; score 100 × 1.3 / 3 = 43.33… → 43.3
    assert result.stage == 1
    assert result.score == F(130, 3)
    assert round_score(result.score) == F(433, 10)
    # gains: x 0.7, y 0.7, z 0.3; +x → 2.0 ≥ 1.5
    (next_step,) = result.next_steps
    assert next_step.required == ("x",)
    assert next_step.other == ("y", "z")


def test_weighted_custom_credits_with_a_float_trap() -> None:
    # weights 0.1 and 0.2, both at credit 0.3, pass mark 0.3:
    # Σ(w×c) = 0.03 + 0.06 = 0.09 = 0.3 × 0.3 → pass exactly.
    check = checklist(
        item("x", weight="0.1"),
        item("y", weight="0.2"),
        scale_values=CUSTOM,
        cont=continuum(components=("a",), pass_mark="0.3"),
    )
    result = run(check, {"x": "some", "y": "some"})
    assert result.stage == 2
    assert result.score == 30


# --- overall stage and limiting components -------------------------------------------


THREE = continuum(stages=4, components=("a", "b", "c"))


def test_overall_stage_is_the_lowest_component_stage() -> None:
    check = checklist(
        item("a2", "a", 2),
        item("a3", "a", 3),
        item("b2", "b", 2),
        item("c2", "c", 2),
        item("c3", "c", 3),
        cont=THREE,
    )
    result = run(check, {"a2": YES, "a3": YES, "b2": YES, "c2": YES, "c3": YES})
    assert stages(result) == {"a": 3, "b": 2, "c": 3}
    assert result.stage == 2
    assert result.limiting == ("b",)


def test_several_limiting_components_on_a_tie() -> None:
    check = checklist(
        item("c2", "c", 2),
        item("a2", "a", 2),
        item("b2", "b", 2),
        item("b3", "b", 3),
        cont=THREE,
    )
    result = run(check, {"a2": YES, "b2": YES, "b3": YES, "c2": YES})
    assert stages(result) == {"a": 2, "b": 3, "c": 2}
    assert result.stage == 2
    # continuum order, not checklist order
    assert result.limiting == ("a", "c")


# --- 3.4 next steps --------------------------------------------------------------------


def test_required_fewest_items_by_gain_ties_in_checklist_order() -> None:
    check = checklist(
        item("i1", weight="1"),
        item("i2", weight="3"),
        item("i3", weight="2"),
        item("i4", weight="1"),
        item("i5", weight="2"),
        item("i6", weight="4"),
        cont=continuum(stages=4, components=("a",)),
    )
    result = run(check, {"i1": NO, "i2": PARTLY, "i3": NO, "i4": YES, "i5": PARTLY, "i6": NA})
    # cell (a, 2): Σw = 1 + 3 + 2 + 1 + 2 = 9 (i6 is n/a); Σ(w×c) = 1.5 + 1 + 1 = 3.5
    # needed: 0.8 × 9 = 7.2
    # gains w×(1−c): i1 1, i2 1.5, i3 2, i4 0, i5 1 → order i3, i2, i1, i5 (i1 before i5)
    # +i3 → 5.5, +i2 → 7.0, +i1 → 8.0 ≥ 7.2
    assert result.stage == 1
    (next_step,) = result.next_steps
    assert next_step.component == "a"
    assert next_step.target_stage == 2
    assert next_step.blocked is False
    assert next_step.required == ("i3", "i2", "i1")
    assert next_step.other == ("i5",)  # i4 is fully met, i6 is n/a
    assert next_step.advance == advance_text("a", 2)


@pytest.mark.parametrize(
    ("order", "required", "other"),
    [
        (("t1", "t2", "t3"), ("t1", "t2"), ("t3",)),
        (("t3", "t1", "t2"), ("t3", "t1"), ("t2",)),
        (("t2", "t3", "t1"), ("t2", "t3"), ("t1",)),
    ],
)
def test_equal_gains_follow_checklist_order(
    order: tuple[str, ...], required: tuple[str, ...], other: tuple[str, ...]
) -> None:
    check = checklist(*(item(i) for i in order), cont=continuum(components=("a",), pass_mark="0.5"))
    result = run(check, {"t1": NO, "t2": NO, "t3": NO})
    # need 0.5 × 3 = 1.5: two items of gain 1
    (next_step,) = result.next_steps
    assert next_step.required == required
    assert next_step.other == other


def test_one_heavy_item_beats_several_light_ones() -> None:
    check = checklist(
        item("s1"),
        item("s2"),
        item("s3"),
        item("big", weight="3"),
        cont=continuum(components=("a",), pass_mark="0.5"),
    )
    result = run(check, {"s1": NO, "s2": NO, "s3": NO, "big": NO})
    # need 0.5 × 6 = 3: big alone gives 3
    (next_step,) = result.next_steps
    assert next_step.required == ("big",)
    assert next_step.other == ("s1", "s2", "s3")


def test_unanswered_item_gains_its_full_weight() -> None:
    check = checklist(
        item("p"), item("u"), item("y", weight="3"), cont=continuum(components=("a",))
    )
    result = run(check, {"p": PARTLY, "y": YES})
    # Σw = 5, Σ(w×c) = 0.5 + 3 = 3.5, need 4; gains u 1, p 0.5; +u → 4.5 ≥ 4
    (next_step,) = result.next_steps
    assert next_step.required == ("u",)
    assert next_step.other == ("p",)


def test_custom_scale_gains() -> None:
    check = checklist(
        item("m", weight="1"),
        item("s", weight="1"),
        scale_values=CUSTOM,
        cont=continuum(components=("a",), pass_mark="0.9"),
    )
    result = run(check, {"m": "most", "s": "some"})
    # Σ(w×c) = 1.0, need 1.8; gains m 0.3, s 0.7: +s → 1.7, +m → 2.0
    (next_step,) = result.next_steps
    assert next_step.required == ("s", "m")
    assert next_step.other == ()


def test_next_step_targets_the_cell_above_the_stage() -> None:
    check = checklist(
        item("a2", stage=2),
        item("a3-x", stage=3),
        item("a3-y", stage=3, weight="2"),
        item("a4", stage=4),
        cont=ONE_COMPONENT,
    )
    result = run(check, {"a2": YES, "a3-x": NO, "a3-y": PARTLY, "a4": NO})
    # stage 2; cell (a, 3): Σw 3, Σ(w×c) 1, need 2.4; gains a3-x 1, a3-y 1 (tie → checklist)
    # +a3-x → 2 < 2.4, +a3-y → 3 ≥ 2.4
    (next_step,) = result.next_steps
    assert next_step.target_stage == 3
    assert next_step.required == ("a3-x", "a3-y")
    assert next_step.other == ()
    assert next_step.advance == advance_text("a", 3)


def test_no_next_step_for_a_component_at_the_top_stage() -> None:
    check = checklist(
        item("a2", "a", 2),
        item("a3", "a", 3),
        item("b2", "b", 2),
        item("b3", "b", 3),
        cont=continuum(stages=3, components=("a", "b")),
    )
    result = run(check, {"a2": YES, "a3": YES, "b2": YES, "b3": NO})
    assert stages(result) == {"a": 3, "b": 2}
    assert [(s.component, s.target_stage) for s in result.next_steps] == [("b", 3)]
    assert result.next_steps[0].required == ("b3",)


def test_next_steps_in_component_order() -> None:
    check = checklist(item("b2", "b", 2), item("a2", "a", 2))
    result = run(check, {})
    assert [s.component for s in result.next_steps] == ["a", "b"]


def test_advance_text_comes_from_the_continuum() -> None:
    cont = continuum(stages=3, components=("a",))
    check = checklist(item("a2"), cont=cont)
    result = run(check, {"a2": NO})
    assert result.next_steps[0].advance == cont.stage(2).advance["a"]


# --- roadmap ---------------------------------------------------------------------------


def test_roadmap_unites_required_items_of_limiting_components_in_component_order() -> None:
    check = checklist(
        # c's items come first in the checklist; the roadmap still follows the continuum
        item("z1", "c", 2, weight="2"),
        item("z2", "c", 2),
        item("x1", "a", 2),
        item("x2", "a", 2),
        item("b2", "b", 2),
        item("y1", "b", 3),
        cont=THREE,
    )
    result = run(check, {"z1": NO, "z2": NO, "x1": NO, "x2": NO, "b2": YES, "y1": NO})
    # a: need 1.6 of 2 → x1, x2.  b: stage 2, target 3 → y1 (not limiting).
    # c: Σw 3, need 2.4: +z1 → 2, +z2 → 3 → z1, z2.
    assert stages(result) == {"a": 1, "b": 2, "c": 1}
    assert result.limiting == ("a", "c")
    assert step(result, "a").required == ("x1", "x2")
    assert step(result, "b").required == ("y1",)
    assert step(result, "c").required == ("z1", "z2")
    assert result.roadmap is not None
    assert result.roadmap.target_stage == 2
    assert result.roadmap.items == ("x1", "x2", "z1", "z2")


def test_roadmap_is_none_at_the_top_stage() -> None:
    check = checklist(
        item("a2", "a", 2), item("b2", "b", 2), cont=continuum(stages=2, components=("a", "b"))
    )
    result = run(check, {"a2": YES, "b2": YES})
    assert result.stage == 2
    assert result.next_steps == ()
    assert result.roadmap is None


def test_blocked_limiting_component_adds_nothing_to_the_roadmap() -> None:
    check = checklist(item("b2", "b", 2))
    result = run(check, {"b2": NO})
    # a has no items: blocked at stage 2; b needs b2.
    assert result.limiting == ("a", "b")
    assert step(result, "a").blocked is True
    assert result.roadmap is not None
    assert result.roadmap.items == ("b2",)


def test_roadmap_target_follows_the_overall_stage() -> None:
    check = checklist(
        item("a2", "a", 2),
        item("a3", "a", 3),
        item("b2", "b", 2),
        item("b3", "b", 3),
        item("b4", "b", 4),
    )
    result = run(check, {"a2": YES, "a3": NO, "b2": YES, "b3": YES, "b4": NO})
    assert stages(result) == {"a": 2, "b": 3}
    assert result.roadmap is not None
    assert result.roadmap.target_stage == 3
    assert result.roadmap.items == ("a3",)


# --- unanswered ---------------------------------------------------------------------------


def test_unanswered_in_checklist_order_across_elements() -> None:
    check = checklist(
        element("e1", item("q3"), item("q1")),
        element("e2", item("q2"), item("q4")),
    )
    # answers given in a different order; q4 answered, q2 n/a
    result = run(check, {"q4": YES, "q2": NA})
    assert result.unanswered == ("q3", "q1")
