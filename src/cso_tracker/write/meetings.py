"""Changing meetings: `tracker meeting add`, `attend`, and the life cycle
after planning: `held`, `cancel`, `move`, `decide`.

A meeting keeps its id when it moves: the id is how commitments
(`agreed_at`), open pull requests and the git history name it, so renaming
the file would break every one of them for a date that is shown anyway. The
move is written into `notes` ("Moved from ... to ..."), and the commit
message says it too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cso_tracker.errors import MeetingStateError, NothingToChangeError, UsageError
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
from cso_tracker.write.documents import append_to, new_mapping, set_field, unique
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
    """Plan a meeting (today or later) or record one that was held."""
    if record_id is None:
        record_id = f"{date}-{given_id(None, title)}"
    new_id = given_id(record_id, title)
    if status is None:
        # A meeting added on its own day is still to take place (or to be
        # marked held, in one more command, once it has).
        status = MeetingStatus.PLANNED if date >= options.today else MeetingStatus.HELD
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
        refuse_no_attendance(meeting, options.today)
        member = member_in(repository, given)
        if any(a.member == member for a in getattr(meeting, other)):
            raise UsageError(
                f"'{member}' is already listed under {other} of {meeting_id}",
                hint="`tracker meeting attendance` sets both lists at once",
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


# --- the life cycle ------------------------------------------------------------------


def refuse_no_attendance(meeting: Meeting, today: dt.date) -> None:
    """A cancelled meeting, or one still to come, has no attendance yet."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise MeetingStateError(f"{meeting.id} was cancelled, so no one attended it")
    if _is_future(meeting, today):
        raise MeetingStateError(
            f"{meeting.id} is on {meeting.date}, after today ({today}): "
            "attendance is taken on the day of the meeting or after",
            hint="if it took place earlier, `tracker meeting move` it to that day first",
        )


def _is_future(meeting: Meeting, today: dt.date) -> bool:
    return meeting.date > today


def _refuse_cancelled(meeting: Meeting, what: str) -> None:
    if meeting.status is MeetingStatus.CANCELLED:
        raise MeetingStateError(
            f"{meeting.id} was cancelled, so {what}",
            hint="plan a new meeting with `tracker meeting add`",
        )


def _append_note(document: Any, old: str | None, line: str) -> None:
    """Add `line` as the last paragraph of the meeting's notes."""
    text = line if old is None or old.strip() == "" else f"{old.rstrip()}\n\n{line}"
    set_field(document, Meeting, "notes", text)


def meeting_held(root: Path, meeting_id: str, *, options: WriteOptions) -> Edit:
    """Mark a planned meeting held (on or after its first day)."""

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        _refuse_cancelled(meeting, "it cannot be marked held")
        if meeting.status is MeetingStatus.HELD:
            raise MeetingStateError(f"{meeting_id} is already marked held")
        if _is_future(meeting, options.today):
            raise MeetingStateError(
                f"{meeting_id} is on {meeting.date}, after today ({options.today}): "
                "a meeting in the future cannot be marked held",
                hint="if it took place earlier, `tracker meeting move` it to that day first",
            )
        set_field(document, Meeting, "status", str(MeetingStatus.HELD))
        return f"{meeting_id}: held\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)


def cancel_meeting(root: Path, meeting_id: str, *, note: str, options: WriteOptions) -> Edit:
    """Cancel a planned meeting; `note` (why) goes into its notes."""
    if note.strip() == "":
        raise UsageError("say why the meeting is cancelled (the note is empty)")

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        if meeting.status is MeetingStatus.CANCELLED:
            raise MeetingStateError(f"{meeting_id} is already cancelled")
        if meeting.status is MeetingStatus.HELD:
            raise MeetingStateError(
                f"{meeting_id} was held on {meeting.date}, so it cannot be cancelled",
                hint="a meeting that did not take place is still `planned`; "
                "correct its status in the file if it was marked held by mistake",
            )
        set_field(document, Meeting, "status", str(MeetingStatus.CANCELLED))
        _append_note(document, meeting.notes, f"Cancelled on {options.today}: {note.strip()}")
        return f"{meeting_id}: cancelled\n\n{note.strip()}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)


def move_meeting(root: Path, meeting_id: str, *, date: dt.date, options: WriteOptions) -> Edit:
    """Move a meeting to another day, keeping its id (see the module's
    docstring); a meeting of several days keeps its length. A held
    meeting's date may be corrected, but not into the future."""

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        _refuse_cancelled(meeting, "it cannot be moved")
        if date == meeting.date:
            raise NothingToChangeError(
                f"{meeting_id} is already on {date}; nothing to change", subject="meeting"
            )
        held = meeting.status is MeetingStatus.HELD
        if held and date > options.today:
            raise MeetingStateError(
                f"{meeting_id} was held, so it cannot move to {date}, after today "
                f"({options.today})",
                hint="give the day it took place",
            )
        set_field(document, Meeting, "date", date)
        if meeting.end is not None:
            set_field(document, Meeting, "end", meeting.end + (date - meeting.date))
        verb = "Date corrected" if held else "Moved"
        _append_note(
            document, meeting.notes, f"{verb} from {meeting.date} to {date} on {options.today}."
        )
        return f"{meeting_id}: {verb.lower()} from {meeting.date} to {date}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)


def record_decision(root: Path, meeting_id: str, *, text: str, options: WriteOptions) -> Edit:
    """Append a decision to a meeting that is taking place or was held."""
    decision = text.strip()
    if decision == "":
        raise UsageError("the decision's text is empty")

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        _refuse_cancelled(meeting, "it took no decisions")
        if _is_future(meeting, options.today):
            raise MeetingStateError(
                f"{meeting_id} is on {meeting.date}, after today ({options.today}): "
                "decisions are recorded on the day or after",
            )
        if decision in meeting.decisions:
            raise NothingToChangeError(
                f"{meeting_id} already records this decision; nothing to change",
                subject="meeting",
            )
        append_to(document, Meeting, "decisions", scalar(decision))
        short = decision if len(decision) <= 60 else decision[:57] + "..."
        return f"{meeting_id}: decision: {short}\n\n{decision}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)
