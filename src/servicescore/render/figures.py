"""Scores and score changes as every output format shows them.

One decimal, rounded exactly (halves up) from the rational values; a change is the
difference of the exact scores, rounded the same way, not the difference of two
rounded figures.
"""

from __future__ import annotations

from fractions import Fraction

from servicescore.scoring import round_score

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
