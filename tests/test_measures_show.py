"""`show` lists a checklist's measures (SPEC 9) beside its items, file text as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builders import ONE_ITEM_CHECKLIST
from clirun import invoke

CHECKLIST = ONE_ITEM_CHECKLIST

MEASURES = """\
measures:
  - id: fcr
    name: First-contact resolution
    unit: percent
    better: higher
    target: 80
    description: Contacts resolved at the first contact, out of all contacts
  - id: nps
    name: "[bold red]Promoters[/] \\u202e"
    unit: score
    min: -100
    max: 100
    better: higher
  - {id: wait, name: Wait, unit: seconds, better: lower, target: 30.5}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(CHECKLIST + MEASURES, encoding="utf-8")
    return path


def test_show_lists_each_measure_with_its_target_and_bounds(small: Path) -> None:
    result = invoke("show", small, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    measures = result.stdout.split("\nMeasures\n", 1)[1]
    assert measures.splitlines()[:5] == [
        "  fcr  First-contact resolution",
        "      percent, higher is better, target ≥ 80%, from 0 to 100",
        "      Contacts resolved at the first contact, out of all contacts",
        "  nps  [bold red]Promoters[/] \\u202e",
        "      score, higher is better, from -100 to 100",
    ]
    assert "  wait  Wait\n      seconds, lower is better, target ≤ 30.5 s, at least 0" in measures


def test_names_are_shown_as_written_never_as_markup_or_bidi_overrides(small: Path) -> None:
    result = invoke("show", small, env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.stderr
    assert "[bold red]Promoters[/]" in result.stdout
    assert "\\u202e" in result.stdout and "\u202e" not in result.stdout


def test_a_checklist_without_measures_shows_no_measures_table(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(CHECKLIST, encoding="utf-8")
    result = invoke("show", path)
    assert result.exit_code == 0, result.stderr
    assert "Measures" not in result.stdout


def test_the_renderer_reads_nothing_of_the_loading_module() -> None:
    """``show`` renders a checklist already loaded: its table does not import the
    module that reads ``measures:`` from files."""
    code = (
        "import sys, servicescore.render.catalog\n"
        "print('servicescore.measure_fields' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "False"
