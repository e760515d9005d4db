"""The repository's write lock: one writer at a time, released by the
operating system when the holder dies, so a killed command never leaves a
stale lock behind. Taking it also removes the temporary files a killed
writer left in data/ (atomic.remove_stale_temporaries).

The lock file is never in a data folder: `.git/cso-tracker.lock` in git
(git ignores its own folder), else `.cso-tracker.lock` in the tracker's
folder (beside tracker.yaml), which every user of a shared folder sees,
as they must to exclude each other; validate reads only tracker.yaml and
data/, and the loader skips dot names."""

from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from cso_tracker.atomic import remove_stale_temporaries
from cso_tracker.errors import ConflictError, TrackerError
from cso_tracker.repo.layout import DATA_DIR

LOCK_NAME: Final = "cso-tracker.lock"
DEFAULT_LOCK_TIMEOUT: Final = 60.0
"""Seconds to wait for another tracker command to finish writing."""


def lock_path(root: Path) -> Path:
    """`.git/cso-tracker.lock` of the repository holding `root` when there is
    one (git ignores it), else `.cso-tracker.lock` in `root`, outside the
    data folders (where `git status` and validate would see it)."""
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git / LOCK_NAME
        if dot_git.is_file():  # a worktree: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = (folder / text.removeprefix("gitdir:").strip()).resolve()
                if target.is_dir():
                    return target / LOCK_NAME
            break
    return root / f".{LOCK_NAME}"


@contextlib.contextmanager
def repository_lock(root: Path, *, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of the tracker at `root`.

    The operating system releases the lock when the process dies, so a
    killed command never leaves a stale lock behind. The lock file is never
    deleted (deleting it would let two processes hold "the" lock at once)."""
    path = lock_path(root)
    asked = time.time()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise TrackerError(
            f"cannot open the lock file {path}: {error.strerror or error}; nothing was written",
            hint="the tracker needs to write there; check the folder's permissions",
        ) from error
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                raise ConflictError(
                    f"another tracker command has been writing to this tracker for more "
                    f"than {timeout:g} s (lock {path})",
                    hint="wait for it to finish and run the command again",
                )
            time.sleep(random.uniform(0.005, 0.03))  # jitter, not security
        # Every writer of data/ holds this lock while its temporary file
        # exists: one older than our asking belongs to a writer that died.
        remove_stale_temporaries([root / DATA_DIR], older_than=asked)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - not exercised on CI
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(descriptor, fcntl.LOCK_UN)
