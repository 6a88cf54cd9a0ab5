"""Tables of checklists for ``checklists`` and ``show``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
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


def measure_table(checklist: Checklist) -> Table:
    """The measures a checklist defines: what each counts, which way is better, its
    target and the bounds its figures must lie within."""
    table = Table(box=box.SIMPLE_HEAD, title=Text("Measures", style="bold"), title_justify="left")
    table.add_column(Text("Measure"), style="cyan", overflow="fold")
    table.add_column(Text("Name"), ratio=1)
    table.add_column(Text("Unit"))
    table.add_column(Text("Better"))
    table.add_column(Text("Target"), justify="right")
    table.add_column(Text("Bounds"))
    table.add_column(Text("How it is computed"), ratio=2)
    for measure in checklist.measures:
        table.add_row(
            Text(measure.id),
            Text(measure.name),
            Text(measure.unit),
            Text(measure.better),
            Text(target_text(measure)),
            Text(bounds(measure)),
            Text(measure.description),
        )
    return table
