"""``--format json``: the documented, versioned machine-readable report (SPEC 5)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from servicescore.diff import Diff
from servicescore.model import Answer
from servicescore.scoring import Assessment, ItemResult, round_score
from servicescore.trend import Series, period_key

REPORT_FORMAT = "servicescore.report/1"
DIFF_FORMAT = "servicescore.diff/1"
TREND_FORMAT = "servicescore.trend/1"


def score(value: Fraction | None) -> float | None:
    rounded = round_score(value)
    return None if rounded is None else float(rounded)


def dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _item(result: ItemResult) -> dict[str, Any]:
    item = result.item
    return {
        "id": item.id,
        "element": item.element,
        "component": item.component,
        "stage": item.stage,
        "weight": item.weight.as_json(),
        "answer": result.answer.value,
        "credit": None if result.credit is None else number(result.credit),
        "note": result.answer.note,
    }


def number(value: Fraction) -> int | float:
    """A whole number as an int (``1``, not ``1.0``), anything else as a float."""
    return int(value) if value.denominator == 1 else float(value)


def report_data(assessment: Assessment) -> dict[str, Any]:
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
        },
        "meta": dict(answers.meta),
        "stage": {"number": stage.number, "name": stage.name},
        "score": score(assessment.score),
        "limiting_components": list(assessment.limiting),
        "components": [
            {
                "id": result.component.id,
                "name": result.component.name,
                "stage": result.stage,
                "score": score(result.tally.score),
            }
            for result in assessment.components
        ],
        "groups": [
            {"name": group.name, "score": score(group.tally.score)} for group in assessment.groups
        ],
        "elements": [
            {
                "id": result.element.id,
                "title": result.element.title,
                "group": result.element.group,
                "score": score(result.tally.score),
                "applicable": result.tally.applicable,
            }
            for result in assessment.elements
        ],
        "items": [_item(result) for result in assessment.items],
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
        if assessment.roadmap is None
        else {
            "target_stage": assessment.roadmap.target_stage,
            "items": list(assessment.roadmap.items),
        },
    }


def assessment(assessment: Assessment) -> str:
    return dumps(report_data(assessment))


def portfolio(assessments: Sequence[Assessment], detail: bool) -> str:
    return dumps([report_data(one) for one in assessments])


def _subject(assessment: Assessment) -> dict[str, Any]:
    subject = assessment.answers.subject
    return {
        "organisation": subject.organisation,
        "unit": subject.unit,
        "period": subject.period,
        "assessor": subject.assessor,
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
    }


def diff(diff: Diff) -> str:
    return dumps(diff_data(diff))


def trend_data(series: Sequence[Series]) -> dict[str, Any]:
    """Every point in period order; ``organisation`` and ``unit`` tell the series apart."""
    ordered = sorted(
        (
            (period_key(point.period), index, point, one)
            for index, one in enumerate(series)
            for point in one.points
        ),
        key=lambda entry: entry[:2],
    )
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
            }
        )
    return {"format": TREND_FORMAT, "points": points}


def trend(series: Sequence[Series]) -> str:
    return dumps(trend_data(series))
