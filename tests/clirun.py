"""The shared harness of the CLI tests: run the app in-process, never accept a traceback."""

from __future__ import annotations

from pathlib import Path

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


def write(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name``, making folders on the way."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listing(folder: Path) -> set[str]:
    """The names in ``folder``: to show that nothing was left behind or written."""
    return {path.name for path in folder.iterdir()}
