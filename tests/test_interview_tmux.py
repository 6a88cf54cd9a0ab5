"""`servicescore interview` in a real terminal: tmux runs the installed command, the test
types as a consultant would, reads the screen (`tmux capture-pane`) and the answers file
after every step, interrupts with Ctrl-C halfway and resumes.

Every wait is on a condition (the screen shows something, the file holds something)
polled until a deadline, never a sleep alone. Debian's `tmux` is installed by .ci/run.
"""

from __future__ import annotations

import itertools
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.needs import program

from servicescore.loader import Loader
from servicescore.model import Answer, Answers, Subject

CHECKLIST = Path(__file__).parent / "data" / "checklist" / "good" / "small.yaml"
DEADLINE = 30.0  # seconds: a slow CI machine, not a timing under test


class Terminal:
    """A tmux server of its own (its socket in the test's folder); each run of the command
    is a session of its own, the keys and the screen those of the last one."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"
        self.folder = folder
        self.session = ""
        self.runs = 0

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True
        )
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self, *arguments: str) -> None:
        """Run ``servicescore ARGUMENTS`` in a new 100×40 window; its exit code is shown
        after it ends (``EXIT=N``), and the window stays for the screen to be read."""
        command = shlex.join([sys.executable, "-m", "servicescore", *arguments])
        # The shell traps Ctrl-C (a caught signal is default again in the command it
        # starts): sh, in the same process group, was sometimes ended by the Ctrl-C meant
        # for the command, and with it the session, before EXIT= was shown.
        folder = shlex.quote(str(self.folder))
        script = f"trap : INT; cd {folder} && {command}; echo EXIT=$?; exec sleep 600"
        self.runs += 1
        self.session = f"run{self.runs}"
        size = ("-x", "100", "-y", "40")
        self.tmux("new-session", "-d", "-s", self.session, *size, "sh", "-c", script)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        # Literally (-l): no word is read as a key name.
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", self.session, "-S", "-200")

    def close(self) -> None:
        if self.socket.exists():
            subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True)


def wait(condition: Callable[[], bool], what: str, screen: Callable[[], str]) -> None:
    """Poll ``condition`` until it holds; fail, showing the screen, at the deadline."""
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"waited in vain for {what}; the screen:\n{screen()}")
        time.sleep(0.05)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    program("tmux", "apt-get install tmux")
    # A short folder name: a Unix socket's path has a limit of about 100 bytes.
    terminal = Terminal(tmp_path)
    yield terminal
    terminal.close()


def _answers(target: Path) -> Answers | None:
    """The file as the loader reads it; None while it is missing or does not load."""
    if not target.exists():
        return None
    loaded = Loader().answers(target)
    return loaded.value if not loaded.errors else None


def _holds(target: Path, expected: dict[str, Answer]) -> Callable[[], bool]:
    def check() -> bool:
        found = _answers(target)
        return (
            found is not None
            and {ident: answer for ident, answer in found.answers.items() if answer != Answer(None)}
            == expected
        )

    return check


def _shows(terminal: Terminal, *texts: str) -> Callable[[], bool]:
    return lambda: all(text in terminal.screen() for text in texts)


def test_an_interview_typed_interrupted_and_resumed(terminal: Terminal, tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    items = Loader().checklist(CHECKLIST).value
    assert items is not None
    first, second, third, fourth = items.items
    screen = terminal.screen

    terminal.start("interview", str(CHECKLIST), "--output", target.name)
    wait(_shows(terminal, "? Organisation"), "the first subject field", screen)
    terminal.type("Northwind Utilities")
    terminal.keys("Enter")
    wait(_shows(terminal, "? Unit"), "the unit", screen)
    terminal.type("Contact centre")
    terminal.keys("Enter")
    wait(_shows(terminal, "? Period"), "the period", screen)
    terminal.type("2026-Q5")
    terminal.keys("Enter")
    wait(_shows(terminal, "a period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD"), "refusal", screen)
    assert not target.exists()  # nothing written before the subject is complete
    terminal.keys("BSpace")
    terminal.type("4")
    terminal.keys("Enter")
    wait(_shows(terminal, "? Respondent"), "the respondent", screen)
    terminal.type("Priya Lomond")
    terminal.keys("Enter")
    wait(_shows(terminal, "? Role"), "the role", screen)
    terminal.type("Adviser")
    terminal.keys("Enter")

    # The first item: element, progress, statement, the scale with its labels.
    # (The list is drawn after the lines above it: the wait is on all of it.)
    item_1 = _shows(
        terminal,
        "Channels (Strategic)  (1 of 4)",
        first.text,
        "» 1) no: Not in place",
        "2) partly: Partly in place",
        "3) yes: Fully in place",
        "n) n/a: does not apply here (a note says why)",
        "b) back to the previous item",
        "q) quit: the answers so far are saved",
    )
    wait(item_1, "item 1 and its list", screen)
    wait(_holds(target, {}), "the file with the subject and no answer", screen)
    written = _answers(target)
    assert written is not None
    assert written.subject == Subject(
        "Northwind Utilities",
        unit="Contact centre",
        period="2026-Q4",
        respondent="Priya Lomond",
        role="Adviser",
    )

    terminal.keys("3")  # one key answers
    wait(_holds(target, {first.id: Answer("yes")}), "the first answer in the file", screen)
    wait(_shows(terminal, "(2 of 4)", second.text), "item 2", screen)
    terminal.keys("e")
    wait(_shows(terminal, "? Note"), "the note field", screen)
    terminal.type("Only by phone after six")
    terminal.keys("Enter")
    expected = {first.id: Answer("yes"), second.id: Answer(None, "Only by phone after six")}
    wait(_holds(target, expected), "the note in the file", screen)
    terminal.keys("2")
    expected[second.id] = Answer("partly", "Only by phone after six")
    wait(_holds(target, expected), "the second answer in the file", screen)
    wait(_shows(terminal, "Systems  (3 of 4)", third.text), "item 3", screen)

    terminal.keys("C-c")
    wait(_shows(terminal, "EXIT=130"), "the interrupted exit", screen)
    said = (
        "servicescore: interrupted; answers.yaml holds every answer given so far; the same "
        "command resumes\nEXIT=130"
    )
    assert said in screen()  # one line, nothing else said after the Ctrl-C
    assert screen().count("interrupted") == 1
    assert "Traceback" not in screen()
    assert _holds(target, expected)()

    # Resumed: no subject asked again, at the first unanswered item.
    with target.open("a", encoding="utf-8") as file:
        file.write("# the consultant's own comment\n")
    before = target.read_text(encoding="utf-8")
    terminal.start("interview", str(CHECKLIST), "--output", target.name)
    wait(_shows(terminal, "Systems  (3 of 4)", third.text), "the resume at item 3", screen)
    assert "? Organisation" not in screen()
    terminal.keys("b")
    wait(_shows(terminal, "now: partly; note: Only by phone after six"), "item 2 again", screen)
    terminal.keys("s")  # skip keeps the answer given
    wait(lambda: screen().count("(3 of 4)") == 2, "item 3 after the skip", screen)
    assert target.read_text(encoding="utf-8") == before  # untouched until a change
    terminal.keys("n")  # n/a asks why, and takes no empty note
    wait(_shows(terminal, "? Why does it not apply? (an n/a needs a note)"), "the note", screen)
    terminal.keys("Enter")
    refusal = "an n/a needs a note: say why the item does not apply"
    wait(_shows(terminal, refusal), "the empty note refused", screen)
    assert target.read_text(encoding="utf-8") == before  # nothing written without it
    terminal.type("No systems of our own")
    terminal.keys("Enter")
    expected[third.id] = Answer("n/a", "No systems of our own")
    wait(_holds(target, expected), "n/a and its note in the file", screen)
    assert Loader().answers(target).problems == []  # no SS204 under --strict: it says why
    # Written whole again at the change, in the template's layout: as it said it would.
    assert "# the consultant's own comment" not in target.read_text(encoding="utf-8")
    assert "answers.yaml: at the first change it is written again in the template's" in screen()
    wait(_shows(terminal, "(4 of 4)", fourth.text), "item 4", screen)
    terminal.keys("1")
    expected[fourth.id] = Answer("no")
    wait(_shows(terminal, "EXIT=0"), "the end of the interview", screen)
    assert "answers.yaml: 4 of 4 items answered." in screen()
    assert _holds(target, expected)()
    text = target.read_text(encoding="utf-8")
    assert all(f"  # {item.text}" in text for item in items.items)  # template's layout


def test_an_existing_file_of_another_kind_is_refused_untouched(
    terminal: Terminal, tmp_path: Path
) -> None:
    target = tmp_path / "notes.yaml"
    target.write_text("shopping: [milk]\n", encoding="utf-8")
    terminal.start("interview", str(CHECKLIST), "--output", target.name)
    wait(_shows(terminal, "EXIT=2"), "the refusal", terminal.screen)
    assert (
        "notes.yaml: exists and is not a valid answers file of checklist small; left "
        "untouched (give a new file to start an interview)" in terminal.screen()
    )
    assert target.read_text(encoding="utf-8") == "shopping: [milk]\n"


def test_ctrl_c_before_the_subject_is_complete_writes_nothing(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.start("interview", str(CHECKLIST), "--output", "new.yaml")
    wait(_shows(terminal, "? Organisation"), "the first subject field", terminal.screen)
    terminal.type("Northwind")
    terminal.keys("C-c")
    wait(_shows(terminal, "EXIT=130"), "the interrupted exit", terminal.screen)
    said = "servicescore: interrupted; nothing written to new.yaml (the subject was not complete)"
    assert f"{said}\nEXIT=130" in terminal.screen()
    assert terminal.screen().count("interrupted") == 1
    assert "Traceback" not in terminal.screen()
    assert list(tmp_path.glob("*.yaml")) == []


def test_a_review_shows_each_answer_selected(terminal: Terminal, tmp_path: Path) -> None:
    from servicescore.catalog import reference_from
    from servicescore.templates import answers_template

    checklist = Loader().checklist(CHECKLIST).value
    assert checklist is not None
    first, second = checklist.items[:2]
    target = tmp_path / "done.yaml"
    given = {first.id: Answer("yes"), second.id: Answer("n/a", "no groups yet")}
    subject = Subject("Northwind", period="2026")
    done = Answers(str(target), checklist, subject, given)
    reference = reference_from(str(CHECKLIST), target)
    target.write_text(answers_template(checklist, reference, done), encoding="utf-8")
    before = target.read_text(encoding="utf-8")

    terminal.start("interview", str(CHECKLIST), "--output", target.name, "--review")
    wait(_shows(terminal, "? Organisation"), "the subject asked again", terminal.screen)
    for field in ("Unit", "Period", "Respondent", "Role"):
        terminal.keys("Enter")  # each kept as it is
        wait(_shows(terminal, f"? {field}"), field, terminal.screen)
    terminal.keys("Enter")
    wait(
        _shows(terminal, "(1 of 4)", "now: yes", "» 3) yes: Fully in place"),
        "item 1",
        terminal.screen,
    )
    terminal.keys("s")
    item_2 = _shows(terminal, "(2 of 4)", "now: n/a; note: no groups yet", "» n) n/a")
    wait(item_2, "item 2, its answer selected", terminal.screen)
    terminal.keys("q")
    wait(_shows(terminal, "EXIT=0"), "the end", terminal.screen)
    assert "done.yaml: 2 of 4 items answered." in terminal.screen()
    assert target.read_text(encoding="utf-8") == before  # nothing changed, nothing written


def test_a_long_statement_is_wrapped_between_words(terminal: Terminal, tmp_path: Path) -> None:
    statement = (
        "Every customer who writes to us by letter, by e-mail or through the web form hears "
        "back from a named person within one working day, weekends and holidays included."
    )
    continuum = (CHECKLIST.parent / "../../continuum/good/small.yaml").resolve()
    text = CHECKLIST.read_text(encoding="utf-8")
    text = text.replace("../../continuum/good/small.yaml", str(continuum))
    text = text.replace("Customers can reach us in two ways.", statement)
    (tmp_path / "long.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "done.yaml").write_text(
        "kind: answers\nchecklist: long.yaml\norganisation: Northwind\nanswers: {}\n",
        encoding="utf-8",
    )
    terminal.start("interview", "long.yaml", "--output", "done.yaml")
    wait(_shows(terminal, "(1 of 4)", "q) quit"), "item 1", terminal.screen)
    lines = terminal.screen().splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("  Every customer"))
    shown = list(itertools.takewhile(lambda line: line.startswith("  "), lines[first:]))
    # Lines of the 100-column terminal, each broken at a space: the words read as written.
    assert len(shown) > 1 and all(len(line) <= 100 for line in shown), shown
    assert " ".join(line.strip() for line in shown) == statement
    terminal.keys("q")
    wait(_shows(terminal, "EXIT=0"), "the end", terminal.screen)
