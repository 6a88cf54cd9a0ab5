"""Chart geometry of the HTML reports: coordinates and labels as data, no markup.

The templates draw what is computed here (``templates/macros.html``): the continuum
ladder (a bar of N stage segments per row), the score bar of a 0–100 score and the
mini ladder of a stage. Horizontal positions are percentages, so that a chart fills
the width of a phone, a laptop or an A4 page while its text keeps its size; vertical
positions are pixels. Everything is a string as the SVG attribute takes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from servicescore.scoring import round_score

BLOCKED = "blocked: no applicable practice"  # a cell that cannot pass (SPEC 3.4)

_ROW = 72  # pixels per ladder row: label line, bar and gap
_BAR_TOP = 26
_BAR_HEIGHT = 32
_GAP = 0.8  # between segments, in percent of the width
# The class of a segment's number and name, by the segment's state (on a dark fill, white).
_SEGMENT_TEXT = {
    "reached": "reached-text",
    "reached-overall": "reached-text",
    "gained": "reached-text",
    "next": "next-text",
    "blocked": "blocked-text",
    "lost": "lost-text",
}


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
    text_class: str
    number: int
    name: str  # with its leading space: " Defined", or " blocked"


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
                text_class=_SEGMENT_TEXT.get(state, "seg-text"),
                number=index + 1,
                # A blocked cell names why, not the stage: the stage cannot be reached.
                name=" blocked" if state == "blocked" else f" {stage_names[index]}",
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
    """One block of a mini ladder."""

    x: str
    width: str
    on: bool


def mini_ladder(stage: int, top: int) -> tuple[Block, ...]:
    """The stage as ``top`` small blocks, the first ``stage`` of them filled."""
    step = 100 / top
    return tuple(Block(pct(index * step), pct(step - 3), index < stage) for index in range(top))
