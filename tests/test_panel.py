"""The workshop panel the README walks through (``panels/northwind-2026-q4/``): six
respondents of one organisation in three roles, answering one shipped checklist alone
before a workshop. It must load and assess file by file, pass ``check --strict``, and
hold what a workshop needs to talk about: items the respondents dispute and items the
roles see differently, next to facts everyone agrees on. ``consolidate`` over it runs,
and its consolidated answers file scores as the consolidation did.

The panel lives outside ``examples/`` on purpose: ``assess examples`` walks the folder
recursively, and six rows of one organisation would join the examples' portfolio.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import invoke
from servicescore.consolidate import Consolidation, consolidate
from servicescore.inputs import load_answers
from servicescore.model import NOT_APPLICABLE, Answers

ROOT = Path(__file__).resolve().parents[1]
PANEL = ROOT / "panels" / "northwind-2026-q4"
FILES = sorted(PANEL.glob("*.yaml"))


@pytest.fixture(scope="module")
def panel() -> list[Answers]:
    return load_answers([PANEL])


@pytest.fixture(scope="module")
def consolidation(panel: list[Answers]) -> Consolidation:
    return consolidate(panel)


def test_the_panel_loads_from_its_folder(panel: list[Answers]) -> None:
    # Issue 12: five or six respondents; every file of the folder is one of them.
    assert 5 <= len(FILES) <= 6
    assert sorted(Path(answers.path).name for answers in panel) == [path.name for path in FILES]


def test_the_panel_answers_one_checklist_about_one_organisation(panel: list[Answers]) -> None:
    assert len({(a.checklist.id, a.checklist.version) for a in panel}) == 1
    subjects = {(a.subject.organisation, a.subject.unit, a.subject.period) for a in panel}
    assert len(subjects) == 1
    [(organisation, unit, period)] = subjects
    assert organisation and unit and period


def test_its_respondents_are_distinct_in_three_roles(panel: list[Answers]) -> None:
    respondents = [answers.subject.respondent for answers in panel]
    assert None not in respondents
    assert len(set(respondents)) == len(respondents)
    roles = [answers.subject.role for answers in panel]
    assert None not in roles
    assert len(set(roles)) == 3


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_file_assesses_on_its_own(path: Path) -> None:
    result = invoke("assess", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "servicescore.report/1"
    assert report["subject"]["respondent"]
    assert report["subject"]["role"]


def test_the_panel_passes_a_strict_check() -> None:
    result = invoke("check", "--strict", PANEL)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [f"{len(FILES)} files checked: no problems"]


def test_the_respondents_dispute_some_items(consolidation: Consolidation) -> None:
    assert consolidation.disputed


def test_the_roles_see_some_items_differently(consolidation: Consolidation) -> None:
    assert consolidation.perception_gaps
    assert all(gap != 0 for gap in consolidation.role_gaps.values())


def test_everyone_agrees_on_some_facts(consolidation: Consolidation) -> None:
    # Items every respondent rated on the scale, all alike: the hard facts.
    agreed = [
        entry
        for entry in consolidation.items
        if entry.spread == 0 and entry.consolidated.value not in (NOT_APPLICABLE, None)
        if all(answer.value == entry.consolidated.value for answer in entry.answers)
    ]
    assert agreed


def test_the_director_sees_every_component_further_on_than_the_advisers(
    consolidation: Consolidation,
) -> None:
    # The story the README tells: the view from the top is rosier than the front line's.
    scores = {role.role: role.components for role in consolidation.roles}
    for component, director in scores["Director"].items():
        adviser = scores["Adviser"][component]
        assert director is not None and adviser is not None
        assert director > adviser, component


def test_consolidate_over_the_panel_finds_disputes_and_perception_gaps(tmp_path: Path) -> None:
    out = tmp_path / "consolidated.yaml"
    result = invoke("consolidate", PANEL, "--format", "json", "--answers-out", out)
    assert result.exit_code == 0, result.stderr
    consolidation = json.loads(result.stdout)
    assert consolidation["format"] == "servicescore.consolidation/1"
    assert len(consolidation["respondents"]) == len(FILES)
    assert len({respondent["role"] for respondent in consolidation["respondents"]}) == 3
    assert any(item["disputed"] for item in consolidation["items"])
    assert consolidation["perception_gaps"]
    # The README's walk-through keeps this file for next quarter: it scores the same.
    report = json.loads(invoke("assess", out, "--format", "json").stdout)
    for key in ("stage", "score", "components", "roadmap"):
        assert report[key] == consolidation["report"][key], key


def test_the_consolidated_file_writes_each_note_one_respondent_a_line(
    tmp_path: Path, consolidation: Consolidation
) -> None:
    # The consultant keeps the file in git: a note of several respondents is a literal
    # block, one `respondent: note` line each, that reads and edits line by line.
    out = tmp_path / "consolidated.yaml"
    assert invoke("consolidate", PANEL, "--answers-out", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    several = [
        entry
        for entry in consolidation.items
        if entry.consolidated.note is not None and "\n" in entry.consolidated.note
    ]
    assert several
    for entry in several:
        start = lines.index(f"  {entry.item.id}:")
        value = entry.consolidated.value
        notes = [f"      {line}" for line in entry.consolidated.note.split("\n")]
        assert lines[start + 1 : start + 3 + len(notes)] == [
            f"    answer: {'~' if value is None else value}",
            "    note: |-",
            *notes,
        ]
    check = invoke("check", "--strict", out)
    assert check.exit_code == 0, check.stdout
    assert check.stdout.splitlines() == ["1 file checked: no problems"]
