"""The interview's flow without a terminal: the state machine, what it writes, what it
refuses. The real terminal is test_interview_tmux.py."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.clirun import invoke, unprivileged

from servicescore.catalog import reference_from
from servicescore.interview import (
    Action,
    Back,
    Choose,
    ItemView,
    Note,
    Plan,
    Quit,
    Skip,
    State,
    as_answers,
    conduct,
    existing,
    field_problem,
    first_unanswered,
    kept_message,
    note_problem,
    prepare,
    run,
    saver,
    start,
    step,
    subject_from,
    view,
)
from servicescore.loader import Loader
from servicescore.model import Answer, Answers, Checklist, MeasureValue, Number, Subject
from servicescore.problems import UsageError
from servicescore.templates import PLACEHOLDER_ORGANISATION, answers_template

DATA = Path(__file__).parent / "data"
SMALL = DATA / "checklist" / "good" / "small.yaml"
CUSTOM = DATA / "checklist" / "good" / "custom-scale.yaml"
SUBJECT = Subject("Acme", period="2026-Q2", respondent="Jo")


def _checklist(path: Path = SMALL) -> Checklist:
    loaded = Loader().checklist(path)
    assert loaded.value is not None, loaded.errors
    return loaded.value


CHECKLIST = _checklist()
IDS = [item.id for item in CHECKLIST.items]


def _plan(
    target: Path,
    kept: Answers | None = None,
    review: bool = False,
    checklist: Checklist = CHECKLIST,
) -> Plan:
    """The plan :func:`prepare` gives for ``target``."""
    reference = reference_from(str(checklist.path), target)
    return Plan(checklist, reference, target, kept, review, [])


def _written(state: State, folder: Path) -> Answers:
    """The state written as interview writes it, and read back by the loader."""
    target = folder / "answers.yaml"
    saver(_plan(target, checklist=state.checklist))(state)
    loaded = Loader().answers(target)
    assert loaded.errors == [], target.read_text(encoding="utf-8")
    assert loaded.value is not None
    return loaded.value


def test_a_new_interview_starts_at_the_first_item() -> None:
    state = start(CHECKLIST, SUBJECT)
    assert (state.position, dict(state.answers), state.finished) == (0, {}, False)


def test_answers_go_forward_and_the_last_finishes() -> None:
    state = start(CHECKLIST, SUBJECT)
    for action in (Choose("yes"), Choose("partly"), Choose("n/a", "no systems"), Choose("no")):
        state = step(state, action)
    assert state.finished
    assert {ident: answer.value for ident, answer in state.answers.items()} == dict(
        zip(IDS, ["yes", "partly", "n/a", "no"], strict=True)
    )


def test_an_na_is_given_with_its_note_stripped_and_goes_on() -> None:
    state = step(start(CHECKLIST, SUBJECT), Choose("n/a", " no groups yet\n"))
    assert (state.position, dict(state.answers)) == (1, {IDS[0]: Answer("n/a", "no groups yet")})


@pytest.mark.parametrize(
    "actions",
    [
        [Choose("n/a")],  # no note given and none before
        [Choose("n/a", "  ")],  # an empty note
        [Note("why"), Choose("n/a", "why"), Back(), Note(" ")],  # the note removed after
        [Note("why"), Choose("n/a", "why"), Back(), Choose("n/a", "")],
    ],
)
def test_an_na_without_a_note_is_refused_and_nothing_changes(actions: list[Action]) -> None:
    """`check --strict` warns of an n/a without a note (SS204): the interview never
    writes one, so the last action changes nothing and the item is asked again."""
    state = start(CHECKLIST, SUBJECT)
    for action in actions[:-1]:
        state = step(state, action)
    assert step(state, actions[-1]) == state


def test_an_na_keeps_the_note_the_item_has() -> None:
    state = step(step(start(CHECKLIST, SUBJECT), Note("no groups")), Choose("n/a"))
    assert (state.position, state.answers[IDS[0]]) == (1, Answer("n/a", "no groups"))


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        ("", "n/a", "an n/a needs a note: say why the item does not apply"),
        (" \n ", "n/a", "an n/a needs a note: say why the item does not apply"),
        ("a\x1bb", "n/a", "a control character cannot be written in an answers file"),
        ("a\x1bb", "yes", "a control character cannot be written in an answers file"),
        ("", "yes", None),
        ("", None, None),
        ("no groups", "n/a", None),
    ],
)
def test_a_note_is_checked_for_its_answer(
    text: str, value: str | None, message: str | None
) -> None:
    assert note_problem(text, value) == message


def test_a_run_saves_no_na_without_its_note(tmp_path: Path) -> None:
    saved: list[State] = []
    actions: list[Action] = [Choose("n/a"), Choose("n/a", "not here"), Quit()]
    scripted = _Scripted(actions)
    run(start(CHECKLIST, SUBJECT), scripted, saved.append)
    assert [dict(state.answers) for state in saved] == [{IDS[0]: Answer("n/a", "not here")}]
    assert [shown.number for shown in scripted.shown] == [1, 1, 2]  # asked again
    _written(saved[-1], tmp_path)
    loaded = Loader().answers(tmp_path / "answers.yaml")
    assert loaded.problems == []  # clean under check --strict, no SS204 warning


def test_skip_leaves_the_item_unanswered() -> None:
    state = step(start(CHECKLIST, SUBJECT), Skip())
    assert (state.position, dict(state.answers)) == (1, {})


def test_a_note_stays_on_the_item_and_an_answer_keeps_it() -> None:
    state = step(start(CHECKLIST, SUBJECT), Note("by phone only"))
    assert state.position == 0
    state = step(state, Choose("partly"))
    assert state.answers[IDS[0]] == Answer("partly", "by phone only")


def test_a_note_is_stripped_as_the_loader_strips_it() -> None:
    state = step(start(CHECKLIST, SUBJECT), Note(" 0\n"))
    assert state.answers[IDS[0]] == Answer(None, "0")


def test_an_empty_note_removes_the_note() -> None:
    state = step(step(start(CHECKLIST, SUBJECT), Note("x")), Note("  "))
    assert dict(state.answers) == {}


def test_back_goes_to_the_previous_item_and_stops_at_the_first() -> None:
    state = step(start(CHECKLIST, SUBJECT), Choose("yes"))
    state = step(state, Back())
    assert state.position == 0
    assert step(state, Back()).position == 0
    assert state.answers[IDS[0]] == Answer("yes")


def test_quit_finishes_and_keeps_the_answers() -> None:
    state = step(step(start(CHECKLIST, SUBJECT), Choose("no")), Quit())
    assert state.finished
    assert dict(state.answers) == {IDS[0]: Answer("no")}


def _kept(answers: dict[str, Answer]) -> Answers:
    return Answers("kept.yaml", CHECKLIST, SUBJECT, answers, {"source": "workshop"})


def test_an_item_is_answered_with_a_scale_value_or_na() -> None:
    assert CHECKLIST.answer_values == ("no", "partly", "yes", "n/a")
    assert _checklist(CUSTOM).answer_values == ("off", "1", "Dimmed", "on", "n/a")


def test_the_first_unanswered_passes_answers_and_takes_a_note_alone() -> None:
    answers = {IDS[0]: Answer("yes"), IDS[1]: Answer(None, "a note"), IDS[2]: Answer("no")}
    assert first_unanswered(CHECKLIST, answers) == 1
    assert first_unanswered(CHECKLIST, {**answers, IDS[1]: Answer("no")}) == 3
    assert first_unanswered(CHECKLIST, {ident: Answer("n/a", "x") for ident in IDS}) == 4


def test_a_resume_starts_at_the_first_unanswered_and_passes_the_answered() -> None:
    kept = _kept({IDS[0]: Answer("yes"), IDS[2]: Answer("no", "a note")})
    state = start(CHECKLIST, SUBJECT, kept)
    assert state.position == 1
    state = step(state, Choose("partly"))
    assert state.position == 3  # the third item is answered already
    assert state.answers[IDS[2]] == Answer("no", "a note")
    assert state.meta == {"source": "workshop"}


def test_a_review_walks_every_item_showing_its_answer() -> None:
    kept = _kept({ident: Answer("yes") for ident in IDS})
    assert start(CHECKLIST, SUBJECT, kept).finished
    state = start(CHECKLIST, SUBJECT, kept, review=True)
    shown = []
    while not state.finished:
        shown.append((view(state).number, view(state).current))
        state = step(state, Skip())
    assert shown == [(number, Answer("yes")) for number in range(1, len(IDS) + 1)]


def test_the_view_holds_element_progress_statement_and_scale() -> None:
    state = step(start(CHECKLIST, SUBJECT), Choose("yes"))
    item = CHECKLIST.items[1]
    assert view(state) == ItemView(
        "Channels (Strategic)", 2, 4, item.text, CHECKLIST.scale, Answer(None)
    )


class _Scripted:
    """An asker that gives the actions it was given, in order."""

    def __init__(self, actions: list[Action], subject: Subject = SUBJECT) -> None:
        self.actions = list(actions)
        self.given = subject
        self.shown: list[ItemView] = []
        self.asked: list[Subject | None] = []  # the subject offered, at each time asked
        self.told: list[str] = []

    def subject(self, current: Subject | None) -> Subject:
        self.asked.append(current)
        return self.given

    def tell(self, line: str) -> None:
        self.told.append(line)

    def item(self, view: ItemView) -> Action:
        self.shown.append(view)
        return self.actions.pop(0)


def test_run_saves_after_every_change_of_the_answers_only() -> None:
    saved: list[State] = []
    actions: list[Action] = [Choose("yes"), Back(), Note("n"), Skip(), Skip(), Quit()]
    final = run(start(CHECKLIST, SUBJECT), _Scripted(actions), saved.append)
    assert [dict(state.answers) for state in saved] == [
        {IDS[0]: Answer("yes")},
        {IDS[0]: Answer("yes", "n")},
    ]
    assert final.quit


# -- the whole flow: conduct, with a scripted asker and a list for a file ----------------


def test_a_new_interview_asks_the_subject_saves_it_then_every_answer() -> None:
    saved: list[State] = []
    asker = _Scripted([Choose("yes"), Choose("no"), Quit()])
    final = conduct(_plan(Path("a.yaml")), asker, saved.append)
    assert asker.asked == [None]
    assert [dict(state.answers) for state in saved] == [
        {},  # the subject alone, before the first question
        {IDS[0]: Answer("yes")},
        {IDS[0]: Answer("yes"), IDS[1]: Answer("no")},
    ]
    assert saved[0].subject == SUBJECT
    assert asker.told == ["a.yaml: 2 of 4 items answered."]
    assert final.quit


def test_a_resume_keeps_the_subject_and_saves_nothing_until_a_change() -> None:
    kept = _kept({IDS[0]: Answer("yes")})
    saved: list[State] = []
    asker = _Scripted([Skip(), Quit()], Subject("Other"))
    final = conduct(_plan(Path("a.yaml"), kept), asker, saved.append)
    assert (asker.asked, saved) == ([], [])
    assert [view.number for view in asker.shown] == [2, 3]  # from the first unanswered
    assert final.subject == SUBJECT
    assert final.meta == {"source": "workshop"}
    assert asker.told == ["a.yaml: 1 of 4 items answered."]


def test_a_resume_of_a_finished_file_says_so_and_asks_nothing() -> None:
    kept = _kept({ident: Answer("yes") for ident in IDS})
    asker = _Scripted([])
    saved: list[State] = []
    conduct(_plan(Path("a.yaml"), kept), asker, saved.append)
    assert (asker.asked, asker.shown, saved) == ([], [], [])
    assert asker.told == [
        "Every item is answered; --review walks them again.",
        "a.yaml: 4 of 4 items answered.",
    ]


def test_a_review_asks_the_subject_again_and_saves_it_when_changed() -> None:
    kept = _kept({ident: Answer("yes") for ident in IDS})
    saved: list[State] = []
    changed = Subject("Acme", period="2026-Q3")
    asker = _Scripted([Skip(), Choose("no"), Quit()], changed)
    conduct(_plan(Path("a.yaml"), kept, review=True), asker, saved.append)
    assert asker.asked == [SUBJECT]  # offered as it is, to be kept or changed
    assert [state.subject for state in saved] == [changed, changed]
    assert saved[-1].answers[IDS[1]] == Answer("no")
    assert [view.number for view in asker.shown] == [1, 2, 3]


def test_a_review_with_the_subject_unchanged_saves_only_a_change() -> None:
    kept = _kept({ident: Answer("yes") for ident in IDS})
    saved: list[State] = []
    conduct(_plan(Path("a.yaml"), kept, review=True), _Scripted([Quit()]), saved.append)
    assert saved == []


# A blank template (`template -o t.yaml`) and files like it: no organisation of their own.
_BLANK = answers_template(CHECKLIST, str(SMALL))
_PLACEHELD = "organisation: Your organisation\n"


@pytest.mark.parametrize(
    "content",
    [
        _BLANK,
        _BLANK.replace(_PLACEHELD, "organisation:\n"),
        _BLANK.replace(_PLACEHELD, "organisation: ''\n"),
        _BLANK.replace(_PLACEHELD, "organisation: ~\n"),
        _BLANK.replace(_PLACEHELD, ""),
    ],
    ids=["template", "empty", "quoted-empty", "null", "missing"],
)
def test_a_file_without_its_organisation_is_resumed_asking_the_subject_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    target = tmp_path / "t.yaml"
    target.write_text(content.replace("unit:\n", "unit: Billing\n"), encoding="utf-8")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    plan = prepare(str(SMALL), target, False, lambda reference, loader: _loaded(loader))
    asker = _Scripted([Choose("yes"), Quit()])
    conduct(plan, asker, saver(plan))
    # The file's other subject fields offered; the placeholder never, as the organisation.
    assert asker.asked == [Subject("", unit="Billing")]
    written = existing(target, CHECKLIST, Loader())
    assert written is not None
    assert (written.subject, written.answer(IDS[0])) == (SUBJECT, Answer("yes"))


def test_the_blank_template_is_written_again_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing of its own is lost when the template as written is written again.
    target = tmp_path / "t.yaml"
    # As `template -o t.yaml` names the checklist: from the file's folder.
    target.write_text(answers_template(CHECKLIST, reference_from(str(SMALL), target)), "utf-8")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    plan = prepare(str(SMALL), target, False, lambda reference, loader: _loaded(loader))
    asker = _Scripted([Quit()])
    conduct(plan, asker, saver(plan))
    assert (plan.own_layout, asker.told) == (False, [f"{target}: 0 of 4 items answered."])


def test_a_file_with_no_organisation_and_other_problems_shows_them_all(tmp_path: Path) -> None:
    target = tmp_path / "t.yaml"
    content = _BLANK.replace(_PLACEHELD, "organisation:\n").replace(
        "period:  ", "period: 2026-Q5  "
    )
    target.write_text(content, encoding="utf-8")
    result = invoke("interview", SMALL, "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    line = content.splitlines().index("organisation:") + 1
    assert result.stderr.splitlines() == [
        f"{target}:{line}:14: 'organisation' must not be empty",
        f"{target}:{line + 2}:9: 'period' must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, "
        "not '2026-Q5'",
    ]
    assert target.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("review", [False, True], ids=["resume", "review"])
def test_the_placeholder_is_never_offered_as_the_organisation(review: bool) -> None:
    kept = Answers("t.yaml", CHECKLIST, Subject(PLACEHOLDER_ORGANISATION, period="2026"), {})
    saved: list[State] = []
    asker = _Scripted([Quit()])
    conduct(_plan(Path("t.yaml"), kept, review), asker, saved.append)
    assert asker.asked == [Subject("", period="2026")]
    assert [state.subject for state in saved] == [SUBJECT]


def test_the_blank_template_holds_the_placeholder_organisation(tmp_path: Path) -> None:
    target = tmp_path / "t.yaml"
    target.write_text(_BLANK, encoding="utf-8")
    loaded = Loader().answers(target)
    assert loaded.value is not None
    assert loaded.value.subject == Subject(PLACEHOLDER_ORGANISATION)


def test_conduct_saves_the_file_the_loader_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    plan = _plan(target)
    conduct(plan, _Scripted([Choose("partly"), Note("why"), Quit()]), saver(plan))
    loaded = existing(target, CHECKLIST, Loader())
    assert loaded is not None
    assert loaded.subject == SUBJECT
    assert [loaded.answer(ident) for ident in IDS] == [
        Answer("partly"),
        Answer(None, "why"),
        Answer(None),
        Answer(None),
    ]


def test_prepare_leaves_the_answers_file_out_of_the_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Resumed, the answers file is read, yet it is the one file the interview replaces.
    target = tmp_path / "answers.yaml"
    _written(step(start(CHECKLIST, SUBJECT), Choose("yes")), tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    plan = prepare(str(SMALL), target, False, lambda reference, loader: _loaded(loader))
    assert plan.kept is not None and plan.kept.answer(IDS[0]) == Answer("yes")
    assert target.resolve() not in [path.resolve() for path in plan.inputs]
    assert SMALL.resolve() in [path.resolve() for path in plan.inputs]
    assert plan.reference == reference_from(str(SMALL), target)


@pytest.mark.parametrize(
    ("added", "own"), [("", False), ("# our own comment\n", True)], ids=["as-written", "own"]
)
def test_prepare_sees_a_resumed_file_with_more_than_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, added: str, own: bool
) -> None:
    target = tmp_path / "answers.yaml"
    _written(step(start(CHECKLIST, SUBJECT), Choose("yes")), tmp_path)
    with target.open("a", encoding="utf-8") as file:
        file.write(added)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    plan = prepare(str(SMALL), target, False, lambda reference, loader: _loaded(loader))
    assert plan.own_layout == own
    asker = _Scripted([Quit()])
    conduct(plan, asker, [].append)
    warning = (
        f"{target}: at the first change it is written again in the template's layout; "
        "what it holds beyond that (comments of its own, quoting, line ends) is not kept"
    )
    assert asker.told == [warning] * own + [f"{target}: 1 of 4 items answered."]


def _loaded(loader: Loader) -> Checklist:
    loaded = loader.checklist(SMALL)
    assert loaded.value is not None
    return loaded.value


def test_kept_message_says_what_the_file_holds(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    assert kept_message(target) == f"nothing written to {target} (the subject was not complete)"
    target.write_text("", encoding="utf-8")
    assert kept_message(target) == (
        f"{target} holds every answer given so far; the same command resumes"
    )


def test_the_written_file_keeps_template_layout_and_reads_back(tmp_path: Path) -> None:
    state = step(step(start(CHECKLIST, SUBJECT), Note("two\nlines")), Choose("partly"))
    loaded = _written(state, tmp_path)
    assert loaded.answer(IDS[0]) == Answer("partly", "two\nlines")
    assert loaded.subject == SUBJECT
    text = (tmp_path / "answers.yaml").read_text(encoding="utf-8")
    for item in CHECKLIST.items:
        assert f"  # {item.text}" in text  # every statement a comment, as in `template`


def test_the_blank_template_is_unchanged_by_the_filled_form() -> None:
    blank = answers_template(CHECKLIST, "small.yaml")
    assert "organisation: Your organisation\nunit:\n" in blank
    assert "  channels-two:\n" in blank


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("organisation", "  ", "the organisation is required"),
        ("period", "2026-Q5", "a period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
        ("period", "2026-02-30", "a period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
        ("unit", "a\x1bb", "a control character cannot be written in an answers file"),
        ("period", "", None),
        ("period", "2026-Q2", None),
        ("unit", "", None),
    ],
)
def test_subject_fields_are_checked_as_the_loader_checks_them(
    name: str, text: str, message: str | None
) -> None:
    assert field_problem(name, text) == message


def test_empty_optional_fields_are_left_out_and_the_assessor_kept() -> None:
    kept = Subject("Old", assessor="Ann")
    fields = {"organisation": " Acme ", "unit": "", "period": "2026", "respondent": "", "role": ""}
    assert subject_from(fields, kept) == Subject("Acme", period="2026", assessor="Ann")


# Actions of any kind; the values of the checklist's scale.
_ACTIONS = st.one_of(
    st.sampled_from(CHECKLIST.answer_values).map(Choose),
    st.builds(Choose, st.sampled_from(CHECKLIST.answer_values), st.text(max_size=10)).filter(
        lambda choose: field_problem("note", choose.note or "") is None
    ),
    st.just(Skip()),
    st.just(Back()),
    st.just(Quit()),
    st.text(max_size=30).filter(lambda text: field_problem("note", text) is None).map(Note),
)
_KEPT = st.dictionaries(
    st.sampled_from(IDS),
    st.builds(Answer, st.sampled_from([*CHECKLIST.answer_values, None]), st.none() | st.just("k")),
).map(lambda answers: {k: v for k, v in answers.items() if v != Answer(None)})


@settings(max_examples=60, deadline=None)
@given(kept=_KEPT, actions=st.lists(_ACTIONS, max_size=12), review=st.booleans())
def test_any_actions_write_valid_answers_and_never_lose_one(
    kept: dict[str, Answer], actions: list[Action], review: bool
) -> None:
    state = start(CHECKLIST, SUBJECT, _kept(kept), review)
    assert state.position == (0 if review else first_unanswered(CHECKLIST, kept))
    with tempfile.TemporaryDirectory() as folder:
        for action in actions:
            if state.finished:
                break
            following = step(state, action)
            current = IDS[state.position]
            # Only the current item changes, and a value once given is never lost.
            for ident in IDS:
                before, after = state.answers.get(ident), following.answers.get(ident)
                if ident != current or isinstance(action, (Back, Skip, Quit)):
                    assert after == before
                elif before is not None and before.value is not None:
                    assert after is not None and after.value is not None
                if ident == current and after != before and after is not None:
                    # An n/a the interview gives always says why (no SS204 warning).
                    assert after.value != "n/a" or after.note is not None
            state = following
            loaded = _written(state, Path(folder))
            assert {i: loaded.answer(i) for i in IDS} == {
                i: state.answers.get(i, Answer(None)) for i in IDS
            }
            assert loaded.subject == SUBJECT


def test_a_resumed_file_starts_where_the_written_one_stopped(tmp_path: Path) -> None:
    state = step(step(start(CHECKLIST, SUBJECT), Choose("yes")), Skip())
    loaded = _written(state, tmp_path)
    assert existing(tmp_path / "answers.yaml", CHECKLIST, Loader()) == loaded
    assert start(CHECKLIST, SUBJECT, loaded).position == 1


def test_a_missing_file_is_a_new_interview(tmp_path: Path) -> None:
    assert existing(tmp_path / "new.yaml", CHECKLIST, Loader()) is None


def _refused(target: Path) -> str:
    with pytest.raises(UsageError) as raised:
        existing(target, CHECKLIST, Loader())
    return "\n".join(raised.value.lines())


def _not_answers(target: Path) -> str:
    return (
        f"{target}: exists and is not a valid answers file of checklist small; "
        "left untouched (give a new file to start an interview)"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not: [yaml", "not YAML"),
        ("just text\n", "not an answers file"),
        ("kind: answers\nchecklist: x.yaml\norganisation: A\nanswers: {}\n", "no checklist"),
    ],
)
def test_a_file_that_is_not_an_answers_file_is_refused_untouched(
    tmp_path: Path, content: str, reason: str
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(content, encoding="utf-8")
    assert _refused(target) == _not_answers(target), reason
    assert target.read_text(encoding="utf-8") == content


def _another(named: Checklist) -> str:
    return (
        f"an answers file of another checklist, {named.id} {named.version} ({named.path}), "
        f"not small 1.0 ({CHECKLIST.path}); left untouched (give a new file, or interview "
        "the checklist it names)"
    )


def test_an_answers_file_of_another_checklist_is_refused(tmp_path: Path) -> None:
    other = _checklist(CUSTOM)
    state = step(start(other, SUBJECT), Choose("on"))
    written = _written(state, tmp_path)
    assert written.checklist.id == "custom-scale"
    target = tmp_path / "answers.yaml"
    assert _refused(target) == f"{target}: {_another(other)}"


def _copy(folder: Path, scale: str = "") -> Checklist:
    """A copy of the small checklist in ``folder``/copy: its continuum named from there, and
    ``scale`` (a checklist's `scale:` block) added."""
    continuum = (SMALL.parent / "../../continuum/good/small.yaml").resolve()
    text = SMALL.read_text(encoding="utf-8").replace(
        "continuum: ../../continuum/good/small.yaml", f"continuum: {continuum}\n{scale}"
    )
    (folder / "copy").mkdir()
    (folder / "copy" / "small.yaml").write_text(text, encoding="utf-8")
    return _checklist(folder / "copy" / "small.yaml")


_SCALE_1_TO_5 = "scale:\n" + "".join(
    f"  - {{value: '{value}', credit: {(value - 1) / 4}}}\n" for value in range(1, 6)
)


def test_a_copy_with_another_scale_is_refused_as_a_file_of_another_checklist(
    tmp_path: Path,
) -> None:
    # Same id and items, answered on 1-5: kept and written again naming the checklist
    # asked, its answers would be off that checklist's scale (review-c HIGH).
    copy = _copy(tmp_path, _SCALE_1_TO_5)
    _written(step(start(copy, SUBJECT), Choose("4")), tmp_path)
    target = tmp_path / "answers.yaml"
    content = target.read_text(encoding="utf-8")
    assert _refused(target) == f"{target}: {_another(copy)}"
    result = invoke("interview", SMALL, "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{target}: {_another(copy)}\n"
    assert target.read_text(encoding="utf-8") == content


def test_an_equal_copy_of_the_checklist_is_resumed(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    written = _written(step(start(copy, SUBJECT), Choose("yes")), tmp_path)
    assert existing(tmp_path / "answers.yaml", CHECKLIST, Loader()) == written


def test_a_resumed_file_goes_on_naming_its_own_copy_of_the_checklist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written again naming the checklist asked, later edits to the copy would no longer
    # apply to the file (review-d MED).
    _written(step(start(_copy(tmp_path), SUBJECT), Choose("yes")), tmp_path)
    target = tmp_path / "answers.yaml"
    named = _checklist_line(target)
    assert named == "checklist: copy/small.yaml"
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    plan = prepare(str(SMALL), target, False, lambda reference, loader: _loaded(loader))
    assert not plan.own_layout  # nothing to warn about: the file is as written
    asker = _Scripted([Choose("no"), Quit()])
    conduct(plan, asker, saver(plan))
    assert _checklist_line(target) == named
    loaded = Loader().answers(target)
    assert loaded.value is not None and loaded.value.answer(IDS[1]) == Answer("no")
    assert os.path.samefile(loaded.value.checklist.file, tmp_path / "copy" / "small.yaml")


def _checklist_line(target: Path) -> str:
    lines = target.read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("checklist:"))


def _long_scale(folder: Path) -> Checklist:
    """The small checklist with a scale of 40 values: more than the 36 entries a list
    can give keys to (review-c MED)."""
    values = "".join(f"  - {{value: v{n}, credit: {n / 40}}}\n" for n in range(40))
    return _copy(folder, f"scale:\n{values}")


def _picked(view: ItemView, keys: str) -> object:
    """What the terminal's list gives for ``keys`` typed, with no terminal: the keys
    come through a pipe, the screen goes nowhere."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from servicescore.interview_tty import _choose

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return _choose(view)


_DOWN = "\x1b[B"


def test_a_scale_longer_than_the_keys_is_chosen_with_the_arrow_keys(tmp_path: Path) -> None:
    checklist = _long_scale(tmp_path)
    state = start(checklist, SUBJECT)
    assert _picked(view(state), _DOWN * 39 + "\r") == Choose("v39")
    assert _picked(view(state), _DOWN * 40 + "\r") == Choose("n/a")  # then the actions
    assert _picked(view(state), _DOWN * 44 + "\r") == Quit()


def test_a_scale_within_the_keys_answers_on_a_key_alone() -> None:
    state = start(CHECKLIST, SUBJECT)
    assert _picked(view(state), "2") == Choose(CHECKLIST.scale[1].value)
    assert _picked(view(state), "q") == Quit()
    assert _picked(view(state), _DOWN + "\r") == Choose(CHECKLIST.scale[1].value)


def test_a_directory_and_a_fifo_are_refused(tmp_path: Path) -> None:
    assert _refused(tmp_path) == f"{tmp_path}: is a directory; --output needs an answers file"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert _refused(fifo) == f"{fifo}: not a regular file; --output needs an answers file"


def test_without_a_terminal_the_command_names_template_and_import(tmp_path: Path) -> None:
    result = invoke("interview", SMALL, "--output", tmp_path / "a.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "interview: needs a terminal on standard input and output; without one, "
        "`servicescore template` writes a blank answers file and `servicescore import` "
        "reads a filled-in spreadsheet questionnaire\n"
    )
    assert not (tmp_path / "a.yaml").exists()


# -- the output refused before the first question (exit 2, nothing written) -------------

NO_TERMINAL = "interview: needs a terminal on standard input and output"


def _refusal(*args: str | Path) -> str:
    """The one line a run of interview is refused with (exit 2, nothing on stdout)."""
    result = invoke("interview", SMALL, *args)
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_the_output_cannot_be_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _refusal("--output", "-") == (
        "--output: needs a file; the terminal holds the interview itself"
    )
    assert list(tmp_path.iterdir()) == []  # no file named "-"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/a.yaml", "{target}: cannot write: folder {folder}/missing does not exist"),
        ("", "{target}: is a directory; --output needs an answers file"),
        ("fifo", "{target}: not a regular file; --output needs an answers file"),
        ("file/a.yaml", "{target}: cannot read: Not a directory"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_question(
    tmp_path: Path, name: str, message: str
) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file").write_text("kept\n", encoding="utf-8")
    target = tmp_path / name
    before = sorted(tmp_path.iterdir())
    expected = message.format(target=target, folder=tmp_path)
    assert _refusal("--output", target) == expected
    assert sorted(tmp_path.iterdir()) == before
    assert (tmp_path / "file").read_text(encoding="utf-8") == "kept\n"


def test_a_device_is_refused_before_any_question() -> None:
    assert _refusal("-o", os.devnull) == (
        f"{os.devnull}: not a regular file; --output needs an answers file"
    )


def test_a_folder_the_system_will_not_write_is_refused_before_any_question() -> None:
    # Root passes every permission check, yet nothing can be made under /proc: the
    # system is asked, by a nameless temporary file, not the mode bits.
    line = _refusal("-o", "/proc/answers.yaml")
    reason = "No such file or directory" if os.geteuid() == 0 else "Permission denied"
    assert line == f"/proc/answers.yaml: cannot write: {reason}"


def test_a_folder_the_user_may_not_write_is_refused_and_left_empty() -> None:
    folder = Path(tempfile.mkdtemp(prefix="servicescore-"))
    try:
        folder.chmod(0o755)
        locked = folder / "locked"
        locked.mkdir(mode=0o555)
        locked.chmod(0o555)
        command = [sys.executable, "-m", "servicescore", "interview", str(SMALL)]
        completed = subprocess.run(
            [*unprivileged(), *command, "-o", "locked/a.yaml"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert (completed.returncode, completed.stdout) == (2, "")
        assert completed.stderr == "locked/a.yaml: cannot write: Permission denied\n"
        assert list(locked.iterdir()) == []
    finally:
        (folder / "locked").chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("name", ["a.xlsx", "a.xlsm", "a.xls", "a.ods", "a.csv", "A.XLSX"])
def test_a_spreadsheet_name_is_refused_before_any_question(tmp_path: Path, name: str) -> None:
    # The interview writes YAML: under a spreadsheet's name it would open as none, and
    # `import` would refuse it (review-b).
    target = tmp_path / name
    assert _refusal("-o", target) == (
        f"{target}: the interview writes a YAML answers file, not a spreadsheet; "
        "`servicescore template --format xlsx|csv` writes a questionnaire and "
        "`servicescore import` reads it back"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_existing_spreadsheet_named_is_refused_and_left_untouched(tmp_path: Path) -> None:
    target = tmp_path / "answers.csv"
    target.write_bytes(b"id,answer\n")
    assert _refusal("-o", target).startswith(f"{target}: the interview writes a YAML answers")
    assert target.read_bytes() == b"id,answer\n"


def test_a_writable_output_goes_on_to_ask_for_the_terminal(tmp_path: Path) -> None:
    # The probe of the folder leaves nothing behind.
    assert _refusal("-o", tmp_path / "a.yaml").startswith(NO_TERMINAL)
    assert list(tmp_path.iterdir()) == []


# -- a broken answers file of the checklist: its own problems, to mend it ----------------

_HEAD = f"kind: answers\nchecklist: {SMALL}\norganisation: Acme\n"


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        (
            _HEAD + "answers:\n  channels-two: maybe\n  systems-work: n/a\n",
            # The n/a without a note is a warning: the file is refused for its errors.
            ["5:17: answer 'maybe' is not on the scale; use 'no', 'partly', 'yes' or 'n/a'"],
        ),
        (
            _HEAD + "period: 2026-Q5\nanswers:\n  nope: yes\n  channels-two: Maybe\n",
            [
                "4:9: 'period' must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, not '2026-Q5'",
                "6:3: unknown item 'nope' in checklist 'small'",
                "7:17: answer 'Maybe' is not on the scale; use 'no', 'partly', 'yes' or 'n/a'",
            ],
        ),
        (
            _HEAD + "answers: {channels-two: yes\n",
            [
                "5:1: invalid YAML: did not find expected ',' or '}' (while parsing a flow "
                "mapping at line 4, column 10)"
            ],
        ),
    ],
    ids=["off-scale", "several", "not-yaml"],
)
def test_a_broken_answers_file_of_the_checklist_shows_its_problems(
    tmp_path: Path, content: str, problems: list[str]
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(content, encoding="utf-8")
    result = invoke("interview", SMALL, "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"{target}:{problem}" for problem in problems]
    assert target.read_text(encoding="utf-8") == content


@pytest.mark.parametrize(
    "content",
    [
        # Another checklist's, broken: its problems are not this interview's to show.
        "kind: answers\nchecklist: profit-through-service\norganisation: A\nanswers: {x: 1}\n",
        f"kind: answers\nchecklist: {CUSTOM}\norganisation: [A\n",
        # No servicescore file, though it names the checklist: none of it is shown.
        f"checklist: {SMALL}\nsecret: [hunter2\n",
        f"checklist: {SMALL}\nsecret: hunter2\n",
    ],
)
def test_a_broken_file_of_anything_else_is_refused_in_one_line(
    tmp_path: Path, content: str
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(content, encoding="utf-8")
    assert _refusal("-o", target) == _not_answers(target)
    assert target.read_text(encoding="utf-8") == content


def test_the_output_option_is_required() -> None:
    result = invoke("interview", SMALL)
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.stderr


def test_the_terminal_shows_file_text_escaped_never_as_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from servicescore.interview_tty import show

    statement = "We answer \u202ein a day\u202c.\n[bold]Always[/bold]."
    view = ItemView("Channels", 2, 4, statement, CHECKLIST.scale, Answer("yes", "by\u200bphone"))
    show(view, 80)
    assert capsys.readouterr().out == (
        "\nChannels  (2 of 4)\n"
        "  We answer \\u202ein a day\\u202c.\n  [bold]Always[/bold].\n"
        "  now: yes; note: by\\u200bphone\n"
    )


def test_long_lines_are_wrapped_between_words_to_the_width(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from servicescore.interview_tty import show

    statement = "We answer every customer within one working day, [b]even[/b] at weekends."
    element = "Channels of contact (Strategic)"
    show(
        ItemView(
            element, 2, 4, statement, CHECKLIST.scale, Answer("yes", "by phone\u200b or mail")
        ),
        24,
    )
    assert capsys.readouterr().out == (
        "\nChannels of contact\n(Strategic)  (2 of 4)\n"
        "  We answer every\n  customer within one\n  working day,\n  [b]even[/b] at\n"
        "  weekends.\n"
        "  now: yes; note: by\n  phone\\u200b or mail\n"
    )


def test_a_note_of_several_lines_shows_each_indented_and_wrapped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from servicescore.interview_tty import show

    note = "first line\nsecond, a longer one\n\u202efourth"
    show(ItemView("Channels", 1, 4, "We answer.", CHECKLIST.scale, Answer("no", note)), 20)
    assert capsys.readouterr().out == (
        "\nChannels  (1 of 4)\n  We answer.\n"
        "  now: no; note:\n  first line\n  second, a longer\n  one\n  \\u202efourth\n"
    )


_LINE = st.text(st.sampled_from("ab \u65e5\u00e9"), max_size=60)


@settings(max_examples=200, deadline=None)
@given(line=_LINE, width=st.integers(4, 40), indent=st.sampled_from(["", "  "]))
def test_a_wrapped_line_fits_keeps_its_words_and_breaks_only_a_long_one(
    line: str, width: int, indent: str
) -> None:
    from prompt_toolkit.utils import get_cwidth

    from servicescore.interview_tty import _wrapped

    pieces = _wrapped(line, width, indent)
    assert all(sum(get_cwidth(char) for char in piece) <= width for piece in pieces)
    assert all(piece.startswith(indent) or piece == "" for piece in pieces)
    # Nothing lost or reordered: only spaces between the pieces are dropped.
    assert "".join(piece[len(indent) :] for piece in pieces).replace(" ", "") == line.replace(
        " ", ""
    )
    # A word is cut only where it is longer than a line: any other is whole in a piece.
    room = width - len(indent)
    whole = {word for piece in pieces for word in piece.split()}
    for word in line.split():
        if sum(get_cwidth(char) for char in word) <= room:
            assert word in whole, (word, pieces)


_PERIODS = st.sampled_from(["", "2026", "2026-Q4", "2026-10", "2026-10-15", " 2026 "])
# Mostly text the asker takes (control characters and surrogates are refused, so only a
# few are drawn), so that few examples are thrown away.
_FIELD_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(lambda char: char.isprintable())
    | st.sampled_from(" \t\n\u00a0#:\"'~"),
    max_size=20,
)
_ORGANISATION = st.builds(str.__add__, st.sampled_from(["A", "null", "~", "#", "yes"]), _FIELD_TEXT)


@settings(max_examples=80, deadline=None)
@given(
    organisation=_ORGANISATION,
    unit=_FIELD_TEXT,
    period=_PERIODS,
    respondent=_FIELD_TEXT,
    role=_FIELD_TEXT,
)
def test_any_subject_the_fields_accept_reads_back_as_given(
    organisation: str, unit: str, period: str, respondent: str, role: str
) -> None:
    fields = {
        "organisation": organisation,
        "unit": unit,
        "period": period,
        "respondent": respondent,
        "role": role,
    }
    # What the asker refuses is never taken.
    assume(not any(field_problem(name, text) for name, text in fields.items()))
    subject = subject_from(fields)
    with tempfile.TemporaryDirectory() as folder:
        assert _written(start(CHECKLIST, subject), Path(folder)).subject == subject


def test_a_shipped_checklist_is_named_by_its_id_alone(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    assert invoke("template", "key-elements", "-o", target).exit_code == 0
    content = target.read_text(encoding="utf-8")
    result = invoke("interview", "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{target}: an answers file of another checklist, key-elements 1.1, not "
        "profit-through-service 1.1; left untouched (give a new file, or interview the "
        "checklist it names)\n"
    )
    assert target.read_text(encoding="utf-8") == content


def test_a_resume_keeps_the_files_measures_through_every_save() -> None:
    figures = {"fcr": MeasureValue(Number.of("81.5"), "from the CRM")}
    kept = dataclasses.replace(_kept({IDS[0]: Answer("yes")}), measures=figures)
    state = step(start(CHECKLIST, SUBJECT, kept), Choose("no"))
    assert state.measures == figures
    assert as_answers(state, "a.yaml").measures == figures
