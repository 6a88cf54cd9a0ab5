"""The HTML pages not yet on templates: the old element builder and what uses it.

Issue 11 moves the HTML reports to Jinja2 templates page kind by page kind; until a
kind is converted, it is built here as before, with :func:`el` and :func:`esc`, and
the next session empties this module and deletes it (see the package docstring).
Parts the converted pages share (the provisional callout, the mini ladder) are
already drawn here by their macros (:func:`_macro`), from :mod:`.charts` geometry.
Every text that comes from a file goes through :func:`esc`, attribute values
included, so no markup from a file ever reaches the page. Charts are drawn in SVG
with horizontal positions in percent, so that they fill the width of a phone, a
laptop or an A4 page while their text keeps its size; every chart is repeated as a
real table for screen readers and for copying figures out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from servicescore.model import Continuum
from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.html import charts, views
from servicescore.render.html.charts import pct
from servicescore.render.html.environment import CSP, environment, render, stylesheet
from servicescore.scoring import Assessment, round_score

if TYPE_CHECKING:
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


def _change_cell(old: Fraction | None, new: Fraction | None, empty: str = "") -> str:
    """A table cell with a score change."""
    text, kind = views.change(old, new)
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


def _provisional(line: str | None) -> str:
    """The provisional callout a report or portfolio leads with (SPEC 3.5), or nothing."""
    return _macro("provisional", line)


def mini_ladder(stage: int, top: int) -> str:
    """The stage as N small blocks, the first ``stage`` of them filled (decorative)."""
    return _macro("mini_ladder", charts.mini_ladder(stage, top))


def _stage_name(continuum: Continuum, number: int | None) -> str:
    if number is None or not 1 <= number <= continuum.top:
        return ""
    return continuum.stage(number).name


def _colophon(parts: Iterable[str]) -> str:
    return el("footer", *(el("p", part) for part in parts), class_="colophon")


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


# -- stage moves (the trend's table) --------------------------------------------------


def _move(old: int | None, new: int | None) -> str:
    return _macro("move", views.move(old, new))


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
