"""The consolidation engine (SPEC 6): the rule case by case, agreement, roles, invariants.

Alpha is checked against worked examples (Krippendorff's own, and one by hand) and,
for random panels, against an independent reference written here from the coincidence
matrix of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicescore.consolidate as consolidate_module
from builders import NA, NO, PARTLY, YES, answers, checklist, element, item, scale
from servicescore.consolidate import (
    Consolidation,
    consolidate,
    consolidated_value,
    krippendorff_alpha,
)
from servicescore.model import Answer, Answers, Checklist
from servicescore.problems import InputError, UsageError
from servicescore.render.json import report_data
from servicescore.rules import RULES
from servicescore.scoring import round_score

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# One item per component, three elements: enough to tell every breakdown apart.
CHECK = checklist(
    element("first", item("a1", "a"), item("b1", "b")),
    element("second", item("a2", "a", weight="2"), item("b2", "b", stage=3)),
    element("third", item("a3", "a", stage=3, weight="0.5")),
)
IDS = [entry.id for entry in CHECK.items]


def panel(
    *rows: dict[str, str | Answer | None],
    roles: Sequence[str | None] = (),
    check: Checklist = CHECK,
) -> list[Answers]:
    """One answers file per row, respondent ``r1``, ``r2``, ... in order."""
    return [
        answers(
            check,
            row,
            respondent=f"r{index}",
            role=roles[index - 1] if roles else None,
            path=f"r{index}.yaml",
        )
        for index, row in enumerate(rows, start=1)
    ]


def one(values: Sequence[str | None], rule: str = "median", check: Checklist = CHECK) -> Any:
    """The consolidated answer of item a1 from each respondent's answer to it."""
    return consolidated_value(check, list(values), rule)  # type: ignore[arg-type]


# -- the consolidated answer, case by case ---------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([None, None, None], None),
        ([YES], YES),
        ([YES, None, None], YES),
        ([NA, NA, YES], NA),
        ([NA, YES], YES),  # exactly half n/a: not more than half, so rated
        ([NA, NA, YES, NO], NO),  # half n/a; the two rated: lower median of no, yes
        ([NA, NA, NA, YES, NO], NA),
        ([NA, None, None], NA),
        ([YES, NO], NO),  # even count: position 1 of 2
        ([YES, YES, NO, NO], NO),
        ([YES, YES, YES, NO], YES),
        ([YES, PARTLY, NO], PARTLY),
        ([YES, YES, PARTLY], YES),
        ([NO, YES, PARTLY, YES, PARTLY, YES], PARTLY),
        ([YES, NO, None, NA], NO),
    ],
)
def test_median_rule(values: list[str | None], expected: str | None) -> None:
    assert one(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([YES, YES, PARTLY], PARTLY),
        ([YES, YES, YES], YES),
        ([NA, YES, NO], NO),
        ([NA, NA, YES], NA),  # the n/a majority comes first under either rule
        ([None, None], None),
    ],
)
def test_strict_rule_takes_the_lowest(values: list[str | None], expected: str | None) -> None:
    assert one(values, "strict") == expected


# A custom scale whose values are not in credit order, two of them at the same credit.
CUSTOM = checklist(
    item("a1"),
    scale_values=scale(
        ("full", "1"), ("none", "0"), ("some", "0.25"), ("most", "0.75"), ("alt", "0.25")
    ),
)


@pytest.mark.parametrize(
    ("values", "rule", "expected"),
    [
        (["full", "none", "most"], "median", "most"),
        (["full", "none", "most", "some"], "median", "some"),
        # Equal credit: ties go in scale order, `some` before `alt`.
        (["alt", "some"], "median", "some"),
        (["alt", "some", "full"], "median", "alt"),
        (["alt", "some"], "strict", "some"),
        (["most", "full", "alt"], "strict", "alt"),
    ],
)
def test_custom_scale(values: list[str], rule: str, expected: str) -> None:
    assert one(values, rule, CUSTOM) == expected


def test_notes_are_joined_in_argument_order_with_each_respondent() -> None:
    files = panel(
        {"a1": Answer(YES, "all in place")},
        {"a1": NO},
        {"a1": Answer(NA, "not for us\nsecond line")},
    )
    note = consolidate(files).consolidated.answer("a1").note
    assert note == "r1: all in place\nr3: not for us second line"


@pytest.mark.parametrize(
    ("name", "note", "expected"),
    [
        ("r1", "first\n\n  second  \r\nthird", "r1: first second third"),
        ("r1", "  kept  as  written ", "r1: kept  as  written"),
        ("two\nlines", "a\u2028b", "two lines: a b"),
    ],
)
def test_a_note_of_several_lines_is_folded_into_its_line(
    name: str, note: str, expected: str
) -> None:
    respondent = consolidate_module.Respondent("r1.yaml", name, None)
    assert consolidate_module.joined_notes([respondent], [Answer(YES, note)]) == expected


# Notes of any text, line breaks of every kind among it; names of one line (a name of
# several is folded as a note is: the example above).
_NOTE = st.text(st.characters(codec="utf-8") | st.sampled_from("\n\r\x0b\x85\u2028 "))
_NAME = st.text(st.characters(codec="utf-8"), min_size=1).filter(
    lambda name: name == name.strip() and len(name.splitlines()) == 1
)


@SETTINGS
@given(st.lists(st.tuples(_NAME, st.none() | _NOTE), min_size=1, max_size=6))
def test_joined_notes_are_one_line_per_respondent_with_a_note(
    rows: list[tuple[str, str | None]],
) -> None:
    respondents = [
        consolidate_module.Respondent(f"r{index}.yaml", name, None)
        for index, (name, _) in enumerate(rows)
    ]
    joined = consolidate_module.joined_notes(respondents, [Answer(YES, note) for _, note in rows])
    noted = [(name, note) for name, note in rows if note and not note.isspace()]
    lines = (joined or "").splitlines()
    assert len(lines) == len(noted)
    for line, (name, note) in zip(lines, noted, strict=True):
        assert line.startswith(f"{name}: ")
        assert line[len(name) + 2 :].split() == note.split()  # every word, in order


def test_a_respondent_without_a_name_is_named_by_the_file_name() -> None:
    files = [
        answers(CHECK, {"a1": Answer(YES, "seen")}, path="panel/front-desk.yaml"),
        answers(CHECK, {"a1": Answer(NO, "not seen")}, path="other/lead.yaml"),
    ]
    result = consolidate(files)
    assert [r.name for r in result.respondents] == ["front-desk.yaml", "lead.yaml"]
    assert result.consolidated.answer("a1").note == "front-desk.yaml: seen\nlead.yaml: not seen"


def test_two_unnamed_files_of_one_name_are_told_apart_by_their_paths() -> None:
    files = [answers(CHECK, {}, path="x/a.yaml"), answers(CHECK, {}, path="y/a.yaml")]
    assert [r.name for r in consolidate(files).respondents] == ["x/a.yaml", "y/a.yaml"]


def test_unnamed_files_whose_names_differ_in_case_only_are_told_apart_by_their_paths() -> None:
    # The respondents are told apart case-blind: so are the file names standing for them.
    files = [answers(CHECK, {}, path="x/Lead.yaml"), answers(CHECK, {}, path="y/lead.yaml")]
    assert [r.name for r in consolidate(files).respondents] == ["x/Lead.yaml", "y/lead.yaml"]


def test_roles_that_differ_in_case_only_are_one_role_in_the_first_spelling() -> None:
    files = panel({"a1": YES}, {"a1": NO}, {"a1": NO}, roles=["Adviser", "ADVISER", "Lead"])
    result = consolidate(files)
    assert [(role.role, role.respondents) for role in result.roles] == [
        ("Adviser", ("r1", "r2")),
        ("Lead", ("r3",)),
    ]
    assert [dict(gap.means) for gap in result.perception_gaps] == [
        {"Adviser": Fraction(1, 2), "Lead": Fraction(0)}
    ]


def test_a_panel_problem_is_of_the_registered_panel_rule() -> None:
    files = [
        answers(CHECK, {}, respondent="Ana", path="a.yaml"),
        answers(CHECK, {}, respondent="ANA", path="b.yaml"),
    ]
    with pytest.raises(InputError) as raised:
        consolidate(files)
    assert [(problem.rule, RULES[problem.rule].name) for problem in raised.value.problems] == [
        ("SS301", "panel")
    ]


def test_no_note_where_nobody_wrote_one() -> None:
    assert consolidate(panel({"a1": YES}, {"a1": NO})).consolidated.answer("a1").note is None


def test_fewer_than_two_files_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"at least two answers files; found 1 \(r1.yaml\)"):
        consolidate(panel({"a1": YES}))


# -- spread and disputes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "spread", "disputed"),
    [
        ([YES, NO], Fraction(1), True),
        ([YES, PARTLY], Fraction(1, 2), False),  # exactly 1/2 is not more than 1/2
        ([YES, NA, NO], Fraction(1), True),
        ([YES, None], Fraction(0), False),  # fewer than two scale answers
        ([NA, NA], Fraction(0), False),
        ([PARTLY, PARTLY, PARTLY], Fraction(0), False),
    ],
)
def test_spread_and_disputed(values: list[str | None], spread: Fraction, disputed: bool) -> None:
    result = consolidate(panel(*({"a1": value} for value in values)))
    entry = result.items[0]
    assert (entry.spread, entry.disputed) == (spread, disputed)
    assert result.disputed == ((entry,) if disputed else ())


# -- Krippendorff's alpha --------------------------------------------------------------

# Krippendorff (2011), the example of section C: four coders, twelve units, values 1 to 5.
KRIPPENDORFF = [
    "1 2 3 3 2 1 4 1 2 . . .",
    "1 2 3 3 2 2 4 1 2 5 . 3",
    ". 3 3 3 2 3 4 2 2 5 1 .",
    "1 2 3 3 2 4 4 1 2 5 1 .",
]
FIVE = scale(("v1", "0"), ("v2", "0.25"), ("v3", "0.5"), ("v4", "0.75"), ("v5", "1"))


def test_krippendorffs_published_example_gives_0_849() -> None:
    check = checklist(*(item(f"u{n}") for n in range(1, 13)), scale_values=FIVE)
    rows = [
        {f"u{n}": f"v{value}" for n, value in enumerate(row.split(), start=1) if value != "."}
        for row in KRIPPENDORFF
    ]
    alpha = consolidate(panel(*rows, check=check)).agreement.overall
    assert alpha is not None
    assert round_score(alpha, 3) == Fraction("0.849")
    # The same on the original values 1..5: alpha is invariant under a linear map.
    units = [
        [Fraction(value) for value in column if value != "."]
        for column in zip(*(row.split() for row in KRIPPENDORFF), strict=True)
    ]
    assert krippendorff_alpha(units) == alpha == reference_alpha(units)


def test_alpha_worked_by_hand() -> None:
    # Units (0, 0), (1, 1), (0, 1): n = 6 pairable values. Observed: only the third
    # unit disagrees, its two ordered pairs at 1 each over m - 1 = 1: 2. Expected: the
    # six values (three 0s, three 1s) have 2 × 3 × 3 = 18 ordered pairs at 1, over
    # n - 1 = 5: 18/5. Alpha = 1 - 2 / (18/5) = 4/9.
    zero, full = Fraction(0), Fraction(1)
    assert krippendorff_alpha([[zero, zero], [full, full], [zero, full]]) == Fraction(4, 9)


@pytest.mark.parametrize(
    "units",
    [
        [],
        [[Fraction(1)]],  # one value: nothing to pair
        [[Fraction(1)], [Fraction(0)]],  # two values, but in different units
        [[Fraction(1), Fraction(1)], [Fraction(1), Fraction(1), Fraction(1)]],  # all equal
    ],
)
def test_alpha_is_none_where_undefined(units: list[list[Fraction]]) -> None:
    assert krippendorff_alpha(units) is None


def test_alpha_per_component_and_element() -> None:
    files = panel(
        {"a1": YES, "b1": YES, "a2": NO, "b2": YES, "a3": PARTLY},
        {"a1": YES, "b1": NO, "a2": NO, "b2": YES, "a3": NA},
    )
    agreement = consolidate(files).agreement
    credit = {YES: Fraction(1), PARTLY: Fraction(1, 2), NO: Fraction(0)}

    def expected(ids: Sequence[str]) -> Fraction | None:
        values = [[f.answer(ident).value for f in files] for ident in ids]
        return reference_alpha([[credit[v] for v in unit if v in credit] for unit in values])

    assert agreement.overall == expected(IDS)
    assert agreement.components == {"a": expected(["a1", "a2", "a3"]), "b": expected(["b1", "b2"])}
    assert agreement.elements == {
        "first": expected(["a1", "b1"]),
        "second": expected(["a2", "b2"]),
        "third": None,  # a3: one scale answer, nothing to pair
    }
    # Component a: units (1, 1) and (0, 0) agree fully, with variation: alpha is 1.
    assert agreement.components["a"] == 1


def reference_alpha(units: Sequence[Sequence[Fraction]]) -> Fraction | None:
    """Alpha from the coincidence matrix, as Krippendorff (2011) computes it."""
    coincidences: dict[tuple[Fraction, Fraction], Fraction] = {}
    for unit in units:
        if len(unit) < 2:
            continue
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    key = (c, k)
                    coincidences[key] = coincidences.get(key, Fraction(0)) + Fraction(
                        1, len(unit) - 1
                    )
    totals: dict[Fraction, Fraction] = {}
    for (c, _), count in coincidences.items():
        totals[c] = totals.get(c, Fraction(0)) + count
    n = sum(totals.values(), Fraction(0))
    if n < 2:
        return None
    observed = sum((count * (c - k) ** 2 for (c, k), count in coincidences.items()), Fraction(0))
    expected = sum(
        (totals[c] * totals[k] * (c - k) ** 2 for c in totals for k in totals), Fraction(0)
    )
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected


unit_values = st.lists(
    st.lists(st.fractions(min_value=0, max_value=1, max_denominator=8), max_size=5), max_size=6
)


@SETTINGS
@given(unit_values)
def test_alpha_matches_the_coincidence_matrix_and_is_at_most_one(
    units: list[list[Fraction]],
) -> None:
    alpha = krippendorff_alpha(units)
    assert alpha == reference_alpha(units)
    if alpha is not None:
        assert alpha <= 1


@SETTINGS
@given(
    st.lists(st.fractions(min_value=0, max_value=1, max_denominator=8), min_size=2, max_size=6),
    st.integers(2, 5),
)
def test_alpha_is_one_when_every_coder_agrees_on_every_unit(
    values: list[Fraction], coders: int
) -> None:
    units = [[value] * coders for value in values]
    expected = None if len(set(values)) == 1 else Fraction(1)
    assert krippendorff_alpha(units) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(951, 1120), 3, "0.849"),
        (Fraction(1, 2000), 3, "0.001"),
        (Fraction(-1, 2000), 3, "-0.001"),
        (Fraction(-1, 3), 3, "-0.333"),
        (Fraction(2, 3), 1, "0.7"),
    ],
)
def test_rounding_halves_away_from_zero(value: Fraction, places: int, expected: str) -> None:
    assert round_score(value, places) == Fraction(expected)


# -- roles -----------------------------------------------------------------------------


def test_role_scores_gaps_and_perception_gaps() -> None:
    files = panel(
        {"a1": YES, "b1": YES, "a2": YES, "b2": PARTLY},
        {"a1": YES, "b1": PARTLY, "a2": NO, "a3": NA},
        {"a1": NO, "b1": NO, "a2": PARTLY, "b2": NA},
        roles=["Director", "Adviser", "Adviser"],
    )
    result = consolidate(files)
    assert [(r.role, r.respondents) for r in result.roles] == [
        ("Director", ("r1",)),
        ("Adviser", ("r2", "r3")),
    ]
    director, adviser = result.roles
    # Director rated a1 (1) and a2 (1, weight 2); b1 (1) and b2 (1/2).
    assert director.components == {"a": Fraction(100), "b": Fraction(75)}
    # Advisers: a1 mean 1/2, a2 mean 1/4 (weight 2): 100 × (1/2 + 1/2) / 3; b1 mean 1/4.
    assert adviser.components == {"a": Fraction(100, 3), "b": Fraction(25)}
    assert result.role_gaps == {"a": Fraction(200, 3), "b": Fraction(50)}
    gaps = [(gap.item.id, dict(gap.means), gap.gap) for gap in result.perception_gaps]
    # b1 and a2: 1 against 1/4, a tie in checklist order; a1: 1 against 1/2, just a gap.
    assert gaps == [
        ("b1", {"Director": 1, "Adviser": Fraction(1, 4)}, Fraction(3, 4)),
        ("a2", {"Director": 1, "Adviser": Fraction(1, 4)}, Fraction(3, 4)),
        ("a1", {"Director": 1, "Adviser": Fraction(1, 2)}, Fraction(1, 2)),
    ]


def test_a_component_no_role_rated_has_no_score_and_no_gap() -> None:
    files = panel({"a1": YES}, {"a1": NO, "b2": NA}, roles=["Director", "Adviser"])
    result = consolidate(files)
    assert [dict(r.components) for r in result.roles] == [
        {"a": 100, "b": None},
        {"a": 0, "b": None},
    ]
    assert result.role_gaps == {"a": 100, "b": None}


def test_each_roles_means_are_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Role scores and perception gaps read the same means: computing them twice per role
    # doubled the cost of the role analysis.
    calls: list[tuple[int, ...]] = []
    original = consolidate_module._role_means

    def counted(check: Checklist, files: Sequence[Answers], members: Sequence[int]) -> Any:
        calls.append(tuple(members))
        return original(check, files, members)

    monkeypatch.setattr(consolidate_module, "_role_means", counted)
    consolidate(panel({"a1": YES}, {"a1": NO}, {"a1": NO}, roles=["Lead", "Adviser", "Adviser"]))
    assert calls == [(0,), (1, 2)]


def test_the_scale_order_is_built_once_per_checklist() -> None:
    # consolidated_value runs once per item: its order of the scale is the checklist's.
    first = consolidate_module.scale_rank(CHECK)
    assert consolidate_module.scale_rank(CHECK) is first
    assert first == {NO: (Fraction(0), 0), PARTLY: (Fraction(1, 2), 1), YES: (Fraction(1), 2)}


@pytest.mark.parametrize("roles", [[None, None], ["Lead", "Lead"], ["Lead", None]])
def test_no_role_analysis_with_fewer_than_two_roles(roles: list[str | None]) -> None:
    result = consolidate(panel({"a1": YES}, {"a1": NO}, roles=roles))
    assert (result.roles, result.role_gaps, result.perception_gaps) == ((), {}, ())


# -- the consolidated assessment -------------------------------------------------------


def test_the_consolidated_answers_are_scored_as_any_answers_file() -> None:
    files = panel(
        {"a1": YES, "b1": YES, "a2": YES},
        {"a1": YES, "b1": NO, "a2": NA},
        {"a1": NO, "b1": NO, "a2": NA},
        roles=["Director", "Adviser", "Adviser"],
    )
    result = consolidate(files, path="out.yaml")
    assert dict(result.consolidated.answers) == {
        "a1": Answer(YES),
        "b1": Answer(NO),
        "a2": Answer(NA),
    }
    assert result.consolidated.path == "out.yaml"
    assert result.consolidated.subject.respondent is None
    assert result.consolidated.meta == {
        "consolidated_from": [
            {"file": "r1.yaml", "respondent": "r1", "role": "Director"},
            {"file": "r2.yaml", "respondent": "r2", "role": "Adviser"},
            {"file": "r3.yaml", "respondent": "r3", "role": "Adviser"},
        ],
        "rule": "median",
    }
    assert result.assessment.unanswered == ("b2", "a3")
    assert result.assessment.by_item["b1"].credit == 0


# -- properties over random panels -----------------------------------------------------

CHOICES = [YES, PARTLY, NO, NA, None]


@st.composite
def panels(draw: st.DrawFn) -> list[Answers]:
    size = draw(st.integers(2, 6))
    roles = draw(
        st.lists(
            st.sampled_from([None, "Director", "Lead", "Adviser"]), min_size=size, max_size=size
        )
    )
    rows = []
    for _ in range(size):
        row: dict[str, str | Answer | None] = {}
        for ident in IDS:
            value = draw(st.sampled_from(CHOICES))
            note = draw(st.sampled_from([None, f"note on {ident}"]))
            row[ident] = Answer(value, note)
        rows.append(row)
    return panel(*rows, roles=roles)


def comparable(result: Consolidation) -> dict[str, Any]:
    """Everything the order of the files must not change; notes as sets of lines."""
    report = report_data(result.assessment)
    for entry in report["items"]:
        entry["note"] = set((entry["note"] or "").splitlines())
    return {
        "items": {
            e.item.id: (e.consolidated.value, sorted(map(str, e.answers)), e.spread, e.disputed)
            for e in result.items
        },
        "agreement": result.agreement,
        "roles": {r.role: (sorted(r.respondents), dict(r.components)) for r in result.roles},
        "role_gaps": dict(result.role_gaps),
        "perception_gaps": [(g.item.id, dict(g.means), g.gap) for g in result.perception_gaps],
        "report": {key: value for key, value in report.items() if key != "meta"},
    }


@SETTINGS
@given(panels(), st.randoms(use_true_random=False), st.sampled_from(["median", "strict"]))
def test_invariant_under_the_order_of_the_files(
    files: list[Answers], random: Any, rule: str
) -> None:
    shuffled = list(files)
    random.shuffle(shuffled)
    assert comparable(consolidate(files, rule)) == comparable(consolidate(shuffled, rule))  # type: ignore[arg-type]


@SETTINGS
@given(panels())
def test_consolidated_credit_lies_between_the_answers_and_strict_is_lowest(
    files: list[Answers],
) -> None:
    median = consolidate(files, "median")
    strict = consolidate(files, "strict")
    for entry, lowest in zip(median.items, strict.items, strict=True):
        value = entry.consolidated.value
        if value is None or value == NA:
            # Nobody answered, or most said n/a: the same under either rule.
            assert lowest.consolidated.value == value
            continue
        rated = [
            CHECK.scale_by_value[answer.value].credit.value
            for answer in entry.answers
            if answer.value is not None and answer.value != NA
        ]
        credit = median.assessment.by_item[entry.item.id].credit
        low = strict.assessment.by_item[entry.item.id].credit
        assert credit is not None
        assert low is not None
        assert min(rated) == low <= credit <= max(rated)
