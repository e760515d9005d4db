"""What one commit changed in one record, in the record's own terms: the
semantic differences between two versions of a member, a meeting, the
settings or a commitment (with its updates applied), never a line diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from cso_tracker.git import CommitInfo
from cso_tracker.models import Commitment, Meeting, MeetingStatus, Member, Settings, Update

WordDiff = tuple[tuple[str, str], ...]
"""(op, words): op is "=" (kept), "-" (removed) or "+" (added)."""


@dataclass(frozen=True)
class RecordChange:
    """One semantic change a commit made to one record.

    `what` is one of: added, removed, renamed, broken (the file no longer
    loads), status, due, owners, title, text, update, correction,
    update-removed, update-edited (commitments); joined, left, removed,
    person-added, person-removed, focal-point (members); planned, held,
    cancelled, moved, added, removed (meetings); field (any other field of
    any record, `field` names it; also every change to the settings)."""

    kind: str
    """commitment, member, meeting or settings."""
    record_id: str
    """The record's id after the commit (tracker.yaml for the settings)."""
    what: str
    commit: CommitInfo
    old: str | None = None
    new: str | None = None
    field: str | None = None
    """The field a `field` change edited, or the person a person-* or
    focal-point change is about."""
    by: str | None = None
    """The member an update is by (an update's `by`)."""
    note: str | None = None
    evidence: tuple[str, ...] = ()
    update: str | None = None
    """The update file (name without .yaml) behind the change."""
    corrects: str | None = None
    words: WordDiff = ()
    """For title and text: the word diff from old to new."""


@dataclass
class Emit:
    """Builds the changes of one record in one commit."""

    kind: str
    record_id: str
    commit: CommitInfo
    found: list[RecordChange] = field(default_factory=list)

    def __call__(self, what: str, **values: Any) -> None:
        self.found.append(RecordChange(self.kind, self.record_id, what, self.commit, **values))


def word_diff(old: str, new: str) -> WordDiff:
    """The words kept, removed and added from `old` to `new`."""
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", " ".join(b[j1:j2])))
    return tuple(parts)


def shown(value: object) -> str | None:
    """A field's value as one short line."""
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return ", ".join(str(shown(v)) for v in value)
    if hasattr(value, "value"):  # an enum
        return str(value.value)
    if hasattr(value, "model_dump"):
        return ", ".join(f"{k}: {v}" for k, v in value.model_dump(exclude_defaults=True).items())
    return str(value)


def _fields(emit: Emit, old: Any, new: Any, skip: frozenset[str]) -> None:
    for name in type(new).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if name not in skip and before != after:
            emit("field", field=name, old=shown(before), new=shown(after))


_MEMBER_OWN: Final = frozenset({"id", "left", "people"})


def member_changes(emit: Emit, old: Member, new: Member) -> None:
    if old.left != new.left:
        emit("left", old=shown(old.left), new=shown(new.left))
    _fields(emit, old, new, _MEMBER_OWN)
    before = {p.name: p for p in old.people}
    after = {p.name: p for p in new.people}
    for name in before.keys() - after.keys():
        emit("person-removed", field=name)
    for name in [n for n in after if n not in before]:
        emit("person-added", field=name, new="focal point" if after[name].focal_point else None)
    for name in [n for n in after if n in before]:
        was, now = before[name], after[name]
        if was.focal_point != now.focal_point:
            emit("focal-point", field=name, old=_yes(was.focal_point), new=_yes(now.focal_point))
        for key in type(now).model_fields:
            if key not in ("name", "focal_point") and getattr(was, key) != getattr(now, key):
                emit("field", field=f"{name}: {key}", old=shown(getattr(was, key)),
                     new=shown(getattr(now, key)))  # fmt: skip


def _yes(value: bool) -> str:
    return "yes" if value else "no"


_MEETING_STATUS: Final = {MeetingStatus.HELD: "held", MeetingStatus.CANCELLED: "cancelled",
                          MeetingStatus.PLANNED: "planned"}  # fmt: skip


def meeting_added(emit: Emit, new: Meeting) -> None:
    emit(_MEETING_STATUS[new.status], new=new.date.isoformat())


def meeting_changes(emit: Emit, old: Meeting, new: Meeting) -> None:
    if old.status != new.status:
        emit(_MEETING_STATUS[new.status], old=old.status.value, new=new.status.value)
    if old.date != new.date:
        emit("moved", old=old.date.isoformat(), new=new.date.isoformat())
    _fields(emit, old, new, frozenset({"id", "status", "date"}))


def settings_changes(emit: Emit, old: Settings, new: Settings) -> None:
    _fields(emit, old, new, frozenset())


# --- commitments ----------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateFiles:
    """What one commit did to a commitment's update files."""

    added: tuple[Update, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()


def _update_values(update: Update) -> dict[str, Any]:
    return {"by": update.by, "note": update.note, "evidence": update.evidence,
            "update": update.name, "corrects": update.corrected_name}  # fmt: skip


def _responsible(after: Commitment, added: Mapping[str, Update], due: bool) -> Update | None:
    """The added update that set the commitment's status (or due date) now."""
    for update in reversed(after.updates):
        if (update.due if due else update.status) is not None:
            return added.get(update.name)
    return None


def commitment_changes(emit: Emit, old: Commitment, new: Commitment, files: UpdateFiles) -> None:
    """The changes from `old` to `new` (each with its updates applied)."""
    added = {u.name: u for u in files.added}
    used: set[str] = set()
    for name in ("title", "text"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            emit(name, old=before, new=after, words=word_diff(before, after))
    if old.owners != new.owners:
        emit("owners", old=shown(old.owners), new=shown(new.owners))
    if old.status != new.status:
        update = _responsible(new, added, due=False)
        values = _update_values(update) if update is not None else {}
        used |= {update.name} if update is not None else set()
        emit("status", old=old.status.value, new=new.status.value, **values)
    if old.due != new.due:
        update = _responsible(new, added, due=True)
        values = _update_values(update) if update is not None else {}
        used |= {update.name} if update is not None else set()
        emit("due", old=shown(old.due), new=shown(new.due), **values)
    elif old.agreed_due != new.agreed_due:  # a revision in force hides the agreed date
        emit("field", field="agreed due", old=shown(old.agreed_due), new=shown(new.agreed_due))
    skip = frozenset({"id", "title", "text", "owners", "due"})
    for name in _agreed_fields(old, new, skip):
        emit("field", field=name, old=shown(getattr(old, name)), new=shown(getattr(new, name)))
    for update in files.added:
        if update.name not in used:
            what = "correction" if update.corrects is not None else "update"
            emit(what, new=shown(update.status), **_update_values(update))
    for name in files.removed:
        emit("update-removed", update=name)
    for name in files.edited:
        emit("update-edited", update=name)


def _agreed_fields(old: Commitment, new: Commitment, skip: frozenset[str]) -> Iterator[str]:
    from cso_tracker.models import CommitmentFile

    for name in CommitmentFile.model_fields:
        if name not in skip and getattr(old, name) != getattr(new, name):
            yield name
