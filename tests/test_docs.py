"""The README documents every command and option: the docs cannot rot silently."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import typer.main
import yaml

from clirun import isolate_git
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


# -- every snippet works as written --------------------------------------------------------
#
# Each `servicescore ...` line of a ```sh or ```console block runs, through a shell (for
# redirections and globs), in a temporary copy of the project's examples/, panels/ and checklists/
# committed to a fresh git repository (for REV:PATH). It must exit 0, or the code that a
# trailing `# ... exit N ...` comment names. A console block's output must be the real
# output: each run of lines between `...` lines appears, in order, in what the command
# prints, and the first run is where the output starts. Every ```yaml block parses, and
# one that is a servicescore file passes `servicescore check`.

ROOT = Path(__file__).resolve().parents[1]
EXPECTED_EXIT = re.compile(r"#.*\bexit (\d+)")


class Snippet(NamedTuple):
    command: str
    output: tuple[str, ...] | None  # a console block's shown output; None in sh blocks


def _snippets() -> list[Snippet]:
    found = []
    for kind, body in re.findall(r"```(sh|console)\n(.*?)```", README, flags=re.S):
        if kind == "sh":
            found += [Snippet(line, None) for line in body.splitlines()]
            continue
        for command in re.split(r"^\$ ", body, flags=re.M)[1:]:
            first, *shown = command.rstrip("\n").split("\n")
            found.append(Snippet(first, tuple(shown)))
    # `interview` needs a terminal: test_interview_tmux runs it in one, under tmux.
    return [
        snippet
        for snippet in found
        if snippet.command.startswith("servicescore ")
        and not snippet.command.startswith("servicescore interview ")
    ]


SNIPPETS = _snippets()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's examples, panels and checklists, committed to a git
    repository."""
    for folder in ("examples", "panels", "checklists"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    isolate_git(monkeypatch, tmp_path.parent)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "x"]):
        subprocess.run([*git, *args], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def run_snippet(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as a reader would, with the servicescore installed for the tests;
    output piped (so 100 columns), no colour, outside GitHub Actions."""
    outside = ("COLUMNS", "GITHUB_ACTIONS", "GITHUB_WORKSPACE")
    env = {k: v for k, v in os.environ.items() if k not in outside}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    return subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def shown_runs(shown: tuple[str, ...]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            runs.append([])
        else:
            runs[-1].append(line.rstrip())
    return [run for run in runs if run]


def assert_shown_in(shown: tuple[str, ...], printed: str) -> None:
    lines = [line.rstrip() for line in printed.splitlines()]
    start = 0
    for number, run in enumerate(shown_runs(shown)):
        at = next(
            (i for i in range(start, len(lines)) if lines[i : i + len(run)] == run),
            None,
        )
        assert at is not None, f"not in the real output, in order:\n{chr(10).join(run)}"
        if number == 0:
            assert at == 0, "the example must show the output from its first line"
        start = at + len(run)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda snippet: snippet.command)
def test_every_command_snippet_runs_as_written(snippet: Snippet, project: Path) -> None:
    done = run_snippet(snippet.command, project)
    expected = EXPECTED_EXIT.search(snippet.command)
    code = int(expected.group(1)) if expected else 0
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if snippet.output is not None:
        assert_shown_in(snippet.output, done.stdout)


def test_every_consolidate_command_of_the_readme_is_run() -> None:
    """Not one left in a block that is not run (```text), where it could name a folder
    that a fresh clone does not have."""
    blocks = re.findall(r"```\w*\n(.*?)```", README, flags=re.S)
    lines = [line.removeprefix("$ ") for block in blocks for line in block.splitlines()]
    written = [line for line in lines if line.startswith("servicescore consolidate ")]
    assert written and set(written) <= {snippet.command for snippet in SNIPPETS}


def test_the_readme_has_command_snippets_and_real_console_output() -> None:
    assert len(SNIPPETS) >= 8
    assert any(
        snippet.output for snippet in SNIPPETS if snippet.command.startswith("servicescore diff")
    )


YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=lambda block: block.splitlines()[0])
def test_every_yaml_snippet_parses(block: str) -> None:
    assert yaml.safe_load(block) is not None


def _is_ours(block: str) -> bool:
    data = yaml.safe_load(block)
    return isinstance(data, dict) and (
        data.get("kind") in ("checklist", "continuum") or "organisation" in data
    )


@pytest.mark.parametrize(
    "block", [b for b in YAML_BLOCKS if _is_ours(b)], ids=lambda block: block.splitlines()[0]
)
def test_every_servicescore_file_snippet_passes_check(block: str, project: Path) -> None:
    (project / "snippet.yaml").write_text(block, encoding="utf-8")
    done = run_snippet("servicescore check snippet.yaml", project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 files checked" in done.stdout or "1 file checked" in done.stdout, done.stdout


def _custom_scale_example() -> str:
    [block] = [b for b in YAML_BLOCKS if _is_ours(b) and "\nscale:" in b]
    assert yaml.safe_load(block)["kind"] == "checklist"
    return block


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("{value: usually, credit: 0.75}", "{value: Never, credit: 0.75}", "SS106"),
        ("{value: usually, credit: 0.75}", "{value: N/A, credit: 0.75}", "SS111"),
        ("{value: usually, credit: 0.75}", "{value: usually, credit: 1.5}", "SS108"),
        ("{value: always, credit: 1}", "{value: always, credit: 0.9}", "SS202"),
    ],
)
def test_the_readme_custom_scale_rules_hold(project: Path, old: str, new: str, rule: str) -> None:
    """The rules the README lists for a custom scale, on its own example."""
    example = _custom_scale_example()
    assert old in example
    (project / "scale.yaml").write_text(example.replace(old, new), encoding="utf-8")
    done = run_snippet("servicescore check --strict scale.yaml", project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"[{rule}]" in done.stdout


# "servicescore show ID" in the README, "show [OPTIONS] CHECKLIST" in the usage line.
SYNOPSES = re.findall(
    r"`servicescore ((?:checklists )?[a-z]+)((?: \[?[A-Z]+\]?(?:\.\.\.)?)+)`", README
)


@pytest.mark.parametrize(("command", "arguments"), SYNOPSES, ids=lambda value: value.strip())
def test_the_readme_names_arguments_as_the_usage_line_does(command: str, arguments: str) -> None:
    from clirun import invoke

    result = invoke(*command.split(), "--help")
    usage = next(line for line in result.stdout.splitlines() if "Usage:" in line)
    assert usage.strip().endswith(f"servicescore {command} [OPTIONS]{arguments}")


def test_the_readme_has_command_synopses() -> None:
    assert {command for command, _ in SYNOPSES} >= {"assess", "diff", "show", "template"}


# -- the workflow snippets' servicescore steps run as written ------------------------------


def _workflow_steps() -> list[str]:
    """The ``run:`` commands of the README's GitHub Actions snippets that call servicescore."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            run = node.get("run")
            if isinstance(run, str) and run.strip().startswith("servicescore "):
                found.append(" ".join(run.split()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for block in YAML_BLOCKS:
        walk(yaml.safe_load(block))
    return found


def test_the_workflow_snippets_run_in_a_pull_request_checkout(project: Path) -> None:
    """A repository laid out as the snippets expect, cloned as actions/checkout with
    fetch-depth: 0 does; the pull request first keeps, then drops, the stage."""
    steps = _workflow_steps()
    assert any(step.startswith("servicescore check ") for step in steps)
    assert any("--fail-on-regression" in step for step in steps)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    base = project / "base"
    (base / "assessments").mkdir(parents=True)
    shutil.copytree(project / "checklists", base / "checklists")
    shutil.copy(
        project / "examples" / "northwind-2026-q2.yaml", base / "assessments" / "current.yaml"
    )
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run([*git, *args], cwd=base, check=True, capture_output=True)
    clone = project / "clone"
    subprocess.run(
        [*git, "clone", "-q", base.as_uri(), str(clone)], check=True, capture_output=True
    )
    commands = [
        "GITHUB_ACTIONS=true " + step.replace("${{ github.base_ref }}", "main") for step in steps
    ]
    for command in commands:
        done = run_snippet(command, clone)
        assert done.returncode == 0, (command, done.stdout + done.stderr)
    shutil.copy(
        project / "examples" / "northwind-2026-q1.yaml", clone / "assessments" / "current.yaml"
    )
    [regression] = [command for command in commands if "--fail-on-regression" in command]
    done = run_snippet(regression, clone)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error file=assessments/current.yaml," in done.stderr


def _section(heading: str) -> str:
    start = README.index(f"\n{heading}\n")
    end = README.find("\n#", start + len(heading) + 2)
    return README[start : end if end >= 0 else len(README)]


def test_the_merge_examples_are_what_consolidate_gives() -> None:
    # "`yes, yes, partly, no` gives `partly`": each example of the merge rule, computed.
    from servicescore.consolidate import consolidated_value
    from servicescore.loader import Loader

    loaded = Loader().checklist(
        Path(__file__).resolve().parents[1] / "checklists/key-elements.yaml"
    )
    assert loaded.value is not None
    examples = re.findall(r"`([a-z/]+(?:, [a-z/]+)+)` gives `([a-z/]+)`", README)
    assert len(examples) >= 2
    for answers, expected in examples:
        assert consolidated_value(loaded.value, answers.split(", "), "median") == expected


def test_the_consolidate_reference_states_the_median_rule_as_merged() -> None:
    # With the lower median a practice is in place only when MORE than half say so
    # (yes, yes, partly, no gives partly); the walk-through explains it once.
    entry = " ".join(_section("### `servicescore consolidate ANSWERS...`").split())
    assert "at least half" not in entry
    assert "more than half of those who rated it" in entry
    assert "(#how-the-answers-are-merged)" in entry
