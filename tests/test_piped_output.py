"""Output that is not a terminal (a pipe, a file): plain text, no padding at line ends.

Rich pads every table cell to its column's width; in a terminal that is invisible, in a
file or a diff of two reports it is noise, and editors flag it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import invoke

COMMANDS = (
    ("assess", "northwind-2026-q2.yaml"),
    ("assess", "northwind-2026-q1.yaml", "harbour-clinics-2026-q2.yaml"),
    ("assess", "northwind-2026-q1.yaml", "harbour-clinics-2026-q2.yaml", "--detail"),
    ("diff", "northwind-2026-q1.yaml", "northwind-2026-q2.yaml"),
    ("diff", "northwind-2026-q3.yaml", "northwind-2026-q1.yaml"),
    ("trend", "northwind-2026-q1.yaml", "northwind-2026-q2.yaml", "northwind-2026-q3.yaml"),
    ("checklists",),
    ("checklists", "show", "key-elements"),
    ("show", "profit-through-service"),
    ("template",),
    ("check", "northwind-2026-q2.yaml"),
)
# What --output writes: only the commands that take it.
WRITTEN = [args for args in COMMANDS if args[0] in {"assess", "diff", "trend"}]


def padded(text: str) -> list[str]:
    return [line for line in text.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize("width", ["200", "80"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_piped_line_ends_with_a_space(work: Path, args: tuple[str, ...], width: str) -> None:
    result = invoke(*args, env={"COLUMNS": width})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert not padded(result.stdout)


def test_no_piped_line_ends_with_a_space_without_columns(work: Path) -> None:
    # With no COLUMNS at all the piped console picks its own width.
    result = invoke("assess", "northwind-2026-q2.yaml", env={"COLUMNS": None})
    assert result.exit_code == 0, result.stderr
    assert "Northwind" in result.stdout
    assert not padded(result.stdout)


@pytest.mark.parametrize("args", WRITTEN, ids=" ".join)
def test_no_written_line_ends_with_a_space(work: Path, args: tuple[str, ...]) -> None:
    result = invoke(*args, "--output", "report.txt")
    assert result.exit_code == 0, result.stderr
    text = (work / "report.txt").read_text(encoding="utf-8")
    assert text.strip()
    assert not padded(text)
