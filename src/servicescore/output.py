"""Writing results: atomically, and never over an input."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from servicescore.problems import UsageError

# Room a temporary file's name leaves for the target's: mkstemp adds 8 characters and
# ".tmp" to the prefix, and a name longer than the system's 255 bytes cannot be created.
_NAME_ROOM = 200


def write_atomic(
    target: Path, text: str | Iterable[str | bytes], inputs: Iterable[Path] = ()
) -> None:
    """Write ``text`` to ``target``; refuses to overwrite any of ``inputs``.

    A regular file (or a new one) is replaced through a temporary file in its folder, so
    a reader sees the old file or the whole new one, never a part; a symlink is followed
    and the file it names is replaced, the link kept. A character device or a FIFO
    (``/dev/null``, a named pipe) is written to directly: replacing it would put a
    regular file where the device was. Anything else is refused.
    """
    with write_atomic_after(target, text, inputs):
        pass


@contextmanager
def write_atomic_after(
    target: Path, text: str | Iterable[str | bytes], inputs: Iterable[Path] = ()
) -> Iterator[None]:
    """As :func:`write_atomic`, but ``target`` is put in place only when the block ends
    without an error, and is left as it was otherwise: a command with two outputs writes
    the first to its temporary file, writes the second in the block, and so writes both
    or neither. A device or a FIFO, which has no temporary file, is written after it."""
    with _cannot_write(target):
        mode = _mode(target)
        destination = Path(os.path.realpath(target))
        _refuse_inputs(target, destination, inputs)
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        yield
        # The target itself, not its real path: /dev/stdout names a pipe through a link
        # that realpath cannot follow.
        with _cannot_write(target):
            _write_stream(target, text)
    elif mode is None or stat.S_ISREG(mode):
        with _replacing(target, destination, text):
            yield
    elif stat.S_ISDIR(mode):
        raise UsageError(f"{target}: cannot write: is a directory")
    else:
        raise UsageError(f"{target}: cannot write: not a regular file, character device or FIFO")


@contextmanager
def _cannot_write(target: Path) -> Iterator[None]:
    """A failure of the system to write ``target`` as one line, exit 2; only around the
    writing itself: what fails in a caller's block is its own error."""
    try:
        yield
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from error


def _mode(target: Path) -> int | None:
    """The mode of what ``target`` names, symlinks followed; None when it does not exist
    (a dangling symlink included: the file it names is created)."""
    try:
        return os.stat(target).st_mode
    except FileNotFoundError:
        return None


def refuse_inputs(target: Path, inputs: Iterable[Path]) -> None:
    """Refuse ``target`` where it is one of ``inputs``, before anything is written: a
    command with two outputs checks both before writing either."""
    _refuse_inputs(target, Path(os.path.realpath(target)), inputs)


def refuse_streams(target: Path, option: str) -> None:
    """Refuse ``target`` for ``option`` unless it names a regular file, or nothing yet: an
    output to keep (an answers file) cannot go to a device or a pipe, ``/dev/stdout``
    included (its real path is under /proc, a pipe or a terminal)."""
    try:
        mode = _mode(target)
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from error
    special = mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
    # Standard output redirected to a file is a regular file through /proc: by its name.
    named = (os.path.abspath(target), os.path.realpath(target))
    if special or any(name.startswith(("/dev/", "/proc/")) for name in named):
        raise UsageError(f"{target}: {option} needs a regular file, not a device or a pipe")


def check_writable(target: Path) -> None:
    """Refuse ``target`` where :func:`write_atomic` could not write it (its folder
    missing, a directory, no permission), before anything is written: a command with two
    outputs writes neither when one would fail."""
    try:
        mode = _mode(target)
        if mode is not None and stat.S_ISDIR(mode):
            raise UsageError(f"{target}: cannot write: is a directory")
        if mode is not None and not stat.S_ISREG(mode):
            place = target  # a device or a FIFO is written in place
        else:
            place = Path(os.path.realpath(target)).parent  # the temporary file goes here
            if not place.is_dir():
                raise UsageError(f"{target}: cannot write: folder {place} does not exist")
        if not os.access(place, os.W_OK):
            raise UsageError(f"{target}: cannot write: {os.strerror(errno.EACCES)}")
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from error


def check_replaceable(target: Path) -> None:
    """As :func:`check_writable`, and a nameless temporary file made and dropped in the
    folder where :func:`write_atomic` makes its own: the system, not the mode bits, says
    whether it can be made (root passes every permission check, yet writes nothing under
    /proc or on a read-only mount). For a command that asks before it writes, and only
    replaces a regular file: it refuses a device or a FIFO itself (as ``interview``
    does), so that the probe is never made beside one, in /dev."""
    check_writable(target)
    with _cannot_write(target):
        import tempfile

        # Linux makes it without a name (O_TMPFILE): nothing is left behind, whatever
        # ends the process; elsewhere its name is removed at once.
        with tempfile.TemporaryFile(dir=Path(os.path.realpath(target)).parent):
            pass


def _refuse_inputs(target: Path, destination: Path, inputs: Iterable[Path]) -> None:
    for path in inputs:
        if path.resolve() == destination:
            raise UsageError(f"{target}: refusing to overwrite an input file of this run")


def _write_stream(target: Path, text: str | Iterable[str | bytes]) -> None:
    """Write to a device or FIFO in place: no O_CREAT (it exists), no O_TRUNC (nothing
    to cut), and no controlling terminal taken by opening a terminal device."""
    handle = os.open(target, os.O_WRONLY | os.O_NOCTTY)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            _write(stream, text)
    except BrokenPipeError:
        # A pipe whose reader went away (`-o /dev/stdout | head -c1`): the rest is
        # dropped quietly, as on standard output, as any Unix filter does.
        pass


@contextmanager
def _replacing(
    target: Path, destination: Path, text: str | Iterable[str | bytes]
) -> Iterator[None]:
    """Write a temporary file next to ``destination``, and rename it over once the block
    ends without an error; the temporary file is removed on any failure, an interrupt
    (Ctrl-C) included."""
    folder = destination.parent
    if not folder.is_dir():
        raise UsageError(f"{target}: cannot write: folder {folder} does not exist")
    # Here, not at the top: standard output's path (stdout_errors) must not pay for them.
    import signal
    import tempfile

    name = os.fsdecode(os.fsencode(destination.name)[:_NAME_ROOM])
    # SIGTERM (timeout, kill, a cancelled CI job) and SIGHUP end the process without
    # running a `finally`: while the temporary file exists they end it through one.
    ending = (signal.SIGTERM, signal.SIGHUP)
    # A signal waits while the temporary file is made: landing after the file exists but
    # before the try below, it would leave the file behind.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *ending})
    previous: dict[int, Any] = {number: signal.signal(number, _end) for number in ending}
    try:
        with _cannot_write(target):
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except BaseException:
        _restore(previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    replaced = False
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with _cannot_write(target):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                _write(stream, text)
                stream.flush()
                os.fsync(stream.fileno())
            exists = destination.exists()
            os.chmod(temporary, destination.stat().st_mode & 0o777 if exists else _default_mode())
        yield
        with _cannot_write(target):
            os.replace(temporary, destination)
        replaced = True
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        _restore(previous)


def _write(stream: io.TextIOWrapper, text: str | Iterable[str | bytes]) -> None:
    """Write ``text``, whole or in the chunks a renderer yields."""
    write_chunks(stream, [text] if isinstance(text, str) else text)


def write_chunks(stream: TextIO, chunks: Iterable[str | bytes]) -> None:
    """Write text, or UTF-8 bytes (a JSON portfolio's spool): those go as they are into
    the buffer under a UTF-8 stream; any other stream has them decoded, and replaces what
    it cannot carry as it does for any text."""
    buffer = _utf8_buffer(stream)
    decoder = codecs.getincrementaldecoder("utf-8")()  # a block may end mid-character
    for chunk in chunks:
        if isinstance(chunk, str):
            stream.write(chunk)
        elif buffer is None:
            stream.write(decoder.decode(chunk))
        else:
            stream.flush()  # the text written before goes first
            buffer.write(chunk)


def _utf8_buffer(stream: TextIO) -> BinaryIO | None:
    """The bytes under ``stream`` when it encodes to UTF-8 (``ClosedStream`` has none),
    and line breaks stay as they are (Windows' text mode writes CR LF: it gets text)."""
    buffer: BinaryIO | None = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or encoding is None or os.linesep != "\n":
        return None
    return buffer if codecs.lookup(encoding).name == "utf-8" else None


def _end(number: int, frame: object) -> None:
    """End the process as a shell reports one ended by signal ``number`` (128 + it),
    through the `finally` that removes the temporary file."""
    raise SystemExit(128 + number)


def _restore(handlers: dict[int, Any]) -> None:
    import signal

    for number, handler in handlers.items():
        signal.signal(number, signal.SIG_DFL if handler is None else handler)


class ClosedStream(io.TextIOBase):
    """Standard output of a process started without one (``servicescore ... >&-``), where
    Python leaves None: a write fails as a write to a closed descriptor does."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
