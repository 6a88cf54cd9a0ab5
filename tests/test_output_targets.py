"""``--output`` onto what is not a plain file in a writable folder: devices, FIFOs,
symlinks, names too long, folders the user may not write. One line on standard error
and exit 2 where the write cannot be done; never a regular file where a device was."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import device, invoke, listing, needs_root, unprivileged
from conftest import EXAMPLES

ANSWERS = "northwind-2026-q2.yaml"


@needs_root
@pytest.mark.parametrize("format", ["table", "json", "markdown", "html"])
def test_output_to_a_null_device_keeps_the_device(work: Path, format: str) -> None:
    null = device(work, "null", 3)
    result = invoke("assess", ANSWERS, "-f", format, "-o", "null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)
    assert not [name for name in listing(work) if name.endswith(".tmp")]


@needs_root
def test_output_to_a_full_device_is_one_line_exit_2(work: Path) -> None:
    full = device(work, "full", 7)
    for args in (("assess", ANSWERS), ("check", ANSWERS), ("diff", ANSWERS, ANSWERS)):
        result = invoke(*args, "-o", "full")
        assert result.exit_code == 2, args
        assert result.stderr == "full: cannot write: No space left on device\n", args
        assert stat.S_ISCHR(full.lstat().st_mode)


def test_output_to_a_fifo_writes_the_reader(work: Path) -> None:
    os.mkfifo(work / "pipe")
    reader = subprocess.Popen(["cat", "pipe"], cwd=work, stdout=subprocess.PIPE)
    try:
        result = invoke("assess", ANSWERS, "-f", "json", "-o", "pipe")
        received, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()  # blocked for good if the FIFO had been replaced
        reader.wait()
    assert result.exit_code == 0, result.stderr
    assert b'"organisation": "Northwind Utilities"' in received
    assert stat.S_ISFIFO((work / "pipe").lstat().st_mode)


def test_output_through_a_symlink_replaces_the_file_it_names(work: Path) -> None:
    (work / "reports").mkdir()
    (work / "reports" / "q2.json").write_text("old\n", encoding="utf-8")
    (work / "latest.json").symlink_to("reports/q2.json")
    result = invoke("assess", ANSWERS, "-f", "json", "-o", "latest.json")
    assert result.exit_code == 0, result.stderr
    assert (work / "latest.json").is_symlink()
    assert '"organisation": "Northwind Utilities"' in (work / "reports" / "q2.json").read_text(
        encoding="utf-8"
    )
    assert listing(work / "reports") == {"q2.json"}


def test_output_through_a_symlink_to_an_input_is_refused(work: Path) -> None:
    before = (work / ANSWERS).read_bytes()
    (work / "report.txt").symlink_to(ANSWERS)
    result = invoke("assess", ANSWERS, "-o", "report.txt")
    assert result.exit_code == 2
    assert result.stderr == "report.txt: refusing to overwrite an input file of this run\n"
    assert (work / ANSWERS).read_bytes() == before
    assert (work / "report.txt").is_symlink()


def test_output_name_over_255_bytes_is_one_line_exit_2(work: Path) -> None:
    name = "r" * 300
    result = invoke("assess", ANSWERS, "-o", name)
    assert result.exit_code == 2
    assert result.stderr == f"{name}: cannot write: File name too long\n"
    assert not [entry for entry in listing(work) if entry.startswith(".")]


# The user may not write the target's folder. Root may write anything, so as root (in CI)
# the command runs as the unprivileged user nobody, in a folder outside pytest's own
# (which only root may enter).


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A temporary folder anyone may enter, holding one answers file anyone may read."""
    folder = Path(tempfile.mkdtemp(prefix="servicescore-"))
    try:
        folder.chmod(0o755)
        shutil.copy(EXAMPLES / ANSWERS, folder / ANSWERS)
        (folder / ANSWERS).chmod(0o644)
        yield folder
    finally:
        for path in folder.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*unprivileged(), sys.executable, "-m", "servicescore", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("folder_mode", "reason"), [(0o555, "Permission denied"), (0o000, "Permission denied")]
)
def test_output_into_a_folder_one_may_not_write(
    open_folder: Path, folder_mode: int, reason: str
) -> None:
    locked = open_folder / "locked"
    locked.mkdir()
    locked.chmod(folder_mode)
    completed = run(open_folder, "assess", ANSWERS, "-o", "locked/report.txt")
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == f"locked/report.txt: cannot write: {reason}\n"
    assert completed.stdout == ""
    locked.chmod(0o755)
    assert listing(locked) == set()
