"""A blank answers file for a checklist, every statement as a comment."""

from __future__ import annotations

import textwrap

from servicescore.model import NOT_APPLICABLE, Checklist


def _comment(text: str, indent: str = "", width: int = 88) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(paragraph, width - len(indent) - 2) or [""]
        lines.extend(f"{indent}# {line}".rstrip() for line in wrapped)
    return lines


def answers_template(checklist: Checklist, reference: str) -> str:
    values = [entry.value for entry in checklist.scale] + [NOT_APPLICABLE]
    names = {component.id: component.name for component in checklist.continuum.components}
    lines = [
        f"# Answers for: {checklist.title} (version {checklist.version})",
        f"# Answer each item with one of: {', '.join(values)}.",
        "# Leave an item empty while it is unanswered; add a note like this:",
        '#   item-id: {answer: partly, note: "what is in place and what is not"}',
        "kind: answers",
        f"checklist: {_quoted(reference)}",
        "organisation: Your organisation",
        "unit:",
        "period:        # YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD",
        "assessor:",
        "answers:",
    ]
    for element in checklist.elements:
        heading = element.title + (f" ({element.group})" if element.group else "")
        lines.append("")
        lines.extend(_comment(f"--- {heading} ---", "  "))
        for item in element.items:
            lines.extend(_comment(item.text, "  "))
            lines.append(f"  #   [{names.get(item.component, item.component)}, stage {item.stage}]")
            lines.append(f"  {item.id}:")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML scalar for ``text``: plain where safe, double-quoted otherwise."""
    if text and all(char.isalnum() or char in "-_./" for char in text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
