"""Measures through a consolidation and the answers files servicescore writes (SPEC 6, 9):
each figure consolidated by the panel's rule and the measure's direction, and written
back so that it reads as the same figure and note."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import ONE_ITEM_CHECKLIST, YES, answers, checklist, element, item
from clirun import invoke
from servicescore.consolidate import consolidate
from servicescore.loader import Loader
from servicescore.model import Answers, Checklist, Measure, MeasureValue, Number
from servicescore.templates import answers_file

HIGHER = Measure("fcr", "First-contact resolution", "percent", "higher", Number.of("80"))
LOWER = Measure("attrition", "Staff attrition", "percent", "lower")
CHECK = dataclasses.replace(
    checklist(element("only", item("a1", "a"), item("b1", "b"))), measures=(HIGHER, LOWER)
)


def figures(*values: str | None, notes: tuple[str | None, ...] = ()) -> list[MeasureValue]:
    return [
        MeasureValue(None if value is None else Number.of(value), notes[i] if notes else None)
        for i, value in enumerate(values)
    ]


def panel(rows: list[dict[str, MeasureValue]], check: Checklist = CHECK) -> list[Answers]:
    return [
        dataclasses.replace(
            answers(check, {"a1": YES}, respondent=f"r{n}", path=f"r{n}.yaml"), measures=row
        )
        for n, row in enumerate(rows, start=1)
    ]


def consolidated(
    measure: Measure, values: list[MeasureValue], rule: str = "median"
) -> MeasureValue | None:
    result = consolidate(panel([{measure.id: value} for value in values]), rule)  # type: ignore[arg-type]
    return result.consolidated.measures.get(measure.id)


@pytest.mark.parametrize(
    ("measure", "values", "rule", "expected"),
    [
        # The lower median counts from the worst figure: for higher-is-better the lower one.
        (HIGHER, ["70", "90"], "median", "70"),
        (HIGHER, ["70", "90", "80"], "median", "80"),
        (HIGHER, ["70", "90", "80", "85"], "median", "80"),
        # For lower-is-better the worse of the middle two is the higher figure.
        (LOWER, ["10", "20"], "median", "20"),
        (LOWER, ["10", "20", "15", "12"], "median", "15"),
        # Strict takes the worst by the measure's direction.
        (HIGHER, ["70", "90", "80"], "strict", "70"),
        (LOWER, ["10", "20", "15"], "strict", "20"),
        # A respondent without the figure does not count.
        (HIGHER, ["70", None, "90", None], "median", "70"),
        (LOWER, [None, "12.5"], "median", "12.5"),
    ],
)
def test_consolidated_figure(
    measure: Measure, values: list[str | None], rule: str, expected: str
) -> None:
    found = consolidated(measure, figures(*values), rule)
    assert found is not None and found.value is not None
    assert found.value.text == expected


def test_a_measure_nobody_gives_is_left_out() -> None:
    assert consolidated(HIGHER, figures(None, None)) is None
    result = consolidate(panel([{}, {}]))
    assert result.consolidated.measures == {}


def test_notes_are_joined_with_each_respondent_and_kept_without_a_figure() -> None:
    found = consolidated(HIGHER, figures(None, "75", notes=("not measured yet", "from the CRM")))
    assert found == MeasureValue(Number.of("75"), "r1: not measured yet\nr2: from the CRM")
    found = consolidated(LOWER, figures(None, None, notes=(None, "HR will report in May")))
    assert found == MeasureValue(None, "r2: HR will report in May")


def test_measures_do_not_change_the_consolidated_scores() -> None:
    with_figures = consolidate(panel([{"fcr": figures("90")[0]}, {"fcr": figures("10")[0]}]))
    without = consolidate(panel([{}, {}]))
    assert with_figures.assessment.stage == without.assessment.stage
    assert with_figures.assessment.tally == without.assessment.tally
    assert with_figures.assessment.components == without.assessment.components


_FIGURE = st.integers(min_value=0, max_value=1000).map(lambda n: Number.of(str(Fraction(n, 10))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([HIGHER, LOWER]),
    st.lists(st.none() | _FIGURE, min_size=2, max_size=7),
)
def test_the_consolidated_figure_is_a_given_one_and_strict_is_never_better(
    measure: Measure, values: list[Number | None]
) -> None:
    rows = [MeasureValue(value) for value in values]
    median = consolidated(measure, rows, "median")
    strict = consolidated(measure, rows, "strict")
    given_values = sorted(value.value for value in values if value is not None)
    if not given_values:
        assert median is None and strict is None
        return
    assert median is not None and median.value is not None
    assert strict is not None and strict.value is not None
    assert median.value.value in given_values
    worst = given_values[0] if measure.better == "higher" else given_values[-1]
    assert strict.value.value == worst
    # The lower median: at least half of the figures are as bad or worse than it.
    as_bad = [
        value
        for value in given_values
        if (
            value <= median.value.value
            if measure.better == "higher"
            else value >= median.value.value
        )
    ]
    assert 2 * len(as_bad) >= len(given_values)


# -- written back ----------------------------------------------------------------------


CHECKLIST_FILE = (
    ONE_ITEM_CHECKLIST
    + """\
measures:
  - {id: fcr, name: First-contact resolution, unit: percent, better: higher, target: 80}
  - {id: nps, name: Net Promoter Score, unit: score, min: -100, max: 100, better: higher}
  - {id: wait, name: Wait, unit: seconds, better: lower}
"""
)


@pytest.mark.parametrize(
    "given_figures",
    [
        {"fcr": MeasureValue(Number.of("81.5"))},
        {"nps": MeasureValue(Number.of("-12"), "from the May survey")},
        {"wait": MeasureValue(None, "not measured:\nthe phone system\nkeeps no log")},
        {
            "fcr": MeasureValue(Number.of("8.15e1"), 'a "quoted" note: with # and [markup]'),
            "wait": MeasureValue(Number.of("0")),
            "nps": MeasureValue(Number.of("+7")),
        },
    ],
)
def test_an_answers_file_written_reads_back_with_its_figures(
    tmp_path: Path, given_figures: dict[str, MeasureValue]
) -> None:
    (tmp_path / "checklist.yaml").write_text(CHECKLIST_FILE, encoding="utf-8")
    check = Loader().checklist(tmp_path / "checklist.yaml").value
    assert check is not None
    original = dataclasses.replace(answers(check, {"i1": YES}), measures=given_figures)
    target = tmp_path / "answers.yaml"
    target.write_text(answers_file(original, "checklist.yaml"), encoding="utf-8")
    loaded = Loader().answers(target)
    assert loaded.problems == [], loaded.problems
    assert loaded.value is not None
    read = loaded.value.measures
    assert set(read) == set(given_figures)
    for ident, figure in given_figures.items():
        assert read[ident].note == figure.note
        assert (read[ident].value is None) == (figure.value is None)
        if figure.value is not None:
            assert read[ident].value is not None
            assert read[ident].value.value == figure.value.value
    # In the checklist's order, whatever the order given.
    assert list(read) == [m.id for m in check.measures if m.id in given_figures]


def test_an_answers_file_without_figures_has_no_measures_key(tmp_path: Path) -> None:
    text = answers_file(answers(CHECK, {"a1": YES}), "checklist.yaml")
    assert "measures:" not in text


# -- in the consolidation's report -----------------------------------------------------

PANEL = Path(__file__).resolve().parents[1] / "panels" / "northwind-2026-q4"


@pytest.mark.parametrize(
    ("fmt", "heading", "row"),
    [
        ("table", "Measures", "First-contact resolution 81% ≥ 80% met"),
        ("markdown", "#### Measures", "| First-contact resolution | 81% | ≥ 80% | met | — |"),
        ("html", "Service measures", "First-contact resolution"),
    ],
)
def test_the_consolidation_report_shows_the_consolidated_figures(
    fmt: str, heading: str, row: str
) -> None:
    result = invoke("consolidate", PANEL, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    squeezed = "\n".join(" ".join(line.split()) for line in text.splitlines())
    assert heading in text and row in squeezed
    # After the components, before the panel's own sections.
    assert text.index(heading) < text.index("Disputed")
    assert "Imogen Castellane: Closing dates kept in the new complaint log since July" in text
