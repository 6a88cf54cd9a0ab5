"""Several respondents' answers merged into one assessment, with their agreement (SPEC 6).

Logic on loaded answers files: the input rules (one checklist, one organisation,
each respondent and each file once), the consolidated answer of each item, how far the
respondents agree (spread, disputed items, Krippendorff's alpha) and how the roles see
the organisation (role scores, role gaps, perception gaps). Every figure is an exact
fraction; rounding belongs to the renderers.

The input rules touch the file system in two places: each file's device and inode
(one file under two names, through a link, is one respondent), and a file with a
problem is read again for the position of the field at fault, which the loaded
answers do not keep. Naming each respondent's file from the consolidated file's
folder resolves real folders, as its checklist reference does.

The consolidated answers are scored by :func:`servicescore.scoring.assess` like any
answers file, so the consolidation's stage, scores and roadmap are those ``assess``
gives for the consolidated answers file written out.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from math import lcm
from pathlib import PurePath
from typing import Literal, NamedTuple

from servicescore import catalog
from servicescore.model import (
    NOT_APPLICABLE,
    UNANSWERED,
    Answer,
    Answers,
    Checklist,
    Item,
    Measure,
    MeasureValue,
    Subject,
    per_checklist,
)
from servicescore.problems import InputError, Problem, UsageError, printable
from servicescore.rules import rule_id
from servicescore.scoring import Assessment
from servicescore.scoring import assess as score

Rule = Literal["median", "strict"]

# A spread above this is a dispute: with yes/partly/no, someone says fully in place and
# someone says not in place.
DISPUTED_ABOVE = Fraction(1, 2)
# Role means this far apart are a perception gap.
PERCEPTION_GAP = Fraction(1, 2)

_RULE_ID = rule_id("panel")  # the rule of every input problem of a consolidation


class Respondent(NamedTuple):
    """One answers file of the panel: its path, who answered it, and their role."""

    file: str
    name: str  # the file's `respondent:`, or its file name where it has none
    role: str | None


class ItemConsolidation(NamedTuple):
    item: Item
    consolidated: Answer
    answers: tuple[Answer, ...]  # each respondent's, in argument order
    spread: Fraction
    disputed: bool


class Agreement(NamedTuple):
    """Krippendorff's alpha (interval metric on credits); None where undefined."""

    overall: Fraction | None
    components: Mapping[str, Fraction | None]
    elements: Mapping[str, Fraction | None]


class RoleScores(NamedTuple):
    role: str
    respondents: tuple[str, ...]
    # 100 × Σ(weight × mean credit) / Σ(weight) over the items the role rated; None
    # where the role rated none of the component's items.
    components: Mapping[str, Fraction | None]


class PerceptionGap(NamedTuple):
    item: Item
    means: Mapping[str, Fraction]  # each role that rated the item: its mean credit
    gap: Fraction


class Consolidation(NamedTuple):
    respondents: tuple[Respondent, ...]
    rule: Rule
    items: tuple[ItemConsolidation, ...]
    agreement: Agreement
    roles: tuple[RoleScores, ...]  # empty with fewer than two roles
    role_gaps: Mapping[str, Fraction | None]  # empty with fewer than two roles
    perception_gaps: tuple[PerceptionGap, ...]
    consolidated: Answers  # the consolidated answers (ItemConsolidation.answers: each one's)
    assessment: Assessment  # the consolidated answers scored

    @property
    def disputed(self) -> tuple[ItemConsolidation, ...]:
        return tuple(entry for entry in self.items if entry.disputed)

    @property
    def role_names(self) -> tuple[str, ...]:
        """Each role the files name, once: letter case aside, as the first file spells it,
        in order of first appearance (also with fewer than two, where ``roles`` is empty)."""
        return tuple(_by_role(self.respondents))


def consolidate(panel: Sequence[Answers], rule: Rule = "median", path: str = "") -> Consolidation:
    """Merge ``panel`` (in argument order) into one assessment; ``path`` names the
    consolidated answers (the file they are written to, if any: their record of each
    respondent's file is then relative to its folder).

    Raises :class:`UsageError` with fewer than two files and :class:`InputError` with
    every file that breaks an input rule.
    """
    respondents = check_panel(panel)
    checklist = panel[0].checklist
    items = tuple(_item(item, panel, respondents, rule) for item in checklist.items)
    origins = [_origin(*one, path) for one in zip(panel, respondents, strict=True)]
    consolidated = Answers(
        printable(path),  # named as a loaded file is, its real path beside
        checklist,
        _subject(panel),
        {entry.item.id: entry.consolidated for entry in items if entry.consolidated != UNANSWERED},
        {"consolidated_from": origins, "rule": rule},
        path,
        consolidated_measures(checklist.measures, panel, respondents, rule),
    )
    means = role_means(checklist, panel, respondents)
    roles = role_scores(checklist, respondents, means)
    return Consolidation(
        respondents,
        rule,
        items,
        agreement(checklist, panel),
        roles,
        role_gaps(roles),
        perception_gaps(checklist, means) if roles else (),
        consolidated,
        score(consolidated),
    )


# -- inputs ----------------------------------------------------------------------------


def check_panel(panel: Sequence[Answers]) -> tuple[Respondent, ...]:
    """The panel's respondents, or an error naming each file and field that breaks SPEC 6."""
    if len(panel) < 2:
        found = ", ".join(printable(one.path) for one in panel) or "none"
        raise UsageError(
            f"consolidate needs at least two answers files; found {len(panel)} ({found})"
        )
    problems = panel_problems(panel)
    if problems:
        raise InputError(problems)
    return _respondents(panel)


def panel_problems(panel: Sequence[Answers]) -> list[Problem]:
    """What breaks SPEC 6's input rules among ``panel``, two files or more: run on the
    files that loaded, also where others did not, so that every problem shows at once."""
    usual = {
        "checklist": _usual(panel, lambda one: (one.checklist.id, one.checklist.version)),
        "organisation": _usual(panel, lambda one: one.subject.organisation),
        "unit": _usual(panel, lambda one: one.subject.unit),
    }
    problems = [problem for one in panel for problem in _differences(usual, one)]
    problems += _period_problems(panel)
    problems += [
        _problem(
            one,
            "meta",
            "this is a consolidated answers file (meta: consolidated_from), "
            "not one respondent's: leave it out",
            "consolidated_from",
        )
        for one in panel
        if "consolidated_from" in one.meta
    ]
    problems += _repeated(panel, _respondents(panel))
    return problems


def _usual(files: Sequence[Answers], key: Callable[[Answers], object]) -> Answers:
    """The first file holding the value of ``key`` that most files hold (of a tie, the
    one found first): the odd files out are blamed, not the first one given."""
    counts = Counter(key(one) for one in files)
    most = max(counts.values())
    return next(one for one in files if counts[key(one)] == most)


def _differences(usual: Mapping[str, Answers], other: Answers) -> list[Problem]:
    """What ``other`` answers about that is not what most files answer about."""
    first = usual["checklist"]
    mine, theirs = other.checklist, first.checklist
    problems = []
    if mine.id != theirs.id:
        said = f"checklist {_shown(mine.id)}, but {_where(first)} answers {_shown(theirs.id)}"
        problems.append(
            _problem(other, "checklist", f"{said}: all files must answer one checklist")
        )
    elif mine.version != theirs.version:
        said = f"checklist {_shown(mine.id)} version {_shown(mine.version)}, but {_where(first)}"
        problems.append(
            _problem(
                other,
                "checklist",
                f"{said} answers version {_shown(theirs.version)}: "
                "all files must answer the same version",
            )
        )
    elif mine is not theirs and _layout(mine) != _layout(theirs):
        problems.append(
            _problem(
                other,
                "checklist",
                f"checklist {_shown(mine.id)} version {_shown(mine.version)} is not the one "
                f"{_where(first)} answers: their items, weights, stages, scale or continuum "
                "differ",
            )
        )
    for field in ("organisation", "unit"):
        problems += _same_field(usual[field], other, field)
    return problems


def _layout(checklist: Checklist) -> tuple[object, ...]:
    """What scoring reads of a checklist: two files under one id and version that differ
    here would give results that depend on which file is read first."""
    continuum = checklist.continuum
    return (
        tuple(
            (item.id, item.element, item.component, item.stage, item.weight.value)
            for item in checklist.items
        ),
        tuple((entry.value, entry.credit.value) for entry in checklist.scale),
        (continuum.id, continuum.version, continuum.pass_mark.value, continuum.top),
        tuple(component.id for component in continuum.components),
    )


def _same_field(first: Answers, other: Answers, field: str) -> list[Problem]:
    mine: str | None = getattr(other.subject, field)
    theirs: str | None = getattr(first.subject, field)
    if mine == theirs:
        return []
    return [
        _problem(
            other,
            field,
            f"'{field}' is {_shown(mine)}, but {_where(first)} {_has(theirs)}: "
            f"all files must assess the same {field}",
        )
    ]


def _period_problems(panel: Sequence[Answers]) -> list[Problem]:
    """A period, where given, is the one most files that give one give."""
    dated = [one for one in panel if one.subject.period is not None]
    if not dated:
        return []
    first = _usual(dated, lambda one: one.subject.period)
    return [
        _problem(
            one,
            "period",
            f"'period' is {_shown(one.subject.period)}, but {_where(first)} "
            f"{_has(first.subject.period)}: all files must be of the same period",
        )
        for one in dated
        if one.subject.period != first.subject.period
    ]


def _respondents(panel: Sequence[Answers]) -> tuple[Respondent, ...]:
    """Each file's respondent; a file without one (or with an empty one: the loader keeps
    ``""``) is named by its file name, or by its path where another file has that name
    too. An empty role is no role."""
    names = [PurePath(one.path).name for one in panel]
    # Case-blind, as respondents are told apart: `Lead.yaml` and `lead.yaml` share a name.
    counts = Counter(name.casefold() for name in names)
    result = []
    for one, name in zip(panel, names, strict=True):
        if one.subject.respondent:
            name = one.subject.respondent
        elif counts[name.casefold()] > 1:
            name = one.path
        result.append(Respondent(one.path, name, one.subject.role or None))
    return tuple(result)


def _repeated(panel: Sequence[Answers], respondents: Sequence[Respondent]) -> list[Problem]:
    """The same file given twice (under one name, a link's or another hard link's), or a
    respondent named a second time (letter case aside)."""
    files: dict[object, Answers] = {}
    names: dict[str, Answers] = {}
    problems = []
    for one, respondent in zip(panel, respondents, strict=True):
        earlier = files.setdefault(_identity(one.file), one)
        if earlier is not one:
            # Under one name twice (`./a.yaml` is `a.yaml` once a path), or under two.
            names_given = (
                "" if earlier.path == one.path else f" (as {_where(earlier)} and {_where(one)})"
            )
            message = f"the same file is given twice{names_given}: each respondent counts once"
            problems.append(_problem(one, "respondent", message))
            continue
        earlier = names.setdefault(respondent.name.casefold(), one)
        if earlier is not one:
            message = (
                f"respondent {_shown(respondent.name)} also answered {_where(earlier)}: "
                "each respondent answers once"
            )
            problems.append(_problem(one, "respondent", message))
    return problems


def _identity(path: str) -> object:
    """What tells files apart: device and inode, so that a symlink and its target, or
    two hard links, are one file; the path itself where it cannot be read (answers
    built in memory)."""
    try:
        found = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return found.st_dev, found.st_ino


def _problem(answers: Answers, field: str, message: str, *inner: str) -> Problem:
    """A problem at ``field``'s value in the file (or at ``inner``'s, the keys of a
    mapping within it), or at the file where it is not written."""
    line, column = _field_position(answers.file, (field, *inner))
    return Problem(printable(answers.path), line, column, _RULE_ID, message)


def _field_position(path: str, keys: Sequence[str]) -> tuple[int, int]:
    """Where the value at ``keys`` is written in ``path`` (read again: only files with a
    problem are). Where it is not written: at the file's top-level mapping, as the loader
    reports a missing field (its first key), or at 1:1."""
    from servicescore.yamlfile import Mapping as YamlMapping
    from servicescore.yamlfile import read_file

    root = read_file(path).root
    node = root
    for key in keys:
        entry = node.entries.get(key) if isinstance(node, YamlMapping) else None
        node = None if entry is None else entry.value
        if node is None:
            break
    if node is not None:
        return node.mark.line, node.mark.column
    return (root.mark.line, root.mark.column) if isinstance(root, YamlMapping) else (1, 1)


def _shown(text: str | None) -> str:
    return "not given" if text is None else f"'{printable(text)}'"


def _has(text: str | None) -> str:
    return "gives none" if text is None else f"has '{printable(text)}'"


def _where(answers: Answers) -> str:
    return printable(answers.path)


def _subject(panel: Sequence[Answers]) -> Subject:
    """What the panel answers about; an assessor only where every file that names one
    names the same, and no respondent: the answers are everyone's."""
    first = panel[0].subject
    periods = [one.subject.period for one in panel if one.subject.period is not None]
    assessors = {one.subject.assessor for one in panel if one.subject.assessor is not None}
    assessor = assessors.pop() if len(assessors) == 1 else None
    return Subject(first.organisation, first.unit, periods[0] if periods else None, assessor)


def _origin(answers: Answers, respondent: Respondent, path: str) -> dict[str, object]:
    """The record of one respondent in the consolidated answers' meta: the file named
    from the folder of ``path``, where they are written (as their ``checklist:`` is),
    else as given.

    A record for the reader: where the name holds a character no answers file can hold
    (a control character, a byte that is not UTF-8), its escaped form is written, as
    messages show it, so that the file loads.
    """
    from servicescore.yamlfile import unwritable

    file = catalog.path_from(answers.file, PurePath(path)) if path else respondent.file
    if unwritable(file):
        file = printable(file)
    return {"file": file, "respondent": respondent.name, "role": respondent.role}


# -- the consolidated answer -----------------------------------------------------------


def _item(
    item: Item, panel: Sequence[Answers], respondents: Sequence[Respondent], rule: Rule
) -> ItemConsolidation:
    checklist = panel[0].checklist
    answers = tuple(one.answer(item.id) for one in panel)
    credits = _credits(checklist, answers)
    value = consolidated_value(checklist, [answer.value for answer in answers], rule)
    spread = max(credits) - min(credits) if len(credits) > 1 else Fraction(0)
    note = joined_notes(respondents, answers)
    return ItemConsolidation(item, Answer(value, note), answers, spread, spread > DISPUTED_ABOVE)


def consolidated_value(
    checklist: Checklist, values: Sequence[str | None], rule: Rule
) -> str | None:
    """The consolidated answer of one item from each respondent's (None: unanswered).

    Unanswered when nobody answered; ``n/a`` when more than half of those who answered
    said so; otherwise the lower median of the scale answers, sorted by credit with ties
    in scale order (position ⌈k/2⌉ of k), or with ``strict`` the lowest.
    """
    answered = [value for value in values if value is not None]
    if not answered:
        return None
    rated = [value for value in answered if value != NOT_APPLICABLE]
    if 2 * (len(answered) - len(rated)) > len(answered):
        return NOT_APPLICABLE
    ranked = sorted(rated, key=scale_rank(checklist).__getitem__)
    return ranked[_position(rule, len(ranked))]


def _position(rule: Rule, count: int) -> int:
    """Where among ``count`` values, ranked from the worst, the rule's one lies: the
    lower median's position ⌈count/2⌉ (counted from 1), or the first with ``strict``."""
    return 0 if rule == "strict" else (count + 1) // 2 - 1


def joined_notes(
    respondents: Sequence[Respondent], answers: Sequence[Answer | MeasureValue]
) -> str | None:
    """The respondents' notes on one item or measure, one ``respondent: note`` line each:
    a note (or a name) of several lines is folded into its one line, or the lines after
    its first would carry no name."""
    lines = [
        f"{_one_line(respondent.name)}: {note}"
        for respondent, answer in zip(respondents, answers, strict=True)
        if (note := _one_line(answer.note or ""))
    ]
    return "\n".join(lines) if lines else None


def consolidated_measures(
    measures: Sequence[Measure],
    panel: Sequence[Answers],
    respondents: Sequence[Respondent],
    rule: Rule,
) -> dict[str, MeasureValue]:
    """Each measure's consolidated figure, where a respondent gives one or a note.

    A figure is a fact, not a judgement, so respondents seldom differ; where they do,
    the rule that consolidates answers applies by the measure's direction: the lower
    median counts from the worst figure (the worse of the two middle ones), and
    ``strict`` takes the worst.
    """
    consolidated: dict[str, MeasureValue] = {}
    for measure in measures:
        given = [one.measure(measure.id) for one in panel]
        figures = sorted(
            (one.value for one in given if one.value is not None),
            key=lambda number: number.value,
            reverse=measure.better == "lower",  # the worst first
        )
        note = joined_notes(respondents, given)
        if not figures and note is None:
            continue
        figure = figures[_position(rule, len(figures))] if figures else None
        consolidated[measure.id] = MeasureValue(figure, note)
    return consolidated


def _one_line(text: str) -> str:
    """``text``'s lines, each stripped, joined by a space; empty lines dropped."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _credits(checklist: Checklist, answers: Sequence[Answer]) -> list[Fraction]:
    """The credits of the scale answers among ``answers`` (n/a and unanswered have none)."""
    credit = _credit_of(checklist)
    return [credit[answer.value] for answer in answers if answer.value in credit]


@per_checklist
def scale_rank(checklist: Checklist) -> dict[str, tuple[Fraction, int]]:
    """Each scale value's place in the consolidation's order: by credit, ties in scale
    order (built once per checklist, not once per item)."""
    return {entry.value: (entry.credit.value, index) for index, entry in enumerate(checklist.scale)}


@per_checklist
def _credit_of(checklist: Checklist) -> dict[str | None, Fraction]:
    return {entry.value: entry.credit.value for entry in checklist.scale}


# -- agreement -------------------------------------------------------------------------


def krippendorff_alpha(units: Sequence[Sequence[Fraction]]) -> Fraction | None:
    """Krippendorff's alpha, interval metric, of ``units`` (each unit: the values its
    coders gave; missing values left out).

    Units with fewer than two values cannot be paired and are left out. None where
    fewer than two values can be paired, or where every paired value is equal (no
    disagreement is expected, so agreement is not measured).
    """
    paired = [unit for unit in units if len(unit) > 1]
    n = sum(len(unit) for unit in paired)
    if n < 2:
        return None
    # Alpha is the same when every value is multiplied by one number: over their common
    # denominator the values are whole, and every sum below is integer arithmetic (sums
    # of fractions were three quarters of a 200-respondent consolidation).
    common = lcm(*(value.denominator for unit in paired for value in unit))
    whole = [[value.numerator * (common // value.denominator) for value in unit] for unit in paired]
    # Σ over ordered pairs i≠j of (a_i − a_j)² is 2(m Σa² − (Σa)²): no loop over pairs.
    observed = sum(
        (Fraction(_squared_differences(unit), len(unit) - 1) for unit in whole), Fraction(0)
    )
    expected = Fraction(_squared_differences([value for unit in whole for value in unit]), n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected


def _squared_differences(values: Sequence[int]) -> int:
    total = sum(values)
    squares = sum(value * value for value in values)
    return 2 * (len(values) * squares - total * total)


def agreement(checklist: Checklist, panel: Sequence[Answers]) -> Agreement:
    """Alpha over all items, per component and per element: items are the units and
    respondents the coders, n/a and unanswered missing."""
    units = {
        item.id: _credits(checklist, [one.answer(item.id) for one in panel])
        for item in checklist.items
    }

    def alpha(items: Sequence[Item]) -> Fraction | None:
        return krippendorff_alpha([units[item.id] for item in items])

    components = {
        component.id: alpha([item for item in checklist.items if item.component == component.id])
        for component in checklist.continuum.components
    }
    elements = {element.id: alpha(element.items) for element in checklist.elements}
    return Agreement(alpha(checklist.items), components, elements)


# -- roles -----------------------------------------------------------------------------


def _by_role(respondents: Sequence[Respondent]) -> dict[str, list[int]]:
    """Each role, in order of first appearance, with the positions of its respondents;
    respondents without a role are in none. Roles that differ in letter case only are
    one, shown as the first file spells it."""
    spelling: dict[str, str] = {}
    roles: dict[str, list[int]] = {}
    for index, respondent in enumerate(respondents):
        if respondent.role is not None:
            shown = spelling.setdefault(respondent.role.casefold(), respondent.role)
            roles.setdefault(shown, []).append(index)
    return roles


def role_means(
    checklist: Checklist, panel: Sequence[Answers], respondents: Sequence[Respondent]
) -> dict[str, dict[str, Fraction]]:
    """Each role (in order of first appearance) with the mean credit of each item that at
    least one of its respondents rated on the scale: computed once, read by the role
    scores and the perception gaps."""
    return {
        role: _role_means(checklist, panel, members)
        for role, members in _by_role(respondents).items()
    }


def _role_means(
    checklist: Checklist, panel: Sequence[Answers], members: Sequence[int]
) -> dict[str, Fraction]:
    means = {}
    for item in checklist.items:
        credits = _credits(checklist, [panel[index].answer(item.id) for index in members])
        if credits:
            means[item.id] = sum(credits, Fraction(0)) / len(credits)
    return means


def role_scores(
    checklist: Checklist,
    respondents: Sequence[Respondent],
    means_of: Mapping[str, Mapping[str, Fraction]],
) -> tuple[RoleScores, ...]:
    """Each role's score per component, when two or more roles appear."""
    if len(means_of) < 2:
        return ()
    members_of = _by_role(respondents)
    result = []
    for role, means in means_of.items():
        components = {
            component.id: _weighted_score(
                [item for item in checklist.items if item.component == component.id], means
            )
            for component in checklist.continuum.components
        }
        names = tuple(respondents[index].name for index in members_of[role])
        result.append(RoleScores(role, names, components))
    return tuple(result)


def _weighted_score(items: Sequence[Item], means: Mapping[str, Fraction]) -> Fraction | None:
    rated = [item for item in items if item.id in means]
    if not rated:
        return None
    earned = sum((item.weight.value * means[item.id] for item in rated), Fraction(0))
    possible = sum((item.weight.value for item in rated), Fraction(0))
    return 100 * earned / possible


def role_gaps(roles: Sequence[RoleScores]) -> dict[str, Fraction | None]:
    """Per component, its highest role score minus its lowest; None where fewer than two
    roles rated any of its items."""
    if not roles:
        return {}
    gaps: dict[str, Fraction | None] = {}
    for component in roles[0].components:
        scores = [s for s in (role.components[component] for role in roles) if s is not None]
        gaps[component] = max(scores) - min(scores) if len(scores) > 1 else None
    return gaps


def perception_gaps(
    checklist: Checklist, means_of: Mapping[str, Mapping[str, Fraction]]
) -> tuple[PerceptionGap, ...]:
    """Items whose role means differ by 1/2 or more, largest first, ties in checklist order."""
    gaps = []
    for item in checklist.items:
        means = {role: means[item.id] for role, means in means_of.items() if item.id in means}
        if len(means) < 2:
            continue
        gap = max(means.values()) - min(means.values())
        if gap >= PERCEPTION_GAP:
            gaps.append(PerceptionGap(item, means, gap))
    # sorted() is stable: equal gaps keep the checklist's order.
    return tuple(sorted(gaps, key=lambda entry: -entry.gap))
