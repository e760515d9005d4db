"""Replacing a file so that a crash at any moment leaves the old bytes or the
new ones, never a torn file: a temporary file in the same folder, written and
flushed to disk, given the old file's mode, then renamed over the target,
and the folder itself flushed so the rename survives a power cut.

The temporary file is `.NAME.XXXXXXXX.tmp` (a dot name: the loader never
reads it as a record). A process killed between creating and renaming it
leaves it behind; the next writer removes it (`remove_stale_temporaries`)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Final

_TEMPORARY: Final = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The name write_atomic gives its temporary file (mkstemp's 8 characters)."""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves either
    the old file or the new one, never a torn one. The new file has `mode`,
    else the old file's, else what the umask gives a new file."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = _mode_for(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=temporary_prefix(path), suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(folders: Iterable[Path], *, older_than: float) -> list[Path]:
    """Remove the temporary files write_atomic left in `folders` and their
    subfolders that were last changed before `older_than` (seconds since the
    epoch); the paths removed. Call it holding the lock every writer of
    those folders takes, from when it was taken: a temporary file older
    than that belongs to no writer still running."""
    removed = []
    for top in folders:
        for folder, subfolders, names in os.walk(top):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in names:
                if name[:1] != "." or not name.endswith(".tmp") or not _TEMPORARY.fullmatch(name):
                    continue
                path = Path(folder) / name
                try:
                    if path.lstat().st_mtime < older_than:
                        path.unlink()
                        removed.append(path)
                except OSError:  # gone already, or not ours to remove: harmless
                    continue
    return removed


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(descriptor)
