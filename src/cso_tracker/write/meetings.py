"""Changing meetings: `tracker meeting add` and `attend`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cso_tracker.errors import UsageError
from cso_tracker.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PersonRef,
)
from cso_tracker.query.lookup import member_in
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import name_key
from cso_tracker.write.documents import append_to, new_mapping, unique
from cso_tracker.write.ids import given_id
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import WriteOptions, create_record, edit_record
from cso_tracker.yaml.quoting import scalar


def add_meeting(
    root: Path,
    *,
    title: str,
    date: dt.date,
    kind: MeetingKind,
    status: MeetingStatus | None = None,
    end: dt.date | None = None,
    location: str | None = None,
    convened_by: str | None = None,
    chair_member: str | None = None,
    chair_person: str | None = None,
    record_id: str | None = None,
    options: WriteOptions,
) -> Edit:
    """Plan a meeting (a date after today) or record one that was held."""
    if record_id is None:
        record_id = f"{date}-{given_id(None, title)}"
    new_id = given_id(record_id, title)
    if status is None:
        status = MeetingStatus.PLANNED if date > options.today else MeetingStatus.HELD
    if chair_person is not None and chair_member is None:
        raise UsageError("a chair person needs the member the chair is from")

    def build(repository: Repository) -> tuple[Any, str]:
        chair = (
            new_mapping(
                PersonRef,
                {"member": member_in(repository, chair_member), "person": chair_person},
            )
            if chair_member is not None
            else None
        )
        convener = member_in(repository, convened_by) if convened_by is not None else None
        document = new_mapping(
            Meeting,
            {
                "id": new_id,
                "title": title,
                "date": date,
                "end": end,
                "kind": str(kind),
                "status": str(status),
                "location": location,
                "convened_by": convener,
                "chair": chair,
            },
        )
        return document, f"{new_id}: add meeting ({status})\n"

    return create_record(root, "meetings", new_id, build, options=options)


def attend_meeting(
    root: Path,
    meeting_id: str,
    *,
    member: str,
    people: Sequence[str] = (),
    apology: bool = False,
    options: WriteOptions,
) -> Edit:
    """Record that `member` (its id or acronym, and which of its people)
    attended, or sent apologies."""
    given = member
    target, other = ("apologies", "attendees") if apology else ("attendees", "apologies")
    people = unique(people)

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        member = member_in(repository, given)
        if any(a.member == member for a in getattr(meeting, other)):
            raise UsageError(
                f"'{member}' is already listed under {other} of {meeting_id}",
                hint="edit the meeting file by hand to move it",
            )
        listed = next((a for a in getattr(meeting, target) if a.member == member), None)
        if listed is None:
            entry = new_mapping(Attendance, {"member": member, "people": list(people)})
            append_to(document, Meeting, target, entry)
        else:
            listed_names = {name_key(p) for p in listed.people}
            missing = [p for p in people if name_key(p) not in listed_names]
            if not missing:
                raise UsageError(f"'{member}' is already listed under {target} of {meeting_id}")
            entries = document[target]
            index = next(i for i, e in enumerate(entries) if str(e.get("member")) == member)
            for person in missing:
                append_to(entries[index], Attendance, "people", scalar(person))
        who = f" ({', '.join(people)})" if people else ""
        verb = "apologies from" if apology else "attended by"
        return f"{meeting_id}: {verb} {member}{who}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)
