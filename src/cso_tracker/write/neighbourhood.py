"""What a new progress update can change the verdict of, so that `tracker
update` checks it without loading every record.

The write guard (write/guard.py) refuses a change by comparing the problems
of the records before it with those after it. A new update file of
commitment C is read by the rules (checks/rules.py) only together with:
C and its other updates (history, corrections, the status and due date
they make), the members (who gave it, which person, when they left),
tracker.yaml (whether non-owners may give updates) and the meetings (the
one that agreed C). Every other problem is made of records the update does
not change, so it is there before and after alike, and the comparison
gives the same answer on these records as on all of them.

One rule counts beyond them: a member that owns open commitments but has
no focal point is warned (no-focal-point) only while it owns any, which
C's new status may change; when an owner of C has no current focal point,
every record is loaded. REVIEWED names the rules this was worked out for:
a test fails when one is added, so that its author reviews this module.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG
from typing import Final

from cso_tracker.repo.layout import DATA_DIR, RECORD_SUFFIX, UPDATES
from cso_tracker.repo.load import load
from cso_tracker.repo.repository import Repository
from cso_tracker.repo.scan import Scan
from cso_tracker.repo.source import WorkTree
from cso_tracker.repo.tree import Node, NodeKind, record_files
from cso_tracker.vocabulary import is_slug

REVIEWED: Final = frozenset({
    "check_commitment_references", "check_update_references", "check_meeting_references",
    "check_handles", "check_settings_references", "check_shared_ids", "check_identity",
    "check_acronyms", "check_update_history", "check_commitment_due", "check_dates",
    "check_agreeing_meeting", "check_completeness", "check_membership",
})  # fmt: skip
"""The rules of checks/rules.py whose problems are made only of the records
`near_update` loads, whenever a new update could change them."""


def near_update(root: Path, commitment_id: str) -> Repository | None:
    """tracker.yaml, every member and meeting, the commitment `commitment_id`
    and its updates; None when every record is needed: no commitment's file
    has that name (a beginning of an id is looked up among all), one of
    those folders holds anything but files, the commitment did not load, or
    an owner of it has no current focal point."""
    if not is_slug(commitment_id):
        return None
    commitment_rel = f"{DATA_DIR}/commitments/{commitment_id}{RECORD_SUFFIX}"
    nodes = [Node(commitment_rel, NodeKind.FILE)]
    try:
        mode = os.lstat(root / commitment_rel).st_mode
    except OSError:  # not there, or its folder cannot be searched: said in full
        return None
    if not S_ISREG(mode):
        return None
    for folder in ("members", "meetings", f"{UPDATES}/{commitment_id}"):
        listed = _files_in(
            root, f"{DATA_DIR}/{folder}", required=folder != f"{UPDATES}/{commitment_id}"
        )
        if listed is None:
            return None
        nodes.extend(listed)
    files, problems = record_files(root, nodes)
    source = WorkTree(root)
    keys = [source.cache_key(record_file) for record_file in files]
    repository = load(source, use_cache=False, scanned=Scan.of(source, files, problems, keys))
    commitment = repository.commitments.get(commitment_id)
    if commitment is None:
        return None
    for owner in commitment.owners:
        member = repository.members.get(owner)
        if member is not None and not member.focal_points and member.left is None:
            return None
    return repository


def _files_in(root: Path, rel: str, *, required: bool) -> list[Node] | None:
    """The files in the folder `rel`; None when it is missing (and
    `required`), cannot be listed, or holds anything else (a link, a
    folder, a FIFO): those have problems of their own, said in full."""
    try:
        with os.scandir(root / rel) as entries:
            listed = list(entries)
    except FileNotFoundError:
        return None if required else []
    except OSError:
        return None
    nodes = []
    for entry in listed:
        if entry.name.startswith("."):
            continue
        if not entry.is_file(follow_symlinks=False):
            return None
        nodes.append(Node(f"{rel}/{entry.name}", NodeKind.FILE))
    return nodes
