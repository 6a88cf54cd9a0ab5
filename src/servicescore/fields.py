"""Reading positioned YAML nodes as typed fields, reporting every problem on the way.

A :class:`FileReport` belongs to one file. Its readers return ``None`` for a value that
is unusable (and report why, once); callers carry on, so that one run finds every
problem of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from fractions import Fraction

from servicescore.model import Number
from servicescore.problems import Problem
from servicescore.yamlfile import (
    Entry,
    Mapping,
    Mark,
    Node,
    ProblemLog,
    Scalar,
    Sequence,
    kind_name,
    quoted,
)

SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_INTEGER = re.compile(r"[-+]?[0-9]+\Z")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")
_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")


# "Did you mean" costs a comparison of the word with each name it could mean: a file
# may hold 200,000 unknown names, a checklist 50,000 items. So a file lists its first
# UNKNOWN_LISTED unknown names, each with a suggestion, and counts the rest in one line;
# and a word is compared with at most 4 x NEIGHBOURS names (see Choices).
UNKNOWN_LISTED = 50
NEIGHBOURS = 100


class Choices:
    """Names to suggest from, indexed once. A word is compared with every one of up to
    4 x NEIGHBOURS names; among more, only with those that sort next to it by their
    start and by their end: a misspelt id nearly always keeps one of the two."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = list(dict.fromkeys(names))
        self._by_start: list[str] | None = None
        self._by_end: list[str] | None = None

    def near(self, word: str) -> list[str]:
        """The names worth comparing ``word`` with."""
        if len(self.names) <= 4 * NEIGHBOURS:
            return self.names
        if self._by_start is None or self._by_end is None:
            self._by_start = sorted(self.names)
            self._by_end = sorted(name[::-1] for name in self.names)
        near = _around(self._by_start, word)
        near += [name[::-1] for name in _around(self._by_end, word[::-1])]
        return list(dict.fromkeys(near))


def _around(ordered: list[str], word: str) -> list[str]:
    import bisect  # only on the error path: kept off the cold start

    at = bisect.bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


def suggest(word: str, choices: Iterable[str] | Choices) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else ``""``."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def closest(word: str, choices: Iterable[str] | Choices, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word``, if one is at least ``cutoff`` alike."""
    import difflib  # only on the error path: kept off the cold start

    pool = choices if isinstance(choices, Choices) else Choices(choices)
    close = difflib.get_close_matches(word, pool.near(word), n=1, cutoff=cutoff)
    return close[0] if close else None


def quoted_list(values: Iterable[str], conjunction: str = "or", most: int | None = None) -> str:
    """``'a', 'b' or 'c'``; beyond ``most`` values, the first ``most`` and how many more."""
    shown = [f"'{value}'" for value in values]
    if most is not None and len(shown) > most:
        shown = [*shown[:most], f"{len(shown) - most} more"]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {conjunction} " + shown[-1]


class FileReport(ProblemLog):
    """The problems of one file, and readers of its fields that report into it."""

    def __init__(self, path: str, problems: list[Problem] | None = None) -> None:
        super().__init__(path, problems)
        self._unknown = 0
        self._count_line = 0  # where, in problems, the line counting the unlisted ones is
        # The names suggested from, indexed once a file: by the id of the collection
        # given, which is kept alive with its index so that the id is not reused.
        self._choices: dict[int, tuple[Collection[str], Choices]] = {}

    def unknown(
        self,
        mark: Mark,
        rule: str,
        word: str,
        choices: Collection[str],
        message: Callable[[str], str],
    ) -> None:
        """Report the unknown name ``word``: ``message`` makes the line from the "did you
        mean" suggestion among ``choices``. Past the first UNKNOWN_LISTED of the file,
        one line at the first unlisted name says how many more there are."""
        self._unknown += 1
        more = self._unknown - UNKNOWN_LISTED
        if more <= 0:
            self.report(mark, rule, message(suggest(word, self._indexed(choices))))
            return
        counted = (
            f"{more} more unknown name{'s' if more > 1 else ''} after the first "
            f"{UNKNOWN_LISTED} {'are' if more > 1 else 'is'} not listed; the first of them is here"
        )
        if more == 1:
            self.report(mark, rule, counted)
            self._count_line = len(self.problems) - 1
        else:
            line = self.problems[self._count_line]
            self.problems[self._count_line] = line._replace(message=counted)

    def _indexed(self, choices: Collection[str]) -> Choices:
        kept = self._choices.get(id(choices))
        if kept is None:
            kept = self._choices[id(choices)] = (choices, Choices(choices))
        return kept[1]

    # -- structure ------------------------------------------------------------------

    def mapping(
        self,
        node: Node | None,
        what: str,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] = (),
    ) -> dict[str, Entry] | None:
        """The entries of a mapping with known fields; reports unknown and missing ones."""
        if node is None:
            self.report(Mark(1, 1), "missing-field", f"{what} is empty")
            return None
        if node.tainted:
            return None
        if not isinstance(node, Mapping):
            self.report(node.mark, "wrong-type", f"{what} must be a mapping, not {kind_name(node)}")
            return None
        known = required + optional
        for key, entry in node.entries.items():
            if key not in known:
                self.unknown(
                    entry.key_mark,
                    "unknown-field",
                    key,
                    known,
                    lambda hint: f"unknown field {quoted(key)} in {what}{hint}",  # noqa: B023 (called at once)
                )
        for key in required:
            if key not in node.entries:
                self.report(node.mark, "missing-field", f"{what} is missing the field '{key}'")
        return node.entries

    def sequence(self, entry: Entry, what: str, *, allow_empty: bool = False) -> list[Node] | None:
        node = entry.value
        if node.tainted:
            return None
        if isinstance(node, Sequence):
            if not node.items and not allow_empty:
                self.report(node.mark, "missing-field", f"{what} must not be empty")
            return node.items
        self.report(node.mark, "wrong-type", f"{what} must be a list, not {kind_name(node)}")
        return None

    # -- scalars ------------------------------------------------------------------

    def text(self, entry: Entry | None, what: str, *, allow_empty: bool = False) -> str | None:
        """Any scalar as the text written in the file; ``2026`` and ``1.10`` stay text."""
        if entry is None:
            return None
        node = entry.value
        if node.tainted:
            return None
        if not isinstance(node, Scalar):
            self.report(node.mark, "wrong-type", f"{what} must be text, not {kind_name(node)}")
            return None
        if node.is_null:
            if allow_empty:
                return None
            self.report(node.mark, "empty-text", f"{what} must not be empty")
            return None
        text = node.text.strip()
        if not text and not allow_empty:
            self.report(node.mark, "empty-text", f"{what} must not be empty")
            return None
        return text

    def unique(self, ident: str, entry: Entry, seen: dict[str, Mark], what: str) -> str | None:
        """``ident``, or None (reported) where ``seen`` holds it already; else it is
        added to ``seen`` at its place."""
        if ident in seen:
            self.report(
                entry.value.mark,
                "duplicate-id",
                f"duplicate {what} '{ident}' (first at line {seen[ident].line})",
            )
            return None
        seen[ident] = entry.value.mark
        return ident

    def slug(self, entry: Entry | None, what: str) -> str | None:
        text = self.text(entry, what)
        if text is None or entry is None:
            return None
        if not SLUG.match(text):
            self.report(
                entry.value.mark,
                "id-format",
                f"{what} {quoted(text)} is not a valid id: use lower-case letters, digits, "
                "'.', '_' and '-', starting with a letter or digit",
            )
            return None
        return text

    def number(self, entry: Entry | None, what: str, rule: str | None = None) -> Number | None:
        """A decimal number; ``rule`` reports every problem of it under one rule (a
        measure's), else a number too large or not finite is a ``range`` problem and
        anything else a ``wrong-type`` one."""
        if entry is None or entry.value.tainted:
            return None
        node = entry.value
        if isinstance(node, Scalar) and node.plain:
            if _NUMBER.match(node.text):
                value = _exact(node.text)
                if isinstance(value, str):
                    self.report(node.mark, rule or "range", f"{what} {quoted(node.text)} {value}")
                    return None
                return Number(value, node.text)
            if _SPECIAL_FLOAT.match(node.text):
                message = f"{what} must be a finite number, not {node.text}"
                self.report(node.mark, rule or "range", message)
                return None
        message = f"{what} must be a number, not {_shown(node)}"
        self.report(node.mark, rule or "wrong-type", message)
        return None

    def integer(self, entry: Entry | None, what: str) -> int | None:
        if entry is None or entry.value.tainted:
            return None
        node = entry.value
        if isinstance(node, Scalar) and node.plain and _INTEGER.match(node.text):
            if len(node.text) > _MAX_DIGITS:
                message = f"{what} {quoted(node.text)} has more than {_MAX_DIGITS} digits"
                self.report(node.mark, "range", message)
                return None
            return int(node.text)
        self.report(node.mark, "wrong-type", f"{what} must be a whole number, not {_shown(node)}")
        return None

    def flag(self, node: Scalar) -> bool | None:
        """A YAML 1.2 boolean (``true``/``false``), or None: ``yes`` and ``no`` are text."""
        if node.plain and node.text in _TRUE:
            return True
        if node.plain and node.text in _FALSE:
            return False
        return None


# Decimals as people write them: more digits, or a larger exponent, is a mistake, and
# would make exact arithmetic slow (1e999999999 is a billion-digit integer).
_MAX_DIGITS = 30
_MAX_EXPONENT = 30


def _exact(text: str) -> Fraction | str:
    """The exact value of a decimal that matched ``_NUMBER``, or why it is too large.

    The exponent is judged by its value, not its spelling: ``1e-00000099999999`` is
    10**-99999999 however few of its characters come first. Digits are counted before
    anything converts them, and the value is built from the exponent without its leading
    zeros, so that no spelling costs more than its length.
    """
    mantissa, _, exponent = text.lower().partition("e")
    if sum(char.isdigit() for char in mantissa) > _MAX_DIGITS:
        return f"has more than {_MAX_DIGITS} digits"
    significant = exponent.lstrip("+-").lstrip("0") or "0"
    if len(significant) > len(str(_MAX_EXPONENT)) or int(significant) > _MAX_EXPONENT:
        return f"has an exponent outside -{_MAX_EXPONENT} to {_MAX_EXPONENT}"
    sign = "-" if exponent.startswith("-") else ""
    return Fraction(f"{mantissa}e{sign}{significant}")


def _shown(node: Node) -> str:
    """How a value is named in a type error; quoted numbers get a hint."""
    if isinstance(node, Scalar) and not node.plain and _NUMBER.match(node.text.strip()):
        return f"quoted text {quoted(node.text)} (remove the quotes)"
    return kind_name(node)


def to_plain(node: Node) -> object:
    """A node as plain data (for free-form ``meta``): scalars stay text, null is None."""
    if isinstance(node, Mapping):
        return {key: to_plain(entry.value) for key, entry in node.entries.items()}
    if isinstance(node, Sequence):
        return [to_plain(item) for item in node.items]
    return None if node.is_null else node.text
