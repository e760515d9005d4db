"""What a source holds, before any record is read: its record files, the
problems of its layout, each file's cache key, and a fingerprint of all of
them.

Two scans with one fingerprint saw the same files with the same content
(the same stat on disk, or the same blobs at a revision), the same
tracker.yaml and the same layout: whatever was concluded from the records
the first time holds the second time, so a verdict can be reused without
reading a record (repo/verdicts.py). A scan whose files may still be
changing gives no fingerprint (see RACY_WINDOW_NS).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Final

from cso_tracker.problems import Problem
from cso_tracker.repo.layout import RecordFile
from cso_tracker.repo.source import CacheKey, Source

RACY_WINDOW_NS: Final = 2_000_000_000
"""A file changed this recently may change again within the same timestamp
tick and keep its stat (git's "racy" files): what was read from it is not
kept for later runs."""


@dataclass(frozen=True)
class Scan:
    files: list[RecordFile]
    problems: list[Problem]
    """The layout's: files that are named like records but will not be read."""
    keys: list[CacheKey | Problem]
    """Each file's cache key (in the order of `files`), or why it has none."""
    fingerprint: str | None
    """Of everything above and tracker.yaml's key; None when not asked for,
    when a file is too fresh to trust its stat, or when tracker.yaml is there
    but has no key (unreadable, or not a file)."""


def scan(source: Source, *, use_cache: bool = True) -> Scan:
    """List the source and key every file; with `use_cache`, fingerprint it."""
    files, problems = source.record_files()
    keys = [source.cache_key(record_file) for record_file in files]
    fingerprint = _fingerprint(source, files, keys, problems) if use_cache else None
    return Scan(files, problems, keys, fingerprint)


def is_racy(key: CacheKey, now_ns: int) -> bool:
    """A stat key (size, mtime, ctime, inode) whose file was written too
    recently to be trusted (by its mtime, as git judges it); a blob id never is."""
    mtime = key[1]
    return type(mtime) is int and now_ns - mtime < RACY_WINDOW_NS


def _fingerprint(
    source: Source,
    files: list[RecordFile],
    keys: list[CacheKey | Problem],
    problems: list[Problem],
) -> str | None:
    settings_key = source.settings_key()
    if settings_key is None and source.read_settings() is not None:
        return None  # there but unreadable: its next state may have no key either
    now = time.time_ns()
    digest = hashlib.sha256(source.cache_name.encode())
    parts = [repr(settings_key)]
    for record_file, key in zip(files, keys, strict=True):
        if not isinstance(key, Problem) and is_racy(key, now):
            return None
        parts.append(f"{record_file.kind}\0{record_file.rel}\0{key!r}")
    parts.extend(repr(problem) for problem in problems)
    if settings_key is not None and is_racy(settings_key, now):
        return None
    digest.update("\n".join(parts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
