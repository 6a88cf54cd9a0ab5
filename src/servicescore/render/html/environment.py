"""The Jinja2 environment of the HTML reports, and the stylesheet they inline.

Both are built once, on first use: this package is imported only when ``--format html``
is asked for, and nothing here runs before a page is rendered, so ``assess`` in another
format never imports Jinja2 (``tests/test_cli.py`` checks it). Every template is
autoescaped, and every value a template prints goes through :func:`_shown` first:
characters that hide or reorder text show as ``\\u202e`` as in every other format (an
entity would still reorder the text), then ``& < > " '`` are escaped. Macro output is
markup of our own templates and is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from servicescore.problems import visible

# Scripts, fonts, frames and addresses outside the page are refused by the browser
# itself; only the inline style sheet (and data: images, of which there are none) load.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

PACKAGE = "servicescore.render.html"
TEMPLATES = "templates"
# The templates compiled to Python when the wheel is built (hatch_build.py), with the
# version of Jinja2 that compiled them in VERSION_FILE: compiling nine templates from
# source cost each run of `assess --format html` about 28 ms, loading them 1 ms.
COMPILED = Path(__file__).with_name("compiled")
VERSION_FILE = "jinja2-version"


@cache
def stylesheet(name: str = "report.css") -> str:
    """A stylesheet of ``templates/``: ``report.css`` is inlined into every page, a page
    kind's own (``plan.css``) after it, into its pages only."""
    return (files(PACKAGE) / TEMPLATES / name).read_text(encoding="utf-8")


def _shown(value: object) -> Markup:
    """Every printed value: our own markup (a macro's output) as it is, anything else
    with hidden characters made visible, then escaped."""
    if isinstance(value, Markup):
        return value
    # The escaping of the rest of the product (html.escape, quotes included), so that
    # the page reads as before templates came: autoescaping would write &#39; for
    # &#x27;, the same character. Values are escaped here, always; autoescaping stays
    # on so that nothing printed past this hook could ever go out unescaped.
    return Markup(escape(visible(str(value)), quote=True))


@cache
def environment() -> jinja2.Environment:
    """Templates from this package only, autoescaped, an undefined name an error."""
    return _environment(_loader(COMPILED))


def _loader(compiled: Path) -> jinja2.BaseLoader:
    """The templates as the wheel's build compiled them, when this install has them and
    this very version of Jinja2 compiled them (compiled code calls Jinja2's runtime,
    which may change between releases); else the template sources (an editable or
    source checkout, or Jinja2 upgraded since)."""
    try:
        compiled_by = (compiled / VERSION_FILE).read_text(encoding="utf-8")
    except OSError:
        compiled_by = None
    if compiled_by is not None and compiled_by == _jinja2_version():
        return jinja2.ModuleLoader(compiled)
    return jinja2.PackageLoader(PACKAGE, TEMPLATES)


def compile_templates(target: Path) -> None:
    """Every template compiled to a Python module in ``target``, as :func:`_loader`
    loads them, and the version of Jinja2 that compiled them: called by the wheel's
    build hook (``hatch_build.py``), and by the tests."""
    sources = jinja2.FileSystemLoader(Path(__file__).with_name(TEMPLATES))
    _environment(sources).compile_templates(
        target, zip=None, filter_func=lambda name: name.endswith(".html"), ignore_errors=False
    )
    version = _jinja2_version()
    if version is not None:  # else no stamp, and the sources are used: slow, not wrong
        (target / VERSION_FILE).write_text(version, encoding="utf-8")


def _jinja2_version() -> str | None:
    # Read where it costs nothing (metadata would search the installed packages);
    # a Jinja2 that no longer says its version here gets the template sources.
    version = getattr(jinja2, "__version__", None)
    return version if isinstance(version, str) else None


def _environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    # Compiled templates depend on these settings: both loaders get them from here.
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """``template`` filled with ``context``."""
    return environment().get_template(template).render(**context)


def macro(template: str, name: str) -> Callable[..., str]:
    """The macro ``name`` of ``template``, to be called from Python (a portfolio's rows,
    drawn one at a time)."""
    found: Callable[..., str] = getattr(environment().get_template(template).module, name)
    return found


def page(template: str, title: str, styles: tuple[str, ...] = (), **context: Any) -> str:
    """A whole page: ``template`` (which extends ``base.html``) with the page title,
    the Content-Security-Policy and the inlined stylesheet, then ``styles``, the
    stylesheets of this page kind alone."""
    # Markup: the stylesheets are our own files, shipped in this package; escaping
    # would break their quotes and child selectors.
    css = Markup(stylesheet() + "".join(stylesheet(name) for name in styles))
    return render(template, title=title, csp=CSP, css=css, **context)
