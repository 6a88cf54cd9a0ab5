"""Long tables written as plain text without Rich's cost per cell (issue 9, point 14).

The shortcut must print exactly what Rich prints: each table here is rendered both ways
and compared, on random cells (short, long, wrapped, multi-line, wide characters) and
console widths; and ``show`` of a long checklist must not pass its rows through Rich.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from builders import checklist, element, item, run
from clirun import invoke, write
from servicescore.diff import Diff, compare
from servicescore.render import plain
from servicescore.render import table as render_table
from servicescore.render.catalog import checklist_table
from servicescore.render.plain import plain_lines


def rich_lines(output: object, console: Console) -> list[str]:
    """What Rich prints, unstyled, each line without its trailing spaces."""
    with console.capture() as captured:
        console.print(output)
    return [line.rstrip(" ") for line in captured.get().split("\n")[:-1]]


def console(width: int) -> Console:
    return Console(width=width, no_color=True, color_system=None, force_terminal=False)


words = st.text(st.sampled_from("abcdefgh ·—漢é"), min_size=0, max_size=30)
cells = st.one_of(words, st.builds("\n".join, st.lists(words, min_size=2, max_size=3)))


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=12),
    sections=st.lists(st.booleans(), min_size=12, max_size=12),
    width=st.integers(20, 120),
    justify=st.sampled_from(["left", "right", "center"]),
)
def test_property_plain_table_is_what_rich_prints(
    rows: list[tuple[str, str, str]],
    sections: list[bool],
    width: int,
    justify: str,
) -> None:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(Text("Item"), style="cyan")
    table.add_column(Text("Statement"), ratio=3)
    table.add_column(Text("Stage"), justify=justify)  # type: ignore[arg-type]
    for row, section in zip(rows, sections, strict=False):
        table.add_row(*(Text(cell) for cell in row), end_section=section)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plain, "MIN_ROWS", 0)  # short tables, to try many
        shown = plain.plain_table(table, console(width))
    # None where a header itself wraps: Rich renders such a table.
    assert shown is None or shown == rich_lines(table, console(width))


def long_checklist_table() -> Group:
    items = [item(f"item-{index:04d}", stage=2 + index % 4) for index in range(300)]
    group = checklist_table(checklist(element("a", *items[:150]), element("b", *items[150:])))
    assert isinstance(group, Group)
    return group


@pytest.mark.parametrize("width", [60, 100, 200])
def test_a_long_checklist_table_is_what_rich_prints(width: int) -> None:
    table = long_checklist_table()
    shown = plain_lines(table, console(width))
    assert shown is not None
    assert list(shown) == rich_lines(table, console(width))


def test_a_short_or_other_table_is_left_to_rich() -> None:
    short = Table(box=box.SIMPLE_HEAD)
    short.add_column("x")
    short.add_row("y")
    assert plain.plain_table(short, console(80)) is None
    boxed = Table(box=box.ROUNDED)
    boxed.add_column("x")
    for index in range(plain.MIN_ROWS):
        boxed.add_row(Text(str(index)))
    assert plain.plain_table(boxed, console(80)) is None


def rich_tables(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row counts of the tables Rich renders from now on, filled as it renders."""
    rendered: list[int] = []
    real = Table._render

    def counting(self: Table, *args: object, **kwargs: object) -> object:
        rendered.append(self.row_count)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "_render", counting)
    return rendered


def test_show_of_a_long_checklist_does_not_render_its_rows_through_rich(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rich took 20 s to lay out a 50,000-item checklist: its rows that fit one line no
    longer go through Rich's table renderer at all."""
    lines = [
        "kind: checklist",
        "id: long",
        "title: A long checklist",
        'version: "1.0"',
        "continuum: customer-satisfaction-practices",
        "elements:",
        "- id: all",
        "  title: All",
        "  items:",
    ]
    for index in range(1, 401):
        component = ("customer-focus", "measurement", "environment")[index % 3]
        lines.append(
            f"  - {{id: i{index}, text: Practice {index}, component: {component},"
            f" stage: {2 + index % 4}, action: Do {index}}}"
        )
    path = write(tmp_path, "long.yaml", "\n".join(lines) + "\n")
    rendered = rich_tables(monkeypatch)
    result = invoke("show", path)
    assert result.exit_code == 0, result.stderr
    assert "  i400   Practice 400" in result.stdout
    assert rendered == []


def a_long_portfolio(folder: Path) -> Path:
    """250 answers files: copies of an example under other organisations and units, some
    with an item left unanswered (a provisional row holds two lines)."""
    example = Path(__file__).resolve().parent.parent / "examples" / "northwind-2026-q2.yaml"
    text = example.read_text(encoding="utf-8")
    for index in range(250):
        copy_text = text.replace("Northwind", f"Org {index % 7} Northwind", 1)
        if index % 3 == 0:
            copy_text = copy_text.replace('"yes"', "", 1)
        write(folder, f"{index:03d}.yaml", copy_text.replace("unit:", f"unit: U{index}", 1))
    return folder


def test_a_long_portfolio_table_is_what_rich_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = a_long_portfolio(tmp_path / "p")
    rendered = rich_tables(monkeypatch)
    fast = invoke("assess", folder)
    assert fast.exit_code == 0, fast.stderr
    assert max(rendered, default=0) < 250  # the rows did not go through Rich
    monkeypatch.setattr(plain, "MIN_ROWS", 10**9)  # Rich renders every table
    slow = invoke("assess", folder)
    assert max(rendered) >= 250
    assert fast.stdout == slow.stdout
    assert "provisional" in fast.stdout


def test_a_table_drawn_in_ascii_is_left_to_rich() -> None:
    """Where the output encoding has no box characters Rich draws another box, with
    rules between the cells: the shortcut, which writes spaces, must not answer."""
    group = long_checklist_table()
    long_table = next(part for part in group.renderables if isinstance(part, Table))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Console, "encoding", property(lambda self: "ascii"))
        assert console(100).options.ascii_only
        assert plain.plain_table(long_table, console(100)) is None


def test_a_narrow_portfolio_is_printed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too narrow for the table, a portfolio is a block of text a file: those blocks
    go to Rich in one print, not one print each (slower than before the shortcut)."""
    folder = a_long_portfolio(tmp_path / "p")
    wide = invoke("assess", folder, env={"COLUMNS": "30"})
    prints = []
    real = Console.print

    def counting(self: Console, *args: Any, **kwargs: Any) -> None:
        prints.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Console, "print", counting)
    result = invoke("assess", folder, env={"COLUMNS": "30"})
    assert result.exit_code == 0, result.stderr
    assert " · score " in result.stdout  # the block layout
    assert result.stdout == wide.stdout
    assert len(prints) <= 3 * 250 // plain.PRINT_RUN + 2  # 3 parts a file


@settings(max_examples=100, deadline=None)
@given(
    title=st.lists(words, min_size=1, max_size=4).map(" ".join),
    rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=8),
    width=st.integers(20, 120),
    justify=st.sampled_from(["left", "right", "center"]),
)
def test_property_a_titled_table_is_what_rich_prints(
    title: str, rows: list[tuple[str, str]], width: int, justify: str
) -> None:
    """A table's title (diff's "Changed items (N)") is printed by Rich at the table's
    width, then the table's lines: together exactly what Rich prints."""
    table = Table(title=Text(title, style="bold"), title_justify=justify, box=box.SIMPLE_HEAD)  # type: ignore[arg-type]
    table.add_column(Text("Item"), style="cyan")
    table.add_column(Text("Statement"), ratio=3)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plain, "MIN_ROWS", 0)
        shown = plain.plain_table(table, console(width))
    assert shown is None or shown == rich_lines(table, console(width))


def a_long_diff() -> Diff:
    """900 items, a quarter of them worse and a quarter better: two long change tables."""
    ids = [f"item-{index:04d}" for index in range(900)]
    check = checklist(*(item(ident, stage=2 + index % 4) for index, ident in enumerate(ids)))
    old = dict.fromkeys(ids, "partly")
    new = {ident: ("no", "yes", "partly", "partly")[index % 4] for index, ident in enumerate(ids)}
    return compare(run(check, old), run(check, new))


@pytest.mark.parametrize("width", [40, 80, 200])
def test_a_long_diff_is_what_rich_prints_without_rich_rows(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change tables of a diff have a title: the shortcut prints it through Rich and
    the rows itself (Rich took a second for the 7,000 lines of a 50,000-item diff)."""
    output = render_table.diff(a_long_diff())
    expected = rich_lines(output, console(width))
    rendered = []
    real = Table._render

    def counting(self: Table, *args: object, **kwargs: object) -> object:
        rendered.append(self.row_count)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "_render", counting)
    shown = plain_lines(output, console(width))
    assert shown is not None
    assert list(shown) == expected
    assert "Regressions (" in "\n".join(expected)
    assert max(rendered, default=0) < plain.MIN_ROWS  # the long tables skipped Rich


def test_plain_ascii_cells_are_measured_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Printable ASCII is one cell a character: ``len`` measures it, not Rich's
    ``cell_len`` (a million calls, half a second, for a 50,000-item checklist). Text
    with other characters is still measured by Rich."""
    measured: list[str] = []

    def counting(text: str) -> int:
        measured.append(text)
        return cell_len(text)

    monkeypatch.setattr(plain, "cell_len", counting)
    table = long_checklist_table()
    shown = plain_lines(table, console(100))
    assert shown is not None
    assert list(shown) == rich_lines(table, console(100))
    assert measured == []
    wide = Table(box=box.SIMPLE_HEAD)
    wide.add_column(Text("Item"))
    for index in range(plain.MIN_ROWS):
        wide.add_row(Text(f"漢字 {index}"))
    assert plain.plain_table(wide, console(100)) == rich_lines(wide, console(100))
    assert "漢字 0" in measured


class Blocks:
    """A renderable of ours yielding many small blocks, as a narrow portfolio does, and
    counting how many it has yielded so far."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.yielded = 0

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.padding import Padding

        for index in range(self.count):
            self.yielded += 1
            yield Padding(Text(f"block {index}"), (0, 0, 0, 2))


def test_blocks_are_laid_out_as_they_are_printed_not_all_first() -> None:
    # A 20,000-file portfolio too narrow for its table is 20,000 blocks: holding every
    # block laid out before the first line is written cost a fifth of the run's memory.
    blocks = Blocks(1000)
    lines = plain_lines(blocks, console(80))
    assert lines is not None
    assert next(lines) == "  block 0"
    assert blocks.yielded <= plain.PRINT_RUN + 1
    assert list(lines)[-1] == "  block 999"
    assert blocks.yielded == 1000
