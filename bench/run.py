"""Benchmarks for the servicescore CLI: each contender timed against a baseline.

Run by hand with the project's Python (stdlib only; servicescore is found next to it):

    /tmp/venv/bin/python bench/run.py            # full run
    /tmp/venv/bin/python bench/run.py --quick    # fewer rounds
    /tmp/venv/bin/python bench/run.py --profile  # cProfile + importtime, no timing

The machine may be shared and noisy, so contenders are interleaved round by round
(the order rotates every round), only medians are compared, and every target is a
ratio to a baseline measured in the same run, but for two absolute targets: the peak
memory of the portfolio runs, and the 3 s of show and diff of a 50,000-item checklist
(issue 9). Section (e) times consolidate over a panel of respondents (issue 12). See
bench/README.md.

Exit status: 0 when every target passes, 1 when one fails, 2 when a contender
could not run (wrong exit status) or the input data could not be generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
PORTFOLIO = DATA / "portfolio"
LARGE_PORTFOLIO = DATA / "portfolio-large"
CHECKLIST_COPIES = DATA / "checklists"
LARGE_CHECKLIST_DIR = DATA / "large-checklist"
LARGE_CHECKLIST = LARGE_CHECKLIST_DIR / "large.yaml"
LARGE_ANSWERS_OLD = LARGE_CHECKLIST_DIR / "answers-old.yaml"
LARGE_ANSWERS_NEW = LARGE_CHECKLIST_DIR / "answers-new.yaml"
PANEL = DATA / "panel"

# The venv's python may be a symlink to the system one: do not resolve it.
PYTHON = sys.executable
SERVICESCORE = str(Path(sys.executable).parent / "servicescore")

EXAMPLE = "examples/northwind-2026-q2.yaml"
EXAMPLE_EARLIER = "examples/northwind-2026-q1.yaml"
SHIPPED_CHECKLIST = REPO / "checklists" / "profit-through-service.yaml"
BASELINE_IMPORTS = "import typer, yaml, rich.console, rich.table"

PORTFOLIO_FILES = 2000
PORTFOLIO_SEED = 20260401
# (d) scale: ten times the portfolio, and a checklist of 50,000 items.
LARGE_PORTFOLIO_FILES = 20000
LARGE_CHECKLIST_ITEMS = 50000
LARGE_CHECKLIST_ELEMENT_SIZE = 100
CHECKLIST_COPY_COUNT = 200
# (e) consolidate (issue 12): 200 respondents' files about one organisation.
PANEL_FILES = 200
PANEL_SEED = 20261001

# Targets: ratio of medians (contender / baseline), and peak RSS in MB (10**6 bytes).
TARGET_COLD = 1.3
TARGET_THROUGHPUT = 2.0
TARGET_RSS_MB = 150.0
TARGET_DIFF = 1.2
# check over 200 checklist copies takes no longer than yamllint on the same folder.
TARGET_CHECK = 1.0
# (d) scale (issue 9): a 20,000-file portfolio, in every format and in trend, within
# 1.5x ten times the 2,000-file JSON run of the same round, and under TARGET_RSS_MB;
# show and diff of a 50,000-item checklist under 3 s (the one absolute time target).
TARGET_SCALE = 1.5
TARGET_LARGE_CHECKLIST_S = 3.0
# (e) consolidate over the panel within 1.5x assess over the same files as a JSON
# portfolio: merging, agreement and role gaps cost at most half of reading and scoring.
TARGET_CONSOLIDATE = 1.5

ROUNDS = {"cold": 21, "throughput": 5, "diff": 21, "check": 5, "scale": 3, "consolidate": 5}
QUICK_ROUNDS = {"cold": 5, "throughput": 2, "diff": 5, "check": 2, "scale": 1, "consolidate": 2}


# --------------------------------------------------------------------------------------
# Running and timing one child process
# --------------------------------------------------------------------------------------


class ContenderError(RuntimeError):
    """A contender exited with a status it should not have."""


@dataclass
class Sample:
    seconds: float
    max_rss_bytes: int
    returncode: int


# Contenders run as an installed package would: with byte code cached. Where
# PYTHONDONTWRITEBYTECODE is set (some sandboxes set it), an editable install would
# otherwise recompile the project's modules on every cold start.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(argv: Sequence[str], ok_codes: Sequence[int] = (0,)) -> Sample:
    """Run ``argv`` from the repository root, stdout to /dev/null; wall time and max RSS.

    The child is reaped with ``os.wait4`` so that its own resource usage (ru_maxrss,
    in KiB on Linux) is read directly, not the sum over all children of this process.
    Linux carries the resident size of this process at spawn time into the child's
    figure, so the runner keeps itself small (about 18 MB) and records its own peak.
    """
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            cwd=REPO,
            env=CHILD_ENV,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok_codes:
            stderr.seek(0)
            tail = stderr.read()[-2000:].decode("utf-8", "replace")
            raise ContenderError(
                f"{' '.join(argv)} exited with {process.returncode}"
                f" (expected {', '.join(map(str, ok_codes))}):\n{tail}"
            )
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return Sample(elapsed, usage.ru_maxrss * scale, process.returncode)


@dataclass
class Contender:
    name: str
    argv: list[str]
    ok_codes: tuple[int, ...] = (0,)
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [sample.seconds for sample in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def interleave(contenders: Sequence[Contender], rounds: int, label: str) -> None:
    """One unrecorded warm-up run of each, then ``rounds`` rounds, rotating the order."""
    live = sys.stderr.isatty()
    print(f"  {label}: {rounds} rounds of {len(contenders)}", end="", file=sys.stderr, flush=True)
    for contender in contenders:
        run_once(contender.argv, contender.ok_codes)
    for index in range(rounds):
        shift = index % len(contenders)
        for contender in [*contenders[shift:], *contenders[:shift]]:
            contender.samples.append(run_once(contender.argv, contender.ok_codes))
        if live:
            print(f"\r  {label}: round {index + 1}/{rounds}", end="", file=sys.stderr, flush=True)
    print(" done" if not live else "", file=sys.stderr)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    contender: str
    command: str
    unit: str  # "s" or "MB"
    median: float
    minimum: float | None = None
    maximum: float | None = None
    samples: list[float] = field(default_factory=list)
    ratio: float | None = None  # None for a baseline or an absolute measure
    # Median of the per-round ratios: a cross-check of ``ratio`` on a noisy machine.
    paired_ratio: float | None = None
    target: str = ""  # e.g. "<= 1.3x" or "<= 150 MB"; empty when informational
    result: str = ""  # PASS, FAIL, or "" (baseline / informational)

    def as_json(self) -> dict[str, object]:
        return {
            "contender": self.contender,
            "command": self.command,
            "unit": self.unit,
            "median": round(self.median, 6),
            "min": None if self.minimum is None else round(self.minimum, 6),
            "max": None if self.maximum is None else round(self.maximum, 6),
            "samples": [round(value, 6) for value in self.samples],
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "paired_ratio": None if self.paired_ratio is None else round(self.paired_ratio, 4),
            "target": self.target or None,
            "result": self.result or None,
        }


@dataclass
class Section:
    name: str
    rounds: int = 0
    rows: list[Row] = field(default_factory=list)
    skipped: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "rounds": self.rounds,
            "skipped": self.skipped,
            "rows": [row.as_json() for row in self.rows],
        }


def shown(argv: Sequence[str]) -> str:
    """A command as it would be typed from the repository root."""
    words = []
    for word in argv:
        if word == PYTHON:
            word = "python"
        elif word == SERVICESCORE:
            word = "servicescore"
        elif word.startswith(str(REPO) + os.sep):
            word = os.path.relpath(word, REPO)
        words.append(word)
    return " ".join(words)


def time_row(contender: Contender) -> Row:
    values = contender.seconds
    return Row(
        contender.name,
        shown(contender.argv),
        "s",
        statistics.median(values),
        min(values),
        max(values),
        values,
    )


def ratio_row(contender: Contender, baseline: Contender, target: float | None) -> Row:
    row = time_row(contender)
    row.ratio = contender.median / baseline.median
    row.paired_ratio = statistics.median(
        mine / theirs for mine, theirs in zip(contender.seconds, baseline.seconds, strict=True)
    )
    if target is not None:
        row.target = f"<= {target:g}x"
        row.result = "PASS" if row.ratio <= target else "FAIL"
    return row


def scaled_row(contender: Contender, baseline: Contender, factor: int, target: float) -> Row:
    """``contender`` against ``factor`` times ``baseline`` (both medians, same run)."""
    row = time_row(contender)
    row.ratio = contender.median / (baseline.median * factor)
    row.paired_ratio = statistics.median(
        mine / (theirs * factor)
        for mine, theirs in zip(contender.seconds, baseline.seconds, strict=True)
    )
    row.target = f"<= {target:g}x"
    row.result = "PASS" if row.ratio <= target else "FAIL"
    return row


def seconds_row(contender: Contender, target: float) -> Row:
    """An absolute time target: the median must be under ``target`` seconds."""
    row = time_row(contender)
    row.target = f"<= {target:g} s"
    row.result = "PASS" if row.median <= target else "FAIL"
    return row


def rss_row(contender: Contender, target_mb: float) -> Row:
    values = [sample.max_rss_bytes / 1e6 for sample in contender.samples]
    median = statistics.median(values)
    return Row(
        f"{contender.name}: peak RSS",
        shown(contender.argv),
        "MB",
        median,
        min(values),
        max(values),
        values,
        target=f"<= {target_mb:g} MB",
        # The worst run must fit, not just the typical one.
        result="PASS" if max(values) <= target_mb else "FAIL",
    )


def print_table(sections: Sequence[Section]) -> None:
    header = ("contender", "median", "ratio", "target", "result")
    lines: list[tuple[str, ...]] = []
    for section in sections:
        lines.append(
            (f"{section.name}" + (f"  [{section.rounds} rounds]" if section.rounds else ""),)
        )
        if section.skipped:
            lines.append((f"  skipped: {section.skipped}",))
            continue
        for row in section.rows:
            median = f"{row.median:.3f} s" if row.unit == "s" else f"{row.median:.1f} MB"
            ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
            if row.unit == "s" and row.ratio is None and not row.target:
                ratio = "(base)"
            lines.append((f"  {row.contender}", median, ratio, row.target, row.result))
    width = max(len(line[0]) for line in lines if len(line) > 1)
    width = max(width, len(header[0]))
    form = f"{{:<{width}}}  {{:>10}}  {{:>7}}  {{:>10}}  {{:<4}}"
    print(form.format(*header))
    print("-" * (width + 39))
    for line in lines:
        print(line[0] if len(line) == 1 else form.format(*line).rstrip())


# --------------------------------------------------------------------------------------
# Test data
# --------------------------------------------------------------------------------------

# Item ids of the shipped checklist `profit-through-service`, by element (title, ids).
ELEMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Service strategy",
        (
            "strategy-aligned",
            "strategy-vision",
            "strategy-programmes",
            "strategy-chosen-customers",
        ),
    ),
    ("Organisation structure and culture", ("structure-supports-strategy", "culture-no-blame")),
    (
        "Service channels",
        (
            "channels-variety",
            "channels-structure-aligned",
            "channels-demographics",
            "channels-self-service",
        ),
    ),
    (
        "Systems",
        (
            "systems-reliable",
            "systems-enhance-experience",
            "systems-first-contact",
            "systems-resolve-alone",
        ),
    ),
    (
        "Processes",
        (
            "processes-designed",
            "processes-empowerment",
            "processes-feedback-improvement",
            "processes-satisfaction-measured",
            "processes-complaints",
        ),
    ),
    (
        "Performance management system",
        (
            "performance-kpis",
            "performance-kpis-highlight-risk",
            "performance-kpis-balanced",
            "performance-no-corner-cutting",
            "performance-workforce-matching",
            "performance-kpi-review-coaching",
            "performance-individual-behaviours",
            "performance-balanced-scorecard",
            "performance-reward",
            "performance-other-departments",
        ),
    ),
    (
        "Recruitment",
        (
            "recruitment-competency-based",
            "recruitment-behaviours-over-knowledge",
            "recruitment-scorecard-aligned",
        ),
    ),
    (
        "Training and coaching",
        (
            "training-coaching-leaders",
            "training-before-contact",
            "training-ongoing",
            "training-resource-library",
            "training-invest-despite-turnover",
        ),
    ),
    (
        "Staff satisfaction and retention",
        (
            "staff-satisfaction-measured",
            "staff-motivation",
            "staff-socialising",
            "staff-workplace",
        ),
    ),
)

ORGANISATIONS = (
    "Northwind Utilities",
    "Harbour Dental Clinics",
    "Contoso Insurance",
    "Fabrikam Housing Association",
    "Tailspin Travel",
    "Woodgrove Bank",
    "Litware Broadband",
    "Adventure Works Retail",
    "Blue Yonder Airlines",
    "Coho Vineyard",
    "Lakeshore Water",
    "Riverside Council",
    "Alpine Ski Hire",
    "Proseware Software",
    "Wide World Importers",
    "Trey Research",
    "Margie's Travel",
    "City Power & Light",
    "Southridge Video",
    "Graphic Design Institute",
    "Humongous Insurance",
    "Fourth Coffee",
    "Wingtip Toys",
    "Consolidated Messenger",
    "Lucerne Publishing",
    "Relecloud Mobile",
    "Best For You Organics",
    "Bellows College",
    "School of Fine Art",
    "VanArsdel Energy",
)
UNITS = (
    "Customer contact centre",
    "Billing and payments",
    "Complaints team",
    "Field service",
    "Online and self-service",
    "Retail branches",
    "Patient services",
    "Claims handling",
    "Technical support",
    "Account management",
    "Collections",
    "",
)
ASSESSORS = (
    "Service improvement lead",
    "Head of customer experience",
    "Operations manager",
    "Quality and training manager",
    "External consultant",
    "Customer insight analyst",
    "Contact centre manager",
    "",
)
NOTES = (
    "Agreed at the quarterly review; evidence held by the team leader",
    "Only in the larger sites so far",
    "Planned for next quarter, budget approved",
    "Measured monthly since the start of the year",
    "Depends on the new customer system going live",
    "Board approved in principle, no owner named yet",
    "Works for phone and email, not yet for web chat",
    "Pilot in one team; results due at the end of the period",
    "Dropped during the restructure and not restarted",
    "Not relevant to this unit: handled centrally by head office",
    "Survey sample is small — treat with care",
    "Team leaders disagree on this one; recorded as the lower answer",
)
# The shipped checklist's measures, each with the range its generated figures fall in.
MEASURES: tuple[tuple[str, int, int], ...] = (
    ("first-contact-resolution", 40, 95),
    ("repeat-contact-rate", 5, 45),
    ("customer-satisfaction", 40, 95),
    ("nps", -60, 70),
    ("complaints-resolved-in-time", 30, 100),
    ("staff-satisfaction", 30, 90),
    ("staff-attrition", 4, 45),
)
WORKSHOPS = (
    "Quarterly self-assessment with team leaders",
    "Annual review with the leadership team",
    "Peer review by a neighbouring unit",
    "Facilitated workshop after the restructure",
)


def checklist_item_ids() -> list[str]:
    """Item ids as the shipped checklist lists them (a scan, no YAML library)."""
    text = SHIPPED_CHECKLIST.read_text(encoding="utf-8")
    return re.findall(r"^ {6}- id: *(\S+)", text, re.MULTILINE)


def checklist_measure_ids() -> list[str]:
    """Measure ids as the shipped checklist lists them, after its items."""
    text = SHIPPED_CHECKLIST.read_text(encoding="utf-8").partition("\nmeasures:")[2]
    return re.findall(r"^ {2}- id: *(\S+)", text, re.MULTILINE)


def _measure_lines(rng: random.Random) -> list[str]:
    """Most files report most of the measures; now and then a figure has a note."""
    lines = ["measures:"]
    for ident, low, high in MEASURES:
        roll = rng.random()
        if roll < 0.15:
            continue  # not measured this period
        figure = f"{rng.uniform(low, high):.1f}" if roll < 0.5 else str(rng.randint(low, high))
        if roll > 0.93:
            note = json.dumps(rng.choice(NOTES), ensure_ascii=False)
            lines.append(f"  {ident}: {{value: {figure}, note: {note}}}")
        else:
            lines.append(f"  {ident}: {figure}")
    return lines


def _period(rng: random.Random) -> str:
    year = rng.choice((2024, 2025, 2026))
    kind = rng.random()
    if kind < 0.75:
        return f"{year}-Q{rng.randint(1, 4)}"
    if kind < 0.9:
        return f"{year}-{rng.randint(1, 12):02d}"
    if kind < 0.95:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return str(year)


def _scalar(value: str, rng: random.Random) -> str:
    """``"yes"``/``"no"`` quoted as the template asks, but now and then written bare."""
    if value in ("yes", "no"):
        return value if rng.random() < 0.1 else f'"{value}"'
    return value


def answers_file(index: int, rng: random.Random, unique: bool = False) -> tuple[str, str]:
    """One answers file: (file name, text). With ``unique``, no two files share an
    organisation, unit and period (``trend`` refuses that): the subject follows the
    index, a quarter a step, 360 subjects a quarter."""
    organisation = rng.choice(ORGANISATIONS)
    unit = rng.choice(UNITS)
    period = _period(rng)
    if unique:
        step, subject = divmod(index - 1, len(ORGANISATIONS) * len(UNITS))
        organisation = ORGANISATIONS[subject % len(ORGANISATIONS)]
        unit = UNITS[subject // len(ORGANISATIONS)]
        period = f"{2026 - step // 4}-Q{4 - step % 4}"
    maturity = rng.uniform(0.1, 0.9)  # a mature unit answers "yes" more often
    weights = (maturity, 0.35, 1.0 - maturity, 0.04)
    lines = [
        "kind: answers",
        "checklist: profit-through-service",
        f"organisation: {json.dumps(organisation, ensure_ascii=False)}",
        f"unit: {unit}".rstrip(),
        f"period: {period}",
        f"assessor: {rng.choice(ASSESSORS)}".rstrip(),
    ]
    if rng.random() < 0.4:
        lines += [
            "meta:",
            f"  workshop: {rng.choice(WORKSHOPS)}",
            f"  headcount: {rng.randint(5, 400)} staff",
        ]
    lines.append("answers:")
    for title, items in ELEMENTS:
        lines.append(f"  # {title}")
        for item in items:
            roll = rng.random()
            if roll < 0.04:
                continue  # not even listed: unanswered
            if roll < 0.08:
                lines.append(f"  {item}:")  # left empty, as the template has it
                continue
            value = rng.choices(("yes", "partly", "no", "n/a"), weights)[0]
            if roll < 0.09:
                note = json.dumps(rng.choice(NOTES), ensure_ascii=False)
                lines.append(f"  {item}: {{note: {note}}}")  # a note, no answer yet
            elif roll < 0.25:
                note = json.dumps(rng.choice(NOTES), ensure_ascii=False)
                lines.append(f"  {item}: {{answer: {_scalar(value, rng)}, note: {note}}}")
            else:
                lines.append(f"  {item}: {_scalar(value, rng)}")
    if rng.random() < 0.7:
        lines += _measure_lines(rng)
    slug = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-")
    return f"{index:05d}-{slug}-{period}.yaml", "\n".join(lines) + "\n"


def generate_portfolio(directory: Path, count: int, seed: int, unique: bool = False) -> None:
    """Write ``count`` answers files to ``directory`` (replaced), deterministically;
    ``unique`` as for :func:`answers_file`."""
    expected = [item for _title, items in ELEMENTS for item in items]
    if checklist_item_ids() != expected:
        raise SystemExit(
            f"bench/run.py: the item ids of {SHIPPED_CHECKLIST.relative_to(REPO)} changed; "
            "update ELEMENTS in bench/run.py"
        )
    if checklist_measure_ids() != [ident for ident, _low, _high in MEASURES]:
        raise SystemExit(
            f"bench/run.py: the measure ids of {SHIPPED_CHECKLIST.relative_to(REPO)} changed; "
            "update MEASURES in bench/run.py"
        )
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    rng = random.Random(seed)
    for index in range(1, count + 1):
        name, text = answers_file(index, rng, unique)
        (directory / name).write_text(text, encoding="utf-8")


def write_large_checklist(items: int, seed: int) -> None:
    """A checklist of ``items`` items in elements of 100, on the shipped continuum, and two
    answers files for it (every item answered) that differ in about a tenth of the items."""
    if LARGE_CHECKLIST_DIR.exists():
        shutil.rmtree(LARGE_CHECKLIST_DIR)
    LARGE_CHECKLIST_DIR.mkdir(parents=True)
    rng = random.Random(seed)
    components = ("customer-focus", "measurement", "environment")
    lines = [
        "kind: checklist",
        "id: large",
        "title: A large checklist",
        'version: "1.0"',
        "continuum: customer-satisfaction-practices",
        "elements:",
    ]
    # One flow mapping a line: 50,000 items in block style would not fit the 5 MiB limit.
    ids = [f"i{index:05d}" for index in range(1, items + 1)]
    for start in range(0, items, LARGE_CHECKLIST_ELEMENT_SIZE):
        element = start // LARGE_CHECKLIST_ELEMENT_SIZE + 1
        lines += [
            f"- id: element-{element:04d}",
            f"  title: Element {element}",
            f"  group: Group {element % 7 + 1}",
            "  items:",
        ]
        for index, item in enumerate(ids[start : start + LARGE_CHECKLIST_ELEMENT_SIZE], start):
            lines.append(
                f"  - {{id: {item}, text: Practice {index + 1},"
                f" component: {components[index % 3]}, stage: {rng.randint(2, 5)},"
                f" action: Do {index + 1}}}"
            )
    LARGE_CHECKLIST.write_text("\n".join(lines) + "\n", encoding="utf-8")
    old = {item: rng.choice(("yes", "partly", "no")) for item in ids}
    new = {
        item: rng.choice(("yes", "partly", "no")) if rng.random() < 0.1 else value
        for item, value in old.items()
    }
    sides = ((LARGE_ANSWERS_OLD, old, "2026-Q1"), (LARGE_ANSWERS_NEW, new, "2026-Q2"))
    for path, answers, period in sides:
        header = ["kind: answers", "checklist: large.yaml", "organisation: Large"]
        header.append(f"period: {period}")
        body = [f'  {item}: "{value}"' for item, value in answers.items()]
        path.write_text("\n".join([*header, "answers:", *body]) + "\n", encoding="utf-8")


# (e) A panel: one organisation, unit and period, each file a respondent with a role.
PANEL_ROLES = ("Director", "Head of department", "Team leader", "Adviser", "Back office")
# How often each role is drawn: a panel has few directors and many advisers.
PANEL_ROLE_WEIGHTS = (1, 2, 5, 10, 3)
# How much more than the organisation's view each role credits a practice: directors
# see it in place sooner than the front line, so that the panel has perception gaps.
PANEL_ROLE_BIAS = (0.3, 0.15, 0.05, -0.15, -0.05)


def _respondent_answer(truth: float, bias: float, rng: random.Random) -> str:
    """An answer near ``truth`` (a credit the organisation has), moved by the role's
    ``bias`` and by the respondent's own reading."""
    seen = truth + bias + rng.gauss(0.0, 0.25)
    if seen >= 0.75:
        return "yes"
    return "partly" if seen >= 0.25 else "no"


def respondent_file(index: int, truths: dict[str, float], rng: random.Random) -> tuple[str, str]:
    """One respondent's answers file of the panel: (file name, text). About 3% of the
    items are left empty, 3% are ``n/a``, and every ``n/a`` and 16% of the other answers
    carry a note (consolidate joins them)."""
    role_index = rng.choices(range(len(PANEL_ROLES)), PANEL_ROLE_WEIGHTS)[0]
    lines = [
        "kind: answers",
        "checklist: profit-through-service",
        "organisation: Northwind Utilities",
        "unit: Customer contact centre",
        "period: 2026-Q4",
        f"respondent: Respondent {index:03d}",
        f"role: {PANEL_ROLES[role_index]}",
        "answers:",
    ]
    for title, items in ELEMENTS:
        lines.append(f"  # {title}")
        for item in items:
            roll = rng.random()
            if roll < 0.03:
                lines.append(f"  {item}:")  # left empty: unanswered
                continue
            if roll < 0.06:
                value = "n/a"
            else:
                value = _respondent_answer(truths[item], PANEL_ROLE_BIAS[role_index], rng)
            if roll < 0.22:
                note = json.dumps(rng.choice(NOTES), ensure_ascii=False)
                lines.append(f"  {item}: {{answer: {_scalar(value, rng)}, note: {note}}}")
            else:
                lines.append(f"  {item}: {_scalar(value, rng)}")
    return f"respondent-{index:03d}.yaml", "\n".join(lines) + "\n"


def generate_panel(directory: Path, count: int, seed: int) -> None:
    """Write ``count`` respondents' answers files to ``directory`` (replaced),
    deterministically: every file about the same organisation, unit and period, as
    consolidate requires, each item with one credit the organisation has that the
    respondents read through their role."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    rng = random.Random(seed)
    truths = {item: rng.random() for _title, items in ELEMENTS for item in items}
    for index in range(1, count + 1):
        name, text = respondent_file(index, truths, rng)
        (directory / name).write_text(text, encoding="utf-8")


def copy_checklists(directory: Path, count: int) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    for index in range(1, count + 1):
        shutil.copyfile(SHIPPED_CHECKLIST, directory / f"profit-through-service-{index:03d}.yaml")


def verify_portfolio(count: int) -> None:
    """The generated files must all load: one report per file, and exit status 0.

    The report goes to a file and is scanned line by line, never loaded here: every
    child starts as a copy of this process, and Linux counts the parent's resident size
    at that moment in the child's ``ru_maxrss``, so this process must stay small.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        completed = subprocess.run(
            [SERVICESCORE, "assess", str(PORTFOLIO), "--format", "json"],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise ContenderError(
                f"servicescore rejected the generated portfolio (exit {completed.returncode}):\n"
                + completed.stderr[-2000:]
            )
        out.seek(0)
        reports = sum('"format": "servicescore.report/1"' in line for line in out)
    if reports != count:
        raise ContenderError(f"expected {count} reports, got {reports}")


# --------------------------------------------------------------------------------------
# The benchmarks
# --------------------------------------------------------------------------------------


def bench_cold_start(rounds: int) -> Section:
    """(a) Start-up of a one-file assess against importing its heaviest dependencies."""
    baseline = Contender(f'python -c "{BASELINE_IMPORTS}"', [PYTHON, "-c", BASELINE_IMPORTS])
    table = Contender("servicescore assess (table)", [SERVICESCORE, "assess", EXAMPLE])
    as_json = Contender(
        "servicescore assess --format json", [SERVICESCORE, "assess", EXAMPLE, "--format", "json"]
    )
    # HTML imports Jinja2 and loads the templates the wheel's build compiled.
    as_html = Contender(
        "servicescore assess --format html", [SERVICESCORE, "assess", EXAMPLE, "--format", "html"]
    )
    interleave([baseline, table, as_json, as_html], rounds, "cold start")
    return Section(
        "(a) cold start: one answers file",
        rounds,
        [
            time_row(baseline),
            ratio_row(table, baseline, TARGET_COLD),
            ratio_row(as_json, baseline, TARGET_COLD),
            ratio_row(as_html, baseline, TARGET_COLD),
        ],
    )


def bench_throughput(rounds: int) -> Section:
    """(b) A 2,000-file portfolio against a bare walk-and-parse of the same files."""
    baseline = Contender(
        "parse_only.py (walk + CSafeLoader)",
        [PYTHON, str(BENCH / "parse_only.py"), str(PORTFOLIO)],
    )
    contender = Contender(
        "servicescore assess DIR --format json",
        [SERVICESCORE, "assess", str(PORTFOLIO), "--format", "json"],
    )
    interleave([baseline, contender], rounds, "throughput")
    base_rss = rss_row(baseline, TARGET_RSS_MB)
    base_rss.target = base_rss.result = ""  # context only
    return Section(
        f"(b) throughput: {PORTFOLIO_FILES} answers files",
        rounds,
        [
            time_row(baseline),
            ratio_row(contender, baseline, TARGET_THROUGHPUT),
            rss_row(contender, TARGET_RSS_MB),
            base_rss,
        ],
    )


def command_exists(argv: Sequence[str]) -> bool:
    """True when ``argv`` (a ``--help`` call) runs and exits 0."""
    try:
        completed = subprocess.run(
            list(argv), cwd=REPO, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return completed.returncode == 0


def find_yamllint() -> str | None:
    beside = Path(sys.executable).parent / "yamllint"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("yamllint")


def bench_diff(rounds: int) -> Section:
    """(c) Hook: ``servicescore diff A B`` against a cold one-file assess."""
    section = Section("(c) diff of two answers files")
    if not command_exists([SERVICESCORE, "diff", "--help"]):
        section.skipped = "`servicescore diff --help` failed: no diff command yet"
        return section
    baseline = Contender("servicescore assess B (cold)", [SERVICESCORE, "assess", EXAMPLE])
    # A finding (exit 1) is an answer, not a crash.
    contender = Contender(
        "servicescore diff A B", [SERVICESCORE, "diff", EXAMPLE_EARLIER, EXAMPLE], (0, 1)
    )
    interleave([baseline, contender], rounds, "diff")
    section.rounds = rounds
    section.rows = [time_row(baseline), ratio_row(contender, baseline, TARGET_DIFF)]
    return section


def bench_check(rounds: int) -> Section:
    """(c) Hook: ``servicescore check`` against yamllint over 200 checklist copies."""
    section = Section(f"(c) check: {CHECKLIST_COPY_COUNT} checklist copies")
    yamllint = find_yamllint()
    missing = []
    if not command_exists([SERVICESCORE, "check", "--help"]):
        missing.append("`servicescore check --help` failed: no check command yet")
    if yamllint is None:
        missing.append("yamllint is not installed")
    if missing:
        section.skipped = "; ".join(missing)
        return section
    assert yamllint is not None
    copy_checklists(CHECKLIST_COPIES, CHECKLIST_COPY_COUNT)
    # Both exit 1 on findings (yamllint: the shipped lines are longer than its default).
    baseline = Contender("yamllint DIR", [yamllint, str(CHECKLIST_COPIES)], (0, 1))
    contender = Contender(
        "servicescore check DIR", [SERVICESCORE, "check", str(CHECKLIST_COPIES)], (0, 1)
    )
    interleave([baseline, contender], rounds, "check")
    section.rounds = rounds
    section.rows = [time_row(baseline), ratio_row(contender, baseline, TARGET_CHECK)]
    return section


def bench_consolidate(rounds: int) -> Section:
    """(e) Hook (issue 12): ``consolidate`` over 200 respondents' files against ``assess``
    of the same files as a JSON portfolio."""
    section = Section(f"(e) consolidate: {PANEL_FILES} respondents' answers files")
    if not command_exists([SERVICESCORE, "consolidate", "--help"]):
        section.skipped = "`servicescore consolidate --help` failed: no consolidate command yet"
        return section
    generate_panel(PANEL, PANEL_FILES, PANEL_SEED)
    panel = str(PANEL)
    baseline = Contender(
        "servicescore assess DIR --format json", [SERVICESCORE, "assess", panel, "--format", "json"]
    )
    contender = Contender(
        "servicescore consolidate DIR --format json",
        [SERVICESCORE, "consolidate", panel, "--format", "json"],
    )
    interleave([baseline, contender], rounds, "consolidate")
    section.rounds = rounds
    section.rows = [
        time_row(baseline),
        ratio_row(contender, baseline, TARGET_CONSOLIDATE),
        rss_row(contender, TARGET_RSS_MB),
    ]
    return section


def bench_scale(rounds: int) -> Section:
    """(d) Issue 9's scale targets: ten times the portfolio in every format and in trend,
    against ten times the 2,000-file JSON run; show and diff of a 50,000-item checklist."""
    print(
        f"generating {LARGE_PORTFOLIO_FILES} answers files in bench/data/portfolio-large"
        f" and a {LARGE_CHECKLIST_ITEMS}-item checklist in bench/data/large-checklist ...",
        file=sys.stderr,
    )
    # In a child: the 50,000-item checklist would grow this process, and every child's
    # peak RSS counts this process's size at its spawn (see run_once).
    subprocess.run([PYTHON, __file__, "--generate-large"], check=True)
    large = str(LARGE_PORTFOLIO)
    baseline = Contender(
        f"servicescore assess DIR --format json ({PORTFOLIO_FILES} files)",
        [SERVICESCORE, "assess", str(PORTFOLIO), "--format", "json"],
    )
    portfolio = [
        Contender(
            f"assess DIR --format {name} ({LARGE_PORTFOLIO_FILES} files)",
            [SERVICESCORE, "assess", large, "--format", name],
        )
        for name in ("table", "json", "markdown", "html")
    ]
    portfolio.append(
        Contender(f"trend DIR ({LARGE_PORTFOLIO_FILES} files)", [SERVICESCORE, "trend", large])
    )
    show = Contender(
        f"show CHECKLIST ({LARGE_CHECKLIST_ITEMS} items)",
        [SERVICESCORE, "show", str(LARGE_CHECKLIST)],
    )
    # A finding (exit 1) is an answer, not a crash.
    diff = Contender(
        f"diff A B ({LARGE_CHECKLIST_ITEMS} items)",
        [SERVICESCORE, "diff", str(LARGE_ANSWERS_OLD), str(LARGE_ANSWERS_NEW)],
        (0, 1),
    )
    interleave([baseline, *portfolio, show, diff], rounds, "scale")
    rows = [time_row(baseline)]
    for contender in portfolio:
        rows += [
            scaled_row(contender, baseline, LARGE_PORTFOLIO_FILES // PORTFOLIO_FILES, TARGET_SCALE),
            rss_row(contender, TARGET_RSS_MB),
        ]
    rows += [
        seconds_row(show, TARGET_LARGE_CHECKLIST_S),
        seconds_row(diff, TARGET_LARGE_CHECKLIST_S),
    ]
    return Section(
        f"(d) scale: {LARGE_PORTFOLIO_FILES} answers files (ratio to 10x the base);"
        f" a {LARGE_CHECKLIST_ITEMS}-item checklist",
        rounds,
        rows,
    )


# --------------------------------------------------------------------------------------
# Profiles (--profile)
# --------------------------------------------------------------------------------------


def profile_portfolio(top: int) -> Path:
    """cProfile of the portfolio run, as `python -m cProfile -s cumtime` would sort it."""
    import pstats  # only here: the timing runs keep this process small

    raw = RESULTS / "profile-portfolio.prof"
    text = RESULTS / "profile-portfolio.txt"
    argv = [PYTHON, "-m", "cProfile", "-o", str(raw), "-m", "servicescore", "assess"]
    subprocess.run(
        [*argv, str(PORTFOLIO), "--format", "json"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    with text.open("w", encoding="utf-8") as out:
        for key in ("cumulative", "tottime"):
            out.write(f"===== sorted by {key} =====\n")
            stats = pstats.Stats(str(raw), stream=out)
            stats.strip_dirs().sort_stats(key).print_stats(top)
    return text


def profile_imports(top: int) -> tuple[Path, list[tuple[int, int, str]]]:
    """`python -X importtime -m servicescore assess EXAMPLE`: the costliest imports."""
    log = RESULTS / "importtime-assess.txt"
    completed = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "servicescore", "assess", EXAMPLE],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    log.write_text(completed.stderr, encoding="utf-8")
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match[1]), int(match[2]), match[4]))
    return log, rows


def run_profiles(top: int) -> None:
    text = profile_portfolio(top)
    print(f"cProfile of the portfolio run: {text.relative_to(REPO)}")
    print(text.read_text(encoding="utf-8"))
    log, rows = profile_imports(top)
    print(f"import times (microseconds) of a cold assess: {log.relative_to(REPO)}")
    print(f"{'cumulative':>10}  {'self':>8}  module (top {top} by cumulative)")
    for self_us, cumulative_us, name in sorted(rows, key=lambda row: -row[1])[:top]:
        print(f"{cumulative_us:>10}  {self_us:>8}  {name}")
    print(f"\n{'self':>10}  module (top {top} by self time)")
    for self_us, _cumulative_us, name in sorted(rows, key=lambda row: -row[0])[:top]:
        print(f"{self_us:>10}  {name}")


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def runner_rss_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def git_state() -> dict[str, object]:
    def git(*args: str) -> str | None:
        try:
            completed = subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
            )
        except OSError:
            return None
        return completed.stdout.strip() if completed.returncode == 0 else None

    status = git("status", "--porcelain", "--", "src", "checklists")
    return {"commit": git("rev-parse", "HEAD"), "src_modified": bool(status) if status else False}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of timing, profile the portfolio run (cProfile) and a cold assess "
        "(-X importtime); output in bench/results/",
    )
    parser.add_argument("--top", type=int, default=25, help="rows shown by --profile")
    parser.add_argument("--generate-large", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_large:  # the (d) data, written by a child of the run (bench_scale)
        generate_portfolio(LARGE_PORTFOLIO, LARGE_PORTFOLIO_FILES, PORTFOLIO_SEED, unique=True)
        write_large_checklist(LARGE_CHECKLIST_ITEMS, PORTFOLIO_SEED)
        return 0

    if not Path(SERVICESCORE).is_file():
        print(
            f"bench/run.py: {SERVICESCORE} not found; use the project's venv python",
            file=sys.stderr,
        )
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS

    try:
        started = time.time()
        load_before = os.getloadavg()
        print(
            f"generating {PORTFOLIO_FILES} answers files in bench/data/portfolio ...",
            file=sys.stderr,
        )
        generate_portfolio(PORTFOLIO, PORTFOLIO_FILES, PORTFOLIO_SEED)
        verify_portfolio(PORTFOLIO_FILES)
        if args.profile:
            run_profiles(args.top)
            return 0
        sections = [
            bench_cold_start(rounds["cold"]),
            bench_throughput(rounds["throughput"]),
            bench_diff(rounds["diff"]),
            bench_check(rounds["check"]),
            bench_scale(rounds["scale"]),
            bench_consolidate(rounds["consolidate"]),
        ]
    except ContenderError as error:
        print(f"bench/run.py: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:  # --profile, or writing the (d) data
        print(f"bench/run.py: {shown(error.cmd)} exited with {error.returncode}", file=sys.stderr)
        return 2

    print()
    print_table(sections)
    results = [row.result for section in sections for row in section.rows if row.result]
    ok = "FAIL" not in results
    report = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started, 1),
        "quick": args.quick,
        "python": sys.version.split()[0],
        "executable": PYTHON,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_before": [round(value, 2) for value in load_before],
        "loadavg_after": [round(value, 2) for value in os.getloadavg()],
        # Every child's max RSS is at least this (see verify_portfolio).
        "runner_max_rss_mb": round(runner_rss_mb(), 1),
        "git": git_state(),
        "portfolio": {"files": PORTFOLIO_FILES, "seed": PORTFOLIO_SEED},
        "panel": {"files": PANEL_FILES, "seed": PANEL_SEED},
        "ok": ok,
        "sections": [section.as_json() for section in sections],
    }
    latest = RESULTS / "latest.json"
    latest.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nrunner's own peak RSS (a floor for every RSS above): {runner_rss_mb():.1f} MB")
    print(f"{'all targets met' if ok else 'TARGETS MISSED'}; written to {latest.relative_to(REPO)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
