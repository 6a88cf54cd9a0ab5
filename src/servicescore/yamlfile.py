"""The one place that touches PyYAML.

Files are read as events, never constructed: no tag is resolved, no alias is
expanded and nothing is executed. The result is a small tree of positioned nodes in
which every scalar is still the text written in the file, so ``yes``, ``2026`` and
``1.10`` stay text until a field that expects a number or a flag reads them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from servicescore.problems import Problem, Severity
from servicescore.rules import RULE_BY_NAME

try:  # libyaml's C parser when PyYAML was built with it, else the pure one.
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters YAML forbids in a stream, and that must never reach a terminal.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What a value may not hold once escapes like "\e" or "\x1b" are decoded: control codes
# other than tab and newline (a carriage return can overwrite a terminal line).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


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

    __slots__ = ("entries", "mark")

    def __init__(self, mark: Mark) -> None:
        self.mark = mark
        self.entries: dict[str, Entry] = {}

    def __repr__(self) -> str:
        return f"Mapping({self.mark}, {self.entries!r})"


class Sequence:
    __slots__ = ("items", "mark")

    def __init__(self, mark: Mark) -> None:
        self.mark = mark
        self.items: list[Node] = []

    def __repr__(self) -> str:
        return f"Sequence({self.mark}, {self.items!r})"


Node = Scalar | Mapping | Sequence

# Stands in for a key that was not text, so that its value is dropped quietly.
_DROP = ("", Mark(0, 0))


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
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        reader.report(None, "file-unreadable", "no such file")
        return Document(name, None, reader.problems)
    except IsADirectoryError:
        reader.report(None, "file-unreadable", "is a directory, not a file")
        return Document(name, None, reader.problems)
    except OSError as error:
        reader.report(None, "file-unreadable", f"cannot read: {error.strerror or error}")
        return Document(name, None, reader.problems)
    if len(data) > MAX_BYTES:
        reader.report(Mark(1, 1), "file-size", "file is larger than the 5 MiB limit")
        return Document(name, None, reader.problems)
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> Document:
    """Decode ``data`` as UTF-8 (a byte-order mark is allowed) and parse it."""
    reader = ProblemLog(name)
    if data.startswith(_UTF16_BOMS):
        reader.report(Mark(1, 1), "encoding", "file is not UTF-8 text (it looks like UTF-16)")
        return Document(name, None, reader.problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        line = data.count(b"\n", 0, start) + 1
        reader.report(
            Mark(line, column), "encoding", f"file is not UTF-8 text (byte 0x{data[start]:02x})"
        )
        return Document(name, None, reader.problems)
    return parse_text(text, name)


def parse_text(text: str, name: str) -> Document:
    reader = ProblemLog(name)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        for match in _FORBIDDEN.finditer(text):
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            code = ord(match.group())
            reader.report(
                Mark(line, column), "encoding", f"control character U+{code:04X} is not allowed"
            )
            if len(reader.problems) >= 20:
                break
        return Document(name, None, reader.problems)
    root = _build(text, reader)
    return Document(name, root, reader.problems)


def _build(text: str, reader: ProblemLog) -> Node | None:
    """Turn the event stream into a node tree, iteratively and depth-limited."""
    loader = _Loader(text)
    stack: list[Mapping | Sequence] = []
    pending_keys: list[tuple[str, Mark] | None] = []
    root: Node | None = None
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    reader.report(
                        _mark(event), "document", "a file must hold a single YAML document"
                    )
                    break
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            node: Node
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop()
                pending_keys.pop()
            elif isinstance(event, yaml.AliasEvent):
                reader.report(_mark(event), "alias", f"aliases are not allowed (*{event.anchor})")
                node = Scalar("", True, _mark(event), tainted=True)
            else:
                assert isinstance(event, yaml.NodeEvent)
                mark = _mark(event)
                tainted = _check_node_event(event, mark, reader)
                if isinstance(event, yaml.ScalarEvent):
                    plain = event.implicit[0] and not event.style
                    control = _CONTROL.search(event.value)
                    if control is not None:
                        code = ord(control.group())
                        reader.report(
                            mark, "encoding", f"control character U+{code:04X} is not allowed"
                        )
                        tainted = True
                    node = Scalar(event.value, bool(plain), mark, tainted)
                else:
                    if len(stack) >= MAX_DEPTH:
                        reader.report(
                            mark, "nesting", f"collections are nested deeper than {MAX_DEPTH}"
                        )
                        return None
                    container: Mapping | Sequence = (
                        Mapping(mark)
                        if isinstance(event, yaml.MappingStartEvent)
                        else Sequence(mark)
                    )
                    stack.append(container)
                    pending_keys.append(None)
                    continue
            if not stack:
                root = node
                continue
            _attach(stack[-1], pending_keys, node, reader)
    except yaml.MarkedYAMLError as error:
        at = error.problem_mark or error.context_mark
        where = Mark(at.line + 1, at.column + 1) if at else Mark(1, 1)
        message = error.problem or error.context or "invalid YAML"
        reader.report(where, "yaml-syntax", f"invalid YAML: {message}")
        return None
    except yaml.YAMLError as error:  # reader errors carry no mark
        reader.report(Mark(1, 1), "yaml-syntax", f"invalid YAML: {error}")
        return None
    finally:
        loader.dispose()
    return root


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


def _attach(
    parent: Mapping | Sequence,
    pending_keys: list[tuple[str, Mark] | None],
    node: Node,
    reader: ProblemLog,
) -> None:
    if isinstance(parent, Sequence):
        parent.items.append(node)
        return
    key = pending_keys[-1]
    if key is None:
        if isinstance(node, Scalar):
            pending_keys[-1] = (node.text, node.mark)
        else:
            reader.report(node.mark, "wrong-type", "a mapping key must be text")
            pending_keys[-1] = _DROP
        return
    pending_keys[-1] = None
    if key is _DROP:
        return
    text, key_mark = key
    first = parent.entries.get(text)
    if first is not None:
        reader.report(
            key_mark,
            "duplicate-key",
            f"duplicate key '{text}' (lines {first.key_mark.line} and {key_mark.line})",
        )
        return
    parent.entries[text] = Entry(text, key_mark, node)
