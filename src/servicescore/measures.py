"""Service measures beside the stages (SPEC 9): each figure against its target, and how
a figure moved between two periods (pure).

Measures never take part in scoring: an assessment's stages and scores are the same
with or without them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, NamedTuple

from servicescore.model import Answers, Checklist, Measure, Number

Change = Literal["improved", "worsened", "unchanged", "added", "removed"]
CHANGES: tuple[Change, ...] = ("improved", "worsened", "unchanged", "added", "removed")

# How a figure is written after its number; a percent sign follows without a space.
UNIT_SUFFIX = {
    "percent": "%",
    "score": "",
    "count": "",
    "seconds": " s",
    "minutes": " min",
    "hours": " h",
    "days": " days",
}


class MeasureResult(NamedTuple):
    """A measure as one answers file reports it."""

    measure: Measure
    value: Number | None
    note: str | None
    met: bool | None  # None: no value, or no target


class MeasureChange(NamedTuple):
    """A measure between two answers files: ``old``/``new`` None where not given (or
    not defined by that side's checklist)."""

    measure: Measure
    old: Number | None
    new: Number | None
    change: Change
    # The old figure's unit: its own checklist's, where a later version counts in another.
    old_unit: str


def results(answers: Answers) -> tuple[MeasureResult, ...]:
    """Every measure the checklist defines, in its order, with the file's figure."""
    reported = []
    for measure in answers.checklist.measures:
        given = answers.measure(measure.id)
        reported.append(MeasureResult(measure, given.value, given.note, measure.met(given.value)))
    return tuple(reported)


def change(measure: Measure, old: Number | None, new: Number | None) -> Change:
    """How a figure moved, by the measure's direction."""
    if old is None:
        return "unchanged" if new is None else "added"
    if new is None:
        return "removed"
    if new.value == old.value:
        return "unchanged"
    if (new.value > old.value) == (measure.better == "higher"):
        return "improved"
    return "worsened"


def compare(old: Answers, new: Answers) -> tuple[MeasureChange, ...]:
    """Each measure of either checklist, the new checklist's order first, then what only
    the old one defines."""
    by_id = {**old.checklist.measure_by_id, **new.checklist.measure_by_id}
    order = [*new.checklist.measure_by_id, *old.checklist.measure_by_id]
    changes = []
    for ident in dict.fromkeys(order):
        measure = by_id[ident]
        before = old.measure(ident).value
        after = new.measure(ident).value
        then = definition_in(old.checklist, measure)
        moved = _redefined(then, measure, before, after)
        if moved is None:
            moved = change(measure, in_unit(before, then.unit, measure.unit), after)
        changes.append(MeasureChange(measure, before, after, moved, then.unit))
    return tuple(changes)


# Seconds in each unit of time: figures in two of them compare once converted.
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def in_unit(value: Number | None, unit: str, wanted: str) -> Number | None:
    """``value`` (in ``unit``) in the unit ``wanted``, exactly; as it is where the two
    are the same (or do not convert: see :func:`comparable`)."""
    if value is None or unit == wanted or unit not in _SECONDS or wanted not in _SECONDS:
        return value
    return Number(value.value * _SECONDS[unit] / _SECONDS[wanted], "")


def _redefined(
    then: Measure, now: Measure, old: Number | None, new: Number | None
) -> Change | None:
    """The change of a measure a later checklist redefined so that its figures no longer
    compare (another direction, or a unit that does not convert): the new figure starts
    afresh, as if added (the old one as if removed). None where they compare."""
    if comparable(then, now):
        return None
    if new is not None:
        return "added"
    return "removed" if old is not None else "unchanged"


def comparable(then: Measure, now: Measure) -> bool:
    """Whether figures of two definitions of a measure compare: one direction, and one
    unit or two units of time."""
    times = then.unit in _SECONDS and now.unit in _SECONDS
    return then.better == now.better and (then.unit == now.unit or times)


def definition_in(checklist: Checklist, measure: Measure) -> Measure:
    """How ``checklist`` defines ``measure`` (a trend's periods may hold several
    versions of a checklist): its own definition, else the measure as given."""
    return checklist.measure_by_id.get(measure.id, measure)


def unit_in(checklist: Checklist, measure: Measure) -> str:
    """The unit ``checklist`` counts ``measure`` in."""
    return definition_in(checklist, measure).unit


def defined(checklists: Sequence[Checklist]) -> tuple[Measure, ...]:
    """The measures of several checklists (a trend's periods), each id once: the latest
    definition, in order of first appearance."""
    found: dict[str, Measure] = {}
    for checklist in checklists:
        for measure in checklist.measures:
            found[measure.id] = measure
    return tuple(found.values())


def number_text(value: Number) -> str:
    """A figure's number as plain decimal text, for display: ``8.25e1`` is shown as
    ``82.5``, ``00080`` as ``80``, ``+5`` as ``5`` and ``-0`` as ``0``; the places
    written after the point stay (``82.50``). (A file is written with ``Number.text``.)"""
    text = format(Decimal(value.text), "f")
    return text.lstrip("-") if value.value == 0 else text


def figure(value: Number | None, unit: str) -> str:
    """A figure with its unit (``82%``, ``45 s``, ``1 day``, ``-12``), or an em dash
    when not given."""
    if value is None:
        return "—"
    suffix = " day" if unit == "days" and value.value == 1 else UNIT_SUFFIX.get(unit, "")
    return number_text(value) + suffix


def figure_in(answers: Answers, measure: Measure) -> str:
    """``answers``' figure of ``measure`` in the unit its own checklist counts it in (a
    trend's periods may hold several versions of a checklist)."""
    return figure(answers.measure(measure.id).value, unit_in(answers.checklist, measure))


def target_text(measure: Measure) -> str:
    """The target with the direction that meets it (``≥ 80%`` when higher is better,
    ``≤ 10%`` when lower), or an em dash without a target."""
    if measure.target is None:
        return "—"
    return ("≥ " if measure.better == "higher" else "≤ ") + figure(measure.target, measure.unit)


def bounds(measure: Measure) -> str:
    """``from 0 to 100``, ``at least 0``, ``at most 5``: where a measure's values lie."""
    low = None if measure.low is None else _bound_text(measure.minimum, measure.low)
    high = None if measure.high is None else _bound_text(measure.maximum, measure.high)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else "any number"


def _bound_text(written: Number | None, value: Fraction) -> str:
    """A bound as the checklist writes it, or the unit's own."""
    return str(value) if written is None else written.text
