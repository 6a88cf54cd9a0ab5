"""Writing results: atomically, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from servicescore.problems import UsageError


def write_atomic(target: Path, text: str | Iterable[str], inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``target`` through a temporary file in the same folder.

    Refuses to overwrite any of ``inputs``; a reader of ``target`` sees the old file or
    the whole new one, never a part.
    """
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"{target}: cannot write: folder {folder} does not exist")
    if target.is_dir():
        raise UsageError(f"{target}: cannot write: is a directory")
    resolved = target.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise UsageError(f"{target}: refusing to overwrite an input file of this run")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            for chunk in [text] if isinstance(text, str) else text:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"{target}: cannot write: {error.strerror or error}") from error


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
