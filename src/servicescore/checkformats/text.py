"""``--format text``: ``FILE:LINE:COL: severity [rule] message``, then a summary line."""

from __future__ import annotations

from servicescore.check import CheckResult, summary
from servicescore.problems import printable


def line(path: str, line: int, column: int, severity: str, rule: str, message: str) -> str:
    """One finding on one line: control characters quoted from a file are escaped."""
    where = f"{path}:{line}:{column}" if line > 0 else path
    return printable(f"{where}: {severity} [{rule}] {message}")


def render(result: CheckResult, strict: bool) -> str:
    lines = [line(p.path, p.line, p.column, p.severity, p.rule, p.message) for p in result.problems]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
