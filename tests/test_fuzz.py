"""Fuzzing: mutated copies of the shipped checklists, continuum and examples never make
a command crash. Each case runs in-process (see tests/fuzzcases.py); bench/fuzz.py runs
many more, as real processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import invoke
from fuzzcases import case, shape_errors

SEED = 20260409
CASES = 300

# -- known failures, in other engineers' points of issue 9 -------------------------------
# Remove a mark once the fix it waits for has been merged. Nothing else goes here.
KNOWN: dict[int, str] = {}
# ------------------------------------------------------------------------------------------


def _params() -> list[object]:
    return [
        pytest.param(number, marks=pytest.mark.xfail(reason=KNOWN[number], strict=False))
        if number in KNOWN
        else number
        for number in range(CASES)
    ]


@pytest.mark.parametrize("number", _params())
def test_a_mutated_file_never_crashes(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fuzzed = case(SEED, number)
    fuzzed.write(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke(*fuzzed.command)  # fails on any exception and on a traceback
    assert shape_errors(result.exit_code, result.stderr) == [], fuzzed.describe()


def test_the_cases_are_varied() -> None:
    """The seeded cases cover every file, every command and more than one mutation."""
    cases = [case(SEED, number) for number in range(CASES)]
    assert {fuzzed.target for fuzzed in cases} == {
        "continuum.yaml",
        "checklist.yaml",
        "new.yaml",
        "old.yaml",
    }
    assert len({fuzzed.command for fuzzed in cases}) == 16
    assert any(len(fuzzed.changes) > 1 for fuzzed in cases)


def test_a_case_is_the_same_from_its_seed_and_number() -> None:
    assert case(SEED, 7) == case(SEED, 7)
    assert case(SEED, 7) != case(SEED + 1, 7)


def test_the_shape_check_catches_what_it_must() -> None:
    assert shape_errors(2, "new.yaml:3:1: unknown field 'x' in the answers file\n") == []
    assert shape_errors(2, "checklist.yaml: is a directory, not a file\n") == []
    assert shape_errors(0, "") == []
    assert shape_errors(3, "") == ["exit code 3"]
    assert shape_errors(1, "Traceback (most recent call last):\n") == ["traceback"]
    assert shape_errors(2, "") == ["exit 2 with nothing on standard error"]
    assert shape_errors(2, "new.yaml line 3: bad\n") == [
        "not FILE:LINE:COL: message: 'new.yaml line 3: bad'"
    ]
