"""JSON Schemas (draft-07) of the three file formats, for editors and SchemaStore.

They describe structure: fields, types and ranges, as an editor sees the YAML (YAML
1.2: ``yes`` is text, ``1.10`` a number). What needs more than one file (an item's
component exists in the continuum, an answer is on the checklist's scale) is left to
``servicescore check``.
"""

from __future__ import annotations

import json
from typing import Any

from servicescore.model import BETTER, MEASURE_UNITS

DRAFT = "http://json-schema.org/draft-07/schema#"
SLUG = "^[a-z0-9][a-z0-9._-]*$"
PERIOD = "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

_LARGEST = 1.7976931348623157e308
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_ID: dict[str, Any] = {"type": "string", "pattern": SLUG}
# Written unquoted, a version like 1.10 is a number to YAML 1.2; servicescore reads
# the text as written.
_VERSION: dict[str, Any] = {"type": ["string", "number"]}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


# A measure's figure: a finite number. YAML's .inf and .nan are numbers too: the bounds
# exclude the infinities, and the ``not`` NaN, the one number that compares false with
# everything (every other number is either below 0 or not).
_FIGURE: dict[str, Any] = {
    "type": "number",
    "minimum": -_LARGEST,
    "maximum": _LARGEST,
    "not": {"allOf": [{"minimum": 0}, {"exclusiveMaximum": 0}]},
}


def _measure() -> dict[str, Any]:
    """A measure a checklist defines (SPEC 9). Whether ``min`` is below ``max`` and the
    target within them is left to ``servicescore check``."""
    return _object(
        ["id", "name", "unit", "better"],
        {
            "id": _ID,
            "name": _TEXT,
            "unit": {"enum": list(MEASURE_UNITS)},
            "better": {"enum": list(BETTER)},
            "target": {"anyOf": [_FIGURE, {"type": "null"}]},
            "min": {"anyOf": [_FIGURE, {"type": "null"}]},
            "max": {"anyOf": [_FIGURE, {"type": "null"}]},
            "description": {"type": ["string", "null"]},
        },
    )


def _measure_values() -> dict[str, Any]:
    """An answers file's figures by measure id: a number, empty, or ``{value, note}``."""
    figure = {"anyOf": [_FIGURE, {"type": "null"}]}
    return {
        "type": ["object", "null"],
        "description": "Figures by measure id: a number or {value, note}; empty: not measured.",
        "propertyNames": {"pattern": SLUG},
        "additionalProperties": {
            "anyOf": [
                figure,
                _object([], {"value": figure, "note": {"type": ["string", "null"]}}),
            ]
        },
    }


def _per_component(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "minProperties": 1,
        "propertyNames": {"pattern": SLUG},
        "additionalProperties": _TEXT,
    }


def continuum() -> dict[str, Any]:
    stage = _object(
        ["number", "name", "summary", "looks_like"],
        {
            "number": {"type": "integer", "minimum": 1},
            "name": _TEXT,
            "summary": _TEXT,
            "looks_like": _per_component("What this stage looks like, per component id."),
            "advance": _per_component("How to move into this stage, per component id."),
        },
    )
    return {
        "$schema": DRAFT,
        "title": "servicescore continuum",
        "description": "A staged maturity continuum whose stages are described per component.",
        **_object(
            ["kind", "id", "title", "version", "pass_mark", "components", "stages"],
            {
                "kind": {"const": "continuum"},
                "id": _ID,
                "title": _TEXT,
                "version": _VERSION,
                "description": {"type": ["string", "null"]},
                "pass_mark": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                "components": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        ["id", "name"],
                        {"id": _ID, "name": _TEXT, "description": {"type": ["string", "null"]}},
                    ),
                },
                "stages": {"type": "array", "minItems": 2, "items": stage},
            },
        ),
    }


def checklist() -> dict[str, Any]:
    item = _object(
        ["id", "text", "component", "stage", "action"],
        {
            "id": _ID,
            "text": {"type": "string"},
            "component": _ID,
            "stage": {"type": "integer", "minimum": 2},
            # The largest finite double: YAML's .inf is a number too, and not a weight.
            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": _LARGEST},
            "action": {"type": "string"},
        },
    )
    scale_value = _object(
        ["value", "credit"],
        {
            "value": {
                "type": ["string", "number", "boolean"],
                "not": {"enum": ["n/a", "N/A", "N/a", "n/A"]},
            },
            "credit": {"type": "number", "minimum": 0, "maximum": 1},
            "label": {"type": ["string", "null"]},
        },
    )
    return {
        "$schema": DRAFT,
        "title": "servicescore checklist",
        "description": "Practices in elements, each tied to a component and stage of a continuum.",
        **_object(
            ["kind", "id", "title", "version", "continuum", "elements"],
            {
                "kind": {"const": "checklist"},
                "id": _ID,
                "title": _TEXT,
                "version": _VERSION,
                "description": {"type": ["string", "null"]},
                "continuum": {
                    "description": "A shipped continuum id, or a path relative to this file.",
                    **_TEXT,
                },
                "scale": {"type": "array", "minItems": 1, "items": scale_value},
                "elements": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        ["id", "title", "items"],
                        {
                            "id": _ID,
                            "title": _TEXT,
                            "group": _TEXT,
                            "description": {"type": ["string", "null"]},
                            "items": {"type": "array", "minItems": 1, "items": item},
                        },
                    ),
                },
                "measures": {"type": ["array", "null"], "items": _measure()},
            },
        ),
    }


def answers() -> dict[str, Any]:
    value = {
        "description": "A value of the checklist's scale, n/a, or empty when unanswered.",
        "type": ["string", "number", "boolean", "null"],
    }
    optional_text = {"type": ["string", "number", "null"]}
    return {
        "$schema": DRAFT,
        "title": "servicescore answers",
        "description": "One organisation's answers to a checklist.",
        **_object(
            ["checklist", "organisation", "answers"],
            {
                "kind": {"const": "answers"},
                "checklist": {
                    "description": "A shipped checklist id, or a path relative to this file.",
                    **_TEXT,
                },
                "organisation": {"type": ["string", "number"], "minLength": 1},
                "unit": optional_text,
                "assessor": optional_text,
                "respondent": optional_text,
                "role": optional_text,
                "period": {
                    "description": "YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.",
                    "type": ["string", "integer", "null"],
                    "pattern": PERIOD,
                    "minimum": 1000,
                    "maximum": 9999,
                },
                "meta": {"type": ["object", "null"]},
                "measures": _measure_values(),
                "answers": {
                    "type": ["object", "null"],
                    "propertyNames": {"pattern": SLUG},
                    "additionalProperties": {
                        "anyOf": [
                            value,
                            _object([], {"answer": value, "note": {"type": ["string", "null"]}}),
                        ]
                    },
                },
            },
        ),
    }


SCHEMAS = {"checklist": checklist, "continuum": continuum, "answers": answers}


def schema_text(kind: str) -> str:
    return json.dumps(SCHEMAS[kind](), indent=2) + "\n"
