"""Files as they were at a git revision: the ``REV:PATH`` side of ``servicescore diff``.

PATH is read as git reads it: from the top of the repository, or from the working
directory when it starts with `./` or `../`. A revision holds a path when git has it at that
commit. Git is asked with argument lists (never a shell), and a file's size is checked
before its content is read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from servicescore.catalog import is_missing
from servicescore.problems import Problem, UsageError
from servicescore.rules import RULES
from servicescore.yamlfile import MAX_BYTES, Document, parse_bytes

_SIZE_RULE = RULES["SS002"]

# git cat-file --batch-check reads one object name a line, dropping a carriage return
# before the line feed: a path holding either would be read as another name, or two.
_LINE_BREAKS = frozenset("\n\r\0")


def _one_line(relative: str) -> bool:
    """Whether git's batch protocol can carry ``relative`` as it is."""
    return _LINE_BREAKS.isdisjoint(relative)


def split_revision(argument: str) -> tuple[str, str] | None:
    """``("REV", "PATH")`` for an argument of the form ``REV:PATH`` naming no existing file.

    An argument the system will not look up (a name too long) is read as a file, so that
    the reading reports the system's reason.
    """
    if ":" not in argument or not is_missing(Path(argument)):
        return None
    revision, _, path = argument.partition(":")
    if not revision or not path:
        return None
    return revision, path


def _git(args: list[str], cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, input=stdin
        )
    except FileNotFoundError as error:
        raise UsageError("git is not installed, so REV:PATH cannot be read") from error


def _shallow_hint(cwd: Path) -> str:
    """A hint for a shallow clone, where the revision may be in history not fetched."""
    shallow = _git(["rev-parse", "--is-shallow-repository"], cwd)
    if shallow.stdout.decode().strip() != "true":
        return ""
    return (
        "; this clone is shallow, so the revision may be in history it has not fetched: "
        "fetch more (git fetch --unshallow; in GitHub Actions, actions/checkout with "
        "fetch-depth: 0)"
    )


# git's own explanation of a refusal is passed on up to this many lines.
_MAX_GIT_LINES = 4


def _refusal(revision: str, cwd: Path, stderr: bytes) -> list[str]:
    """The lines saying why git cannot read the repository holding ``cwd``: outside one,
    our sentence; else git's own (a repository of another user: "dubious ownership",
    with the command that trusts it), which ours would hide."""
    lines = [line.strip() for line in stderr.decode(errors="replace").splitlines()]
    lines = [line.removeprefix("fatal: ") for line in lines if line.strip()]
    lead = f"{revision}: cannot read a git revision: "
    if not lines or "not a git repository" in lines[0]:
        return [f"{lead}{cwd} is not inside a git repository"]
    return [lead + lines[0], *lines[1:_MAX_GIT_LINES]]


def revision_path(path: str, top: Path, cwd: Path | None = None) -> Path:
    """Where ``PATH`` of ``REV:PATH`` points, as git reads it: from the top of the
    repository, or from the current folder when it starts with ``./`` or ``../``."""
    first = path.split("/", 1)[0]
    if first in (".", ".."):
        return (cwd or Path.cwd()).absolute() / path
    return top / path


class GitRevision:
    """One commit of the repository that holds ``cwd``."""

    def __init__(self, revision: str, cwd: Path | None = None) -> None:
        cwd = cwd or Path.cwd()
        top = _git(["rev-parse", "--show-toplevel"], cwd)
        if top.returncode != 0:
            raise UsageError(*_refusal(revision, cwd, top.stderr))
        self.revision = revision
        self.cwd = cwd
        self.top = Path(top.stdout.decode().strip()).resolve()
        commit = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd
        )
        if commit.returncode != 0:
            raise UsageError(f"{revision}: unknown git revision{_shallow_hint(cwd)}")
        self.commit = commit.stdout.decode().strip()
        self._sizes: dict[str, int | None] = {}
        self._kinds: dict[str, str] = {}

    def _relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.top).as_posix()
        except ValueError:
            return None

    def _size(self, relative: str) -> int | None:
        """The size of the file at the revision; None when it holds no file there."""
        if not _one_line(relative):
            return None
        if relative not in self._sizes:
            # One call for type and size: "<type> <size>", or "<object> missing".
            result = _git(
                ["cat-file", "--batch-check=%(objecttype) %(objectsize)"],
                self.top,
                stdin=f"{self.commit}:{relative}\n".encode(),
            )
            kind, _, size = result.stdout.decode().strip().partition(" ")
            self._sizes[relative] = int(size) if kind == "blob" else None
            self._kinds[relative] = kind
        return self._sizes[relative]

    def exists(self, path: Path) -> bool:
        relative = self._relative(path)
        return relative is not None and self._size(relative) is not None

    def read(self, path: Path) -> Document | None:
        relative = self._relative(path)
        if relative is None:
            return None
        size = self._size(relative)
        if size is None:
            return None
        name = f"{self.revision}:{relative}"
        if size > MAX_BYTES:
            problem = Problem(name, 1, 1, _SIZE_RULE.id, "file is larger than the 5 MiB limit")
            return Document(name, None, [problem])
        blob = _git(["cat-file", "blob", f"{self.commit}:{relative}"], self.top)
        return parse_bytes(blob.stdout, name)

    def require(self, path: Path, shown: str) -> None:
        """Fail with a clear message when the revision does not hold ``path``."""
        relative = self._relative(path)
        if relative is None:
            raise UsageError(f"{self.revision}:{shown}: the path is outside the git repository")
        if not _one_line(relative):
            raise UsageError(
                f"{self.revision}:{shown}: a path at a git revision cannot hold a line break"
            )
        if self._size(relative) is None:
            if self._kinds.get(relative) == "tree":
                raise UsageError(f"{self.revision}:{shown}: is a directory at that revision")
            raise UsageError(
                f"{self.revision}:{shown}: no such file at revision {self.revision}"
                + self._from_here_hint(shown)
            )

    def _from_here_hint(self, shown: str) -> str:
        """git's own hint: run from a subfolder, PATH is easily meant from there."""
        if shown.split("/", 1)[0] in (".", ".."):
            return ""
        here = self._relative(self.cwd / shown)
        if here is None or here == shown or self._size(here) is None:
            return ""
        return (
            " (PATH starts at the top of the repository): did you mean "
            f"{self.revision}:./{shown} or {self.revision}:{here}?"
        )
