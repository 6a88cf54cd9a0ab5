"""``--format json``: every file and every problem, versioned by ``format``."""

from __future__ import annotations

import json

from servicescore.check import CheckResult

CHECK_FORMAT = "servicescore.check/1"


def render(result: CheckResult, strict: bool) -> str:
    data = {
        "format": CHECK_FORMAT,
        "files": [
            {"file": file.path, "kind": file.kind, "complete": file.unchecked is None}
            for file in result.files
        ],
        "problems": [
            {
                "file": problem.path,
                "line": problem.line or None,
                "column": problem.column or None,
                "severity": problem.severity,
                "rule": problem.rule,
                "message": problem.message,
            }
            for problem in result.problems
        ],
        "summary": {
            "files": len(result.files),
            "errors": result.errors,
            "warnings": result.warnings,
            "incomplete": result.incomplete,
            "failed": result.failed(strict),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
