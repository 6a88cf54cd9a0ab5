"""Reading ``measures:`` (SPEC 9): a checklist's definitions and an answers file's
figures, every problem reported at its place under the measures' own rules."""

from __future__ import annotations

from collections.abc import Mapping as Mapping_
from fractions import Fraction

from servicescore.fields import FileReport, quoted_list, suggest
from servicescore.model import BETTER, MEASURE_UNITS, Measure, MeasureValue, Number
from servicescore.yamlfile import Entry, Mapping, Mark, Node, Scalar, kind_name, quoted

_DEFINITION = "measure-definition"
_VALUE = "measure-value"
_REQUIRED = ("id", "name", "unit", "better")
_OPTIONAL = ("target", "min", "max", "description")


def definitions(report: FileReport, entry: Entry) -> tuple[Measure, ...] | None:
    """A checklist's ``measures:``, or None when any of them is wrong."""
    node = entry.value
    if isinstance(node, Scalar) and node.is_null:
        return ()
    nodes = report.sequence(entry, "'measures'", allow_empty=True)
    if nodes is None:
        return None
    measures: list[Measure] = []
    seen: dict[str, Mark] = {}
    ok = True
    for index, item in enumerate(nodes, 1):
        measure = _definition(report, item, index, seen)
        if measure is None:
            ok = False
        else:
            measures.append(measure)
    return tuple(measures) if ok else None


def _definition(
    report: FileReport, node: Node, index: int, seen: dict[str, Mark]
) -> Measure | None:
    r = report
    fields = r.mapping(node, f"measure {index}", required=_REQUIRED, optional=_OPTIONAL)
    if fields is None:
        return None
    ident = r.slug(fields.get("id"), "measure 'id'")
    if ident is not None:
        if ident in seen:
            r.report(
                fields["id"].value.mark,
                "duplicate-id",
                f"duplicate measure id '{ident}' (first at line {seen[ident].line})",
            )
            ident = None
        else:
            seen[ident] = fields["id"].value.mark
    name = r.text(fields.get("name"), "measure 'name'")
    unit = _choice(r, fields.get("unit"), "unit", MEASURE_UNITS)
    better = _choice(r, fields.get("better"), "better", BETTER)
    description = r.text(fields.get("description"), "measure 'description'", allow_empty=True)
    numbers: dict[str, Number | None] = {}
    ok = "description" not in fields or description is not None or _null(fields["description"])
    for key in ("target", "min", "max"):
        if key in fields and not _null(fields[key]):
            numbers[key] = r.number(fields[key], f"measure '{key}'", _DEFINITION)
            ok = ok and numbers[key] is not None
    if not ok:
        return None
    # The bounds are checked even where the unit or direction is wrong: every problem at
    # once. An unknown unit bounds nothing of its own.
    measure = Measure(
        ident or "?",
        name or "",
        unit or "",
        better or "higher",
        numbers.get("target"),
        numbers.get("min"),
        numbers.get("max"),
        description or "",
    )
    low, high = measure.low, measure.high
    if low is not None and high is not None and low >= high:
        key = "min" if measure.minimum is not None else "max"
        r.report(
            fields[key].value.mark,
            _DEFINITION,
            f"measure '{measure.id}' has 'min' {_bound_text(measure.minimum, low)}, not below "
            f"its 'max' {_bound_text(measure.maximum, high)}",
        )
        return None
    target = measure.target
    if target is not None and not within(measure, target.value):
        r.report(
            fields["target"].value.mark,
            _DEFINITION,
            f"measure '{measure.id}' has 'target' {target.text} outside its bounds: "
            + bounds(measure),
        )
        return None
    return None if None in (ident, name, unit, better) else measure


def _choice(
    report: FileReport, entry: Entry | None, key: str, choices: tuple[str, ...]
) -> str | None:
    text = report.text(entry, f"measure '{key}'")
    if text is None or entry is None:
        return None
    if text not in choices:
        report.report(
            entry.value.mark,
            _DEFINITION,
            f"measure '{key}' {quoted(text)} is not one of {quoted_list(choices)}"
            + suggest(text, choices),
        )
        return None
    return text


def _null(entry: Entry) -> bool:
    return isinstance(entry.value, Scalar) and entry.value.is_null


def within(measure: Measure, value: Fraction) -> bool:
    low, high = measure.low, measure.high
    return (low is None or value >= low) and (high is None or value <= high)


def _bound_text(written: Number | None, value: Fraction | None) -> str:
    if written is not None:
        return written.text
    return str(value)


def bounds(measure: Measure) -> str:
    """``from 0 to 100``, ``at least 0``, ``at most 5``: where a measure's values lie."""
    low = None if measure.low is None else _bound_text(measure.minimum, measure.low)
    high = None if measure.high is None else _bound_text(measure.maximum, measure.high)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        return f"at least {low}"
    return f"at most {high}" if high is not None else "any number"


def values(
    report: FileReport,
    entry: Entry,
    measures: Mapping_[str, Measure] | None,
    checklist: str,
) -> dict[str, MeasureValue] | None:
    """An answers file's ``measures:`` figures, by id; ``measures`` is None when the
    checklist did not load far enough to tell its measures (ids and bounds unchecked)."""
    node = entry.value
    if isinstance(node, Scalar) and node.is_null:
        return {}
    if node.tainted:
        return None
    if not isinstance(node, Mapping):
        report.report(
            node.mark,
            "wrong-type",
            f"'measures' must be a mapping of measure ids to figures, not {kind_name(node)}",
        )
        return None
    figures: dict[str, MeasureValue] = {}
    ok = True
    for ident, value_entry in node.entries.items():
        measure = None if measures is None else measures.get(ident)
        if measures is not None and measure is None:
            ok = False
            _unknown(report, value_entry, ident, measures, checklist)
            continue
        figure = _figure(report, value_entry, ident, measure)
        if figure is None:
            ok = False
        else:
            figures[ident] = figure
    return figures if ok else None


def _unknown(
    report: FileReport,
    entry: Entry,
    ident: str,
    measures: Mapping_[str, Measure],
    checklist: str,
) -> None:
    if not measures:
        report.report(
            entry.key_mark,
            "unknown-measure",
            f"unknown measure {quoted(ident)}: checklist '{checklist}' defines no measures",
        )
        return
    report.unknown(
        entry.key_mark,
        "unknown-measure",
        ident,
        tuple(measures),
        lambda hint: f"unknown measure {quoted(ident)}{hint} in checklist '{checklist}'",
    )


def _figure(
    report: FileReport, entry: Entry, ident: str, measure: Measure | None
) -> MeasureValue | None:
    node = entry.value
    if node.tainted:
        return None
    note: str | None = None
    value_entry: Entry | None = entry
    if isinstance(node, Mapping):
        fields = report.mapping(node, f"measure '{ident}'", optional=("value", "note"))
        if fields is None:
            return None
        note = report.text(fields.get("note"), "'note'", allow_empty=True)
        if "note" in fields and note is None and not _null(fields["note"]):
            return None
        value_entry = fields.get("value")
    if value_entry is None or _null(value_entry):
        return MeasureValue(None, note)
    number = report.number(value_entry, f"measure '{ident}'", _VALUE)
    if number is None:
        return None
    if measure is not None and not within(measure, number.value):
        report.report(
            value_entry.value.mark,
            _VALUE,
            f"measure '{ident}' is {number.text}, outside its bounds: {bounds(measure)}",
        )
        return None
    return MeasureValue(number, note)
