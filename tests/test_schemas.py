"""``servicescore schema KIND``: draft-07 JSON Schemas of the three file formats.

Editors read YAML as YAML 1.2 (core schema): ``yes`` is text, ``1.10`` a float, ``2026``
an integer, ``2026-07-01`` text, ``~`` null and ``true`` a boolean. PyYAML's ``safe_load``
is YAML 1.1, so the files are turned into JSON values here from the node tree of
:func:`servicescore.yamlfile.read_file`, resolving plain scalars by the YAML 1.2 core
schema's regular expressions. Then the jsonschema library validates them.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from servicescore.check import check_paths
from servicescore.cli import app
from servicescore.schemas import SCHEMAS
from servicescore.yamlfile import Mapping, Node, Scalar, Sequence, parse_text, read_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
KINDS = ("continuum", "checklist", "answers")
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

runner = CliRunner()


# -- YAML 1.2 core schema -------------------------------------------------------------

_NULL = re.compile(r"(?:null|Null|NULL|~|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?(?:\.inf|\.Inf|\.INF)\Z")
_NAN = re.compile(r"(?:\.nan|\.NaN|\.NAN)\Z")


def core_scalar(text: str, plain: bool) -> Any:
    """The value of a scalar under the YAML 1.2 core schema (quoted: always text)."""
    if not plain:
        return text
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def to_json(node: Node | None) -> Any:
    if node is None:  # an empty document
        return None
    if isinstance(node, Mapping):
        return {key: to_json(entry.value) for key, entry in node.entries.items()}
    if isinstance(node, Sequence):
        return [to_json(item) for item in node.items]
    assert isinstance(node, Scalar)
    return core_scalar(node.text, node.plain)


def load(path: Path) -> Any:
    document = read_file(path)
    assert document.root is not None or not document.problems, document.problems
    return to_json(document.root)


def loads(text: str) -> Any:
    document = parse_text(text, "text.yaml")
    assert not document.problems, document.problems
    return to_json(document.root)


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(SCHEMAS[kind]())


def errors(kind: str, instance: Any) -> list[str]:
    return [error.message for error in validator(kind).iter_errors(instance)]


def test_yaml_1_2_core_values() -> None:
    text = (
        "a: yes\nb: 1.10\nc: 2026\nd: 2026-07-01\ne: ~\nf: true\ng: 'true'\nh: no\n"
        "i: on\nj: .inf\nk: -3\nl: 0x1F\nm: 1e3\nn:\no: False\np: 2026-Q2\nq: '1.10'\n"
    )
    assert loads(text) == {
        "a": "yes",
        "b": 1.1,
        "c": 2026,
        "d": "2026-07-01",
        "e": None,
        "f": True,
        "g": "true",
        "h": "no",
        "i": "on",
        "j": math.inf,
        "k": -3,
        "l": 31,
        "m": 1000.0,
        "n": None,
        "o": False,
        "p": "2026-Q2",
        "q": "1.10",
    }
    assert loads("- [1, x]\n- {k: v}\n") == [[1, "x"], {"k": "v"}]


# -- the command -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_a_valid_draft_07_schema(kind: str) -> None:
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["$schema"] == DRAFT_07
    jsonschema.Draft7Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft7Validator
    assert schema == SCHEMAS[kind]()
    assert schema["type"] == "object"
    assert schema.get("title") and schema.get("description")
    assert result.stdout.endswith("\n")


def test_schema_of_an_unknown_kind_is_a_usage_error() -> None:
    for args in (["schema", "report"], ["schema"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert result.stdout == ""


# -- every shipped and good file is accepted ---------------------------------------------


def shipped_files() -> list[tuple[str, Path]]:
    files = []
    for path in sorted((ROOT / "checklists").glob("*.yaml")):
        kind = load(path)["kind"]
        files.append((kind, path))
    files += [("answers", path) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    files += [
        (kind, path) for kind in KINDS for path in sorted((DATA / kind / "good").glob("*.yaml"))
    ]
    return files


def file_id(value: Any) -> str:
    if isinstance(value, Path):
        return value.relative_to(ROOT).as_posix()
    return str(value)


def test_shipped_files_are_all_there() -> None:
    kinds = [kind for kind, _ in shipped_files()]
    assert kinds.count("continuum") >= 4 and kinds.count("checklist") >= 5
    assert kinds.count("answers") >= 10


@pytest.mark.parametrize(("kind", "path"), shipped_files(), ids=file_id)
def test_schema_accepts_every_shipped_and_good_file(kind: str, path: Path) -> None:
    assert check_paths([path]).errors == 0  # a good file indeed
    assert errors(kind, load(path)) == []


# -- what check rejects on structure, the schemas reject -------------------------------

# Bad fixtures whose problems are structural (missing or unknown fields, wrong types,
# ranges, id formats), as opposed to YAML-level (syntax, aliases, tags, duplicate keys)
# or across files (references, scale values, stage beyond N, duplicate ids, coverage).
STRUCTURAL_BAD = {
    "continuum": (
        "bad-ids",
        "comments-only",
        "coverage",
        "empty",
        "empty-values",
        "kind-missing",
        "kind-typo",
        "kind-wrong",
        "missing-fields",
        "not-a-mapping",
        "one-stage",
        "pass-mark-high",
        "pass-mark-inf",
        "pass-mark-negative",
        "pass-mark-zero",
        "scalar-document",
        "stage-starts-at-zero",
        "unknown-keys",
        "wrong-types",
        "wrong-types-2",
    ),
    "checklist": (
        "item-fields",
        "items",
        "measures",
        "measures-mapping",
        "scale",
        "scale-empty",
        "scale-wrong-type",
        "stage-six",
        "top-level",
    ),
    "answers": (
        "answer-mappings",
        "empty",
        "measure-forms",
        "measure-values",
        "measures-list",
        "not-a-mapping",
        "period-month",
        "period-quarter",
        "periods-more",
        "top-level",
        "values",
    ),
}


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (kind, DATA / kind / "bad" / f"{name}.yaml")
        for kind, names in STRUCTURAL_BAD.items()
        for name in names
    ],
    ids=file_id,
)
def test_schema_rejects_structurally_bad_fixture(kind: str, path: Path) -> None:
    assert check_paths([path]).errors > 0
    assert errors(kind, load(path)), f"{file_id(path)} passes the {kind} schema"


# One structural fault at a time, in a file that is otherwise good: the schema and check
# both reject it. (Each base file is accepted by both, above.)
CONTINUUM = DATA / "continuum" / "good" / "small.yaml"
CHECKLIST = DATA / "checklist" / "good" / "shipped-continuum.yaml"
ANSWERS = DATA / "answers" / "good" / "shipped.yaml"
MEASURED = DATA / "checklist" / "good" / "shipped-continuum-measures.yaml"
FIGURES = DATA / "answers" / "good" / "shipped-measures.yaml"
NPS = "{id: nps, name: Net Promoter Score, unit: score, min: -100, max: 100, better: higher}"
ITEM = "stage: 2, action: Do focus two."
FAULTS: list[tuple[str, Path, str, str]] = [
    ("continuum", CONTINUUM, "pass_mark: 0.8", "pass_mark: 0"),
    ("continuum", CONTINUUM, "pass_mark: 0.8", "pass_mark: 1.01"),
    ("continuum", CONTINUUM, "pass_mark: 0.8", "pass_mark: .inf"),
    ("continuum", CONTINUUM, "pass_mark: 0.8", "pass_mark: '0.8'"),
    ("continuum", CONTINUUM, "id: small-continuum", "id: Small Continuum"),
    ("continuum", CONTINUUM, "id: small-continuum", "ident: small-continuum"),
    ("continuum", CONTINUUM, "title: Small test continuum", "title: ''"),
    ("continuum", CONTINUUM, "  - number: 1\n", "  - number: 0\n"),
    ("continuum", CONTINUUM, "    name: Start\n", "    name: [Start]\n"),
    ("continuum", CONTINUUM, "    summary: The basics work.\n", "    sumary: The basics work.\n"),
    ("checklist", CHECKLIST, ITEM, "stage: 1, action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: '2', action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: 2, weight: 0, action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: 2, weight: -1, action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: 2, weight: .inf, action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: 2, weight: heavy, action: Do."),
    ("checklist", CHECKLIST, ITEM, "stage: 2"),
    ("checklist", CHECKLIST, ITEM, "stage: 2, action: Do., colour: red"),
    ("checklist", CHECKLIST, "{id: f2,", "{id: F2,"),
    ("checklist", CHECKLIST, '{value: "yes", credit: 1}', '{value: "yes", credit: 1.5}'),
    ("checklist", CHECKLIST, '{value: "no", credit: 0}', '{value: "no", credit: -0.5}'),
    ("checklist", CHECKLIST, '{value: "no", credit: 0}', "{value: n/a, credit: 0}"),
    ("checklist", CHECKLIST, "    group: Strategic\n", "    group: [Strategic]\n"),
    ("checklist", CHECKLIST, "kind: checklist\n", ""),
    ("answers", ANSWERS, "period: 2026-Q2", "period: 2026-13"),
    ("answers", ANSWERS, "period: 2026-Q2", "period: Q2 2026"),
    ("answers", ANSWERS, "assessor: Service", "asessor: Service"),
    ("answers", ANSWERS, "respondent: Dana Whitfield", "respondent: [Dana Whitfield]"),
    ("answers", ANSWERS, "role: Team leader", "role: {name: Team leader}"),
    ("answers", ANSWERS, "organisation: Northwind Utilities\n", ""),
    ("answers", ANSWERS, "unit: Customer contact centre", "unit: [Customer contact centre]"),
    ("answers", ANSWERS, 'channels-variety: "yes"', 'channels-variety: ["yes"]'),
    ("answers", ANSWERS, 'note: "Vision', 'note: "Vision", notes: "Vision'),
    ("answers", ANSWERS, "kind: answers", "kind: answer"),
    ("checklist", MEASURED, "unit: score", "unit: points"),
    ("checklist", MEASURED, "better: higher, target", "better: up, target"),
    ("checklist", MEASURED, "target: 80", "target: .nan"),
    ("checklist", MEASURED, "target: 80", "target: '80'"),
    ("checklist", MEASURED, "max: 100", "max: .inf"),
    ("checklist", MEASURED, "{id: nps, name", "{id: NPS, name"),
    ("checklist", MEASURED, "{id: nps, name: Net Promoter Score, ", "{id: nps, "),
    ("checklist", MEASURED, "better: higher, target", "better: higher, goal"),
    ("checklist", MEASURED, NPS, "[nps, score]"),
    ("answers", FIGURES, "first-contact-resolution: 71", "first-contact-resolution: '71'"),
    ("answers", FIGURES, "first-contact-resolution: 71", "first-contact-resolution: .inf"),
    ("answers", FIGURES, "nps: -9", "nps: [-9]"),
    ("answers", FIGURES, "nps: -9", "Net Promoter: -9"),
    ("answers", FIGURES, 'note: "Within', 'notes: "Within'),
    ("answers", FIGURES, "{value: 26,", "{value: {number: 26},"),
]


def fault_id(value: Any) -> str:
    return file_id(value) if isinstance(value, Path) else re.sub(r"\s+", " ", str(value))[:40]


@pytest.mark.parametrize(("kind", "base", "old", "new"), FAULTS, ids=fault_id)
def test_schema_rejects_a_single_structural_fault(
    kind: str, base: Path, old: str, new: str, tmp_path: Path
) -> None:
    text = base.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    # The base files refer to shipped files only, so the copy resolves them anywhere.
    path = tmp_path / base.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert check_paths([path]).errors > 0, f"check accepts {new!r}"
    assert errors(kind, load(path)), f"the {kind} schema accepts {new!r}"


def test_schema_reads_yaml_like_an_editor() -> None:
    """What YAML 1.1 would turn into booleans, dates and shortened numbers is fine."""
    answers = loads(
        "kind: answers\nchecklist: profit-through-service\norganisation: 2026\n"
        "period: 2026-07-01\nanswers:\n  a: yes\n  b: no\n  c: on\n  d: true\n  e: ~\n  f: n/a\n"
    )
    assert errors("answers", answers) == []
    assert errors("answers", {**answers, "period": 2026}) == []
    continuum = load(DATA / "continuum" / "good" / "two-stages-bom.yaml")
    assert continuum["version"] == 1.1  # written 1.10: a number to an editor
    assert errors("continuum", continuum) == []
