"""Which files under data/ are records, and a problem for every file that
would otherwise be silently skipped.

A source (the work tree, or a git revision) describes what it holds as
`Node`s; `record_files` applies the one set of layout rules to them, so a
record folder reads the same at any revision as on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Final, NamedTuple

from cso_tracker.errors import did_you_mean
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import (
    DATA_DIR,
    KINDS,
    RECORD_FOLDERS,
    RECORD_SUFFIX,
    UPDATES,
    RecordFile,
    is_yaml_name,
)
from cso_tracker.vocabulary import is_slug


class NodeKind(Enum):
    FILE = "file"
    FOLDER = "folder"
    OTHER = "other"
    """Neither a file nor a folder: a FIFO, a socket, a git submodule."""
    LINK_LOOP = "link-loop"
    LINK_OUTSIDE = "link-outside"
    LINK_MISSING = "link-missing"
    UNREADABLE = "unreadable"
    """A folder that cannot be listed; `detail` says why."""


class Node(NamedTuple):
    """One entry under data/. A symbolic link that leads to something inside
    data/ is described by what it leads to; `detail` names the target of a
    link that leads nowhere or outside. (A named tuple: a walk makes one
    per file, and a frozen dataclass cost twice as much to build.)"""

    rel: str
    """Relative to the root, with forward slashes: `data/commitments/x.yaml`."""
    kind: NodeKind
    detail: str = ""
    target: str | None = None
    """For a link that resolves inside data/: the target's rel (a revision
    reads that blob; the work tree simply follows the link)."""


def _unreadable(rel: str, what: str) -> Problem:
    return Problem(rel, 1, 1, Severity.ERROR, f"cannot read: {what}", "file-unreadable")


def _link_problem(node: Node) -> Problem | None:
    """The problem of a link that leads nowhere, or out of data/."""
    if node.kind is NodeKind.LINK_LOOP:
        return _unreadable(node.rel, "symbolic link that loops back on itself")
    if node.kind is NodeKind.LINK_OUTSIDE:
        return Problem(node.rel, 1, 1, Severity.ERROR,
                       f"symbolic link to {node.detail}, outside {DATA_DIR}/; "
                       "records must live in the repository", "file-symlink")  # fmt: skip
    if node.kind is NodeKind.LINK_MISSING:
        return _unreadable(node.rel, f"symbolic link to {node.detail}, which does not exist")
    return None


def _record_folder(node: Node, kind: str) -> Problem | None:
    """A record folder (data/members...) that is not a folder its records
    can be read from: every record in it would be missing without a word."""
    if node.kind is NodeKind.FOLDER:
        return None
    problem = _link_problem(node)
    if problem is None:
        problem = _unreadable(node.rel, f"not a folder, so no {kind} are read from it")
    return problem


def _record_entry(node: Node, name: str) -> str | Problem | None:
    """A node directly inside a record folder (`name` the last part of its
    rel): the rel of a record file, a problem, or None for a file the
    tracker ignores (not named like a record)."""
    rel = node.rel
    if node.kind is NodeKind.FILE and name.endswith(RECORD_SUFFIX):  # nearly every file
        return rel
    if is_yaml_name(name) and not name.endswith(RECORD_SUFFIX):
        stem = name[: name.rindex(".")]
        return Problem(rel, 1, 1, Severity.ERROR,
                       f"record files end in {RECORD_SUFFIX}; rename to {stem}{RECORD_SUFFIX}",
                       "file-suffix")  # fmt: skip
    if not name.endswith(RECORD_SUFFIX):
        return None
    problem = _link_problem(node)
    if problem is not None:
        return problem
    if node.kind is not NodeKind.FILE:
        what = "a folder" if node.kind is NodeKind.FOLDER else "not a regular file"
        return _unreadable(rel, f"{what}, named like a record file")
    return rel


def location(base: str, rel: str) -> str:
    """Where the file `rel` is on disk, as text: `base` is the root as text,
    ending in a separator."""
    # Text, not `root / rel`: a Path per file cost more than the rest of
    # listing it (40,000 files at 10,000 commitments).
    return base + (rel if os.sep == "/" else rel.replace("/", os.sep))


def _stray(node: Node, parts: tuple[str, ...]) -> Problem | None:
    """A YAML file outside the record folders (or in a subfolder of one)."""
    name = parts[-1]
    if node.kind is NodeKind.FOLDER or not is_yaml_name(name):
        return None
    if parts[0] == UPDATES:
        if len(parts) == 2:
            why = (f"updates live in a folder named after their commitment: "
                   f"{DATA_DIR}/{UPDATES}/<commitment-id>/{name}")  # fmt: skip
        elif is_yaml_name(parts[2]):
            return None  # inside a folder named like an update: that folder is reported
        else:
            why = (
                f"updates are not read from subfolders; move it to {DATA_DIR}/{UPDATES}/{parts[1]}/"
            )
    elif parts[0] in KINDS:
        if is_yaml_name(parts[1]):
            return None  # inside a folder named like a record: that folder is reported
        why = f"records are not read from subfolders; move it to {DATA_DIR}/{parts[0]}/"
    elif len(parts) == 1:
        why = f"records live in {RECORD_FOLDERS}, not in {DATA_DIR}/ itself"
    else:
        guess = did_you_mean(parts[0], KINDS)
        why = (
            f"{DATA_DIR}/{parts[0]}/ is not a record folder"
            f"{guess + ' ' if guess else '; '}records live in {RECORD_FOLDERS}"
        )
    return Problem(node.rel, 1, 1, Severity.ERROR, f"not read: {why}", "file-location")


FilesIn = tuple[str, list[str]]
"""A folder's rel and the rels of the regular files directly in it, none of
them hidden: nodes of kind FILE that a source need not make one by one."""


RecordRel = tuple[str, str]
"""A record file by its kind and rel: what a RecordFile is made of (its
location is the root's, then the rel)."""


def record_files(
    root: Path, nodes: Iterable[Node], files_in: Iterable[FilesIn] = ()
) -> tuple[list[RecordFile], list[Problem]]:
    """The record files among `nodes` and the files of `files_in` (in the
    order of KINDS, then by name), and a problem for each that is named like
    a record but will not be read: a wrong suffix, a link leading out of data/
    or nowhere, a folder or other non-file named like a record, a YAML file
    outside the record folders, a record folder that is not a folder, a
    folder that cannot be listed."""
    rels, problems = record_rels(nodes, files_in)
    return record_files_of(root_base(root), rels), problems


def root_base(root: Path) -> str:
    """The root as text, with one separator after it."""
    return os.path.join(root, "")  # noqa: PTH118 - text, once per scan


def record_files_of(base: str, rels: Iterable[RecordRel]) -> list[RecordFile]:
    """The RecordFile of each (kind, rel), the root being `base` (root_base)."""
    if os.sep == "/":
        return [RecordFile(kind, base + rel, rel) for kind, rel in rels]
    return [RecordFile(kind, location(base, rel), rel) for kind, rel in rels]


def record_rels(
    nodes: Iterable[Node], files_in: Iterable[FilesIn] = ()
) -> tuple[list[RecordRel], list[Problem]]:
    """record_files, each record file by its kind and rel: a scan answered
    from a stored verdict never needs more of them (a RecordFile each cost a
    warm `validate` 0.02-0.04 s at 10,000 commitments)."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    problems: list[Problem] = []
    # The fast path: a file named like a record, directly in a folder whose
    # files _general reads as records of one kind (which kind, or None, is
    # asked of each folder once). Its answer is _general's for such a node;
    # every other node is _general's to judge.
    folders: dict[str, str | None] = {}
    file_kind, folder_kind, updates = NodeKind.FILE, NodeKind.FOLDER, f"{DATA_DIR}/{UPDATES}"
    for node in nodes:
        folder, _, name = node.rel.rpartition("/")
        if folder == updates and node.kind is folder_kind:
            continue  # a commitment's folder of updates (one per commitment): nothing to say
        kind = folders.get(folder, _UNASKED)
        if kind is _UNASKED:
            kind = folders[folder] = _records_in(folder)
        if (
            kind is not None
            and node.kind is file_kind
            and name.endswith(RECORD_SUFFIX)
            and not name.startswith(".")
        ):
            found[kind].append(node.rel)
        else:
            _general(node, found, problems)
    for folder, rels in files_in:
        _files_in(folder, rels, found, problems)
    return [(kind, rel) for kind in KINDS for rel in sorted(found[kind])], problems


def _files_in(
    folder: str, rels: list[str], found: dict[str, list[str]], problems: list[Problem]
) -> None:
    """The fast path for the regular files of one folder (their rels)."""
    kind = _records_in(folder)
    if kind is None:
        for rel in rels:
            _general(Node(rel, NodeKind.FILE), found, problems)
        return
    start = len(folder) + 1
    named = [rel for rel in rels if rel.endswith(RECORD_SUFFIX) and not rel.startswith(".", start)]
    found[kind].extend(named)
    if len(named) == len(rels):  # nearly always
        return
    for rel in rels:
        if not rel.endswith(RECORD_SUFFIX) or rel.startswith(".", start):  # hidden, or no record
            _general(Node(rel, NodeKind.FILE), found, problems)


_UNASKED: Final = "?"
"""Not a kind: a folder whose kind of records was not asked yet."""


def _records_in(folder: str) -> str | None:
    """The kind of the records that the files directly in `folder` are, when
    _general reads every file there named like a record (not hidden) as one:
    data/members, data/meetings, data/commitments and data/updates/<any
    folder that is not hidden>. None for any other folder."""
    top, _, kind = folder.partition("/")
    if top != DATA_DIR:
        return None
    if kind in KINDS and kind != UPDATES:
        return kind
    updates, _, commitment = kind.partition("/")
    if updates == UPDATES and commitment and "/" not in commitment and commitment[0] != ".":
        return UPDATES
    return None


def _general(node: Node, found: dict[str, list[str]], problems: list[Problem]) -> None:
    """The rules for any node: a record file is added to `found`, a problem to `problems`."""
    if node.kind is NodeKind.UNREADABLE:
        problems.append(_unreadable(node.rel, f"cannot list the folder: {node.detail}"))
        return
    if node.rel == DATA_DIR:  # listed only when it is not a folder
        problem = _link_problem(node)
        problems.append(problem or _unreadable(DATA_DIR, "not a folder, so no records are read"))
        return
    inside = node.rel.removeprefix(f"{DATA_DIR}/")
    if inside.startswith(".") or "/." in inside:  # a part of it is hidden
        return
    parts = tuple(inside.split("/"))
    if (
        parts[0] == UPDATES
        and len(parts) == 2
        and (node.kind is not NodeKind.FILE or is_slug(parts[1]))
    ):
        problem = _record_folder(node, "updates")
        if problem is not None:
            problems.append(problem)
    elif len(parts) == (3 if parts[0] == UPDATES else 2) and parts[0] in KINDS:
        entry = _record_entry(node, parts[-1])
        if isinstance(entry, str):
            found[parts[0]].append(entry)
        elif entry is not None:
            problems.append(entry)
    elif len(parts) == 1 and parts[0] in KINDS:
        folder = _record_folder(node, parts[0])
        if folder is not None:
            problems.append(folder)
    else:
        stray = _stray(node, parts)
        if stray is not None:
            problems.append(stray)
