"""How files are read, whatever they hold or wherever they are: numbers whose exact value
would be huge, references to files that are not servicescore files, folders and files the
system refuses, and free-form ``meta`` too large to carry (README "Loading rules")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from clirun import invoke, unprivileged
from servicescore.loader import Loader
from servicescore.model import Number
from test_loader import generated_checklist, write

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northwind-2026-q2.yaml"
ANSWERS_TEXT = """\
    checklist: checklist.yaml
    organisation: O
    answers: {a: "yes"}
    """

# -- numbers ----------------------------------------------------------------------------

# Exponents whose value is huge behind leading zeros: as exact fractions, 10 to the
# power of a hundred million (which never finishes) or of ten million (seconds).
HUGE_EXPONENTS = ("1e-00000099999999", "1e00000099999999", "1e-000009999999", "1E+0000000031")
# Where each number field sits in the generated files, and how it is named.
NUMBER_FIELDS = {
    "pass_mark": ("continuum.yaml:5:12", "'pass_mark'"),
    "credit": ("checklist.yaml:8:27", "scale 'credit'"),
    "weight": ("checklist.yaml:18:17", "item 'weight'"),
}


@pytest.mark.parametrize("text", HUGE_EXPONENTS)
@pytest.mark.parametrize("field", sorted(NUMBER_FIELDS))
def test_a_huge_exponent_behind_zeros_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, text: str
) -> None:
    generated_checklist(tmp_path, **{field: text})
    monkeypatch.chdir(tmp_path)
    where, what = NUMBER_FIELDS[field]
    result = invoke("check", "checklist.yaml")
    assert result.exit_code == 1
    assert (
        f"{where}: error [SS108] {what} '{text}' has an exponent outside -30 to 30"
        in result.stdout.splitlines()
    )


@pytest.mark.parametrize("field", sorted(NUMBER_FIELDS))
def test_assess_reports_a_huge_exponent_as_unusable_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    generated_checklist(tmp_path, **{field: "1e-00000099999999"})
    write(tmp_path / "answers.yaml", ANSWERS_TEXT)
    monkeypatch.chdir(tmp_path)
    where, what = NUMBER_FIELDS[field]
    result = invoke("assess", "answers.yaml")
    assert result.exit_code == 2
    assert (
        f"{where}: {what} '1e-00000099999999' has an exponent outside -30 to 30"
        in result.stderr.splitlines()
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.000000000000000000000000000001", "has more than 30 digits"),
        ("1e-" + "9" * 5000, "has an exponent outside -30 to 30"),
    ],
)
def test_long_spellings_of_a_number_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    generated_checklist(tmp_path, weight=text)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "checklist.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"checklist.yaml:18:17: error [SS108] item 'weight' '{text[:20]}…' {message}"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e-0000000001", "0.1"),
        ("0.5E+00000", "0.5"),
        ("25e-00000000030", "25e-30"),
        ("1e" + "0" * 5000 + "1", "10"),
    ],
)
def test_an_exponent_in_range_with_leading_zeros_still_reads(
    tmp_path: Path, text: str, value: str
) -> None:
    loaded = Loader().checklist(generated_checklist(tmp_path, weight=text))
    assert loaded.value is not None, loaded.problems
    assert loaded.value.items[0].weight == Number(Fraction(value), text)


# -- references to files that are not servicescore files ---------------------------------

# Look-alikes of system files, made here: a test never reads the real /etc.
SHADOW = "root:*:19000:0:99999:7:::\nsecretuser:$6$salt$hashhashhash:19000:0:99999:7:::\n"
HOSTNAME = "vm-secret-name\n"
NOT_OURS = {
    "shadow": SHADOW,
    "hostname": HOSTNAME,
    "manifest.yaml": "kind: Deployment\nmetadata: {name: secret-app}\n",
    "broken.yaml": "password: [unclosed\n",
    "listed.yaml": "- secret-item\n",
}
SECRETS = ("root:", "secretuser", "hashhash", "vm-secret", "Deployment", "secret-", "unclosed")


def answers_naming(folder: Path, reference: str) -> Path:
    return write(
        folder / "answers" / "a.yaml",
        f"""\
        checklist: {reference}
        organisation: O
        answers: {{a: "yes"}}
        """,
    )


def checklist_naming(folder: Path, reference: str) -> Path:
    text = (folder / "checklist.yaml").read_text(encoding="utf-8")
    path = folder / "lists" / "c.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("continuum: continuum.yaml", f"continuum: {reference}"))
    return path


@pytest.mark.parametrize("name", sorted(NOT_OURS))
@pytest.mark.parametrize("command", ["check", "assess"])
def test_a_checklist_reference_to_another_file_is_one_line_quoting_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, command: str
) -> None:
    write(tmp_path / "etc" / name, NOT_OURS[name])
    answers_naming(tmp_path, f"../etc/{name}")
    monkeypatch.chdir(tmp_path)
    result = invoke(command, "answers/a.yaml")
    line = (
        f"answers/a.yaml:1:12: error [SS107] '../etc/{name}' is not a servicescore checklist: "
        "it does not say 'kind: checklist'"
    )
    if command == "check":
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == line
    else:
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [line.replace("error [SS107] ", "")]
    assert not any(secret in result.output for secret in SECRETS)


def test_a_checklist_reference_to_an_answers_file_names_its_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "other.yaml")
    answers_naming(tmp_path, "../other.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("assess", "answers/a.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "answers/a.yaml:1:12: '../other.yaml' is an answers file, not a checklist"
    ]


@pytest.mark.parametrize("format", ["sarif", "github", "json", "junit"])
def test_no_format_of_check_quotes_a_file_that_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str
) -> None:
    write(tmp_path / "etc" / "shadow", SHADOW)
    answers_naming(tmp_path, "../etc/shadow")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "answers/a.yaml", "--format", format)
    assert result.exit_code == 1
    assert "is not a servicescore checklist" in result.stdout
    assert not any(secret in result.output for secret in SECRETS)


def test_a_continuum_reference_to_another_file_is_one_line_quoting_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated_checklist(tmp_path)
    write(tmp_path / "etc" / "shadow", SHADOW)
    checklist_naming(tmp_path, str(tmp_path / "etc" / "shadow"))
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "lists/c.yaml")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "error [" in line] == [
        f"lists/c.yaml:5:12: error [SS107] '{tmp_path}/etc/shadow' is not a servicescore "
        "continuum: it does not say 'kind: continuum'"
    ]
    assert not any(secret in result.output for secret in SECRETS)


NOT_A_CHECKLIST = (
    "not a servicescore checklist: it says no 'kind: checklist' and has none of its fields"
)
NOT_ANSWERS = (
    "not a servicescore answers file: it says no 'kind: answers' and has none of its fields"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["assess", "answers/a.yaml", "--checklist", "./shadow"],
            [f"shadow:1:1: {NOT_A_CHECKLIST}"],
        ),
        (["show", "./shadow"], [f"shadow:1:1: {NOT_A_CHECKLIST}"]),
        (["template", "./hostname"], [f"hostname:1:1: {NOT_A_CHECKLIST}"]),
        (["assess", "shadow"], [f"shadow:1:1: {NOT_ANSWERS}"]),
        (["assess", "hostname", "-f", "json"], [f"hostname:1:1: {NOT_ANSWERS}"]),
        (
            ["trend", "shadow", "hostname"],
            [f"hostname:1:1: {NOT_ANSWERS}", f"shadow:1:1: {NOT_ANSWERS}"],
        ),
        (
            ["diff", "shadow", "hostname"],
            [f"hostname:1:1: {NOT_ANSWERS}", f"shadow:1:1: {NOT_ANSWERS}"],
        ),
    ],
)
def test_a_file_named_on_the_command_line_that_is_not_ours_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: list[str]
) -> None:
    # Named on the command line, a file that is plainly no servicescore file (no kind of
    # ours, none of the fields) is one line quoting nothing: it may be any readable file.
    write(tmp_path / "shadow", SHADOW)
    write(tmp_path / "hostname", HOSTNAME)
    answers_naming(tmp_path, "profit-through-service")
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == expected
    assert "secret" not in result.stderr + result.stdout


def test_relative_paths_with_dot_dot_and_absolute_paths_reach_real_checklists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checklists kept in a sibling folder, or at an absolute path on a shared drive.
    shared = tmp_path / "shared"
    generated_checklist(shared)
    answers_naming(tmp_path / "sibling", "../../shared/checklist.yaml")
    answers_naming(tmp_path / "absolute", str(shared / "checklist.yaml"))
    generated_checklist(tmp_path / "lists")
    checklist_naming(tmp_path / "lists", "../../shared/continuum.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "sibling", "absolute", "lists/lists/c.yaml")
    assert result.exit_code == 0, result.stdout
    assess = invoke("assess", "sibling/answers/a.yaml", "absolute/answers/a.yaml", "-f", "json")
    assert assess.exit_code == 0, assess.stderr


def test_keys_and_values_of_a_named_file_are_quoted_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named explicitly, a file is read as what it claims to be; what a message quotes of
    # it stays a short excerpt between quotes.
    key = "secretuser:$6$salt$" + "h" * 80
    write(tmp_path / "a.yaml", f"checklist: x.yaml\norganisation: O\nanswers: {{}}\n{key}: 1\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("assess", "a.yaml")
    assert result.exit_code == 2
    assert "a.yaml:4:1: unknown field 'secretuser:$6$salt$h…' in the answers file" in (
        result.stderr.splitlines()
    )
    assert "h" * 30 not in result.stderr


def test_a_duplicate_key_is_quoted_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "secretuser:$6$salt$" + "h" * 80
    write(tmp_path / "a.yaml", f"answers: {{}}\n{key}: 1\n{key}: 2\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "a.yaml")
    assert "a.yaml:3:1: error [SS005] duplicate key 'secretuser:$6$salt$h…' (lines 2 and 3)" in (
        result.stdout.splitlines()
    )
    assert "h" * 30 not in result.stdout


# -- what the system refuses -------------------------------------------------------------


@pytest.fixture
def reachable(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path``, whose modes are given back at the end, so that it can be removed
    whatever a test locked in it."""
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def as_user(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own that the file system's permissions apply to."""
    command = [*unprivileged(), sys.executable, "-m", "servicescore", *args]
    env = {**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def locked_portfolio(folder: Path) -> None:
    """``d2`` holds an answers file, and ``d2/locked`` one that no one may read."""
    (folder / "d2" / "locked").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "d2" / "a.yaml")
    shutil.copy(EXAMPLE, folder / "d2" / "locked" / "b.yaml")
    (folder / "d2" / "locked").chmod(0o000)


@pytest.mark.parametrize("command", ["assess", "trend", "check"])
def test_a_folder_that_cannot_be_read_is_a_problem(reachable: Path, command: str) -> None:
    locked_portfolio(reachable)
    result = as_user(reachable, command, "d2")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    if command == "check":
        assert "d2/locked:1:1: error [SS001] cannot read this folder: Permission denied" in (
            result.stdout.splitlines()
        )
    else:
        assert result.stderr.splitlines() == [
            "d2/locked:1:1: cannot read this folder: Permission denied"
        ]
        assert result.stdout == ""


def test_a_top_folder_that_cannot_be_read_is_a_problem(reachable: Path) -> None:
    locked_portfolio(reachable)
    result = as_user(reachable / "d2", "assess", "locked")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.splitlines() == ["locked:1:1: cannot read this folder: Permission denied"]


@pytest.mark.parametrize("command", ["assess", "check"])
def test_a_referenced_checklist_the_system_refuses_is_not_called_missing(
    reachable: Path, command: str
) -> None:
    # The checklist is there, in a folder that may not be searched: "file not found"
    # would send the user looking for a file that exists, and check exited 1, not 2.
    generated_checklist(reachable / "locked")
    answers_naming(reachable, "../locked/checklist.yaml")
    (reachable / "locked").chmod(0o000)
    result = as_user(reachable, command, "answers/a.yaml")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "cannot read: Permission denied" in result.stdout + result.stderr
    assert "not found" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["assess", "check"])
def test_a_referenced_checklist_that_is_a_named_pipe_is_not_called_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # It is there: "file not found" was untrue. And it is never opened (that would wait
    # for a writer forever).
    os.mkfifo(tmp_path / "pipe.yaml")
    answers_naming(tmp_path, "../pipe.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke(command, "answers/a.yaml")
    line = (
        "answers/a.yaml:1:12: '../pipe.yaml' is a special file (a named pipe or device), "
        "not a checklist file (looked for pipe.yaml)"
    )
    if command == "check":
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == line.replace(": '", ": error [SS107] '", 1)
    else:
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [line]


# Every command that reads a file named on its command line, the file last.
READING_COMMANDS = {
    "assess": ("assess",),
    "trend": ("trend",),
    "check": ("check",),
    "diff": ("diff", "ok.yaml"),
    "show": ("show",),
    "template": ("template",),
    "--checklist": ("assess", "ok.yaml", "--checklist"),
}


def assert_the_one_line(command: str, stdout: str, stderr: str, line: str) -> None:
    """``line`` is what ``command`` says of a refused read: ``check`` gives it as its
    first finding (rule SS001), every other command alone on standard error."""
    if command == "check":
        assert stdout.splitlines()[0] == line.replace(": cannot", ": error [SS001] cannot")
    else:
        assert stderr.splitlines() == [line]


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_a_file_that_may_not_be_read_is_one_line(reachable: Path, command: str) -> None:
    shutil.copy(EXAMPLE, reachable / "ok.yaml")
    shutil.copy(EXAMPLE, reachable / "secret.yaml")
    (reachable / "secret.yaml").chmod(0o000)
    result = as_user(reachable, *READING_COMMANDS[command], "secret.yaml")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = "secret.yaml:1:1: cannot read: Permission denied"
    assert_the_one_line(command, result.stdout, result.stderr, line)


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_a_file_in_a_folder_that_may_not_be_read_is_one_line(reachable: Path, command: str) -> None:
    locked_portfolio(reachable)
    shutil.copy(EXAMPLE, reachable / "ok.yaml")
    result = as_user(reachable, *READING_COMMANDS[command], "d2/locked/b.yaml")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = "d2/locked/b.yaml:1:1: cannot read: Permission denied"
    assert_the_one_line(command, result.stdout, result.stderr, line)


@pytest.mark.parametrize("command", sorted(READING_COMMANDS))
def test_a_file_name_too_long_for_the_system_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "ok.yaml")
    monkeypatch.chdir(tmp_path)
    name = "x" * 300 + ".yaml"
    result = invoke(*READING_COMMANDS[command], name)
    assert result.exit_code == 2, result.output
    line = f"{name}:1:1: cannot read: File name too long"
    assert_the_one_line(command, result.stdout, result.stderr, line)


def test_a_revision_side_too_long_for_the_system_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # REV:PATH is told from a file by asking whether the argument exists, which the
    # system refuses to answer for a name this long.
    shutil.copy(EXAMPLE, tmp_path / "ok.yaml")
    monkeypatch.chdir(tmp_path)
    name = "HEAD:" + "x" * 300 + ".yaml"
    result = invoke("diff", name, "ok.yaml")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"HEAD: cannot read a git revision: {tmp_path} is not inside a git repository"
    ]


@pytest.mark.parametrize("command", ["assess", "check"])
def test_a_reference_too_long_for_the_system_is_not_called_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The system refuses to look the name up: it says why, not "file not found"."""
    name = "x" * 300 + ".yaml"
    answers_naming(tmp_path, name)
    monkeypatch.chdir(tmp_path)
    result = invoke(command, "answers/a.yaml")
    assert result.exit_code == 2, result.output
    lines = (result.stderr if command == "assess" else result.stdout).splitlines()
    assert any(line.endswith("cannot read: File name too long") for line in lines), lines
    assert not any("not found" in line for line in lines), lines


# -- meta -------------------------------------------------------------------------------

META_LIMIT_MESSAGE = "'meta' holds more than 10000 keys and values: keep it to what a report needs"


def answers_with_meta(folder: Path, meta: str) -> Path:
    text = f"checklist: profit-through-service\norganisation: O\nanswers: {{}}\nmeta: {meta}\n"
    return write(folder / "a.yaml", text)


@pytest.mark.parametrize(
    "meta",
    [
        # Large enough to take the event path, and small enough for the fast one.
        "{a: [" + ", ".join(["{}"] * 1_000_000) + "]}",
        "{a: [" + ", ".join(["{}"] * 10_001) + "]}",
        "{" + ", ".join(f"k{n}: v" for n in range(10_001)) + "}",
        "{a: {b: [" + ", ".join(["x"] * 10_000) + "]}}",
    ],
    ids=["million-mappings", "mappings", "keys", "nested-scalars"],
)
@pytest.mark.parametrize("command", ["assess", "check"])
def test_meta_is_bounded_in_values_not_only_in_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meta: str, command: str
) -> None:
    answers_with_meta(tmp_path, meta)
    monkeypatch.chdir(tmp_path)
    result = invoke(command, "a.yaml")
    assert result.exit_code == (2 if command == "assess" else 1)
    stream = result.stderr if command == "assess" else result.stdout
    assert [line for line in stream.splitlines() if "meta" in line] == [
        "a.yaml:4:7: " + ("" if command == "assess" else "error [SS002] ") + META_LIMIT_MESSAGE
    ]


@pytest.mark.parametrize("padding", [0, 12_000], ids=["fast-path", "event-path"])
def test_meta_is_bounded_alike_whatever_the_size_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, padding: int
) -> None:
    """A file up to 64 KiB is parsed another way than a larger one: 5,001 keys (10,002
    keys and values) are over the bound in both, not only once comments make it large."""
    path = answers_with_meta(tmp_path, "{" + ", ".join(f"k{n}: v" for n in range(5_001)) + "}")
    with path.open("a", encoding="utf-8") as stream:
        stream.write("# padding\n" * padding)
    monkeypatch.chdir(tmp_path)
    result = invoke("assess", "a.yaml")
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == ["a.yaml:4:7: " + META_LIMIT_MESSAGE]


def test_meta_up_to_the_bound_is_carried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The key, its list and 9,998 items: 10,000 keys and values.
    answers_with_meta(tmp_path, "{a: [" + ", ".join(["x"] * 9_998) + "]}")
    monkeypatch.chdir(tmp_path)
    result = invoke("assess", "a.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["meta"]["a"]) == 9_998


@pytest.mark.parametrize(
    ("field", "line"),
    [
        (
            "period: {value}",
            "a.yaml:3:9: 'period' must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, "
            "not 'secretuser:$6$salt$h…'",
        ),
        ("kind: {value}", "a.yaml:3:7: expected 'kind: answers', found 'secretuser:$6$salt$h…'"),
        (
            "answers: {{strategy-aligned: {value}}}",
            "a.yaml:3:29: answer 'secretuser:$6$salt$h…' is not on the scale; use 'no', 'partly', "
            "'yes' or 'n/a'",
        ),
    ],
    ids=["period", "kind", "answer"],
)
def test_values_a_message_quotes_are_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, line: str
) -> None:
    value = "secretuser:$6$salt$" + "h" * 80
    rows = ["checklist: profit-through-service", "organisation: O", field.format(value=value)]
    if not field.startswith("answers"):
        rows.append("answers: {}")
    write(tmp_path / "a.yaml", "\n".join(rows) + "\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("assess", "a.yaml")
    assert result.exit_code == 2
    assert line in result.stderr.splitlines()
    assert "h" * 30 not in result.stderr
