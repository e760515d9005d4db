"""Dates that must come in order (an end after its start) and meetings
whose status their date contradicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cso_tracker.models import MeetingStatus
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.repository import Repository

ERROR = Severity.ERROR
WARNING = Severity.WARNING


def check_agreeing_meeting(repository: Repository, today: dt.date) -> Iterator[Problem]:
    """A commitment is what a meeting agreed: a cancelled meeting agreed
    nothing (an error). One still to come (its date after today, whatever its
    status) is a warning: a group may enter what it means to agree before
    the meeting, and every report as of a day before it leaves the
    commitment out, but the date may be a typo. A meeting whose day has come
    but is still `planned` is not reported here: that is its status not yet
    updated, and meeting-planned-in-past says so."""
    for cid, commitment in repository.commitments.items():
        meeting = repository.meetings.get(commitment.agreed_at)
        if meeting is None:
            continue  # ref-meeting reports it
        if meeting.status is MeetingStatus.CANCELLED:
            yield repository.problem(
                "commitments", cid, ("agreed_at",), ERROR,
                f"agreed at '{meeting.id}', which was cancelled: a cancelled meeting agrees "
                "nothing; name the meeting that agreed it", "agreed-at-cancelled",
            )  # fmt: skip
        elif meeting.date > today:
            yield repository.problem(
                "commitments", cid, ("agreed_at",), WARNING,
                f"agreed at '{meeting.id}', which is on {meeting.date}, still to come (today is "
                f"{today}): reports leave it out until then; check agreed_at if it was agreed "
                "already", "agreed-in-future",
            )  # fmt: skip


def check_dates(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for mid, meeting in repository.meetings.items():
        if meeting.end is not None and meeting.end < meeting.date:
            yield repository.problem(
                "meetings", mid, ("end",), ERROR,
                f"end {meeting.end} is before the start date {meeting.date}", "date-order",
            )  # fmt: skip
        for index, slot in enumerate(meeting.agenda):
            # "HH:MM" strings compare in clock order.
            if slot.start is not None and slot.end is not None and slot.end < slot.start:
                yield repository.problem(
                    "meetings", mid, ("agenda", index, "end"), ERROR,
                    f"agenda item ends at {slot.end}, before it starts at {slot.start}",
                    "date-order",
                )  # fmt: skip
        if meeting.status is MeetingStatus.HELD and meeting.date > today:
            yield repository.problem(
                "meetings", mid, ("status",), ERROR,
                f"meeting is marked held but its date {meeting.date} is in the future",
                "meeting-held-in-future",
            )  # fmt: skip
        if meeting.status is MeetingStatus.PLANNED and meeting.last_day < today:
            yield repository.problem(
                "meetings", mid, ("status",), WARNING,
                f"meeting was planned for {meeting.date}; record it: `tracker meeting held "
                f"{mid}`, or `tracker meeting cancel {mid} --note TEXT`",
                "meeting-planned-in-past",
            )  # fmt: skip
    for mid, member in repository.members.items():
        yield from _period(repository, mid, (), member.joined, member.left, "joined", "left")
        for index, person in enumerate(member.people):
            yield from _period(repository, mid, ("people", index), person.since, person.until,
                               "since", "until")  # fmt: skip


def _period(
    repository: Repository,
    member_id: str,
    loc: tuple[str | int, ...],
    start: dt.date | None,
    end: dt.date | None,
    start_name: str,
    end_name: str,
) -> Iterator[Problem]:
    if start is not None and end is not None and end < start:
        yield repository.problem(
            "members", member_id, (*loc, end_name), ERROR,
            f"{end_name} {end} is before {start_name} {start}", "date-order",
        )  # fmt: skip
