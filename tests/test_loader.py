"""Loading continua, checklists and answers: the example files in tests/data, and more.

``tests/data/KIND/good/*.yaml`` must load with no problem at all.
``tests/data/KIND/bad/NAME.yaml`` must produce exactly the lines of ``NAME.expected``,
each ``NAME.yaml:LINE:COL: RULE message`` (problems of a file the bad one refers to are
named by that file's name).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from servicescore.loader import Loaded, Loader, period_start, top_level_value
from servicescore.model import DEFAULT_SCALE, Answer, Answers, Checklist, Continuum
from servicescore.problems import Problem

DATA = Path(__file__).parent / "data"
KINDS = ("continuum", "checklist", "answers")
SMALL_CONTINUUM = DATA / "continuum" / "good" / "small.yaml"
SMALL_CHECKLIST = DATA / "checklist" / "good" / "small.yaml"
CUSTOM_CHECKLIST = DATA / "checklist" / "good" / "custom-scale.yaml"


def load(kind: str, path: Path) -> Loaded[object]:
    loaded: Loaded[object] = getattr(Loader(), kind)(path)
    return loaded


def formatted(problems: list[Problem]) -> list[str]:
    """Problems as the .expected files hold them: paths in messages (the path a missing
    reference was looked for at) start with DATA, wherever the checkout is."""
    return sorted(
        f"{Path(p.path).name}:{p.line}:{p.column}: {p.rule} " + p.message.replace(str(DATA), "DATA")
        for p in problems
    )


def data_files(folder: str, suffix: str = ".yaml") -> list[Path]:
    return sorted(path for kind in KINDS for path in (DATA / kind / folder).glob(f"*{suffix}"))


def label(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}/{path.name}"


# -- the data folders -------------------------------------------------------------------


@pytest.mark.parametrize("path", data_files("good"), ids=label)
def test_good_file_loads_without_problems(path: Path) -> None:
    loaded = load(path.parent.parent.name, path)
    assert formatted(loaded.problems) == []
    assert loaded.value is not None


@pytest.mark.parametrize("path", data_files("bad"), ids=label)
def test_bad_file_reports_exactly_the_expected_problems(path: Path) -> None:
    expected_file = path.with_suffix(".expected")
    assert expected_file.is_file(), f"{label(path)} has no .expected file"
    expected = sorted(
        line for line in expected_file.read_text(encoding="utf-8").splitlines() if line
    )
    loaded = load(path.parent.parent.name, path)
    assert formatted(loaded.problems) == expected
    assert loaded.value is None
    assert loaded.errors


def test_every_bad_file_has_an_expected_file_and_back() -> None:
    for kind in KINDS:
        bad = DATA / kind / "bad"
        yamls = {path.stem for path in bad.glob("*.yaml")}
        expected = {path.stem for path in bad.glob("*.expected")}
        assert yamls == expected, kind
        assert not list((DATA / kind / "good").glob("*.expected")), kind
        others = {path.name for path in bad.iterdir()} - {
            f"{stem}{suffix}" for stem in yamls for suffix in (".yaml", ".expected")
        }
        assert others == set(), kind


def test_the_data_folders_are_not_empty() -> None:
    for kind in KINDS:
        assert len(list((DATA / kind / "good").glob("*.yaml"))) >= 3, kind
        assert len(list((DATA / kind / "bad").glob("*.yaml"))) >= 10, kind


def test_problems_do_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DATA / "checklist" / "bad" / "items.yaml"
    here = formatted(Loader().checklist(path).problems)
    monkeypatch.chdir(tmp_path)
    assert formatted(Loader().checklist(path).problems) == here
    monkeypatch.chdir(path.parent)
    relative = Loader().checklist(Path("items.yaml"))
    assert formatted(relative.problems) == here
    assert {p.path for p in relative.problems} == {"items.yaml"}


# -- model values of the good files ----------------------------------------------------


def continuum(path: Path) -> Continuum:
    loaded = Loader().continuum(path)
    assert loaded.problems == []
    assert isinstance(loaded.value, Continuum)
    return loaded.value


def checklist(path: Path) -> Checklist:
    loaded = Loader().checklist(path)
    # Small checklists made for one value may leave stages empty: a warning, not an error.
    assert loaded.errors == []
    assert isinstance(loaded.value, Checklist)
    return loaded.value


def answers(path: Path, override: Path | None = None) -> Answers:
    loaded = Loader().answers(path, checklist=override)
    assert loaded.problems == []
    assert isinstance(loaded.value, Answers)
    return loaded.value


def test_small_continuum_values() -> None:
    value = continuum(SMALL_CONTINUUM)
    assert value.id == "small-continuum"
    assert value.version == "1.0"
    assert value.pass_mark.value == Fraction(4, 5)
    assert value.pass_mark.text == "0.8"
    assert [c.id for c in value.components] == ["focus", "tools"]
    assert [c.description for c in value.components] == ["How customers are seen.", ""]
    assert value.top == 3
    assert [stage.number for stage in value.stages] == [1, 2, 3]
    assert value.stage(1).advance == {}
    assert dict(value.stage(3).looks_like) == {
        "focus": "Customers are grouped.",
        "tools": "Tools help first-contact resolution.",
    }
    assert list(value.stage(2).advance) == ["focus", "tools"]


def test_versions_and_numbers_stay_the_text_written() -> None:
    bom = continuum(DATA / "continuum" / "good" / "two-stages-bom.yaml")
    assert bom.version == "1.10"
    assert bom.pass_mark.value == 1
    exact = continuum(DATA / "continuum" / "good" / "exact-pass-mark.yaml")
    assert exact.version == "2026"
    assert exact.id == "exact.pass_mark-1"
    assert exact.pass_mark.value == Fraction(1, 10)
    assert exact.pass_mark.text == "0.1"
    assert exact.title == "Exact pass mark: 0.1"


def test_small_checklist_values() -> None:
    value = checklist(SMALL_CHECKLIST)
    assert value.id == "small"
    assert value.continuum.id == "small-continuum"
    assert value.scale == DEFAULT_SCALE
    assert [element.id for element in value.elements] == ["channels", "systems"]
    assert [element.group for element in value.elements] == ["Strategic", None]
    assert value.groups == ("Strategic",)
    items = {item.id: item for item in value.items}
    assert list(items) == [
        "channels-two",
        "channels-grouped",
        "systems-work",
        "systems-first-contact",
    ]
    assert {key: item.weight.value for key, item in items.items()} == {
        "channels-two": Fraction(1),
        "channels-grouped": Fraction(1, 10),
        "systems-work": Fraction(2),
        "systems-first-contact": Fraction(3, 2),
    }
    assert items["channels-grouped"].weight.text == "0.1"
    assert items["channels-grouped"].element == "channels"
    assert items["systems-work"].component == "tools"
    assert items["systems-first-contact"].stage == 3


def test_custom_scale_values() -> None:
    value = checklist(CUSTOM_CHECKLIST)
    assert value.version == "1.10"
    assert [(s.value, s.credit.value, s.label) for s in value.scale] == [
        ("off", Fraction(0), "Switched off"),
        ("1", Fraction(1, 4), "1"),
        ("Dimmed", Fraction(3, 4), "Dimmed"),
        ("on", Fraction(1), "Switched on"),
    ]
    assert [s.credit.text for s in value.scale] == ["0", "0.25", ".75", "1.0"]


def test_checklist_on_the_shipped_continuum() -> None:
    value = checklist(DATA / "checklist" / "good" / "shipped-continuum.yaml")
    assert value.continuum.id == "customer-satisfaction-practices"
    assert value.version == "2"
    assert len(value.items) == 12


def test_answers_values() -> None:
    value = answers(DATA / "answers" / "good" / "small-full.yaml")
    assert value.checklist.id == "small"
    assert value.subject.organisation == "Test Organisation"
    assert value.subject.unit == "Contact centre"
    assert value.subject.period == "2026"
    assert value.subject.assessor == "A. Tester"
    assert value.subject.respondent == "Dana Whitfield"
    assert value.subject.role == "Team leader"
    assert dict(value.meta) == {
        "workshop": "Quarterly review",
        "headcount": "12",
        "tags": ["one", "two"],
    }
    assert dict(value.answers) == {
        "channels-two": Answer("yes"),
        "channels-grouped": Answer("partly", "Half of the channels follow the groups"),
        "systems-work": Answer("no"),
        "systems-first-contact": Answer("n/a", "No first contact here"),
    }


def test_answers_are_read_case_insensitively_and_true_false_mean_yes_no() -> None:
    value = answers(DATA / "answers" / "good" / "small-mixed-case.yaml")
    assert value.subject.period == "2026-07-01"
    assert {key: answer.value for key, answer in value.answers.items()} == {
        "channels-two": "yes",
        "channels-grouped": "partly",
        "systems-work": "yes",
        "systems-first-contact": "n/a",
    }
    shipped = answers(DATA / "answers" / "good" / "false-is-no.yaml")
    assert {key: answer.value for key, answer in shipped.answers.items()} == {
        "f2": "no",
        "f3": "yes",
        "m2": "no",
        "e5": "n/a",
    }


def test_unanswered_items() -> None:
    value = answers(DATA / "answers" / "good" / "small-unanswered.yaml")
    assert value.subject.unit is None
    assert value.answer("channels-two") == Answer(None)
    assert value.answer("channels-grouped") == Answer(None, "Not discussed yet")
    assert value.answer("systems-work") == Answer(None)
    assert "systems-first-contact" not in value.answers
    assert value.answer("systems-first-contact") == Answer(None)
    empty = answers(DATA / "answers" / "good" / "small-empty-answers.yaml")
    assert dict(empty.answers) == {}
    assert empty.subject.organisation == "2026"
    assert empty.subject.period == "2026-02"


def test_on_and_off_are_text_on_a_custom_scale() -> None:
    value = answers(DATA / "answers" / "good" / "custom-scale.yaml")
    assert {key: answer.value for key, answer in value.answers.items()} == {
        "hall": "on",
        "porch": "off",
        "garden": "Dimmed",
        "stairs": "1",
    }


def test_answers_on_a_shipped_checklist() -> None:
    value = answers(DATA / "answers" / "good" / "shipped.yaml")
    assert value.checklist.id == "profit-through-service"
    assert value.subject.period == "2026-Q2"
    assert value.answer("channels-self-service") == Answer("n/a", "No self-service channel")
    assert value.answer("strategy-aligned") == Answer("yes")
    other = answers(DATA / "answers" / "good" / "shipped-no-kind.yaml")
    assert other.subject.period == "2026-07"
    assert other.answer("recruitment-competency-based") == Answer("no")


def test_a_checklist_override_replaces_the_checklist_key(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "checklist: does/not/exist.yaml\norganisation: O\nanswers:\n  hall: on\n",
        encoding="utf-8",
    )
    value = answers(path, override=CUSTOM_CHECKLIST)
    assert value.checklist.id == "custom-scale"
    assert value.answer("hall") == Answer("on")
    without = tmp_path / "without.yaml"
    without.write_text("organisation: O\nanswers:\n  hall: off\n", encoding="utf-8")
    assert answers(without, override=CUSTOM_CHECKLIST).answer("hall") == Answer("off")
    missing = Loader().answers(without)
    assert formatted(missing.problems) == [
        "without.yaml:1:1: SS103 the answers file is missing the field 'checklist'"
    ]


def test_a_loader_reads_a_shared_checklist_once() -> None:
    loader = Loader()
    first = loader.answers(DATA / "answers" / "good" / "small-full.yaml")
    second = loader.answers(DATA / "answers" / "good" / "small-unanswered.yaml")
    assert first.value is not None and second.value is not None
    assert first.value.checklist is second.value.checklist


# -- the shipped checklists (SPEC 2.2) --------------------------------------------------

SHIPPED = Path(__file__).resolve().parents[1] / "checklists"
SHIPPED_CHECKLISTS = ("profit-through-service", "key-elements", "beyond-the-front-line")


def test_the_shipped_folder_holds_these_checklists_and_the_continuum() -> None:
    # A checklist added to checklists/ must be added here, so the tests below cover it.
    names = {path.stem for path in SHIPPED.glob("*.yaml")}
    assert names == {*SHIPPED_CHECKLISTS, "customer-satisfaction-practices"}


@pytest.mark.parametrize("checklist_id", SHIPPED_CHECKLISTS)
def test_a_shipped_checklist_covers_every_component_at_every_stage(checklist_id: str) -> None:
    value = checklist(SHIPPED / f"{checklist_id}.yaml")
    assert value.id == checklist_id
    assert value.continuum.id == "customer-satisfaction-practices"
    cells = {(item.component, item.stage) for item in value.items}
    top = len(value.continuum.stages)
    for component in value.continuum.components:
        for stage in range(2, top + 1):
            assert (component.id, stage) in cells, (component.id, stage)


@pytest.mark.parametrize("checklist_id", SHIPPED_CHECKLISTS)
def test_a_shipped_checklist_gives_each_item_its_own_action(checklist_id: str) -> None:
    value = checklist(SHIPPED / f"{checklist_id}.yaml")
    actions = [" ".join(item.action.split()).lower() for item in value.items]
    assert len(set(actions)) == len(actions)


def test_item_ids_are_unique_across_the_shipped_checklists() -> None:
    # Answers written for one checklist are recognised as such by their item ids
    # (`these answers are for checklist ...`): a shared id would blur that.
    ids = [
        item.id for name in SHIPPED_CHECKLISTS for item in checklist(SHIPPED / f"{name}.yaml").items
    ]
    assert len(set(ids)) == len(ids)


# -- period_start ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("2026", date(2026, 1, 1)),
        ("2026-Q1", date(2026, 1, 1)),
        ("2026-Q2", date(2026, 4, 1)),
        ("2026-Q3", date(2026, 7, 1)),
        ("2026-Q4", date(2026, 10, 1)),
        ("2026-01", date(2026, 1, 1)),
        ("2026-07", date(2026, 7, 1)),
        ("2026-12", date(2026, 12, 1)),
        ("2026-07-01", date(2026, 7, 1)),
        ("2026-02-28", date(2026, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        ("1999-12-31", date(1999, 12, 31)),
    ],
)
def test_period_start_is_the_first_day_covered(period: str, start: date) -> None:
    assert period_start(period) == start


@pytest.mark.parametrize(
    "period",
    [
        "",
        "26",
        "20260",
        "2026-Q0",
        "2026-Q5",
        "2026-Q12",
        "2026Q2",
        "Q2-2026",
        "2026-00",
        "2026-13",
        "2026-7",
        "2026-02-30",
        "2025-02-29",
        "2026-07-1",
        "2026-07-00",
        "2026-07-32",
        "2026-W10",
        "2026-07-01T10:00",
        "2026-07-01 ",
        " 2026",
        "0000",
        pytest.param("２０２６", id="full-width-digits"),  # YYYY means ASCII digits
        pytest.param("٢٠٢٦-٠٧", id="arabic-indic-digits"),
    ],
)
def test_period_start_of_an_invalid_period_is_none(period: str) -> None:
    assert period_start(period) is None


# -- files generated from scratch -------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


CONTINUUM_TEXT = """\
    kind: continuum
    id: generated
    title: Generated
    version: "1"
    pass_mark: {pass_mark}
    components:
      - {{id: only, name: Only}}
    stages:
      - {{number: 1, name: A, summary: A., looks_like: {{only: a}}}}
      - {{number: 2, name: B, summary: B., looks_like: {{only: b}}, advance: {{only: go}}}}
      - {{number: 3, name: C, summary: C., looks_like: {{only: c}}, advance: {{only: go}}}}
"""

CHECKLIST_TEXT = """\
    kind: checklist
    id: generated
    title: Generated
    version: "1"
    continuum: continuum.yaml
    scale:
      - {{value: "no", credit: 0}}
      - {{value: some, credit: {credit}}}
      - {{value: "yes", credit: 1}}
    elements:
      - id: one
        title: One
        items:
          - id: a
            text: A.
            component: only
            stage: {stage}
            weight: {weight}
            action: Do A.
"""


def generated_checklist(
    folder: Path,
    *,
    pass_mark: str = "0.8",
    credit: str = "0.5",
    stage: str = "2",
    weight: str = "1",
) -> Path:
    write(folder / "continuum.yaml", CONTINUUM_TEXT.format(pass_mark=pass_mark))
    return write(
        folder / "checklist.yaml",
        CHECKLIST_TEXT.format(credit=credit, stage=stage, weight=weight),
    )


@pytest.mark.parametrize(
    ("pass_mark", "credit", "weight", "values"),
    [
        ("0.8", "0.5", "1", (Fraction(4, 5), Fraction(1, 2), Fraction(1))),
        ("0.1", "0.1", "0.1", (Fraction(1, 10),) * 3),
        ("1", "0.333", "2.5", (Fraction(1), Fraction(333, 1000), Fraction(5, 2))),
        ("0.70", "1e-1", "1E2", (Fraction(7, 10), Fraction(1, 10), Fraction(100))),
        (".5", "0.", "+3", (Fraction(1, 2), Fraction(0), Fraction(3))),
    ],
)
def test_numbers_are_exact_fractions_of_the_decimal_text(
    tmp_path: Path,
    pass_mark: str,
    credit: str,
    weight: str,
    values: tuple[Fraction, Fraction, Fraction],
) -> None:
    path = generated_checklist(tmp_path, pass_mark=pass_mark, credit=credit, weight=weight)
    value = checklist(path)
    read = (value.continuum.pass_mark, value.scale[1].credit, value.items[0].weight)
    assert tuple(number.value for number in read) == values
    assert all(isinstance(number.value, Fraction) for number in read)
    assert tuple(number.text for number in read) == (pass_mark, credit, weight)


def test_pass_mark_one_and_credits_zero_and_one_are_in_range(tmp_path: Path) -> None:
    path = generated_checklist(tmp_path, pass_mark="1", credit="0")
    assert checklist(path).continuum.pass_mark.value == 1


def test_a_file_over_the_size_limit_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"kind: checklist\n")
        handle.truncate(64 * 1024 * 1024)
    loaded = Loader().checklist(path)
    assert loaded.value is None
    assert formatted(loaded.problems) == [
        "huge.yaml:1:1: SS002 file is larger than the 5 MiB limit"
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_file_through_the_loader(tmp_path: Path, kind: str) -> None:
    loaded = load(kind, tmp_path / "gone.yaml")
    assert loaded.value is None
    assert [(p.line, p.column, p.rule, p.message) for p in loaded.problems] == [
        (1, 1, "SS001", "no such file")
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_a_directory_through_the_loader(tmp_path: Path, kind: str) -> None:
    loaded = load(kind, tmp_path)
    assert loaded.value is None
    assert [(p.rule, p.message) for p in loaded.problems] == [
        ("SS001", "is a directory, not a file")
    ]


def test_latin1_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"checklist: profit-through-service\norganisation: Soci\xe9t\xe9\n")
    loaded = Loader().answers(path)
    assert formatted(loaded.problems) == [
        "latin1.yaml:2:19: SS003 file is not UTF-8 text (byte 0xe9)"
    ]


def test_a_bom_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        b"\xef\xbb\xbfkind: answers\nchecklist: profit-through-service\n"
        b"organisation: O\nanswers: {strategy-aligned: yes}\n"
    )
    assert answers(path).answer("strategy-aligned") == Answer("yes")


def test_deep_nesting_and_alias_bombs_through_the_loader(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("organisation: O\nmeta: " + "[" * 100_000 + "]" * 100_000 + "\n")
    loaded = Loader().answers(deep)
    assert [(p.rule, p.line) for p in loaded.problems] == [("SS009", 2)]
    bomb = tmp_path / "bomb.yaml"
    rows = ["checklist: profit-through-service", "organisation: O", "meta:"]
    rows.append("  l0: &l0 [" + ", ".join(["lol"] * 9) + "]")
    rows += [f"  l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    rows += ["answers:", "  strategy-aligned: *l8"]
    bomb.write_text("\n".join(rows) + "\n")
    loaded = Loader().answers(bomb)
    assert loaded.value is None
    assert {p.rule for p in loaded.problems} == {"SS006"}
    assert len(loaded.problems) == 9 + 8 * 9 + 1


def test_nothing_is_executed_through_the_loader(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {target}"]'
    write(
        tmp_path / "answers.yaml",
        f"""\
        checklist: profit-through-service
        organisation: {payload}
        meta: {{run: {payload}}}
        answers:
          strategy-aligned: {payload}
        """,
    )
    generated_checklist(tmp_path / "c", weight=payload)
    write(tmp_path / "continuum.yaml", f"{payload}\n")
    assert Loader().answers(tmp_path / "answers.yaml").value is None
    assert Loader().checklist(tmp_path / "c" / "checklist.yaml").value is None
    assert Loader().continuum(tmp_path / "continuum.yaml").value is None
    assert not target.exists()


def test_a_whole_number_too_long_to_convert_is_reported_not_raised(tmp_path: Path) -> None:
    # Python refuses int() of more than 4300 digits; that must not become a traceback.
    path = generated_checklist(tmp_path, stage="9" * 5000)
    loaded = Loader().checklist(path)
    assert loaded.value is None
    assert [(p.line, p.column, p.rule) for p in loaded.problems] == [(17, 16, "SS108")]


def test_a_decimal_too_long_to_convert_is_not_raised(tmp_path: Path) -> None:
    path = generated_checklist(tmp_path, weight="1" * 5000)
    loaded = Loader().checklist(path)  # must not raise
    assert all((p.line, p.column) == (18, 17) for p in loaded.problems)


def test_a_huge_exponent_is_reported_quickly(tmp_path: Path) -> None:
    # 1e999999999 as an exact fraction is a billion-digit integer: building it would
    # take hours. Run in a child process so that a hang fails instead of blocking.
    path = generated_checklist(tmp_path, weight="1e999999999")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from servicescore.loader import Loader\n"
        "for p in Loader().checklist(Path(sys.argv[1])).problems:\n"
        "    print(p.line, p.column, p.rule)\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading 'weight: 1e999999999' did not finish within 30 seconds")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == ["18 17 SS108"]


def test_a_reference_too_long_for_a_file_name_is_reported_not_raised(tmp_path: Path) -> None:
    path = write(
        tmp_path / "answers.yaml",
        f"""\
        checklist: {"x" * 300}/checklist.yaml
        organisation: O
        answers: {{}}
        """,
    )
    loaded = Loader().answers(path)  # must not raise
    assert loaded.value is None
    # The system's own reason, not "file not found" (issue 9, point 5).
    assert [(p.line, p.column, p.rule, p.message) for p in loaded.problems] == [
        (1, 1, "SS001", "cannot read: File name too long")
    ]


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("kind: answers\nanswers: {a: [\n", "kind", "answers"),
        ("x: [\nkind: 'answers'  # a comment\n", "kind", "answers"),
        ("  kind: answers\n", "kind", None),  # not at the top level
        ("kinds: answers\n", "kind", None),
        ("kind:\n", "kind", ""),
        ('checklist: "../small.yaml"\nanswers: [\n', "checklist", "../small.yaml"),
        ("checklist : small # the id\n", "checklist", "small"),
        ("c.hecklist: small\n", "c.hecklist", "small"),  # the key taken as it is written
        ("checklist: small\n", "c.hecklist", None),
    ],
)
def test_top_level_value_reads_a_key_of_a_file_that_is_no_yaml(
    text: str, key: str, value: str | None
) -> None:
    assert top_level_value(text, key) == value
