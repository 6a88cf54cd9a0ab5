"""A seeded mutator over the shipped files, shared by tests/test_fuzz.py (in-process, a
few hundred cases) and bench/fuzz.py (real processes, as many as asked). Standard
library only.

A case is a folder holding a continuum, a checklist on it and two answers files on the
checklist, copied from checklists/ and examples/ with their references made local; one
of the files is mutated, and one command is run over them. Everything about a case
follows from (seed, number): a failing case is rerun from those two numbers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTINUUM = REPO / "checklists" / "customer-satisfaction-practices.yaml"
# Each answers example with the checklist it answers.
PAIRS = (
    ("northwind-2026-q2.yaml", "northwind-2026-q1.yaml", "profit-through-service.yaml"),
    ("northwind-2026-q3.yaml", "northwind-2026-q2.yaml", "profit-through-service.yaml"),
    ("harbour-clinics-2026-q2.yaml", "harbour-clinics-2026-q2.yaml", "key-elements.yaml"),
    (
        "fernbrook-facilities-2026-q3.yaml",
        "fernbrook-facilities-2026-q3.yaml",
        "beyond-the-front-line.yaml",
    ),
)
FILES = ("continuum.yaml", "checklist.yaml", "new.yaml", "old.yaml")

COMMANDS: tuple[tuple[str, ...], ...] = (
    *(("assess", "new.yaml", "-f", fmt) for fmt in ("table", "json", "markdown", "html")),
    *(("check", ".", "-f", fmt) for fmt in ("text", "github", "json", "sarif", "junit")),
    ("show", "checklist.yaml"),
    ("checklists", "show", "checklist.yaml"),
    ("assess", ".", "-f", "json"),
    ("diff", "old.yaml", "new.yaml"),
    ("diff", "old.yaml", "new.yaml", "-f", "markdown"),
    ("trend", "old.yaml", "new.yaml"),
    ("trend", "old.yaml", "new.yaml", "-f", "html"),
)

# Values that YAML or the loader may find hard. No exponent with leading zeros: those
# hang (issue 9, point 2, another engineer's), and a hang stops the in-process suite.
ODD_VALUES = (
    "9" * 400,
    "-0",
    "1e400",
    "1e30",
    "1e31",
    "0.1e-30",
    # Exponents whose spelling hides their size: these hung before they were bounded by value.
    "1e-00000099999999",
    "1e00000099999999",
    "1e-000009999999",
    "0x1F",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "2026-13-45",
    "[1, 2]",
    "{a: b}",
    "{answer: {note: x}}",
    "null",
    "~",
    '""',
    "true",
    "no",
    "n/a",
    "!!python/object/apply:os.system [echo]",
    "!foo x",
    "!!binary aGVsbG8=",
    "&a x",
    "*a",
    "&a [*a]",
    "<<: {a: b}",
    "[" * 80 + "]" * 80,
    "{a: " * 70 + "b" + "}" * 70,
    "'[bold red]x[/]'",
    "'<script>alert(1)</script>'",
    "'[x](https://evil.example) www.evil.example a@evil.example'",
    "'| a | b |'",
    "x\\",
    "'x\x1b[31my'",
)

# Bytes that are odd in text: bidi overrides, zero-width, NUL, a BOM inside the text,
# a surrogate and an overlong form as bytes, line and paragraph separators, C1 controls.
ODD_BYTES = tuple(
    text.encode("utf-8") if isinstance(text, str) else text
    for text in (
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\x00",
        "\x1b[2J",
        "\u2028",
        "\x85",
        "\r",
        "\t",
        b"\xed\xa0\x80",
        b"\xc0\xaf",
        b"\xff",
        "é",
        "\U0001f600",
        "&",
        "*",
        "!",
        "%",
        "@",
        "`",
        "---\n",
        "...\n",
        ": ",
        "- ",
        "? ",
        "#",
    )
)

_VALUE = re.compile(rb"^(\s*(?:- )?[^\s:#][^:#]*:[ ])(.+)$")


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def flip_byte(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    if not data:
        return data, "flip (empty)"
    at = rng.randrange(len(data))
    value = rng.randrange(256)
    return data[:at] + bytes([value]) + data[at + 1 :], f"byte {at} := {value:#04x}"


def delete_line(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    del lines[at]
    return b"".join(lines), f"delete line {at + 1}"


def duplicate_line(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"".join(lines), f"duplicate line {at + 1}"


def truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    return data[:at], f"truncate at {at}"


def _value_lines(data: bytes) -> list[tuple[int, re.Match[bytes]]]:
    found = []
    for number, line in enumerate(_lines(data)):
        match = _VALUE.match(line.rstrip(b"\r\n"))
        if match:
            found.append((number, match))
    return found


def swap_values(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    values = _value_lines(data)
    if len(values) < 2:
        return data, "swap (none)"
    (one, first), (two, second) = rng.sample(values, 2)
    end = b"\n"
    lines[one] = first.group(1) + second.group(2) + end
    lines[two] = second.group(1) + first.group(2) + end
    return b"".join(lines), f"swap values of lines {one + 1} and {two + 1}"


def odd_value(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    lines = _lines(data)
    values = _value_lines(data)
    if not values:
        return data, "odd value (none)"
    number, match = rng.choice(values)
    value = rng.choice(ODD_VALUES)
    lines[number] = match.group(1) + value.encode("utf-8") + b"\n"
    return b"".join(lines), f"line {number + 1} value := {value[:40]!r}"


def odd_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    odd = rng.choice(ODD_BYTES)
    return data[:at] + odd + data[at:], f"insert {odd!r} at {at}"


def repeat_key(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """One key's line given another key of the file: duplicates, unknown fields."""
    lines = _lines(data)
    values = _value_lines(data)
    if len(values) < 2:
        return data, "repeat key (none)"
    (one, first), (_, second) = rng.sample(values, 2)
    indent = first.group(1)[: len(first.group(1)) - len(first.group(1).lstrip())]
    key = second.group(1).strip()
    lines[one] = indent + key + b" " + first.group(2) + b"\n"
    return b"".join(lines), f"line {one + 1} key := {key[:40]!r}"


ODD_KEYS = ("? [a, b]", "[a]", "{a: b}", "1", "null", "~", "true", '""', "<<", "'a b'", "kind", "-")


def odd_key(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A key that is not text, not a slug, or another field's name."""
    lines = _lines(data)
    values = _value_lines(data)
    if not values:
        return data, "odd key (none)"
    number, match = rng.choice(values)
    head = match.group(1)
    indent = head[: len(head) - len(head.lstrip())]
    if head.lstrip().startswith(b"- "):
        indent += b"- "
    key = rng.choice(ODD_KEYS)
    lines[number] = indent + key.encode("utf-8") + b": " + match.group(2) + b"\n"
    return b"".join(lines), f"line {number + 1} key := {key!r}"


def deep_nesting(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    depth = rng.choice((30, 63, 64, 65, 200))
    nested = b"x: " + b"[" * depth + b"]" * depth + b"\n"
    indented = b"".join(b"  " * level + b"k:\n" for level in range(depth)) + b"  " * depth + b"v\n"
    return data + rng.choice((nested, b"meta:\n" + indented)), f"append nesting {depth}"


MUTATIONS: tuple[Callable[[random.Random, bytes], tuple[bytes, str]], ...] = (
    flip_byte,
    delete_line,
    duplicate_line,
    truncate,
    swap_values,
    odd_value,
    odd_value,
    odd_bytes,
    odd_bytes,
    repeat_key,
    odd_key,
    deep_nesting,
)


@dataclass(frozen=True)
class Case:
    number: int
    files: dict[str, bytes]
    target: str
    changes: tuple[str, ...]
    command: tuple[str, ...]

    def describe(self) -> str:
        return f"case {self.number}: {self.target}: {'; '.join(self.changes)} | " + " ".join(
            self.command
        )

    def write(self, folder: Path) -> None:
        for name, data in self.files.items():
            (folder / name).write_bytes(data)


def _sources(pair: tuple[str, str, str]) -> dict[str, bytes]:
    new, old, checklist = pair
    local = rb"\1 checklist.yaml"
    return {
        "continuum.yaml": CONTINUUM.read_bytes(),
        "checklist.yaml": re.sub(
            rb"(?m)^(continuum:).*$",
            rb"\1 continuum.yaml",
            (REPO / "checklists" / checklist).read_bytes(),
        ),
        "new.yaml": re.sub(rb"(?m)^(checklist:).*$", local, (REPO / "examples" / new).read_bytes()),
        "old.yaml": re.sub(rb"(?m)^(checklist:).*$", local, (REPO / "examples" / old).read_bytes()),
    }


def case(seed: int, number: int) -> Case:
    """Case ``number`` of the run seeded ``seed``."""
    rng = random.Random(f"{seed}:{number}")
    files = _sources(rng.choice(PAIRS))
    target = rng.choice(FILES)
    data = files[target]
    changes = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        data, change = rng.choice(MUTATIONS)(rng, data)
        changes.append(change)
    files[target] = data
    return Case(number, files, target, tuple(changes), rng.choice(COMMANDS))


# A problem of a file: FILE:LINE:COL: message (FILE: message for the file as a whole).
PROBLEM_LINE = re.compile(r"(?:\./)?(" + "|".join(map(re.escape, FILES)) + r")(:\d+:\d+)?: \S")


def shape_errors(exit_code: int, stderr: str) -> list[str]:
    """What is wrong with the exit status and standard error of a run, if anything."""
    errors = []
    if exit_code not in (0, 1, 2, 130):
        errors.append(f"exit code {exit_code}")
    if "Traceback" in stderr:
        errors.append("traceback")
    if "Usage:" in stderr:  # the commands are fixed: a usage error is the harness's
        errors.append("usage error")
    if exit_code == 2:
        lines = [line for line in stderr.splitlines() if line.strip()]
        if not lines:
            errors.append("exit 2 with nothing on standard error")
        for line in lines:
            named = any(line.startswith(name) or line.startswith("./" + name) for name in FILES)
            if named and not PROBLEM_LINE.match(line):
                errors.append(f"not FILE:LINE:COL: message: {line[:120]!r}")
    return errors
