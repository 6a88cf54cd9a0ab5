"""The command line, end to end (SPEC 2.3, 4 and 5).

Every test runs in its own temporary folder: examples are copied there first, so that
nothing depends on the working directory and nothing in the repository is written.
Expected reports are computed here, independently of the program, from the example
and checklist files (``yaml.safe_load`` and exact fractions).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

from clirun import ENV, invoke, listing, write
from servicescore import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHECKLISTS = ROOT / "checklists"
SHIPPED_CHECKLISTS = ("profit-through-service", "key-elements", "beyond-the-front-line")
CONTINUUM = "customer-satisfaction-practices"

# FILE:LINE:COL: message
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<message>\S.*)$")
FILE_PROBLEM = re.compile(r"^(?P<file>[^:]+): (?P<message>\S.*)$")
SPEC_REPORT_KEYS = (
    "format",
    "file",
    "checklist",
    "continuum",
    "subject",
    "stage",
    "provisional",
    "stage_range",
    "score",
    "limiting_components",
    "components",
    "groups",
    "elements",
    "items",
    "unanswered",
    "next_steps",
    "roadmap",
)
ANSWERS_HEAD = "kind: answers\nchecklist: profit-through-service\norganisation: Test Org\n"


# -- helpers -------------------------------------------------------------------------


def assert_unusable(result: Result) -> list[str]:
    """Exit 2, nothing on stdout, at least one line on stderr; return those lines."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "an unusable input must be explained on standard error"
    return lines


def problem_files(lines: list[str]) -> set[str]:
    return {
        match["file"]
        for line in lines
        if (match := PROBLEM.match(line) or FILE_PROBLEM.match(line))
    }


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- the report, computed independently ------------------------------------------------

DEFAULT_SCALE = (
    {"value": "no", "credit": "0"},
    {"value": "partly", "credit": "0.5"},
    {"value": "yes", "credit": "1"},
)


def _text(value: Any) -> str | None:
    """A YAML 1.1 value back to the text written (``yes``/``no`` came back as booleans)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return None if value is None else str(value)


def _exact(value: Any) -> Fraction:
    return Fraction(str(value))


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _rounded(score: Fraction | None) -> float | None:
    """One decimal, halves away from zero."""
    if score is None:
        return None
    return float(Fraction(math.floor(score * 10 + Fraction(1, 2)), 10))


def expected_report(answers_path: Path, shown_as: str) -> dict[str, Any]:
    """The SPEC 5 report of a shipped-checklist answers file, from first principles."""
    answers = load_yaml(answers_path)
    checklist = load_yaml(CHECKLISTS / f"{answers['checklist']}.yaml")
    continuum = load_yaml(CHECKLISTS / f"{checklist['continuum']}.yaml")
    pass_mark = _exact(continuum["pass_mark"])
    top = len(continuum["stages"])
    components = [component["id"] for component in continuum["components"]]
    scale = {}
    for entry in checklist.get("scale") or DEFAULT_SCALE:
        value = _text(entry["value"])
        assert value is not None
        scale[value.casefold()] = (value, _exact(entry["credit"]))

    given = answers.get("answers") or {}
    items: list[dict[str, Any]] = []
    for element in checklist["elements"]:
        for item in element["items"]:
            raw = given.get(item["id"])
            note = None
            if isinstance(raw, dict):
                note = raw.get("note")
                raw = raw.get("answer")
            written = _text(raw)
            answer: str | None
            credit: Fraction | None
            if written is None:
                answer, credit = None, Fraction(0)
            elif written.strip().casefold() == "n/a":
                answer, credit = "n/a", None
            else:
                answer, credit = scale[written.strip().casefold()]
            items.append(
                {
                    "id": item["id"],
                    "element": element["id"],
                    "group": element.get("group"),
                    "component": item["component"],
                    "stage": item["stage"],
                    "weight": _exact(item.get("weight", 1)),
                    "answer": answer,
                    "credit": credit,
                    "note": note,
                }
            )

    def applicable(selected: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [item for item in selected if item["credit"] is not None]

    def sums(selected: list[dict[str, Any]]) -> tuple[Fraction, Fraction]:
        counted = applicable(selected)
        earned = sum((item["weight"] * item["credit"] for item in counted), Fraction(0))
        possible = sum((item["weight"] for item in counted), Fraction(0))
        return earned, possible

    def score(selected: list[dict[str, Any]]) -> float | None:
        earned, possible = sums(selected)
        return _rounded(100 * earned / possible) if possible else None

    def cell(component: str, stage: int) -> list[dict[str, Any]]:
        return [i for i in items if i["component"] == component and i["stage"] == stage]

    def passes(selected: list[dict[str, Any]]) -> bool:
        earned, possible = sums(selected)
        return bool(applicable(selected)) and earned >= pass_mark * possible

    def raised(selected: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Unanswered items at full credit: the high end of the stage range (SPEC 3.5)."""
        return [{**i, "credit": Fraction(1)} if i["answer"] is None else i for i in selected]

    stage_of = {}
    high_of = {}
    for component in components:
        stage = 1
        while stage < top and passes(cell(component, stage + 1)):
            stage += 1
        stage_of[component] = stage
        high = 1
        while high < top and passes(raised(cell(component, high + 1))):
            high += 1
        high_of[component] = high
    overall = min(stage_of.values())
    limiting = [component for component in components if stage_of[component] == overall]

    next_steps = []
    for component in components:
        if stage_of[component] >= top:
            continue
        target = stage_of[component] + 1
        advance = continuum["stages"][target - 1]["advance"][component]
        counted = applicable(cell(component, target))
        if not counted:
            next_steps.append(
                {
                    "component": component,
                    "target_stage": target,
                    "blocked": True,
                    "required": [],
                    "other": [],
                    "advance": advance,
                }
            )
            continue
        open_items = sorted(
            (item for item in counted if item["credit"] < 1),
            key=lambda item: -(item["weight"] * (1 - item["credit"])),
        )
        earned, possible = sums(counted)
        required = []
        for item in open_items:
            if earned >= pass_mark * possible:
                break
            required.append(item["id"])
            earned += item["weight"] * (1 - item["credit"])
        next_steps.append(
            {
                "component": component,
                "target_stage": target,
                "blocked": False,
                "required": required,
                "other": [item["id"] for item in open_items[len(required) :]],
                "advance": advance,
            }
        )
    roadmap = None
    if overall < top:
        roadmap_items: list[str] = []
        for step in next_steps:
            if step["component"] in limiting:
                roadmap_items += [i for i in step["required"] if i not in roadmap_items]
        roadmap = {"target_stage": overall + 1, "items": roadmap_items}

    groups = list(dict.fromkeys(e["group"] for e in checklist["elements"] if e.get("group")))
    names = {component["id"]: component["name"] for component in continuum["components"]}
    return {
        "format": "servicescore.report/1",
        "file": shown_as,
        "checklist": {
            "id": checklist["id"],
            "title": checklist["title"],
            "version": str(checklist["version"]),
        },
        "continuum": {"id": continuum["id"], "title": continuum["title"], "stages": top},
        "subject": {
            "organisation": _text(answers["organisation"]),
            "unit": _text(answers.get("unit")),
            "period": _text(answers.get("period")),
            "assessor": _text(answers.get("assessor")),
            "respondent": _text(answers.get("respondent")),
            "role": _text(answers.get("role")),
        },
        "stage": {"number": overall, "name": continuum["stages"][overall - 1]["name"]},
        "provisional": any(item["answer"] is None for item in items),
        "stage_range": {"low": overall, "high": min(high_of.values())},
        "score": score(items),
        "limiting_components": limiting,
        "components": [
            {
                "id": component,
                "name": names[component],
                "stage": stage_of[component],
                "stage_range": {"low": stage_of[component], "high": high_of[component]},
                "score": score([i for i in items if i["component"] == component]),
            }
            for component in components
        ],
        "groups": [
            {"name": group, "score": score([i for i in items if i["group"] == group])}
            for group in groups
        ],
        "elements": [
            {
                "id": element["id"],
                "title": element["title"],
                "group": element.get("group"),
                "score": score([i for i in items if i["element"] == element["id"]]),
                "applicable": len(applicable([i for i in items if i["element"] == element["id"]])),
            }
            for element in checklist["elements"]
        ],
        "items": [
            {
                "id": item["id"],
                "element": item["element"],
                "component": item["component"],
                "stage": item["stage"],
                "weight": _number(item["weight"]),
                "answer": item["answer"],
                "credit": None if item["credit"] is None else _number(item["credit"]),
                "note": item["note"],
            }
            for item in items
        ],
        "unanswered": [item["id"] for item in items if item["answer"] is None],
        "next_steps": next_steps,
        "roadmap": roadmap,
    }


def assert_report(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    for key in SPEC_REPORT_KEYS:
        assert key in actual, f"report lacks {key!r}"
        assert actual[key] == expected[key], key


def checklist_items(checklist_id: str) -> list[dict[str, Any]]:
    data = load_yaml(CHECKLISTS / f"{checklist_id}.yaml")
    return [item for element in data["elements"] for item in element["items"]]


# -- global options ----------------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "servicescore" in result.stdout
    assert result.stderr == ""


def test_help_lists_the_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("assess", "template", "checklists", "show"):
        assert command in result.stdout
    assert "--version" in result.stdout


def test_short_help_option() -> None:
    result = invoke("-h")
    assert result.exit_code == 0
    assert "assess" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert result.exit_code in (0, 2)
    shown = result.stdout + result.stderr
    assert "Usage" in shown
    for command in ("assess", "template", "checklists"):
        assert command in shown


def test_assess_help_lists_its_options() -> None:
    result = invoke("assess", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--checklist", "--fail-under", "--strict", "--detail"):
        assert option in result.stdout


def python(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` run in ``cwd`` as a process of its own: what a CliRunner cannot
    show (``-m``, the imports, what happens as the interpreter exits)."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_python_dash_m(tmp_path: Path) -> None:
    completed = python(tmp_path, "-m", "servicescore", "--version")
    assert completed.returncode == 0, completed.stderr
    assert __version__ in completed.stdout
    assert "Traceback" not in completed.stderr


def test_python_dash_m_assess(work: Path) -> None:
    completed = python(work, "-m", "servicescore", "assess", "northwind-2026-q2.yaml", "-f", "json")
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    expected = expected_report(work / "northwind-2026-q2.yaml", "northwind-2026-q2.yaml")
    assert data["stage"] == expected["stage"]


# Run as a script: register, after main's module is loaded, a hook that reports at exit
# how many objects the collector has frozen.
_FREEZE_PROBE = """
import atexit, gc, sys
from servicescore.cli import main
atexit.register(lambda: sys.stderr.write(f"frozen {gc.get_freeze_count()}\\n"))
sys.argv[0] = "servicescore"
main()
"""


@pytest.mark.parametrize("args", [["assess", "northwind-2026-q2.yaml"], ["--version"]])
def test_main_freezes_the_heap_before_the_interpreter_exits(work: Path, args: list[str]) -> None:
    # No test can time a cold start; this pins what keeps it short: the interpreter's
    # last collection at exit would walk every object the imports made.
    completed = python(work, "-c", _FREEZE_PROBE, *args)
    assert completed.returncode == 0, completed.stderr
    frozen = re.search(r"^frozen ([0-9]+)$", completed.stderr, re.MULTILINE)
    assert frozen is not None, completed.stderr
    assert int(frozen.group(1)) > 10_000


_IMPORTS_PROBE = """
import atexit, sys
from servicescore.cli import main
atexit.register(lambda: sys.stderr.write(" ".join(["loaded", *sorted(sys.modules)]) + "\\n"))
sys.argv[0] = "servicescore"
main()
"""


def test_assess_in_json_does_not_import_rich(work: Path) -> None:
    # The JSON report's cold start is under the baseline's (bench/) because Rich, which the
    # baseline imports, is never loaded on its path: a module-level import would undo that.
    completed = python(work, "-c", _IMPORTS_PROBE, "assess", "northwind-2026-q2.yaml", "-f", "json")
    assert completed.returncode == 0, completed.stderr
    loaded = re.search(r"^loaded (.*)$", completed.stderr, re.MULTILINE)
    assert loaded is not None, completed.stderr
    modules = loaded.group(1).split()
    assert "servicescore.render.json" in modules
    assert [name for name in modules if name == "rich" or name.startswith("rich.")] == []


def loaded_modules(work: Path, *args: str) -> list[str]:
    """The modules a fresh interpreter has loaded when ``servicescore ARGS`` ends."""
    completed = python(work, "-c", _IMPORTS_PROBE, *args)
    assert completed.returncode == 0, completed.stderr
    loaded = re.search(r"^loaded (.*)$", completed.stderr, re.MULTILINE)
    assert loaded is not None, completed.stderr
    return loaded.group(1).split()


@pytest.mark.parametrize("form", ["table", "json"])
def test_assess_does_not_import_jinja2_unless_html_is_asked_for(work: Path, form: str) -> None:
    # The HTML reports are Jinja2 templates (issue 11); importing Jinja2 on the path of
    # the table or JSON report would lengthen the cold start of every assess.
    modules = loaded_modules(work, "assess", "northwind-2026-q2.yaml", "-f", form)
    assert "servicescore.render.html" not in modules
    assert [name for name in modules if name.split(".")[0] in ("jinja2", "markupsafe")] == []


@pytest.mark.parametrize("form", ["table", "markdown"])
def test_assess_does_not_import_the_consolidation(work: Path, form: str) -> None:
    # A consolidation's reports are modules of their own, read only by consolidate: the
    # cold start of assess must not read them.
    modules = loaded_modules(work, "assess", "northwind-2026-q2.yaml", "-f", form)
    assert f"servicescore.render.{form}" in modules
    consolidation = {
        "servicescore.consolidate",
        "servicescore.render.table_consolidation",
        "servicescore.render.markdown_consolidation",
    }
    assert consolidation.isdisjoint(modules)


# The answers without YAML (issue 13): workbooks, questionnaires and the interview's
# terminal, each imported only by its own command.
_WAYS_IN = ("openpyxl", "et_xmlfile", "questionary", "prompt_toolkit")
_WAYS_IN_MODULES = {"servicescore.sheets", "servicescore.interview", "servicescore.interview_tty"}


@pytest.mark.parametrize("form", ["table", "json", "html"])
def test_assess_does_not_import_the_ways_in_without_yaml(work: Path, form: str) -> None:
    # openpyxl and prompt_toolkit on the path of assess would lengthen every cold start.
    modules = loaded_modules(work, "assess", "northwind-2026-q2.yaml", "-f", form)
    assert [name for name in modules if name.split(".")[0] in _WAYS_IN] == []
    assert _WAYS_IN_MODULES.isdisjoint(modules)


def test_assess_in_html_does_import_jinja2(work: Path) -> None:
    # The counterpart of the test above: the probe does see Jinja2 when it is used.
    modules = loaded_modules(work, "assess", "northwind-2026-q2.yaml", "-f", "html")
    assert "jinja2" in modules


def test_unknown_command_is_a_usage_error() -> None:
    result = invoke("no-such-command")
    assert result.exit_code == 2
    assert result.stdout == ""


# -- assess: one file --------------------------------------------------------------------


def test_assess_table(work: Path) -> None:
    expected = expected_report(work / "northwind-2026-q2.yaml", "northwind-2026-q2.yaml")
    result = invoke("assess", "northwind-2026-q2.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "Northwind Utilities" in out
    assert "Customer contact centre" in out
    assert "2026-Q2" in out
    stage = expected["stage"]
    assert re.search(rf"\bStage {stage['number']}\b", out)
    assert stage["name"] in out
    assert expected["roadmap"] is not None and expected["roadmap"]["items"]
    for item_id in expected["roadmap"]["items"]:
        assert item_id in out
    target = load_yaml(CHECKLISTS / f"{CONTINUUM}.yaml")["stages"][stage["number"]]
    assert target["name"] in out  # the roadmap names the next stage
    names = {c["id"]: c["name"] for c in expected["components"]}
    for component in expected["limiting_components"]:
        assert names[component] in out


def test_assess_table_leads_with_the_roadmap(work: Path) -> None:
    """SPEC 3.4: reports lead with the roadmap (before the component and element tables)."""
    expected = expected_report(work / "northwind-2026-q2.yaml", "northwind-2026-q2.yaml")
    out = invoke("assess", "northwind-2026-q2.yaml").stdout
    first_item = out.index(expected["roadmap"]["items"][0])
    assert first_item < out.index("Service strategy")  # the first element's title


def test_assess_table_lists_unanswered_items(work: Path) -> None:
    expected = expected_report(work / "northwind-2026-q1.yaml", "northwind-2026-q1.yaml")
    assert expected["unanswered"]
    result = invoke("assess", "northwind-2026-q1.yaml")
    assert result.exit_code == 0
    for item_id in expected["unanswered"]:
        assert item_id in result.stdout


def test_assess_json_northwind_q2_as_spec_5(work: Path) -> None:
    (work / "examples").mkdir()
    shutil.copy(EXAMPLES / "northwind-2026-q2.yaml", work / "examples")
    result = invoke("assess", "examples/northwind-2026-q2.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    actual = json.loads(result.stdout)
    expected = expected_report(
        work / "examples" / "northwind-2026-q2.yaml", "examples/northwind-2026-q2.yaml"
    )
    assert_report(actual, expected)
    # The headline figures, spelled out.
    assert actual["format"] == "servicescore.report/1"
    assert actual["file"] == "examples/northwind-2026-q2.yaml"
    assert actual["stage"] == expected["stage"]
    assert actual["score"] == expected["score"]
    assert actual["limiting_components"] == expected["limiting_components"]
    assert actual["roadmap"] == expected["roadmap"]


def test_assess_json_carries_meta(work: Path) -> None:
    actual = json.loads(invoke("assess", "northwind-2026-q2.yaml", "-f", "json").stdout)
    meta = load_yaml(work / "northwind-2026-q2.yaml")["meta"]
    assert actual.get("meta") == {key: _text(value) for key, value in meta.items()}


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.yaml")))
def test_assess_json_every_example(work: Path, example: str) -> None:
    result = invoke("assess", example, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert_report(json.loads(result.stdout), expected_report(work / example, example))


def test_assess_the_beyond_the_front_line_example(work: Path) -> None:
    """Stages worked out by hand from the answers (yes 1, partly 0.5, no 0; pass mark 0.8):
    customer focus: (cf, 2) 1/1 passes; (cf, 3) keep-person-reachable 1,
    direction-desired-statements 1, direction-priorities 0.5: 2.5/3 passes; (cf, 4)
    sla-stated-levels 1, sla-remedy 0.5, proof-recovery-cases 0: 1.5/3 fails: stage 3.
    measurement: (m, 2) direction-measure-monthly 1, direction-failure-costs 1 passes;
    (m, 3) people-treatment-surveyed 0.5, direction-compare-periods 1: 1.5/2 fails: stage 2.
    environment: (e, 2) dept-induction 1 passes; (e, 3) hiring-client-first 0.5,
    hiring-resilience 1, direction-skills-gap 1: 2.5/3 passes; (e, 4) dept-resourced 0,
    people-treated-as-customers 1: 1/2 fails: stage 3. Overall 15.5 of 25 items: 62.0."""
    result = invoke("assess", "fernbrook-facilities-2026-q3.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["checklist"]["id"] == "beyond-the-front-line"
    stages = {component["id"]: component["stage"] for component in data["components"]}
    assert stages == {"customer-focus": 3, "measurement": 2, "environment": 3}
    assert data["stage"]["number"] == 2
    assert data["limiting_components"] == ["measurement"]
    assert data["score"] == 62.0
    # (m, 3) needs 1.6 of 2: raising the partly item alone brings it to 2.
    assert data["roadmap"] == {"target_stage": 3, "items": ["people-treatment-surveyed"]}
    assert data["provisional"] is False


def test_assess_json_unanswered_items_are_null_with_credit_0(work: Path) -> None:
    data = json.loads(invoke("assess", "northwind-2026-q1.yaml", "-f", "json").stdout)
    assert data["unanswered"]
    by_id = {item["id"]: item for item in data["items"]}
    for item_id in data["unanswered"]:
        assert by_id[item_id]["answer"] is None
        assert by_id[item_id]["credit"] == 0


def test_assess_json_is_exactly_one_json_document(work: Path) -> None:
    out = invoke("assess", "northwind-2026-q2.yaml", "-f", "json").stdout
    assert isinstance(json.loads(out), dict)
    assert out.endswith("\n")


def test_assess_accepts_absolute_paths_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = EXAMPLES / "northwind-2026-q2.yaml"
    result = invoke("assess", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert Path(data["file"]).resolve() == path.resolve()
    assert data["stage"] == expected_report(path, str(path))["stage"]


# -- assess: --checklist -------------------------------------------------------------------


def test_checklist_option_overrides_the_checklist_key(work: Path) -> None:
    source = (work / "northwind-2026-q2.yaml").read_text(encoding="utf-8")
    write(
        work,
        "elsewhere.yaml",
        source.replace("checklist: profit-through-service", "checklist: missing/nowhere.yaml"),
    )
    without = invoke("assess", "elsewhere.yaml")
    assert_unusable(without)

    local = shutil.copy(CHECKLISTS / "profit-through-service.yaml", work / "ours.yaml")
    result = invoke("assess", "elsewhere.yaml", "--checklist", local, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    expected = expected_report(work / "northwind-2026-q2.yaml", "elsewhere.yaml")
    assert_report(data, expected)


def test_checklist_option_wins_over_a_valid_key(work: Path) -> None:
    """northwind uses profit-through-service; forcing key-elements makes its ids unknown:
    issue 8.7, one line saying so, not one "unknown item" line per answer."""
    result = invoke("assess", "northwind-2026-q2.yaml", "-c", CHECKLISTS / "key-elements.yaml")
    lines = assert_unusable(result)
    assert lines == [
        "northwind-2026-q2.yaml:2:1: these answers are for checklist 'profit-through-service', "
        "not 'key-elements'"
    ]


def test_checklist_option_takes_a_shipped_id_as_the_key_does(work: Path) -> None:
    by_id = invoke("assess", "northwind-2026-q2.yaml", "-c", "profit-through-service", "-f", "json")
    by_file = invoke(
        "assess",
        "northwind-2026-q2.yaml",
        "-c",
        CHECKLISTS / "profit-through-service.yaml",
        "-f",
        "json",
    )
    assert by_id.exit_code == 0, by_id.stderr
    assert by_id.stdout == by_file.stdout
    wrong = assert_unusable(invoke("assess", "northwind-2026-q2.yaml", "-c", "key-elements"))
    assert wrong == [
        "northwind-2026-q2.yaml:2:1: these answers are for checklist 'profit-through-service', "
        "not 'key-elements'"
    ]


def test_checklist_option_neither_file_nor_shipped_id_says_both(work: Path) -> None:
    lines = assert_unusable(invoke("assess", "northwind-2026-q2.yaml", "-c", "no-such-list"))
    assert len(lines) == 1
    assert lines[0].startswith("no-such-list:")
    assert "no such file" in lines[0]
    assert "shipped checklist" in lines[0]


def test_answers_without_a_checklist_key_given_the_wrong_checklist(work: Path) -> None:
    source = (work / "northwind-2026-q2.yaml").read_text(encoding="utf-8")
    write(work, "no-key.yaml", source.replace("checklist: profit-through-service\n", ""))
    answered = len(load_yaml(work / "no-key.yaml")["answers"])
    text = (work / "no-key.yaml").read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(text, 1) if line.startswith("  strategy-aligned:"))
    lines = assert_unusable(invoke("assess", "no-key.yaml", "-c", CHECKLISTS / "key-elements.yaml"))
    assert len(lines) == 1
    assert lines[0].startswith(f"no-key.yaml:{first}:3: these answers are not for checklist ")
    assert f"{answered} of {answered} answered items are not in it" in lines[0]
    # And in check, without --checklist: the answers name the checklist they are not for.
    write(work, "wrong.yaml", source.replace("profit-through-service", "key-elements"))
    checked = invoke("check", "wrong.yaml")
    assert checked.exit_code == 1
    [finding] = checked.stdout.splitlines()[:-1]
    assert finding.startswith("wrong.yaml:") and "not for checklist 'key-elements'" in finding


def test_a_checklist_key_naming_a_file_with_the_given_id_is_fine(work: Path) -> None:
    """`checklist: ours.yaml` and `--checklist copy.yaml` of the same checklist: no mismatch,
    and a renamed item is still reported by name, with a suggestion."""
    shutil.copy(CHECKLISTS / "profit-through-service.yaml", work / "ours.yaml")
    shutil.copy(CHECKLISTS / "profit-through-service.yaml", work / "copy.yaml")
    source = (work / "northwind-2026-q2.yaml").read_text(encoding="utf-8")
    source = source.replace("checklist: profit-through-service", "checklist: ours.yaml")
    write(work, "local.yaml", source)
    assert invoke("assess", "local.yaml", "-c", "copy.yaml").exit_code == 0
    write(work, "renamed.yaml", source.replace("  strategy-aligned:", "  strategy-align:"))
    lines = assert_unusable(invoke("assess", "renamed.yaml", "-c", "copy.yaml"))
    assert len(lines) == 1 and "unknown item 'strategy-align'" in lines[0]
    assert "did you mean 'strategy-aligned'" in lines[0]


def test_checklist_option_with_a_missing_file(work: Path) -> None:
    result = invoke("assess", "northwind-2026-q2.yaml", "--checklist", "nope.yaml")
    lines = assert_unusable(result)
    assert any("nope.yaml" in line for line in lines)


# -- assess: several files, directories -------------------------------------------------------


PORTFOLIO = ("northwind-2026-q2.yaml", "harbour-clinics-2026-q2.yaml", "northwind-2026-q1.yaml")


def test_portfolio_table_one_row_per_file(work: Path) -> None:
    result = invoke("assess", *PORTFOLIO)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for name in PORTFOLIO:
        assert out.count(name) == 1, name
        expected = expected_report(work / name, name)
        row = next(line for line in out.splitlines() if name in line)
        assert expected["subject"]["organisation"] in row
        assert expected["subject"]["period"] in row
        assert f"{expected['stage']['number']} {expected['stage']['name']}" in row
        assert f"{expected['score']:.1f}" in row
    assert len([line for line in out.splitlines() if ".yaml" in line]) == len(PORTFOLIO)
    # The portfolio is a table, not three full reports.
    assert "Roadmap" not in out


def test_portfolio_json_array_in_argument_order(work: Path) -> None:
    result = invoke("assess", *PORTFOLIO, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [report["file"] for report in data] == list(PORTFOLIO)
    for report, name in zip(data, PORTFOLIO, strict=True):
        assert_report(report, expected_report(work / name, name))
        single = json.loads(invoke("assess", name, "-f", "json").stdout)
        assert report == single


def test_portfolio_json_reversed_order(work: Path) -> None:
    names = list(reversed(PORTFOLIO))
    data = json.loads(invoke("assess", *names, "-f", "json").stdout)
    assert [report["file"] for report in data] == names


def test_portfolio_detail_adds_each_report(work: Path) -> None:
    names = ("northwind-2026-q1.yaml", "northwind-2026-q2.yaml")
    plain = invoke("assess", *names).stdout
    result = invoke("assess", *names, "--detail")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for name in names:
        expected = expected_report(work / name, name)
        stage = expected["stage"]
        assert re.search(rf"Stage {stage['number']}\b[^\n]*{re.escape(stage['name'])}", out)
        assert not re.search(rf"Stage {stage['number']}\b[^\n]*{re.escape(stage['name'])}", plain)
        for item_id in expected["roadmap"]["items"]:
            assert item_id in out
        assert f"Roadmap to stage {expected['roadmap']['target_stage']}" in out
    assert len(out) > len(plain)


def test_portfolio_detail_json_is_still_an_array_of_reports(work: Path) -> None:
    names = ("northwind-2026-q1.yaml", "northwind-2026-q2.yaml")
    data = json.loads(invoke("assess", *names, "--detail", "-f", "json").stdout)
    assert [report["file"] for report in data] == list(names)
    assert all(report["format"] == "servicescore.report/1" for report in data)


def _answers_folder(work: Path) -> Path:
    folder = work / "portfolio"
    (folder / "team-b" / "deeper").mkdir(parents=True)
    shutil.copy(work / "northwind-2026-q2.yaml", folder / "northwind.yaml")
    shutil.copy(work / "harbour-clinics-2026-q2.yaml", folder / "team-b" / "harbour.yml")
    # An answers file without `kind:` is still an answers file.
    source = (work / "northwind-2026-q1.yaml").read_text(encoding="utf-8")
    write(folder / "team-b" / "deeper", "no-kind.yaml", source.replace("kind: answers\n", ""))
    # Checklists and continua in the folder are skipped, whatever their names.
    shutil.copy(CHECKLISTS / "key-elements.yaml", folder / "key-elements.yaml")
    shutil.copy(CHECKLISTS / f"{CONTINUUM}.yaml", folder / "team-b" / "continuum.yaml")
    write(folder, "README.md", "# not YAML\n")
    return folder


ANSWERS_IN_FOLDER = {
    "portfolio/northwind.yaml",
    "portfolio/team-b/harbour.yml",
    "portfolio/team-b/deeper/no-kind.yaml",
}


def test_directory_json_holds_the_answers_files_only(work: Path) -> None:
    _answers_folder(work)
    result = invoke("assess", "portfolio", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    files = [Path(report["file"]).as_posix() for report in data]
    assert len(files) == len(ANSWERS_IN_FOLDER)
    assert set(files) == ANSWERS_IN_FOLDER
    stages = {Path(r["file"]).name: r["stage"]["number"] for r in data}
    assert (
        stages["harbour.yml"]
        == expected_report(work / "harbour-clinics-2026-q2.yaml", "")["stage"]["number"]
    )


def test_directory_table_one_row_per_answers_file(work: Path) -> None:
    _answers_folder(work)
    result = invoke("assess", "portfolio")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for name in ("northwind.yaml", "harbour.yml", "no-kind.yaml"):
        assert out.count(name) == 1
    assert "key-elements.yaml" not in out
    assert "continuum.yaml" not in out
    assert "Harbour Dental Clinics" in out
    assert out.count("Northwind Utilities") == 2


def test_directory_and_file_together(work: Path) -> None:
    _answers_folder(work)
    data = json.loads(invoke("assess", "northwind-2026-q3.yaml", "portfolio", "-f", "json").stdout)
    files = [Path(report["file"]).as_posix() for report in data]
    assert files[0] == "northwind-2026-q3.yaml"
    assert set(files[1:]) == ANSWERS_IN_FOLDER


# -- assess: --fail-under and --strict -------------------------------------------------------


def test_fail_under_below_exits_1(work: Path) -> None:
    stage = expected_report(work / "northwind-2026-q2.yaml", "")["stage"]["number"]
    result = invoke("assess", "northwind-2026-q2.yaml", "--fail-under", str(stage + 1))
    assert result.exit_code == 1
    assert "Northwind Utilities" in result.stdout  # the report is still printed
    assert result.stderr.strip()


def test_fail_under_at_stage_exits_0(work: Path) -> None:
    stage = expected_report(work / "northwind-2026-q2.yaml", "")["stage"]["number"]
    result = invoke("assess", "northwind-2026-q2.yaml", "--fail-under", str(stage))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_fail_under_well_below_exits_0(work: Path) -> None:
    assert invoke("assess", "northwind-2026-q2.yaml", "--fail-under", "1").exit_code == 0


def test_fail_under_any_file_below_fails_the_portfolio(work: Path) -> None:
    q1 = expected_report(work / "northwind-2026-q1.yaml", "")["stage"]["number"]
    q3 = expected_report(work / "northwind-2026-q3.yaml", "")["stage"]["number"]
    assert q1 < q3
    names = ("northwind-2026-q3.yaml", "northwind-2026-q1.yaml")
    assert invoke("assess", *names, "--fail-under", str(q3)).exit_code == 1
    assert invoke("assess", *names, "--fail-under", str(q1)).exit_code == 0
    result = invoke("assess", *names, "--fail-under", str(q3))
    assert "northwind-2026-q1.yaml" in result.stderr


def test_fail_under_with_json_still_prints_the_report(work: Path) -> None:
    stage = expected_report(work / "northwind-2026-q2.yaml", "")["stage"]["number"]
    result = invoke(
        "assess", "northwind-2026-q2.yaml", "-f", "json", "--fail-under", str(stage + 1)
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["stage"]["number"] == stage


def test_fail_under_zero_is_a_usage_error(work: Path) -> None:
    result = invoke("assess", "northwind-2026-q2.yaml", "--fail-under", "0")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_strict_with_unanswered_items_exits_1(work: Path) -> None:
    assert expected_report(work / "northwind-2026-q1.yaml", "")["unanswered"]
    result = invoke("assess", "northwind-2026-q1.yaml", "--strict")
    assert result.exit_code == 1
    assert "Northwind Utilities" in result.stdout
    assert "northwind-2026-q1.yaml" in result.stderr


def test_strict_without_unanswered_items_exits_0(work: Path) -> None:
    assert not expected_report(work / "northwind-2026-q2.yaml", "")["unanswered"]
    result = invoke("assess", "northwind-2026-q2.yaml", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_without_strict_unanswered_items_exit_0(work: Path) -> None:
    assert invoke("assess", "northwind-2026-q1.yaml").exit_code == 0


def test_strict_in_a_portfolio(work: Path) -> None:
    result = invoke("assess", "northwind-2026-q2.yaml", "northwind-2026-q1.yaml", "--strict")
    assert result.exit_code == 1
    assert "northwind-2026-q1.yaml" in result.stderr
    assert "northwind-2026-q2.yaml" not in result.stderr


# -- assess: unusable input ---------------------------------------------------------------------

BROKEN_CHECKLIST = "kind: checklist\nid: broken\ntitle: Broken\n"

# name -> (files to create, arguments, the file the problems are about, words expected)
BAD_INPUTS: dict[str, tuple[dict[str, str], list[str], str, list[str]]] = {
    "missing file": ({}, ["missing.yaml"], "missing.yaml", []),
    "directory without answers": (
        {
            "nothing/README.md": "# no answers here\n",
            "nothing/sub/checklist.yaml": (CHECKLISTS / "key-elements.yaml").read_text("utf-8"),
            "nothing/continuum.yaml": (CHECKLISTS / f"{CONTINUUM}.yaml").read_text("utf-8"),
        },
        ["nothing"],
        "nothing",
        [],
    ),
    "invalid YAML": (
        {"bad.yaml": ANSWERS_HEAD + "answers: {strategy-aligned: [yes\n"},
        ["bad.yaml"],
        "bad.yaml",
        ["YAML"],
    ),
    "unknown item id": (
        {"unknown.yaml": ANSWERS_HEAD + 'answers:\n  strategy-alined: "yes"\n'},
        ["unknown.yaml"],
        "unknown.yaml",
        ["strategy-alined", "strategy-aligned"],
    ),
    "answer outside the scale": (
        {"scale.yaml": ANSWERS_HEAD + "answers:\n  strategy-aligned: maybe\n"},
        ["scale.yaml"],
        "scale.yaml",
        ["maybe", "partly", "n/a"],
    ),
    "broken checklist": (
        {
            "local/broken.yaml": BROKEN_CHECKLIST,
            "uses-broken.yaml": "checklist: local/broken.yaml\norganisation: X\nanswers:\n",
        },
        ["uses-broken.yaml"],
        "local/broken.yaml",
        ["continuum", "elements"],
    ),
    "escape character": (
        {"escape.yaml": ANSWERS_HEAD.replace("Test Org", '"Evil \\e[31m red"') + "answers:\n"},
        ["escape.yaml"],
        "escape.yaml",
        [],
    ),
}


def _make(work: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        write(work, name, text)


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_nothing_on_stdout(work: Path, case: str) -> None:
    files, args, about, words = BAD_INPUTS[case]
    _make(work, files)
    lines = assert_unusable(invoke("assess", *args))
    text = "\n".join(lines)
    assert about in text
    for word in words:
        assert word in text, word
    assert "\x1b" not in text


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_json_format_exits_2_with_nothing_on_stdout(work: Path, case: str) -> None:
    files, args, _about, _words = BAD_INPUTS[case]
    _make(work, files)
    assert_unusable(invoke("assess", *args, "--format", "json"))


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_each_problem_is_file_line_col_message(work: Path, case: str) -> None:
    """SPEC 2.4: every problem is reported as FILE:LINE:COL: message, one a line; a
    problem of a whole file or folder (missing, no answers in it) has no position and
    is FILE: message."""
    files, args, about, _words = BAD_INPUTS[case]
    _make(work, files)
    lines = assert_unusable(invoke("assess", *args))
    for line in lines:
        match = PROBLEM.match(line) or FILE_PROBLEM.match(line)
        assert match, f"not FILE:LINE:COL: message nor FILE: message: {line!r}"
        if match.re is PROBLEM:
            assert int(match["line"]) >= 1 and int(match["column"]) >= 1, line
    assert about in problem_files(lines)


def test_problems_point_at_the_right_place(work: Path) -> None:
    write(
        work,
        "two.yaml",
        ANSWERS_HEAD + 'answers:\n  strategy-alined: "yes"\n  strategy-vision: maybe\n',
    )
    lines = assert_unusable(invoke("assess", "two.yaml"))
    located = {(m["line"], m["column"]) for line in lines if (m := PROBLEM.match(line))}
    assert ("5", "3") in located  # the unknown key
    assert ("6", "20") in located  # the value outside the scale
    assert len(lines) == 2  # all problems of the file at once


def test_several_files_one_broken_reports_everything_prints_nothing(work: Path) -> None:
    _make(work, BAD_INPUTS["invalid YAML"][0])
    _make(work, BAD_INPUTS["unknown item id"][0])
    _make(work, BAD_INPUTS["answer outside the scale"][0])
    args = (
        "northwind-2026-q2.yaml",
        "bad.yaml",
        "unknown.yaml",
        "northwind-2026-q1.yaml",
        "scale.yaml",
        "missing.yaml",
    )
    for extra in ((), ("-f", "json"), ("--detail",)):
        lines = assert_unusable(invoke("assess", *args, *extra))
        assert {"bad.yaml", "unknown.yaml", "scale.yaml"} <= problem_files(lines)
        assert any(line.startswith("missing.yaml") for line in lines)
        assert not any("northwind" in line for line in lines)


def test_several_files_one_broken_writes_no_output_file(work: Path) -> None:
    _make(work, BAD_INPUTS["unknown item id"][0])
    write(work, "report.json", "old\n")
    before = listing(work)
    lines = assert_unusable(
        invoke(
            "assess", "northwind-2026-q2.yaml", "unknown.yaml", "-f", "json", "-o", "report.json"
        )
    )
    assert "unknown.yaml" in problem_files(lines)
    assert (work / "report.json").read_text(encoding="utf-8") == "old\n"
    assert listing(work) == before


def test_two_files_sharing_a_broken_checklist(work: Path) -> None:
    _make(work, BAD_INPUTS["broken checklist"][0])
    shutil.copy(work / "uses-broken.yaml", work / "also-broken.yaml")
    lines = assert_unusable(invoke("assess", "uses-broken.yaml", "also-broken.yaml"))
    assert "local/broken.yaml" in problem_files(lines)
    assert len(lines) == len(set(lines)), "a shared checklist's problems are reported once"


# -- never markup, never control codes -------------------------------------------------------

MARKUP_ORGANISATION = "[bold red]x[/]"
MARKUP_NOTE = "<script>alert(1)</script>"
MARKUP_UNIT = "[link=http://e]y[/link]"


def _markup_answers(work: Path) -> Path:
    return write(
        work,
        "markup.yaml",
        "checklist: profit-through-service\n"
        f'organisation: "{MARKUP_ORGANISATION}"\n'
        f'unit: "{MARKUP_UNIT}"\n'
        f'assessor: "{MARKUP_NOTE}"\n'
        "period: 2026-Q2\n"
        "answers:\n"
        f'  strategy-aligned: {{answer: partly, note: "{MARKUP_NOTE}"}}\n'
        f'  strategy-vision: {{answer: "no", note: "{MARKUP_UNIT}"}}\n'
        f'  channels-variety: {{answer: "yes", note: "{MARKUP_ORGANISATION}"}}\n',
    )


def test_markup_from_files_is_shown_literally(work: Path) -> None:
    _markup_answers(work)
    result = invoke("assess", "markup.yaml")
    assert result.exit_code == 0, result.stderr
    for text in (MARKUP_ORGANISATION, MARKUP_UNIT, MARKUP_NOTE):
        assert text in result.stdout, text
    assert "\x1b" not in result.stdout


def test_markup_from_files_is_shown_literally_in_a_portfolio(work: Path) -> None:
    _markup_answers(work)
    result = invoke("assess", "markup.yaml", "northwind-2026-q2.yaml", "--detail")
    assert result.exit_code == 0, result.stderr
    for text in (MARKUP_ORGANISATION, MARKUP_UNIT, MARKUP_NOTE):
        assert text in result.stdout, text


def test_markup_from_files_is_kept_in_json(work: Path) -> None:
    _markup_answers(work)
    data = json.loads(invoke("assess", "markup.yaml", "-f", "json").stdout)
    assert data["subject"]["organisation"] == MARKUP_ORGANISATION
    assert data["subject"]["unit"] == MARKUP_UNIT
    notes = {item["id"]: item["note"] for item in data["items"]}
    assert notes["strategy-aligned"] == MARKUP_NOTE
    assert notes["strategy-vision"] == MARKUP_UNIT
    assert notes["channels-variety"] == MARKUP_ORGANISATION


def test_markup_in_a_checklist_is_shown_literally(work: Path) -> None:
    source = (CHECKLISTS / "key-elements.yaml").read_text(encoding="utf-8")
    first = checklist_items("key-elements")[0]
    marked = "[bold]We[/bold] <b>mean</b> [link=http://e]it[/link]"
    source = source.replace(first["text"], json.dumps(marked), 1)
    write(work, "marked.yaml", source)
    result = invoke("show", "marked.yaml")
    assert result.exit_code == 0, result.stderr
    assert marked in result.stdout


def test_no_escape_codes_with_no_color(work: Path) -> None:
    for args in (
        ("assess", "northwind-2026-q2.yaml"),
        ("assess", "northwind-2026-q2.yaml", "northwind-2026-q1.yaml", "--detail"),
        ("checklists",),
        ("show", "key-elements"),
    ):
        result = invoke(*args, env={"NO_COLOR": "1"})
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout, args
        assert "\x1b" not in result.stderr, args


def test_no_escape_codes_when_piped(work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    for args in (
        ["assess", "northwind-2026-q2.yaml"],
        ["assess", "northwind-2026-q2.yaml", "harbour-clinics-2026-q2.yaml"],
        ["checklists"],
        ["show", "profit-through-service"],
        ["template"],
    ):
        completed = subprocess.run(
            [sys.executable, "-m", "servicescore", *args],
            cwd=work,
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr
        assert b"\x1b" not in completed.stdout, args
        assert b"Northwind" in completed.stdout or args[0] != "assess"


def _run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes]:
    """Run the CLI with a pseudo-terminal as stdin, stdout and stderr."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "servicescore", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(master)
    return process.returncode, b"".join(chunks)


_SGR = re.compile(rb"\x1b\[([0-9;]*)m")
_COLOUR_CODES = set(range(30, 39)) | set(range(40, 49)) | set(range(90, 98)) | set(range(100, 108))


def _colour_codes(output: bytes) -> set[int]:
    found = set()
    for params in _SGR.findall(output):
        found |= {int(p) for p in params.split(b";") if p} & _COLOUR_CODES
    return found


def test_no_colour_in_a_terminal_with_no_color(work: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ENV}
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="50")
    code, coloured = _run_in_terminal(["assess", "northwind-2026-q2.yaml"], env, work)
    assert code == 0
    assert b"\x1b" in coloured  # the harness really looks like a terminal
    code, plain = _run_in_terminal(
        ["assess", "northwind-2026-q2.yaml"], {**env, "NO_COLOR": "1"}, work
    )
    assert code == 0
    assert b"Northwind Utilities" in plain
    assert _colour_codes(plain) == set()


def test_escape_in_a_double_quoted_string_is_rejected(work: Path) -> None:
    for field, number in (("organisation", 3), ("note", 5)):
        text = ANSWERS_HEAD + "answers:\n  strategy-aligned: partly\n"
        if field == "organisation":
            text = text.replace("Test Org", '"Evil \\e[31m red"')
        else:
            text = text.replace("partly", '{answer: partly, note: "Evil \\x1b[2J"}')
        write(work, "escape.yaml", text)
        assert "\x1b" not in (work / "escape.yaml").read_text(encoding="utf-8")
        lines = assert_unusable(invoke("assess", "escape.yaml"))
        assert any(line.startswith(f"escape.yaml:{number}:") for line in lines), lines
        assert "\x1b" not in "\n".join(lines)


def test_control_characters_in_a_missing_file_name_are_escaped(work: Path) -> None:
    lines = assert_unusable(invoke("assess", "evil\x1b[31m.yaml"))
    assert "\x1b" not in "\n".join(lines)
    assert "evil" in lines[0]


def test_control_characters_in_file_names_never_reach_the_terminal(work: Path) -> None:
    """SPEC 4: control characters never reach the terminal, including from file names."""
    folder = work / "folder"
    folder.mkdir()
    shutil.copy(work / "northwind-2026-q2.yaml", folder / "evil\x1b[31mred.yaml")
    shutil.copy(work / "northwind-2026-q1.yaml", folder / "plain.yaml")
    for extra in ((), ("--detail",)):
        result = invoke("assess", "folder", *extra)
        assert result.exit_code == 0, result.stderr
        assert "plain.yaml" in result.stdout
        assert "\x1b" not in result.stdout


def test_narrow_terminal_lines_fit(work: Path) -> None:
    from rich.cells import cell_len

    for args in (
        ("assess", "northwind-2026-q2.yaml"),
        ("assess", "northwind-2026-q2.yaml", "harbour-clinics-2026-q2.yaml", "--detail"),
        ("checklists",),
        ("show", "key-elements"),
    ):
        result = invoke(*args, env={"COLUMNS": "60"})
        assert result.exit_code == 0, result.stderr
        too_wide = [line for line in result.stdout.splitlines() if cell_len(line) > 60]
        assert not too_wide, (args, too_wide)


# -- assess: --output ------------------------------------------------------------------------


def test_output_json(work: Path) -> None:
    before = listing(work)
    result = invoke("assess", "northwind-2026-q2.yaml", "-f", "json", "--output", "report.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert listing(work) == before | {"report.json"}
    written = json.loads((work / "report.json").read_text(encoding="utf-8"))
    assert written == json.loads(invoke("assess", "northwind-2026-q2.yaml", "-f", "json").stdout)


def test_output_table(work: Path) -> None:
    before = listing(work)
    result = invoke("assess", "northwind-2026-q2.yaml", "-o", "report.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert listing(work) == before | {"report.txt"}
    text = (work / "report.txt").read_text(encoding="utf-8")
    expected = expected_report(work / "northwind-2026-q2.yaml", "")
    assert "Northwind Utilities" in text
    assert f"Stage {expected['stage']['number']}" in text
    for item_id in expected["roadmap"]["items"]:
        assert item_id in text
    assert "\x1b" not in text


def test_output_portfolio(work: Path) -> None:
    result = invoke("assess", *PORTFOLIO, "-f", "json", "-o", "all.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = json.loads((work / "all.json").read_text(encoding="utf-8"))
    assert [report["file"] for report in data] == list(PORTFOLIO)


def test_output_replaces_an_existing_report(work: Path) -> None:
    write(work, "report.json", "old\n")
    assert (
        invoke("assess", "northwind-2026-q2.yaml", "-f", "json", "-o", "report.json").exit_code == 0
    )
    assert json.loads((work / "report.json").read_text(encoding="utf-8"))["format"]
    assert listing(work) == {p.name for p in EXAMPLES.glob("*.yaml")} | {"report.json"}


def test_output_dash_is_stdout(work: Path) -> None:
    before = listing(work)
    result = invoke("assess", "northwind-2026-q2.yaml", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["file"] == "northwind-2026-q2.yaml"
    assert listing(work) == before


@pytest.mark.parametrize(
    "target",
    ["northwind-2026-q2.yaml", "./northwind-2026-q2.yaml", "sub/../northwind-2026-q2.yaml"],
)
def test_output_refuses_to_overwrite_the_answers_file(work: Path, target: str) -> None:
    (work / "sub").mkdir()
    original = (work / "northwind-2026-q2.yaml").read_bytes()
    before = listing(work)
    for fmt in ("json", "table"):
        result = invoke("assess", "northwind-2026-q2.yaml", "-f", fmt, "-o", target)
        lines = assert_unusable(result)
        assert "northwind-2026-q2.yaml" in "\n".join(lines)
        assert (work / "northwind-2026-q2.yaml").read_bytes() == original
        assert listing(work) == before


def test_output_refuses_an_absolute_path_or_symlink_to_an_input(work: Path) -> None:
    original = (work / "northwind-2026-q1.yaml").read_bytes()
    (work / "link.yaml").symlink_to(work / "northwind-2026-q1.yaml")
    before = listing(work)
    for target in (work / "northwind-2026-q1.yaml", "link.yaml"):
        result = invoke("assess", "northwind-2026-q2.yaml", "northwind-2026-q1.yaml", "-o", target)
        assert_unusable(result)
        assert (work / "northwind-2026-q1.yaml").read_bytes() == original
        assert (work / "link.yaml").is_symlink()
        assert listing(work) == before


def test_output_refuses_an_answers_file_found_in_a_directory(work: Path) -> None:
    folder = work / "folder"
    folder.mkdir()
    shutil.copy(work / "northwind-2026-q2.yaml", folder / "answers.yaml")
    original = (folder / "answers.yaml").read_bytes()
    assert_unusable(invoke("assess", "folder", "-o", "folder/answers.yaml"))
    assert (folder / "answers.yaml").read_bytes() == original
    assert listing(folder) == {"answers.yaml"}


def test_output_refuses_to_overwrite_the_checklist(work: Path) -> None:
    local = shutil.copy(CHECKLISTS / "profit-through-service.yaml", work / "ours.yaml")
    original = Path(local).read_bytes()
    result = invoke(
        "assess", "northwind-2026-q2.yaml", "--checklist", "ours.yaml", "-o", "ours.yaml"
    )
    assert_unusable(result)
    assert Path(local).read_bytes() == original


def test_output_refuses_to_overwrite_the_continuum(work: Path) -> None:
    """The continuum is an input of the run too: overwriting it destroys the user's file."""
    shutil.copy(CHECKLISTS / f"{CONTINUUM}.yaml", work / "continuum.yaml")
    checklist = (CHECKLISTS / "profit-through-service.yaml").read_text(encoding="utf-8")
    write(
        work, "ours.yaml", checklist.replace(f"continuum: {CONTINUUM}", "continuum: continuum.yaml")
    )
    answers = (work / "northwind-2026-q2.yaml").read_text(encoding="utf-8")
    write(work, "answers.yaml", answers.replace("profit-through-service", "ours.yaml"))
    assert invoke("assess", "answers.yaml").exit_code == 0
    original = (work / "continuum.yaml").read_bytes()
    result = invoke("assess", "answers.yaml", "-f", "json", "-o", "continuum.yaml")
    assert result.exit_code == 2
    assert (work / "continuum.yaml").read_bytes() == original


def test_output_into_a_missing_folder(work: Path) -> None:
    before = listing(work)
    result = invoke("assess", "northwind-2026-q2.yaml", "-o", "no/such/folder/report.txt")
    lines = assert_unusable(result)
    assert "no/such/folder" in "\n".join(lines)
    assert listing(work) == before


def test_output_onto_a_directory(work: Path) -> None:
    (work / "reports").mkdir()
    assert_unusable(invoke("assess", "northwind-2026-q2.yaml", "-o", "reports"))
    assert listing(work / "reports") == set()


def test_output_leaves_no_temporary_files(work: Path) -> None:
    out = work / "out"
    out.mkdir()
    assert invoke("assess", "northwind-2026-q2.yaml", "-o", "out/a.txt").exit_code == 0
    assert (
        invoke("assess", "northwind-2026-q2.yaml", "-f", "json", "-o", "out/a.json").exit_code == 0
    )
    assert invoke("assess", "northwind-2026-q2.yaml", "-o", "out/a.json").exit_code == 0
    assert listing(out) == {"a.txt", "a.json"}
    shutil.copy(work / "northwind-2026-q1.yaml", out / "input.yaml")
    assert_unusable(invoke("assess", "out/input.yaml", "-o", "out/input.yaml"))
    _make(work, BAD_INPUTS["unknown item id"][0])
    assert_unusable(invoke("assess", "unknown.yaml", "-o", "out/b.json"))
    assert listing(out) == {"a.txt", "a.json", "input.yaml"}


def test_output_with_a_finding_still_writes_and_exits_1(work: Path) -> None:
    result = invoke("assess", "northwind-2026-q1.yaml", "--strict", "-f", "json", "-o", "r.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((work / "r.json").read_text(encoding="utf-8"))["unanswered"]


# -- template ---------------------------------------------------------------------------------


def _comment_text(template: str) -> str:
    """Everything written in comments, joined into one line of single-spaced words."""
    parts = [line.split("#", 1)[1] for line in template.splitlines() if "#" in line]
    return " ".join(" ".join(parts).split())


def _fill(template: str, organisation: str = "Filled In Ltd") -> str:
    filled, count = re.subn(
        r"^organisation:.*$", f"organisation: {organisation}", template, flags=re.M
    )
    assert count == 1
    return filled


def _check_template(out: str, checklist_id: str, reference: str) -> None:
    data = yaml.safe_load(out)
    assert isinstance(data, dict)
    assert data.get("checklist") == reference
    assert "organisation" in data
    items = checklist_items(checklist_id)
    assert list((data.get("answers") or {}).keys()) == [item["id"] for item in items]
    assert all(value is None for value in data["answers"].values())
    comments = _comment_text(out)
    for item in items:
        assert " ".join(item["text"].split()) in comments, item["id"]


def _assess_template(work: Path, out: str, name: str, checklist_id: str) -> None:
    write(work, name, _fill(out))
    result = invoke("assess", name, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["subject"]["organisation"] == "Filled In Ltd"
    assert data["checklist"]["id"] == checklist_id
    ids = [item["id"] for item in checklist_items(checklist_id)]
    assert data["unanswered"] == ids
    assert all(item["answer"] is None for item in data["items"])
    assert invoke("assess", name).exit_code == 0


def test_template_default_checklist(work: Path) -> None:
    result = invoke("template")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _check_template(result.stdout, "profit-through-service", "profit-through-service")
    _assess_template(work, result.stdout, "filled.yaml", "profit-through-service")


@pytest.mark.parametrize("checklist_id", SHIPPED_CHECKLISTS[1:])
def test_template_of_another_shipped_checklist(work: Path, checklist_id: str) -> None:
    result = invoke("template", checklist_id)
    assert result.exit_code == 0, result.stderr
    _check_template(result.stdout, checklist_id, checklist_id)
    _assess_template(work, result.stdout, "filled.yaml", checklist_id)


def test_template_of_a_checklist_path(work: Path) -> None:
    (work / "ours").mkdir()
    shutil.copy(CHECKLISTS / "key-elements.yaml", work / "ours" / "checklist.yaml")
    result = invoke("template", "ours/checklist.yaml")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert Path(work, data["checklist"]).resolve() == (work / "ours" / "checklist.yaml").resolve()
    _check_template(result.stdout, "key-elements", data["checklist"])
    _assess_template(work, result.stdout, "filled.yaml", "key-elements")


def test_template_of_an_absolute_checklist_path(work: Path) -> None:
    path = shutil.copy(CHECKLISTS / "profit-through-service.yaml", work / "abs.yaml")
    result = invoke("template", str(Path(path).resolve()))
    assert result.exit_code == 0, result.stderr
    (work / "deeper").mkdir()
    _assess_template(work, result.stdout, "deeper/filled.yaml", "profit-through-service")


def test_template_lists_the_scale(work: Path) -> None:
    out = invoke("template").stdout
    for value in ("no", "partly", "yes", "n/a"):
        assert re.search(rf"#.*\b{re.escape(value)}\b", out)


def test_template_unknown_checklist(work: Path) -> None:
    lines = assert_unusable(invoke("template", "nope"))
    assert "nope" in "\n".join(lines)


def test_template_missing_checklist_file(work: Path) -> None:
    lines = assert_unusable(invoke("template", "missing/checklist.yaml"))
    assert "missing/checklist.yaml" in "\n".join(lines)


def test_template_broken_checklist(work: Path) -> None:
    write(work, "broken.yaml", BROKEN_CHECKLIST)
    lines = assert_unusable(invoke("template", "broken.yaml"))
    assert "broken.yaml" in problem_files(lines)


def test_template_output_writes_a_reference_that_resolves_from_its_folder(work: Path) -> None:
    (work / "checklists").mkdir()
    shutil.copy(CHECKLISTS / "key-elements.yaml", work / "checklists" / "ours.yaml")
    (work / "assessments").mkdir()
    result = invoke("template", "checklists/ours.yaml", "--output", "assessments/q1.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = (work / "assessments" / "q1.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(written)["checklist"] == "../checklists/ours.yaml"
    _check_template(written, "key-elements", "../checklists/ours.yaml")
    _assess_template(work, written, "assessments/filled.yaml", "key-elements")
    assert listing(work / "assessments") == {"q1.yaml", "filled.yaml"}


def test_template_output_keeps_a_shipped_id(work: Path) -> None:
    (work / "deep").mkdir()
    result = invoke("template", "key-elements", "-o", "deep/q1.yaml")
    assert result.exit_code == 0, result.stderr
    written = (work / "deep" / "q1.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(written)["checklist"] == "key-elements"


def test_template_output_dash_is_standard_output(work: Path) -> None:
    result = invoke("template", "key-elements", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["checklist"] == "key-elements"


def test_template_output_refuses_to_overwrite_the_checklist(work: Path) -> None:
    shutil.copy(CHECKLISTS / "key-elements.yaml", work / "ours.yaml")
    before = (work / "ours.yaml").read_bytes()
    lines = assert_unusable(invoke("template", "ours.yaml", "-o", "ours.yaml"))
    assert "refusing to overwrite" in "\n".join(lines)
    assert (work / "ours.yaml").read_bytes() == before


def test_template_output_missing_folder(work: Path) -> None:
    lines = assert_unusable(invoke("template", "key-elements", "-o", "nope/q1.yaml"))
    assert "does not exist" in "\n".join(lines)
    assert not (work / "nope").exists()


def test_template_missing_checklist_file_says_the_path_tried(work: Path) -> None:
    (work / "assessments").mkdir()
    write(work, "assessments/q1.yaml", "organisation: X\nchecklist: ours.yaml\nanswers: {}\n")
    lines = assert_unusable(invoke("assess", "assessments/q1.yaml"))
    tried = str(Path("assessments") / "ours.yaml")
    assert any("checklist file not found: ours.yaml" in line and tried in line for line in lines)


def test_template_output_through_a_symlinked_folder_resolves(work: Path) -> None:
    # The file lands in the link's target folder, where `..` is the target's parent.
    shutil.copy(CHECKLISTS / "key-elements.yaml", work / "ours.yaml")
    (work / "teams" / "north").mkdir(parents=True)
    (work / "north").symlink_to(work / "teams" / "north", target_is_directory=True)
    result = invoke("template", "ours.yaml", "-o", "north/q1.yaml")
    assert result.exit_code == 0, result.stderr
    written = (work / "north" / "q1.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(written)["checklist"] == "../../ours.yaml"
    _assess_template(work, written, "north/filled.yaml", "key-elements")


def test_checklist_not_found_names_the_path_tried_through_a_symlink(work: Path) -> None:
    (work / "teams" / "north").mkdir(parents=True)
    (work / "north").symlink_to(work / "teams" / "north", target_is_directory=True)
    write(work, "ours.yaml", "not looked at: the reference goes through the link")
    write(work, "north/q1.yaml", "organisation: X\nchecklist: ../ours.yaml\nanswers: {}\n")
    lines = assert_unusable(invoke("assess", "north/q1.yaml"))
    tried = str(Path("teams") / "ours.yaml")
    assert any(
        "checklist file not found: ../ours.yaml" in line and f"(looked for {tried})" in line
        for line in lines
    ), lines


# -- checklists and show ------------------------------------------------------------------------


def test_checklists_lists_the_shipped_checklists(work: Path) -> None:
    result = invoke("checklists")
    assert result.exit_code == 0, result.stderr
    for checklist_id in SHIPPED_CHECKLISTS:
        title = load_yaml(CHECKLISTS / f"{checklist_id}.yaml")["title"]
        assert checklist_id in result.stdout
        assert title.split()[0] in result.stdout
        row = next(line for line in result.stdout.splitlines() if checklist_id in line)
        assert re.search(rf"\b{len(checklist_items(checklist_id))}\b", row)


@pytest.mark.parametrize(
    "args",
    [
        ("show", "profit-through-service"),
        ("checklists", "show", "profit-through-service"),
        ("show", "key-elements"),
        ("checklists", "show", "key-elements"),
        ("show", "beyond-the-front-line"),
    ],
)
def test_show_prints_every_item(work: Path, args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    data = load_yaml(CHECKLISTS / f"{args[-1]}.yaml")
    assert data["title"] in result.stdout
    for element in data["elements"]:
        assert element["title"] in result.stdout
        for item in element["items"]:
            assert item["id"] in result.stdout


def test_show_a_checklist_file(work: Path) -> None:
    shutil.copy(CHECKLISTS / "key-elements.yaml", work / "mine.yaml")
    result = invoke("show", "mine.yaml")
    assert result.exit_code == 0, result.stderr
    for item in checklist_items("key-elements"):
        assert item["id"] in result.stdout


@pytest.mark.parametrize("args", [("show", "nope"), ("checklists", "show", "nope")])
def test_show_unknown_checklist(work: Path, args: tuple[str, ...]) -> None:
    lines = assert_unusable(invoke(*args))
    assert "nope" in "\n".join(lines)


# -- a repository: answers beside other tools' YAML, hidden folders, virtual environments


PRE_COMMIT_CONFIG = """\
repos:
  - repo: https://example.org/your-mirror/servicescore
    rev: v0.1.0
    hooks:
      - id: servicescore-check
        files: ^(checklists|assessments)/
"""


def _repository(work: Path) -> Path:
    """A project folder as a team keeps one: an answers file among other tools' YAML, and
    folders never to walk into, each holding a broken answers file that would show."""
    repo = work / "repo"
    (repo / "assessments").mkdir(parents=True)
    shutil.copy(work / "northwind-2026-q2.yaml", repo / "assessments")
    write(repo, ".pre-commit-config.yaml", PRE_COMMIT_CONFIG)
    write(repo, "config/tool.yml", "name: a tool's data\nsettings: {depth: 3}\n")
    write(repo, ".github/workflows/ci.yml", "on: push\njobs: {test: {runs-on: ubuntu-latest}}\n")
    broken = (
        "kind: answers\nchecklist: profit-through-service\norganisation: X\nanswers: {nope: yes}\n"
    )
    write(repo, ".venv/pyvenv.cfg", "home = /usr/bin\n")
    write(repo, ".venv/lib/site-packages/pkg/data.yaml", broken)
    write(repo, "venv/pyvenv.cfg", "home = /usr/bin\n")
    write(repo, "venv/lib/answers.yaml", broken)
    write(repo, "node_modules/pkg/answers.yaml", broken)
    write(repo, "src/__pycache__/answers.yaml", broken)
    write(repo, ".hidden/answers.yaml", broken)
    return repo


def test_assess_in_a_repository_reads_only_its_answers_files(work: Path) -> None:
    """Issue 8.2: `assess .` beside a .pre-commit-config.yaml and a .venv exited 2."""
    _repository(work)
    for command in ("assess", "trend"):
        result = invoke(command, "repo", "-f", "json")
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stderr == ""
        assert "assessments/northwind-2026-q2.yaml" in result.stdout, command
        for skipped in (".venv", "venv/", "node_modules", "__pycache__", ".hidden", "config/"):
            assert skipped not in result.stdout, (command, skipped)


def test_check_in_a_repository_skips_hidden_and_environment_folders(work: Path) -> None:
    _repository(work)
    result = invoke("check", "--format", "json", "repo")
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert [(f["file"], f["kind"]) for f in data["files"]] == [
        ("repo/assessments/northwind-2026-q2.yaml", "answers")
    ]


def test_a_file_named_inside_a_skipped_folder_is_still_read(work: Path) -> None:
    _repository(work)
    names = ("repo/.venv/lib/site-packages/pkg/data.yaml", "repo/node_modules/pkg/answers.yaml")
    for name in names:
        lines = assert_unusable(invoke("assess", name))
        assert problem_files(lines) == {name}
        checked = invoke("check", name)
        assert checked.exit_code == 1
        assert checked.stdout.startswith(f"{name}:4:"), checked.stdout
    # A folder named explicitly is walked, even a hidden one.
    assert invoke("check", "repo/.hidden").exit_code == 1
