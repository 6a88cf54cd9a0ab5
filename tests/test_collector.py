"""``show`` and ``diff`` run with the cyclic garbage collector paused (issue 9, point 14).

Reading a 50,000-item checklist makes millions of small objects, none in a cycle
(reference counting frees them): the collector's passes over them were two fifths of
the time of ``show`` and ``diff``. It is paused while they read, score and print, and
running again afterwards.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from clirun import invoke
from servicescore import yamlfile

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def collector_states(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Where the collector was seen running or not: as each file was parsed, and as Rich
    printed."""
    seen: list[tuple[str, bool]] = []
    read = yamlfile.parse_text
    printed = Console.print

    def reading(*args: Any, **kwargs: Any) -> yamlfile.Document:
        seen.append(("read", gc.isenabled()))
        return read(*args, **kwargs)

    def printing(self: Console, *args: Any, **kwargs: Any) -> None:
        seen.append(("print", gc.isenabled()))
        printed(self, *args, **kwargs)

    monkeypatch.setattr(yamlfile, "parse_text", reading)
    monkeypatch.setattr(Console, "print", printing)
    return seen


@pytest.mark.parametrize(
    "args",
    [
        ("show", "profit-through-service"),
        ("diff", EXAMPLES / "northwind-2026-q1.yaml", EXAMPLES / "northwind-2026-q2.yaml"),
    ],
    ids=["show", "diff"],
)
def test_the_collector_is_paused_while_reading_and_printing(
    args: tuple[str | Path, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = collector_states(monkeypatch)
    assert gc.isenabled()
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert {what for what, _ in seen} == {"read", "print"}
    assert [state for _, state in seen if state] == []
    assert gc.isenabled()  # running again once the command is done
