"""Small helpers to build continua, checklists and answers in code, for scoring tests.

Numbers are given as the decimal text a file would hold ("0.1", "2"), so that they
carry both their exact value and their text, as the loader would produce them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from servicescore.diff import Diff, compare
from servicescore.inputs import load_answers
from servicescore.loader import Loader
from servicescore.model import (
    DEFAULT_SCALE,
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
)
from servicescore.scoring import Assessment, assess

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

YES = "yes"
PARTLY = "partly"
NO = "no"
NA = "n/a"


def advance_text(component: str, stage: int) -> str:
    """The advance text the builders give a component for moving into a stage."""
    return f"advance {component} into stage {stage}"


def continuum(
    stages: int = 4,
    components: Sequence[str] = ("a", "b"),
    pass_mark: str = "0.8",
    ident: str = "test-continuum",
) -> Continuum:
    return Continuum(
        id=ident,
        title=f"Continuum {ident}",
        version="1.0",
        pass_mark=Number.of(pass_mark),
        components=tuple(Component(c, f"Component {c}", f"About {c}") for c in components),
        stages=tuple(
            Stage(
                number=n,
                name=f"Stage {n}",
                summary=f"Summary of stage {n}",
                looks_like={c: f"{c} at stage {n}" for c in components},
                advance={} if n == 1 else {c: advance_text(c, n) for c in components},
            )
            for n in range(1, stages + 1)
        ),
        path="continuum.yaml",
    )


@dataclass(frozen=True)
class ItemSpec:
    id: str
    component: str
    stage: int
    weight: str


def item(ident: str, component: str = "a", stage: int = 2, weight: str = "1") -> ItemSpec:
    return ItemSpec(ident, component, stage, weight)


@dataclass(frozen=True)
class ElementSpec:
    id: str
    items: tuple[ItemSpec, ...]
    group: str | None


def element(ident: str, *items: ItemSpec, group: str | None = None) -> ElementSpec:
    return ElementSpec(ident, items, group)


def scale(*pairs: tuple[str, str]) -> tuple[ScaleValue, ...]:
    """A scale from (value, credit text) pairs."""
    return tuple(ScaleValue(value, Number.of(credit), f"Label {value}") for value, credit in pairs)


def checklist(
    *elements: ElementSpec | ItemSpec,
    cont: Continuum | None = None,
    scale_values: Sequence[ScaleValue] | None = None,
    ident: str = "test-checklist",
) -> Checklist:
    """A checklist; bare items are gathered into one element ``e`` without a group."""
    specs: list[ElementSpec] = []
    loose: list[ItemSpec] = []
    for entry in elements:
        if isinstance(entry, ItemSpec):
            loose.append(entry)
        else:
            specs.append(entry)
    if loose:
        specs.insert(0, ElementSpec("e", tuple(loose), None))
    built = tuple(
        Element(
            id=spec.id,
            title=f"Element {spec.id}",
            group=spec.group,
            items=tuple(
                Item(
                    id=i.id,
                    text=f"Statement {i.id}",
                    component=i.component,
                    stage=i.stage,
                    weight=Number.of(i.weight),
                    action=f"Do {i.id}",
                    element=spec.id,
                )
                for i in spec.items
            ),
        )
        for spec in specs
    )
    return Checklist(
        id=ident,
        title=f"Checklist {ident}",
        version="1.0",
        continuum=cont if cont is not None else continuum(),
        scale=tuple(scale_values) if scale_values is not None else DEFAULT_SCALE,
        elements=built,
        path="checklist.yaml",
    )


AnswerLike = str | None | Answer


def answers(
    check: Checklist,
    given: Mapping[str, AnswerLike] | Iterable[tuple[str, AnswerLike]] = (),
    *,
    organisation: str = "Test Org",
    unit: str | None = None,
    period: str | None = None,
    assessor: str | None = None,
    respondent: str | None = None,
    role: str | None = None,
    meta: Mapping[str, object] | None = None,
    path: str = "answers.yaml",
) -> Answers:
    pairs = given.items() if isinstance(given, Mapping) else given
    mapping = {key: value if isinstance(value, Answer) else Answer(value) for key, value in pairs}
    return Answers(
        path=path,
        checklist=check,
        subject=Subject(organisation, unit, period, assessor, respondent, role),
        answers=mapping,
        meta=dict(meta or {}),
    )


def run(
    check: Checklist, given: Mapping[str, AnswerLike] | None = None, **kw: object
) -> Assessment:
    """Assess ``given`` answers against ``check``."""
    return assess(answers(check, given or {}, **kw))  # type: ignore[arg-type]


def assessed(*names: str) -> list[Assessment]:
    """The shipped examples of these file names, loaded and assessed."""
    loaded = load_answers([EXAMPLES / name for name in names], None, Loader())
    return [assess(one) for one in loaded]


def northwind_diff(old: str, new: str) -> Diff:
    """The diff of two Northwind examples by period: ``northwind_diff("q1", "q2")``."""
    before, after = assessed(f"northwind-2026-{old}.yaml", f"northwind-2026-{new}.yaml")
    return compare(before, after)


def measure(
    ident: str, name: str, unit: str = "percent", better: str = "higher", target: str | None = None
) -> Measure:
    """A measure definition (SPEC 9); ``target`` as the decimal text a file would hold."""
    return Measure(ident, name, unit, better, None if target is None else Number.of(target))


def run_measured(
    check: Checklist,
    given: Mapping[str, AnswerLike],
    figures: Mapping[str, MeasureValue],
    **kw: object,
) -> Assessment:
    """Assess ``given`` answers with these measures' ``figures`` against ``check``."""
    plain = answers(check, given, **kw)  # type: ignore[arg-type]
    return assess(dataclasses.replace(plain, measures=dict(figures)))


# A checklist file of one item on the shipped continuum: what a test of measures appends
# its own `measures:` to.
ONE_ITEM_CHECKLIST = """\
kind: checklist
id: small
title: Small
version: "1"
continuum: customer-satisfaction-practices
elements:
  - id: one
    title: One
    items:
      - {id: i1, text: First., component: customer-focus, stage: 2, action: Do it.}
"""
