"""Reading positioned YAML nodes as typed fields, reporting every problem on the way.

A :class:`FileReport` belongs to one file. Its readers return ``None`` for a value that
is unusable (and report why, once); callers carry on, so that one run finds every
problem of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from servicescore.model import Number
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


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else ``""``."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word``, if one is at least ``cutoff`` alike."""
    import difflib  # only on the error path: kept off the cold start

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def quoted_list(values: Iterable[str], conjunction: str = "or") -> str:
    shown = [f"'{value}'" for value in values]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {conjunction} " + shown[-1]


class FileReport(ProblemLog):
    """The problems of one file, and readers of its fields that report into it."""

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
                self.report(
                    entry.key_mark,
                    "unknown-field",
                    f"unknown field {quoted(key)} in {what}{suggest(key, known)}",
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

    def number(self, entry: Entry | None, what: str) -> Number | None:
        if entry is None or entry.value.tainted:
            return None
        node = entry.value
        if isinstance(node, Scalar) and node.plain:
            if _NUMBER.match(node.text):
                value = _exact(node.text)
                if isinstance(value, str):
                    self.report(node.mark, "range", f"{what} {quoted(node.text)} {value}")
                    return None
                return Number(value, node.text)
            if _SPECIAL_FLOAT.match(node.text):
                self.report(node.mark, "range", f"{what} must be a finite number, not {node.text}")
                return None
        self.report(node.mark, "wrong-type", f"{what} must be a number, not {_shown(node)}")
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
