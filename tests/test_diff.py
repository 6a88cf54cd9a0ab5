"""``servicescore diff`` (SPEC 2.3, 4 and 5, and the issue that added it).

Unit tests of :func:`servicescore.diff.compare` on models built in code, Hypothesis
properties (a file compared with itself lists nothing; swapping the sides mirrors the
result), and the command end to end on small files written in a temporary folder.
The checklists are the fixtures in ``tests/diff_data`` (one item per cell, so a cell
passes exactly when its item is fully in place); every expected number below is worked
out by hand from them. The ``REV:PATH`` sides are in ``test_gitfiles.py``.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from builders import NA, NO, PARTLY, YES, checklist, continuum, element, item, run, scale
from clirun import invoke, listing, write
from servicescore.diff import CHANGE_ORDER, Diff, StageDrop, compare
from servicescore.model import Answer
from servicescore.problems import UsageError
from servicescore.render.json import diff_data
from servicescore.scoring import Assessment, assess

DATA = Path(__file__).resolve().parent / "diff_data"
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<message>\S.*)$")
MIRROR = {
    "improved": "regressed",
    "regressed": "improved",
    "changed": "changed",
    "added": "removed",
    "removed": "added",
}


# -- the answers used end to end -------------------------------------------------------
# Worked out by hand on tests/diff_data/team-v1.yaml (pass mark 0.8, one item per cell):
#   Q1: customer-focus 1 (25.0), measurement 2 (100.0, me-3 n/a), environment 1 (75.0);
#       overall stage 1, score 3/5 = 60.0; listening 50.0, growing 75.0.
#   Q2: every component 2 (75.0, 50.0, 75.0); stage 2, score 4/6 = 66.7;
#       listening 100.0, growing 33.3.
# On team-v2.yaml (en-3 gone, cf-4 new in element "reach"):
#   Q3: customer-focus 3 (83.3), measurement 3 (100.0), environment 2 (100.0: its stage-3
#       cell is empty); stage 2, score 5.5/6 = 91.7; listening 100, growing 100, reach 50.

AnswerSpec = str | None | tuple[str, str]

Q1: dict[str, AnswerSpec] = {
    "cf-2": "no",
    "me-2": ("yes", "Monthly dashboard"),
    "en-2": ("partly", "Rota not agreed"),
    "cf-3": "partly",
    "me-3": "n/a",
    "en-3": "yes",
}
Q2: dict[str, AnswerSpec] = {
    "cf-2": "yes",  # improved
    "me-2": ("yes", "Monthly dashboard"),  # unchanged
    "en-2": ("yes", "Rota agreed in March"),  # improved, a note on each side
    "cf-3": "started",  # changed: same credit (0.5), another answer
    "me-3": "no",  # changed: from n/a
    "en-3": ("partly", "Two leavers"),  # regressed, last in checklist order
}
Q3_V2: dict[str, AnswerSpec] = {
    "cf-2": "yes",
    "me-2": "yes",
    "en-2": "yes",
    "cf-3": "yes",
    "me-3": "yes",
    "cf-4": "partly",
}


def answers_text(
    given: dict[str, AnswerSpec],
    *,
    checklist: str = "team-v1.yaml",
    organisation: str = "Harbour Team",
    unit: str | None = "Front desk",
    period: str | None = None,
) -> str:
    lines = ["kind: answers", f"checklist: {checklist}", f"organisation: {organisation}"]
    if unit is not None:
        lines.append(f"unit: {unit}")
    if period is not None:
        lines.append(f"period: {period}")
    lines.append("answers:")
    for ident, value in given.items():
        if isinstance(value, tuple):
            answer, note = value
            lines.append(f"  {ident}: {{answer: {json.dumps(answer)}, note: {json.dumps(note)}}}")
        else:
            lines.append(f"  {ident}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working directory with the checklists and the Q1, Q2, Q3 answers."""
    for fixture in DATA.glob("*.yaml"):
        shutil.copy(fixture, tmp_path / fixture.name)
    write(tmp_path, "q1.yaml", answers_text(Q1, period="2026-Q1"))
    write(tmp_path, "q2.yaml", answers_text(Q2, period="2026-Q2"))
    write(tmp_path, "q3.yaml", answers_text(Q3_V2, checklist="team-v2.yaml", period="2026-Q3"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_unusable(result: Result) -> str:
    """Exit 2, nothing on stdout, an explanation on stderr; return stderr."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip(), "an unusable input must be explained on standard error"
    return result.stderr


def diff_json(*args: str | Path) -> dict[str, Any]:
    result = invoke("diff", *args, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def subject(period: str | None, unit: str | None = "Front desk") -> dict[str, Any]:
    return {
        "organisation": "Harbour Team",
        "unit": unit,
        "period": period,
        "assessor": None,
        "respondent": None,
        "role": None,
    }


def component(ident: str, old: tuple[int, float], new: tuple[int, float]) -> dict[str, Any]:
    return {
        "id": ident,
        "old": {"stage": old[0], "score": old[1]},
        "new": {"stage": new[0], "score": new[1]},
    }


def changed(
    ident: str,
    old: str | None,
    new: str | None,
    change: str,
    notes: tuple[str | None, str | None] = (None, None),
) -> dict[str, Any]:
    return {
        "id": ident,
        "old": old,
        "new": new,
        "change": change,
        "notes": {"old": notes[0], "new": notes[1]},
    }


EXPECTED_Q1_Q2: dict[str, Any] = {
    "format": "servicescore.diff/1",
    "old": {"file": "q1.yaml", "subject": subject("2026-Q1")},
    "new": {"file": "q2.yaml", "subject": subject("2026-Q2")},
    "stage": {"old": 1, "new": 2},
    "score": {"old": 60.0, "new": 66.7},
    "components": [
        component("customer-focus", (1, 25.0), (2, 75.0)),
        component("measurement", (2, 100.0), (2, 50.0)),
        component("environment", (1, 75.0), (2, 75.0)),
    ],
    "elements": [
        {"id": "listening", "old": 50.0, "new": 100.0},
        {"id": "growing", "old": 75.0, "new": 33.3},
    ],
    "items": [
        changed("en-3", "yes", "partly", "regressed", (None, "Two leavers")),
        changed("cf-2", "no", "yes", "improved"),
        changed("en-2", "partly", "yes", "improved", ("Rota not agreed", "Rota agreed in March")),
        changed("cf-3", "partly", "started", "changed"),
        changed("me-3", "n/a", "no", "changed"),
    ],
    "measures": [],  # neither checklist defines any
}


# -- compare(): unit tests on models built in code --------------------------------------

SCALE = scale(("no", "0"), ("started", "0.5"), ("partly", "0.5"), ("yes", "1"))


def small(ident: str = "test-checklist", *items_: Any) -> Any:
    """Two components, four stages; one item per cell unless ``items_`` says otherwise."""
    chosen = items_ or (
        item("a2", "a", 2),
        item("b2", "b", 2),
        item("a3", "a", 3),
        item("b3", "b", 3),
    )
    return checklist(*chosen, cont=continuum(), scale_values=SCALE, ident=ident)


def kinds(diff: Diff) -> dict[str, str]:
    return {change.id: change.change for change in diff.items}


def test_identical_answers_list_no_item() -> None:
    check = small()
    given = {"a2": YES, "b2": Answer(PARTLY, "a note"), "a3": NA}
    diff = compare(run(check, given), run(check, given))
    assert diff.items == ()
    assert not diff.stage_dropped
    for change in diff.components:
        assert (change.old_stage, change.old_score) == (change.new_stage, change.new_score)
    for element_change in diff.elements:
        assert element_change.old == element_change.new


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (NO, YES, "improved"),
        (NO, PARTLY, "improved"),
        (None, PARTLY, "improved"),  # unanswered counts as credit 0
        (PARTLY, YES, "improved"),
        (YES, NO, "regressed"),
        (YES, PARTLY, "regressed"),
        (PARTLY, None, "regressed"),
        (PARTLY, "started", "changed"),  # same credit, another answer
        ("started", PARTLY, "changed"),
        (NO, None, "changed"),  # credit 0 both ways, the answer differs
        (None, NO, "changed"),
        (YES, NA, "changed"),  # to n/a
        (NA, NO, "changed"),  # from n/a
        (NA, YES, "changed"),
        (NA, None, "changed"),
        (None, NA, "changed"),
    ],
)
def test_change_kinds(old: str | None, new: str | None, kind: str) -> None:
    check = small()
    diff = compare(run(check, {"a2": old}), run(check, {"a2": new}))
    assert [(c.id, c.old, c.new, c.change) for c in diff.items] == [
        ("a2", Answer(old), Answer(new), kind)
    ]


@pytest.mark.parametrize("value", [YES, PARTLY, NO, NA, None])
def test_same_answer_is_not_listed(value: str | None) -> None:
    check = small()
    assert compare(run(check, {"a2": value}), run(check, {"a2": value})).items == ()


def test_a_new_note_on_the_same_answer_is_not_a_changed_answer() -> None:
    check = small()
    old = run(check, {"a2": Answer(YES, "before")})
    new = run(check, {"a2": Answer(YES, "after")})
    assert compare(old, new).items == ()


def test_changes_carry_the_notes_and_text_of_each_side() -> None:
    check = small()
    old = run(check, {"a2": Answer(PARTLY, "half done")})
    new = run(check, {"a2": Answer(YES, "done")})
    (change,) = compare(old, new).items
    assert change.old == Answer(PARTLY, "half done")
    assert change.new == Answer(YES, "done")
    assert change.text == "Statement a2"


def test_regressions_come_first() -> None:
    check = small(
        "test-checklist",
        item("i1", "a", 2),
        item("i2", "a", 2),
        item("i3", "b", 2),
        item("i4", "b", 3),
        item("i5", "a", 3),
        item("i6", "b", 3),
    )
    old = run(check, {"i1": NO, "i2": PARTLY, "i3": YES, "i4": NA, "i5": YES, "i6": YES})
    new = run(check, {"i1": YES, "i2": "started", "i3": NO, "i4": YES, "i5": PARTLY, "i6": YES})
    diff = compare(old, new)
    assert kinds(diff) == {
        "i1": "improved",
        "i2": "changed",
        "i3": "regressed",
        "i4": "changed",
        "i5": "regressed",
    }
    order = [change.change for change in diff.items]
    assert order[:2] == ["regressed", "regressed"]
    # Each kind in checklist order within its kind.
    assert [change.id for change in diff.items] == ["i3", "i5", "i1", "i2", "i4"]


def test_different_checklist_ids_are_a_usage_error() -> None:
    old = run(small("first-list"), {}, path="old.yaml")
    new = run(small("second-list"), {}, path="new.yaml")
    with pytest.raises(UsageError) as raised:
        compare(old, new)
    message = raised.value.message
    for part in ("old.yaml", "new.yaml", "first-list", "second-list"):
        assert part in message


def test_items_on_one_side_only_are_added_or_removed() -> None:
    """Two versions of one checklist: each side is scored with its own checklist."""
    cont = continuum()
    v1 = checklist(
        element("x", item("a2", "a", 2), item("b2", "b", 2)),
        element("y", item("gone", "a", 3)),
        cont=cont,
        scale_values=SCALE,
    )
    v2 = checklist(
        element("x", item("a2", "a", 2), item("b2", "b", 2), item("fresh", "b", 3)),
        cont=cont,
        scale_values=SCALE,
    )
    old = run(v1, {"a2": YES, "b2": YES, "gone": Answer(YES, "was here")})
    new = run(v2, {"a2": YES, "b2": YES, "fresh": NO})
    diff = compare(old, new)
    assert [(c.id, c.old, c.new, c.change) for c in diff.items] == [
        ("fresh", None, Answer(NO), "added"),
        ("gone", Answer(YES, "was here"), None, "removed"),
    ]
    assert old.stage == 2 and new.stage == 2  # b holds both at 2
    assert diff.old.score == 100 and diff.new.score == Fraction(200, 3)
    by_id = {change.id: change for change in diff.elements}
    assert (by_id["x"].old, by_id["x"].new) == (100, Fraction(200, 3))
    assert (by_id["y"].old, by_id["y"].new) == (100, None)
    by_component = {change.id: change for change in diff.components}
    assert (by_component["a"].old_stage, by_component["a"].new_stage) == (3, 2)
    assert (by_component["b"].old_stage, by_component["b"].new_stage) == (2, 2)


def test_unanswered_item_added_in_a_new_version() -> None:
    cont = continuum()
    v1 = checklist(item("a2", "a", 2), cont=cont, scale_values=SCALE)
    v2 = checklist(item("a2", "a", 2), item("a3", "a", 3), cont=cont, scale_values=SCALE)
    diff = compare(run(v1, {"a2": YES}), run(v2, {"a2": YES}))
    assert [(c.id, c.old, c.new, c.change) for c in diff.items] == [
        ("a3", None, Answer(None), "added")
    ]


def test_component_and_element_scores_and_stages() -> None:
    check = small()
    old = run(check, {"a2": YES, "b2": YES, "a3": YES, "b3": NO})
    new = run(check, {"a2": YES, "b2": PARTLY, "a3": NA, "b3": YES})
    diff = compare(old, new)
    assert [
        (c.id, c.old_stage, c.old_score, c.new_stage, c.new_score) for c in diff.components
    ] == [
        ("a", 3, 100, 2, 100),
        ("b", 2, 50, 1, 75),
    ]
    assert [(e.id, e.old, e.new) for e in diff.elements] == [("e", 75, Fraction(250, 3))]


@pytest.mark.parametrize(
    ("old", "new", "dropped"),
    [
        # overall 3 -> 1
        ({"a2": YES, "b2": YES, "a3": YES, "b3": YES}, {}, True),
        # overall 1 -> 3
        ({}, {"a2": YES, "b2": YES, "a3": YES, "b3": YES}, False),
        # a: 3 -> 2 while the overall stage stays 2 (b stays 2)
        ({"a2": YES, "b2": YES, "a3": YES}, {"a2": YES, "b2": YES}, True),
        # items regress but no stage moves
        ({"a2": YES, "b2": YES, "a3": PARTLY}, {"a2": YES, "b2": YES, "a3": NO}, False),
        # nothing changes
        ({"a2": YES}, {"a2": YES}, False),
    ],
)
def test_stage_dropped(old: dict[str, str], new: dict[str, str], dropped: bool) -> None:
    check = small()
    assert compare(run(check, old), run(check, new)).stage_dropped is dropped


def test_drops_lead_with_the_overall_stage_then_each_component() -> None:
    check = small()
    diff = compare(run(check, {"a2": YES, "b2": YES, "a3": YES, "b3": YES}), run(check, {}))
    names = {change.id: change.name for change in diff.components}
    assert diff.drops == [
        StageDrop(None, "overall", 3, 1),
        *(StageDrop(ident, names[ident], 3, 1) for ident in names),
    ]
    assert compare(run(check, {}), run(check, {"a2": YES})).drops == []


# -- properties -----------------------------------------------------------------------

POOL = (
    item("p0", "a", 2),
    item("p1", "b", 2, "2"),
    item("p2", "a", 3, "0.5"),
    item("p3", "b", 3),
    item("p4", "a", 4, "3"),
    item("p5", "b", 4, "0.1"),
)
VALUES = (None, "yes", "partly", "started", "no", "n/a")
CONTINUUM = continuum()

answer_strategy = st.builds(
    Answer, st.sampled_from(VALUES), st.sampled_from((None, "note one", "note two"))
)


@st.composite
def sides(draw: st.DrawFn, ident: str = "prop-checklist") -> Assessment:
    """An assessment of a random version (subset of POOL) of one checklist."""
    chosen = draw(st.lists(st.sampled_from(range(len(POOL))), min_size=1, unique=True))
    chosen.sort()
    groups = {
        "x": [POOL[i] for i in chosen if i < 3],
        "y": [POOL[i] for i in chosen if i >= 3],
    }
    elements = [element(name, *specs) for name, specs in groups.items() if specs]
    check = checklist(*elements, cont=CONTINUUM, scale_values=SCALE, ident=ident)
    given = {spec.id: draw(answer_strategy) for spec in (POOL[i] for i in chosen)}
    path = draw(st.sampled_from(("a.yaml", "b.yaml")))
    return run(check, given, path=path)


def _swap(pair: dict[str, Any]) -> dict[str, Any]:
    return {"old": pair["new"], "new": pair["old"]}


def _mirrored_item(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (
        entry["id"],
        entry["new"],
        entry["old"],
        MIRROR[entry["change"]],
        entry["notes"]["new"],
        entry["notes"]["old"],
    )


def _item_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    notes = entry["notes"]
    return (entry["id"], entry["old"], entry["new"], entry["change"], notes["old"], notes["new"])


@settings(max_examples=200, deadline=None)
@given(sides())
def test_property_diff_with_itself_lists_nothing(side: Assessment) -> None:
    again = assess(side.answers)
    for diff in (compare(side, side), compare(side, again)):
        assert diff.items == ()
        assert not diff.stage_dropped
        data = diff_data(diff)
        assert data["items"] == []
        assert data["stage"]["old"] == data["stage"]["new"]
        assert data["score"]["old"] == data["score"]["new"]
        for entry in data["components"] + data["elements"]:
            assert entry["old"] == entry["new"]


@settings(max_examples=300, deadline=None)
@given(sides(), sides())
def test_property_swapping_the_sides_mirrors_the_diff(a: Assessment, b: Assessment) -> None:
    forward = diff_data(compare(a, b))
    backward = diff_data(compare(b, a))
    assert backward["old"] == forward["new"]
    assert backward["new"] == forward["old"]
    assert backward["stage"] == _swap(forward["stage"])
    assert backward["score"] == _swap(forward["score"])
    assert {c["id"]: _swap(c) for c in forward["components"]} == {
        c["id"]: {"old": c["old"], "new": c["new"]} for c in backward["components"]
    }
    assert {e["id"]: _swap(e) for e in forward["elements"]} == {
        e["id"]: {"old": e["old"], "new": e["new"]} for e in backward["elements"]
    }
    assert Counter(_item_key(entry) for entry in backward["items"]) == Counter(
        _mirrored_item(entry) for entry in forward["items"]
    )
    for data in (forward, backward):
        ranks = [CHANGE_ORDER.index(entry["change"]) for entry in data["items"]]
        assert ranks == sorted(ranks)
        # Regressions first, whatever else changed.
        changes = [entry["change"] for entry in data["items"]]
        regressed = changes.count("regressed")
        assert changes[:regressed] == ["regressed"] * regressed
        # Each kind follows its own definition.
        for entry in data["items"]:
            assert entry["old"] != entry["new"] or entry["change"] in ("added", "removed")
            if entry["change"] == "added":
                assert entry["old"] is None
            if entry["change"] == "removed":
                assert entry["new"] is None


@settings(max_examples=200, deadline=None)
@given(sides(), sides())
def test_property_dropped_stage_matches_the_numbers(a: Assessment, b: Assessment) -> None:
    diff = compare(a, b)
    data = diff_data(diff)
    dropped = data["stage"]["new"] < data["stage"]["old"] or any(
        c["new"]["stage"] < c["old"]["stage"] for c in data["components"]
    )
    assert diff.stage_dropped is dropped


# -- the command: table ------------------------------------------------------------------


def test_diff_table(work: Path) -> None:
    result = invoke("diff", "q1.yaml", "q2.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "\x1b" not in out
    assert re.search(r"Old: Harbour Team · Front desk · 2026-Q1\s+q1\.yaml", out)
    assert re.search(r"New: Harbour Team · Front desk · 2026-Q2\s+q2\.yaml", out)
    assert re.search(r"Stage 1 Reactive → 2 Established\s+↑ 1\s+score 60\.0 → 66\.7 \+6\.7", out)
    assert re.search(r"Customer focus\s+1 → 2\s+↑ 1\s+25\.0 → 75\.0\s+\+50\.0", out)
    assert re.search(r"Measurement\s+2 → 2\s+→\s+100\.0 → 50\.0\s+-50\.0", out)
    assert re.search(r"Environment\s+1 → 2\s+↑ 1\s+75\.0 → 75\.0\s+±0\.0", out)
    assert re.search(r"Listening\s+50\.0 → 100\.0\s+\+50\.0", out)
    assert re.search(r"Growing\s+75\.0 → 33\.3\s+-41\.7", out)
    assert "Regressions (1)" in out  # before the scores, then the other four
    assert "Other changed items (4)" in out
    rows = [
        re.search(rf"^\s*{kind}\s+{ident}\s+{old}\s+{new}\s*$", out, re.MULTILINE)
        for kind, ident, old, new in (
            ("regressed", "en-3", "yes", "partly"),
            ("improved", "cf-2", "no", "yes"),
            ("improved", "en-2", "partly", "yes"),
            ("changed", "cf-3", "partly", "started"),
            ("changed", "me-3", "n/a", "no"),
        )
    ]
    assert all(rows), out
    starts = [row.start() for row in rows if row]
    assert starts == sorted(starts), "regressions first, then the order of the JSON"
    # The note of each side, where there is one.
    assert re.search(r"Rota not agreed\s+Rota agreed in March", out)
    assert "Two leavers" in out
    # The statements of the changed items.
    assert "Staff can solve most problems without a referral." in out
    # Unchanged items (and their notes) are not listed.
    assert "me-2" not in out
    assert "Monthly dashboard" not in out


def test_diff_table_is_the_default_format(work: Path) -> None:
    default = invoke("diff", "q1.yaml", "q2.yaml")
    table = invoke("diff", "q1.yaml", "q2.yaml", "--format", "table")
    short = invoke("diff", "q1.yaml", "q2.yaml", "-f", "table")
    assert default.stdout == table.stdout == short.stdout


def test_diff_table_identical_files(work: Path) -> None:
    result = invoke("diff", "q1.yaml", "q1.yaml")
    assert result.exit_code == 0
    assert "No item changed." in result.stdout
    assert "Changed items" not in result.stdout
    assert re.search(
        r"Stage 1 Reactive → 1 Reactive\s+→\s+score 60\.0 → 60\.0 ±0\.0", result.stdout
    )


def test_diff_table_added_and_removed(work: Path) -> None:
    result = invoke("diff", "q2.yaml", "q3.yaml")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert re.search(r"^\s*added\s+cf-4\s+\(not in checklist\)\s+partly\s*$", out, re.MULTILINE)
    assert re.search(r"^\s*removed\s+en-3\s+partly\s+\(not in checklist\)\s*$", out, re.MULTILINE)
    assert re.search(r"Reach\s+–\s+→\s+50\.0", out)
    assert out.index("improved") < out.index("added") < out.index("removed")


def test_diff_table_markup_in_notes_is_shown_literally(work: Path) -> None:
    write(
        work,
        "marked.yaml",
        answers_text({**Q1, "cf-2": ("yes", "[bold red]loud[/] [link=x]y[/link]")}),
    )
    result = invoke("diff", "q1.yaml", "marked.yaml")
    assert result.exit_code == 0, result.stderr
    assert "[bold red]loud[/] [link=x]y[/link]" in result.stdout


def test_diff_table_when_piped_has_no_escape_codes(work: Path) -> None:
    result = invoke("diff", "q1.yaml", "q2.yaml", env={"COLUMNS": None})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "regressed" in result.stdout


# -- the command: JSON -------------------------------------------------------------------


def test_diff_json_exactly(work: Path) -> None:
    assert diff_json("q1.yaml", "q2.yaml") == EXPECTED_Q1_Q2


def test_diff_json_reversed_mirrors(work: Path) -> None:
    forward = diff_json("q1.yaml", "q2.yaml")
    backward = diff_json("q2.yaml", "q1.yaml")
    assert backward == {
        "format": "servicescore.diff/1",
        "old": forward["new"],
        "new": forward["old"],
        "stage": {"old": 2, "new": 1},
        "score": {"old": 66.7, "new": 60.0},
        "components": [
            component("customer-focus", (2, 75.0), (1, 25.0)),
            component("measurement", (2, 50.0), (2, 100.0)),
            component("environment", (2, 75.0), (1, 75.0)),
        ],
        "elements": [
            {"id": "listening", "old": 100.0, "new": 50.0},
            {"id": "growing", "old": 33.3, "new": 75.0},
        ],
        "items": [
            changed("cf-2", "yes", "no", "regressed"),
            changed(
                "en-2", "yes", "partly", "regressed", ("Rota agreed in March", "Rota not agreed")
            ),
            changed("en-3", "partly", "yes", "improved", ("Two leavers", None)),
            changed("cf-3", "started", "partly", "changed"),
            changed("me-3", "no", "n/a", "changed"),
        ],
        "measures": [],
    }


def test_diff_json_carries_the_spec_keys(work: Path) -> None:
    data = diff_json("q1.yaml", "q2.yaml")
    keys = ("format", "old", "new", "stage", "score", "components", "elements", "items")
    for key in (*keys, "measures"):
        assert key in data
    for side in ("old", "new"):
        assert set(data[side]) == {"file", "subject"}
        assert set(data[side]["subject"]) == {
            "organisation",
            "unit",
            "period",
            "assessor",
            "respondent",
            "role",
        }
    for entry in data["items"]:
        assert {"id", "old", "new", "change"} <= set(entry)


def test_diff_json_identical_files(work: Path) -> None:
    data = diff_json("q2.yaml", "q2.yaml")
    assert data["items"] == []
    assert data["stage"] == {"old": 2, "new": 2}
    assert data["score"] == {"old": 66.7, "new": 66.7}
    for entry in data["components"]:
        assert entry["old"] == entry["new"]


def test_diff_json_across_checklist_versions(work: Path) -> None:
    """Items on one side only are added/removed; each side uses its own checklist."""
    assert diff_json("q2.yaml", "q3.yaml") == {
        "format": "servicescore.diff/1",
        "old": {"file": "q2.yaml", "subject": subject("2026-Q2")},
        "new": {"file": "q3.yaml", "subject": subject("2026-Q3")},
        "stage": {"old": 2, "new": 2},
        "score": {"old": 66.7, "new": 91.7},
        "components": [
            component("customer-focus", (2, 75.0), (3, 83.3)),
            component("measurement", (2, 50.0), (3, 100.0)),
            component("environment", (2, 75.0), (2, 100.0)),
        ],
        "elements": [
            {"id": "listening", "old": 100.0, "new": 100.0},
            {"id": "growing", "old": 33.3, "new": 100.0},
            {"id": "reach", "old": None, "new": 50.0},
        ],
        "items": [
            changed("cf-3", "started", "yes", "improved"),
            changed("me-3", "no", "yes", "improved"),
            changed("cf-4", None, "partly", "added"),
            changed("en-3", "partly", None, "removed", ("Two leavers", None)),
        ],
        "measures": [],
    }


def test_diff_json_across_versions_reversed(work: Path) -> None:
    data = diff_json("q3.yaml", "q2.yaml")
    assert data["items"] == [
        changed("cf-3", "yes", "started", "regressed"),
        changed("me-3", "yes", "no", "regressed"),
        changed("en-3", None, "partly", "added", (None, "Two leavers")),
        changed("cf-4", "partly", None, "removed"),
    ]
    assert {e["id"]: (e["old"], e["new"]) for e in data["elements"]} == {
        "listening": (100.0, 100.0),
        "growing": (100.0, 33.3),
        "reach": (50.0, None),
    }


def test_diff_json_unanswered_is_null(work: Path) -> None:
    write(work, "blank.yaml", answers_text({**Q1, "cf-3": None, "en-3": None}))
    data = diff_json("q1.yaml", "blank.yaml")
    assert data["items"] == [
        changed("cf-3", "partly", None, "regressed"),
        changed("en-3", "yes", None, "regressed"),
    ]


def test_diff_json_answers_as_written_in_the_checklist(work: Path) -> None:
    """`answer` is the scale value as written in the checklist (SPEC 5), whatever the case."""
    write(work, "shout.yaml", answers_text({**Q1, "cf-2": "YES", "cf-3": "Partly"}))
    data = diff_json("q1.yaml", "shout.yaml")
    assert data["items"] == [changed("cf-2", "no", "yes", "improved")]


def test_diff_json_with_a_shipped_checklist(work: Path) -> None:
    head = "kind: answers\nchecklist: key-elements\norganisation: Shipped\nanswers:\n"
    write(work, "k1.yaml", head + "  comms-respond-quickly: 'yes'\n")
    write(work, "k2.yaml", head + "  comms-respond-quickly: 'no'\n")
    data = diff_json("k1.yaml", "k2.yaml")
    assert data["items"] == [changed("comms-respond-quickly", "yes", "no", "regressed")]
    assert data["old"]["subject"] == {
        "organisation": "Shipped",
        "unit": None,
        "period": None,
        "assessor": None,
        "respondent": None,
        "role": None,
    }


def test_diff_json_absolute_paths_from_another_directory(
    work: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    data = diff_json(work / "q1.yaml", work / "q2.yaml")
    assert data["old"]["file"] == str(work / "q1.yaml")
    assert data["new"]["file"] == str(work / "q2.yaml")
    assert data["items"] == EXPECTED_Q1_Q2["items"]


def test_diff_across_checklist_versions_on_different_continua(work: Path) -> None:
    """Version 3.0 of the checklist moved to another continuum: components on one side
    only have null stage and score on the other, and nothing crashes."""
    write(
        work,
        "q4.yaml",
        answers_text({"cf-2": "yes", "pe-2": "yes"}, checklist="team-v3.yaml", period="2026-Q4"),
    )
    data = diff_json("q2.yaml", "q4.yaml")
    assert data["stage"] == {"old": 2, "new": 2}
    assert data["score"] == {"old": 66.7, "new": 100.0}
    nothing = {"stage": None, "score": None}
    assert {c["id"]: (c["old"], c["new"]) for c in data["components"]} == {
        "customer-focus": ({"stage": 2, "score": 75.0}, {"stage": 2, "score": 100.0}),
        "people": (nothing, {"stage": 2, "score": 100.0}),
        "measurement": ({"stage": 2, "score": 50.0}, nothing),
        "environment": ({"stage": 2, "score": 75.0}, nothing),
    }
    assert [(i["id"], i["change"]) for i in data["items"]] == [
        ("pe-2", "added"),
        ("me-2", "removed"),
        ("en-2", "removed"),
        ("cf-3", "removed"),
        ("me-3", "removed"),
        ("en-3", "removed"),
    ]
    for args in (("q2.yaml", "q4.yaml"), ("q4.yaml", "q2.yaml")):
        result = invoke("diff", *args, "--fail-on-regression")
        assert result.exit_code == 0, result.stderr
    table = invoke("diff", "q2.yaml", "q4.yaml").stdout
    assert re.search(r"Stage 2 Established → 2 Settled", table), table
    assert re.search(r"People\s+– → 2", table), table


# -- --fail-on-regression ----------------------------------------------------------------


def test_fail_on_regression_not_triggered_by_item_regressions_alone(work: Path) -> None:
    """Q1 -> Q2 has a regressed item but no stage dropped."""
    result = invoke("diff", "q1.yaml", "q2.yaml", "--fail-on-regression")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "regressed" in result.stdout


def test_fail_on_regression_overall_stage_dropped(work: Path) -> None:
    result = invoke("diff", "q2.yaml", "q1.yaml", "--fail-on-regression", "-f", "json")
    assert result.exit_code == 1
    # The result is still printed in full; the finding goes to stderr.
    assert json.loads(result.stdout)["stage"] == {"old": 2, "new": 1}
    assert "--fail-on-regression" in result.stderr
    assert "q2.yaml" in result.stderr and "q1.yaml" in result.stderr


def test_fail_on_regression_component_stage_dropped(work: Path) -> None:
    """Measurement drops from 2 to 1; the overall stage stays 1."""
    write(work, "q1b.yaml", answers_text({**Q1, "me-2": "partly"}, period="2026-Q1"))
    data = diff_json("q1.yaml", "q1b.yaml")
    assert data["stage"] == {"old": 1, "new": 1}
    assert data["components"][1] == component("measurement", (2, 100.0), (1, 50.0))
    result = invoke("diff", "q1.yaml", "q1b.yaml", "--fail-on-regression")
    assert result.exit_code == 1
    assert "Measurement" in result.stdout
    assert "--fail-on-regression" in result.stderr


def test_fail_on_regression_under_github_actions_is_an_error_annotation(work: Path) -> None:
    write(work, "q,1:%.yaml", answers_text(Q1, period="2026-Q1"))
    result = invoke(
        "diff", "q2.yaml", "q,1:%.yaml", "--fail-on-regression", env={"GITHUB_ACTIONS": "true"}
    )
    assert result.exit_code == 1
    [annotation] = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert annotation.startswith("::error file=q%2C1%3A%25.yaml,title=")
    message = annotation.split("::", 2)[2]
    assert message.startswith("stage dropped: overall 2 Established → 1 Reactive")
    assert "Customer focus 2 → 1" in message


def test_fail_on_regression_annotation_names_the_file_from_the_workspace(work: Path) -> None:
    """GitHub attaches annotations by their path from the workspace (the repository
    root), not from the folder the step runs in; a file outside it keeps its name."""
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(work.parent)}
    result = invoke("diff", "q2.yaml", "q1.yaml", "--fail-on-regression", env=env)
    assert result.exit_code == 1
    [annotation] = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert annotation.startswith(f"::error file={work.name}/q1.yaml,title=")
    env["GITHUB_WORKSPACE"] = str(work / "elsewhere")
    result = invoke("diff", "q2.yaml", "q1.yaml", "--fail-on-regression", env=env)
    [annotation] = [line for line in result.stderr.splitlines() if line.startswith("::")]
    assert annotation.startswith("::error file=q1.yaml,title=")


def test_fail_on_regression_outside_github_actions_is_no_annotation(work: Path) -> None:
    result = invoke("diff", "q2.yaml", "q1.yaml", "--fail-on-regression")
    assert result.exit_code == 1
    assert "::error" not in result.stderr + result.stdout


def test_fail_on_regression_stage_rose(work: Path) -> None:
    assert invoke("diff", "q1.yaml", "q2.yaml", "--fail-on-regression").exit_code == 0
    assert invoke("diff", "q2.yaml", "q3.yaml", "--fail-on-regression").exit_code == 0


def test_fail_on_regression_identical(work: Path) -> None:
    assert invoke("diff", "q1.yaml", "q1.yaml", "--fail-on-regression").exit_code == 0


def test_stage_dropped_without_the_option_exits_0(work: Path) -> None:
    result = invoke("diff", "q2.yaml", "q1.yaml")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_fail_on_regression_across_checklist_versions(work: Path) -> None:
    """Q3 (v2) -> Q2 (v1): customer focus and measurement drop from 3 to 2."""
    result = invoke("diff", "q3.yaml", "q2.yaml", "--fail-on-regression", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["stage"] == {"old": 2, "new": 2}


def test_fail_on_regression_message_escapes_control_characters(work: Path) -> None:
    """SPEC 4: control characters (here a bell in a file name) never reach the terminal."""
    shutil.copy(work / "q2.yaml", work / "bell\x07.yaml")
    result = invoke("diff", "bell\x07.yaml", "q1.yaml", "--fail-on-regression", "-f", "json")
    assert result.exit_code == 1
    assert "\x07" not in result.stderr
    assert "\x07" not in result.stdout
    assert "bell" in result.stderr


# -- unusable input: exit 2 --------------------------------------------------------------


def test_different_checklists_exit_2_naming_both(work: Path) -> None:
    write(work, "other-answers.yaml", answers_text({"cf-2": "yes"}, checklist="other.yaml"))
    for args in (("q1.yaml", "other-answers.yaml"), ("other-answers.yaml", "q1.yaml")):
        for fmt in ("table", "json"):
            err = assert_unusable(invoke("diff", *args, "-f", fmt))
            for part in ("q1.yaml", "other-answers.yaml", "team-practices", "other-practices"):
                assert part in err


def test_different_checklists_with_shipped_ids(work: Path) -> None:
    write(work, "p.yaml", "checklist: profit-through-service\norganisation: X\nanswers: {}\n")
    write(work, "k.yaml", "checklist: key-elements\norganisation: X\nanswers: {}\n")
    err = assert_unusable(invoke("diff", "p.yaml", "k.yaml"))
    for part in ("p.yaml", "k.yaml", "profit-through-service", "key-elements"):
        assert part in err


@pytest.mark.parametrize("missing_side", ["old", "new"])
def test_missing_file(work: Path, missing_side: str) -> None:
    args = ["nowhere.yaml", "q1.yaml"] if missing_side == "old" else ["q1.yaml", "nowhere.yaml"]
    err = assert_unusable(invoke("diff", *args))
    assert "nowhere.yaml" in err
    assert "no such file" in err


def test_directory_side(work: Path) -> None:
    (work / "folder").mkdir()
    err = assert_unusable(invoke("diff", "folder", "q1.yaml"))
    assert "folder" in err


def test_invalid_answers_side(work: Path) -> None:
    write(work, "bad.yaml", answers_text({**Q1, "cf-2": "maybe"}))
    for args in (("bad.yaml", "q1.yaml"), ("q1.yaml", "bad.yaml")):
        err = assert_unusable(invoke("diff", *args, "-f", "json"))
        lines = err.splitlines()
        assert any(
            (m := PROBLEM.match(line)) and m["file"] == "bad.yaml" and "maybe" in m["message"]
            for line in lines
        ), lines


def test_both_sides_invalid_every_problem_reported(work: Path) -> None:
    write(work, "bad1.yaml", answers_text({**Q1, "cf-2": "maybe"}))
    write(work, "bad2.yaml", answers_text({**Q1, "xx-9": "yes"}))
    err = assert_unusable(invoke("diff", "bad1.yaml", "bad2.yaml"))
    files = {m["file"] for line in err.splitlines() if (m := PROBLEM.match(line))}
    assert files == {"bad1.yaml", "bad2.yaml"}


@pytest.mark.parametrize("order", ["missing-first", "missing-last"])
def test_one_side_missing_and_the_other_invalid_reports_both(work: Path, order: str) -> None:
    """SPEC 4: when any of several files is unusable, every problem of every file is
    reported."""
    write(work, "bad.yaml", answers_text({**Q1, "cf-2": "maybe"}))
    args = (
        ("nowhere.yaml", "bad.yaml") if order == "missing-first" else ("bad.yaml", "nowhere.yaml")
    )
    err = assert_unusable(invoke("diff", *args))
    assert "nowhere.yaml" in err
    assert "maybe" in err


def test_broken_checklist(work: Path) -> None:
    text = (work / "team-v1.yaml").read_text(encoding="utf-8")
    write(work, "broken.yaml", text.replace("stage: 3", "stage: seven", 1))
    write(work, "on-broken.yaml", answers_text({}, checklist="broken.yaml"))
    err = assert_unusable(invoke("diff", "q1.yaml", "on-broken.yaml"))
    assert any(
        (m := PROBLEM.match(line)) and m["file"] == "broken.yaml" for line in err.splitlines()
    ), err


def test_missing_checklist(work: Path) -> None:
    write(work, "lost.yaml", answers_text({}, checklist="nowhere/list.yaml"))
    err = assert_unusable(invoke("diff", "lost.yaml", "q1.yaml"))
    assert "nowhere/list.yaml" in err


def test_not_yaml(work: Path) -> None:
    write(work, "broken.yaml", "answers: [unclosed\n")
    err = assert_unusable(invoke("diff", "broken.yaml", "q1.yaml"))
    assert err.startswith("broken.yaml:")


@pytest.mark.parametrize(
    "args",
    [
        ("diff",),
        ("diff", "q1.yaml"),
        ("diff", "q1.yaml", "q2.yaml", "q3.yaml"),
        ("diff", "q1.yaml", "q2.yaml", "--format", "pdf"),
        ("diff", "q1.yaml", "q2.yaml", "--no-such-option"),
    ],
)
def test_usage_errors(work: Path, args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_help(work: Path) -> None:
    result = invoke("diff", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--output", "--fail-on-regression", "REV:PATH"):
        assert option in result.stdout


# -- --output ----------------------------------------------------------------------------


def test_output_json_writes_the_result(work: Path) -> None:
    result = invoke("diff", "q1.yaml", "q2.yaml", "-f", "json", "-o", "diff.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = (work / "diff.json").read_text(encoding="utf-8")
    assert json.loads(written) == EXPECTED_Q1_Q2
    assert written == invoke("diff", "q1.yaml", "q2.yaml", "-f", "json").stdout


def test_output_table_has_no_escape_codes(work: Path) -> None:
    result = invoke("diff", "q1.yaml", "q2.yaml", "--output", "diff.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = (work / "diff.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert "Regressions (1)" in text
    assert re.search(r"^\s*regressed\s+en-3", text, re.MULTILINE)


def test_output_replaces_an_existing_file_and_leaves_no_temporary(work: Path) -> None:
    out = work / "out"
    out.mkdir()
    (out / "diff.json").write_text("old content", encoding="utf-8")
    assert invoke("diff", "q1.yaml", "q2.yaml", "-f", "json", "-o", "out/diff.json").exit_code == 0
    assert json.loads((out / "diff.json").read_text(encoding="utf-8")) == EXPECTED_Q1_Q2
    assert listing(out) == {"diff.json"}


def test_output_dash_is_stdout(work: Path) -> None:
    before = listing(work)
    result = invoke("diff", "q1.yaml", "q2.yaml", "-f", "json", "-o", "-")
    assert json.loads(result.stdout) == EXPECTED_Q1_Q2
    assert listing(work) == before


def test_output_with_fail_on_regression_still_writes(work: Path) -> None:
    result = invoke(
        "diff", "q2.yaml", "q1.yaml", "--fail-on-regression", "-f", "json", "-o", "d.json"
    )
    assert result.exit_code == 1
    assert json.loads((work / "d.json").read_text(encoding="utf-8"))["stage"] == {
        "old": 2,
        "new": 1,
    }


@pytest.mark.parametrize(
    "target", ["q1.yaml", "q2.yaml", "./q2.yaml", "sub/../q1.yaml", "team-v1.yaml"]
)
def test_output_refuses_to_overwrite_an_input(work: Path, target: str) -> None:
    (work / "sub").mkdir()
    originals = {
        name: (work / name).read_bytes() for name in ("q1.yaml", "q2.yaml", "team-v1.yaml")
    }
    before = listing(work)
    for fmt in ("json", "table"):
        err = assert_unusable(invoke("diff", "q1.yaml", "q2.yaml", "-f", fmt, "-o", target))
        assert "overwrite" in err
        for name, content in originals.items():
            assert (work / name).read_bytes() == content
        assert listing(work) == before


def test_output_refuses_an_absolute_path_or_symlink_to_an_input(work: Path) -> None:
    original = (work / "q1.yaml").read_bytes()
    (work / "link.yaml").symlink_to(work / "q1.yaml")
    for target in (work / "q1.yaml", "link.yaml"):
        assert_unusable(invoke("diff", "q1.yaml", "q2.yaml", "-o", target))
        assert (work / "q1.yaml").read_bytes() == original
        assert (work / "link.yaml").is_symlink()


def test_output_not_written_on_unusable_input(work: Path) -> None:
    write(work, "other-answers.yaml", answers_text({"cf-2": "yes"}, checklist="other.yaml"))
    before = listing(work)
    assert_unusable(invoke("diff", "q1.yaml", "other-answers.yaml", "-o", "d.json"))
    assert_unusable(invoke("diff", "q1.yaml", "nowhere.yaml", "-o", "d.json"))
    assert listing(work) == before


def test_output_into_a_missing_folder(work: Path) -> None:
    err = assert_unusable(invoke("diff", "q1.yaml", "q2.yaml", "-o", "no/such/d.json"))
    assert "no/such" in err


def test_diff_reads_a_checklist_both_sides_name_once(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both sides answer team-v1.yaml: it is read and parsed once, not once a side (a
    50,000-item checklist took seconds a side)."""
    import servicescore.loader

    read = Counter[str]()
    real = servicescore.loader.read_file

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        read[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(servicescore.loader, "read_file", counting)
    result = invoke("diff", "q1.yaml", "q2.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert read["team-v1.yaml"] == 1
    assert read["q1.yaml"] == read["q2.yaml"] == 1
