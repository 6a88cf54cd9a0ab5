"""output.write_atomic: whole files or nothing, never over an input, modes kept."""

from __future__ import annotations

import io
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import device, needs_root
from servicescore import output
from servicescore.output import write_atomic, write_atomic_after
from servicescore.problems import ServiceScoreError, UsageError

TEXT = "first line — with a dash\nsecond line\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_writes_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_atomic(target, TEXT)
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert names(tmp_path) == {"report.txt"}


def test_writes_utf8_with_newlines_as_given(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_atomic(target, "a\nb — ü\n")
    assert target.read_bytes() == "a\nb — ü\n".encode()
    assert b"\r" not in target.read_bytes()


def test_writes_text_and_utf8_chunks_in_their_order(tmp_path: Path) -> None:
    # A spooled JSON portfolio is UTF-8 bytes, which may follow text.
    target = tmp_path / "report.txt"
    write_atomic(target, iter(["first ", TEXT.encode("utf-8"), "last\n"]), ())
    assert target.read_bytes() == f"first {TEXT}last\n".encode()


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "ascii", "latin-1"])
def test_write_chunks_gives_utf8_bytes_as_the_stream_gives_text(encoding: str) -> None:
    """Bytes under a UTF-8 stream go as they are; any other stream decodes them (a block
    may end mid-character) and replaces what it cannot carry, as it does for text."""
    data = TEXT.encode("utf-8")
    middle = data.index("—".encode()) + 1  # inside the dash's three bytes
    chunks: list[str | bytes] = ["[", data[:middle], data[middle:], "]"]
    written, expected = io.BytesIO(), io.BytesIO()
    for buffer, pieces in ((written, chunks), (expected, [f"[{TEXT}]"])):
        stream = io.TextIOWrapper(buffer, encoding, errors="replace", newline="\n")
        output.write_chunks(stream, pieces)
        stream.detach()  # flushed, and the buffer left open to read
    assert written.getvalue() == expected.getvalue()


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """Not the 0600 of a temporary file: what open() would have created."""
    target = tmp_path / "report.txt"
    write_atomic(target, TEXT)
    assert mode(target) == 0o666 & ~current_umask()


def test_new_file_honours_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        write_atomic(tmp_path / "private.txt", TEXT)
    finally:
        os.umask(previous)
    assert mode(tmp_path / "private.txt") == 0o600


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old and much longer content than the new one\n" * 10, encoding="utf-8")
    write_atomic(target, TEXT)
    assert target.read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"report.txt"}


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o644, 0o664, 0o755])
def test_keeps_an_existing_files_permissions(tmp_path: Path, kept: int) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(kept)
    write_atomic(target, TEXT)
    assert mode(target) == kept
    assert target.read_text(encoding="utf-8") == TEXT


def test_replaces_by_rename_not_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader sees the old file or the whole new one: the new text is written elsewhere
    in the same folder and renamed over the target in one step."""
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    seen: list[tuple[str, str, str]] = []
    real_replace = os.replace

    def watching_replace(
        source: str | os.PathLike[str], destination: str | os.PathLike[str]
    ) -> None:
        source, destination = Path(source), Path(destination)
        # At the moment of the switch: the target is untouched, the new text is complete.
        seen.append(
            (
                destination.read_text(encoding="utf-8"),
                source.read_text(encoding="utf-8"),
                str(source.parent),
            )
        )
        real_replace(source, destination)

    monkeypatch.setattr(output.os, "replace", watching_replace)
    write_atomic(target, TEXT)
    assert seen == [("old\n", TEXT, str(tmp_path))]
    assert target.read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"report.txt"}


def test_a_failed_replace_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")

    def failing_replace(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(UsageError) as raised:
        write_atomic(target, TEXT)
    assert "report.txt" in str(raised.value)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert names(tmp_path) == {"report.txt"}


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(UsageError):
        write_atomic(tmp_path / "report.txt", TEXT)
    assert names(tmp_path) == set()


def test_write_atomic_after_puts_the_file_in_place_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")
    with write_atomic_after(target, TEXT):
        # Written, but beside the target, which is as it was until the block ends.
        (temporary,) = names(tmp_path) - {"answers.yaml"}
        assert (tmp_path / temporary).read_text(encoding="utf-8") == TEXT
        assert target.read_text(encoding="utf-8") == "old\n"
    assert target.read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"answers.yaml"}


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_atomic_after_a_failed_block_leaves_nothing_and_passes_its_error_on(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "answers.yaml"
    (tmp_path / "old.yaml").write_text("old\n", encoding="utf-8")
    with pytest.raises(type(error)) as raised, write_atomic_after(target, TEXT):
        raise error
    assert raised.value is error  # the block's own error, not one of writing the target
    assert names(tmp_path) == {"old.yaml"}


def test_errors_are_user_errors(tmp_path: Path) -> None:
    """The CLI turns ServiceScoreError into lines on stderr and exit 2."""
    with pytest.raises(ServiceScoreError):
        write_atomic(tmp_path / "missing" / "report.txt", TEXT)


def test_refuses_an_input(tmp_path: Path) -> None:
    source = tmp_path / "answers.yaml"
    source.write_bytes(b"organisation: X\n")
    with pytest.raises(UsageError) as raised:
        write_atomic(source, TEXT, [source])
    assert "answers.yaml" in str(raised.value)
    assert source.read_bytes() == b"organisation: X\n"
    assert names(tmp_path) == {"answers.yaml"}


def test_refuses_an_input_among_several(tmp_path: Path) -> None:
    inputs = [tmp_path / f"{name}.yaml" for name in ("a", "b", "c")]
    for path in inputs:
        path.write_text(path.name, encoding="utf-8")
    with pytest.raises(UsageError):
        write_atomic(tmp_path / "b.yaml", TEXT, inputs)
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == "b.yaml"


def test_refuses_an_input_named_by_another_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    source = tmp_path / "answers.yaml"
    source.write_bytes(b"organisation: X\n")
    monkeypatch.chdir(tmp_path)
    for target, given in (
        (Path("./answers.yaml"), Path("answers.yaml")),
        (Path("sub/../answers.yaml"), Path("answers.yaml")),
        (Path("answers.yaml"), source),
        (source, Path("sub/../answers.yaml")),
    ):
        with pytest.raises(UsageError):
            write_atomic(target, TEXT, [given])
        assert source.read_bytes() == b"organisation: X\n"
    assert names(tmp_path) == {"answers.yaml", "sub"}
    assert names(tmp_path / "sub") == set()


def test_refuses_a_symlink_to_an_input(tmp_path: Path) -> None:
    source = tmp_path / "answers.yaml"
    source.write_bytes(b"organisation: X\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(source)
    with pytest.raises(UsageError):
        write_atomic(link, TEXT, [source])
    with pytest.raises(UsageError):
        write_atomic(source, TEXT, [link])
    assert source.read_bytes() == b"organisation: X\n"
    assert link.is_symlink()
    assert names(tmp_path) == {"answers.yaml", "link.yaml"}


def test_refuses_an_input_reached_through_a_symlinked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    source = real / "answers.yaml"
    source.write_bytes(b"organisation: X\n")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    with pytest.raises(UsageError):
        write_atomic(tmp_path / "alias" / "answers.yaml", TEXT, [source])
    assert source.read_bytes() == b"organisation: X\n"
    assert names(real) == {"answers.yaml"}


def test_other_files_next_to_inputs_are_fine(tmp_path: Path) -> None:
    source = tmp_path / "answers.yaml"
    source.write_bytes(b"organisation: X\n")
    write_atomic(tmp_path / "report.json", TEXT, [source, tmp_path / "not-there.yaml"])
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == TEXT
    assert source.read_bytes() == b"organisation: X\n"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        write_atomic(tmp_path / "no" / "such" / "report.txt", TEXT)
    assert "report.txt" in str(raised.value)
    assert not (tmp_path / "no").exists()
    assert names(tmp_path) == set()


def test_target_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    with pytest.raises(UsageError):
        write_atomic(tmp_path / "reports", TEXT)
    assert (tmp_path / "reports").is_dir()
    assert names(tmp_path / "reports") == set()
    assert names(tmp_path) == {"reports"}


def test_relative_target_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic(Path("report.txt"), TEXT)
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"report.txt"}


def test_writing_twice_leaves_one_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert names(tmp_path) == {"report.txt"}


# Targets that are not regular files: never replaced by one.


def read_fifo(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader of ``fifo`` in a thread, so that a writer's open does not block forever."""
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, received


def test_writes_through_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "report.txt").write_text("old\n", encoding="utf-8")
    (real / "report.txt").chmod(0o640)
    link = tmp_path / "report.txt"
    link.symlink_to(real / "report.txt")
    write_atomic(link, TEXT)
    assert link.is_symlink()
    assert os.readlink(link) == str(real / "report.txt")
    assert (real / "report.txt").read_text(encoding="utf-8") == TEXT
    assert mode(real / "report.txt") == 0o640
    assert names(tmp_path) == {"real", "report.txt"}
    assert names(real) == {"report.txt"}


def test_writes_through_a_chain_of_relative_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old\n", encoding="utf-8")
    (tmp_path / "one").symlink_to("real.txt")
    (tmp_path / "two").symlink_to("one")
    write_atomic(tmp_path / "two", TEXT)
    assert (tmp_path / "two").is_symlink() and (tmp_path / "one").is_symlink()
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"real.txt", "one", "two"}


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to("made.txt")
    write_atomic(link, TEXT)
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {"made.txt", "report.txt"}


def test_a_symlink_into_a_missing_folder(tmp_path: Path) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "gone" / "report.txt")
    with pytest.raises(UsageError) as raised:
        write_atomic(link, TEXT)
    assert "does not exist" in str(raised.value)
    assert link.is_symlink()
    assert names(tmp_path) == {"report.txt"}


def test_writes_into_a_fifo_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, received = read_fifo(fifo)
    write_atomic(fifo, ["first ", "second\n"])
    thread.join(timeout=60)
    assert received == [b"first second\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert names(tmp_path) == {"pipe"}


def test_writes_into_a_fifo_through_a_symlink(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "link").symlink_to(fifo)
    thread, received = read_fifo(fifo)
    write_atomic(tmp_path / "link", TEXT)
    thread.join(timeout=60)
    assert received == [TEXT.encode("utf-8")]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert (tmp_path / "link").is_symlink()
    assert names(tmp_path) == {"pipe", "link"}


@needs_root
def test_writes_into_a_null_device_and_keeps_it(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    write_atomic(null, TEXT * 1000)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == os.makedev(1, 3)
    assert names(tmp_path) == {"null"}


@needs_root
def test_a_full_device_is_a_write_error(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    with pytest.raises(UsageError) as raised:
        write_atomic(full, TEXT)
    assert str(raised.value) == f"{full}: cannot write: No space left on device"
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert names(tmp_path) == {"full"}


@needs_root
def test_a_symlink_to_a_device_writes_the_device(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    (tmp_path / "stdout").symlink_to(null)
    write_atomic(tmp_path / "stdout", TEXT)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert (tmp_path / "stdout").is_symlink()
    assert names(tmp_path) == {"null", "stdout"}


@needs_root
def test_refuses_a_block_device(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    with pytest.raises(UsageError) as raised:
        write_atomic(node, TEXT)
    assert "not a regular file, character device or FIFO" in str(raised.value)
    assert stat.S_ISBLK(node.lstat().st_mode)
    assert names(tmp_path) == {"disk"}


def test_refuses_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        with pytest.raises(UsageError) as raised:
            write_atomic(path, TEXT)
    assert "not a regular file, character device or FIFO" in str(raised.value)
    assert stat.S_ISSOCK(path.lstat().st_mode)
    assert names(tmp_path) == {"sock"}


def test_refuses_a_symlink_to_a_directory(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "link").symlink_to("reports")
    with pytest.raises(UsageError) as raised:
        write_atomic(tmp_path / "link", TEXT)
    assert "is a directory" in str(raised.value)
    assert names(tmp_path / "reports") == set()


def test_a_name_over_255_bytes_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        write_atomic(tmp_path / ("r" * 256), TEXT)
    assert str(raised.value).endswith(": cannot write: File name too long")
    assert names(tmp_path) == set()


def test_a_name_of_255_bytes_is_written(tmp_path: Path) -> None:
    """The temporary file's name, longer than the target's, still fits."""
    target = tmp_path / ("é" * 127 + "r")
    assert len(os.fsencode(target.name)) == 255
    write_atomic(target, TEXT)
    assert target.read_text(encoding="utf-8") == TEXT
    assert names(tmp_path) == {target.name}


def test_an_interrupt_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old\n", encoding="utf-8")

    def interrupted() -> Iterator[str]:
        yield "part of it\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, interrupted())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert names(tmp_path) == {"report.txt"}
