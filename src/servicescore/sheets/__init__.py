"""Spreadsheet questionnaires (SPEC 7): a checklist written as a workbook (.xlsx) or a
CSV file to fill in, and a filled one read back as answers.

Both forms hold one grid: the checklist's reference and the subject fields as labelled
cells at the top, a header row, then a row per item (id, element, statement, answer,
note). Reading turns the grid into the positioned nodes the YAML reader builds, each
at its cell, so the loader checks the answers exactly as it checks an answers file;
its problems are then told by cell (``FILE:Answers!D12``) or by CSV line and column.

The modules, by responsibility: :mod:`.layout` the grid both forms share and the escape
of formula-like text; :mod:`.write` the questionnaire `template` writes; :mod:`.csvgrid`
and :mod:`.xlsxgrid` a filled one read as a grid of positioned cells, each within its
bounds; :mod:`.read` the grid read as an answers file and checked by the loader.

Nothing here evaluates a formula, and no text written is one. openpyxl is imported by
these modules only, and they only by the two commands that need them (nothing is
imported here): the cold start of ``assess`` does not pay for them.
"""
