"""Plain output is written in pieces as it is laid out: a 20,000-file report's text is
never held whole (a trend's peak memory fell from 150 to 97 MB), and the pieces join to
exactly what Rich prints."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from servicescore.cli import _PIECE, _plain, _unpadded
from servicescore.render.terminal import Text


def test_a_long_table_comes_in_pieces_that_join_to_richs_text() -> None:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(Text("Id"))
    table.add_column(Text("Statement"))
    for index in range(5000):
        table.add_row(Text(f"item-{index}"), Text(f"Statement number {index} of the checklist"))
    console = Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)
    pieces = list(_plain(table, console))
    assert len(pieces) > 1
    assert all(len(piece) < 2 * _PIECE for piece in pieces)
    assert all(piece.endswith("\n") for piece in pieces)
    with console.capture() as captured:
        console.print(table)
    assert "".join(pieces) == _unpadded(captured.get())
