"""``--format json``: the documented, versioned machine-readable report (SPEC 5)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from servicescore.model import NOT_APPLICABLE, Answer, Answers, Checklist, Number, per_checklist
from servicescore.problems import printable
from servicescore.scoring import Assessment, StageRange, round_score, row_only

if TYPE_CHECKING:
    from servicescore.consolidate import Consolidation
    from servicescore.diff import Diff
    from servicescore.planning import Plan, PlanCell
    from servicescore.trend import Series

T = TypeVar("T")

REPORT_FORMAT = "servicescore.report/1"
DIFF_FORMAT = "servicescore.diff/1"
TREND_FORMAT = "servicescore.trend/1"
CONSOLIDATION_FORMAT = "servicescore.consolidation/1"
PLAN_FORMAT = "servicescore.plan/1"

# One encoder for every call: json.dumps with options builds a new one each time.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_string = json.encoder.encode_basestring  # a str as a JSON string, in C (not ASCII-only)


def score(value: Fraction | None) -> float | None:
    rounded = round_score(value)
    return None if rounded is None else float(rounded)


def dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@per_checklist
def _item_fields(checklist: Checklist) -> list[dict[str, Any]]:
    """The fields of each item that do not depend on the answers."""
    return [
        {
            "id": item.id,
            "element": item.element,
            "component": item.component,
            "stage": item.stage,
            "weight": item.weight.as_json(),
        }
        for item in checklist.items
    ]


def _items(assessment: Assessment) -> list[dict[str, Any]]:
    credits = _credit_numbers(assessment.checklist)
    items = []
    for fields, result in zip(_item_fields(assessment.checklist), assessment.items, strict=True):
        answer = result.answer
        items.append(
            {**fields, "answer": answer.value, "credit": credits[answer.value], "note": answer.note}
        )
    return items


@per_checklist
def _credit_numbers(checklist: Checklist) -> dict[str | None, int | float | None]:
    """An answer's ``credit`` in a report: the scale's number, null for n/a, 0 unanswered."""
    numbers: dict[str | None, int | float | None] = {
        entry.value: number(entry.credit.value) for entry in checklist.scale
    }
    numbers[NOT_APPLICABLE] = None
    numbers[None] = 0
    return numbers


def number(value: Fraction) -> int | float:
    """A whole number as an int (``1``, not ``1.0``), anything else as a float."""
    return int(value) if value.denominator == 1 else float(value)


def _figure(value: Number | None) -> int | float | None:
    return None if value is None else value.as_json()


@per_checklist
def _measure_fields(checklist: Checklist) -> list[tuple[dict[str, Any], int | float | None]]:
    """Each measure's fields up to its value, and its target: what does not depend on
    the answers (SPEC 9)."""
    return [
        (
            {"id": m.id, "name": m.name, "unit": m.unit, "better": m.better},
            _figure(m.target),
        )
        for m in checklist.measures
    ]


def _measures(answers: Answers) -> list[dict[str, Any]]:
    """Every measure the checklist defines with the file's figure, ``null`` where the
    file gives none. (Read from the model, not through :func:`servicescore.measures.results`:
    importing that module, its named tuples, took 1 ms of the cold start of ``assess
    --format json`` on a checklist with measures, which reads nothing else of it.)"""
    checklist = answers.checklist
    measured = []
    for (fields, target), measure in zip(
        _measure_fields(checklist), checklist.measures, strict=True
    ):
        given = answers.measure(measure.id)
        measured.append(
            {
                **fields,
                "value": _figure(given.value),
                "target": target,
                "met": measure.met(given.value),
                "note": given.note,
            }
        )
    return measured


_LITERALS = {True: "true", False: "false", None: "null"}  # met, as JSON writes it


@per_checklist
def _measure_parts(checklist: Checklist) -> list[tuple[str, str]]:
    """Each measure's JSON up to its value, and from its value to its ``met``."""
    return [
        (_compact(fields)[:-1] + ', "value": ', f', "target": {_compact(target)}, "met": ')
        for fields, target in _measure_fields(checklist)
    ]


def _compact_measures(answers: Answers) -> str:
    """:func:`_measures` as JSON, from cached parts: a portfolio of thousands of files
    with a checklist's measures pays for their figures only. (Not through
    :func:`servicescore.measures.results` either: building its tuples made 5 measures
    cost 5.9 µs a report instead of 4.3.)"""
    checklist = answers.checklist
    measured = []
    for (before, after), measure in zip(_measure_parts(checklist), checklist.measures, strict=True):
        given = answers.measure(measure.id)
        # As the encoder writes them (a finite float's repr), without a call of it for
        # each scalar, which took half the time.
        value = "null" if given.value is None else repr(given.value.as_json())
        note = "null" if given.note is None else _string(given.note)
        met = _LITERALS[measure.met(given.value)]
        measured.append(f'{before}{value}{after}{met}, "note": {note}}}')
    return ", ".join(measured)


def report_data(assessment: Assessment) -> dict[str, Any]:
    return {
        **_head(assessment),
        # Beside the stages, never part of them: always present, [] without measures.
        "measures": _measures(assessment.answers),
        "items": _items(assessment),
        **_tail(assessment),
    }


def _head(assessment: Assessment) -> dict[str, Any]:
    """The report's keys before ``items``."""
    answers = assessment.answers
    checklist = answers.checklist
    continuum = checklist.continuum
    subject = answers.subject
    stage = continuum.stage(assessment.stage)
    return {
        "format": REPORT_FORMAT,
        "file": answers.path,
        "checklist": {"id": checklist.id, "title": checklist.title, "version": checklist.version},
        "continuum": {"id": continuum.id, "title": continuum.title, "stages": continuum.top},
        "subject": {
            "organisation": subject.organisation,
            "unit": subject.unit,
            "period": subject.period,
            "assessor": subject.assessor,
            "respondent": subject.respondent,
            "role": subject.role,
        },
        "meta": dict(answers.meta),
        "stage": {"number": stage.number, "name": stage.name},
        "provisional": assessment.provisional,
        "stage_range": _range(assessment.stage_range),
        "score": assessment.tally.rounded,
        "limiting_components": list(assessment.limiting),
        "components": [
            {
                "id": result.component.id,
                "name": result.component.name,
                "stage": result.stage,
                "stage_range": _range(result.stage_range),
                "score": result.tally.rounded,
            }
            for result in assessment.components
        ],
        "groups": [
            {"name": group.name, "score": group.tally.rounded} for group in assessment.groups
        ],
        "elements": [
            {
                "id": result.element.id,
                "title": result.element.title,
                "group": result.element.group,
                "score": result.tally.rounded,
                "applicable": result.tally.applicable,
            }
            for result in assessment.elements
        ],
    }


def _range(stages: StageRange) -> dict[str, int]:
    return {"low": stages.low, "high": stages.high}


def _tail(assessment: Assessment) -> dict[str, Any]:
    """The report's keys after ``items``."""
    roadmap = assessment.roadmap
    return {
        "unanswered": list(assessment.unanswered),
        "next_steps": [
            {
                "component": step.component,
                "target_stage": step.target_stage,
                "blocked": step.blocked,
                "required": list(step.required),
                "other": list(step.other),
                "advance": step.advance,
            }
            for step in assessment.next_steps
        ],
        "roadmap": None
        if roadmap is None
        else {"target_stage": roadmap.target_stage, "items": list(roadmap.items)},
    }


@per_checklist
def _item_prefixes(checklist: Checklist) -> list[str]:
    """Each item's JSON up to its answer."""
    return [_compact(fields)[:-1] + ', "answer": ' for fields in _item_fields(checklist)]


@per_checklist
def _answered(checklist: Checklist) -> dict[str | None, str]:
    """An answer's value and credit as JSON, together: a checklist has only a few."""
    return {
        value: f'{_compact(value)}, "credit": {_compact(number)}, "note": '
        for value, number in _credit_numbers(checklist).items()
    }


def compact_report(assessment: Assessment) -> str:
    """:func:`report_data` as one line of JSON, the items assembled from cached parts.

    Equal to ``json.dumps(report_data(assessment))`` once parsed (a test holds this);
    about twice as fast, which is what a portfolio of thousands of files needs.
    """
    checklist = assessment.checklist
    answered = _answered(checklist)
    items = []
    for prefix, result in zip(_item_prefixes(checklist), assessment.items, strict=True):
        answer = result.answer
        note = "null}" if answer.note is None else _string(answer.note) + "}"
        items.append(prefix + answered[answer.value] + note)
    head = _compact(_head(assessment))
    tail = _compact(_tail(assessment))
    measures = _compact_measures(assessment.answers)
    return f'{head[:-1]}, "measures": [{measures}], "items": [{", ".join(items)}], {tail[1:]}'


def assessment(assessment: Assessment, title: str | None = None) -> str:
    """The report; ``title`` belongs to a page, not to the data, and is left out."""
    return dumps(report_data(assessment))


def portfolio(
    assessments: Sequence[Assessment], detail: bool, title: str | None = None
) -> Iterator[str]:
    """A JSON array, one report a line, produced line by line: a portfolio of
    thousands of files is never held as one string. (One line per report, not
    ``indent``: that would switch ``json`` from its C encoder to the pure-Python one.)
    A ``title`` is left out, as in :func:`assessment`."""
    if not assessments:
        yield "[]\n"
        return
    separator = "[\n"
    for one in assessments:
        yield separator + compact_report(one)
        separator = ",\n"
    yield "\n]\n"


class Spool:
    """A JSON portfolio's reports, each written as its file is scored to a temporary
    file (removed on any exit: it has no name) and copied out when the portfolio is
    printed: every file is still read and checked before anything is printed, but
    20,000 files' reports are never held in memory at once (370 MB), only their rows.

    The file holds the portfolio's own bytes, UTF-8 from ``[`` to the last report, and
    gives them back as they are, in blocks: reading it back a line at a time as text,
    decoding and copying 20 MB of reports only to encode them again, cost a tenth of
    the run (:func:`servicescore.output.write_chunks` writes them)."""

    BLOCK = 1 << 16  # bytes copied out at a time

    def __init__(self) -> None:
        import tempfile  # here: only a JSON portfolio needs it

        # Closed by __exit__: the spool lives as long as the command that prints it.
        self.file = self._written(lambda: tempfile.TemporaryFile("w+b"))  # noqa: SIM115
        self.separator = "[\n"

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def keep(self, assessment: Assessment) -> Assessment:
        """Spool ``assessment``'s report and return what a row shows, which is what
        --fail-under and --strict read."""
        # No report holds a lone surrogate (YAML refuses one, a path is escaped): UTF-8
        # encodes every report.
        report = (self.separator + compact_report(assessment)).encode()
        self._written(lambda: self.file.write(report))
        self.separator = ",\n"
        return row_only(assessment)

    def portfolio(self) -> Iterator[bytes]:
        """The spooled reports as :func:`portfolio` gives them, in UTF-8."""
        if self.separator == "[\n":
            yield b"[]\n"
            return
        self._written(lambda: self.file.seek(0))
        yield from iter(lambda: self.file.read(self.BLOCK), b"")
        yield b"\n]\n"

    @staticmethod
    def _written(action: Callable[[], T]) -> T:
        try:
            return action()
        except OSError as error:
            from servicescore.problems import UsageError

            detail = error.strerror or error
            raise UsageError(f"temporary file: cannot write: {detail}") from error


def _subject(assessment: Assessment) -> dict[str, Any]:
    subject = assessment.answers.subject
    return {
        "organisation": subject.organisation,
        "unit": subject.unit,
        "period": subject.period,
        "assessor": subject.assessor,
        "respondent": subject.respondent,
        "role": subject.role,
    }


def _side(assessment: Assessment) -> dict[str, Any]:
    return {"file": assessment.answers.path, "subject": _subject(assessment)}


def _answer(answer: Answer | None) -> str | None:
    return None if answer is None else answer.value


def diff_data(diff: Diff) -> dict[str, Any]:
    return {
        "format": DIFF_FORMAT,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "stage": {"old": diff.old.stage, "new": diff.new.stage},
        "score": {"old": score(diff.old.score), "new": score(diff.new.score)},
        "components": [
            {
                "id": change.id,
                "old": {"stage": change.old_stage, "score": score(change.old_score)},
                "new": {"stage": change.new_stage, "score": score(change.new_score)},
            }
            for change in diff.components
        ],
        "elements": [
            {"id": change.id, "old": score(change.old), "new": score(change.new)}
            for change in diff.elements
        ],
        "items": [
            {
                "id": change.id,
                "old": _answer(change.old),
                "new": _answer(change.new),
                "change": change.change,
                "notes": {
                    "old": change.old.note if change.old else None,
                    "new": change.new.note if change.new else None,
                },
            }
            for change in diff.items
        ],
        "measures": _measure_changes(diff),
    }


def _measure_changes(diff: Diff) -> list[dict[str, Any]]:
    """Each measure of either side old -> new, by its direction (SPEC 9)."""
    if not (diff.old.checklist.measures or diff.new.checklist.measures):
        return []
    from servicescore.measures import compare  # only for a diff with measures

    return [
        {
            "id": one.measure.id,
            "old": _figure(one.old),
            "new": _figure(one.new),
            "change": one.change,
        }
        for one in compare(diff.old.answers, diff.new.answers)
    ]


def diff(diff: Diff) -> str:
    return dumps(diff_data(diff))


def trend_data(series: Sequence[Series]) -> dict[str, Any]:
    """Every point in period order; ``organisation`` and ``unit`` tell the series apart."""
    from servicescore.trend import period_key

    ordered = sorted(
        (
            (period_key(point.period), index, point, one)
            for index, one in enumerate(series)
            for point in one.points
        ),
        key=lambda entry: entry[:2],
    )
    keys = {id(one): _series_measures(one) for one in series}
    points = []
    for _, _, point, one in ordered:
        assessment = point.assessment
        points.append(
            {
                "period": point.period,
                "file": assessment.answers.path,
                "organisation": one.organisation,
                "unit": one.unit,
                "stage": assessment.stage,
                "score": score(assessment.score),
                "components": {
                    result.component.id: result.stage for result in assessment.components
                },
                "measures": {
                    ident: _figure(assessment.answers.measure(ident).value)
                    for ident in keys[id(one)]
                },
            }
        )
    return {"format": TREND_FORMAT, "points": points}


def _series_measures(one: Series) -> tuple[str, ...]:
    """The ids of every measure the series' checklists define, as the other formats
    show them: each point gives them all, ``null`` where it has no figure."""
    checklists = [point.assessment.checklist for point in one.points]
    if not any(checklist.measures for checklist in checklists):
        return ()
    from servicescore.measures import defined  # only for a trend with measures

    return tuple(measure.id for measure in defined(checklists))


def trend(series: Sequence[Series]) -> str:
    return dumps(trend_data(series))


def consolidation_data(result: Consolidation, file: str | None = None) -> dict[str, Any]:
    """SPEC 6's object: the panel, each item's answers and agreement, the roles, and the
    consolidated assessment as a report whose ``file`` is the consolidated answers file
    ``file`` (None where none is written). Alpha, mean credits and their gaps are
    rounded to three decimals, scores and role gaps to one."""

    def three(value: Fraction | None) -> float | None:
        rounded = round_score(value, 3)
        return None if rounded is None else float(rounded)

    names = [respondent.name for respondent in result.respondents]
    agreement = result.agreement
    return {
        "format": CONSOLIDATION_FORMAT,
        "respondents": [
            {"file": one.file, "respondent": one.name, "role": one.role}
            for one in result.respondents
        ],
        "rule": result.rule,
        "items": [
            {
                "id": entry.item.id,
                "consolidated": entry.consolidated.value,
                "answers": [
                    {"respondent": name, "answer": answer.value}
                    for name, answer in zip(names, entry.answers, strict=True)
                ],
                "spread": number(entry.spread),
                "disputed": entry.disputed,
            }
            for entry in result.items
        ],
        "agreement": {
            "overall": three(agreement.overall),
            "components": {key: three(alpha) for key, alpha in agreement.components.items()},
            "elements": {key: three(alpha) for key, alpha in agreement.elements.items()},
        },
        "roles": [
            {
                "role": role.role,
                "respondents": list(role.respondents),
                "components": {key: score(value) for key, value in role.components.items()},
            }
            for role in result.roles
        ],
        "role_gaps": {key: score(gap) for key, gap in result.role_gaps.items()},
        "perception_gaps": [
            {
                "id": gap.item.id,
                "roles": {role: three(mean) for role, mean in gap.means.items()},
                "gap": three(gap.gap),
            }
            for gap in result.perception_gaps
        ],
        # The file named as `assess` names it once read: control characters escaped.
        "report": {**report_data(result.assessment), "file": file and printable(file)},
    }


def consolidation(result: Consolidation, file: str | None = None) -> str:
    return dumps(consolidation_data(result, file))


def plan_data(plan: Plan) -> dict[str, Any]:
    """SPEC 8's object: the targets, whether every cell on the way can pass, and the
    phases, each cell with the items that make it pass, as the answers file has them."""
    assessment = plan.assessment
    return {
        "format": PLAN_FORMAT,
        "file": assessment.answers.path,
        "subject": _subject(assessment),
        "targets": dict(plan.targets),
        "reachable": plan.reachable,
        "phases": [
            {
                "stage": phase.stage,
                "components": [_plan_cell(assessment, cell) for cell in phase.cells],
            }
            for phase in plan.phases
        ],
        "total_items": plan.total_items,
    }


def _plan_cell(assessment: Assessment, cell: PlanCell) -> dict[str, Any]:
    results = assessment.by_item
    return {
        "id": cell.component,
        "blocked": cell.blocked,
        "passing": cell.passing,
        "items": [
            {
                "id": item_id,
                "text": results[item_id].item.text,
                "action": results[item_id].item.action,
                "answer": results[item_id].answer.value,
                # Unanswered: to be answered before anything is put in place (SPEC 3.5).
                "answer_first": results[item_id].answer.value is None,
            }
            for item_id in cell.required
        ],
        "advance": cell.advance,
    }


def plan(plan: Plan) -> str:
    return dumps(plan_data(plan))
