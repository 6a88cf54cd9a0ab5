"""tests/needs.py: a program some tests run is found, or missed the same way for each:
a failure when CI is set (.ci/run installs them all), a skip otherwise."""

from __future__ import annotations

import pytest
from tests.needs import program

MISSING = "servicescore-no-such-program"


def test_a_program_on_the_path_is_found() -> None:
    assert program("sh", "apt-get install dash").endswith("/sh")


def test_a_program_found_by_the_caller_is_taken_as_found() -> None:
    assert program(MISSING, "never", "/opt/found/here") == "/opt/found/here"


def test_a_missing_program_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        program(MISSING, "apt-get install it")
    assert str(failed.value) == (
        f"{MISSING} is not installed, and CI installs it: this test must run there"
    )


def test_a_missing_program_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        program(MISSING, "apt-get install it")
    assert str(skipped.value) == (
        f"{MISSING} is not installed (apt-get install it); CI runs this test"
    )


def test_ci_run_sets_ci_for_the_tests() -> None:
    from pathlib import Path

    run = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nexport CI=true\n" in run
    assert run.count("apt-get update") == 1  # in install_missing only, run at most once
