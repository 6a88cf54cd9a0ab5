"""The HTML report in a real browser: headless Chromium lays the page out.

Needs ``chromium`` (the Debian package; CI installs it). Without it these tests fail
when ``CI`` is set and are skipped otherwise. The report itself holds no script, and
its Content-Security-Policy would block one: to read the laid-out page, the tests
measure a copy of it with the policy taken out and a small script added, which writes
its measurements into the DOM that ``--dump-dom`` prints. Screenshots are taken of
the report itself, on a desktop and a phone width, and the desktop one is also copied
to /tmp/servicescore-report.png for a person to look at. The consolidation page of the
workshop panel is laid out too, at a laptop's and a phone's width.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from tests.needs import program
from typer.testing import CliRunner

from servicescore.cli import app
from servicescore.consolidate import consolidate
from servicescore.inputs import load_answers
from servicescore.render import html

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/northwind-2026-q2.yaml"
PANEL = "panels/northwind-2026-q4"
MIN_WINDOW = 500  # pixels: the narrowest window headless Chromium lays out for --dump-dom
TIMEOUT = 120  # seconds for any one Chromium run
SHOWN_AT = Path(tempfile.gettempdir()) / "servicescore-report.png"
FLAGS = [
    "--headless",
    "--no-sandbox",  # Chromium refuses to run as root with its sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
]
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
MEASURE = """
<script>
(() => {
  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {width: r.width, height: r.height};
  };
  const text = (selector) => {
    const element = document.querySelector(selector);
    return element ? element.innerText : null;
  };
  const charts = [...document.querySelectorAll("svg.chart")].map(box);
  // The right edge of the widest HTML box (SVG clips its own drawing, and a box
  // that scrolls sideways holds what runs past it).
  const right = Math.max(...[...document.querySelectorAll("body *")]
    .filter((element) => !element.closest("svg") && !element.parentElement.closest(".scroll"))
    .map((element) => element.getBoundingClientRect().right));
  // The disputes grid: each column head's width, and each cell whose content runs
  // past its own box (text that would overlap the next column).
  const grid = document.querySelector("table.disputes");
  const columns = grid ? [...grid.querySelectorAll("thead th")].map(
    (element) => element.getBoundingClientRect().width) : [];
  const spilled = grid ? [...grid.querySelectorAll("th, td")]
    // (on a phone the head is kept for screen readers only, in a box a pixel wide)
    .filter((element) => getComputedStyle(element.closest("thead, tbody")).position !== "absolute")
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => element.innerText) : [];
  // The role chart's value labels: how far the furthest one runs past the chart's
  // right edge (a value cut off where the SVG clips it).
  const roleChart = document.querySelector("svg.role-chart");
  const valuePast = roleChart ? Math.max(...[...roleChart.querySelectorAll(".value-label")]
    .map((label) => label.getBoundingClientRect().right - roleChart.getBoundingClientRect().right))
    : null;
  // Words broken mid-word: a word whose text lies on more than one line box. A
  // written hyphen (or, in a file name, a slash) may end a line ("front-" / "line"), so
  // each part up to one counts as a word; an inserted hyphen or a break anywhere does not.
  const brokenWords = (root, word) => {
    const found = [];
    if (!root) return found;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const part = node.parentElement.closest("thead, tbody");
      if (part && getComputedStyle(part).position === "absolute") {
        continue;  // the phone's head, kept for screen readers in a box a pixel wide
      }
      for (const match of node.textContent.matchAll(word)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) found.push(match[0]);
      }
    }
    return found;
  };
  const broken = brokenWords(grid, /[^\\s-]+-?/g);
  const brokenFiles = brokenWords(document.querySelector("footer.colophon"), /[^\\s/-]+[/-]?/g);
  const wrapper = document.querySelector(".scroll");
  const out = {
    svg: box(document.querySelector("svg")),
    charts: charts,
    h1: text("h1"),
    // How far the heading's text runs past its own box: a word wider than the page.
    h1Overflow: (() => {
      const h1 = document.querySelector("h1");
      return h1 ? h1.scrollWidth - h1.clientWidth : null;
    })(),
    verdict: text(".verdict-stage"),
    body: document.body.innerText,
    viewport: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    pageWidth: document.documentElement.getBoundingClientRect().width,
    right: right,
    lang: document.documentElement.lang,
    font: getComputedStyle(document.body).fontFamily,
    rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
    columns: columns,
    spilled: spilled,
    valuePast: valuePast,
    broken: broken,
    brokenFiles: brokenFiles,
    gridScrolls: wrapper ? wrapper.scrollWidth > wrapper.clientWidth : null,
  };
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    return program("chromium", "apt-get install chromium", found)


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The HTML report of the example, written by the CLI to a file."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["assess", EXAMPLE, "--format", "html", "--output", str(target)]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    return target


@pytest.fixture
def expected(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The same assessment as JSON: what the page must show."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["assess", EXAMPLE, "--format", "json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def run_chromium(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    """One Chromium run with a fresh profile, bounded in time."""
    with tempfile.TemporaryDirectory(prefix="servicescore-chromium-") as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


class Measure(HTMLParser):
    """The text of ``<pre id="measure">`` in a dumped DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "pre" and ("id", "measure") in attrs

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found.append(data)


def measured(browser: str, page: Path, width: int, keep_policy: bool = False) -> dict[str, Any]:
    """Lay out a measuring copy of ``page`` at ``width`` and return what it measured."""
    source = page.read_text(encoding="utf-8")
    if not keep_policy:
        source = POLICY.sub("", source)
    if width < MIN_WINDOW:
        # Headless Chromium lays out no narrower than its minimum window; the page
        # is narrowed instead (the phone layout already applies at that width).
        source = source.replace("</head>", f"<style>html {{ width: {width}px; }}</style></head>")
    probe = page.with_name(f"{page.stem}-measure-{width}.html")
    probe.write_text(source.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    done = run_chromium(
        browser,
        f"--window-size={width},2000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        probe.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    parser = Measure()
    parser.feed(done.stdout)
    if not parser.found:
        return {}
    data: dict[str, Any] = json.loads("".join(parser.found))
    return data


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def screenshot(browser: str, page: Path, target: Path, width: int, height: int) -> None:
    done = run_chromium(
        browser,
        f"--window-size={width},{height}",
        f"--screenshot={target}",
        page.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert target.exists(), done.stderr[-2000:]
    assert png_size(target) == (width, height)


def test_report_shows_stage_organisation_and_chart(
    browser: str, report: Path, expected: dict[str, Any]
) -> None:
    data = measured(browser, report, 1200)
    assert data, "the measuring script did not run"
    organisation = expected["subject"]["organisation"]
    stage = expected["stage"]
    assert data["h1"] == organisation
    assert data["lang"] == "en"
    # The overall stage, prominently: number, "of N" and name in the stage panel.
    verdict = " ".join(data["verdict"].split())
    assert f"{stage['number']} of {expected['continuum']['stages']}" in verdict
    assert stage["name"] in verdict
    assert "overall stage" in verdict.lower()  # shown in capitals by CSS
    body = data["body"]
    assert organisation in body and stage["name"] in body
    for component in expected["components"]:
        assert component["name"] in body
    # The chart is laid out with a real size, across the page.
    svg = data["svg"]
    assert svg["width"] > 600 and svg["height"] > 100
    assert all(chart["width"] > 0 and chart["height"] > 0 for chart in data["charts"])
    assert data["scrollWidth"] <= data["viewport"]
    assert data["right"] <= data["pageWidth"] + 0.5
    assert "sans-serif" in data["font"]


def test_report_fits_a_phone(browser: str, report: Path) -> None:
    data = measured(browser, report, 390)
    assert data, "the measuring script did not run"
    assert data["pageWidth"] == 390
    assert data["right"] <= 390.5, "the page is wider than a phone"
    svg = data["svg"]
    assert 300 < svg["width"] <= 390 and svg["height"] > 100
    # The phone layout: tables stacked into cards, numbers only in the chart.
    assert "sans-serif" in data["font"]


def test_the_page_policy_blocks_scripts(browser: str, report: Path) -> None:
    """Even a script that got into the page would not run: the policy forbids it."""
    assert measured(browser, report, 1200, keep_policy=True) == {}


def test_screenshots(browser: str, report: Path, tmp_path: Path) -> None:
    desktop = tmp_path / "report.png"
    phone = tmp_path / "report-phone.png"
    screenshot(browser, report, desktop, 1200, 2400)
    screenshot(browser, report, phone, 390, 2400)
    # Something is drawn: a blank page compresses to almost nothing.
    assert desktop.stat().st_size > 50_000 and phone.stat().st_size > 30_000
    for source, name in ((desktop, SHOWN_AT.name), (phone, "servicescore-report-phone.png")):
        with contextlib.suppress(OSError):  # a read-only /tmp must not fail the test
            shutil.copyfile(source, SHOWN_AT.with_name(name))


def test_report_prints_on_a4(browser: str, report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = run_chromium(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    content = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", content)
    assert boxes, "no pages in the PDF"
    for width, height in boxes:  # A4 is 595.3 × 841.9 points
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5
    assert len(boxes) < 20


@pytest.mark.parametrize("title", ["A" * 120, "https://example.org/" + "x" * 100])
def test_a_long_unbroken_title_fits_a_phone(
    browser: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    """``--title`` is free text: a word wider than the phone wraps inside the heading
    instead of pushing the page sideways."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "portfolio.html"
    files = ["examples/northwind-2026-q1.yaml", EXAMPLE]
    result = CliRunner().invoke(
        app, ["assess", *files, "--title", title, "--format", "html", "--output", str(target)]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    data = measured(browser, target, 390)
    assert data, "the measuring script did not run"
    assert data["h1Overflow"] == 0, "the title runs past the page"
    assert data["scrollWidth"] <= data["viewport"]
    assert data["h1"].replace("\n", "") == title


@pytest.fixture
def consolidation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The consolidation page of the workshop panel, drawn by the function (the CLI's
    --format html of consolidate comes with the other renderers)."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "consolidation.html"
    result = consolidate(load_answers([Path(PANEL)]))
    target.write_text(html.consolidation(result), encoding="utf-8")
    return target


@pytest.mark.parametrize("width", [1280, 390])
def test_consolidation_page_fits_a_laptop_and_a_phone(
    browser: str, consolidation: Path, width: int
) -> None:
    """Six respondents' columns and the roles' chart stay inside the page; on a phone
    the grid is stacked into cards, one respondent a line."""
    data = measured(browser, consolidation, width)
    assert data, "the measuring script did not run"
    assert data["h1"] == "Northwind Utilities"
    assert data["scrollWidth"] <= data["viewport"]
    assert data["right"] <= data["pageWidth"] + 0.5, "something runs past the page"
    assert data["gridScrolls"] is False, "six respondents' grid needs no scrolling"
    assert data["spilled"] == []
    role_chart = data["charts"][0]  # the first chart: the component scores per role
    assert role_chart["height"] > 150 and role_chart["width"] > min(width, 1000) * 0.7
    body = data["body"]
    for respondent in ("Callum Frith", "Imogen Castellane", "Aisha Kendrew"):
        assert respondent in body
    assert "Disputed practices" in body and "Perception gaps" in body


@pytest.fixture(params=[2, 9], ids=["12", "54"])
def large_panel(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The consolidation page of a large panel: the workshop's six files, each also
    answered by namesakes, so that the disputes grid has 12 or 54 columns."""
    monkeypatch.chdir(ROOT)
    folder = tmp_path / "panel"
    folder.mkdir()
    for source in sorted(Path(PANEL).glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        for copy in range(request.param):
            namesake = re.sub(r"^respondent: (.*)$", rf"respondent: \1 {copy}", text, flags=re.M)
            (folder / f"{copy}-{source.name}").write_text(namesake, encoding="utf-8")
    target = tmp_path / "consolidation.html"
    result = consolidate(load_answers([folder]))
    assert len(result.respondents) == 6 * request.param
    target.write_text(html.consolidation(result), encoding="utf-8")
    return target


def test_disputes_of_many_respondents_scroll_sideways(browser: str, large_panel: Path) -> None:
    """Many respondents' columns do not fit a laptop's page: the grid scrolls sideways
    in its own box, each respondent's column keeps a readable width, no text spills
    into the next column, and the page itself stays as wide as the window."""
    data = measured(browser, large_panel, 1280)
    assert data, "the measuring script did not run"
    assert data["scrollWidth"] <= data["viewport"], "the page scrolls sideways"
    assert data["right"] <= data["pageWidth"] + 0.5, "something runs past the page"
    assert data["gridScrolls"] is True
    respondents = data["columns"][2:]
    assert len(respondents) == len(data["columns"]) - 2 >= 12
    assert min(respondents) >= 7 * data["rem"], respondents
    assert data["spilled"] == []


@pytest.fixture
def full_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workshop panel with the director answering "yes" to every practice: the
    Director's bar of every component is a full 100.0, the widest value there is."""
    monkeypatch.chdir(ROOT)
    folder = tmp_path / "panel"
    folder.mkdir()
    for source in sorted(Path(PANEL).glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        if source.name == "director.yaml":
            text = re.sub(r'(:\s*(?:\{answer:\s*)?)(?:"no"|partly)', r'\1"yes"', text)
        (folder / source.name).write_text(text, encoding="utf-8")
    target = tmp_path / "consolidation.html"
    result = consolidate(load_answers([folder]))
    target.write_text(html.consolidation(result), encoding="utf-8")
    assert 'class="value-label">100.0<' in target.read_text(encoding="utf-8")
    return target


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_role_chart_values_stay_inside_the_chart(
    browser: str, full_marks: Path, width: int
) -> None:
    """Every role's value is written after its bar, a full "100.0" too: none runs past
    the chart's right edge, where the SVG would cut it off, at any width."""
    data = measured(browser, full_marks, width)
    assert data, "the measuring script did not run"
    assert data["valuePast"] is not None, "no role chart on the page"
    assert data["valuePast"] <= 0, f"a value runs {data['valuePast']:.1f} px past the chart"


def test_disputes_grid_breaks_no_word_on_a_laptop(browser: str, consolidation: Path) -> None:
    """At a laptop's width the grid's heads ("Consolidated") and cells wrap between
    words only: no word is split across two lines."""
    data = measured(browser, consolidation, 1280)
    assert data, "the measuring script did not run"
    assert data["broken"] == []


@pytest.mark.parametrize("width", [1280, 390])
def test_file_names_break_between_folders_only(browser: str, full_marks: Path, width: int) -> None:
    """The page's list of files, at the foot, names each file by the path it was read
    by, here a long absolute one: it wraps at a slash or a hyphen, never inside a name
    ("director.yam" / "l")."""
    data = measured(browser, full_marks, width)
    assert data, "the measuring script did not run"
    assert data["brokenFiles"] == []
