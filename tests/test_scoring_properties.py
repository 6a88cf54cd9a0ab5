"""Properties of SPEC section 3 over random checklists and answers (Hypothesis).

Every property is checked against an independent reference written here with
:class:`fractions.Fraction` over the decimal texts of weights, credits and pass mark.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import ElementSpec, ItemSpec, answers, checklist, continuum, scale
from servicescore.model import NOT_APPLICABLE, Checklist
from servicescore.render.json import report_data
from servicescore.scoring import Assessment, assess

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

ABSENT = object()  # the item is left out of the answers mapping


# --- strategies -------------------------------------------------------------------------


def decimal_text(units: int, places: int) -> str:
    """``units`` × 10^-places, written as a plain decimal ("0.05", "12", "1.250")."""
    if places == 0:
        return str(units)
    whole, frac = divmod(units, 10**places)
    return f"{whole}.{frac:0{places}d}"


@st.composite
def decimals(draw: st.DrawFn, low: int, high: int, max_places: int = 3) -> str:
    """A decimal text with value in [low, high] × 1 (low/high in whole units)."""
    places = draw(st.integers(0, max_places))
    units = draw(st.integers(low * 10**places, high * 10**places))
    return decimal_text(units, places)


weights = st.one_of(
    st.just("1"),
    decimals(0, 5).filter(lambda text: Fraction(text) > 0),
)
credits = st.one_of(st.sampled_from(["0", "0.5", "1"]), decimals(0, 1))
pass_marks = st.one_of(
    st.sampled_from(["0.8", "1", "0.5"]), decimals(0, 1).filter(lambda t: Fraction(t) > 0)
)


@dataclass(frozen=True)
class Case:
    check: Checklist
    given: tuple[tuple[str, object], ...]  # (item id, value | None | ABSENT)

    def answers_mapping(self) -> dict[str, str | None]:
        return {k: v for k, v in self.given if v is not ABSENT}  # type: ignore[misc]


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    n_components = draw(st.integers(1, 4))
    components = [f"c{i}" for i in range(n_components)]
    n_stages = draw(st.integers(2, 6))
    cont = continuum(stages=n_stages, components=components, pass_mark=draw(pass_marks))
    n_scale = draw(st.integers(1, 5))
    scale_values = scale(
        *((f"v{i}", draw(credits)) for i in range(n_scale)),
    )
    n_items = draw(st.integers(1, 12))
    items = [
        ItemSpec(
            f"i{i}",
            draw(st.sampled_from(components)),
            draw(st.integers(2, n_stages)),
            draw(weights),
        )
        for i in range(n_items)
    ]
    # cut the items into 1..4 consecutive elements, each in a random group or none
    cuts = sorted(draw(st.sets(st.integers(1, n_items - 1), max_size=3))) if n_items > 1 else []
    bounds = [0, *cuts, n_items]
    elements = [
        ElementSpec(
            f"e{k}",
            tuple(items[bounds[k] : bounds[k + 1]]),
            draw(st.sampled_from([None, "G1", "G2", "G3"])),
        )
        for k in range(len(bounds) - 1)
    ]
    return checklist(*elements, cont=cont, scale_values=scale_values)


def answer_values(check: Checklist) -> st.SearchStrategy[object]:
    values = [entry.value for entry in check.scale]
    return st.sampled_from([*values, NOT_APPLICABLE, None, ABSENT])


@st.composite
def cases(draw: st.DrawFn) -> Case:
    check = draw(checklists())
    value = answer_values(check)
    given_pairs = tuple((item.id, draw(value)) for item in check.items)
    return Case(check, given_pairs)


def run(check: Checklist, mapping: dict[str, str | None]) -> Assessment:
    return assess(answers(check, mapping))


# --- the independent reference -----------------------------------------------------------


class Reference:
    """SPEC 3 written out plainly with Fractions of the decimal texts."""

    def __init__(self, check: Checklist, mapping: dict[str, str | None]) -> None:
        self.check = check
        self.cont = check.continuum
        self.pass_mark = Fraction(self.cont.pass_mark.text)
        scale_credit = {entry.value: Fraction(entry.credit.text) for entry in check.scale}
        self.weight = {item.id: Fraction(item.weight.text) for item in check.items}
        self.credit: dict[str, Fraction | None] = {}
        for item in check.items:
            value = mapping.get(item.id)
            if value is None:
                self.credit[item.id] = Fraction(0)
            elif value == NOT_APPLICABLE:
                self.credit[item.id] = None
            else:
                self.credit[item.id] = scale_credit[value]
        self.order = {item.id: index for index, item in enumerate(check.items)}

    def applicable(self, ids: Sequence[str]) -> list[str]:
        return [i for i in ids if self.credit[i] is not None]

    def score(self, ids: Sequence[str]) -> Fraction | None:
        ids = self.applicable(ids)
        if not ids:
            return None
        earned = sum((self.weight[i] * self.credit[i] for i in ids), Fraction(0))  # type: ignore[operator]
        return 100 * earned / sum((self.weight[i] for i in ids), Fraction(0))

    def cell(self, component: str, stage: int) -> list[str]:
        return self.applicable(
            [i.id for i in self.check.items if i.component == component and i.stage == stage]
        )

    def passes(self, ids: Sequence[str], raised: frozenset[str] = frozenset()) -> bool:
        ids = self.applicable(ids)
        if not ids:
            return False
        earned = sum(
            (self.weight[i] * (1 if i in raised else self.credit[i]) for i in ids),  # type: ignore[misc]
            Fraction(0),
        )
        return earned >= self.pass_mark * sum((self.weight[i] for i in ids), Fraction(0))

    def stage(self, component: str) -> int:
        stage = 1
        for number in range(2, self.cont.top + 1):
            if not self.passes(self.cell(component, number)):
                break
            stage = number
        return stage

    def gain(self, ident: str) -> Fraction:
        return self.weight[ident] * (1 - self.credit[ident])  # type: ignore[operator]


def rounded(score: Fraction | None) -> float | None:
    if score is None:
        return None
    return float(Fraction(math.floor(score * 10 + Fraction(1, 2)), 10))


# --- bounds and agreement with the reference ----------------------------------------------


@SETTINGS
@given(cases())
def test_bounds(case: Case) -> None:
    result = run(case.check, case.answers_mapping())
    top = case.check.continuum.top
    scores = [result.score]
    scores += [c.tally.score for c in result.components]
    scores += [g.tally.score for g in result.groups]
    scores += [e.tally.score for e in result.elements]
    for cell in (cell for c in result.components for cell in c.cells):
        scores.append(cell.tally.score)
    for score in scores:
        assert score is None or 0 <= score <= 100
    for c in result.components:
        assert 1 <= c.stage <= top
    assert 1 <= result.stage <= top
    assert result.stage == min(c.stage for c in result.components)
    assert result.limiting == tuple(
        c.component.id for c in result.components if c.stage == result.stage
    )
    assert result.limiting  # never empty


@SETTINGS
@given(cases())
def test_agrees_with_an_independent_fraction_computation(case: Case) -> None:
    mapping = case.answers_mapping()
    result = run(case.check, mapping)
    ref = Reference(case.check, mapping)
    check = case.check
    cont = check.continuum

    assert [c.component.id for c in result.components] == [c.id for c in cont.components]
    for comp in result.components:
        ident = comp.component.id
        assert [cell.stage for cell in comp.cells] == list(range(2, cont.top + 1))
        for cell in comp.cells:
            assert cell.passes == ref.passes(ref.cell(ident, cell.stage)), (ident, cell.stage)
            assert cell.tally.applicable == len(ref.cell(ident, cell.stage))
        assert comp.stage == ref.stage(ident)
        assert comp.tally.score == ref.score([i.id for i in check.items if i.component == ident])
    assert result.stage == min(ref.stage(c.id) for c in cont.components)

    assert result.score == ref.score([i.id for i in check.items])
    for element_result in result.elements:
        ids = [i.id for i in element_result.element.items]
        assert element_result.tally.score == ref.score(ids)
        assert element_result.tally.applicable == len(ref.applicable(ids))
    expected_groups = list(dict.fromkeys(e.group for e in check.elements if e.group is not None))
    assert [g.name for g in result.groups] == expected_groups
    for group in result.groups:
        ids = [i.id for e in check.elements if e.group == group.name for i in e.items]
        assert group.tally.score == ref.score(ids)

    assert [r.credit for r in result.items] == [ref.credit[i.id] for i in check.items]
    assert result.unanswered == tuple(i.id for i in check.items if mapping.get(i.id) is None)

    data = report_data(result)
    assert data["score"] == rounded(ref.score([i.id for i in check.items]))
    assert [c["score"] for c in data["components"]] == [
        rounded(c.tally.score) for c in result.components
    ]
    assert [e["score"] for e in data["elements"]] == [
        rounded(e.tally.score) for e in result.elements
    ]


# --- monotonicity ----------------------------------------------------------------------------


def all_scores(result: Assessment) -> list[Fraction | None]:
    return [
        result.score,
        *(c.tally.score for c in result.components),
        *(g.tally.score for g in result.groups),
        *(e.tally.score for e in result.elements),
    ]


@SETTINGS
@given(cases(), st.data())
def test_raising_one_answer_never_lowers_a_score_or_stage(case: Case, data: st.DataObject) -> None:
    mapping = case.answers_mapping()
    ref = Reference(case.check, mapping)
    credit_of = {entry.value: entry.credit.value for entry in case.check.scale}
    # (item, better value) pairs: answered or unanswered items, values of higher credit
    moves = [
        (item.id, value)
        for item in case.check.items
        if ref.credit[item.id] is not None
        for value, credit in credit_of.items()
        if credit > ref.credit[item.id]  # type: ignore[operator]
    ]
    if not moves:
        return
    ident, value = data.draw(st.sampled_from(moves))
    before = run(case.check, mapping)
    after = run(case.check, {**mapping, ident: value})
    for old, new in zip(all_scores(before), all_scores(after), strict=True):
        assert (old is None) == (new is None)
        if old is not None:
            assert new >= old  # type: ignore[operator]
    for old_c, new_c in zip(before.components, after.components, strict=True):
        assert new_c.stage >= old_c.stage
    assert after.stage >= before.stage


# --- order independence ---------------------------------------------------------------------


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_the_answers_mapping_does_not_matter(case: Case, rnd) -> None:
    pairs = [(k, v) for k, v in case.given if v is not ABSENT]
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    one = assess(answers(case.check, pairs))
    two = assess(answers(case.check, shuffled))
    assert one == two
    assert report_data(one) == report_data(two)
    assert [r.item.id for r in one.items] == [i.id for i in case.check.items]


# --- n/a ------------------------------------------------------------------------------------
#
# Under 3.3 an n/a item leaves its cell. Taking out a fully met item can only lower a cell's
# ratio (and may empty it), so n/a on a fully met item never RAISES a stage (it can lower one:
# see test_scoring.test_na_on_a_fully_met_item_takes_its_credit_out_of_the_cell). Taking out an
# item of credit 0 can only raise the ratio of a cell that keeps items, and a cell it empties
# failed before, so n/a on a zero-credit item never LOWERS a stage.


def stage_vector(result: Assessment) -> list[int]:
    return [result.stage, *(c.stage for c in result.components)]


@SETTINGS
@given(cases(), st.data())
def test_na_on_a_zero_credit_item_never_lowers_a_stage(case: Case, data: st.DataObject) -> None:
    mapping = case.answers_mapping()
    ref = Reference(case.check, mapping)
    zero = [i.id for i in case.check.items if ref.credit[i.id] == 0]
    if not zero:
        return
    ident = data.draw(st.sampled_from(zero))
    before = run(case.check, mapping)
    after = run(case.check, {**mapping, ident: NOT_APPLICABLE})
    assert all(a >= b for a, b in zip(stage_vector(after), stage_vector(before), strict=True))


@SETTINGS
@given(cases(), st.data())
def test_na_on_a_fully_met_item_never_raises_a_stage(case: Case, data: st.DataObject) -> None:
    mapping = case.answers_mapping()
    ref = Reference(case.check, mapping)
    full = [i.id for i in case.check.items if ref.credit[i.id] == 1]
    if not full:
        return
    ident = data.draw(st.sampled_from(full))
    before = run(case.check, mapping)
    after = run(case.check, {**mapping, ident: NOT_APPLICABLE})
    assert all(a <= b for a, b in zip(stage_vector(after), stage_vector(before), strict=True))


# --- next steps and roadmap ------------------------------------------------------------------

BRUTE_FORCE_LIMIT = 10


@SETTINGS
@given(cases())
def test_next_steps_required_is_minimal_and_sufficient(case: Case) -> None:
    mapping = case.answers_mapping()
    result = run(case.check, mapping)
    ref = Reference(case.check, mapping)
    cont = case.check.continuum

    expected_components = [c.component.id for c in result.components if c.stage < cont.top]
    assert [s.component for s in result.next_steps] == expected_components

    for step in result.next_steps:
        stage = next(c.stage for c in result.components if c.component.id == step.component)
        assert step.target_stage == stage + 1
        assert step.advance == cont.stage(step.target_stage).advance[step.component]
        cell = ref.cell(step.component, step.target_stage)
        if not cell:
            assert step.blocked is True
            assert step.required == ()
            assert step.other == ()
            continue
        assert step.blocked is False
        assert not ref.passes(cell)  # the target cell is the first failing one

        open_items = sorted(
            (i for i in cell if ref.credit[i] != 1), key=lambda i: (-ref.gain(i), ref.order[i])
        )
        required, other = list(step.required), list(step.other)
        # required then other: every not-fully-met item of the cell once, by gain, ties in order
        assert required + other == open_items
        assert required  # the cell fails, so something is required

        # raising exactly the required items makes the cell pass
        assert ref.passes(cell, frozenset(required))
        # dropping any one of them does not
        for dropped in required:
            assert not ref.passes(cell, frozenset(required) - {dropped})
        # no smaller set of items passes (brute force on small cells)
        if len(open_items) <= BRUTE_FORCE_LIMIT:
            for size in range(len(required)):
                for subset in combinations(open_items, size):
                    assert not ref.passes(cell, frozenset(subset)), subset


@SETTINGS
@given(cases())
def test_roadmap_is_the_union_of_required_items_of_limiting_components(case: Case) -> None:
    result = run(case.check, case.answers_mapping())
    top = case.check.continuum.top
    if result.stage == top:
        assert result.roadmap is None
        assert result.next_steps == ()
        return
    assert result.roadmap is not None
    assert result.roadmap.target_stage == result.stage + 1
    steps = {s.component: s for s in result.next_steps}
    expected: list[str] = []
    for ident in result.limiting:  # continuum order
        for item_id in steps[ident].required:
            if item_id not in expected:
                expected.append(item_id)
    assert list(result.roadmap.items) == expected


# --- exactness at the pass mark ----------------------------------------------------------------


@st.composite
def boundary_cells(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Weights summing to exactly 1, with one answer and one credit each."""
    count = draw(st.integers(2, 6))
    parts = sorted(draw(st.sets(st.integers(1, 999), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *parts, 1000]
    weight_texts = [decimal_text(b - a, 3) for a, b in pairwise(bounds)]
    credit_texts = draw(st.lists(credits, min_size=count, max_size=count))
    return weight_texts, credit_texts


@SETTINGS
@given(boundary_cells())
def test_a_cell_exactly_at_the_pass_mark_passes_and_just_below_fails(
    cell: tuple[list[str], list[str]],
) -> None:
    weight_texts, credit_texts = cell
    # Weights sum to exactly 1 and each item is answered with its own scale value of the drawn
    # credit, so Σ(w×c)/Σw = Σ(w×c) has at most 6 decimals and can be written as a pass mark.
    # Binary floats get many of these wrong (0.1 + 0.7 < 0.8); exact arithmetic never does.
    ratio = sum(
        (Fraction(w) * Fraction(c) for w, c in zip(weight_texts, credit_texts, strict=True)),
        Fraction(0),
    )
    if ratio == 0:
        return
    units = ratio * 10**6
    assert units.denominator == 1
    at = decimal_text(int(units), 6)
    above = decimal_text(int(units) + 1, 6)
    below = decimal_text(int(units) - 1, 6)
    specs = [ItemSpec(f"i{k}", "c0", 2, w) for k, w in enumerate(weight_texts)]
    values = scale(*((f"v{k}", c) for k, c in enumerate(credit_texts)))
    mapping: dict[str, str | None] = {f"i{k}": f"v{k}" for k in range(len(specs))}

    def stage_at(pass_mark: str) -> int:
        cont = continuum(stages=2, components=("c0",), pass_mark=pass_mark)
        return run(checklist(*specs, cont=cont, scale_values=values), mapping).stage

    assert stage_at(at) == 2  # Σ(w×c) = pass_mark × 1: passes
    if Fraction(above) <= 1:
        assert stage_at(above) == 1  # a millionth above the ratio: fails
    if Fraction(below) > 0:
        assert stage_at(below) == 2


# --- provisional results: the stage range (SPEC 3.5) -------------------------------------------
#
# An unanswered item counts at credit 0. Answering it with any scale value or n/a moves a
# cell only one way from each bound: a cell that passes with the item at credit 0 keeps
# passing when it is raised, and when it leaves the cell as n/a (Σ(w×c) ≥ p × (W + w) implies
# Σ(w×c) ≥ p × W, and the cell keeps an item of credit > 0). A cell that fails with the item at
# credit 1 fails with a lower credit, and as n/a too: Σ(w×c) + w < p × (W + w) gives
# Σ(w×c) < p × W − (1 − p) × w ≤ p × W (0 < p ≤ 1), or the cell is left empty. Stages climb
# consecutive passing cells, so every completion lies in [low, high], n/a included.


def with_full_and_zero(check: Checklist) -> Checklist:
    """``check`` with scale values of credit 0 and 1 added, so that both bounds can be
    reached by real answers (a drawn scale may hold neither)."""
    extra = scale(("zero-credit", "0"), ("full-credit", "1"))
    return dataclasses.replace(check, scale=(*check.scale, *extra))


def ranges(result: Assessment) -> list[tuple[int, int]]:
    """The overall stage range, then each component's."""
    return [tuple(result.stage_range), *(tuple(c.stage_range) for c in result.components)]  # type: ignore[misc]


@SETTINGS
@given(cases(), st.data())
def test_every_completion_of_the_unanswered_items_lies_in_the_stage_range(
    case: Case, data: st.DataObject
) -> None:
    mapping = case.answers_mapping()
    result = run(case.check, mapping)
    choices = [*(entry.value for entry in case.check.scale), NOT_APPLICABLE]
    completion = {
        ident: data.draw(st.sampled_from(choices), label=ident) for ident in result.unanswered
    }
    completed = run(case.check, {**mapping, **completion})
    assert completed.unanswered == ()
    for (low, high), stage in zip(ranges(result), stage_vector(completed), strict=True):
        assert low <= stage <= high


@SETTINGS
@given(cases())
def test_the_stage_range_is_reached_by_the_all_0_and_all_1_completions(case: Case) -> None:
    check = with_full_and_zero(case.check)
    mapping = case.answers_mapping()
    result = run(check, mapping)
    lowest = run(check, {**mapping, **dict.fromkeys(result.unanswered, "zero-credit")})
    highest = run(check, {**mapping, **dict.fromkeys(result.unanswered, "full-credit")})
    assert [low for low, _ in ranges(result)] == stage_vector(lowest)
    assert [high for _, high in ranges(result)] == stage_vector(highest)
    # the low bound is the stage the report shows
    assert [low for low, _ in ranges(result)] == stage_vector(result)


@SETTINGS
@given(cases())
def test_the_stage_range_agrees_with_the_reference(case: Case) -> None:
    mapping = case.answers_mapping()
    result = run(case.check, mapping)
    ref = Reference(case.check, mapping)
    raised = frozenset(result.unanswered)

    def high(component: str) -> int:
        stage = 1
        for number in range(2, case.check.continuum.top + 1):
            if not ref.passes(ref.cell(component, number), raised):
                break
            stage = number
        return stage

    highs = [high(c.id) for c in case.check.continuum.components]
    assert [c.stage_range.high for c in result.components] == highs
    assert result.stage_range.high == min(highs)
    assert result.provisional == bool(result.unanswered)
    if not result.provisional:
        assert all(low == high for low, high in ranges(result))
