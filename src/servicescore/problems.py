"""Problems found in input files, and the one exception family of the project.

A problem is a value: a small frozen record with a 1-based position that sorts by
file, line and column. Parser marks are 0-based; :func:`at_mark` adds 1 in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding in one file. ``line`` and ``column`` are 1-based; 0 means "no position"."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


def printable(text: str) -> str:
    """``text`` with control characters escaped, safe to show on a terminal (file names)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


# Characters that isprintable() refuses but that show as what they are: line breaks and
# tabs (a report's layout) and the space separators (no-break, thin, ideographic).
_LAYOUT = frozenset("\n\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))


def visible(text: str) -> str:
    """File text for a terminal, an annotation or a page: what :func:`printable` escapes
    (control characters, and the invisible ones that reorder or hide text: bidi
    overrides and isolates, zero-width characters, U+FEFF) escaped the same way, line
    breaks, tabs and spaces kept for the layout."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char in _LAYOUT else repr(char)[1:-1] for char in text
    )


class ServiceScoreError(Exception):
    """Root of every error a user can cause. The CLI catches it once and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to print on standard error, one per problem."""
        return [self.message]


class InputError(ServiceScoreError):
    """One or more files are unusable; carries every problem found in them, sorted by
    file, line and column, or as given with ``keep_order`` (files in the order named)."""

    def __init__(self, problems: Iterable[Problem], *, keep_order: bool = False) -> None:
        self.problems = list(problems) if keep_order else sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(ServiceScoreError):
    """The command line asks for something that cannot be done (exit 2). Several
    messages (one per file, say) are printed one a line: a newline inside one message
    would be escaped on the way to the terminal."""

    def __init__(self, message: str, *more: str) -> None:
        super().__init__("\n".join((message, *more)))
        self.messages = [message, *more]

    def lines(self) -> list[str]:
        return list(self.messages)
