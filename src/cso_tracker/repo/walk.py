"""The work tree's data/, listed for tree.record_files: its regular files
folder by folder (tree.FilesIn), every other entry as a tree.Node, and each
regular file's stat taken on the way.

A scan keys every record file by its stat (repo/scan.py). Taken from the
listing's own entry (DirEntry.stat), it needs no second pass that builds
each file's path and stats it again (at 10,000 commitments that pass took
0.2 s; the stats in the walk, 0.15 s). Listing by the folder's descriptor
(fstatat relative to it) was tried and gained nothing measurable.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from stat import S_ISREG

from cso_tracker.repo.layout import DATA_DIR, KINDS, relative
from cso_tracker.repo.tree import FilesIn, Node, NodeKind

StatKey = tuple[int, int, int, int]
"""A file's size, mtime_ns, ctime_ns and inode: what os.stat says of it."""


def stat_key(stat: os.stat_result) -> StatKey:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def walk(root: Path, keys: dict[str, StatKey] | None = None) -> tuple[list[Node], list[FilesIn]]:
    """Every entry under data/ but hidden ones (and what is inside them), a
    link by what it leads to: each regular file (not a link) among the
    FilesIn of its folder, every other entry as a Node. With `keys`, the
    stat key of each regular file is put there under its rel, as os.stat
    would give it; a file missing from `keys` (it vanished, or became a link,
    between being listed and its stat) is left for the caller to stat."""
    # os.scandir and plain strings, not pathlib: on 10,000 files a Path
    # per entry costs more than listing them.
    data = root / DATA_DIR
    try:
        resolved = (root.resolve(), data.resolve())
    except (OSError, RuntimeError):  # data/ is a link loop: listing it says so below
        resolved = (root.resolve(), data)
    nodes: list[Node] = []
    files_in: list[FilesIn] = []
    pending: list[tuple[str, str]] = [(str(data), DATA_DIR)]
    while pending:
        folder, folder_rel = pending.pop()
        entries = _listing(folder, folder_rel)
        if isinstance(entries, Node):
            nodes.append(entries)
            continue
        rels: list[str] = []
        files_in.append((folder_rel, rels))
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{folder_rel}/{name}"
            if entry.is_file(follow_symlinks=False):  # nearly all: known from the listing
                rels.append(rel)
                if keys is not None:
                    try:
                        stat = entry.stat(follow_symlinks=False)
                    except OSError:  # gone since the listing: the caller's own stat says why
                        continue
                    # A regular file's lstat is its stat; anything else (a
                    # link put there since the listing) is left to a stat
                    # that follows links.
                    if S_ISREG(stat.st_mode):
                        keys[rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                continue
            node = _node(entry, rel, *resolved)
            nodes.append(node)
            top_level_kind = folder_rel == DATA_DIR and name in KINDS
            if node.kind is NodeKind.FOLDER and (top_level_kind or not entry.is_symlink()):
                pending.append((entry.path, rel))
    return nodes, files_in


def _listing(folder: str, folder_rel: str) -> list[os.DirEntry[str]] | Node:
    """The entries of `folder`, or the node that says why it has none to give."""
    try:
        with os.scandir(folder) as scan:
            return list(scan)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        # A record folder that is not one is listed as such; data/ is only
        # listed here.
        return Node(DATA_DIR, NodeKind.OTHER) if folder_rel == DATA_DIR else []
    except OSError as exc:  # a folder that cannot be listed hides its records
        return Node(folder_rel, NodeKind.UNREADABLE, str(exc.strerror))


def _node(entry: os.DirEntry[str], rel: str, root: Path, data: Path) -> Node:
    """`root` and `data` resolved: a link's target is shown relative to the
    root (as a revision shows it), or as an absolute path outside it."""
    if entry.is_symlink():
        link = _follow_link(Path(entry.path), data)
        if link is not None:
            kind, target = link
            return Node(rel, kind, relative(root, target) if target is not None else "")
    try:
        if entry.is_dir():
            return Node(rel, NodeKind.FOLDER)
        return Node(rel, NodeKind.FILE if entry.is_file() else NodeKind.OTHER)
    except OSError:  # cannot stat it: let reading it say why
        return Node(rel, NodeKind.FILE)


def _follow_link(path: Path, data: Path) -> tuple[NodeKind, Path | None] | None:
    """What is wrong with the link at `path`, as the kernel follows it (`data`
    resolved): a loop, a target outside `data`, or one that does not exist;
    None when it leads to something inside `data`. The target is judged by
    where it is before whether it exists, as a revision judges it."""
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop: 3.11 raises RuntimeError, 3.13 OSError
        return NodeKind.LINK_LOOP, None
    if not target.is_relative_to(data):
        return NodeKind.LINK_OUTSIDE, target
    try:
        target.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return NodeKind.LINK_LOOP, None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return NodeKind.LINK_MISSING, target
    return None
