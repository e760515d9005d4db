"""A commitment's history: updates in date order, after the meeting that
agreed it and not in the future, by members still in the group, and a
status that the updates back (evidence for done, a reason for dropped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cso_tracker.models import CLOSED_STATUSES, Member, Status, last_status_update
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.repository import Repository

ERROR = Severity.ERROR
WARNING = Severity.WARNING


def check_update_history(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        meeting = repository.meetings.get(commitment.agreed_at)
        previous: dt.date | None = None
        for index, update in enumerate(commitment.updates):
            loc = ("updates", index, "date")
            if previous is not None and update.date < previous:
                yield repository.problem(
                    "commitments", cid, loc, ERROR,
                    f"update dated {update.date} comes after one dated {previous}; "
                    "updates are appended in date order", "update-order",
                )  # fmt: skip
            previous = update.date if previous is None else max(previous, update.date)
            if meeting is not None and update.date < meeting.date:
                yield repository.problem(
                    "commitments", cid, loc, ERROR,
                    f"update dated {update.date} is before the meeting that agreed the "
                    f"commitment ({meeting.id}, {meeting.date})", "update-before-agreed",
                )  # fmt: skip
            if update.date > today:
                yield repository.problem(
                    "commitments", cid, loc, ERROR,
                    f"update dated {update.date} is in the future (today is {today})",
                    "update-in-future",
                )  # fmt: skip
        if meeting is not None and commitment.due is not None and commitment.due < meeting.date:
            yield repository.problem(
                "commitments", cid, ("due",), ERROR,
                f"due {commitment.due} is before the meeting that agreed it ({meeting.date})",
                "due-before-agreed",
            )  # fmt: skip


def check_status(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        status = commitment.status
        index = last_status_update(commitment.updates)
        latest = commitment.updates[index] if index is not None else None
        if status is not Status.AGREED and not commitment.updates:
            yield repository.problem(
                "commitments", cid, ("status",), ERROR,
                f"status '{status}' needs an update saying what happened "
                "(tracker update ID --status ... --note ...)", "status-without-update",
            )  # fmt: skip
            continue
        if latest is not None and latest.status is not status:
            yield repository.problem(
                "commitments", cid, ("status",), ERROR,
                f"status is '{status}' but the latest update that sets one "
                f"(updates[{index}], {latest.date}) says '{latest.status}'", "status-mismatch",
            )  # fmt: skip
        closing = latest if latest is not None and latest.status is status else None
        loc = ("updates", index) if closing is not None and index is not None else ("status",)
        if status in CLOSED_STATUSES - {Status.DROPPED} and (
            closing is None or not closing.evidence
        ):
            yield repository.problem(
                "commitments", cid, loc, ERROR,
                f"status '{status}' needs evidence (a URL or document reference) "
                "on the update that sets it", "closed-without-evidence",
            )  # fmt: skip
        if status is Status.DROPPED and (closing is None or closing.note is None):
            yield repository.problem(
                "commitments", cid, loc, ERROR,
                "status 'dropped' needs a note on the update that sets it, saying why",
                "dropped-without-note",
            )  # fmt: skip


def _member_left(member: Member | None, day: dt.date) -> bool:
    return member is not None and member.left is not None and member.left < day


def check_membership(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        for index, update in enumerate(commitment.updates):
            if _member_left(repository.members.get(update.by), update.date):
                yield repository.problem(
                    "commitments", cid, ("updates", index, "by"), WARNING,
                    f"'{update.by}' had left the group before {update.date}", "member-left",
                )  # fmt: skip
