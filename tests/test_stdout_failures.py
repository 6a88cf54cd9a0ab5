"""Standard output that fails: a full disk, a reader that went away, an encoding that
cannot carry the text. Real processes, since what matters is the real stdout and what
the interpreter does as it exits: one line on standard error and exit 2 for a write
error, a quiet end for a closed pipe, never a traceback."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import device

Q1, Q2, Q3 = (f"northwind-2026-q{n}.yaml" for n in (1, 2, 3))

# Every command that prints, every report format; several files for a long portfolio.
COMMANDS = {
    "assess table": ["assess", Q2],
    "assess json": ["assess", Q2, "-f", "json"],
    "assess markdown": ["assess", Q2, "-f", "markdown"],
    "assess html": ["assess", Q2, "-f", "html"],
    "assess portfolio": ["assess", Q1, Q2, Q3, "--detail"],
    "check": ["check", Q2],
    "check json": ["check", Q2, "-f", "json"],
    "show": ["show", "profit-through-service"],
    "checklists": ["checklists"],
    "diff": ["diff", Q1, Q2],
    "diff json": ["diff", Q1, Q2, "-f", "json"],
    "trend": ["trend", Q1, Q2, Q3],
    "trend html": ["trend", Q1, Q2, Q3, "-f", "html"],
    "template": ["template"],
    "schema": ["schema", "answers"],
    "version": ["--version"],
    "help": ["assess", "--help"],
}


def run(cwd: Path, args: list[str], stdout: int, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicescore", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "100", **env},
        timeout=120,
    )


@pytest.fixture
def full_device(tmp_path: Path) -> Iterator[int]:
    """A descriptor on a device where every write fails with ENOSPC: a node of our own
    inside tmp_path as root (as in CI), else the system's /dev/full, only opened."""
    path = str(device(tmp_path, "full", 7)) if os.geteuid() == 0 else "/dev/full"
    descriptor = os.open(path, os.O_WRONLY)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


@pytest.fixture
def closed_pipe() -> Iterator[int]:
    """The write end of a pipe whose reader is already gone: every write is EPIPE."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        yield writer
    finally:
        os.close(writer)


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_full_stdout_is_one_line_exit_2(work: Path, full_device: int, args: list[str]) -> None:
    completed = run(work, args, full_device)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == "standard output: cannot write: No space left on device\n"


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_closed_pipe_ends_quietly(work: Path, closed_pipe: int, args: list[str]) -> None:
    completed = run(work, args, closed_pipe)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""


def test_a_closed_pipe_keeps_the_exit_code_of_a_finding(work: Path, closed_pipe: int) -> None:
    completed = run(work, ["assess", Q1, "--fail-under", "5"], closed_pipe)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == f"{Q1}: stage 1 is below --fail-under 5\n"


def test_a_reader_that_stops_early_ends_quietly(work: Path) -> None:
    """``servicescore assess ... -f json | head -c1``, with a report far larger than the
    pipe's buffer so that the reader is gone while the writing goes on."""
    files = [Q1, Q2, Q3] * 40
    process = subprocess.Popen(
        [sys.executable, "-m", "servicescore", "assess", *files, "--detail", "-f", "json"],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"["
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0, stderr
    assert stderr == b""


@pytest.mark.parametrize(
    "args",
    [
        ["assess", Q2],
        ["assess", Q2, "-f", "json"],
        ["assess", Q1, Q2, "-f", "json"],
        ["assess", Q2, "-f", "markdown"],
        ["show", "key-elements"],
    ],
    ids=" ".join,
)
def test_an_ascii_stdout_replaces_what_it_cannot_carry(work: Path, args: list[str]) -> None:
    completed = run(work, args, subprocess.PIPE, PYTHONIOENCODING="ascii")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout.isascii()
    assert "Northwind" in completed.stdout or args[0] == "show"


@pytest.mark.parametrize("args", [["assess", Q2], ["assess", Q2, "-f", "markdown"]], ids=" ".join)
def test_a_c_locale_replaces_what_it_cannot_carry(work: Path, args: list[str]) -> None:
    # The C locale without Python's UTF-8 mode: standard output is ASCII with
    # "surrogateescape", which fails on a '·' as "strict" does.
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONIOENCODING", "PYTHONUTF8") and not name.startswith("LC_")
    }
    completed = subprocess.run(
        [sys.executable, "-m", "servicescore", *args],
        cwd=work,
        capture_output=True,
        env={**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "COLUMNS": "100"},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == b""
    assert completed.stdout.isascii()
    assert b"Northwind Utilities ? Customer contact centre" in completed.stdout


def without_stdout(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run with standard output closed, as ``servicescore ... >&-`` does."""
    return subprocess.run(
        [sys.executable, "-m", "servicescore", *args],
        cwd=cwd,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
        timeout=120,
    )


@pytest.mark.parametrize("args", [["assess", Q2], ["assess", Q2, "-f", "json"], ["--version"]])
def test_a_closed_stdout_is_one_line_exit_2(work: Path, args: list[str]) -> None:
    completed = without_stdout(work, args)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == "standard output: cannot write: Bad file descriptor\n"


def test_a_closed_stdout_is_no_matter_with_output(work: Path) -> None:
    completed = without_stdout(work, ["assess", Q2, "-f", "json", "-o", "report.json"])
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert '"format": "servicescore.report/1"' in (work / "report.json").read_text("utf-8")


# -- standard error that fails ------------------------------------------------------------

# What each command exits with, whether or not its message can be written: the reason
# was lost with standard error, the exit code must not be (it used to be 1 for all).
STDERR_CASES = {
    "missing file": (["assess", "missing.yaml"], 2),
    "usage": (["assess", "--no-such-option"], 2),
    "finding": (["assess", Q1, "--fail-under", "5"], 1),
}


def with_stderr(cwd: Path, args: list[str], stderr: int, stdout: int) -> int:
    completed = subprocess.run(
        [sys.executable, "-m", "servicescore", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "COLUMNS": "100"},
        timeout=120,
    )
    return completed.returncode


@pytest.mark.parametrize("case", ["missing file", "usage", "finding"])
def test_a_full_stderr_keeps_the_exit_code(work: Path, full_device: int, case: str) -> None:
    args, code = STDERR_CASES[case]
    assert with_stderr(work, args, full_device, subprocess.DEVNULL) == code


@pytest.mark.parametrize("case", ["missing file", "usage", "finding"])
def test_a_closed_pipe_on_stderr_keeps_the_exit_code(
    work: Path, closed_pipe: int, case: str
) -> None:
    args, code = STDERR_CASES[case]
    assert with_stderr(work, args, closed_pipe, subprocess.DEVNULL) == code


def test_stdout_and_stderr_both_full_is_exit_2(work: Path, full_device: int) -> None:
    # servicescore assess q.yaml >/dev/full 2>&1
    assert with_stderr(work, ["assess", Q2], full_device, full_device) == 2


@pytest.mark.parametrize("args", [["assess", Q1, Q2, Q3, "--detail", "-f", "json"], ["template"]])
def test_an_output_pipe_whose_reader_went_away_ends_quietly(
    work: Path, closed_pipe: int, args: list[str]
) -> None:
    # `-o /dev/stdout | head -c1`: the target is a pipe, written in place, and a reader
    # that went away ends it as it ends standard output (here through /proc, which
    # names the same pipe without touching the real /dev).
    completed = run(work, [*args, "-o", "/proc/self/fd/1"], closed_pipe)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""


class FailsAfterFirstWrite(io.StringIO):
    """Standard output that takes the first write and fails every later one with
    ``failure``: a reader that goes away (``| head -c1`` once the help is in the pipe's
    buffer), a disk that fills up."""

    def __init__(self, failure: int = errno.EPIPE) -> None:
        super().__init__()
        self.writes = 0
        self.failure = failure

    def write(self, text: str) -> int:
        self.writes += 1
        if self.writes > 1:
            raise OSError(self.failure, os.strerror(self.failure))
        return super().write(text)


@pytest.mark.parametrize("args", [["--help"], ["assess", "--help"]], ids=" ".join)
def test_a_reader_gone_before_the_help_ends_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Click writes the help's last line itself and ends a broken pipe there with exit 1:
    in-process, since in a real pipe when the reader goes is a matter of timing."""
    from servicescore.cli import main

    stdout = FailsAfterFirstWrite()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "argv", ["servicescore", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    assert stdout.writes > 1  # the help went on writing after the reader went
    assert "Usage:" in stdout.getvalue()
    assert ended.value.code == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("args", [["--help"], ["assess", "--help"]], ids=" ".join)
def test_a_disk_full_before_the_help_ends_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Click lets an error of its own last write through, other than EPIPE."""
    from servicescore.cli import main

    stdout = FailsAfterFirstWrite(errno.ENOSPC)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "argv", ["servicescore", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    assert stdout.writes > 1
    assert ended.value.code == 2
    assert capsys.readouterr().err == "standard output: cannot write: No space left on device\n"
