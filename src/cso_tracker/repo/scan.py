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

import functools
import gc
import hashlib
import marshal
import time
from dataclasses import dataclass
from operator import itemgetter
from typing import Final

from cso_tracker.problems import Problem
from cso_tracker.repo.layout import RecordFile
from cso_tracker.repo.source import CacheKey, Source
from cso_tracker.repo.tree import RecordRel, record_files_of, root_base

RACY_WINDOW_NS: Final = 2_000_000_000
"""A file changed this recently may change again within the same timestamp
tick and keep its stat (git's "racy" files): what was read from it is not
kept for later runs."""


@dataclass(frozen=True)
class Scan:
    rels: list[RecordRel]
    """Each record file by its kind and rel, in the order loading reads them."""
    problems: list[Problem]
    """The layout's: files that are named like records but will not be read."""
    keys: list[CacheKey | Problem]
    """Each file's cache key (in the order of `rels`), or why it has none."""
    fingerprint: str | None
    """Of everything above and tracker.yaml's key; None when not asked for,
    when a file is too fresh to trust its stat, or when tracker.yaml is there
    but has no key (unreadable, or not a file)."""
    base: str
    """The root as text, with one separator after it (tree.root_base)."""

    @functools.cached_property
    def files(self) -> list[RecordFile]:
        """The record files, made when first asked for: a run answered from a
        stored verdict or report never asks."""
        return record_files_of(self.base, self.rels)

    @classmethod
    def of(
        cls,
        source: Source,
        files: list[RecordFile],
        problems: list[Problem],
        keys: list[CacheKey | Problem],
        fingerprint: str | None = None,
    ) -> Scan:
        """The scan of record files already made."""
        made = cls([(f.kind, f.rel) for f in files], problems, keys, fingerprint,
                   root_base(source.root))  # fmt: skip
        made.__dict__["files"] = files  # what cached_property would keep
        return made


def scan(source: Source, *, use_cache: bool = True) -> Scan:
    """List the source and key every file; with `use_cache`, fingerprint it."""
    # A path, a key and a record file per file (some 160,000 objects at
    # 10,000 commitments), none of them garbage: the collector's passes over them
    # cost a third of the scan (the fingerprint's too, if it were on again
    # for it). Left off if the caller turned it off.
    enabled = gc.isenabled()
    gc.disable()
    try:
        rels, problems, keys, files = source.keyed_records()
        fingerprint = _fingerprint(source, rels, keys, problems) if use_cache else None
    finally:
        if enabled:
            gc.enable()
    if files is not None:
        return Scan.of(source, files, problems, keys, fingerprint)
    return Scan(rels, problems, keys, fingerprint, root_base(source.root))


def is_racy(key: CacheKey, now_ns: int) -> bool:
    """A stat key (size, mtime, ctime, inode) whose file was written too
    recently to be trusted (by its mtime, as git judges it); a blob id never is."""
    mtime = key[1]
    return type(mtime) is int and now_ns - mtime < RACY_WINDOW_NS


def _fingerprint(
    source: Source,
    rels: list[RecordRel],
    keys: list[CacheKey | Problem],
    problems: list[Problem],
) -> str | None:
    settings_key = source.settings_key()
    if settings_key is None and source.read_settings() is not None:
        return None  # there but unreadable: its next state may have no key either
    now = time.time_ns()
    if settings_key is not None and is_racy(settings_key, now):
        return None
    if _racy(keys, now):
        return None
    try:
        # By value (version 2 writes no references to objects seen before),
        # and in C: a third of the cost of writing each key out in text.
        key_bytes = b"m" + marshal.dumps(keys, 2)
    except ValueError:  # a Problem (a file that could not be stat'ed)
        key_bytes = b"r" + _text(repr(keys))
    digest = hashlib.sha256()
    # Each part after its length: no two different scans give the same bytes.
    for part in (
        _text(source.cache_name),
        _text(repr(settings_key)),
        # Not each file's kind: the rules (the code a verdict is stored for)
        # give it from its path.
        _text("\0".join(map(itemgetter(1), rels))),  # a path holds no NUL
        key_bytes,
        _text(repr(problems)),
    ):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def _racy(keys: list[CacheKey | Problem], now: int) -> bool:
    """Whether any key is racy (is_racy)."""
    try:
        # In C: every key a tuple (no Problem), each mtime (or blob id) of one type.
        newest = max(map(itemgetter(1), keys), default=None)  # type: ignore[arg-type]
    except TypeError:
        return any(not isinstance(key, Problem) and is_racy(key, now) for key in keys)
    return type(newest) is int and now - newest < RACY_WINDOW_NS


def _text(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")
