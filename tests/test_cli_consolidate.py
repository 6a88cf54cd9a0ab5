"""`servicescore consolidate` end to end (SPEC 6): every bad input with its exact message,
the JSON layout, and the round trip through `--answers-out` and `assess`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from clirun import invoke, listing, write
from servicescore.rules import RULES, rule_id

CHECKLIST = """\
kind: checklist
id: panel
title: Panel checklist
version: "{version}"
continuum: customer-satisfaction-practices
elements:
  - id: listening
    title: Listening
    items:
      - {{id: listen-complaints, text: Complaints are logged., component: customer-focus,
         stage: 2, action: Log complaints.}}
      - {{id: listen-surveys, text: Customers are surveyed., component: measurement,
         stage: 2, action: Survey customers.}}
  - id: people
    title: People
    items:
      - {{id: people-trained, text: Staff are trained., component: environment, stage: 2,
         weight: 2, action: Train staff.}}
      - {{id: people-recognised, text: Good service is recognised., component: environment,
         stage: 3, action: Recognise good service.}}
"""

# Three respondents who see the organisation differently.
PANEL = {
    "ana.yaml": ("Ana", "Director", ["yes", "yes", "yes", "partly"]),
    "ben.yaml": ("Ben", "Adviser", ["no", "partly", "yes", "n/a"]),
    "cy.yaml": ("Cy", "Adviser", ["partly", "no", '{answer: "no", note: "no time for it"}', ""]),
}
ITEMS = ["listen-complaints", "listen-surveys", "people-trained", "people-recognised"]


def answers_text(
    respondent: str | None = "Ana",
    role: str | None = "Director",
    values: list[str] | None = None,
    *,
    checklist: str = "panel.yaml",
    organisation: str = "Northwind",
    unit: str | None = "Contact centre",
    period: str | None = "2026-Q2",
) -> str:
    lines = ["kind: answers", f"checklist: {checklist}", f"organisation: {organisation}"]
    for field, value in (("unit", unit), ("period", period), ("respondent", respondent)):
        if value is not None:
            lines.append(f"{field}: {value}")
    if role is not None:
        lines.append(f"role: {role}")
    lines.append("answers:")
    for ident, value in zip(ITEMS, values or ["yes"] * 4, strict=True):
        lines.append(f"  {ident}: {value}".rstrip())
    return "\n".join(lines) + "\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the panel checklist (version 1.0 and 2.0) and three
    respondents' answers."""
    write(tmp_path, "panel.yaml", CHECKLIST.format(version="1.0"))
    write(tmp_path, "panel-2.yaml", CHECKLIST.format(version="2.0"))
    for name, (respondent, role, values) in PANEL.items():
        write(
            tmp_path,
            f"panel/{name}",
            answers_text(respondent, role, values, checklist="../panel.yaml"),
        )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def consolidate_json(*args: str | Path) -> dict[str, Any]:
    result = invoke("consolidate", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- bad inputs ------------------------------------------------------------------------

BAD: list[tuple[str, dict[str, str], list[str]]] = [
    (
        "another-version",
        {"a.yaml": answers_text(), "b.yaml": answers_text("Ben", checklist="panel-2.yaml")},
        [
            "b.yaml:2:12: checklist 'panel' version '2.0', but a.yaml answers version '1.0': "
            "all files must answer the same version"
        ],
    ),
    (
        "another-checklist",
        {
            "a.yaml": answers_text(),
            "b.yaml": "kind: answers\nchecklist: key-elements\norganisation: Northwind\n"
            "unit: Contact centre\nanswers: {}\n",
        },
        [
            "b.yaml:2:12: checklist 'key-elements', but a.yaml answers 'panel': "
            "all files must answer one checklist"
        ],
    ),
    (
        "another-organisation",
        {"a.yaml": answers_text(), "b.yaml": answers_text("Ben", organisation="Southwind")},
        [
            "b.yaml:3:15: 'organisation' is 'Southwind', but a.yaml has 'Northwind': "
            "all files must assess the same organisation"
        ],
    ),
    (
        "the-odd-one-is-blamed-not-the-first",
        {
            "a.yaml": answers_text(organisation="Southwind", checklist="panel-2.yaml"),
            "b.yaml": answers_text("Ben"),
            "c.yaml": answers_text("Cy"),
        },
        [
            "a.yaml:2:12: checklist 'panel' version '2.0', but b.yaml answers version '1.0': "
            "all files must answer the same version",
            "a.yaml:3:15: 'organisation' is 'Southwind', but b.yaml has 'Northwind': "
            "all files must assess the same organisation",
        ],
    ),
    (
        "a-tie-keeps-the-first-files-value",
        {
            "a.yaml": answers_text(period="2026-Q1"),
            "b.yaml": answers_text("Ben", period=None),
            "c.yaml": answers_text("Cy", period="2026-Q3"),
            "d.yaml": answers_text("Dee", period="2026-Q3"),
            "e.yaml": answers_text("Eve", period="2026-Q1"),
        },
        [
            "c.yaml:5:9: 'period' is '2026-Q3', but a.yaml has '2026-Q1': "
            "all files must be of the same period",
            "d.yaml:5:9: 'period' is '2026-Q3', but a.yaml has '2026-Q1': "
            "all files must be of the same period",
        ],
    ),
    (
        "another-unit",
        {"a.yaml": answers_text(), "b.yaml": answers_text("Ben", unit="Billing")},
        [
            "b.yaml:4:7: 'unit' is 'Billing', but a.yaml has 'Contact centre': "
            "all files must assess the same unit"
        ],
    ),
    (
        "no-unit",
        {"a.yaml": answers_text(), "b.yaml": answers_text("Ben", unit=None)},
        [
            "b.yaml:1:1: 'unit' is not given, but a.yaml has 'Contact centre': "
            "all files must assess the same unit"
        ],
    ),
    (
        "a-unit-where-most-give-none",
        {
            "a.yaml": answers_text(unit=None),
            "b.yaml": answers_text("Ben", unit=None),
            "c.yaml": answers_text("Cy", unit="Billing"),
        },
        [
            "c.yaml:4:7: 'unit' is 'Billing', but a.yaml gives none: "
            "all files must assess the same unit"
        ],
    ),
    (
        "no-unit-nor-period-below-a-comment",
        {
            "a.yaml": answers_text(),
            "b.yaml": "# Ben's\n\n" + answers_text("Ben", unit=None),
        },
        [
            "b.yaml:3:1: 'unit' is not given, but a.yaml has 'Contact centre': "
            "all files must assess the same unit"
        ],
    ),
    (
        "another-period",
        {
            "a.yaml": answers_text(period=None),
            "b.yaml": answers_text("Ben", period="2026-Q2"),
            "c.yaml": answers_text("Cy", period="2026-Q3"),
        },
        [
            "c.yaml:5:9: 'period' is '2026-Q3', but b.yaml has '2026-Q2': "
            "all files must be of the same period"
        ],
    ),
    (
        "same-respondent",
        {"a.yaml": answers_text("Ana"), "b.yaml": answers_text("ana", role="Adviser")},
        ["b.yaml:6:13: respondent 'ana' also answered a.yaml: each respondent answers once"],
    ),
    (
        "a-broken-file-hides-no-other-in-the-order-given",
        {
            "z.yaml": answers_text("Zed", values=["yes", "maybe", "yes", "yes"]),
            "b.yaml": answers_text("Ben"),
            "a.yaml": answers_text("Ana", organisation="Southwind"),
            "c.yaml": answers_text("ben"),
        },
        [
            "z.yaml:10:19: answer 'maybe' is not on the scale; use 'no', 'partly', 'yes' or 'n/a'",
            "a.yaml:3:15: 'organisation' is 'Southwind', but b.yaml has 'Northwind': "
            "all files must assess the same organisation",
            "c.yaml:6:13: respondent 'ben' also answered b.yaml: each respondent answers once",
        ],
    ),
    (
        "every-problem-at-once",
        {
            "a.yaml": answers_text(),
            "b.yaml": answers_text("Ben", organisation="Southwind", unit="Billing"),
            "c.yaml": answers_text("Ana", period="2026-Q3"),
        },
        [
            "b.yaml:3:15: 'organisation' is 'Southwind', but a.yaml has 'Northwind': "
            "all files must assess the same organisation",
            "b.yaml:4:7: 'unit' is 'Billing', but a.yaml has 'Contact centre': "
            "all files must assess the same unit",
            "c.yaml:5:9: 'period' is '2026-Q3', but a.yaml has '2026-Q2': "
            "all files must be of the same period",
            "c.yaml:6:13: respondent 'Ana' also answered a.yaml: each respondent answers once",
        ],
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_panels_are_refused_with_every_problem(
    work: Path, files: dict[str, str], expected: list[str]
) -> None:
    for name, text in files.items():
        write(work, name, text)
    result = invoke("consolidate", *files, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected


def test_the_panel_rule_is_reported_by_consolidate_not_by_check(work: Path) -> None:
    """SS301 says who reports it: `check` reads each file alone and finds nothing."""
    write(work, "a.yaml", answers_text())
    write(work, "b.yaml", answers_text("Ben", organisation="Southwind"))
    checked = invoke("check", "a.yaml", "b.yaml", "--format", "json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["problems"] == []
    assert invoke("consolidate", "a.yaml", "b.yaml").exit_code == 2
    summary = RULES[rule_id("panel")].summary
    assert summary.startswith("Reported by `consolidate`, not by `check`")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["panel/ana.yaml"],
            "consolidate needs at least two answers files; found 1 (panel/ana.yaml)",
        ),
        (
            ["panel/ana.yaml", "panel/ana.yaml"],
            "panel/ana.yaml:6:13: the same file is given twice: each respondent counts once",
        ),
        (
            # One path once read: the names differ only as the user typed them.
            ["panel/ana.yaml", "./panel/ana.yaml", "panel/ben.yaml"],
            "panel/ana.yaml:6:13: the same file is given twice: each respondent counts once",
        ),
        (["empty"], "empty: no answers files found"),
        (
            ["panel", "--answers-out", "-"],
            "--answers-out: needs a file; the report goes to standard output",
        ),
        (
            ["panel", "--answers-out", "out.yaml", "--output", "./out.yaml"],
            "out.yaml: --output and --answers-out name the same file",
        ),
        (
            ["panel", "--answers-out", "panel/ben.yaml"],
            "panel/ben.yaml: refusing to overwrite an input file of this run",
        ),
        (
            ["panel", "--answers-out", "panel.yaml"],
            "panel.yaml: refusing to overwrite an input file of this run",
        ),
        (
            ["panel", "--answers-out", "new.yaml", "--output", "panel/cy.yaml"],
            "panel/cy.yaml: refusing to overwrite an input file of this run",
        ),
    ],
)
def test_unusable_command_lines(work: Path, args: list[str], expected: str) -> None:
    (work / "empty").mkdir()
    before = {path: path.read_bytes() for path in work.rglob("*.yaml")}
    result = invoke("consolidate", *args, *([] if "--format" in args else ["--format", "json"]))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected]
    assert {path: path.read_bytes() for path in work.rglob("*.yaml")} == before
    assert not (work / "new.yaml").exists()


def test_a_broken_answers_file_is_reported_as_assess_reports_it(work: Path) -> None:
    write(
        work,
        "panel/dan.yaml",
        answers_text("Dan", values=["yes", "maybe", "yes", "yes"], checklist="../panel.yaml"),
    )
    result = invoke("consolidate", "panel", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "panel/dan.yaml:10:19: answer 'maybe' is not on the scale; "
        "use 'no', 'partly', 'yes' or 'n/a'"
    ]


@pytest.mark.parametrize(
    ("link", "args", "expected"),
    [
        (
            "panel/zed.yaml",
            ["panel"],
            "panel/zed.yaml:1:1: the same file is given twice (as panel/ana.yaml and "
            "panel/zed.yaml): each respondent counts once",
        ),
        (
            "elsewhere/ana.yaml",
            ["panel/ana.yaml", "panel/ben.yaml", "elsewhere/ana.yaml"],
            "elsewhere/ana.yaml:1:1: the same file is given twice (as panel/ana.yaml and "
            "elsewhere/ana.yaml): each respondent counts once",
        ),
    ],
)
@pytest.mark.parametrize("kind", ["symlink", "hard link"])
def test_one_file_under_two_names_is_one_respondent(
    work: Path, link: str, args: list[str], expected: str, kind: str
) -> None:
    # Without a respondent name, each name would be a respondent of its own.
    write(work, "panel/ana.yaml", answers_text(None, checklist="../panel.yaml"))
    (work / link).parent.mkdir(exist_ok=True)
    if kind == "symlink":
        (work / link).symlink_to(work / "panel/ana.yaml")
    else:
        (work / link).hardlink_to(work / "panel/ana.yaml")
    result = invoke("consolidate", *args, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected]


CONTINUUM = Path(__file__).resolve().parents[1] / "checklists/customer-satisfaction-practices.yaml"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("weight: 2", "weight: 3"),
        ("component: measurement", "component: customer-focus"),
        ("stage: 3, action: Recognise", "stage: 4, action: Recognise"),
        ("continuum: customer-satisfaction-practices", "continuum: continuum.yaml"),
    ],
    ids=["weight", "component", "stage", "continuum"],
)
def test_one_checklist_version_with_other_content_is_refused(
    work: Path, old: str, new: str
) -> None:
    # Merged in either order, the two contents would score differently.
    text = CONTINUUM.read_text(encoding="utf-8")
    write(work, "continuum.yaml", text.replace("pass_mark: 0.8", "pass_mark: 0.9"))
    changed = CHECKLIST.format(version="1.0")
    assert old in changed
    write(work, "changed.yaml", changed.replace(old, new))
    write(work, "b.yaml", answers_text("Dan", checklist="changed.yaml"))
    result = invoke("consolidate", "panel", "b.yaml", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "b.yaml:2:12: checklist 'panel' version '1.0' is not the one panel/ana.yaml answers: "
        "their items, weights, stages, scale or continuum differ"
    ]


def test_a_consolidated_file_is_not_a_respondent(work: Path) -> None:
    # Written into the panel's folder, the next run over the folder finds it.
    consolidate_json("panel", "--answers-out", "panel/workshop.yaml")
    expected = (
        "panel/workshop.yaml:10:5: this is a consolidated answers file "
        "(meta: consolidated_from), not one respondent's: leave it out"
    )
    for args in (["panel"], ["panel/ana.yaml", "panel/workshop.yaml"]):
        result = invoke("consolidate", *args, "--format", "json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.splitlines() == [expected]


@pytest.mark.parametrize("empty", ['""', '"   "', "~", "null"])
def test_an_empty_respondent_or_role_is_none_given(work: Path, empty: str) -> None:
    write(work, "x/one.yaml", answers_text(empty, role=empty, checklist="../panel.yaml"))
    write(work, "x/two.yaml", answers_text(empty, role="Adviser", checklist="../panel.yaml"))
    data = consolidate_json("x")
    assert data["respondents"] == [
        {"file": "x/one.yaml", "respondent": "one.yaml", "role": None},
        {"file": "x/two.yaml", "respondent": "two.yaml", "role": "Adviser"},
    ]
    # One role given: no role analysis.
    assert (data["roles"], data["role_gaps"], data["perception_gaps"]) == ([], {}, [])


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dev/null", "/dev/null: --answers-out needs a regular file, not a device or a pipe"),
        (
            "/dev/stdout",
            "/dev/stdout: --answers-out needs a regular file, not a device or a pipe",
        ),
        ("fifo", "fifo: --answers-out needs a regular file, not a device or a pipe"),
    ],
)
def test_answers_out_must_name_a_regular_file(work: Path, target: str, expected: str) -> None:
    os.mkfifo(work / "fifo")
    result = invoke("consolidate", "panel", "--format", "json", "--answers-out", target)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (
            "missing/out.json",
            "missing/out.json: cannot write: folder {work}/missing does not exist",
        ),
        ("panel", "panel: cannot write: is a directory"),
    ],
)
def test_no_answers_out_where_the_report_cannot_be_written(
    work: Path, output: str, expected: str
) -> None:
    result = invoke(
        "consolidate", "panel", "-f", "json", "--answers-out", "new.yaml", "--output", output
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [expected.format(work=work.resolve())]
    assert not (work / "new.yaml").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_no_answers_out_where_the_report_fails_to_write(work: Path) -> None:
    before = set(work.rglob("*"))
    result = invoke(
        "consolidate", "panel", "-f", "json", "--answers-out", "new.yaml", "-o", "/dev/full"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["/dev/full: cannot write: No space left on device"]
    # Neither the answers file nor its temporary file is left behind.
    assert set(work.rglob("*")) == before


def test_the_report_is_rendered_before_anything_is_written(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servicescore.problems import UsageError
    from servicescore.render import json as render_json

    def failing(*args: object) -> str:
        raise UsageError("the report cannot be rendered")

    monkeypatch.setattr(render_json, "consolidation", failing)
    result = invoke("consolidate", "panel", "-f", "json", "--answers-out", "new.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["the report cannot be rendered"]
    assert not (work / "new.yaml").exists()


# -- the JSON --------------------------------------------------------------------------


def test_json_layout(work: Path) -> None:
    data = consolidate_json("panel")
    assert list(data) == [
        "format",
        "respondents",
        "rule",
        "items",
        "agreement",
        "roles",
        "role_gaps",
        "perception_gaps",
        "report",
    ]
    assert data["format"] == "servicescore.consolidation/1"
    assert data["respondents"] == [
        {"file": "panel/ana.yaml", "respondent": "Ana", "role": "Director"},
        {"file": "panel/ben.yaml", "respondent": "Ben", "role": "Adviser"},
        {"file": "panel/cy.yaml", "respondent": "Cy", "role": "Adviser"},
    ]
    assert data["rule"] == "median"
    first = data["items"][0]
    assert first == {
        "id": "listen-complaints",
        "consolidated": "partly",
        "answers": [
            {"respondent": "Ana", "answer": "yes"},
            {"respondent": "Ben", "answer": "no"},
            {"respondent": "Cy", "answer": "partly"},
        ],
        "spread": 1,
        "disputed": True,
    }
    assert [item["consolidated"] for item in data["items"]] == ["partly", "partly", "yes", "partly"]
    assert set(data["agreement"]) == {"overall", "components", "elements"}
    assert list(data["agreement"]["components"]) == ["customer-focus", "measurement", "environment"]
    assert list(data["agreement"]["elements"]) == ["listening", "people"]
    assert [role["role"] for role in data["roles"]] == ["Director", "Adviser"]
    assert data["roles"][1]["respondents"] == ["Ben", "Cy"]
    # Advisers: complaints (0 + 0.5) / 2; the Director: 1.
    assert data["roles"][1]["components"]["customer-focus"] == 25.0
    assert data["role_gaps"]["customer-focus"] == 75.0
    assert data["perception_gaps"][0] == {
        "id": "listen-complaints",
        "roles": {"Director": 1, "Adviser": 0.25},
        "gap": 0.75,
    }
    report = data["report"]
    assert report["format"] == "servicescore.report/1"
    assert report["file"] is None
    assert report["subject"]["respondent"] is None
    notes = {item["id"]: item["note"] for item in report["items"]}
    assert notes["people-trained"] == "Cy: no time for it"


def test_strict_rule(work: Path) -> None:
    data = consolidate_json("panel", "--rule", "strict")
    assert data["rule"] == "strict"
    assert [item["consolidated"] for item in data["items"]] == ["no", "no", "no", "partly"]


def test_output_file(work: Path) -> None:
    result = invoke("consolidate", "panel", "--format", "json", "--output", "report.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads((work / "report.json").read_text(encoding="utf-8")) == consolidate_json(
        "panel"
    )


# -- the round trip --------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["median", "strict"])
@pytest.mark.parametrize("target", ["consolidated.yaml", "out/deeper/consolidated.yaml"])
def test_answers_out_then_assess_gives_the_same_assessment(
    work: Path, rule: str, target: str
) -> None:
    (work / target).parent.mkdir(parents=True, exist_ok=True)
    data = consolidate_json("panel", "--rule", rule, "--answers-out", target)
    assert data["report"]["file"] == target
    result = invoke("assess", target, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assessed = json.loads(result.stdout)
    for key in (
        "stage",
        "stage_range",
        "score",
        "components",
        "elements",
        "items",
        "next_steps",
        "roadmap",
    ):
        assert assessed[key] == data["report"][key], key
    assert assessed["meta"] == data["report"]["meta"]
    assert [entry["respondent"] for entry in assessed["meta"]["consolidated_from"]] == [
        entry["respondent"] for entry in data["respondents"]
    ]
    assert assessed["meta"]["rule"] == rule
    assert assessed["subject"] == {
        "organisation": "Northwind",
        "unit": "Contact centre",
        "period": "2026-Q2",
        "assessor": None,
        "respondent": None,
        "role": None,
    }


def test_answers_out_names_each_file_from_its_own_folder(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `checklist:` is: the record stays true wherever the file is read from. The
    # JSON's respondents describe this run, their files as the user named them.
    (work / "out" / "deeper").mkdir(parents=True)
    data = consolidate_json("panel", "--answers-out", "out/deeper/c.yaml")
    assert [entry["file"] for entry in data["respondents"]] == [
        "panel/ana.yaml",
        "panel/ben.yaml",
        "panel/cy.yaml",
    ]
    monkeypatch.chdir(work / "out")
    result = invoke("assess", "deeper/c.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    origins = json.loads(result.stdout)["meta"]["consolidated_from"]
    assert [origin["file"] for origin in origins] == [
        "../../panel/ana.yaml",
        "../../panel/ben.yaml",
        "../../panel/cy.yaml",
    ]
    text = (work / "out/deeper/c.yaml").read_text(encoding="utf-8")
    assert '\nchecklist: "../../panel.yaml"\n' in text
    assert all((work / "out/deeper" / origin["file"]).is_file() for origin in origins)


def test_answers_out_names_a_file_given_by_its_absolute_path_relatively(work: Path) -> None:
    data = consolidate_json(str(work / "panel"), "--answers-out", "c.yaml")
    origins = data["report"]["meta"]["consolidated_from"]
    assert [origin["file"] for origin in origins] == [
        "panel/ana.yaml",
        "panel/ben.yaml",
        "panel/cy.yaml",
    ]


def test_answers_out_names_a_shipped_checklist_by_its_id(work: Path) -> None:
    for name in ("a", "b"):
        text = "kind: answers\nchecklist: key-elements\norganisation: Northwind\n"
        write(
            work,
            f"shipped/{name}.yaml",
            text + f"respondent: {name}\nanswers:\n  comms-accessible: yes\n",
        )
    consolidate_json("shipped", "--answers-out", "k.yaml")
    text = (work / "k.yaml").read_text(encoding="utf-8")
    assert "\nchecklist: key-elements\n" in text
    assert invoke("check", "--strict", "k.yaml").exit_code == 0


def test_answers_out_keeps_awkward_text(work: Path) -> None:
    awkward = '"null: #1\\n\\tsecond line \\u202e"'
    write(
        work,
        "x/a.yaml",
        answers_text(
            "Ana",
            values=["yes", f"{{answer: yes, note: {awkward}}}", "yes", "yes"],
            checklist="../panel.yaml",
            organisation='"null"',
            unit='"true"',
        ),
    )
    write(
        work,
        "x/b.yaml",
        answers_text(
            "Ben",
            values=["yes"] * 4,
            checklist="../panel.yaml",
            organisation='"null"',
            unit='"true"',
        ),
    )
    consolidate_json("x", "--answers-out", "x.yaml")
    result = invoke("assess", "x.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assessed = json.loads(result.stdout)
    assert assessed["subject"]["organisation"] == "null"
    assert assessed["subject"]["unit"] == "true"
    # The note is folded into its one line; its text kept as written.
    assert assessed["items"][1]["note"] == "Ana: null: #1 second line \u202e"


# -- file names that are not what messages show ----------------------------------------


def test_files_named_with_a_tab_are_read_and_referred_to_by_their_real_names(
    work: Path,
) -> None:
    # Messages show a tab as `\t`; a reference written from that, or a file read again
    # by it, would name another file.
    write(work, "tab\tlist.yaml", CHECKLIST.format(version="1.0"))
    for respondent in ("Ana", "Ben"):
        write(
            work,
            f"t\tab/{respondent}\t.yaml",
            answers_text(respondent, checklist='"../tab\\tlist.yaml"'),
        )
    (work / "out").mkdir()
    data = consolidate_json("t\tab", "--answers-out", "out/c\t.yaml")
    assert [entry["file"] for entry in data["respondents"]] == [
        "t\\tab/Ana\\t.yaml",
        "t\\tab/Ben\\t.yaml",
    ]
    result = invoke("assess", "out/c\t.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assessed = json.loads(result.stdout)
    assert assessed["file"] == "out/c\\t.yaml"
    assert assessed["stage"] == data["report"]["stage"]
    origins = assessed["meta"]["consolidated_from"]
    assert [origin["file"] for origin in origins] == ["../t\tab/Ana\t.yaml", "../t\tab/Ben\t.yaml"]
    text = (work / "out/c\t.yaml").read_text(encoding="utf-8")
    assert '\nchecklist: "../tab\\u0009list.yaml"\n' in text


# Characters of a file name no answers file can hold: the loader refuses ESC and C1 in a
# value (SS003), and no YAML escape writes a byte that is not UTF-8 (Python's name for
# it is a lone surrogate), each with the name messages give it.
UNWRITABLE = [("\x1b", "\\x1b"), ("\x85", "\\x85"), ("\udcff", "\\udcff")]
UNWRITABLE_IDS = ["ESC", "U+0085", "byte-0xff"]


@pytest.mark.parametrize(("char", "escaped"), UNWRITABLE, ids=UNWRITABLE_IDS)
def test_a_respondents_file_named_with_a_control_character_is_recorded_as_shown(
    work: Path, char: str, escaped: str
) -> None:
    # The record of the file holds its escaped name, so that the consolidated file loads.
    write(work, f"e/dir{char}[31mector.yaml", answers_text("Ana", checklist="../panel.yaml"))
    write(work, "e/ben.yaml", answers_text("Ben", checklist="../panel.yaml"))
    data = consolidate_json("e", "--answers-out", "c.yaml")
    shown = f"e/dir{escaped}[31mector.yaml"
    origins = data["report"]["meta"]["consolidated_from"]
    assert [origin["file"] for origin in origins] == ["e/ben.yaml", shown]
    checked = invoke("check", "--strict", "c.yaml")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    result = invoke("assess", "c.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["meta"]["consolidated_from"] == origins


@pytest.mark.parametrize(("char", "escaped"), UNWRITABLE, ids=UNWRITABLE_IDS)
def test_a_checklist_whose_path_holds_a_control_character_refuses_answers_out(
    work: Path, char: str, escaped: str
) -> None:
    # `checklist:` must name the real file, which no answers file can: nothing is written.
    write(work, f"f{char}x/panel.yaml", CHECKLIST.format(version="1.0"))
    for respondent in ("Ana", "Ben"):
        write(work, f"f{char}x/{respondent}.yaml", answers_text(respondent, checklist="panel.yaml"))
    before = listing(work)
    result = invoke("consolidate", f"f{char}x", "--answers-out", "c.yaml", "-o", "r.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"f{escaped}x/panel.yaml: cannot write --answers-out: the checklist's path holds a "
        "character no answers file can name (a control character or a byte that is not "
        "UTF-8); rename it"
    ]
    assert listing(work) == before


def test_a_panel_problem_in_a_file_named_with_a_tab_is_at_its_field(work: Path) -> None:
    write(work, "x/a.yaml", answers_text("Ana", checklist="../panel.yaml"))
    write(work, "x/b\t.yaml", answers_text("Ana", checklist="../panel.yaml", unit="Shop"))
    result = invoke("consolidate", "x", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "x/b\\t.yaml:4:7: 'unit' is 'Shop', but x/a.yaml has 'Contact centre': "
        "all files must assess the same unit",
        "x/b\\t.yaml:6:13: respondent 'Ana' also answered x/a.yaml: each respondent answers once",
    ]
