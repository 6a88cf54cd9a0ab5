"""From command-line paths to loaded answers files.

A directory stands for the answers files below it (SPEC 2.3): checklists, continua
and other tools' YAML there are skipped. Every problem of every file is collected
before anything is scored: a partial portfolio would mislead.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TypeVar

from servicescore import catalog
from servicescore.loader import (
    Loader,
    display_name,
    file_kind,
    maybe_ours,
    misspelt_kind,
    refused_folder_problem,
)
from servicescore.model import Answers
from servicescore.problems import InputError, Problem, UsageError, printable
from servicescore.yamlfile import Document

T = TypeVar("T")

# Files read before they are kept (scored, and for JSON spooled) together. One at a
# time, reading and scoring took turns on the processor every half millisecond and a
# 2,000-file JSON portfolio took 6% longer for the same instructions; a hundred files'
# answers are under a MB however large the portfolio (20,000 files peaked 0.4 MB up).
KEEP_BATCH = 100


def load_answers(
    paths: Sequence[Path], checklist: Path | None = None, loader: Loader | None = None
) -> list[Answers]:
    """Load every answers file named or found below ``paths``, in argument order.

    Raises :class:`InputError` with every problem of every file when any is unusable.
    """
    return load_kept(paths, checklist, loader or Loader(), _itself)


def load_kept(
    paths: Sequence[Path], checklist: Path | None, loader: Loader, keep: Callable[[Answers], T]
) -> list[T]:
    """As :func:`load_answers`, but ``keep(answers)`` of each file, taken as the files
    are read (:data:`KEEP_BATCH` at a time): a folder of 20,000 files never holds every
    answer at once when ``keep`` keeps less."""
    found, problems = collect_answers(paths, checklist, loader, keep)
    if problems:
        # A checklist shared by several broken files is reported once.
        raise InputError(dict.fromkeys(problems))
    if not found:
        raise no_answers_found(paths)
    return found


def load_panel(
    paths: Sequence[Path], loader: Loader, check: Callable[[list[Answers]], list[Problem]]
) -> list[Answers]:
    """Load every answers file named or found below ``paths``, in argument order, and
    ``check`` the usable ones together (the rules across files) when there are two.

    Raises :class:`InputError` with every problem of every file, a file's problems in
    the order the files were given: a broken file hides no other file's problem.
    """
    problems: list[Problem] = []
    rank: dict[str, int] = {}  # each file, as problems name it: its place in the order
    ranked = 0  # the problems whose files are in rank
    found: list[Answers] = []
    for path, document in _answers_documents(paths, problems, loader):
        # What the last file's problems name (its checklist), and a missing argument
        # found on the way, come before this file.
        for problem in problems[ranked:]:
            rank.setdefault(problem.path, len(rank))
        ranked = len(problems)
        for shown in (display_name(path), printable(str(path))):
            rank.setdefault(shown, len(rank))
        loaded = loader.answers(path, None, document)
        problems.extend(loaded.errors)
        if loaded.value is not None:
            found.append(loaded.value)
    if len(found) > 1:
        problems.extend(check(found))
    if problems:
        for problem in problems[ranked:]:
            rank.setdefault(problem.path, len(rank))
        unique = dict.fromkeys(problems)  # a checklist shared by several files: once
        ordered = sorted(unique, key=lambda one: (rank[one.path], one.line, one.column))
        raise InputError(ordered, keep_order=True)
    if not found:
        raise no_answers_found(paths)
    return found


def _itself(answers: Answers) -> Answers:
    return answers


def no_answers_found(paths: Sequence[Path]) -> UsageError:
    shown = ", ".join(printable(str(path)) for path in paths)
    return UsageError(f"{shown}: no answers files found")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading thousands of files allocates
    millions of small objects, none in cycles (reference counting frees them), and
    the collector's passes over them cost a sixth of the run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def collect_answers(
    paths: Sequence[Path], checklist: Path | None, loader: Loader, keep: Callable[[Answers], T]
) -> tuple[list[T], list[Problem]]:
    """``keep(answers)`` of the usable answers files, and the problems of the others;
    ``keep`` is called in the files' order, :data:`KEEP_BATCH` files at a time."""
    problems: list[Problem] = []
    if checklist is not None:
        loaded_checklist = loader.checklist(checklist)
        if loaded_checklist.value is None:
            return [], loaded_checklist.errors
    found: list[T] = []
    waiting: list[Answers] = []
    for path, document in _answers_documents(paths, problems, loader):
        loaded = loader.answers(path, checklist, document)
        problems.extend(loaded.errors)
        if loaded.value is not None:
            waiting.append(loaded.value)
        if len(waiting) == KEEP_BATCH:
            found.extend(map(keep, waiting))
            waiting.clear()
    found.extend(map(keep, waiting))
    return found, problems


def _answers_documents(
    paths: Sequence[Path], problems: list[Problem], loader: Loader
) -> Iterator[tuple[Path, Document | None]]:
    """Each answers file with its parsed document where it was read to tell its kind;
    a generator, so that a large folder's documents are never all held at once."""
    for path in paths:
        if catalog.is_folder(path):
            refused: list[OSError] = []
            for file in catalog.yaml_files(path, refused):
                document = loader.read(file)
                # Answers (or, unparsed, with an answers file's top-level lines), or a
                # file that cannot tell, not being text: its problems are shown.
                kind = file_kind(document)
                answers = kind == "answers" or misspelt_kind(kind) == "answers"
                if answers or (kind is None and maybe_ours(document, kind)):
                    yield file, document
            problems.extend(refused_folder_problem(error) for error in refused)
        elif not catalog.is_missing(path):
            yield path, None
        else:
            shown = printable(str(path))
            problems.append(Problem(shown, 0, 0, "SS001", "no such file or directory"))


class Side(NamedTuple):
    """One side of a diff."""

    answers: Answers | None  # None when unusable
    problems: list[Problem]
    # The files of the working tree that --output must not replace: those read, and
    # for REV:PATH the working-tree PATH, unread but maybe holding uncommitted edits.
    files: set[Path]
    # The answers file where it lies in the working tree (the argument, or PATH of
    # REV:PATH as git reads it), and as the user named it (the argument, or PATH).
    location: str
    named: str


def load_sides(old: str, new: str) -> tuple[Side, Side]:
    """Both sides of a diff, or every problem of both: a side that cannot be read at all
    (a bad revision) must not hide what is wrong with the other."""
    sides, lines = [], []
    # The working-tree sides share a loader: a checklist (and continuum) both name is
    # read and checked once, which is most of the time of a diff of a large checklist.
    loader = Loader()
    for argument in (old, new):
        try:
            sides.append(load_side(argument, loader))
        except UsageError as error:
            lines += error.lines()
    if lines:
        problems = sorted(dict.fromkeys(problem for side in sides for problem in side.problems))
        raise UsageError(*lines, *(str(problem) for problem in problems))
    return sides[0], sides[1]


def load_side(argument: str, loader: Loader | None = None) -> Side:
    """One side of a diff: a file, or ``REV:PATH`` read from git; a working-tree file
    with ``loader`` when given (its ``files_read`` then also holds what others read).

    Raises :class:`UsageError` for a missing file, a bad revision or a path not at it.
    """
    from servicescore.gitfiles import GitRevision, revision_path, split_revision

    revision = split_revision(argument)
    if revision is None:
        path = Path(argument)
        shown = printable(argument)
        if catalog.is_folder(path):
            raise UsageError(f"{shown}: is a directory; diff compares two answers files")
        if catalog.is_missing(path):
            missing = [Problem(shown, 0, 0, "SS001", "no such file")]
            return Side(None, missing, set(), argument, argument)
        loader = loader or Loader()
        loaded = loader.answers(path)
        return Side(loaded.value, loaded.errors, loader.files_read, argument, argument)
    rev, shown = revision
    source = GitRevision(rev)
    path = revision_path(shown, source.top)
    source.require(path, shown)
    loader = Loader(source)
    loaded = loader.answers(path)
    files = loader.files_read | {path}
    return Side(loaded.value, loaded.errors, files, str(path), shown)
