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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Final

from cso_tracker import git
from cso_tracker.errors import ShallowHistoryError
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import DATA_DIR, KINDS, SETTINGS_FILE, RecordFile
from cso_tracker.repo.links import in_data, parents, resolve_link
from cso_tracker.repo.reading import not_a_file, read_file, too_large, unreadable
from cso_tracker.repo.tree import Node, NodeKind, record_files
from cso_tracker.repo.walk import StatKey, stat_key, walk

CacheKey = tuple[int | str, ...]
"""What identifies a file's content for the record cache: its stat on disk,
or its blob id in git."""

_DATA: Final = f"{DATA_DIR}/"
TEMPLATES_DIR: Final = "templates"
"""A group's own report templates, beside data/."""


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

    def settings_key(self) -> CacheKey | None:
        """tracker.yaml's cache key, or None when there is none to read."""
        raise NotImplementedError

    def keyed_record_files(
        self,
    ) -> tuple[list[RecordFile], list[Problem], list[CacheKey | Problem]]:
        """record_files, and each file's cache_key (in the same order)."""
        files, problems = self.record_files()
        return files, problems, [self.cache_key(record_file) for record_file in files]

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

    def _walk(self) -> Iterator[Node]:
        """Every entry as a Node, a regular file too."""
        nodes, files_in = walk(self.root)
        yield from nodes
        yield from (Node(rel, NodeKind.FILE) for _, rels in files_in for rel in rels)

    def keyed_record_files(
        self,
    ) -> tuple[list[RecordFile], list[Problem], list[CacheKey | Problem]]:
        """As Source's, each regular file keyed by the stat the walk took of it."""
        cls = type(self)
        if cls.record_files is not WorkTree.record_files or cls.cache_key is not WorkTree.cache_key:
            # A work tree that lists or keys its own way: the walk's keys are
            # not its keys.
            return super().keyed_record_files()
        taken: dict[str, StatKey] = {}
        files, problems = record_files(self.root, *walk(self.root, taken))
        get = taken.get
        return files, problems, [get(f.rel) or self.cache_key(f) for f in files]

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


# --- a git revision ------------------------------------------------------------------


@dataclass
class Revision(Source):
    """The records as committed at a revision (a commit, tag or branch), read
    from git's objects with one `git ls-tree` and one `git cat-file --batch`
    (and one more for the targets of symbolic links, when data/ holds any):
    nothing is checked out and the work tree is never touched."""

    root: Path
    revision: str
    cache_name: str = "revisions"
    commit: str = field(init=False)
    _blobs: dict[str, git.TreeEntry] = field(init=False, repr=False)
    _folders: set[str] = field(init=False, repr=False)
    _content: dict[str, bytes] = field(default_factory=dict, repr=False)
    _link_text: dict[str, str] = field(default_factory=dict, repr=False)
    _link_targets: dict[str, str] = field(default_factory=dict, repr=False)
    _files: list[RecordFile] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.commit = git.resolve_commit(self.root, self.revision)
        entries = git.ls_tree(self.root, self.commit, (DATA_DIR, SETTINGS_FILE))
        self._blobs = {entry.path: entry for entry in entries}
        folders = {posixpath.dirname(path) for path in self._blobs}
        self._folders = folders | {parent for f in folders for parent in parents(f)}

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        links = [e.oid for e in self._blobs.values() if e.mode == git.LINK_MODE]
        texts = git.read_blobs(self.root, links).items()
        self._link_text = {oid: text.decode("utf-8", errors="replace") for oid, text in texts}
        # Only what is under data/ (ls-tree also lists tracker.yaml, or what a
        # folder of that name holds).
        nodes = [self._node(path) for path in self._blobs if path.startswith(_DATA)]
        nodes += [Node(f, NodeKind.FOLDER) for f in sorted(self._folders) if f.startswith(_DATA)]
        nodes += self._linked_record_folders()
        data = self._blobs.get(DATA_DIR)
        if data is not None and data.mode == git.LINK_MODE:
            # git's tree holds the link, not what it leads to: say so, rather
            # than read no records at all without a word.
            why = "it is a symbolic link, which a revision does not follow"
            nodes.append(Node(DATA_DIR, NodeKind.UNREADABLE, why))
        elif data is not None:  # a file (or a submodule) where the records' folder should be
            nodes.append(Node(DATA_DIR, NodeKind.OTHER))
        self._files, problems = record_files(self.root, nodes)
        return self._files, problems

    def _node(self, rel: str) -> Node:
        """What `rel` is, a link by what it leads to, as the work tree sees it."""
        entry = self._blobs.get(rel)
        if entry is None or entry.mode == git.LINK_MODE:
            failed, path = resolve_link(self.root, self._blobs, self._link_text, rel)
            if failed is not None:
                return Node(rel, failed, path)
            if not in_data(path):
                return Node(rel, NodeKind.LINK_OUTSIDE, path)
            if path in self._folders:
                return Node(rel, NodeKind.FOLDER)
            entry = self._blobs.get(path)
            if entry is None:
                return Node(rel, NodeKind.LINK_MISSING, path)
            self._link_targets[rel] = path
        return Node(rel, NodeKind.FILE if entry.kind == "blob" else NodeKind.OTHER)

    def _linked_record_folders(self) -> list[Node]:
        """The entries of a record folder that is a link to another folder in
        data/, under the link's name: the work tree lists them there."""
        nodes = []
        for kind in KINDS:
            rel = f"{DATA_DIR}/{kind}"
            entry = self._blobs.get(rel)
            if entry is None or entry.mode != git.LINK_MODE:
                continue
            failed, folder = resolve_link(self.root, self._blobs, self._link_text, rel)
            if failed is not None or folder not in self._folders or not in_data(folder):
                continue
            inside = [p for p in (*self._blobs, *self._folders) if p.startswith(f"{folder}/")]
            nodes += [self._node(rel + path[len(folder) :]) for path in sorted(inside)]
        return nodes

    def _entry(self, rel: str) -> git.TreeEntry:
        # A record file that is a link was resolved by record_files.
        return self._blobs[self._link_targets.get(rel, rel)]

    def _load(self, entries: list[git.TreeEntry]) -> dict[str, bytes]:
        missing = [e.oid for e in entries if e.oid not in self._content]
        if missing:
            self._content.update(git.read_blobs(self.root, missing))
        return self._content

    def cache_key(self, record_file: RecordFile) -> CacheKey:
        return ("blob", self._entry(record_file.rel).oid)

    def settings_key(self) -> CacheKey | None:
        entry = self._settings_entry()
        return ("blob", entry.oid) if entry is not None else None

    def prefetch(self, files: list[RecordFile], wanted: Callable[[str, CacheKey], bool]) -> None:
        """Read the blobs of tracker.yaml and of every file `wanted`, in one
        `git cat-file --batch`."""
        entries = [self._entry(f.rel) for f in files if wanted(f.rel, self.cache_key(f))]
        settings = self._settings_entry()
        if settings is not None and wanted(SETTINGS_FILE, ("blob", settings.oid)):
            entries.append(settings)
        self._load([e for e in entries if too_large(e.path, e.size) is None])

    def read(self, record_file: RecordFile) -> bytes | Problem:
        entry = self._entry(record_file.rel)
        problem = too_large(record_file.rel, entry.size)
        if problem is not None:
            return problem
        if entry.oid not in self._content:
            # A file the record cache served, read again for the position of
            # a problem found in it: read every such file now, in one
            # cat-file, and not one cat-file per record with a problem.
            entries = [self._entry(f.rel) for f in self._files]
            self._load([entry, *(e for e in entries if too_large(e.path, e.size) is None)])
        return self._content.get(entry.oid, _bad_object(record_file.rel, entry))

    def describe(self) -> str:
        commit = git.short(self.commit)
        return commit if self.commit.startswith(self.revision) else f"{self.revision} ({commit})"

    def data_version(self) -> git.Version:
        """The last commit up to this one that changed the records: what a
        report from a clean checkout of this commit says."""
        found = git.version_at(self.root, self.commit)
        if found.cut:
            raise ShallowHistoryError(self.revision, git.short(self.commit))
        return found

    def templates(self) -> dict[str, str]:
        """templates/ as committed here (regular files only): a report at a
        revision is rendered as a clean checkout of it would render it."""
        entries = git.ls_tree(self.root, self.commit, (TEMPLATES_DIR,))
        files = [e for e in entries if e.kind == "blob" and e.mode != git.LINK_MODE]
        blobs = git.read_blobs(self.root, [e.oid for e in files])
        prefix = f"{TEMPLATES_DIR}/"
        return {e.path.removeprefix(prefix): blobs[e.oid].decode("utf-8", "replace") for e in files}

    def _settings_entry(self) -> git.TreeEntry | None:
        entry = self._blobs.get(SETTINGS_FILE)
        ok = entry is not None and entry.kind == "blob" and entry.mode != git.LINK_MODE
        return entry if ok else None

    def read_settings(self) -> bytes | Problem | None:
        if SETTINGS_FILE not in self._blobs:
            inside = f"{SETTINGS_FILE}/"
            if any(path.startswith(inside) for path in self._blobs):
                return unreadable(SETTINGS_FILE, "a folder, not a file, so no settings are read")
            return None
        entry = self._settings_entry()
        if entry is None:
            return unreadable(SETTINGS_FILE, "not a regular file")
        problem = too_large(SETTINGS_FILE, entry.size)
        if problem is not None:
            return problem
        return self._load([entry]).get(entry.oid, _bad_object(SETTINGS_FILE, entry))


def _bad_object(rel: str, entry: git.TreeEntry) -> Problem:
    return unreadable(rel, f"git cannot read its object {entry.oid[:12]} (missing, unreadable or "
                           "corrupt); `git fsck` says more")  # fmt: skip
