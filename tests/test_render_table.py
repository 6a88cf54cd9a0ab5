"""``--format table`` on consoles of a given width: what must survive a narrow terminal."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from servicescore.diff import compare
from servicescore.inputs import load_answers
from servicescore.loader import Loader
from servicescore.render import table
from servicescore.scoring import Assessment, assess
from servicescore.trend import build_trend

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NORTHWIND = ("northwind-2026-q1.yaml", "northwind-2026-q2.yaml", "northwind-2026-q3.yaml")


def assessed(*names: str) -> list[Assessment]:
    loaded = load_answers([EXAMPLES / name for name in names], None, Loader())
    return [assess(one) for one in loaded]


def shown(renderable: RenderableType, width: int) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def component_names(assessment: Assessment) -> list[str]:
    return [result.component.name for result in assessment.components]


def assert_whole(text: str, names: list[str], width: int) -> None:
    """Every name is there, its words whole (a name may wrap at a space), nothing cut."""
    assert "…" not in text, text
    words = set(text.split())
    for name in names:
        assert set(name.split()) <= words, (name, text)
    assert all(len(line) <= width for line in text.splitlines()), text


@pytest.mark.parametrize("width", [80, 60])
def test_trend_keeps_component_names_whole(width: int) -> None:
    assessments = assessed(*NORTHWIND)
    text = shown(table.trend(build_trend(assessments, [])), width)
    assert_whole(text, component_names(assessments[0]), width)
    for period in ("2026-Q1", "2026-Q2", "2026-Q3"):
        assert period in text
    for point in assessments:  # each period's stage and score are still shown
        assert f"{point.stage} " in text or f" {point.stage}\n" in text
    assert "43.6" in text and "84.6" in text


def test_trend_at_80_keeps_every_column() -> None:
    text = shown(table.trend(build_trend(assessed(*NORTHWIND), [])), 80)
    for heading in ("Period", "Stage", "Score", "Change"):
        assert heading in text
    assert "3 Managed" in text
    assert "+21.8" in text


@pytest.mark.parametrize("width", [80, 60])
def test_diff_keeps_component_and_element_names_whole(width: int) -> None:
    old, new = assessed(NORTHWIND[0], NORTHWIND[2])
    text = shown(table.diff(compare(old, new)), width)
    elements = [result.element.title for result in new.elements]
    assert_whole(text, component_names(new) + elements, width)
