"""The command line: arguments in, a core call, a renderer, an exit code out.

Exit codes: 0 success; 1 a finding (``--fail-under`` not met, ``--strict`` with
unanswered items); 2 unusable input or usage, or a failed write; 130 an interrupt.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from servicescore import __version__

if TYPE_CHECKING:
    import io

    from rich.console import Console
    from typer._click import Context, HelpFormatter

    from servicescore.consolidate import Consolidation
    from servicescore.loader import Loader
    from servicescore.model import Checklist
    from servicescore.problems import Problem

EXIT_OK = 0
EXIT_FINDING = 1
EXIT_UNUSABLE = 2
EXIT_INTERRUPTED = 130

DEFAULT_CHECKLIST = "profit-through-service"
PIPE_WIDTH = 100


class _PlainHelp:
    """Help that, piped or redirected, has no padding at line ends: Rich pads every line
    of it to the full width, noise in a file or a pager, as for reports (see _plain)."""

    def format_help(self, ctx: "Context", formatter: "HelpFormatter") -> None:
        if sys.stdout.isatty():
            super().format_help(ctx, formatter)  # type: ignore[misc]
            return
        from contextlib import redirect_stdout
        from io import StringIO

        # Typer's help console writes to whatever sys.stdout is when it prints.
        with redirect_stdout(StringIO()) as captured:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        with user_errors(), stdout_errors():
            sys.stdout.write(_unpadded(captured.getvalue()))


class Group(_PlainHelp, TyperGroup):
    """The main command and ``checklists``, with plain piped help."""


class Command(_PlainHelp, TyperCommand):
    """A command whose usage line names its arguments the Unix way: ``ANSWERS...``,
    ``OLD NEW``, ``[CHECKLIST]``, where Typer writes ``{answers}...``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same names in the help's Arguments panel and in "Missing argument 'OLD'".
        for param in self.params:
            if param.param_type_name == "argument" and param.metavar is None:
                param.metavar = (param.name or "").upper()

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = (param.name or "").upper() + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
        return pieces


app = typer.Typer(
    cls=Group,
    name="servicescore",
    help="Score customer-service maturity against a checklist and the "
    "Customer Satisfaction Practices Continuum.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ReportFormat(str, Enum):
    """The formats of assess, diff and trend: the keys of render.FORMATS (a test
    holds the two together)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class PlanFormat(str, Enum):
    """The formats of plan: the keys of render.PLAN_FORMATS (a test holds the two
    together), the report formats and csv, for a project tool."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    csv = "csv"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn any error a user can cause into lines on standard error and exit 2."""
    from servicescore.problems import ServiceScoreError, printable

    try:
        yield
    except ServiceScoreError as error:
        for line in error.lines():
            typer.echo(printable(line), err=True)
        raise typer.Exit(EXIT_UNUSABLE) from None


@contextmanager
def stdout_errors() -> Iterator[None]:
    """Write to standard output, and flush it, inside this block (here, not in output.py:
    printing a report must not import a module for it).

    A reader that went away (``| head``) ends the output quietly, as for any Unix filter:
    the rest is dropped and the command goes on to its own exit code. Any other failure
    (a full disk) is a UsageError, exit 2. Either way what is still buffered is dropped,
    so that the interpreter's last flush at exit cannot fail again.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
    except OSError as error:
        from servicescore.problems import UsageError

        _discard_stdout()
        raise UsageError(f"standard output: cannot write: {error.strerror or error}") from error


def _discard_stdout() -> None:
    """Point standard output at the null device: nothing more reaches the broken one."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _version(value: bool) -> None:
    if value:
        with user_errors(), stdout_errors():
            sys.stdout.write(f"servicescore {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    """Score customer-service maturity against a checklist and the Customer Satisfaction
    Practices Continuum."""


def _console() -> "Console":
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        # Piped into a file or a pager: no terminal to fit, so do not squeeze to 80.
        console.width = PIPE_WIDTH
    return console


def _print(output: object) -> None:
    """Print a Rich renderable: styled on a terminal, plain text otherwise."""
    console = _console()
    with stdout_errors():
        if console.is_terminal:
            console.print(output)
        else:
            for piece in _plain(output, console):
                sys.stdout.write(piece)


# How much plain text is written at once: a 20,000-file trend's text is written as it
# is laid out, never held whole (its measures' tables alone are 10 MB).
_PIECE = 1 << 16


def _plain(output: object, console: "Console") -> Iterator[str]:
    """``output`` as ``console`` renders it, in pieces, without the spaces that end its
    lines: Rich pads every table cell to its column's width, noise in a file or a pipe."""
    from servicescore.render.plain import plain_lines

    # A long table is written line by line without Rich's cost per cell (show of a
    # 50,000-item checklist); what it cannot do exactly, Rich renders.
    lines = plain_lines(output, console)  # type: ignore[arg-type]
    if lines is None:
        with console.capture() as captured:
            console.print(output)
        yield _unpadded(captured.get())
        return
    piece: list[str] = []
    size = 0
    for line in lines:
        piece.append(line + "\n")
        size += len(line)
        if size >= _PIECE:
            yield "".join(piece)
            piece, size = [], 0
    yield "".join(piece)


def _unpadded(text: str) -> str:
    """``text`` without the spaces that end its lines."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _emit(output: object, option: Path | None, inputs: list[Path]) -> None:
    """Print ``output`` (text, pieces of text or UTF-8, or a Rich renderable), or write it
    atomically to the ``--output`` file (``-`` is standard output)."""
    target = _output_path(option)
    if isinstance(output, str) and target is None:
        with stdout_errors():
            sys.stdout.write(output)
        return
    if isinstance(output, (str, Iterator)):
        # Pieces of text, or of UTF-8 (a JSON portfolio's spool): see write_chunks.
        from servicescore.output import write_atomic, write_chunks

        if target is None:
            with stdout_errors():
                write_chunks(sys.stdout, output)
        else:
            write_atomic(target, output, inputs)
        return
    if target is None:
        _print(output)
        return
    from io import StringIO

    from rich.console import Console

    from servicescore.output import write_atomic

    console = Console(
        file=StringIO(),
        width=PIPE_WIDTH,
        no_color=True,
        highlight=False,
        color_system=None,
        force_terminal=False,
    )
    write_atomic(target, _plain(output, console), inputs)


def _title(value: str | None) -> str | None:
    """A report title: shown on a terminal and in pages, so no control characters."""
    if value is not None and not value.isprintable():
        from servicescore.problems import printable

        raise typer.BadParameter(f"control characters are not allowed: {printable(value)}")
    return value


# Options that assess, diff, trend and check share.
# FORMAT, with the choices in the help: Typer's "<table|json|markdown|html>" metavar is
# cut mid-word where it does not fit its column on an 80-column terminal.
FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="Output format: table, json, markdown or html."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the result to FILE (atomically); - for stdout.",
        metavar="FILE",
    ),
]


def _output_path(value: Path | None) -> Path | None:
    if value is None or str(value) == "-":
        return None
    return value


@app.command(cls=Command)
def assess(
    answers: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files, or directories searched recursively for answers files.",
            show_default=False,
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ],
    format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    checklist: Annotated[
        Path | None,
        typer.Option(
            "--checklist",
            "-c",
            help="Checklist file or shipped checklist id to use instead of the answers "
            "files' `checklist:` key.",
            metavar="CHECKLIST",
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ] = None,
    fail_under: Annotated[
        int | None,
        typer.Option(
            "--fail-under",
            metavar="STAGE",
            help="Exit 1 when the overall stage of any file is below STAGE (1 to the "
            "continuum's top stage).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any item is unanswered.")
    ] = False,
    detail: Annotated[
        bool, typer.Option("--detail", help="With several files, add each file's full report.")
    ] = False,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            callback=_title,
            help="Title of the portfolio, or of a single report's page (not in JSON).",
        ),
    ] = None,
) -> None:
    """Score answers files: one file gives a full report, several a portfolio."""
    from servicescore.catalog import checklist_option, is_folder
    from servicescore.inputs import collector_paused, load_kept
    from servicescore.loader import Loader
    from servicescore.render import renderer
    from servicescore.scoring import assess as score
    from servicescore.scoring import below_stage, row_only

    with user_errors(), collector_paused(), ExitStack() as stack:
        loader = Loader()
        if checklist is not None:
            checklist = checklist_option(checklist)
        single = len(answers) == 1 and not is_folder(answers[0])
        # Each file is scored as it is read. A portfolio's rows show no item (JSON has
        # every report, --detail every page): each row then keeps only what it shows.
        rows_only = not single and not detail and format is not ReportFormat.json
        keep = (lambda one: row_only(score(one))) if rows_only else score
        spool = None
        if not single and format is ReportFormat.json:
            # JSON has every report: each goes to a temporary file as it is made.
            from servicescore.render.json import Spool

            spooler = spool = stack.enter_context(Spool())
            keep = lambda one: spooler.keep(score(one))  # noqa: E731
        assessments = load_kept(answers, checklist, loader, keep)
        # Checked before anything is printed: a --fail-under no file can use is a usage error.
        below = [] if fail_under is None else below_stage(fail_under, assessments)
        chosen = renderer(format.value)
        if spool is not None:
            result: object = spool.portfolio()
        elif single:
            result = chosen.assessment(assessments[0], title)
        else:
            result = chosen.portfolio(assessments, detail, title)
        _emit(result, output, sorted(loader.files_read))
    for line in below:
        typer.echo(line, err=True)
    failed = bool(below)
    if strict:
        for one in assessments:
            if one.unanswered:
                typer.echo(
                    f"{one.answers.path}: {len(one.unanswered)} unanswered item(s) with --strict",
                    err=True,
                )
                failed = True
    if failed:
        raise typer.Exit(EXIT_FINDING)


# How either side of a diff may name a file at a git revision.
_REVISION_PATH = "or REV:PATH from git (PATH from the top of the repository, REV:./PATH from here)."


@app.command(cls=Command)
def diff(
    old: Annotated[str, typer.Argument(help=f"The earlier answers file, {_REVISION_PATH}")],
    new: Annotated[str, typer.Argument(help=f"The later answers file, {_REVISION_PATH}")],
    format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    fail_on_regression: Annotated[
        bool,
        typer.Option(
            "--fail-on-regression",
            help="Exit 1 when the overall stage or any component's stage dropped. "
            "Under GitHub Actions, also an ::error annotation on NEW.",
        ),
    ] = False,
) -> None:
    """Show what changed between two answers files of the same checklist."""
    from servicescore.diff import compare
    from servicescore.inputs import collector_paused, load_sides
    from servicescore.problems import InputError, printable
    from servicescore.render import renderer
    from servicescore.scoring import assess as score

    # Paused through the printing too: a large checklist's objects, read, scored and laid
    # out, were two fifths of the time in the collector's passes (none is in a cycle).
    with user_errors(), collector_paused():
        old_side, new_side = load_sides(old, new)
        problems = old_side.problems + new_side.problems
        if problems or old_side.answers is None or new_side.answers is None:
            raise InputError(dict.fromkeys(problems))
        result = compare(score(old_side.answers), score(new_side.answers))
        inputs = sorted(old_side.files | new_side.files)
        _emit(renderer(format.value).diff(result), output, inputs)
    if fail_on_regression and result.stage_dropped:
        message = f"a stage dropped from {old} to {new} (--fail-on-regression)"
        typer.echo(printable(message), err=True)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            from servicescore.checkformats.github import in_workspace, regression

            # On the new file (PATH, for a REV:PATH), from the workspace when it lies there.
            file = in_workspace(new_side.location) or new_side.named
            typer.echo(regression(result, file), err=True)
        raise typer.Exit(EXIT_FINDING)


@app.command(cls=Command)
def trend(
    answers: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files with a period, or directories of them.",
            show_default=False,
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ],
    format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
) -> None:
    """Show stage, component stages and score per period, one series per organisation and unit."""
    from servicescore.inputs import collect_answers, collector_paused, no_answers_found
    from servicescore.loader import Loader
    from servicescore.render import renderer
    from servicescore.scoring import assess as score
    from servicescore.scoring import row_only
    from servicescore.trend import build_trend

    with user_errors(), collector_paused():
        loader = Loader()
        # A point shows stages and scores, never an item: each keeps only that.
        scored, problems = collect_answers(answers, None, loader, lambda one: row_only(score(one)))
        if not scored and not problems:
            raise no_answers_found(answers)
        series = build_trend(scored, problems)
        _emit(renderer(format.value).trend(series), output, sorted(loader.files_read))


class ConsolidationRule(str, Enum):
    """How a consolidated answer is taken from the respondents' (SPEC 6)."""

    median = "median"
    strict = "strict"


@app.command(cls=Command)
def consolidate(
    answers: Annotated[
        list[Path],
        typer.Argument(
            help="Two or more answers files about one organisation (one per respondent), "
            "or directories searched recursively for answers files.",
            show_default=False,
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ],
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: table, json, markdown or html.",
        ),
    ] = ReportFormat.table,
    output: OutputOption = None,
    rule: Annotated[
        ConsolidationRule,
        typer.Option(
            "--rule",
            metavar="RULE",
            help="median: the lower median of the answers; strict: the lowest (for audits).",
        ),
    ] = ConsolidationRule.median,
    answers_out: Annotated[
        Path | None,
        typer.Option(
            "--answers-out",
            metavar="FILE",
            help="Also write the consolidated answers file to FILE (atomically), its "
            "checklist reference relative to FILE's folder.",
        ),
    ] = None,
) -> None:
    """Merge several respondents' answers into one assessment: agreement, disputes, role gaps."""
    from servicescore.consolidate import consolidate as merge
    from servicescore.consolidate import panel_problems
    from servicescore.inputs import collector_paused, load_panel
    from servicescore.loader import Loader
    from servicescore.render import renderer

    with user_errors(), collector_paused():
        _distinct_outputs(output, answers_out)
        loader = Loader()
        panel = load_panel(answers, loader, panel_problems)
        written = None if answers_out is None else str(answers_out)
        result = merge(panel, rule.value, written or "")
        inputs = sorted(loader.files_read)
        # Refused and rendered before anything is written: a failure leaves no output.
        reference = None if answers_out is None else _checklist_reference(result, answers_out)
        report = renderer(format.value).consolidation(result, written)
        if answers_out is None or reference is None:
            _emit(report, output, inputs)
            return
        from servicescore.output import refuse_inputs

        # Neither output is written when the other would replace an input.
        target = _output_path(output)
        if target is not None:
            refuse_inputs(target, inputs)
        # The answers file goes in place only once the report is written: both or neither.
        with _answers_written(result, answers_out, reference, inputs):
            _emit(report, output, inputs)


def _distinct_outputs(output: Path | None, answers_out: Path | None) -> None:
    """The report and the consolidated answers cannot share a file, the answers go to a
    regular file (not standard output, where the report goes, nor a device or pipe), and
    the report's file can be written once the answers are."""
    from servicescore.problems import UsageError

    if answers_out is None:
        return
    from servicescore.output import check_writable, refuse_streams

    if str(answers_out) == "-":
        raise UsageError("--answers-out: needs a file; the report goes to standard output")
    refuse_streams(answers_out, "--answers-out")
    target = _output_path(output)
    if target is not None and os.path.realpath(target) == os.path.realpath(answers_out):
        raise UsageError(f"{answers_out}: --output and --answers-out name the same file")
    if target is not None:
        # The answers file is written first: not when the report could not follow it.
        check_writable(target)


def _checklist_reference(result: "Consolidation", target: Path) -> str:
    """How the answers file written to ``target`` names its checklist: the real file, or
    the result could not be assessed; refused where no answers file can hold the name."""
    from servicescore.catalog import reference_to
    from servicescore.problems import UsageError
    from servicescore.yamlfile import unwritable

    checklist = result.consolidated.checklist
    reference = reference_to(checklist.file, checklist.id, target)
    if unwritable(reference):
        raise UsageError(
            f"{checklist.path}: cannot write --answers-out: the checklist's path holds a "
            "character no answers file can name (a control character or a byte that is not "
            "UTF-8); rename it"
        )
    return reference


@contextmanager
def _answers_written(
    result: "Consolidation", target: Path, reference: str, inputs: list[Path]
) -> Iterator[None]:
    """The consolidated answers, naming their checklist by ``reference``, written to
    ``target`` once the block ends without an error."""
    from servicescore.output import write_atomic_after
    from servicescore.templates import answers_file

    heading = (
        f"Consolidated by `servicescore consolidate --rule {result.rule}` from "
        f"{len(result.respondents)} respondents' answers files."
    )
    with write_atomic_after(target, answers_file(result.consolidated, reference, heading), inputs):
        yield


class CheckFormat(str, Enum):
    text = "text"
    github = "github"
    json = "json"
    sarif = "sarif"
    junit = "junit"


@app.command(cls=Command)
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Checklists, continua and answers files, or directories searched "
            "recursively for *.yaml and *.yml.",
            show_default=False,
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ],
    format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            # The bracket is escaped: Typer reads help as Rich markup, and an unescaped
            # "[default: ...]" is taken for a style tag and vanishes.
            help="Output format: text, github, json, sarif or junit. "
            "\\[default: text; github under GitHub Actions]",
            metavar="FORMAT",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Lint checklists, continua and answers files: every problem of every file."""
    from servicescore.check import check_paths
    from servicescore.checkformats import formatter
    from servicescore.loader import Loader

    chosen = (
        format.value
        if format
        else ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    )
    with user_errors():
        loader = Loader()
        result = check_paths(paths, loader)
        text = formatter(chosen).render(result, strict)
        if _output_path(output) is None and chosen == "text":
            _print_findings(text)
        else:
            _emit(text, output, sorted(loader.files_read))
    if result.refused:
        raise typer.Exit(EXIT_UNUSABLE)
    if result.failed(strict):
        raise typer.Exit(EXIT_FINDING)


def _print_findings(text: str) -> None:
    """The text format, coloured by severity on a terminal, plain otherwise."""
    console = _console()
    if not console.is_terminal:
        with stdout_errors():
            sys.stdout.write(text)
        return
    from rich.text import Text

    with stdout_errors():
        for line in text.splitlines():
            style = "red" if ": error [" in line else "yellow" if ": warning [" in line else "bold"
            console.print(Text(line, style=style), soft_wrap=True)


@app.command(cls=Command)
def plan(
    answers: Annotated[
        Path,
        typer.Argument(
            help="The answers file to plan from.",
            show_default=False,
            # Read by the loader, which reports a file it may not read as one line.
            readable=False,
        ),
    ],
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-t",
            metavar="STAGE|COMPONENT=STAGE",
            show_default=False,
            help="The stage to reach: STAGE for every component, COMPONENT=STAGE for one "
            "(by its id; repeatable). A component named by neither keeps its stage.",
        ),
    ] = None,
    format: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: table, json, markdown, html or csv.",
        ),
    ] = PlanFormat.table,
    output: OutputOption = None,
) -> None:
    """Plan the way from today's stages to target stages, in phases."""
    from servicescore.catalog import is_folder
    from servicescore.inputs import collector_paused, load_answers
    from servicescore.loader import Loader
    from servicescore.planning import plan as phased
    from servicescore.problems import UsageError, printable
    from servicescore.render import plan_renderer
    from servicescore.scoring import assess as score
    from servicescore.targets import no_target, resolve_targets

    with user_errors(), collector_paused():
        if not target:
            # Before any file is read: the command line is wrong whatever the file holds.
            raise no_target()
        if is_folder(answers):
            # Before loading: a folder's every file would be read and kept only to be refused.
            name = printable(str(answers))
            raise UsageError(f"{name}: plan reads one answers file, not a folder")
        loader = Loader()
        (loaded,) = load_answers([answers], None, loader)
        assessment = score(loaded)
        targets = resolve_targets(target, assessment.checklist.continuum)
        result = phased(assessment, targets)
        _emit(plan_renderer(format.value).plan(result), output, sorted(loader.files_read))


class SchemaKind(str, Enum):
    checklist = "checklist"
    continuum = "continuum"
    answers = "answers"


@app.command(cls=Command)
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")],
) -> None:
    """Print the JSON Schema (draft-07) of checklist, continuum or answers files."""
    from servicescore.schemas import schema_text

    with user_errors(), stdout_errors():
        sys.stdout.write(schema_text(kind.value))


class TemplateFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"
    csv = "csv"


# The format an --output name's ending stands for; any other ending is YAML's, as
# an answers file may be named anything.
TEMPLATE_ENDINGS = {
    ".yaml": TemplateFormat.yaml,
    ".yml": TemplateFormat.yaml,
    ".xlsx": TemplateFormat.xlsx,
    ".csv": TemplateFormat.csv,
}
# Spreadsheet endings template does not write: YAML under one of them would not open as
# what its name says, and `import` takes an .xlsm for a workbook.
REFUSED_TEMPLATE_ENDINGS = (".xlsm", ".xls", ".ods")


def _template_format(given: TemplateFormat | None, target: Path | None) -> TemplateFormat:
    """--format, or the format --output's ending names; refused when the two disagree, as
    the file would not open as what its name says (CSV under .xlsx, say)."""
    from servicescore.problems import UsageError

    ending = "" if target is None else target.suffix.casefold()
    if ending in REFUSED_TEMPLATE_ENDINGS:
        raise UsageError(
            f"template: cannot write --output {target}: template writes a questionnaire "
            "as .xlsx or .csv"
        )
    named = TEMPLATE_ENDINGS.get(ending)
    if given is None:
        return named or TemplateFormat.yaml
    if named is not None and named is not given:
        raise UsageError(
            f"template: --format {given.value} does not match the ending of --output "
            f"{target}: name the file .{given.value}, or leave --format out"
        )
    return given


# The --output of the commands that write an answers file (template, import).
AnswersOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the answers file to FILE (atomically), its checklist reference "
        "relative to FILE's folder; - for stdout.",
        metavar="FILE",
    ),
]


@app.command(cls=Command)
def template(
    checklist: Annotated[
        str,
        typer.Argument(help="A shipped checklist id or a checklist file."),
    ] = DEFAULT_CHECKLIST,
    output: AnswersOutput = None,
    format: Annotated[
        TemplateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="yaml (an answers file), xlsx (a workbook to fill in, needs --output "
            "on a terminal) or csv (the same rows as CSV); read back with `import`. "
            "Default: the one --output's ending names (.xlsx, .csv), else yaml.",
            metavar="FORMAT",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print a blank answers file, every statement as a comment, or a questionnaire."""
    from servicescore.catalog import reference_from
    from servicescore.loader import Loader

    with user_errors():
        loader = Loader()
        loaded = _checklist(checklist, loader)
        target = _output_path(output)
        chosen = _template_format(format, target)
        reference = checklist if target is None else reference_from(checklist, target)
        inputs = sorted(loader.files_read)
        if chosen is TemplateFormat.yaml:
            from servicescore.templates import answers_template

            _emit(answers_template(loaded, reference), output, inputs)
        elif chosen is TemplateFormat.csv:
            from servicescore.sheets.write import csv_text

            _emit(csv_text(loaded, reference), output, inputs)
        else:
            _emit_workbook(loaded, reference, target, inputs)


def _emit_workbook(
    checklist: "Checklist", reference: str, target: Path | None, inputs: list[Path]
) -> None:
    """The workbook to ``target``, atomically, or to standard output; never to a
    terminal, ``--output /dev/stdout`` included (a zip's bytes would fill the screen with
    noise)."""
    from servicescore.output import write_atomic
    from servicescore.problems import UsageError
    from servicescore.sheets.write import workbook_bytes

    if sys.stdout.isatty() if target is None else _is_terminal(target):
        raise UsageError(
            "template --format xlsx: a workbook is not for a terminal; give --output FILE.xlsx"
        )
    data = workbook_bytes(checklist, reference)
    if target is not None:
        write_atomic(target, [data], inputs)
        return
    with stdout_errors():
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def _is_terminal(target: Path) -> bool:
    """Whether ``--output`` names a terminal (``/dev/stdout`` on one, ``/dev/tty``): only a
    character device is opened to ask, never a FIFO, whose opening waits for a reader."""
    import stat

    try:
        if not stat.S_ISCHR(os.stat(target).st_mode):
            return False
        descriptor = os.open(target, os.O_WRONLY | os.O_NOCTTY)
    except OSError:  # what cannot be opened is told by the writing itself
        return False
    try:
        return os.isatty(descriptor)
    finally:
        os.close(descriptor)


@app.command("import", cls=Command)
def import_(
    questionnaire: Annotated[
        Path,
        typer.Argument(
            help="A filled-in questionnaire of `template --format xlsx` or `csv`.",
            show_default=False,
            readable=False,
        ),
    ],
    output: AnswersOutput = None,
) -> None:
    """Read a filled-in spreadsheet questionnaire (xlsx or csv) as an answers file."""
    from servicescore.catalog import reference_to
    from servicescore.loader import Loader
    from servicescore.problems import InputError, printable
    from servicescore.sheets.read import read
    from servicescore.templates import answers_file

    with user_errors():
        loader = Loader()
        loaded = read(questionnaire, loader)
        shown = [_marked(problem) for problem in loaded.problems]
        if loaded.value is None or loaded.errors:
            raise InputError(shown, keep_order=True)  # in the order of the cells
        for problem in shown:  # warnings only: the answers are written all the same
            typer.echo(printable(str(problem)), err=True)
        checklist = loaded.value.checklist
        target = _output_path(output)
        reference = reference_to(checklist.file, checklist.id, target or Path("answers.yaml"))
        inputs = [questionnaire, *sorted(loader.files_read)]
        _emit(answers_file(loaded.value, reference), output, inputs)


def _marked(problem: "Problem") -> "Problem":
    """A warning told apart from the errors beside it: ``FILE:POS: warning: message``."""
    if problem.severity != "warning":
        return problem
    return problem._replace(message=f"warning: {problem.message}")


@app.command(cls=Command)
def interview(
    checklist: Annotated[
        str,
        typer.Argument(help="A shipped checklist id or a checklist file."),
    ] = DEFAULT_CHECKLIST,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The answers file, replaced (atomically) after every answer; an answers "
            "file of the same checklist is resumed at its first unanswered item.",
            metavar="FILE",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    review: Annotated[
        bool, typer.Option("--review", help="Walk every item again, showing its answer.")
    ] = False,
) -> None:
    """Fill in an answers file in the terminal, one item at a time."""
    from servicescore.interview import conduct, kept_message, prepare, saver

    with user_errors():
        plan = prepare(checklist, output, review, _checklist)
        # Here: questionary and prompt_toolkit are on no other command's path.
        from servicescore.interview_tty import TerminalAsker

        try:
            conduct(plan, TerminalAsker(), saver(plan))
        except (KeyboardInterrupt, EOFError):
            raise _Interrupted(kept_message(output)) from None


class _Interrupted(SystemExit):
    """Exit 130, saying what the command kept: on the line "interrupted" ends with, so
    that one line says both (:func:`_run`). A SystemExit, which Click lets through as it
    is, so that :func:`_run` catches this very one (a Click Exit reaches it only as the
    context of the SystemExit Click raises for it)."""

    def __init__(self, kept: str) -> None:
        super().__init__(EXIT_INTERRUPTED)
        self.kept = kept


checklists_app = typer.Typer(
    cls=Group,
    help="List the shipped checklists; `checklists show CHECKLIST` prints one.",
    invoke_without_command=True,
)
app.add_typer(checklists_app, name="checklists")


@checklists_app.callback()
def checklists(ctx: typer.Context) -> None:
    """List the shipped checklists."""
    if ctx.invoked_subcommand is not None:
        return
    from servicescore.catalog import shipped_dir, shipped_ids
    from servicescore.loader import Loader
    from servicescore.render.catalog import checklist_list

    with user_errors():
        loader = Loader()
        found = []
        for ident in shipped_ids("checklist"):
            loaded = loader.checklist(shipped_dir() / f"{ident}.yaml")
            if loaded.value is not None:
                found.append(loaded.value)
        _print(checklist_list(found))


@checklists_app.command("show", cls=Command)
def checklists_show(
    checklist: Annotated[str, typer.Argument(help="A shipped checklist id or a checklist file.")],
) -> None:
    """Print one checklist as a table."""
    show(checklist)


@app.command(cls=Command)
def show(
    checklist: Annotated[str, typer.Argument(help="A shipped checklist id or a checklist file.")],
) -> None:
    """Print one checklist as a table (the same as `checklists show`)."""
    from servicescore.inputs import collector_paused
    from servicescore.render.catalog import checklist_table

    # As in diff: the collector's passes over a large checklist cost two fifths of the run.
    with user_errors(), collector_paused():
        _print(checklist_table(_checklist(checklist)))


def _checklist(reference: str, loader: "Loader | None" = None) -> "Checklist":
    from servicescore.catalog import is_path_reference, resolve, shipped_ids
    from servicescore.loader import Loader
    from servicescore.problems import InputError, UsageError, printable
    from servicescore.yamlfile import document_kind, read_file

    path = Path(reference) if is_path_reference(reference) else resolve(reference, Path.cwd())
    shown = printable(reference)
    if path is None:
        raise UsageError(
            f"{shown}: unknown checklist; shipped: {', '.join(shipped_ids('checklist'))}, "
            "or give a path to a checklist file"
        )
    if not is_path_reference(reference):
        kind = document_kind(read_file(path).root)
        if kind != "checklist":
            raise UsageError(f"{shown}: is a shipped {kind}, not a checklist")
    loaded = (loader or Loader()).checklist(path)
    if loaded.value is None:
        raise InputError(loaded.errors)
    return loaded.value


def main() -> None:
    """Entry point of the ``servicescore`` console script."""
    try:
        status = _run()
    finally:
        import gc

        # The process is about to end: frozen objects are out of the collector's reach, so
        # the collections the interpreter runs as it shuts down neither walk nor free the
        # objects the imports and the run made (a seventh of a cold start), for memory the
        # system takes back anyway.
        gc.freeze()
    sys.exit(status)


def _run() -> "int | str | None":
    """Run the app and return its exit status; Ctrl-C is one line and 130."""
    _prepare_streams()
    said = ""  # what an interrupted command kept, after "interrupted"
    try:
        try:
            app()
            status: int | str | None = EXIT_OK
        except SystemExit as exit:
            # Typer turns Ctrl-C during a command into a silent exit 130.
            status = _closed_pipe(exit)
            if isinstance(exit, _Interrupted):
                said = f"; {exit.kept}"
        except KeyboardInterrupt:
            status = EXIT_INTERRUPTED
        except OSError as error:
            # Click's own write of the help's last line, which goes round stdout_errors:
            # Click ends EPIPE there itself (see _closed_pipe) and lets the rest through.
            status = _flushed(EXIT_OK, error)
        status = _flushed(status)
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    if status == EXIT_INTERRUPTED:
        sys.stderr.write(f"servicescore: interrupted{said}\n")
    return status


def _closed_pipe(exit: SystemExit) -> "int | str | None":
    """The exit status, but 0 where Click ended a closed pipe with 1: Click writes the
    help's last line itself, outside stdout_errors, and a reader that went away after
    the rest (``--help | head -c1``) is no failure there either."""
    if isinstance(exit.__context__, BrokenPipeError):
        _discard_stdout()
        return EXIT_OK
    return exit.code


def _flushed(status: "int | str | None", failure: OSError | None = None) -> "int | str | None":
    """Flush standard output now, not in the interpreter's exit, where a failure would be
    a traceback and exit 120: what a command left in the buffer (help, short output).
    ``failure``, a write to it that already failed, ends as stdout_errors ends any."""
    try:
        with user_errors(), stdout_errors():
            if failure is not None:
                raise failure
    except typer.Exit as exit:
        return exit.exit_code
    return status


def _prepare_streams() -> None:
    """Text the output's encoding cannot carry (``PYTHONIOENCODING=ascii``, a C locale)
    is replaced, never a crash: ``?`` in results, an escape in messages. A closed
    standard output fails on a write, as any other that cannot be written."""
    import io

    if sys.stdout is None:
        from servicescore.output import ClosedStream

        sys.stdout = ClosedStream()
    if isinstance(sys.stderr, io.TextIOWrapper):
        with suppress(OSError, ValueError):  # no descriptor under it: left as it is
            sys.stderr = _unfailing(sys.stderr)
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        # "surrogateescape" is what the C locale gives without UTF-8 mode: it fails
        # on a '·' as "strict" does (file names never reach it unescaped).
        if isinstance(stream, io.TextIOWrapper) and stream.errors in _FAILING:
            stream.reconfigure(errors=errors)


_FAILING = ("strict", "surrogateescape")


def _unfailing(stream: "io.TextIOWrapper") -> "io.TextIOWrapper":
    """Standard error whose failed writes (a full disk, a reader gone) are dropped: it is
    where failures are told, so when it fails too there is no one left to tell, and the
    exit code must stay the command's own (a traceback that cannot be printed made it 1)."""
    import io

    descriptor = stream.fileno()

    class Dropping(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def fileno(self) -> int:
            return descriptor

        def isatty(self) -> bool:
            return os.isatty(descriptor)

        def write(self, data: Any) -> int:
            try:
                return os.write(descriptor, data)
            except OSError:
                return len(data)

    return io.TextIOWrapper(
        io.BufferedWriter(Dropping()),
        encoding=stream.encoding,
        errors="backslashreplace",
        line_buffering=True,
    )
