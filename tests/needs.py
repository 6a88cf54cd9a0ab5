"""The programs from outside Python some tests run (Chromium, cmark-gfm, tmux,
LibreOffice, git and pre-commit), all found and missed the same way.

.ci/run installs each of them and exports ``CI=true``: under CI a missing program is a
failure, so that a test meant to run there never skips unseen. Elsewhere (a laptop
without LibreOffice, say) the test is skipped, saying how to install the program.
"""

from __future__ import annotations

import os
import shutil

import pytest


def program(name: str, install: str, found: str | None = None) -> str:
    """The path of program ``name`` (``found`` when the caller looked for it its own way;
    else on PATH); a failure under CI, and a skip elsewhere, when it is not there."""
    path = found if found is not None else shutil.which(name)
    if path is not None:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed, and CI installs it: this test must run there")
    pytest.skip(f"{name} is not installed ({install}); CI runs this test")
