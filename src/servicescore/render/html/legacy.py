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

from collections.abc import Iterable, Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING

from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.html import charts, views
from servicescore.render.html.environment import CSP, environment, render, stylesheet
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    pass


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


def _macro(name: str, *args: object) -> str:
    """A shared part drawn by ``templates/macros.html``, as the converted pages draw it."""
    return str(getattr(environment().get_template("macros.html").module, name)(*args))


def _provisional(line: str | None) -> str:
    """The provisional callout a report or portfolio leads with (SPEC 3.5), or nothing."""
    return _macro("provisional", line)


def mini_ladder(stage: int, top: int) -> str:
    """The stage as N small blocks, the first ``stage`` of them filled (decorative)."""
    return _macro("mini_ladder", charts.mini_ladder(stage, top))


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
