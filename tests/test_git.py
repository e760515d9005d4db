"""The git module against real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, init_git
from cso_tracker import git as tracker_git
from cso_tracker.cli._words import worded
from cso_tracker.errors import GitError


def test_outside_git_there_is_no_version(minimal_group: Path) -> None:
    assert tracker_git.is_repository(minimal_group) is False
    assert tracker_git.version(minimal_group) is None


def test_a_repository_without_commits_has_no_head_but_is_dirty(minimal_group: Path) -> None:
    init_git(minimal_group)
    assert tracker_git.version(minimal_group) == tracker_git.Version(commit=None, dirty=True)


def test_version_is_head_and_dirty_follows_the_records_only(git_group: Path) -> None:
    head = git(git_group, "rev-parse", "HEAD").strip()
    day = git(git_group, "log", "-1", "--date=short", "--format=%ad").strip()
    clean = tracker_git.Version(commit=head, dirty=False, date=day, author="Test Author")
    assert tracker_git.version(git_group) == clean
    (git_group / "notes.txt").write_text("not a record\n")
    assert tracker_git.version(git_group) == clean
    (git_group / "data" / "members" / "new-member.yaml").write_text("id: new-member\n")
    version = tracker_git.version(git_group)
    assert version is not None
    assert version.dirty is True
    assert version.short == head[:12]


def test_commit_stages_exactly_the_paths_given(git_group: Path) -> None:
    record = git_group / "data" / "commitments" / "repair-survey.yaml"
    record.write_text(record.read_text() + "tags:\n  - housing\n")
    other = git_group / "data" / "members" / "city-office.yaml"
    other.write_text(other.read_text() + "region: Lakeside\n")
    git(git_group, "add", str(other))  # staged by the user: must not ride along
    commit = tracker_git.commit(git_group, [record], "repair-survey: tag\n\nbody")
    assert git(git_group, "rev-parse", "HEAD").strip() == commit
    changed = git(git_group, "show", "--name-only", "--format=%s", commit).split()
    assert changed == ["repair-survey:", "tag", "data/commitments/repair-survey.yaml"]
    assert "data/members/city-office.yaml" in git(git_group, "diff", "--cached", "--name-only")


def test_commit_outside_git_says_how_to_fix_it(minimal_group: Path) -> None:
    with pytest.raises(GitError) as raised:
        tracker_git.commit(minimal_group, [minimal_group / "tracker.yaml"], "message")
    assert "is not inside a git repository" in raised.value.message
    assert worded(raised.value).hint == "run `git init` there, or leave out --commit"


def test_a_failing_git_command_carries_git_s_own_words(git_group: Path) -> None:
    """The tree is clean, so there is nothing to commit and git refuses."""
    with pytest.raises(GitError) as raised:
        tracker_git.commit(git_group, [git_group / "tracker.yaml"], "empty")
    assert raised.value.message.startswith("git commit failed:")
    assert "nothing" in raised.value.message


def test_identity_is_what_git_would_record(git_group: Path) -> None:
    assert tracker_git.identity(git_group) == ("Test Author", "author@example.org")
