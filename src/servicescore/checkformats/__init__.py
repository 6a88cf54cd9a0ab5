"""Output formats of ``servicescore check``: one module per format, by name.

Each module has ``render(result, strict) -> str``; the CLI writes the text.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from servicescore.check import CheckResult

# Format name -> module; imported only when chosen.
FORMATS: dict[str, str] = {
    "text": "servicescore.checkformats.text",
    "github": "servicescore.checkformats.github",
    "json": "servicescore.checkformats.json",
    "sarif": "servicescore.checkformats.sarif",
    "junit": "servicescore.checkformats.junit",
}


class Formatter(Protocol):
    def render(self, result: CheckResult, strict: bool) -> str: ...


def formatter(name: str) -> Formatter:
    return importlib.import_module(FORMATS[name])  # a module that implements Formatter
