"""``REV:PATH`` sides of ``servicescore diff``, read with git (the issue's second bullet).

Every test builds its own repository under ``tmp_path`` with ``git init`` and chdirs
into it. Git is isolated from the developer's configuration (no global or system
config) and from any enclosing repository (``GIT_CEILING_DIRECTORIES`` is the parent of
``tmp_path``, and variables such as ``GIT_DIR`` that a hook may have set are removed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clirun import isolate_git, listing, write
from servicescore.gitfiles import GitRevision, split_revision
from servicescore.problems import UsageError
from servicescore.yamlfile import MAX_BYTES
from test_diff import (
    DATA,
    EXPECTED_Q1_Q2,
    PROBLEM,
    Q1,
    Q2,
    Q3_V2,
    answers_text,
    assert_unusable,
    changed,
    diff_json,
    invoke,
)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path.parent)


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return result.stdout.strip()


def commit(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of ``answers.yaml``.

    - first commit (tag ``v1``): ``checklist.yaml`` (team v1) and Q1 answers;
    - branch ``draft`` from there: answers with cf-2 raised to partly;
    - ``main`` (HEAD): the Q2 answers; the working tree is clean.
    """
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copy(DATA / "team-v1.yaml", root / "checklist.yaml")
    write(root, "answers.yaml", answers_text(Q1, checklist="checklist.yaml", period="2026-Q1"))
    commit(root, "first")
    git(root, "tag", "v1")
    git(root, "checkout", "-q", "-b", "draft")
    write(
        root,
        "answers.yaml",
        answers_text({**Q1, "cf-2": "partly"}, checklist="checklist.yaml", period="2026-Q1"),
    )
    commit(root, "draft")
    git(root, "checkout", "-q", "main")
    write(root, "answers.yaml", answers_text(Q2, checklist="checklist.yaml", period="2026-Q2"))
    commit(root, "second")
    monkeypatch.chdir(root)
    return root


def expected(old_file: str, new_file: str) -> dict[str, Any]:
    return {
        **EXPECTED_Q1_Q2,
        "old": {**EXPECTED_Q1_Q2["old"], "file": old_file},
        "new": {**EXPECTED_Q1_Q2["new"], "file": new_file},
    }


# -- split_revision ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "split"),
    [
        ("HEAD:answers.yaml", ("HEAD", "answers.yaml")),
        ("HEAD~1:answers.yaml", ("HEAD~1", "answers.yaml")),
        ("v1.0:dir/answers.yaml", ("v1.0", "dir/answers.yaml")),
        ("origin/main:assessments/current.yaml", ("origin/main", "assessments/current.yaml")),
        ("0123abc:a.yaml", ("0123abc", "a.yaml")),
        ("HEAD:odd:name.yaml", ("HEAD", "odd:name.yaml")),
        ("HEAD:../up.yaml", ("HEAD", "../up.yaml")),
        ("answers.yaml", None),
        ("dir/answers.yaml", None),
        (":answers.yaml", None),
        ("HEAD:", None),
        (":", None),
        ("", None),
    ],
)
def test_split_revision(
    argument: str, split: tuple[str, str] | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert split_revision(argument) == split


def test_split_revision_existing_file_with_a_colon_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "2026:q1.yaml", "x: 1\n")
    write(tmp_path, "sub/HEAD:answers.yaml", "x: 1\n")
    assert split_revision("2026:q1.yaml") is None
    assert split_revision("sub/HEAD:answers.yaml") is None
    assert split_revision(str(tmp_path / "2026:q1.yaml")) is None
    assert split_revision("2026:other.yaml") == ("2026", "other.yaml")


# -- GitRevision ---------------------------------------------------------------------------


def test_git_revision_resolves_the_commit(repo: Path) -> None:
    revision = GitRevision("HEAD~1")
    assert revision.revision == "HEAD~1"
    assert revision.commit == git(repo, "rev-parse", "HEAD~1")
    assert revision.top == repo.resolve()
    assert GitRevision("v1").commit == revision.commit
    assert GitRevision("draft").commit == git(repo, "rev-parse", "draft")
    assert GitRevision(revision.commit[:10]).commit == revision.commit


def test_git_revision_from_an_explicit_directory(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "sub").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    revision = GitRevision("HEAD", repo / "sub")
    assert revision.top == repo.resolve()


def test_git_revision_reads_a_file_as_it_was(repo: Path) -> None:
    revision = GitRevision("HEAD~1")
    assert revision.exists(repo / "answers.yaml")
    assert revision.exists(Path("answers.yaml").absolute())
    document = revision.read(repo / "answers.yaml")
    assert document is not None
    assert document.path == "HEAD~1:answers.yaml"
    assert document.problems == []
    assert document.root is not None


def test_git_revision_a_path_not_at_the_revision(repo: Path) -> None:
    write(repo, "untracked.yaml", "x: 1\n")
    revision = GitRevision("HEAD")
    assert not revision.exists(repo / "untracked.yaml")
    assert revision.read(repo / "untracked.yaml") is None
    with pytest.raises(UsageError) as raised:
        revision.require(repo / "untracked.yaml", "untracked.yaml")
    assert "HEAD:untracked.yaml" in raised.value.message
    assert "no such file at revision HEAD" in raised.value.message


def test_git_revision_a_path_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "outside.yaml", "x: 1\n")
    revision = GitRevision("HEAD")
    assert not revision.exists(outside)
    assert revision.read(outside) is None
    with pytest.raises(UsageError) as raised:
        revision.require(outside, "../outside.yaml")
    assert "outside the git repository" in raised.value.message


def test_git_revision_unknown(repo: Path) -> None:
    for name in ("nosuch", "HEAD~9", "HEAD^{tree}", "-x", "--all", "v1..HEAD"):
        with pytest.raises(UsageError) as raised:
            GitRevision(name)
        assert raised.value.message == f"{name}: unknown git revision"


def test_git_revision_outside_any_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    monkeypatch.chdir(plain)
    with pytest.raises(UsageError) as raised:
        GitRevision("HEAD")
    assert "not inside a git repository" in raised.value.message
    assert raised.value.message.startswith("HEAD:")


def test_git_revision_without_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(UsageError) as raised:
        GitRevision("HEAD")
    assert "git is not installed" in raised.value.message


def test_git_revision_file_over_the_size_limit(repo: Path) -> None:
    write(repo, "huge.yaml", "# " + "x" * MAX_BYTES + "\n")
    commit(repo, "huge")
    (repo / "huge.yaml").unlink()
    document = GitRevision("HEAD").read(repo / "huge.yaml")
    assert document is not None
    assert document.root is None
    (problem,) = document.problems
    assert problem.path == "HEAD:huge.yaml"
    assert problem.rule == "SS002"
    assert "5 MiB" in problem.message


# -- the command: REV:PATH against HEAD~1, a tag, a branch ---------------------------------


def test_diff_head_minus_one_against_the_working_tree(repo: Path) -> None:
    assert diff_json("HEAD~1:answers.yaml", "answers.yaml") == expected(
        "HEAD~1:answers.yaml", "answers.yaml"
    )


def test_diff_tag_against_head_reads_both_from_git(repo: Path) -> None:
    # The working tree holds something else entirely: both sides must come from git.
    write(repo, "answers.yaml", answers_text({}, checklist="checklist.yaml", period="2026-Q4"))
    assert diff_json("v1:answers.yaml", "HEAD:answers.yaml") == expected(
        "v1:answers.yaml", "HEAD:answers.yaml"
    )


def test_diff_branch(repo: Path) -> None:
    data = diff_json("v1:answers.yaml", "draft:answers.yaml")
    assert data["old"]["file"] == "v1:answers.yaml"
    assert data["new"]["file"] == "draft:answers.yaml"
    assert data["items"] == [changed("cf-2", "no", "partly", "improved")]
    data = diff_json("draft:answers.yaml", "answers.yaml")
    assert data["old"]["file"] == "draft:answers.yaml"
    assert [item["id"] for item in data["items"]] == ["en-3", "cf-2", "en-2", "cf-3", "me-3"]


def test_diff_full_commit_id(repo: Path) -> None:
    sha = git(repo, "rev-parse", "HEAD~1")
    data = diff_json(f"{sha}:answers.yaml", "answers.yaml")
    assert data["old"]["file"] == f"{sha}:answers.yaml"
    assert data["items"] == EXPECTED_Q1_Q2["items"]


def test_diff_table_with_a_revision(repo: Path) -> None:
    result = invoke("diff", "HEAD~1:answers.yaml", "answers.yaml")
    assert result.exit_code == 0, result.stderr
    assert "HEAD~1:answers.yaml" in result.stdout
    assert "Other changed items (4)" in result.stdout


def test_diff_uncommitted_change_against_head(repo: Path) -> None:
    write(repo, "answers.yaml", answers_text(Q1, checklist="checklist.yaml", period="2026-Q2"))
    data = diff_json("HEAD:answers.yaml", "answers.yaml")
    assert data["stage"] == {"old": 2, "new": 1}
    result = invoke("diff", "HEAD:answers.yaml", "answers.yaml", "--fail-on-regression")
    assert result.exit_code == 1
    assert "--fail-on-regression" in result.stderr


def test_diff_from_a_subdirectory_paths_follow_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in ``git show REV:PATH``: PATH is from the top of the repository, and
    ``REV:./PATH`` or ``REV:../PATH`` from the current folder."""
    team = repo / "team"
    write(team, "answers.yaml", answers_text(Q1, checklist="../checklist.yaml", period="2026-Q1"))
    commit(repo, "team q1")
    write(team, "answers.yaml", answers_text(Q2, checklist="../checklist.yaml", period="2026-Q2"))
    monkeypatch.chdir(team)
    for old in ("HEAD:./answers.yaml", "HEAD:team/answers.yaml"):
        data = diff_json(old, "answers.yaml")
        assert data["old"]["file"] == "HEAD:team/answers.yaml"
        assert data["new"]["file"] == "answers.yaml"
        assert data["items"] == EXPECTED_Q1_Q2["items"]
    # From the top: the repository's own answers.yaml (Q2 at HEAD), not team/answers.yaml.
    assert diff_json("HEAD:answers.yaml", "answers.yaml")["items"] == []
    # ../ reaches the top of the repository, still inside it.
    assert diff_json("HEAD~1:../answers.yaml", "answers.yaml")["items"] == []


def test_a_regression_annotation_of_a_revision_names_the_file_from_the_workspace(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``REV:./PATH`` from a subfolder is the file ``team/PATH`` of the repository: the
    annotation names it so, as GitHub finds files from the workspace."""
    team = repo / "team"
    write(team, "answers.yaml", answers_text(Q1, checklist="../checklist.yaml", period="2026-Q1"))
    commit(repo, "team q1")
    write(team, "answers.yaml", answers_text(Q2, checklist="../checklist.yaml", period="2026-Q2"))
    monkeypatch.chdir(team)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo)}
    for new in ("HEAD:./answers.yaml", "HEAD:team/answers.yaml"):
        result = invoke("diff", "answers.yaml", new, "--fail-on-regression", env=env)
        assert result.exit_code == 1, result.stderr
        [annotation] = [line for line in result.stderr.splitlines() if line.startswith("::")]
        assert annotation.startswith("::error file=team/answers.yaml,title="), annotation


def test_a_path_meant_from_the_subdirectory_gets_git_s_hint(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git show says "Did you mean 'HEAD:team/only.yaml' aka 'HEAD:./only.yaml'?" here.
    team = repo / "team"
    write(team, "only.yaml", answers_text(Q1, checklist="../checklist.yaml", period="2026-Q1"))
    commit(repo, "team only")
    monkeypatch.chdir(team)
    err = assert_unusable(invoke("diff", "HEAD:only.yaml", "only.yaml"))
    assert err == (
        "HEAD:only.yaml: no such file at revision HEAD (PATH starts at the top of the "
        "repository): did you mean HEAD:./only.yaml or HEAD:team/only.yaml?\n"
    )
    # Missing from here too: no hint to follow.
    err = assert_unusable(invoke("diff", "HEAD:none.yaml", "only.yaml"))
    assert err == "HEAD:none.yaml: no such file at revision HEAD\n"
    # Meant from here, the path reads so.
    assert invoke("diff", "HEAD:./only.yaml", "only.yaml").exit_code == 0


def test_unknown_revision_in_a_shallow_clone_says_to_fetch_more(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    monkeypatch.chdir(clone)
    err = assert_unusable(invoke("diff", "HEAD~1:answers.yaml", "answers.yaml"))
    assert err.startswith("HEAD~1: unknown git revision")
    assert "shallow" in err and "fetch-depth: 0" in err
    assert err.count("\n") == 1


# -- the checklist of a REV:PATH side ------------------------------------------------------


def test_relative_checklist_at_the_revision_is_used(repo: Path) -> None:
    """HEAD~1's answers are on checklist v1 (as it was then); the working tree's checklist
    is v2 now (en-3 gone, cf-4 new): scoring uses each side's own checklist."""
    shutil.copy(DATA / "team-v2.yaml", repo / "checklist.yaml")
    write(repo, "answers.yaml", answers_text(Q3_V2, checklist="checklist.yaml", period="2026-Q3"))
    commit(repo, "checklist v2")
    data = diff_json("HEAD~1:answers.yaml", "answers.yaml")
    assert data["score"] == {"old": 66.7, "new": 91.7}
    assert data["items"] == [
        changed("cf-3", "started", "yes", "improved"),
        changed("me-3", "no", "yes", "improved"),
        changed("cf-4", None, "partly", "added"),
        changed("en-3", "partly", None, "removed", ("Two leavers", None)),
    ]
    # The same with the checklist change not even committed.
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    shutil.copy(DATA / "team-v2.yaml", repo / "checklist.yaml")
    write(repo, "answers.yaml", answers_text(Q3_V2, checklist="checklist.yaml", period="2026-Q3"))
    assert diff_json("HEAD:answers.yaml", "answers.yaml")["items"] == data["items"]


def test_relative_checklist_only_in_the_working_tree(repo: Path) -> None:
    """The checklist was never committed: it is read from the working tree."""
    lists = repo / "lists"
    lists.mkdir()
    shutil.copy(DATA / "team-v1.yaml", lists / "team.yaml")
    (repo / ".gitignore").write_text("lists/\n", encoding="utf-8")
    write(repo, "answers.yaml", answers_text(Q1, checklist="lists/team.yaml", period="2026-Q1"))
    commit(repo, "answers on an untracked checklist")
    assert not GitRevision("HEAD").exists(lists / "team.yaml")
    write(repo, "answers.yaml", answers_text(Q2, checklist="lists/team.yaml", period="2026-Q2"))
    data = diff_json("HEAD:answers.yaml", "answers.yaml")
    assert data["old"]["file"] == "HEAD:answers.yaml"
    assert data["items"] == EXPECTED_Q1_Q2["items"]
    # Both sides from git: the checklist still comes from the working tree.
    commit(repo, "q2")
    assert diff_json("HEAD~1:answers.yaml", "HEAD:answers.yaml")["items"] == data["items"]


def test_relative_checklist_at_the_revision_but_deleted_since(repo: Path) -> None:
    (repo / "checklist.yaml").unlink()
    (repo / "answers.yaml").unlink()
    commit(repo, "gone")
    assert diff_json("HEAD~2:answers.yaml", "HEAD~1:answers.yaml") == expected(
        "HEAD~2:answers.yaml", "HEAD~1:answers.yaml"
    )


def test_relative_checklist_nowhere(repo: Path) -> None:
    write(repo, "answers.yaml", answers_text(Q1, checklist="missing/list.yaml", period="2026-Q1"))
    commit(repo, "lost checklist")
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "HEAD~1:answers.yaml"))
    assert "HEAD:answers.yaml" in err
    assert "missing/list.yaml" in err


def test_broken_file_at_the_revision(repo: Path) -> None:
    write(repo, "answers.yaml", answers_text({**Q1, "cf-2": "maybe"}, checklist="checklist.yaml"))
    commit(repo, "broken")
    write(repo, "answers.yaml", answers_text(Q2, checklist="checklist.yaml"))
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "answers.yaml"))
    lines = err.splitlines()
    assert any(
        (m := PROBLEM.match(line)) and m["file"] == "HEAD:answers.yaml" and "maybe" in line
        for line in lines
    ), lines


def test_not_utf8_at_the_revision(repo: Path) -> None:
    (repo / "answers.yaml").write_bytes(b"organisation: \xff\xfe\n")
    commit(repo, "binary")
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "HEAD~1:answers.yaml"))
    assert "HEAD:answers.yaml" in err
    assert "UTF-8" in err


def test_file_over_the_size_limit_at_the_revision(repo: Path) -> None:
    write(repo, "answers.yaml", "# " + "x" * MAX_BYTES + "\n")
    commit(repo, "huge")
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "HEAD~1:answers.yaml"))
    assert "HEAD:answers.yaml" in err
    assert "5 MiB" in err


# -- errors --------------------------------------------------------------------------------


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(DATA / "team-v1.yaml", plain / "team-v1.yaml")
    write(plain, "q2.yaml", answers_text(Q2))
    monkeypatch.chdir(plain)
    for args in (("HEAD~1:q2.yaml", "q2.yaml"), ("q2.yaml", "HEAD:q2.yaml")):
        err = assert_unusable(invoke("diff", *args, "-f", "json"))
        assert "not inside a git repository" in err
        assert "HEAD" in err


def test_unknown_revision(repo: Path) -> None:
    for revision in ("nosuch", "HEAD~7", "v9"):
        err = assert_unusable(invoke("diff", f"{revision}:answers.yaml", "answers.yaml"))
        assert err == f"{revision}: unknown git revision\n"


def test_a_bad_revision_does_not_hide_the_other_side_s_problem(repo: Path) -> None:
    # One run, every problem: the old side's git error used to stop the new side.
    write(repo, "broken.yaml", "organisation: [unclosed\n")
    for new, problem in (("missing.yaml", "missing.yaml: no such file"), ("broken.yaml", "")):
        err = assert_unusable(invoke("diff", "nosuch:answers.yaml", new))
        lines = err.splitlines()
        assert lines[0] == "nosuch: unknown git revision"
        assert len(lines) >= 2, lines
        assert lines[1].startswith(problem or "broken.yaml:2:1: invalid YAML"), lines
    err = assert_unusable(invoke("diff", "answers.yaml", "HEAD:gone.yaml"))
    assert err == "HEAD:gone.yaml: no such file at revision HEAD\n"


def test_revision_that_looks_like_an_option(repo: Path) -> None:
    err = assert_unusable(invoke("diff", "--", "--output=x:answers.yaml", "answers.yaml"))
    assert "unknown git revision" in err
    assert listing(repo) == {".git", "answers.yaml", "checklist.yaml"}


def test_path_missing_at_the_revision(repo: Path) -> None:
    write(repo, "new.yaml", answers_text(Q2, checklist="checklist.yaml"))
    for args in (("HEAD:new.yaml", "answers.yaml"), ("answers.yaml", "v1:new.yaml")):
        err = assert_unusable(invoke("diff", *args))
        assert "new.yaml" in err
        assert "no such file at revision" in err


def test_path_deleted_since_the_revision_is_still_read(repo: Path) -> None:
    (repo / "answers.yaml").unlink()
    commit(repo, "remove")
    assert (
        diff_json("HEAD~2:answers.yaml", "HEAD~1:answers.yaml")["items"]
        == (EXPECTED_Q1_Q2["items"])
    )
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "HEAD~1:answers.yaml"))
    assert "no such file at revision HEAD" in err


def test_directory_at_the_revision(repo: Path) -> None:
    write(repo, "team/answers.yaml", answers_text(Q1, checklist="../checklist.yaml"))
    commit(repo, "team")
    err = assert_unusable(invoke("diff", "HEAD:team", "answers.yaml"))
    assert "team" in err
    assert "directory" in err


def test_path_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", answers_text(Q1, checklist="repo/checklist.yaml"))
    for path in ("../outside.yaml", str(tmp_path / "outside.yaml")):
        err = assert_unusable(invoke("diff", f"HEAD:{path}", "answers.yaml"))
        assert "outside the git repository" in err


def test_file_named_with_a_colon_is_read_as_a_file(repo: Path) -> None:
    """``HEAD~1:answers.yaml`` names a file on disk here: that file is read, not git."""
    write(repo, "HEAD~1:answers.yaml", answers_text(Q2, checklist="checklist.yaml"))
    data = diff_json("HEAD~1:answers.yaml", "answers.yaml")
    assert data["old"]["file"] == "HEAD~1:answers.yaml"
    assert data["items"] == []  # the file on disk holds Q2; git's HEAD~1 holds Q1


def test_file_named_with_a_colon_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(DATA / "team-v1.yaml", plain / "team-v1.yaml")
    write(plain, "2026:q1.yaml", answers_text(Q1, period="2026-Q1"))
    write(plain, "2026:q2.yaml", answers_text(Q2, period="2026-Q2"))
    monkeypatch.chdir(plain)
    data = diff_json("2026:q1.yaml", "2026:q2.yaml")
    assert data["old"]["file"] == "2026:q1.yaml"
    assert data["new"]["file"] == "2026:q2.yaml"
    assert data["items"] == EXPECTED_Q1_Q2["items"]


# -- --output with a REV:PATH side ---------------------------------------------------------


def test_output_with_a_revision(repo: Path) -> None:
    result = invoke("diff", "HEAD~1:answers.yaml", "answers.yaml", "-f", "json", "-o", "d.json")
    assert result.exit_code == 0, result.stderr
    written = json.loads((repo / "d.json").read_text(encoding="utf-8"))
    assert written == expected("HEAD~1:answers.yaml", "answers.yaml")


@pytest.mark.parametrize("target", ["answers.yaml", "checklist.yaml", "./checklist.yaml"])
def test_output_refuses_to_overwrite_a_working_tree_input(repo: Path, target: str) -> None:
    originals = {name: (repo / name).read_bytes() for name in ("answers.yaml", "checklist.yaml")}
    err = assert_unusable(invoke("diff", "HEAD~1:answers.yaml", "answers.yaml", "-o", target))
    assert "overwrite" in err
    for name, content in originals.items():
        assert (repo / name).read_bytes() == content
    assert git(repo, "status", "--porcelain") == ""


def test_output_refuses_to_overwrite_a_working_tree_checklist_of_a_revision_side(
    repo: Path,
) -> None:
    lists = repo / "lists"
    lists.mkdir()
    shutil.copy(DATA / "team-v1.yaml", lists / "team.yaml")
    (repo / ".gitignore").write_text("lists/\n", encoding="utf-8")
    write(repo, "answers.yaml", answers_text(Q1, checklist="lists/team.yaml"))
    commit(repo, "untracked checklist")
    original = (lists / "team.yaml").read_bytes()
    err = assert_unusable(
        invoke("diff", "HEAD:answers.yaml", "HEAD:answers.yaml", "-o", "lists/team.yaml")
    )
    assert "overwrite" in err
    assert (lists / "team.yaml").read_bytes() == original


# -- paths git's batch protocol cannot carry (issue 9, point 6) --------------------------


@pytest.mark.parametrize("path", ["answers.yaml\nzzz", "answers.yaml\rzzz", "answers.yaml\r"])
def test_a_path_with_a_line_break_is_a_usage_error(repo: Path, path: str) -> None:
    # git cat-file --batch-check reads one path a line: a line break would end the query
    # and start another, whose answer used to crash diff.
    for args in ((f"HEAD:{path}", "answers.yaml"), ("answers.yaml", f"HEAD~1:{path}")):
        err = assert_unusable(invoke("diff", *args))
        lines = err.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].endswith("a path at a git revision cannot hold a line break"), lines
        assert "\\n" in lines[0] or "\\r" in lines[0], lines


def test_a_checklist_reference_with_a_line_break_at_a_revision_is_a_problem(repo: Path) -> None:
    # Two lines, both naming a blob: git answered twice, which diff could not parse.
    reference = '"checklist.yaml\\nchecklist.yaml"'
    write(repo, "answers.yaml", answers_text(Q1, checklist=reference))
    commit(repo, "odd checklist reference")
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "HEAD~1:answers.yaml"))
    assert err.startswith("HEAD:answers.yaml:2:"), err


def test_a_revision_path_too_long_for_a_file_name_is_one_line(repo: Path) -> None:
    # Asking whether "HEAD:<300 x's>" is a file of the working tree raised ENAMETOOLONG
    # before git was ever asked: a traceback, exit 1.
    side = "HEAD:" + "x" * 300 + ".yaml"
    for args in ((side, "answers.yaml"), ("answers.yaml", side)):
        err = assert_unusable(invoke("diff", *args))
        assert len(err.splitlines()) == 1, err
        assert "no such file at revision HEAD" in err, err


# -- --output onto the working-tree file of a REV:PATH side (issue 9, point 10) -----------


@pytest.mark.parametrize("target", ["answers.yaml", "./answers.yaml"])
def test_output_refuses_the_working_tree_file_of_a_revision_side(repo: Path, target: str) -> None:
    # Both sides from git: the working-tree answers.yaml is never read, yet it is what
    # the user named, and may hold uncommitted edits.
    write(repo, "answers.yaml", answers_text(Q2, checklist="checklist.yaml", period="edited"))
    original = (repo / "answers.yaml").read_bytes()
    err = assert_unusable(invoke("diff", "HEAD~1:answers.yaml", "HEAD:answers.yaml", "-o", target))
    assert "refusing to overwrite an input file of this run" in err
    assert (repo / "answers.yaml").read_bytes() == original


def test_output_refuses_the_working_tree_file_of_a_revision_side_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "team/q.yaml", answers_text(Q1, checklist="../checklist.yaml"))
    commit(repo, "team")
    write(repo, "team/q.yaml", answers_text(Q2, checklist="../checklist.yaml"))
    original = (repo / "team/q.yaml").read_bytes()
    monkeypatch.chdir(repo / "team")
    for side in ("HEAD:team/q.yaml", "HEAD:./q.yaml"):
        err = assert_unusable(invoke("diff", side, side, "-o", "q.yaml"))
        assert "refusing to overwrite" in err
    assert (repo / "team/q.yaml").read_bytes() == original


# -- git's own refusal is passed on (issue 9, point 11) ----------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give the repository to another user")
def test_a_repository_of_another_user_gets_git_s_dubious_ownership_message(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing may tell git to trust the folder: no safe.directory in any configuration
    # it reads, and no SUDO_UID (git lets root act as the user sudo came from).
    for name in ("SUDO_UID", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"):
        monkeypatch.delenv(name, raising=False)
    assert (
        subprocess.run(
            ["git", "config", "--get-all", "safe.directory"], cwd=repo, capture_output=True
        ).stdout
        == b""
    )
    for folder, _, names in os.walk(repo):
        for name in [".", *names]:
            os.chown(Path(folder, name), 65534, 65534)
    err = assert_unusable(invoke("diff", "HEAD:answers.yaml", "answers.yaml"))
    lines = err.splitlines()
    assert lines[0].startswith("HEAD: cannot read a git revision: "), lines
    assert "dubious ownership" in lines[0], lines
    assert "not inside a git repository" not in err
    assert "safe.directory" in err
    assert 1 <= len(lines) <= 4, lines
    assert all(line.isprintable() and line.strip() for line in lines), lines
