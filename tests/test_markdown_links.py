"""No text from a file becomes a link in a Markdown report (issue 9, point 12).

GitHub renders Markdown with cmark-gfm, whose autolink extension makes links of bare
``https://…``, ``www.…`` and ``name@domain`` text; markdown-it-py's linkify plugin (the
"gfm-like" preset) goes further, with bare domains (``evil.com``). Every Markdown report
is rendered by both (cmark-gfm when installed: .ci/run installs it), and the page must
hold no link and still read the same text.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt
from tests.needs import program

from builders import NO, YES, checklist, element, item, measure, run, run_measured
from servicescore.diff import compare
from servicescore.model import Answer, MeasureValue, Number
from servicescore.render import markdown
from servicescore.trend import build_trend
from test_render_markdown import check_structure

GFM_LIKE = MarkdownIt("gfm-like")

LINKY = [
    "visit https://evil.example.com/login or www.evil.com or mail boss@evil.com",
    "HTTP://EVIL.COM/x ftp://files.evil.com mailto:boss@evil.com xmpp:me@evil.com",
    "&lt;https://a.bc&gt; <https://a.bc> <boss@evil.com> &#x3C;http://a.bc&#x3E;",
    "bare evil.com/path and a.b.co, //evil.com/x, first.last+tag@sub.evil.co.uk.",
    "http://localhost:8080/ www.x-y.org. (www.evil.com) *www.evil.com* _a@b.com_",
    # A host part need not start with an ASCII letter.
    "www.1evil.com www._x.com www.-x.com www.9.com",
    "www.пример.рф evil.рф пример.рф/x a@пример.рф",
]
TAG = re.compile(r"<[^>]*>")


def cmark_gfm(text: str) -> str | None:
    """GitHub's renderer, with its autolink and table extensions; None when not installed."""
    binary = shutil.which("cmark-gfm")
    if binary is None:
        return None
    command = [binary, "-e", "autolink", "-e", "table", "-e", "strikethrough"]
    result = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
    return result.stdout


def page_text(rendered: str) -> str:
    """What a reader sees: the rendered page without its tags, entities decoded."""
    return html.unescape(TAG.sub("", rendered))


def reports(text: str) -> list[str]:
    """Every Markdown report with ``text`` in notes, titles, the subject, an item id, and
    a measure's name and note."""
    check = checklist(element("people", item("p2", "a", 2), item(text, "b", 2), group=text))
    check = dataclasses.replace(check, measures=(measure("m", text, target="50"),))
    subject = {"organisation": text, "unit": text, "assessor": text}
    figures = {"m": MeasureValue(Number.of("60"), f"noted {text}")}
    old = run_measured(
        check, {"p2": Answer(YES, text), text: NO}, figures, period="2026-Q1", **subject
    )
    new = run(check, {"p2": Answer(NO, f"now {text}"), text: YES}, period="2026-Q2", **subject)
    return [
        markdown.assessment(old),
        markdown.assessment(new),
        markdown.portfolio([old, new], True),
        markdown.diff(compare(old, new)),
        markdown.trend(build_trend([old, new])),
    ]


@pytest.mark.parametrize("text", LINKY)
def test_no_report_links_text_from_a_file(text: str) -> None:
    for output in reports(text):
        check_structure(output)
        renderings = [GFM_LIKE.render(output), cmark_gfm(output)]
        for rendered in filter(None, renderings):
            assert "<a " not in rendered and "<a>" not in rendered, rendered
            # ... and the page still reads the text as the file holds it.
            assert text in page_text(rendered), (text, page_text(rendered))


def test_cmark_gfm_is_there_in_ci() -> None:
    # A developer without it still runs markdown-it-py's linkify in the other tests.
    program("cmark-gfm", "apt-get install cmark-gfm")
    assert cmark_gfm("www.evil.com") == '<p><a href="http://www.evil.com">www.evil.com</a></p>\n'
