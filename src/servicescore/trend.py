"""Assessments over time: one series per organisation and unit, ordered by period (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from servicescore.loader import period_start
from servicescore.problems import InputError, Problem
from servicescore.scoring import Assessment

_PERIOD_RULE = "SS113"


class Point(NamedTuple):
    period: str
    start: date
    assessment: Assessment


class Series(NamedTuple):
    organisation: str
    unit: str | None
    points: tuple[Point, ...]


def period_key(period: str) -> tuple[date, int]:
    """By first day covered; a coarser period first on the same day (2026, 2026-Q1, 2026-01)."""
    start = period_start(period)
    assert start is not None  # the loader accepts valid periods only
    if len(period) == 4:
        grain = 0
    elif "-Q" in period:
        grain = 1
    else:
        grain = 2 if len(period) == 7 else 3
    return start, grain


def build_trend(
    assessments: Sequence[Assessment], unusable: Sequence[Problem] = ()
) -> list[Series]:
    """Group by organisation and unit and order by period.

    Raises :class:`InputError` naming every file without a period and every pair of
    files with the same period in one series, together with ``unusable``: the
    problems of files that could not be read, so that one run reports them all.
    """
    problems: list[Problem] = list(unusable)
    grouped: dict[tuple[str, str | None], dict[str, Assessment]] = {}
    for assessment in assessments:
        subject = assessment.answers.subject
        path = assessment.answers.path
        if subject.period is None:
            problems.append(
                Problem(path, 0, 0, _PERIOD_RULE, "no 'period': trend needs one in every file")
            )
            continue
        series = grouped.setdefault((subject.organisation, subject.unit), {})
        earlier = series.get(subject.period)
        if earlier is not None:
            who = subject.organisation + (f" / {subject.unit}" if subject.unit else "")
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    _PERIOD_RULE,
                    f"period {subject.period} of {who} is also in {earlier.answers.path}",
                )
            )
            continue
        series[subject.period] = assessment
    if problems:
        raise InputError(problems)
    result = []
    for (organisation, unit), by_period in grouped.items():
        ordered = sorted(by_period, key=period_key)
        points = tuple(Point(p, period_key(p)[0], by_period[p]) for p in ordered)
        result.append(Series(organisation, unit, points))
    result.sort(key=lambda series: (series.organisation, series.unit or ""))
    return result
