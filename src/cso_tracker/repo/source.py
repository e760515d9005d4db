"""Where records are read from: the work tree, or a git revision.

A source lists what it holds under data/ (as tree.Node values, so the same
layout rules apply to both), reads the bytes of a record file and of
tracker.yaml, and gives each file a cache key that changes whenever its
content may have. Everything downstream works on what the source returned:
reading the records as they were at a revision is a choice of source.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Final

from cso_tracker.problems import Problem
from cso_tracker.repo.layout import DATA_DIR, SETTINGS_FILE, RecordFile
from cso_tracker.repo.reading import not_a_file, read_file, unreadable
from cso_tracker.repo.tree import (
    RecordRel,
    location,
    record_files,
    record_rels,
    root_base,
)
from cso_tracker.repo.walk import StatKey, stat_key, walk

if TYPE_CHECKING:
    from cso_tracker import git

CacheKey = tuple[int | str, ...]
"""What identifies a file's content for the record cache: its stat on disk,
or its blob id in git."""

_DATA: Final = f"{DATA_DIR}/"
TEMPLATES_DIR: Final = "templates"
"""A group's own report templates, beside data/."""


class Source:
    """What every source offers; see WorkTree, and Revision (repo/revision.py)."""

    root: Path
    cache_name: str
    """Which record cache this source's entries belong in."""
    commit: str | None = None
    """The commit whose records a revision reads; None for the work tree."""

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        raise NotImplementedError

    def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
        raise NotImplementedError

    def read(self, record_file: RecordFile) -> bytes | Problem:
        raise NotImplementedError

    def read_settings(self) -> bytes | Problem | None:
        """tracker.yaml's bytes, a problem reading it, or None when there is none."""
        raise NotImplementedError

    def settings_key(self) -> CacheKey | None:
        """tracker.yaml's cache key, or None when there is none to read."""
        raise NotImplementedError

    def keyed_records(
        self,
    ) -> tuple[list[RecordRel], list[Problem], list[CacheKey | Problem], list[RecordFile] | None]:
        """record_files, each file by its kind and rel, with its cache_key (in
        the same order), and the record files themselves when they were made
        anyway (else None: the caller makes them only if it needs them, see
        tree.record_files_of)."""
        files, problems = self.record_files()
        keys = [self.cache_key(record_file) for record_file in files]
        return [(f.kind, f.rel) for f in files], problems, keys, files

    def prefetch(self, files: list[RecordFile], wanted: Callable[[str, CacheKey], bool]) -> None:
        """Read ahead, at once, what `wanted` (rel, cache key) says will be read."""

    def describe(self) -> str:
        """Where the records were read, in a message: `the work tree`, `v1 (abc123456789)`."""
        raise NotImplementedError

    def data_version(self) -> git.Version | None:
        """Which state of the records this is, for a report's header."""
        raise NotImplementedError

    def templates(self) -> dict[str, str] | None:
        """The report templates this source holds (templates/, by name), or
        None to read them from the work tree's folder."""
        return None


# --- the work tree -------------------------------------------------------------------


@dataclass
class WorkTree(Source):
    """The records as they are on disk now."""

    root: Path
    cache_name: str = "worktree"

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        return record_files(self.root, *walk(self.root))

    def keyed_records(
        self,
    ) -> tuple[list[RecordRel], list[Problem], list[CacheKey | Problem], list[RecordFile] | None]:
        """As Source's, each regular file keyed by the stat the walk took of
        it, and no RecordFile made."""
        cls = type(self)
        if cls.record_files is not WorkTree.record_files or cls.cache_key is not WorkTree.cache_key:
            # A work tree that lists or keys its own way: the walk's keys are
            # not its keys.
            return super().keyed_records()
        taken: dict[str, StatKey] = {}
        rels, problems = record_rels(*walk(self.root, taken))
        get, base = taken.get, root_base(self.root)
        keys = [get(rel) or self.cache_key(RecordFile(kind, location(base, rel), rel))
                for kind, rel in rels]  # fmt: skip
        return rels, problems, keys, None

    def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
        # os.stat on the text: through a Path, the same stat costs twice as
        # much. It follows a link, as reading the file does.
        try:
            stat = os.stat(record_file.location)  # noqa: PTH116 (see above)
        except OSError as exc:
            return unreadable(record_file.rel, str(exc.strerror))
        return stat_key(stat)

    def read(self, record_file: RecordFile) -> bytes | Problem:
        return self._read(record_file.location, record_file.rel)

    def _read(self, path: Path | str, rel: str) -> bytes | Problem:
        return read_file(path, rel)

    def describe(self) -> str:
        return "the work tree"

    def data_version(self) -> git.Version | None:
        from cso_tracker import git

        return git.version(self.root)

    def settings_key(self) -> CacheKey | None:
        try:
            stat = (self.root / SETTINGS_FILE).stat()
        except OSError:  # none, or unreadable: read_settings says which
            return None
        return stat_key(stat) if S_ISREG(stat.st_mode) else None

    def read_settings(self) -> bytes | Problem | None:
        path = self.root / SETTINGS_FILE
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return unreadable(SETTINGS_FILE, str(exc.strerror))
        if not S_ISREG(mode):  # never opened: a FIFO would wait for a writer
            return unreadable(SETTINGS_FILE, f"{not_a_file(mode)}, so no settings are read")
        return self._read(path, SETTINGS_FILE)
