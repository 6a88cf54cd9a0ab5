"""Chart geometry of the HTML reports: coordinates and labels as data, no markup.

The templates draw what is computed here (``templates/macros.html``): the continuum
ladder (a bar of N stage segments per row), the score bar of a 0–100 score and the
mini ladder of a stage; ``templates/trend/chart-macros.html`` draws the trend page's
stage chart (a line per series across stage bands) and score chart (the overall score);
``templates/consolidation/roles.html`` the consolidation's component scores per role.
Horizontal positions are percentages, so that a chart fills the width of a phone, a
laptop or an A4 page while its text keeps its size; vertical positions are pixels.
Everything is a string as the SVG attribute takes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from servicescore.render import figures
from servicescore.scoring import round_score

BLOCKED = "blocked: no applicable practice"  # a cell that cannot pass (SPEC 3.4)

_ROW = 72  # pixels per ladder row: label line, bar and gap
_BAR_TOP = 26
_BAR_HEIGHT = 32
_GAP = 0.8  # between segments, in percent of the width


def pct(value: float) -> str:
    """A percentage as an SVG attribute: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


class LadderRow(NamedTuple):
    """One row of a ladder chart: a label, and what each of the N segments shows."""

    label: str
    value: str  # right-aligned text after the label
    flag: str  # an amber word after the label ("limiting"), or ""
    # per stage: reached, reached-overall, next, blocked, gained, lost, open
    states: tuple[str, ...]


class Segment(NamedTuple):
    """One stage segment of a ladder row, and the text written on it."""

    x: str
    y: str
    width: str
    state: str
    number: int
    name: str  # the stage's name, or "blocked"


class ChartRow(NamedTuple):
    """A ladder row placed: its label line at ``text_y``, its segments below."""

    label: str
    value: str
    flag: str
    text_y: str
    segments: tuple[Segment, ...]


class LadderChart(NamedTuple):
    """A ladder chart: its accessible label, its height and its rows."""

    label: str
    height: str
    bar_height: str
    text_y: str  # the baseline of a segment's text inside the segment
    rows: tuple[ChartRow, ...]


def reached(stage: int, top: int, overall: bool = False, blocked: bool = False) -> tuple[str, ...]:
    """Per stage of the continuum, its segment's state; ``blocked``: the next stage's
    cell has no applicable practice, so it is drawn as blocked, not as the next stage."""
    filled = "reached-overall" if overall else "reached"
    following = "blocked" if blocked else "next"
    return tuple(
        filled if number <= stage else following if number == stage + 1 else "open"
        for number in range(1, top + 1)
    )


def moved(old: int | None, new: int | None, top: int) -> tuple[str, ...]:
    """Per stage of a diff's ladder row: reached (before and after), gained (reached
    now, not before), lost (reached before, not now) or open; None: no such side."""
    states = []
    for number in range(1, top + 1):
        before = old is not None and number <= old
        after = new is not None and number <= new
        if before and after:
            states.append("reached")
        elif after:
            states.append("gained")
        elif before:
            states.append("lost")
        else:
            states.append("open")
    return tuple(states)


def ladder_chart(rows: Sequence[LadderRow], stage_names: Sequence[str], label: str) -> LadderChart:
    """Each row a bar of N segments, one per stage of the continuum, filled to its stage."""
    width = (100 + _GAP) / len(stage_names) - _GAP
    placed = []
    for row_index, row in enumerate(rows):
        y = row_index * _ROW
        segments = tuple(
            Segment(
                x=pct(index * (width + _GAP)),
                y=str(y + _BAR_TOP),
                width=pct(width),
                state=state,
                number=index + 1,
                # A blocked cell names why, not the stage: the stage cannot be reached.
                name="blocked" if state == "blocked" else stage_names[index],
            )
            for index, state in enumerate(row.states)
        )
        placed.append(ChartRow(row.label, row.value, row.flag, str(y + 17), segments))
    height = len(rows) * _ROW - (_ROW - _BAR_TOP - _BAR_HEIGHT) + 2
    return LadderChart(
        label, str(height), str(_BAR_HEIGHT), str(_BAR_HEIGHT // 2 + 5), tuple(placed)
    )


class ScoreBar(NamedTuple):
    """A 0–100 score as a bar; ``before`` a thin bar of an earlier score, or None."""

    before: str | None  # width
    fill: str | None  # width
    fill_y: str
    fill_height: str


def score_bar(score: Fraction | None, before: Fraction | None = None) -> ScoreBar | None:
    """The bar of ``score`` (and of ``before``), or None when there is neither."""
    rounded = round_score(score)
    earlier = round_score(before)
    if rounded is None and earlier is None:
        return None
    return ScoreBar(
        before=None if earlier is None else pct(float(earlier)),
        fill=None if rounded is None else pct(float(rounded)),
        fill_y="4" if earlier is not None else "0",
        fill_height="6" if earlier is not None else "10",
    )


class Block(NamedTuple):
    """One block of a mini ladder; ``state`` its class: on (filled) or off."""

    x: str
    width: str
    state: str


def mini_ladder(stage: int, top: int) -> tuple[Block, ...]:
    """The stage as ``top`` small blocks, the first ``stage`` of them filled."""
    step = 100 / top
    return tuple(
        Block(pct(index * step), pct(step - 3), "on" if index < stage else "off")
        for index in range(top)
    )


# -- the trend charts -------------------------------------------------------------------

_BAND = 46  # pixels: the height of one stage in the stage trend chart
_PLOT_LEFT = 20.0  # percent of the width: room for the stage names
_PLOT_RIGHT = 90.0  # room for the last period's label
_STYLES = 7  # series colours s0 (the overall stage) to s6; dash patterns d1 to d3
_SCORE_TOP, _SCORE_BOTTOM = 26, 136  # pixels: where 100 and 0 lie in the score chart


class Line(NamedTuple):
    """One series of a trend chart: a name and a value per period (None: no value)."""

    name: str
    values: tuple[int | None, ...]


class Label(NamedTuple):
    """A text placed on a chart."""

    x: str
    y: str
    text: str


class Stroke(NamedTuple):
    """A straight line between two consecutive values of a series."""

    x1: str
    y1: str
    x2: str
    y2: str


class Dot(NamedTuple):
    """A value of a series, with its tooltip."""

    x: str
    y: str
    title: str


class Plotted(NamedTuple):
    """One series placed: its lines between values, then a dot at each value."""

    style: str  # the line's classes: colour, dash, and "overall" for the first series
    colour: str  # the dot's colour class
    radius: str
    strokes: tuple[Stroke, ...]
    dots: tuple[Dot, ...]


class Band(NamedTuple):
    """One stage of the stage trend chart: its row, every other one shaded."""

    y: str
    shaded: bool
    text_y: str
    number: int
    name: str


class StageTrend(NamedTuple):
    """Stages (bands) over periods, one line a series; ``bottom``: the axis line."""

    label: str
    height: str
    band: str  # the height of a band
    bands: tuple[Band, ...]
    bottom: str
    periods: tuple[Label, ...]
    series: tuple[Plotted, ...]  # the first series last, so that it is drawn on top


class Mark(NamedTuple):
    """A grid line of the score trend chart, and its label just above it."""

    y: str
    text_y: str
    text: str


class ScoreTrend(NamedTuple):
    """The overall score over periods, each dot labelled with its value."""

    label: str
    height: str
    marks: tuple[Mark, ...]
    series: tuple[Plotted, ...]
    values: tuple[Label, ...]
    periods: tuple[Label, ...]


def period_x(index: int, count: int) -> float:
    """The horizontal position (percent) of the index-th of ``count`` periods."""
    if count == 1:
        return (_PLOT_LEFT + _PLOT_RIGHT) / 2
    return _PLOT_LEFT + index * (_PLOT_RIGHT - _PLOT_LEFT) / (count - 1)


def line_style(index: int) -> str:
    """Colour and dash of the index-th series: the first (the overall stage) solid and
    dark; the others told apart by dash as well as colour."""
    style = f"s{index % _STYLES}"
    if index % 4:
        style += f" d{index % 4}"
    return style + (" overall" if index == 0 else "")


def _plotted(
    series: Sequence[Line],
    periods: Sequence[str],
    y_of: Callable[[int, int], float],
    value_text: Callable[[int], str],
) -> tuple[Plotted, ...]:
    """Each series' lines between consecutive values and its dots, the first series last."""
    placed = []
    for index, line in reversed(list(enumerate(series))):  # the first series on top
        points = [
            (period_x(position, len(periods)), value) for position, value in enumerate(line.values)
        ]
        strokes = tuple(
            Stroke(pct(x1), f"{y_of(index, v1):g}", pct(x2), f"{y_of(index, v2):g}")
            for (x1, v1), (x2, v2) in pairwise(points)
            if v1 is not None and v2 is not None
        )
        dots = tuple(
            Dot(
                pct(x),
                f"{y_of(index, value):g}",
                f"{line.name}, {periods[position]}: {value_text(value)}",
            )
            for position, (x, value) in enumerate(points)
            if value is not None
        )
        radius = "5.5" if index == 0 else "4.5"
        placed.append(Plotted(line_style(index), f"s{index % _STYLES}", radius, strokes, dots))
    return tuple(placed)


def period_labels(periods: Sequence[str], y: int) -> tuple[Label, ...]:
    return tuple(
        Label(pct(period_x(position, len(periods))), str(y), period)
        for position, period in enumerate(periods)
    )


def stage_trend_chart(
    series: Sequence[Line], periods: Sequence[str], stage_names: Sequence[str], label: str
) -> StageTrend:
    """Stages (bands, the top stage highest) over periods (columns), one line per series.

    Stages are few and series often share one, so within a stage's band each series
    keeps its own height, in a fixed order: none hides another.
    """
    top = len(stage_names)
    count = len(series)
    spread = min(7.0, (_BAND - 14) / max(count - 1, 1))

    def y_of(index: int, stage: int) -> float:
        middle = (top - stage) * _BAND + _BAND / 2
        return middle + (index - (count - 1) / 2) * spread

    bands = tuple(
        Band(
            y=str((top - number) * _BAND),
            shaded=bool(number % 2),
            text_y=f"{(top - number) * _BAND + _BAND / 2 + 4:g}",
            number=number,
            name=stage_names[number - 1],
        )
        for number in range(top, 0, -1)
    )
    bottom = top * _BAND
    return StageTrend(
        label=label,
        height=str(bottom + 32),
        band=str(_BAND),
        bands=bands,
        bottom=str(bottom),
        periods=period_labels(periods, bottom + 22),
        series=_plotted(series, periods, y_of, lambda stage: f"stage {stage}"),
    )


def _score_y(_: int, tenths: int) -> float:
    """The height of a score given in tenths (0 to 1000); the series index is unused."""
    return _SCORE_BOTTOM - tenths * (_SCORE_BOTTOM - _SCORE_TOP) / 1000


def score_trend_chart(
    scores: Sequence[Fraction | None], periods: Sequence[str], label: str
) -> ScoreTrend:
    """The overall score, 0 to 100, over periods, each dot labelled with its value."""
    tenths: list[int | None] = []
    for score in scores:
        rounded = round_score(score)
        tenths.append(None if rounded is None else int(rounded * 10))
    marks = tuple(
        Mark(f"{_score_y(0, mark * 10):g}", f"{_score_y(0, mark * 10) - 5:g}", str(mark))
        for mark in (0, 50, 100)
    )
    values = tuple(
        Label(
            pct(period_x(position, len(periods))),
            f"{_score_y(0, value) - 11:g}",
            f"{value / 10:.1f}",
        )
        for position, value in enumerate(tenths)
        if value is not None
    )
    series = _plotted(
        [Line("Overall score", tuple(tenths))], periods, _score_y, lambda value: f"{value / 10:.1f}"
    )
    return ScoreTrend(
        label=label,
        height=str(_SCORE_BOTTOM + 40),
        marks=marks,
        series=series,
        values=values,
        periods=period_labels(periods, _SCORE_BOTTOM + 30),
    )


# -- the consolidation's chart: component scores per role -------------------------------

_ROLE_LABEL = 20  # pixels: the component's name line above its bars
_ROLE_BAR = 14  # the height of one role's bar
_ROLE_STEP = 18  # from one role's bar to the next
_ROLE_GROUP_GAP = 16  # below the last bar of a component
# A score of 100 fills the drawing area; its value is written in a room of fixed
# pixels to the right of it, the chart's right padding (report.css, svg.role-chart):
# a share of the width (88% was) leaves too little room for "100.0" on a phone.
_ROLE_SCALE = 100.0
_ROLE_STYLES = 6  # role colours s1 to s6 (s0, the overall ink, is no role's)
_ROLE_NAME = 14  # a role's name line above its bar, where colours repeat


def role_style(index: int) -> str:
    """The colour class of the index-th role, in the chart and its legend alike."""
    return f"s{index % _ROLE_STYLES + 1}"


class RoleBar(NamedTuple):
    """One role's score of one component: a bar (no bar where the role rated none of
    the component's items) and its value written after it; ``name`` the role's name
    on a line above the bar where colours repeat (more roles than colours), else ""."""

    y: str
    width: str | None
    style: str
    value: str
    value_x: str
    value_y: str
    title: str  # its tooltip: the role and the value
    name: str
    name_y: str


class RoleGroup(NamedTuple):
    """A component: its name on a line, then one bar per role."""

    label: str
    text_y: str
    bars: tuple[RoleBar, ...]


class RoleChart(NamedTuple):
    """Component scores per role, as grouped horizontal bars; ``scale`` is the grid line
    of a score of 100."""

    label: str
    height: str
    bar_height: str
    scale: str
    groups: tuple[RoleGroup, ...]


def role_chart(
    components: Sequence[tuple[str, Sequence[Fraction | None]]],
    roles: Sequence[str],
    label: str,
) -> RoleChart:
    """Per component (its name and each role's score, 0 to 100, in the order of
    ``roles``), one bar per role, every group alike so that a role's bar is always in
    the same place and colour. With more roles than colours two roles would share one,
    so then each bar has its role's name on a line above it: every bar can be told
    apart without its colour, at any width (a name, unlike a pattern, needs no legend).
    Up to six roles the chart stays compact, the legend naming each colour."""
    named = len(roles) > _ROLE_STYLES
    above = _ROLE_NAME if named else 0
    step = _ROLE_STEP + above
    group_height = _ROLE_LABEL + len(roles) * step + _ROLE_GROUP_GAP
    groups = []
    for index, (name, scores) in enumerate(components):
        top = index * group_height
        bars = []
        for position, (role, score) in enumerate(zip(roles, scores, strict=True)):
            y = top + _ROLE_LABEL + position * step + above
            rounded = round_score(score)
            share = 0.0 if rounded is None else float(rounded) * _ROLE_SCALE / 100
            value = figures.score(score)  # the one rounding of every format
            bars.append(
                RoleBar(
                    y=str(y),
                    width=None if rounded is None else pct(share),
                    style=role_style(position),
                    value=value,
                    value_x=pct(share),  # the template's dx sets it off the bar
                    value_y=str(y + _ROLE_BAR - 3),
                    title=f"{role}: {value}",
                    name=role if named else "",
                    name_y=str(y - 3),
                )
            )
        groups.append(RoleGroup(name, str(top + 14), tuple(bars)))
    height = len(components) * group_height - _ROLE_GROUP_GAP + 2
    return RoleChart(label, str(height), str(_ROLE_BAR), pct(_ROLE_SCALE), tuple(groups))
