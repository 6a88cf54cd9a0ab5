"""Provisional results (SPEC 3.5): an assessment with unanswered items says so first, with
the number of unanswered items and the stage range, in every format, and marks the
unanswered items of the roadmap and the next steps as *answer first*."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from builders import NO, YES, checklist, continuum, item, run
from clirun import invoke, write
from servicescore.render import html as html_render
from servicescore.render import json as json_render
from servicescore.render import markdown, table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COMPLETE = "northwind-2026-q2.yaml"  # every item answered
BLANK_LEAD = (
    "Provisional: 41 of 41 items unanswered; once answered, the stage will be between 1 and 5"
)


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    """``servicescore template`` written to a file, as a user would save it."""
    result = invoke("template")
    assert result.exit_code == 0, result.stderr
    return write(tmp_path, "blank.yaml", result.stdout)


def text_of(output: str) -> str:
    """HTML or Markdown as plain text, enough to find a sentence in it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", output.replace("\\", "")))


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_blank_template_is_provisional_from_stage_1_to_the_top(blank: Path, fmt: str) -> None:
    result = invoke("assess", blank, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    shown = text_of(result.stdout)
    assert BLANK_LEAD in shown
    # before anything else of the report: the stage, the roadmap
    lead = shown.index(BLANK_LEAD)
    assert lead < shown.index("Roadmap to stage 2")
    assert lead < shown.index("Reactive")


def test_a_blank_template_in_json(blank: Path) -> None:
    result = invoke("assess", blank, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["provisional"] is True
    assert data["stage_range"] == {"low": 1, "high": 5}
    assert data["stage"]["number"] == 1
    for component in data["components"]:
        assert component["stage_range"] == {"low": 1, "high": 5}, component["id"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_complete_assessment_is_not_provisional(tmp_path: Path, fmt: str) -> None:
    answers = shutil.copy(EXAMPLES / COMPLETE, tmp_path / COMPLETE)
    result = invoke("assess", answers, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Provisional" not in result.stdout
    assert "answer first" not in result.stdout


def test_a_complete_assessment_in_json_has_a_range_of_one_stage(tmp_path: Path) -> None:
    answers = shutil.copy(EXAMPLES / COMPLETE, tmp_path / COMPLETE)
    data = json.loads(invoke("assess", answers, "--format", "json").stdout)
    stage = data["stage"]["number"]
    assert data["provisional"] is False
    assert data["stage_range"] == {"low": stage, "high": stage}
    for component in data["components"]:
        assert component["stage_range"] == {"low": component["stage"], "high": component["stage"]}


def partly_answered():  # type: ignore[no-untyped-def]
    """Component a: stage 2 passes, stage 3 waits on an unanswered item, so a is at 2
    and could reach 4; b passes stage 2 only with its unanswered item: 1 to 4. The
    overall stage is 1, between 1 and 4."""
    check = checklist(
        item("a2", "a", 2),
        item("a3", "a", 3),
        item("a3-open", "a", 3),
        item("a4", "a", 4),
        item("b2-open", "b", 2),
        item("b3", "b", 3),
        item("b4", "b", 4),
        cont=continuum(stages=4, components=("a", "b")),
    )
    return run(check, {"a2": YES, "a3": YES, "a4": YES, "b3": YES, "b4": YES, "a3-open": None})


def test_the_lead_sentence_names_the_count_and_the_range() -> None:
    lead = "Provisional: 2 of 7 items unanswered; once answered, the stage will be between 1 and 4"
    result = partly_answered()
    assert [tuple(c.stage_range) for c in result.components] == [(2, 4), (1, 4)]
    assert text_of(markdown.assessment(result)).count(lead) == 1
    data = json_render.report_data(result)
    assert data["stage_range"] == {"low": 1, "high": 4}
    assert [c["stage_range"] for c in data["components"]] == [
        {"low": 2, "high": 4},
        {"low": 1, "high": 4},
    ]


def test_a_range_of_one_stage_says_the_stage_cannot_move() -> None:
    # a2 fails with no and no answer can change it; b's open item is at stage 3 only
    check = checklist(
        item("a2", "a", 2),
        item("b2", "b", 2),
        item("b3-open", "b", 3),
        cont=continuum(stages=3, components=("a", "b")),
    )
    result = run(check, {"a2": NO, "b2": YES})
    assert tuple(result.stage_range) == (1, 1)
    shown = text_of(markdown.assessment(result))
    assert (
        "Provisional: 1 of 3 items unanswered; once answered, the stage will be 1 "
        "whatever the answers" in shown
    )


def test_unanswered_items_of_the_roadmap_and_next_steps_are_marked_answer_first() -> None:
    result = partly_answered()
    assert result.roadmap is not None
    assert result.roadmap.items == ("b2-open",)
    md = markdown.assessment(result)
    roadmap = md.split("Roadmap to stage 2", 1)[1].split("### Components", 1)[0]
    assert "answer first" in roadmap
    steps = md.split("Next steps by component", 1)[1]
    # both unanswered items are next steps: a3-open for a, b2-open for b
    for ident in ("a3-open", "b2-open"):
        row = next(line for line in steps.splitlines() if f"`{ident}`" in line)
        assert "answer first" in row, row


def test_answer_first_in_the_terminal(blank: Path) -> None:
    out = invoke("assess", blank).stdout
    roadmap = out.split("Roadmap to stage 2", 1)[1].split("Components", 1)[0]
    # every practice of a blank roadmap waits on an answer
    assert roadmap.count("answer first") == roadmap.count("now: unanswered") > 0


def test_answer_first_in_html(blank: Path) -> None:
    out = invoke("assess", blank, "--format", "html").stdout
    roadmap = out.split("Roadmap to stage 2", 1)[1].split("Next steps by component", 1)[0]
    assert roadmap.count("answer first") == roadmap.count(">unanswered<") > 0


def test_the_terminal_leads_with_the_range_in_plain_text() -> None:
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    Console(file=buffer, width=200, color_system=None).print(table.assessment(partly_answered()))
    first = buffer.getvalue().splitlines()[0]
    assert first.startswith("Provisional: 2 of 7 items unanswered")


# -- portfolios ------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, blank: Path) -> Path:
    """A blank answers file and a complete one."""
    shutil.copy(EXAMPLES / COMPLETE, tmp_path / COMPLETE)
    return tmp_path


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_portfolio_rows_show_the_stage_range(folder: Path, fmt: str) -> None:
    result = invoke("assess", folder / "blank.yaml", folder / COMPLETE, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    shown = text_of(result.stdout)
    assert "1–5" in shown
    assert shown.count("1–5") == 1  # the complete file shows no range
    # and the portfolio says so before its table
    assert "Provisional: 1 of 2 files" in shown
    assert shown.index("Provisional: 1 of 2 files") < shown.index("blank.yaml")


def test_portfolio_json_lines_carry_the_range(folder: Path) -> None:
    result = invoke("assess", folder / "blank.yaml", folder / COMPLETE, "--format", "json")
    data = json.loads(result.stdout)
    assert [report["provisional"] for report in data] == [True, False]
    assert data[0]["stage_range"] == {"low": 1, "high": 5}


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_portfolio_detail_leads_each_provisional_report(folder: Path, fmt: str) -> None:
    result = invoke("assess", folder / "blank.yaml", folder / COMPLETE, "--format", fmt, "--detail")
    assert result.exit_code == 0, result.stderr
    shown = text_of(result.stdout)
    assert shown.count(BLANK_LEAD) == 1


def html_summary(source: str) -> str:
    found = re.search(r'<p class="subtitle">([^<]*)</p>', source)
    assert found, source
    return found[1]


def test_the_html_portfolio_summary_says_provisional_stages_are_so_far(
    tmp_path: Path, blank: Path
) -> None:
    """ "3 assessments, all at stage 1." reads as a verdict on three blank templates: their
    stage is only the lowest they can reach once answered (SPEC 3.5)."""
    copies = [shutil.copy(blank, tmp_path / f"blank-{n}.yaml") for n in (1, 2, 3)]
    result = invoke("assess", *copies, "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert (
        html_summary(result.stdout) == "3 assessments, all at stage 1 so far; 3 of 3 provisional."
    )


def test_the_html_portfolio_summary_counts_the_provisional_files(folder: Path) -> None:
    result = invoke("assess", folder / "blank.yaml", folder / COMPLETE, "--format", "html")
    summary = html_summary(result.stdout)
    assert summary == "2 assessments, stages 1 to 2 so far; 1 of 2 provisional.", summary


def test_a_portfolio_of_complete_files_states_its_stages_plainly(tmp_path: Path) -> None:
    copies = [shutil.copy(EXAMPLES / COMPLETE, tmp_path / f"{n}.yaml") for n in (1, 2)]
    summary = html_summary(invoke("assess", *copies, "--format", "html").stdout)
    assert summary == "2 assessments, all at stage 2.", summary


def test_provisional_stages_that_cannot_move_are_not_called_so_far() -> None:
    """A file whose range is one stage is provisional, but its stage is final."""
    check = checklist(item("a2", "a", 2), item("a3", "a", 3), cont=continuum(stages=3))
    stays = [run(check, {"a2": NO}, path=f"{n}.yaml") for n in (1, 2)]
    assert [one.stage_range for one in stays] == [(1, 1), (1, 1)]
    summary = html_summary("".join(html_render.portfolio(stays, detail=False)))
    assert summary == "2 assessments, all at stage 1; 2 of 2 provisional.", summary


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_the_portfolio_lead_says_the_stages_shown_are_lower_bounds(folder: Path, fmt: str) -> None:
    result = invoke("assess", folder / "blank.yaml", folder / COMPLETE, "--format", fmt)
    shown = text_of(result.stdout)
    assert "Provisional: 1 of 2 files has unanswered items; the stage shown is a lower bound" in (
        shown
    ), shown
