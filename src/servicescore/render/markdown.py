"""``--format markdown``: GitHub-flavoured Markdown, for pull-request comments and wikis.

The content follows the terminal report (:mod:`servicescore.render.table`), in headings,
paragraphs, lists and tables only. Every string that comes from a file goes through
:func:`escape` (or :func:`cell`, which uses it): a file can never break a table, start a
heading or a list, or put markup, a link or any HTML on the page (not even an autolink:
GFM's ``https:``, ``www.`` and ``name@host`` are broken up, see :func:`_unlinked`). No
HTML is written at all, so the output holds no ``<`` character.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from servicescore.model import NOT_APPLICABLE, Answer, Item, Subject
from servicescore.problems import visible
from servicescore.render import figures
from servicescore.scoring import Assessment, ItemResult

if TYPE_CHECKING:
    from servicescore.consolidate import Consolidation
    from servicescore.diff import Diff, ItemChange
    from servicescore.planning import Plan
    from servicescore.trend import Series

BAR_WIDTH = 10
DASH = figures.DASH

# Control characters never reach the page. Those that separate text become a space (a
# newline would end a table row or start a new block); the rest are dropped. Characters
# that hide or reorder text (bidi overrides, zero-width) are then shown escaped, \u202e,
# as in every other format (problems.visible).
_CONTROLS: dict[int, str | None] = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)])
_CONTROLS.update(dict.fromkeys(map(ord, "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"), " "))

# HTML as entities, so that no tag or entity of a file reaches the page; and a backslash
# before every character that could open inline markup (emphasis, code, links, images,
# strikethrough, math), a table cell (|) or a heading's closing sequence (#).
_MARKUP: dict[int, str] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_MARKUP.update({ord(char): "\\" + char for char in "\\`*_[]~|#$"})

# What could start a block at the beginning of a line (or of a list item): a bullet list
# marker, a thematic break or a setext underline (any leading -, + or =), or an ordered
# list marker ("1. ", "2)"). The other block markers ('#', '>', '*', '_', '`', '~') are
# escaped wherever they stand.
_BLOCK_START = re.compile(r"[-+=]|[0-9]{1,9}[.)](?=\s|\Z)")

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")

# What GFM's autolink extension (cmark-gfm, on GitHub) and linkify key on, broken with a
# backslash escape, which shows nothing but ends the text run a linker scans: the ":" of
# a scheme (https:, mailto:), the "/" after a "/" (//host), a "." between a name and a
# letter of any script (host.com, host.рф), and any "." after "www" (www.1host, www.-x:
# cmark-gfm takes any name there). A "." or "@" that starts the text counts as following
# a name: a report may print a letter right before it ("v" and a version). Not a "."
# before a digit (1.10 links nowhere). Not the "@" of an address: cmark-gfm finds
# addresses after escapes are undone, so the "@" becomes code, the one mark that parts
# the text without adding a character (an invisible one would hide what the text is).
_LINK_PUNCTUATION = re.compile(
    r"(?<=[A-Za-z]):(?=\S)|(?<=/)/|(?:(?<=[\w-])|^)\.(?=[^\W\d]|-)|(?<=[Ww]{3})\."
)
_ADDRESS_AT = re.compile(r"(?:(?<=[\w.+-])|^)@")


def escape(text: str) -> str:
    """File text as Markdown that shows exactly that text, safe anywhere on a line:
    in a paragraph, a heading, a list item or a table cell."""
    plain = visible(text.replace("\r\n", "\n").translate(_CONTROLS).strip())
    escaped = _unlinked(plain.translate(_MARKUP))
    start = _BLOCK_START.match(escaped)
    if start is not None:  # a backslash before the marker's last character: \- or 1\.
        marker = start.end() - 1
        escaped = f"{escaped[:marker]}\\{escaped[marker:]}"
    return escaped


def _unlinked(escaped: str) -> str:
    """Escaped text that no Markdown renderer turns into a link."""
    escaped = _LINK_PUNCTUATION.sub(lambda match: "\\" + match.group(), escaped)
    return _ADDRESS_AT.sub("`@`", escaped)


def cell(text: str | None) -> str:
    """File text for a table cell: escaped (pipes too), and a dash when there is none."""
    return escape(text or "") or DASH


def ident(value: str) -> str:
    """An id as code. Ids are slugs, which cannot end a code span; anything else is escaped."""
    return f"`{value}`" if _SLUG.match(value) else escape(value)


def strong(markup: str) -> str:
    """Bold, around markup that is already escaped (and so holds no unescaped ``*``)."""
    return f"**{markup}**" if markup else ""


def table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> str:
    """A table from cells that are already Markdown; ``align`` is l, r or c per column."""
    rules = {"l": "---", "r": "---:", "c": ":---:"}
    lines = [_row(header), _row([rules[a] for a in align])]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def heading(level: int, markup: str) -> str:
    """A heading at ``level`` of ``markup``, text that is already Markdown."""
    return "#" * level + " " + markup


# Numbers
score = figures.score


def score_bar(value: Fraction | None) -> str:
    """``████░░░░░░ 40.0``: a text bar and the score, or a dash."""
    if value is None:
        return DASH
    filled = int(value * BAR_WIDTH / 100)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + " " + score(value)


delta = figures.change


def stage_move(old: int | None, new: int | None) -> str:
    if old is None or new is None:
        return ""
    if new > old:
        return f"↑ {new - old}"
    if new < old:
        return f"↓ {old - new}"
    return "→"


def stage_ladder(stage: int, top: int) -> str:
    return "■" * stage + "□" * (top - stage)


sparkline = figures.sparks


# Pieces of a report


def _who(subject: Subject) -> str:
    return " · ".join(escape(part) for part in (subject.organisation, subject.unit) if part)


def subject_text(subject: Subject) -> str:
    """``Organisation · Unit · Period``, each escaped, the parts given."""
    parts = [subject.organisation, subject.unit, subject.period]
    return " · ".join(escape(part) for part in parts if part)


def answer_cell(answer: Answer | None) -> str:
    """An answer with its note, for a table cell."""
    if answer is None:
        return "(not in checklist)"
    if answer.value is None:
        shown = "_unanswered_"
    elif answer.value == NOT_APPLICABLE:
        shown = "n/a"
    else:
        shown = strong(escape(answer.value))
    note = note_text(answer.note)
    return f"{shown} — {note}" if note else shown


def note_text(note: str | None) -> str:
    """A note for a table cell, its lines kept apart by " · ": a cell holds one line,
    and a consolidated note is one respondent's note a line, which run together would
    read as one sentence. (No ``<br>``: this format writes no HTML at all.)"""
    lines = (escape(line) for line in (note or "").replace("\r\n", "\n").split("\n"))
    return " · ".join(line for line in lines if line)


def practice(item_id: str, text: str) -> str:
    """A practice for a table cell: its id as code, then its statement."""
    statement = escape(text)
    return f"{ident(item_id)} — {statement}" if statement else ident(item_id)


def _now(answer: Answer) -> str:
    """An answer in the roadmap or next steps: an unanswered one is marked *answer first*."""
    shown = answer_cell(answer)
    return f"{shown} · {strong(figures.ANSWER_FIRST)}" if answer.value is None else shown


def provisional_block(line: str | None) -> str:
    return strong(escape(line)) if line else ""


def _items_table(items: Iterable[Item], results: Mapping[str, ItemResult]) -> str:
    rows = (
        [
            str(number),
            practice(item.id, item.text),
            _now(results[item.id].answer),
            cell(item.action),
        ]
        for number, item in enumerate(items, 1)
    )
    return table(["#", "Practice", "Now", "What to do"], "rlll", rows)


def _summary(assessment: Assessment, level: int, provisional: bool = True) -> list[str]:
    checklist = assessment.checklist
    continuum = checklist.continuum
    stage = continuum.stage(assessment.stage)
    subject = assessment.answers.subject
    headline = [
        strong(f"Stage {stage.number} of {continuum.top}: {escape(stage.name)}"),
        stage_ladder(stage.number, continuum.top),
        "·",
        "score",
        strong(score(assessment.score)),
    ]
    if assessment.stage < continuum.top:
        names = figures.component_names(assessment)
        limiting = ", ".join(strong(escape(names[i])) for i in assessment.limiting)
        headline += ["·", "limited by", limiting]
    about = [
        f"{escape(checklist.title)} v{escape(checklist.version)}",
        escape(continuum.title),
    ]
    if subject.assessor:
        about.append(f"assessed by {escape(subject.assessor)}")
    if assessment.answers.path:  # a consolidation's answers may be written nowhere
        about.append(escape(assessment.answers.path))
    blocks = [
        heading(level, subject_text(subject)),
        provisional_block(figures.provisional(assessment)) if provisional else "",
        " ".join(headline),
    ]
    summary = escape(stage.summary)
    if summary:
        blocks.append(summary)
    blocks.append(" · ".join(about))
    return blocks


def _roadmap(assessment: Assessment, level: int) -> list[str]:
    continuum = assessment.checklist.continuum
    roadmap = assessment.roadmap
    if roadmap is None:
        return [
            strong("Top stage reached:")
            + " every component passes every stage. Keep the practices alive."
        ]
    target = continuum.stage(roadmap.target_stage)
    title = heading(level, f"Roadmap to stage {target.number}: {escape(target.name)}")
    if not roadmap.items:
        return [
            title,
            "A limiting component has no applicable practice at this stage: "
            "see the next steps below.",
        ]
    results = assessment.by_item
    count = len(roadmap.items)
    intro = (
        f"Bring {'this practice' if count == 1 else f'these {count} practices'} "
        "fully into place to reach the next stage:"
    )
    return [title, intro, _items_table((results[i].item for i in roadmap.items), results)]


def _components(assessment: Assessment, level: int) -> list[str]:
    continuum = assessment.checklist.continuum
    rows = []
    for result in assessment.components:
        name = escape(result.component.name)
        if result.component.id in assessment.limiting and assessment.stage < continuum.top:
            name += " (limiting)"
        stage = continuum.stage(result.stage)
        rows.append(
            [
                name,
                f"{stage_ladder(result.stage, continuum.top)} {stage.number} {escape(stage.name)}",
                score(result.tally.score),
            ]
        )
    return [heading(level, "Components"), table(["Component", "Stage", "Score"], "llr", rows)]


def _elements(assessment: Assessment, level: int) -> list[str]:
    has_groups = bool(assessment.groups)
    header = ["Element", "Group", "Score", "Items"] if has_groups else ["Element", "Score", "Items"]
    rows = []
    for result in assessment.elements:
        row = [cell(result.element.title)]
        if has_groups:
            row.append(cell(result.element.group))
        row += [
            score_bar(result.tally.score),
            f"{result.tally.applicable}/{len(result.element.items)}",
        ]
        rows.append(row)
    for group in assessment.groups:
        rows.append([f"{strong(cell(group.name))} (group)", "", score_bar(group.tally.score), ""])
    align = "lllr" if has_groups else "llr"
    return [heading(level, "Elements"), table(header, align, rows)]


def _next_steps(assessment: Assessment, level: int) -> list[str]:
    continuum = assessment.checklist.continuum
    names = figures.component_names(assessment)
    results = assessment.by_item
    blocks = [heading(level, "Next steps by component")]
    if not assessment.next_steps:
        blocks.append("Every component is at the top stage.")
    for step in assessment.next_steps:
        target = continuum.stage(step.target_stage)
        blocks.append(
            heading(
                level + 1,
                f"{escape(names[step.component])} → stage {target.number}: {escape(target.name)}",
            )
        )
        advance = escape(step.advance)
        if advance:
            blocks.append(f"{strong('How to advance:')} {advance}")
        if step.blocked:
            blocks.append(f"{strong('Blocked:')} {figures.BLOCKED}")
            continue
        if step.required:
            blocks.append(_items_table((results[i].item for i in step.required), results))
        if step.other:
            others = (
                f"{ident(i)} ({figures.ANSWER_FIRST})"
                if results[i].answer.value is None
                else ident(i)
                for i in step.other
            )
            blocks.append("Also open at this stage: " + ", ".join(others))
    return blocks


def _unanswered(assessment: Assessment, level: int) -> list[str]:
    if not assessment.unanswered:
        return []
    results = assessment.by_item
    count = len(assessment.unanswered)
    return [
        heading(level, f"Unanswered ({count})"),
        f"{figures.plural(count, 'unanswered item')} counted as no credit:",
        "\n".join(f"- {practice(i, results[i].item.text)}" for i in assessment.unanswered),
    ]


def lead(assessment: Assessment, level: int = 2, *, provisional: bool = True) -> list[str]:
    """What a report leads with: the title at heading ``level``, the provisional line
    (unless the caller said it first), the stage, the roadmap and the components."""
    section = level + 1
    return [
        *_summary(assessment, level, provisional),
        *_roadmap(assessment, section),
        *_components(assessment, section),
    ]


def _report(assessment: Assessment, level: int = 2) -> list[str]:
    """The blocks of one full report; its title at heading ``level``."""
    section = level + 1
    return [
        *lead(assessment, level),
        *measures_section(assessment, section),
        *_elements(assessment, section),
        *_next_steps(assessment, section),
        *_unanswered(assessment, section),
    ]


def measures_section(assessment: Assessment, level: int) -> list[str]:
    if not assessment.checklist.measures:  # their module is read only when there are some
        return []
    from servicescore.render import markdown_measures

    return markdown_measures.report(assessment.answers, level)


def document(blocks: Iterable[str]) -> str:
    """Blocks apart by blank lines: a table or list never runs into what follows."""
    return "\n\n".join(block for block in blocks if block) + "\n"


def assessment(assessment: Assessment, title: str | None = None) -> str:
    titled = heading(1, escape(title)) if title else ""
    return document([titled, *_report(assessment)])


def portfolio(assessments: Sequence[Assessment], detail: bool, title: str | None = None) -> str:
    mixed = figures.mixed_checklists(assessments)
    rows = []
    for one in assessments:
        continuum = one.checklist.continuum
        subject = one.answers.subject
        limiting = figures.limiting(one, escape)
        stage = f"{one.stage} {escape(continuum.stage(one.stage).name)}"
        note = figures.range_note(one)
        if note:
            stage += f" ({note})"
        row = [cell(one.answers.path), cell(subject.organisation), cell(subject.unit)]
        row.append(cell(subject.period))
        if mixed:
            row.append(cell(figures.checklist_label(one)))
        rows.append([*row, stage, score(one.score), limiting or DASH])
    header = ["File", "Organisation", "Unit", "Period", "Stage", "Score", "Limited by"]
    align = "lllllrl"
    if mixed:  # stages of different checklists are not alike: say which each row is on
        header.insert(4, "Checklist")
        align = "llllllrl"
    named = escape(title) if title else "Portfolio"
    blocks = [
        heading(2, f"{named} ({figures.plural(len(assessments), 'file')})"),
        provisional_block(figures.provisional_portfolio(assessments)),
        table(header, align, rows),
    ]
    if detail:
        for one in assessments:
            blocks += _report(one)
    return document(blocks)


# diff


def _diff_title(diff: Diff) -> str:
    old, new = diff.old.answers.subject, diff.new.answers.subject
    who = _who(new) if _who(old) == _who(new) else f"{_who(old)} → {_who(new)}"
    if old.period and new.period:
        return f"Changes: {who}, {escape(old.period)} → {escape(new.period)}"
    return f"Changes: {who}"


def _side(label: str, assessment: Assessment) -> str:
    subject = assessment.answers.subject
    parts = [escape(assessment.answers.path), subject_text(subject)]
    if subject.assessor:
        parts.append(f"assessed by {escape(subject.assessor)}")
    return f"- {label}: " + " · ".join(parts)


def _stage_drops(diff: Diff) -> str:
    drops = figures.stage_drops(diff, escape)
    return f"{strong('Stage dropped:')} {drops}" if drops else ""


def _change_counts(items: Sequence[ItemChange]) -> str:
    if not items:
        return "No item changed."
    # The items come in CHANGE_ORDER, so counting keeps that order.
    counts = [f"{count} {kind}" for kind, count in Counter(i.change for i in items).items()]
    return f"{figures.plural(len(items), 'item')} changed: {', '.join(counts)}."


def _changes_table(items: Sequence[ItemChange], with_kind: bool) -> str:
    header = ["Item", "Old", "New"]
    rows = [[practice(i.id, i.text), answer_cell(i.old), answer_cell(i.new)] for i in items]
    if not with_kind:
        return table(header, "lll", rows)
    kinds = [strong(item.change) if item.change == "regressed" else item.change for item in items]
    return table(
        ["Change", *header], "llll", ([kind, *row] for kind, row in zip(kinds, rows, strict=True))
    )


def _stage_change(old: int | None, new: int | None) -> str:
    """``2 → 3 ↑ 1``, ``2 → 2``, ``– → 3``."""
    text = f"{DASH if old is None else old} → {DASH if new is None else new}"
    move = stage_move(old, new)
    return f"{text} {move}" if move not in ("", "→") else text


def _headline(diff: Diff) -> str:
    """The overall stage change, then the score change: what a reviewer reads first."""
    old, new = diff.old, diff.new
    old_stage = old.checklist.continuum.stage(old.stage)
    new_stage = new.checklist.continuum.stage(new.stage)
    before = f"{old_stage.number} {escape(old_stage.name)}"
    after = f"{new_stage.number} {escape(new_stage.name)}"
    if before == after:
        stage = f"{strong(f'Stage {after}')} unchanged"
    else:
        move = stage_move(old.stage, new.stage)
        stage = strong(f"Stage {before} → {after}") + ("" if move == "→" else f" {move}")
    change = delta(old.score, new.score)
    scores = f"score {score(old.score)} → {score(new.score)}" + (f" ({change})" if change else "")
    return f"{stage} · {scores}"


def diff(diff: Diff) -> str:
    old, new = diff.old, diff.new
    regressed = [item for item in diff.items if item.change == "regressed"]
    others = [item for item in diff.items if item.change != "regressed"]
    blocks = [
        heading(2, _diff_title(diff)),
        _headline(diff),
        _stage_drops(diff),
        _change_counts(diff.items),
        "\n".join([_side("Old", old), _side("New", new)]),
    ]
    if regressed:
        blocks += [heading(3, f"Regressions ({len(regressed)})"), _changes_table(regressed, False)]
    components = [
        [
            cell(change.name),
            _stage_change(change.old_stage, change.new_stage),
            f"{score(change.old_score)} → {score(change.new_score)}",
            delta(change.old_score, change.new_score),
        ]
        for change in diff.components
    ]
    elements = [
        [
            cell(change.title),
            f"{score(change.old)} → {score(change.new)}",
            delta(change.old, change.new),
        ]
        for change in diff.elements
    ]
    blocks += [
        heading(3, "Components"),
        table(["Component", "Stage", "Score", "Change"], "llrr", components),
        heading(3, "Elements"),
        table(["Element", "Score", "Change"], "lrr", elements),
    ]
    if old.checklist.measures or new.checklist.measures:
        from servicescore.render import markdown_measures

        blocks += markdown_measures.diff(diff, 3)
    if others:
        title = "Other changed items" if regressed else "Changed items"
        blocks += [heading(3, f"{title} ({len(others)})"), _changes_table(others, True)]
    return document(blocks)


def trend(series: Sequence[Series]) -> str:
    # A module of its own (this one is near its size limit), read only when asked for.
    from servicescore.render import markdown_trend

    return markdown_trend.trend(series)


def consolidation(result: Consolidation, file: str | None = None) -> str:
    # A module of its own (this one is near its size limit), read only when asked for.
    from servicescore.render import markdown_consolidation

    return markdown_consolidation.consolidation(result, file)


def plan(plan: Plan) -> str:
    from servicescore.render import markdown_plan  # as the consolidation: when asked for

    return markdown_plan.plan(plan)
