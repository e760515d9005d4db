"""Where records are read from: the work tree, or a git revision.

A source lists what it holds under data/ (as tree.Node values, so the same
layout rules apply to both), reads the bytes of a record file and of
tracker.yaml, and gives each file a cache key that changes whenever its
content may have. Everything downstream works on what the source returned:
reading the records as they were at a revision is a choice of source.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cso_tracker import git
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import DATA_DIR, KINDS, SETTINGS_FILE, RecordFile, relative
from cso_tracker.repo.tree import Node, NodeKind, record_files
from cso_tracker.yaml.reader import MAX_FILE_BYTES

CacheKey = tuple[int | str, ...]
"""What identifies a file's content for the record cache: its stat on disk,
or its blob id in git."""

_LINK_HOPS: Final = 40  # as many as Linux follows before ELOOP


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


class Source:
    """What every source offers; see WorkTree and Revision."""

    root: Path
    cache_name: str
    """Which record cache this source's entries belong in."""

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        raise NotImplementedError

    def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
        raise NotImplementedError

    def read(self, record_file: RecordFile) -> bytes | Problem:
        raise NotImplementedError

    def read_settings(self) -> bytes | Problem | None:
        """tracker.yaml's bytes, a problem reading it, or None when there is none."""
        raise NotImplementedError


# --- the work tree -------------------------------------------------------------------


def stat_key(stat: os.stat_result) -> CacheKey:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@dataclass
class WorkTree(Source):
    """The records as they are on disk now."""

    root: Path
    cache_name: str = "worktree"
    _sizes: dict[str, int] = field(default_factory=dict, repr=False)

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        return record_files(self.root, self._walk())

    def _walk(self) -> Iterator[Node]:
        # os.scandir, not pathlib: on 10,000 files pathlib's objects cost ~0.4 s.
        data = self.root / DATA_DIR
        resolved_data = data.resolve()
        pending = [data]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = list(scan)
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                node = self._node(entry, resolved_data)
                yield node
                top_level_kind = folder == data and entry.name in KINDS
                if node.kind is NodeKind.FOLDER and (top_level_kind or not entry.is_symlink()):
                    pending.append(Path(entry.path))

    def _node(self, entry: os.DirEntry[str], data: Path) -> Node:
        rel = relative(self.root, Path(entry.path))
        if entry.is_symlink():
            try:
                target = Path(entry.path).resolve(strict=False)
                target.stat()
            except FileNotFoundError:
                return Node(rel, NodeKind.LINK_MISSING, relative(self.root, target))
            except (OSError, RuntimeError):  # a loop: 3.11 raises RuntimeError
                return Node(rel, NodeKind.LINK_LOOP)
            if not target.is_relative_to(data):
                return Node(rel, NodeKind.LINK_OUTSIDE, str(target))
        if entry.is_dir():
            return Node(rel, NodeKind.FOLDER)
        return Node(rel, NodeKind.FILE if entry.is_file() else NodeKind.OTHER)

    def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
        try:
            stat = record_file.path.stat()
        except OSError as exc:
            return unreadable(record_file.rel, str(exc.strerror))
        self._sizes[record_file.rel] = stat.st_size
        return stat_key(stat)

    def read(self, record_file: RecordFile) -> bytes | Problem:
        return self._read(record_file.path, record_file.rel)

    def _read(self, path: Path, rel: str) -> bytes | Problem:
        try:
            size = self._sizes.get(rel)
            problem = too_large(rel, size if size is not None else path.stat().st_size)
            return problem if problem is not None else path.read_bytes()
        except OSError as exc:
            return unreadable(rel, str(exc.strerror))

    def read_settings(self) -> bytes | Problem | None:
        path = self.root / SETTINGS_FILE
        try:
            if not path.is_file():
                return None
        except OSError as exc:
            return unreadable(SETTINGS_FILE, str(exc.strerror))
        return self._read(path, SETTINGS_FILE)


# --- a git revision ------------------------------------------------------------------


@dataclass
class Revision(Source):
    """The records as committed at a revision (a commit, tag or branch), read
    from git's objects with one `git ls-tree` and one `git cat-file --batch`:
    nothing is checked out and the work tree is never touched."""

    root: Path
    revision: str
    cache_name: str = "revisions"
    commit: str = field(init=False)
    _blobs: dict[str, git.TreeEntry] = field(init=False, repr=False)
    _content: dict[str, bytes] = field(default_factory=dict, repr=False)
    _link_targets: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.commit = git.resolve_commit(self.root, self.revision)
        entries = git.ls_tree(self.root, self.commit, (DATA_DIR, SETTINGS_FILE))
        self._blobs = {entry.path: entry for entry in entries}

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        links = [e.oid for e in self._blobs.values() if e.mode == git.LINK_MODE]
        targets = git.read_blobs(self.root, links)
        folders = {posixpath.dirname(path) for path in self._blobs}
        folders |= {parent for folder in list(folders) for parent in _parents(folder)}
        nodes = [self._node(entry, targets, folders) for entry in self._blobs.values()]
        nodes += [Node(f, NodeKind.FOLDER) for f in sorted(folders) if f.startswith(f"{DATA_DIR}/")]
        return record_files(self.root, (n for n in nodes if n.rel != SETTINGS_FILE))

    def _node(self, entry: git.TreeEntry, targets: dict[str, bytes], folders: set[str]) -> Node:
        if entry.mode == git.LINK_MODE:
            return self._follow(entry.path, targets, folders)
        return Node(entry.path, NodeKind.FILE if entry.kind == "blob" else NodeKind.OTHER)

    def _follow(self, rel: str, targets: dict[str, bytes], folders: set[str]) -> Node:
        """A link's node by what it leads to, within this revision's tree."""
        current = rel
        for _ in range(_LINK_HOPS):
            entry = self._blobs[current]
            text = targets.get(entry.oid, b"").decode("utf-8", errors="replace")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(current), text))
            if text.startswith("/") or not target.startswith(f"{DATA_DIR}/"):
                return Node(rel, NodeKind.LINK_OUTSIDE, target)
            if target in folders:
                return Node(rel, NodeKind.FOLDER)
            found = self._blobs.get(target)
            if found is None:
                return Node(rel, NodeKind.LINK_MISSING, target)
            if found.mode != git.LINK_MODE:
                self._link_targets[rel] = target
                kind = NodeKind.FILE if found.kind == "blob" else NodeKind.OTHER
                return Node(rel, kind, target=target)
            if found.oid not in targets:
                targets.update(git.read_blobs(self.root, [found.oid]))
            current = target
        return Node(rel, NodeKind.LINK_LOOP)

    def _entry(self, rel: str) -> git.TreeEntry:
        # A record file that is a link was resolved by record_files.
        return self._blobs[self._link_targets.get(rel, rel)]

    def _load(self, entries: list[git.TreeEntry]) -> dict[str, bytes]:
        missing = [e.oid for e in entries if e.oid not in self._content]
        if missing:
            self._content.update(git.read_blobs(self.root, missing))
        return self._content

    def cache_key(self, record_file: RecordFile) -> CacheKey | Problem:
        return ("blob", self._entry(record_file.rel).oid)

    def prefetch(self, files: list[RecordFile]) -> None:
        """Read every file's blob in one `git cat-file --batch`."""
        entries = [self._entry(f.rel) for f in files]
        self._load([e for e in entries if too_large(e.path, e.size) is None])

    def read(self, record_file: RecordFile) -> bytes | Problem:
        entry = self._entry(record_file.rel)
        problem = too_large(record_file.rel, entry.size)
        return problem if problem is not None else self._load([entry])[entry.oid]

    def read_settings(self) -> bytes | Problem | None:
        entry = self._blobs.get(SETTINGS_FILE)
        if entry is None:
            return None
        if entry.kind != "blob" or entry.mode == git.LINK_MODE:
            return unreadable(SETTINGS_FILE, "not a regular file")
        problem = too_large(SETTINGS_FILE, entry.size)
        return problem if problem is not None else self._load([entry])[entry.oid]


def _parents(folder: str) -> Iterator[str]:
    while folder not in ("", "."):
        folder = posixpath.dirname(folder)
        if folder:
            yield folder
