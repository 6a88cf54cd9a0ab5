"""``servicescore plan`` (SPEC 8): its --target values, its usage errors, and its reports
in every format, printed or written by ``--output``.

The reports of the Northwind example to ``--target 4`` and to ``--target
measurement=5 --target 3`` are pinned in every format by golden files made through the
CLI, ``tests/golden/FORMAT/plan-*`` (``.txt``, ``.json``, ``.md``, ``.html``, ``.csv``, the
last byte for byte with its CRLF line ends). After an intended change, regenerate them with

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_cli_plan.py

and read the diff before committing it. Besides: one line of standard error and exit 2
for every usage error, naming the value refused; the JSON's keys; the provisional line,
the *answer first* marks and an unreachable plan said plainly; hostile text from files
shown as written, never as Rich markup; ``--output``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from builders import continuum
from clirun import invoke, write
from servicescore.model import Continuum
from servicescore.problems import UsageError
from servicescore.render import PLAN_FORMATS
from servicescore.scoring import Assessment
from servicescore.targets import resolve_targets
from test_cli import _colour_codes, loaded_modules

ROOT = Path(__file__).resolve().parents[1]
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"
NORTHWIND = "examples/northwind-2026-q2.yaml"
CONTINUUM = "'Customer Satisfaction Practices Continuum'"

# The golden examples: their file's name part and their --target values.
GOLDEN_CASES = {
    "plan-northwind-2026-q2-4": ("--target", "4"),
    "plan-northwind-2026-q2-measurement-5-3": ("--target", "measurement=5", "--target", "3"),
}
# Each format's golden folder and file suffix: tests/golden/FOLDER/plan-*.SUFFIX.
GOLDEN_FORMATS = {
    "table": ("table", ".txt"),
    "json": ("json", ".json"),
    "markdown": ("markdown", ".md"),
    "html": ("html", ".html"),
    "csv": ("csv", ".csv"),
}


def test_every_plan_format_the_cli_offers_is_registered() -> None:
    from servicescore.cli import PlanFormat

    assert [choice.value for choice in PlanFormat] == list(PLAN_FORMATS)
    assert list(GOLDEN_FORMATS) == list(PLAN_FORMATS)


# -- golden files ------------------------------------------------------------------------


def golden_path(form: str, name: str) -> Path:
    folder, suffix = GOLDEN_FORMATS[form]
    return ROOT / "tests" / "golden" / folder / f"{name}{suffix}"


def check_golden(golden: Path, output: bytes) -> None:
    # Bytes, not text: the CSV's CRLF line ends are part of what is pinned.
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output)
    assert golden.exists(), f"no {golden}: run with SERVICESCORE_UPDATE_GOLDEN=1"
    assert output == golden.read_bytes(), (
        f"{golden.name} differs: if intended, rerun with SERVICESCORE_UPDATE_GOLDEN=1 and "
        "read the diff"
    )


@pytest.mark.parametrize("form", GOLDEN_FORMATS)
@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_golden(name: str, form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ("plan", NORTHWIND, *GOLDEN_CASES[name], "--format", form)
    result = invoke(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(golden_path(form, name), result.stdout_bytes)


def test_no_stale_plan_golden_files() -> None:
    for form in GOLDEN_FORMATS:
        folder = golden_path(form, "plan").parent
        names = sorted(path.name for path in folder.glob("plan-*"))
        assert names == sorted(golden_path(form, name).name for name in GOLDEN_CASES)


@pytest.mark.parametrize("form", ["markdown", "html", "csv"])
def test_each_format_prints_to_stdout_or_writes_output(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = ("plan", NORTHWIND, "--target", "4", "--format", form)
    printed = invoke(*args)
    assert (printed.exit_code, printed.stderr) == (0, "")
    assert printed.stdout_bytes == golden_path(form, "plan-northwind-2026-q2-4").read_bytes()
    target = tmp_path / f"plan{GOLDEN_FORMATS[form][1]}"
    written = invoke(*args, "--output", target)
    assert (written.exit_code, written.stdout, written.stderr) == (0, "", "")
    assert target.read_bytes() == printed.stdout_bytes


# -- reading --target ---------------------------------------------------------------------


@st.composite
def target_values(draw: st.DrawFn) -> tuple[Continuum, dict[str, int], list[str], dict[str, int]]:
    """A continuum, its components' current stages, --target values in any order, and
    the targets they name: the component's own, else the plain stage; a component named
    by neither is left out, for the plan to keep at its current stage."""
    top = draw(st.integers(2, 6))
    components = [f"c{n}" for n in range(draw(st.integers(1, 4)))]
    cont = continuum(stages=top, components=components)
    current = {c: draw(st.integers(1, top)) for c in components}
    named = {c: draw(st.integers(1, top)) for c in components if draw(st.booleans())}
    plain = draw(st.none() | st.integers(1, top))
    values = [f"{c}={stage}" for c, stage in named.items()]
    if plain is not None or not values:
        plain = draw(st.integers(1, top)) if plain is None else plain
        values.append(str(plain))
    values = draw(st.permutations(values))
    wanted = {c: named.get(c, plain) for c in components}
    return cont, current, values, {c: stage for c, stage in wanted.items() if stage is not None}


@given(target_values())
def test_each_component_gets_its_own_target_else_the_plain_one(
    example: tuple[Continuum, dict[str, int], list[str], dict[str, int]],
) -> None:
    # Only what was asked: planning.plan is the one place that keeps the others' stages.
    cont, _, values, expected = example
    resolved = resolve_targets(values, cont)
    assert resolved == expected
    assert list(resolved) == [c.id for c in cont.components if c.id in expected]


def test_no_target_value_asks_for_no_target() -> None:
    # Refused once, by the CLI before the file is read: here it is simply nothing asked.
    assert resolve_targets([], continuum(stages=4, components=["a", "b"])) == {}


@given(target_values(), st.integers(-3, 9), st.data())
def test_a_stage_outside_the_continuum_is_refused_naming_the_value(
    example: tuple[Continuum, dict[str, int], list[str], dict[str, int]],
    stage: int,
    data: st.DataObject,
) -> None:
    cont, current, values, _ = example
    assume(not 1 <= stage <= cont.top)
    component = data.draw(st.sampled_from(["", *current]))
    bad = f"{component}={stage}" if component else str(stage)
    at = data.draw(st.integers(0, len(values)))
    with pytest.raises(UsageError) as raised:
        resolve_targets([*values[:at], bad, *values[at:]], cont)
    assert raised.value.lines()[0].startswith(f"--target {bad}")
    assert len(raised.value.lines()) == 1


# -- usage errors ------------------------------------------------------------------------


def one_line_usage_error(*args: str) -> str:
    result = invoke("plan", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ((), "plan needs at least one --target STAGE or --target COMPONENT=STAGE"),
        (
            ("--target", "6"),
            "--target 6: STAGE must be a whole number from 1 to 5, a stage of the continuum "
            f"{CONTINUUM}",
        ),
        (
            ("--target", "0"),
            "--target 0: STAGE must be a whole number from 1 to 5, a stage of the continuum "
            f"{CONTINUUM}",
        ),
        (
            ("--target", "three"),
            "--target three: STAGE must be a whole number from 1 to 5, a stage of the "
            f"continuum {CONTINUUM}",
        ),
        (
            ("-t", "measurement=4.5"),
            "--target measurement=4.5: STAGE must be a whole number from 1 to 5, a stage of "
            f"the continuum {CONTINUUM}",
        ),
        (
            ("-t", "measurement="),
            "--target measurement=: STAGE must be a whole number from 1 to 5, a stage of "
            f"the continuum {CONTINUUM}",
        ),
        (
            ("--target", "measurement"),
            "--target measurement: STAGE must be a whole number from 1 to 5, a stage of the "
            f"continuum {CONTINUUM} (for the component, --target measurement=STAGE)",
        ),
        (
            # int() refuses a string of over 4,300 digits with an error of its own.
            ("--target", "measurement=" + "9" * 4301),
            f"--target measurement={'9' * 4301}: STAGE must be a whole number from 1 to 5, a "
            f"stage of the continuum {CONTINUUM}",
        ),
        (
            ("--target", "mesurement=4"),
            f"--target mesurement=4: no component 'mesurement' in the continuum {CONTINUUM} "
            "(did you mean 'measurement'?)",
        ),
        (
            ("--target", "staff=4"),
            f"--target staff=4: no component 'staff' in the continuum {CONTINUUM} (its "
            "components: 'customer-focus', 'measurement' and 'environment')",
        ),
        (
            ("--target", "measurement=4", "--target", "3", "--target", "measurement=5"),
            "--target measurement=4 and --target measurement=5: the component 'measurement' twice",
        ),
        (("--target", "3", "--target", "4"), "--target 3 and --target 4: one plain STAGE only"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_usage_errors_are_one_line_naming_the_value(
    args: tuple[str, ...], line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert one_line_usage_error(NORTHWIND, *args) == line


def test_no_target_is_refused_before_the_file_is_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    line = one_line_usage_error(str(missing))
    assert line == "plan needs at least one --target STAGE or --target COMPONENT=STAGE"


def test_an_unreadable_answers_file_is_exit_2(tmp_path: Path) -> None:
    result = invoke("plan", tmp_path / "missing.yaml", "--target", "3")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "missing.yaml" in result.stderr


def test_a_folder_is_refused_before_anything_in_it_is_read(tmp_path: Path) -> None:
    # A broken file in the folder would give its own problems were the folder loaded.
    write(tmp_path, "broken.yaml", "answers: [unclosed\n")
    line = one_line_usage_error(str(tmp_path), "--target", "3")
    assert line == f"{tmp_path}: plan reads one answers file, not a folder"


def test_a_name_too_long_for_the_system_is_told_as_the_file_it_names(tmp_path: Path) -> None:
    # Asking whether it is a folder raises; the loader then says why it cannot be read.
    name = tmp_path / ("a" * 300 + ".yaml")
    line = one_line_usage_error(str(name), "--target", "3")
    assert line == f"{name}:1:1: cannot read: File name too long"


def test_a_folder_of_one_answers_file_is_refused_too(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", (ROOT / NORTHWIND).read_text(encoding="utf-8"))
    line = one_line_usage_error(str(tmp_path), "--target", "3")
    assert line == f"{tmp_path}: plan reads one answers file, not a folder"


def test_a_target_per_component_overrides_the_plain_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("plan", NORTHWIND, "-t", "measurement=5", "-t", "3", "-f", "json")
    assert result.exit_code == 0, result.stderr
    targets = json.loads(result.stdout)["targets"]
    assert targets == {"customer-focus": 3, "measurement": 5, "environment": 3}


# -- the reports of a small checklist ------------------------------------------------------

# On the shipped continuum: customer-focus passes stage 2 (cf-2), fails stage 3 (cf-3,
# unanswered) and passes stage 4 already (cf-4); measurement fails stage 2 (me-2);
# environment passes stage 2 and has no item at stage 3. So to stage 3: me-2, then cf-3
# (answer first), and measurement and environment blocked at stage 3: unreachable.
SMALL = """\
kind: checklist
id: small
title: Small checklist
version: "1.0"
continuum: customer-satisfaction-practices
elements:
  - id: e
    title: Everything
    items:
      - {id: cf-2, text: "[bold]Complaints[/bold] are logged.", component: customer-focus,
         stage: 2, action: Log them.}
      - {id: cf-3, text: "Complaints are \u202eanalysed.", component: customer-focus, stage: 3,
         action: "[red]Analyse[/red] them."}
      - {id: cf-4, text: Customer groups are known., component: customer-focus, stage: 4,
         action: Group customers.}
      - {id: me-2, text: Satisfaction is measured., component: measurement, stage: 2,
         action: Survey customers.}
      - {id: en-2, text: Staff are trained., component: environment, stage: 2,
         action: Train staff.}
"""
SMALL_ANSWERS = """\
kind: answers
checklist: small.yaml
organisation: "[blue]Team[/blue]"
answers: {cf-2: "yes", cf-4: "yes", me-2: "no", en-2: "yes"}
"""


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, "small.yaml", SMALL)
    monkeypatch.chdir(tmp_path)
    return write(tmp_path, "team.yaml", SMALL_ANSWERS)


def test_json_has_exactly_the_keys_of_spec_8(small: Path) -> None:
    result = invoke("plan", small.name, "--target", "3", "--format", "json")
    assert result.exit_code == 0, result.stderr  # an unreachable plan is still a plan
    data = json.loads(result.stdout)
    assert data == {
        "format": "servicescore.plan/1",
        "file": "team.yaml",
        "subject": {
            "organisation": "[blue]Team[/blue]",
            "unit": None,
            "period": None,
            "assessor": None,
            "respondent": None,
            "role": None,
        },
        "targets": {"customer-focus": 3, "measurement": 3, "environment": 3},
        "reachable": False,
        "phases": [
            {
                "stage": 2,
                "components": [
                    {
                        "id": "measurement",
                        "blocked": False,
                        "passing": False,
                        "items": [
                            {
                                "id": "me-2",
                                "text": "Satisfaction is measured.",
                                "action": "Survey customers.",
                                "answer": "no",
                                "answer_first": False,
                            }
                        ],
                        "advance": data["phases"][0]["components"][0]["advance"],
                    }
                ],
            },
            {
                "stage": 3,
                "components": [
                    {
                        "id": "customer-focus",
                        "blocked": False,
                        "passing": False,
                        "items": [
                            {
                                "id": "cf-3",
                                "text": "Complaints are \u202eanalysed.",
                                "action": "[red]Analyse[/red] them.",
                                "answer": None,
                                "answer_first": True,
                            }
                        ],
                        "advance": data["phases"][1]["components"][0]["advance"],
                    },
                    {
                        "id": "measurement",
                        "blocked": True,
                        "passing": False,
                        "items": [],
                        "advance": data["phases"][1]["components"][1]["advance"],
                    },
                    {
                        "id": "environment",
                        "blocked": True,
                        "passing": False,
                        "items": [],
                        "advance": data["phases"][1]["components"][2]["advance"],
                    },
                ],
            },
        ],
        "total_items": 2,
    }


def test_json_advance_is_the_continuums_text(small: Path) -> None:
    from servicescore.inputs import load_answers

    continuum = load_answers([small])[0].checklist.continuum
    data = json.loads(invoke("plan", small.name, "-t", "3", "-f", "json").stdout)
    for phase in data["phases"]:
        for cell in phase["components"]:
            assert cell["advance"] == continuum.stage(phase["stage"]).advance[cell["id"]]


def test_table_leads_with_the_provisional_line_and_says_unreachable(small: Path) -> None:
    result = invoke("plan", small.name, "--target", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Provisional: 1 of 5 items unanswered; once answered, the stage will be 1 whatever "
        "the answers"
    )
    text = result.stdout
    assert (
        "Unreachable: not every target can be reached. Blocked: Measurement at stage 3, "
        "Environment at stage 3, where no applicable practice of the component is expected "
        "(items answered n/a do not count), so it cannot pass that stage or any above it."
        in " ".join(text.split())
    )
    assert text.count("Blocked: no applicable practice") == 2
    # A blocked cell keeps the continuum's advice for the move, as every format does.
    advice = json.loads(invoke("plan", small.name, "--target", "3", "-f", "json").stdout)
    for cell in advice["phases"][1]["components"]:
        if cell["blocked"] and cell["advance"]:
            assert " ".join(cell["advance"].split()) in " ".join(text.split())
    assert any(cell["blocked"] and cell["advance"] for cell in advice["phases"][1]["components"])
    assert text.index("Phase 1: to stage 2") < text.index("Phase 2: to stage 3")
    assert "cf-3  now: unanswered · answer first" in text
    assert "In all: 2 items in 2 phases." in text


def test_table_shows_file_text_as_written_never_as_markup(small: Path) -> None:
    result = invoke("plan", small.name, "--target", "3", env={"NO_COLOR": "1"})
    text = result.stdout
    assert "[blue]Team[/blue]" in text
    assert "[bold]Complaints[/bold] are logged." not in text  # cf-2 passes: not planned
    assert "→ [red]Analyse[/red] them." in text
    # A right-to-left override would show other text than the file holds: escaped.
    assert "\u202e" not in text
    assert "Complaints are \\u202eanalysed." in text
    assert "\x1b" not in text


def test_a_terminal_gets_colour_unless_no_color(small: Path) -> None:
    coloured = invoke("plan", small.name, "-t", "3", env={"TTY_COMPATIBLE": "1"})
    plain = invoke("plan", small.name, "-t", "3", env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1"})
    assert _colour_codes(coloured.stdout.encode())
    assert _colour_codes(plain.stdout.encode()) == set()
    assert "Phase 2: to stage 3" in plain.stdout


@pytest.mark.parametrize("columns", ["40", "60"])
def test_a_narrow_terminal_breaks_no_word(small: Path, columns: str) -> None:
    result = invoke("plan", small.name, "-t", "3", env={"COLUMNS": columns})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    assert "…" not in result.stdout
    assert "Measurement at stage 3" in " ".join(line.strip() for line in lines)


def test_a_cell_that_passes_already_is_shown_passing_with_no_items(small: Path) -> None:
    result = invoke("plan", small.name, "-t", "customer-focus=4")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    phase = text.index("Phase 2: to stage 4, Proactive (0 items)")
    # The cell's title, the continuum's advice for the move, then its state.
    title = text.index("Customer focus\n", phase)
    assert text.index("Already passes: nothing to do at this stage.", title) > title
    assert "In all: 1 item in 2 phases." in text
    data = json.loads(invoke("plan", small.name, "-t", "customer-focus=4", "-f", "json").stdout)
    cell = data["phases"][1]["components"][0]
    assert (cell["id"], cell["passing"], cell["blocked"], cell["items"]) == (
        "customer-focus",
        True,
        False,
        [],
    )
    assert data["reachable"] is True


def test_targets_at_the_current_stages_plan_nothing(small: Path) -> None:
    result = invoke("plan", small.name, "-t", "customer-focus=2", "-t", "1")
    assert result.exit_code == 0
    assert "No work: every component is already at or above its target." in result.stdout
    assert "Phase" not in result.stdout
    data = json.loads(invoke("plan", small.name, "-t", "1", "-f", "json").stdout)
    assert (data["phases"], data["reachable"], data["total_items"]) == ([], True, 0)


def test_output_writes_the_report_to_a_file(small: Path) -> None:
    printed = invoke("plan", small.name, "-t", "3", "-f", "json").stdout
    result = invoke("plan", small.name, "-t", "3", "-f", "json", "--output", "plan.json")
    assert (result.exit_code, result.stdout) == (0, "")
    assert Path("plan.json").read_text(encoding="utf-8") == printed


def test_output_never_replaces_the_answers_file(small: Path) -> None:
    before = small.read_text(encoding="utf-8")
    result = invoke("plan", small.name, "-t", "3", "--output", small.name)
    assert result.exit_code == 2
    assert small.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("form", ["table", "json", "markdown", "html"])
def test_assess_does_not_import_the_plan(work: Path, form: str) -> None:
    # A plan's formats, its wording, its --target reading and its CSV (with the sheets
    # it lays out through) are modules of their own, read only by plan: the cold start
    # of assess must not read them.
    modules = loaded_modules(work, "assess", "northwind-2026-q2.yaml", "-f", form)
    assert f"servicescore.render.{form}" in modules
    ours = [name for name in modules if name.split(".")[0] == "servicescore"]
    planning = [name for name in ours if "plan" in name or name == "servicescore.targets"]
    assert planning == []
    sheets = [name for name in ours if name.startswith("servicescore.sheets")]
    assert [*sheets, *(name for name in ours if name == "servicescore.render.csv")] == []


@pytest.mark.parametrize("form", ["table", "markdown", "html"])
def test_the_names_are_mapped_once_per_plan_not_per_cell(
    form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mapped per cell, the work grew as stages × components² in the checklist's size.
    from servicescore.render import figures

    calls: list[int] = []
    real = figures.component_names

    def counted(assessment: Assessment) -> dict[str, str]:
        calls.append(1)
        return real(assessment)

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(figures, "component_names", counted)
    result = invoke("plan", NORTHWIND, "--target", "5", "--format", "json")
    cells = sum(len(phase["components"]) for phase in json.loads(result.stdout)["phases"])
    calls.clear()
    result = invoke("plan", NORTHWIND, "--target", "5", "--format", form)
    assert result.exit_code == 0, result.stderr
    assert cells > 2
    assert len(calls) <= 2


@pytest.mark.parametrize("form", ["table", "markdown", "html"])
def test_every_format_gives_the_advice_of_a_passing_cell(small: Path, form: str) -> None:
    # customer-focus passes stage 4 already: its cell there passes, and still gets the
    # continuum's advice for the move, as the table, JSON and every other format give it.
    data = json.loads(invoke("plan", small.name, "-t", "customer-focus=4", "-f", "json").stdout)
    passing = [cell for phase in data["phases"] for cell in phase["components"] if cell["passing"]]
    assert passing
    result = invoke("plan", small.name, "-t", "customer-focus=4", "-f", form)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    for cell in passing:
        assert " ".join(cell["advance"].split()) in text
