"""The pre-commit hook manifest (.pre-commit-hooks.yaml) and the command it runs."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from servicescore.cli import app

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
DATA = ROOT / "tests" / "data"
# The keys pre-commit knows in a hook manifest.
HOOK_KEYS = {
    "id",
    "name",
    "entry",
    "language",
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "always_run",
    "fail_fast",
    "verbose",
    "pass_filenames",
    "require_serial",
    "description",
    "language_version",
    "log_file",
    "minimum_pre_commit_version",
    "args",
    "stages",
    "additional_dependencies",
}


def hooks() -> list[dict[str, Any]]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    assert all(isinstance(hook, dict) for hook in data)
    return data


def the_hook() -> dict[str, Any]:
    [hook] = [hook for hook in hooks() if hook.get("id") == "servicescore-check"]
    return hook


def test_the_manifest_has_the_servicescore_check_hook() -> None:
    hook = the_hook()
    assert set(hook) <= HOOK_KEYS, set(hook) - HOOK_KEYS
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python"
    assert "yaml" in hook["types"]
    assert isinstance(hook["name"], str) and hook["name"].strip()
    assert len([h for h in hooks() if h.get("id") == "servicescore-check"]) == 1
    # Files are passed, one by one: a file named explicitly must be one of ours.
    assert hook.get("pass_filenames", True) is True


def test_the_entry_runs_a_command_of_the_cli() -> None:
    program, *args = shlex.split(the_hook()["entry"])
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get(program) == "servicescore.cli:main"
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert args and args[0] == "check" and args[0] in commands


def script() -> str:
    """The console script of the entry, as installed next to this Python."""
    program = shlex.split(the_hook()["entry"])[0]
    found = shutil.which(program, path=str(Path(sys.executable).parent))
    assert found, f"{program} is not installed next to {sys.executable}"
    return found


def run_hook(files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit does: the entry, its args, then the file names."""
    hook = the_hook()
    command = [script(), *shlex.split(hook["entry"])[1:], *hook.get("args", []), *files]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_hook_passes_on_the_shipped_files() -> None:
    files = [
        path.relative_to(ROOT).as_posix()
        for folder in ("checklists", "examples")
        for path in sorted((ROOT / folder).glob("*.yaml"))
    ]
    done = run_hook(files, ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(files)} files checked: no problems" in done.stdout


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("checklist/bad/stage-six.yaml", "SS108"),
        ("continuum/bad/yaml-syntax.yaml", "SS004"),
    ],
)
def test_the_hook_fails_on_a_bad_file(path: str, rule: str) -> None:
    done = run_hook([path, "continuum/good/small.yaml"], DATA)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{path}:" in done.stdout and f"[{rule}]" in done.stdout
    assert "Traceback" not in done.stderr
