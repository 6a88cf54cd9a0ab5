"""Characters that reorder or hide text (bidi overrides and isolates, zero-width
characters, U+FEFF) never reach a terminal, an annotation or a page raw (issue 9,
point 13): they are escaped visibly, ``\\u202e``, as control characters are.

A file may hold them (a name in a right-to-left script legitimately carries bidi marks),
so the loader keeps them; every output that shows file text escapes them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from builders import NO, YES, checklist, element, item, run
from clirun import invoke, write
from servicescore.checkformats.github import annotation
from servicescore.diff import compare
from servicescore.model import Answer
from servicescore.problems import printable, visible
from servicescore.render import renderer
from servicescore.trend import build_trend

INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff"
ESCAPED = [f"\\u{ord(char):04x}" for char in INVISIBLE]
TRICK = "admin\u202eexe.txt\u2066x\u2069 zero\u200bwidth\ufeffbom"
TRICK_SHOWN = "admin\\u202eexe.txt\\u2066x\\u2069 zero\\u200bwidth\\ufeffbom"
# Messages quote at most 20 characters of a key: a key short enough to be quoted whole.
KEY = "a\u202eb\u2066c\u2069 d\u200be\ufefff"
KEY_SHOWN = "a\\u202eb\\u2066c\\u2069 d\\u200be\\ufefff"

# A list joined, not st.text(alphabet): given a one_of alphabet, st.text draws from
# characters() alone and never tries the sampled characters.
TEXTS = st.lists(
    st.one_of(st.sampled_from(list(INVISIBLE + " \n\t\\ua")), st.characters()), max_size=30
).map("".join)


def raw(output: str) -> list[str]:
    """The invisible characters that ``output`` holds."""
    return [char for char in INVISIBLE if char in output]


def on_terminal(renderable: object) -> str:
    console = Console(file=StringIO(), width=200, color_system=None, highlight=False)
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def reports(text: str, format: str) -> list[str]:
    """Every report of ``format`` (assess, portfolio, diff, trend) with ``text`` in
    the subject, a note, an element's title and an item's action."""
    check = checklist(element("people", item("p2", "a", 2), item("p3", "b", 3), group=text))
    subject = {"organisation": f"Org {text}", "unit": text, "assessor": text}
    old = run(check, {"p2": Answer(YES, text)}, period="2026-Q1", **subject)
    new = run(check, {"p2": Answer(NO, f"now {text}")}, period="2026-Q2", **subject)
    chosen = renderer(format)
    outputs = [
        chosen.assessment(new),
        chosen.portfolio([old, new], True),
        chosen.diff(compare(old, new)),
        chosen.trend(build_trend([old, new])),
    ]
    return [text_of(output) for output in outputs]


def text_of(output: object) -> str:
    """A report as it reads: text, text in pieces, or a Rich renderable on a terminal."""
    if isinstance(output, str):
        return output
    if isinstance(output, Iterator):
        return "".join(output)
    return on_terminal(output)


# -- the escaping itself -------------------------------------------------------------------


def test_visible_escapes_what_hides_or_reorders_text_and_keeps_layout() -> None:
    assert visible(TRICK) == TRICK_SHOWN
    assert visible("two\nlines\tand\u00a0no-break space") == "two\nlines\tand\u00a0no-break space"
    assert visible("plain") == "plain"
    assert printable(TRICK) == TRICK_SHOWN


@given(TEXTS)
def test_printable_and_visible_never_hold_an_invisible_character(text: str) -> None:
    assert raw(printable(text)) == []
    assert raw(visible(text)) == []
    assert visible(visible(text)) == visible(text)  # escaping twice changes nothing


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_no_table_report_holds_an_invisible_character(text: str) -> None:
    for output in reports(text, "table"):
        assert raw(output) == [], output


@given(TEXTS, TEXTS)
def test_no_github_annotation_holds_an_invisible_character(file: str, message: str) -> None:
    assert raw(annotation("error", file, message, message, 1, 1)) == []


# -- every report shows the characters escaped ---------------------------------------------


@pytest.mark.parametrize("format", ["table", "markdown", "html"])
def test_every_report_shows_them_escaped(format: str) -> None:
    for output in reports(TRICK, format):
        assert raw(output) == [], output
        # As the page reads: Markdown escapes the backslash it shows (and the dots).
        page = html.unescape(MarkdownIt().render(output)) if format == "markdown" else output
        assert TRICK_SHOWN in page


def test_json_keeps_the_text_as_it_is() -> None:
    # JSON is data for programs, not text for a screen: the exact string, JSON-escaped.
    for output in reports(TRICK, "json"):
        assert TRICK in output or json.dumps(TRICK)[1:-1] in output


# -- through the command line --------------------------------------------------------------


@pytest.fixture
def tricky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An answers file on a shipped checklist whose subject, note and a stray key hold
    bidi and zero-width characters."""
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        "q.yaml",
        "kind: answers\n"
        "checklist: key-elements\n"
        f"organisation: {json.dumps(TRICK)}\n"
        f"unit: {json.dumps(TRICK)}\n"
        "answers: {}\n",
    )
    write(tmp_path, "bad.yaml", f"kind: answers\nchecklist: key-elements\n{json.dumps(KEY)}: 1\n")
    return tmp_path


@pytest.mark.usefixtures("tricky")
@pytest.mark.parametrize("args", [["assess", "q.yaml"], ["assess", "q.yaml", "q.yaml"]])
def test_the_terminal_table_escapes_them(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert raw(result.stdout) == []
    # The portfolio's columns wrap the text: each escape is there, whole.
    for escaped in ("\\u202e", "\\u2066", "\\u2069", "\\u200b", "\\ufeff"):
        assert escaped in result.stdout, escaped


@pytest.mark.usefixtures("tricky")
@pytest.mark.parametrize("format", ["text", "github", "junit", "sarif"])
def test_check_escapes_them(format: str) -> None:
    result = invoke("check", "bad.yaml", "--format", format)
    assert result.exit_code == 1 or result.exit_code == 2, result.stdout
    assert raw(result.stdout) == [] and raw(result.stderr) == []
    # SARIF is JSON: its backslashes are JSON-escaped.
    shown = json.dumps(KEY_SHOWN)[1:-1] if format == "sarif" else KEY_SHOWN
    assert shown in result.stdout


def test_check_json_keeps_the_text_as_it_is(tricky: Path) -> None:
    # Like the reports' JSON: data for programs, the key exactly as the file holds it.
    result = invoke("check", "bad.yaml", "--format", "json")
    messages = [problem["message"] for problem in json.loads(result.stdout)["problems"]]
    assert any(KEY in message for message in messages), messages


def test_show_escapes_them(tmp_path: Path) -> None:
    source = Path(__file__).parent / "diff_data" / "team-v1.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "title: Team practices", f"title: {json.dumps(TRICK)}"
    )
    checklist_file = write(tmp_path, "team.yaml", text)
    result = invoke("show", str(checklist_file))
    assert result.exit_code == 0, result.stderr
    assert raw(result.stdout) == []
    assert TRICK_SHOWN in result.stdout


def test_template_escapes_them_and_still_names_its_checklist(tmp_path: Path) -> None:
    # The template is a file the user opens in an editor: a statement holding U+202E
    # would show reordered there, as in a terminal.
    source = Path(__file__).parent / "diff_data" / "team-v1.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "title: Team practices", f"title: {json.dumps(TRICK)}"
    )
    checklist_file = write(tmp_path, f"team{INVISIBLE[:3]}.yaml", text)
    printed = invoke("template", str(checklist_file))
    assert printed.exit_code == 0, printed.stderr
    assert raw(printed.stdout) == []
    assert TRICK_SHOWN in printed.stdout
    written = invoke("template", str(checklist_file), "-o", str(tmp_path / "answers.yaml"))
    assert written.exit_code == 0, written.stderr
    assert raw((tmp_path / "answers.yaml").read_text(encoding="utf-8")) == []
    # The checklist's name is escaped the YAML way, so the file still names it.
    result = invoke("check", str(tmp_path / "answers.yaml"))
    assert result.exit_code == 0, result.stdout
