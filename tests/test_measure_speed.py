"""What keeps a portfolio's figures cheap: figures read once per checklist and shared,
and a trend's too-wide layouts passed over without Rich measuring every cell. Each is
checked for giving exactly what the slow way gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from builders import ONE_ITEM_CHECKLIST
from servicescore.loader import Loader
from servicescore.render.plain import natural_width
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


_CELL = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=1, max_value=6).flatmap(
        lambda columns: st.lists(
            st.lists(_CELL, min_size=columns, max_size=columns), min_size=1, max_size=6
        )
    )
)
def test_the_natural_width_is_richs(rows: list[list[str]]) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title=Text("T"))
    for index in range(len(rows[0])):
        table.add_column(Text(f"c{index}"))
    for row in rows[1:]:
        table.add_row(*(Text(cell) for cell in row))
    console = Console(width=10_000)
    width = natural_width(table)
    if width is None:  # a cell Rich lays out otherwise (not printable): left to Rich
        assert any(not cell.isprintable() for row in rows[1:] for cell in row)
        return
    assert width == Measurement.get(console, console.options, table).maximum
