"""``--format github``: GitHub Actions workflow commands, one annotation per problem.

Escaping follows the documented rules of workflow commands: in the message, ``%``,
CR and LF; in property values, also ``:`` and ``,``.
"""

from __future__ import annotations

from servicescore.check import CheckResult, summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, strict: bool) -> str:
    lines = []
    for problem in result.problems:
        level = "error" if problem.severity == "error" or strict else "warning"
        properties = [f"file={escape_property(problem.path)}"]
        if problem.line > 0:
            properties += [f"line={problem.line}", f"col={problem.column}"]
        properties.append(f"title={escape_property(problem.rule)}")
        lines.append(f"::{level} {','.join(properties)}::{escape_data(problem.message)}")
    for file in result.files:
        if file.unchecked is not None:
            message = f"could not be fully checked: {file.unchecked}"
            lines.append(
                f"::error file={escape_property(file.path)},title=not fully checked::"
                + escape_data(message)
            )
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
