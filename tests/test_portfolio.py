"""The portfolio (several answers files): a table that fits narrow terminals without
splitting a file name or running the unit into the organisation, a checklist column when
the files answer different checklists, and ``--title``."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from builders import YES, checklist, item, run
from clirun import invoke, write
from servicescore.inputs import load_answers
from servicescore.loader import Loader
from servicescore.render import table, table_portfolio
from servicescore.scoring import Assessment, assess

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def printed(renderable: object, width: int) -> list[str]:
    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(renderable)
    return buffer.getvalue().splitlines()


def portfolio_of(
    *subjects: tuple[str, str, str | None], ident: str = "test-checklist"
) -> list[Assessment]:
    """One assessment per (path, organisation, unit)."""
    check = checklist(item("a2", "a", 2), item("b2", "b", 2), ident=ident)
    return [
        run(check, {"a2": YES, "b2": YES}, organisation=org, unit=unit, path=path, period="2026-Q2")
        for path, org, unit in subjects
    ]


LONG = (
    ("examples/harbour-clinics-2026-q2.yaml", "Harbour Dental Clinics", "Patient services"),
    ("examples/northwind-2026-q1.yaml", "Northwind Utilities", "Customer contact centre"),
    ("teams/north/contact-centre-2026-q2.yaml", "Northwind Utilities", None),
)


@pytest.mark.parametrize("width", [80, 60, 40])
def test_file_names_are_never_split(width: int) -> None:
    lines = printed(table.portfolio(portfolio_of(*LONG), False), width)
    for path, _, _ in LONG:
        assert any(path in line for line in lines), (path, lines)
    assert all(cell_len(line) <= width for line in lines), lines
    # and no other word is cut in two or cut short: every word printed is a whole word
    shown = " ".join(
        [*(" ".join(filter(None, subject)) for subject in LONG), "2026-Q2 Stage 2 100.0"]
    )
    whole = {*shown.split(), "Portfolio", "File", "Organisation", "Unit", "Period"}
    whole |= {"Score", "Limited", "by", "Component", "a,", "b", "–", "·", "score"}
    printed_words = {word for line in lines if "─" not in line for word in line.split()}
    assert printed_words <= whole, printed_words - whole


def column_start(lines: list[str], header: str) -> int | None:
    heading = next(line for line in lines if "File" in line and "Stage" in line)
    found = re.search(rf"\b{header}\b", heading)
    return None if found is None else found.start()


@pytest.mark.parametrize("width", [80, 60, 120])
def test_unit_and_organisation_are_separate(width: int) -> None:
    short = (
        ("a.yaml", "Acme", "Ops"),
        ("b.yaml", "Zenith Group", "Field service"),
    )
    for subjects in (short, LONG):
        lines = printed(table.portfolio(portfolio_of(*subjects), False), width)
        unit_at = column_start(lines, "Unit")
        organisation_at = column_start(lines, "Organisation")
        for _, organisation, unit in subjects:
            if unit is None:
                continue
            if unit_at is None:
                # the unit column gave way to the width: no unit is shown under the organisation
                assert not any(unit.split()[0] in line for line in lines), unit
                continue
            row = next(line for line in lines if unit.split()[0] in line)
            assert row.index(unit.split()[0]) == unit_at, row
            assert organisation_at is not None
            if organisation.split()[0] in row:
                assert row.index(organisation.split()[0]) == organisation_at


def test_the_short_portfolio_keeps_every_column_at_80() -> None:
    lines = printed(table.portfolio(portfolio_of(("a.yaml", "Acme", "Ops")), False), 80)
    heading = next(line for line in lines if "File" in line)
    assert heading.split() == [
        "File",
        "Organisation",
        "Unit",
        "Period",
        "Stage",
        "Score",
        "Limited",
        "by",
    ]


def test_lesser_columns_give_way_first() -> None:
    lines = printed(table.portfolio(portfolio_of(*LONG), False), 60)
    heading = next(line for line in lines if "File" in line)
    # what a portfolio is for stays: which file, at which stage, with which score
    for kept in ("File", "Stage", "Score"):
        assert kept in heading


# -- mixed checklists ------------------------------------------------------------------


def mixed() -> list[Assessment]:
    return [
        *portfolio_of(("a.yaml", "Acme", None), ident="first-list"),
        *portfolio_of(("b.yaml", "Acme", None), ident="second-list"),
    ]


def test_mixed_checklists_get_a_checklist_column_in_the_terminal() -> None:
    lines = printed(table.portfolio(mixed(), False), 120)
    assert column_start(lines, "Checklist") is not None
    assert any("first-list" in line and "a.yaml" in line for line in lines)
    assert any("second-list" in line and "b.yaml" in line for line in lines)


def test_one_checklist_has_no_checklist_column() -> None:
    lines = printed(table.portfolio(portfolio_of(("a.yaml", "Acme", None)), False), 120)
    assert column_start(lines, "Checklist") is None


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_mixed_checklists_get_a_checklist_column(fmt: str) -> None:
    from servicescore.render import renderer

    # Markdown is one string, HTML comes in pieces (test_html_portfolio_comes_a_row_at_a_time).
    out = "".join(renderer(fmt).portfolio(mixed(), False))
    header = "| Checklist |" if fmt == "markdown" else "<th>Checklist</th>"
    assert header in out
    assert "first-list" in out and "second-list" in out
    single = "".join(renderer(fmt).portfolio(portfolio_of(("a.yaml", "Acme", None)), False))
    assert "Checklist</th>" not in single and "| Checklist |" not in single


@pytest.fixture
def two_checklists(tmp_path: Path) -> Path:
    """Two answers files of the two shipped checklists."""
    for name, listed in (("ptm.yaml", "profit-through-service"), ("ke.yaml", "key-elements")):
        text = f"kind: answers\nchecklist: {listed}\norganisation: Acme\nanswers: {{}}\n"
        write(tmp_path, name, text)
    return tmp_path


def test_mixed_checklists_through_the_cli(two_checklists: Path) -> None:
    result = invoke("assess", two_checklists / "ptm.yaml", two_checklists / "ke.yaml")
    assert result.exit_code == 0, result.stderr
    assert "Checklist" in result.stdout
    assert "profit-through-service" in result.stdout and "key-elements" in result.stdout


# -- --title ---------------------------------------------------------------------------

TITLE = "Q2 [bold]review[/bold] <b>*all*</b> sites"


# Named, not the first two in the folder: one complete and one provisional assessment
# (northwind's first quarter leaves items unanswered), whatever examples are added.
EXAMPLE_PAIR = ("harbour-clinics-2026-q2.yaml", "northwind-2026-q1.yaml")


@pytest.fixture
def examples(tmp_path: Path) -> list[Path]:
    return [Path(shutil.copy(ROOT / "examples" / name, tmp_path / name)) for name in EXAMPLE_PAIR]


def test_title_heads_the_terminal_portfolio(examples: list[Path]) -> None:
    result = invoke("assess", *examples, "--title", TITLE)
    assert result.exit_code == 0, result.stderr
    assert TITLE in result.stdout  # literally: no Rich markup
    assert "Portfolio" not in result.stdout


def test_title_heads_the_markdown_portfolio(examples: list[Path]) -> None:
    result = invoke("assess", *examples, "--title", TITLE, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("## Q2 \\[bold\\]review\\[/bold\\] &lt;b&gt;\\*all\\*&lt;/b&gt; sites")
    assert "<b>" not in result.stdout


def test_title_heads_the_html_portfolio(examples: list[Path]) -> None:
    result = invoke("assess", *examples, "--title", TITLE, "--format", "html")
    assert result.exit_code == 0, result.stderr
    escaped = "Q2 [bold]review[/bold] &lt;b&gt;*all*&lt;/b&gt; sites"
    assert f"<title>{escaped}</title>" in result.stdout
    assert f"<h1>{escaped}</h1>" in result.stdout
    assert "<b>" not in result.stdout


def test_title_of_a_single_report(examples: list[Path]) -> None:
    html = invoke("assess", examples[0], "--title", TITLE, "--format", "html").stdout
    assert "<title>Q2 [bold]review[/bold] &lt;b&gt;*all*&lt;/b&gt; sites</title>" in html
    markdown = invoke("assess", examples[0], "--title", TITLE, "--format", "markdown").stdout
    assert markdown.startswith("# Q2 \\[bold\\]review")
    terminal = invoke("assess", examples[0], "--title", TITLE).stdout
    assert terminal.splitlines()[0] == TITLE


def test_without_a_title_the_defaults_stay(examples: list[Path]) -> None:
    assert invoke("assess", *examples, "--format", "markdown").stdout.startswith(
        "## Portfolio (2 files)"
    )
    assert "<h1>Portfolio</h1>" in invoke("assess", *examples, "--format", "html").stdout


def test_title_is_kept_out_of_json(examples: list[Path]) -> None:
    # JSON is data for programs: a title belongs to a page, and SPEC 5's keys stay as they are
    result = invoke("assess", *examples, "--title", TITLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "[bold]review" not in result.stdout


def test_a_title_with_control_characters_is_a_usage_error(examples: list[Path]) -> None:
    result = invoke("assess", *examples, "--title", "Q2\x1b[31m review")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "\x1b[31m" not in result.stderr
    assert "--title" in result.stderr


def words_of(text: str) -> set[str]:
    return {word for line in text.splitlines() if "─" not in line for word in line.split()}


@pytest.mark.parametrize("width", range(90, 200, 6))
def test_every_column_kept_is_shown_whole(width: int) -> None:
    """Rich's own squeeze shrinks the widest wrapping columns to one width below their
    longest words, then crops the last column ("Limite", "Measuremen"): the widths the
    portfolio chose must be the widths printed."""
    files = [*EXAMPLES, ROOT / "tests" / "data" / "answers" / "good" / "shipped.yaml"]
    wide = invoke("assess", *files, env={"COLUMNS": "400"})
    result = invoke("assess", *files, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert all(cell_len(line) <= width for line in result.stdout.splitlines()), result.stdout
    # the file column's heading when the checklist column gave way to the width
    assert words_of(result.stdout) <= words_of(wide.stdout) | {"File,", "checklist"}, result.stdout


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_stage_number_stays_beside_its_name(width: int) -> None:
    files = [*EXAMPLES, ROOT / "tests" / "data" / "answers" / "good" / "shipped.yaml"]
    lines = invoke("assess", *files, env={"COLUMNS": str(width)}).stdout.splitlines()
    names = [re.search(r"(\S+)?\s*\b(Reactive|Established|Managed)\b", line) for line in lines]
    assert all(found[1] in "12345" for found in names if found), lines


@pytest.mark.parametrize("width", ["200", "80", "40"])
def test_the_terminal_portfolio_title_comes_before_the_provisional_line(
    examples: list[Path], width: str
) -> None:
    """As in the single report, Markdown and HTML: the title heads the page, and the
    provisional line leads what is under it (not a sentence, then a title)."""
    result = invoke("assess", *examples, "--title", "Q2 review", env={"COLUMNS": width})
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "Q2 review", lines
    assert lines[1].startswith("Provisional: 1 of 2 files"), lines
    assert result.stdout.count("Q2 review") == 1


@pytest.mark.parametrize("width", [80, 60, 40])
def test_each_row_of_a_mixed_portfolio_names_its_checklist_at_any_width(width: int) -> None:
    """Stages of different checklists are not alike: when the checklist column gives way
    to the width, each file still says which checklist it answers."""
    assessments = [
        *portfolio_of(LONG[0], ident="first-list"),
        *portfolio_of(*LONG[1:], ident="second-list"),
    ]
    lines = printed(table.portfolio(assessments, False), width)
    for (path, _, _), ident in zip(LONG, ("first-list", "second-list", "second-list"), strict=True):
        at = next(i for i, line in enumerate(lines) if path in line)
        assert ident in lines[at + 1], (ident, lines)
    assert all(cell_len(line) <= width for line in lines), lines


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_portfolio_holds_only_what_its_rows_show(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --detail a portfolio row shows no item: the files' answers and item
    results are let go as each file is scored (a 20,000-file folder took 534 MB), and
    the page is the one the whole assessments give."""
    import importlib

    module = importlib.import_module(f"servicescore.render.{fmt}")
    real = module.portfolio
    seen: list[Assessment] = []

    def spy(assessments: list[Assessment], detail: bool, title: str | None = None) -> object:
        seen.extend(assessments)
        return real(assessments, detail, title)

    monkeypatch.setattr(module, "portfolio", spy)
    folder = tmp_path / "p"
    folder.mkdir()
    for example in EXAMPLES:
        shutil.copy(example, folder / example.name)
    result = invoke("assess", folder, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert len(seen) == len(EXAMPLES)
    assert all(one.items == () and not one.answers.answers for one in seen)
    assert all(result.cells == () for one in seen for result in one.components)
    if fmt != "table":  # the terminal table's sameness: test_render_plain.py
        full = [assess(one) for one in load_answers([folder], None, Loader())]
        assert result.stdout == "".join(real(full, False))


# -- a JSON portfolio holds its reports in a temporary file, not in memory --------------


def test_json_portfolio_makes_each_report_as_its_file_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each report is made (and spooled) as its file is scored, a batch of files at a
    time, not all at the end: 20,000 files' reports held at once took 370 MB."""
    import servicescore.inputs as inputs
    import servicescore.render.json as json_format
    import servicescore.scoring as scoring

    events: list[str] = []

    def read(self: Loader, *args: object) -> object:
        events.append("read")
        return loader_answers(self, *args)

    def scored(answers: object) -> Assessment:
        events.append("score")
        return scoring_assess(answers)  # type: ignore[arg-type]

    def reported(assessment: Assessment) -> str:
        events.append("report")
        return compact(assessment)

    scoring_assess, compact = scoring.assess, json_format.compact_report
    loader_answers = Loader.answers
    monkeypatch.setattr(scoring, "assess", scored)
    monkeypatch.setattr(json_format, "compact_report", reported)
    monkeypatch.setattr(Loader, "answers", read)
    monkeypatch.setattr(inputs, "KEEP_BATCH", 2)
    result = invoke("assess", *EXAMPLES[:3], "--format", "json")
    assert result.exit_code == 0, result.stderr
    kept = ["score", "report"]
    assert events == ["read", "read", *kept, *kept, "read", *kept]
    reports = json.loads(result.stdout)
    assert [Path(report["file"]).name for report in reports] == [p.name for p in EXAMPLES[:3]]


def test_json_portfolio_equals_the_reports_of_its_files(examples: list[Path]) -> None:
    import servicescore.render.json as json_format

    result = invoke("assess", *examples, "--format", "json", "--strict")
    expected = list(json_format.portfolio([assess(one) for one in load_answers(examples)], False))
    assert result.stdout == "".join(expected)


def test_a_spool_that_cannot_be_written_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    class Full(StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *args, **kwargs: Full())
    target = tmp_path / "p.json"
    result = invoke("assess", *EXAMPLES[:2], "--format", "json", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == "temporary file: cannot write: No space left on device\n"
    assert not target.exists() and result.stdout == ""


# -- an HTML portfolio is written a row at a time ------------------------------------------


def test_html_portfolio_comes_a_row_at_a_time(examples: list[Path]) -> None:
    """The page around the rows, then each row, then with --detail each report: 20,000
    rows as one string (and its copies in each enclosing element) took 100 MB more."""
    from servicescore.render import html

    assessments = [assess(one) for one in load_answers(examples)]
    count = len(assessments)
    for detail in (False, True):
        pieces = list(html.portfolio(assessments, detail, "Q2"))
        head, rows, middle = pieces[0], pieces[1 : count + 1], pieces[count + 1]
        reports, tail = pieces[count + 2 : -1], pieces[-1]
        assert head.startswith("<!DOCTYPE html>") and head.endswith("<tbody>\n")
        assert all(row.startswith("<tr>\n") and row.endswith("</tr>\n") for row in rows)
        assert [row.count("<tr>") for row in rows] == [1] * count
        assert middle.startswith("</tbody>") and middle.endswith("</article>\n")
        assert len(reports) == (count if detail else 0)
        for index, report in enumerate(reports, 1):
            assert report.startswith(f'<article class="report" id="report-{index}">')
            assert report.endswith("</article>\n")
            assert f'<a href="#report-{index}">' in rows[index - 1]
        assert tail == "</main>\n</body>\n</html>\n"
        assert "\x00" not in "".join(pieces)


def test_html_portfolio_through_the_cli_is_streamed(
    monkeypatch: pytest.MonkeyPatch, examples: list[Path]
) -> None:
    """The CLI writes each piece out before it asks for the next: never the whole page."""
    import sys

    from servicescore.render import html

    real = html.portfolio
    pieces = list(real([assess(one) for one in load_answers(examples)], False))
    written: list[int] = []

    def watched(*args: Any) -> Iterator[str]:
        for piece in real(*args):
            sys.stdout.flush()  # the runner's standard output, bytes under text
            written.append(len(sys.stdout.buffer.getvalue()))  # type: ignore[attr-defined]
            yield piece

    monkeypatch.setattr(html, "portfolio", watched)
    result = invoke("assess", *examples, "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(pieces)
    assert written == [len("".join(pieces[:count]).encode()) for count in range(len(pieces))]


def test_no_usable_temporary_folder_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    def nowhere(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryFile", nowhere)
    result = invoke("assess", *EXAMPLES[:2], "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == "temporary file: cannot write: No usable temporary directory found\n"
    assert result.stdout == ""


def test_a_portfolio_table_holds_its_unstyled_cells_as_plain_strings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Rich text a cell took a third of a 20,000-file table's memory: only the styled
    cells (stage, score, and file with checklist where they are mixed, as here) are
    texts until a row is printed."""
    from servicescore.render import terminal

    made: list[object] = []
    real_init = terminal.Text.__init__

    def counting(self: terminal.Text, *args: object, **kwargs: object) -> None:
        made.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    assessments = [assess(one) for one in load_answers(EXAMPLES, None, Loader())]
    monkeypatch.setattr(terminal.Text, "__init__", counting)
    portfolio = table_portfolio._PortfolioTable(assessments)
    assert len(made) <= 3 * len(assessments)  # 9 a row before
    assert all(isinstance(row[table_portfolio._FILE], str) for row in portfolio.rows)
