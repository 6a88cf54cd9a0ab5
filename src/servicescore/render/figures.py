"""Scores and score changes as every output format shows them.

One decimal, rounded exactly (halves up) from the rational values; a change is the
difference of the exact scores, rounded the same way, not the difference of two
rounded figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from servicescore.scoring import Assessment, round_score

DASH = "–"  # where no item applies


def tenths(value: Fraction) -> str:
    """A non-negative value already rounded to tenths, as text: exact, no float."""
    whole = int(value * 10)
    return f"{whole // 10}.{whole % 10}"


def score(value: Fraction | None) -> str:
    """``65.4``, or a dash where nothing is applicable."""
    rounded = round_score(value)
    return DASH if rounded is None else tenths(rounded)


def change(old: Fraction | None, new: Fraction | None) -> str:
    """``+16.7``, ``-3.2`` or ``±0.0``; empty where either score is missing."""
    if old is None or new is None:
        return ""
    exact = new - old
    magnitude = round_score(abs(exact))
    assert magnitude is not None
    if magnitude == 0:
        return "±0.0"
    return ("+" if exact > 0 else "-") + tenths(magnitude)


def steady(old: Fraction | None, new: Fraction | None) -> bool:
    """True when a score shows no change (``±0.0``), or is missing on both sides: the
    rows a diff folds away, behind the ones that moved."""
    return change(old, new) == "±0.0" or (old is None and new is None)


def plural(count: int, word: str) -> str:
    """``1 item``, ``3 items``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def component_names(assessment: Assessment) -> dict[str, str]:
    """Each component's name by its id."""
    return {result.component.id: result.component.name for result in assessment.components}


SPARKS = "▁▂▃▄▅▆▇█"


def sparks(values: Sequence[Fraction | None], low: Fraction, high: Fraction) -> str:
    """A sparkline of ``values`` between ``low`` and ``high``; a gap where one is missing."""
    span = high - low or Fraction(1)
    return "".join(
        " " if value is None else SPARKS[int((value - low) / span * (len(SPARKS) - 1))]
        for value in values
    )
