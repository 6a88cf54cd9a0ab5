"""The interview (SPEC 7): an answers file filled in the terminal, one item at a time.

The flow is a pure state machine over the checklist and the answers given so far:
:func:`start` places it at the first unanswered item (or the first item, for a review),
:func:`step` applies one of the user's actions and returns the next state. What asks
the user is an :class:`Asker`, so the flow runs without a terminal in the tests; the
terminal's asker (questionary) lives in :mod:`servicescore.interview_tty`. After every
change :func:`run` hands the state to ``save``, which replaces the answers file whole:
an interview cut off loses at most the answer being given.

The command is :func:`prepare` (its command line checked, the file to resume read) and
:func:`conduct` (the subject, then the items): the whole flow runs on any asker and any
``save``, so that the tests run it with neither a terminal nor a file.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, Protocol

from servicescore import catalog
from servicescore.catalog import reference_from, reference_to
from servicescore.loader import Loader, file_kind, misspelt_kind, period_start, top_level_value
from servicescore.model import (
    NOT_APPLICABLE,
    UNANSWERED,
    Answer,
    Answers,
    Checklist,
    MeasureValue,
    ScaleValue,
    Subject,
)
from servicescore.output import check_replaceable, write_atomic
from servicescore.problems import InputError, UsageError, printable
from servicescore.templates import PLACEHOLDER_ORGANISATION, answers_template
from servicescore.yamlfile import Document, Entry, Node, Scalar, unwritable
from servicescore.yamlfile import Mapping as YamlMapping


class Choose(NamedTuple):
    """Answer the current item with a scale value or ``n/a`` and go on; ``note`` replaces
    its note when given (stripped, as :class:`Note`'s), else the note is kept."""

    value: str
    note: str | None = None


class Skip(NamedTuple):
    """Go on, the current item's answer as it is (unanswered stays unanswered)."""


class Note(NamedTuple):
    """Set the current item's note (an empty one removes it) and stay on the item; white
    space around it is dropped, as the loader drops it."""

    text: str


class Back(NamedTuple):
    """Go to the previous item, nothing changed."""


class Quit(NamedTuple):
    """End the interview; what was given is kept."""


Action = Choose | Skip | Note | Back | Quit


@dataclass(frozen=True)
class State:
    """Where an interview is: the answers given (only those), the item asked now."""

    checklist: Checklist
    subject: Subject
    answers: Mapping[str, Answer]
    position: int  # an index into checklist.items; len(items) once past the last
    review: bool = False
    quit: bool = False
    meta: Mapping[str, object] = field(default_factory=dict)
    # The resumed file's measure figures: not asked, but written back as they were.
    measures: Mapping[str, MeasureValue] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.quit or self.position >= len(self.checklist.items)


class ItemView(NamedTuple):
    """What the asker shows for one item: all plain text from the checklist."""

    element: str
    number: int  # 1-based
    total: int
    statement: str
    scale: tuple[ScaleValue, ...]
    current: Answer


class Asker(Protocol):
    """What asks the user: the subject fields, then one action per call; and tells the
    user how the interview stands (one line of plain text)."""

    def subject(self, current: Subject | None) -> Subject: ...

    def item(self, view: ItemView) -> Action: ...

    def tell(self, line: str) -> None: ...


def first_unanswered(checklist: Checklist, answers: Mapping[str, Answer]) -> int:
    """The index of the first item without a value, ``len(items)`` when none is left."""
    return _unanswered_from(checklist, answers, 0)


def _unanswered_from(checklist: Checklist, answers: Mapping[str, Answer], start: int) -> int:
    """The index of the first item from ``start`` on without a value, else ``len(items)``."""
    items = checklist.items
    for index in range(start, len(items)):
        if answers.get(items[index].id, UNANSWERED).value is None:
            return index
    return len(items)


def start(
    checklist: Checklist, subject: Subject, kept: Answers | None = None, review: bool = False
) -> State:
    """An interview of ``checklist``, resuming ``kept`` (an answers file of it) when given:
    at its first unanswered item, or at the first item for a review."""
    answers = {} if kept is None else dict(_given(kept))
    position = 0 if review else first_unanswered(checklist, answers)
    meta = {} if kept is None else dict(kept.meta)
    measures = {} if kept is None else dict(kept.measures)
    return State(checklist, subject, answers, position, review, meta=meta, measures=measures)


def _given(kept: Answers) -> Mapping[str, Answer]:
    return {ident: answer for ident, answer in kept.answers.items() if answer != UNANSWERED}


def step(state: State, action: Action) -> State:
    """The state after ``action`` on the current item."""
    if isinstance(action, Quit):
        return replace(state, quit=True)
    if isinstance(action, Back):
        return replace(state, position=max(state.position - 1, 0))
    if isinstance(action, Skip):
        return replace(state, position=_next(state, state.answers))
    item = state.checklist.items[state.position].id
    answer = _changed(state.answers.get(item, UNANSWERED), action)
    if answer.value == NOT_APPLICABLE and answer.note is None:
        # An n/a says why in its note, or `check --strict` warns (SS204): refused, the
        # state unchanged; the asker asks for the note with the n/a.
        return state
    answers = _with(state.answers, item, answer)
    if isinstance(action, Note):
        return replace(state, answers=answers)
    return replace(state, answers=answers, position=_next(state, answers))


def _changed(current: Answer, action: Choose | Note) -> Answer:
    """The current item's answer after ``action``; a note stripped as the loader strips
    every text it reads, so that the file reads back the same."""
    if isinstance(action, Note):
        return current._replace(note=action.text.strip() or None)
    if action.note is None:
        return current._replace(value=action.value)
    return Answer(action.value, action.note.strip() or None)


def _with(answers: Mapping[str, Answer], item: str, answer: Answer) -> dict[str, Answer]:
    changed = dict(answers)
    if answer == UNANSWERED:
        changed.pop(item, None)
    else:
        changed[item] = answer
    return changed


def _next(state: State, answers: Mapping[str, Answer]) -> int:
    """The item after the current one: in a review the very next; otherwise the next
    still unanswered, so that a resumed interview does not walk the answered again."""
    following = state.position + 1
    return following if state.review else _unanswered_from(state.checklist, answers, following)


def view(state: State) -> ItemView:
    """What the asker shows for the current item."""
    checklist = state.checklist
    item = checklist.items[state.position]
    element = next(one for one in checklist.elements if one.id == item.element)
    heading = element.title + (f" ({element.group})" if element.group else "")
    current = state.answers.get(item.id, UNANSWERED)
    return ItemView(
        heading, state.position + 1, len(checklist.items), item.text, checklist.scale, current
    )


def as_answers(state: State, path: str) -> Answers:
    """The state as the answers it writes."""
    return Answers(
        path,
        state.checklist,
        state.subject,
        dict(state.answers),
        state.meta,
        measures=dict(state.measures),
    )


def run(state: State, asker: Asker, save: Callable[[State], None]) -> State:
    """Ask until the interview is finished, saving after every change of the answers."""
    while not state.finished:
        following = step(state, asker.item(view(state)))
        if following.answers != state.answers:
            save(following)
        state = following
    return state


@dataclass(frozen=True)
class Plan:
    """An interview whose command line is checked: ready to ask."""

    checklist: Checklist
    reference: str  # how the answers file names the checklist
    target: Path
    kept: Answers | None  # the answers file resumed
    review: bool
    inputs: list[Path]  # the files read, never to be overwritten; the target aside
    # The file resumed holds more than the template writes (a comment of its own, another
    # layout): lost at the first change, as the file is written whole again.
    own_layout: bool = False


def prepare(
    reference: str, target: Path, review: bool, load: Callable[[str, Loader], Checklist]
) -> Plan:
    """The interview of checklist ``reference`` (``load`` reads it, as every command
    does) into ``target``; refused where it cannot be held. All that is wrong is said
    before the terminal is asked for and before the first question, so that none is
    answered in vain."""
    if str(target) == "-":
        raise UsageError("--output: needs a file; the terminal holds the interview itself")
    if target.suffix.casefold() in SPREADSHEET_ENDINGS:
        raise UsageError(
            f"{printable(str(target))}: the interview writes a YAML answers file, not a "
            "spreadsheet; `servicescore template --format xlsx|csv` writes a questionnaire "
            "and `servicescore import` reads it back"
        )
    loader = Loader()
    checklist = load(reference, loader)
    kept = existing(target, checklist, loader)
    check_replaceable(target)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "interview: needs a terminal on standard input and output; without one, "
            "`servicescore template` writes a blank answers file and `servicescore "
            "import` reads a filled-in spreadsheet questionnaire"
        )
    # The file resumed was read too, but it is the one output to replace.
    written = Path(os.path.realpath(target))
    inputs = sorted(path for path in loader.files_read if path.resolve() != written)
    named = reference_from(reference, target)
    if kept is not None:
        # The file goes on naming the checklist it names (an equal copy stays the copy),
        # so that later edits to that file still apply to it.
        checklist = kept.checklist
        named = reference_to(checklist.file, checklist.id, target)
    layouts = {answers_template(checklist, named, kept), answers_template(checklist, named)}
    own = kept is not None and _own_layout(target, layouts)
    return Plan(checklist, named, target, kept, review, inputs, own)


# The endings of the spreadsheets `import` reads, or a respondent saves one as: a YAML
# file under such a name would be opened as what it is not (and refused by `import`).
SPREADSHEET_ENDINGS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})


def _own_layout(target: Path, layouts: set[str]) -> bool:
    """Whether ``target`` is none of the texts in ``layouts``: as the interview wrote it,
    or the blank template, both written again with nothing lost."""
    return target.read_bytes().decode("utf-8", "replace") not in layouts


def saver(plan: Plan) -> Callable[[State], None]:
    """What replaces the plan's answers file (atomically) with a state, in the layout
    `template` writes."""

    def save(state: State) -> None:
        answers = as_answers(state, str(plan.target))
        text = answers_template(plan.checklist, plan.reference, answers)
        write_atomic(plan.target, text, plan.inputs)

    return save


def conduct(plan: Plan, asker: Asker, save: Callable[[State], None]) -> State:
    """The interview, ``save`` called after every change: the subject first (asked
    again on a review, kept on a resume), then the items."""
    kept = plan.kept
    if plan.own_layout:
        asker.tell(
            f"{printable(str(plan.target))}: at the first change it is written again in the "
            "template's layout; what it holds beyond that (comments of its own, quoting, line "
            "ends) is not kept"
        )
    subject = None if kept is None or plan.review else kept.subject
    if subject is None or not complete(subject):
        subject = asker.subject(None if kept is None else _offered(kept.subject))
    state = start(plan.checklist, subject, kept, plan.review)
    if kept is None or subject != kept.subject:
        # A resumed file is left as it is until something in it changes.
        save(state)
    if state.finished:
        asker.tell("Every item is answered; --review walks them again.")
    final = run(state, asker, save)
    answered = sum(answer.value is not None for answer in final.answers.values())
    total = len(plan.checklist.items)
    asker.tell(f"{printable(str(plan.target))}: {answered} of {total} items answered.")
    return final


def complete(subject: Subject) -> bool:
    """Whether ``subject`` names an organisation: not a blank template's placeholder (a
    file read without one holds the placeholder, :func:`existing`)."""
    return subject.organisation.strip() not in ("", PLACEHOLDER_ORGANISATION)


def _offered(subject: Subject) -> Subject:
    """``subject`` as the asker offers it to keep or change: never the placeholder as the
    organisation, which would be taken with a press of Enter."""
    return subject if complete(subject) else subject._replace(organisation="")


def kept_message(target: Path) -> str:
    """What an interview cut off (Ctrl-C) leaves at ``target``, in words."""
    shown = printable(str(target))
    # Nothing is written before the subject is complete: then there is nothing kept.
    if target.exists():
        return f"{shown} holds every answer given so far; the same command resumes"
    return f"nothing written to {shown} (the subject was not complete)"


# The subject fields asked, in the template's order, with the words the asker shows.
SUBJECT_FIELDS = (
    ("organisation", "Organisation"),
    ("unit", "Unit (optional)"),
    ("period", "Period, YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (optional)"),
    ("respondent", "Respondent (optional)"),
    ("role", "Role (optional)"),
)


def field_problem(name: str, text: str) -> str | None:
    """Why ``text`` cannot be subject field ``name``, as the loader would refuse it; None
    when it can."""
    if unwritable(text):
        return "a control character cannot be written in an answers file"
    if name == "organisation" and not text.strip():
        return "the organisation is required"
    if name == "period" and text.strip() and period_start(text.strip()) is None:
        return "a period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"
    return None


def note_problem(text: str, value: str | None = None) -> str | None:
    """Why ``text`` cannot be the note of an answer ``value``; None when it can."""
    if unwritable(text):
        return "a control character cannot be written in an answers file"
    if value == NOT_APPLICABLE and not text.strip():
        return "an n/a needs a note: say why the item does not apply"
    return None


def subject_from(fields: Mapping[str, str], kept: Subject | None = None) -> Subject:
    """The subject the fields' text gives; an empty optional field is left out, and the
    assessor (not asked) is kept from the file resumed."""
    text = {name: fields.get(name, "").strip() for name, _ in SUBJECT_FIELDS}
    return Subject(
        organisation=text["organisation"],
        unit=text["unit"] or None,
        period=text["period"] or None,
        assessor=None if kept is None else kept.assessor,
        respondent=text["respondent"] or None,
        role=text["role"] or None,
    )


def existing(target: Path, checklist: Checklist, loader: Loader) -> Answers | None:
    """The answers file at ``target`` to resume, None where there is none yet; refused,
    the file untouched, where ``target`` is anything but an answers file of
    ``checklist``: with its own errors where it is one that does not load (to be mended),
    else in one line that quotes nothing of it. One whose organisation alone is missing
    or empty is read with the blank template's, for :func:`conduct` to ask the subject."""
    shown = printable(str(target))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from error
    if stat.S_ISDIR(mode):
        raise UsageError(f"{shown}: is a directory; --output needs an answers file")
    if not stat.S_ISREG(mode):
        # Reading a FIFO would wait for a writer; a device is no file to keep.
        raise UsageError(f"{shown}: not a regular file; --output needs an answers file")
    document = loader.read(target)
    loaded = loader.answers(target, document=document)
    unnamed = _with_placeholder(document)
    if loaded.value is None and unnamed is not None:
        # Without an organisation (missing, empty): read as the blank template, the
        # subject asked first. Its other problems, if any, are shown as they are.
        placeheld = loader.answers(target, document=unnamed)
        loaded = placeheld if placeheld.value is not None else loaded
    broken = loaded.value is None and loaded.errors
    if broken and _names_checklist(document, target, checklist, loader):
        # Its own problems, so that the user can mend the file and resume it.
        raise InputError(loaded.errors)
    if loaded.value is None:
        raise UsageError(
            f"{shown}: exists and is not a valid answers file of checklist "
            f"{printable(checklist.id)}; left untouched (give a new file to start an interview)"
        )
    named = loaded.value.checklist
    if not _same_checklist(named, checklist):
        raise UsageError(
            f"{shown}: an answers file of another checklist, {_known_as(named, target)}, "
            f"not {_known_as(checklist, target)}; left untouched (give a new file, or "
            "interview the checklist it names)"
        )
    return loaded.value


def _known_as(checklist: Checklist, target: Path) -> str:
    """A checklist's id and version, and its file where it is no shipped one (whose
    path, deep in the installed package, would tell the user nothing)."""
    named = f"{printable(checklist.id)} {printable(checklist.version)}"
    if reference_to(checklist.file, checklist.id, target) == checklist.id:
        return named
    return f"{named} ({checklist.path})"


def _with_placeholder(document: Document) -> Document | None:
    """``document`` with the blank template's organisation where it has none (the key
    missing, or empty); None where it has one, or is no mapping."""
    root = document.root
    if not isinstance(root, YamlMapping):
        return None
    entry = root.entries.get("organisation")
    if entry is not None and not _empty(entry.value):
        return None
    key_mark, mark = (root.mark, root.mark) if entry is None else (entry.key_mark, entry.value.mark)
    filled = YamlMapping(root.mark)
    filled.entries = dict(root.entries)
    placeholder = Scalar(PLACEHOLDER_ORGANISATION, True, mark)
    filled.entries["organisation"] = Entry("organisation", key_mark, placeholder)
    return document._replace(root=filled)


def _empty(node: Node) -> bool:
    return isinstance(node, Scalar) and (node.is_null or not node.text.strip())


def _names_checklist(
    document: Document, target: Path, checklist: Checklist, loader: Loader
) -> bool:
    """Whether a file that did not load is an answers file (it says so, or has answers)
    naming ``checklist``: read by its top-level lines where it is no YAML. Only such a
    file's problems are shown; any other may hold anything the user can read."""
    kind = file_kind(document)
    if kind != "answers" and misspelt_kind(kind) != "answers":
        return False
    root = document.root
    if isinstance(root, YamlMapping) and "checklist" in root.entries:
        node = root.entries["checklist"].value
        reference = node.text if isinstance(node, Scalar) else None
    else:
        found = top_level_value(document.text or "", "checklist") if root is None else None
        reference = found or None  # an empty `checklist:` names none
    named = catalog.resolve(reference, target) if isinstance(reference, str) else None
    if named is None or not loader.exists(named):
        return False
    found_checklist = loader.checklist(named).value
    return found_checklist is not None and _same_checklist(found_checklist, checklist)


def _same_checklist(found: Checklist, asked: Checklist) -> bool:
    """The checklist asked, so that the answers kept stay valid when the file is written
    again naming it: the same file, or one equal in what an answer is checked against
    and scored by (a copy of a shipped one is; a local copy with another scale is not)."""
    if os.path.realpath(found.file) == os.path.realpath(asked.file):
        return True
    return (found.id, found.version, found.items, found.scale) == (
        asked.id,
        asked.version,
        asked.items,
        asked.scale,
    )
