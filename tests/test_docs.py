"""The README documents every command and option: the docs cannot rot silently."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from servicescore.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


# Typer builds Click commands (its own vendored copy of Click in recent releases), so
# they are walked by their attributes rather than by Click's classes.
def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize(
    "path", [path for path, _ in COMMANDS if path], ids=lambda path: " ".join(path)
)
def test_every_command_is_in_the_readme(path: tuple[str, ...]) -> None:
    assert f"servicescore {' '.join(path)}" in README


@pytest.mark.parametrize(
    ("path", "option"),
    [
        (path, option)
        for path, command in COMMANDS
        for param in command.params
        if param.param_type_name == "option"
        for option in param.opts + param.secondary_opts
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else value,
)
def test_every_option_is_in_the_readme(path: tuple[str, ...], option: str) -> None:
    assert re.search(rf"`[^`]*{re.escape(option)}\b", README), f"{option} of {path}"


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "servicescore assess examples/" in commands[0]
    assert "pytest" in commands[1]


def test_rules_table_matches_the_registry() -> None:
    from servicescore.rules import RULES

    rows = re.findall(
        r"^\| `(SS\d{3})` \| `([a-z-]+)` \| (error|warning) \| (.+) \|$", README, re.M
    )
    assert rows == [(r.id, r.name, r.severity, r.summary) for r in RULES.values()]


def test_every_format_the_cli_offers_is_registered() -> None:
    from servicescore.checkformats import FORMATS as CHECK_FORMATS
    from servicescore.cli import CheckFormat, ReportFormat
    from servicescore.render import FORMATS

    assert [choice.value for choice in ReportFormat] == list(FORMATS)
    assert [choice.value for choice in CheckFormat] == list(CHECK_FORMATS)
