"""Ctrl-C: one line on standard error, exit 130, and nothing half-written left behind.

A real process, sent a real SIGINT while it writes a large portfolio through its
temporary file: what an interrupt does to a process cannot be seen in-process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES

# Enough answers files that writing the portfolio takes a while: the signal must land
# while the temporary file exists (the test waits for it, however slow the machine).
COPIES = 3000


def temporaries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


# Ctrl-C; and SIGTERM, which `timeout`, `kill` and a cancelled CI job send: 128 + its
# number, as a shell reports a process it ended, with no message.
SIGNALS = {
    "SIGINT": (signal.SIGINT, 130, "servicescore: interrupted\n"),
    "SIGTERM": (signal.SIGTERM, 143, ""),
    "SIGHUP": (signal.SIGHUP, 129, ""),
}


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_while_writing_output_removes_the_temporary_file(
    tmp_path: Path, name: str
) -> None:
    sent, code, message = SIGNALS[name]
    answers = tmp_path / "answers"
    answers.mkdir()
    for number in range(COPIES):
        shutil.copy(EXAMPLES / "northwind-2026-q2.yaml", answers / f"unit-{number}.yaml")
    command = ["assess", "answers", "--detail", "-f", "json", "-o", "portfolio.json"]
    process = subprocess.Popen(
        [sys.executable, "-m", "servicescore", *command],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not temporaries(tmp_path) and process.poll() is None:
            assert time.monotonic() < deadline, "the temporary file never appeared"
            time.sleep(0.001)
        process.send_signal(sent)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == code, stderr
    assert stderr == message
    assert stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["answers"]
