"""What the loader makes of ``measures:`` (SPEC 9) in the good files of tests/data, and
the standard set the shipped checklists define, as the README documents it. (The bad
files and their exact problems are in tests/data/*/bad, run by test_loader.)"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from servicescore import fields
from servicescore.loader import Loader
from servicescore.model import NOT_MEASURED, Answers, Checklist, MeasureValue, Number

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHIPPED = [
    path
    for path in sorted((ROOT / "checklists").glob("*.yaml"))
    if "kind: checklist" in path.read_text(encoding="utf-8")
]
STANDARD = (
    "first-contact-resolution",
    "repeat-contact-rate",
    "customer-satisfaction",
    "nps",
    "complaints-resolved-in-time",
    "staff-satisfaction",
    "staff-attrition",
)


def checklist(path: Path) -> Checklist:
    loaded = Loader().checklist(path)
    assert loaded.errors == [] and loaded.value is not None, loaded.problems
    return loaded.value


def answers(path: Path) -> Answers:
    loaded = Loader().answers(path)
    assert loaded.problems == [] and loaded.value is not None, loaded.problems
    return loaded.value


def test_definitions_are_read_with_their_exact_numbers_and_bounds() -> None:
    measures = {m.id: m for m in checklist(DATA / "checklist" / "good" / "measures.yaml").measures}
    assert list(measures) == [
        "resolved-first",
        "repeats",
        "nps",
        "growth",
        "complaints",
        "answer-time",
        "wait",
        "backlog",
        "lead-time",
        "rating",
    ]
    first = measures["resolved-first"]
    assert (first.name, first.unit, first.better) == (
        "Resolved at first contact",
        "percent",
        "higher",
    )
    assert first.target == Number(Fraction(80), "80")
    assert first.description == "Contacts resolved first time, as a percentage of all contacts."
    bounds = {ident: (m.low, m.high) for ident, m in measures.items()}
    assert bounds == {
        "resolved-first": (0, 100),
        "repeats": (0, 100),
        "nps": (-100, 100),
        "growth": (-50, 400),
        "complaints": (0, None),
        "answer-time": (0, None),
        "wait": (0, 60),
        "backlog": (-24, None),
        "lead-time": (0, None),
        "rating": (None, None),
    }
    assert measures["answer-time"].target == Number(Fraction(41, 2), "20.5")
    assert measures["lead-time"].target == Number(Fraction(20), "2e1")
    # A null target or description is none.
    assert (measures["complaints"].target, measures["complaints"].description) == (None, "")
    assert measures["nps"].minimum == Number(Fraction(-100), "-100")


def test_figures_are_read_in_every_form_and_only_those_given() -> None:
    loaded = answers(DATA / "answers" / "good" / "measures.yaml")
    assert dict(loaded.measures) == {
        "resolved-first": MeasureValue(Number(Fraction(80), "80")),
        "repeats": MeasureValue(Number(Fraction(0), "0"), "None this quarter"),
        "nps": MeasureValue(Number(Fraction(-100), "-100")),
        "growth": MeasureValue(Number(Fraction(400), "400")),
        "complaints": MeasureValue(None, "The log was lost"),
        "answer-time": MeasureValue(None, "Not measured yet"),
        "wait": MeasureValue(None),
        "backlog": MeasureValue(Number(Fraction(-24), "-24")),
        "lead-time": MeasureValue(Number(Fraction(25, 2), "1.25e1")),
    }
    assert loaded.measure("rating") is NOT_MEASURED


def test_a_file_without_measures_has_none() -> None:
    loaded = answers(DATA / "answers" / "good" / "shipped.yaml")
    assert loaded.measures == {}
    assert loaded.measure("nps") == MeasureValue(None, None)


def test_figures_for_a_checklist_without_measures_are_counted_past_the_first_listed(
    tmp_path: Path,
) -> None:
    """As any unknown name: the first UNKNOWN_LISTED each a line, then one line counts."""
    small = DATA / "checklist" / "good" / "small.yaml"
    lines = ["kind: answers", f"checklist: {small}", "organisation: O", "answers: {}", "measures:"]
    lines += [f"  kpi-{n}: {n}" for n in range(fields.UNKNOWN_LISTED + 10)]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Loader().answers(path).problems
    assert [p.rule for p in problems] == ["SS117"] * (fields.UNKNOWN_LISTED + 1)
    assert problems[0].message == "unknown measure 'kpi-0': checklist 'small' defines no measures"
    assert (problems[-1].line, problems[-1].message) == (
        6 + fields.UNKNOWN_LISTED,  # the first figure is on line 6
        "10 more unknown names after the first 50 are not listed; the first of them is here",
    )


# -- the shipped measures ----------------------------------------------------------------


def test_every_shipped_checklist_defines_the_same_standard_measures() -> None:
    defined = [checklist(path).measures for path in SHIPPED]
    assert len(SHIPPED) >= 3
    assert all(measures == defined[0] for measures in defined)
    assert tuple(m.id for m in defined[0]) == STANDARD
    assert all(m.description.strip() and "\n" not in m.description for m in defined[0])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_each_shipped_target_says_where_it_comes_from(path: Path) -> None:
    """A YAML comment right above every ``target:`` line of a shipped checklist."""
    lines = path.read_text(encoding="utf-8").splitlines()
    targets = [index for index, line in enumerate(lines) if line.strip().startswith("target:")]
    assert targets, "the shipped checklists set some targets"
    for index in targets:
        assert lines[index - 1].strip().startswith("#"), lines[index]


def test_the_readme_table_lists_the_shipped_measures_as_defined() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z-]+)` \| ([^|]+) \| (percent|score[^|]*) \| (higher|lower) \| (\d+|—) \|",
        readme,
        re.M,
    )
    shipped = checklist(SHIPPED[0]).measures
    assert [
        (ident, name.strip(), unit.split(",")[0], better) for ident, name, unit, better, _ in rows
    ] == [(m.id, m.name, m.unit, m.better) for m in shipped]
    assert [target for *_, target in rows] == [
        "—" if m.target is None else m.target.text for m in shipped
    ]
