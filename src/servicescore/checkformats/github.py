"""``--format github``: GitHub Actions workflow commands, one annotation per problem.

Escaping follows the documented rules of workflow commands: in the message, ``%``,
CR and LF; in property values, also ``:`` and ``,``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicescore.check import CheckResult, summary

if TYPE_CHECKING:
    from servicescore.diff import Diff, StageDrop


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, title: str, message: str, line: int = 0, col: int = 0) -> str:
    """One workflow command: ``::error file=F,line=L,col=C,title=T::message``; a
    ``line`` of 0 (the file as a whole) leaves out the position."""
    properties = [f"file={escape_property(file)}"]
    if line > 0:
        properties += [f"line={line}", f"col={col}"]
    properties.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(properties)}::{escape_data(message)}"


def render(result: CheckResult, strict: bool) -> str:
    lines = [
        annotation(
            "error" if problem.severity == "error" or strict else "warning",
            problem.path,
            problem.rule,
            problem.message,
            problem.line,
            problem.column,
        )
        for problem in result.problems
    ]
    lines += [
        annotation("error", file.path, "not fully checked", message)
        for file in result.files
        if (message := file.unchecked_message) is not None
    ]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def regression(diff: Diff, file: str) -> str:
    """The ``::error`` of ``diff --fail-on-regression`` on the new file, naming every
    stage that dropped."""
    drops = "; ".join(_drop(diff, drop) for drop in diff.drops)
    return annotation(
        "error", file, "servicescore diff --fail-on-regression", f"stage dropped: {drops}"
    )


def _drop(diff: Diff, drop: StageDrop) -> str:
    """A component's drop by stage number; the overall one with the stage names too."""
    if drop.component is not None:
        return f"{drop.name} {drop.old} → {drop.new}"
    continuum = diff.new.checklist.continuum
    old_name = diff.old.checklist.continuum.stage(drop.old).name
    return f"overall {drop.old} {old_name} → {drop.new} {continuum.stage(drop.new).name}"
