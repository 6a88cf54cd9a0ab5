"""Plans built by hand, for the tests of the plan's Markdown, HTML and CSV.

The renderers are tested apart from the planning engine (``planning.plan``): each plan
here is a real :class:`~servicescore.scoring.Assessment` of a bundled example or of a
small checklist in code, with phases and cells chosen by hand as SPEC 8 would give them
for the targets named, every cell's advance text the continuum's own.

- :func:`northwind_plan`: ``examples/northwind-2026-q2.yaml`` to stage 3, Measurement
  to 5 (``--target measurement=5 --target 3``): three phases of one cell each.
- :func:`cells_plan`: every kind of cell: items, passing, blocked (so unreachable),
  unanswered items (*answer first*, a provisional assessment), several phases; with
  ``text``, every text a file could hold (statements, actions, advance texts, notes,
  the subject, names) replaced by ``text(label)``, hostile text for the escaping tests.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from builders import NO, YES, answers, assessed, checklist, continuum, item
from servicescore.model import Answer, Checklist, Continuum
from servicescore.planning import Phase, Plan, PlanCell
from servicescore.scoring import Assessment, assess

Text = Callable[[str], str]
OTHER_DEPARTMENTS = "performance-other-departments"


def plan_cell(
    assessment: Assessment,
    component: str,
    stage: int,
    required: tuple[str, ...] = (),
    *,
    passing: bool = False,
    blocked: bool = False,
) -> PlanCell:
    """The cell (component, stage) with the continuum's advance text for it."""
    advance = assessment.checklist.continuum.stage(stage).advance.get(component, "")
    return PlanCell(component, stage, passing, blocked, required, advance)


def targets(assessment: Assessment, wanted: Mapping[str, int]) -> dict[str, int]:
    """Every component's target: as ``wanted``, else its current stage (no work)."""
    return {
        result.component.id: wanted.get(result.component.id, result.stage)
        for result in assessment.components
    }


def northwind_plan() -> Plan:
    (assessment,) = assessed("northwind-2026-q2.yaml")
    # Named as the CLI names it when run from the repository's root (golden files).
    answers = dataclasses.replace(assessment.answers, path="examples/northwind-2026-q2.yaml")
    assessment = assessment._replace(answers=answers)
    # Customer focus is at 2, Measurement and Environment at 3 (see the report).
    return Plan(
        assessment,
        targets(assessment, {"customer-focus": 3, "measurement": 5, "environment": 3}),
        (
            Phase(
                3,
                (
                    plan_cell(
                        assessment,
                        "customer-focus",
                        3,
                        ("strategy-vision", "channels-self-service", "strategy-aligned"),
                    ),
                ),
            ),
            Phase(
                4,
                (
                    plan_cell(
                        assessment,
                        "measurement",
                        4,
                        ("performance-balanced-scorecard", "performance-kpis-balanced"),
                    ),
                ),
            ),
            # Measurement's one practice of stage 5, answered "no".
            Phase(
                5, (plan_cell(assessment, "measurement", 5, ("performance-other-departments",)),)
            ),
        ),
    )


def _same(label: str) -> str:
    return label


def _cells_checklist(text: Text) -> Checklist:
    """Three components a, b, c on four stages; b has no practice of stage 4."""
    ids = ("a2", "a3", "a4", "b2", "b3", "b3x", "c2", "c3", "c4")
    check = checklist(*(item(ident, ident[0], int(ident[1])) for ident in ids))
    items = tuple(
        one._replace(text=text(f"STATEMENT-{one.id}"), action=text(f"ACTION-{one.id}"))
        for one in check.elements[0].items
    )
    element = check.elements[0]._replace(title=text("ELEMENT"), items=items)
    return dataclasses.replace(
        check,
        title=text("CHECKLIST"),
        continuum=_continuum(text),
        elements=(element,),
    )


def _continuum(text: Text) -> Continuum:
    base = continuum(stages=4, components=("a", "b", "c"))
    stages = tuple(
        stage._replace(
            name=text(f"STAGE{stage.number}"),
            advance={key: text(f"ADVANCE-{key}{stage.number}") for key in stage.advance},
        )
        for stage in base.stages
    )
    components = tuple(c._replace(name=text(f"COMPONENT-{c.id}")) for c in base.components)
    return base._replace(title=text("CONTINUUM"), stages=stages, components=components)


def cells_assessment(text: Text = _same) -> Assessment:
    """a at stage 3 (a4 unanswered); b at 2 (b3 no, b3x unanswered); c at 1 (c2 no),
    its cells 3 and 4 already passing."""
    check = _cells_checklist(text)
    given = {
        "a2": Answer(YES, text("NOTE-a2")),
        "a3": YES,
        "b2": YES,
        "b3": Answer(NO, text("NOTE-b3")),
        "c2": NO,
        "c3": YES,
        "c4": YES,
    }
    return assess(
        answers(
            check,
            given,
            organisation=text("ORGANISATION"),
            unit=text("UNIT"),
            period=text("PERIOD"),
            assessor=text("ASSESSOR"),
            path=text("PATH") + ".yaml",
        )
    )


def cells_plan(text: Text = _same) -> Plan:
    """Every component to stage 4: three phases; b's cell 4 is blocked."""
    assessment = cells_assessment(text)
    return Plan(
        assessment,
        targets(assessment, {"a": 4, "b": 4, "c": 4}),
        (
            Phase(2, (plan_cell(assessment, "c", 2, ("c2",)),)),
            Phase(
                3,
                (
                    plan_cell(assessment, "b", 3, ("b3", "b3x")),
                    plan_cell(assessment, "c", 3, passing=True),
                ),
            ),
            Phase(
                4,
                (
                    plan_cell(assessment, "a", 4, ("a4",)),
                    plan_cell(assessment, "b", 4, blocked=True),
                    plan_cell(assessment, "c", 4, passing=True),
                ),
            ),
        ),
    )


def no_work_plan() -> Plan:
    """Targets at or below every current stage: no phases at all."""
    assessment = cells_assessment()
    return Plan(assessment, targets(assessment, {"a": 2}), ())


# Text a file could hold that must never become markup, a link, a formula or a
# terminal's control sequence, in any format: Rich markup, HTML, Markdown links and
# task boxes, autolinks, formula starts, a bidi override, control characters, a
# line break and a table's pipe.
HOSTILE = (
    "[bold red]rich[/] <script>alert(1)</script> <b>bold</b> &amp; "
    "[link](https://evil.example.com) <https://evil.example.com> www.evil.com "
    "boss@evil.com `code` *em* _em_ ~~del~~ | pipe\n- [x] done\n# heading "
    "\u202eevil\u202c \x1b[31mred\x1b[0m \x07bell"
)
FORMULAS = ('=HYPERLINK("https://evil.example.com")', "+1+1", "-2", "@SUM(A1)", "\t=1", "'=1")


def hostile(label: str) -> str:
    """``label``, then every hostile text, then ``label`` again (to find it by)."""
    return f"{label} {HOSTILE} {label}"


def formula(label: str) -> str:
    """Text that starts as a spreadsheet formula, a different start per label."""
    return FORMULAS[sum(map(ord, label)) % len(FORMULAS)] + f" {label}"


# -- golden files -----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "plan"
UPDATE_GOLDEN = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"
# Each golden plan by the name of its files: ``cells.md``, ``cells.csv``, ... Only what
# the CLI's golden files (test_cli_plan, of the Northwind example) cannot show: a cell
# passing already and a blocked one.
GOLDEN_PLANS: dict[str, Callable[[], Plan]] = {"cells": cells_plan}


def assert_golden(name: str, output: str) -> None:
    """``output`` is the golden file ``name`` (written instead, with
    ``SERVICESCORE_UPDATE_GOLDEN=1``: then read the diff before committing it)."""
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(output.encode("utf-8"))
    assert golden.exists(), f"no {golden}: run with SERVICESCORE_UPDATE_GOLDEN=1"
    assert output == golden.read_bytes().decode("utf-8"), (
        f"{name} differs from the golden file: if the change is intended, rerun with "
        "SERVICESCORE_UPDATE_GOLDEN=1 and review the diff"
    )
