"""What changed between two assessments of the same checklist (pure)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, NamedTuple

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


class ComponentChange(NamedTuple):
    id: str
    name: str
    old_stage: int | None
    old_score: Fraction | None
    new_stage: int | None
    new_score: Fraction | None


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
    def stage_dropped(self) -> bool:
        """True when the overall stage or any component's stage went down."""
        if self.new.stage < self.old.stage:
            return True
        return any(
            change.old_stage is not None
            and change.new_stage is not None
            and change.new_stage < change.old_stage
            for change in self.components
        )


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
            changes.append(ItemChange(item_id, result.item.text, None, result.answer, "added"))
            continue
        kind = _kind(before, result)
        if kind is not None:
            changes.append(
                ItemChange(item_id, result.item.text, before.answer, result.answer, kind)
            )
    for item_id, result in old_items.items():
        if item_id not in new_items:
            changes.append(ItemChange(item_id, result.item.text, result.answer, None, "removed"))
    changes.sort(key=lambda change: CHANGE_ORDER.index(change.change))

    old_components = {result.component.id: result for result in old.components}
    new_components = {result.component.id: result for result in new.components}
    components = []
    for component_id in dict.fromkeys([*new_components, *old_components]):
        before_c = old_components.get(component_id)
        after_c = new_components.get(component_id)
        named = after_c or before_c
        assert named is not None
        components.append(
            ComponentChange(
                component_id,
                named.component.name,
                before_c.stage if before_c else None,
                before_c.tally.score if before_c else None,
                after_c.stage if after_c else None,
                after_c.tally.score if after_c else None,
            )
        )

    old_elements = {result.element.id: result for result in old.elements}
    new_elements = {result.element.id: result for result in new.elements}
    elements = []
    for element_id in dict.fromkeys([*new_elements, *old_elements]):
        before_e = old_elements.get(element_id)
        after_e = new_elements.get(element_id)
        titled = after_e or before_e
        assert titled is not None
        elements.append(
            ElementChange(
                element_id,
                titled.element.title,
                before_e.tally.score if before_e else None,
                after_e.tally.score if after_e else None,
            )
        )
    return Diff(old, new, tuple(components), tuple(elements), tuple(changes))
