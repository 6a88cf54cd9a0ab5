"""The output formats of ``servicescore check``: text, github, json, sarif and junit.

Each format is parsed back and compared with the findings of the same run (the JSON
format and :func:`servicescore.check.check_paths`), on fixtures of tests/data and
tests/check_data, and on hand-made results for escaping. The working directory is set
by every test that looks at file names.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from typer.testing import Result

from clirun import invoke
from servicescore.check import CheckedFile, CheckResult, check_paths
from servicescore.checkformats import FORMATS, formatter
from servicescore.problems import Problem
from servicescore.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
DATA = TESTS / "data"
CHECK_DATA = TESTS / "check_data"
EXAMPLES = ROOT / "examples"
# A run with errors and warnings in several files, and a continuum two checklists share.
# Relative to TESTS, the working directory of the tests that use them.
MIXED_RUN = (
    "check_data/shared",
    "check_data/warnings",
    "check_data/mixed",
    "data/checklist/bad/scale.yaml",
    "data/checklist/bad/stage-six.yaml",
    "data/answers/bad/values.yaml",
    "data/continuum/bad/yaml-syntax.yaml",
)

FINDING = re.compile(
    r"^(?P<file>.+?):(?P<line>[0-9]+):(?P<column>[0-9]+): "
    r"(?P<severity>error|warning) \[(?P<rule>SS[0-9]{3})\] (?P<message>\S.*)$"
)
SUMMARY = re.compile(r"^[0-9]+ files? checked(?:, [0-9]+ could not be fully checked \(.+\))?: .+$")
ANNOTATION = re.compile(r"^::(?P<level>error|warning|notice) (?P<properties>[^:]*)::(?P<data>.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def has_colour(text: str) -> bool:
    """Whether ``text`` sets a foreground or background colour (bold alone is no colour)."""
    for match in re.finditer(r"\x1b\[([0-9;]*)m", text):
        codes = [int(code) for code in match[1].split(";") if code]
        if any(30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 107 for c in codes):
            return True
    return False


# -- helpers -------------------------------------------------------------------------


def run(fmt: str, *paths: str | Path, strict: bool = False) -> Result:
    result = invoke("check", "--format", fmt, *(["--strict"] if strict else []), *paths)
    assert result.exit_code in (0, 1), (result.exit_code, result.stdout, result.stderr)
    return result


def reference(*paths: str | Path) -> list[dict[str, Any]]:
    """The problems of a run as the JSON format gives them (the reference of the others)."""
    data = json.loads(run("json", *paths).stdout)
    problems: list[dict[str, Any]] = data["problems"]
    return problems


def unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def annotations(stdout: str) -> list[dict[str, Any]]:
    """Parse workflow commands; a trailing summary line is plain log output."""
    lines = stdout.splitlines()
    if lines and SUMMARY.match(lines[-1]):
        lines = lines[:-1]
    parsed = []
    for line in lines:
        match = ANNOTATION.match(line)
        assert match, f"not a workflow command: {line!r}"
        properties = {}
        for part in match["properties"].split(","):
            key, _, value = part.partition("=")
            assert key and _ == "=", part
            assert "," not in value and ":" not in value and "\r" not in value
            properties[key] = unescape(value)
        assert "\n" not in match["data"] and "\r" not in match["data"]
        parsed.append({"level": match["level"], **properties, "message": unescape(match["data"])})
    return parsed


@pytest.fixture
def in_tests(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(TESTS)
    return TESTS


def synthetic() -> CheckResult:
    """Hand-made findings whose names and messages need escaping in every format."""
    problems = (
        Problem("dir/b,c:d.yaml", 3, 7, "SS102", "unknown field 'a:b,c' in the continuum"),
        Problem("dir/b,c:d.yaml", 12, 1, "SS104", "100% sure: line\r\nbreak <&> \"q\" 'a'"),
        Problem("plain.yaml", 2, 5, "SS203", "item 'x' has an empty action", "warning"),
        Problem("plain.yaml", 9, 3, "SS108", "'pass_mark' must be above 0, not 0"),
    )
    files = (
        CheckedFile("dir/b,c:d.yaml", "continuum"),
        CheckedFile("plain.yaml", "checklist"),
        CheckedFile("clean.yaml", "answers"),
    )
    return CheckResult(files, tuple(sorted(problems)))


# -- the registry of formats ---------------------------------------------------------


def test_the_five_formats_are_registered_and_render_text() -> None:
    assert set(FORMATS) == {"text", "github", "json", "sarif", "junit"}
    for name in FORMATS:
        for strict in (False, True):
            output = formatter(name).render(synthetic(), strict)
            assert isinstance(output, str) and output.endswith("\n"), name


def test_an_unknown_format_is_a_usage_error() -> None:
    result = invoke("check", "--format", "yaml", DATA / "continuum" / "good" / "small.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


# -- text ------------------------------------------------------------------------------


def test_text_is_one_line_per_finding_then_a_summary(in_tests: Path) -> None:
    result = run("text", *MIXED_RUN)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    problems = reference(*MIXED_RUN)
    assert len(lines) == len(problems) + 1
    for line, problem in zip(lines, problems, strict=False):
        match = FINDING.match(line)
        assert match, line
        assert match.groupdict() == {
            "file": problem["file"],
            "line": str(problem["line"]),
            "column": str(problem["column"]),
            "severity": problem["severity"],
            "rule": problem["rule"],
            "message": problem["message"],
        }
    errors = sum(p["severity"] == "error" for p in problems)
    warnings = len(problems) - errors
    files = len(json.loads(run("json", *MIXED_RUN).stdout)["files"])
    assert lines[-1] == f"{files} files checked: {errors} errors, {warnings} warnings"


def test_text_render_of_a_hand_made_result() -> None:
    result = synthetic()
    lines = formatter("text").render(result, False).splitlines()
    assert lines[0] == "dir/b,c:d.yaml:3:7: error [SS102] unknown field 'a:b,c' in the continuum"
    assert lines[-1] == "3 files checked: 3 errors, 1 warning"


def test_text_keeps_a_finding_on_one_line_when_its_message_quotes_a_line_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue: FILE:LINE:COL: severity [rule] message, one finding a line (SPEC 4: control
    characters from files never reach the terminal)."""
    (tmp_path / "key.yaml").write_text('kind: continuum\n"two\\nlines": 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems = reference("key.yaml")
    assert any(p["rule"] == "SS102" and p["line"] == 2 for p in problems)
    lines = run("text", "key.yaml").stdout.splitlines()
    assert len(lines) == len(problems) + 1, lines
    for line in lines[:-1]:
        assert FINDING.match(line), line


def test_text_has_no_colour_when_not_on_a_terminal(in_tests: Path) -> None:
    assert not ANSI.search(run("text", *MIXED_RUN).stdout)


def test_text_has_colour_on_a_terminal_but_the_same_lines(in_tests: Path, tmp_path: Path) -> None:
    plain = run("text", *MIXED_RUN).stdout
    coloured = invoke("check", *MIXED_RUN, env={"FORCE_COLOR": "1", "COLUMNS": "40"})
    assert coloured.exit_code == 1
    assert has_colour(coloured.stdout)
    # Long lines are not wrapped to the terminal, so they stay one finding a line.
    assert ANSI.sub("", coloured.stdout) == plain
    no_colour = invoke("check", *MIXED_RUN, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not has_colour(no_colour.stdout)
    assert ANSI.sub("", no_colour.stdout) == plain


def test_text_from_files_is_not_taken_as_markup_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "markup.yaml").write_text('kind: continuum\n"[bold]x[/bold]": 1\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "markup.yaml", env={"FORCE_COLOR": "1"})
    assert "unknown field '[bold]x[/bold]'" in ANSI.sub("", result.stdout)


# -- github ----------------------------------------------------------------------------


def test_github_escapes_messages_and_properties() -> None:
    lines = formatter("github").render(synthetic(), False).splitlines()
    assert lines[0] == (
        "::error file=dir/b%2Cc%3Ad.yaml,line=3,col=7,title=SS102::"
        "unknown field 'a:b,c' in the continuum"
    )
    assert lines[1] == (
        "::error file=dir/b%2Cc%3Ad.yaml,line=12,col=1,title=SS104::"
        "100%25 sure: line%0D%0Abreak <&> \"q\" 'a'"
    )
    assert lines[2] == (
        "::warning file=plain.yaml,line=2,col=5,title=SS203::item 'x' has an empty action"
    )
    parsed = annotations("\n".join(lines))
    assert [p["message"] for p in parsed] == [p.message for p in synthetic().problems]
    assert [p["file"] for p in parsed] == [p.path for p in synthetic().problems]


def test_github_escapes_percent_in_a_file_name() -> None:
    result = CheckResult(
        (CheckedFile("100%/a.yaml", "checklist"),),
        (Problem("100%/a.yaml", 1, 1, "SS103", "50% done"),),
    )
    line = formatter("github").render(result, False).splitlines()[0]
    assert line == "::error file=100%25/a.yaml,line=1,col=1,title=SS103::50%25 done"


def test_github_annotations_match_the_findings(in_tests: Path) -> None:
    problems = reference(*MIXED_RUN)
    for strict in (False, True):
        result = run("github", *MIXED_RUN, strict=strict)
        assert result.exit_code == 1
        parsed = annotations(result.stdout)
        assert [
            (p["file"], int(p["line"]), int(p["col"]), p["title"], p["message"]) for p in parsed
        ] == [(p["file"], p["line"], p["column"], p["rule"], p["message"]) for p in problems]
        for annotation, problem in zip(parsed, problems, strict=True):
            if problem["severity"] == "error":
                assert annotation["level"] == "error"
            elif not strict:
                assert annotation["level"] == "warning"


def test_github_escapes_a_real_file_name_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "we,ird:name.yaml").write_text('kind: continuum\n"a\\nb%c": 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    output = run("github", ".").stdout
    assert "file=we%2Cird%3Aname.yaml," in output
    assert "unknown field 'a%0Ab%25c' in the continuum" in output
    parsed = annotations(output)
    assert {p["file"] for p in parsed} == {"we,ird:name.yaml"}
    assert "unknown field 'a\nb%c' in the continuum" in [p["message"] for p in parsed]


@pytest.mark.parametrize(("value", "expected"), [("true", "github"), (None, "text")])
def test_github_is_the_default_in_github_actions(
    value: str | None, expected: str, in_tests: Path
) -> None:
    path = "data/checklist/bad/stage-six.yaml"
    result = invoke("check", path, env={"GITHUB_ACTIONS": value})
    assert result.exit_code == 1
    assert result.stdout == run(expected, path).stdout


def test_an_explicit_format_wins_over_github_actions(in_tests: Path) -> None:
    path = "data/checklist/bad/stage-six.yaml"
    for fmt in ("text", "json"):
        result = invoke("check", "--format", fmt, path, env={"GITHUB_ACTIONS": "true"})
        assert result.stdout == run(fmt, path).stdout


def test_github_paths_are_relative_to_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub attaches an annotation by its path from the repository root (the
    workspace): run from a subfolder, ``file=checklist.yaml`` named no file of the pull
    request. A file outside the workspace keeps the path it is named by."""
    workspace = tmp_path / "repo"
    folder = workspace / "quality"
    folder.mkdir(parents=True)
    _hidden_components(folder)
    (tmp_path / "outside.yaml").write_text("kind: continuum\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(workspace)
    monkeypatch.chdir(folder)
    paths = ("checklist.yaml", "../../outside.yaml")
    here = annotations(run("github", *paths).stdout)
    assert {a["file"] for a in here} == {
        "checklist.yaml",
        "continuum.yaml",
        "../../outside.yaml",
    }
    for root in (workspace, tmp_path / "link"):
        env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(root)}
        result = invoke("check", *paths, env=env)
        assert result.exit_code == 1
        from_root = annotations(result.stdout)
        assert [a["file"] for a in from_root] == [
            a["file"] if a["file"].startswith("..") else f"quality/{a['file']}" for a in here
        ]
        assert [{**a, "file": None} for a in from_root] == [{**a, "file": None} for a in here]
        # The summary line names files as every other format does: from the working folder.
        assert result.stdout.splitlines()[-1] == run("text", *paths).stdout.splitlines()[-1]


# -- json ------------------------------------------------------------------------------


def test_json_keys_values_and_counts(in_tests: Path) -> None:
    for strict in (False, True):
        result = run("json", *MIXED_RUN, strict=strict)
        data = json.loads(result.stdout)
        assert list(data) == ["format", "files", "problems", "summary"]
        assert data["format"] == "servicescore.check/1"
        for file in data["files"]:
            assert set(file) == {"file", "kind", "complete"}
            assert file["complete"] is True
            assert file["kind"] in ("continuum", "checklist", "answers", None)
        for problem in data["problems"]:
            assert set(problem) == {"file", "line", "column", "severity", "rule", "message"}
            assert isinstance(problem["line"], int) and problem["line"] >= 1
            assert isinstance(problem["column"], int) and problem["column"] >= 1
            assert problem["severity"] == RULES[problem["rule"]].severity
            assert isinstance(problem["message"], str) and problem["message"]
        errors = sum(p["severity"] == "error" for p in data["problems"])
        warnings = sum(p["severity"] == "warning" for p in data["problems"])
        assert data["summary"] == {
            "files": len(data["files"]),
            "errors": errors,
            "warnings": warnings,
            "incomplete": 0,
            "failed": True,
        }
        assert result.exit_code == 1


def test_json_matches_the_model(in_tests: Path) -> None:
    data = json.loads(run("json", *MIXED_RUN).stdout)
    model = check_paths([Path(path) for path in MIXED_RUN])
    assert [(f["file"], f["kind"]) for f in data["files"]] == [
        (f.path, f.kind) for f in model.files
    ]
    assert [
        (p["file"], p["line"], p["column"], p["rule"], p["message"], p["severity"])
        for p in data["problems"]
    ] == [(p.path, p.line, p.column, p.rule, p.message, p.severity) for p in model.problems]


def test_json_failed_follows_strict_for_warnings(in_tests: Path) -> None:
    path = "check_data/warnings/warnings.yaml"
    lenient = run("json", path)
    strict = run("json", path, strict=True)
    assert (lenient.exit_code, json.loads(lenient.stdout)["summary"]["failed"]) == (0, False)
    assert (strict.exit_code, json.loads(strict.stdout)["summary"]["failed"]) == (1, True)
    assert json.loads(lenient.stdout)["summary"]["warnings"] == 3


# -- sarif -----------------------------------------------------------------------------

_MESSAGE = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "properties": {"text": {"type": "string"}, "id": {"type": "string"}},
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
# The parts of the SARIF 2.1.0 schema (OASIS) that this log uses, offline.
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/run"}},
    },
    "additionalProperties": False,
    "definitions": {
        "run": {
            "type": "object",
            "required": ["tool"],
            "properties": {
                "tool": {"$ref": "#/definitions/tool"},
                "results": {"type": "array", "items": {"$ref": "#/definitions/result"}},
            },
        },
        "tool": {
            "type": "object",
            "required": ["driver"],
            "properties": {"driver": {"$ref": "#/definitions/toolComponent"}},
        },
        "toolComponent": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "version": {"type": "string"},
                "informationUri": {"type": "string"},
                "rules": {"type": "array", "items": {"$ref": "#/definitions/descriptor"}},
            },
        },
        "descriptor": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "shortDescription": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
                    "additionalProperties": False,
                },
                "fullDescription": {"type": "object", "required": ["text"]},
                "helpUri": {"type": "string"},
                "help": {"type": "object", "required": ["text"]},
                "defaultConfiguration": {
                    "type": "object",
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "level": _LEVEL,
                        "rank": {"type": "number"},
                    },
                    "additionalProperties": False,
                },
                "properties": {"type": "object"},
            },
            "additionalProperties": False,
        },
        "result": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": _LEVEL,
                "kind": {
                    "enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]
                },
                "message": _MESSAGE,
                "locations": {"type": "array", "items": {"$ref": "#/definitions/location"}},
                "partialFingerprints": {"type": "object"},
                "properties": {"type": "object"},
            },
            "additionalProperties": False,
        },
        "location": {
            "type": "object",
            "properties": {
                "physicalLocation": {
                    "type": "object",
                    "required": ["artifactLocation"],
                    "properties": {
                        "artifactLocation": {
                            "type": "object",
                            "required": ["uri"],
                            "properties": {
                                "uri": {"type": "string"},
                                "uriBaseId": {"type": "string"},
                                "index": {"type": "integer", "minimum": -1},
                            },
                            "additionalProperties": False,
                        },
                        "region": {
                            "type": "object",
                            "required": ["startLine", "startColumn"],
                            "properties": {
                                "startLine": {"type": "integer", "minimum": 1},
                                "startColumn": {"type": "integer", "minimum": 1},
                                "endLine": {"type": "integer", "minimum": 1},
                                "endColumn": {"type": "integer", "minimum": 1},
                            },
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
            },
        },
    },
}
# RFC 3986: a relative reference made of path characters only (no scheme, no query).
URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-Fa-f]{2})+$")


def sarif(*paths: str | Path, strict: bool = False) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(run("sarif", *paths, strict=strict).stdout)
    jsonschema.Draft7Validator.check_schema(SARIF_SUBSET)
    jsonschema.Draft7Validator(SARIF_SUBSET).validate(log)
    return log


def test_sarif_is_a_2_1_0_log_with_every_rule(in_tests: Path) -> None:
    log = sarif(*MIXED_RUN)
    assert log["version"] == "2.1.0"
    assert re.search(r"sarif.*2\.1\.0", log["$schema"]), log["$schema"]
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "servicescore"
    # servicescore has no public home page (it is not on PyPI): no URI that leads nowhere.
    assert "informationUri" not in driver
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for rule in rules:
        registered = RULES[rule["id"]]
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["defaultConfiguration"]["level"] == registered.severity


def test_sarif_results_match_the_findings(in_tests: Path) -> None:
    problems = reference(*MIXED_RUN)
    for strict in (False, True):
        log = sarif(*MIXED_RUN, strict=strict)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        results = log["runs"][0]["results"]
        assert len(results) == len(problems)
        for result, problem in zip(results, problems, strict=True):
            assert result["ruleId"] == problem["rule"]
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["message"]["text"] == problem["message"]
            [location] = result["locations"]
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"] == problem["file"]
            assert physical["region"] == {
                "startLine": problem["line"],
                "startColumn": problem["column"],
            }
            if problem["severity"] == "error":
                assert result["level"] == "error"
            elif not strict:
                assert result["level"] in ("warning", "note")


def test_sarif_uris_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    bad = DATA / "continuum" / "bad" / "pass-mark-zero.yaml"
    shutil.copy(bad, tmp_path / "deep" / "er" / "zero.yaml")
    shutil.copy(bad, tmp_path / "top.yaml")
    monkeypatch.chdir(tmp_path)
    for named in ([tmp_path], ["."], [tmp_path / "deep", "top.yaml"]):
        log = sarif(*named)
        uris = [
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in log["runs"][0]["results"]
        ]
        assert uris == ["deep/er/zero.yaml", "top.yaml"], named
        for uri in uris:
            assert URI_PATH.match(uri) and not uri.startswith("/"), uri
            assert (tmp_path / unquote(uri)).is_file()


def test_sarif_uris_are_valid_uri_references_for_any_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SARIF 2.1.0 (3.10.2): artifactLocation.uri is a valid URI reference, so a space
    in a file name is percent-encoded."""
    (tmp_path / "my checklists").mkdir()
    shutil.copy(
        DATA / "continuum" / "bad" / "pass-mark-zero.yaml", tmp_path / "my checklists" / "z.yaml"
    )
    monkeypatch.chdir(tmp_path)
    log = sarif("my checklists")
    [result] = log["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "my checklists/z.yaml"
    assert URI_PATH.match(uri), f"not a valid relative URI reference: {uri!r}"


def test_sarif_of_a_clean_run_has_rules_and_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    log = sarif("checklists", "examples")
    assert log["runs"][0]["results"] == []
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == list(RULES)


# -- junit -----------------------------------------------------------------------------


def junit(*paths: str | Path, strict: bool = False) -> tuple[ET.Element, list[ET.Element]]:
    output = run("junit", *paths, strict=strict).stdout
    root = ET.fromstring(output.encode("utf-8"))
    cases = list(root.iter("testcase"))
    return root, cases


def suites_of(root: ET.Element) -> list[ET.Element]:
    return [root] if root.tag == "testsuite" else list(root.iter("testsuite"))


def check_counts(root: ET.Element, cases: list[ET.Element]) -> None:
    failing = [c for c in cases if c.find("failure") is not None and c.find("error") is None]
    total_tests = 0
    total_failures = 0
    for suite in suites_of(root):
        own = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(own)
        assert int(suite.get("failures", "-1")) == sum(
            c.find("failure") is not None and c.find("error") is None for c in own
        )
        assert int(suite.get("errors", "0")) == len(suite.findall("testcase/error"))
        total_tests += len(own)
        total_failures += int(suite.get("failures", "0"))
    assert total_tests == len(cases)
    assert total_failures == len(failing)
    if root.tag == "testsuites":
        assert int(root.get("tests", str(total_tests))) == total_tests
        assert int(root.get("failures", str(total_failures))) == total_failures


def test_junit_has_one_test_case_per_file_and_a_failure_per_error(in_tests: Path) -> None:
    problems = reference(*MIXED_RUN)
    files = [f["file"] for f in json.loads(run("json", *MIXED_RUN).stdout)["files"]]
    root, cases = junit(*MIXED_RUN)
    names = [case.get("name") for case in cases]
    assert len(names) == len(set(names)), "one test case per file"
    with_problems = {p["file"] for p in problems}
    assert set(names) == set(files) | with_problems
    check_counts(root, cases)
    for case in cases:
        errors = [p for p in problems if p["file"] == case.get("name") and p["severity"] == "error"]
        failures = case.findall("failure")
        assert len(failures) == len(errors), case.get("name")
        for failure, problem in zip(failures, errors, strict=True):
            where = f"{problem['file']}:{problem['line']}:{problem['column']}"
            assert where in (failure.text or ""), (where, failure.text)
            assert problem["message"] in (failure.get("message", "") + (failure.text or ""))
            assert failure.get("type") == problem["rule"]


def test_junit_warnings_are_failures_only_with_strict(in_tests: Path) -> None:
    path = "check_data/warnings/warnings.yaml"
    root, cases = junit(path)
    assert [case.get("name") for case in cases] == [path]
    assert cases[0].find("failure") is None
    check_counts(root, cases)
    # The warnings are still shown, with their positions.
    text = "".join(cases[0].itertext())
    for line, column in ((8, 1), (11, 1), (16, 23)):
        assert f"{path}:{line}:{column}" in text
    root, cases = junit(path, strict=True)
    failures = cases[0].findall("failure")
    assert sorted(f.get("type") for f in failures) == ["SS201", "SS202", "SS203"]
    assert all(re.search(rf"{re.escape(path)}:[0-9]+:[0-9]+", f.text or "") for f in failures)
    check_counts(root, cases)


def test_junit_names_a_shared_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CHECK_DATA / "shared")
    root, cases = junit("one.yaml", "two.yaml")
    assert sorted(case.get("name") for case in cases) == [
        "continuum.yaml",
        "one.yaml",
        "two.yaml",
    ]
    [broken] = [case for case in cases if case.get("name") == "continuum.yaml"]
    assert len(broken.findall("failure")) == 2
    check_counts(root, cases)


def test_junit_of_a_clean_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    root, cases = junit("checklists", "examples")
    shipped = len(list((ROOT / "checklists").glob("*.yaml")) + list(EXAMPLES.glob("*.yaml")))
    assert len(cases) == shipped
    assert all(case.find("failure") is None for case in cases)
    check_counts(root, cases)


def test_junit_escapes_text_from_files() -> None:
    output = formatter("junit").render(synthetic(), False)
    root = ET.fromstring(output.encode("utf-8"))
    texts = [
        (failure.get("message", "") or "") + (failure.text or "")
        for failure in root.iter("failure")
    ]
    assert any("100% sure: line" in text and "break <&> \"q\" 'a'" in text for text in texts)
    names = sorted(case.get("name") or "" for case in root.iter("testcase"))
    assert names == ["clean.yaml", "dir/b,c:d.yaml", "plain.yaml"]


# -- a file that could not be fully checked ------------------------------------------


def _hidden_components(folder: Path) -> None:
    """A checklist with no problem of its own, on a continuum whose components are
    unreadable: its items' components cannot be checked, so it must not pass."""
    source = (DATA / "continuum" / "good" / "small.yaml").read_text(encoding="utf-8")
    broken = source.replace("components:\n", "components: focus\nold_components:\n", 1)
    (folder / "continuum.yaml").write_text(broken, encoding="utf-8")
    source = (DATA / "checklist" / "good" / "small.yaml").read_text(encoding="utf-8")
    checklist = source.replace("../../continuum/good/small.yaml", "continuum.yaml")
    (folder / "checklist.yaml").write_text(checklist, encoding="utf-8")


def test_a_file_not_fully_checked_never_passes_in_any_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8.3: JUnit listed a file whose references could not be checked as passing."""
    _hidden_components(tmp_path)
    monkeypatch.chdir(tmp_path)
    # The text summary names the file, as no finding line is about it.
    summary = "2 files checked, 1 could not be fully checked (checklist.yaml): 2 errors"
    text = run("text", "checklist.yaml")
    assert text.exit_code == 1
    assert text.stdout.splitlines()[-1] == summary
    assert [line.split(": ")[0] for line in text.stdout.splitlines()[:-1]] == [
        "continuum.yaml:8:13",
        "continuum.yaml:9:1",
    ]
    data = json.loads(run("json", "checklist.yaml").stdout)
    assert [(f["file"], f["complete"]) for f in data["files"]] == [
        ("checklist.yaml", False),
        ("continuum.yaml", True),
    ]
    assert data["summary"]["incomplete"] == 1 and data["summary"]["failed"] is True
    root, cases = junit("checklist.yaml")
    [case] = [case for case in cases if case.get("name") == "checklist.yaml"]
    [error] = case.findall("error")
    assert "could not be fully checked" in (error.get("message") or "")
    assert "continuum.yaml" in (error.get("message") or "")
    assert root.find("testsuite").get("errors") == "1"  # type: ignore[union-attr]
    check_counts(root, cases)
    log = sarif("checklist.yaml")
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "could not be fully checked" in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "checklist.yaml"
    github = annotations(run("github", "checklist.yaml").stdout)
    assert [(a["level"], a["file"]) for a in github if "fully" in a["message"]] == [
        ("error", "checklist.yaml")
    ]
    assert run("github", "checklist.yaml").stdout.splitlines()[-1] == summary


@pytest.mark.parametrize(
    ("checklist", "finding"),
    [("", (1, 1, "SS103")), ("checklist: [a.yaml]\n", (2, 12, "SS104"))],
)
def test_answers_naming_no_checklist_never_pass_in_any_format(
    checklist: str,
    finding: tuple[int, int, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Answers with no 'checklist:' (or one that is no reference) got SS103 or SS104,
    yet were listed as complete: their item ids and values were never checked."""
    monkeypatch.chdir(tmp_path)
    answers = f"kind: answers\n{checklist}organisation: X\nanswers:\n  no-such-item: maybe\n"
    (tmp_path / "answers.yaml").write_text(answers, encoding="utf-8")
    text = run("text", "answers.yaml").stdout.splitlines()
    matches = [FINDING.match(line) for line in text[:-1]]
    assert [(int(m["line"]), int(m["column"]), m["rule"]) for m in matches if m] == [finding]
    assert text[-1] == "1 file checked, 1 could not be fully checked (answers.yaml): 1 error"
    data = json.loads(run("json", "answers.yaml").stdout)
    assert data["files"] == [{"file": "answers.yaml", "kind": "answers", "complete": False}]
    assert data["summary"]["incomplete"] == 1
    root, [case] = junit("answers.yaml")
    [error] = case.findall("error")
    assert "no checklist" in (error.get("message") or "")
    assert root.get("errors") == "1"
    [invocation] = sarif("answers.yaml")["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    github = annotations(run("github", "answers.yaml").stdout)
    assert [(a["file"], a["title"]) for a in github if "fully" in a["message"]] == [
        ("answers.yaml", "not fully checked")
    ]


def test_junit_counts_agree_with_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 8.7: JUnit said tests="2" beside "1 file checked": the continuum a checklist
    refers to is checked along with it, and counted."""
    monkeypatch.chdir(CHECK_DATA / "shared")
    text = run("text", "one.yaml")
    assert text.stdout.splitlines()[-1] == "2 files checked: 2 errors"
    root, cases = junit("one.yaml")
    assert [case.get("name") for case in cases] == ["one.yaml", "continuum.yaml"]
    assert root.get("tests") == "2"
    data = json.loads(run("json", "one.yaml").stdout)
    assert data["summary"]["files"] == len(data["files"]) == 2


def test_junit_counts_a_case_with_an_error_and_failures_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist on a continuum with misnumbered stages has a failure of its own and
    could not be fully checked: it is one error, never also a failure, so that tests
    minus failures minus errors is the number of passing cases, as JUnit readers count."""
    monkeypatch.chdir(tmp_path)
    for name in ("continuum.yaml", "checklist.yaml"):
        shutil.copy(CHECK_DATA / "hidden" / name, tmp_path / name)
    continuum = (tmp_path / "continuum.yaml").read_text(encoding="utf-8")
    broken = continuum.replace("75%", "0.75").replace("number: 3", "number: 4")
    (tmp_path / "continuum.yaml").write_text(broken, encoding="utf-8")
    root, cases = junit("checklist.yaml")
    [case] = [case for case in cases if case.get("name") == "checklist.yaml"]
    assert case.find("error") is not None and case.find("failure") is not None
    passing = [c for c in cases if c.find("error") is None and c.find("failure") is None]
    for element in (root, *suites_of(root)):
        counts = [int(element.get(key, "-1")) for key in ("tests", "failures", "errors")]
        assert counts == [2, 1, 1]
        tests, failures, errors = counts
        assert tests - failures - errors == len(passing) == 0
