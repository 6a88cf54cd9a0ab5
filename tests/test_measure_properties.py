"""Properties of SPEC 9's measures (Hypothesis): :meth:`Measure.met` at and around the
target, how :func:`measures.change` follows a measure's direction, what
:func:`measures.compare`, :func:`measures.results` and :func:`measures.defined` cover,
the figures' text, and that measures never change a score, a stage or a roadmap.

Figures are decimal texts turned into exact fractions, as the loader reads them; every
expected value is computed here from those fractions.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import answers, checklist, item
from servicescore import measures
from servicescore.inputs import load_answers
from servicescore.loader import Loader
from servicescore.model import (
    BETTER,
    MEASURE_UNITS,
    Answers,
    Measure,
    MeasureValue,
    Number,
)
from servicescore.scoring import Assessment, assess

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[1]
IDS = ("fcr", "repeats", "nps", "csat", "attrition")


# --- strategies -------------------------------------------------------------------------

decimals = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False)


@st.composite
def numbers(draw: st.DrawFn) -> Number:
    """A figure as a file may write it: plain decimal or with an exponent."""
    value = draw(decimals)
    text = draw(st.sampled_from([str(value), f"{value:e}", f"{value:+f}"]))
    return Number(Fraction(Decimal(text)), text)


figures = st.none() | numbers()


@st.composite
def measure_of(draw: st.DrawFn, ident: str | None = None) -> Measure:
    return Measure(
        ident or draw(st.sampled_from(IDS)),
        draw(st.text(min_size=1, max_size=10)),
        draw(st.sampled_from(MEASURE_UNITS)),
        draw(st.sampled_from(BETTER)),
        draw(figures),
    )


@st.composite
def defined_measures(draw: st.DrawFn) -> tuple[Measure, ...]:
    """Some of the ids, each once, in any order."""
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True))
    return tuple(draw(measure_of(ident)) for ident in chosen)


@st.composite
def figures_for(draw: st.DrawFn, ids: tuple[str, ...]) -> dict[str, MeasureValue]:
    """Figures for some of ``ids``, a value or none, a note or none."""
    given_ids = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    notes = st.none() | st.text(max_size=8)
    return {ident: MeasureValue(draw(figures), draw(notes)) for ident in given_ids}


BASE = checklist(item("a2", "a", 2), item("b2", "b", 2), item("a3", "a", 3), item("b3", "b", 3))


def with_measures(defined: tuple[Measure, ...], given: dict[str, MeasureValue]) -> Answers:
    measured = dataclasses.replace(BASE, measures=defined)
    return dataclasses.replace(answers(measured), measures=given)


@st.composite
def measured_answers(draw: st.DrawFn) -> Answers:
    defined = draw(defined_measures())
    return with_measures(defined, draw(figures_for(tuple(m.id for m in defined))))


# --- met --------------------------------------------------------------------------------


@SETTINGS
@given(measure=measure_of(), target=numbers(), better=st.sampled_from(BETTER))
def test_a_figure_exactly_at_the_target_meets_it_in_both_directions(
    measure: Measure, target: Number, better: str
) -> None:
    measure = measure._replace(target=target, better=better)
    assert measure.met(target) is True
    # The same value computed rather than read (no text) is the same figure.
    assert measure.met(Number(target.value, "")) is True


@SETTINGS
@given(measure=measure_of(), target=numbers(), value=numbers())
def test_met_is_at_or_above_the_target_for_higher_and_at_or_below_for_lower(
    measure: Measure, target: Number, value: Number
) -> None:
    higher = measure._replace(target=target, better="higher").met(value)
    lower = measure._replace(target=target, better="lower").met(value)
    assert higher is (value.value >= target.value)
    assert lower is (value.value <= target.value)
    # Off the target, exactly one direction is met.
    assert (higher and lower) is (value.value == target.value)
    assert higher or lower


@SETTINGS
@given(measure=measure_of(), value=figures)
def test_met_is_none_without_a_figure_or_a_target(measure: Measure, value: Number | None) -> None:
    assert measure._replace(target=None).met(value) is None
    assert measure.met(None) is None


# --- change -----------------------------------------------------------------------------

OPPOSITE = {"improved": "worsened", "worsened": "improved", "unchanged": "unchanged"}
OPPOSITE.update(added="removed", removed="added")


@SETTINGS
@given(measure=measure_of(), old=figures, new=figures)
def test_change_follows_the_direction_and_is_antisymmetric(
    measure: Measure, old: Number | None, new: Number | None
) -> None:
    kind = measures.change(measure, old, new)
    assert kind in measures.CHANGES
    # Swapping the periods turns each change into its opposite.
    assert measures.change(measure, new, old) == OPPOSITE[kind]
    other = measure._replace(better="lower" if measure.better == "higher" else "higher")
    if old is None or new is None:
        expected = {(True, True): "unchanged", (True, False): "added", (False, True): "removed"}
        assert kind == expected[old is None, new is None]
        assert measures.change(other, old, new) == kind
        return
    rose = new.value > old.value
    if new.value == old.value:
        assert kind == "unchanged"
    else:
        assert kind == ("improved" if rose == (measure.better == "higher") else "worsened")
    # The other direction sees the same move the other way.
    assert measures.change(other, old, new) == OPPOSITE[kind]


# --- compare, results, defined ----------------------------------------------------------


@SETTINGS
@given(old=measured_answers(), new=measured_answers())
def test_compare_covers_every_measure_of_either_side_once(old: Answers, new: Answers) -> None:
    changes = measures.compare(old, new)
    ids = [change.measure.id for change in changes]
    new_ids = [m.id for m in new.checklist.measures]
    old_only = [m.id for m in old.checklist.measures if m.id not in new_ids]
    assert ids == new_ids + old_only
    for change in changes:
        ident = change.measure.id
        assert change.old == old.measure(ident).value
        assert change.new == new.measure(ident).value
        then = {m.id: m for m in old.checklist.measures}.get(ident, change.measure)
        assert change.old_unit == then.unit
        if not _comparable(then, change.measure):
            # Redefined past comparing: the new figure starts afresh.
            given = (change.old is not None, change.new is not None)
            assert change.change == (
                "added" if given[1] else "removed" if given[0] else "unchanged"
            )
            continue
        before = change.old
        if before is not None and then.unit != change.measure.unit:  # times convert
            ratio = Fraction(_SECONDS[then.unit], _SECONDS[change.measure.unit])
            before = Number(before.value * ratio, "")
        assert change.change == measures.change(change.measure, before, change.new)
        # The definition is the new side's where it defines the measure.
        side = new if ident in new_ids else old
        assert change.measure in side.checklist.measures


@SETTINGS
@given(old=measured_answers(), new=measured_answers())
def test_compare_both_ways_is_each_change_reversed(old: Answers, new: Answers) -> None:
    forward = {c.measure.id: c for c in measures.compare(old, new)}
    backward = {c.measure.id: c for c in measures.compare(new, old)}
    assert set(forward) == set(backward)
    for ident, change in forward.items():
        back = backward[ident]
        assert (back.old, back.new) == (change.new, change.old)
        if _comparable(change.measure, back.measure):
            assert back.change == OPPOSITE[change.change]


_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def _comparable(then: Measure, now: Measure) -> bool:
    """Whether figures of two definitions of a measure compare: one direction, and one
    unit or two units of time."""
    units = then.unit == now.unit or (then.unit in _SECONDS and now.unit in _SECONDS)
    return then.better == now.better and units


@SETTINGS
@given(given_answers=measured_answers())
def test_results_are_every_defined_measure_in_order_with_its_figure(
    given_answers: Answers,
) -> None:
    results = measures.results(given_answers)
    assert [r.measure for r in results] == list(given_answers.checklist.measures)
    for result in results:
        figure = given_answers.measure(result.measure.id)
        assert (result.value, result.note) == (figure.value, figure.note)
        assert result.met == result.measure.met(result.value)


@SETTINGS
@given(periods=st.lists(defined_measures(), max_size=4))
def test_defined_is_each_id_once_in_first_order_with_the_latest_definition(
    periods: list[tuple[Measure, ...]],
) -> None:
    lists = [dataclasses.replace(BASE, measures=defined) for defined in periods]
    found = measures.defined(lists)
    ids = [m.id for m in found]
    first_seen = list(dict.fromkeys(m.id for defined in periods for m in defined))
    assert ids == first_seen
    for measure in found:
        latest = [m for defined in periods for m in defined if m.id == measure.id][-1]
        assert measure == latest


# --- the figures' text ------------------------------------------------------------------


@SETTINGS
@given(value=numbers(), unit=st.sampled_from(MEASURE_UNITS))
def test_a_figure_is_its_exact_value_in_plain_decimals_with_its_unit(
    value: Number, unit: str
) -> None:
    text = measures.number_text(value)
    assert "e" not in text.lower() and not text.startswith("+")
    assert not text.lstrip("-").startswith("00") and not (value.value == 0 and "-" in text)
    assert Fraction(text) == value.value
    shown = measures.figure(value, unit)
    one_day = unit == "days" and value.value == 1
    assert shown == text + (" day" if one_day else measures.UNIT_SUFFIX[unit])


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("00080", "80"),
        ("82.", "82"),
        ("+5", "5"),
        ("-0", "0"),
        ("-0.00", "0.00"),
        ("82.50", "82.50"),
        ("1e2", "100"),
        ("1.5e-3", "0.0015"),
        (".5", "0.5"),
        ("-012.5", "-12.5"),
    ],
)
def test_a_figure_is_shown_normalised_as_a_decimal_keeping_its_places(
    written: str, shown: str
) -> None:
    assert measures.number_text(Number.of(written)) == shown


def test_one_day_is_singular() -> None:
    days = [measures.figure(Number.of(text), "days") for text in ("1", "1.0", "2", "0.5")]
    assert days == ["1 day", "1.0 day", "2 days", "0.5 days"]


def test_a_figure_not_given_is_a_dash() -> None:
    assert [measures.figure(None, unit) for unit in MEASURE_UNITS] == ["—"] * len(MEASURE_UNITS)
    assert measures.figure(Number.of("82"), "percent") == "82%"
    assert measures.figure(Number.of("8.25e1"), "seconds") == "82.5 s"
    assert measures.figure(Number.of("-12"), "score") == "-12"


# --- measures never change a score or a stage --------------------------------------------


def scored(assessment: Assessment) -> tuple[object, ...]:
    """Everything of an assessment but the answers it was made from."""
    return tuple(getattr(assessment, name) for name in Assessment._fields if name != "answers")


@SETTINGS
@given(
    given_answers=st.dictionaries(
        st.sampled_from(["a2", "b2", "a3", "b3"]),
        st.sampled_from(["yes", "partly", "no", "n/a", None]),
    ),
    measured=measured_answers(),
)
def test_measures_never_change_a_score_a_stage_or_a_roadmap(
    given_answers: dict[str, str | None], measured: Answers
) -> None:
    plain = answers(BASE, given_answers)
    with_figures = dataclasses.replace(
        plain,
        checklist=dataclasses.replace(BASE, measures=measured.checklist.measures),
        measures=measured.measures,
    )
    before, after = assess(plain), assess(with_figures)
    assert scored(after) == scored(before)
    assert (after.stage, after.score, after.roadmap) == (before.stage, before.score, before.roadmap)


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_the_examples_score_the_same_without_their_measures(path: Path) -> None:
    [loaded] = load_answers([path], None, Loader())
    assert loaded.checklist.measures, "the shipped checklists define measures"
    bare = dataclasses.replace(
        loaded,
        checklist=dataclasses.replace(loaded.checklist, measures=()),
        measures={},
    )
    assert scored(assess(loaded)) == scored(assess(bare))
