"""A blank answers file for a checklist, every statement as a comment."""

from __future__ import annotations

import textwrap

from servicescore.model import NOT_APPLICABLE, Checklist
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


def answers_template(checklist: Checklist, reference: str) -> str:
    values = [entry.value for entry in checklist.scale] + [NOT_APPLICABLE]
    names = {component.id: component.name for component in checklist.continuum.components}
    example = _quoted(checklist.scale[len(checklist.scale) // 2].value)
    lines = [
        "# Editors: `servicescore schema answers > answers.schema.json`, then make the first",
        "# line of this file `# yaml-language-server: $schema=answers.schema.json`.",
        *_comment(f"Answers for: {checklist.title} (version {checklist.version})"),
        *_comment(f"Answer each item with one of: {', '.join(values)}."),
        "# Leave an item empty while it is unanswered; add a note like this:",
        *_comment(
            f'item-id: {{answer: {example}, note: "what is in place and what is not"}}',
            prefix="#   ",
        ),
        "kind: answers",
        f"checklist: {_quoted(reference)}",
        "organisation: Your organisation",
        "unit:",
        "period:        # YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD",
        "assessor:",
        "respondent:",
        "role:",
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
            lines.append(f"  {item.id}:")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML scalar for ``text``: plain where safe, double-quoted otherwise."""
    if text and all(char.isalnum() or char in "-_./" for char in text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    # YAML's own escapes for what would reorder or hide the name: it reads back the same.
    return '"' + "".join(_escaped(char) for char in escaped) + '"'


def _escaped(char: str) -> str:
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
