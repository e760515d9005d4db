"""Changing commitments: `tracker update` and `tracker add`."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cso_tracker.errors import NothingToChangeError, UsageError
from cso_tracker.models import Commitment, CommitmentFile, Status, UpdateFile
from cso_tracker.query.lookup import commitment_in, member_in
from cso_tracker.repo.layout import UPDATES
from cso_tracker.repo.repository import Repository
from cso_tracker.write.author import default_by
from cso_tracker.write.documents import append_to, new_mapping, remove_from, unique
from cso_tracker.write.ids import given_id
from cso_tracker.write.neighbourhood import near_update
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import (
    Found,
    WriteOptions,
    create_record,
    edit_record,
    editable_file,
)
from cso_tracker.yaml.quoting import scalar


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
    """A revised deadline."""
    corrects: str | None = None
    """The file name of an earlier update that this one corrects."""

    @property
    def is_empty(self) -> bool:
        """Nothing to record: only who wrote the update and when."""
        values = (self.status, self.note, self.due, self.corrects)
        return all(v is None for v in values) and not self.evidence


@dataclass(frozen=True)
class AgreementChange:
    """A change to what was agreed, in the commitment's own file (the
    secretariat's to make): its owners and tags."""

    add_owners: tuple[str, ...] = ()
    remove_owners: tuple[str, ...] = ()
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.add_owners or self.remove_owners or self.add_tags or self.remove_tags)


def new_update_name(day: dt.date, by: str) -> str:
    """`<date>-<member>-<random>`: two branches that each add an update of
    the same day never create the same file, so they never conflict."""
    return f"{day}-{by}-{secrets.token_hex(2)}"


def update_commitment(
    root: Path, commitment_id: str, request: UpdateRequest, *, options: WriteOptions
) -> Edit:
    """Record progress on a commitment (its id, or a unique beginning of
    one): a new file under data/updates/<commitment-id>/ (no existing file
    is changed). `request.by` may be the member's acronym."""
    if request.is_empty:
        raise NothingToChangeError("nothing to record", subject="update")
    day = request.date if request.date is not None else options.today
    chosen: dict[str, str] = {}
    wanted = commitment_id

    def build(repository: Repository) -> tuple[Any, str]:
        commitment_id = chosen["commitment"]
        old: Commitment = repository.commitments[commitment_id]
        by = chosen["by"]
        author = request.author
        member = repository.members.get(by)
        person = member.person(author) if member is not None and author is not None else None
        if person is not None:  # written as the member file spells it (the same name in NFC)
            author = person.name
        summary = _summary(old, request)
        document = new_mapping(
            UpdateFile,
            {
                "date": day,
                "by": by,
                "author": author if author is not None else chosen.get("person"),
                "status": str(request.status) if request.status is not None else None,
                "due": request.due,
                "note": request.note,
                "evidence": unique(request.evidence),
                "corrects": request.corrects,
            },
        )
        message = f"{commitment_id}: {', '.join(summary)} ({by})"
        return document, message + (f"\n\n{request.note}\n" if request.note is not None else "\n")

    def name_for(repository: Repository) -> str:
        commitment_id = chosen["commitment"] = commitment_in(repository, wanted)
        # An update to a commitment whose file is broken, or misnamed, would
        # be checked against a record that is not what the file says.
        editable_file(repository, "commitments", commitment_id)
        by, person = _reporter(repository, request.by)
        chosen["by"] = by
        if person is not None:
            chosen["person"] = person
        return f"{commitment_id}/{new_update_name(day, by)}"

    return create_record(root, UPDATES, name_for, build, options=options,
                         nearby=lambda: near_update(root, wanted))  # fmt: skip


def _summary(old: Commitment, request: UpdateRequest) -> list[str]:
    """What an update changes, for its commit message: `agreed → done`, `due ...`."""
    summary: list[str] = []
    if request.status is not None:
        summary.append(
            f"{old.status} → {request.status}"
            if request.status is not old.status
            else f"still {old.status}"
        )
    if request.due is not None:
        if request.due == old.due:
            raise UsageError(f"{old.id} is already due {old.due}; nothing to change")
        summary.append(f"due {request.due}" + (f" (was {old.due})" if old.due else ""))
    if request.corrects is not None:
        summary.append(f"corrects {request.corrects.removesuffix('.yaml')}")
    if not summary:
        summary.append("evidence" if request.note is None else "note")
    return summary


def _reporter(repository: Repository, given: str | None) -> tuple[str, str | None]:
    """The member an update is by (given as id or acronym, else from the
    settings or the git identity) and, when found from the identity, the person."""
    return (member_in(repository, given), None) if given is not None else default_by(repository)


def change_agreement(
    root: Path, commitment_id: str, change: AgreementChange, *, options: WriteOptions
) -> Edit:
    """Add or remove owners (ids or acronyms) and tags in the file of the
    commitment `commitment_id` (its id, or a unique beginning of one)."""
    if change.is_empty:
        raise NothingToChangeError("nothing to change", subject="update")
    target = Found(lambda repository: commitment_in(repository, commitment_id))

    def edit(document: Any, repository: Repository) -> str:
        commitment_id = target.id
        old: Commitment = repository.commitments[commitment_id]
        summary: list[str] = []
        add_owners = [member_in(repository, owner) for owner in change.add_owners]
        remove_owners = [_owner_in(old, repository, owner) for owner in change.remove_owners]
        for key, label, adding, removing in (
            ("owners", "owner", add_owners, remove_owners),
            ("tags", "tag", list(change.add_tags), list(change.remove_tags)),
        ):
            present: tuple[str, ...] = getattr(old, key)
            for value in unique(adding):
                if value in present:
                    raise UsageError(f"{commitment_id} already has {label} '{value}'")
                append_to(document, CommitmentFile, key, scalar(value))
                summary.append(f"+{label} {value}")
            for value in unique(removing):
                if value not in present:
                    listed = ", ".join(present) or "none"
                    raise UsageError(f"{commitment_id} has no {label} '{value}'; {key}: {listed}")
                remove_from(document, key, value)
                summary.append(f"-{label} {value}")
        return f"{commitment_id}: {', '.join(summary)}\n"

    return edit_record(root, "commitments", target, edit, options=options)


def _owner_in(commitment: Commitment, repository: Repository, given: str) -> str:
    """The owner `given` names: as written in the commitment (so an owner
    that is no longer a member can still be removed), else a member."""
    if given in commitment.owners:
        return given
    return member_in(repository, given)


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
        owner_ids = [member_in(repository, owner) for owner in owners]
        numbers = [
            c.number
            for c in repository.commitments.values()
            if c.agreed_at == meeting and c.number is not None
        ]
        number = max(numbers, default=0) + 1
        document = new_mapping(
            CommitmentFile,
            {
                "id": new_id,
                "number": number,
                "title": title,
                "text": text,
                "agreed_at": meeting,
                "owners": unique(owner_ids),
                "partners": unique(partners),
                "due": due,
                "tags": unique(tags),
            },
        )
        return document, f"{new_id}: add commitment {number} of {meeting}\n"

    return create_record(root, "commitments", new_id, build, options=options)
