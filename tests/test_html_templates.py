"""The HTML templates as a wheel ships them: compiled to Python by the build.

``hatch_build.py`` compiles every template into the wheel
(``servicescore/render/html/compiled``), so that a run of ``assess --format html``
loads them instead of compiling them from source. These tests prove that they are
used only when the Jinja2 at hand compiled them, that a wheel built from this tree
carries them all, and that an installed wheel uses them. That compiled templates draw
the very pages the sources do is proved by the golden and hostile-text tests of
``test_render_html.py``, which run with each.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from hashlib import sha1
from importlib.metadata import distribution
from pathlib import Path

import jinja2
import pytest

from servicescore.render.html import environment as html_environment
from test_render_html import ROOT

TEMPLATES = ROOT / "src" / "servicescore" / "render" / "html" / "templates"


def template_names() -> list[str]:
    return sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html"))


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The templates compiled into a folder, which the renderer then loads from."""
    folder = tmp_path / "compiled"
    folder.mkdir()
    html_environment.compile_templates(folder)
    monkeypatch.setattr(html_environment, "COMPILED", folder)
    html_environment.environment.cache_clear()
    yield folder
    html_environment.environment.cache_clear()


def test_compiled_templates_are_used_only_when_this_jinja2_compiled_them(
    compiled: Path,
) -> None:
    assert isinstance(html_environment._loader(compiled), jinja2.ModuleLoader)
    (compiled / html_environment.VERSION_FILE).write_text("3.0.0", encoding="utf-8")
    assert isinstance(html_environment._loader(compiled), jinja2.PackageLoader)
    assert isinstance(html_environment._loader(compiled / "absent"), jinja2.PackageLoader)


def test_every_template_is_compiled(compiled: Path) -> None:
    modules = {path.name for path in compiled.glob("tmpl_*.py")}
    expected = {f"tmpl_{sha1(name.encode()).hexdigest()}.py" for name in template_names()}
    assert modules == expected
    assert (compiled / html_environment.VERSION_FILE).read_text() == jinja2.__version__


def test_an_installed_wheel_draws_its_pages_with_its_compiled_templates() -> None:
    # CI installs the project as a user does (`pip install .`): its pages must come
    # from the compiled templates, or every run pays for compiling them again.
    installed = distribution("servicescore").read_text("direct_url.json") or "{}"
    if json.loads(installed).get("dir_info", {}).get("editable"):
        pytest.skip("an editable install draws its pages from the template sources")
    html_environment.environment.cache_clear()
    try:
        assert isinstance(html_environment.environment().loader, jinja2.ModuleLoader)
    finally:
        html_environment.environment.cache_clear()


def test_a_wheel_built_from_this_tree_carries_its_templates_compiled(tmp_path: Path) -> None:
    # A real build, as `pip install .` makes one: the build hook runs in pip's isolated
    # build environment, with the Jinja2 it installs there.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("servicescore-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    folder = "servicescore/render/html/compiled/"
    for name in template_names():
        assert f"{folder}tmpl_{sha1(name.encode()).hexdigest()}.py" in names, name
        assert f"servicescore/render/html/templates/{name}" in names, name
    assert folder + html_environment.VERSION_FILE in names
