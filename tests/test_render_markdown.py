"""The ``--format markdown`` reports: golden files, and text from files that must never
turn into markup.

The golden files under ``tests/golden/markdown/`` are the exact output on the bundled
examples. After an intended change of the format, regenerate them with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_markdown.py

and read the diff before committing it.

Rendering checks use markdown-it-py (CommonMark with GFM tables and strikethrough, raw
HTML enabled so that any HTML that got through would show up as HTML tokens). Rich
depends on it, so it is always installed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from builders import (
    NA,
    NO,
    PARTLY,
    YES,
    checklist,
    continuum,
    element,
    item,
    measure,
    run,
    run_measured,
)
from servicescore.cli import app
from servicescore.diff import compare
from servicescore.model import Answer, MeasureValue, Number
from servicescore.render import markdown, renderer
from servicescore.trend import build_trend

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "markdown"
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"

NORTHWIND = [f"examples/northwind-2026-q{quarter}.yaml" for quarter in (1, 2, 3)]
GOLDEN_CASES: dict[str, list[str]] = {
    "assess-northwind-2026-q2": ["assess", "examples/northwind-2026-q2.yaml"],
    "portfolio-examples": ["assess", "examples"],
    "diff-northwind-q1-q2": ["diff", NORTHWIND[0], NORTHWIND[1]],
    "trend-northwind": ["trend", *NORTHWIND],
    "consolidate-northwind-2026-q4": ["consolidate", "panels/northwind-2026-q4/"],
}

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
GFM_LIKE = MarkdownIt("gfm-like")  # with linkify: the autolinks of GFM and more

# What a file's text may not become on the page.
FORBIDDEN_TOKENS = {
    "html_block",
    "html_inline",
    "link_open",
    "image",
    "code_block",
    "fence",
    "hr",
    "blockquote_open",
    "ordered_list_open",
    "s_open",
}
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
DELIMITER_ROW = re.compile(r"^\|( :?-+:? \|)+$")

_SEPARATORS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def shown(text: str) -> str:
    """What the page must show for ``text``: the same, with separators as spaces and
    other control characters dropped, trimmed; then what hides or reorders text (bidi
    overrides, zero-width characters: not printable, not a space) escaped, \\u202e."""
    kept = []
    for char in text.replace("\r\n", "\n"):
        if char in _SEPARATORS:
            kept.append(" ")
        elif unicodedata.category(char) != "Cc":
            kept.append(char)
    return "".join(
        char if char.isprintable() or unicodedata.category(char) == "Zs" else repr(char)[1:-1]
        for char in "".join(kept).strip()
    )


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    return result.stdout


# Structure: what every Markdown report must satisfy, whatever the files hold.


def tables(text: str) -> list[list[str]]:
    """Each table's lines: header, delimiter row and body rows."""
    lines = text.split("\n")
    found = []
    for index, line in enumerate(lines):
        if DELIMITER_ROW.match(line):
            assert index > 0 and lines[index - 1].startswith("| "), "a delimiter without header"
            end = index + 1
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            assert end == len(lines) or lines[end] == "", "a table must end at a blank line"
            found.append(lines[index - 1 : end])
    return found


def inline_text(token: Token) -> str:
    """What an inline token shows: its text and code, without the markup."""
    return "".join(
        child.content if child.type in ("text", "code_inline") else " "
        for child in token.children or []
        if child.type in ("text", "code_inline", "softbreak")
    )


def check_structure(text: str) -> list[Token]:
    """Assert the invariants of every Markdown report; return its markdown-it tokens."""
    assert "<" not in text, "no raw HTML, not even a '<'"
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(unicodedata.category(char) != "Cc" for char in text.replace("\n", "")), text
    assert not any(char in text for char in _BIDI)
    for table in tables(text):
        header = table[0]
        columns = len(UNESCAPED_PIPE.findall(header))
        for row in table:
            assert row.startswith("| ") and row.endswith(" |"), row
            assert len(UNESCAPED_PIPE.findall(row)) == columns, row
    tokens = MD.parse(text)
    everything = [*tokens, *(child for token in tokens for child in token.children or [])]
    assert {token.type for token in everything}.isdisjoint(FORBIDDEN_TOKENS)
    assert len([t for t in tokens if t.type == "table_open"]) == len(tables(text))
    for token in everything:
        if token.type == "heading_open":
            assert token.tag in ("h2", "h3", "h4"), token.tag
        if token.type == "code_inline":
            # An id, or the "@" of an address, made code so that it is never a link.
            assert SLUG.fullmatch(token.content) or token.content == "@", token.content
    emphasised = [
        token.children[index + 1].content
        for token in tokens
        if token.children
        for index, child in enumerate(token.children)
        if child.type == "em_open"
    ]
    assert set(emphasised) <= {"unanswered"}
    html = MD.render(text)
    for tag in ("<script", "<a ", "<img", "<b>", "<i>", "<h1", "<hr", "<pre", "<del", "<s>"):
        assert tag not in html, tag
    # Nor any autolink, even for a linker that finds bare domains (see test_markdown_links).
    assert "<a " not in GFM_LIKE.render(text)
    return tokens


def visible_text(tokens: list[Token]) -> str:
    """Every inline text of the page, one a line."""
    return "\n".join(inline_text(token) for token in tokens if token.type == "inline")


# Golden files of the bundled examples.


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = invoke(*GOLDEN_CASES[name])
    golden = GOLDEN / f"{name}.md"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    check_structure(output)


def test_no_stale_golden_files() -> None:
    # A plan's golden files are test_cli_plan's, which checks them for staleness.
    names = sorted(path.stem for path in GOLDEN.glob("*.md") if not path.name.startswith("plan-"))
    assert names == sorted(GOLDEN_CASES)


def test_markdown_is_a_registered_renderer() -> None:
    chosen = renderer("markdown")
    assert chosen.assessment is markdown.assessment
    assert isinstance(chosen.trend([]), str)


def test_report_leads_with_stage_and_roadmap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = invoke("assess", "examples/northwind-2026-q2.yaml")
    order = [
        "**Stage 2 of 5: Established**",
        "### Roadmap to stage 3: Managed",
        "### Components",
        "### Elements",
        "### Next steps by component",
    ]
    positions = [output.index(part) for part in order]
    assert positions == sorted(positions)
    assert "score **63.8**" in output
    # A note of the answers file shows beside its answer.
    assert "**no** — Online meter readings switched off" in output


def test_portfolio_detail_adds_each_full_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = invoke("assess", *NORTHWIND, "--detail")
    check_structure(output)
    assert output.startswith("## Portfolio (3 files)\n")
    titles = re.findall(r"^## (.+)$", output, re.M)
    assert titles == [
        "Portfolio (3 files)",
        *(f"Northwind Utilities · Customer contact centre · 2026-Q{q}" for q in (1, 2, 3)),
    ]
    assert output.count("### Roadmap to stage") == 3


def test_diff_leads_with_stage_drop_and_regressions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = invoke("diff", NORTHWIND[1], NORTHWIND[0])
    check_structure(output)
    lines = output.split("\n\n")
    assert lines[1] == "**Stage 2 Established → 1 Reactive** ↓ 1 · score 63.8 → 42.5 (-21.3)"
    assert lines[2] == "**Stage dropped:** overall 2 → 1, Measurement 3 → 2, Environment 3 → 1"
    assert output.index("### Regressions (15)") < output.index("### Components")
    assert "### Other changed items (4)" in output


def test_diff_of_a_file_with_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = invoke("diff", NORTHWIND[1], NORTHWIND[1])
    check_structure(output)
    assert "**Stage 2 Established** unchanged · score 63.8 → 63.8 (±0.0)" in output
    assert "No item changed." in output
    assert "Regressions" not in output and "Stage dropped" not in output


# Numbers: exact rounding, never binary floating point.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1225, 100), "12.3"),  # f"{12.25:.1f}" would give 12.2
        (Fraction(5, 100), "0.1"),
        (Fraction(200, 3), "66.7"),
        (Fraction(100), "100.0"),
        (Fraction(0), "0.0"),
        (None, "–"),
    ],
)
def test_score(value: Fraction | None, expected: str) -> None:
    assert markdown.score(value) == expected


def test_delta_bar_and_moves() -> None:
    assert markdown.delta(Fraction(0), Fraction(1225, 100)) == "+12.3"
    assert markdown.delta(Fraction(1225, 100), Fraction(0)) == "-12.3"
    assert markdown.delta(Fraction(1, 100), Fraction(3, 100)) == "±0.0"
    assert markdown.delta(None, Fraction(1)) == ""
    assert markdown.score_bar(Fraction(40)) == "████░░░░░░ 40.0"
    assert markdown.score_bar(Fraction(399, 10)) == "███░░░░░░░ 39.9"
    assert markdown.score_bar(None) == "–"
    assert [markdown.stage_move(2, n) for n in (1, 2, 4)] == ["↓ 1", "→", "↑ 2"]


def test_rounded_score_in_a_report() -> None:
    # Weights 0.1225 (yes) and 0.8775 (no): the score is exactly 12.25, shown 12.3.
    check = checklist(item("half", "a", 2, weight="0.1225"), item("rest", "a", 2, weight="0.8775"))
    output = markdown.assessment(run(check, {"half": YES, "rest": NO}))
    assert "score **12.3**" in output
    assert "| █░░░░░░░░░ 12.3 |" in output


# Reports of a checklist in code: top stage, blocked cells, unanswered items.


def test_top_stage() -> None:
    check = checklist(item("a2", "a", 2), item("b2", "b", 2), cont=continuum(stages=2))
    output = markdown.assessment(run(check, {"a2": YES, "b2": YES}))
    check_structure(output)
    assert "**Top stage reached:**" in output
    assert "Every component is at the top stage." in output
    assert "limited by" not in output and "Roadmap" not in output


def test_blocked_cell_and_unanswered() -> None:
    # Component b has no item at stage 3, so it can never pass it.
    check = checklist(
        item("a2", "a", 2), item("a3", "a", 3), item("b2", "b", 2), cont=continuum(stages=3)
    )
    output = markdown.assessment(run(check, {"a2": YES, "b2": YES}))
    check_structure(output)
    assert "#### Component b → stage 3: Stage 3\n\n**How to advance:**" in output
    assert "**Blocked:** no applicable practice" in output
    assert "### Unanswered (1)\n\n1 unanswered item counted as no credit:\n\n" in output
    assert "- `a3` — Statement a3\n" in output
    assert "| 1 | `a3` — Statement a3 | _unanswered_ · **answer first** | Do a3 |" in output


def test_groups_notes_and_other_items() -> None:
    check = checklist(
        element("people", item("p1", "a", 2), item("p2", "a", 2), group="HR"),
        element("tools", item("t1", "a", 2), item("t2", "b", 2)),
    )
    given: dict[str, str | Answer] = {"p1": NO, "p2": PARTLY, "t1": Answer(NO, "not yet")}
    output = markdown.assessment(run(check, given))
    check_structure(output)
    assert "| Element | Group | Score | Items |" in output
    assert "| Element people | HR | ██░░░░░░░░ 25.0 | 2/2 |" in output
    assert "| Element tools | – | ░░░░░░░░░░ 0.0 | 2/2 |" in output
    assert "| **HR** (group) |  | ██░░░░░░░░ 25.0 |  |" in output
    assert "| 2 | `t1` — Statement t1 | **no** — not yet | Do t1 |" in output
    assert "Also open at this stage: `p2`" in output


# Escaping: one function, safe in every position.


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain text, 40% (ok)", "plain text, 40% (ok)"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b &amp; c", "a &amp; b &amp;amp; c"),
        ("a | b", "a \\| b"),
        ("back\\slash", "back\\\\slash"),
        ("`code` *bold* _it_ ~~del~~", "\\`code\\` \\*bold\\* \\_it\\_ \\~\\~del\\~\\~"),
        ("[link](http://x) ![i](y)", "\\[link\\](http\\:/\\/x) !\\[i\\](y)"),
        ("www.a.com b@c.org mailto:x", "www\\.a\\.com b`@`c\\.org mailto\\:x"),
        ("1.10 e.g. 10:30 Note: @home", "1.10 e\\.g. 10:30 Note: @home"),
        ("# heading", "\\# heading"),
        ("title ##", "title \\#\\#"),
        ("$x$", "\\$x\\$"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("1. one", "1\\. one"),
        ("12) twelve", "12\\) twelve"),
        ("1.10", "1.10"),
        ("2026-Q2", "2026-Q2"),
        ("a - b + c = d", "a - b + c = d"),
        ("line\nbreak\r\nand\ttab", "line break and tab"),
        ("  padded  ", "padded"),
        ("\n# heading", "\\# heading"),
        ("\x1b[31mred\x1b[0m\x00\x07", "[31mred[0m".replace("[", "\\[")),
        ("right\u202eleft\u2066", "right\\\\u202eleft\\\\u2066"),
        ("zero\u200bwidth\ufeff", "zero\\\\u200bwidth\\\\ufeff"),
        ("para\u2028graph\u0085", "para graph"),
        ("", ""),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert markdown.escape(text) == escaped


def test_cell_and_ident() -> None:
    assert markdown.cell(None) == "–"
    assert markdown.cell(" \n ") == "–"
    assert markdown.cell("a|b\nc") == "a\\|b c"
    assert markdown.ident("strategy-aligned") == "`strategy-aligned`"
    assert markdown.ident("not `a` slug") == "not \\`a\\` slug"


# A list joined, not st.text(alphabet): given a one_of alphabet, st.text draws from
# characters() alone and never tries the sampled characters.
MARKDOWN_HEAVY = st.lists(
    st.one_of(
        st.sampled_from(list("\\`*_[]()<>!&#|~$:+-=.)0123456789 aZ\n\t\r\x00\x1b\u2028\u202e")),
        st.characters(),
    ),
    max_size=40,
).map("".join)


def _only_inline(tokens: list[Token], wrapper: list[str]) -> Token:
    """The one inline token of ``tokens``, after checking the blocks around it."""
    blocks = [token.type for token in tokens if token.type != "inline"]
    assert blocks == wrapper, blocks
    (inline,) = [token for token in tokens if token.type == "inline"]
    # Text, and code only for the "@" of an address (never a link: see markdown._unlinked).
    codes = [child.content for child in inline.children or [] if child.type == "code_inline"]
    assert {child.type for child in inline.children or []} <= {"text", "code_inline"}
    assert set(codes) <= {"@"}, codes
    return inline


@given(MARKDOWN_HEAVY)
def test_escaped_text_shows_exactly_the_text_anywhere(text: str) -> None:
    expected = shown(text)
    escaped = markdown.escape(text)
    assert "<" not in escaped and "\n" not in escaped
    if not expected:
        assert escaped == ""
        return
    paragraph = MD.parse(escaped)
    assert inline_text(_only_inline(paragraph, ["paragraph_open", "paragraph_close"])) == expected
    listed = MD.parse(f"- {escaped}")
    wrapper = ["bullet_list_open", "list_item_open", "paragraph_open"]
    wrapper += ["paragraph_close", "list_item_close", "bullet_list_close"]
    assert inline_text(_only_inline(listed, wrapper)) == expected
    heading = MD.parse(f"## {escaped}")
    assert inline_text(_only_inline(heading, ["heading_open", "heading_close"])) == expected
    table = MD.parse(f"| head | {escaped} |\n| --- | --- |\n| {escaped} | tail |")
    cells = [inline_text(token) for token in table if token.type == "inline"]
    assert cells == ["head", expected, expected, "tail"]


@settings(max_examples=60, deadline=None)
@given(MARKDOWN_HEAVY.filter(lambda text: shown(text) != ""))
@example(".aL")  # a version: the report prints "v" before it, and "v.aL" is a host name
@example("@host.example")  # "v@host.example" is an address
def test_any_text_in_every_field_leaves_every_report_intact(text: str) -> None:
    base = continuum(stages=3)
    cont = base._replace(
        title=text,
        components=tuple(c._replace(name=f"{text} {c.id}") for c in base.components),
        stages=tuple(
            s._replace(name=text, summary=text, advance=dict.fromkeys(s.advance, text))
            for s in base.stages
        ),
    )
    check = checklist(
        element("people", item("p2", "a", 2), item("p3", "b", 3), group=text),
        element("tools", item("t2", "b", 2), item("t3", "a", 3)),
        cont=cont,
    )
    check = dataclasses.replace(
        check,
        title=text,
        version=text,
        elements=tuple(
            e._replace(title=text, items=tuple(i._replace(text=text, action=text) for i in e.items))
            for e in check.elements
        ),
    )
    check = dataclasses.replace(check, measures=(measure("m", text, target="50"),))
    subject = {"organisation": text, "unit": text, "assessor": text}
    figure = {"m": MeasureValue(Number.of("40"), text)}
    given = {"p2": Answer(YES, text), "t2": YES}
    old = run_measured(check, given, figure, period="2026-Q1", **subject)
    new = run_measured(check, {"p2": Answer(NO, text), "t3": NA}, {}, period="2026-Q2", **subject)
    outputs = [
        markdown.assessment(new),
        markdown.portfolio([old, new], True),
        markdown.diff(compare(old, new)),
        markdown.trend(build_trend([old, new])),
    ]
    for output in outputs:
        assert shown(text) in visible_text(check_structure(output))


def test_control_characters_never_reach_the_page() -> None:
    # The loader refuses control characters; the renderer drops them all the same.
    check = checklist(item("a2", "a", 2))
    hostile = "red\x1b[31m\x00 bell\x07 rtl\u202e\r\nnext\u2028line\x85"
    result = run(
        check,
        {"a2": Answer(NO, hostile)},
        organisation=f"Org {hostile}",
        unit=hostile,
        assessor=hostile,
    )
    output = markdown.assessment(result)
    check_structure(output)
    for char in "\x1b\x00\x07\u202e\r\u2028\x85":
        assert char not in output
    assert "Org red\\[31m bell rtl\\\\u202e next line" in output


# Hostile text in every field of a continuum, a checklist and two answers files.

HOSTILE = (
    "- item <script>alert(1)</script> | a\\|b `tick` *bold* __u__ [link](http://x.com) "
    "www.evil.com boss@evil.com "
    "![i](http://x/y.png) ~~del~~ $x$ &amp; &#60;\n# heading\n1. one\n> quote\n---\n"
    "<b>html</b>"
)
HOSTILE_SHOWN = shown(HOSTILE)
NOTE_SHOWN = " · ".join(shown(line) for line in HOSTILE.split("\n"))
HOSTILE_VALUE = "<i>no</i>|*"  # a scale value


def hostile(field: str) -> str:
    return f"{HOSTILE} ({field})"


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def stage(number: int) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "number": number,
        "name": hostile(f"stage {number} name"),
        "summary": hostile(f"stage {number} summary"),
        "looks_like": {"alpha": hostile("looks"), "beta": hostile("looks")},
    }
    if number > 1:
        fields["advance"] = {c: hostile(f"advance {c} {number}") for c in ("alpha", "beta")}
    return fields


def hostile_item(ident: str, component: str, stage: int) -> dict[str, Any]:
    return {
        "id": ident,
        "text": hostile(f"item {ident} text"),
        "component": component,
        "stage": stage,
        "action": hostile(f"item {ident} action"),
    }


# Two periods: a2 improves, b3 regresses (notes on both sides); the overall stage rises
# from 1 to 2 while beta drops from 3 to 2; a3 stays unanswered.
PERIODS = {
    "2026-Q1": {
        "a2": {"answer": HOSTILE_VALUE, "note": hostile("note a2 old")},
        "b2": "yes",
        "b3": {"answer": "yes", "note": hostile("note b3 old")},
    },
    "2026-Q2": {
        "a2": {"answer": "yes", "note": hostile("note a2 new")},
        "b2": "yes",
        "b3": {"answer": HOSTILE_VALUE, "note": hostile("note b3 new")},
    },
}
# A file name is text from the file system: it is escaped too.
ANSWERS_FILES = {"2026-Q1": "q1.yaml", "2026-Q2": "q2 |*_`[x]<y>#.yaml"}


@pytest.fixture
def hostile_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    write_yaml(
        tmp_path / "continuum.yaml",
        {
            "kind": "continuum",
            "id": "hostile",
            "title": hostile("continuum title"),
            "version": hostile("continuum version"),
            "pass_mark": 0.8,
            "components": [
                {"id": c, "name": hostile(f"component {c}"), "description": hostile("about")}
                for c in ("alpha", "beta")
            ],
            "stages": [stage(n) for n in (1, 2, 3)],
        },
    )
    write_yaml(
        tmp_path / "checklist.yaml",
        {
            "kind": "checklist",
            "id": "hostile-checklist",
            "title": hostile("checklist title"),
            "version": hostile("checklist version"),
            "continuum": "continuum.yaml",
            "scale": [
                {"value": HOSTILE_VALUE, "credit": 0, "label": hostile("label")},
                {"value": "yes", "credit": 1, "label": hostile("label")},
            ],
            "elements": [
                {
                    "id": f"e-{c}",
                    "title": hostile(f"element {c}"),
                    "group": hostile(f"group {c}"),
                    "items": [hostile_item(f"{c[0]}{n}", c, n) for n in (2, 3)],
                }
                for c in ("alpha", "beta")
            ],
            "measures": [
                {
                    "id": "fcr",
                    "name": hostile("measure name"),
                    "unit": "percent",
                    "better": "higher",
                    "target": 80,
                    "description": hostile("measure description"),
                }
            ],
        },
    )
    for period, given_answers in PERIODS.items():
        write_yaml(
            tmp_path / ANSWERS_FILES[period],
            {
                "kind": "answers",
                "checklist": "checklist.yaml",
                "organisation": hostile("organisation"),
                "unit": hostile("unit"),
                "period": period,
                "assessor": hostile("assessor"),
                "answers": given_answers,
                "measures": {"fcr": {"value": 75, "note": hostile(f"note fcr {period}")}},
            },
        )
    monkeypatch.chdir(tmp_path)
    return ANSWERS_FILES


def assert_shown(output: str, fields: list[str]) -> None:
    """Check the structure, and that each field shows verbatim as text on the page."""
    page = visible_text(check_structure(output))
    for field in fields:
        # A note's lines are kept apart by " · " (a table cell holds one line).
        expected = NOTE_SHOWN if field.startswith("note ") else HOSTILE_SHOWN
        assert f"{expected} ({field})" in page, field
    # The hostile text starts no block: every heading is one of ours.
    ours: tuple[str, ...] = ("\\-", "Roadmap", "Components", "Elements", "Next steps", "Unanswered")
    ours += ("Portfolio", "Changes", "Regressions", "Other changed", "Trend", "Measures")
    for heading in re.findall(r"^#+ (.*)$", output, re.M):
        assert heading.startswith(ours), heading


SUBJECT = ["organisation", "unit", "component alpha", "component beta"]


def test_hostile_assessment(hostile_files: dict[str, str]) -> None:
    output = invoke("assess", hostile_files["2026-Q2"])
    fields = [*SUBJECT, "assessor", "checklist title", "checklist version", "continuum title"]
    fields += ["stage 2 name", "stage 2 summary", "stage 3 name"]
    fields += ["advance alpha 3", "advance beta 3"]
    fields += ["element alpha", "element beta", "group alpha", "group beta"]
    fields += ["item a3 text", "item a3 action", "item b3 text", "item b3 action", "note b3 new"]
    fields += ["measure name", "note fcr 2026-Q2"]
    assert_shown(output, fields)
    assert f"**{markdown.escape(HOSTILE_VALUE)}** — " in output
    assert "### Unanswered (1)" in output


def test_hostile_portfolio(hostile_files: dict[str, str]) -> None:
    output = invoke("assess", *hostile_files.values(), "--detail")
    fields = [*SUBJECT, "assessor", "stage 1 name", "stage 1 summary", "stage 2 name"]
    fields += ["advance alpha 2", "item a2 text", "item a2 action", "note a2 old", "note b3 new"]
    assert_shown(output, fields)
    page = visible_text(MD.parse(output))
    assert hostile_files["2026-Q2"] in page  # the file name, shown as it is


def test_hostile_diff(hostile_files: dict[str, str]) -> None:
    output = invoke("diff", hostile_files["2026-Q1"], hostile_files["2026-Q2"])
    fields = [*SUBJECT, "assessor", "stage 1 name", "stage 2 name"]
    fields += ["element alpha", "element beta", "item a2 text", "item b3 text"]
    fields += ["note a2 old", "note a2 new", "note b3 old", "note b3 new", "measure name"]
    assert_shown(output, fields)
    regressions = output.index("### Regressions (1)")
    assert regressions < output.index("`b3`") < output.index("### Components")
    assert "**Stage dropped:** \\- item" in output


def test_hostile_trend(hostile_files: dict[str, str]) -> None:
    output = invoke("trend", *hostile_files.values())
    assert_shown(output, [*SUBJECT, "stage 1 name", "stage 2 name", "measure name"])
    series, measures = tables(output)
    assert len(series) == 4  # header, delimiter, two periods
    assert len(measures) == 3  # header, delimiter, the one measure
