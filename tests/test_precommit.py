"""The pre-commit hook manifest (.pre-commit-hooks.yaml) and the command it runs.

The hook checks every servicescore file of the repository whenever a YAML file changes:
renaming an item in a checklist breaks the answers files that answer it, though none of
them is in the commit. Two tests run pre-commit for real, in a throwaway repository: the
shipped manifest through ``pre-commit try-repo`` against this checkout, and the local
hook the README documents. They need git and pre-commit (the ``test`` extra installs
it); they may skip without them only outside CI.
"""

from __future__ import annotations

import os
import re
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
from tests.needs import program

from clirun import isolate_git
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
    assert isinstance(hook["name"], str) and hook["name"].strip()
    assert len([h for h in hooks() if h.get("id") == "servicescore-check"]) == 1
    # The whole repository is checked whenever any YAML file changes.
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "assessments/q1.yaml")
    assert re.search(hook["files"], "checklists/ours.yml")
    assert not re.search(hook["files"], "README.md")
    assert hook["require_serial"] is True


def test_the_entry_runs_check_on_the_whole_repository() -> None:
    program, *args = shlex.split(the_hook()["entry"])
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get(program) == "servicescore.cli:main"
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert args == ["check", "."] and args[0] in commands


def script() -> str:
    """The console script of the entry, as installed next to this Python."""
    program = shlex.split(the_hook()["entry"])[0]
    found = shutil.which(program, path=str(Path(sys.executable).parent))
    assert found, f"{program} is not installed next to {sys.executable}"
    return found


def run_hook(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry as pre-commit does at the top of the repository ``cwd``."""
    hook = the_hook()
    command = [script(), *shlex.split(hook["entry"])[1:], *hook.get("args", [])]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_hook_passes_on_the_shipped_files(tmp_path: Path) -> None:
    for folder in ("checklists", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    # Other YAML of a repository is not ours and is skipped in a directory walk.
    (tmp_path / ".pre-commit-config.yaml").write_text(LOCAL_CONFIG, encoding="utf-8")
    done = run_hook(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    files = len(
        list((ROOT / "checklists").glob("*.yaml")) + list((ROOT / "examples").glob("*.yaml"))
    )
    assert f"{files} files checked: no problems" in done.stdout


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("checklist/bad/stage-six.yaml", "SS108"),
        ("continuum/bad/yaml-syntax.yaml", "SS004"),
    ],
)
def test_the_hook_fails_on_a_bad_file(tmp_path: Path, path: str, rule: str) -> None:
    for name in (path, "continuum/good/small.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, tmp_path / name)
    done = run_hook(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{path}:" in done.stdout and f"[{rule}]" in done.stdout
    assert "Traceback" not in done.stderr


# -- pre-commit for real ------------------------------------------------------------------

CHECKLIST = DATA / "checklist" / "good" / "shipped-continuum.yaml"
ANSWERS = """\
kind: answers
checklist: ../checklists/ours.yaml
organisation: Harbour Clinics
answers:
  f2: "yes"
  m2: "no"
"""


def _readme_block(marker: str) -> str:
    """The README's one ```yaml block that holds ``marker``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if marker in b]
    return block


# The README's pre-commit snippet, run as written by the local-hook test.
LOCAL_CONFIG = _readme_block("repo: local")


def tools() -> None:
    """Git and pre-commit are needed: in CI they must be there, elsewhere a test may skip."""
    program("git", "apt-get install git", _tool("git"))
    program("pre-commit", "pip install '.[test]'", _tool("pre-commit"))


def _tool(name: str) -> str | None:
    return shutil.which(name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway repository, committed: a checklist and an answers file that answers it.

    Git and pre-commit are kept from the developer's configuration, and pre-commit's
    cache (its hook environments) lives under ``tmp_path``.
    """
    tools()
    isolate_git(monkeypatch, tmp_path)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.invalid")
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "repo"
    (root / "checklists").mkdir(parents=True)
    (root / "assessments").mkdir()
    shutil.copy(CHECKLIST, root / "checklists" / "ours.yaml")
    (root / "assessments" / "q1.yaml").write_text(ANSWERS, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "first")
    return root


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def pre_commit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def rename_an_item(root: Path) -> None:
    """Rename the checklist's item m2, which the answers file answers; stage only that."""
    path = root / "checklists" / "ours.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{id: m2," in text
    path.write_text(text.replace("{id: m2,", "{id: measure-2,"), encoding="utf-8")
    git(root, "add", "checklists/ours.yaml")


def change_an_answer(root: Path) -> None:
    path = root / "assessments" / "q1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('m2: "no"', 'm2: "yes"'), encoding="utf-8")
    git(root, "add", "assessments/q1.yaml")


def test_try_repo_the_shipped_hook_fails_a_commit_that_breaks_an_answers_file(
    repository: Path,
) -> None:
    """The manifest of this checkout, installed by pre-commit as a team's would be."""
    change_an_answer(repository)
    clean = pre_commit(repository, "try-repo", str(ROOT), "servicescore-check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"servicescore check\.+Passed", clean.stdout), clean.stdout
    git(repository, "commit", "-q", "--no-verify", "-m", "answer")
    rename_an_item(repository)
    broken = pre_commit(repository, "try-repo", str(ROOT), "servicescore-check")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert re.search(r"servicescore check\.+Failed", broken.stdout), broken.stdout
    # The answers file was not staged, yet it is the file reported.
    assert "assessments/q1.yaml:" in broken.stdout and "m2" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr


def test_the_readme_local_hook_fails_a_commit_that_breaks_an_answers_file(
    repository: Path,
) -> None:
    """The README's `repo: local` snippet, run as written with servicescore installed."""
    (repository / ".pre-commit-config.yaml").write_text(LOCAL_CONFIG, encoding="utf-8")
    git(repository, "add", ".pre-commit-config.yaml")
    clean = pre_commit(repository, "run")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"servicescore check\.+Passed", clean.stdout), clean.stdout
    git(repository, "commit", "-q", "--no-verify", "-m", "hook")
    rename_an_item(repository)
    broken = pre_commit(repository, "run")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "assessments/q1.yaml:" in broken.stdout and "m2" in broken.stdout
