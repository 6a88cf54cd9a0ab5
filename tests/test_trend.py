"""``servicescore trend`` (SPEC 2.3, 4 and 5, and the issue that added it).

Unit tests of :func:`servicescore.trend.period_key` and
:func:`servicescore.trend.build_trend`, a Hypothesis property of the period order, and
the command end to end on small files written in a temporary folder. The checklist is
``tests/diff_data/team-v1.yaml`` (one item per cell: a cell passes exactly when its item
is fully in place); the expected stages and scores are worked out by hand.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from builders import YES, checklist, continuum, item, run
from clirun import invoke, listing, write
from servicescore.loader import period_start
from servicescore.problems import InputError
from servicescore.render.json import trend_data
from servicescore.trend import build_trend, period_key

DATA = Path(__file__).resolve().parent / "diff_data"
PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<message>\S.*)$")


AnswerSpec = str | None

# Stages (overall; customer-focus, measurement, environment) and scores on team-v1.yaml:
NONE: dict[str, AnswerSpec] = {}  # 1; 1, 1, 1; 0.0
LOW: dict[str, AnswerSpec] = {  # 1; 1, 2, 1; 3/5 = 60.0
    "cf-2": "no",
    "me-2": "yes",
    "en-2": "partly",
    "cf-3": "partly",
    "me-3": "n/a",
    "en-3": "yes",
}
MID: dict[str, AnswerSpec] = {  # 2; 2, 2, 2; 4/6 = 66.7
    "cf-2": "yes",
    "me-2": "yes",
    "en-2": "yes",
    "cf-3": "started",
    "me-3": "no",
    "en-3": "partly",
}
TOP: dict[str, AnswerSpec] = {  # 3; 3, 3, 3; 100.0 (no item at stage 4)
    "cf-2": "yes",
    "me-2": "yes",
    "en-2": "yes",
    "cf-3": "yes",
    "me-3": "yes",
    "en-3": "yes",
}
# (stage, {component: stage}, score)
OUTCOME: dict[str, tuple[int, dict[str, int], float]] = {
    "NONE": (1, {"customer-focus": 1, "measurement": 1, "environment": 1}, 0.0),
    "LOW": (1, {"customer-focus": 1, "measurement": 2, "environment": 1}, 60.0),
    "MID": (2, {"customer-focus": 2, "measurement": 2, "environment": 2}, 66.7),
    "TOP": (3, {"customer-focus": 3, "measurement": 3, "environment": 3}, 100.0),
}
SETS = {"NONE": NONE, "LOW": LOW, "MID": MID, "TOP": TOP}


def answers_text(
    given: dict[str, AnswerSpec],
    *,
    period: str | None,
    organisation: str = "Harbour Team",
    unit: str | None = "Front desk",
    checklist: str = "team-v1.yaml",
) -> str:
    lines = ["kind: answers", f"checklist: {checklist}", f"organisation: {organisation}"]
    if unit is not None:
        lines.append(f"unit: {unit}")
    if period is not None:
        lines.append(f"period: {period}")  # unquoted on purpose: it must stay text
    lines.append("answers:")
    lines += [f"  {ident}: {json.dumps(value)}" for ident, value in given.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for fixture in DATA.glob("*.yaml"):
        shutil.copy(fixture, tmp_path / fixture.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_unusable(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip(), "an unusable input must be explained on standard error"
    return result.stderr


def trend_json(*args: str | Path) -> dict[str, Any]:
    result = invoke("trend", *args, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def point(
    period: str,
    file: str,
    outcome: str,
    organisation: str = "Harbour Team",
    unit: str | None = "Front desk",
) -> dict[str, Any]:
    stage, components, score = OUTCOME[outcome]
    return {
        "period": period,
        "file": file,
        "organisation": organisation,
        "unit": unit,
        "stage": stage,
        "score": score,
        "components": components,
        "measures": {},  # the checklist defines none
    }


# Files named so that neither their names nor the argument order match the period order.
GRAINS = (
    # (file, period, answers)
    ("a.yaml", "2026-01-01", "TOP"),
    ("b.yaml", "2026", "NONE"),
    ("c.yaml", "2026-01", "MID"),
    ("d.yaml", "2026-Q1", "LOW"),
)
GRAINS_ORDER = ["b.yaml", "d.yaml", "c.yaml", "a.yaml"]  # 2026, 2026-Q1, 2026-01, 2026-01-01


def write_grains(folder: Path) -> None:
    for name, period, outcome in GRAINS:
        write(folder, name, answers_text(SETS[outcome], period=period))


# -- period_key ----------------------------------------------------------------------------


def test_period_key_same_first_day_coarser_first() -> None:
    periods = ["2026-01-01", "2026-01", "2026-Q1", "2026"]
    assert sorted(periods, key=period_key) == ["2026", "2026-Q1", "2026-01", "2026-01-01"]
    assert {period_key(p)[0] for p in periods} == {date(2026, 1, 1)}


def test_period_key_compares_by_first_day() -> None:
    periods = [
        "2026-04",
        "2026-Q2",
        "2026-03-31",
        "2027",
        "2026-Q4",
        "2026-12-31",
        "2025-12-31",
        "2026-02",
        "2025",
        "2026-Q3",
        "2026-07-01",
        "2026-06",
    ]
    assert sorted(periods, key=period_key) == [
        "2025",
        "2025-12-31",
        "2026-02",
        "2026-03-31",
        "2026-Q2",
        "2026-04",
        "2026-06",
        "2026-Q3",
        "2026-07-01",
        "2026-Q4",
        "2026-12-31",
        "2027",
    ]


@pytest.mark.parametrize(
    ("period", "first"),
    [
        ("2026", date(2026, 1, 1)),
        ("2026-Q1", date(2026, 1, 1)),
        ("2026-Q2", date(2026, 4, 1)),
        ("2026-Q3", date(2026, 7, 1)),
        ("2026-Q4", date(2026, 10, 1)),
        ("2026-09", date(2026, 9, 1)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_period_key_first_day(period: str, first: date) -> None:
    assert period_key(period)[0] == first


periods = st.one_of(
    st.integers(1990, 2100).map(str),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(1990, 2100), st.integers(1, 4)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2100), st.integers(1, 12)),
    st.dates(date(1990, 1, 1), date(2100, 12, 31)).map(lambda d: d.isoformat()),
)


def _grain(period: str) -> int:
    if len(period) == 4:
        return 0
    if "Q" in period:
        return 1
    return 2 if len(period) == 7 else 3


@settings(max_examples=300, deadline=None)
@given(st.lists(periods, min_size=1, max_size=12, unique=True))
def test_property_period_order_is_first_day_then_coarser(values: list[str]) -> None:
    ordered = sorted(values, key=period_key)
    expected = sorted(values, key=lambda p: (period_start(p), _grain(p)))
    assert ordered == expected
    for earlier, later in pairwise(ordered):
        assert period_key(earlier) < period_key(later)  # a strict order on distinct periods
        first_earlier, first_later = period_start(earlier), period_start(later)
        assert first_earlier is not None and first_later is not None
        assert first_earlier <= first_later


@settings(max_examples=100, deadline=None)
@given(st.dates(date(1990, 1, 1), date(2100, 12, 30)))
def test_property_the_day_after_comes_after(day: date) -> None:
    later = day + timedelta(days=1)
    assert period_key(day.isoformat()) < period_key(later.isoformat())
    assert period_key(day.isoformat()) > period_key(f"{day.year}-{day.month:02d}") or day.day == 1


# -- build_trend ---------------------------------------------------------------------------

CHECK = checklist(item("a2", "a", 2), item("b2", "b", 2), cont=continuum())


def assessed(period: str | None, path: str, unit: str | None = None, org: str = "Org") -> Any:
    return run(CHECK, {"a2": YES}, organisation=org, unit=unit, period=period, path=path)


def test_build_trend_orders_by_period() -> None:
    series = build_trend(
        [
            assessed("2026-01-01", "a.yaml"),
            assessed("2026", "b.yaml"),
            assessed("2026-01", "c.yaml"),
            assessed("2026-Q1", "d.yaml"),
            assessed("2025-12", "e.yaml"),
        ]
    )
    assert len(series) == 1
    (one,) = series
    assert (one.organisation, one.unit) == ("Org", None)
    assert [p.period for p in one.points] == ["2025-12", "2026", "2026-Q1", "2026-01", "2026-01-01"]
    assert [p.assessment.answers.path for p in one.points] == [
        "e.yaml",
        "b.yaml",
        "d.yaml",
        "c.yaml",
        "a.yaml",
    ]
    assert [p.start for p in one.points] == [date(2025, 12, 1)] + [date(2026, 1, 1)] * 4


def test_build_trend_one_series_per_organisation_and_unit() -> None:
    series = build_trend(
        [
            assessed("2026-Q2", "z-q2.yaml", org="Zeta"),
            assessed("2026-Q1", "a-front-q1.yaml", unit="Front"),
            assessed("2026-Q1", "a-q1.yaml"),
            assessed("2026-Q1", "z-q1.yaml", org="Zeta"),
            assessed("2025-Q4", "a-front-q4.yaml", unit="Front"),
            assessed("2026-Q1", "a-back-q1.yaml", unit="Back"),
        ]
    )
    assert [(s.organisation, s.unit, [p.period for p in s.points]) for s in series] == [
        ("Org", None, ["2026-Q1"]),
        ("Org", "Back", ["2026-Q1"]),
        ("Org", "Front", ["2025-Q4", "2026-Q1"]),
        ("Zeta", None, ["2026-Q1", "2026-Q2"]),
    ]


def test_build_trend_same_period_in_different_series_is_fine() -> None:
    series = build_trend([assessed("2026", "a.yaml"), assessed("2026", "b.yaml", unit="U")])
    assert len(series) == 2


def test_build_trend_same_first_day_is_not_a_duplicate() -> None:
    (one,) = build_trend([assessed("2026-01", "a.yaml"), assessed("2026-Q1", "b.yaml")])
    assert [p.period for p in one.points] == ["2026-Q1", "2026-01"]


def test_build_trend_file_without_period() -> None:
    with pytest.raises(InputError) as raised:
        build_trend(
            [assessed("2026", "ok.yaml"), assessed(None, "a.yaml"), assessed(None, "b.yaml")]
        )
    problems = raised.value.problems
    assert sorted(p.path for p in problems) == ["a.yaml", "b.yaml"]
    assert all("period" in p.message for p in problems)


def test_build_trend_duplicate_period_names_both_files() -> None:
    with pytest.raises(InputError) as raised:
        build_trend(
            [
                assessed("2026-Q1", "first.yaml", unit="U"),
                assessed("2026-Q2", "other.yaml", unit="U"),
                assessed("2026-Q1", "second.yaml", unit="U"),
            ]
        )
    (problem,) = raised.value.problems
    text = str(problem)
    assert "first.yaml" in text and "second.yaml" in text and "2026-Q1" in text


def test_build_trend_reports_every_problem() -> None:
    with pytest.raises(InputError) as raised:
        build_trend(
            [
                assessed("2026", "a1.yaml"),
                assessed("2026", "a2.yaml"),
                assessed("2026", "a3.yaml"),
                assessed(None, "none.yaml"),
            ]
        )
    text = "\n".join(raised.value.lines())
    for name in ("a1.yaml", "a2.yaml", "a3.yaml", "none.yaml"):
        assert name in text


def test_build_trend_empty() -> None:
    assert build_trend([]) == []


def test_trend_data_points_in_period_order_across_series() -> None:
    series = build_trend(
        [
            assessed("2026-Q2", "b-q2.yaml", org="B"),
            assessed("2026-Q1", "a-q1.yaml", org="A"),
            assessed("2026", "b-2026.yaml", org="B"),
            assessed("2026-Q1", "b-q1.yaml", org="B"),
            assessed("2026-04", "a-04.yaml", org="A"),
        ]
    )
    data = trend_data(series)
    assert data["format"] == "servicescore.trend/1"
    assert [(p["period"], p["organisation"], p["file"]) for p in data["points"]] == [
        ("2026", "B", "b-2026.yaml"),
        ("2026-Q1", "A", "a-q1.yaml"),
        ("2026-Q1", "B", "b-q1.yaml"),
        ("2026-Q2", "B", "b-q2.yaml"),
        ("2026-04", "A", "a-04.yaml"),
    ]


# -- the command: JSON ---------------------------------------------------------------------


def test_trend_json_period_grains_in_order(work: Path) -> None:
    write_grains(work)
    expected = {
        "format": "servicescore.trend/1",
        "points": [
            point("2026", "b.yaml", "NONE"),
            point("2026-Q1", "d.yaml", "LOW"),
            point("2026-01", "c.yaml", "MID"),
            point("2026-01-01", "a.yaml", "TOP"),
        ],
    }
    assert trend_json("a.yaml", "b.yaml", "c.yaml", "d.yaml") == expected
    assert trend_json("d.yaml", "c.yaml", "b.yaml", "a.yaml") == expected
    assert trend_json(".") == expected  # a directory: its checklists are skipped


def test_trend_json_periods_stay_text(work: Path) -> None:
    """``period: 2026`` and ``period: 2026-01-01`` unquoted are text, not a number or a date."""
    write_grains(work)
    periods = [p["period"] for p in trend_json(".")["points"]]
    assert periods == ["2026", "2026-Q1", "2026-01", "2026-01-01"]
    assert all(isinstance(p, str) for p in periods)


def test_trend_json_many_periods(work: Path) -> None:
    cases = [
        ("p1.yaml", "2026-04", "TOP"),
        ("p2.yaml", "2026-Q2", "MID"),
        ("p3.yaml", "2026-03-31", "LOW"),
        ("p4.yaml", "2025-12-31", "NONE"),
        ("p5.yaml", "2026-02", "MID"),
        ("p6.yaml", "'2027'", "TOP"),  # quoted in the file
    ]
    for name, period, outcome in cases:
        write(work, name, answers_text(SETS[outcome], period=period))
    data = trend_json(*(name for name, _, _ in cases))
    assert data["points"] == [
        point("2025-12-31", "p4.yaml", "NONE"),
        point("2026-02", "p5.yaml", "MID"),
        point("2026-03-31", "p3.yaml", "LOW"),
        point("2026-Q2", "p2.yaml", "MID"),
        point("2026-04", "p1.yaml", "TOP"),
        point("2027", "p6.yaml", "TOP"),
    ]


def test_trend_json_two_series(work: Path) -> None:
    """Points in period order over both series; organisation and unit tell them apart."""
    front = {"organisation": "Harbour Team", "unit": "Front desk"}
    back = {"organisation": "Harbour Team", "unit": None}
    bay = {"organisation": "Bay Clinic", "unit": None}
    up = "../team-v1.yaml"
    write(work, "front/q1.yaml", answers_text(LOW, period="2026-Q1", checklist=up, **front))
    write(work, "front/q2.yaml", answers_text(MID, period="2026-Q2", checklist=up, **front))
    write(work, "front/q3.yaml", answers_text(TOP, period="2026-Q3", checklist=up, **front))
    write(work, "back/q2.yaml", answers_text(NONE, period="2026-Q2", checklist=up, **back))
    write(work, "back/h1.yaml", answers_text(MID, period="2026-01", checklist=up, **back))
    write(work, "bay/q2.yaml", answers_text(TOP, period="2026-Q2", checklist=up, **bay))
    data = trend_json("front", "back", "bay")
    assert data == {
        "format": "servicescore.trend/1",
        "points": [
            point("2026-Q1", "front/q1.yaml", "LOW", **front),
            point("2026-01", "back/h1.yaml", "MID", **back),
            point("2026-Q2", "bay/q2.yaml", "TOP", **bay),
            point("2026-Q2", "back/q2.yaml", "NONE", **back),
            point("2026-Q2", "front/q2.yaml", "MID", **front),
            point("2026-Q3", "front/q3.yaml", "TOP", **front),
        ],
    }


def test_trend_json_single_file(work: Path) -> None:
    write(work, "only.yaml", answers_text(MID, period="2026-Q2"))
    assert trend_json("only.yaml") == {
        "format": "servicescore.trend/1",
        "points": [point("2026-Q2", "only.yaml", "MID")],
    }


def test_trend_json_across_checklist_versions(work: Path) -> None:
    """Each point is scored with its own file's checklist."""
    write(work, "v1.yaml", answers_text(MID, period="2026-Q1"))
    v2 = {
        "cf-2": "yes",
        "me-2": "yes",
        "en-2": "yes",
        "cf-3": "yes",
        "me-3": "yes",
        "cf-4": "partly",
    }
    write(work, "v2.yaml", answers_text(v2, period="2026-Q2", checklist="team-v2.yaml"))
    points = trend_json("v2.yaml", "v1.yaml")["points"]
    assert [(p["period"], p["stage"], p["score"], p["components"]) for p in points] == [
        ("2026-Q1", 2, 66.7, {"customer-focus": 2, "measurement": 2, "environment": 2}),
        ("2026-Q2", 2, 91.7, {"customer-focus": 3, "measurement": 3, "environment": 2}),
    ]


# -- the command: table --------------------------------------------------------------------


def test_trend_table(work: Path) -> None:
    write(work, "q3.yaml", answers_text(TOP, period="2026-Q3"))
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "q2.yaml", answers_text(MID, period="2026-Q2"))
    result = invoke("trend", "q3.yaml", "q1.yaml", "q2.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert "\x1b" not in out
    assert "Harbour Team · Front desk" in out
    header = re.search(r"Period\s+Stage\s+Customer focus\s+Measurement\s+Environment\s+Score", out)
    assert header, out
    rows = [
        re.search(r"^\s*2026-Q1\s+1 Reactive\s+1\s+2\s+1\s+60\.0\s*$", out, re.MULTILINE),
        re.search(
            r"^\s*2026-Q2\s+2 Established\s+↑ 1\s+2\s+2\s+2\s+66\.7\s+\+6\.7\s*$", out, re.MULTILINE
        ),
        re.search(
            r"^\s*2026-Q3\s+3 \S+\s+↑ 1\s+3\s+3\s+3\s+100\.0\s+\+33\.3\s*$", out, re.MULTILINE
        ),
    ]
    assert all(rows), out
    starts = [row.start() for row in rows if row]
    assert starts == sorted(starts)
    # The compact visual: stage 1, 2, 3 of 5 and score 60, 66.7, 100 out of 100.
    assert re.search(r"stage ▁▂▄\s+score ▅▅█", out), out


def test_trend_table_going_down(work: Path) -> None:
    write(work, "q1.yaml", answers_text(TOP, period="2026-Q1"))
    write(work, "q2.yaml", answers_text(LOW, period="2026-Q2"))
    result = invoke("trend", "q1.yaml", "q2.yaml")
    assert result.exit_code == 0
    assert re.search(r"2026-Q2\s+1 Reactive\s+↓ 2\s+1\s+2\s+1\s+60\.0\s+-40\.0", result.stdout)


def test_trend_table_period_grains_in_order(work: Path) -> None:
    write_grains(work)
    out = invoke("trend", ".").stdout
    found = [
        re.search(rf"^\s*{re.escape(period)}\s", out, re.MULTILINE)
        for period in ("2026", "2026-Q1", "2026-01", "2026-01-01")
    ]
    assert all(found), out
    starts = [match.start() for match in found if match]
    assert starts == sorted(starts)


def test_trend_table_two_series(work: Path) -> None:
    write(work, "a1.yaml", answers_text(LOW, period="2026-Q1", organisation="Alpha", unit=None))
    write(work, "a2.yaml", answers_text(MID, period="2026-Q2", organisation="Alpha", unit=None))
    write(work, "b1.yaml", answers_text(TOP, period="2026-Q1", organisation="Beta", unit="Desk"))
    result = invoke("trend", "b1.yaml", "a2.yaml", "a1.yaml")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    alpha = re.search(r"^Alpha\s*$", out, re.MULTILINE)
    beta = re.search(r"^Beta · Desk\s*$", out, re.MULTILINE)
    assert alpha and beta, out
    assert alpha.start() < beta.start()
    alpha_part, beta_part = out[alpha.start() : beta.start()], out[beta.start() :]
    assert "2026-Q1" in alpha_part and "2026-Q2" in alpha_part
    assert "2026-Q1" in beta_part and "2026-Q2" not in beta_part
    assert out.count("Period") == 2


def test_trend_table_markup_in_names_is_literal(work: Path) -> None:
    write(work, "a.yaml", answers_text(LOW, period="2026", organisation="'[bold]Org[/bold]'"))
    result = invoke("trend", "a.yaml")
    assert result.exit_code == 0, result.stderr
    assert "[bold]Org[/bold]" in result.stdout


def test_trend_series_moving_to_another_continuum(work: Path) -> None:
    """A series whose checklist moved to another continuum (same checklist id): each
    point's stage is named and scaled by its own continuum, and nothing crashes."""
    write(
        work,
        "q4.yaml",
        answers_text({"cf-2": "yes", "pe-2": "yes"}, period="2025-Q4", checklist="team-v3.yaml"),
    )
    write(work, "q5.yaml", answers_text(TOP, period="2026-Q1"))
    points = trend_json("q4.yaml", "q5.yaml")["points"]
    assert [(p["period"], p["stage"], p["score"], p["components"]) for p in points] == [
        ("2025-Q4", 2, 100.0, {"customer-focus": 2, "people": 2}),
        ("2026-Q1", 3, 100.0, {"customer-focus": 3, "measurement": 3, "environment": 3}),
    ]
    result = invoke("trend", "q4.yaml", "q5.yaml")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"2025-Q4\s+2 Settled", result.stdout), result.stdout
    assert re.search(r"2026-Q1\s+3 Managed", result.stdout), result.stdout


def test_trend_point_with_nothing_applicable_has_a_null_score(work: Path) -> None:
    all_na = dict.fromkeys(TOP, "n/a")
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "q2.yaml", answers_text(all_na, period="2026-Q2"))
    points = trend_json("q1.yaml", "q2.yaml")["points"]
    assert points[1] == {
        **point("2026-Q2", "q2.yaml", "NONE"),
        "score": None,
    }
    result = invoke("trend", "q1.yaml", "q2.yaml")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^\s*2026-Q2\s+1 Reactive\s+→\s+1\s+1\s+1\s+–\s*$", result.stdout, re.M)
    # The missing score is a gap; at the end of a line it is cut with the other padding.
    assert re.search(r"stage ▁▁\s+score ▅ ?$", result.stdout, re.M), result.stdout


# -- unusable input: exit 2 ----------------------------------------------------------------


def test_file_without_period(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "undated.yaml", answers_text(MID, period=None))
    for fmt in ("table", "json"):
        err = assert_unusable(invoke("trend", "q1.yaml", "undated.yaml", "-f", fmt))
        assert "undated.yaml" in err
        assert "period" in err
        assert "q1.yaml" not in err.replace("undated.yaml", "")


def test_every_file_without_period_is_named(work: Path) -> None:
    write(work, "x.yaml", answers_text(LOW, period=None))
    write(work, "y.yaml", answers_text(MID, period=None))
    write(work, "z.yaml", answers_text(MID, period="2026"))
    err = assert_unusable(invoke("trend", "."))
    assert "x.yaml" in err and "y.yaml" in err


def test_empty_period_counts_as_none(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "blank.yaml", answers_text(MID, period="~"))
    err = assert_unusable(invoke("trend", "q1.yaml", "blank.yaml"))
    assert "blank.yaml" in err


def test_duplicate_period_in_one_series(work: Path) -> None:
    write(work, "first.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "second.yaml", answers_text(MID, period="2026-Q1"))
    write(work, "fine.yaml", answers_text(MID, period="2026-Q2"))
    for fmt in ("table", "json"):
        err = assert_unusable(invoke("trend", "first.yaml", "second.yaml", "fine.yaml", "-f", fmt))
        assert "first.yaml" in err and "second.yaml" in err
        assert "2026-Q1" in err
        assert "fine.yaml" not in err


def test_duplicate_period_three_files_all_named(work: Path) -> None:
    for name in ("r1.yaml", "r2.yaml", "r3.yaml"):
        write(work, name, answers_text(LOW, period="2026"))
    err = assert_unusable(invoke("trend", "."))
    for name in ("r1.yaml", "r2.yaml", "r3.yaml"):
        assert name in err


def test_same_file_twice_is_a_duplicate_period(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    err = assert_unusable(invoke("trend", "q1.yaml", "q1.yaml"))
    assert "q1.yaml" in err


def test_same_period_in_different_series_is_fine(work: Path) -> None:
    write(work, "a.yaml", answers_text(LOW, period="2026-Q1", unit="One"))
    write(work, "b.yaml", answers_text(MID, period="2026-Q1", unit="Two"))
    data = trend_json("a.yaml", "b.yaml")
    assert [(p["unit"], p["file"]) for p in data["points"]] == [
        ("One", "a.yaml"),
        ("Two", "b.yaml"),
    ]


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26", "2026-02-30", "2026-1", "Q1-2026"])
def test_invalid_period(work: Path, period: str) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "bad.yaml", answers_text(MID, period=period))
    err = assert_unusable(invoke("trend", "q1.yaml", "bad.yaml"))
    lines = err.splitlines()
    assert any((m := PROBLEM.match(line)) and m["file"] == "bad.yaml" for line in lines), lines


def test_missing_file(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    err = assert_unusable(invoke("trend", "q1.yaml", "nowhere.yaml"))
    assert "nowhere.yaml" in err


def test_directory_without_answers(work: Path) -> None:
    (work / "empty").mkdir()
    err = assert_unusable(invoke("trend", "empty"))
    assert "empty" in err


def test_invalid_answers_file_among_good_ones(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    write(work, "bad.yaml", answers_text({**MID, "cf-2": "maybe"}, period="2026-Q2"))
    err = assert_unusable(invoke("trend", "q1.yaml", "bad.yaml", "-f", "json"))
    assert any(
        (m := PROBLEM.match(line)) and m["file"] == "bad.yaml" for line in err.splitlines()
    ), err


def test_invalid_file_and_file_without_period_both_reported(work: Path) -> None:
    """SPEC 4: when any of several files is unusable, every problem of every file is
    reported; a missing period is one of them."""
    write(work, "bad.yaml", answers_text({**MID, "cf-2": "maybe"}, period="2026-Q2"))
    write(work, "undated.yaml", answers_text(LOW, period=None))
    err = assert_unusable(invoke("trend", "bad.yaml", "undated.yaml"))
    assert "bad.yaml" in err
    assert "undated.yaml" in err


def test_no_arguments(work: Path) -> None:
    result = invoke("trend")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_unknown_format(work: Path) -> None:
    write(work, "q1.yaml", answers_text(LOW, period="2026-Q1"))
    result = invoke("trend", "q1.yaml", "-f", "pdf")
    assert result.exit_code == 2
    assert result.stdout == ""


# -- --output ------------------------------------------------------------------------------


def test_output_json(work: Path) -> None:
    write_grains(work)
    result = invoke("trend", ".", "-f", "json", "-o", "trend.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = (work / "trend.json").read_text(encoding="utf-8")
    assert [p["file"] for p in json.loads(written)["points"]] == GRAINS_ORDER
    assert written == invoke("trend", ".", "-f", "json").stdout


def test_output_table(work: Path) -> None:
    write_grains(work)
    (work / "out").mkdir()
    (work / "out" / "trend.txt").write_text("previous", encoding="utf-8")
    result = invoke("trend", "a.yaml", "b.yaml", "c.yaml", "d.yaml", "--output", "out/trend.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = (work / "out" / "trend.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert "2026-Q1" in text and "Harbour Team" in text
    assert listing(work / "out") == {"trend.txt"}


def test_output_dash_is_stdout(work: Path) -> None:
    write_grains(work)
    before = listing(work)
    result = invoke("trend", ".", "-f", "json", "-o", "-")
    assert [p["file"] for p in json.loads(result.stdout)["points"]] == GRAINS_ORDER
    assert listing(work) == before


@pytest.mark.parametrize("target", ["a.yaml", "./b.yaml", "sub/../c.yaml", "team-v1.yaml"])
def test_output_refuses_to_overwrite_an_input(work: Path, target: str) -> None:
    write_grains(work)
    (work / "sub").mkdir()
    originals = {path.name: path.read_bytes() for path in work.glob("*.yaml")}
    before = listing(work)
    for fmt in ("json", "table"):
        err = assert_unusable(
            invoke("trend", "a.yaml", "b.yaml", "c.yaml", "d.yaml", "-f", fmt, "-o", target)
        )
        assert "overwrite" in err
        assert {path.name: path.read_bytes() for path in work.glob("*.yaml")} == originals
        assert listing(work) == before


def test_output_refuses_an_answers_file_found_in_a_directory(work: Path) -> None:
    write(work, "series/q1.yaml", answers_text(LOW, period="2026-Q1"))
    original = (work / "series" / "q1.yaml").read_bytes()
    assert_unusable(invoke("trend", "series", "-o", "series/q1.yaml"))
    assert (work / "series" / "q1.yaml").read_bytes() == original
    assert listing(work / "series") == {"q1.yaml"}


def test_output_not_written_on_unusable_input(work: Path) -> None:
    write(work, "undated.yaml", answers_text(LOW, period=None))
    before = listing(work)
    assert_unusable(invoke("trend", "undated.yaml", "-o", "trend.json"))
    assert listing(work) == before


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_a_trend_holds_only_what_its_points_show(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A point shows stages and scores, never an item: each file's answers, item results
    and cells are let go as it is scored (a 20,000-file trend took 612 MB), and the
    output is the one the whole assessments give."""
    import importlib

    import servicescore.trend
    from servicescore.inputs import load_answers
    from servicescore.loader import Loader
    from servicescore.scoring import assess

    seen = []
    real = servicescore.trend.build_trend

    def spy(assessments: Any, problems: Any = ()) -> Any:
        seen.extend(assessments)
        return real(assessments, problems)

    monkeypatch.setattr(servicescore.trend, "build_trend", spy)
    folder = tmp_path / "t"
    for example in sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml")):
        folder.mkdir(exist_ok=True)
        shutil.copy(example, folder / example.name)
    result = invoke("trend", folder, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert seen
    assert all(one.items == () and not one.answers.answers for one in seen)
    full = [assess(one) for one in load_answers([folder], None, Loader())]
    module = importlib.import_module(f"servicescore.render.{fmt}")
    expected = module.trend(real(full))
    assert result.stdout == (expected if isinstance(expected, str) else "".join(expected))
