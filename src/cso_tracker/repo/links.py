"""Following symbolic links inside a git revision's tree, as the kernel
follows them on disk, so that a revision lists the same records as a
checkout of it (repo/source.py's Revision)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

from cso_tracker import git
from cso_tracker.repo.layout import DATA_DIR
from cso_tracker.repo.tree import NodeKind

_LINK_HOPS: Final = 40  # as many as Linux follows before ELOOP
_DATA: Final = f"{DATA_DIR}/"


def resolve_link(
    root: Path, blobs: Mapping[str, git.TreeEntry], link_text: Mapping[str, str], rel: str
) -> tuple[NodeKind | None, str]:
    """Where `rel` leads in a tree (`blobs` by path, `link_text` by a link's
    blob id), following links component by component as the kernel does:
    (None, the path it leads to, relative to the root), (LINK_OUTSIDE, an
    absolute path) or (LINK_LOOP, "")."""
    top = root.resolve().as_posix()
    done: list[str] = []
    todo = rel.split("/")[::-1]
    hops = 0
    while todo:
        part = todo.pop()
        if part == ".." and not done:  # up out of the root
            return NodeKind.LINK_OUTSIDE, _joined(top, "..", *todo[::-1])
        entry = blobs.get("/".join((*done, part)))
        if entry is None or entry.mode != git.LINK_MODE:
            if part == "..":
                done.pop()
            elif part not in ("", "."):
                done.append(part)
            continue
        hops += 1
        if hops > _LINK_HOPS:
            return NodeKind.LINK_LOOP, ""
        text = link_text.get(entry.oid)
        if text is None:  # git cannot read the link itself
            return NodeKind.LINK_MISSING, f"{rel} (a link whose object git cannot read)"
        if text.startswith("/"):  # back inside the root, or outside it
            inside = posixpath.relpath(posixpath.normpath(text), top)
            if inside == ".." or inside.startswith("../"):
                return NodeKind.LINK_OUTSIDE, _joined(text, *todo[::-1])
            done, text = [], inside
        todo.extend(text.split("/")[::-1])
    return None, "/".join(done)


def _joined(*parts: str) -> str:
    return posixpath.normpath("/".join(parts))


def in_data(path: str) -> bool:
    return path == DATA_DIR or path.startswith(_DATA)


def parents(folder: str) -> Iterator[str]:
    while folder not in ("", "."):
        folder = posixpath.dirname(folder)
        if folder:
            yield folder
