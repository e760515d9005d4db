"""Which commits a changelog runs between (a revision, the last commit of
a day, or that of the last meeting), and the changelogs built on them:
`tracker changes`, `tracker log ID`, and the status report's changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from cso_tracker import git
from cso_tracker.errors import GitError, RecordNotFoundError
from cso_tracker.query.history import HISTORY_PATHS, Commits, Snapshot, walk
from cso_tracker.query.history_changelog import Changelog, final_ids
from cso_tracker.query.meetings import last_meeting
from cso_tracker.repo.layout import KIND_SINGULAR, UPDATES, record_kind

LAST_MEETING: Final = "last-meeting"
"""`--since last-meeting`: the last commit of the day of the latest meeting
held on or before the until day, in the records at until."""

Since = str | dt.date
"""A revision, `last-meeting`, or a day (its last commit)."""


def _load(root: Path, commit: str, *, use_cache: bool) -> Snapshot:
    from cso_tracker.repo.load import load
    from cso_tracker.repo.revision import Revision

    return Snapshot.of(load(Revision(root, commit), use_cache=use_cache))


def names_commit(root: Path, value: str) -> bool:
    """Whether `value` names a commit (a hash, tag, branch, HEAD~3...)."""
    try:
        git.resolve_commit(root, value)
    except GitError:
        return False
    return True


def _on_or_before(root: Path, day: dt.date, until: str) -> str:
    found = git.commit_on_or_before(root, day, until)
    if found is None:
        first = git.log_changes(root, None, until, ())[0][0]
        raise GitError(
            f"no commit on or before {day}: the history begins on {first.date.date()}",
            hint=f"give a day from {first.date.date()} on, or a revision",
        )
    return found


def resolve_since(root: Path, since: Since, until: str, *, use_cache: bool = True) -> str:
    """The commit `since` names, along the history of commit `until` (the
    records at `until` through the record cache unless `use_cache` is false)."""
    if isinstance(since, dt.date):
        return _on_or_before(root, since, until)
    if since == LAST_MEETING:
        day = git.commit_info(root, until).date.date()
        meetings = _load(root, until, use_cache=use_cache).meetings.values()
        meeting = last_meeting(meetings, day + dt.timedelta(days=1))
        if meeting is None:
            raise GitError(f"no meeting was held on or before {day} in the records at "
                           f"{git.short(until)}", hint="give --since a DATE or a revision")  # fmt: skip
        return _on_or_before(root, meeting.date, until)
    return git.resolve_commit(root, since)


def changelog(
    root: Path, since: Since, until: str = "HEAD", *, use_cache: bool = True
) -> Changelog:
    """What changed in the records from `since` to `until` (a revision)."""
    git.require_history(root)
    end = git.resolve_commit(root, until)
    start = resolve_since(root, since, end, use_cache=use_cache)
    if not git.is_ancestor(root, start, end):
        if git.is_ancestor(root, end, start):
            raise GitError(f"{since} ({git.short(start)}) comes after {until} ({git.short(end)})",
                           hint="the changes run from an older revision to a newer one: "
                           "swap them")  # fmt: skip
        raise GitError(f"{since} is not in the history of {until}",
                       hint="give two revisions of one line of history")  # fmt: skip
    commits = git.log_changes(root, start, end, HISTORY_PATHS)
    walker = walk(root, commits, _load(root, start, use_cache=use_cache))
    return Changelog(
        since=git.commit_info(root, start), until=git.commit_info(root, end),
        commits=tuple(info for info, files in commits if files),
        changes=tuple(walker.changes), titles=walker.titles, renamed=final_ids(walker.renames),
    )  # fmt: skip


def record_log(
    root: Path, record_id: str, until: str = "HEAD", *, use_cache: bool = True
) -> tuple[str, str, Changelog]:
    """(kind, id, every change to that record from the first commit),
    following renames; `record_id` may be a unique beginning of an id."""
    git.require_history(root)
    end = git.resolve_commit(root, until)
    commits = git.log_changes(root, None, end, HISTORY_PATHS)
    kind, found = _find(root, end, record_id, commits, use_cache=use_cache)
    names = {found}
    renames = [(_stem(f.old_path), _stem(f.path)) for _, files in commits for f in files
               if f.old_path is not None and record_kind(f.path) == kind]  # fmt: skip
    grown = True
    while grown:  # follow renames both ways: to the id it had, and the id it got
        before = len(names)
        names |= {name for pair in renames if names & set(pair) for name in pair}
        grown = len(names) > before
    walker = walk(root, commits, Snapshot(), wanted=lambda k, stem: k == kind and stem in names)
    singular = KIND_SINGULAR[kind]
    mine = tuple(c for c in walker.changes if c.kind == singular and c.record_id in names)
    touched = {c.commit.commit for c in mine}
    return singular, found, Changelog(
        since=None, until=git.commit_info(root, end),
        commits=tuple(info for info, _ in commits if info.commit in touched), changes=mine,
        titles=walker.titles, renamed=final_ids(walker.renames),
    )  # fmt: skip


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def _find(
    root: Path, end: str, record_id: str, commits: Commits, *, use_cache: bool
) -> tuple[str, str]:
    """The record `record_id` names at `end`, or one that existed before."""
    from cso_tracker.repo.load import load
    from cso_tracker.repo.revision import Revision

    try:
        kind, record = load(Revision(root, end), use_cache=use_cache).find(record_id)
    except RecordNotFoundError:
        for _, files in commits:
            for f in files:
                kind_of = record_kind(f.path)
                if kind_of not in (None, UPDATES) and _stem(f.path) == record_id:
                    return str(kind_of), record_id
        raise
    return kind, record.id


StatusHistory = tuple[Changelog | None, str | None]
"""The changelog for the status report, or None and why there is none:
no-git, shallow, no-commits, or history-later (it begins after the day)."""


def status_history(
    root: Path, since: dt.date, as_of: dt.date, until: str = "HEAD", *, use_cache: bool = True
) -> StatusHistory:
    """The changes from the last commit of `since` to the last of `as_of`."""
    try:
        git.require_history(root)
    except GitError as error:
        return None, "shallow" if error.hint == git.SHALLOW_HINT else "no-git"
    if not names_commit(root, until):
        return None, "no-commits"
    # Only commits that changed the records: a report committed after the
    # data (as a group keeps the one it sent) must not move the span, or the
    # report read back `--at` that commit would differ from the one sent.
    end = git.commit_on_or_before(root, as_of, until, HISTORY_PATHS)
    start = git.commit_on_or_before(root, since, end, HISTORY_PATHS) if end is not None else None
    if end is None or start is None:
        return None, "history-later"
    return changelog(root, start, end, use_cache=use_cache), None
