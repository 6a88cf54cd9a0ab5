"""The HTML pages not yet on templates: the old element builder and what uses it.

Issue 11 moves the HTML reports to Jinja2 templates page kind by page kind; until a
kind is converted, it is built here as before, with :func:`el` and :func:`esc`, and
the next sessions empty this module and delete it (see the package docstring).
Parts the converted pages share (pills, notes, score bars, ladders, legends) are
already drawn here by their macros (:func:`_macro`), from :mod:`.charts` geometry.
Every text that comes from a file goes through :func:`esc`, attribute values
included, so no markup from a file ever reaches the page. Charts are drawn in SVG
with horizontal positions in percent, so that they fill the width of a phone, a
laptop or an A4 page while their text keeps its size; every chart is repeated as a
real table for screen readers and for copying figures out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from html import escape
from typing import TYPE_CHECKING

from servicescore.model import Answer
from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.html import charts, views
from servicescore.render.html.charts import LadderRow
from servicescore.render.html.environment import CSP, environment, render, stylesheet
from servicescore.render.html.views import Headings, delta_text
from servicescore.render.html.views import stage_name as _stage_name
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.diff import Diff, ItemChange


# -- markup ---------------------------------------------------------------------------

Attribute = str | int | None


def esc(text: object) -> str:
    """Text for the page, in content or in an attribute: ``& < > " '`` escaped, and
    characters that hide or reorder text (bidi overrides, zero-width) shown as
    ``\\u202e``, as in every other format (an entity would still reorder the text)."""
    return escape(visible(str(text)), quote=True)


_VOID = frozenset({"meta", "br"})
_EMPTY_SVG = frozenset({"rect", "circle", "line", "path"})
# Elements between which white space never shows: each ends its line of the page
# source, so that the source reads, and a change to a report diffs, line by line.
_LINE_AFTER = frozenset(
    {"article", "section", "header", "footer", "figure", "figcaption", "table", "caption"}
    | {"thead", "tbody", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd", "div", "p"}
    | {"h1", "h2", "h3", "h4", "title", "text", "rect", "line", "circle", "path"}
)
# Containers of such elements: their first child starts a line too.
_LINE_INSIDE = frozenset(
    {"article", "section", "header", "footer", "figure", "table", "thead", "tbody", "tr"}
    | {"ul", "ol", "dl", "svg"}
)


def el(name: str, *children: str, **attributes: Attribute) -> str:
    """An element. ``children`` are markup already; attribute values are escaped here.

    Attribute names are Python names: a trailing underscore is dropped (``class_``) and
    inner ones become hyphens (``aria_label``). ``None`` leaves an attribute out.
    """
    parts = [name]
    for key, value in attributes.items():
        if value is not None:
            parts.append(f'{key.rstrip("_").replace("_", "-")}="{esc(value)}"')
    opening = "<" + " ".join(parts)
    end = "\n" if name in _LINE_AFTER else ""
    if name in _VOID:
        return opening + ">" + end
    if not children and name in _EMPTY_SVG:
        return opening + "/>" + end
    start = "\n" if name in _LINE_INSIDE else ""
    return f"{opening}>{start}{''.join(children)}</{name}>{end}"


def lines(parts: Iterable[str | None]) -> str:
    """Block-level parts, each ending its line."""
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts if part)


# -- numbers --------------------------------------------------------------------------


score_text = figures.score


def _change(old: Fraction | None, new: Fraction | None) -> tuple[str, str]:
    """A score change as shown, and its CSS class (up, down or same)."""
    text = delta_text(old, new)
    return text, "up" if text.startswith("+") else "down" if text.startswith("−") else "same"


def _change_cell(old: Fraction | None, new: Fraction | None, empty: str = "") -> str:
    """A table cell with a score change."""
    text, kind = _change(old, new)
    return el("td", esc(text or empty), class_=f"num change {kind}", data_label="Change")


# -- page -----------------------------------------------------------------------------

CSS = stylesheet()


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{el('meta', http_equiv='Content-Security-Policy', content=CSP)}\n"
        '<meta name="generator" content="servicescore">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<main class="page">\n{body}</main>\n</body>\n</html>\n'
    )


# -- shared pieces --------------------------------------------------------------------


def _facts(pairs: Iterable[tuple[str, str | None]]) -> str:
    """A definition list of label and markup pairs; pairs without a value are left out."""
    items = [el("div", el("dt", esc(label)), el("dd", value)) for label, value in pairs if value]
    return el("dl", *items, class_="facts") if items else ""


def _macro(name: str, *args: object) -> str:
    """A shared part drawn by ``templates/macros.html``, as the converted pages draw it."""
    return str(getattr(environment().get_template("macros.html").module, name)(*args))


def answer_pill(value: str | None, credit: Fraction | None) -> str:
    """An answer as a coloured label: green full credit, amber part, red none."""
    return _macro("pill", views.answer_pill(value, credit))


def _note(note: str | None) -> str:
    return _macro("note", note)


def _provisional(line: str | None) -> str:
    """The provisional callout a report or portfolio leads with (SPEC 3.5), or nothing."""
    return _macro("provisional", line)


def score_bar(score: Fraction | None, before: Fraction | None = None) -> str:
    """A horizontal bar of a 0–100 score; with ``before``, a thin bar of the earlier one."""
    return _macro("score_bar", charts.score_bar(score, before))


def mini_ladder(stage: int, top: int) -> str:
    """The stage as N small blocks, the first ``stage`` of them filled (decorative)."""
    return _macro("mini_ladder", charts.mini_ladder(stage, top))


def _colophon(parts: Iterable[str]) -> str:
    return el("footer", *(el("p", part) for part in parts), class_="colophon")


# -- the continuum chart --------------------------------------------------------------


def ladder_chart(rows: Sequence[LadderRow], stage_names: Sequence[str], label: str) -> str:
    """Each row a bar of N segments, one per stage of the continuum, filled to its stage."""
    return _macro("ladder_chart", charts.ladder_chart(rows, stage_names, label))


def _legend(entries: Iterable[tuple[str, str]]) -> str:
    return _macro("legend", tuple(entries))


# -- portfolio ------------------------------------------------------------------------


def _provisional_range(assessment: Assessment) -> str:
    """A provisional file's stage range, under its stage in the portfolio."""
    note = figures.range_note(assessment)
    return el("div", esc(note), class_="small muted") if note else ""


def _checklist_cell(assessment: Assessment) -> str:
    """A portfolio row's checklist, when the files answer different ones."""
    return el("td", esc(figures.checklist_label(assessment)), class_="wrap", data_label="Checklist")


def _portfolio_row(one: Assessment, index: int, detail: bool, mixed: bool) -> str:
    continuum = one.checklist.continuum
    subject = one.answers.subject
    names = figures.component_names(one)
    limiting = ", ".join(names[i] for i in one.limiting) if one.stage < continuum.top else "–"
    path = el("code", esc(one.answers.path))
    if detail:
        path = el("a", path, href=f"#report-{index}")
    return el(
        "tr",
        el(
            "td",
            el("strong", esc(subject.organisation)),
            el("div", esc(subject.unit), class_="small muted") if subject.unit else "",
            el("div", path),
            class_="wrap",
            data_label="Organisation",
        ),
        el("td", esc(subject.period or "–"), class_="nowrap", data_label="Period"),
        _checklist_cell(one) if mixed else "",
        el(
            "td",
            mini_ladder(one.stage, continuum.top),
            el("strong", esc(f"{one.stage} {continuum.stage(one.stage).name}")),
            _provisional_range(one),
            data_label="Stage",
        ),
        el("td", score_text(one.score), class_="num", data_label="Score"),
        el("td", esc(limiting), class_="wrap", data_label="Limited by"),
    )


# Where the rows go in the page made around them: NUL, which no page holds (the loader
# refuses control characters in files, --title too, and no path holds one).
_ROWS = "\x00"


def portfolio(assessments: Sequence[Assessment], detail: bool, title: str | None = None) -> str:
    return "".join(portfolio_pieces(assessments, detail, title))


def portfolio_pieces(
    assessments: Sequence[Assessment], detail: bool, title: str | None = None
) -> Iterator[str]:
    """:func:`portfolio` piece by piece: the page around the rows, made once, then one
    row at a time, so that 20,000 rows are never one string (nor five copies of one)."""
    mixed = figures.mixed_checklists(assessments)
    if not assessments:
        empty = el("tr", el("td", "No answers files.", colspan="6" if mixed else "5"))
        yield _portfolio_page(assessments, detail, title, mixed, empty)
        return
    before, after = _portfolio_page(assessments, detail, title, mixed, _ROWS).split(_ROWS)
    yield before
    for index, one in enumerate(assessments, 1):
        yield _portfolio_row(one, index, detail, mixed)
    yield after


def _portfolio_page(
    assessments: Sequence[Assessment], detail: bool, title: str | None, mixed: bool, rows: str
) -> str:
    table = el(
        "table",
        el("caption", "One row per answers file, in the order given"),
        el(
            "thead",
            el(
                "tr",
                el("th", "Organisation and file"),
                el("th", "Period"),
                el("th", "Checklist") if mixed else "",
                el("th", "Stage"),
                el("th", "Score", class_="num"),
                el("th", "Limited by"),
            ),
        ),
        el("tbody", rows),
        class_="stack",
    )
    summary = figures.portfolio_summary(assessments)
    overview = el(
        "article",
        lines(
            [
                el(
                    "header",
                    el("p", "Service maturity portfolio", class_="eyebrow"),
                    el("h1", esc(title or "Portfolio")),
                    el("p", esc(summary), class_="subtitle"),
                    _provisional(figures.provisional_portfolio(assessments)),
                    class_="cover",
                ),
                el("section", table, class_="portfolio"),
            ]
        ),
        class_="report",
    )
    parts = [overview]
    if detail:
        parts += [
            render("report.html", report=views.report(one, 2, f"report-{index}"))
            for index, one in enumerate(assessments, 1)
        ]
    return _page(title or "Service maturity portfolio", lines(parts))


# -- diff -----------------------------------------------------------------------------


def _move(old: int | None, new: int | None) -> str:
    if old is None or new is None:
        return el("span", "–", class_="muted")
    if new > old:
        return el("span", esc(f"up {new - old}"), class_="pill up")
    if new < old:
        return el("span", esc(f"down {old - new}"), class_="pill down")
    return el("span", "same", class_="pill")


def _moved(old: int | None, new: int | None, top: int) -> tuple[str, ...]:
    """Per stage: kept, gained (reached now, not before), lost (reached before, not now)."""
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


def _side_text(assessment: Assessment, other: Assessment) -> str:
    """Who, when and by whom; organisation and unit only where the two sides differ."""
    subject = assessment.answers.subject
    theirs = other.answers.subject
    parts = [subject.period, subject.assessor and f"assessed by {subject.assessor}"]
    if (subject.organisation, subject.unit) != (theirs.organisation, theirs.unit):
        parts[:0] = [subject.organisation, subject.unit]
    return " · ".join(part for part in parts if part)


_CHANGE_HEADINGS = {
    "regressed": "Regressed",
    "improved": "Improved",
    "changed": "Changed",
    "added": "Added to the checklist",
    "removed": "Removed from the checklist",
}


def _change_answer(answer: Answer | None, credit: Fraction | None) -> str:
    if answer is None:
        return el("span", "not in checklist", class_="muted small")
    return answer_pill(answer.value, credit) + _note(answer.note)


def _changed_items(items: Sequence[ItemChange], title: str, caption: str, h: Headings) -> str:
    """A section of changed items, grouped by kind, with the notes of both sides."""
    if not items:
        return el(
            "section",
            el(h.section, esc(title)),
            el("p", "No item changed.", class_="callout good"),
        )
    groups: dict[str, list[ItemChange]] = {}
    for change in items:
        groups.setdefault(change.change, []).append(change)
    bodies = []
    for kind, changes in groups.items():
        rows = [
            el(
                "tr",
                el(
                    "th",
                    esc(f"{_CHANGE_HEADINGS[kind]} ({len(changes)})"),
                    colspan="3",
                    scope="rowgroup",
                ),
            )
        ]
        for change in changes:
            rows.append(
                el(
                    "tr",
                    el(
                        "td",
                        esc(change.text),
                        " ",
                        el("span", esc(change.id), class_="id"),
                        class_="wrap",
                        data_label="Practice",
                    ),
                    el("td", _change_answer(change.old, change.old_credit), data_label="Before"),
                    el("td", _change_answer(change.new, change.new_credit), data_label="After"),
                )
            )
        bodies.append(el("tbody", *rows, class_=f"kind {kind}"))
    counts = ", ".join(f"{len(changes)} {kind}" for kind, changes in groups.items())
    return el(
        "section",
        el(h.section, esc(f"{title} ({len(items)})")),
        el("p", esc(f"{counts.capitalize()}."), class_="intro") if len(groups) > 1 else "",
        el(
            "table",
            el("caption", esc(caption)),
            el(
                "thead",
                el("tr", el("th", "Practice"), el("th", "Before"), el("th", "After")),
            ),
            *bodies,
            class_="stack changes",
        ),
    )


def diff(diff: Diff) -> str:
    old, new = diff.old, diff.new
    continuum = new.checklist.continuum
    old_continuum = old.checklist.continuum
    top = max(continuum.top, old_continuum.top)
    stage_names = [
        _stage_name(continuum, n) or _stage_name(old_continuum, n) for n in range(1, top + 1)
    ]
    h = Headings.at(1)
    old_subject, new_subject = old.answers.subject, new.answers.subject
    span = (
        f"{old_subject.period} to {new_subject.period}"
        if old_subject.period and new_subject.period
        else f"{old.answers.path} to {new.answers.path}"
    )
    subtitle = " · ".join(part for part in (new_subject.unit, span) if part)
    cover = el(
        "header",
        el("p", "Service maturity: what changed", class_="eyebrow"),
        el("h1", esc(new_subject.organisation)),
        el("p", esc(subtitle), class_="subtitle"),
        _facts(
            [
                (
                    "Before",
                    esc(_side_text(old, new)) + el("div", el("code", esc(old.answers.path))),
                ),
                ("After", esc(_side_text(new, old)) + el("div", el("code", esc(new.answers.path)))),
                (
                    "Checklist",
                    f"{esc(new.checklist.title)} "
                    f"{el('span', esc(f'v{new.checklist.version}'), class_='muted')}",
                ),
            ]
        ),
        class_="cover",
    )
    moved = new.stage - old.stage
    score_change, score_trend = _change(old.score, new.score)
    # A drop must not pass for a rise: its own word, arrow and colour (class).
    direction, arrow, headline = (
        ("up", "↑", f"Up {figures.plural(moved, 'stage')}")
        if moved > 0
        else ("down", "↓", f"Dropped {figures.plural(-moved, 'stage')}")
        if moved < 0
        else ("same", "→", "Stage unchanged")
    )
    verdict = el(
        "section",
        el(
            "div",
            el("p", esc(f"Overall stage (of {continuum.top})"), class_="label"),
            el(
                "p",
                esc(f"{old.stage} → {new.stage}"),
                " ",
                el("small", arrow, aria_hidden="true") if moved else "",
                class_="big",
            ),
            el("p", esc(_stage_name(continuum, new.stage)), class_="name"),
            class_="verdict-stage",
        ),
        el(
            "div",
            el(
                "p",
                esc(
                    f"{headline}: from {old.stage} {_stage_name(old_continuum, old.stage)} "
                    f"to {new.stage} {_stage_name(continuum, new.stage)}."
                ),
                class_="summary",
            ),
            el(
                "ul",
                el(
                    "li",
                    el("span", "Overall score"),
                    el("strong", esc(f"{score_text(old.score)} → {score_text(new.score)}")),
                ),
                el(
                    "li",
                    el("span", "Change"),
                    el("strong", esc(score_change), class_=score_trend),
                ),
                el("li", el("span", "Items changed"), el("strong", str(len(diff.items)))),
                class_="kpis",
            ),
            class_="verdict-body",
        ),
        class_=f"verdict {direction}",
        aria_label="Overall stage before and after",
    )
    drops = figures.stage_drops(diff)
    dropped = (
        el("p", el("strong", "Stage dropped:"), " ", esc(drops), class_="callout bad")
        if drops
        else None
    )
    rows = [
        LadderRow(
            "Overall",
            f"stage {old.stage} → {new.stage}",
            "",
            _moved(old.stage, new.stage, top),
        )
    ]
    described = []
    for change in diff.components:
        before = "–" if change.old_stage is None else str(change.old_stage)
        after = "–" if change.new_stage is None else str(change.new_stage)
        flag = "new" if change.old_stage is None else "removed" if change.new_stage is None else ""
        rows.append(
            LadderRow(
                change.name,
                f"stage {before} → {after}",
                flag,
                _moved(change.old_stage, change.new_stage, top),
            )
        )
        described.append(f"{change.name}: stage {before} to {after}")
    label = (
        f"Stage by component before and after. Overall: stage {old.stage} to {new.stage}. "
        + "; ".join(described)
        + "."
    )
    chart = el(
        "figure",
        ladder_chart(rows, stage_names, label),
        _legend(
            [
                ("reached", "Reached before and after"),
                ("gained", "Reached since"),
                ("lost", "Lost since"),
                ("open", "Not reached"),
            ]
        ),
    )
    # Rows where nothing moved go last, behind the ones a reviewer came for.
    component_order = sorted(diff.components, key=figures.unmoved)
    component_rows = [
        el(
            "tr",
            el("td", esc(change.name), class_="wrap", data_label="Component"),
            el(
                "td",
                esc(f"{change.old_stage or '–'} → {change.new_stage or '–'}"),
                " ",
                _move(change.old_stage, change.new_stage),
                class_="nowrap",
                data_label="Stage",
            ),
            el(
                "td",
                esc(f"{score_text(change.old_score)} → {score_text(change.new_score)}"),
                class_="num",
                data_label="Score",
            ),
            _change_cell(change.old_score, change.new_score),
        )
        for change in component_order
    ]
    components = el(
        "section",
        el(h.section, "Stage by component"),
        chart,
        el(
            "table",
            el("caption", "Stage and score by component, before and after"),
            el(
                "thead",
                el(
                    "tr",
                    el("th", "Component"),
                    el("th", "Stage"),
                    el("th", "Score", class_="num"),
                    el("th", "Change", class_="num"),
                ),
            ),
            el("tbody", *component_rows),
            class_="stack",
        ),
    )
    element_rows = [
        el(
            "tr",
            el("td", esc(change.title), class_="wrap", data_label="Element"),
            el("td", score_text(change.old), class_="num", data_label="Before"),
            el("td", score_text(change.new), class_="num", data_label="After"),
            _change_cell(change.old, change.new),
            el("td", score_bar(change.new, change.old), class_="bar-cell"),
        )
        for change in sorted(diff.elements, key=lambda one: figures.steady(one.old, one.new))
    ]
    elements = el(
        "section",
        el(h.section, "Scores by element"),
        el(
            "p",
            "The thin upper bar is the score before, the thick lower bar the score after.",
            class_="intro",
        ),
        el(
            "table",
            el("caption", "Score by element, before and after"),
            el(
                "thead",
                el(
                    "tr",
                    el("th", "Element"),
                    el("th", "Before", class_="num"),
                    el("th", "After", class_="num"),
                    el("th", "Change", class_="num"),
                    el("th", el("span", "Score bars", class_="visually-hidden")),
                ),
            ),
            el("tbody", *element_rows),
            class_="stack",
        ),
    )
    # As in the Markdown diff: regressions lead, the other changed items close.
    regressed = [change for change in diff.items if change.change == "regressed"]
    others = [change for change in diff.items if change.change != "regressed"]
    regressions = (
        _changed_items(
            regressed, "Regressions", "Items that lost credit, with the notes of both sides", h
        )
        if regressed
        else None
    )
    colophon = _colophon(
        [
            esc(
                f"Compared with servicescore: {new.checklist.title} (v{old.checklist.version} "
                f"before, v{new.checklist.version} after) on the {continuum.title}."
            ),
        ]
    )
    title = f"{new_subject.organisation} — what changed, {span}"
    report = el(
        "article",
        lines(
            [
                cover,
                verdict,
                dropped,
                regressions,
                components,
                elements,
                _changed_items(
                    others,
                    "Other changed items" if regressed else "Changed items",
                    "Items whose answer changed, with the notes of both sides",
                    h,
                )
                if others or not regressed
                else None,
                colophon,
            ]
        ),
        class_="report",
    )
    return _page(title, report)
