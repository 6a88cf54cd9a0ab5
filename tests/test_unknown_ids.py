"""Unknown ids at scale: the first ones listed with a suggestion, the rest counted in one
line, and the work of suggesting bounded by that cap, not by unknown ids x items."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from clirun import invoke, write
from servicescore import fields

CONTINUUM = """\
kind: continuum
id: tiny
title: Tiny
version: "1"
pass_mark: 0.8
components:
{components}
stages:
  - number: 1
    name: One
    summary: s
    looks_like:
{looks_like}
  - number: 2
    name: Two
    summary: s
    looks_like:
{looks_like}
    advance:
{looks_like}
"""


def continuum(folder: Path, components: list[str], extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A two-stage continuum; ``extra`` ids are named in its first looks_like only."""
    looks_like = "\n".join(f"      {ident}: t" for ident in components)
    text = CONTINUUM.format(
        components="\n".join(f"  - {{id: {ident}, name: n}}" for ident in components),
        looks_like=looks_like,
    )
    first = looks_like + "".join(f"\n      {ident}: t" for ident in extra)
    text = text.replace(looks_like, first, 1)
    return write(folder, "continuum.yaml", text)


def checklist(folder: Path, items: int) -> Path:
    """A checklist of ``items`` items 'item-00000'... on the continuum of ``continuum``."""
    continuum(folder, ["a", "b"])
    lines = [
        "kind: checklist",
        "id: big",
        "title: Big",
        'version: "1"',
        "continuum: continuum.yaml",
        "elements:",
        "  - {id: e, title: E, items: [",
    ]
    lines += [
        f"    {{id: item-{n:05d}, text: s{n}, component: {'ab'[n % 2]}, stage: 2, action: a{n}}},"
        for n in range(items)
    ]
    lines.append("  ]}")
    return write(folder, "checklist.yaml", "\n".join(lines) + "\n")


def answers(folder: Path, known: int, unknown: int) -> Path:
    """Answers to the first ``known`` items, and to ``unknown`` misspelt ids, each one
    letter off a real item id (so each is worth a suggestion)."""
    lines = ["kind: answers", "checklist: checklist.yaml", "organisation: O", "answers:"]
    lines += [f"  item-{n:05d}: 'yes'" for n in range(known)]
    lines += [f"  itme-{n:05d}: 'yes'" for n in range(unknown)]
    return write(folder, "answers.yaml", "\n".join(lines) + "\n")


def test_200_unknown_ids_give_50_lines_and_one_count(tmp_path: Path) -> None:
    checklist(tmp_path, 500)
    path = answers(tmp_path, known=450, unknown=200)
    result = invoke("check", path)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    listed = [line for line in lines if "unknown item 'itme-" in line]
    assert len(listed) == fields.UNKNOWN_LISTED == 50
    assert all("(did you mean 'item-" in line for line in listed)
    # the first unlisted one, at its own line: the 451st answer is on line 5 + 450
    assert lines[-1] == (
        f"{path}:505:3: error [SS107] 150 more unknown names after the first 50 "
        "are not listed; the first of them is here"
    )
    assert len(lines) == 51


def test_the_count_line_through_assess(tmp_path: Path) -> None:
    checklist(tmp_path, 500)
    path = answers(tmp_path, known=450, unknown=51)
    result = invoke("assess", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[-1] == (
        f"{path}:505:3: 1 more unknown name after the first 50 is not listed; "
        "the first of them is here"
    )


def test_50_unknown_ids_are_all_listed(tmp_path: Path) -> None:
    checklist(tmp_path, 200)
    path = answers(tmp_path, known=150, unknown=50)
    result = invoke("assess", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 50
    assert all("unknown item 'itme-" in line for line in lines)


def test_unknown_fields_count_towards_the_cap(tmp_path: Path) -> None:
    text = "kind: answers\nchecklist: x\norganisation: O\nanswers: {}\n"
    text += "".join(f"organisatio{n:03d}: x\n" for n in range(120))
    path = write(tmp_path, "fields.yaml", text)
    result = invoke("check", path)
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    unknown = [line for line in lines if "unknown field 'organisatio" in line]
    assert len(unknown) == 50
    assert all("(did you mean 'organisation'?)" in line for line in unknown)
    assert f"{path}:55:1: error [SS102] 70 more unknown names after the first 50" in "\n".join(
        lines
    )


def test_unknown_components_of_a_wide_continuum(tmp_path: Path) -> None:
    components = [f"c{n:04d}" for n in range(3000)]
    path = continuum(tmp_path, components, extra=[f"x{n:04d}" for n in range(80)])
    result = invoke("check", path)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(lines) == 51
    assert sum("names unknown component 'x" in line for line in lines) == 50
    assert lines[-1].endswith(
        "30 more unknown names after the first 50 are not listed; the first of them is here"
    )
    # each line is short: the continuum's 3,000 ids are not listed in it
    assert max(len(line) for line in lines) < 300


class _Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """A SequenceMatcher that counts the words compared with (one set_seq1 each)."""

    compared = 0

    def set_seq1(self, a: str) -> None:  # type: ignore[override]
        type(self).compared += 1
        super().set_seq1(a)


def test_suggesting_is_bounded_not_unknown_ids_times_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checklist(tmp_path, 5000)
    path = answers(tmp_path, known=2500, unknown=1000)
    monkeypatch.setattr(difflib, "SequenceMatcher", _Counting)
    result = invoke("check", path)
    assert result.exit_code == 1
    # 1,000 x 5,000 comparisons before; now at most the listed ids x a few hundred
    assert 0 < _Counting.compared <= 50 * 400
    assert "950 more unknown names after the first 50" in result.stdout


def test_a_suggestion_from_a_large_checklist_still_finds_the_close_id(tmp_path: Path) -> None:
    checklist(tmp_path, 5000)
    lines = ["kind: answers", "checklist: checklist.yaml", "organisation: O", "answers:"]
    lines += [f"  item-{n:05d}: 'yes'" for n in range(10)]
    # a typo at the start and one at the end of the id
    lines += ["  xtem-04321: 'yes'", "  item-04321x: 'yes'"]
    path = write(tmp_path, "answers.yaml", "\n".join(lines) + "\n")
    result = invoke("assess", path)
    assert result.exit_code == 2
    assert "unknown item 'xtem-04321' (did you mean 'item-04321'?)" in result.stderr
    assert "unknown item 'item-04321x' (did you mean 'item-04321'?)" in result.stderr


def test_an_answer_off_a_long_scale_lists_its_first_values(tmp_path: Path) -> None:
    """A scale may hold thousands of values, and every answer off it is a line: each
    lists the first ones and counts the rest (all of them made it quadratic, in time
    and in the size of the output)."""
    checklist(tmp_path, 2)
    path = tmp_path / "checklist.yaml"
    scale = "".join(f"  - {{value: v{n}, credit: 0}}\n" for n in range(99))
    text = path.read_text("utf-8").replace(
        "elements:", f'scale:\n{scale}  - {{value: "yes", credit: 1}}\nelements:'
    )
    path.write_text(text, "utf-8")
    lines = ["kind: answers", "checklist: checklist.yaml", "organisation: O", "answers:"]
    write(tmp_path, "answers.yaml", "\n".join([*lines, "  item-00000: zzz", "  item-00001: v1"]))
    result = invoke("assess", tmp_path / "answers.yaml")
    assert result.exit_code == 2, result.output
    listed = ", ".join(f"'v{n}'" for n in range(20))
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'answers.yaml'}:5:15: answer 'zzz' is not on the scale; "
        f"use {listed}, 80 more or 'n/a'"
    ]
