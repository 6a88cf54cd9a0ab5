"""``--format junit``: JUnit XML, one test case per file, a failure per problem, and
an error for a file that could not be fully checked (counted as an error only, never
also as a failure).

Warnings fail a test case only with ``--strict``; otherwise they are listed in the
case's ``system-out``. All text is escaped by the XML library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from servicescore.check import CheckResult, summary
from servicescore.checkformats.text import line
from servicescore.problems import Problem, visible


def render(result: CheckResult, strict: bool) -> str:
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        by_file[problem.path].append(problem)
    suites = ET.Element("testsuites", name="servicescore check")
    paths = [file.path for file in result.files]
    suite = ET.SubElement(suites, "testsuite", name="servicescore check", tests=str(len(paths)))
    failures = 0
    for file in result.files:
        path = file.path
        case = ET.SubElement(suite, "testcase", classname="servicescore.check", name=path)
        message = file.unchecked_message
        if message is not None:
            # Not a failure of a rule: some rules could not run, so the case cannot pass.
            shown = visible(message)
            ET.SubElement(case, "error", message=shown, type="incomplete").text = shown
        notes = []
        for problem in by_file.get(path, []):
            text = line(
                problem.path,
                problem.line,
                problem.column,
                problem.severity,
                problem.rule,
                problem.message,
            )
            if problem.severity == "error" or strict:
                # Shown in CI pages: made visible as the text line is (problems.visible).
                shown = visible(problem.message)
                failure = ET.SubElement(case, "failure", message=shown, type=problem.rule)
                failure.text = text
            else:
                notes.append(text)
        # A case is counted once, as an error when incomplete: JUnit readers take
        # tests - failures - errors as the number passing.
        if file.unchecked is None and case.find("failure") is not None:
            failures += 1
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    suite.set("failures", str(failures))
    suite.set("errors", str(result.incomplete))
    suites.set("tests", str(len(paths)))
    suites.set("failures", str(failures))
    suites.set("errors", str(result.incomplete))
    ET.SubElement(suite, "system-out").text = summary(result)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
