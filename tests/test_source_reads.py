"""How a load reads its source: at a revision, one `git ls-tree` and one
`git cat-file` whatever the number of files, nothing read again once the
record cache holds it; in the work tree, no exception from a folder that
cannot be listed.

git is counted, not replaced: the wrappers call the real functions.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from conftest import commit_all
from cso_tracker.checks.run import validate
from cso_tracker.repo.cache import RecordCache
from cso_tracker.repo.load import load
from cso_tracker.repo.revision import Revision
from cso_tracker.repo.source import WorkTree
from revision_helpers import C, GitCalls, commitment, facts, make_history


@pytest.fixture
def history(git_group: Path) -> Path:
    return make_history(git_group)


# --- how often git runs, and what it reads ----------------------------------------------


@pytest.mark.parametrize("extra", [0, 60])
@pytest.mark.parametrize("use_cache", [False, True])
def test_one_ls_tree_and_one_cat_file_per_load_however_many_files(
    git_group: Path, monkeypatch: pytest.MonkeyPatch, extra: int, use_cache: bool
) -> None:
    """tracker.yaml was read with a cat-file of its own."""
    for number in range(extra):
        (git_group / C / f"task-{number}.yaml").write_text(commitment(number))
    if extra:
        commit_all(git_group, "more commitments")
    calls = GitCalls(monkeypatch)
    repository = load(Revision(git_group, "HEAD"), use_cache=use_cache)
    assert repository.files_checked == 5 + extra
    assert (calls.count("ls-tree"), calls.count("cat-file")) == (1, 1)


@pytest.mark.parametrize("links", [1, 12])
def test_symbolic_links_cost_one_more_cat_file_however_many(
    git_group: Path, monkeypatch: pytest.MonkeyPatch, links: int
) -> None:
    """Their targets decide which files are records, so they are read first."""
    for number in range(links):
        target = "repair-survey.yaml" if number == 0 else f"link-{number - 1}.yaml"
        (git_group / C / f"link-{number}.yaml").symlink_to(target)
    commit_all(git_group, "links, one leading to the next")
    calls = GitCalls(monkeypatch)
    repository = load(Revision(git_group, "HEAD"), use_cache=False)
    assert repository.files_checked == 5 + links
    assert (calls.count("ls-tree"), calls.count("cat-file")) == (1, 2)


def test_a_second_load_of_a_revision_reads_no_blob(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record cache for revisions serves every file, tracker.yaml too."""
    first = facts(load(Revision(history, "HEAD~1")))
    calls = GitCalls(monkeypatch)
    second = facts(load(Revision(history, "HEAD~1")))
    assert second == first
    assert calls.blob_bytes == 0
    assert calls.count("cat-file") == 0
    assert calls.count("ls-tree") == 1


def test_the_revision_cache_follows_each_revision_and_leaves_the_work_tree_alone(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are keyed by blob: loading another revision, or the work tree,
    never serves one revision's records for another's."""
    expected = {rev: facts(load(Revision(history, rev), use_cache=False)) for rev in ("v1", "HEAD")}
    work_tree = facts(load(WorkTree(history), use_cache=False))
    for revision in ("v1", "HEAD", "v1", "HEAD"):
        assert facts(load(Revision(history, revision))) == expected[revision]
        assert facts(load(WorkTree(history))) == work_tree
    assert RecordCache(history, "revisions").path.is_file()
    assert RecordCache(history, "revisions").path != RecordCache(history).path


# --- the work tree's own folders ---------------------------------------------------------


@pytest.mark.skipif(
    os.geteuid() == 0, reason="runs as root: permissions are not enforced, nothing is unlistable"
)
@pytest.mark.parametrize("folder", ["data", "data/members"])
def test_a_folder_that_cannot_be_listed_is_a_problem_not_a_crash(
    minimal_group: Path, folder: str
) -> None:
    """scandir's PermissionError escaped the load: exit 3."""
    (minimal_group / folder).chmod(0)
    try:
        repository = load(WorkTree(minimal_group), use_cache=False)
    finally:
        (minimal_group / folder).chmod(0o755)
    assert [(p.path, p.line, p.column, p.message, p.rule) for p in repository.problems] == [
        (folder, 1, 1, "cannot read: cannot list the folder: Permission denied", "file-unreadable")
    ]
    assert repository.members == {}
    assert bool(repository.commitments) is (folder == "data/members")


def test_a_data_folder_that_cannot_be_listed_is_a_problem_even_as_root(
    minimal_group: Path,
) -> None:
    """data/ as a link to itself: scandir's OSError (ELOOP) escaped the load."""
    shutil.rmtree(minimal_group / "data")
    (minimal_group / "data").symlink_to("data")
    repository = load(WorkTree(minimal_group), use_cache=False)
    assert [(p.path, p.line, p.column, p.message, p.rule) for p in repository.problems] == [
        ("data", 1, 1, "cannot read: cannot list the folder: Too many levels of symbolic links",
         "file-unreadable")
    ]  # fmt: skip
    assert repository.files_checked == 0


def test_a_data_folder_that_is_a_link_is_said_at_a_revision(git_group: Path) -> None:
    """The work tree reads through it; git's tree holds only the link, and
    the revision read no records at all without a word."""
    (git_group / "data").rename(git_group / "records")
    (git_group / "data").symlink_to("records")
    commit_all(git_group, "data/ moved to records/")
    assert set(load(WorkTree(git_group)).members) == {"north-tenants", "city-office"}
    repository = load(Revision(git_group, "HEAD"))
    assert [(p.path, p.line, p.column, p.message, p.rule) for p in repository.problems] == [
        ("data", 1, 1, "cannot read: cannot list the folder: it is a symbolic link, "
         "which a revision does not follow", "file-unreadable")
    ]  # fmt: skip
    assert repository.files_checked == 0


def test_problems_in_cached_records_are_placed_with_one_cat_file(
    git_group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cross-record problem is placed by reading its file's text again: on
    a warm load every such file ran a cat-file of its own (31 for 30)."""
    for number in range(30):
        text = commitment(number).replace("- north-tenants", "- nobody")
        (git_group / C / f"task-{number}.yaml").write_text(text)
    commit_all(git_group, "thirty commitments owned by nobody")
    day = dt.date(2025, 1, 15)
    cold = validate(load(Revision(git_group, "HEAD")), today=day).problems
    calls = GitCalls(monkeypatch)
    # Another day: no stored verdict answers, so the rules run on cached records.
    next_day = day + dt.timedelta(days=1)
    warm = validate(load(Revision(git_group, "HEAD")), today=next_day).problems
    assert warm == cold
    assert len([p for p in warm if p.rule == "ref-member"]) == 30
    assert calls.count("cat-file") == 1
    # That day again: the stored verdict, and no record read at all.
    again = GitCalls(monkeypatch)
    assert validate(load(Revision(git_group, "HEAD")), today=next_day).problems == cold
    assert again.count("cat-file") == 0
