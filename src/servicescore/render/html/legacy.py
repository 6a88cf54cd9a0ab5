"""The HTML pages not yet on templates: the old element builder and what uses it.

Issue 11 moves the HTML reports to Jinja2 templates page kind by page kind; until a
kind is converted, it is built here as before, with :func:`el` and :func:`esc`, and
the next session empties this module and deletes it (see the package docstring).
Parts the converted pages share (pills, notes, score bars, ladders, legends) are
already drawn here by their macros (:func:`_macro`), from :mod:`.charts` geometry.
Every text that comes from a file goes through :func:`esc`, attribute values
included, so no markup from a file ever reaches the page. Charts are drawn in SVG
with horizontal positions in percent, so that they fill the width of a phone, a
laptop or an A4 page while their text keeps its size; every chart is repeated as a
real table for screen readers and for copying figures out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from servicescore.model import Answer, Continuum
from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.html import charts, views
from servicescore.render.html.charts import LadderRow, pct
from servicescore.render.html.environment import CSP, environment, stylesheet
from servicescore.render.html.views import Headings
from servicescore.scoring import Assessment, round_score

if TYPE_CHECKING:
    from servicescore.diff import Diff, ItemChange
    from servicescore.trend import Series


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


def delta_text(old: Fraction | None, new: Fraction | None) -> str:
    """The change of a score, with a typographic minus sign."""
    return figures.change(old, new).replace("-", "−")


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


def score_bar(score: Fraction | None, before: Fraction | None = None) -> str:
    """A horizontal bar of a 0–100 score; with ``before``, a thin bar of the earlier one."""
    return _macro("score_bar", charts.score_bar(score, before))


def _stage_name(continuum: Continuum, number: int | None) -> str:
    if number is None or not 1 <= number <= continuum.top:
        return ""
    return continuum.stage(number).name


def _colophon(parts: Iterable[str]) -> str:
    return el("footer", *(el("p", part) for part in parts), class_="colophon")


# -- the continuum chart --------------------------------------------------------------


def ladder_chart(rows: Sequence[LadderRow], stage_names: Sequence[str], label: str) -> str:
    """Each row a bar of N segments, one per stage of the continuum, filled to its stage."""
    return _macro("ladder_chart", charts.ladder_chart(rows, stage_names, label))


def _legend(entries: Iterable[tuple[str, str]]) -> str:
    return _macro("legend", tuple(entries))


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


# -- trend ----------------------------------------------------------------------------

_BAND = 46  # pixels: the height of one stage in the trend chart
_PLOT_LEFT = 20.0  # percent of the width: room for the stage names
_PLOT_RIGHT = 90.0  # room for the last period's label
_STYLES = 7  # series colours s0 (the overall stage) to s6; dash patterns d1 to d3


def _x(index: int, count: int) -> float:
    if count == 1:
        return (_PLOT_LEFT + _PLOT_RIGHT) / 2
    return _PLOT_LEFT + index * (_PLOT_RIGHT - _PLOT_LEFT) / (count - 1)


class Line(NamedTuple):
    """One series of a trend chart: a name and a value per period (None: no value)."""

    name: str
    values: tuple[int | None, ...]


def _line_style(index: int) -> str:
    """Colour and dash of the index-th series: the first (the overall stage) solid and
    dark; the others told apart by dash as well as colour."""
    style = f"s{index % _STYLES}"
    if index % 4:
        style += f" d{index % 4}"
    return style + (" overall" if index == 0 else "")


def _series_shapes(
    series: Sequence[Line],
    periods: Sequence[str],
    y_of: Callable[[int, int], float],
    value_text: Callable[[int], str],
) -> list[str]:
    """Lines between consecutive values and a dot, with a tooltip title, at each value."""
    shapes = []
    for index, line in reversed(list(enumerate(series))):  # the first series on top
        style = _line_style(index)
        points = [(_x(position, len(periods)), value) for position, value in enumerate(line.values)]
        for (x1, v1), (x2, v2) in pairwise(points):
            if v1 is None or v2 is None:
                continue
            shapes.append(
                el(
                    "line",
                    x1=pct(x1),
                    y1=f"{y_of(index, v1):g}",
                    x2=pct(x2),
                    y2=f"{y_of(index, v2):g}",
                    class_=f"series {style}",
                )
            )
        for position, (x, value) in enumerate(points):
            if value is None:
                continue
            shapes.append(
                el(
                    "circle",
                    el("title", esc(f"{line.name}, {periods[position]}: {value_text(value)}")),
                    cx=pct(x),
                    cy=f"{y_of(index, value):g}",
                    r="5.5" if index == 0 else "4.5",
                    class_=f"dot s{index % _STYLES}",
                )
            )
    return shapes


def _period_labels(periods: Sequence[str], y: int) -> list[str]:
    return [
        el(
            "text",
            esc(period),
            x=pct(_x(position, len(periods))),
            y=str(y),
            text_anchor="middle",
            class_="axis-label",
        )
        for position, period in enumerate(periods)
    ]


def stage_trend_chart(
    series: Sequence[Line], periods: Sequence[str], stage_names: Sequence[str], label: str
) -> str:
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

    shapes = [el("title", esc(label))]
    for number in range(top, 0, -1):
        y = (top - number) * _BAND
        if number % 2:
            shapes.append(el("rect", y=str(y), width="100%", height=str(_BAND), class_="band"))
        shapes.append(
            el(
                "text",
                el("tspan", str(number)),
                el("tspan", esc(f" {stage_names[number - 1]}"), class_="seg-name"),
                x="8",
                y=f"{y + _BAND / 2 + 4:g}",
                class_="grid-label",
            )
        )
    bottom = top * _BAND
    shapes.append(el("line", x1="0", y1=str(bottom), x2="100%", y2=str(bottom), class_="grid"))
    shapes += _period_labels(periods, bottom + 22)
    shapes += _series_shapes(series, periods, y_of, lambda stage: f"stage {stage}")
    return el(
        "svg",
        *shapes,
        class_="chart trend-chart",
        width="100%",
        height=str(bottom + 32),
        role="img",
        aria_label=label,
    )


def score_trend_chart(scores: Sequence[Fraction | None], periods: Sequence[str], label: str) -> str:
    """The overall score, 0 to 100, over periods, each dot labelled with its value."""
    top_y, bottom_y = 26, 136

    def y_of(_: int, tenths: int) -> float:
        return bottom_y - tenths * (bottom_y - top_y) / 1000

    tenths: list[int | None] = []
    for score in scores:
        rounded = round_score(score)
        tenths.append(None if rounded is None else int(rounded * 10))
    shapes = [el("title", esc(label))]
    for mark in (0, 50, 100):
        y = y_of(0, mark * 10)
        shapes.append(el("line", x1="0", y1=f"{y:g}", x2="100%", y2=f"{y:g}", class_="grid"))
        shapes.append(el("text", str(mark), x="0", y=f"{y - 5:g}", class_="grid-label"))
    shapes += _series_shapes(
        [Line("Overall score", tuple(tenths))], periods, y_of, lambda value: f"{value / 10:.1f}"
    )
    for position, value in enumerate(tenths):
        if value is not None:
            shapes.append(
                el(
                    "text",
                    f"{value / 10:.1f}",
                    x=pct(_x(position, len(periods))),
                    y=f"{y_of(0, value) - 11:g}",
                    text_anchor="middle",
                    class_="value-label",
                )
            )
    shapes += _period_labels(periods, bottom_y + 30)
    return el(
        "svg",
        *shapes,
        class_="chart score-chart",
        width="100%",
        height=str(bottom_y + 40),
        role="img",
        aria_label=label,
    )


def _line_key(index: int) -> str:
    return el(
        "svg",
        el("line", x1="1", y1="6", x2="27", y2="6", class_=f"series {_line_style(index)}"),
        class_="key-line",
        aria_hidden="true",
        focusable="false",
    )


def _trend_report(one: Series) -> str:
    points = one.points
    first, last = points[0].assessment, points[-1].assessment
    periods = [point.period for point in points]
    continua = [point.assessment.checklist.continuum for point in points]
    top = max(continuum.top for continuum in continua)
    # Stage names of the latest continuum that has each stage (a series may change version).
    stage_names = [
        next(_stage_name(c, n) for c in reversed(continua) if n <= c.top) for n in range(1, top + 1)
    ]
    components: dict[str, str] = {}
    for point in reversed(points):
        for result in point.assessment.components:
            components.setdefault(result.component.id, result.component.name)
    order = list(dict.fromkeys(r.component.id for p in points for r in p.assessment.components))
    stages_by_point = [
        {r.component.id: r.stage for r in point.assessment.components} for point in points
    ]
    series = [Line("Overall", tuple(point.assessment.stage for point in points))]
    series += [
        Line(components[ident], tuple(stages.get(ident) for stages in stages_by_point))
        for ident in order
    ]
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    subtitle = " · ".join(part for part in (one.unit, span) if part)
    latest = last.checklist.continuum
    checklists = list(
        dict.fromkeys(
            f"{a.checklist.title} v{a.checklist.version}"
            for a in (point.assessment for point in points)
        )
    )
    cover = el(
        "header",
        el("p", "Service maturity over time", class_="eyebrow"),
        el("h1", esc(one.organisation)),
        el("p", esc(subtitle), class_="subtitle"),
        _facts(
            [
                ("Assessments", str(len(points))),
                ("Checklist", esc(", ".join(checklists))),
                ("Continuum", esc(latest.title)),
            ]
        ),
        class_="cover",
    )
    moved = last.stage - first.stage
    kpis = [
        el(
            "li",
            el("span", "Score"),
            el("strong", esc(f"{score_text(first.score)} → {score_text(last.score)}"))
            if len(points) > 1
            else el("strong", score_text(last.score)),
        )
    ]
    if len(points) > 1:
        kpis.append(
            el(
                "li",
                el("span", f"Since {esc(periods[0])}"),
                el(
                    "strong",
                    esc(
                        f"up {figures.plural(moved, 'stage')}"
                        if moved > 0
                        else f"down {figures.plural(-moved, 'stage')}"
                        if moved < 0
                        else "stage unchanged"
                    ),
                    class_="up" if moved > 0 else "down" if moved < 0 else None,
                ),
            )
        )
    verdict = el(
        "section",
        el(
            "div",
            el("p", esc(f"Stage in {periods[-1]}"), class_="label"),
            el("p", str(last.stage), el("small", f" of {latest.top}"), class_="big"),
            el("p", esc(_stage_name(latest, last.stage)), class_="name"),
            class_="verdict-stage",
        ),
        el(
            "div",
            el("p", esc(latest.stage(last.stage).summary), class_="summary"),
            el("ul", *kpis, class_="kpis"),
            class_="verdict-body",
        ),
        class_="verdict",
        aria_label="Latest stage",
    )
    described = "; ".join(
        f"{line.name}: "
        + ", ".join(
            f"{period} stage {value}"
            for period, value in zip(periods, line.values, strict=True)
            if value is not None
        )
        for line in series
    )
    stage_chart = el(
        "figure",
        stage_trend_chart(series, periods, stage_names, f"Stage by period. {described}."),
        el(
            "ul",
            *(el("li", _line_key(index), esc(line.name)) for index, line in enumerate(series)),
            class_="legend",
            aria_hidden="true",
        ),
    )
    scores = [point.assessment.score for point in points]
    score_label = "Overall score by period: " + ", ".join(
        f"{period} {score_text(score)}" for period, score in zip(periods, scores, strict=True)
    )
    score_chart = el("figure", score_trend_chart(scores, periods, score_label + "."))
    head = [el("th", "Period"), el("th", "Stage")]
    head += [el("th", esc(components[ident]), class_="num") for ident in order]
    head += [el("th", "Score", class_="num"), el("th", "Change", class_="num")]
    rows = []
    previous: Assessment | None = None
    for point, stages in zip(points, stages_by_point, strict=True):
        assessment = point.assessment
        named = assessment.checklist.continuum.stage(assessment.stage).name
        cells = [
            el("td", esc(point.period), class_="nowrap", data_label="Period"),
            el(
                "td",
                el("strong", esc(f"{assessment.stage} {named}")),
                " ",
                _move(previous.stage, assessment.stage) if previous else "",
                data_label="Stage",
            ),
        ]
        cells += [
            el("td", str(stages.get(ident, "–")), class_="num", data_label=components[ident])
            for ident in order
        ]
        cells += [
            el("td", score_text(assessment.score), class_="num", data_label="Score"),
            _change_cell(previous.score if previous else None, assessment.score, "–"),
        ]
        rows.append(el("tr", *cells))
        previous = assessment
    table = el(
        "table",
        el("caption", "Overall stage, component stages and score by period"),
        el("thead", el("tr", *head)),
        el("tbody", *rows),
        class_="stack",
    )
    files = ", ".join(point.assessment.answers.path for point in points)
    return el(
        "article",
        lines(
            [
                cover,
                verdict,
                el(
                    "section",
                    el("h2", "Stage by period"),
                    el(
                        "p",
                        "The overall stage and each component's stage in every period; "
                        "lines on the same stage are drawn side by side.",
                        class_="intro",
                    ),
                    stage_chart,
                ),
                el("section", el("h2", "Overall score by period"), score_chart),
                el("section", el("h2", "Figures by period"), table),
                _colophon(["Answers files: " + el("code", esc(files))]),
            ]
        ),
        class_="report",
    )


def trend(series: Sequence[Series]) -> str:
    if len(series) == 1:
        one = series[0]
        who = " · ".join(part for part in (one.organisation, one.unit) if part)
        title = f"{who} — service maturity over time"
    else:
        title = "Service maturity over time"
    return _page(title, lines(_trend_report(one) for one in series))
