"""Unit tests of the positioned node tree, and of reading raw files from scratch."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
import yaml

from servicescore.fields import to_plain
from servicescore.problems import Problem
from servicescore.yamlfile import (
    MAX_BYTES,
    MAX_DEPTH,
    Mapping,
    Mark,
    Scalar,
    Sequence,
    kind_name,
    parse_bytes,
    parse_text,
    read_file,
)

BOM = b"\xef\xbb\xbf"


def lines(problems: list[Problem]) -> list[str]:
    """Problems as ``LINE:COL: RULE message``, in file order."""
    return [f"{p.line}:{p.column}: {p.rule} {p.message}" for p in sorted(problems)]


def root_mapping(text: str) -> Mapping:
    document = parse_text(text, "test.yaml")
    assert document.problems == []
    assert isinstance(document.root, Mapping)
    return document.root


def value(mapping: Mapping, key: str) -> Scalar:
    node = mapping.entries[key].value
    assert isinstance(node, Scalar)
    return node


# -- scalars keep the text written ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("true", "true"),
        ("2026", "2026"),
        ("2026-07-01", "2026-07-01"),
        ("1.10", "1.10"),
        ("0.1", "0.1"),
        ("1e3", "1e3"),
        ("0o17", "0o17"),
        (".inf", ".inf"),
        ("12:30:00", "12:30:00"),
        ("n/a", "n/a"),
        ("plain text with spaces", "plain text with spaces"),
    ],
)
def test_plain_scalars_stay_the_text_written(written: str, text: str) -> None:
    node = value(root_mapping(f"key: {written}\n"), "key")
    assert node.text == text
    assert node.plain is True
    assert node.tainted is False


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ('"yes"', "yes"),
        ("'2026'", "2026"),
        ('"1.10"', "1.10"),
        ("'~'", "~"),
        ('""', ""),
        ("'it''s'", "it's"),
        ('"tab\\there"', "tab\there"),
        ("|\n  block\n  text\n", "block\ntext\n"),
        (">-\n  folded\n  text\n", "folded text"),
    ],
)
def test_quoted_and_block_scalars_are_not_plain(written: str, text: str) -> None:
    node = value(root_mapping(f"key: {written}\n"), "key")
    assert node.text == text
    assert node.plain is False
    assert node.is_null is False


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_null_spellings_are_null_only_when_plain(written: str) -> None:
    node = value(root_mapping(f"key: {written}\n"), "key")
    assert node.is_null is True
    assert node.text == written
    quoted = value(root_mapping(f'key: "{written}"\n'), "key")
    assert quoted.is_null is False


def test_keys_are_text_even_when_yaml_would_read_them_otherwise() -> None:
    mapping = root_mapping("yes: 1\nno: 2\non: 3\n2026: 4\n1.10: 5\nnull: 6\n")
    assert list(mapping.entries) == ["yes", "no", "on", "2026", "1.10", "null"]
    assert [entry.key for entry in mapping.entries.values()] == list(mapping.entries)


# -- marks are 1-based ----------------------------------------------------------------


def test_marks_are_one_based() -> None:
    text = "kind: continuum\ncomponents:\n  - id: focus\n    name: Focus\nflow: {a: [x, 'y']}\n"
    mapping = root_mapping(text)
    assert mapping.mark == Mark(1, 1)
    kind = mapping.entries["kind"]
    assert kind.key_mark == Mark(1, 1)
    assert kind.value.mark == Mark(1, 7)
    components = mapping.entries["components"]
    assert components.key_mark == Mark(2, 1)
    assert isinstance(components.value, Sequence)
    assert components.value.mark == Mark(3, 3)
    first = components.value.items[0]
    assert isinstance(first, Mapping)
    assert first.mark == Mark(3, 5)
    assert first.entries["id"].key_mark == Mark(3, 5)
    assert first.entries["id"].value.mark == Mark(3, 9)
    assert first.entries["name"].key_mark == Mark(4, 5)
    assert first.entries["name"].value.mark == Mark(4, 11)
    flow = mapping.entries["flow"].value
    assert isinstance(flow, Mapping)
    assert flow.mark == Mark(5, 7)
    inner = flow.entries["a"]
    assert inner.key_mark == Mark(5, 8)
    assert isinstance(inner.value, Sequence)
    assert inner.value.mark == Mark(5, 11)
    assert [item.mark for item in inner.value.items] == [Mark(5, 12), Mark(5, 15)]


def test_marks_ignore_a_byte_order_mark() -> None:
    document = parse_bytes(BOM + b"kind: continuum\nid: x\n", "bom.yaml")
    assert document.problems == []
    assert isinstance(document.root, Mapping)
    assert list(document.root.entries) == ["kind", "id"]
    assert document.root.entries["kind"].key_mark == Mark(1, 1)
    assert document.root.entries["kind"].value.mark == Mark(1, 7)


def test_a_scalar_document_has_a_scalar_root() -> None:
    document = parse_text("just text\n", "t.yaml")
    assert document.problems == []
    assert document.root == Scalar("just text", True, Mark(1, 1))


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n", "--- ~\n"])
def test_an_empty_document_has_no_root_and_no_problem(text: str) -> None:
    document = parse_text(text, "empty.yaml")
    assert document.problems == []
    assert document.root is None or (isinstance(document.root, Scalar) and document.root.is_null)


# -- order ----------------------------------------------------------------------------


def test_mapping_entries_keep_the_order_of_the_file() -> None:
    mapping = root_mapping("zeta: 1\nalpha: 2\nmid: 3\nbeta: 4\n")
    assert list(mapping.entries) == ["zeta", "alpha", "mid", "beta"]
    assert [value(mapping, key).text for key in mapping.entries] == ["1", "2", "3", "4"]


def test_sequence_items_keep_the_order_of_the_file() -> None:
    mapping = root_mapping("items: [c, a, b]\nblock:\n  - 3\n  - 1\n  - {x: 2}\n")
    items = mapping.entries["items"].value
    assert isinstance(items, Sequence)
    assert [item.text for item in items.items if isinstance(item, Scalar)] == ["c", "a", "b"]
    block = mapping.entries["block"].value
    assert isinstance(block, Sequence)
    assert [type(item) for item in block.items] == [Scalar, Scalar, Mapping]


# -- duplicate keys ---------------------------------------------------------------------


def test_a_duplicate_key_is_reported_at_the_second_key_naming_both_lines() -> None:
    document = parse_text("a: 1\nb: 2\na: 3\n", "dupes.yaml")
    assert [str(p) for p in document.problems] == [
        "dupes.yaml:3:1: duplicate key 'a' (lines 1 and 3)"
    ]
    assert document.problems[0].rule == "SS005"
    assert isinstance(document.root, Mapping)
    assert list(document.root.entries) == ["a", "b"]
    assert value(document.root, "a").text == "1"


def test_duplicate_keys_in_nested_and_flow_mappings() -> None:
    text = "outer:\n  inner: 1\n  other: 2\n  inner: 3\nflow: {x: 1, y: 2, x: 3}\n"
    document = parse_text(text, "d.yaml")
    assert lines(document.problems) == [
        "4:3: SS005 duplicate key 'inner' (lines 2 and 4)",
        "5:20: SS005 duplicate key 'x' (lines 5 and 5)",
    ]


def test_keys_differing_in_case_or_quoting() -> None:
    document = parse_text("Key: 1\nkey: 2\n'key': 3\n", "q.yaml")
    # 'key' quoted is the same key as key plain; Key is another key.
    assert lines(document.problems) == ["3:1: SS005 duplicate key 'key' (lines 2 and 3)"]


def test_a_key_that_is_not_text_is_reported() -> None:
    document = parse_text("? [a, b]\n: 1\nc: 2\n", "k.yaml")
    assert lines(document.problems) == ["1:3: SS104 a mapping key must be text"]
    assert isinstance(document.root, Mapping)
    assert list(document.root.entries) == ["c"]


# -- anchors, aliases, tags ------------------------------------------------------------


def test_anchors_and_aliases_are_reported_and_never_expanded() -> None:
    document = parse_text("a: &x [1, 2]\nb: *x\n", "alias.yaml")
    assert lines(document.problems) == [
        "1:4: SS006 anchors are not allowed (&x)",
        "2:4: SS006 aliases are not allowed (*x)",
    ]
    assert isinstance(document.root, Mapping)
    alias = value(document.root, "b")
    assert alias.tainted is True
    assert alias.text == ""


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('!!python/object/apply:os.system ["true"]', "!!python/object/apply:os.system"),
        ("!!python/name:os.getcwd ''", "!!python/name:os.getcwd"),
        ("!foo bar", "!foo"),
        ("!!str 2026", "!!str"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!<tag:example.com,2026:x> y", "!<tag:example.com,2026:x>"),
    ],
)
def test_explicit_tags_are_reported(written: str, shown: str) -> None:
    document = parse_text(f"key: {written}\n", "tag.yaml")
    expected = shown.replace("!<tag:example.com,2026:x>", "tag:example.com,2026:x")
    assert lines(document.problems) == [f"1:6: SS007 tags are not allowed ({expected})"]


def test_a_tagged_scalar_is_tainted() -> None:
    document = parse_text("key: !!str yes\n", "tag.yaml")
    assert isinstance(document.root, Mapping)
    node = value(document.root, "key")
    assert node.tainted is True
    assert node.text == "yes"


# -- other stream problems -------------------------------------------------------------


def test_a_second_document_is_reported_where_it_starts() -> None:
    document = parse_text("a: 1\n---\nb: 2\n", "docs.yaml")
    assert lines(document.problems) == ["2:1: SS008 a file must hold a single YAML document"]


def test_a_syntax_error_gives_no_tree() -> None:
    document = parse_text("a: b: c\n", "syntax.yaml")
    assert document.root is None
    assert [(p.line, p.column, p.rule) for p in document.problems] == [(1, 5, "SS004")]
    assert document.problems[0].message.startswith("invalid YAML: ")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n\tb: 1\n", "2:1"),
        ("a:\n  b: 1\n \tc: 2\n", "3:2"),
        ("a: |\n  x\n\ty\n", "3:1"),
        ("a:\n  - 1\n\t- 2\n", "3:1"),
    ],
)
def test_a_tab_in_the_indentation_is_named_at_the_tab(text: str, where: str) -> None:
    """Issue 8.7: PyYAML's "found character that cannot start any token" left a
    user to guess; the tab is what a user must fix."""
    document = parse_text(text, "tab.yaml")
    assert document.root is None
    assert lines(document.problems) == [
        f"{where}: SS004 invalid YAML: a tab character: YAML indents with spaces only"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b: 1\n\t\n  c: 2\n",
        "a:\n  b: 1\n \t # note\n  c: 2\n",
        "a:\n  b: 1\t# note\n  c: 2\n",
    ],
)
def test_a_tab_on_a_blank_or_comment_line_is_allowed(text: str) -> None:
    """YAML allows tabs on a line holding only white space or a comment, where editors
    leave them; PyYAML rejected them as indentation, so a valid file did not load."""
    document = parse_text(text, "tab.yaml")
    assert document.problems == []
    assert document.root is not None
    assert to_plain(document.root) == {"a": {"b": "1", "c": "2"}}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("note: |\n  first\n  \t# not a comment\n", "first\n\t# not a comment\n"),
        ("note: |\n  first\n  \t\n  last\n", "first\n\t\nlast\n"),
    ],
)
def test_a_tab_inside_a_block_scalar_is_kept(text: str, value: str) -> None:
    """The blank-line tab rewrite is for lines PyYAML refuses: a tab that is the text of
    a block scalar, which PyYAML reads, stays a tab (a note is not silently changed)."""
    document = parse_text(text, "tab.yaml")
    assert document.problems == []
    assert document.root is not None
    assert to_plain(document.root) == {"note": value}


def test_a_long_run_of_tabs_costs_linear_work() -> None:
    """The blank-line tab rewrite must not backtrack over a run of white space that ends
    in text: with a pattern that splits the run two ways, 100,000 tabs took minutes."""
    document = parse_text("a: 1\n" + "\t" * 100_000 + "x\n", "tabs.yaml")
    assert [problem.rule for problem in document.problems] == ["SS004"]
    assert document.problems[0].line == 2


def test_a_syntax_error_after_a_byte_order_mark_has_the_same_position() -> None:
    plain = parse_bytes(b"a: 1\nb: c: d\n", "x.yaml")
    with_bom = parse_bytes(BOM + b"a: 1\nb: c: d\n", "x.yaml")
    assert lines(with_bom.problems) == lines(plain.problems)
    assert [(p.line, p.column) for p in plain.problems] == [(2, 5)]


def test_raw_control_characters_are_reported_where_they_are() -> None:
    document = parse_text("a: x\nb: \x1b[31mred\x07\n# \x00\n", "ctl.yaml")
    assert document.root is None
    assert lines(document.problems) == [
        "2:4: SS003 control character U+001B is not allowed",
        "2:12: SS003 control character U+0007 is not allowed",
        "3:3: SS003 control character U+0000 is not allowed",
    ]


@pytest.mark.parametrize(
    ("escaped", "code"),
    [("\\e[31m", "001B"), ("\\x07", "0007"), ("\\r", "000D"), ("\\u0000", "0000")],
)
def test_escaped_control_characters_are_reported_at_their_scalar(escaped: str, code: str) -> None:
    document = parse_text(f'a: ok\nb: "red {escaped}"\n', "esc.yaml")
    assert lines(document.problems) == [f"2:4: SS003 control character U+{code} is not allowed"]
    assert isinstance(document.root, Mapping)
    assert value(document.root, "b").tainted is True


def test_tabs_and_newlines_in_quoted_text_are_fine() -> None:
    node = value(root_mapping('a: "one\\ttwo\\nthree"\n'), "a")
    assert node.text == "one\ttwo\nthree"


def test_nesting_up_to_the_limit_is_fine_and_one_deeper_is_not() -> None:
    # The root collection is level 1, so MAX_DEPTH brackets make MAX_DEPTH levels.
    at_limit = parse_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, "deep.yaml")
    assert at_limit.problems == []
    over = parse_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "deep.yaml")
    assert over.root is None
    assert lines(over.problems) == [
        f"1:{MAX_DEPTH + 1}: SS009 collections are nested deeper than {MAX_DEPTH}"
    ]


def test_kind_name() -> None:
    assert kind_name(Mapping(Mark(1, 1))) == "a mapping"
    assert kind_name(Sequence(Mark(1, 1))) == "a list"
    assert kind_name(Scalar("~", True, Mark(1, 1))) == "nothing"
    assert kind_name(Scalar("~", False, Mark(1, 1))) == "'~'"
    assert kind_name(Scalar("high", True, Mark(1, 1))) == "'high'"
    assert kind_name(Scalar("x" * 41, True, Mark(1, 1))) == "text"


def test_problem_string_and_order() -> None:
    late = Problem("b.yaml", 1, 1, "SS004", "late")
    second = Problem("a.yaml", 10, 2, "SS004", "second")
    first = Problem("a.yaml", 2, 30, "SS004", "first")
    assert str(first) == "a.yaml:2:30: first"
    assert str(Problem("a.yaml", 0, 0, "SS001", "no such file")) == "a.yaml: no such file"
    assert sorted([late, second, first]) == [first, second, late]


# -- files generated from scratch -----------------------------------------------------


def test_read_file_names_the_file_as_asked(tmp_path: Path) -> None:
    path = tmp_path / "named.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    document = read_file(path, "shown/name.yaml")
    assert document.path == "shown/name.yaml"
    assert [str(p) for p in document.problems] == [
        "shown/name.yaml:2:1: duplicate key 'a' (lines 1 and 2)"
    ]
    assert read_file(path).path == str(path)


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"kind: continuum\n")
        handle.truncate(256 * 1024 * 1024)  # sparse: 256 MiB on paper
    tracemalloc.start()
    try:
        document = read_file(path, "huge.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert document.root is None
    assert [str(p) for p in document.problems] == [
        "huge.yaml:1:1: file is larger than the 5 MiB limit"
    ]
    assert document.problems[0].rule == "SS002"
    assert peak < 4 * MAX_BYTES


def test_a_file_one_byte_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "over.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 5) + b"\n")
    assert os.path.getsize(path) == MAX_BYTES + 1
    assert [p.rule for p in read_file(path).problems] == ["SS002"]


def test_a_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"a: 1\n#" + b"x" * (MAX_BYTES - 7) + b"\n")
    assert os.path.getsize(path) == MAX_BYTES
    document = read_file(path)
    assert document.problems == []
    assert isinstance(document.root, Mapping)


@pytest.mark.parametrize(
    ("data", "line", "column", "byte"),
    [
        pytest.param(b"kind: continuum\ntitle: Caf\xe9 cr\xe8me\n", 2, 11, 0xE9, id="latin1"),
        pytest.param(b"\xe9t\xe9: 1\n", 1, 1, 0xE9, id="first-byte"),
        # Columns count characters: the two-byte UTF-8 letters count once each.
        pytest.param(b"title: \xc3\xa9t\xc3\xa9 \xe9t\xe9\n", 1, 12, 0xE9, id="after-utf8"),
        pytest.param(b"a: 1\nb: 2\nc: \x80\n", 3, 4, 0x80, id="stray-continuation"),
        # A byte-order mark is not a column of its own, and is not the bad byte.
        pytest.param(BOM + b"kind: caf\xe9\n", 1, 10, 0xE9, id="bom-line-1"),
        pytest.param(BOM + b"kind: continuum\ntitle: Caf\xe9\n", 2, 11, 0xE9, id="bom-line-2"),
    ],
)
def test_a_file_that_is_not_utf8_is_refused_where_it_goes_wrong(
    tmp_path: Path, data: bytes, line: int, column: int, byte: int
) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(data)
    document = read_file(path, "latin1.yaml")
    assert document.root is None
    assert [str(p) for p in document.problems] == [
        f"latin1.yaml:{line}:{column}: file is not UTF-8 text (byte 0x{byte:02x})"
    ]
    assert document.problems[0].rule == "SS003"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_refused(tmp_path: Path, encoding: str) -> None:
    text = "kind: continuum\nid: x\n"
    data = text.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = ("\ufeff" + text).encode(encoding)
    path = tmp_path / "utf16.yaml"
    path.write_bytes(data)
    document = read_file(path, "utf16.yaml")
    assert document.root is None
    assert [str(p) for p in document.problems] == [
        "utf16.yaml:1:1: file is not UTF-8 text (it looks like UTF-16)"
    ]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(BOM + "kind: continuum\ntitle: Café\n".encode())
    document = read_file(path)
    assert document.problems == []
    assert isinstance(document.root, Mapping)
    assert list(document.root.entries) == ["kind", "title"]
    assert value(document.root, "title").text == "Café"


def test_a_missing_file(tmp_path: Path) -> None:
    document = read_file(tmp_path / "nothing.yaml", "nothing.yaml")
    assert document.root is None
    # Every finding has a position; a file that cannot be read is reported at 1:1.
    assert document.problems == [Problem("nothing.yaml", 1, 1, "SS001", "no such file")]
    assert str(document.problems[0]) == "nothing.yaml:1:1: no such file"


def test_a_directory_given_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    document = read_file(folder, "folder.yaml")
    assert document.root is None
    assert [str(p) for p in document.problems] == ["folder.yaml:1:1: is a directory, not a file"]
    assert document.problems[0].rule == "SS001"


@pytest.mark.parametrize(
    ("opening", "closing"), [("[", "]"), ("{a: ", "}"), ("- ", ""), ("[{a: ", "}]")]
)
def test_very_deep_nesting_finishes_and_is_reported(
    tmp_path: Path, opening: str, closing: str
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(opening * 100_000 + closing * 100_000 + "\n", encoding="utf-8")
    document = read_file(path, "deep.yaml")
    assert document.root is None
    assert [(p.rule, p.line) for p in document.problems] == [("SS009", 1)]


def test_unclosed_deep_nesting_finishes_and_is_reported() -> None:
    document = parse_text("[" * 100_000, "deep.yaml")
    assert lines(document.problems) == [
        f"1:{MAX_DEPTH + 1}: SS009 collections are nested deeper than {MAX_DEPTH}"
    ]


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    rows = ["root:", f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        rows.append(f"  l{level}: &l{level} [{aliases}]")
    rows.append(f"bomb: *l{levels - 1}")
    return "\n".join(rows) + "\n"


def test_an_alias_bomb_finishes_and_reports_every_anchor_and_alias(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    document = read_file(path, "bomb.yaml")
    rules = [p.rule for p in document.problems]
    assert set(rules) == {"SS006"}
    # 9 anchors, 8 levels of 9 aliases, and the alias that would set it off.
    assert len(rules) == 9 + 8 * 9 + 1
    assert "bomb.yaml:11:7: aliases are not allowed (*l8)" in [str(p) for p in document.problems]


def test_a_wide_alias_bomb_finishes() -> None:
    document = parse_text(billion_laughs(levels=30, width=30), "bomb.yaml")
    assert len(document.problems) == 30 + 29 * 30 + 1


def test_nothing_in_a_file_is_ever_executed_or_constructed(tmp_path: Path) -> None:
    created = tmp_path / "created-by-system"
    opened = tmp_path / "created-by-open"
    text = (
        f'a: !!python/object/apply:os.system ["touch {created}"]\n'
        f'b: !!python/object/apply:builtins.open ["{opened}", "w"]\n'
        f"c: !!python/object/new:pathlib.Path ['{created}']\n"
        f'? !!python/object/apply:os.system ["touch {created}"]\n'
        ": key\n"
    )
    path = tmp_path / "payload.yaml"
    path.write_text(text, encoding="utf-8")
    document = read_file(path, "payload.yaml")
    assert not created.exists()
    assert not opened.exists()
    assert [p.rule for p in document.problems].count("SS007") == 4
    whole = parse_text(f'!!python/object/apply:os.system ["touch {created}"]\n', "p.yaml")
    assert [p.rule for p in whole.problems] == ["SS007"]
    assert not created.exists()


def test_the_payload_would_really_create_the_file_if_constructed(tmp_path: Path) -> None:
    # Proves the test above is not vacuous: an unsafe loader does create the file.
    target = tmp_path / "proof"
    yaml.unsafe_load(f'a: !!python/object/apply:builtins.open ["{target}", "w"]\n')
    assert target.exists()


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    document = read_file(fifo, "pipe.yaml")
    assert [str(p) for p in document.problems] == ["pipe.yaml:1:1: not a regular file"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a\x1bb", "control character U+001B is not allowed"),
        ("line\u2028break", "control character U+2028 is not allowed"),
        (
            "name\udcff",
            "character U+DCFF is not allowed (a lone surrogate: a byte that is not UTF-8)",
        ),
        ("\ufffe", "noncharacter U+FFFE is not allowed"),
    ],
)
def test_an_unwritable_value_is_reported_for_what_its_character_is(
    value: str, message: str
) -> None:
    from servicescore.yamlfile import Mark, ProblemLog, report_unwritable, unwritable

    log = ProblemLog("q.csv")
    assert unwritable(value)
    assert report_unwritable(value, Mark(3, 4), log)
    assert [(problem.line, problem.column, problem.message) for problem in log.problems] == [
        (3, 4, message)
    ]


def test_a_writable_value_is_not_reported() -> None:
    from servicescore.yamlfile import Mark, ProblemLog, report_unwritable, unwritable

    log = ProblemLog("q.csv")
    assert not unwritable("tab\tand\nnewline, caf\u00e9")
    assert not report_unwritable("tab\tand\nnewline, caf\u00e9", Mark(1, 1), log)
    assert log.problems == []
