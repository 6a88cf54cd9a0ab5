"""The measures in the answers files written here (SPEC 9): ``template`` lists a
checklist's measures empty, to fill in, and an interview's file keeps the figures of the
file it resumes."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from servicescore.interview import as_answers, start
from servicescore.loader import Loader
from servicescore.model import Answers, Checklist, MeasureValue, Number, Subject
from servicescore.templates import answers_file, answers_template

DATA = Path(__file__).parent / "data"
MEASURED = DATA / "checklist" / "good" / "measures.yaml"
SMALL = DATA / "checklist" / "good" / "small.yaml"


def checklist(path: Path = MEASURED) -> Checklist:
    loaded = Loader().checklist(path)
    assert loaded.value is not None, loaded.problems
    return loaded.value


def read_back(folder: Path, text: str) -> Answers:
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = Loader().answers(path)
    assert loaded.value is not None, [str(problem) for problem in loaded.problems]
    assert loaded.errors == []
    return loaded.value


def measure_block(template: str) -> list[str]:
    lines = template.splitlines()
    return lines[lines.index("measures:") + 1 :]


def test_the_template_lists_every_measure_empty_after_the_answers() -> None:
    measured = checklist()
    template = answers_template(measured, str(MEASURED))
    assert template.index("\nanswers:\n") < template.index("\nmeasures:\n")
    keys = [line for line in measure_block(template) if not line.lstrip().startswith("#")]
    assert keys == [f"  {measure.id}:" for measure in measured.measures]


def test_each_measure_is_named_with_its_unit_direction_and_target_in_a_comment() -> None:
    block = "\n".join(measure_block(answers_template(checklist(), str(MEASURED))))
    assert (
        "  # Resolved at first contact: Contacts resolved first time, as a percentage of all"
        "\n  # contacts.\n  #   [percent, higher is better, target 80]\n  resolved-first:"
    ) in block
    assert "  #   [score, min -100, max 100, higher is better, target 100]\n  nps:" in block
    assert "  #   [days, lower is better, target 2e1]\n  lead-time:" in block
    assert "  # Complaints\n  #   [count, lower is better]\n  complaints:" in block


def test_the_blank_template_loads_with_nothing_measured(tmp_path: Path) -> None:
    loaded = read_back(tmp_path, answers_template(checklist(), str(MEASURED)))
    assert dict(loaded.measures) == {
        measure.id: MeasureValue(None) for measure in checklist().measures
    }


def test_a_filled_in_template_loads_with_its_figures(tmp_path: Path) -> None:
    template = answers_template(checklist(), str(MEASURED))
    filled = (
        template.replace("  resolved-first:\n", "  resolved-first: 82.5\n")
        .replace("  nps:\n", "  nps: -12\n")
        .replace("  wait:\n", '  wait: {value: 45, note: "From the queue log"}\n')
    )
    loaded = read_back(tmp_path, filled)
    assert loaded.measure("resolved-first") == MeasureValue(Number(Fraction(165, 2), "82.5"))
    assert loaded.measure("nps") == MeasureValue(Number(Fraction(-12), "-12"))
    assert loaded.measure("wait") == MeasureValue(Number(Fraction(45), "45"), "From the queue log")
    assert loaded.measure("growth") == MeasureValue(None)


def test_a_checklist_without_measures_has_no_measures_in_its_template() -> None:
    assert "measures:" not in answers_template(checklist(SMALL), str(SMALL))


def test_a_measure_name_that_would_hide_text_is_shown_escaped(tmp_path: Path) -> None:
    text = MEASURED.read_text(encoding="utf-8").replace(
        "name: Resolved at first contact", 'name: "Resolved\\u202e at first\\ncontact"'
    )
    copy = tmp_path / "checklist.yaml"
    copy.write_text(text.replace("../../continuum/", str(DATA / "continuum") + "/"), "utf-8")
    template = answers_template(checklist(copy), str(copy))
    assert "\u202e" not in template
    assert "  # Resolved\\u202e at first\n  # contact: Contacts resolved" in template
    read_back(tmp_path, template)


# Decimal figures as a file may write them, within every bound of the measures used.
figure_text = st.decimals(min_value=0, max_value=60, places=3).map(str)
note_text = st.none() | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20
).map(str.strip).filter(bool)


@settings(max_examples=100, deadline=None)
@given(
    figures=st.dictionaries(
        st.sampled_from(["resolved-first", "repeats", "nps", "wait"]),
        st.tuples(st.none() | figure_text, note_text),
    )
)
def test_an_interview_writes_back_the_figures_of_the_file_it_resumes(
    figures: dict[str, tuple[str | None, str | None]],
) -> None:
    measured = checklist()
    given_figures = {
        ident: MeasureValue(None if text is None else Number(Fraction(text), text), note)
        for ident, (text, note) in figures.items()
    }
    kept = Answers("kept.yaml", measured, Subject("Acme"), {}, measures=given_figures)
    state = start(measured, Subject("Acme"), kept)
    with tempfile.TemporaryDirectory() as folder:
        written = answers_template(measured, str(MEASURED), as_answers(state, "x.yaml"))
        loaded = read_back(Path(folder), written)
    for measure in measured.measures:
        expected = given_figures.get(measure.id, MeasureValue(None))
        got = loaded.measure(measure.id)
        assert got.note == expected.note
        assert (got.value and got.value.value) == (expected.value and expected.value.value)


def test_a_negative_figure_and_a_note_of_several_lines_are_written_back(tmp_path: Path) -> None:
    measured = checklist()
    figures = {
        "nps": MeasureValue(Number(Fraction(-25, 2), "-12.5"), "First line\nsecond line"),
        "lead-time": MeasureValue(Number(Fraction(125, 10), "1.25e1")),
    }
    kept = Answers("kept.yaml", measured, Subject("Acme"), {}, measures=figures)
    state = start(measured, Subject("Acme"), kept)
    written = answers_template(measured, str(MEASURED), as_answers(state, "x.yaml"))
    assert "  nps:\n    value: -12.5\n    note: |-\n      First line\n" in written
    assert "  lead-time: 1.25e1\n" in written
    loaded = read_back(tmp_path, written)
    assert loaded.measure("nps") == MeasureValue(
        Number(Fraction(-25, 2), "-12.5"), figures["nps"].note
    )
    assert loaded.measure("lead-time").value == Number(Fraction(25, 2), "1.25e1")


@st.composite
def accepted_text(draw: st.DrawFn) -> str:
    """Any number the loader accepts: up to 30 digits, a sign or none, a point anywhere
    (``5.``, ``.5``), an exponent from -30 to 30 written with ``e`` or ``E``."""
    sign = draw(st.sampled_from(["", "+", "-"]))
    digits = draw(st.text("0123456789", min_size=1, max_size=30))
    point = draw(st.integers(0, len(digits)))
    whole, fraction = digits[:point], digits[point:]
    ending = f".{fraction}" if fraction else draw(st.sampled_from(["", "."]))
    mantissa = whole + ending
    exponent = draw(st.none() | st.integers(-30, 30))
    if exponent is None:
        return sign + mantissa
    letter = draw(st.sampled_from("eE"))
    written = draw(st.sampled_from(["", "+", "0"])) if exponent >= 0 else "-"
    return f"{sign}{mantissa}{letter}{written}{abs(exponent)}"


@settings(max_examples=200, deadline=None)
@given(text=accepted_text(), note=note_text)
def test_every_figure_the_loader_accepts_is_written_back_as_it_loads(
    text: str, note: str | None
) -> None:
    """Both writers (consolidate's answers_file and the interview's template layout)
    write a figure that loads again to the same exact value, at the loader's limits."""
    measured = checklist()
    figure = MeasureValue(Number(Fraction(Decimal(text)), text), note)
    kept = Answers("kept.yaml", measured, Subject("Acme"), {}, measures={"rating": figure})
    filled = as_answers(start(measured, Subject("Acme"), kept), "x.yaml")
    with tempfile.TemporaryDirectory() as folder:
        for written in (
            answers_file(kept, str(MEASURED)),
            answers_template(measured, str(MEASURED), filled),
        ):
            assert read_back(Path(folder), written).measure("rating") == figure
