"""``--format table``: the terminal report, as Rich renderables.

The single report is laid out here, with what every terminal report shares: the cells
(scores, bars, stage moves, score changes), text that hangs under its label, and column
widths that never break a word. The tables of a portfolio, a diff, a trend, a
consolidation, a plan and of measures (SPEC 9) are modules of their own
(``table_portfolio``, ``table_diff``, ``table_trend``, ``table_consolidation``,
``table_plan``, ``table_measures``), each read only when asked for: the cold start of an
``assess`` of one file without measures reads none of them.

Every string that comes from a file is wrapped in :class:`~servicescore.render.terminal.Text`,
so it is never read as Rich markup, and what would hide or reorder it on the terminal
(bidi overrides, zero-width characters) is escaped visibly (control characters never
get this far: the loader refuses them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table

from servicescore.model import NOT_APPLICABLE
from servicescore.render import figures
from servicescore.render.terminal import Text
from servicescore.scoring import Assessment, ItemResult

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from servicescore.consolidate import Consolidation
    from servicescore.diff import Diff
    from servicescore.model import Checklist
    from servicescore.planning import Plan
    from servicescore.trend import Series

BAR_WIDTH = 20


def score_text(score: Fraction | None) -> Text:
    shown = figures.score(score)
    return Text(shown, style="dim" if shown == figures.DASH else "")


def score_bar(score: Fraction | None, width: int = BAR_WIDTH) -> Text:
    if score is None:
        return Text("")
    filled = int(score * width / 100)
    style = "red" if score < 50 else "yellow" if score < 80 else "green"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def stage_ladder(stage: int, top: int) -> Text:
    return Text.assemble(("■ " * stage, "bold cyan"), ("□ " * (top - stage), "dim"))


def answer_text(result: ItemResult) -> Text:
    return scale_answer(result.answer.value, result.credit)


def scale_answer(value: str | None, credit: Fraction | None) -> Text:
    """An answer and its credit: green in place, red not, yellow between; unanswered and
    n/a dim."""
    if value is None:
        return Text("unanswered", style="italic dim")
    if value == NOT_APPLICABLE:
        return Text(value, style="dim")
    earned = credit or 0
    style = "green" if earned >= 1 else "yellow" if earned > 0 else "red"
    return Text(value, style=style)


def now_text(result: ItemResult) -> Text:
    """An item's answer in the roadmap or next steps: an unanswered one is to be answered
    before anything is put in place for it (SPEC 3.5)."""
    shown = answer_text(result)
    if result.answer.value is None:
        shown.append(f" · {figures.ANSWER_FIRST}", style="bold yellow")
    return shown


def provisional_text(line: str | None) -> Text | None:
    return None if line is None else Text(line, style="bold yellow")


class Hanging:
    """``label`` then ``body``, every wrapped line of the body hanging under its first
    (``1. text`` with the text's second line under the text, not under the ``1.``), at
    any width. Rendered line by line, not as a table grid: a Rich table measures every
    cell, which is most of a cold start's rendering time."""

    # Narrower than this, the body goes under the label, two columns in, instead.
    LEAST = 20

    def __init__(self, label: Text, *body: RenderableType, indent: int = 0) -> None:
        # The label is rendered as it is, not wrapped as the body is (which expands tabs):
        # a tab from a file would reach the terminal raw and the hang be measured short.
        self.label = label.copy()
        self.label.expand_tabs()
        self.body = body
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        hang = self.indent + cell_len(self.label.plain)
        room = options.max_width - hang
        lead = [Segment(" " * self.indent), *self.label.render(console)]
        if room < min(self.LEAST, options.max_width // 2):
            yield Segment(" " * self.indent)
            label = self.label.copy()
            label.rstrip()  # alone on its line: no space after it
            yield from label.render(console)
            yield Segment.line()
            lead, hang, room = [], self.indent + 2, options.max_width - self.indent - 2
        width = max(room, 1)
        for number, line in enumerate(self._lines(console, options.update_width(width))):
            if number == 0 and lead:
                yield from lead
            elif Segment.get_line_length(line):  # a blank line stays empty
                yield Segment(" " * hang)
            yield from line
            yield Segment.line()

    def _lines(self, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]]:
        """The body's lines at the width of ``options``; text wrapped by itself, which is
        several times quicker than Rich's general rendering of a renderable."""
        for part in self.body:
            if isinstance(part, Text):
                for line in part.wrap(console, options.max_width):
                    line.rstrip()  # the space a line broke at, even where it is styled
                    yield list(line.render(console))
            else:
                yield from console.render_lines(part, options, pad=False)


def heading(text: str | Text) -> Text:
    shown = text if isinstance(text, Text) else Text(text)
    shown.stylize("bold")
    return shown


def subject_line(assessment: Assessment) -> Text:
    subject = assessment.answers.subject
    parts = [subject.organisation, subject.unit, subject.period]
    line = Text(" · ".join(part for part in parts if part), style="bold")
    if subject.assessor:
        line.append(f"  (assessed by {subject.assessor})", style="dim")
    return line


def checklist_line(checklist: Checklist) -> Text:
    """The checklist and the continuum a report is scored on, under its subject."""
    continuum = checklist.continuum
    return Text(f"{checklist.title} (v{checklist.version}) on the {continuum.title}", style="dim")


def change_text(old: Fraction | None, new: Fraction | None) -> Text:
    """A score's change (diff and trend), green up, red down."""
    shown = figures.change(old, new)
    style = {"+": "green", "-": "red"}.get(shown[:1], "dim")
    return Text(shown, style=style)


def stage_move(old: int | None, new: int | None) -> Text:
    """A stage's move (diff and trend) as an arrow and the stages moved."""
    if old is None or new is None:
        return Text("")
    if new > old:
        return Text(f"↑ {new - old}", style="bold green")
    if new < old:
        return Text(f"↓ {old - new}", style="bold red")
    return Text("→", style="dim")


def _summary(assessment: Assessment) -> RenderableType:
    checklist = assessment.checklist
    continuum = checklist.continuum
    stage = continuum.stage(assessment.stage)
    names = figures.component_names(assessment)
    lines: list[RenderableType] = [
        subject_line(assessment),
        checklist_line(checklist),
        Text(""),
        Text.assemble(
            ("Stage ", "bold"),
            (f"{stage.number} of {continuum.top}", "bold cyan"),
            (": ", "bold"),
            (stage.name, "bold cyan"),
            "   ",
            stage_ladder(stage.number, continuum.top),
            "  score ",
            score_text(assessment.score),
        ),
        Text(stage.summary),
    ]
    if assessment.stage < continuum.top:
        limiting = ", ".join(names[ident] for ident in assessment.limiting)
        lines.append(Hanging(Text("Limited by: ", style="bold"), Text(limiting)))
    return Group(*lines)


def _roadmap(assessment: Assessment) -> RenderableType:
    continuum = assessment.checklist.continuum
    roadmap = assessment.roadmap
    if roadmap is None:
        return Text(
            "Top stage reached: every component passes every stage. Keep the practices alive.",
            style="bold green",
        )
    target = continuum.stage(roadmap.target_stage)
    title = heading(f"Roadmap to stage {target.number}: {target.name}")
    results = assessment.by_item
    if not roadmap.items:
        return Group(
            title,
            Text(
                "A limiting component has no applicable practice at this stage: "
                "see the next steps below.",
                style="yellow",
            ),
        )
    count = len(roadmap.items)
    text = Text(
        f"Bring {'this practice' if count == 1 else f'these {count} practices'} "
        "fully into place to reach the next stage:"
    )
    # Indented text, not a table: the report's longest part, and a Rich table measures
    # and renders every cell, which is most of a cold start's rendering time.
    parts: list[RenderableType] = [title, text]
    for number, item_id in enumerate(roadmap.items, 1):
        item = results[item_id].item
        now = Text.assemble((item_id, "cyan"), "  now: ", now_text(results[item_id]))
        note = results[item_id].answer.note
        if note:
            now.append(f" ({note})", style="dim")
        action = Hanging(Text("→ ", style="green"), Text(item.action))
        statement = Text(item.text, style="bold")
        parts += [Text(""), Hanging(Text(f"{number}. ", "bold"), statement, now, action, indent=2)]
    return Group(*parts)


def _components(assessment: Assessment) -> Table:
    continuum = assessment.checklist.continuum
    table = Table(title=heading("Components"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(Text("Component"))
    table.add_column(Text("Stage"), no_wrap=True)
    table.add_column(Text(""), no_wrap=True)
    table.add_column(Text("Score"), justify="right", no_wrap=True)
    for result in assessment.components:
        name = Text(result.component.name)
        if result.component.id in assessment.limiting and assessment.stage < continuum.top:
            name.append("  (limiting)", style="yellow")
        stage = continuum.stage(result.stage)
        table.add_row(
            name,
            Text(f"{stage.number} {stage.name}"),
            stage_ladder(result.stage, continuum.top),
            score_text(result.tally.score),
        )
    return table


def _scored(score: Fraction | None) -> Text:
    """A score and its bar in one cell (one cell, not two: tables render per cell)."""
    shown = score_text(score)
    shown.align("right", 5)
    return Text.assemble(shown, " ", score_bar(score))


def _elements(assessment: Assessment) -> Table:
    table = Table(title=heading("Elements"), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(Text("Element"))
    table.add_column(Text("Score"), no_wrap=True)
    table.add_column(Text("Items"), justify="right", no_wrap=True)
    for result in assessment.elements:
        name = Text(result.element.title)
        if result.element.group:
            name.append(f" · {result.element.group}", style="dim")
        applicable = f"{result.tally.applicable}/{len(result.element.items)}"
        table.add_row(name, _scored(result.tally.score), Text(applicable))
    for group in assessment.groups:
        label = Text(f"{group.name} (group)", style="bold")
        table.add_row(label, _scored(group.tally.score), Text(""))
    return table


def _next_steps(assessment: Assessment) -> RenderableType:
    continuum = assessment.checklist.continuum
    names = figures.component_names(assessment)
    results = assessment.by_item
    parts: list[RenderableType] = [Text("Next steps by component", style="bold")]
    if not assessment.next_steps:
        parts.append(Text("Every component is at the top stage."))
    for step in assessment.next_steps:
        target = continuum.stage(step.target_stage)
        heading = Text(names[step.component], style="bold cyan")
        heading.append(f" → stage {target.number}: {target.name}", style="bold")
        parts += [Text(""), heading]
        if step.advance:
            parts.append(Text(step.advance, style="italic"))
        if step.blocked:
            parts.append(Text(f"Blocked: {figures.BLOCKED}", style="yellow"))
            continue
        for number, item_id in enumerate(step.required, 1):
            entry = Text.assemble((item_id, "cyan"), " (now ", now_text(results[item_id]), "): ")
            entry.append(results[item_id].item.action)
            parts.append(Hanging(Text(f"{number}. "), entry, indent=1))
        if step.other:
            others = ", ".join(
                f"{i} ({figures.ANSWER_FIRST})" if results[i].answer.value is None else i
                for i in step.other
            )
            parts.append(Hanging(Text("Also open at this stage: ", style="dim"), Text(others)))
    return Group(*parts)


def _unanswered(assessment: Assessment) -> RenderableType | None:
    if not assessment.unanswered:
        return None
    count = len(assessment.unanswered)
    label = f"{count} unanswered item{'s' if count != 1 else ''} counted as no credit: "
    return Hanging(Text(label, style="yellow"), Text(", ".join(assessment.unanswered)))


def lead(assessment: Assessment, *, provisional: bool = True) -> list[RenderableType]:
    """What a report leads with: the provisional line where items are unanswered (unless
    the caller said it first), the stage, the roadmap and the components."""
    parts: list[RenderableType | None] = [
        provisional_text(figures.provisional(assessment)) if provisional else None,
        _summary(assessment),
        Text(""),
        _roadmap(assessment),
        Text(""),
        _components(assessment),
    ]
    return [part for part in parts if part is not None]


def assessment(assessment: Assessment, title: str | None = None) -> RenderableType:
    parts: list[RenderableType | None] = [
        heading(title) if title else None,
        *lead(assessment),
        measures_section(assessment),
        _elements(assessment),
        _next_steps(assessment),
        Text(""),
        _unanswered(assessment),
    ]
    return Group(*(part for part in parts if part is not None))


def measures_section(assessment: Assessment) -> RenderableType | None:
    if not assessment.checklist.measures:  # their module is read only when there are some
        return None
    from servicescore.render import table_measures

    return table_measures.report(assessment.answers)


class Column(NamedTuple):
    """A column of a table whose widths are set here (the portfolio, the diff's items)."""

    header: str
    justify: JustifyMethod = "left"
    no_wrap: bool = False
    # The first line is kept whole when there is room ("2 Established" is one thing).
    whole_first_line: bool = False


# A portfolio cell: plain text, made a Text only when printed (20,000 rows held as Rich
# texts took a third of a large portfolio's memory), or a Text where it is styled.
Cell = Text | str


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


# Column widths set here, not by Rich, so that no word is broken: the portfolio's
# (table_portfolio), and the diff's changed items (table_diff).


def least_width(column: Column, cells: Sequence[Cell]) -> int:
    """The narrowest the column can be without breaking a word (or a no-wrap line)."""
    texts = [column.header, *(_plain(cell) for cell in cells)]
    pieces = [
        part for text in texts for part in (text.splitlines() if column.no_wrap else text.split())
    ]
    return max((cell_len(piece) for piece in pieces), default=0)


def natural_width(column: Column, cells: Sequence[Cell], first_only: bool = False) -> int:
    """The width the column takes when nothing in it wraps (or nothing in its first lines)."""
    texts = [column.header, *(_plain(cell) for cell in cells)]
    lines = [text.splitlines()[:1] if first_only else text.splitlines() for text in texts]
    return max((cell_len(line) for some in lines for line in some), default=0)


def share_out(least: dict[Column, int], natural: dict[Column, int], room: int) -> dict[Column, int]:
    """Column widths within ``room``: each column its least width, then the room left
    given a character at a time to the narrowest column that would still wrap (ties to the
    earlier column), so that a long statement cannot starve a short note of its room."""
    widths = dict(least)
    for _ in range(room - sum(widths.values())):
        wrapping = [column for column in widths if widths[column] < natural[column]]
        if not wrapping:
            break
        widths[min(wrapping, key=lambda column: widths[column])] += 1
    return widths


def cell_room(
    console: Console,
    options: ConsoleOptions,
    table: Callable[[Sequence[dict[Column, Text]]], Table],
    least: dict[Column, int],
) -> int:
    """The width a table leaves for its cells, between Rich's padding and rules:
    measured on the ``table`` of one row whose cells are each column's ``least`` wide."""
    probe = table([{column: Text("x" * width) for column, width in least.items()}])
    cells = sum(least.values())
    # Measured without a width limit: within one, Rich reports the squeezed widths.
    unlimited = options.update_width(cells + 4 * len(least) + 2)
    return options.max_width - (Measurement.get(console, unlimited, probe).minimum - cells)


# The portfolio's, the diff's, the trend's, a consolidation's and a plan's tables are modules of
# their own, imported only when asked for, so that the cold start of `assess` does not read them.


def portfolio(
    assessments: Sequence[Assessment], detail: bool, title: str | None = None
) -> RenderableType:
    from servicescore.render.table_portfolio import portfolio

    return portfolio(assessments, detail, title)


def diff(diff: Diff) -> RenderableType:
    from servicescore.render import table_diff

    return table_diff.diff(diff)


def trend(series: Sequence[Series]) -> RenderableType:
    from servicescore.render import table_trend

    return table_trend.trend(series)


def consolidation(result: Consolidation, file: str | None = None) -> RenderableType:
    from servicescore.render import table_consolidation

    return table_consolidation.consolidation(result, file)


def plan(plan: Plan) -> RenderableType:
    from servicescore.render import table_plan

    return table_plan.plan(plan)
