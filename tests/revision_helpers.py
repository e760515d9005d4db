"""What the revision tests share: a load's facts independent of where the
root is, a comparison checkout, a snapshot of a work tree, a history of
commits with uncommitted edits on top, and a counter of git's commands."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import commit_all, git
from cso_tracker import git as tracker_git
from cso_tracker.repo.repository import Repository

C = "data/commitments/"
SURVEY = C + "repair-survey.yaml"
UPDATES = "data/updates/repair-survey"


def facts(repository: Repository) -> dict[str, Any]:
    """Everything a load gives that does not depend on where the root is."""
    return {
        "members": repository.members,
        "meetings": repository.meetings,
        "commitments": repository.commitments,
        "files": {key: f.rel for key, f in repository.files.items()},
        "problems": [
            (p.path, p.line, p.column, p.severity, p.message, p.rule) for p in repository.problems
        ],
        "files_checked": repository.files_checked,
        "unloaded": repository.unloaded,
        "settings": repository.settings,
    }


def checkout(repo: Path, revision: str, where: Path) -> Path:
    """A clone of `repo` with `revision` checked out: the work tree to compare with."""
    commit = git(repo, "rev-parse", "--verify", f"{revision}^{{commit}}").strip()
    git(repo.parent, "clone", "--quiet", "--no-checkout", str(repo), str(where))
    git(where, "checkout", "--quiet", "--detach", commit)
    return where


def snapshot(root: Path) -> tuple[str, dict[str, bytes]]:
    """`git status` and the bytes of every file and link outside .git."""
    files: dict[str, bytes] = {}
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != ".git"]
        for name in names:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            files[rel] = str(path.readlink()).encode() if path.is_symlink() else path.read_bytes()
    return git(root, "status", "--porcelain", "--untracked-files=all"), files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def commitment(number: int) -> str:
    return textwrap.dedent(f"""\
        id: task-{number}
        number: {number + 1}
        title: Task {number}
        text: A task.
        agreed_at: 2024-03-05-kickoff
        owners:
          - north-tenants
        due: 2024-09-30
    """)


def make_history(root: Path) -> Path:
    """On the committed minimal group at `root`: two more commits, then
    uncommitted edits on top:

    1. the minimal group (tagged v1, branch `first`);
    2. a new update on the survey, a broken record (a recurrence typo at 9:13),
       a renamed group in tracker.yaml;
    3. the broken record fixed, one member deleted;
    and in the work tree a staged edit, an unstaged edit and an untracked file.
    """
    git(root, "tag", "v1")
    git(root, "branch", "first")
    (root / UPDATES / "2024-05-01-north-tenants.yaml").write_text(
        "date: 2024-05-01\nby: north-tenants\nauthor: Ana Ferreira\n"
        "note: Half the buildings surveyed.\n"
    )
    broken = commitment(7).replace("id: task-7", "id: broken") + "recurrence: yearli\n"
    (root / C / "broken.yaml").write_text(broken)
    edit(root / "tracker.yaml", "Lakeside Housing Forum", "Lakeside Housing Council")
    commit_all(root, "second")
    edit(root / C / "broken.yaml", "yearli", "yearly")
    (root / "data/members/city-office.yaml").unlink()
    commit_all(root, "third")
    edit(root / SURVEY, "title: Repair survey", "title: Repair census")
    git(root, "add", SURVEY)
    edit(root / "tracker.yaml", "stale_after_days: 60", "stale_after_days: 45")
    (root / C / "new-one.yaml").write_text(commitment(9).replace("task-9", "new-one"))
    return root


class GitCalls:
    """Counts the real git commands the tracker runs, and the blob bytes it reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commands: list[str] = []
        self.blob_bytes = 0
        self._wrap(monkeypatch, "_git", self._command)
        self._wrap(monkeypatch, "_git_bytes", self._command)
        self._wrap(monkeypatch, "read_blobs", self._blobs)

    def _wrap(self, monkeypatch: pytest.MonkeyPatch, name: str, after: Callable[..., None]) -> None:
        real = getattr(tracker_git, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            after(args, result)
            return result

        monkeypatch.setattr(tracker_git, name, counting)

    def _command(self, args: tuple[Any, ...], result: Any) -> None:
        self.commands.append(args[1])

    def _blobs(self, args: tuple[Any, ...], result: dict[str, bytes]) -> None:
        self.blob_bytes += sum(len(content) for content in result.values())

    def count(self, command: str) -> int:
        return self.commands.count(command)
