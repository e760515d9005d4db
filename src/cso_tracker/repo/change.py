"""A pull request as revisions: the records at its base (where rights are
read), at the fork point (what the change started from) and at its head
(what it proposes), and every file the change from the fork point to the
head adds, modifies, deletes or renames.

Nothing is checked out: each revision is read from git's objects
(`revision.Revision`), and the change is one `git diff --name-status`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from cso_tracker import git
from cso_tracker.errors import GitError
from cso_tracker.repo.load import load
from cso_tracker.repo.repository import Repository
from cso_tracker.repo.revision import Revision

_SHALLOW_HINT = (
    "this clone is shallow (made with --depth), so it lacks older commits: in GitHub "
    "Actions, check out with `fetch-depth: 0` (actions/checkout); elsewhere run "
    "`git fetch --unshallow`"
)
_FETCH_HINT = (
    "fetch it first (`git fetch origin`), or check the name "
    "(`git log --oneline --all` lists the commits)"
)


@dataclass(frozen=True)
class PullRequest:
    """The three states of the records a pull request involves, and its files."""

    base: Repository
    """The records at the base revision: who may act for which member, and
    who owns what. A pull request cannot grant itself rights."""
    fork: Repository
    """The records at the merge base, the state the change started from."""
    head: Repository
    """The records the change proposes."""
    base_commit: str
    merge_base: str
    head_commit: str
    changes: tuple[git.ChangedFile, ...]
    """Paths relative to the tracker root (`../x` for a file outside it)."""


def read_pull_request(root: Path, *, base: str, head: str, use_cache: bool = True) -> PullRequest:
    """The change from the merge base of `base` and `head` to `head`, with the
    records at each of the three revisions (through the record cache unless
    `use_cache` is false)."""
    git.require_repository(root)
    base_commit = _resolve(root, base, "base")
    head_commit = _resolve(root, head, "head")
    fork = git.merge_base(root, base_commit, head_commit)
    if fork is None:
        if git.is_shallow(root):
            raise GitError(
                f"the base '{base}' and the head '{head}' have no merge base in this clone",
                hint=_SHALLOW_HINT,
            )
        raise GitError(
            f"the base '{base}' and the head '{head}' share no history (no merge base)",
            hint="compare a pull request's head with the branch it targets",
        )
    prefix = git.top_level_prefix(root)
    changes = tuple(
        _relative(change, prefix) for change in git.changed_files(root, fork, head_commit)
    )
    base_records = load(Revision(root, base_commit), use_cache=use_cache)
    fork_records = (
        base_records if fork == base_commit else load(Revision(root, fork), use_cache=use_cache)
    )
    return PullRequest(
        base=base_records,
        fork=fork_records,
        head=load(Revision(root, head_commit), use_cache=use_cache),
        base_commit=base_commit,
        merge_base=fork,
        head_commit=head_commit,
        changes=changes,
    )


def _resolve(root: Path, revision: str, which: str) -> str:
    try:
        return git.resolve_commit(root, revision)
    except GitError:
        hint = _SHALLOW_HINT if git.is_shallow(root) else _FETCH_HINT
        raise GitError(
            f"the {which} revision '{revision}' is not a commit in this repository", hint=hint
        ) from None


def _relative(change: git.ChangedFile, prefix: str) -> git.ChangedFile:
    """A change with its paths relative to the tracker root, not the
    repository's top level (the same when the tracker is the whole repository)."""
    if not prefix:
        return change
    old = _under(change.old_path, prefix) if change.old_path is not None else None
    return git.ChangedFile(change.status, _under(change.path, prefix), old)


def _under(path: str, prefix: str) -> str:
    if path.startswith(prefix):
        return path[len(prefix) :]
    return posixpath.relpath(path, prefix.rstrip("/"))
