"""The registry of rules behind every problem servicescore reports.

Rule ids are stable: tools and CI configurations may refer to them. Add new rules at
the end of their block; never renumber or reuse an id.
"""

from __future__ import annotations

from typing import NamedTuple

from servicescore.problems import Severity


class Rule(NamedTuple):
    id: str
    name: str
    severity: Severity
    summary: str


_RULES = (
    # The file itself and its YAML.
    Rule("SS001", "file-unreadable", "error", "The file is missing, unreadable, or not a file."),
    Rule(
        "SS002",
        "file-size",
        "error",
        "The file is over 5 MiB, or its `meta` over 10000 keys and values.",
    ),
    Rule("SS003", "encoding", "error", "The file is not UTF-8 text or holds control characters."),
    Rule("SS004", "yaml-syntax", "error", "The file is not valid YAML."),
    Rule("SS005", "duplicate-key", "error", "A mapping holds the same key twice."),
    Rule("SS006", "alias", "error", "YAML anchors and aliases are not allowed."),
    Rule("SS007", "tag", "error", "Explicit YAML tags are not allowed."),
    Rule("SS008", "document", "error", "The file must hold exactly one YAML document."),
    Rule("SS009", "nesting", "error", "Collections are nested deeper than the limit."),
    # Structure of checklists, continua and answers.
    Rule("SS101", "kind", "error", "The `kind` is missing where required, or unknown."),
    Rule("SS102", "unknown-field", "error", "A field that the format does not define."),
    Rule("SS103", "missing-field", "error", "A required field is missing."),
    Rule("SS104", "wrong-type", "error", "A value has the wrong type."),
    Rule("SS105", "id-format", "error", "An id is not a slug: [a-z0-9][a-z0-9._-]*."),
    Rule("SS106", "duplicate-id", "error", "Two ids or scale values are the same."),
    Rule(
        "SS107",
        "reference",
        "error",
        "A reference to a continuum, checklist, component or item that does not exist.",
    ),
    Rule("SS108", "range", "error", "A number is outside its allowed range."),
    Rule("SS109", "stage-numbering", "error", "Continuum stages are not numbered 1..N in order."),
    Rule(
        "SS110",
        "component-coverage",
        "error",
        "A stage's `looks_like` or `advance` does not cover exactly the continuum's components.",
    ),
    Rule("SS111", "reserved-value", "error", "`n/a` is reserved and cannot be a scale value."),
    Rule("SS112", "answer-value", "error", "An answer is not a value of the checklist's scale."),
    Rule(
        "SS113", "period-format", "error", "A period is not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD."
    ),
    Rule("SS114", "empty-text", "error", "A required text is empty."),
    Rule(
        "SS115",
        "measure-definition",
        "error",
        "A measure's `unit` or `better` is not one the format defines, a `target`, `min` or "
        "`max` is not a finite number, `min` is not below `max`, or the target lies outside "
        "the measure's bounds.",
    ),
    Rule(
        "SS116",
        "measure-value",
        "error",
        "A measure's figure in an answers file is not a finite number, or lies outside the "
        "measure's bounds (a percent from 0 to 100, a count or a time from 0, unless `min` "
        "and `max` say otherwise).",
    ),
    Rule(
        "SS117",
        "unknown-measure",
        "error",
        "An answers file gives a figure for a measure its checklist does not define.",
    ),
    # Warnings: the file is usable, but probably not what its author meant.
    Rule(
        "SS201",
        "empty-cell",
        "warning",
        "A component has no item at some stage 2..N, so it can never pass that stage.",
    ),
    Rule(
        "SS202", "scale-extremes", "warning", "The scale has no value of credit 0 or of credit 1."
    ),
    Rule(
        "SS203",
        "repeated-text",
        "warning",
        "An item's statement or action is empty, or repeats another item's.",
    ),
    Rule(
        "SS204",
        "na-without-note",
        "warning",
        "An `n/a` answer has no note saying why the item does not apply.",
    ),
    # Several answers files together: only `consolidate` reads files as a panel.
    Rule(
        "SS301",
        "panel",
        "error",
        "Reported by `consolidate`, not by `check`, which reads each file alone: the files "
        "given to `consolidate` are not one panel (other checklist, subject or period, "
        "a respondent twice, or a consolidated file).",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
RULE_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _RULES}


def rule_id(name: str) -> str:
    """The stable id of the rule called ``name`` (a KeyError is a programming error)."""
    return RULE_BY_NAME[name].id
