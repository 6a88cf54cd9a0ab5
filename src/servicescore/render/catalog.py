"""Tables of checklists for ``checklists`` and ``show``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table

from servicescore.measures import bounds, target_text
from servicescore.model import Checklist
from servicescore.render.terminal import Text


def checklist_list(checklists: Sequence[Checklist]) -> Table:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(Text("Id"), style="cyan", no_wrap=True)
    table.add_column(Text("Title"), ratio=1)
    table.add_column(Text("Version"), no_wrap=True)
    table.add_column(Text("Elements"), justify="right")
    table.add_column(Text("Items"), justify="right")
    table.add_column(Text("Continuum"), overflow="fold")
    for checklist in checklists:
        table.add_row(
            Text(checklist.id),
            Text(checklist.title),
            Text(checklist.version),
            Text(str(len(checklist.elements))),
            Text(str(len(checklist.items))),
            Text(checklist.continuum.id),
        )
    return table


def checklist_table(checklist: Checklist) -> RenderableType:
    continuum = checklist.continuum
    names = {component.id: component.name for component in continuum.components}
    heading = Text.assemble(
        (checklist.title, "bold"),
        (f"  {checklist.id} v{checklist.version} · {len(checklist.items)} items · ", "dim"),
        (f"{continuum.title}, pass mark {continuum.pass_mark.text}", "dim"),
    )
    table = Table(box=box.SIMPLE_HEAD, show_lines=False)
    table.add_column(Text("Item"), style="cyan")
    table.add_column(Text("Statement"), ratio=3)
    table.add_column(Text("Component"))
    table.add_column(Text("Stage"), justify="right")
    table.add_column(Text("Weight"), justify="right")
    for element in checklist.elements:
        title = element.title + (f" ({element.group})" if element.group else "")
        table.add_section()
        table.add_row(Text(title, style="bold"), Text(""), Text(""), Text(""), Text(""))
        for item in element.items:
            table.add_row(
                Text(item.id),
                Text(item.text),
                Text(names.get(item.component, item.component)),
                Text(str(item.stage)),
                Text(item.weight.text),
            )
    scale = Text(
        "Scale: "
        + ", ".join(f"{entry.value} = {entry.credit.text}" for entry in checklist.scale)
        + ", n/a = not counted",
        style="dim",
    )
    if not checklist.measures:
        return Group(heading, table, scale)
    return Group(heading, table, scale, Text(""), measure_table(checklist))


def measure_table(checklist: Checklist) -> Group:
    """The measures a checklist defines, a block each: the id answers files write and the
    name, then its unit, direction, target and bounds, then how it is computed. Text that
    wraps under its own indent at any width: a table of seven columns left an 80-column
    terminal no room for the description."""
    blocks: list[RenderableType] = [Text("Measures", style="bold")]
    for measure in checklist.measures:
        terms = [measure.unit, f"{measure.better} is better"]
        if measure.target is not None:
            terms.append(f"target {target_text(measure)}")
        terms.append(bounds(measure))
        line = Text.assemble((measure.id, "cyan"), "  ", (measure.name, "bold"))
        blocks.append(Padding(line, (0, 0, 0, 2)))
        details = [Text(", ".join(terms), style="dim")]
        if measure.description:
            details.append(Text(measure.description))
        blocks.append(Padding(Group(*details), (0, 0, 0, 6)))
    return Group(*blocks)
