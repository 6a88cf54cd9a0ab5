"""A measure a later checklist version counts in another unit or direction (SPEC 9):
each figure shown in its own version's unit, compared where the units convert (times),
and started afresh where they do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clirun import invoke

CHECKLIST = """\
kind: checklist
id: desk
title: Desk
version: "{version}"
continuum: customer-satisfaction-practices
elements:
  - id: one
    title: One
    items:
      - {{id: i1, text: First., component: customer-focus, stage: 2, action: Do it.}}
measures:
  - {{id: wait, name: Wait, unit: {unit}, better: {better}}}
"""


def write(folder: Path, name: str, version: str, unit: str, better: str, figure: str) -> Path:
    (folder / f"desk-{version}.yaml").write_text(
        CHECKLIST.format(version=version, unit=unit, better=better), encoding="utf-8"
    )
    path = folder / name
    path.write_text(
        f"kind: answers\nchecklist: desk-{version}.yaml\norganisation: O\n"
        f"period: {name[:7]}\nanswers:\nmeasures:\n  wait: {figure}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("then", "now", "change", "shown"),
    [
        # 35 s is less than a minute: where lower is better, a minute is worse.
        (("seconds", "lower", "35"), ("minutes", "lower", "1"), "worsened", "35 s → 1 min"),
        (("minutes", "lower", "90"), ("hours", "lower", "1"), "improved", "90 min → 1 h"),
        (("hours", "lower", "24"), ("days", "lower", "1"), "unchanged", "24 h → 1 day"),
        # Units that do not convert, or another direction: the new figure starts afresh.
        (("percent", "higher", "40"), ("score", "higher", "41"), "added", "40% → 41"),
        (("minutes", "lower", "5"), ("minutes", "higher", "6"), "added", "5 min → 6 min"),
    ],
)
def test_diff_across_versions(
    tmp_path: Path, then: tuple[str, str, str], now: tuple[str, str, str], change: str, shown: str
) -> None:
    old = write(tmp_path, "2026-Q1.yaml", "1", *then)
    new = write(tmp_path, "2026-Q2.yaml", "2", *now)
    data = invoke("diff", old, new, "--format", "json")
    assert data.exit_code == 0, data.stderr
    assert '"change": "' + change + '"' in data.stdout
    for fmt in ("table", "markdown", "html"):
        result = invoke("diff", old, new, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        if fmt == "html":  # before and after in cells of their own
            before, after = shown.split(" → ")
            assert f">{before}</td>" in result.stdout and f">{after}</td>" in result.stdout
        else:
            assert shown in result.stdout, fmt


def test_a_trend_shows_each_period_in_its_own_unit(tmp_path: Path) -> None:
    write(tmp_path, "2026-Q1.yaml", "1", "seconds", "lower", "35")
    write(tmp_path, "2026-Q2.yaml", "2", "minutes", "lower", "2")
    for fmt in ("table", "markdown"):
        result = invoke("trend", tmp_path / "2026-Q1.yaml", tmp_path / "2026-Q2.yaml", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "35 s" in result.stdout and "2 min" in result.stdout, fmt


def test_a_trend_chart_draws_figures_in_the_latest_unit(tmp_path: Path) -> None:
    """35 s, then 2 min, then 1 min: drawn in minutes, so that the line rises and falls
    as the waits did; each dot labelled as its file gives it."""
    write(tmp_path, "2026-Q1.yaml", "1", "seconds", "lower", "35")
    write(tmp_path, "2026-Q2.yaml", "2", "minutes", "lower", "2")
    write(tmp_path, "2026-Q3.yaml", "2", "minutes", "lower", "1")
    files = [tmp_path / f"2026-Q{n}.yaml" for n in (1, 2, 3)]
    result = invoke("trend", *files, "-f", "html")
    assert result.exit_code == 0, result.stderr
    chart = result.stdout.split('class="chart measure-chart"', 1)[1].split("</svg>", 1)[0]
    heights = [float(y) for y in re.findall(r'<circle [^>]*cy="([0-9.]+)"', chart)]
    assert len(heights) == 3
    # An SVG's y grows downwards: 2 min highest on the page, then 1 min, then 35 s.
    first, second, third = heights
    assert second < third < first
    assert ">35 s<" in chart and ">2 min<" in chart and ">1 min<" in chart


def test_a_figure_that_no_longer_compares_is_left_out_of_the_line(tmp_path: Path) -> None:
    write(tmp_path, "2026-Q1.yaml", "1", "percent", "higher", "40")
    write(tmp_path, "2026-Q2.yaml", "2", "score", "higher", "41")
    files = [tmp_path / f"2026-Q{n}.yaml" for n in (1, 2)]
    result = invoke("trend", *files, "-f", "html")
    assert result.exit_code == 0, result.stderr
    chart = result.stdout.split('class="chart measure-chart"', 1)[1].split("</svg>", 1)[0]
    assert len(re.findall(r"<circle ", chart)) == 1
