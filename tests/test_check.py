"""``servicescore check``: rules, files and folders, ordering, warnings and exit codes.

Fixtures: the data folders of tests/data (read only) and tests/check_data:
- ``check_data/warnings``: a usable checklist with warnings only (SS201, SS202, SS203),
  and a usable answers file with n/a answers lacking a note (SS204);
- ``check_data/shared``: two checklists on one broken continuum, reported once;
- ``check_data/hidden``: a continuum with a broken pass mark, a checklist on it with two
  broken items, and answers to that checklist with an answer to a renamed item: every
  problem of the three is found in one run;
- ``check_data/scale``: a checklist whose scale is broken in part (a credit out of range,
  a repeated value) and answers to it with a value off the scale;
- ``check_data/mixed``: servicescore files next to YAML files of other tools (skipped in a
  folder search) and a ``.txt`` file (never read).
Files that cannot live in the repository (over 5 MiB, a dangling link) are made in a
temporary folder. Every test that looks at file names sets its working directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from clirun import invoke
from servicescore.check import CheckResult, check_paths, summary
from servicescore.rules import RULE_BY_NAME, RULES
from test_loader import formatted as loaded_problems

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CHECK_DATA = ROOT / "tests" / "check_data"
KINDS = ("continuum", "checklist", "answers")

# FILE:LINE:COL: severity [rule] message
FINDING = re.compile(
    r"^(?P<file>.+?):(?P<line>[0-9]+):(?P<column>[0-9]+): "
    r"(?P<severity>error|warning) \[(?P<rule>SS[0-9]{3})\] (?P<message>\S.*)$"
)
SUMMARY = re.compile(
    r"^(?P<files>[0-9]+) files? checked"
    r"(?:, (?P<incomplete>[0-9]+) could not be fully checked \(.+\))?: "
    r"(?:no problems|(?:(?P<errors>[0-9]+) errors?)?(?:, )?(?:(?P<warnings>[0-9]+) warnings?)?)$"
)

# Bad fixtures of tests/data that check does not take for their folder's kind: no
# `kind:` (and nothing of an answers file), an unknown kind, or not a mapping at all.
# Named explicitly, each is a single SS101 "not a servicescore file" error.
NOT_RECOGNISED = {
    "continuum": {
        "comments-only",
        "empty",
        "kind-missing",
        "kind-typo",
        "not-a-mapping",
        "scalar-document",
    },
    "checklist": {"top-level"},
    "answers": {"empty", "not-a-mapping", "top-level"},
}
# Unrecognised, yet a folder walk checks them: their kind is one of ours misspelt.
MISSPELT_KIND = {"continuum": {"kind-typo"}, "checklist": set(), "answers": {"top-level"}}
# Declares another kind than its folder's: checked as what it declares.
DECLARES_ANOTHER_KIND = {("continuum", "kind-wrong"): "checklist"}


# -- helpers -------------------------------------------------------------------------


def check_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = invoke("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def findings(stdout: str) -> list[re.Match[str]]:
    """The finding lines of the text format; every line but the summary must be one."""
    lines = stdout.splitlines()
    assert lines, "the text format ends with a summary line"
    assert SUMMARY.match(lines[-1]), lines[-1]
    matches = [FINDING.match(line) for line in lines[:-1]]
    assert all(matches), [line for line, m in zip(lines[:-1], matches, strict=True) if not m]
    return [m for m in matches if m is not None]


def bad_files(kind: str | None = None) -> list[Path]:
    kinds = KINDS if kind is None else (kind,)
    return sorted(path for k in kinds for path in (DATA / k / "bad").glob("*.yaml"))


def good_files() -> list[Path]:
    return sorted(path for kind in KINDS for path in (DATA / kind / "good").glob("*.yaml"))


def label(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}/{path.name}"


def formatted(result: CheckResult) -> list[str]:
    """As in the .expected files: ``NAME.yaml:LINE:COL: RULE message``."""
    return loaded_problems(list(result.problems))


def expected_lines(path: Path) -> list[str]:
    text = path.with_suffix(".expected").read_text(encoding="utf-8")
    return sorted(line for line in text.splitlines() if line)


def big_file(folder: Path) -> Path:
    """A continuum over the 5 MiB limit (a long comment after a valid start)."""
    path = folder / "big.yaml"
    path.write_bytes(b"kind: continuum\n" + b"# " + b"x" * (5 * 1024 * 1024) + b"\n")
    return path


def folder_with_dangling_link(folder: Path) -> Path:
    """A folder whose only YAML file is a link to nothing: found, but unreadable."""
    links = folder / "links"
    links.mkdir()
    os.symlink(links / "nowhere.yaml", links / "dangling.yaml")
    return links


def sort_key(match: re.Match[str]) -> tuple[str, int, int]:
    return (match["file"], int(match["line"]), int(match["column"]))


# -- the rule registry ---------------------------------------------------------------


def test_rule_ids_are_stable_and_each_has_a_one_line_description() -> None:
    assert RULES, "the registry is empty"
    for ident, rule in RULES.items():
        assert ident == rule.id
        assert re.fullmatch(r"SS[0-9]{3}", ident), ident
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.severity in ("error", "warning")
        assert rule.summary.strip() and "\n" not in rule.summary, ident
        # Warnings are numbered SS2xx, errors below.
        assert (rule.severity == "warning") == ident.startswith("SS2"), ident
    assert len({rule.name for rule in RULES.values()}) == len(RULES)
    assert {name: rule.id for name, rule in RULE_BY_NAME.items()} == {
        rule.name: rule.id for rule in RULES.values()
    }
    warnings = {rule.name for rule in RULES.values() if rule.severity == "warning"}
    assert warnings == {"empty-cell", "scale-extremes", "repeated-text", "na-without-note"}


def test_every_rule_in_the_registry_is_produced_by_a_fixture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = [
        *bad_files(),
        CHECK_DATA,
        big_file(tmp_path),
        folder_with_dangling_link(tmp_path),
    ]
    exit_code, data = check_json(*paths)
    assert exit_code == 1
    seen: dict[str, set[str]] = {}
    for problem in data["problems"]:
        seen.setdefault(problem["rule"], set()).add(problem["severity"])
    # A panel's rule is not a file's: test_consolidate produces it.
    of_files = {ident for ident in RULES if not ident.startswith("SS3")}
    assert sorted(seen) == sorted(of_files), (
        f"never produced: {sorted(of_files - set(seen))}; "
        f"not in the registry: {sorted(set(seen) - of_files)}"
    )
    for ident, severities in seen.items():
        assert severities == {RULES[ident].severity}, ident


# -- the data folders ----------------------------------------------------------------


@pytest.mark.parametrize("path", good_files(), ids=label)
def test_good_fixture_has_no_finding(path: Path) -> None:
    result = check_paths([path])
    assert result.problems == ()
    assert [file.kind for file in result.files] == [path.parent.parent.name]


@pytest.mark.parametrize("path", bad_files(), ids=label)
def test_bad_fixture_reports_its_expected_findings(path: Path) -> None:
    kind = path.parent.parent.name
    result = check_paths([path])
    assert result.failed(strict=False)
    if path.stem in NOT_RECOGNISED[kind]:
        assert [file.kind for file in result.files] == [None]
        assert [(p.rule, p.severity) for p in result.problems] == [("SS101", "error")]
        assert "not a servicescore file" in result.problems[0].message or (
            "unknown kind" in result.problems[0].message
        )
    elif (kind, path.stem) in DECLARES_ANOTHER_KIND:
        declared = DECLARES_ANOTHER_KIND[kind, path.stem]
        assert [file.kind for file in result.files] == [declared]
        assert result.errors > 0
    else:
        # A file whose YAML cannot be read has no kind; its findings are the same. (A
        # broken file it refers to is listed after it.)
        assert [file.kind for file in result.files[:1]] in ([kind], [None])
        assert formatted(result) == expected_lines(path)


def test_every_bad_fixture_is_classified() -> None:
    for kind in KINDS:
        stems = {path.stem for path in bad_files(kind)}
        assert NOT_RECOGNISED[kind] <= stems, kind
    assert {stem for _, stem in DECLARES_ANOTHER_KIND} <= {p.stem for p in bad_files()}


def test_bad_fixture_folders_find_only_servicescore_files() -> None:
    """In a folder, the unrecognised fixtures are skipped, and every other one checked,
    as is one whose kind is ours misspelt."""
    for kind in KINDS:
        result = check_paths([DATA / kind / "bad"])
        # Not counting the broken files of another folder that they refer to.
        folder = DATA / kind / "bad"
        checked = {
            Path(file.path).stem
            for file in result.files
            if Path(file.path).absolute().parent == folder
        }
        stems = {path.stem for path in bad_files(kind)}
        assert checked == stems - NOT_RECOGNISED[kind] | MISSPELT_KIND[kind], kind


# -- every file, every finding, in order ---------------------------------------------


def test_all_files_are_checked_in_one_run_and_a_broken_file_stops_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["yaml-syntax", "control-raw", "pass-mark-zero", "bad-ids", "wrong-types"]
    for name in names:
        shutil.copy(DATA / "continuum" / "bad" / f"{name}.yaml", tmp_path / f"{name}.yaml")
    shutil.copy(DATA / "continuum" / "good" / "small.yaml", tmp_path / "good.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", ".")
    assert result.exit_code == 1
    found = findings(result.stdout)
    by_file: dict[str, list[str]] = {}
    for match in found:
        line = f"{match['file']}:{match['line']}:{match['column']}: {match['rule']} "
        by_file.setdefault(match["file"], []).append(line + match["message"])
    assert sorted(by_file) == sorted(f"{name}.yaml" for name in names)
    for name in names:
        assert sorted(by_file[f"{name}.yaml"]) == expected_lines(
            DATA / "continuum" / "bad" / f"{name}.yaml"
        )
    summary = SUMMARY.match(result.stdout.splitlines()[-1])
    assert summary is not None
    assert int(summary["files"]) == len(names) + 1
    assert int(summary["errors"]) == len(found)


def test_one_run_finds_what_single_runs_find() -> None:
    paths = bad_files()
    together = check_paths(paths)
    alone = {problem for path in paths for problem in check_paths([path]).problems}
    assert sorted(together.problems) == sorted(alone)
    assert len(set(together.problems)) == len(together.problems)
    assert len(together.files) == len(paths)


def test_findings_are_sorted_by_file_line_and_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    # Named in reverse order; scale.yaml has findings on lines 8 to 17 (10 after 9).
    paths = [
        "continuum/bad/wrong-types.yaml",
        "checklist/bad/scale.yaml",
        "checklist/bad/item-fields.yaml",
        "answers/bad/values.yaml",
        "answers/bad/answer-mappings.yaml",
    ]
    result = invoke("check", *paths)
    assert result.exit_code == 1
    found = findings(result.stdout)
    keys = [sort_key(match) for match in found]
    assert keys == sorted(keys)
    assert {match["file"] for match in found} == set(paths)
    scale_lines = [key[1] for key in keys if key[0] == "checklist/bad/scale.yaml"]
    assert 9 in scale_lines and 10 in scale_lines and 17 in scale_lines
    # The same order in the model and in the JSON format.
    model = check_paths([Path(path) for path in paths])
    assert [(p.path, p.line, p.column) for p in model.problems] == keys
    _, data = check_json(*paths)
    assert [(p["file"], p["line"], p["column"]) for p in data["problems"]] == keys


def test_every_finding_of_the_fixtures_has_a_1_based_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = check_paths([*bad_files(), CHECK_DATA, big_file(tmp_path)])
    assert result.problems
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1, problem


def test_an_unreadable_file_found_in_a_folder_is_reported_at_a_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue: every finding at its own line and column (1-based), as FILE:LINE:COL."""
    monkeypatch.chdir(tmp_path)
    folder_with_dangling_link(tmp_path)
    result = invoke("check", "links")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("[SS001]" in line for line in lines), lines
    found = findings(result.stdout)  # every line but the summary is FILE:LINE:COL: ...
    assert [(m["file"], m["rule"]) for m in found] == [("links/dangling.yaml", "SS001")]
    assert int(found[0]["line"]) >= 1 and int(found[0]["column"]) >= 1


def test_an_oversized_file_is_one_finding_and_others_are_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    big_file(tmp_path)
    shutil.copy(DATA / "continuum" / "bad" / "pass-mark-zero.yaml", tmp_path / "zero.yaml")
    result = invoke("check", ".")
    assert result.exit_code == 1
    found = [(m["file"], m["line"], m["column"], m["rule"]) for m in findings(result.stdout)]
    assert found == [("big.yaml", "1", "1", "SS002"), ("zero.yaml", "5", "12", "SS108")]


def test_a_shared_continuum_is_checked_once_and_its_findings_reported_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CHECK_DATA / "shared")
    expected = [
        ("continuum.yaml", 6, 12, "SS108"),
        ("continuum.yaml", 7, 1, "SS102"),
    ]
    for paths in (["."], ["one.yaml", "two.yaml"], ["one.yaml", "continuum.yaml", "two.yaml"]):
        exit_code, data = check_json(*paths)
        assert exit_code == 1, paths
        found = [(p["file"], p["line"], p["column"], p["rule"]) for p in data["problems"]]
        assert found == expected, paths


HIDDEN = [
    ("answers.yaml", 10, 3, "SS107", "unknown item 'tools-ok' (did you mean 'tools-work'?)"),
    ("answers.yaml", 11, 14, "SS112", "answer 'maybe' is not on the scale"),
    ("checklist.yaml", 15, 66, "SS107", "unknown component 'enviroment' (did you mean"),
    ("checklist.yaml", 16, 94, "SS108", "item 'stage' must be from 2 to 3, not 6"),
    ("continuum.yaml", 7, 12, "SS104", "'pass_mark' must be a number, not '75%'"),
]


@pytest.mark.parametrize(
    "paths", [["."], ["answers.yaml"], ["answers.yaml", "checklist.yaml", "continuum.yaml"]]
)
def test_a_broken_file_hides_no_problem_of_the_files_that_refer_to_it(
    paths: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8.3: this took three runs, each saying "3 files checked"; now one run finds
    every problem, checking references against what of the referenced file did load."""
    monkeypatch.chdir(CHECK_DATA / "hidden")
    result = invoke("check", *paths)
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert [(m["file"], int(m["line"]), int(m["column"]), m["rule"]) for m in found] == [
        expected[:4] for expected in HIDDEN
    ]
    for match, expected in zip(found, HIDDEN, strict=True):
        assert match["message"].startswith(expected[4]), match["message"]
    # Every file was fully checked, the referenced ones too.
    assert result.stdout.splitlines()[-1] == "3 files checked: 5 errors"


def test_answers_to_a_checklist_whose_items_are_unreadable_are_not_fully_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = (CHECK_DATA / "hidden" / "checklist.yaml").read_text(encoding="utf-8")
    continuum = (CHECK_DATA / "hidden" / "continuum.yaml").read_text(encoding="utf-8")
    (tmp_path / "continuum.yaml").write_text(continuum.replace("75%", "0.75"), "utf-8")
    broken = source[: source.index("elements:")] + "elements: none\n"
    (tmp_path / "checklist.yaml").write_text(broken, encoding="utf-8")
    answers = (CHECK_DATA / "hidden" / "answers.yaml").read_text(encoding="utf-8")
    (tmp_path / "answers.yaml").write_text(answers, encoding="utf-8")
    result = check_paths([Path("answers.yaml")])
    assert [(file.path, file.unchecked is None) for file in result.files] == [
        ("answers.yaml", False),
        ("checklist.yaml", True),
    ]
    # The answers are still checked against the scale, which did load; not their ids.
    assert [(p.path, p.rule) for p in result.problems] == [
        ("answers.yaml", "SS112"),
        ("checklist.yaml", "SS104"),
    ]
    assert "checklist 'checklist.yaml'" in (result.files[0].unchecked or "")
    assert result.failed(strict=False)
    many = result._replace(files=tuple(result.files[0]._replace(path=f"{n}.yaml") for n in "abcde"))
    assert summary(many) == (
        "5 files checked, 5 could not be fully checked (a.yaml, b.yaml, c.yaml and 2 more): "
        "2 errors"
    )


SCALE = [
    ("answers.yaml", 9, 14, "SS112", "answer 'maybe' is not on the scale; use 'no', 'partly'"),
    ("checklist.yaml", 11, 29, "SS108", "scale 'credit' must lie between 0 and 1, not 1.5"),
    ("checklist.yaml", 13, 13, "SS106", "duplicate scale value 'YES'"),
]


def test_a_scale_broken_in_part_hides_no_answer_off_the_scale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 8.3: one credit out of range and one repeated value left the answers file
    "could not be fully checked" and its 'maybe' unreported; the values did load."""
    monkeypatch.chdir(CHECK_DATA / "scale")
    result = invoke("check", "answers.yaml")
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert [(m["file"], int(m["line"]), int(m["column"]), m["rule"]) for m in found] == [
        expected[:4] for expected in SCALE
    ]
    for match, expected in zip(found, SCALE, strict=True):
        assert match["message"].startswith(expected[4]), match["message"]
    assert result.stdout.splitlines()[-1] == "2 files checked: 3 errors"


@pytest.mark.parametrize(
    ("broken", "complete"),
    [
        ("{value: partly, credit: lots}", True),
        ("{value: partly}", True),
        ("{value: [partly], credit: 0.5}", False),
        ("partly", False),
    ],
)
def test_answers_are_checked_against_the_scale_values_that_loaded(
    broken: str, complete: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value whose credit is unreadable or missing still names a value an answer may
    take; a value that cannot be read leaves the scale unknown, and the answers file is
    then not fully checked (and no answer is called off a scale that is not known)."""
    monkeypatch.chdir(tmp_path)
    for name in ("continuum.yaml", "checklist.yaml", "answers.yaml"):
        shutil.copy(CHECK_DATA / "scale" / name, tmp_path / name)
    checklist = (tmp_path / "checklist.yaml").read_text(encoding="utf-8")
    checklist = checklist.replace("{value: partly, credit: 1.5}", broken)
    (tmp_path / "checklist.yaml").write_text(checklist, encoding="utf-8")
    result = check_paths([Path("answers.yaml")])
    assert [(file.path, file.unchecked is None) for file in result.files] == [
        ("answers.yaml", complete),
        ("checklist.yaml", True),
    ]
    answers = [(p.line, p.rule) for p in result.problems if p.path == "answers.yaml"]
    # 'Partly' is on the scale however its credit is broken: only 'maybe' is off it.
    assert answers == ([(9, "SS112")] if complete else [])


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        # The stages are numbered right, only a text of one is missing: the top stage is
        # known, so an item's stage beyond it is still found.
        ("    summary: The basics work.\n", ""),
        # Every component has its id, one lacks its name: the ids are known, so a
        # checklist's misspelt component is still found.
        ("{id: focus, name: Focus}", "{id: focus}"),
    ],
    ids=["stage without its summary", "component without its name"],
)
def test_a_continuum_broken_past_its_ids_and_numbers_hides_nothing_of_the_checklist(
    text: str, broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the checklist is checked against (the component ids, the number of stages)
    loaded: its problems are all found and it is fully checked."""
    monkeypatch.chdir(tmp_path)
    for name in ("continuum.yaml", "checklist.yaml"):
        shutil.copy(CHECK_DATA / "hidden" / name, tmp_path / name)
    continuum = (tmp_path / "continuum.yaml").read_text(encoding="utf-8")
    assert text in continuum
    (tmp_path / "continuum.yaml").write_text(
        continuum.replace("75%", "0.75").replace(text, broken), encoding="utf-8"
    )
    result = check_paths([Path("checklist.yaml")])
    assert [(p.path, p.rule) for p in result.problems] == [
        ("checklist.yaml", "SS107"),
        ("checklist.yaml", "SS108"),
        ("continuum.yaml", "SS103"),
    ]
    assert [file.unchecked for file in result.files] == [None, None]


def test_a_reference_to_a_folder_says_it_is_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'checklist: ../checklists' names a folder that exists: "file not found" sent the
    user looking for a missing file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checklists").mkdir()
    (tmp_path / "assessments").mkdir()
    answers = "kind: answers\nchecklist: ../checklists\norganisation: X\nanswers: {}\n"
    (tmp_path / "assessments" / "q1.yaml").write_text(answers, encoding="utf-8")
    result = check_paths([Path("assessments")])
    [problem] = result.problems
    assert (problem.path, problem.line, problem.rule) == ("assessments/q1.yaml", 2, "SS107")
    assert problem.message == (
        "'../checklists' is a folder, not a checklist file (looked for checklists)"
    )


@pytest.mark.parametrize("broken", ["missing", "folder", "other kind"])
def test_a_file_whose_reference_leads_nowhere_is_not_fully_checked(
    broken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist whose continuum is missing, or answers whose checklist is, had the
    components, stages and answers left unchecked and yet said "complete": they were
    fully checked only when the referenced file half loaded."""
    monkeypatch.chdir(tmp_path)
    for name in ("checklist.yaml", "answers.yaml"):
        shutil.copy(CHECK_DATA / "hidden" / name, tmp_path / name)
    if broken == "folder":
        (tmp_path / "continuum.yaml").mkdir()
    elif broken == "other kind":
        shutil.copy(tmp_path / "answers.yaml", tmp_path / "continuum.yaml")
    result = check_paths([Path("checklist.yaml")])
    [checklist] = [file for file in result.files if file.path == "checklist.yaml"]
    assert "continuum 'continuum.yaml'" in (checklist.unchecked or "")
    # The checklist in turn is missing for answers that name it.
    (tmp_path / "checklist.yaml").unlink()
    if broken == "folder":
        (tmp_path / "checklist.yaml").mkdir()
    result = check_paths([Path("answers.yaml")])
    assert [(file.path, file.unchecked is None) for file in result.files] == [
        ("answers.yaml", False)
    ]
    assert "checklist 'checklist.yaml'" in (result.files[0].unchecked or "")
    assert result.failed(strict=False)


def test_a_file_named_twice_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "continuum" / "bad")
    exit_code, data = check_json("bad-ids.yaml", "./bad-ids.yaml", Path.cwd() / "bad-ids.yaml")
    assert exit_code == 1
    assert [file["file"] for file in data["files"]] == ["bad-ids.yaml"]
    assert len(data["problems"]) == len(expected_lines(Path("bad-ids.yaml")))


def test_file_names_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "continuum" / "bad" / "pass-mark-zero.yaml", tmp_path / "sub" / "z.yaml")
    monkeypatch.chdir(tmp_path)
    for named in (tmp_path / "sub" / "z.yaml", "sub/z.yaml", "sub", tmp_path):
        result = invoke("check", named)
        assert result.exit_code == 1
        assert [m["file"] for m in findings(result.stdout)] == ["sub/z.yaml"], named


# -- warnings and --strict -----------------------------------------------------------


def test_warnings_alone_exit_0_and_fail_only_with_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CHECK_DATA / "warnings")
    result = invoke("check", "warnings.yaml")
    assert result.exit_code == 0, result.stdout
    found = findings(result.stdout)
    assert {m["severity"] for m in found} == {"warning"}
    assert sorted(m["rule"] for m in found) == ["SS201", "SS202", "SS203"]
    assert result.stdout.splitlines()[-1] == "1 file checked: 3 warnings"
    strict = invoke("check", "--strict", "warnings.yaml")
    assert strict.exit_code == 1
    assert [m.groupdict() for m in findings(strict.stdout)] == [m.groupdict() for m in found]


def test_an_na_answer_without_a_note_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 8.8: an `n/a` takes an item out of every score, so it needs a reason."""
    monkeypatch.chdir(CHECK_DATA / "warnings")
    result = invoke("check", "na-without-note.yaml")
    assert result.exit_code == 0, result.stdout
    found = [(m["line"], m["column"], m["severity"], m["rule"]) for m in findings(result.stdout)]
    assert found == [("8", "3", "warning", "SS204"), ("9", "3", "warning", "SS204")]
    assert "'strategy-vision'" in result.stdout and "note" in result.stdout
    assert invoke("check", "--strict", "na-without-note.yaml").exit_code == 1
    # A warning never stops the file being assessed.
    assert invoke("assess", "na-without-note.yaml").exit_code == 0


def test_warning_findings_point_at_what_they_are_about(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CHECK_DATA / "warnings")
    problems = {p.rule: p for p in check_paths([Path("warnings.yaml")]).problems}
    assert "tools" in problems["SS201"].message and "3" in problems["SS201"].message
    assert "credit 1" in problems["SS202"].message
    assert (problems["SS203"].line, problems["SS203"].column) == (16, 23)
    assert "'b'" in problems["SS203"].message and "'a'" in problems["SS203"].message


@pytest.mark.parametrize("strict", [False, True])
def test_errors_exit_1_with_or_without_strict(strict: bool) -> None:
    args = ["--strict"] if strict else []
    result = invoke("check", *args, DATA / "checklist" / "bad" / "stage-six.yaml")
    assert result.exit_code == 1


@pytest.mark.parametrize("strict", [False, True])
def test_clean_files_exit_0_with_or_without_strict(strict: bool) -> None:
    args = ["--strict"] if strict else []
    result = invoke("check", *args, *good_files())
    assert result.exit_code == 0, result.stdout
    assert findings(result.stdout) == []
    assert result.stdout.splitlines()[-1] == f"{len(good_files())} files checked: no problems"


def test_errors_and_warnings_are_both_counted() -> None:
    result = invoke("check", DATA / "checklist" / "bad" / "scale.yaml")
    assert result.exit_code == 1
    found = findings(result.stdout)
    summary = SUMMARY.match(result.stdout.splitlines()[-1])
    assert summary is not None
    assert int(summary["errors"]) == sum(m["severity"] == "error" for m in found) > 0
    assert int(summary["warnings"]) == sum(m["severity"] == "warning" for m in found) > 0


# -- paths: files and folders --------------------------------------------------------


def test_a_folder_skips_yaml_of_other_tools_and_files_not_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CHECK_DATA)
    exit_code, data = check_json("mixed")
    assert exit_code == 0, data["problems"]
    assert data["problems"] == []
    assert sorted((f["file"], f["kind"]) for f in data["files"]) == [
        ("mixed/checklist.yml", "checklist"),
        ("mixed/deeper/answers.yaml", "answers"),
    ]


@pytest.mark.parametrize("kind", ["Answers", "answer", "checklists", "continum"])
def test_a_folder_reports_a_misspelt_kind_of_ours(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kind: Answers` is no other tool's YAML but a typo: skipped, its problems went
    unseen and the pre-commit hook passed. Kinds far from ours are still skipped."""
    monkeypatch.chdir(tmp_path)
    text = f"kind: {kind}\nchecklist: key-elements\norganisation: X\nanswers: {{zz: yes}}\n"
    (tmp_path / "q1.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "deploy.yaml").write_text("kind: Deployment\nspec: {}\n", encoding="utf-8")
    result = invoke("check", ".")
    assert result.exit_code == 1
    [found] = findings(result.stdout)
    assert (found["file"], found["line"], found["column"], found["rule"]) == (
        "q1.yaml",
        "1",
        "7",
        "SS101",
    )
    assert "did you mean" in found["message"]
    assert result.stdout.splitlines()[-1] == "1 file checked: 1 error"


def test_assess_of_a_folder_reports_answers_with_a_misspelt_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skipped, `kind: Answers` made `assess .` say "no answers files found"."""
    monkeypatch.chdir(tmp_path)
    text = "kind: Answers\nchecklist: key-elements\norganisation: X\nanswers: {}\n"
    (tmp_path / "q1.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("kind: Continuum\n", encoding="utf-8")
    result = invoke("assess", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "q1.yaml:1:7: expected 'kind: answers', found 'Answers' (did you mean 'answers'?)"
    ]


HELM = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
    "{{- if .Values.replicas }}\nspec: {replicas: 2}\n{{- end }}\n"
)
BROKEN_ANSWERS = "checklist: key-elements\norganisation: X\nanswers: {a: yes\n"


def test_a_folder_skips_unparsable_yaml_of_other_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Helm template (template syntax is not YAML) or a broken tool file in the
    repository made `check .`, `assess .` and the pre-commit hook fail on YAML that is
    not ours. Its top-level lines tell: `kind: Deployment`, or neither kind nor answers.
    A broken file that says it is ours is still reported, and any file named explicitly."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chart").mkdir()
    (tmp_path / "chart" / "deployment.yaml").write_text(HELM, encoding="utf-8")
    (tmp_path / "tool.yml").write_text("a: 1\nb: [\n", encoding="utf-8")
    (tmp_path / "q1.yaml").write_text(BROKEN_ANSWERS, encoding="utf-8")
    (tmp_path / "list.yaml").write_text("kind: 'checklist'  # ours\nid: [\n", encoding="utf-8")
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert [m["file"] for m in findings(result.stdout)] == ["list.yaml", "q1.yaml"]
    assert result.stdout.splitlines()[-1] == "2 files checked: 2 errors"
    assessed = invoke("assess", ".")
    assert assessed.exit_code == 2
    assert [line.split(":")[0] for line in assessed.stderr.splitlines()] == ["q1.yaml"]
    named = invoke("check", "chart/deployment.yaml", "tool.yml")
    named_files = [m["file"] for m in findings(named.stdout)]
    assert list(dict.fromkeys(named_files)) == ["chart/deployment.yaml", "tool.yml"]


@pytest.mark.parametrize(
    ("name", "position"), [("workflow.yaml", (1, 1)), ("deployment.yaml", (3, 7))]
)
def test_yaml_of_another_tool_named_explicitly_is_an_error(
    name: str, position: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CHECK_DATA / "mixed")
    result = invoke("check", name, "checklist.yml")
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert [(m["file"], int(m["line"]), int(m["column"]), m["rule"]) for m in found] == [
        (name, *position, "SS101")
    ]
    assert found[0]["severity"] == "error"


def test_a_folder_is_searched_recursively_for_yaml_and_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = DATA / "continuum" / "bad" / "pass-mark-zero.yaml"
    for name in ("a.yaml", "deep/er/b.yml", "c.YAML.txt", "d.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(bad, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", ".")
    assert result.exit_code == 1
    assert sorted({m["file"] for m in findings(result.stdout)}) == ["a.yaml", "deep/er/b.yml"]


def test_an_empty_folder_is_clean(tmp_path: Path) -> None:
    result = invoke("check", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["0 files checked: no problems"]


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit"])
def test_a_missing_path_exits_2(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "continuum" / "good" / "small.yaml", tmp_path / "small.yaml")
    for paths in (["missing.yaml"], ["small.yaml", "missing-folder"]):
        result = invoke("check", "--format", fmt, *paths)
        assert result.exit_code == 2, (fmt, paths, result.stdout)
        assert result.stdout == ""
        assert paths[-1] in result.stderr


def test_a_dangling_link_named_explicitly_is_a_missing_path(tmp_path: Path) -> None:
    links = folder_with_dangling_link(tmp_path)
    result = invoke("check", links / "dangling.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_no_path_is_a_usage_error() -> None:
    result = invoke("check")
    assert result.exit_code == 2


# -- dogfooding ------------------------------------------------------------------------


def test_the_shipped_checklists_and_examples_pass_with_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    shipped = sorted(Path("checklists").glob("*.yaml")) + sorted(Path("examples").glob("*.yaml"))
    for args in (["checklists", "examples"], ["--strict", "checklists", "examples"]):
        result = invoke("check", *args)
        assert result.exit_code == 0, result.stdout
        assert result.stdout.splitlines() == [f"{len(shipped)} files checked: no problems"]
    exit_code, data = check_json("checklists", "examples")
    assert exit_code == 0
    assert data["problems"] == []
    assert sorted(f["file"] for f in data["files"]) == sorted(str(p) for p in shipped)
    kinds = {f["file"]: f["kind"] for f in data["files"]}
    assert kinds["checklists/customer-satisfaction-practices.yaml"] == "continuum"
    assert kinds["checklists/profit-through-service.yaml"] == "checklist"
    assert {kinds[str(p)] for p in Path("examples").glob("*.yaml")} == {"answers"}


# -- --output ------------------------------------------------------------------------


def test_output_writes_the_findings_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "continuum" / "bad" / "pass-mark-zero.yaml", tmp_path / "zero.yaml")
    result = invoke("check", "--format", "json", "--output", "out.json", "zero.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [(p["file"], p["rule"]) for p in written["problems"]] == [("zero.yaml", "SS108")]
    text = invoke("check", "-o", "out.txt", "zero.yaml")
    assert text.exit_code == 1
    assert text.stdout == ""
    lines = (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("zero.yaml:5:12: error [SS108] ")
    dash = invoke("check", "-f", "json", "-o", "-", "zero.yaml")
    assert json.loads(dash.stdout) == written
