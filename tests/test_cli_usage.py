"""What the command line says about itself: --help, usage lines, and option values it
refuses before doing any work (SPEC 4)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from clirun import invoke, write

ROOT = Path(__file__).resolve().parents[1]

# Every command and sub-command, as typed after ``servicescore``.
COMMANDS = (
    (),
    ("assess",),
    ("diff",),
    ("trend",),
    ("consolidate",),
    ("plan",),
    ("check",),
    ("schema",),
    ("template",),
    ("import",),
    ("interview",),
    ("checklists",),
    ("checklists", "show"),
    ("show",),
)


def help_of(command: tuple[str, ...]) -> str:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def usage_line(command: tuple[str, ...]) -> str:
    """The usage line of ``command``'s help, joined when it is wrapped."""
    lines = [line.strip() for line in help_of(command).splitlines()]
    start = next(n for n, line in enumerate(lines) if line.startswith("Usage:"))
    end = lines.index("", start)
    return " ".join(lines[start:end])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_help_holds_a_braced_metavar(command: tuple[str, ...]) -> None:
    assert "{" not in help_of(command)


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        (("assess",), "[OPTIONS] ANSWERS..."),
        (("diff",), "[OPTIONS] OLD NEW"),
        (("trend",), "[OPTIONS] ANSWERS..."),
        (("consolidate",), "[OPTIONS] ANSWERS..."),
        (("plan",), "[OPTIONS] ANSWERS"),
        (("check",), "[OPTIONS] PATHS..."),
        (("schema",), "[OPTIONS] KIND"),
        (("template",), "[OPTIONS] [CHECKLIST]"),
        (("interview",), "[OPTIONS] [CHECKLIST]"),
        (("show",), "[OPTIONS] CHECKLIST"),
        (("checklists", "show"), "[OPTIONS] CHECKLIST"),
    ],
)
def test_usage_names_arguments_in_capitals(command: tuple[str, ...], arguments: str) -> None:
    assert usage_line(command).endswith(f"{' '.join(command)} {arguments}")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_help_text_leaves_a_space_before_a_full_stop(command: tuple[str, ...]) -> None:
    # "Output format ." is what is left when Rich reads "[default: ...]" as markup.
    assert not re.search(r"\w \.", help_of(command))


def test_each_command_is_summed_up_in_one_line() -> None:
    # The command list shows a docstring's first paragraph with its line breaks kept: a
    # summary written on two lines broke mid-sentence there.
    import typer.main

    from servicescore.cli import app

    group = typer.main.get_command(app)
    summaries = {
        name: (command.help or "").strip().split("\n\n")[0]
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    }
    assert summaries and all(summaries.values())
    assert [name for name, summary in summaries.items() if "\n" in summary] == []


def test_check_help_shows_its_default_format() -> None:
    text = " ".join(help_of(("check",)).replace("│", " ").split())
    assert "[default: text; github under GitHub Actions]" in text


@pytest.mark.parametrize("command", [("assess",), ("diff",), ("trend",), ("plan",)], ids=" ".join)
def test_report_commands_show_their_default_format(command: tuple[str, ...]) -> None:
    assert "[default: table]" in help_of(command)


@pytest.mark.parametrize("command", [("template",), ("interview",)], ids=" ".join)
def test_help_shows_the_default_checklist(command: tuple[str, ...]) -> None:
    assert "[default: profit-through-service]" in help_of(command)


# -- --fail-under outside the continuum's stages ----------------------------------------


def assert_one_line_usage_error(args: tuple[str, ...]) -> str:
    result = invoke(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


CONTINUUM = "'Customer Satisfaction Practices Continuum'"


def test_fail_under_above_the_top_stage_is_a_usage_error(work: Path) -> None:
    line = assert_one_line_usage_error(("assess", "northwind-2026-q2.yaml", "--fail-under", "9"))
    assert line == (
        f"--fail-under 9 is above the top stage 5 of the continuum {CONTINUUM} "
        "of 1 file (northwind-2026-q2.yaml)"
    )


def test_fail_under_above_the_top_is_one_line_per_continuum_not_per_file(work: Path) -> None:
    """A portfolio of 2,000 files on one continuum gave 2,000 near-identical lines: one
    line says it all, with how many files use the continuum and the first of them."""
    answers = (work / "northwind-2026-q2.yaml").read_text(encoding="utf-8")
    names = [f"team-{n:04}.yaml" for n in range(1, 1201)]
    for name in names:
        write(work, name, answers)
    line = assert_one_line_usage_error(("assess", *names, "--fail-under", "6"))
    assert line == (
        f"--fail-under 6 is above the top stage 5 of the continuum {CONTINUUM} "
        "of 1,200 files (team-0001.yaml, …)"
    )


def test_fail_under_at_the_top_stage_is_accepted(work: Path) -> None:
    result = invoke("assess", "northwind-2026-q2.yaml", "--fail-under", "5")
    assert result.exit_code == 1  # a finding, not a usage error
    assert "Northwind" in result.stdout


@pytest.mark.parametrize("value", ["0", "-1"])
def test_fail_under_below_1_is_a_one_line_usage_error(work: Path, value: str) -> None:
    line = assert_one_line_usage_error(("assess", "northwind-2026-q2.yaml", "--fail-under", value))
    assert f"--fail-under {value}" in line
    assert "1" in line


SMALL_CHECKLIST = """kind: checklist
id: small-practices
title: Small practices
version: "1.0"
continuum: small-continuum.yaml
elements:
  - id: listening
    title: Listening
    items:
      - id: cf-2
        text: Customers can reach the team by more than one route.
        component: customer-focus
        stage: 2
        action: Open a second route.
      - id: pe-2
        text: New starters are trained.
        component: people
        stage: 2
        action: Train them.
"""


def test_fail_under_is_checked_against_every_files_continuum(work: Path) -> None:
    shutil.copy(ROOT / "tests" / "diff_data" / "small-continuum.yaml", work)
    write(work, "small.yaml", SMALL_CHECKLIST)
    answers = "kind: answers\nchecklist: small.yaml\norganisation: Team\nanswers: {cf-2: yes}\n"
    write(work, "team.yaml", answers)
    args = ("assess", "northwind-2026-q2.yaml", "team.yaml", "--fail-under")
    line = assert_one_line_usage_error((*args, "3"))
    assert line == (
        "--fail-under 3 is above the top stage 2 of the continuum 'Small continuum' "
        "of 1 file (team.yaml)"
    )
    # Above both tops: one line for each continuum, in the order of the files.
    result = invoke(*args, "6")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"--fail-under 6 is above the top stage 5 of the continuum {CONTINUUM} "
        "of 1 file (northwind-2026-q2.yaml)",
        "--fail-under 6 is above the top stage 2 of the continuum 'Small continuum' "
        "of 1 file (team.yaml)",
    ]
    # Joined into one message, the lines reached the terminal as one line holding "\n".
    assert "\\n" not in result.stderr
    # Within both continua: judged as usual (the small one tops out at stage 2).
    assert invoke(*args, "2").exit_code == 1


def test_fail_under_names_each_file_below_it_on_its_own_line(work: Path) -> None:
    files = ("northwind-2026-q1.yaml", "northwind-2026-q3.yaml")
    reports = json.loads(invoke("assess", *files, "-f", "json").stdout)
    stages = {Path(report["file"]).name: report["stage"]["number"] for report in reports}
    gate = max(stages.values())
    result = invoke("assess", *files, "--fail-under", str(gate))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{name}: stage {stage} is below --fail-under {gate}"
        for name, stage in stages.items()
        if stage < gate
    ]
    assert any(stage < gate for stage in stages.values())


def test_fail_under_above_the_top_for_several_files_of_one_continuum_is_one_line(
    work: Path,
) -> None:
    names = ("northwind-2026-q1.yaml", "northwind-2026-q2.yaml")
    line = assert_one_line_usage_error(("assess", *names, "--fail-under", "6"))
    assert line.endswith(f"{CONTINUUM} of 2 files (northwind-2026-q1.yaml, …)"), line


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        (("assess",), ("table", "json", "markdown", "html")),
        (("diff",), ("table", "json", "markdown", "html")),
        (("trend",), ("table", "json", "markdown", "html")),
        (("check",), ("text", "github", "json", "sarif", "junit")),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else value,
)
def test_format_choices_stay_whole_on_an_80_column_terminal(
    command: tuple[str, ...], choices: tuple[str, ...]
) -> None:
    # A "<table|json|markdown|html>" metavar did not fit its column: "h" and "tml>".
    result = invoke(*command, "--help", env={"COLUMNS": "80"})
    line = next(line for line in result.stdout.splitlines() if "--format" in line)
    assert re.search(r"--format\s+-f\s+FORMAT\b", line), line
    for choice in choices:
        assert re.search(rf"(?<![\w-]){choice}(?![\w-])", result.stdout), choice


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_piped_help_has_no_line_ending_in_a_space(command: tuple[str, ...]) -> None:
    # Rich pads every line of the help to the full width, blank lines included.
    text = help_of(command)
    assert "Usage:" in text
    assert [line for line in text.splitlines() if line.endswith(" ")] == []


def test_fail_on_regression_help_tells_of_the_github_annotation() -> None:
    text = " ".join(help_of(("diff",)).replace("│", " ").split())
    assert "Under GitHub Actions, also an ::error annotation on NEW." in text


@pytest.mark.parametrize(
    ("command", "names"),
    [
        (("assess",), ["ANSWERS"]),
        (("diff",), ["OLD", "NEW"]),
        (("trend",), ["ANSWERS"]),
        (("check",), ["PATHS"]),
        (("schema",), ["KIND"]),
        (("template",), ["CHECKLIST"]),
        (("interview",), ["CHECKLIST"]),
        (("show",), ["CHECKLIST"]),
        (("checklists", "show"), ["CHECKLIST"]),
    ],
    ids=lambda value: " ".join(value),
)
def test_the_arguments_panel_names_arguments_as_the_usage_line(
    command: tuple[str, ...], names: list[str]
) -> None:
    # Typer lists them in lower case ("answers"), beside "ANSWERS..." in the usage line.
    text = help_of(command)
    panel = text.split("Arguments", 1)[1].split("╰", 1)[0]
    rows = re.findall(r"^│\s+\*?\s*(\S+)\s", panel, flags=re.M)
    assert rows == names
