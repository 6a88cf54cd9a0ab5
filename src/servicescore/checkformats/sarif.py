"""``--format sarif``: SARIF 2.1.0, for code-scanning tools.

Paths are relative to the working directory, as the problems name them; every rule
of the registry is listed, so that a result's ``ruleIndex`` points into it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from servicescore import __version__
from servicescore.check import CheckResult
from servicescore.problems import visible
from servicescore.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning"}


def render(result: CheckResult, strict: bool) -> str:
    rule_ids = list(RULES)
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in RULES.values()
    ]
    results = []
    for problem in result.problems:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(problem.path)}}
        if problem.line > 0:
            location["region"] = {"startLine": problem.line, "startColumn": problem.column}
        level = "error" if problem.severity == "error" or strict else "warning"
        results.append(
            {
                "ruleId": problem.rule,
                "ruleIndex": rule_ids.index(problem.rule),
                "level": level,
                # Shown as an annotation by code scanning: made visible, as in github.
                "message": {"text": visible(problem.message)},
                "locations": [{"physicalLocation": location}],
            }
        )
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "servicescore",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                "invocations": [_invocation(result)],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/")


def _invocation(result: CheckResult) -> dict[str, Any]:
    """A file that could not be fully checked is no result of a rule: SARIF reports it as
    a notification of the run, which then did not succeed."""
    notes = [
        {
            "level": "error",
            "message": {"text": visible(message)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file.path)}}}],
        }
        for file in result.files
        if (message := file.unchecked_message) is not None
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation
