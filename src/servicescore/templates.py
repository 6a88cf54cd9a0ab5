"""Answers files written out: a blank one for a checklist, every statement as a comment,
and a filled one from answers in memory (a consolidation's)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from servicescore.model import Answer, Answers, Checklist, Measure, Number
from servicescore.problems import visible


def _comment(text: str, indent: str = "", prefix: str = "# ", width: int = 88) -> list[str]:
    """``text`` as YAML comment lines, wrapped; a newline in ``text`` stays a comment.
    What would reorder or hide the text in an editor (bidi overrides, zero-width
    characters) is shown escaped, ``\\u202e``, as in every other output."""
    lines: list[str] = []
    for paragraph in visible(text).splitlines() or [""]:
        wrapped = textwrap.wrap(paragraph, width - len(indent) - len(prefix)) or [""]
        lines.extend(f"{indent}{prefix}{line}".rstrip() for line in wrapped)
    return lines


def answers_template(checklist: Checklist, reference: str, filled: Answers | None = None) -> str:
    """The blank answers file of ``checklist`` (``template``), or, with ``filled``, the
    same layout holding its subject, meta and answers (``interview``): every statement
    stays a comment above its item, so a file cut off mid-interview still reads as one."""
    names = {component.id: component.name for component in checklist.continuum.components}
    example = _quoted(checklist.scale[len(checklist.scale) // 2].value)
    lines = [
        "# Editors: `servicescore schema answers > answers.schema.json`, then make the first",
        "# line of this file `# yaml-language-server: $schema=answers.schema.json`.",
        *_comment(f"Answers for: {checklist.title} (version {checklist.version})"),
        *_comment(f"Answer each item with one of: {', '.join(checklist.answer_values)}."),
        "# Leave an item empty while it is unanswered; add a note like this:",
        *_comment(
            f'item-id: {{answer: {example}, note: "what is in place and what is not"}}',
            prefix="#   ",
        ),
        "kind: answers",
        f"checklist: {_quoted(reference)}",
        *(_blank_subject() if filled is None else _subject_lines(filled)),
        "answers:",
    ]
    for element in checklist.elements:
        heading = element.title + (f" ({element.group})" if element.group else "")
        lines.append("")
        lines.extend(_comment(f"--- {heading} ---", "  "))
        for item in element.items:
            component = names.get(item.component, item.component)
            lines.extend(_comment(item.text, "  "))
            lines.extend(_comment(f"[{component}, stage {item.stage}]", "  ", prefix="#   "))
            if filled is None:
                lines.append(f"  {item.id}:")
            else:
                lines.extend(_entry(item.id, filled.answer(item.id)))
    lines.extend(_measure_lines(checklist, filled))
    return "\n".join(lines) + "\n"


def _measure_lines(checklist: Checklist, filled: Answers | None) -> list[str]:
    """``measures:`` with each of the checklist's measures, named and described in
    comments with its unit, direction and target, empty to fill in (or, with ``filled``,
    its figure and note, so that an interview keeps them); nothing where it defines none."""
    if not checklist.measures:
        return []
    lines = [
        "",
        "measures:",
        '  # Each figure for the period: a number, or {value: 82, note: "where it comes',
        '  # from"}. Leave one empty while it is not measured.',
    ]
    for measure in checklist.measures:
        about = f"{measure.name}: {measure.description}" if measure.description else measure.name
        lines.extend(_comment(about, "  "))
        lines.extend(_comment(f"[{_measure_terms(measure)}]", "  ", prefix="#   "))
        if filled is None:
            lines.append(f"  {measure.id}:")
        else:
            given = filled.measure(measure.id)
            lines.extend(_keyed_entry(measure.id, "value", _figure(given.value), given.note))
    return lines


def _measure_terms(measure: Measure) -> str:
    """``percent, higher is better, target 80``: what a figure is counted in and aims at."""
    terms = [measure.unit]
    if measure.minimum is not None:
        terms.append(f"min {measure.minimum.text}")
    if measure.maximum is not None:
        terms.append(f"max {measure.maximum.text}")
    terms.append(f"{measure.better} is better")
    if measure.target is not None:
        terms.append(f"target {measure.target.text}")
    return ", ".join(terms)


_PERIOD_HINT = "# YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"

# The organisation a blank template holds: a file with it is not filled in yet (the
# interview asks the subject for it). Written plain: it needs no quotes in YAML.
PLACEHOLDER_ORGANISATION = "Your organisation"


def _blank_subject() -> list[str]:
    return [
        f"organisation: {PLACEHOLDER_ORGANISATION}",
        "unit:",
        f"period:        {_PERIOD_HINT}",
        "assessor:",
        "respondent:",
        "role:",
    ]


# The subject's fields, in the order every answers file written here has them.
_SUBJECT_FIELDS = ("organisation", "unit", "period", "assessor", "respondent", "role")


def _subject_lines(answers: Answers) -> list[str]:
    """The subject fields in the template's order, an empty one left empty (as the blank
    template has it) so that it can be filled in later; then meta, kept as it was."""
    lines = []
    for name in _SUBJECT_FIELDS:
        value = getattr(answers.subject, name)
        line = f"{name}:" if value is None else f"{name}: {_quoted(value)}"
        lines.append(f"{line}  {_PERIOD_HINT}" if name == "period" else line)
    return lines + _meta_block(answers.meta)


def _meta_block(meta: Mapping[str, object]) -> list[str]:
    """``meta:`` and its entries, kept as they were; nothing where there is no meta."""
    return ["meta:", *_meta_lines(meta)] if meta else []


def _quoted(text: str) -> str:
    """A YAML scalar for ``text``: plain where safe, double-quoted otherwise.

    Safe is a letter or digit first (``-`` or ``- x`` plain is a list entry, ``~`` is
    null), then letters, digits and ``-_./`` only, and not a word YAML reads as nothing
    or the loader as a boolean.
    """
    plain = text[:1].isalnum() and all(char.isalnum() or char in "-_./" for char in text)
    if plain and text.casefold() not in _NOT_TEXT:
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    # YAML's own escapes for what would reorder or hide the name: it reads back the same.
    return '"' + "".join(_escaped(char) for char in escaped) + '"'


# Plain scalars that YAML reads as null or, for `true`/`false`, the loader as a boolean.
_NOT_TEXT = frozenset({"null", "true", "false"})


def _escaped(char: str) -> str:
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


# An item's entry in block style (a note written as a block): its keys' indentation, and
# how much deeper than they the note's lines are (the block's indentation indicator).
_ENTRY_KEYS = "    "
_BLOCK_STEP = 2


def answers_file(answers: Answers, reference: str, heading: str = "") -> str:
    """``answers`` as an answers file naming its checklist by ``reference``, every item
    in checklist order (left empty where unanswered), under the comment ``heading``.
    What it writes reads back as the same answers, notes and meta included."""
    subject = answers.subject
    lines = [*(_comment(heading) if heading else []), "kind: answers"]
    lines.append(f"checklist: {_quoted(reference)}")
    given = [(name, getattr(subject, name)) for name in _SUBJECT_FIELDS]
    lines.extend(f"{name}: {_quoted(value)}" for name, value in given if value is not None)
    lines.extend(_meta_block(answers.meta))
    lines.append("answers:")
    for item in answers.checklist.items:
        lines.extend(_entry(item.id, answers.answer(item.id)))
    figures = [
        (m.id, answers.measures[m.id])
        for m in answers.checklist.measures
        if m.id in answers.measures
    ]
    if figures:
        lines.append("measures:")
    for ident, figure in figures:
        lines.extend(_keyed_entry(ident, "value", _figure(figure.value), figure.note))
    return "\n".join(lines) + "\n"


def _figure(value: Number | None) -> str | None:
    """A figure as YAML: its number as the file wrote it (``1.5e30`` stays so: written
    out in full it could pass the loader's 30 digits), plain, since quoted it would be
    text; None where not given."""
    return None if value is None else value.text


def _entry(item_id: str, answer: Answer) -> list[str]:
    """One item's entry under ``answers:``."""
    value = None if answer.value is None else _quoted(answer.value)
    return _keyed_entry(item_id, "answer", value, answer.note)


def _keyed_entry(ident: str, key: str, value: str | None, note: str | None) -> list[str]:
    """One entry under ``answers:`` (``key`` ``answer``) or ``measures:`` (``value``):
    empty while unanswered, the value (YAML text) alone, or the value and its note (a
    block where the note has several lines)."""
    shown = "~" if value is None else value
    block = None if note is None else _literal(note)
    if block is not None:
        # A block scalar cannot sit in a flow mapping: the entry is written in block style.
        return [
            f"  {ident}:",
            f"{_ENTRY_KEYS}{key}: {shown}",
            f"{_ENTRY_KEYS}note: {block[0]}",
            *block[1:],
        ]
    if note is not None:
        return [f"  {ident}: {{{key}: {shown}, note: {_quoted(note)}}}"]
    return [f"  {ident}:" + ("" if value is None else f" {value}")]


def _literal(text: str) -> list[str] | None:
    """``text`` of several lines as a YAML literal block scalar under a key at
    ``_ENTRY_KEYS``: its header (``|-``, ``|`` or ``|+`` by the trailing newlines) and its
    lines ``_BLOCK_STEP`` deeper; None where the double-quoted form must be written instead.

    A note of one respondent a line stays readable, and a line edits as a line. The
    quoted form is kept for anything a block would not read back exactly or would hide
    from the eye: a carriage return, a tab, a control, bidi or zero-width character,
    white space at a line's end (an editor drops it) or a line of spaces only.
    """
    body = text.rstrip("\n")
    lines = body.split("\n")
    if len(lines) < 2 or not all(char.isprintable() for char in body.replace("\n", "")):
        return None
    if not all(line == "" or line.lstrip(" ") == line.strip() != "" for line in lines):
        return None
    trailing = len(text) - len(body)
    chomping = "-" if trailing == 0 else "" if trailing == 1 else "+"
    first = next(line for line in lines if line)
    # Leading spaces of the first line would be read as the block's indentation: the
    # indentation indicator says how deep it is instead (counted from the key's).
    header = "|" + (str(_BLOCK_STEP) if first.startswith(" ") else "") + chomping
    kept = [""] * (trailing - 1)  # `|+` keeps the newlines after the last line
    indent = _ENTRY_KEYS + " " * _BLOCK_STEP
    return [header, *(f"{indent}{line}" if line else "" for line in lines), *kept]


def _meta_lines(meta: Mapping[str, object]) -> list[str]:
    """``meta``'s entries in block style, a list's entries one a line."""
    lines = []
    for key, value in meta.items():
        if isinstance(value, list) and value:
            lines.append(f"  {_quoted(key)}:")
            lines.extend(f"    - {_flow(entry)}" for entry in value)
        else:
            lines.append(f"  {_quoted(key)}: {_flow(value)}")
    return lines


def _flow(value: object) -> str:
    """Plain data (what meta holds) as a YAML flow value."""
    if value is None:
        return "~"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_quoted(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(entry) for entry in value) + "]"
    return _quoted(str(value))
