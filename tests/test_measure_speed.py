"""What keeps a portfolio's figures cheap: figures read once per checklist and shared,
and a trend's too-wide layouts passed over without Rich measuring every cell. Each is
checked for giving exactly what the slow way gives."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from builders import ONE_ITEM_CHECKLIST
from servicescore.loader import Loader
from servicescore.render.plain import natural, natural_lines
from servicescore.render.terminal import Text

CHECKLIST = (
    ONE_ITEM_CHECKLIST
    + """\
measures:
  - {id: fcr, name: First-contact resolution, unit: percent, better: higher}
  - {id: nps, name: Net Promoter Score, unit: score, min: -100, max: 100, better: higher}
  - {id: wait, name: Wait, unit: seconds, better: lower}
"""
)


def answers(figures: str) -> str:
    return (
        f"kind: answers\nchecklist: checklist.yaml\norganisation: O\nanswers:\nmeasures:\n{figures}"
    )


def test_files_of_one_checklist_share_their_figures(tmp_path: Path) -> None:
    (tmp_path / "checklist.yaml").write_text(CHECKLIST, encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(answers("  fcr: 81.5\n  nps: 12\n"), "utf-8")
    loader = Loader()
    first, second = (loader.answers(tmp_path / f"{name}.yaml").value for name in ("a", "b"))
    assert first is not None and second is not None
    assert first.measures["fcr"] is second.measures["fcr"]
    assert first.measures["fcr"].value is not None
    assert first.measures["fcr"].value.value * 2 == 163
    # The key is the checklist's own id string, not a copy a file.
    keys = [next(key for key in one.measures if key == "fcr") for one in (first, second)]
    assert keys[0] is keys[1]


def test_a_figure_read_for_one_measure_is_checked_again_for_another(tmp_path: Path) -> None:
    (tmp_path / "checklist.yaml").write_text(CHECKLIST, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(answers("  nps: -50\n"), "utf-8")
    (tmp_path / "b.yaml").write_text(answers("  fcr: -50\n  wait: -50\n  nps: -50\n"), "utf-8")
    loader = Loader()
    assert loader.answers(tmp_path / "a.yaml").value is not None
    loaded = loader.answers(tmp_path / "b.yaml")
    assert loaded.value is None
    assert [(problem.line, problem.rule) for problem in loaded.problems] == [
        (6, "SS116"),
        (7, "SS116"),
    ]


def test_a_figure_with_a_note_is_never_shared(tmp_path: Path) -> None:
    (tmp_path / "checklist.yaml").write_text(CHECKLIST, encoding="utf-8")
    text = answers("  fcr: {value: 80, note: from the CRM}\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(text, "utf-8")
    loader = Loader()
    first, second = (loader.answers(tmp_path / f"{name}.yaml").value for name in ("a", "b"))
    assert first is not None and second is not None
    assert first.measures == second.measures
    assert first.measures["fcr"] is not second.measures["fcr"]


_LINE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=12)
# A cell of one line or several, as a trend's narrow measures table has them.
_CELL = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)


@st.composite
def plain_tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(min_value=1, max_value=5))
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title=Text("T"), title_justify="left"
    )
    for index in range(columns):
        header = draw(st.sampled_from([f"c{index}", f"Column {index}", "Each period"]))
        least = draw(st.none() | st.integers(min_value=0, max_value=20))
        justify = draw(st.sampled_from(["left", "right"]))
        table.add_column(Text(header), min_width=least, justify=justify)  # type: ignore[arg-type]
    for row in draw(st.lists(st.lists(_CELL, min_size=columns, max_size=columns), max_size=5)):
        table.add_row(*(Text(cell) for cell in row))
    return table


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_tables(), st.integers(min_value=20, max_value=160))
def test_natural_lines_are_what_rich_prints(table: Table, width: int) -> None:
    console = Console(width=width, color_system=None, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    found = natural(table)
    if found is None:  # a line Rich lays out otherwise (see natural): left to Rich
        cells = [str(cell) for column in table.columns for cell in column._cells]
        lines = [line for cell in cells for line in cell.split("\n")]
        assert any(not line.isprintable() or line != line.rstrip() for line in lines)
        return
    unbounded = console.options.update_width(10_000)
    assert found.width == Measurement.get(console, unbounded, table).maximum
    lines = natural_lines(table, console.options, found)
    if lines is None:  # too wide for the console: Rich wraps, measured apart
        assert found.width > width
        return
    console.print(table)
    printed = console.export_text().splitlines()
    assert [line.rstrip() for line in lines] == [line.rstrip() for line in printed]
