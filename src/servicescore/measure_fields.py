"""Reading ``measures:`` (SPEC 9): a checklist's definitions and an answers file's
figures, every problem reported at its place under the measures' own rules."""

from __future__ import annotations

from collections.abc import Mapping as Mapping_

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
    """One definition, or None when anything in it is wrong: every problem of it is
    reported, a wrong field hiding none of the others."""
    r = report
    fields = r.mapping(node, f"measure {index}", required=_REQUIRED, optional=_OPTIONAL)
    if fields is None:
        return None
    ident = _ident(r, fields.get("id"), f"measure {index}", seen)
    # The measure's name in its messages: its id, or its place where it has none.
    label = f"measure {index}" if ident is None else f"measure {quoted(ident)}"
    name = r.text(fields.get("name"), f"{label}: 'name'")
    unit = _choice(r, fields.get("unit"), label, "unit", MEASURE_UNITS)
    better = _choice(r, fields.get("better"), label, "better", BETTER)
    description = r.text(fields.get("description"), f"{label}: 'description'", allow_empty=True)
    ok = None not in (ident, name, unit, better)
    if "description" in fields and description is None and not _null(fields["description"]):
        ok = False
    numbers: dict[str, Number | None] = {}
    for key in ("target", "min", "max"):
        if key in fields and not _null(fields[key]):
            numbers[key] = r.number(fields[key], f"{label}: {quoted(key)}", _DEFINITION)
    # The bounds are checked even where the unit or direction is wrong (an unknown
    # unit bounds nothing of its own), but not past a wrong min or max.
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
    wrong = {key for key, number in numbers.items() if number is None}
    if wrong & {"min", "max"}:
        return None  # nothing to check the other bound or the target against
    apart = _bounds_apart(r, fields, label, measure)
    ok = _target_within(r, fields, label, measure) and apart and ok and not wrong
    return measure if ok else None


def _target_within(
    report: FileReport, fields: Mapping_[str, Entry], label: str, measure: Measure
) -> bool:
    target = measure.target
    if target is None or measure.within(target.value):
        return True
    report.report(
        fields["target"].value.mark,
        _DEFINITION,
        f"{label} has 'target' {target.text} outside its bounds: {_bounds(measure)}",
    )
    return False


def _ident(report: FileReport, entry: Entry | None, what: str, seen: dict[str, Mark]) -> str | None:
    """A definition's id, or None where it is wrong or another definition's."""
    ident = report.slug(entry, f"{what}: 'id'")
    if ident is None or entry is None:
        return None
    return report.unique(ident, entry, seen, "measure id")


def _bounds(measure: Measure) -> str:
    # Imported for a problem only: the cold start of a JSON report, which reads nothing
    # else of the measures' module, stays without it.
    from servicescore.measures import bounds

    return bounds(measure)


def _bounds_apart(
    report: FileReport, fields: Mapping_[str, Entry], label: str, measure: Measure
) -> bool:
    """Whether the lowest value lies below the highest, reported at the bound the
    file writes; the other may be the unit's own (a percent's 0 and 100)."""
    low, high = measure.low, measure.high
    if low is None or high is None or low < high:
        return True
    if measure.minimum is not None and measure.maximum is not None:
        mark, message = (
            fields["min"].value.mark,
            f"has 'min' {measure.minimum.text}, not below its 'max' {measure.maximum.text}",
        )
    elif measure.minimum is not None:
        mark, message = (
            fields["min"].value.mark,
            f"has 'min' {measure.minimum.text}, not below the unit's highest {high}",
        )
    else:
        assert measure.maximum is not None  # a unit's own bounds lie apart
        mark, message = (
            fields["max"].value.mark,
            f"has 'max' {measure.maximum.text}, not above the unit's lowest {low}",
        )
    report.report(mark, _DEFINITION, f"{label} {message}")
    return False


def _choice(
    report: FileReport, entry: Entry | None, label: str, key: str, choices: tuple[str, ...]
) -> str | None:
    text = report.text(entry, f"{label}: '{key}'")
    if text is None or entry is None:
        return None
    if text not in choices:
        report.report(
            entry.value.mark,
            _DEFINITION,
            f"{label}: '{key}' {quoted(text)} is not one of {quoted_list(choices)}"
            + suggest(text, choices),
        )
        return None
    return text


def _null(entry: Entry) -> bool:
    return isinstance(entry.value, Scalar) and entry.value.is_null


# Past this many figures a checklist's cache of them stops growing: a portfolio's
# figures repeat (a percent to one decimal has a thousand spellings), a hostile file's
# need not.
_CACHED_FIGURES = 100_000


def values(
    report: FileReport,
    entry: Entry,
    measures: Mapping_[str, Measure] | None,
    checklist: str,
    cache: dict[tuple[str, str], tuple[str, MeasureValue]] | None = None,
) -> dict[str, MeasureValue] | None:
    """An answers file's ``measures:`` figures, by id; ``measures`` is None when the
    checklist did not load far enough to tell its measures (ids and bounds unchecked).

    ``cache`` holds the checklist's plain figures already read, by measure id and text,
    each checked against its bounds once: the figures of a portfolio's thousands of
    files are then read without a number parsed, and shared rather than held once a file.
    """
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
        value = value_entry.value
        key = None
        if cache is not None and type(value) is Scalar and value.plain and not value.tainted:
            key = (ident, value.text)
            known = cache.get(key)
            if known is not None:
                figures[known[0]] = known[1]
                continue
        measure = None if measures is None else measures.get(ident)
        if measures is not None and measure is None:
            ok = False
            _unknown(report, value_entry, ident, measures, checklist)
            continue
        figure = _figure(report, value_entry, ident, measure)
        if figure is None:
            ok = False
            continue
        if measure is not None:
            ident = measure.id  # one key string for every file's figure, not one a file
            if key is not None and cache is not None and len(cache) < _CACHED_FIGURES:
                cache[key] = (ident, figure)
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
        message = f"unknown measure {quoted(ident)}: checklist '{checklist}' defines no measures"
        # Through unknown() all the same: past its first listed, one line counts the rest.
        report.unknown(entry.key_mark, "unknown-measure", ident, (), lambda _hint: message)
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
    if not isinstance(node, Mapping):
        number, ok = _value(report, entry, ident, measure)
        return MeasureValue(number) if ok else None
    fields = report.mapping(node, f"measure {quoted(ident)}", optional=("value", "note"))
    if fields is None:
        return None
    # The value first, then the note: a wrong note hides no problem of the value.
    number, ok = _value(report, fields.get("value"), ident, measure)
    note = report.text(fields.get("note"), f"measure {quoted(ident)}: 'note'", allow_empty=True)
    if "note" in fields and note is None and not _null(fields["note"]):
        return None
    return MeasureValue(number, note) if ok else None


def _value(
    report: FileReport, entry: Entry | None, ident: str, measure: Measure | None
) -> tuple[Number | None, bool]:
    """A figure's number (None where not given) and whether it is right."""
    if entry is None or _null(entry):
        return None, True
    number = report.number(entry, f"measure {quoted(ident)}", _VALUE)
    if number is None:
        return None, False
    if measure is not None and not measure.within(number.value):
        report.report(
            entry.value.mark,
            _VALUE,
            f"measure {quoted(ident)} is {number.text}, outside its bounds: {_bounds(measure)}",
        )
        return None, False
    return number, True
