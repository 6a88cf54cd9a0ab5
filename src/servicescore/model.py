"""The domain: continua, checklists and answers, as frozen values.

Numbers that take part in scoring (weights, credits, the pass mark) are kept as
exact fractions of the decimals written in the files, next to that text.

Value types are typed named tuples: immutable, and far cheaper to define and to
create than frozen dataclasses, which matters for a cold start and for a portfolio of
thousands of files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple, TypeVar

NOT_APPLICABLE = "n/a"


class Number(NamedTuple):
    """A decimal number as written in a file: its exact value and its text."""

    value: Fraction
    text: str

    def as_json(self) -> int | float:
        if self.value.denominator == 1:
            return int(self.value)
        return float(self.text) if self.text else float(self.value)

    @classmethod
    def of(cls, text: str) -> Number:
        return cls(Fraction(text), text)


class Component(NamedTuple):
    id: str
    name: str
    description: str


class Stage(NamedTuple):
    number: int
    name: str
    summary: str
    looks_like: Mapping[str, str]
    advance: Mapping[str, str]


class Continuum(NamedTuple):
    id: str
    title: str
    version: str
    pass_mark: Number
    components: tuple[Component, ...]
    stages: tuple[Stage, ...]
    path: str

    @property
    def top(self) -> int:
        return len(self.stages)

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]


class ScaleValue(NamedTuple):
    value: str
    credit: Number
    label: str


def scale_by_value(scale: Sequence[ScaleValue]) -> dict[str, ScaleValue]:
    """The scale's values by their case-folded text: answers match them regardless of case."""
    return {entry.value.casefold(): entry for entry in scale}


DEFAULT_SCALE = (
    ScaleValue("no", Number.of("0"), "Not in place"),
    ScaleValue("partly", Number.of("0.5"), "Partly in place"),
    ScaleValue("yes", Number.of("1"), "Fully in place"),
)


# The units a measure is counted in, and which way is better (SPEC 9).
MEASURE_UNITS = ("percent", "score", "count", "seconds", "minutes", "hours", "days")
BETTER = ("higher", "lower")
# Where a unit bounds its values unless a measure's own min or max says otherwise.
UNIT_BOUNDS: Mapping[str, tuple[int | None, int | None]] = {
    "percent": (0, 100),
    "count": (0, None),
    "seconds": (0, None),
    "minutes": (0, None),
    "hours": (0, None),
    "days": (0, None),
}


class Measure(NamedTuple):
    """A service measure (KPI) that a checklist defines, reported beside the stages.

    ``minimum`` and ``maximum`` are the ``min`` and ``max`` written in the checklist
    (None where not written); :attr:`low` and :attr:`high` are the bounds a value must
    lie within, the unit's own where the checklist writes none.
    """

    id: str
    name: str
    unit: str
    better: str  # "higher" or "lower"
    target: Number | None = None
    minimum: Number | None = None
    maximum: Number | None = None
    description: str = ""

    @property
    def low(self) -> Fraction | None:
        if self.minimum is not None:
            return self.minimum.value
        bound = UNIT_BOUNDS.get(self.unit, (None, None))[0]
        return None if bound is None else Fraction(bound)

    @property
    def high(self) -> Fraction | None:
        if self.maximum is not None:
            return self.maximum.value
        bound = UNIT_BOUNDS.get(self.unit, (None, None))[1]
        return None if bound is None else Fraction(bound)

    def within(self, value: Fraction) -> bool:
        """Whether ``value`` lies within :attr:`low` and :attr:`high`, both included."""
        low, high = self.low, self.high
        return (low is None or value >= low) and (high is None or value <= high)

    def met(self, value: Number | None) -> bool | None:
        """Whether ``value`` meets the target (at it counts as met); None without a
        value or a target."""
        if value is None or self.target is None:
            return None
        if self.better == "higher":
            return value.value >= self.target.value
        return value.value <= self.target.value


class MeasureValue(NamedTuple):
    """A measure's figure in an answers file, with its note; ``value`` None: not given."""

    value: Number | None
    note: str | None = None


class Item(NamedTuple):
    id: str
    text: str
    component: str
    stage: int
    weight: Number
    action: str
    element: str


class Element(NamedTuple):
    id: str
    title: str
    group: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str
    continuum: Continuum
    scale: tuple[ScaleValue, ...]
    elements: tuple[Element, ...]
    path: str  # the file's name in messages and reports: control characters escaped
    # The file as it is opened (from the working directory), where that is not ``path``.
    source: str = field(default="", compare=False)
    measures: tuple[Measure, ...] = ()
    items: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    item_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    measure_by_id: Mapping[str, Measure] = field(init=False, repr=False, compare=False)
    scale_by_value: Mapping[str, ScaleValue] = field(init=False, repr=False, compare=False)
    # Shared answers without a note, by the exact text most files write ("yes", "Yes",
    # "n/a"): the fast path of reading thousands of answers files.
    plain_answers: Mapping[str, Answer] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = tuple(item for element in self.elements for item in element.items)
        object.__setattr__(self, "items", items)
        object.__setattr__(self, "item_ids", frozenset(item.id for item in items))
        object.__setattr__(self, "measure_by_id", {m.id: m for m in self.measures})
        object.__setattr__(self, "scale_by_value", scale_by_value(self.scale))
        plain: dict[str, Answer] = {}
        for value in self.answer_values:
            for spelling in (value, value.casefold(), value.upper(), value.capitalize()):
                plain[spelling] = Answer(value)
        object.__setattr__(self, "plain_answers", plain)

    @property
    def answer_values(self) -> tuple[str, ...]:
        """What an item can be answered with: the scale's values, then ``n/a``."""
        return (*(entry.value for entry in self.scale), NOT_APPLICABLE)

    @property
    def file(self) -> str:
        """The path to open the checklist by, or to refer to it from another file."""
        return self.source or self.path

    @property
    def groups(self) -> tuple[str, ...]:
        """Group names in checklist order, each once."""
        seen: dict[str, None] = {}
        for element in self.elements:
            if element.group is not None:
                seen.setdefault(element.group, None)
        return tuple(seen)


class Answer(NamedTuple):
    """One item's answer: a scale value as written in the checklist, ``n/a``, or None."""

    value: str | None
    note: str | None = None


class Subject(NamedTuple):
    organisation: str
    unit: str | None = None
    period: str | None = None
    assessor: str | None = None
    respondent: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Answers:
    path: str  # the file's name in messages and reports: control characters escaped
    checklist: Checklist
    subject: Subject
    answers: Mapping[str, Answer]
    meta: Mapping[str, object] = field(default_factory=dict)
    # The file as it is opened (from the working directory), where that is not ``path``.
    source: str = field(default="", compare=False)
    # Figures by measure id, in the file's order: only the measures the file gives.
    measures: Mapping[str, MeasureValue] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """The path to open the answers file by, or to refer to it from another file."""
        return self.source or self.path

    def answer(self, item_id: str) -> Answer:
        return self.answers.get(item_id, UNANSWERED)

    def measure(self, measure_id: str) -> MeasureValue:
        return self.measures.get(measure_id, NOT_MEASURED)


# The answer of an item left out or left empty.
UNANSWERED = Answer(None)
# The figure of a measure left out or left empty.
NOT_MEASURED = MeasureValue(None)


T = TypeVar("T")


def per_checklist(build: Callable[[Checklist], T]) -> Callable[[Checklist], T]:
    """Memoise ``build`` for each checklist: what scoring and reports derive once from a
    checklist and reuse for every answers file of a portfolio. Checklists are never
    changed after loading, so the object itself is the key (held, so that its id is
    never reused by another)."""
    cache: dict[int, tuple[Checklist, T]] = {}

    @functools.wraps(build)
    def cached(checklist: Checklist) -> T:
        found = cache.get(id(checklist))
        if found is None or found[0] is not checklist:
            found = cache[id(checklist)] = (checklist, build(checklist))
        return found[1]

    return cached
