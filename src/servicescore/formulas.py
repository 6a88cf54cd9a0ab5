"""Text that a spreadsheet would take for a formula, written as text instead.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage return,
OWASP's CSV injection list) is a formula to Excel, LibreOffice and Google Sheets when a
CSV file is opened: text from a file could then compute, or call out. Every CSV the
product writes (the questionnaire of ``template``, the rows of a plan) puts a leading
``'`` before such text, which a spreadsheet shows as text and which
:func:`unguarded` takes off again when a questionnaire is read back. This module
imports nothing, so that a renderer can use it without the workbook machinery.
"""

from __future__ import annotations

# Cells a spreadsheet would read as a formula, or OWASP's CSV injection list.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guarded(text: str) -> str:
    """``text`` for a CSV cell: a leading ``'`` where a spreadsheet would take it for a
    formula, or where it starts with ``'`` before such a character or another ``'``
    (so that :func:`unguarded` takes off exactly what was added)."""
    if text.startswith(FORMULA_START) or _quoted(text):
        return "'" + text
    return text


def unguarded(text: str) -> str:
    """A CSV cell's text as written before :func:`guarded`."""
    return text[1:] if _quoted(text) else text


def _quoted(text: str) -> bool:
    """Whether ``text`` starts with the ``'`` that :func:`guarded` adds."""
    return text.startswith("'") and text[1:2] != "" and text[1] in (*FORMULA_START, "'")
