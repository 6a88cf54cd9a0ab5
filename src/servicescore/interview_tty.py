"""The interview's terminal: an :class:`~servicescore.interview.Asker` on questionary.

questionary (on prompt_toolkit) draws arrow-key lists and validated text fields, and a
Ctrl-C comes through as KeyboardInterrupt (``unsafe_ask``) for the command to report.
Each list entry has a key shown before it; pressing it answers at once, the arrow keys
and Enter work as well (alone in a list too long for keys). Imported only by
``servicescore interview``: prompt_toolkit costs a cold start more than the whole of
``assess``.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, KeyBindingsBase, merge_key_bindings
from prompt_toolkit.key_binding.key_bindings import Binding
from prompt_toolkit.keys import Keys
from prompt_toolkit.utils import get_cwidth
from questionary.prompts.common import InquirerControl

from servicescore.interview import (
    SUBJECT_FIELDS,
    Action,
    Back,
    Choose,
    ItemView,
    Note,
    Quit,
    Skip,
    field_problem,
    note_problem,
)
from servicescore.model import NOT_APPLICABLE, Subject
from servicescore.problems import printable, visible

# Keys of the actions beside the scale's values (which take 1, 2, 3, ...).
_ACTION_KEYS = (
    ("n", f"{NOT_APPLICABLE}: does not apply here (a note says why)", None),
    ("s", "skip: leave as it is", Skip()),
    ("e", "note: write or change a note", None),
    ("b", "back to the previous item", Back()),
    ("q", "quit: the answers so far are saved", Quit()),
)


class TerminalAsker:
    """Asks on the terminal through questionary; every text from a file is shown as the
    reports show it, what would hide or reorder it escaped (:func:`visible`; a list
    entry, one line, through :func:`printable`), and as plain text, never as styling."""

    def subject(self, current: Subject | None) -> Subject:
        from servicescore.interview import subject_from

        fields: dict[str, str] = {}
        for name, label in SUBJECT_FIELDS:
            default = "" if current is None else getattr(current, name) or ""
            fields[name] = questionary.text(
                label, default=default, validate=_validator(name)
            ).unsafe_ask()
        return subject_from(fields, current)

    def tell(self, line: str) -> None:
        sys.stdout.write(f"{line}\n")

    def item(self, view: ItemView) -> Action:
        show(view)
        chosen = _choose(view)
        if chosen == "note":
            return Note(_note(view.current.value, view.current.note))
        if chosen == Choose(NOT_APPLICABLE):
            # Asked with the n/a, so that no file is written with an n/a unexplained.
            return Choose(NOT_APPLICABLE, _note(NOT_APPLICABLE, view.current.note))
        assert isinstance(chosen, (Choose, Skip, Back, Quit))
        return chosen


def _note(value: str | None, current: str | None) -> str:
    """The note typed, ``current`` offered to keep or edit; required for an n/a."""
    label = (
        "Why does it not apply? (an n/a needs a note)"
        if value == NOT_APPLICABLE
        else "Note (empty to remove)"
    )
    text: str = questionary.text(
        label, default=current or "", validate=lambda text: note_problem(text, value) or True
    ).unsafe_ask()
    return text


def _validator(name: str) -> Any:
    def validate(text: str) -> bool | str:
        return field_problem(name, text) or True

    return validate


def show(view: ItemView, width: int | None = None) -> None:
    """The item above its list: element and progress, the statement (each of its lines
    indented), and its answer and note so far; each line wrapped between words to
    ``width`` (the terminal's), not cut mid-word at the terminal's edge."""
    current = view.current
    columns = shutil.get_terminal_size().columns if width is None else width
    lines = [
        "",
        *_wrapped(f"{visible(view.element)}  ({view.number} of {view.total})", columns, ""),
        *(
            wrapped
            for line in visible(view.statement).splitlines()
            for wrapped in _wrapped(line, columns, "  ")
        ),
    ]
    if current.value is not None or current.note is not None:
        answer = current.value if current.value is not None else "unanswered"
        # A note of several lines: each wrapped on its own, as the statement's are.
        note = [] if current.note is None else visible(current.note).splitlines()
        said = f"now: {printable(answer)}" + (f"; note: {note[0]}" if note else "")
        lines.extend(
            wrapped for line in (said, *note[1:]) for wrapped in _wrapped(line, columns, "  ")
        )
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def _wrapped(line: str, width: int, indent: str) -> list[str]:
    """``line`` (already escaped: one line, no control character) wrapped between words
    to ``width`` columns, each piece after ``indent``; a word longer than a line is cut.
    Columns are counted as prompt_toolkit counts them, a wide character as two."""
    words = line.split(" ")
    pieces: list[str] = []
    piece = ""
    for word in words:
        joined = f"{piece} {word}" if piece else word
        if piece and _columns(indent + joined) > width:
            pieces.append(piece)
            joined = word
        piece = joined
        while _columns(indent + piece) > width and len(piece) > 1:
            cut = _fits(piece, width - _columns(indent))
            pieces.append(piece[:cut])
            piece = piece[cut:]
    pieces.append(piece)
    return [f"{indent}{piece}".rstrip() for piece in pieces]


def _columns(text: str) -> int:
    return sum(get_cwidth(char) for char in text)


def _fits(text: str, room: int) -> int:
    """How many characters of ``text`` fit in ``room`` columns (at least one)."""
    used = 0
    for count, char in enumerate(text):
        used += get_cwidth(char)
        if used > room:
            return max(count, 1)
    return len(text)


def _choose(view: ItemView) -> object:
    """The entry picked: the key before it alone, or arrows and Enter (arrows alone in a
    list too long for keys)."""
    entries: list[tuple[str, str, object]] = [
        # Past nine values the rest are reached with the arrow keys.
        (str(number) if number <= 9 else "", f"{entry.value}: {entry.label}", Choose(entry.value))
        for number, entry in enumerate(view.scale, 1)
    ]
    for key, title, action in _ACTION_KEYS:
        result = Choose(NOT_APPLICABLE) if key == "n" else "note" if key == "e" else action
        entries.append((key, title, result))
    # questionary keys at most 36 entries (its shortcut keys) and refuses a longer list:
    # that one (a scale of 32 values or more) is walked with the arrow keys alone.
    keyed = len(entries) <= len(InquirerControl.SHORTCUT_KEYS)
    choices = [
        questionary.Choice(printable(title), value=value, shortcut_key=(keyed and key) or False)
        for key, title, value in entries
    ]
    default = next(
        (one for one in choices if one.value == Choose(view.current.value or "")), choices[0]
    )
    question = questionary.select(
        "Answer", choices=choices, default=default, use_shortcuts=keyed, use_jk_keys=False
    )
    if keyed:
        taken = question.application.key_bindings
        assert taken is not None  # questionary's select always binds its keys
        keys = [key for key, _, _ in entries if key]
        question.application.key_bindings = merge_key_bindings([taken, _one_key(taken, keys)])
    return question.unsafe_ask()


def _one_key(taken: KeyBindingsBase, keys: list[str]) -> KeyBindings:
    """Bindings that answer on the key alone: questionary's shortcut only moves the
    pointer to its entry, and Enter then takes it; this key does both, so the answer is
    shown beside the question as after Enter. (A later binding of a key wins.)"""
    enter = taken.get_bindings_for_keys((Keys.ControlM,))[-1]
    bindings = KeyBindings()
    for key in keys:
        point = taken.get_bindings_for_keys((key,))[-1]
        bindings.add(key, eager=True)(_both(point, enter))
    return bindings


def _both(first: Binding, then: Binding) -> Any:
    def handler(event: Any) -> None:
        first.handler(event)
        then.handler(event)

    return handler
