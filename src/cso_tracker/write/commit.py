"""Committing what a command wrote, with git."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cso_tracker.errors import GitError, NotInGitError
from cso_tracker.repo.layout import relative


def require_git(root: Path) -> None:
    """Refuse a commit outside git before anything is written (rather than
    write the file and then fail to commit it)."""
    from cso_tracker import git

    if not git.is_repository(root):
        raise NotInGitError(root)


def commit_written(root: Path, paths: Sequence[Path], message: str) -> str:
    """Commit files already written; if git refuses (a hook, a broken index),
    say that the files were written, so the user does not think nothing happened."""
    from cso_tracker import git

    try:
        return git.commit(root, paths, message)
    except GitError as error:
        names = " ".join(relative(root, path) for path in paths)
        raise GitError(
            f"{names} written, but not committed: {error.message}",
            hint=f"fix what git reports, then run `git add {names} && git commit {names}`",
        ) from error
