"""The ``--format json`` report (SPEC section 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from builders import NA, NO, PARTLY, YES, advance_text, checklist, continuum, element, item, run
from servicescore.cli import app
from servicescore.model import Answer
from servicescore.render import json as json_render
from servicescore.render.json import report_data
from servicescore.scoring import Assessment

REPORT_KEYS = {
    "format",
    "file",
    "checklist",
    "continuum",
    "subject",
    "meta",
    "stage",
    "provisional",
    "stage_range",
    "score",
    "limiting_components",
    "components",
    "groups",
    "elements",
    "measures",
    "items",
    "unanswered",
    "next_steps",
    "roadmap",
}


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_score(value: object) -> bool:
    return value is None or (is_number(value) and round(value, 1) == value)  # type: ignore[arg-type]


def sample() -> Assessment:
    """Two components, three stages, two groups, every kind of answer."""
    check = checklist(
        element(
            "strategy",
            item("s-a2", "a", 2),
            item("s-b2", "b", 2, weight="2"),
            group="Strategic",
        ),
        element(
            "people",
            item("p-a3", "a", 3, weight="0.5"),
            item("p-b3", "b", 3, weight="1.0"),
            item("p-a2", "a", 2),
            group="HR",
        ),
        element("loose", item("l-b2", "b", 2)),
        cont=continuum(stages=3, components=("a", "b")),
    )
    return run(
        check,
        {
            "s-a2": YES,
            "s-b2": Answer(PARTLY, "half the teams"),
            "p-a3": NO,
            "p-b3": NA,
            "p-a2": YES,
            # l-b2 unanswered
        },
        organisation="Northwind",
        unit="Contact centre",
        period="2026-Q2",
        meta={"workshop": "Quarterly review", "headcount": 66, "tags": ["a", "b"]},
        path="answers/northwind.yaml",
    )


def roundtrip(data: Any) -> Any:
    """What a consumer of the printed JSON sees."""
    return json.loads(json.dumps(data))


def test_top_level_keys_and_types() -> None:
    data = roundtrip(report_data(sample()))
    assert set(data) == REPORT_KEYS
    assert data["format"] == "servicescore.report/1"
    assert data["file"] == "answers/northwind.yaml"
    assert data["checklist"] == {
        "id": "test-checklist",
        "title": "Checklist test-checklist",
        "version": "1.0",
    }
    assert data["continuum"] == {
        "id": "test-continuum",
        "title": "Continuum test-continuum",
        "stages": 3,
    }
    assert data["subject"] == {
        "organisation": "Northwind",
        "unit": "Contact centre",
        "period": "2026-Q2",
        "assessor": None,
        "respondent": None,
        "role": None,
    }
    assert data["meta"] == {"workshop": "Quarterly review", "headcount": 66, "tags": ["a", "b"]}
    assert isinstance(data["stage"], dict)
    assert set(data["stage"]) == {"number", "name"}
    assert is_int(data["stage"]["number"])
    assert isinstance(data["stage"]["name"], str)
    assert is_score(data["score"])
    assert all(isinstance(x, str) for x in data["limiting_components"])
    for key in ("components", "groups", "elements", "items", "unanswered", "next_steps"):
        assert isinstance(data[key], list), key


def test_values_of_the_sample() -> None:
    data = roundtrip(report_data(sample()))
    # a: cell 2 = s-a2 yes + p-a2 yes → passes; cell 3 = p-a3 no → fails: stage 2
    # b: cell 2 = s-b2 2×0.5 + l-b2 0 = 1 of 3 → fails: stage 1
    assert data["stage"] == {"number": 1, "name": "Stage 1"}
    assert data["limiting_components"] == ["b"]
    # a: 1 + 0 + 1 = 2 of 1 + 0.5 + 1 = 2.5 → 80.0; b: 1 of 3 → 33.3 (p-b3 n/a)
    assert data["components"] == [
        {
            "id": "a",
            "name": "Component a",
            "stage": 2,
            "stage_range": {"low": 2, "high": 2},
            "score": 80.0,
        },
        {
            "id": "b",
            "name": "Component b",
            "stage": 1,
            "stage_range": {"low": 1, "high": 1},
            "score": 33.3,
        },
    ]
    # l-b2 is unanswered, so the report is provisional; even at full credit it leaves b's
    # stage-2 cell at 2 of 3 < 0.8, so no answer can move a stage
    assert data["provisional"] is True
    assert data["stage_range"] == {"low": 1, "high": 1}
    # overall: 1 + 1 + 0 + 1 + 0 = 3 of 1 + 2 + 0.5 + 1 + 1 = 5.5 → 54.545… → 54.5
    assert data["score"] == 54.5
    # Strategic: 2 of 3 → 66.7; HR: 1 of 1.5 → 66.7
    assert data["groups"] == [
        {"name": "Strategic", "score": 66.7},
        {"name": "HR", "score": 66.7},
    ]
    assert data["elements"] == [
        {
            "id": "strategy",
            "title": "Element strategy",
            "group": "Strategic",
            "score": 66.7,
            "applicable": 2,
        },
        {"id": "people", "title": "Element people", "group": "HR", "score": 66.7, "applicable": 2},
        {"id": "loose", "title": "Element loose", "group": None, "score": 0.0, "applicable": 1},
    ]
    assert data["unanswered"] == ["l-b2"]
    # a: target 3, cell = p-a3 only → required p-a3.
    # b: target 2, Σw 3, have 1, need 2.4: gains l-b2 1, s-b2 1 (tie: checklist order s-b2 first)
    #    +s-b2 → 2, +l-b2 → 3
    assert data["next_steps"] == [
        {
            "component": "a",
            "target_stage": 3,
            "blocked": False,
            "required": ["p-a3"],
            "other": [],
            "advance": advance_text("a", 3),
        },
        {
            "component": "b",
            "target_stage": 2,
            "blocked": False,
            "required": ["s-b2", "l-b2"],
            "other": [],
            "advance": advance_text("b", 2),
        },
    ]
    assert data["roadmap"] == {"target_stage": 2, "items": ["s-b2", "l-b2"]}


def test_items() -> None:
    data = report_data(sample())
    items = {entry["id"]: entry for entry in data["items"]}
    assert [entry["id"] for entry in data["items"]] == [
        "s-a2",
        "s-b2",
        "p-a3",
        "p-b3",
        "p-a2",
        "l-b2",
    ]
    for entry in data["items"]:
        assert set(entry) == {
            "id",
            "element",
            "component",
            "stage",
            "weight",
            "answer",
            "credit",
            "note",
        }
        assert is_int(entry["stage"])
        assert is_number(entry["weight"])
    assert items["s-a2"] == {
        "id": "s-a2",
        "element": "strategy",
        "component": "a",
        "stage": 2,
        "weight": 1,
        "answer": "yes",
        "credit": 1,
        "note": None,
    }
    assert items["s-b2"]["answer"] == "partly"
    assert items["s-b2"]["credit"] == 0.5
    assert items["s-b2"]["note"] == "half the teams"
    assert items["s-b2"]["weight"] == 2
    assert items["p-a3"]["weight"] == 0.5
    assert (items["p-a3"]["answer"], items["p-a3"]["credit"]) == ("no", 0)
    # n/a: credit null
    assert (items["p-b3"]["answer"], items["p-b3"]["credit"]) == ("n/a", None)
    # unanswered: answer null, credit 0
    assert (items["l-b2"]["answer"], items["l-b2"]["credit"]) == (None, 0)
    assert is_int(items["l-b2"]["credit"])


def test_weight_one_is_printed_as_integer_one() -> None:
    data = report_data(sample())
    text = json_render.dumps(data)
    weights = {entry["id"]: entry["weight"] for entry in data["items"]}
    # written as 1 (default) and as "1.0": both are the number one, printed as 1
    assert is_int(weights["s-a2"])
    assert is_int(weights["p-b3"])
    assert weights["p-b3"] == 1
    assert '"weight": 1.0' not in text
    assert '"weight": 1,' in text
    assert '"weight": 0.5,' in text


def test_unanswered_credit_is_printed_as_zero() -> None:
    one = json.loads(json_render.assessment(sample()))
    (entry,) = [e for e in one["items"] if e["id"] == "l-b2"]
    assert entry["credit"] == 0
    assert entry["answer"] is None


def test_assessment_prints_one_json_object_equal_to_report_data() -> None:
    result = sample()
    text = json_render.assessment(result)
    assert json.loads(text) == roundtrip(report_data(result))
    assert text.endswith("\n")


def test_groups_empty_when_the_checklist_has_none() -> None:
    check = checklist(item("a2", "a"), item("b2", "b"))
    data = report_data(run(check, {"a2": YES}))
    assert data["groups"] == []
    assert [e["group"] for e in data["elements"]] == [None]


def test_meta_is_an_empty_object_without_meta() -> None:
    data = report_data(run(checklist(item("a2")), {}))
    assert data["meta"] == {}
    assert data["subject"] == {
        "organisation": "Test Org",
        "unit": None,
        "period": None,
        "assessor": None,
        "respondent": None,
        "role": None,
    }


def test_roadmap_is_null_at_the_top_stage() -> None:
    check = checklist(item("a2", "a"), item("b2", "b"), cont=continuum(stages=2))
    data = report_data(run(check, {"a2": YES, "b2": YES}))
    assert data["stage"] == {"number": 2, "name": "Stage 2"}
    assert data["roadmap"] is None
    assert data["next_steps"] == []
    assert '"roadmap": null' in json_render.dumps(data)


def test_blocked_next_step() -> None:
    check = checklist(item("a2", "a"), item("b2", "b"))
    data = report_data(run(check, {"a2": NA, "b2": NO}))
    assert data["next_steps"][0] == {
        "component": "a",
        "target_stage": 2,
        "blocked": True,
        "required": [],
        "other": [],
        "advance": advance_text("a", 2),
    }
    assert data["roadmap"] == {"target_stage": 2, "items": ["b2"]}


def test_null_scores_where_nothing_is_applicable() -> None:
    check = checklist(element("e", item("a2", "a"), group="G"))
    data = report_data(run(check, {"a2": NA}))
    assert data["score"] is None
    assert [c["score"] for c in data["components"]] == [None, None]
    assert data["groups"] == [{"name": "G", "score": None}]
    assert data["elements"][0]["score"] is None
    assert data["elements"][0]["applicable"] == 0


@pytest.mark.parametrize(
    ("weights", "answers", "expected", "text"),
    [
        # 100 × 0.6665 / 1 = 66.65 exactly → 66.7
        (("0.6665", "0.3335", "1"), (YES, NO, NA), 66.7, '"score": 66.7'),
        # 2/3 → 66.7; 1/3 → 33.3
        (("1", "1", "1"), (YES, YES, NO), 66.7, '"score": 66.7'),
        (("1", "1", "1"), (YES, NO, NO), 33.3, '"score": 33.3'),
        # 1/16 = 6.25 → 6.3
        (("1", "15", "1"), (YES, NO, NA), 6.3, '"score": 6.3'),
        # 1/2 → 50.0
        (("1", "1", "1"), (YES, NO, NA), 50.0, '"score": 50.0'),
    ],
)
def test_scores_rounded_to_one_decimal_halves_up(
    weights: tuple[str, ...], answers: tuple[str, ...], expected: float, text: str
) -> None:
    check = checklist(*(item(f"x{k}", weight=w) for k, w in enumerate(weights)))
    result = run(check, {f"x{k}": a for k, a in enumerate(answers)})
    data = report_data(result)
    assert data["score"] == expected
    assert data["components"][0]["score"] == expected
    assert data["elements"][0]["score"] == expected
    assert text in json_render.dumps(data)


def test_portfolio_is_a_list_in_argument_order() -> None:
    check = checklist(item("a2", "a"), item("b2", "b"))
    results = [
        run(check, {"a2": YES}, organisation="Zeta", path="z.yaml"),
        run(check, {"a2": YES, "b2": YES}, organisation="Alpha", path="a.yaml"),
        run(check, {}, organisation="Mid", path="m.yaml"),
    ]
    for detail in (False, True):
        data = json.loads("".join(json_render.portfolio(results, detail)))
        assert isinstance(data, list)
        assert [d["file"] for d in data] == ["z.yaml", "a.yaml", "m.yaml"]
        assert [d["subject"]["organisation"] for d in data] == ["Zeta", "Alpha", "Mid"]
        assert data == [roundtrip(report_data(r)) for r in results]
        for one in data:
            assert set(one) == REPORT_KEYS


# --- end to end through the command line ---------------------------------------------------

CONTINUUM = """\
kind: continuum
id: tiny
title: Tiny continuum
version: "1.0"
pass_mark: 0.8
components:
  - {id: focus, name: Focus, description: Customer focus}
  - {id: measure, name: Measure, description: Measurement}
stages:
  - number: 1
    name: Start
    summary: Starting out.
    looks_like: {focus: little, measure: little}
  - number: 2
    name: Basics
    summary: The basics.
    looks_like: {focus: some, measure: some}
    advance: {focus: Do the focus basics., measure: Do the measure basics.}
"""

CHECKLIST = """\
kind: checklist
id: tiny-list
title: Tiny list
version: "1.10"
continuum: continuum.yaml
scale:
  - {value: "No", credit: 0, label: Not in place}
  - {value: Partly, credit: 0.5, label: Partly in place}
  - {value: "Yes", credit: 1, label: Fully in place}
elements:
  - id: basics
    title: Basics
    items:
      - {id: f1, text: Focus one., component: focus, stage: 2, action: Do f1.}
      - {id: f2, text: Focus two., component: focus, stage: 2, weight: 0.5, action: Do f2.}
      - {id: m1, text: Measure one., component: measure, stage: 2, action: Do m1.}
"""


def answers_file(organisation: str, body: str) -> str:
    return (
        f"kind: answers\nchecklist: checklist.yaml\norganisation: {organisation}\n"
        f"period: 2026-Q2\nmeta: {{workshop: Q2 review, tags: [a, b]}}\nanswers:\n{body}"
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "continuum.yaml").write_text(CONTINUUM, encoding="utf-8")
    (tmp_path / "checklist.yaml").write_text(CHECKLIST, encoding="utf-8")
    (tmp_path / "zeta.yaml").write_text(
        answers_file("Zeta", "  f1: yes\n  f2: PARTLY\n  m1: n/a\n"), encoding="utf-8"
    )
    (tmp_path / "alpha.yaml").write_text(
        answers_file("Alpha", "  f1: 'no'\n  m1: Yes\n"), encoding="utf-8"
    )
    return tmp_path


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(app, ["assess", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_single_file_prints_one_object(files: Path) -> None:
    data = invoke(str(files / "zeta.yaml"))
    assert isinstance(data, dict)
    assert set(data) == REPORT_KEYS
    assert data["checklist"] == {"id": "tiny-list", "title": "Tiny list", "version": "1.10"}
    assert data["continuum"] == {"id": "tiny", "title": "Tiny continuum", "stages": 2}
    assert data["meta"] == {"workshop": "Q2 review", "tags": ["a", "b"]}
    items = {entry["id"]: entry for entry in data["items"]}
    # answers as written in the checklist's scale, whatever their case in the answers file
    assert (items["f1"]["answer"], items["f1"]["credit"]) == ("Yes", 1)
    assert (items["f2"]["answer"], items["f2"]["credit"]) == ("Partly", 0.5)
    assert (items["m1"]["answer"], items["m1"]["credit"]) == ("n/a", None)
    assert items["f1"]["weight"] == 1
    assert is_int(items["f1"]["weight"])
    assert items["f2"]["weight"] == 0.5
    # focus: 1 + 0.25 = 1.25 of 1.5 = 83.33… ≥ 80 → stage 2 (top); measure: blocked at 2
    assert data["components"] == [
        {
            "id": "focus",
            "name": "Focus",
            "stage": 2,
            "stage_range": {"low": 2, "high": 2},
            "score": 83.3,
        },
        {
            "id": "measure",
            "name": "Measure",
            "stage": 1,
            "stage_range": {"low": 1, "high": 1},
            "score": None,
        },
    ]
    assert data["next_steps"] == [
        {
            "component": "measure",
            "target_stage": 2,
            "blocked": True,
            "required": [],
            "other": [],
            "advance": "Do the measure basics.",
        }
    ]
    assert data["roadmap"] == {"target_stage": 2, "items": []}


def test_cli_several_files_print_a_list_in_argument_order(files: Path) -> None:
    data = invoke(str(files / "zeta.yaml"), str(files / "alpha.yaml"))
    assert isinstance(data, list)
    assert [d["subject"]["organisation"] for d in data] == ["Zeta", "Alpha"]
    assert [Path(d["file"]).name for d in data] == ["zeta.yaml", "alpha.yaml"]
    reverse = invoke(str(files / "alpha.yaml"), str(files / "zeta.yaml"))
    assert [d["subject"]["organisation"] for d in reverse] == ["Alpha", "Zeta"]
    alpha = data[1]
    assert set(alpha) == REPORT_KEYS
    items = {entry["id"]: entry for entry in alpha["items"]}
    assert (items["f1"]["answer"], items["f1"]["credit"]) == ("No", 0)
    assert (items["f2"]["answer"], items["f2"]["credit"]) == (None, 0)
    assert (items["m1"]["answer"], items["m1"]["credit"]) == ("Yes", 1)
    assert alpha["unanswered"] == ["f2"]
    # overall: 0 + 0 + 1 = 1 of 2.5 → 40.0; focus 0 → stage 1, measure passes → stage 2 (top)
    assert alpha["score"] == 40.0
    assert alpha["stage"] == {"number": 1, "name": "Start"}
    assert alpha["limiting_components"] == ["focus"]
    # focus: need 1.2 of 1.5; gains f1 1, f2 0.5: +f1 → 1 < 1.2, +f2 → 1.5
    assert alpha["roadmap"] == {"target_stage": 2, "items": ["f1", "f2"]}


def test_portfolio_is_produced_one_report_at_a_time() -> None:
    """A large portfolio is never held as one string: the renderer yields a line each."""
    check = checklist(item("a2"), item("a3", stage=3))
    results = [run(check, {"a2": "yes"}, path=f"{n}.yaml") for n in range(3)]
    pieces = list(json_render.portfolio(results, False))
    assert len(pieces) == 4  # three reports, then the closing bracket
    assert [json.loads(piece.lstrip("[,\n"))["file"] for piece in pieces[:3]] == [
        "0.yaml",
        "1.yaml",
        "2.yaml",
    ]
