"""A consolidation's terminal, JSON and Markdown reports (``consolidate --format``).

The terminal report of the workshop panel is pinned by a golden file,
``tests/golden/table/consolidate-northwind-2026-q4.txt``, its JSON by
``tests/golden/json/consolidate-northwind-2026-q4.json``, and its Markdown by
``tests/golden/markdown/consolidate-northwind-2026-q4.md`` (with the other Markdown
goldens, in test_render_markdown). After an intended change, regenerate them with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_consolidation.py \
        tests/test_render_markdown.py

and read the diff before committing it. Besides: the order of the report's parts, a
narrow terminal, hostile text in respondents, roles and notes, and the CLI's formats and
``--output``.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import unicodedata
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from clirun import invoke, write
from servicescore.consolidate import DISPUTED_ABOVE, PERCEPTION_GAP, Consolidation, consolidate
from servicescore.inputs import load_answers
from servicescore.problems import printable
from servicescore.render import figures, markdown, renderer, table
from test_markdown_links import GFM_LIKE, LINKY, cmark_gfm, page_text
from test_render_markdown import check_structure, shown, visible_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "table"
GOLDEN_JSON = ROOT / "tests" / "golden" / "json"
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"
PANEL = "panels/northwind-2026-q4/"

CHECKLIST = """\
kind: checklist
id: panel
title: Panel checklist
version: "1.0"
continuum: customer-satisfaction-practices
elements:
  - id: listening
    title: Listening
    items:
      - {id: listen-complaints, text: Complaints are logged., component: customer-focus,
         stage: 2, action: Log complaints.}
      - {id: listen-surveys, text: Customers are surveyed., component: measurement,
         stage: 2, action: Survey customers.}
  - id: people
    title: People
    items:
      - {id: people-trained, text: Staff are trained., component: environment, stage: 2,
         action: Train staff.}
"""


def answers(respondent: str | None, role: str | None, values: dict[str, object]) -> str:
    """An answers file of the panel checklist; strings written as JSON, which YAML reads
    as double-quoted scalars (any character escaped)."""
    lines = ["kind: answers", "checklist: panel.yaml", "organisation: Northwind"]
    if respondent is not None:
        lines.append(f"respondent: {json.dumps(respondent)}")
    if role is not None:
        lines.append(f"role: {json.dumps(role)}")
    lines.append("answers:")
    lines += [f"  {ident}: {json.dumps(value)}" for ident, value in values.items()]
    return "\n".join(lines) + "\n"


def panel(folder: Path, files: dict[str, str]) -> Consolidation:
    write(folder, "panel.yaml", CHECKLIST)
    return consolidate(load_answers([write(folder, name, text) for name, text in files.items()]))


def northwind() -> Consolidation:
    return consolidate(load_answers([ROOT / PANEL]))


@functools.cache
def northwind_once() -> Consolidation:
    """The workshop panel consolidated once, for tests that render it many times."""
    return northwind()


def printed(renderable: RenderableType, width: int, colour: bool = False) -> str:
    console = Console(
        file=StringIO(),
        width=width,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        highlight=False,
    )
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


# -- three decimals --------------------------------------------------------------------


@given(st.fractions(min_value=-2, max_value=2))
def test_thousandths_is_the_value_rounded_exactly_to_three_decimals(value: Fraction) -> None:
    shown_value = figures.thousandths(value)
    # An ASCII minus: the number reads back (a spreadsheet, any encoding).
    assert re.fullmatch(r"-?[0-9]+\.[0-9]{3}", shown_value), shown_value
    number = Fraction(shown_value)
    magnitude = math.floor(abs(value) * 1000 + Fraction(1, 2))  # halves away from zero
    assert number == Fraction(magnitude if value >= 0 else -magnitude, 1000)
    assert abs(number - value) <= Fraction(1, 2000)
    # Halves away from zero: symmetric about it; and never "-0.000".
    assert Fraction(figures.thousandths(-value)) == -number
    assert shown_value != "-0.000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(849, 1000), "0.849"),
        (Fraction(1, 2000), "0.001"),  # a half, away from zero
        (Fraction(-1, 2000), "-0.001"),
        (Fraction(-5, 4), "-1.250"),
        (Fraction(-1, 3000), "0.000"),
        (Fraction(2, 3), "0.667"),
        (Fraction(1), "1.000"),
        (None, "–"),
    ],
)
def test_thousandths(value: Fraction | None, expected: str) -> None:
    assert figures.thousandths(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 2), "0.5"),
        (Fraction(3, 4), "0.75"),
        (Fraction(2, 3), "0.667"),
        (Fraction(1), "1"),
        (Fraction(0), "0"),
        (Fraction(10), "10"),
    ],
)
def test_threshold(value: Fraction, expected: str) -> None:
    assert figures.threshold(value) == expected


@given(st.fractions(min_value=0, max_value=2))
def test_threshold_is_thousandths_without_trailing_zeros(value: Fraction) -> None:
    shown_value = figures.threshold(value)
    assert Fraction(shown_value) == Fraction(figures.thousandths(value))
    assert "." not in shown_value or not shown_value.endswith(("0", "."))


def test_every_format_shows_spreads_and_gaps_alike() -> None:
    """An item's spread and a perception gap read the same in the table, the Markdown
    and the HTML: one helper, three decimals (the JSON keeps exact numbers)."""
    result = northwind()
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = markdown.consolidation(result)
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    assert result.disputed and result.perception_gaps
    for entry in result.disputed:
        spread = f"spread {figures.thousandths(entry.spread)}"
        assert spread in text and spread in page and spread in html_page, entry.item.id
    for gap in result.perception_gaps:
        shown_gap = figures.thousandths(gap.gap)
        assert f"{shown_gap} " in text.split(gap.item.id, 1)[1]
        assert f"**{shown_gap}** |" in page
        assert f"<strong>{shown_gap}</strong>" in html_page or f">{shown_gap}<" in html_page


def test_thresholds_come_from_the_engine() -> None:
    """The disputed and perception-gap thresholds are written from consolidate's
    constants in every format, not typed in again."""
    result = northwind()
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = " ".join(markdown.consolidation(result).split())
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    disputed = f"more than {figures.threshold(DISPUTED_ABOVE)} of credit apart"
    gap = f"by {figures.threshold(PERCEPTION_GAP)} or more"
    for report in (text, page, html_page):
        assert disputed in report and gap in report


def test_every_format_says_the_role_gap_comes_from_the_exact_scores() -> None:
    """Once, where the role gaps are explained: a gap is the exact difference of exact
    scores, rounded, so it may differ by 0.1 from the difference of the shown scores."""
    result = northwind()
    assert result.roles
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = " ".join(markdown.consolidation(result).split())
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    for report in (text, page, html_page):
        assert report.count(figures.ROLE_GAP_EXACT) == 1
    roles = text[text.index("Role scores") :]
    assert roles.index(figures.ROLE_GAP_EXACT) < roles.index("Perception gaps")


def test_thresholds_where_nothing_is_disputed_or_seen_apart(tmp_path: Path) -> None:
    # Two roles that answer alike: every format says so with the engine's thresholds.
    same = {"listen-complaints": "yes", "listen-surveys": "partly", "people-trained": "no"}
    result = panel(
        tmp_path, {"a.yaml": answers("A", "Staff", same), "b.yaml": answers("B", "Boss", same)}
    )
    assert not result.disputed and not result.perception_gaps and result.roles
    disputed, gap = figures.threshold(DISPUTED_ABOVE), figures.threshold(PERCEPTION_GAP)
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = " ".join(markdown.consolidation(result).split())
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    # One wording of each sentence, the shared one, in every format.
    for report in (text, page, html_page.replace("&#x27;", "'")):
        assert f"No item is disputed: no answers lie more than {disputed} of credit" in report
        assert f"No item's role means differ by {gap} or more." in report
        assert report.count(figures.undisputed(DISPUTED_ABOVE)) == 1
        assert report.count(figures.no_perception_gap(PERCEPTION_GAP)) == 1


# -- golden file and order -------------------------------------------------------------


def test_table_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("consolidate", PANEL, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / "consolidate-northwind-2026-q4.txt"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_no_stale_table_golden_files() -> None:
    # A plan's golden files are test_cli_plan's, which checks them for staleness.
    names = sorted(path.name for path in GOLDEN.iterdir() if not path.name.startswith("plan-"))
    assert names == ["consolidate-northwind-2026-q4.txt"]


def test_json_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON of the workshop panel, byte for byte: every figure, exactly rounded, and
    the document's shape, which programs read (SPEC 6)."""
    monkeypatch.chdir(ROOT)
    result = invoke("consolidate", PANEL, "--format", "json")
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN_JSON / "consolidate-northwind-2026-q4.json"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert json.loads(result.stdout)["format"] == "servicescore.consolidation/1"


def test_no_stale_json_golden_files() -> None:
    # The golden files of a plan and of measures are their own tests', which check them.
    names = sorted(
        path.name
        for path in GOLDEN_JSON.iterdir()
        if not path.name.startswith(("plan-", "measures-"))
    )
    assert names == ["consolidate-northwind-2026-q4.json"]


def parts_in_order(text: str, marks: list[str]) -> None:
    found = [text.find(mark) for mark in marks]
    assert -1 not in found, [mark for mark, at in zip(marks, found, strict=True) if at < 0]
    assert found == sorted(found), marks


def test_table_leads_with_the_consolidated_stage_then_disputes_agreement_and_roles() -> None:
    result = northwind()
    text = printed(table.consolidation(result), 100)
    first = result.disputed[0]
    parts_in_order(
        text,
        [
            "Consolidation of 6 respondents",
            "Stage 3 of 5: Managed",
            "Roadmap to stage 4",
            "Components",
            f"Disputed items ({len(result.disputed)})",
            f"1. {first.item.id}",
            "Agreement",
            "Krippendorff's alpha over all items: 0.453 (too little)",
            "Alpha measures how alike the respondents see the organisation",
            "Role scores",
            f"Perception gaps ({len(result.perception_gaps)})",
        ],
    )
    disputes = text[text.index("Disputed items") : text.index("Agreement")]
    # Every respondent of a disputed item, with role, answer and the first words of the note.
    block = disputes[disputes.index(f"1. {first.item.id}") : disputes.index("2. ")]
    for one, answer in zip(result.respondents, first.answers, strict=True):
        line = next(line for line in block.splitlines() if one.name in line)
        assert one.role is not None and one.role in line
        assert f" {answer.value} " in line
        if answer.note:
            assert answer.note.split()[0] in line


def test_markdown_follows_the_same_order() -> None:
    result = northwind()
    text = markdown.consolidation(result)
    check_structure(text)
    parts_in_order(
        text,
        [
            "## Consolidation of 6 respondents",
            "### Northwind Utilities · Customer contact centre · 2026-Q4",
            "**Stage 3 of 5: Managed**",
            "#### Roadmap to stage 4: Proactive",
            "#### Components",
            f"### Disputed items ({len(result.disputed)})",
            "### Agreement",
            "Krippendorff's alpha over all items: **0.453**",
            "### Role scores",
            "| Component | Adviser | Director | Team leader | Gap |",
            f"### Perception gaps ({len(result.perception_gaps)})",
        ],
    )


# -- undefined alpha, one role, no disputes ----------------------------------------------


def test_alpha_undefined_one_role_and_no_disputes(tmp_path: Path) -> None:
    # Everyone agrees: no disputes and alpha undefined everywhere (no disagreement to
    # expect); one role only: no role scores.
    same = {"listen-complaints": "yes", "listen-surveys": "yes", "people-trained": "yes"}
    result = panel(
        tmp_path,
        {"a.yaml": answers("Ana", "Adviser", same), "b.yaml": answers("Ben", "Adviser", same)},
    )
    assert result.agreement.overall is None and not result.roles and not result.disputed
    text = printed(table.consolidation(result), 100)
    assert "Krippendorff's alpha over all items: not defined" in text
    assert "– not defined: fewer than two answers to pair, or every answer the same." in text
    assert "Disputed items (0)\nNo item is disputed" in text
    assert (
        "Role scores need two or more roles (role: in the answers files); only one is named."
        in (" ".join(text.split()))
    )
    assert "Perception gaps" not in text
    page = markdown.consolidation(result)
    check_structure(page)
    assert "Krippendorff's alpha over all items: **not defined**." in page
    assert "| Customer focus | – |" in page
    assert "only one is named." in page and "Perception gaps" not in page


def test_roles_of_one_name_in_two_letter_cases_are_counted_once(tmp_path: Path) -> None:
    result = panel(
        tmp_path,
        {
            "a.yaml": answers("Ana", "Lead", {"listen-complaints": "yes"}),
            "b.yaml": answers("Ben", "lead", {"listen-complaints": "no"}),
            "c.yaml": answers("Cy", "LEAD", {"listen-complaints": "no"}),
        },
    )
    assert result.role_names == ("Lead",) and not result.roles
    wanting = "Role scores need two or more roles (role: in the answers files); only one is named."
    assert wanting in " ".join(printed(table.consolidation(result), 100).split())
    assert wanting in markdown.consolidation(result)
    page = " ".join(re.sub(r"<[^>]+>", " ", renderer("html").consolidation(result, None)).split())
    assert "3 respondents in 1 role" in page


def test_sections_stand_apart_when_nothing_is_answered(tmp_path: Path) -> None:
    """Each section of the table is set off by a blank line, also where a section ends
    in a line of text instead of a table; no role named is said in words."""
    result = panel(
        tmp_path, {"a.yaml": answers("Ana", None, {}), "b.yaml": answers("Ben", None, {})}
    )
    lines = [line.rstrip() for line in printed(table.consolidation(result), 100).splitlines()]
    for title in ("Disputed items (0)", "Agreement", "Role scores"):
        at = lines.index(title)
        assert lines[at - 1] == "", title
    assert lines[-1] == (
        "Role scores need two or more roles (role: in the answers files); no file names one."
    )
    assert "no file names one." in markdown.consolidation(result)


def test_the_provisional_range_leads_while_items_stay_unanswered(tmp_path: Path) -> None:
    # Nobody answered people-trained: the consolidated answers leave it unanswered.
    result = panel(
        tmp_path,
        {
            "a.yaml": answers("Ana", None, {"listen-complaints": "yes", "listen-surveys": "no"}),
            "b.yaml": answers("Ben", None, {"listen-complaints": "no"}),
        },
    )
    assert result.assessment.unanswered == ("people-trained",)
    line = figures.provisional(result.assessment)
    assert line is not None and line.startswith("Provisional: 1 of 3 items unanswered")
    # Said before anything else (SPEC 3.5), under the title only, and once.
    text = " ".join(printed(table.consolidation(result), 100).split())
    parts_in_order(
        text, ["Consolidation of 2 respondents", line, "Rule:", "Ben", "Stage 1 of 5", "Disputed"]
    )
    assert text.startswith(f"Consolidation of 2 respondents {line} Rule:")
    assert text.count("Provisional") == 1
    page = markdown.consolidation(result)
    check_structure(page)
    parts_in_order(
        page, ["## Consolidation", f"**{line}**", "Rule:", "Ben", "**Stage 1 of 5", "### Disputed"]
    )
    assert page.startswith(f"## Consolidation of 2 respondents\n\n**{line}**\n\nRule:")
    assert page.count("Provisional") == 1


# -- narrow terminals ------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 60, 40])  # 40: the longest item id and more
def test_narrow_terminal_keeps_names_whole(width: int) -> None:
    result = northwind()
    whole = printed(table.consolidation(result), width)
    assert all(len(line) <= width for line in whole.splitlines()), whole
    # From the disputes on (the lead is the single report's, tested with it).
    text = whole[whole.index("Disputed items") :]
    assert "…" not in text
    words = set(text.replace(",", " ").replace(":", " ").split())
    names = [one.name for one in result.respondents] + [role.role for role in result.roles]
    names += [component.component.name for component in result.assessment.components]
    for name in names:
        assert set(name.split()) <= words, (name, width)
    for gap in result.perception_gaps:
        assert gap.item.id in words, (gap.item.id, width)


# -- hostile text ----------------------------------------------------------------------

HOSTILE_NAME = "[bold red]Eve[/] <script>alert(1)</script> **Admin**"
HOSTILE_ROLE = "[link=https://evil.example]Gap[/link] | # \u202eelor"
HOSTILE_NOTE = (
    "`code` | pipe # www.evil.example [red]x[/red] ![i](http://x.example/i.png) "
    "<b>b</b> \u202eevil\u200b 1. list"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Consolidation:
    return panel(
        tmp_path,
        {
            "a.yaml": answers(
                HOSTILE_NAME,
                HOSTILE_ROLE,
                {
                    "listen-complaints": {"answer": "yes", "note": HOSTILE_NOTE},
                    "listen-surveys": "yes",
                },
            ),
            "b.yaml": answers(
                "Gap", "Gap", {"listen-complaints": "no", "listen-surveys": "partly"}
            ),
            "c.yaml": answers("Component", "Component", {"listen-complaints": "no"}),
        },
    )


@pytest.mark.parametrize("colour", [False, True])
def test_hostile_text_in_the_terminal_is_shown_as_written(
    hostile: Consolidation, colour: bool
) -> None:
    text = printed(table.consolidation(hostile), 200, colour)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "\x1b]8;" not in text  # no hyperlink from [link=...]
    assert not any(char in text for char in "\u202e\u200b")
    flat = " ".join(plain.split())
    assert HOSTILE_NAME in flat
    assert "[link=https://evil.example]Gap[/link] | # \\u202eelor" in flat
    assert "[red]x[/red]" in flat and "\\u202eevil\\u200b" in flat
    # The roles called Gap and Component have columns of their own beside the Gap column.
    roles = plain[plain.index("Role scores") :]
    header = next(line for line in roles.splitlines() if line.split()[:1] == ["Component"])
    assert header.split().count("Gap") == 2 and header.split().count("Component") == 2


def test_a_tab_in_a_role_or_name_never_reaches_the_terminal(tmp_path: Path) -> None:
    result = panel(
        tmp_path,
        {
            "a.yaml": answers("Ana\tX", "Lead\tA", {"listen-complaints": "yes"}),
            "b.yaml": answers("Ben\tY", "Lead\tB", {"listen-complaints": "no"}),
        },
    )
    for width in (100, 30):
        text = printed(table.consolidation(result), width)
        assert "\t" not in text
        assert "Lead    A: Ana     X" in text  # the tab expanded, as Rich expands a body's


def test_hostile_text_in_markdown_never_becomes_markup(hostile: Consolidation) -> None:
    page = markdown.consolidation(hostile)
    tokens = check_structure(page)
    seen = visible_text(tokens)
    for text in (HOSTILE_NAME, HOSTILE_ROLE):
        assert shown(text) in seen, text


@pytest.mark.parametrize("text", LINKY)
def test_no_text_from_a_file_becomes_a_link(tmp_path: Path, text: str) -> None:
    first = {"listen-complaints": {"answer": "yes", "note": text}, "listen-surveys": "yes"}
    second = {"listen-complaints": {"answer": "no", "note": text}, "listen-surveys": "no"}
    result = panel(
        tmp_path,
        {
            "a.yaml": answers(f"A {text}", f"R1 {text}", first),
            "b.yaml": answers(f"B {text}", f"R2 {text}", second),
        },
    )
    page = markdown.consolidation(result)
    check_structure(page)
    for rendered in filter(None, [GFM_LIKE.render(page), cmark_gfm(page)]):
        assert "<a " not in rendered and "<a>" not in rendered, rendered
        # ... and the page still reads the text as the file holds it.
        for written in (f"A {text}", f"R2 {text}", f"B {text}: {text}"):
            assert written in page_text(rendered), (written, page_text(rendered))


# -- the CLI ---------------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder ``panel`` with the checklist and two respondents' answers."""
    write(tmp_path, "panel/panel.yaml", CHECKLIST)
    ana = {"listen-complaints": "yes", "listen-surveys": "yes"}
    ben = {"listen-complaints": "no", "listen-surveys": "partly"}
    write(tmp_path, "panel/a.yaml", answers("Ana", "Director", ana))
    write(tmp_path, "panel/b.yaml", answers("Ben", "Adviser", ben))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("form", ["table", "json", "markdown"])
def test_every_format_is_rendered_through_its_renderer(form: str) -> None:
    chosen = renderer(form)
    assert callable(chosen.consolidation)


def test_table_is_the_default(work: Path) -> None:
    default = invoke("consolidate", "panel")
    assert default.exit_code == 0, default.stderr
    assert default.stderr == ""
    assert default.stdout.startswith("Consolidation of 2 respondents\n")
    assert invoke("consolidate", "panel", "--format", "table").stdout == default.stdout


@pytest.mark.parametrize("form", ["table", "markdown"])
def test_output_file_holds_what_standard_output_shows(work: Path, form: str) -> None:
    shown_there = invoke("consolidate", "panel", "-f", form, env={"COLUMNS": None})
    result = invoke("consolidate", "panel", "-f", form, "--output", "report.out")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = (work / "report.out").read_text(encoding="utf-8")
    assert written == shown_there.stdout
    assert "\x1b" not in written


@pytest.mark.parametrize(
    ("form", "line"),
    [
        ("table", "Consolidated answers: out.yaml"),
        ("markdown", "Consolidated answers: out\\.yaml"),
    ],
)
def test_answers_out_is_named_in_the_report(work: Path, form: str, line: str) -> None:
    result = invoke("consolidate", "panel", "-f", form, "--answers-out", "out.yaml")
    assert result.exit_code == 0, result.stderr
    assert line in result.stdout.splitlines()
    assert (work / "out.yaml").is_file()


# A file name holding a tab and an ESC (the start of a colour code), and how every
# format names it: escaped as `assess` shows a file's name (problems.printable).
TRICKY_OUT = "c\t\x1b[31mX.yaml"
SHOWN_OUT = "c\\t\\x1b[31mX.yaml"


@pytest.mark.parametrize(
    ("form", "line"),
    [
        ("table", f"Consolidated answers: {SHOWN_OUT}"),
        ("markdown", "Consolidated answers: c\\\\t\\\\x1b\\[31mX\\.yaml"),
    ],
)
def test_answers_out_with_control_characters_is_named_escaped(
    work: Path, form: str, line: str
) -> None:
    result = invoke("consolidate", "panel", "-f", form, "--answers-out", TRICKY_OUT)
    assert result.exit_code == 0, result.stderr
    assert line in result.stdout.splitlines()
    assert "\t" not in result.stdout and "\x1b" not in result.stdout
    assert (work / TRICKY_OUT).is_file()


def test_answers_out_with_control_characters_is_named_in_json_as_assess_names_it(
    work: Path,
) -> None:
    result = invoke("consolidate", "panel", "-f", "json", "--answers-out", TRICKY_OUT)
    assert result.exit_code == 0, result.stderr
    single = invoke("assess", TRICKY_OUT, "-f", "json")
    assert single.exit_code == 0, single.stderr
    assert json.loads(single.stdout)["file"] == SHOWN_OUT
    assert json.loads(result.stdout)["report"]["file"] == SHOWN_OUT


def test_answers_out_with_control_characters_is_named_escaped_on_the_page(work: Path) -> None:
    result = invoke("consolidate", "panel", "-f", "html", "--answers-out", TRICKY_OUT)
    assert result.exit_code == 0, result.stderr
    # On the cover and in the list of files, as the respondents' files are named.
    assert result.stdout.count(f"<code>{SHOWN_OUT}</code>") == 2
    assert "\t" not in result.stdout and "\x1b" not in result.stdout


@given(st.text(min_size=1, max_size=30))
def test_any_answers_out_name_is_shown_as_assess_shows_a_file(name: str) -> None:
    """Whatever the name holds, JSON gives the escaped display name exactly, and the
    Markdown and terminal lines naming it hold no control character."""
    result = northwind_once()
    data = json.loads(str(renderer("json").consolidation(result, name)))
    assert data["report"]["file"] == printable(name)
    lines = [
        *str(markdown.consolidation(result, name)).splitlines(),
        *printed(table.consolidation(result, name), 200).splitlines(),
    ]
    named = [line for line in lines if line.startswith("Consolidated answers:")]
    assert len(named) == 2
    for line in named:
        assert not any(unicodedata.category(char) == "Cc" for char in line), repr(line)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (None, ""),
        ("one line", "one line"),
        ("Ann: first\nBob: second", "Ann: first · Bob: second"),
        ("Ann: first\r\n\nBob: second\n", "Ann: first · Bob: second"),
        ("Ann: a | b\nBob: *c*", "Ann: a \\| b · Bob: \\*c\\*"),
    ],
)
def test_a_note_keeps_its_lines_apart_in_markdown(note: str | None, expected: str) -> None:
    assert markdown.note_text(note) == expected


def test_the_consolidated_note_shows_each_respondent_apart_in_markdown(tmp_path: Path) -> None:
    """The consolidated answer's note is one line per respondent: in the Markdown report
    they stay apart instead of running into one sentence."""
    result = panel(
        tmp_path,
        {
            "a.yaml": answers(
                "Ann", None, {"listen-complaints": {"answer": "no", "note": "Ann's"}}
            ),
            "b.yaml": answers(
                "Bob", None, {"listen-complaints": {"answer": "no", "note": "Bob's"}}
            ),
        },
    )
    assert result.consolidated.answers["listen-complaints"].note == "Ann: Ann's\nBob: Bob's"
    page = markdown.consolidation(result)
    assert "Ann: Ann's · Bob: Bob's" in page
    assert "Ann's Bob" not in page


@given(st.fractions(min_value=-2, max_value=1))
def test_alpha_is_read_as_shown(alpha: Fraction) -> None:
    """The reading follows the alpha as shown to three decimals, so that a figure shown
    at a threshold reads as that threshold, whatever digits lie beyond."""
    shown = Fraction(figures.thousandths(alpha))
    expected = (
        "solid"
        if shown >= Fraction("0.8")
        else "tentative"
        if shown >= Fraction("0.667")
        else "too little"
    )
    assert figures.alpha_reading(alpha) == expected


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [
        (None, None),
        (Fraction(7995, 10000), "solid"),
        (Fraction(7994, 10000), "tentative"),
        (Fraction(6665, 10000), "tentative"),
        (Fraction(6664, 10000), "too little"),
        (Fraction(-1), "too little"),
    ],
)
def test_alpha_reading_at_the_thresholds(alpha: Fraction | None, reading: str | None) -> None:
    assert figures.alpha_reading(alpha) == reading


def test_a_negative_alpha_keeps_an_ascii_minus_but_on_the_page(tmp_path: Path) -> None:
    """The table and the Markdown write a negative figure with "-", as their score
    changes: it survives any encoding of standard output and reads as a number in a
    spreadsheet; only the HTML page shows the typographic minus."""
    result = panel(
        tmp_path,
        {
            "a.yaml": answers("A", None, {"listen-complaints": "yes", "listen-surveys": "no"}),
            "b.yaml": answers("B", None, {"listen-complaints": "no", "listen-surveys": "yes"}),
        },
    )
    overall = result.agreement.overall
    assert overall is not None and overall < 0
    shown = figures.thousandths(overall)
    assert shown.startswith("-")
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = markdown.consolidation(result)
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    assert f"over all items: {shown} (too little)" in text
    assert f"over all items: **{shown}** (too little)" in page
    assert "−" not in text and "−" not in page
    assert shown.replace("-", "−") in html_page
    assert f">{shown}<" not in html_page


def test_every_format_reads_alpha_alike() -> None:
    """The table and the Markdown give each alpha its reading, as the HTML does, and
    all three say what alpha measures in the same sentence."""
    result = northwind()
    text = " ".join(printed(table.consolidation(result), 120).split())
    page = markdown.consolidation(result)
    html_page = " ".join(str(renderer("html").consolidation(result)).split())
    overall = result.agreement.overall
    word = figures.alpha_reading(overall)
    assert word is not None
    line = f"Krippendorff's alpha over all items: {figures.thousandths(overall)} ({word})"
    assert line in text
    assert line.replace(": ", ": **", 1).replace(" (", "** (") in page
    for report in (text, page, html_page):
        assert figures.ALPHA_READING in report.replace("&#x27;", "'")
    names = figures.component_names(result.assessment)
    for key, alpha in result.agreement.components.items():
        row = f"{names[key]} {figures.thousandths(alpha)} {figures.alpha_reading(alpha)}"
        assert row in text
        assert (
            f"| {names[key]} | {figures.thousandths(alpha)} | {figures.alpha_reading(alpha)} |"
            in page
        )
