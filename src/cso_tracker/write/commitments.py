"""Changing commitments: `tracker update` and `tracker add`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from cso_tracker.errors import NothingToChangeError, UsageError
from cso_tracker.models import (
    Commitment,
    Status,
    Update,
)
from cso_tracker.repo.repository import Repository
from cso_tracker.write.author import default_by
from cso_tracker.write.documents import append_to, new_mapping, remove_from, set_field, unique
from cso_tracker.write.ids import given_id
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import WriteOptions, create_record, edit_record
from cso_tracker.yaml.edits import remove_key
from cso_tracker.yaml.quoting import scalar

CLEAR: Final = "none"
"""`--due none` removes the due date."""


@dataclass(frozen=True)
class UpdateRequest:
    by: str | None
    date: dt.date | None = None
    """The update's date; None for today."""
    status: Status | None = None
    note: str | None = None
    author: str | None = None
    evidence: tuple[str, ...] = ()
    due: dt.date | None = None
    clear_due: bool = False
    add_owners: tuple[str, ...] = ()
    remove_owners: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to record: only who wrote the update and when."""
        values = (self.status, self.note, self.due)
        lists = (
            self.evidence,
            self.add_owners,
            self.remove_owners,
            self.add_tags,
            self.remove_tags,
        )
        return all(v is None for v in values) and not self.clear_due and not any(lists)


def update_commitment(
    root: Path, commitment_id: str, request: UpdateRequest, *, options: WriteOptions
) -> Edit:
    """Append an update to a commitment; set its status, due date, owners and
    tags, each change also written into the update's note."""
    if request.is_empty:
        raise NothingToChangeError("nothing to record", subject="update")

    def change(document: Any, repository: Repository) -> str:
        by, person = (request.by, None) if request.by is not None else default_by(repository)
        author = request.author if request.author is not None else person
        old: Commitment = repository.commitments[commitment_id]
        notes: list[str] = [request.note] if request.note is not None else []
        summary: list[str] = []
        if request.status is not None:
            document["status"] = scalar(str(request.status))
            summary.append(
                f"{old.status} → {request.status}"
                if request.status is not old.status
                else f"still {old.status}"
            )
        if request.due is not None or request.clear_due:
            summary.append(_change_due(document, old, request, notes))
        for key, label, adding, removing in (
            ("owners", "owner", request.add_owners, request.remove_owners),
            ("tags", "tag", request.add_tags, request.remove_tags),
        ):
            present: tuple[str, ...] = getattr(old, key)
            for value in unique(adding):
                if value in present:
                    raise UsageError(f"{commitment_id} already has {label} '{value}'")
                append_to(document, Commitment, key, scalar(value))
                notes.append(f"{label.capitalize()} {value} added.")
                summary.append(f"+{label} {value}")
            for value in unique(removing):
                if value not in present:
                    listed = ", ".join(present) or "none"
                    raise UsageError(f"{commitment_id} has no {label} '{value}'; {key}: {listed}")
                remove_from(document, key, value)
                notes.append(f"{label.capitalize()} {value} removed.")
                summary.append(f"-{label} {value}")
        if not summary:
            summary.append("evidence" if request.note is None else "note")
        update = new_mapping(
            Update,
            {
                "date": request.date if request.date is not None else options.today,
                "by": by,
                "author": author,
                "status": str(request.status) if request.status is not None else None,
                "note": _join_notes(notes),
                "evidence": unique(request.evidence),
            },
        )
        append_to(document, Commitment, "updates", update)
        message = f"{commitment_id}: {', '.join(summary)} ({by})"
        return message + (f"\n\n{request.note}\n" if request.note is not None else "\n")

    return edit_record(root, "commitments", commitment_id, change, options=options)


def _join_notes(notes: Sequence[str]) -> str | None:
    """The member's note, then one sentence per field change."""
    text = ""
    for part in notes:
        if text and not text.rstrip().endswith((".", "!", "?", "。", "…")):
            text += "."
        text = f"{text} {part}" if text else part
    return text if notes else None  # an empty --note reaches the schema, which refuses it


def _change_due(document: Any, old: Commitment, request: UpdateRequest, notes: list[str]) -> str:
    if request.clear_due:
        if old.due is None:
            raise UsageError(f"{old.id} has no due date to remove")
        remove_key(document, "due")
        notes.append(f"Due date removed (was {old.due}).")
        return "due removed"
    assert request.due is not None
    if request.due == old.due:
        raise UsageError(f"{old.id} is already due {old.due}; nothing to change")
    set_field(document, Commitment, "due", request.due)
    if old.due is None:
        notes.append(f"Due date set to {request.due}.")
    else:
        notes.append(f"Due date changed from {old.due} to {request.due}.")
    return f"due {request.due}"


def add_commitment(
    root: Path,
    *,
    title: str,
    text: str,
    owners: Sequence[str],
    meeting: str,
    due: dt.date | None = None,
    record_id: str | None = None,
    partners: Sequence[str] = (),
    tags: Sequence[str] = (),
    options: WriteOptions,
) -> Edit:
    """Create a commitment agreed at `meeting`, numbered next for that meeting."""
    new_id = given_id(record_id, title)

    def build(repository: Repository) -> tuple[Any, str]:
        numbers = [
            c.number
            for c in repository.commitments.values()
            if c.agreed_at == meeting and c.number is not None
        ]
        number = max(numbers, default=0) + 1
        document = new_mapping(
            Commitment,
            {
                "id": new_id,
                "number": number,
                "title": title,
                "text": text,
                "agreed_at": meeting,
                "owners": unique(owners),
                "partners": unique(partners),
                "status": str(Status.AGREED),
                "due": due,
                "tags": unique(tags),
            },
        )
        return document, f"{new_id}: add commitment {number} of {meeting}\n"

    return create_record(root, "commitments", new_id, build, options=options)
