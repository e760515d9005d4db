"""A source of records (repo/source.py): the records as committed at a git
revision, read from git's objects; nothing is checked out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cso_tracker import git
from cso_tracker.errors import ShallowHistoryError
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import DATA_DIR, KINDS, SETTINGS_FILE, RecordFile
from cso_tracker.repo.links import in_data, parents, resolve_link
from cso_tracker.repo.reading import too_large, unreadable
from cso_tracker.repo.source import _DATA, TEMPLATES_DIR, CacheKey, Source
from cso_tracker.repo.tree import (
    Node,
    NodeKind,
    RecordRel,
    record_files_of,
    record_rels,
    root_base,
)


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
    _rels: list[str] = field(default_factory=list, repr=False)
    """The rels of the record files listed."""

    def __post_init__(self) -> None:
        self.commit = git.resolve_commit(self.root, self.revision)
        entries = git.ls_tree(self.root, self.commit, (DATA_DIR, SETTINGS_FILE))
        self._blobs = {entry.path: entry for entry in entries}
        # rpartition, not posixpath.dirname: a third of the cost, 40,000 times
        folders = {path.rpartition("/")[0] for path in self._blobs}
        self._folders = folders | {parent for f in folders for parent in parents(f)}

    def record_files(self) -> tuple[list[RecordFile], list[Problem]]:
        rels, problems = self._record_rels()
        return record_files_of(root_base(self.root), rels), problems

    def keyed_records(
        self,
    ) -> tuple[list[RecordRel], list[Problem], list[CacheKey | Problem], list[RecordFile] | None]:
        """As Source's, each file keyed by its blob, and no RecordFile made."""
        rels, problems = self._record_rels()
        return rels, problems, [("blob", self._entry(rel).oid) for _, rel in rels], None

    def _record_rels(self) -> tuple[list[RecordRel], list[Problem]]:
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
        rels, problems = record_rels(nodes)
        self._rels = [rel for _, rel in rels]
        return rels, problems

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
            entries = [self._entry(rel) for rel in self._rels]
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
