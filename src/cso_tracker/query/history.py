"""The semantic changelog between two commits: what each commit did to each
record, from one `git log --raw` over the range and one `git cat-file
--batch` for every blob it names, applied commit by commit to a running
snapshot that starts from the records at the first commit (so the status
before an update, or the title of a removed record, is known)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cso_tracker import git
from cso_tracker.git import CommitInfo, FileChange
from cso_tracker.models import (
    RECORD_MODELS,
    Commitment,
    CommitmentFile,
    Meeting,
    Member,
    Settings,
    Update,
    with_updates,
)
from cso_tracker.query.history_diff import (
    Emit,
    RecordChange,
    UpdateFiles,
    commitment_changes,
    meeting_added,
    meeting_changes,
    member_changes,
    settings_changes,
)
from cso_tracker.repo.layout import DATA_DIR, KIND_SINGULAR, SETTINGS_FILE, UPDATES, record_kind
from cso_tracker.repo.parse import parse_record, parse_settings
from cso_tracker.repo.repository import Repository

HISTORY_PATHS: Final = (DATA_DIR, SETTINGS_FILE)
_SKIPPED_MODES: Final = frozenset({git.LINK_MODE, "160000"})  # links and submodules


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


@dataclass
class Snapshot:
    """The records at one commit, as the walk needs them: by file stem."""

    settings: Settings = field(default_factory=Settings)
    commitments: dict[str, CommitmentFile] = field(default_factory=dict)
    updates: dict[str, dict[str, Update]] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)

    @classmethod
    def of(cls, repository: Repository) -> Snapshot:
        snapshot = cls(settings=repository.settings)
        for (kind, record_id), record_file in repository.files.items():
            if kind == UPDATES:
                cid, name = record_file.update_place
                snapshot.updates.setdefault(cid, {})[name] = repository.updates[record_id]
            elif kind == "commitments":
                c = repository.commitments[record_id]
                values = {n: getattr(c, n) for n in CommitmentFile.model_fields}
                agreed = CommitmentFile.model_construct(**{**values, "due": c.agreed_due})
                snapshot.commitments[record_file.stem_id] = agreed
            else:
                snapshot.table(kind)[record_file.stem_id] = repository.records(kind)[record_id]
        return snapshot

    def table(self, kind: str) -> dict[str, Any]:
        tables: dict[str, dict[str, Any]] = {
            "members": self.members, "meetings": self.meetings, "commitments": self.commitments,
        }  # fmt: skip
        return tables[kind]

    def commitment(self, cid: str) -> Commitment | None:
        agreed = self.commitments.get(cid)
        if agreed is None:
            return None
        return with_updates(agreed, self.updates.get(cid, {}).values())


Wanted = Callable[[str, str], bool]
"""(record folder kind, file stem; for an update its commitment's) -> whether to follow it."""


class _Walk:
    """Applies each commit's files to the snapshot, recording what changed."""

    def __init__(self, snapshot: Snapshot, blobs: dict[str, bytes]) -> None:
        self.snapshot = snapshot
        self.blobs = blobs
        self.changes: list[RecordChange] = []
        self.titles: dict[tuple[str, str], str] = {}
        self.renames: list[tuple[str, str, str]] = []
        self._parsed: dict[tuple[str, str], Any] = {}

    def parse(self, blob: str, path: str, kind: str) -> tuple[Any, str | None]:
        """The record in `blob`, or None and why it does not load."""
        key = (blob, kind)
        if key not in self._parsed:
            record, problems = parse_record(self.blobs[blob], path, RECORD_MODELS[kind])
            reason = problems[0].message if record is None and problems else None
            self._parsed[key] = (record, reason)
        found: tuple[Any, str | None] = self._parsed[key]
        return found

    def emit(self, kind: str, record_id: str, info: CommitInfo) -> Emit:
        return Emit(KIND_SINGULAR.get(kind, kind), record_id, info, self.changes)

    def commit(self, info: CommitInfo, files: list[FileChange]) -> None:
        records = [f for f in files if f.new_mode not in _SKIPPED_MODES]
        cids = {c for f in records for c in (_cid(f.old_path), _cid(f.path)) if c is not None}
        before = {cid: self.snapshot.commitment(cid) for cid in cids}
        update_files: dict[str, dict[str, list[Any]]] = {}
        renamed: dict[str, str] = {}
        for f in records:
            if f.path == SETTINGS_FILE:
                self._settings(info, f)
                continue
            kind = record_kind(f.path) or (record_kind(f.old_path) if f.old_path else None)
            if kind == UPDATES:
                self._update(info, f, update_files)
            elif kind == "commitments":
                self._commitment_file(info, f, renamed)
            elif kind is not None:
                self._other(info, kind, f)
        self._pair_renames(before, renamed)
        for cid in sorted(cids):
            self._commitment(info, cid, before, renamed, update_files.get(cid, {}))

    def _settings(self, info: CommitInfo, f: FileChange) -> None:
        data = self.blobs[f.new_blob] if f.new_blob is not None else None
        settings, problems = parse_settings(data)
        emit = self.emit("settings", SETTINGS_FILE, info)
        if problems:
            emit("broken", note=problems[0].message)
            return
        settings_changes(emit, self.snapshot.settings, settings)
        self.snapshot.settings = settings

    def _other(self, info: CommitInfo, kind: str, f: FileChange) -> None:
        """A member or a meeting: added, removed, renamed or edited."""
        table = self.snapshot.table(kind)
        stem = _stem(f.path)
        old = table.get(_stem(f.old_path)) if f.old_path is not None else table.get(stem)
        emit = self.emit(kind, stem, info)
        if f.new_blob is None:
            table.pop(stem, None)
            emit("removed", old=_title(old))
            return
        new, reason = self.parse(f.new_blob, f.path, kind)
        if new is None:
            emit("broken", note=reason)
            return
        if f.old_path is not None:
            table.pop(_stem(f.old_path), None)
            if _stem(f.old_path) != stem:
                emit("renamed", old=_stem(f.old_path), new=stem)
                self.renames.append((emit.kind, _stem(f.old_path), stem))
        table[stem] = new
        self.titles[(emit.kind, stem)] = _title(new) or stem
        if old is None:
            if isinstance(new, Meeting):
                meeting_added(emit, new)
            else:
                emit("joined", new=new.name)
        elif isinstance(new, Member):
            member_changes(emit, old, new)
        else:
            meeting_changes(emit, old, new)

    def _commitment_file(self, info: CommitInfo, f: FileChange, renamed: dict[str, str]) -> None:
        stem = _stem(f.path)
        if f.old_path is not None and _stem(f.old_path) != stem:
            renamed[stem] = _stem(f.old_path)
            self.snapshot.commitments.pop(_stem(f.old_path), None)
        if f.new_blob is None:
            self.snapshot.commitments.pop(stem, None)
            return
        new, reason = self.parse(f.new_blob, f.path, "commitments")
        if new is None:
            self.emit("commitments", stem, info)("broken", note=reason)
            return
        self.snapshot.commitments[stem] = new

    def _update(
        self, info: CommitInfo, f: FileChange, files: dict[str, dict[str, list[Any]]]
    ) -> None:
        cid, name = _place(f.path)
        events = files.setdefault(cid, {"added": [], "removed": [], "edited": []})
        held = self.snapshot.updates.setdefault(cid, {})
        moved_along = False
        if f.old_path is not None:
            old_cid, old_name = _place(f.old_path)
            gone = self.snapshot.updates.get(old_cid, {}).pop(old_name, None)
            # The folder moved with its renamed commitment: the same update.
            moved_along = old_cid != cid and f.old_blob == f.new_blob
            if gone is not None and not moved_along:
                old_events = files.setdefault(old_cid, {"added": [], "removed": [], "edited": []})
                old_events["removed"].append(old_name)
        if f.new_blob is None:
            if held.pop(name, None) is not None:
                events["removed"].append(name)
            return
        record, reason = self.parse(f.new_blob, f.path, UPDATES)
        if record is None:
            self.emit("commitments", cid, info)("broken", update=name, note=reason)
            return
        update = Update.placed(record, cid, name)
        if f.status == "M" and name in held:
            events["edited"].append(name)
        elif not moved_along:
            events["added"].append(update)
        held[name] = update

    def _pair_renames(self, before: dict[str, Commitment | None], renamed: dict[str, str]) -> None:
        """A commitment removed and one added in the same commit with the
        same agreed content (but its id) is one commitment renamed."""
        added = [c for c, was in before.items() if was is None and c in self.snapshot.commitments]
        gone = [
            c for c, was in before.items() if was is not None and c not in self.snapshot.commitments
        ]
        for cid in added:
            if cid in renamed:
                continue
            new = self.snapshot.commitments[cid]
            for old_cid in gone:
                was = before[old_cid]
                if (
                    was is not None
                    and old_cid not in renamed.values()
                    and _same_agreement(was, new)
                ):
                    renamed[cid] = old_cid
                    break

    def _commitment(
        self, info: CommitInfo, cid: str, before: dict[str, Commitment | None],
        renamed: dict[str, str], events: dict[str, list[Any]],
    ) -> None:  # fmt: skip
        emit = self.emit("commitments", cid, info)
        new = self.snapshot.commitment(cid)
        source = renamed.get(cid)
        old = before.get(source if source is not None else cid)
        if new is None:
            if old is not None and cid not in renamed.values():
                emit("removed", old=old.title)
            return
        self.titles[("commitment", cid)] = new.title
        if source is not None:
            emit("renamed", old=source, new=cid)
            self.renames.append(("commitment", source, cid))
        elif old is None:
            emit("added", new=new.title)
        if old is None:
            old = with_updates(self.snapshot.commitments[cid], ())
        files = UpdateFiles(tuple(events.get("added", ())), tuple(events.get("removed", ())),
                            tuple(events.get("edited", ())))  # fmt: skip
        commitment_changes(emit, old, new, files)


def _place(path: str) -> tuple[str, str]:
    """An update file's commitment (its folder) and name."""
    return path.split("/")[2], _stem(path)


def _cid(path: str | None) -> str | None:
    """The commitment a file belongs to: its own, or its updates' folder."""
    if path is None:
        return None
    kind = record_kind(path)
    if kind == "commitments":
        return _stem(path)
    return path.split("/")[2] if kind == UPDATES else None


def _title(record: Any) -> str | None:
    if record is None:
        return None
    return str(record.name if isinstance(record, Member) else record.title)


def _same_agreement(old: Commitment, new: CommitmentFile) -> bool:
    skip = {"id", "number"}
    return all(getattr(old, n) == getattr(new, n) for n in CommitmentFile.model_fields
               if n not in skip and n != "due") and old.agreed_due == new.due  # fmt: skip


Commits = list[tuple[CommitInfo, list[FileChange]]]


def walk(root: Path, commits: Commits, start: Snapshot, *, wanted: Wanted | None = None) -> _Walk:
    """`commits` (from git.log_changes) applied in order to `start`, with
    every blob they name read in one `git cat-file --batch`."""
    if wanted is not None:
        commits = [(info, [f for f in files if _wanted(f, wanted)]) for info, files in commits]
    needed = [f.new_blob for _, files in commits for f in files
              if f.new_blob is not None and f.new_mode not in _SKIPPED_MODES]  # fmt: skip
    walker = _Walk(start, git.read_blobs(root, needed))
    for info, files in commits:
        if files:
            walker.commit(info, files)
    return walker


def _wanted(f: FileChange, wanted: Wanted) -> bool:
    for path in (f.path, f.old_path):
        if path is None:
            continue
        if path == SETTINGS_FILE:
            return wanted("settings", SETTINGS_FILE)
        kind = record_kind(path)
        if kind == UPDATES and wanted("commitments", path.split("/")[2]):
            return True
        if kind is not None and kind != UPDATES and wanted(kind, _stem(path)):
            return True
    return False
