"""Chart geometry of a service measure over a trend's periods (SPEC 9), as data.

One small chart per measure: its figures as a line over the periods, broken where a
period gives no figure, each figure labelled, and the target, where the checklist sets
one, as a dashed line. ``templates/trend/measures.html`` draws it, with the period
columns, the dots and the lines of :mod:`.charts`. The vertical scale runs from the
lowest to the highest of the figures and the target, so that a move of a few points
shows: the chart has no numbered axis, every figure is written above its dot.
Positions are computed from exact fractions; only the pixel written is rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from servicescore.model import Measure, Number
from servicescore.render.html.charts import (
    Dot,
    Label,
    Mark,
    Plotted,
    Stroke,
    pct,
    period_labels,
    period_x,
)

_TOP, _BOTTOM = 30, 110  # pixels: where the scale's high and low lie


class MeasureTrend(NamedTuple):
    """A measure's figures over periods; ``target`` None where the measure has none."""

    label: str
    height: str
    bottom: str  # the axis line under the plot
    target: Mark | None
    series: tuple[Plotted, ...]
    values: tuple[Label, ...]
    periods: tuple[Label, ...]


def scale(measure: Measure, values: Sequence[Number | None]) -> tuple[Fraction, Fraction]:
    """The low and high of the chart's scale: the extremes of the figures and the
    target, the high always above the low (one value alone lies midway)."""
    known = [value.value for value in values if value is not None]
    if measure.target is not None:
        known.append(measure.target.value)
    if not known:
        return Fraction(0), Fraction(1)
    low, high = min(known), max(known)
    return (low, high) if high > low else (low - 1, low + 1)


def measure_trend_chart(
    measure: Measure,
    values: Sequence[Number | None],
    periods: Sequence[str],
    shown: Sequence[str],
    target: str,
) -> MeasureTrend:
    """The chart of ``measure``'s ``values`` (None: no figure) over ``periods``;
    ``shown`` is each value as written with its unit, ``target`` the target as
    written with its direction."""
    low, high = scale(measure, values)

    def y(value: Fraction) -> float:
        return float(_BOTTOM - (value - low) * (_BOTTOM - _TOP) / (high - low))

    points = [
        (period_x(index, len(periods)), value, text)
        for index, (value, text) in enumerate(zip(values, shown, strict=True))
    ]
    strokes = tuple(
        Stroke(pct(x1), f"{y(v1.value):g}", pct(x2), f"{y(v2.value):g}")
        for (x1, v1, _), (x2, v2, _) in pairwise(points)
        if v1 is not None and v2 is not None  # a period without a figure breaks the line
    )
    dots = tuple(
        Dot(pct(x), f"{y(value.value):g}", f"{measure.name}, {period}: {text}")
        for (x, value, text), period in zip(points, periods, strict=True)
        if value is not None
    )
    labels = tuple(
        Label(pct(x), f"{y(value.value) - 10:g}", text)
        for x, value, text in points
        if value is not None
    )
    line = None
    if measure.target is not None:
        at = y(measure.target.value)
        line = Mark(f"{at:g}", f"{at - 4:g}", f"target {target}")
    described = ", ".join(
        f"{period} {text if value is not None else 'no figure'}"
        for period, value, text in zip(periods, values, shown, strict=True)
    )
    extra = f"; target {target}" if measure.target is not None else ""
    return MeasureTrend(
        label=f"{measure.name} by period: {described}{extra}.",
        height=str(_BOTTOM + 42),
        bottom=str(_BOTTOM + 12),
        target=line,
        series=(Plotted("s1", "s1", "4.5", strokes, dots),),
        values=labels,
        periods=period_labels(periods, _BOTTOM + 34),
    )
