"""`--at` when the history is not there: a revision that does not exist, a
shallow clone, a folder outside git, no git, a git too old. Each says what is
missing and how to get it, and exits 1: never a traceback, never a report
from the wrong records."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from at_history import git_as, harbour, report_path
from conftest import run_cli, run_tracker
from cso_tracker import git as tracker_git

__all__ = ["harbour"]  # the module-scoped fixture, used by name

COMMANDS = (
    ("status", "--format", "md"), ("agenda",), ("list",), ("show", "buoy-census"),
    ("members",), ("meetings",), ("validate",),
)  # fmt: skip
SHALLOW_HINT = (
    "hint: fetch the whole history with `git fetch --unshallow` (in GitHub Actions, check "
    "out with `fetch-depth: 0` in actions/checkout)\n"
)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_revision_that_does_not_exist(harbour: Path, command: tuple[str, ...]) -> None:
    result = run_cli("--root", str(harbour), *command, "--at", "v9-missing")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: --at: no commit 'v9-missing' in this repository\n"
        "hint: `git log --oneline` lists the commits and `git tag` the tags\n"
    )


def test_a_revision_that_looks_like_an_option_is_not_one(harbour: Path) -> None:
    result = run_cli("--root", str(harbour), "list", "--at=--all")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --at: no commit '--all' in this repository\n")


@pytest.fixture
def shallow(harbour: Path, tmp_path: Path) -> Path:
    """What actions/checkout makes by default: the latest commit only."""
    clone = tmp_path / "shallow"
    git_as(
        tmp_path, None, None, "clone", "--quiet", "--depth", "1", f"file://{harbour}", str(clone)
    )
    return clone


@pytest.mark.parametrize("revision", ["v1-founding", "HEAD~3"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_shallow_clone_asked_for_an_older_revision(
    shallow: Path, command: tuple[str, ...], revision: str
) -> None:
    result = run_cli("--root", str(shallow), *command, "--at", revision)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: --at: no commit '{revision}' in this repository, which is a shallow clone: "
        "it holds only the latest commits, and older ones are missing\n" + SHALLOW_HINT
    )


def test_a_shallow_clone_cannot_tell_the_data_version_of_its_last_commit(shallow: Path) -> None:
    """HEAD is there, but the commit that changed the records (under the
    report commit) is not: no report with a wrong version."""
    result = run_cli("--root", str(shallow), "status", "--at", "HEAD", "--format", "md")
    head = git_as(shallow, None, None, "rev-parse", "HEAD").strip()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: --at: this shallow clone's history stops at {head[:12]}, so the commit that "
        "last changed the records at 'HEAD' (the report's data version) is not here\n"
        + SHALLOW_HINT
    )
    # The records themselves are all there: the other commands answer.
    listed = run_cli("--root", str(shallow), "list", "--at", "HEAD", "--format", "json")
    assert listed.exit_code == 0, listed.output


def test_a_shallow_work_tree_s_report_says_where_its_history_stops(shallow: Path) -> None:
    result = run_cli("--root", str(shallow), "status", "--as-of", "2025-03-14", "--format", "md")
    head = git_as(shallow, None, None, "rev-parse", "HEAD").strip()
    assert result.exit_code == 0, result.output
    assert (
        f"- **Data version:** as of `{head[:12]}` of 2025-03-13, where this shallow clone's "
        "history stops (the records may have last changed in an older commit)\n"
    ) in result.stdout


@pytest.mark.parametrize("depth", ["2", "3"])
def test_a_clone_deep_enough_for_the_data_commit_gives_the_report(
    harbour: Path, tmp_path: Path, depth: str
) -> None:
    """Depth 2 holds the data commit, but as where the history stops, git
    cannot tell whether it changed the records: refused, as at depth 1.
    Depth 3 holds its parent too: the data version is known, and exact; the
    changes since the last meeting, which need the commits before it, come
    from the update dates, and the report says why."""
    clone = tmp_path / "deeper"
    git_as(
        tmp_path, None, None, "clone", "--quiet", "--depth", depth, f"file://{harbour}", str(clone)
    )
    result = run_cli("--root", str(clone), "status", "--at", "HEAD", "--as-of", "2025-03-14",
                     "--format", "md")  # fmt: skip
    if depth == "2":
        assert result.exit_code == 1
        assert result.stderr.startswith("error: --at: this shallow clone's history stops at ")
        return
    assert result.exit_code == 0, result.output
    sent = git_as(harbour, None, None, "show", f"v6-held:{report_path('v6-held')}")
    header = next(line for line in sent.splitlines() if "as committed on" in line)
    assert header in result.stdout.splitlines()
    assert "From the commits" in sent
    assert "this clone is shallow, so its commits are not there" in result.stdout
    sections = re.compile(r"^## 4\..*?^## 5\.", re.M | re.S)
    assert sections.sub("", result.stdout) == sections.sub("", sent)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_outside_git(harbour: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(harbour / "data", folder / "data")
    shutil.copy(harbour / "tracker.yaml", folder / "tracker.yaml")
    result = run_cli("--root", str(folder), *command, "--at", "HEAD")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: --at: {folder} is not inside a git repository, so it has no revision 'HEAD'\n"
        "hint: leave out --at to read the files as they are\n"
    )


def test_without_git_on_path(harbour: Path, tmp_path: Path) -> None:
    """A real process whose PATH holds no git at all."""
    (tmp_path / "empty-bin").mkdir()
    env = {"PATH": str(tmp_path / "empty-bin")}
    result = run_tracker("--root", str(harbour), "status", "--at", "v1-founding", cwd=tmp_path,
                         env=env)  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == "error: git is not installed or not on PATH\nhint: install git and try again\n"
    )


def test_a_git_too_old_is_refused_before_it_is_used(harbour: Path, tmp_path: Path) -> None:
    """A stand-in for an old git (one that only says its version), since no
    old git is installed to run: the tracker asks the version first, and
    refuses without running any other git command."""
    folder = tmp_path / "old-bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    stand_in = folder / "git"
    stand_in.write_text(f'#!/bin/sh\necho "$@" >> {log}\necho "git version 2.20.1"\n', "utf-8")
    stand_in.chmod(0o755)
    result = run_tracker("--root", str(harbour), "status", "--at", "v1-founding", cwd=tmp_path,
                         env={"PATH": str(folder)})  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: git 2.20.1 is too old: the tracker needs git 2.28 or newer\n"
        "hint: install a newer git and try again\n"
    )
    assert log.read_text(encoding="utf-8") == "--version\n"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("git version 2.39.5\n", (2, 39, 5)),
        ("git version 2.39.3 (Apple Git-146)\n", (2, 39, 3)),
        ("git version 2.45.1.windows.1\n", (2, 45, 1)),
        ("git version 2.28.0.rc1\n", (2, 28, 0)),
        ("git version 2.17.1\n", (2, 17, 1)),
        ("hub version 2.14.2\n", None),
        ("", None),
    ],
)
def test_git_s_version_is_read_from_its_own_words(
    text: str, parsed: tuple[int, ...] | None
) -> None:
    assert tracker_git.parse_version(text) == parsed


def test_the_minimum_is_older_than_the_git_the_tests_run() -> None:
    import subprocess

    found = tracker_git.parse_version(
        subprocess.run(["git", "--version"], capture_output=True, text=True, check=True).stdout
    )
    assert found is not None
    assert found >= tracker_git.MINIMUM_VERSION == (2, 28)
