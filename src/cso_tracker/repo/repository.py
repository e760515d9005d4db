"""The loaded records of a tracker: what a source held that passed its
schema, the files they came from, and every problem found on the way.

Problems of cross-record rules are placed with `problem()`: positions are
computed from the same bytes the source returned, only for records that
have a problem, so a clean registry never pays for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cso_tracker.errors import RecordNotFoundError, did_you_mean
from cso_tracker.models import (
    Commitment,
    CommitmentFile,
    FileRecord,
    Meeting,
    Member,
    Record,
    Settings,
    Update,
    UpdateFile,
    with_updates,
)
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import (
    KIND_SINGULAR,
    RECORD_KINDS,
    SETTINGS_FILE,
    UPDATES,
    RecordFile,
)
from cso_tracker.repo.names import members_named
from cso_tracker.repo.parse import positions_of
from cso_tracker.repo.source import Source
from cso_tracker.yaml.positions import Positions


@dataclass
class Repository:
    """Every record that loaded and passed its schema, plus every problem found
    on the way. Records that failed are absent from the dicts."""

    source: Source
    settings: Settings
    members: dict[str, Member] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    """Each commitment with its updates applied (see models.with_updates)."""
    updates: dict[str, Update] = field(default_factory=dict)
    """`<commitment-id>/<file stem>` -> every update that loaded, whether or
    not its commitment did."""
    files: dict[tuple[str, str], RecordFile] = field(default_factory=dict)
    """(kind, id) -> the file the record came from (an update's id is
    `<commitment-id>/<file stem>`)."""
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    unloaded: set[tuple[str, str]] = field(default_factory=set)
    """(kind, file stem) of record files that exist but did not load. Their
    own problems say why; references to them are not reported again."""
    contents: dict[str, bytes] = field(default_factory=dict, repr=False)
    """rel -> the bytes read in this run (files served by the cache are not
    here: their positions are read from the source when a problem needs them)."""
    fingerprint: str | None = None
    """The scan's (repo/scan.py) of the records as loaded, when the cache is
    in use: what a verdict on them is stored under."""
    changed: bool = False
    """Whether `replace` has changed a record since loading (the verdict
    stored under the fingerprint is then not this repository's)."""
    _positions: dict[str, Positions] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.source.root

    def exists(self, kind: str, record_id: str) -> bool:
        """A record of that id loaded, or its file is there but broken."""
        return record_id in self.records(kind) or (kind, record_id) in self.unloaded

    def records(self, kind: str) -> dict[str, Any]:
        if kind == "members":
            return self.members
        if kind == "meetings":
            return self.meetings
        if kind == UPDATES:
            return self.updates
        return self.commitments

    def updates_of(self, commitment_id: str) -> list[Update]:
        prefix = f"{commitment_id}/"
        return [u for key, u in self.updates.items() if key.startswith(prefix)]

    def apply_updates(self, commitment_id: str | None = None) -> None:
        """Derive each commitment (or the one named) from its file and its
        updates: called once records are loaded, and after a change."""
        if commitment_id is not None:
            commitment = self.commitments[commitment_id]
            self.commitments[commitment_id] = with_updates(
                commitment, self.updates_of(commitment_id)
            )
            return
        by_commitment: dict[str, list[Update]] = {}
        for update in self.updates.values():
            by_commitment.setdefault(update.commitment, []).append(update)
        for cid, commitment in self.commitments.items():
            self.commitments[cid] = with_updates(commitment, by_commitment.get(cid, ()))

    def file_of(self, kind: str, record_id: str) -> RecordFile:
        return self.files[(kind, record_id)]

    def position(
        self, kind: str, record_id: str, loc: Sequence[str | int], *, key: bool = False
    ) -> tuple[int, int]:
        """Line and column of a field of a loaded record."""
        record_file = self.files[(kind, record_id)]
        positions = self._positions.get(record_file.rel)
        if positions is None:
            data = self.contents.get(record_file.rel)
            if data is None:
                read = self.source.read(record_file)
                data = read if isinstance(read, bytes) else b""
            positions = positions_of(data) if data else Positions()
            self._positions[record_file.rel] = positions
        return positions.of(tuple(loc), key=key)

    def replace(
        self, record_file: RecordFile, record: FileRecord, data: bytes
    ) -> Record | Update | None:
        """Put `record`, read from `data`, in place of the record of its file
        (the write path checks a change before anything is written), derive
        its commitment again, and return what it replaced (see `restore`)."""
        kind, record_id = record_file.kind, record_file.record_id
        self.changed = True
        table = self.records(kind)
        old: Record | Update | None = table.get(record_id)
        if isinstance(record, CommitmentFile):
            record = with_updates(record, self.updates_of(record_id))
        elif isinstance(record, UpdateFile):
            record = Update.placed(record, *record_file.update_place)
        table[record_id] = record
        self.files[(kind, record_id)] = record_file
        self.contents[record_file.rel] = data
        self._positions.pop(record_file.rel, None)
        if isinstance(record, Update) and record.commitment in self.commitments:
            self.apply_updates(record.commitment)
        return old

    def restore(self, record_file: RecordFile, old: Record | Update | None) -> None:
        """Undo `replace`: put back `old`, or remove the record it added."""
        kind, record_id = record_file.kind, record_file.record_id
        if old is None:
            del self.records(kind)[record_id], self.files[(kind, record_id)]
        else:
            self.records(kind)[record_id] = old
        if kind == UPDATES:
            commitment = record_file.update_place[0]
            if commitment in self.commitments:
                self.apply_updates(commitment)

    def problem(
        self,
        kind: str,
        record_id: str,
        loc: Sequence[str | int],
        severity: Severity,
        message: str,
        rule: str,
        *,
        key: bool = False,
    ) -> Problem:
        line, column = self.position(kind, record_id, loc, key=key)
        return Problem(self.file_of(kind, record_id).rel, line, column, severity, message, rule)

    def settings_problem(
        self, loc: Sequence[str | int], severity: Severity, message: str, rule: str
    ) -> Problem:
        """A problem of a cross-record rule about a setting, placed in tracker.yaml."""
        read = self.source.read_settings()
        positions = positions_of(read) if isinstance(read, bytes) else Positions()
        line, column = positions.of(tuple(loc))
        return Problem(SETTINGS_FILE, line, column, severity, message, rule)

    def find(self, record_id: str, *, kinds: Sequence[str] = RECORD_KINDS) -> tuple[str, Record]:
        """A record of any kind (or of `kinds`) by id, a member's acronym or
        id in any case, or a unique id prefix."""
        what = KIND_SINGULAR[kinds[0]] if len(kinds) == 1 else "record"
        exact = [(k, self.records(k)[record_id]) for k in kinds if record_id in self.records(k)]
        if len(exact) == 1:
            return exact[0]
        named = members_named(self.members, record_id) if "members" in kinds else []
        if not exact and len(named) == 1:  # a member by its acronym, or its id in capitals
            return "members", self.members[named[0]]
        candidates = [
            (k, r) for k in kinds for i, r in self.records(k).items() if i.startswith(record_id)
        ]
        if len(exact) > 1:
            candidates = exact
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = ", ".join(sorted(f"{r.id} ({KIND_SINGULAR[k]})" for k, r in candidates))
            raise RecordNotFoundError(f"'{record_id}' is ambiguous: it matches {names}",
                                      hint="give more of the id")  # fmt: skip
        every = [i for k in kinds for i in self.records(k)]
        suggestion = did_you_mean(record_id, every, most=3).removeprefix("; ")
        raise RecordNotFoundError(
            f"no {what} with id '{record_id}'",
            hint=suggestion
            or "`tracker list`, `tracker members` and `tracker meetings` show the ids",
        )

    def require(self, kind: str, record_id: str) -> Record:
        """The record (kind, record_id), or RecordNotFoundError with close ids."""
        record = self.records(kind).get(record_id)
        if record is None:
            suggestion = did_you_mean(record_id, self.records(kind), most=3)
            raise RecordNotFoundError(
                f"no {KIND_SINGULAR[kind]} with id '{record_id}'",
                hint=suggestion.removeprefix("; ") or None,
            )
        assert isinstance(record, Member | Meeting | Commitment)
        return record
