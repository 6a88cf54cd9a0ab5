"""The shared harness of the CLI tests: run the app in-process, never accept a traceback."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from servicescore.cli import app

# Environment of every in-process run: wide enough that no id or name is wrapped, and
# nothing inherited from the developer's shell that changes colour handling.
ENV: dict[str, str | None] = {
    "COLUMNS": "200",
    "LINES": "50",
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "GITHUB_ACTIONS": None,
    "GITHUB_WORKSPACE": None,
}

runner = CliRunner()


def invoke(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    """Run the app in-process; fail on any exception other than a clean exit."""
    result = runner.invoke(app, [str(arg) for arg in args], env={**ENV, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"unexpected exception: {result.exception!r}\n{result.stdout}\n{result.stderr}"
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="creating a device node (mknod) needs root; CI runs as root"
)


def device(folder: Path, name: str, minor: int) -> Path:
    """A character device node inside ``folder``: 1,3 is null, 1,7 is full (Linux)."""
    node = folder / name
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return node


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name``, making folders on the way."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listing(folder: Path) -> set[str]:
    """The names in ``folder``: to show that nothing was left behind or written."""
    return {path.name for path in folder.iterdir()}


# Variables that point git at another repository (a hook running the tests may set them).
GIT_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)


def isolate_git(monkeypatch: pytest.MonkeyPatch, ceiling: Path) -> None:
    """Keep git, for one test, from the developer's configuration (no global or system
    config, no prompt) and from any repository enclosing ``ceiling``."""
    for name in GIT_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ceiling))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")


def unprivileged() -> list[str]:
    """The prefix of a command that file permissions apply to. Root bypasses them, and CI
    runs as root: there the process keeps its user but drops every capability, those that
    bypass permissions included, so that the interpreter stays reachable wherever it is
    installed (a private temporary folder in CI) while a mode of 000 locks out the owner."""
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"] if os.geteuid() == 0 else []
