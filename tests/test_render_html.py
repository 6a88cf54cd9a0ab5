"""The ``--format html`` report: golden pages, escaping, self-containment, structure.

Golden files live in ``tests/golden/html/``. After an intended change of the page,
regenerate them and review the diff::

    SERVICESCORE_UPDATE_GOLDEN=1 pytest tests/test_render_html.py

With the variable set, each golden test writes its file instead of comparing (and
still passes); without it, a missing or different golden file fails the test.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from fractions import Fraction
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
from typer.testing import CliRunner

from builders import NA, NO, PARTLY, YES, answers, checklist, continuum, element, item, run
from servicescore.cli import app
from servicescore.consolidate import consolidate
from servicescore.diff import compare
from servicescore.inputs import load_answers
from servicescore.model import Answer
from servicescore.render import html as html_render
from servicescore.render import renderer
from servicescore.render.html import environment as html_environment
from servicescore.render.html import views, views_consolidation
from servicescore.render.html.environment import environment, stylesheet
from servicescore.render.json import consolidation_data
from servicescore.trend import build_trend

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "html"
UPDATE = os.environ.get("SERVICESCORE_UPDATE_GOLDEN") == "1"
ENV: dict[str, str | None] = {"COLUMNS": "200", "NO_COLOR": None, "GITHUB_ACTIONS": None}

runner = CliRunner()


def render(*args: str) -> str:
    result = runner.invoke(app, list(args), env=ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


# -- a small HTML model -----------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "wbr"}


class Page(HTMLParser):
    """Elements, attributes and text of a page, and whether every element is closed."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.problems: list[str] = []
        self.doctype: str | None = None
        self.feed(source)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def attribute_values(self) -> Iterator[str]:
        for _, attrs in self.tags:
            yield from (value for value in attrs.values() if value is not None)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key.rstrip("_")) == v for key, v in attrs.items())
        ]


def parsed(source: str) -> Page:
    page = Page(source)
    assert page.problems == []
    assert page.open == []
    return page


EXTERNAL = [
    re.compile(r"@import", re.I),
    re.compile(r"url\(\s*(?!['\"]?data:)", re.I),
    re.compile(r"https?://", re.I),
    re.compile(r"<(?:script|link|img|iframe|frame|object|embed|base|form|audio|video)\b", re.I),
]
# Attributes that load or lead somewhere: only links inside the page are allowed.
ADDRESSES = {"src", "srcset", "href", "xlink:href", "action", "formaction", "poster", "data"}


def assert_self_contained(source: str, page: Page) -> None:
    for pattern in EXTERNAL:
        found = pattern.search(source)
        assert found is None, f"{pattern.pattern!r} matches {found.group(0)!r}"
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in ADDRESSES:
                assert (value or "").startswith("#"), (tag, name, value)


def assert_page_basics(source: str) -> Page:
    page = parsed(source)
    assert page.doctype is not None and page.doctype.lower() == "doctype html"
    assert page.find("html", lang="en")
    assert page.find("meta", charset="utf-8")
    viewport = page.find("meta", name="viewport")
    assert viewport and "width=device-width" in (viewport[0]["content"] or "")
    policy = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert policy and "default-src 'none'" in (policy[0]["content"] or "")
    head = source.split("</head>", 1)[0]
    assert head.count("<title>") == 1 and head.count("<style>") == 1
    assert len(page.find("style")) == 1
    assert_self_contained(source, page)
    # Every chart is an image with a name, and a <title> for tooltips; every other
    # drawing is decoration, hidden from screen readers.
    for tag, attrs in page.tags:
        if tag == "svg" and (attrs.get("class") or "").split()[:1] == ["chart"]:
            assert attrs.get("role") == "img"
            assert attrs.get("aria-label")
    charts = source.count('<svg class="chart')
    assert source.count('role="img"') == charts
    assert len(re.findall(r'<svg class="chart[^>]*>\s*<title>', source)) == charts
    for match in re.finditer(r'<svg class="(bar|ladder|key-line)"[^>]*>', source):
        assert 'aria-hidden="true"' in match.group(0)
    return page


# -- golden pages of the examples -----------------------------------------------------

GOLDEN_CASES = {
    "assess-northwind-2026-q2.html": ["assess", "examples/northwind-2026-q2.yaml"],
    "portfolio-examples.html": ["assess", "examples"],
    "portfolio-examples-detail.html": ["assess", "examples", "--detail"],
    "diff-northwind-2026-q1-q2.html": [
        "diff",
        "examples/northwind-2026-q1.yaml",
        "examples/northwind-2026-q2.yaml",
    ],
    "trend-northwind.html": [
        "trend",
        "examples/northwind-2026-q1.yaml",
        "examples/northwind-2026-q2.yaml",
        "examples/northwind-2026-q3.yaml",
    ],
    "consolidation-northwind-2026-q4.html": ["consolidate", "panels/northwind-2026-q4"],
}


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so that file paths in the pages are stable."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The templates compiled as a wheel's build compiles them (``hatch_build.py``)."""
    folder = tmp_path_factory.mktemp("compiled")
    html_environment.compile_templates(folder)
    return folder


@pytest.fixture(params=["compiled", "sources"])
def each_loader(
    request: pytest.FixtureRequest, compiled_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The test runs twice: pages drawn by the templates compiled, as an installed wheel
    draws them, and by their sources, as an editable install, or a wheel run with
    another Jinja2 than the one that compiled it, draws them."""
    compiled = request.param == "compiled"
    folder = compiled_templates if compiled else compiled_templates / "absent"
    monkeypatch.setattr(html_environment, "COMPILED", folder)
    environment.cache_clear()
    expected = jinja2.ModuleLoader if compiled else jinja2.PackageLoader
    assert isinstance(environment().loader, expected)
    yield
    environment.cache_clear()


@pytest.mark.usefixtures("at_root", "each_loader")
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_page(name: str) -> None:
    output = render(*GOLDEN_CASES[name], "--format", "html")
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no {golden}: run with SERVICESCORE_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file: if the change is intended, rerun with "
        "SERVICESCORE_UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.usefixtures("at_root")
@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_example_pages_are_well_formed_and_self_contained(name: str) -> None:
    assert_page_basics(render(*GOLDEN_CASES[name], "--format", "html"))


@pytest.mark.usefixtures("at_root")
def test_output_file_holds_the_same_page(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    args = GOLDEN_CASES["assess-northwind-2026-q2.html"]
    result = runner.invoke(app, [*args, "--format", "html", "--output", str(target)], env=ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == render(*args, "--format", "html")


# -- the consolidation page, drawn by the function (the CLI wiring is another change) --

PANEL = "panels/northwind-2026-q4"


def consolidation_page(*paths: str) -> tuple[str, dict[str, object]]:
    """The HTML page of the consolidation of ``paths``, and its JSON data."""
    result = consolidate(load_answers([Path(path) for path in paths]))
    return html_render.consolidation(result), consolidation_data(result)


def three(value: float | None) -> str:
    """A figure of the JSON as the page shows it: three decimals, a typographic minus."""
    return "not defined" if value is None else f"{value:.3f}".replace("-", "−")


def one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@pytest.mark.usefixtures("at_root")
def test_consolidation_page_matches_the_json_consolidation() -> None:
    source, data = consolidation_page(PANEL)
    page = assert_page_basics(source)
    report: dict[str, Any] = data["report"]  # type: ignore[assignment]
    # It leads with the consolidated stage, as the assessment report shows it.
    stage = report["stage"]
    assert f'<p class="big">{stage["number"]}<small> of 5</small></p>' in source
    assert "<h1>Northwind Utilities</h1>" in source and len(page.find("h1")) == 1
    # SPEC 6's order: the consolidated assessment as the single report shows it, then
    # the panel's sections, then the long answers list, the reference, last.
    order = [
        'class="verdict"',
        'class="roadmap"',
        ">Where each component stands<",
        ">Scores by element<",
        ">Next steps by component<",
        ">Disputed practices<",
        ">Agreement<",
        ">How each role sees it<",
        ">Perception gaps<",
        ">Answers and notes<",
    ]
    found = [source.index(mark) for mark in order]
    assert found == sorted(found)

    # The grid: a row per disputed item, a column per respondent (name, then role).
    respondents: list[dict[str, Any]] = data["respondents"]  # type: ignore[assignment]
    items: list[dict[str, Any]] = data["items"]  # type: ignore[assignment]
    disputed = [entry for entry in items if entry["disputed"]]
    grid = source.split('<table class="stack disputes">', 1)[1].split("</table>", 1)[0]
    heads = re.findall(r'<th scope="col">(.*?)</th>', grid, re.S)
    assert [" ".join(Page(head).all_text.split()) for head in heads] == [
        "Practice",
        "Consolidated",
        *(f"{one['respondent']} {one['role']}" for one in respondents),
    ]
    caption = "Disputed practices: the consolidated answer, and each respondent's answer and note"
    table = rows(source, escape(caption))
    assert len(table) == len(disputed) > 0
    body = grid.split("<tbody>", 1)[1]
    pills = [
        re.findall(r'<span class="pill[^"]*">([^<]*)</span>', row)
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    for row, shown_pills, entry in zip(table, pills, disputed, strict=True):
        assert row[0].endswith(entry["id"])
        assert row[1] == f"{entry['consolidated']}spread {entry['spread']:.3f}"
        assert shown_pills == [
            entry["consolidated"],
            *(answer["answer"] or "unanswered" for answer in entry["answers"]),
        ]

    agreement: dict[str, Any] = data["agreement"]  # type: ignore[assignment]
    caption = "Krippendorff's alpha, from 1 (alike) through 0 (chance); solid from 0.800, too "
    shown = rows(source, escape(caption + "little below 0.667"))
    figures = [row[1] for row in shown if len(row) > 1]
    assert figures == [
        three(agreement["overall"]),
        *(three(alpha) for alpha in agreement["components"].values()),
        *(three(alpha) for alpha in agreement["elements"].values()),
    ]

    roles: list[dict[str, Any]] = data["roles"]  # type: ignore[assignment]
    gaps: dict[str, Any] = data["role_gaps"]  # type: ignore[assignment]
    by_role = rows(source, "Component score by role, and the role gap")
    assert [row[1:] for row in by_role] == [
        [*(one_decimal(role["components"][key]) for role in roles), one_decimal(gap)]
        for key, gap in gaps.items()
    ]
    chart = page.find("svg", class_="chart role-chart")[0]
    label = chart["aria-label"] or ""
    for role in roles:
        for key, score in role["components"].items():
            assert f"{role['role']} {one_decimal(score)}" in label, (role["role"], key)
    assert source.count('class="role-bar') == len(roles) * len(gaps)

    perception: list[dict[str, Any]] = data["perception_gaps"]  # type: ignore[assignment]
    shown_gaps = rows(source, "Mean answer of each role, and the gap")
    assert [row[0].rsplit(" ", 1)[1] for row in shown_gaps] == [gap["id"] for gap in perception]
    for row, gap in zip(shown_gaps, perception, strict=True):
        means = [three(gap["roles"].get(role["role"])) for role in roles]
        assert row[1:] == [mean.replace("not defined", "–") for mean in means] + [three(gap["gap"])]
    # Every respondent's note is on the page, in the grid or in the joined notes.
    for path in sorted((ROOT / PANEL).glob("*.yaml")):
        for note in re.findall(r'note: "([^"]+)"', path.read_text(encoding="utf-8")):
            assert escape(note) in source


# -- the same figures as the JSON report ------------------------------------------------


def rows(source: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, each cell's text squeezed."""
    table = source.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        found.append([" ".join(Page(cell).all_text.split()) for cell in cells])
    return found


@pytest.mark.usefixtures("at_root")
def test_assessment_figures_match_the_json_report() -> None:
    args = GOLDEN_CASES["assess-northwind-2026-q2.html"]
    report = json.loads(render(*args, "--format", "json"))
    source = render(*args, "--format", "html")
    page = assert_page_basics(source)

    assert page.find("h1") and "<h1>Northwind Utilities</h1>" in source
    stage = report["stage"]
    assert f'<p class="big">{stage["number"]}<small> of 5</small></p>' in source
    assert f'<p class="name">{stage["name"]}</p>' in source
    assert f"<span>Overall score</span><strong>{report['score']:.1f}</strong>" in source
    names = {c["id"]: c["name"] for c in report["components"]}
    limited_by = ", ".join(names[ident] for ident in report["limiting_components"])
    assert f"<span>Limited by</span><strong>{escape(limited_by)}</strong>" in source

    components = rows(source, "Stage and score by component")
    assert [row[0].replace(" limiting", "") for row in components] == [
        c["name"] for c in report["components"]
    ]
    for row, component in zip(components, report["components"], strict=True):
        assert row[1].startswith(f"{component['stage']} ")
        assert row[2] == f"{component['score']:.1f}"
    limiting = {c["name"] for c in report["components"] if c["id"] in report["limiting_components"]}
    assert {
        row[0].replace(" limiting", "") for row in components if "limiting" in row[0]
    } == limiting

    elements = rows(source, "Score by element and group")
    expected = [[e["title"], e["group"], f"{e['score']:.1f}"] for e in report["elements"]] + [
        [g["name"] + " group", "", f"{g['score']:.1f}"] for g in report["groups"]
    ]
    assert [row[:3] for row in elements] == expected

    # The roadmap leads, in its order, with each item's action; then the next steps.
    roadmap = source.split('class="roadmap"', 1)[1].split("</section>", 1)[0]
    ids = re.findall(r'<span class="id">([^<]+)</span>', roadmap)
    assert ids == report["roadmap"]["items"]
    assert source.index('class="roadmap"') < source.index("Where each component stands")
    for step in report["next_steps"]:
        assert escape(step["advance"]) in source
    # Every note of the answers file is on the page.
    for answer in report["items"]:
        if answer["note"]:
            assert escape(answer["note"]) in source

    # The chart's label names every component's stage, as the table does.
    chart = page.find("svg", class_="chart ladder-chart")[0]
    label = chart["aria-label"] or ""
    for component in report["components"]:
        assert f"{component['name']}: stage {component['stage']} of 5" in label


@pytest.mark.usefixtures("at_root")
def test_portfolio_rows_and_detail() -> None:
    report = json.loads(render("assess", "examples", "--format", "json"))
    source = render("assess", "examples", "--format", "html")
    assert_page_basics(source)
    table = rows(source, "One row per answers file, in the order given")
    assert len(table) == len(report)
    for row, one in zip(table, report, strict=True):
        assert one["file"] in row[0] and one["subject"]["organisation"] in row[0]
        stage = f"{one['stage']['number']} {one['stage']['name']}"
        if one["provisional"]:  # the stage range under the stage (SPEC 3.5)
            low, high = one["stage_range"]["low"], one["stage_range"]["high"]
            stage += f"provisional: stays {low}" if low == high else f"provisional: {low}–{high}"
        # the examples answer two checklists, so each row says which (after the period)
        checklist = one["checklist"]
        assert row[2] == f"{checklist['id']} v{checklist['version']}"
        assert row[3] == stage
        assert row[4] == f"{one['score']:.1f}"
    assert source.count('<article class="report"') == 1

    detailed = render("assess", "examples", "--detail", "--format", "html")
    page = assert_page_basics(detailed)
    assert detailed.count('<article class="report"') == 1 + len(report)
    for index, one in enumerate(report, 1):
        assert f'href="#report-{index}"' in detailed
        assert page.find("article", id=f"report-{index}")
        assert f"<h2>{escape(one['subject']['organisation'])}</h2>" in detailed
    assert "<h1>" not in detailed.split('id="report-1"', 1)[1]  # one h1 a page


@pytest.mark.usefixtures("at_root")
def test_diff_page_matches_the_json_diff() -> None:
    args = GOLDEN_CASES["diff-northwind-2026-q1-q2.html"]
    data = json.loads(render(*args, "--format", "json"))
    source = render(*args, "--format", "html")
    assert_page_basics(source)
    assert f'<p class="big">{data["stage"]["old"]} → {data["stage"]["new"]} ' in source
    components = rows(source, "Stage and score by component, before and after")
    # The rows where nothing moved come last: compare without the order.
    shown = sorted((row[1].split()[:3], row[2]) for row in components)
    expected = [
        (
            [str(change["old"]["stage"]), "→", str(change["new"]["stage"])],
            f"{change['old']['score']:.1f} → {change['new']['score']:.1f}",
        )
        for change in data["components"]
    ]
    assert shown == sorted(expected)
    changes = source.split('class="stack changes"', 1)[1]
    ids = re.findall(r'<span class="id">([^<]+)</span>', changes)
    assert ids == [item["id"] for item in data["items"]]  # regressions first, as in JSON
    kinds = re.findall(r'<tbody class="kind (\w+)">', changes)
    assert kinds == list(dict.fromkeys(change["change"] for change in data["items"]))
    assert kinds[0] == "regressed"
    for change in data["items"]:
        for note in change["notes"].values():
            if note:
                assert escape(note) in source


@pytest.mark.usefixtures("at_root")
def test_trend_page_matches_the_json_trend() -> None:
    args = GOLDEN_CASES["trend-northwind.html"]
    data = json.loads(render(*args, "--format", "json"))
    source = render(*args, "--format", "html")
    page = assert_page_basics(source)
    table = rows(source, "Overall stage, component stages and score by period")
    assert [row[0] for row in table] == [point["period"] for point in data["points"]]
    for row, point in zip(table, data["points"], strict=True):
        assert row[1].startswith(f"{point['stage']} ")
        assert row[2:-2] == [str(stage) for stage in point["components"].values()]
        assert row[-2] == f"{point['score']:.1f}"
    assert table[1][-1] == "+21.3"
    chart = page.find("svg", class_="chart trend-chart")[0]
    assert "Overall: 2026-Q1 stage 1, 2026-Q2 stage 2, 2026-Q3 stage 3" in (
        chart["aria-label"] or ""
    )
    # One line (a dot a period) per component and one for the overall stage; the
    # measures' charts (drawn after these two) are counted by their own tests.
    charts = source.split('<svg class="chart measure-chart"')[0]
    dots = re.findall(r'<circle [^>]*class="dot s', charts)
    assert len(dots) == 3 * (1 + 3) + 3  # and the score chart's


# -- hostile text from files ------------------------------------------------------------

PAYLOAD = (
    "<script>alert(1)</script> \"><img src=x onerror=alert(1)> 'single' &amp; "
    "`backticks` | pipe\nsecond line"
)


def hostile(field: str) -> str:
    return f"{field} {PAYLOAD} {field}"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


COMPONENTS = ("cf", "me")
STAGES = (1, 2, 3)
ELEMENTS = ("e1", "e2")


def write_hostile_files(folder: Path) -> None:
    """A continuum, a checklist and two answers files with a payload in every text."""
    cont = [
        "kind: continuum",
        "id: hostile-continuum",
        f"title: {q(hostile('CONTINUUMTITLE'))}",
        'version: "1.0"',
        "pass_mark: 0.8",
        "components:",
    ]
    for c in COMPONENTS:
        cont.append(
            f"  - {{id: {c}, name: {q(hostile('COMPONENT' + c))}, "
            f"description: {q(hostile('DESCRIPTION' + c))}}}"
        )
    cont.append("stages:")
    for n in STAGES:
        cont += [
            f"  - number: {n}",
            f"    name: {q(hostile(f'STAGENAME{n}'))}",
            f"    summary: {q(hostile(f'SUMMARY{n}'))}",
            "    looks_like: {"
            + ", ".join(f"{c}: {q(hostile(f'LOOKSLIKE{n}{c}'))}" for c in COMPONENTS)
            + "}",
        ]
        if n > 1:
            cont.append(
                "    advance: {"
                + ", ".join(f"{c}: {q(hostile(f'ADVANCE{n}{c}'))}" for c in COMPONENTS)
                + "}"
            )
    (folder / "continuum.yaml").write_text("\n".join(cont) + "\n", encoding="utf-8")
    check = [
        "kind: checklist",
        "id: hostile-checklist",
        f"title: {q(hostile('CHECKLISTTITLE'))}",
        'version: "1.0"',
        "continuum: continuum.yaml",
        "scale:",
        '  - {value: "no", credit: 0, label: Not in place}',
        f"  - {{value: {q('<b>yes</b>')}, credit: 1, label: {q(hostile('LABEL'))}}}",
        "elements:",
    ]
    for e in ELEMENTS:
        check += [
            f"  - id: {e}",
            f"    title: {q(hostile('ELEMENT' + e))}",
            f"    group: {q(hostile('GROUP' + e))}",
            "    items:",
        ]
        for c in COMPONENTS:
            for n in STAGES[1:]:
                ident = f"{e}-{c}-{n}"
                check += [
                    f"      - id: {ident}",
                    f"        text: {q(hostile('TEXT' + ident))}",
                    f"        component: {c}",
                    f"        stage: {n}",
                    f"        action: {q(hostile('ACTION' + ident))}",
                ]
    # A measure's name and description, and each file's note on its figure (SPEC 9).
    check += [
        "measures:",
        f"  - {{id: m1, name: {q(hostile('MEASURENAME'))}, unit: percent, better: higher,",
        f"     target: 80, description: {q(hostile('MEASUREDESC'))}}}",
    ]
    (folder / "checklist.yaml").write_text("\n".join(check) + "\n", encoding="utf-8")
    items = [f"{e}-{c}-{n}" for e in ELEMENTS for c in COMPONENTS for n in STAGES[1:]]
    for name, period, answer in (("a", "2026-Q1", "no"), ("b", "2026-Q2", "<b>yes</b>")):
        lines = [
            "kind: answers",
            "checklist: checklist.yaml",
            f"organisation: {q(hostile('ORGANISATION'))}",
            f"unit: {q(hostile('UNIT'))}",
            f"period: {period}",
            f"assessor: {q(hostile('ASSESSOR'))}",
            f"meta: {{{q(hostile('METAKEY'))}: {q(hostile('METAVALUE'))}}}",
            "answers:",
        ]
        # In b, the stage-2 items of e1 improve and one stays "no": diff has changes
        # with notes on both sides, and b's next steps still list actions.
        for ident in items:
            value = answer if ident.startswith("e1") and ident.endswith("-2") else "no"
            note = hostile(f"NOTE{name}{ident}")
            lines.append(f"  {ident}: {{answer: {q(value)}, note: {q(note)}}}")
        figure = 70 if name == "a" else 85
        lines += [
            "measures:",
            f"  m1: {{value: {figure}, note: {q(hostile('MEASURENOTE' + name))}}}",
        ]
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def assert_safe(source: str, fields: list[str]) -> None:
    page = assert_page_basics(source)
    for tag, attrs in page.tags:
        assert tag not in {"script", "img", "iframe", "object", "embed", "link", "base"}
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name, value in attrs.items():
            assert "javascript:" not in (value or "").lower(), (tag, name)
    lowered = source.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b>yes" not in lowered
    text = page.all_text
    values = list(page.attribute_values())
    for field in fields:
        shown = hostile(field)
        # Read back as the exact text (escaped once, never twice) ...
        assert shown in text or any(shown in value for value in values), field
        # ... and written only escaped.
        assert escape(shown, quote=True) in source or escape(shown, quote=False) in source


@pytest.fixture
def hostile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_hostile_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


SUBJECT = ["ORGANISATION", "UNIT", "ASSESSOR"]
STAGE_NAMES = [f"STAGENAME{n}" for n in STAGES]
COMPONENT_NAMES = [f"COMPONENT{c}" for c in COMPONENTS]
ITEMS = [f"{e}-{c}-{n}" for e in ELEMENTS for c in COMPONENTS for n in STAGES[1:]]
MEASURE_TEXTS = ["MEASURENAME", "MEASUREDESC"]


@pytest.mark.usefixtures("hostile_dir", "each_loader")
def test_hostile_text_is_escaped_in_a_report() -> None:
    source = render("assess", "a.yaml", "--format", "html")
    fields = [
        *SUBJECT,
        "METAVALUE",
        "CHECKLISTTITLE",
        "CONTINUUMTITLE",
        *STAGE_NAMES,
        "SUMMARY1",
        *COMPONENT_NAMES,
        *(f"LOOKSLIKE1{c}" for c in COMPONENTS),
        *(f"ADVANCE2{c}" for c in COMPONENTS),
        *(f"ELEMENT{e}" for e in ELEMENTS),
        *(f"GROUP{e}" for e in ELEMENTS),
        *(f"TEXT{i}" for i in ITEMS),
        *(f"ACTION{i}" for i in ITEMS if i.endswith("-2")),  # the roadmap's items
        *(f"NOTEa{i}" for i in ITEMS),
        *MEASURE_TEXTS,
        "MEASURENOTEa",
    ]
    assert_safe(source, fields)
    # Meta keys become labels: their text is there, escaped, with spaces for hyphens.
    assert escape(hostile("METAKEY")) in source


@pytest.mark.usefixtures("hostile_dir", "each_loader")
def test_hostile_text_is_escaped_in_a_portfolio_with_detail() -> None:
    source = render("assess", "a.yaml", "b.yaml", "--detail", "--format", "html")
    assert_safe(
        source,
        [
            *SUBJECT,
            "CHECKLISTTITLE",
            *STAGE_NAMES,
            *COMPONENT_NAMES,
            "ACTIONe2-cf-2",
            *MEASURE_TEXTS,
            "MEASURENOTEb",
        ],
    )
    assert escape("<b>yes</b>") in source


@pytest.mark.usefixtures("hostile_dir", "each_loader")
def test_hostile_text_is_escaped_in_a_diff() -> None:
    source = render("diff", "a.yaml", "b.yaml", "--format", "html")
    changed = [i for i in ITEMS if i.startswith("e1") and i.endswith("-2")]
    assert_safe(
        source,
        [
            "ORGANISATION",
            "UNIT",
            "ASSESSOR",
            "CHECKLISTTITLE",
            *STAGE_NAMES,
            *COMPONENT_NAMES,
            *(f"ELEMENT{e}" for e in ELEMENTS),
            *(f"TEXT{i}" for i in changed),
            *(f"NOTEa{i}" for i in changed),
            *(f"NOTEb{i}" for i in changed),
            "MEASURENAME",
        ],
    )


@pytest.mark.usefixtures("hostile_dir", "each_loader")
def test_hostile_text_is_escaped_in_a_trend() -> None:
    source = render("trend", "a.yaml", "b.yaml", "--format", "html")
    assert_safe(
        source,
        [
            "ORGANISATION",
            "UNIT",
            "CHECKLISTTITLE",
            "CONTINUUMTITLE",
            *STAGE_NAMES,
            *COMPONENT_NAMES,
            *MEASURE_TEXTS,  # in the chart's caption, its label and its dots' titles
        ],
    )


BIDI = "\u202e"  # a right-to-left override: it would reorder the text after it


def write_hostile_panel(folder: Path) -> list[str]:
    """Three respondents' files on the hostile checklist, in two roles, with a payload
    (and a bidi override in each respondent and role) in every text they hold: two say
    "no" everywhere, one "<b>yes</b>" on e1's items, so that there are disputes, role
    gaps and perception gaps."""
    names = []
    for name, role, answer in (("a", "1", "no"), ("b", "1", "<b>yes</b>"), ("c", "2", "no")):
        lines = [
            "kind: answers",
            "checklist: checklist.yaml",
            f"organisation: {q(hostile('ORGANISATION'))}",
            f"unit: {q(hostile('UNIT'))}",
            f"respondent: {q(hostile('RESPONDENT' + name) + BIDI)}",
            f"role: {q(hostile('ROLE' + role) + BIDI)}",
            "answers:",
        ]
        for ident in ITEMS:
            value = answer if ident.startswith("e1") else "no"
            note = hostile(f"NOTE{name}{ident}")
            lines.append(f"  {ident}: {{answer: {q(value)}, note: {q(note)}}}")
        figure = 70 if name == "a" else 85
        lines += [
            "measures:",
            f"  m1: {{value: {figure}, note: {q(hostile('MEASURENOTE' + name))}}}",
        ]
        (folder / f"r{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        names.append(f"r{name}.yaml")
    return names


@pytest.mark.usefixtures("each_loader")
def test_hostile_text_is_escaped_in_a_consolidation(hostile_dir: Path) -> None:
    source, data = consolidation_page(*write_hostile_panel(hostile_dir))
    disputed = [i for i in ITEMS if i.startswith("e1")]
    assert data["perception_gaps"] and data["role_gaps"]
    assert_safe(
        source,
        [
            "ORGANISATION",
            "UNIT",
            "CHECKLISTTITLE",
            *STAGE_NAMES,
            *COMPONENT_NAMES,
            *(f"ELEMENT{e}" for e in ELEMENTS),
            *(f"TEXT{i}" for i in ITEMS),
            *(f"RESPONDENT{name}" for name in "abc"),
            "ROLE1",
            "ROLE2",
            *(f"NOTE{name}{i}" for name in "abc" for i in disputed),
        ],
    )
    assert escape("<b>yes</b>") in source
    # The override shows as its escape wherever a name is printed: column heads,
    # labels of stacked cells, the chart's label and its tooltips.
    assert BIDI not in source
    for name in "abc":
        shown = escape(hostile(f"RESPONDENT{name}") + "\\u202e", quote=True)
        assert source.count(shown) >= 3, name
    shown_role = escape(hostile("ROLE1") + "\\u202e", quote=True)
    label = Page(source).find("svg", class_="chart role-chart")[0]["aria-label"] or ""
    assert hostile("ROLE1") + "\\u202e" in label
    assert source.count(shown_role) >= 5


# A file's name is text from outside too: Linux lets it hold markup, quotes and a bidi
# override. Every page shows the names of the files it was made from.
HOSTILE_NAMES = ("<img src=x onerror='a'>\u202e.yaml", '<b title="b">.yaml')


@pytest.mark.usefixtures("each_loader")
@pytest.mark.parametrize(
    "command", [["assess"], ["assess", "--detail"], ["diff"], ["trend"]], ids=" ".join
)
def test_hostile_file_names_are_escaped_in_every_page(
    hostile_dir: Path, command: list[str]
) -> None:
    for name, source in zip(HOSTILE_NAMES, ("a.yaml", "b.yaml"), strict=True):
        (hostile_dir / source).rename(hostile_dir / name)
    page = render(*command, *HOSTILE_NAMES, "--format", "html")
    assert "<img" not in page and "<b " not in page and "\u202e" not in page
    for name in HOSTILE_NAMES:
        assert escape(name.replace("\u202e", "\\u202e"), quote=True) in page, name


# -- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (None, "–"),
        (Fraction(0), "0.0"),
        (Fraction(100), "100.0"),
        (Fraction(2, 3) * 100, "66.7"),
        (Fraction(1, 20), "0.1"),  # a half rounds up, as every format rounds it
        (Fraction(1249, 20), "62.5"),  # 62.45
    ],
)
def test_scores_use_the_one_decimal_rounding(score: Fraction | None, shown: str) -> None:
    assert views.score_text(score) == shown


def test_deltas_and_percentages() -> None:
    assert views.delta_text(Fraction(40), Fraction(6180, 100)) == "+21.8"
    assert views.delta_text(Fraction(50), Fraction(47)) == "−3.0"
    assert views.delta_text(Fraction(50), Fraction(50)) == "±0.0"
    assert views.delta_text(None, Fraction(50)) == ""
    assert views.percent(Fraction(4, 5)) == "80%"
    assert views.percent(Fraction(33, 40)) == "82.5%"


def test_the_registry_serves_this_module() -> None:
    assert renderer("html") is html_render


def test_top_stage_and_blocked_next_step() -> None:
    cont = continuum(stages=3)
    top = checklist(item("a2", "a", 2), item("a3", "a", 3), item("b2", "b", 2), cont=cont)
    source = html_render.assessment(run(top, {"a2": YES, "a3": YES, "b2": YES}))
    assert_page_basics(source)
    # b has no item at stage 3: b cannot pass it, the overall stage is 2 ...
    assert "Blocked: no applicable practice" in source
    assert "A limiting component has no applicable practice at this stage" in source
    # ... and with every cell passing, the top stage is reached.
    full = checklist(
        item("a2", "a", 2), item("a3", "a", 3), item("b2", "b", 2), item("b3", "b", 3), cont=cont
    )
    source = html_render.assessment(run(full, {i: YES for i in ("a2", "a3", "b2", "b3")}))
    assert_page_basics(source)
    assert "Top stage reached" in source and "Every component is at the top stage." in source
    assert '<span class="pill limiting">' not in source


def test_unanswered_and_not_applicable_answers() -> None:
    check = checklist(element("x", item("a2"), item("b2", "b"), item("c2"), group="G"))
    source = html_render.assessment(run(check, {"a2": NA, "c2": PARTLY}))
    assert_page_basics(source)
    assert "1 item unanswered, counted as not in place: b2" in source
    assert '<span class="pill unanswered">unanswered</span>' in source
    assert '<span class="pill">n/a</span>' in source
    assert '<span class="pill part">partly</span>' in source


def test_empty_portfolio() -> None:
    source = "".join(html_render.portfolio([], detail=True))
    assert_page_basics(source)
    assert "No answers files." in source


def test_diff_with_added_and_removed_items_and_components() -> None:
    old_cont = continuum(stages=3, components=("a", "b"))
    new_cont = continuum(stages=4, components=("a", "c"))
    old = checklist(item("a2"), item("gone", "b"), cont=old_cont)
    new = checklist(item("a2"), item("fresh", "c"), cont=new_cont)
    change = compare(
        run(old, {"a2": YES, "gone": Answer(NO, "was <b>here</b>")}),
        run(new, {"a2": NO, "fresh": YES}),
    )
    source = html_render.diff(change)
    page = assert_page_basics(source)
    text = " ".join(page.all_text.split())
    assert "Regressed (1)" in text and "Added to the checklist (1)" in text
    assert "Removed from the checklist (1)" in text and "not in checklist" in text
    assert escape("was <b>here</b>") in source
    assert "Component b" in text and "Component c" in text
    assert 'class="seg lost"' in source  # a's stage dropped from 2 to 1
    assert "Stage unchanged" in text


def test_trend_with_a_component_missing_in_a_period() -> None:
    first = checklist(item("a2"), item("b2", "b"), cont=continuum(components=("a", "b")))
    later = checklist(item("a2"), item("c2", "c"), cont=continuum(components=("a", "c")))
    series = build_trend(
        [
            run(first, {"a2": YES, "b2": YES}, period="2025", organisation="Org"),
            run(later, {"a2": YES}, period="2026", organisation="Org"),
        ]
    )
    source = html_render.trend(series)
    page = assert_page_basics(source)
    table = rows(source, "Overall stage, component stages and score by period")
    assert table[0][2:5] == ["2", "2", "–"]
    assert table[1][2:5] == ["2", "–", "1"]
    label = page.find("svg", class_="chart trend-chart")[0]["aria-label"] or ""
    assert "Component b: 2025 stage 2;" in label and "Component c: 2026 stage 1" in label


def test_consolidation_without_disputes_or_roles() -> None:
    # Everyone agrees, in one role: nothing disputed, alpha 1 over both items but not
    # defined within a component (its one item has no disagreement to measure), no
    # role scores and no perception gaps.
    check = checklist(item("a2"), item("b2", "b"), item("b3", "b", stage=3))
    given = {"a2": Answer(YES, "we <b>agree</b>"), "b2": PARTLY}  # nobody answers b3
    panel = [
        answers(
            check, given, respondent=f"r{n}", role="Staff", assessor="Ann Other", path=f"r{n}.yaml"
        )
        for n in (1, 2)
    ]
    source = html_render.consolidation(consolidate(panel), "merged.yaml")
    page = assert_page_basics(source)
    text = " ".join(page.all_text.split())
    assert "No item is disputed" in text and "stack disputes" not in source
    assert "All items 1.000 solid" in text
    assert "Component a not defined – Component b not defined –" in text
    assert "Role scores need respondents in at least two roles" in text
    assert '<svg class="chart role-chart"' not in source and "Perception gaps" not in text
    assert "Consolidated answers file merged.yaml" in text
    assert "Respondents 2 respondents in 1 role Assessor Ann Other Rule lower median" in text
    assert escape("r1: we <b>agree</b>") in source  # the joined note
    # b3 stays unanswered: the stage is provisional, as the assessment report says.
    provisional = page.find("p", class_="callout provisional")
    assert provisional and "provisional" in text.lower()
    assert "1 item unanswered, counted as not in place: b3" in text
    assert "with its consolidated answer, and each respondent" in text


def seven_roles() -> list[Any]:
    """A panel of seven respondents, each in a role of their own: more roles than the
    chart has colours."""
    check = checklist(item("a2"), item("b2", "b"))
    return [
        answers(
            check,
            {"a2": YES, "b2": PARTLY if n % 2 else NO},
            respondent=f"r{n}",
            role=f"Role {n}",
            path=f"r{n}.yaml",
        )
        for n in range(1, 8)
    ]


def test_every_role_bar_is_told_apart_without_colour() -> None:
    # Colours repeat after six roles: beyond that each bar carries its role's name, so
    # that no two bars of a component look alike.
    result = consolidate(seven_roles())
    chart = views_consolidation.roles(result).chart
    assert chart is not None
    names = [f"Role {n}" for n in range(1, 8)]
    for group in chart.groups:
        assert [bar.name for bar in group.bars] == names
        assert len({(bar.style, bar.name) for bar in group.bars}) == len(names)
    source = html_render.consolidation(result)
    svg = source.split('class="chart role-chart"', 1)[1].split("</svg>", 1)[0]
    shown = re.findall(r'<text[^>]*class="bar-name">(.*?)</text>', svg)
    assert shown == names * len(chart.groups)


def test_six_roles_or_fewer_keep_the_compact_chart() -> None:
    # Each of six roles has its own colour: no name lines, the chart stays compact.
    result = consolidate(seven_roles()[:6])
    chart = views_consolidation.roles(result).chart
    assert chart is not None
    assert {bar.name for group in chart.groups for bar in group.bars} == {""}
    assert len({bar.style for bar in chart.groups[0].bars}) == 6
    assert 'class="bar-name"' not in html_render.consolidation(result)


@pytest.mark.parametrize(
    ("alpha", "shown", "reading"),
    [
        (None, "not defined", "–"),
        (Fraction(1), "1.000", "solid"),
        (Fraction(4, 5), "0.800", "solid"),
        (Fraction(7995, 10000), "0.800", "solid"),  # read as shown
        (Fraction(2, 3), "0.667", "tentative"),
        (Fraction(6665, 10000), "0.667", "tentative"),
        (Fraction(6664, 10000), "0.666", "too little"),
        (Fraction(0), "0.000", "too little"),
        (Fraction(-1, 2000), "−0.001", "too little"),  # a half away from zero
        (Fraction(-1, 3000), "0.000", "too little"),  # no minus on a zero
        (Fraction(-5, 4), "−1.250", "too little"),
    ],
)
def test_alpha_as_shown_and_read(alpha: Fraction | None, shown: str, reading: str) -> None:
    assert views_consolidation.alpha_text(alpha) == shown
    assert views_consolidation.alpha_pill(alpha).text == reading


def test_pages_print_on_a4_and_fit_a_phone() -> None:
    css = stylesheet()
    assert "@page { size: A4;" in css
    assert "@media print" in css and "break-inside: avoid" in css
    assert "@media screen and (max-width: 720px)" in css
    assert "system-ui" in css and "@font-face" not in css


def test_templates_escape_every_value_and_refuse_an_undefined_name() -> None:
    # Escaping is the template engine's, never a call someone can forget (issue 11): a
    # value with markup, an entity and hidden characters comes out escaped and visible,
    # in an attribute and in text alike, both quotes as the product always wrote them;
    # a misspelt name fails instead of printing nothing.
    hostile = '<b onclick="x">it\'s &amp;</b>\u202e'
    shown = environment().from_string("<p title='{{ v }}'>{{ v }}</p>").render(v=hostile)
    escaped = "&lt;b onclick=&quot;x&quot;&gt;it&#x27;s &amp;amp;&lt;/b&gt;\\u202e"
    assert shown == f"<p title='{escaped}'>{escaped}</p>"
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ report.misspelt }}").render(report={})


HTML_PACKAGE = ROOT / "src" / "servicescore" / "render" / "html"


def test_no_python_module_of_the_html_reports_holds_markup() -> None:
    # Issue 11: view data and chart geometry in Python, markup in templates only. What
    # Python marks safe: a value it has just escaped (the environment's finalize hook),
    # the stylesheet (our own file), and the mark where a portfolio's rows go (cut out
    # before anything is written).
    modules = sorted(HTML_PACKAGE.glob("*.py"))
    assert {module.name for module in modules} >= {"views.py", "charts.py", "__init__.py"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert re.search(r"</?[a-zA-Z]", source) is None, module.name
        assert re.search(r"\b(el|esc)\(", source) is None, module.name  # the old builder
        markups = re.findall(r"Markup\((\w+)", source)
        assert set(markups) <= {"escape", "stylesheet", "_SLOT"}, module.name


def test_no_template_lets_text_through_unescaped() -> None:
    templates = sorted((HTML_PACKAGE / "templates").rglob("*.html"))
    assert len(templates) > 10
    for template in templates:
        source = template.read_text(encoding="utf-8")
        assert re.search(r"\|\s*safe|Markup|autoescape", source) is None, template.name


def test_no_module_of_the_output_formats_is_over_600_lines() -> None:
    # Issue 11: one module per concern, none grown past what a reader can hold.
    for module in (ROOT / "src" / "servicescore" / "render").rglob("*.py"):
        lines = module.read_text(encoding="utf-8").count("\n")
        assert lines <= 600, f"{module.name}: {lines} lines"
