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

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from servicescore.problems import visible
from servicescore.render import figures
from servicescore.render.html.environment import CSP, stylesheet

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
