"""``servicescore check``: every problem of every checklist, continuum and answers file.

Each file is read once; a checklist's continuum and an answers file's checklist come
from the loader's cache, so a folder of two hundred checklists on one continuum reads
the continuum once, and its problems are reported once, as its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from servicescore import catalog
from servicescore.fields import suggest
from servicescore.loader import (
    KINDS,
    Loaded,
    Loader,
    file_kind,
    maybe_ours,
    refused_folder_problem,
)
from servicescore.problems import Problem, UsageError, printable
from servicescore.rules import RULE_BY_NAME
from servicescore.yamlfile import REFUSED, Document, Mapping, quoted


class CheckedFile(NamedTuple):
    path: str
    kind: str | None
    # Why some of its checks could not run (a file it refers to did not load far
    # enough); such a file is never reported as passing.
    unchecked: str | None = None

    @property
    def unchecked_message(self) -> str | None:
        """What every format says of a file that could not be fully checked; None when
        every check ran."""
        return None if self.unchecked is None else f"could not be fully checked: {self.unchecked}"


class CheckResult(NamedTuple):
    files: tuple[CheckedFile, ...]
    problems: tuple[Problem, ...]  # sorted by file, line, column

    @property
    def errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity == "warning" for problem in self.problems)

    @property
    def incomplete(self) -> int:
        """How many files could not be fully checked."""
        return sum(file.unchecked is not None for file in self.files)

    @property
    def refused(self) -> bool:
        """Whether the system refused to read a file or folder: unusable input (exit 2)."""
        unreadable = RULE_BY_NAME["file-unreadable"].id
        return any(
            problem.rule == unreadable and problem.message.startswith(REFUSED)
            for problem in self.problems
        )

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or self.incomplete > 0 or (strict and self.warnings > 0)


def _targets(paths: Sequence[Path], refused: list[OSError]) -> list[tuple[Path, bool]]:
    """Each file to check, and whether it was named explicitly; the folders the system
    would not list go to ``refused``."""
    missing = [printable(str(path)) for path in paths if catalog.is_missing(path)]
    if missing:
        raise UsageError(f"{', '.join(missing)}: no such file or directory")
    targets: list[tuple[Path, bool]] = []
    for path in paths:
        if catalog.is_folder(path):
            targets.extend((file, False) for file in catalog.yaml_files(path, refused))
        else:
            targets.append((path, True))
    return targets


def check_paths(paths: Sequence[Path], loader: Loader | None = None) -> CheckResult:
    """Check every file named or found below ``paths``.

    In a folder, YAML files of none of the three kinds are skipped; named explicitly,
    they are an error. Raises :class:`UsageError` for a path that does not exist.
    """
    loader = loader or Loader()
    files: list[CheckedFile] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    refused: list[OSError] = []
    for path, explicit in _targets(paths, refused):
        key = str(path.absolute())
        if key in seen:
            continue
        seen.add(key)
        document = loader.read(path)
        kind = file_kind(document)
        if not explicit and not maybe_ours(document, kind):
            continue  # another tool's YAML, even one that does not parse
        if document.root is None and document.problems:
            files.append(CheckedFile(document.path, None))
            problems.extend(document.problems)
            continue
        if kind not in KINDS:
            # Named, or a misspelt kind of ours found in a folder: either way an error.
            if explicit or kind is not None:
                files.append(CheckedFile(document.path, None))
                problems.append(_not_ours(document, kind))
            continue
        loaded = _load(loader, path, kind, document)
        files.append(CheckedFile(document.path, kind, loaded.unchecked))
        problems.extend(loaded.problems)
    problems = sorted(dict.fromkeys(problems))
    referenced = _referenced(files, problems, loader)
    # A folder that could not be read is a problem, but no file checked.
    problems = sorted(problems + [refused_folder_problem(error) for error in refused])
    return CheckResult(tuple(files + referenced), tuple(problems))


def _referenced(
    files: list[CheckedFile], problems: list[Problem], loader: Loader
) -> list[CheckedFile]:
    """The files not named but checked because a named one refers to them, and found
    at fault: they are counted and listed like the others, so that every format agrees."""
    named = {file.path for file in files}
    extra = dict.fromkeys(problem.path for problem in problems if problem.path not in named)
    return [CheckedFile(path, loader.kind_read(path)) for path in extra]


def _load(loader: Loader, path: Path, kind: str, document: Document) -> Loaded[object]:
    # The document was read to learn its kind: the loader uses it instead of reading again.
    if kind == "continuum":
        return loader.continuum(path, document)  # type: ignore[return-value]
    if kind == "checklist":
        return loader.checklist(path, document)  # type: ignore[return-value]
    return loader.answers(path, document=document)  # type: ignore[return-value]


def _not_ours(document: Document, kind: str | None) -> Problem:
    rule = RULE_BY_NAME["kind"].id
    if kind is None:
        message = "not a servicescore file: no 'kind: checklist', 'kind: continuum' or answers"
        return Problem(document.path, 1, 1, rule, message)
    assert isinstance(document.root, Mapping)
    mark = document.root.entries["kind"].value.mark
    message = f"unknown kind {quoted(kind)}: expected checklist, continuum or answers" + suggest(
        kind, KINDS
    )
    return Problem(document.path, mark.line, mark.column, rule, message)


# How many files not fully checked the summary line names.
_NAMED = 3


def summary(result: CheckResult) -> str:
    files = len(result.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if result.incomplete:
        # Named here, as no finding line is about them (a few: there may be hundreds).
        names = [file.path for file in result.files if file.unchecked is not None]
        shown = ", ".join(names[:_NAMED])
        if len(names) > _NAMED:
            shown += f" and {len(names) - _NAMED} more"
        checked += f", {result.incomplete} could not be fully checked ({shown})"
    if not result.problems:
        return f"{checked}: no problems"
    parts = []
    if result.errors:
        parts.append(f"{result.errors} error{'s' if result.errors != 1 else ''}")
    if result.warnings:
        parts.append(f"{result.warnings} warning{'s' if result.warnings != 1 else ''}")
    return f"{checked}: {', '.join(parts)}"
