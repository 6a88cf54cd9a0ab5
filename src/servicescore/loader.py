"""Building continua, checklists and answers from files, with every problem found.

:class:`Loader` caches what it has read, so that a portfolio of two thousand answers
files reads their checklist and continuum once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping as Mapping_
from datetime import date
from pathlib import Path
from typing import Generic, NamedTuple, Protocol, TypeVar

from servicescore import catalog
from servicescore.fields import FileReport, closest, quoted_list, suggest, to_plain
from servicescore.model import (
    DEFAULT_SCALE,
    NOT_APPLICABLE,
    Answer,
    Answers,
    Checklist,
    Component,
    Continuum,
    Element,
    Item,
    Measure,
    MeasureValue,
    Number,
    ScaleValue,
    Stage,
    Subject,
    per_checklist,
)
from servicescore.problems import Problem, printable
from servicescore.yamlfile import (
    META_TOO_LARGE,
    REFUSED,
    Document,
    Entry,
    Mapping,
    Mark,
    Node,
    Scalar,
    document_kind,
    kind_name,
    meta_too_large,
    quoted,
    read_file,
)

T = TypeVar("T")

KINDS = ("continuum", "checklist", "answers")
_PERIOD = re.compile(r"([0-9]{4})(?:-Q([1-4])|-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_ONE = Number.of("1")
_DEFAULT_VALUES = tuple(entry.value for entry in DEFAULT_SCALE)
# At least this many unknown items, and most of those answered: answers for another checklist.
_OTHER_CHECKLIST = 5
# A message listing a continuum's component ids or a scale's values lists this many at
# most (there may be thousands, and the line is repeated for each item naming an unknown
# one, or each answer off the scale).
_LISTED_IDS = 20


# The top-level fields of each kind of file.
_CONTINUUM_REQUIRED = ("id", "title", "version", "pass_mark", "components", "stages")
_CONTINUUM_OPTIONAL = ("kind", "description")
_CHECKLIST_REQUIRED = ("id", "title", "version", "continuum", "elements")
_CHECKLIST_OPTIONAL = ("kind", "scale", "description", "measures")
_ANSWERS_REQUIRED = ("organisation", "answers")
_ANSWERS_OPTIONAL = (
    "kind",
    "unit",
    "period",
    "assessor",
    "respondent",
    "role",
    "meta",
    "measures",
)
# A file without a kind of ours is taken for one when it has any of these fields.
_OWN_FIELDS = {
    "continuum": frozenset(_CONTINUUM_REQUIRED + _CONTINUUM_OPTIONAL),
    "checklist": frozenset(_CHECKLIST_REQUIRED + _CHECKLIST_OPTIONAL),
    "answers": frozenset(_ANSWERS_REQUIRED + _ANSWERS_OPTIONAL + ("checklist",)),
}

# A top-level `answers:` line of a file that did not parse as YAML.
_TOP_ANSWERS = re.compile(r"^answers[ \t]*:", re.MULTILINE)


def top_level_value(text: str, key: str) -> str | None:
    """The value on the first top-level ``key:`` line of a file that did not parse as
    YAML (up to a quote, a space or a comment), None where there is no such line: how
    such a file is judged by what it says it is."""
    line = re.compile(rf"""^{re.escape(key)}[ \t]*:[ \t]*["']?([^"'#\s]*)""", re.MULTILINE)
    found = line.search(text)
    return None if found is None else found.group(1)


def file_kind(document: Document) -> str | None:
    """The kind of a file found in a directory (SPEC 2.3): the one it declares, or
    ``answers`` for a file without ``kind:`` that has an ``answers`` key; None for the
    YAML of other tools, which a directory walk skips. A file that did not parse is
    judged by its top-level lines: a Helm template is no broken answers file."""
    root = document.root
    if root is None and document.text is not None:
        declared = top_level_value(document.text, "kind")
        if declared is not None:
            return declared
        return "answers" if _TOP_ANSWERS.search(document.text) else None
    kind = document_kind(root)
    if kind is None and isinstance(root, Mapping) and "answers" in root.entries:
        return "answers"
    return kind


def maybe_ours(document: Document, kind: str | None) -> bool:
    """Whether a file found in a directory, of :func:`file_kind` ``kind``, is or may be
    a servicescore file: one that could not even be read as text cannot tell, so its
    problems are shown."""
    unreadable = document.root is None and document.text is None and bool(document.problems)
    return unreadable or kind in KINDS or misspelt_kind(kind) is not None


def misspelt_kind(kind: str | None) -> str | None:
    """The kind of ours that ``kind`` misspells (`Answers`, `continum`), if any: a typo
    must not make a file pass unchecked as another tool's YAML."""
    if kind is None or kind in KINDS:
        return None
    return closest(kind.strip().casefold(), KINDS, cutoff=0.8)


class ContinuumOutline(NamedTuple):
    """What a continuum that did not load still tells its checklists: a problem in its
    pass mark must not hide a checklist's unknown component (None: unreadable)."""

    components: tuple[str, ...] | None
    top: int | None


class ChecklistOutline(NamedTuple):
    """What a checklist that did not load still tells its answers files."""

    ident: str | None
    item_ids: frozenset[str] | None  # None unless every item's id could be read
    # The scale's values as written, whatever their credits: enough to tell an answer
    # off the scale. None unless every value could be read.
    scale: tuple[str, ...] | None


class Loaded(Generic[T]):
    """A model (None when unusable) and the problems of its file and of what it refers to."""

    __slots__ = ("foreign", "kind", "problems", "unchecked", "value")

    def __init__(
        self,
        value: T | None,
        problems: list[Problem],
        kind: str | None = None,
        unchecked: str | None = None,
    ) -> None:
        self.value = value
        self.problems = problems
        # The kind the file declares, when it is not the one that was asked for.
        self.kind = kind
        # Why some checks of the file could not run: a file it refers to did not load
        # far enough. None when every check ran.
        self.unchecked = unchecked
        # No servicescore file at all: a file that refers to it says so in one line and
        # shows none of its problems, as it may be any file the user can read (/etc/shadow).
        # Named on the command line, it is read as what it was asked to be. Set by the
        # loader, which judges the file once it has read it.
        self.foreign = False

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def mismatch(self, reference: str, expected: str) -> str | None:
        """What a file referring to this one as ``expected`` says when it is no such file."""
        if self.foreign:
            return (
                f"'{reference}' is not a servicescore {expected}: "
                f"it does not say 'kind: {expected}'"
            )
        if self.kind is not None:
            kind = "an answers file" if self.kind == "answers" else f"a {self.kind}"
            return f"'{reference}' is {kind}, not a {expected}"
        return None


def display_name(path: Path) -> str:
    """How a file is named in messages and reports: relative to the working directory
    when inside it, control characters escaped. (String work only: no file system calls
    but one getcwd, as this runs for every file of a portfolio.)"""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    name = absolute[len(prefix) :] if absolute.startswith(prefix) else str(path)
    return printable(name)


def refused_folder_problem(error: OSError) -> Problem:
    """The problem of a folder a directory walk could not read, named as files are."""
    report = FileReport(display_name(Path(os.fsdecode(error.filename or "."))))
    reason = error.strerror or error
    report.report(Mark(1, 1), "file-unreadable", f"{REFUSED} this folder: {reason}")
    return report.problems[0]


def period_start(period: str) -> date | None:
    """The first day a period covers, or None when it is not a valid period."""
    match = _PERIOD.match(period)
    if match is None:
        return None
    year, quarter, month, day = match.groups()
    try:
        if quarter:
            return date(int(year), 3 * int(quarter) - 2, 1)
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


class FileSource(Protocol):
    """Somewhere other than the working tree that files can come from (a git revision)."""

    def read(self, path: Path) -> Document | None:
        """The parsed file, or None when the source does not hold ``path``."""

    def exists(self, path: Path) -> bool: ...


class Loader:
    def __init__(self, source: FileSource | None = None) -> None:
        self.source = source
        # Every file this loader read from the working tree: the inputs of the run.
        self.files_read: set[Path] = set()
        # Keyed by absolute path (no symlink resolution: a file reached by two names is
        # merely read twice).
        self._continua: dict[str, Loaded[Continuum]] = {}
        self._checklists: dict[str, Loaded[Checklist]] = {}
        # What did load of the continua and checklists above whose value is None.
        self._continuum_outlines: dict[str, ContinuumOutline] = {}
        self._checklist_outlines: dict[str, ChecklistOutline] = {}

    def read(self, path: Path) -> Document:
        """A file from the source when it holds it, else from the working tree."""
        if self.source is not None:
            document = self.source.read(path)
            if document is not None:
                return document
        self.files_read.add(Path(os.path.abspath(path)))
        return read_file(path, display_name(path))

    def kind_read(self, path: str) -> str | None:
        """``continuum`` or ``checklist`` when this loader read ``path`` as one."""
        key = os.path.abspath(path)
        if key in self._continua:
            return "continuum"
        return "checklist" if key in self._checklists else None

    def continuum_outline(self, path: Path) -> ContinuumOutline | None:
        return self._continuum_outlines.get(os.path.abspath(path))

    def checklist_outline(self, path: Path) -> ChecklistOutline | None:
        return self._checklist_outlines.get(os.path.abspath(path))

    def _is_folder(self, path: Path) -> bool:
        """Whether ``path`` is a folder of the working tree (not of a git revision)."""
        return self.source is None and catalog.is_folder(path)

    def exists(self, path: Path) -> bool:
        key = os.path.abspath(path)
        if key in self._checklists or key in self._continua:
            return True
        if self.source is not None and self.source.exists(path):
            return True
        try:
            return path.is_file()
        except OSError:
            # The system will not say (a folder that may not be searched, a name too
            # long): reading it reports the system's reason, not "file not found".
            return True

    # -- continuum ------------------------------------------------------------------

    def continuum(self, path: Path, document: Document | None = None) -> Loaded[Continuum]:
        """The continuum at ``path`` (read once per loader; ``document`` when already read)."""
        key = os.path.abspath(path)
        if key not in self._continua:
            document = document or self.read(path)
            foreign = _foreign(document)
            self._continua[key] = self._read_continuum(path, document, foreign)
            self._continua[key].foreign = foreign
        return self._continua[key]

    def _read_continuum(self, path: Path, document: Document, foreign: bool) -> Loaded[Continuum]:
        kind = document_kind(document.root)
        if kind in KINDS and kind != "continuum":
            return _wrong_kind(document, "continuum", kind)
        if _not_ours(document, "continuum", foreign):
            return _not_ours_loaded(document, "continuum")
        report = FileReport(document.path, list(document.problems))
        if document.root is None and document.problems:
            return Loaded(None, report.problems)
        reader = _ContinuumReader(report)
        value = reader.read(document.root)
        if report.failed or value is None:
            self._continuum_outlines[os.path.abspath(path)] = reader.outline
            return Loaded(None, report.problems)
        return Loaded(value, report.problems)

    # -- checklist ------------------------------------------------------------------

    def checklist(self, path: Path, document: Document | None = None) -> Loaded[Checklist]:
        """The checklist at ``path`` (read once per loader; ``document`` when already read)."""
        key = os.path.abspath(path)
        if key not in self._checklists:
            document = document or self.read(path)
            foreign = _foreign(document)
            self._checklists[key] = self._read_checklist(path, document, foreign)
            self._checklists[key].foreign = foreign
        return self._checklists[key]

    def _read_checklist(self, path: Path, document: Document, foreign: bool) -> Loaded[Checklist]:
        kind = document_kind(document.root)
        if kind in KINDS and kind != "checklist":
            return _wrong_kind(document, "checklist", kind)
        if _not_ours(document, "checklist", foreign):
            return _not_ours_loaded(document, "checklist")
        report = FileReport(document.path, list(document.problems))
        if document.root is None and document.problems:
            return Loaded(None, report.problems)
        reader = _ChecklistReader(report, self, path)
        value = reader.read(document.root)
        problems = report.problems + reader.referenced_problems
        unchecked = reader.unchecked()
        if report.failed or reader.referenced_failed or value is None:
            self._checklist_outlines[os.path.abspath(path)] = reader.outline
            return Loaded(None, problems, unchecked=unchecked)
        return Loaded(value, problems, unchecked=unchecked)

    # -- answers --------------------------------------------------------------------

    def answers(
        self, path: Path, checklist: Path | None = None, document: Document | None = None
    ) -> Loaded[Answers]:
        """Read an answers file (or use its ``document`` when already read);
        ``checklist`` overrides its ``checklist:`` key."""
        if document is None:
            document = self.read(path)
        if _not_ours(document, "answers", _foreign(document)):
            return _not_ours_loaded(document, "answers")
        report = FileReport(document.path, list(document.problems))
        if document.root is None and document.problems:
            return Loaded(None, report.problems)
        reader = _AnswersReader(report, self, path, checklist)
        value = reader.read(document.root)
        problems = report.problems + reader.referenced_problems
        value = None if report.failed or value is None else value
        return Loaded(value, problems, unchecked=reader.unchecked)

    def reference(
        self, report: FileReport, entry: Entry, ref: str, base: Path, kind: str
    ) -> Path | None:
        """Resolve ``ref`` (an id or a relative path), reporting one that leads nowhere."""
        target = catalog.resolve(ref, base)
        if target is None:
            shipped = catalog.shipped_ids(kind)
            report.report(
                entry.value.mark,
                "reference",
                f"unknown {kind} '{ref}'{suggest(ref, shipped)}; give a shipped {kind} id "
                f"({', '.join(shipped) or 'none'}) or a path relative to this file",
            )
            return None
        if not self.exists(target):
            # The path tried, from the working directory: a relative reference resolves
            # from the referring file's folder, which is easy to get wrong.
            tried = _as_tried(target)
            if self._is_folder(target):
                message = f"'{ref}' is a folder, not a {kind} file (looked for {tried})"
            elif not catalog.is_missing(target):
                # There, but never opened: a named pipe would wait for a writer forever.
                message = (
                    f"'{ref}' is a special file (a named pipe or device), not a {kind} "
                    f"file (looked for {tried})"
                )
            else:
                message = f"{kind} file not found: {ref} (looked for {tried})"
            report.report(entry.value.mark, "reference", message)
            return None
        return target


def _as_tried(target: Path) -> str:
    """``target`` as the system resolves it: a folder's symlink is followed before the
    ``..`` after it, so dropping ``x/..`` as text would name another file."""
    real = os.path.realpath(target)
    return real if target.is_absolute() else os.path.relpath(real)


def _wrong_kind(document: Document, expected: str, kind: str) -> Loaded[T]:
    """A file of another kind than asked for: one problem at its `kind`, and the kind,
    so that a file referring to it can say so at the reference instead."""
    report = FileReport(document.path)
    assert isinstance(document.root, Mapping)
    mark = document.root.entries["kind"].value.mark
    report.report(mark, "kind", f"expected 'kind: {expected}', found {quoted(kind)}")
    return Loaded(None, report.problems, kind)


def _not_ours(document: Document, kind: str, foreign: bool) -> bool:
    """Whether a file named as a ``kind`` is plainly no servicescore file: it parsed, yet
    is ``foreign`` (:func:`_foreign`) and has none of the fields of a ``kind``. Its
    content may be anything the user can read (/etc/shadow): none of it is quoted back."""
    root = document.root
    if not isinstance(root, (Mapping, Scalar)) or not foreign:
        return False  # a list or nothing: "must be a mapping" quotes none of it
    if isinstance(root, Scalar):
        return not root.is_null
    return _OWN_FIELDS[kind].isdisjoint(root.entries)


def _not_ours_loaded(document: Document, kind: str) -> Loaded[T]:
    """One problem for a file that is no ``kind``."""
    report = FileReport(document.path)
    what = "answers file" if kind == "answers" else kind
    report.report(
        Mark(1, 1),
        "kind",
        f"not a servicescore {what}: it says no 'kind: {kind}' and has none of its fields",
    )
    return Loaded(None, report.problems)


def _foreign(document: Document) -> bool:
    """Whether a file read as text is plainly no servicescore file: no kind of ours, not
    even misspelt. (One that could not be read as text has problems that quote nothing.)"""
    if document.root is None and document.text is None:
        return False
    kind = file_kind(document)
    return kind not in KINDS and misspelt_kind(kind) is None


class _KindCheck:
    report: FileReport

    def check_kind(self, entries: dict[str, Entry], expected: str, *, required: bool) -> None:
        entry = entries.get("kind")
        if entry is None:
            if required:
                self.report.report(
                    Mark(1, 1), "kind", f"missing 'kind: {expected}' at the top of the file"
                )
            return
        kind = self.report.text(entry, "'kind'")
        if kind is not None and kind != expected:
            self.report.report(
                entry.value.mark,
                "kind",
                f"expected 'kind: {expected}', found {quoted(kind)}"
                + ("" if kind in KINDS else suggest(kind, KINDS)),
            )


class _ContinuumReader(_KindCheck):
    def __init__(self, report: FileReport) -> None:
        self.report = report
        self.outline = ContinuumOutline(None, None)
        # How many stages there are, once every stage is numbered right, and the
        # component ids, once every component has a good one: a checklist can be checked
        # against them even when a stage's or a component's texts are broken.
        self._stage_count: int | None = None
        self._component_ids: tuple[str, ...] | None = None

    def read(self, root: Node | None) -> Continuum | None:
        r = self.report
        top = r.mapping(
            root,
            "the continuum",
            # `kind` is required too, and reported by check_kind
            required=_CONTINUUM_REQUIRED,
            optional=_CONTINUUM_OPTIONAL,
        )
        if top is None:
            return None
        self.check_kind(top, "continuum", required=True)
        ident = r.slug(top.get("id"), "'id'")
        title = r.text(top.get("title"), "'title'")
        version = r.text(top.get("version"), "'version'")
        pass_mark = r.number(top.get("pass_mark"), "'pass_mark'")
        if pass_mark is not None and not 0 < pass_mark.value <= 1:
            r.report(
                top["pass_mark"].value.mark,
                "range",
                f"'pass_mark' must be above 0 and at most 1, not {pass_mark.text}",
            )
            pass_mark = None
        components = self._components(top.get("components"))
        stages = self._stages(top.get("stages"), components)
        self.outline = ContinuumOutline(
            self._component_ids
            if components is None
            else tuple(component.id for component in components),
            self._stage_count if stages is None else len(stages),
        )
        if None in (ident, title, version, pass_mark, components, stages):
            return None
        assert ident and title and version and pass_mark and components and stages
        return Continuum(ident, title, version, pass_mark, components, stages, r.path)

    def _components(self, entry: Entry | None) -> tuple[Component, ...] | None:
        if entry is None:
            return None
        r = self.report
        nodes = r.sequence(entry, "'components'")
        if nodes is None:
            return None
        components: list[Component] = []
        seen: dict[str, Mark] = {}
        ok = bool(nodes)
        ids_ok = ok
        for index, node in enumerate(nodes, 1):
            fields = r.mapping(
                node, f"component {index}", required=("id", "name"), optional=("description",)
            )
            if fields is None:
                ok = ids_ok = False
                continue
            ident = r.slug(fields.get("id"), "component 'id'")
            name = r.text(fields.get("name"), "component 'name'")
            description = r.text(
                fields.get("description"), "component 'description'", allow_empty=True
            )
            if ident is not None and ident in seen:
                r.report(
                    fields["id"].value.mark,
                    "duplicate-id",
                    f"duplicate component id '{ident}' (first at line {seen[ident].line})",
                )
                ok = ids_ok = False
            elif ident is not None:
                seen[ident] = fields["id"].value.mark
            if ident is None:
                ids_ok = False
            if ident is None or name is None:
                ok = False
                continue
            components.append(Component(ident, name, description or ""))
        if ids_ok:
            self._component_ids = tuple(seen)
        return tuple(components) if ok else None

    def _stages(
        self, entry: Entry | None, components: tuple[Component, ...] | None
    ) -> tuple[Stage, ...] | None:
        if entry is None:
            return None
        r = self.report
        nodes = r.sequence(entry, "'stages'")
        if nodes is None:
            return None
        if 0 < len(nodes) < 2:
            r.report(entry.value.mark, "stage-numbering", "a continuum needs at least 2 stages")
        stages: list[Stage] = []
        ok = len(nodes) >= 2
        numbered = 0
        # Made once for every stage's texts, and one list so that its suggestion index
        # is made once too: a continuum may have 60,000 components.
        ids = [component.id for component in components] if components else None
        known = frozenset(ids or ())
        for index, node in enumerate(nodes, 1):
            fields = r.mapping(
                node,
                f"stage {index}",
                required=("number", "name", "summary", "looks_like")
                + (("advance",) if index > 1 else ()),
                optional=("advance",) if index == 1 else (),
            )
            if fields is None:
                ok = False
                continue
            number = r.integer(fields.get("number"), "stage 'number'")
            if number is not None and number != index:
                r.report(
                    fields["number"].value.mark,
                    "stage-numbering",
                    f"stages must be numbered 1..N in order: expected {index}, found {number}",
                )
                ok = False
            elif number is not None:
                numbered += 1
            if index == 1 and "advance" in fields:
                r.report(
                    fields["advance"].key_mark,
                    "component-coverage",
                    "stage 1 is where every organisation starts: it takes no 'advance'",
                )
            name = r.text(fields.get("name"), "stage 'name'")
            summary = r.text(fields.get("summary"), "stage 'summary'")
            looks_like = self._per_component(fields.get("looks_like"), "'looks_like'", ids, known)
            advance: dict[str, str] | None = {}
            if index > 1:
                advance = self._per_component(fields.get("advance"), "'advance'", ids, known)
            if None in (number, name, summary, looks_like, advance):
                ok = False
                continue
            assert name and summary and looks_like is not None and advance is not None
            stages.append(Stage(index, name, summary, looks_like, advance))
        if len(nodes) >= 2 and numbered == len(nodes):
            self._stage_count = numbered
        return tuple(stages) if ok else None

    def _per_component(
        self, entry: Entry | None, what: str, ids: list[str] | None, known: frozenset[str]
    ) -> dict[str, str] | None:
        """The text of each component ``ids`` names (``known``: the same ids, as a set;
        None when the components did not load, and any key is taken)."""
        if entry is None:
            return None
        r = self.report
        node = entry.value
        if node.tainted:
            return None
        if not isinstance(node, Mapping):
            r.report(node.mark, "wrong-type", f"{what} must be a mapping of component ids to text")
            return None
        texts: dict[str, str] = {}
        ok = True
        for key, item in node.entries.items():
            if ids is not None and key not in known:
                r.unknown(
                    item.key_mark,
                    "reference",
                    key,
                    ids,
                    lambda hint: f"{what} names unknown component {quoted(key)}{hint}",  # noqa: B023 (called at once)
                )
                ok = False
                continue
            text = r.text(item, f"{what} of '{key}'")
            if text is None:
                ok = False
            else:
                texts[key] = text
        if ids is not None:
            missing = [ident for ident in ids if ident not in node.entries]
            if missing:
                r.report(
                    node.mark,
                    "component-coverage",
                    f"{what} does not cover the component(s) "
                    f"{quoted_list(missing, most=_LISTED_IDS)}",
                )
                ok = False
        return texts if ok else None


class _ChecklistReader(_KindCheck):
    def __init__(self, report: FileReport, loader: Loader, path: Path) -> None:
        self.report = report
        self.loader = loader
        self.path = path
        self.referenced_problems: list[Problem] = []
        self.referenced_failed = False
        # What items are checked against: the continuum's, or what of it did load.
        self.components: tuple[str, ...] | None = None
        self._component_set: frozenset[str] = frozenset()
        self.top: int | None = None
        self.outline = ChecklistOutline(None, None, None)
        # The continuum reference, when that file did not load; and what of the items
        # could therefore not be checked.
        self._failed_continuum: str | None = None
        self._not_checked: dict[str, None] = {}
        self._item_ids: dict[str, Mark] = {}
        self._ids_complete = True
        self._statements: dict[str, tuple[str, int]] = {}
        self._actions: dict[str, tuple[str, int]] = {}
        # The scale's values, once every one of them could be read (credits or not).
        self._scale_values: tuple[str, ...] | None = None

    def read(self, root: Node | None) -> Checklist | None:
        r = self.report
        top = r.mapping(
            root,
            "the checklist",
            # `kind` is required too, and reported by check_kind
            required=_CHECKLIST_REQUIRED,
            optional=_CHECKLIST_OPTIONAL,
        )
        if top is None:
            return None
        self.check_kind(top, "checklist", required=True)
        ident = r.slug(top.get("id"), "'id'")
        title = r.text(top.get("title"), "'title'")
        version = r.text(top.get("version"), "'version'")
        continuum = self._continuum(top.get("continuum"))
        scale = self._scale(top.get("scale")) if "scale" in top else DEFAULT_SCALE
        values = self._scale_values if "scale" in top else _DEFAULT_VALUES
        elements = self._elements(top.get("elements"))
        measures: tuple[Measure, ...] | None = ()
        if "measures" in top:
            # Imported only for a file that has measures: the cold start of the rest
            # reads nothing of them.
            from servicescore import measure_fields

            measures = measure_fields.definitions(r, top["measures"])
        if elements and self.components is not None and self.top is not None:
            self._coverage(top["elements"], elements, self.components, self.top)
        complete = self._ids_complete and "elements" in top
        self.outline = ChecklistOutline(
            ident, frozenset(self._item_ids) if complete else None, values
        )
        if None in (ident, title, version, continuum, scale, elements, measures):
            return None
        assert ident and title and version and continuum and scale and elements
        assert measures is not None
        return Checklist(
            ident, title, version, continuum, scale, elements, r.path, str(self.path), measures
        )

    def unchecked(self) -> str | None:
        """Why some items could not be checked, when the continuum did not load."""
        if self._failed_continuum is None or not self._not_checked:
            return None
        what = " and ".join(self._not_checked)
        return (
            f"its continuum '{self._failed_continuum}' did not load far enough "
            f"to check the items' {what}"
        )

    def _coverage(
        self, entry: Entry, elements: tuple[Element, ...], components: tuple[str, ...], top: int
    ) -> None:
        """Warn of each component that has no item at some stage: it can never pass it."""
        cells = {(item.component, item.stage) for element in elements for item in element.items}
        for component in components:
            for stage in range(2, top + 1):
                if (component, stage) not in cells:
                    self.report.report(
                        entry.key_mark,
                        "empty-cell",
                        f"component '{component}' has no item at stage {stage}, so it "
                        f"can never reach stage {stage} or beyond",
                    )

    def _continuum(self, entry: Entry | None) -> Continuum | None:
        ref = self.report.text(entry, "'continuum'")
        if ref is None or entry is None:
            return None
        # Until the continuum loads, the items' components and stages go unchecked.
        self._failed_continuum = ref
        target = self.loader.reference(self.report, entry, ref, self.path, "continuum")
        if target is None:
            return None
        loaded = self.loader.continuum(target)
        mismatch = loaded.mismatch(ref, "continuum")
        if mismatch is not None:
            self.report.report(entry.value.mark, "reference", mismatch)
            return None
        self.referenced_problems.extend(loaded.problems)
        if loaded.value is None:
            self.referenced_failed = True
            outline = self.loader.continuum_outline(target) or ContinuumOutline(None, None)
            self.components, self.top = outline
            self._component_set = frozenset(self.components or ())
        else:
            self._failed_continuum = None
            self.components = tuple(component.id for component in loaded.value.components)
            self._component_set = frozenset(self.components)
            self.top = loaded.value.top
        return loaded.value

    def _scale(self, entry: Entry | None) -> tuple[ScaleValue, ...] | None:
        if entry is None:
            return None
        r = self.report
        nodes = r.sequence(entry, "'scale'")
        if nodes is None:
            return None
        values: list[ScaleValue] = []
        seen: dict[str, Mark] = {}
        ok = bool(nodes)
        # Each value once, as written, and whether every one could be read: if not,
        # an answer cannot be told off the scale.
        written: list[str] = []
        readable = ok
        # The credits of the scale's values; None once one of them is unreadable, as the
        # extremes cannot then be known. A reserved 'n/a' is no value: its credit is none.
        credits: set[object] | None = set()
        for index, node in enumerate(nodes, 1):
            fields = r.mapping(
                node, f"scale value {index}", required=("value", "credit"), optional=("label",)
            )
            if fields is None:
                ok = readable = False
                credits = None
                continue
            value = r.text(fields.get("value"), "scale 'value'")
            readable = readable and value is not None
            credit = r.number(fields.get("credit"), "scale 'credit'")
            reserved = False
            label = r.text(fields.get("label"), "scale 'label'", allow_empty=True)
            if value is not None:
                mark = fields["value"].value.mark
                folded = value.casefold()
                if folded == NOT_APPLICABLE:
                    r.report(
                        mark,
                        "reserved-value",
                        "'n/a' is reserved (it is always allowed) and cannot be a scale value",
                    )
                    value = None
                    reserved = True
                elif folded in seen:
                    r.report(
                        mark,
                        "duplicate-id",
                        f"duplicate scale value '{value}' (first at line {seen[folded].line}; "
                        "values are compared ignoring case)",
                    )
                    value = None
                else:
                    seen[folded] = mark
                    written.append(value)
            if credit is not None and not 0 <= credit.value <= 1:
                r.report(
                    fields["credit"].value.mark,
                    "range",
                    f"scale 'credit' must lie between 0 and 1, not {credit.text}",
                )
                credit = None
            if credit is None or credits is None:
                credits = None
            elif not reserved:
                credits.add(credit.value)
            if value is None or credit is None:
                ok = False
                continue
            values.append(ScaleValue(value, credit, label or value))
        if readable:
            self._scale_values = tuple(written)
        if credits:
            for bound in (0, 1):
                if bound not in credits:
                    r.report(
                        entry.key_mark,
                        "scale-extremes",
                        f"the scale has no value of credit {bound}: "
                        + ("nothing scores as absent" if bound == 0 else "nothing is fully met"),
                    )
        return tuple(values) if ok else None

    def _elements(self, entry: Entry | None) -> tuple[Element, ...] | None:
        if entry is None:
            return None
        r = self.report
        nodes = r.sequence(entry, "'elements'")
        if not nodes:  # an empty list is a mistake, not a checklist without items
            self._ids_complete = False
        if nodes is None:
            return None
        elements: list[Element] = []
        element_ids: dict[str, Mark] = {}
        ok = bool(nodes)
        for index, node in enumerate(nodes, 1):
            fields = r.mapping(
                node,
                f"element {index}",
                required=("id", "title", "items"),
                optional=("group", "description"),
            )
            if fields is None:
                ok = False
                self._ids_complete = False
                continue
            ident = r.slug(fields.get("id"), "element 'id'")
            if ident is not None:
                ident = r.unique(ident, fields["id"], element_ids, "element id")
            title = r.text(fields.get("title"), "element 'title'")
            group = r.text(fields.get("group"), "element 'group'") if "group" in fields else None
            items_entry = fields.get("items")
            items: list[Item] = []
            items_ok = items_entry is not None
            if items_entry is not None:
                item_nodes = r.sequence(items_entry, "element 'items'")
                items_ok = bool(item_nodes)
                if item_nodes is None:
                    self._ids_complete = False
                for item_node in item_nodes or ():
                    item = self._item(item_node, ident or "")
                    if item is None:
                        items_ok = False
                    else:
                        items.append(item)
            if (
                ident is None
                or title is None
                or not items_ok
                or ("group" in fields and group is None)
            ):
                ok = False
                continue
            elements.append(Element(ident, title, group, tuple(items)))
        return tuple(elements) if ok else None

    def _item(self, node: Node, element: str) -> Item | None:
        r = self.report
        fields = r.mapping(
            node,
            "an item",
            required=("id", "text", "component", "stage", "action"),
            optional=("weight",),
        )
        if fields is None:
            self._ids_complete = False
            return None
        ident = r.slug(fields.get("id"), "item 'id'")
        if ident is None:
            self._ids_complete = False
        else:
            ident = r.unique(ident, fields["id"], self._item_ids, "item id")
        text = self._item_text(fields.get("text"), ident, "statement", self._statements)
        action = self._item_text(fields.get("action"), ident, "action", self._actions)
        component = r.text(fields.get("component"), "item 'component'")
        if component is not None and self.components is None:
            self._not_checked["components"] = None
        elif component is not None and component not in self._component_set:
            ids = self.components or ()
            r.unknown(
                fields["component"].value.mark,
                "reference",
                component,
                ids,
                lambda hint: (
                    f"unknown component '{component}'{hint}; "
                    f"the continuum has {quoted_list(ids, 'and', most=_LISTED_IDS)}"
                ),
            )
            component = None
        stage = r.integer(fields.get("stage"), "item 'stage'")
        if stage is not None and self.top is None:
            self._not_checked["stages"] = None
        elif stage is not None and self.top is not None and not 2 <= stage <= self.top:
            r.report(
                fields["stage"].value.mark,
                "range",
                f"item 'stage' must be from 2 to {self.top}, not {stage}",
            )
            stage = None
        weight = _ONE
        if "weight" in fields:
            read = r.number(fields["weight"], "item 'weight'")
            if read is not None and read.value <= 0:
                r.report(
                    fields["weight"].value.mark,
                    "range",
                    f"item 'weight' must be above 0, not {read.text}",
                )
                read = None
            if read is None:
                return None
            weight = read
        if None in (ident, text, action, component, stage):
            return None
        assert ident and text is not None and action is not None and component and stage
        return Item(ident, text, component, stage, weight, action, element)

    def _item_text(
        self, entry: Entry | None, ident: str | None, what: str, seen: dict[str, tuple[str, int]]
    ) -> str | None:
        """An item's statement or action: empty or repeated ones are warnings, since the
        checklist still scores, but a consultant would hand a client nothing to act on."""
        if entry is None:
            return None
        text = self.report.text(
            entry, f"item '{'text' if what == 'statement' else what}'", allow_empty=True
        )
        node = entry.value
        name = ident or "?"
        if not text:
            if isinstance(node, Scalar) and not node.tainted:
                self.report.report(node.mark, "repeated-text", f"item '{name}' has an empty {what}")
                return ""
            return None
        earlier = seen.get(text.casefold())
        if earlier is not None:
            self.report.report(
                node.mark,
                "repeated-text",
                f"item '{name}' repeats the {what} of item '{earlier[0]}' (line {earlier[1]})",
            )
        else:
            seen[text.casefold()] = (name, node.mark.line)
        return text


class _AnswersReader(_KindCheck):
    def __init__(
        self, report: FileReport, loader: Loader, path: Path, override: Path | None
    ) -> None:
        self.report = report
        self.loader = loader
        self.path = path
        self.override = override
        self.referenced_problems: list[Problem] = []
        # What answers are checked against: the checklist's, or what of it did load.
        self.known: frozenset[str] | None = None
        self.plain: Mapping_[str, Answer] = {}
        # The scale's values as written, and by their case-folded text.
        self.scale: tuple[str, ...] | None = None
        self.scale_by_value: Mapping_[str, str] = {}
        self.checklist_id = ""
        # The checklist's measures by id; None when it did not load far enough to tell.
        self.measures: Mapping_[str, Measure] | None = None
        # The checklist's plain figures read so far (see measure_fields.values).
        self.figures: dict[tuple[str, str], tuple[str, MeasureValue]] | None = None
        self._checklist_entry: Entry | None = None
        # Why the answers could not all be checked: the checklist did not load far enough.
        self.unchecked: str | None = None

    def read(self, root: Node | None) -> Answers | None:
        r = self.report
        top = r.mapping(
            root,
            "the answers file",
            required=_ANSWERS_REQUIRED + (() if self.override else ("checklist",)),
            optional=_ANSWERS_OPTIONAL + (("checklist",) if self.override else ()),
        )
        if top is None:
            return None
        self.check_kind(top, "answers", required=False)
        checklist = self._checklist(top.get("checklist"))
        organisation = r.text(top.get("organisation"), "'organisation'")
        unit = r.text(top.get("unit"), "'unit'", allow_empty=True)
        assessor = r.text(top.get("assessor"), "'assessor'", allow_empty=True)
        respondent = r.text(top.get("respondent"), "'respondent'", allow_empty=True)
        role = r.text(top.get("role"), "'role'", allow_empty=True)
        period = self._period(top.get("period"))
        meta: dict[str, object] = {}
        if "meta" in top:
            meta_node = top["meta"].value
            if meta_too_large(meta_node):
                r.report(meta_node.mark, "file-size", META_TOO_LARGE)
            elif isinstance(meta_node, Mapping):
                meta = {key: to_plain(entry.value) for key, entry in meta_node.entries.items()}
            elif not (isinstance(meta_node, Scalar) and meta_node.is_null):
                r.report(meta_node.mark, "wrong-type", "'meta' must be a mapping")
        answers = self._answers(top.get("answers"))
        measures: dict[str, MeasureValue] | None = {}
        if "measures" in top:
            from servicescore import measure_fields  # as for a checklist's measures

            measures = measure_fields.values(
                r, top["measures"], self.measures, self.checklist_id, self.figures
            )
        if checklist is None or organisation is None or answers is None or measures is None:
            return None
        subject = Subject(organisation, unit, period, assessor, respondent, role)
        return Answers(r.path, checklist, subject, answers, meta, str(self.path), measures)

    def _checklist(self, entry: Entry | None) -> Checklist | None:
        self._checklist_entry = entry
        if self.override is not None:
            target: Path | None = self.override
            shown = printable(str(self.override))
        else:
            ref = self.report.text(entry, "'checklist'")
            if ref is None or entry is None:
                # Reported as missing or unreadable; the answers go unchecked all the same.
                self.unchecked = "it names no checklist to check the answers against"
                return None
            target = self.loader.reference(self.report, entry, ref, self.path, "checklist")
            shown = ref
        if target is None:
            self.unchecked = self._unloaded(shown)
            return None
        loaded = self.loader.checklist(target)
        mismatch = loaded.mismatch(shown, "checklist")
        if mismatch is not None:
            mark = entry.value.mark if entry is not None and not self.override else None
            self.report.report(mark, "reference", mismatch)
            self.unchecked = self._unloaded(shown)
            return None
        self.referenced_problems.extend(loaded.errors)
        if loaded.value is not None:
            checklist = loaded.value
            self.known, self.plain, self.checklist_id = (
                checklist.item_ids,
                checklist.plain_answers,
                checklist.id,
            )
            self.scale, self.scale_by_value = _written_scale(checklist)
            self.measures = checklist.measure_by_id
            self.figures = _figures_read(checklist)
            return checklist
        outline = self.loader.checklist_outline(target) or ChecklistOutline(None, None, None)
        self.known = outline.item_ids
        self.scale = outline.scale
        self.scale_by_value = {value.casefold(): value for value in outline.scale or ()}
        self.checklist_id = outline.ident or ""
        if outline.item_ids is None or outline.scale is None:
            self.unchecked = self._unloaded(shown)
        return None

    @staticmethod
    def _unloaded(shown: str) -> str:
        return f"its checklist '{shown}' did not load far enough to check the answers"

    def _period(self, entry: Entry | None) -> str | None:
        period = self.report.text(entry, "'period'", allow_empty=True)
        if period is None or entry is None:
            return None
        if period_start(period) is None:
            self.report.report(
                entry.value.mark,
                "period-format",
                f"'period' must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, not {quoted(period)}",
            )
            return None
        return period

    def _answers(self, entry: Entry | None) -> dict[str, Answer] | None:
        if entry is None:
            return None
        r = self.report
        node = entry.value
        if isinstance(node, Scalar) and node.is_null:
            return {}
        if node.tainted:
            return None
        if not isinstance(node, Mapping):
            r.report(node.mark, "wrong-type", "'answers' must be a mapping of item ids to answers")
            return None
        answers: dict[str, Answer] = {}
        unknown: list[tuple[str, Entry]] = []
        ok = True
        known = self.known
        plain = self.plain
        for ident, answer_entry in node.entries.items():
            value = answer_entry.value
            if (
                type(value) is Scalar
                and value.text in plain  # never true without the checklist's items
                and not value.tainted
                and ident in known  # type: ignore[operator]
            ):
                answers[ident] = plain[value.text]
                if answers[ident].value == NOT_APPLICABLE:  # a plain answer has no note
                    self._unexplained(answer_entry, ident)
                continue
            if known is not None and ident not in known:
                unknown.append((ident, answer_entry))
                ok = False
                continue
            answer = self._answer(answer_entry, ident)
            if answer is None:
                ok = False
            else:
                answers[ident] = answer
                if answer.value == NOT_APPLICABLE and not answer.note:
                    self._unexplained(answer_entry, ident)
        if unknown:
            self._unknown_items(unknown, len(node.entries), known or frozenset())
        return answers if ok else None

    def _unknown_items(
        self, unknown: list[tuple[str, Entry]], answered: int, known: frozenset[str]
    ) -> None:
        """Answers to items the checklist lacks: one line when the answers are plainly
        for another checklist (forty "unknown item" lines hide that), else a line per item."""
        other = self._other_checklist(len(unknown), answered)
        if other is not None:
            entry = self._checklist_entry
            mark = entry.key_mark if entry is not None else unknown[0][1].key_mark
            self.report.report(mark, "reference", other)
            return
        checklist = self.checklist_id
        for ident, entry in unknown:
            self.report.unknown(
                entry.key_mark,
                "reference",
                ident,
                known,
                lambda hint: f"unknown item {quoted(ident)}{hint} in checklist '{checklist}'",  # noqa: B023 (called at once)
            )

    def _other_checklist(self, unknown: int, answered: int) -> str | None:
        """Why the answers are not for this checklist, if they are not: they name another
        (where --checklist overrides their key), or most of their items are not in it.
        A checklist used for answers naming another, whose items all match, is fine:
        that is what --checklist is for."""
        named = self._named_checklist()
        if named is not None and named != self.checklist_id:
            return f"these answers are for checklist '{named}', not '{self.checklist_id}'"
        # A few unknown items are renamed or misspelt ones, each worth its own line and
        # suggestion; answers for another checklist miss by the dozen.
        if unknown >= _OTHER_CHECKLIST and 2 * unknown > answered:
            return (
                f"these answers are not for checklist '{self.checklist_id}': "
                f"{unknown} of {answered} answered items are not in it"
            )
        return None

    def _named_checklist(self) -> str | None:
        """The id of the checklist the answers name, when --checklist overrides it (None
        when they name none, or a file that cannot tell its id)."""
        entry = self._checklist_entry
        if self.override is None or entry is None:
            return None
        ref = self.report.text(entry, "'checklist'")
        if ref is None or not catalog.is_path_reference(ref):
            return ref
        target = catalog.resolve(ref, self.path)
        if target is None or not self.loader.exists(target):
            return None
        loaded = self.loader.checklist(target)
        if loaded.value is not None:
            return loaded.value.id
        outline = self.loader.checklist_outline(target)
        return outline.ident if outline is not None else None

    def _unexplained(self, entry: Entry, ident: str) -> None:
        """An n/a takes the item out of every score: a reader of the report needs to know
        why, and a reviewer to tell a real exclusion from a way round a low score."""
        self.report.report(
            entry.key_mark,
            "na-without-note",
            f"the answer to '{ident}' is n/a without a note: add "
            '{answer: n/a, note: "why it does not apply"}',
        )

    def _answer(self, entry: Entry, ident: str) -> Answer | None:
        r = self.report
        node = entry.value
        note: str | None = None
        if node.tainted:
            return None
        if isinstance(node, Mapping):
            fields = r.mapping(node, f"the answer to '{ident}'", optional=("answer", "note"))
            if fields is None:
                return None
            note = r.text(fields.get("note"), "'note'", allow_empty=True)
            if "note" in fields and note is None and not _is_null(fields["note"].value):
                return None
            if "answer" not in fields:
                return Answer(None, note)
            node = fields["answer"].value
        if not isinstance(node, Scalar):
            r.report(
                node.mark,
                "wrong-type",
                f"the answer to '{ident}' must be a scale value, not {kind_name(node)}",
            )
            return None
        if node.tainted:
            return None
        if node.is_null:
            return Answer(None, note)
        value = _scale_value(node, self.scale, self.scale_by_value, r)
        if value is None:
            return None
        return Answer(value, note)


@per_checklist
def _written_scale(checklist: Checklist) -> tuple[tuple[str, ...], dict[str, str]]:
    """The scale's values as written, and by their case-folded text (once per checklist:
    a portfolio reads thousands of answers files against one)."""
    return (
        tuple(entry.value for entry in checklist.scale),
        {folded: entry.value for folded, entry in checklist.scale_by_value.items()},
    )


@per_checklist
def _figures_read(checklist: Checklist) -> dict[tuple[str, str], tuple[str, MeasureValue]]:
    """The checklist's cache of plain figures, filled as files are read (not derived
    once, as per_checklist's other values are), kept with the checklist object that
    every answers file naming it shares, and bounded by measure_fields."""
    return {}


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _scale_value(
    node: Scalar,
    values: tuple[str, ...] | None,
    scale: Mapping_[str, str],
    report: FileReport,
) -> str | None:
    """The scale value as written in the checklist for an answer, ``n/a``, or None
    (``values`` is None when the checklist's scale is unknown)."""
    text = node.text.strip()
    folded = text.casefold()
    if folded == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if values is None:
        return text
    if folded in scale:
        return scale[folded]
    flag = report.flag(node)
    if flag is not None:
        alias = "yes" if flag else "no"
        if alias in scale:
            return scale[alias]
    report.report(
        node.mark,
        "answer-value",
        f"answer {quoted(text)} is not on the scale; use {_allowed(values)}",
    )
    return None


def _allowed(values: tuple[str, ...]) -> str:
    """The answers a scale allows, for a message: its first values and how many more,
    since a scale may hold thousands and each answer off it is a line."""
    if len(values) <= _LISTED_IDS:
        return quoted_list([*values, NOT_APPLICABLE])
    listed = ", ".join(f"'{value}'" for value in values[:_LISTED_IDS])
    return f"{listed}, {len(values) - _LISTED_IDS} more or '{NOT_APPLICABLE}'"
