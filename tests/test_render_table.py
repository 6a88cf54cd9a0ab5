"""``--format table`` on consoles of a given width: what must survive a narrow terminal."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from rich.console import Console, RenderableType

import builders
from builders import assessed, northwind_diff
from servicescore.diff import compare
from servicescore.render import plain, table
from servicescore.scoring import Assessment
from servicescore.trend import Series, build_trend

NORTHWIND = ("northwind-2026-q1.yaml", "northwind-2026-q2.yaml", "northwind-2026-q3.yaml")


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
    assert "42.5" in text and "82.5" in text


def test_trend_at_80_keeps_every_column() -> None:
    text = shown(table.trend(build_trend(assessed(*NORTHWIND), [])), 80)
    for heading in ("Period", "Stage", "Score", "Change"):
        assert heading in text
    assert "3 Managed" in text
    assert "+21.3" in text


@pytest.mark.parametrize("width", [80, 60])
def test_diff_keeps_component_and_element_names_whole(width: int) -> None:
    old, new = assessed(NORTHWIND[0], NORTHWIND[2])
    text = shown(table.diff(compare(old, new)), width)
    elements = [result.element.title for result in new.elements]
    assert_whole(text, component_names(new) + elements, width)


# -- diff: what a reviewer must see first ----------------------------------------------


def positions(text: str, *marks: str) -> list[int]:
    found = [text.find(mark) for mark in marks]
    assert -1 not in found, (marks, found, text)
    return found


def test_diff_leads_with_the_stage_change_then_regressions() -> None:
    change = northwind_diff("q1", "q2")
    regressed = [item for item in change.items if item.change == "regressed"]
    assert regressed and change.new.stage > change.old.stage
    text = shown(table.diff(change), 100)
    order = positions(
        text,
        "Stage 1 Reactive → 2 Established",
        f"Regressions ({len(regressed)})",
        regressed[-1].id,
        "Components",
        "Elements",
        f"Other changed items ({len(change.items) - len(regressed)})",
    )
    assert order == sorted(order)
    for item in regressed:  # with the notes of both sides
        for answer in (item.old, item.new):
            assert answer is not None
            if answer.note:
                assert answer.note.split()[0] in text[: order[3]]


def test_diff_names_each_stage_drop_before_anything_else() -> None:
    change = northwind_diff("q3", "q2")
    dropped = [c.name for c in change.components if c.dropped]
    assert dropped
    text = shown(table.diff(change), 100)
    stage, drops, regressions = positions(text, "Stage 3 Managed", "Stage dropped:", "Regressions")
    assert stage < drops < regressions
    line = text[drops:].splitlines()[0]
    assert "overall 3 → 2" in line
    for name in dropped:
        assert name in line


def test_diff_without_regressions_has_no_regressions_section() -> None:
    change = northwind_diff("q1", "q3")
    assert not any(item.change == "regressed" for item in change.items)
    text = shown(table.diff(change), 100)
    assert "Regressions" not in text
    assert "Stage dropped" not in text
    assert f"Changed items ({len(change.items)})" in text


def unchanged_rows_lead(text: str, start: str, end: str) -> list[str]:
    """The ±0.0 rows of a section that come before a row that did change."""
    section = text[text.index(start) : text.index(end)].splitlines()
    changed = [n for n, line in enumerate(section) if re.search(r"[+-][0-9]+\.[0-9]$", line)]
    last = max(changed, default=-1)
    return [line for line in section[:last] if line.endswith("±0.0")]


def test_diff_unchanged_component_and_element_rows_come_last_or_are_folded() -> None:
    change = northwind_diff("q1", "q2")
    text = shown(table.diff(change), 100)
    assert not unchanged_rows_lead(text, "Components", "Elements"), text
    assert not unchanged_rows_lead(text, "Elements", "Other changed items"), text
    words = " ".join(text.split())  # a folded list wraps like any text
    for element in change.elements:  # folded rows are still named
        assert element.title in words


def test_diff_with_nothing_moved_folds_every_row() -> None:
    change = northwind_diff("q2", "q2")
    text = shown(table.diff(change), 100)
    names = ", ".join(c.name for c in change.components)
    assert f"Unchanged: {names}." in text
    assert text.count("±0.0") == 1  # the overall score only
    assert "No item changed." in text
    assert "\n\n\n" not in text


@pytest.mark.parametrize("width", [120, 100, 80, 72])
def test_diff_keeps_item_ids_whole(width: int) -> None:
    """An id is what a reviewer searches the answers file for: folded mid-word
    ("systems-enhance-exp" / "erience") it can be neither read nor copied."""
    changes = northwind_diff("q2", "q1")
    text = shown(table.diff(changes), width)
    assert_whole(text, [change.id for change in changes.items], width)


# A line that starts an entry: a number or an action arrow, whose text follows it; or a
# list's label ("Also open at this stage: ...", "2 unanswered items ..."), which its
# continuation lines must be indented under.
ENTRY = re.compile(
    r"^( *)(?:(\d+\. |→ )|Also open at this stage: |\d+ unanswered items? "
    r"|Limited by: |Unchanged: |Stage dropped: )"
)


def assert_hanging(text: str) -> None:
    """Every continuation line of an entry is indented at least as far as the text of the
    entry's first line (for a list's label: further than the label)."""
    columns: list[int] = []  # the text column of each entry open here, outermost first
    for line in text.splitlines():
        if not line.strip():
            columns.clear()
            continue
        indent = len(line) - len(line.lstrip(" "))
        entry = ENTRY.match(line)
        if entry:
            while columns and columns[-1] > indent:  # a sibling or an outer entry ends here
                columns.pop()
            columns.append(indent + (len(entry[2]) if entry[2] else 1))
        elif columns:
            assert indent >= columns[-1], (line, text)


def lists_of(text: str) -> tuple[str, str]:
    """The roadmap and the next steps of a printed report."""
    roadmap = text[text.index("Roadmap to") : text.index("\nComponents")]
    return roadmap, text[text.index("Next steps by component") :]


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("name", NORTHWIND)
def test_roadmap_and_next_steps_hang_under_their_text(name: str, width: int) -> None:
    assessment = assessed(name)[0]
    text = shown(table.assessment(assessment), width)
    assert all(len(line) <= width for line in text.splitlines()), text
    wide = lists_of(shown(table.assessment(assessment), 400))
    for part, whole in zip(lists_of(text), wide, strict=True):
        assert re.search(r"^ *1\. ", part, re.M), part  # there is something to check
        assert_hanging(part)
        assert part.split() == whole.split()  # nothing lost or cut on the way


@pytest.mark.parametrize("width", [80, 70, 60])
def test_hanging_entries_end_no_line_with_a_space(width: int) -> None:
    """Piped output strips its lines, a terminal's does not: a styled note broken at a
    space ("…customer system was ") would keep it, inside the colour codes."""
    text = shown(table.assessment(assessed("northwind-2026-q1.yaml")[0]), width)
    for part in lists_of(text):
        # entries: numbered, arrowed or labelled lines and what hangs under them (the
        # advance paragraphs are Rich's own text, flush left, left alone)
        entries = [line for line in part.splitlines() if line[:1] == " " or ENTRY.match(line)]
        assert entries
        assert [line for line in entries if line.endswith(" ")] == []


@pytest.mark.parametrize("width", [80, 60, 50])
@pytest.mark.parametrize(("old", "new"), [("q2", "q1"), ("q3", "q1"), ("q1", "q2")])
def test_diff_lists_hang_under_their_label(old: str, new: str, width: int) -> None:
    """ "Stage dropped: ..." and "Unchanged: ..." are lists like the next steps' ones."""
    text = shown(table.diff(northwind_diff(old, new)), width)
    assert re.search(r"^(Stage dropped|Unchanged): .*\n +\S", text, re.M), text
    assert_hanging(text)


@pytest.mark.parametrize("width", [60, 50, 40])
def test_the_limiting_components_hang_under_their_label(width: int) -> None:
    names = ("customer-focus", "measurement", "environment")
    items = [builders.item(f"{name}-2", name, 2) for name in names]
    cont = builders.continuum(components=names)
    three = builders.run(builders.checklist(*items, cont=cont), {})
    text = shown(table.assessment(three), width)
    assert re.search(r"^Limited by: .*\n +\S", text, re.M), text
    assert_hanging(text[: text.index("Roadmap to")])


# -- trend: a long trend written without Rich's table layout ---------------------------


def _northwind_series(organisation: str, unit: str | None) -> list[Series]:
    series = build_trend(assessed(*NORTHWIND), [])
    return [one._replace(organisation=organisation, unit=unit) for one in series]


def test_trend_in_a_pipe_is_written_without_rich_laying_out_its_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rich's layout of 360 series' tables cost more than reading 20,000 files: where
    nothing is styled and a table fits, its lines are written directly."""
    from rich.table import Table

    def refused(*args: object) -> None:
        raise AssertionError("Rich laid out a trend table")

    monkeypatch.setattr(Table, "__rich_console__", refused)
    monkeypatch.setattr(Table, "__rich_measure__", refused)
    text = shown(table.trend(build_trend(assessed(*NORTHWIND), [])), 200)
    assert "2026-Q3   3 Managed" in text and "+21.3" in text


@pytest.mark.parametrize("width", [200, 100, 80, 60, 40])
@pytest.mark.parametrize(
    ("organisation", "unit"),
    [
        ("Northwind Utilities", "Customer contact centre"),
        ("Northwind", None),
        ("北風 Utilities 電力", "顧客 窓口"),
        ("A very long organisation name that is wider than the whole table is " * 2, None),
        ("Zero\u200bwidth \u202eoverride", "tab\tnot here"),
    ],
)
def test_trend_written_directly_is_what_rich_prints(
    monkeypatch: pytest.MonkeyPatch, width: int, organisation: str, unit: str | None
) -> None:
    series = _northwind_series(organisation, unit)
    direct = shown(table.trend(series), width)
    monkeypatch.setattr(plain, "natural_lines", lambda *args: None)
    assert direct == shown(table.trend(series), width)


def test_trend_on_a_styled_console_is_left_to_rich() -> None:
    console = Console(
        file=StringIO(), width=200, color_system="standard", force_terminal=True, highlight=False
    )
    console.print(table.trend(build_trend(assessed(*NORTHWIND), [])))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1m" in text and "3 Managed" in text  # the title is still bold
