"""Reading one file of a source safely: the located problem of a file that
cannot be read, is too large, or is not a regular file (judged before a
FIFO could block the reader)."""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISDIR, S_ISFIFO, S_ISREG
from typing import Final

from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import SETTINGS_FILE
from cso_tracker.yaml import MAX_FILE_BYTES

_OPEN_FLAGS: Final = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
"""Opened without blocking, so that a FIFO never waits for a writer."""


def unreadable(rel: str, what: str) -> Problem:
    return Problem(rel, 1, 1, Severity.ERROR, f"cannot read: {what}", "file-unreadable")


def too_large(rel: str, size: int) -> Problem | None:
    """The problem of a file over the size limit, judged before reading it:
    reading a huge file to refuse it would be the memory exhaustion the
    limit exists to prevent."""
    if size <= MAX_FILE_BYTES:
        return None
    limit = "the limit is" if rel == SETTINGS_FILE else "records are limited to"
    return Problem(rel, 1, 1, Severity.ERROR,
                   f"file is {size:,} bytes; {limit} {MAX_FILE_BYTES:,} bytes",
                   "file-too-large")  # fmt: skip


def read_file(path: Path | str, rel: str) -> bytes | Problem:
    """The bytes of a regular file on disk, or the located problem of reading
    it. Anything but a regular file (a FIFO put there since it was listed, a
    folder) is a problem, judged on the open file: opened without blocking,
    a FIFO never waits for a writer that will not come."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return unreadable(rel, str(exc.strerror))
    try:
        stat = os.fstat(descriptor)
        if not S_ISREG(stat.st_mode):
            return unreadable(rel, not_a_file(stat.st_mode))
        problem = too_large(rel, stat.st_size)
        return problem if problem is not None else _read_all(descriptor, stat.st_size)
    except OSError as exc:
        return unreadable(rel, str(exc.strerror))
    finally:
        os.close(descriptor)


def _read_all(descriptor: int, size: int) -> bytes:
    """Everything left in the open file, read with os.read: a file object
    (and its buffer) per file cost as much as the reading (40,000 files)."""
    chunks = []
    while chunk := os.read(descriptor, max(size + 1, 8192)):  # until the end, as read() does
        chunks.append(chunk)
    return b"".join(chunks)


def not_a_file(mode: int) -> str:
    if S_ISDIR(mode):
        return "a folder, not a file"
    if S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    return "not a regular file"
