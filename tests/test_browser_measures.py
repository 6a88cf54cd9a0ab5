"""The service measures' sections in a real browser (see test_browser): a report's
table and a trend's chart per measure, from ``tests/measure_pages/``, laid out by
headless Chromium on a laptop and a phone, within the page and with real sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import invoke
from test_browser import chromium, measured

DATA = Path(__file__).resolve().parent / "measure_pages"
NAMES = ["First-contact resolution", "Repeat-contact rate", "Net Promoter Score", "Complaints"]


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    monkeypatch.chdir(DATA)
    target = tmp_path / "page.html"
    result = invoke(*args, "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return target


@pytest.mark.parametrize("width", [1200, 390])
def test_a_trend_lays_out_a_chart_per_measure(
    browser: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    page = written(tmp_path, monkeypatch, "trend", "q1.yaml", "q2.yaml", "q3.yaml")
    data = measured(browser, page, width)
    assert data, "the measuring script did not run"
    # The stage chart, the score chart, then the five measures' charts.
    assert len(data["charts"]) == 2 + 5
    assert all(chart["width"] > 0.7 * width and chart["height"] > 100 for chart in data["charts"])
    assert all(name in data["body"] for name in NAMES)
    assert data["right"] <= data["pageWidth"] + 0.5


@pytest.mark.parametrize("width", [1200, 390])
def test_a_report_lays_out_its_measures_table(
    browser: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    page = written(tmp_path, monkeypatch, "assess", "q2.yaml")
    data = measured(browser, page, width)
    assert data, "the measuring script did not run"
    body = data["body"]
    assert all(name in body for name in NAMES)
    assert "≥ 80%" in body and "not met" in body
    assert data["right"] <= data["pageWidth"] + 0.5
