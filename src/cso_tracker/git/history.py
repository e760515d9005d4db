"""git's history: the commits between two revisions (`tracker changes`,
`tracker log`, the status report's changes), part of `cso_tracker.git`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from cso_tracker.errors import GitError
from cso_tracker.git import _executable, _git, _run, is_repository, is_shallow, short

SHALLOW_HINT: Final = "run `git fetch --unshallow`, or set `fetch-depth: 0` in actions/checkout"
_NO_BLOB: Final = "0" * 40
_LOG_FORMAT: Final = "\x1e" + "\x1f".join(("%H", "%P", "%an", "%ae", "%cI", "%s"))


@dataclass(frozen=True)
class CommitInfo:
    """Who made a commit and when (`date`: the committer date, when the
    change entered the record, which `--since DATE` counts by)."""

    commit: str
    author: str
    email: str
    date: dt.datetime
    subject: str
    parents: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()
    """For a merge: the authors of the commits it brought in (a pull request's)."""

    @property
    def short(self) -> str:
        return short(self.commit)


@dataclass(frozen=True)
class FileChange:
    """A file a commit changed (A, M, D or R; a type change is M), relative
    to the root, with its blob before and after (None: no file there)."""

    status: str
    path: str
    old_path: str | None
    old_blob: str | None
    new_blob: str | None
    new_mode: str


def require_history(root: Path) -> None:
    """Raise unless `root` is in a git work tree with its whole history: a
    shallow clone (actions/checkout's default) would give a short changelog."""
    _executable()
    if not is_repository(root):
        raise GitError(f"{root} is not inside a git repository, so it has no history to read",
                       hint="run the command in a clone of the tracker's repository")  # fmt: skip
    if is_shallow(root):
        raise GitError("this is a shallow clone: it holds only the latest commits, so the "
                       "history of the records is missing", hint=SHALLOW_HINT)  # fmt: skip


def _commit_info(header: str) -> CommitInfo:
    commit, parents, author, email, date, subject = header.removeprefix("\x1e").split("\x1f", 5)
    when = dt.datetime.fromisoformat(date)
    return CommitInfo(commit, author, email, when, subject, tuple(parents.split()))


def commit_info(root: Path, commit: str) -> CommitInfo:
    return _commit_info(_git(root, "show", "-s", f"--format={_LOG_FORMAT}", commit).strip())


def commit_on_or_before(
    root: Path, day: dt.date, until: str, paths: Sequence[str] = ()
) -> str | None:
    """The last commit of `until`'s first-parent line made by the end of
    `day` (that changed `paths`, when given), or None when the line starts later."""
    found = _git(root, "rev-list", "-1", "--first-parent", f"--before={day} 23:59:59",
                 "--end-of-options", until, "--", *paths)  # fmt: skip
    return found.strip() or None


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    code, _, errors = _run(root, ("merge-base", "--is-ancestor", older, newer), None)
    if code not in (0, 1):
        raise GitError(f"git merge-base failed: {errors.strip()}")
    return code == 0


def log_changes(
    root: Path, since: str | None, until: str, paths: Sequence[str]
) -> list[tuple[CommitInfo, list[FileChange]]]:
    """Each commit after `since` (None: from the first) up to `until` that
    changed `paths`, oldest first, with its files, in one `git log --raw`.
    Only the first-parent line is walked, a merge against its first parent:
    applied in order, the changes lead exactly from `since` to `until`."""
    span = f"{since}..{until}" if since is not None else until
    output = _git(root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent", "--raw",
                  "-z", "--no-abbrev", "-M", "--relative", f"--format={_LOG_FORMAT}",
                  "--end-of-options", span, "--", *paths)  # fmt: skip
    commits = []
    for chunk in output.split("\x1e")[1:]:
        header, _, body = chunk.partition("\0")
        commits.append((_commit_info(header), _raw_files(body.lstrip("\n").split("\0"))))
    if any(len(info.parents) > 1 for info, _ in commits):
        merged = _merged_authors(root, span)
        commits = [(replace(info, merged=merged.get(info.commit, ())), f) for info, f in commits]
    return commits


def _merged_authors(root: Path, span: str) -> dict[str, tuple[str, ...]]:
    """Each merge of the first-parent line -> the authors of the commits it
    brought in (reachable from its other parents, not merged before)."""
    parents, authors = {}, {}
    for line in _git(root, "log", "--format=%H %P%x1f%an", span).splitlines():
        ids, authors[line[:40]] = line.split("\x1f", 1)
        parents[line[:40]] = ids.split()[1:]
    first_parents = _git(root, "rev-list", "--reverse", "--first-parent", span).split()
    claimed, found = set(first_parents), {}
    for merge in first_parents:
        todo, names = parents.get(merge, [])[1:], set()
        while todo:
            commit = todo.pop()
            if commit not in claimed and commit in parents:
                claimed.add(commit)
                names.add(authors[commit])
                todo.extend(parents[commit])
        if names:
            found[merge] = tuple(sorted(names))
    return found


def _raw_files(fields: list[str]) -> list[FileChange]:
    """`:old-mode new-mode old-blob new-blob status`, then the path (two for
    a rename or a copy; a copy counts as the copy added)."""
    files, index = [], 0
    while index < len(fields) and fields[index].startswith(":"):
        _, mode, old, new, status = fields[index][1:].split()
        two = status[0] in "RC"
        source, target = fields[index + 1], fields[index + (2 if two else 1)]
        index += 3 if two else 2
        letter = {"R": "R", "C": "A", "A": "A", "D": "D"}.get(status[0], "M")
        files.append(FileChange(letter, target, source if letter == "R" else None,
                                None if old == _NO_BLOB or letter == "A" else old,
                                None if new == _NO_BLOB else new, mode))  # fmt: skip
    return files
