"""The trend's terminal report (``servicescore trend --format table``).

One table a series (an organisation, or one of its units): a row a period with its
stage, the stage move, each component's stage, the score and its change, then
sparklines of the stage and the score. A narrow terminal gets a leaner layout, never a
cut name (:class:`_SeriesTable`). Reached through :func:`servicescore.render.table.trend`,
and built from the cells of :mod:`servicescore.render.table`; file text enters only as
:class:`~servicescore.render.terminal.Text`, as there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table

from servicescore.render import figures
from servicescore.render.table import change_text, score_text, stage_move
from servicescore.render.terminal import Text
from servicescore.scoring import Assessment

if TYPE_CHECKING:
    from servicescore.render.plain import Natural
    from servicescore.trend import Series


def sparkline(values: Sequence[Fraction | None], low: Fraction, high: Fraction) -> Text:
    return Text(figures.sparks(values, low, high), style="cyan")


class _SeriesTable:
    """A trend series' table: the first of ``layouts`` (richest first) that fits the
    width it is printed in at its natural width, else the last, so that a narrow
    terminal loses the lesser columns, never a name; each layout is made only when it
    is measured or printed. Where nothing is styled (a pipe, a file) and the layout
    chosen is of plain lines, its lines are written here, as Rich would print them:
    Rich's layout of a 20,000-file trend's tables cost more than reading the files."""

    def __init__(self, layouts: Sequence[Callable[[], RenderableType]]) -> None:
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from servicescore.render.plain import natural, natural_lines

        last = len(self.layouts) - 1
        for index, make in enumerate(self.layouts):
            layout = make()
            found = natural(layout) if isinstance(layout, Table) else None
            if found is not None and console.color_system is None:
                assert isinstance(layout, Table)  # found only for a table
                lines = natural_lines(layout, options, found)
                if lines is not None:
                    yield Segment("".join(line + "\n" for line in lines))
                    return
            if index == last or _fits(console, options, layout, found):
                yield layout
                return


def _fits(
    console: Console, options: ConsoleOptions, layout: RenderableType, found: Natural | None
) -> bool:
    """Whether ``layout`` fits the width at its natural width. A layout of plain lines
    is measured by :func:`~servicescore.render.plain.natural`, as Rich would measure it
    but without laying out every cell: a long series' period columns cost seconds."""
    if found is not None:
        return found.width <= options.max_width
    unbounded = options.update_width(_UNBOUNDED)
    return Measurement.get(console, unbounded, layout).maximum <= options.max_width


_UNBOUNDED = 10_000  # a width to measure a table's natural width in


def _trend_table(
    one: Series, moves: bool = True, components: bool = True, wrapped: bool = False
) -> Table:
    """The series' table; without ``moves`` no stage-move column, without
    ``components`` no column per component (see :func:`_component_stages`); ``wrapped``
    sets each component column to its name's longest word, so the name wraps at spaces."""
    first = one.points[0].assessment
    title = Text(one.organisation, style="bold")
    if one.unit:
        title.append(f" · {one.unit}", style="bold")
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    table.add_column(Text("Period"), no_wrap=True)
    table.add_column(Text("Stage"), no_wrap=True)
    if moves:
        table.add_column(Text(""), no_wrap=True)
    shown = first.components if components else ()
    for result in shown:
        name = result.component.name
        # A set width, not Rich's: squeezing a table, Rich narrows its widest wrapping
        # columns alike and cuts a long word ("Measurem…") before wrapping a name.
        width = max(map(len, name.split())) if wrapped else None
        table.add_column(Text(name), justify="center", width=width)
    table.add_column(Text("Score"), justify="right", no_wrap=True)
    table.add_column(Text("Change"), justify="right", no_wrap=True)
    previous: Assessment | None = None
    for point in one.points:
        assessment = point.assessment
        stages = {result.component.id: result.stage for result in assessment.components}
        # A series may move to another continuum (a new checklist version).
        named = assessment.checklist.continuum.stage(assessment.stage).name
        row: list[RenderableType] = [Text(point.period), Text(f"{assessment.stage} {named}")]
        if moves:
            row.append(stage_move(previous.stage if previous else None, assessment.stage))
        row += [Text(str(stages.get(result.component.id, "–"))) for result in shown]
        row += [
            score_text(assessment.score),
            change_text(previous.score if previous else None, assessment.score),
        ]
        table.add_row(*row)
        previous = assessment
    return table


def _narrowest(one: Series) -> RenderableType:
    """The series without a column per component, and the component stages apart."""
    return Group(_trend_table(one, components=False), Text(""), _component_stages(one))


def _component_stages(one: Series) -> Table:
    """Each component's stage in each period, one row a component: the narrow
    terminal's form, where a column per component would cut the names."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column(Text("Component"))
    table.add_column(Text("Stage in each period"))
    for result in one.points[0].assessment.components:
        stages = [
            {each.component.id: each.stage for each in point.assessment.components}.get(
                result.component.id, "–"
            )
            for point in one.points
        ]
        table.add_row(Text(result.component.name), Text(" ".join(map(str, stages))))
    return table


def trend(series: Sequence[Series]) -> RenderableType:
    parts: list[RenderableType] = []
    for one in series:
        # Richest first: then component names wrapped at spaces, then without the stage
        # moves (the stage numbers show them), then the component stages apart.
        layouts: list[Callable[[], RenderableType]] = [
            partial(_trend_table, one),
            partial(_trend_table, one, wrapped=True),
            partial(_trend_table, one, moves=False, wrapped=True),
            partial(_narrowest, one),
        ]
        scores = [point.assessment.score for point in one.points]
        stages_seen = [Fraction(point.assessment.stage) for point in one.points]
        top = max(point.assessment.checklist.continuum.top for point in one.points)
        parts += [
            _SeriesTable(layouts),
            Text(""),
            Text.assemble(
                ("stage ", "dim"),
                sparkline(stages_seen, Fraction(1), Fraction(top)),
                ("   score ", "dim"),
                sparkline(scores, Fraction(0), Fraction(100)),
            ),
            Text(""),
        ]
        if any(point.assessment.checklist.measures for point in one.points):
            from servicescore.render import table_measures

            narrow = partial(table_measures.trend_narrow, one)
            parts += [_SeriesTable([partial(table_measures.trend, one), narrow]), Text("")]
    return Group(*parts)
