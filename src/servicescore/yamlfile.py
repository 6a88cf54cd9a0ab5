"""The one place that touches PyYAML.

Files are parsed, never constructed: no tag is resolved, no alias is expanded and
nothing is executed. The result is a small tree of positioned nodes in which every
scalar is still the text written in the file, so ``yes``, ``2026`` and ``1.10`` stay
text until a field that expects a number or a flag reads them.

Two paths build that tree. Small files that cannot hold an anchor, alias or tag are
composed by libyaml in C (fast, for portfolios of thousands of files); everything
else, and every file the fast path finds anything wrong with, goes through the
event stream, which reports each problem at its position.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from servicescore.problems import Problem, Severity
from servicescore.rules import RULE_BY_NAME

try:  # libyaml's C parser when PyYAML was built with it, else the pure one.
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
# How a problem of a file or folder the system refused to read begins (SS001).
REFUSED = "cannot read"
MAX_DEPTH = 64
# Values below the top-level `meta` (free-form, carried into every report): its bytes
# alone do not bound it, as a 5 MiB file holds 1.7 million empty mappings.
MAX_META_NODES = 10_000
META_TOO_LARGE = (
    f"'meta' holds more than {MAX_META_NODES} keys and values: keep it to what a report needs"
)
# Files up to this size may take the C composer's fast path (see _composable).
_FAST_BYTES = 64 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters YAML forbids in a stream, and that must never reach a terminal.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What a value may not hold once escapes like "\e" or "\x1b" are decoded: control codes
# other than tab and newline (a carriage return can overwrite a terminal line).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# What no answers file can hold however it is written: both of the above, for a value
# read from elsewhere (a lone surrogate is a file name's byte that is not UTF-8).
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


class Mark(NamedTuple):
    """A 1-based position in a file."""

    line: int
    column: int


class Scalar(NamedTuple):
    text: str
    plain: bool
    mark: Mark
    # Set when the node stands for something already reported (an alias, a tag):
    # readers skip it silently instead of reporting it a second time.
    tainted: bool = False

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


class Entry(NamedTuple):
    key: str
    key_mark: Mark
    value: Node


class Mapping:
    """A mapping being built, then read: its entries by key, in file order."""

    __slots__ = ("entries", "mark", "tainted")

    def __init__(self, mark: Mark) -> None:
        self.mark = mark
        self.entries: dict[str, Entry] = {}
        self.tainted = False  # tagged: already reported, readers skip it

    def __repr__(self) -> str:
        return f"Mapping({self.mark}, {self.entries!r})"


class Sequence:
    __slots__ = ("items", "mark", "tainted")

    def __init__(self, mark: Mark) -> None:
        self.mark = mark
        self.items: list[Node] = []
        self.tainted = False  # tagged: already reported, readers skip it

    def __repr__(self) -> str:
        return f"Sequence({self.mark}, {self.items!r})"


Node = Scalar | Mapping | Sequence

_SCALAR = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_MAPPING_END = yaml.MappingEndEvent
_SEQUENCE_END = yaml.SequenceEndEvent

# Stands in for a key that was not text, so that its value is dropped quietly.
_DROP = Scalar("", True, Mark(0, 0), tainted=True)


def quoted(text: str) -> str:
    """``text`` between quotes as a message shows it: a short excerpt, since the file
    may be any file the user can read, and a message must not copy it out."""
    return f"'{text}'" if len(text) <= 24 else f"'{text[:20]}…'"


def kind_name(node: Node) -> str:
    """How a node is called in messages: ``a mapping``, ``a list``, ``text``."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    return f"'{node.text}'" if len(node.text) <= 40 else "text"


class Document(NamedTuple):
    """What reading a file produced: the tree (None when unusable) and the problems."""

    path: str
    root: Node | None
    problems: list[Problem]
    # The text, kept only when it decoded but did not parse: its top-level lines still
    # tell whether it is a servicescore file at all (SPEC 2.3).
    text: str | None = None


def document_kind(root: Node | None) -> str | None:
    """The ``kind:`` a document declares, if it declares one as text."""
    if isinstance(root, Mapping):
        entry = root.entries.get("kind")
        if entry is not None and isinstance(entry.value, Scalar):
            return entry.value.text
    return None


class ProblemLog:
    """The problems found in one file, reported by rule name."""

    def __init__(self, path: str, problems: list[Problem] | None = None) -> None:
        self.path = path
        self.problems: list[Problem] = problems if problems is not None else []

    @property
    def failed(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)

    def report(
        self, mark: Mark | None, rule: str, message: str, severity: Severity | None = None
    ) -> None:
        known = RULE_BY_NAME[rule]
        line, column = (mark.line, mark.column) if mark else (0, 0)
        self.problems.append(
            Problem(self.path, line, column, known.id, message, severity or known.severity)
        )


def _mark(event: yaml.Event) -> Mark:
    start = event.start_mark
    return Mark(start.line + 1, start.column + 1) if start else Mark(1, 1)


def read_file(path: str | Path, display: str | None = None) -> Document:
    """Read and parse ``path``; ``display`` is the name used in problems."""
    name = display if display is not None else str(path)
    reader = ProblemLog(name)
    # A file that cannot be read is reported at 1:1, like every finding of `check`.
    start = Mark(1, 1)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            reader.report(start, "file-unreadable", "is a directory, not a file")
            return Document(name, None, reader.problems)
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            reader.report(start, "file-unreadable", "not a regular file")
            return Document(name, None, reader.problems)
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        reader.report(start, "file-unreadable", "no such file")
        return Document(name, None, reader.problems)
    except IsADirectoryError:
        reader.report(start, "file-unreadable", "is a directory, not a file")
        return Document(name, None, reader.problems)
    except OSError as error:
        reader.report(start, "file-unreadable", f"{REFUSED}: {error.strerror or error}")
        return Document(name, None, reader.problems)
    if len(data) > MAX_BYTES:
        reader.report(Mark(1, 1), "file-size", "file is larger than the 5 MiB limit")
        return Document(name, None, reader.problems)
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> Document:
    """Decode ``data`` as UTF-8 (a byte-order mark is allowed) and parse it."""
    reader = ProblemLog(name)
    text = decode(data, reader)
    if text is None:
        return Document(name, None, reader.problems)
    return parse_text(text, name)


def decode(data: bytes, reader: ProblemLog, advice: str = "") -> str | None:
    """``data`` as UTF-8 text (a byte-order mark is allowed), or None with the problem
    reported at the first byte that is not: a YAML file's, or a CSV questionnaire's,
    followed by ``advice`` (how to save it so)."""
    if data.startswith(_UTF16_BOMS):
        message = "file is not UTF-8 text (it looks like UTF-16)"
        reader.report(Mark(1, 1), "encoding", message + advice)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Offsets count from after a byte-order mark, which is no column of its own.
        skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        start = error.start + skipped
        line_start = max(data.rfind(b"\n", 0, start) + 1, skipped)
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, start) + 1
        message = f"file is not UTF-8 text (byte 0x{data[start]:02x})"
        reader.report(Mark(line, column), "encoding", message + advice)
        return None


def parse_text(text: str, name: str) -> Document:
    reader = ProblemLog(name)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        for match in _FORBIDDEN.finditer(text):
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            reader.report(Mark(line, column), "encoding", _not_allowed(match.group()))
            if len(reader.problems) >= 20:
                break
        return Document(name, None, reader.problems, text)
    document = _parse(text, name)
    if document.root is None and "\t" in text:
        # Rewritten only when the text as written does not parse: a tab that PyYAML
        # reads, in a block scalar's text say, is the value and stays a tab.
        untabbed = _BLANK_TABS.sub(_spaces, text)
        if untabbed != text:
            return _parse(untabbed, name)
    return document


def _parse(text: str, name: str) -> Document:
    """``text``, free of forbidden characters, as a document."""
    if _composable(text):
        try:
            return Document(name, _compose(text), [])
        except _Unusual:
            pass  # the event path below finds and reports what is wrong
    reader = ProblemLog(name)
    root = _build(text, reader)
    return Document(name, root, reader.problems, text if root is None else None)


# Tabs where YAML allows them but PyYAML does not: on a line that holds only white space
# or a comment. Each becomes one space, so that every column stays where it was. One run
# of white space, matched one way only: a run that ends in text costs linear work.
_BLANK_TABS = re.compile(r"^[ \t]+(?=#|\r?$)", re.MULTILINE)


def _spaces(match: re.Match[str]) -> str:
    return match.group().replace("\t", " ")


class _Unusual(Exception):
    """The fast path met something that needs the event path's reporting."""


class _ComposeLoader(_Loader):
    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return "?"  # no tag is resolved: scalars stay text


def _composable(text: str) -> bool:
    """Whether the C composer can build this file's tree safely and faithfully.

    Without ``&``, ``*`` or ``!`` the text can hold no anchor, alias or tag; small
    enough and with few brackets, it cannot nest deeper than the composer's
    recursion bears. Files that fail this test (a note that says "R&D", say) take
    the event path, which is exact for everything, only slower.
    """
    return (
        len(text) <= _FAST_BYTES
        and "&" not in text
        and "*" not in text
        and "!" not in text
        and text.count("[") + text.count("{") <= MAX_DEPTH
    )


def _compose(text: str) -> Node | None:
    """Build the tree with libyaml's composer (in C) and convert it; raise
    :class:`_Unusual` for anything the event path must report."""
    loader = _ComposeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        raise _Unusual from error
    finally:
        loader.dispose()
    return None if root is None else _convert(root, 0)


def _convert(node: Any, depth: int) -> Node:
    new = tuple.__new__
    start = node.start_mark
    mark = new(Mark, (start.line + 1, start.column + 1))
    kind = type(node)
    if kind is yaml.ScalarNode:
        value = node.value
        if _CONTROL.search(value) is not None:
            raise _Unusual
        return new(Scalar, (value, not node.style, mark, False))
    if depth >= MAX_DEPTH:
        raise _Unusual
    if kind is yaml.SequenceNode:
        sequence = Sequence(mark)
        sequence.items = [_convert(item, depth + 1) for item in node.value]
        return sequence
    mapping = Mapping(mark)
    entries = mapping.entries
    for key, value in node.value:
        if (
            type(key) is not yaml.ScalarNode
            or key.value in entries
            or _CONTROL.search(key.value) is not None
        ):
            raise _Unusual  # a key that is not text, a duplicate, a control character
        key_start = key.start_mark
        key_mark = new(Mark, (key_start.line + 1, key_start.column + 1))
        entries[key.value] = new(Entry, (key.value, key_mark, _convert(value, depth + 1)))
    return mapping


def _build(text: str, reader: ProblemLog) -> Node | None:
    """Turn the event stream into a node tree, iteratively and depth-limited.

    This loop runs once per YAML event of every file, so it dispatches on the event's
    exact type, most frequent first, builds named tuples with ``tuple.__new__`` (their
    generated ``__new__`` is a Python call), and keeps the common path free of calls.
    """
    loader = _Loader(text)
    stack: list[Mapping | Sequence] = []
    # Per open mapping: the key read and waiting for its value, or None.
    pending_keys: list[Scalar | None] = []
    root: Node | None = None
    documents = 0
    new = tuple.__new__
    # Once the top-level `meta` opens: the stack depth of its values, and their count.
    meta_depth = 0
    meta_nodes = 0
    meta_mark = Mark(1, 1)
    try:
        while True:
            # Typed Any: the dispatch below is on exact types, which mypy cannot narrow.
            event: Any = loader.get_event()
            kind = type(event)
            node: Node
            if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
                start = event.start_mark
                mark = new(Mark, (start.line + 1, start.column + 1))
                tainted = False
                if meta_depth and len(stack) >= meta_depth:
                    meta_nodes += 1
                    if meta_nodes > MAX_META_NODES:
                        reader.report(meta_mark, "file-size", META_TOO_LARGE)
                        return None
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    tainted = _check_node_event(event, mark, reader)
                if kind is _SCALAR:
                    value = event.value
                    if _CONTROL.search(value) is not None:
                        _report_control(value, mark, reader)
                        tainted = True
                    plain = event.implicit[0] and not event.style
                    node = new(Scalar, (value, plain, mark, tainted))
                else:
                    if len(stack) >= MAX_DEPTH:
                        reader.report(
                            mark, "nesting", f"collections are nested deeper than {MAX_DEPTH}"
                        )
                        return None
                    container = Mapping(mark) if kind is _MAPPING_START else Sequence(mark)
                    container.tainted = tainted
                    if len(stack) == 1 and _is_meta_key(pending_keys[0]):
                        meta_depth, meta_mark = 2, mark
                    stack.append(container)
                    pending_keys.append(None)
                    continue
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                node = stack.pop()
                pending_keys.pop()
            elif kind is yaml.AliasEvent:
                mark = _mark(event)
                reader.report(mark, "alias", f"aliases are not allowed (*{event.anchor})")
                node = Scalar("", True, mark, tainted=True)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    reader.report(
                        _mark(event), "document", "a file must hold a single YAML document"
                    )
                    break
                continue
            elif event is None or kind is yaml.StreamEndEvent:
                break
            else:  # stream start, document end
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if type(parent) is Sequence:
                parent.items.append(node)
                continue
            key = pending_keys[-1]
            if key is None:
                if type(node) is Scalar:
                    # A key already reported (an alias, a tag) drops its value quietly.
                    pending_keys[-1] = _DROP if node.tainted else node
                else:
                    reader.report(node.mark, "wrong-type", "a mapping key must be text")
                    pending_keys[-1] = _DROP
                continue
            pending_keys[-1] = None
            if key is _DROP:
                continue
            entries = parent.entries  # type: ignore[union-attr]
            first = entries.get(key.text)
            if first is None:
                entries[key.text] = new(Entry, (key.text, key.mark, node))
            else:
                reader.report(
                    key.mark,
                    "duplicate-key",
                    f"duplicate key {quoted(key.text)} "
                    f"(lines {first.key_mark.line} and {key.mark.line})",
                )
    except yaml.MarkedYAMLError as error:
        reader.report(*_syntax_problem(error, text))
        return None
    except yaml.YAMLError as error:  # reader errors carry no mark
        reader.report(Mark(1, 1), "yaml-syntax", f"invalid YAML: {error}")
        return None
    finally:
        loader.dispose()
    return root


def _is_meta_key(key: Scalar | None) -> bool:
    """Whether ``key``, waiting for its value in the root mapping, is ``meta``."""
    return key is not None and key is not _DROP and key.text == "meta"


def meta_too_large(node: Node) -> bool:
    """Whether ``node`` (a `meta` value) holds more than MAX_META_NODES keys and values:
    the check of files small enough for the fast path. It counts what the event path
    (_build) counts, every node event below `meta`, a key included: the bound must not
    depend on how large the rest of the file is."""
    count = 0
    pending = [node]
    while pending:
        current = pending.pop()
        children: list[Node] = (
            [entry.value for entry in current.entries.values()]
            if isinstance(current, Mapping)
            else current.items
            if isinstance(current, Sequence)
            else []
        )
        keys = len(current.entries) if isinstance(current, Mapping) else 0
        count += keys + len(children)
        if count > MAX_META_NODES:
            return True
        pending.extend(children)
    return False


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[Mark, str, str]:
    """Where and what: the problem's mark, and where the construct it broke began."""
    at = error.problem_mark or error.context_mark
    where = Mark(at.line + 1, at.column + 1) if at else Mark(1, 1)
    tab = _indenting_tab(text, where.line)
    if tab is not None:
        # PyYAML names a tab in many ways ("cannot start any token", "violates
        # indentation"), none of which says what to do about it.
        return tab, "yaml-syntax", "invalid YAML: a tab character: YAML indents with spaces only"
    message = f"invalid YAML: {error.problem or error.context or 'syntax error'}"
    context = error.context_mark
    if error.problem and error.context and context is not None:
        began = Mark(context.line + 1, context.column + 1)
        if began != where:
            message += f" ({error.context} at line {began.line}, column {began.column})"
    return where, "yaml-syntax", message


def _indenting_tab(text: str, line: int) -> Mark | None:
    """The first tab in the indentation of ``line`` (1-based), if there is one."""
    lines = text.split("\n", line)
    if len(lines) < line:
        return None
    content = lines[line - 1]
    indentation = content[: len(content) - len(content.lstrip(" \t"))]
    column = indentation.find("\t")
    return Mark(line, column + 1) if column >= 0 else None


def unwritable(value: str) -> bool:
    """Whether no file the loader accepts can hold ``value``, however it is written: a
    character it refuses in a file or a value (SS003), a lone surrogate among them (a
    file name's byte that is not UTF-8, which no YAML escape writes). A writer asks this
    before it writes a name."""
    return _UNWRITABLE.search(value) is not None


def _report_control(value: str, mark: Mark, reader: ProblemLog) -> None:
    _report_character(value, mark, reader, _CONTROL)


def report_unwritable(value: str, mark: Mark, reader: ProblemLog) -> bool:
    """Report a character of ``value`` that no answers file may hold (:func:`unwritable`),
    as a file's is reported: a value read from elsewhere (a spreadsheet's cell) is
    refused as it would be in YAML. True when one was reported."""
    return _report_character(value, mark, reader, _UNWRITABLE)


def _report_character(value: str, mark: Mark, reader: ProblemLog, pattern: re.Pattern[str]) -> bool:
    """Report the first character of ``value`` that ``pattern`` refuses; True if one was."""
    match = pattern.search(value)
    if match is None:
        return False
    reader.report(mark, "encoding", _not_allowed(match.group()))
    return True


def _not_allowed(char: str) -> str:
    """Why ``char`` is refused, named for what it is."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"character U+{code:04X} is not allowed (a lone surrogate: a byte that is not UTF-8)"
    if code in (0xFFFE, 0xFFFF):
        return f"noncharacter U+{code:04X} is not allowed"
    return f"control character U+{code:04X} is not allowed"


def _check_node_event(event: yaml.NodeEvent, mark: Mark, reader: ProblemLog) -> bool:
    """Report anchors and explicit tags; True when the node must not be trusted."""
    tainted = False
    if event.anchor is not None:
        reader.report(mark, "alias", f"anchors are not allowed (&{event.anchor})")
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!":
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        reader.report(mark, "tag", f"tags are not allowed ({shown})")
        tainted = True
    return tainted
