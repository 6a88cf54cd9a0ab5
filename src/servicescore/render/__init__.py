"""Output formats: one module per format, registered by name.

A renderer turns result objects into text (or, for the terminal, a Rich renderable);
only the CLI writes anything anywhere. Adding a format is one new module and one line
in :data:`FORMATS` (or, for a format only of plans, :data:`PLAN_FORMATS`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, Union

if TYPE_CHECKING:  # for annotations only: kept off the cold start of `assess`
    from rich.console import RenderableType

    from servicescore.consolidate import Consolidation
    from servicescore.diff import Diff
    from servicescore.planning import Plan
    from servicescore.scoring import Assessment
    from servicescore.trend import Series

# Text, text produced piece by piece (a large portfolio), or a Rich renderable.
Output = Union[str, Iterator[str], "RenderableType"]


class Renderer(Protocol):
    def assessment(self, assessment: Assessment, title: str | None = None) -> Output: ...

    def portfolio(
        self, assessments: Sequence[Assessment], detail: bool, title: str | None = None
    ) -> Output: ...

    def diff(self, diff: Diff) -> Output: ...

    def trend(self, series: Sequence[Series]) -> Output: ...

    def consolidation(self, result: Consolidation, file: str | None = None) -> Output:
        """The consolidation's report; ``file`` is the consolidated answers file written
        with it (``--answers-out``), None where none is."""
        ...

    def plan(self, plan: Plan) -> Output:
        """The phased plan to target stages (SPEC 8)."""
        ...


class PlanRenderer(Protocol):
    """What a format of ``plan`` implements: all that a plan-only format (CSV) has."""

    def plan(self, plan: Plan) -> Output: ...


# Format name -> module under servicescore.render; imported only when chosen.
FORMATS: dict[str, str] = {
    "table": "servicescore.render.table",
    "json": "servicescore.render.json",
    "markdown": "servicescore.render.markdown",
    "html": "servicescore.render.html",
}
# A plan also goes to a project tool: one CSV row per planned item.
PLAN_FORMATS: dict[str, str] = {**FORMATS, "csv": "servicescore.render.csv"}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    return module  # a module that implements Renderer


def plan_renderer(name: str) -> PlanRenderer:
    """The format ``name`` of a plan; apart from :func:`renderer` so that a plan-only
    module is never typed as a full :class:`Renderer`."""
    module = importlib.import_module(PLAN_FORMATS[name])
    return module  # a module that implements PlanRenderer
