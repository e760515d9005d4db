"""Rules across records: references, consistency, completeness.

`validate()` loads the repository (YAML and schema problems come from the
store), runs every rule here over the records that loaded, and returns all
problems sorted by file and line. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from cso_tracker.errors import did_you_mean
from cso_tracker.models import (
    CLOSED_STATUSES,
    Commitment,
    Meeting,
    MeetingStatus,
    Member,
    Status,
    last_status_update,
)
from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.store import Repository, load_repository

ERROR = Severity.ERROR
WARNING = Severity.WARNING

Rule = Callable[[Repository, dt.date], Iterator[Problem]]


@dataclass(frozen=True)
class ValidationResult:
    repository: Repository
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def passed(self, *, strict: bool = False) -> bool:
        return not self.problems if strict else not self.errors


def validate(
    root: Path, *, today: dt.date, only: Collection[str] | None = None
) -> ValidationResult:
    """Check the whole repository. With `only` (paths relative to the root),
    report just the problems in those files: cross-record rules still see
    every record, so a pre-commit hook gets the same verdict as CI."""
    repository = load_repository(root)
    problems = [*repository.problems, *check_repository(repository, today=today)]
    if only is not None:
        problems = [p for p in problems if p.path in only]
    files_checked = repository.files_checked if only is None else len(only)
    return ValidationResult(repository, sort_problems(problems), files_checked)


def check_repository(repository: Repository, *, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(repository, today))
    return sort_problems(problems)


# --- helpers ---------------------------------------------------------------------


def _member_ref(
    repository: Repository,
    kind: str,
    record_id: str,
    loc: tuple[str | int, ...],
    member_id: str,
    role: str,
) -> Problem | None:
    """`role` names the reference in the user's words: owner, chair, ..."""
    if repository.exists("members", member_id):
        return None
    return repository.problem(
        kind, record_id, loc, ERROR,
        f"{role} '{member_id}' is not a member{did_you_mean(member_id, repository.members)}",
        "ref-member",
    )  # fmt: skip


def _person_ref(
    repository: Repository,
    kind: str,
    record_id: str,
    loc: tuple[str | int, ...],
    member_id: str,
    person: str,
    role: str,
) -> Problem | None:
    member = repository.members.get(member_id)
    if member is None or member.person(person) is not None:
        return None
    names = [p.name for p in member.people]
    hint = did_you_mean(person, names) or (
        f"; its people are: {', '.join(names)}" if names else "; it lists no people yet"
    )
    return repository.problem(
        kind, record_id, loc, ERROR,
        f"{role} '{person}' is not one of the people of {member_id}{hint}", "ref-person",
    )  # fmt: skip


# --- rules -------------------------------------------------------------------------


def check_commitment_references(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        if not repository.exists("meetings", commitment.agreed_at):
            yield repository.problem(
                "commitments", cid, ("agreed_at",), ERROR,
                f"agreed_at '{commitment.agreed_at}' is not a meeting"
                f"{did_you_mean(commitment.agreed_at, repository.meetings)}",
                "ref-meeting",
            )  # fmt: skip
        if not commitment.owners:
            yield repository.problem(
                "commitments", cid, (), ERROR,
                "a commitment needs at least one owner (owners: [member-id])", "owners-missing",
            )  # fmt: skip
        seen: set[str] = set()
        for index, owner in enumerate(commitment.owners):
            if owner in seen:
                # Counted twice otherwise: listed twice under its owner in
                # the status report, and twice in `tracker members`.
                yield repository.problem(
                    "commitments", cid, ("owners", index), ERROR,
                    f"'{owner}' is listed twice in owners", "owner-duplicate",
                )  # fmt: skip
                continue
            seen.add(owner)
            if found := _member_ref(
                repository, "commitments", cid, ("owners", index), owner, "owner"
            ):
                yield found
        for index, update in enumerate(commitment.updates):
            if found := _member_ref(
                repository, "commitments", cid, ("updates", index, "by"), update.by, "update by"
            ):
                yield found
            if update.author is not None and (
                found := _person_ref(repository, "commitments", cid,
                                     ("updates", index, "author"), update.by, update.author,
                                     "author")
            ):  # fmt: skip
                yield found


def check_meeting_references(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for mid, meeting in repository.meetings.items():
        if meeting.convened_by is not None and (
            found := _member_ref(
                repository, "meetings", mid, ("convened_by",), meeting.convened_by, "convened_by"
            )
        ):
            yield found
        if meeting.chair is not None:
            chair = meeting.chair
            found = _member_ref(
                repository, "meetings", mid, ("chair", "member"), chair.member, "chair"
            )
            if found is None and chair.person is not None:
                found = _person_ref(repository, "meetings", mid, ("chair", "person"),
                                    chair.member, chair.person, "chair")  # fmt: skip
            if found is not None:
                yield found
        for field_name in ("attendees", "apologies"):
            seen: set[str] = set()
            for index, attendance in enumerate(getattr(meeting, field_name)):
                loc: tuple[str | int, ...] = (field_name, index, "member")
                if attendance.member in seen:
                    yield repository.problem(
                        "meetings", mid, loc, ERROR,
                        f"'{attendance.member}' is listed twice in {field_name}", "attendance-duplicate",
                    )  # fmt: skip
                seen.add(attendance.member)
                role = "attendee" if field_name == "attendees" else "apology from"
                if found := _member_ref(repository, "meetings", mid, loc, attendance.member, role):
                    yield found
                    continue
                for person_index, person in enumerate(attendance.people):
                    if (found := _person_ref(repository, "meetings", mid,
                                             (field_name, index, "people", person_index),
                                             attendance.member, person, role)):  # fmt: skip
                        yield found


def check_identity(repository: Repository, today: dt.date) -> Iterator[Problem]:
    # Every holder of a shared number is reported, not only the one whose id
    # sorts last: a pre-commit hook names just the file being committed, and
    # that may be either of them.
    numbers: dict[tuple[str, int], list[str]] = {}
    for cid, commitment in sorted(repository.commitments.items()):
        if commitment.number is not None:
            numbers.setdefault((commitment.agreed_at, commitment.number), []).append(cid)
    for (meeting, number), holders in numbers.items():
        if len(holders) < 2:
            continue
        for cid in holders:
            others = ", ".join(f"'{other}'" for other in holders if other != cid)
            yield repository.problem(
                "commitments", cid, ("number",), ERROR,
                f"number {number} of meeting '{meeting}' is also used by {others}",
                "number-duplicate",
            )  # fmt: skip
    for mid, member in repository.members.items():
        seen: set[str] = set()
        for index, person in enumerate(member.people):
            if person.name in seen:
                yield repository.problem(
                    "members", mid, ("people", index, "name"), ERROR,
                    f"'{person.name}' is listed twice in people", "person-duplicate",
                )  # fmt: skip
            seen.add(person.name)


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
                f"meeting was planned for {meeting.date}; mark it held or cancelled",
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


def check_completeness(repository: Repository, today: dt.date) -> Iterator[Problem]:
    owning: dict[str, int] = {}
    for cid, commitment in repository.commitments.items():
        if not commitment.is_open:
            continue
        for owner in commitment.owners:
            owning[owner] = owning.get(owner, 0) + 1
        if commitment.due is None and commitment.recurrence is None:
            yield repository.problem(
                "commitments", cid, (), WARNING,
                "open commitment has no due date (tracker update ID --due YYYY-MM-DD)",
                "no-due-date",
            )  # fmt: skip
    for member_id, count in sorted(owning.items()):
        member = repository.members.get(member_id)
        if member is None or member.focal_points or member.left is not None:
            continue
        yield repository.problem(
            "members", member_id, (), WARNING,
            f"{member.label} owns {count} open commitment{'s' if count != 1 else ''} "
            "but has no focal point (set focal_point: true on one of its people)",
            "no-focal-point",
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


RULES: tuple[Rule, ...] = (
    check_commitment_references,
    check_meeting_references,
    check_identity,
    check_update_history,
    check_status,
    check_dates,
    check_completeness,
    check_membership,
)

__all__ = ["Commitment", "Meeting", "ValidationResult", "check_repository", "validate"]
