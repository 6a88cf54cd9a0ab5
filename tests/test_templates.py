"""templates.answers_template: a blank answers file, every statement as a comment."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicescore import catalog
from servicescore.loader import Loader
from servicescore.model import NOT_APPLICABLE, UNANSWERED, Answer, Answers, Checklist, Subject
from servicescore.templates import answers_file, answers_template
from servicescore.yamlfile import Mapping, Scalar, parse_text

ROOT = Path(__file__).resolve().parents[1]
CHECKLISTS = ROOT / "checklists"
SHIPPED = ("profit-through-service", "key-elements", "beyond-the-front-line")
CONTINUUM = "customer-satisfaction-practices"

# Outside comments, a template holds only top-level keys and `  item-id:` lines.
TOP_LEVEL = re.compile(r"^[a-z_]+:")
ITEM_LINE = re.compile(r"^  [a-z0-9][a-z0-9._-]*:\s*$")


def shipped(checklist_id: str) -> Checklist:
    loaded = Loader().checklist(CHECKLISTS / f"{checklist_id}.yaml")
    assert loaded.value is not None, loaded.problems
    return loaded.value


def comment_text(template: str) -> str:
    """Everything written in comments, as single-spaced words."""
    parts = [line.split("#", 1)[1] for line in template.splitlines() if "#" in line]
    return " ".join(" ".join(parts).split())


def words(text: str) -> str:
    return " ".join(text.split())


def load_as_answers(folder: Path, template: str, name: str = "answers.yaml") -> Any:
    """Write ``template`` into ``folder`` and read it the way `assess` does."""
    path = folder / name
    path.write_text(template, encoding="utf-8")
    loaded = Loader().answers(path)
    assert loaded.value is not None, [str(problem) for problem in loaded.problems]
    assert not loaded.errors
    return loaded.value


def make_checklist(folder: Path, **changes: Any) -> Path:
    """A small checklist file on the shipped continuum, with ``changes`` applied."""
    data: dict[str, Any] = {
        "kind": "checklist",
        "id": "small",
        "title": "A small checklist",
        "version": "2.10",
        "continuum": CONTINUUM,
        "elements": [
            {
                "id": "first",
                "title": "First element",
                "group": "Strategic",
                "items": [
                    {
                        "id": "first-item",
                        "text": "The first practice is in place.",
                        "component": "customer-focus",
                        "stage": 2,
                        "action": "Put the first practice in place.",
                    },
                    {
                        "id": "second-item",
                        "text": "The second practice is in place.",
                        "component": "measurement",
                        "stage": 3,
                        "weight": 0.5,
                        "action": "Put the second practice in place.",
                    },
                ],
            },
            {
                "id": "second",
                "title": "Second element, without a group",
                "items": [
                    {
                        "id": "third-item",
                        "text": "The third practice is in place.",
                        "component": "environment",
                        "stage": 4,
                        "action": "Put the third practice in place.",
                    }
                ],
            },
        ],
    }
    data.update(changes)
    path = folder / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load_checklist(path: Path) -> Checklist:
    loaded = Loader().checklist(path)
    assert loaded.value is not None, [str(problem) for problem in loaded.problems]
    return loaded.value


def checklist_value(template: str) -> str:
    """The `checklist:` value as servicescore itself reads it."""
    document = parse_text(template, "template.yaml")
    assert not document.problems, document.problems
    assert isinstance(document.root, Mapping)
    node = document.root.entries["checklist"].value
    assert isinstance(node, Scalar)
    return node.text


# -- shipped checklists ----------------------------------------------------------------------


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_is_valid_yaml_with_every_item_blank(checklist_id: str) -> None:
    checklist = shipped(checklist_id)
    text = answers_template(checklist, checklist_id)
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    assert data["kind"] == "answers"
    assert data["checklist"] == checklist_id
    assert "organisation" in data
    assert list(data["answers"]) == [item.id for item in checklist.items]
    assert all(value is None for value in data["answers"].values())


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_every_statement_is_a_comment(checklist_id: str) -> None:
    checklist = shipped(checklist_id)
    text = answers_template(checklist, checklist_id)
    comments = comment_text(text)
    for item in checklist.items:
        assert words(item.text) in comments, item.id
    for element in checklist.elements:
        assert words(element.title) in comments
        if element.group:
            assert element.group in comments


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_nothing_but_keys_outside_comments(checklist_id: str) -> None:
    text = answers_template(shipped(checklist_id), checklist_id)
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        assert TOP_LEVEL.match(line) or ITEM_LINE.match(line), line


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_statements_come_before_their_item(checklist_id: str) -> None:
    checklist = shipped(checklist_id)
    text = answers_template(checklist, checklist_id)
    position = 0
    for item in checklist.items:
        statement = text.index(words(item.text).split()[0], position)
        key = text.index(f"\n  {item.id}:", position)
        assert statement < key, item.id
        position = key + 1


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_names_the_checklist_and_the_scale(checklist_id: str) -> None:
    checklist = shipped(checklist_id)
    text = answers_template(checklist, checklist_id)
    comments = comment_text(text)
    assert words(checklist.title) in comments
    assert checklist.version in comments
    for value in [entry.value for entry in checklist.scale] + ["n/a"]:
        assert re.search(rf"\b{re.escape(value)}\b", comments), value


@pytest.mark.parametrize("checklist_id", SHIPPED)
def test_loads_as_an_answers_file(tmp_path: Path, checklist_id: str) -> None:
    checklist = shipped(checklist_id)
    answers = load_as_answers(tmp_path, answers_template(checklist, checklist_id))
    assert answers.checklist.id == checklist_id
    assert answers.subject.organisation
    assert all(answers.answer(item.id).value is None for item in checklist.items)


def test_ends_with_one_newline_and_no_tabs() -> None:
    text = answers_template(shipped("key-elements"), "key-elements")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\t" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_is_deterministic() -> None:
    checklist = shipped("profit-through-service")
    first = answers_template(checklist, "profit-through-service")
    assert answers_template(checklist, "profit-through-service") == first


# -- the checklist reference ----------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "profit-through-service",
        "../checklists/ours.yaml",
        "./ours.yml",
        "/abs/path/ours.yaml",
        "my checklists/ours.yaml",
        'odd "name".yaml',
        "back\\slash\\ours.yaml",
        "C:\\Users\\me\\ours.yaml",
        "colon: here.yaml",
        "#hash.yaml",
        "- dash.yaml",
        "*star.yaml",
        "&amp.yaml",
        "!bang.yaml",
        "@at.yaml",
        "%percent.yaml",
        "'single'.yaml",
        "{brace}.yaml",
        "[bracket].yaml",
        "ünïcode/liste.yaml",
        "2026",
        "1.10",
        "yes",
    ],
)
def test_reference_is_read_back_exactly(reference: str) -> None:
    text = answers_template(shipped("key-elements"), reference)
    assert checklist_value(text) == reference
    yaml.safe_load(text)  # valid YAML for other tools too


def test_relative_reference_resolves_from_the_answers_file(tmp_path: Path) -> None:
    folder = tmp_path / "my checklists"
    folder.mkdir()
    path = make_checklist(folder)
    checklist = load_checklist(path)
    answers = load_as_answers(tmp_path, answers_template(checklist, "my checklists/checklist.yaml"))
    assert answers.checklist.id == "small"


# -- checklists of its own ----------------------------------------------------------------


def test_custom_scale_is_listed(tmp_path: Path) -> None:
    scale = [
        {"value": "never", "credit": 0, "label": "Never"},
        {"value": "Sometimes", "credit": 0.25},
        {"value": "always", "credit": 1},
    ]
    checklist = load_checklist(make_checklist(tmp_path, scale=scale))
    text = answers_template(checklist, "checklist.yaml")
    header = comment_text(text)
    for value in ("never", "Sometimes", "always", "n/a"):
        assert value in header
    assert "partly" not in header.split("note")[0]  # the default scale is not offered
    load_as_answers(tmp_path, text)


def test_small_checklist_round_trip(tmp_path: Path) -> None:
    checklist = load_checklist(make_checklist(tmp_path))
    text = answers_template(checklist, "checklist.yaml")
    data = yaml.safe_load(text)
    assert list(data["answers"]) == ["first-item", "second-item", "third-item"]
    comments = comment_text(text)
    assert "Second element, without a group" in comments
    assert "Second element, without a group (" not in comments
    assert "First element (Strategic)" in comments or (
        "First element" in comments and "Strategic" in comments
    )
    assert "2.10" in comments  # the version as written
    answers = load_as_answers(tmp_path, text)
    assert answers.checklist.version == "2.10"


SPECIAL_TEXTS = [
    "We say # this is not a comment, and key: value is not a key.",
    "- Starts like a list item",
    "*Starts* like an alias & has an &anchor and a !tag",
    "\"Quoted\" and 'single-quoted' words, {braces} and [brackets], 100% sure.",
    "--- looks like a document start",
    "... looks like a document end",
    "Ends with a colon:",
    "Unicode: café, naïve, “curly quotes”, ünïcødé — and a dash.",
    "A very long statement " + "that keeps going and going " * 20 + "until it ends.",
    "A statement over\nseveral lines\n\nwith a blank line between paragraphs.",
    "[bold red]markup[/] and <script>alert(1)</script>",
]


@pytest.mark.parametrize("statement", SPECIAL_TEXTS)
def test_statements_with_special_characters(tmp_path: Path, statement: str) -> None:
    elements = [
        {
            "id": "only",
            "title": "Only element",
            "items": [
                {
                    "id": "special",
                    "text": statement,
                    "component": "customer-focus",
                    "stage": 2,
                    "action": "Do it.",
                },
            ],
        }
    ]
    checklist = load_checklist(make_checklist(tmp_path, elements=elements))
    text = answers_template(checklist, "checklist.yaml")
    data = yaml.safe_load(text)
    assert data["answers"] == {"special": None}
    assert words(checklist.items[0].text) in comment_text(text)
    answers = load_as_answers(tmp_path, text)
    assert answers.answer("special").value is None


def test_element_title_and_group_over_several_lines(tmp_path: Path) -> None:
    path = make_checklist(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["elements"][0]["title"] = "First element\nsecond: line"
    data["elements"][0]["group"] = "Strategic\nthird: line"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    text = answers_template(load_checklist(path), "checklist.yaml")
    load_as_answers(tmp_path, text)


def test_title_over_several_lines(tmp_path: Path) -> None:
    """A checklist title may be a multi-line YAML string: the template must stay a
    comment on every line, or the blank answers file does not load."""
    checklist = load_checklist(make_checklist(tmp_path, title="A small checklist\nsecond: line"))
    text = answers_template(checklist, "checklist.yaml")
    load_as_answers(tmp_path, text)


def test_component_name_over_several_lines(tmp_path: Path) -> None:
    continuum = yaml.safe_load((CHECKLISTS / f"{CONTINUUM}.yaml").read_text(encoding="utf-8"))
    continuum["components"][0]["name"] = "Customer\nfocus: really"
    (tmp_path / "continuum.yaml").write_text(
        yaml.safe_dump(continuum, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    checklist = load_checklist(make_checklist(tmp_path, continuum="continuum.yaml"))
    text = answers_template(checklist, "checklist.yaml")
    load_as_answers(tmp_path, text)


@pytest.mark.parametrize(
    ("checklist", "answers_file"),
    [
        ("checklists/ours.yaml", "assessments/q1.yaml"),
        ("ours.yaml", "q1.yaml"),
        ("./ours", "q1.yaml"),  # stays a path, not the shipped id 'ours'
        ("./ours", "deep/er/q1.yaml"),
        ("../up/ours.yml", "q1.yaml"),
    ],
)
def test_reference_from_resolves_back_to_the_checklist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checklist: str, answers_file: str
) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    reference = catalog.reference_from(checklist, Path(answers_file))
    assert catalog.is_path_reference(reference)
    resolved = catalog.resolve(reference, Path(answers_file))
    assert resolved is not None
    assert os.path.abspath(resolved) == os.path.abspath(checklist)


def test_path_from_is_absolute_where_no_relative_path_leads_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other_drive(path: str, start: str) -> str:
        raise ValueError(f"path is on mount 'D:', start on mount 'C:': {path}, {start}")

    monkeypatch.setattr(catalog.os.path, "relpath", other_drive)
    found = catalog.path_from(str(tmp_path / "a.yaml"), tmp_path / "out" / "c.yaml")
    assert found == (Path(os.path.realpath(tmp_path)) / "a.yaml").as_posix()


def test_reference_from_keeps_a_shipped_id() -> None:
    assert catalog.reference_from("profit-through-service", Path("a/b.yaml")) == (
        "profit-through-service"
    )


def test_asks_for_the_respondent_and_role_after_the_assessor() -> None:
    text = answers_template(shipped("key-elements"), "key-elements")
    lines = text.splitlines()
    start = lines.index("assessor:")
    assert lines[start : start + 4] == ["assessor:", "respondent:", "role:", "answers:"]


# -- answers_file: a filled answers file reads back as the answers it was written from --

# What a file can hold in a value: no control codes but tab and newline, no surrogates
# and no non-characters (the loader refuses those, SS002).
_STORABLE = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="".join(
        [chr(code) for code in range(0x20) if chr(code) not in "\t\n"]
        + [chr(code) for code in range(0x7F, 0xA0)]
        + ["\u2028", "\u2029", "\ufffe", "\uffff"]
    ),
)
# Text the loader keeps as it is: a field's text is read stripped of outer white space.
field_text = st.one_of(
    st.sampled_from(["-", "- x", "~", "null", "?", "#", "&a", "*a", "'", '"']),
    st.text(_STORABLE, min_size=1, max_size=12),
).filter(lambda text: text == text.strip() and text != "")
# A note of several lines, as a consolidation writes them: lines with spaces and tabs at
# either end, empty lines and lines of spaces among them.
_LINE = st.text(st.one_of(_STORABLE, st.sampled_from(" \t")), max_size=10)
note_lines = (
    st.lists(st.one_of(_LINE, st.sampled_from(["", "  ", " indented", "#", "- x"])), min_size=2)
    .map("\n".join)
    .map(str.strip)
    .filter(bool)
)
meta_value: st.SearchStrategy[object] = st.recursive(
    st.none() | st.text(_STORABLE, max_size=12) | st.sampled_from(["-", "", "~", "null"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(_STORABLE, max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    organisation=field_text,
    others=st.lists(st.none() | field_text, min_size=4, max_size=4),
    period=st.none() | st.sampled_from(["2026", "2026-Q4", "2026-11", "2026-11-24"]),
    note=st.none() | field_text | note_lines,
    meta=st.dictionaries(st.text(_STORABLE, max_size=8), meta_value, max_size=3),
)
def test_answers_file_reads_back_identical(
    organisation: str,
    others: list[str | None],
    period: str | None,
    note: str | None,
    meta: dict[str, object],
) -> None:
    checklist = shipped("key-elements")
    first, second = checklist.items[0].id, checklist.items[1].id
    answers = Answers(
        "ignored.yaml",
        checklist,
        Subject(organisation, others[0], period, others[1], others[2], others[3]),
        {first: Answer("yes", note), second: Answer(NOT_APPLICABLE, note or "why")},
        meta,
    )
    with tempfile.TemporaryDirectory() as folder:
        reference = str(CHECKLISTS / "key-elements.yaml")
        loaded = load_as_answers(Path(folder), answers_file(answers, reference, "heading"))
    assert loaded.subject == answers.subject
    # Every other item is written empty: unanswered.
    assert {key: loaded.answer(key) for key in (first, second)} == dict(answers.answers)
    assert all(
        loaded.answer(key) == UNANSWERED for key in loaded.answers if key not in answers.answers
    )
    assert loaded.meta == meta


# Any text at all as a note, as a YAML reader reads the file back: a carriage return,
# outer white space and trailing newlines too (which the loader would refuse or strip).
_ANY_LINE = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)
any_note = st.lists(
    st.one_of(_ANY_LINE, st.sampled_from(["", " ", " a", "a ", "\t", "\r", "\u202e"])),
    min_size=1,
).map("\n".join)


# The YAML readers at hand: the pure-Python one, and libyaml's where PyYAML was built
# with it, the one the project's loader then reads every file with.
READERS = [reader for reader in (yaml.BaseLoader, getattr(yaml, "CBaseLoader", None)) if reader]


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.__name__)
@settings(max_examples=300, deadline=None)
@given(note=any_note)
def test_a_note_is_written_as_its_exact_text(reader: Any, note: str) -> None:
    checklist = shipped("key-elements")
    first = checklist.items[0].id
    answers = Answers("x.yaml", checklist, Subject("Org"), {first: Answer("yes", note)})
    read = yaml.load(answers_file(answers, "key-elements"), Loader=reader)
    assert read["answers"][first] == {"answer": "yes", "note": note}


def written_entry(note: str) -> list[str]:
    """The lines an answers file gives the first item answered "partly" with ``note``."""
    checklist = shipped("key-elements")
    first, second = checklist.items[0].id, checklist.items[1].id
    answers = Answers("x.yaml", checklist, Subject("Org"), {first: Answer("partly", note)})
    lines = answers_file(answers, "key-elements").splitlines()
    start = lines.index("answers:") + 1
    return lines[start : lines.index(f"  {second}:")]


@pytest.mark.parametrize(
    ("note", "entry"),
    [
        (
            "Ana: posters only\nBen: the #1 aim: {x}",
            ["answer: partly", "note: |-", "  Ana: posters only", "  Ben: the #1 aim: {x}"],
        ),
        ("a\n\n  b", ["answer: partly", "note: |-", "  a", "", "    b"]),
        ("a\nb\n", ["answer: partly", "note: |", "  a", "  b"]),
        ("a\nb\n\n", ["answer: partly", "note: |+", "  a", "  b", ""]),
        (" a\nb", ["answer: partly", "note: |2-", "   a", "  b"]),
        (
            "\u00e9t\u00e9\n\u6d4b\u8bd5 \U0001f600",
            ["answer: partly", "note: |-", "  \u00e9t\u00e9", "  \u6d4b\u8bd5 \U0001f600"],
        ),
    ],
)
def test_a_note_of_several_lines_is_a_literal_block(note: str, entry: list[str]) -> None:
    lines = written_entry(note)
    assert lines[0] == "  comms-customer-groups:"
    assert lines[1:] == [f"    {line}" if line else "" for line in entry]


@pytest.mark.parametrize(
    ("note", "quoted"),
    [
        ("one line", r'"one line"'),
        ("a \nb", r'"a \u000ab"'),
        ("a\n  \nb", r'"a\u000a  \u000ab"'),
        ("a\tb\nc", r'"a\u0009b\u000ac"'),
        ("a\r\nb", r'"a\u000d\u000ab"'),
        ("a\n\u202eb", r'"a\u000a\u202eb"'),
        ("a\n\u00a0b", r'"a\u000a\u00a0b"'),
        ("a\n", r'"a\u000a"'),
    ],
)
def test_a_note_a_block_would_not_show_as_it_is_stays_quoted(note: str, quoted: str) -> None:
    [line] = written_entry(note)
    assert line == f"  comms-customer-groups: {{answer: partly, note: {quoted}}}"


def test_the_filled_template_and_the_answers_file_write_the_subject_alike(
    tmp_path: Path,
) -> None:
    # Both write the same fields in the same order, then meta; the template keeps the
    # empty ones (to be filled in) and its period hint.
    checklist = load_checklist(make_checklist(tmp_path))
    subject = Subject("Acme", unit="Ops", period="2026", assessor="Al", role="CEO")
    answers = Answers("a.yaml", checklist, subject, {}, {"source": "workshop"})
    filled = answers_template(checklist, "checklist.yaml", answers).splitlines()
    written = answers_file(answers, "checklist.yaml").splitlines()
    start = filled.index("organisation: Acme")
    assert filled[start : start + 8] == [
        "organisation: Acme",
        "unit: Ops",
        "period: 2026  # YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD",
        "assessor: Al",
        "respondent:",
        "role: CEO",
        "meta:",
        "  source: workshop",
    ]
    start = written.index("organisation: Acme")
    assert written[start : start + 7] == [
        "organisation: Acme",
        "unit: Ops",
        "period: 2026",
        "assessor: Al",
        "role: CEO",
        "meta:",
        "  source: workshop",
    ]
