"""How files are read, whatever they hold or wherever they are: numbers whose exact value
would be huge, references to files that are not servicescore files, folders and files the
system refuses, and free-form ``meta`` too large to carry (README "Loading rules")."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from clirun import invoke
from servicescore.loader import Loader
from servicescore.model import Number
from test_loader import generated_checklist, write

ANSWERS_TEXT = """\
    checklist: checklist.yaml
    organisation: O
    answers: {a: "yes"}
    """

# -- numbers ----------------------------------------------------------------------------

# Exponents whose value is huge behind leading zeros: as exact fractions, 10 to the
# power of a hundred million (which never finishes) or of ten million (seconds).
HUGE_EXPONENTS = ("1e-00000099999999", "1e00000099999999", "1e-000009999999", "1E+0000000031")
# Where each number field sits in the generated files, and how it is named.
NUMBER_FIELDS = {
    "pass_mark": ("continuum.yaml:5:12", "'pass_mark'"),
    "credit": ("checklist.yaml:8:27", "scale 'credit'"),
    "weight": ("checklist.yaml:18:17", "item 'weight'"),
}


@pytest.mark.parametrize("text", HUGE_EXPONENTS)
@pytest.mark.parametrize("field", sorted(NUMBER_FIELDS))
def test_a_huge_exponent_behind_zeros_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, text: str
) -> None:
    generated_checklist(tmp_path, **{field: text})
    monkeypatch.chdir(tmp_path)
    where, what = NUMBER_FIELDS[field]
    result = invoke("check", "checklist.yaml")
    assert result.exit_code == 1
    assert (
        f"{where}: error [SS108] {what} '{text}' has an exponent outside -30 to 30"
        in result.stdout.splitlines()
    )


@pytest.mark.parametrize("field", sorted(NUMBER_FIELDS))
def test_assess_reports_a_huge_exponent_as_unusable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    generated_checklist(tmp_path, **{field: "1e-00000099999999"})
    write(tmp_path / "answers.yaml", ANSWERS_TEXT)
    monkeypatch.chdir(tmp_path)
    where, what = NUMBER_FIELDS[field]
    result = invoke("assess", "answers.yaml")
    assert result.exit_code == 2
    assert (
        f"{where}: {what} '1e-00000099999999' has an exponent outside -30 to 30"
        in result.stderr.splitlines()
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.000000000000000000000000000001", "has more than 30 digits"),
        ("1e-" + "9" * 5000, "has an exponent outside -30 to 30"),
    ],
)
def test_long_spellings_of_a_number_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    generated_checklist(tmp_path, weight=text)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "checklist.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"checklist.yaml:18:17: error [SS108] item 'weight' '{text[:20]}…' {message}"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e-0000000001", "0.1"),
        ("0.5E+00000", "0.5"),
        ("25e-00000000030", "25e-30"),
        ("1e" + "0" * 5000 + "1", "10"),
    ],
)
def test_an_exponent_in_range_with_leading_zeros_still_reads(
    tmp_path: Path, text: str, value: str
) -> None:
    loaded = Loader().checklist(generated_checklist(tmp_path, weight=text))
    assert loaded.value is not None, loaded.problems
    assert loaded.value.items[0].weight == Number(Fraction(value), text)
