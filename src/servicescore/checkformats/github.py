"""``--format github``: GitHub Actions workflow commands, one annotation per problem.

Escaping follows the documented rules of workflow commands: in the message, ``%``,
CR and LF; in property values, also ``:`` and ``,``. Characters that hide or reorder
text are escaped visibly before, as everywhere file text is shown. GitHub attaches an annotation to
a file by its path from the workspace (the repository root), so ``file=`` names it
from there when ``GITHUB_WORKSPACE`` is set and holds it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from servicescore.check import CheckResult, summary
from servicescore.problems import visible

if TYPE_CHECKING:
    from servicescore.diff import Diff, StageDrop


def escape_data(text: str) -> str:
    # Then made visible: a bidi override or a zero-width character would make the
    # annotation read otherwise than the file (problems.visible).
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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


def in_workspace(path: str) -> str | None:
    """``path`` (absolute, or from the working folder) from the GitHub workspace, with
    ``/`` separators; None when ``GITHUB_WORKSPACE`` is unset or does not hold it."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return None
    # Folders compared as the system resolves them (a workspace reached by a link), the
    # file itself not: a linked file is annotated where it is linked, in the workspace.
    folder, name = os.path.split(os.path.abspath(path))
    real = os.path.join(os.path.realpath(folder), name)
    root = os.path.realpath(workspace)
    try:
        inside = os.path.commonpath([real, root]) == root != real
    except ValueError:  # on another drive
        return None
    if not inside:
        return None
    return os.path.relpath(real, root).replace(os.sep, "/")


def _workspace_paths(result: CheckResult) -> dict[str, str]:
    """Each file of the result as GitHub names it: from the workspace when inside it."""
    paths = dict.fromkeys([file.path for file in result.files] + [p.path for p in result.problems])
    return {path: in_workspace(path) or path for path in paths}


def render(result: CheckResult, strict: bool) -> str:
    files = _workspace_paths(result)
    lines = [
        annotation(
            "error" if problem.severity == "error" or strict else "warning",
            files[problem.path],
            problem.rule,
            problem.message,
            problem.line,
            problem.column,
        )
        for problem in result.problems
    ]
    lines += [
        annotation("error", files[file.path], "not fully checked", message)
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
