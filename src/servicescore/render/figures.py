"""Scores and score changes as every output format shows them.

One decimal, rounded exactly (halves up) from the rational values; a change is the
difference of the exact scores, rounded the same way, not the difference of two
rounded figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from servicescore.scoring import Assessment, round_score

if TYPE_CHECKING:
    from servicescore.diff import ComponentChange, Diff

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


def unmoved(change: ComponentChange) -> bool:
    """A component row a diff puts last, or folds away: the same stage on both sides and
    a score that shows no change."""
    return change.old_stage == change.new_stage and steady(change.old_score, change.new_score)


def stage_drops(diff: Diff, escape: Callable[[str], str] = str) -> str:
    """The stages that went down, as a diff's "Stage dropped:" line lists them;
    ``escape`` makes a component's name safe in the output format."""
    return ", ".join(f"{escape(drop.name)} {drop.old} → {drop.new}" for drop in diff.drops)


def thousandths(value: Fraction | None) -> str:
    """``0.453``, ``-0.125``, ``1.000``: an alpha, a spread, a mean credit or a gap to
    three decimals, rounded exactly (halves away from zero), as every report of a
    consolidation shows it; a dash where there is none. An ASCII minus, as a score's
    change has: it survives any encoding of standard output and reads as a number in a
    spreadsheet (the HTML page makes it typographic)."""
    if value is None:
        return DASH
    shown = round_score(value, 3)
    assert shown is not None
    whole, part = divmod(abs(int(shown * 1000)), 1000)
    return f"{'-' if value < 0 and (whole or part) else ''}{whole}.{part:03d}"


def threshold(value: Fraction) -> str:
    """``0.5``: a threshold in a sentence (disputed, perception gap), to three decimals
    without the trailing zeros, so that it reads as the figure it is."""
    shown = thousandths(value)
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


# Krippendorff's alpha (SPEC 6) read for someone who is not a statistician, in every
# format alike. The common reading: from 0.8 solid, below 0.667 too little to rest a
# conclusion on. It is compared with the alpha as shown, so that a figure shown as
# 0.667 never reads as "too little".
ALPHA_SOLID = Fraction(4, 5)
ALPHA_TENTATIVE = Fraction(667, 1000)
ALPHA_UNDEFINED = "not defined"  # an alpha that cannot be computed (JSON: null)
ALPHA_READING = (
    "Alpha measures how alike the respondents see the organisation: near 1 they see it "
    "alike, near 0 their answers match no better than chance, below 0 they fall into camps."
)
ALPHA_SCALE = (
    f"solid from {thousandths(ALPHA_SOLID)}, tentative from {thousandths(ALPHA_TENTATIVE)}, "
    "too little below"
)


def alpha_reading(alpha: Fraction | None) -> str | None:
    """``solid``, ``tentative`` or ``too little``: what an alpha, as shown to three
    decimals, lets a workshop rest on; None where alpha is not defined."""
    if alpha is None:
        return None
    shown = round_score(alpha, 3)
    assert shown is not None
    if shown >= ALPHA_SOLID:
        return "solid"
    return "tentative" if shown >= ALPHA_TENTATIVE else "too little"


# The sentences around the disputed items and the perception gaps, in the table and
# the Markdown alike (and where nothing is disputed or seen apart, the HTML page's
# too); each threshold is the engine's constant, passed in (this module
# is on assess's path and does not import the consolidation).


def undisputed(above: Fraction) -> str:
    return f"No item is disputed: no answers lie more than {threshold(above)} of credit apart."


def disputed_intro(above: Fraction) -> str:
    return (
        f"Answers more than {threshold(above)} of credit apart (someone says in place, "
        "someone not): what the workshop should talk about."
    )


def no_perception_gap(least: Fraction) -> str:
    return f"No item's role means differ by {threshold(least)} or more."


def perception_intro(least: Fraction) -> str:
    return f"Items whose roles' mean credits differ by {threshold(least)} or more, largest first."


# Said once where the role gaps are explained, in every format: a role gap is the exact
# difference of the exact scores, rounded once (as a diff's change is), not the
# difference of the two rounded scores beside it.
ROLE_GAP_EXACT = (
    "A gap is computed from the exact scores, so it can differ by 0.1 from the "
    "difference of the rounded scores shown."
)


def roles_wanting(named: int) -> str:
    """Why a consolidation has no role scores, ``named`` the roles its files name (0 or 1)."""
    named_text = "no file names one" if named == 0 else "only one is named"
    return f"Role scores need two or more roles (role: in the answers files); {named_text}."


def plural(count: int, word: str) -> str:
    """``1 item``, ``3 items``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def component_names(assessment: Assessment) -> dict[str, str]:
    """Each component's name by its id."""
    return {result.component.id: result.component.name for result in assessment.components}


def limiting(assessment: Assessment, escape: Callable[[str], str] = str) -> str:
    """The components that hold a file below its next stage (a portfolio row's "Limited
    by"), each made safe by ``escape``; a dash at the top stage, where none does."""
    if assessment.stage >= assessment.checklist.continuum.top:
        return DASH
    names = component_names(assessment)
    return ", ".join(escape(names[index]) for index in assessment.limiting)


def mixed_checklists(assessments: Sequence[Assessment]) -> bool:
    """Whether a portfolio's files answer different checklists (or versions of one), so
    that each row must say which: stages of different checklists are not alike."""
    return len({(one.checklist.id, one.checklist.version) for one in assessments}) > 1


def checklist_label(assessment: Assessment) -> str:
    """``profit-through-service v1.0``: the checklist of a portfolio row."""
    checklist = assessment.checklist
    return f"{checklist.id} v{checklist.version}"


SPARKS = "▁▂▃▄▅▆▇█"


def sparks(values: Sequence[Fraction | None], low: Fraction, high: Fraction) -> str:
    """A sparkline of ``values`` between ``low`` and ``high``; a gap where one is missing."""
    span = high - low or Fraction(1)
    return "".join(
        " " if value is None else SPARKS[int((value - low) / span * (len(SPARKS) - 1))]
        for value in values
    )


# Provisional results (SPEC 3.5)

ANSWER_FIRST = "answer first"  # the mark of an unanswered item in a roadmap or next steps
# A cell with no applicable item, after "Blocked: " in the next steps and in a plan
# (SPEC 3.4, 8): every format words it so.
BLOCKED = (
    "no applicable practice of this component is expected at this stage, so it cannot "
    "pass (items answered n/a do not count)."
)


def provisional(assessment: Assessment) -> str | None:
    """The sentence a provisional report leads with; None when every item is answered."""
    if not assessment.provisional:
        return None
    low, high = assessment.stage_range
    outcome = (
        f"the stage will be {low} whatever the answers"
        if low == high
        else f"the stage will be between {low} and {high}"
    )
    return (
        f"Provisional: {len(assessment.unanswered)} of {len(assessment.items)} items "
        f"unanswered; once answered, {outcome}"
    )


def range_note(assessment: Assessment) -> str | None:
    """A provisional file's stage range, as a portfolio row shows it under its stage."""
    if not assessment.provisional:
        return None
    low, high = assessment.stage_range
    return f"provisional: stays {low}" if low == high else f"provisional: {low}{DASH}{high}"


def provisional_portfolio(assessments: Sequence[Assessment]) -> str | None:
    """The sentence a portfolio leads with when any of its files is provisional."""
    count = sum(1 for one in assessments if one.provisional)
    if not count:
        return None
    # The stage a provisional row shows is its lowest (SPEC 3.5): say so, not "a range".
    shown = (
        "has unanswered items; the stage shown is a lower bound"
        if count == 1
        else "have unanswered items; the stages shown are lower bounds"
    )
    return (
        f"Provisional: {count} of {plural(len(assessments), 'file')} {shown}, "
        f"{'with' if count == 1 else 'each with'} the range it will lie in once they are answered"
    )


def portfolio_summary(assessments: Sequence[Assessment]) -> str:
    """``3 assessments, all at stage 1 so far; 3 of 3 provisional.``: the portfolio's
    stages, qualified while a provisional file's stage can still rise (SPEC 3.5)."""
    stages = sorted({one.stage for one in assessments})
    provisional = [one for one in assessments if one.provisional]
    so_far = (
        " so far" if any(low < high for low, high in (p.stage_range for p in provisional)) else ""
    )
    parts = [plural(len(assessments), "assessment")]
    if len(stages) > 1:
        parts.append(f", stages {stages[0]} to {stages[-1]}{so_far}")
    elif len(assessments) > 1:
        parts.append(f", all at stage {stages[0]}{so_far}")
    if provisional:
        parts.append(f"; {len(provisional)} of {len(assessments)} provisional")
    return "".join(parts) + "."
