"""``plan --format csv``: a plan as one row per planned item, for a project tool.

SPEC 8's columns, in its order: the phase (its stage level, a number), the component's
id (as the JSON gives it: ``item`` is the item's id too), the item's statement and
action, and ``owner`` and ``due`` left empty for the tool or the team to fill in. A
passing or a blocked cell has no items and so no row; the other formats say why a plan
is unreachable. RFC 4180 as Python's csv module writes it (every field that needs it
quoted, CRLF line ends), UTF-8 as the CLI writes everything.

Text from files is written as the other formats show it: control characters and what
hides or reorders text escaped (``\\u202e``, :func:`~servicescore.problems.visible`),
then behind a leading ``'`` where a spreadsheet would take it for a formula, exactly as
the questionnaire of ``template`` is (:mod:`servicescore.sheets.layout`). Only plans have a
CSV form: this module implements :meth:`~servicescore.render.Renderer.plan` alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from servicescore.planning import Plan
from servicescore.problems import visible
from servicescore.sheets.layout import guarded

HEADER = ("phase", "component", "item", "statement", "action", "owner", "due")


def plan(plan: Plan) -> str:
    """The plan's rows under the header, phase by phase, in the plan's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([_cell(text) for text in row] for row in rows(plan))
    return buffer.getvalue()


def rows(plan: Plan) -> Iterator[tuple[str, ...]]:
    """One row per planned item, as its text before it is made safe for a spreadsheet:
    phase, component id, item id, statement, action, and an empty owner and due."""
    results = plan.assessment.by_item
    for phase in plan.phases:
        for cell in phase.cells:
            for ident in cell.required:
                item = results[ident].item
                yield (str(phase.stage), cell.component, ident, item.text, item.action, "", "")


def _cell(text: str) -> str:
    return guarded(visible(text))
