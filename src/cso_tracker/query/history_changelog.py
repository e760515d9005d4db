"""A changelog: the semantic changes between two commits, and the same
changes grouped by record under the id each record ends with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from cso_tracker.git import CommitInfo
from cso_tracker.query.history_diff import RecordChange

KIND_ORDER: Final = ("commitment", "member", "meeting", "settings")


@dataclass(frozen=True)
class RecordGroup:
    """The changes of one record, oldest first, under its latest id."""

    kind: str
    record_id: str
    title: str | None
    changes: tuple[RecordChange, ...]


@dataclass(frozen=True)
class Changelog:
    since: CommitInfo | None
    """None: from the first commit."""
    until: CommitInfo
    commits: tuple[CommitInfo, ...]
    """Every commit in the range that touched the records, oldest first."""
    changes: tuple[RecordChange, ...]
    titles: dict[tuple[str, str], str]
    """(kind, id) -> the record's latest title (a member's name)."""
    renamed: dict[tuple[str, str], str]
    """(kind, an earlier id) -> the id it goes by at the end of the range."""

    def final_id(self, change: RecordChange) -> str:
        return self.renamed.get((change.kind, change.record_id), change.record_id)

    def groups(self) -> list[RecordGroup]:
        """The changes grouped by record: commitments, members, meetings, settings."""
        found: dict[tuple[str, str], list[RecordChange]] = {}
        for change in self.changes:
            found.setdefault((change.kind, self.final_id(change)), []).append(change)
        order = sorted(found, key=lambda key: (KIND_ORDER.index(key[0]), key[1]))
        return [RecordGroup(kind, rid, self.titles.get((kind, rid)), tuple(found[(kind, rid)]))
                for kind, rid in order]  # fmt: skip


def final_ids(renames: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(kind, old id) -> the id the record ends with, following chains."""
    found: dict[tuple[str, str], str] = {}
    for kind, old, new in renames:
        for key, value in list(found.items()):
            if key[0] == kind and value == old:
                found[key] = new
        found[(kind, old)] = new
    return found
