"""What changed between two assessments of the same checklist (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Literal, NamedTuple, TypeVar

from servicescore.model import Answer
from servicescore.problems import UsageError
from servicescore.scoring import Assessment, ItemResult

Change = Literal["regressed", "improved", "changed", "added", "removed"]
# Regressions lead: they are what a reviewer must see first.
CHANGE_ORDER: tuple[Change, ...] = ("regressed", "improved", "changed", "added", "removed")


class ItemChange(NamedTuple):
    id: str
    text: str
    old: Answer | None  # None: the item is not in the old checklist
    new: Answer | None  # None: the item is not in the new checklist
    change: Change
    # Each side's credit as scored with its own checklist (None: n/a, or no such item).
    old_credit: Fraction | None = None
    new_credit: Fraction | None = None


class StageDrop(NamedTuple):
    """A stage that went down: a component's, or the overall stage (``component`` None,
    ``name`` ``overall``)."""

    component: str | None
    name: str
    old: int
    new: int


class ComponentChange(NamedTuple):
    id: str
    name: str
    old_stage: int | None
    old_score: Fraction | None
    new_stage: int | None
    new_score: Fraction | None

    @property
    def drop(self) -> StageDrop | None:
        """The drop, when the component is on both sides and its stage went down."""
        old, new = self.old_stage, self.new_stage
        if old is None or new is None or new >= old:
            return None
        return StageDrop(self.id, self.name, old, new)

    @property
    def dropped(self) -> bool:
        return self.drop is not None


class ElementChange(NamedTuple):
    id: str
    title: str
    old: Fraction | None
    new: Fraction | None


class Diff(NamedTuple):
    old: Assessment
    new: Assessment
    components: tuple[ComponentChange, ...]
    elements: tuple[ElementChange, ...]
    items: tuple[ItemChange, ...]

    @property
    def drops(self) -> list[StageDrop]:
        """Every stage that went down: the overall stage first, then each component's."""
        old, new = self.old.stage, self.new.stage
        drops = [StageDrop(None, "overall", old, new)] if new < old else []
        return drops + [drop for change in self.components if (drop := change.drop)]

    @property
    def stage_dropped(self) -> bool:
        """True when the overall stage or any component's stage went down."""
        return bool(self.drops)


def _kind(old: ItemResult, new: ItemResult) -> Change | None:
    if old.answer.value == new.answer.value:
        return None
    if old.credit is None or new.credit is None:  # to or from n/a
        return "changed"
    if new.credit > old.credit:
        return "improved"
    if new.credit < old.credit:
        return "regressed"
    return "changed"


R = TypeVar("R")


def _paired(
    old: Sequence[R], new: Sequence[R], key: Callable[[R], str]
) -> list[tuple[str, R | None, R | None]]:
    """Results matched by id: the new side's order, then what only the old side has."""
    before = {key(result): result for result in old}
    after = {key(result): result for result in new}
    return [(ident, before.get(ident), after.get(ident)) for ident in {**after, **before}]


def compare(old: Assessment, new: Assessment) -> Diff:
    """Compare two assessments; both must answer the same checklist id."""
    if old.checklist.id != new.checklist.id:
        raise UsageError(
            f"{old.answers.path} answers checklist '{old.checklist.id}' but "
            f"{new.answers.path} answers '{new.checklist.id}': diff compares answers "
            "of the same checklist"
        )
    old_items = {result.item.id: result for result in old.items}
    new_items = {result.item.id: result for result in new.items}
    changes: list[ItemChange] = []
    for item_id, result in new_items.items():
        before = old_items.get(item_id)
        if before is None:
            changes.append(
                ItemChange(
                    item_id, result.item.text, None, result.answer, "added", None, result.credit
                )
            )
            continue
        kind = _kind(before, result)
        if kind is not None:
            changes.append(
                ItemChange(
                    item_id,
                    result.item.text,
                    before.answer,
                    result.answer,
                    kind,
                    before.credit,
                    result.credit,
                )
            )
    for item_id, result in old_items.items():
        if item_id not in new_items:
            changes.append(
                ItemChange(item_id, result.item.text, result.answer, None, "removed", result.credit)
            )
    changes.sort(key=lambda change: CHANGE_ORDER.index(change.change))

    components = tuple(
        ComponentChange(
            ident,
            (after or before).component.name,  # type: ignore[union-attr]
            before.stage if before else None,
            before.tally.score if before else None,
            after.stage if after else None,
            after.tally.score if after else None,
        )
        for ident, before, after in _paired(
            old.components, new.components, lambda result: result.component.id
        )
    )
    elements = tuple(
        ElementChange(
            ident,
            (after or before).element.title,  # type: ignore[union-attr]
            before.tally.score if before else None,
            after.tally.score if after else None,
        )
        for ident, before, after in _paired(
            old.elements, new.elements, lambda result: result.element.id
        )
    )
    return Diff(old, new, components, elements, tuple(changes))
