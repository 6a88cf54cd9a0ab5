"""The shipped checklists read as a consultant reads them: what each item asks for, in
which order, and what the README says about how their small cells behave."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest

from servicescore.loader import Loader
from servicescore.model import Checklist, Item

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHIPPED = sorted((ROOT / "checklists").glob("*.yaml"))
CHECKLISTS = [path for path in SHIPPED if "kind: checklist" in path.read_text(encoding="utf-8")]


def load(path: Path) -> Checklist:
    loaded = Loader().checklist(path)
    assert loaded.value is not None, loaded.errors
    return loaded.value


def cells(checklist: Checklist) -> dict[tuple[str, int], list[Item]]:
    found: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for item in checklist.items:
        found[(item.component, item.stage)].append(item)
    return found


def runs(text: str, length: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9'-]+", text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def fails_on_one_partly(items: list[Item], pass_mark: Fraction) -> bool:
    """Whether some single item at half credit, all others in full, fails the cell."""
    total = sum((item.weight.value for item in items), Fraction(0))
    return any(total - item.weight.value / 2 < pass_mark * total for item in items)


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda path: path.stem)
def test_no_two_actions_of_a_checklist_share_five_words_in_a_row(path: Path) -> None:
    # An action says what to do about its own item: two items once both said "drop
    # targets that reward rushing", which told a reader nothing about either.
    items = load(path).items
    shared = [
        (one.id, other.id, sorted(runs(one.action) & runs(other.action)))
        for one, other in itertools.combinations(items, 2)
        if runs(one.action) & runs(other.action)
    ]
    assert shared == []


def test_the_service_vision_is_expected_no_later_than_what_delivers_it() -> None:
    # The programmes deliver the vision and the structure backs it: an organisation
    # cannot be expected to have them a stage before the vision itself.
    stage = {
        item.id: item.stage
        for item in load(ROOT / "checklists" / "profit-through-service.yaml").items
    }
    assert stage["strategy-vision"] <= stage["strategy-programmes"]
    assert stage["strategy-vision"] <= stage["structure-supports-strategy"]


@pytest.mark.parametrize(
    "name", ["profit-through-service", "key-elements", "beyond-the-front-line"]
)
def test_the_readme_counts_the_cells_a_single_partly_fails(name: str) -> None:
    checklist = load(ROOT / "checklists" / f"{name}.yaml")
    found = cells(checklist)
    pass_mark = checklist.continuum.pass_mark.value
    fragile = [items for items in found.values() if fails_on_one_partly(items, pass_mark)]
    single = [items for items in found.values() if len(items) == 1]
    sentence = (
        f"`{checklist.id}` {len(fragile)} of the {len(found)} cells are that small"
        f" ({len(single)} hold one item)"
    )
    alternative = (
        f"`{checklist.id}` {len(fragile)} of the {len(found)} are ({len(single)} hold one item)"
    )
    flat = re.sub(r"\s+", " ", README)
    assert sentence in flat or alternative in flat
