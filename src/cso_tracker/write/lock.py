"""The repository's write lock: one writer at a time, released by the
operating system when the holder dies, so a killed command never leaves a
stale lock behind. Taking it also removes the temporary files a killed
writer left in data/ (atomic.remove_stale_temporaries).

Where to look for them is in the lock file itself: its holder notes there
every folder it is about to write to (`note_writes`), and the next holder
looks in those folders only, then clears the list. Listing every folder
instead cost a write 0.1 s at 10,000 commitments. A lock file without the
journal's first line (a new one, or an older tracker's) has every folder
of data/ looked through once.

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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from cso_tracker.atomic import remove_stale_temporaries
from cso_tracker.errors import ConflictError, TrackerError
from cso_tracker.repo.layout import DATA_DIR, relative

LOCK_NAME: Final = "cso-tracker.lock"
_JOURNAL: Final = b"cso-tracker lock 1: the folders its holder writes to follow\n"
_HELD: dict[Path, int] = {}
"""The descriptor of each lock file (resolved) this process holds."""
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
        remove_stale_temporaries(_journal(root, descriptor), older_than=asked)
        held = path.resolve()
        _HELD[held] = descriptor
        try:
            yield
        finally:
            del _HELD[held]
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def _journal(root: Path, descriptor: int) -> list[Path]:
    """The folders an earlier holder noted (all of data/ when the lock file
    keeps no journal yet); the journal is then started afresh."""
    content = _read_start(descriptor, 1 << 20)
    folders = [root / DATA_DIR]
    if content.startswith(_JOURNAL):
        noted = content[len(_JOURNAL) :].decode("utf-8", "replace").splitlines()
        folders = [root / rel for rel in dict.fromkeys(noted) if _is_data_folder(rel)]
    os.ftruncate(descriptor, 0)
    _append(descriptor, _JOURNAL)
    return folders


# Through the descriptor's offset, not os.pread/os.pwrite: those are not
# on Windows.
def _read_start(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes from the start of the file."""
    os.lseek(descriptor, 0, os.SEEK_SET)
    data = b""
    while len(data) < limit and (chunk := os.read(descriptor, limit - len(data))):
        data += chunk
    return data


def _append(descriptor: int, data: bytes) -> None:
    os.lseek(descriptor, 0, os.SEEK_END)
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _is_data_folder(rel: str) -> bool:
    parts = rel.split("/")
    return parts[0] == DATA_DIR and all(part not in ("", ".", "..") for part in parts)


def note_writes(root: Path, paths: Iterable[Path]) -> None:
    """Note in the lock file (which this process holds for `root`) the
    folders of `paths`, before any temporary file is made in them: if the
    process dies, the next holder removes what it left there."""
    descriptor = _HELD.get(lock_path(root).resolve())
    if descriptor is None:
        raise AssertionError(f"a write to {root} without its lock")  # a bug: exit 3
    base = root.resolve()
    lines = "".join(f"{relative(base, path.parent.resolve())}\n" for path in paths)
    _append(descriptor, lines.encode("utf-8"))


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
