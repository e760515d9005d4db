"""References between records: owners, update authors and GitHub handles, meetings, chairs,
attendees. Each names the reference in the user's words ("owner 'hri2' is not
a member; did you mean 'hri'?")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

from cso_tracker.checks.uniqueness import form_note
from cso_tracker.errors import did_you_mean, suggested
from cso_tracker.models import Attendance
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import UPDATES
from cso_tracker.repo.names import close_members, members_named
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import name_key

ERROR = Severity.ERROR
WARNING = Severity.WARNING


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
        kind, record_id, loc, ERROR, f"{role} {_not_a_member(repository, member_id)}",
        "ref-member",
    )  # fmt: skip


def _not_a_member(repository: Repository, word: str) -> str:
    """What is wrong with a reference that is no member's id: an acronym or
    an id in capitals says the id to write; anything else, the close ids."""
    named = members_named(repository.members, word)
    if not named:
        close = suggested(close_members(repository.members, word))
        return f"'{word}' is not a member{close}"
    if len(named) > 1:
        return (f"'{word}' is not a member id: it is the acronym of {' and '.join(named)}; "
                "write the id of the one meant")  # fmt: skip
    found = named[0]
    if found.casefold() == word.casefold():
        return f"'{word}' is not a member id (ids are lowercase); write the id '{found}'"
    return f"'{word}' is the acronym of a member, not its id; write the id '{found}'"


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


def check_settings_references(repository: Repository, today: dt.date) -> Iterator[Problem]:
    """tracker.yaml's default_member acts for every `tracker update` without
    --by: one naming no member would write updates no validation accepts."""
    member = repository.settings.default_member
    if member is not None and not repository.exists("members", member):
        yield repository.settings_problem(
            ("default_member",), ERROR,
            f"default_member {_not_a_member(repository, member)}",
            "ref-member",
        )  # fmt: skip


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


def check_update_references(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for uid, update in repository.updates.items():
        found = _member_ref(repository, UPDATES, uid, ("by",), update.by, "update by")
        if found is None and update.author is not None:
            found = _person_ref(
                repository, UPDATES, uid, ("author",), update.by, update.author, "author"
            )
        if found is not None:
            yield found


# A GitHub login: letters, digits and single hyphens, not at either end, at
# most 39 characters; or a team, `organisation/team-name`.
_LOGIN = r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}"
GITHUB_HANDLE: Final = re.compile(rf"@?{_LOGIN}(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?")


def check_handles(repository: Repository, today: dt.date) -> Iterator[Problem]:
    """GitHub handles are written into CODEOWNERS and matched against the
    author of a pull request: one that cannot be a handle never matches."""
    for mid, member in repository.members.items():
        places: list[tuple[tuple[str | int, ...], str]] = [
            (("github", index), handle) for index, handle in enumerate(member.github)
        ]
        places += [
            (("people", index, "github"), person.github)
            for index, person in enumerate(member.people)
            if person.github is not None
        ]
        for loc, handle in places:
            if GITHUB_HANDLE.fullmatch(handle) is None:
                yield repository.problem(
                    "members", mid, loc, ERROR,
                    f"{handle!r} is not a GitHub handle (a login such as octo-cat, or a team "
                    "such as my-org/focal-points)", "github-handle",
                )  # fmt: skip


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
        yield from _attendance(repository, mid)


def _attendance(repository: Repository, mid: str) -> Iterator[Problem]:
    """Attendees and apologies: members, their people, each listed once, and
    no one both present and excused (which of the two would a report believe?)."""
    meeting = repository.meetings[mid]
    attending = {a.member: a for a in meeting.attendees}
    for field_name in ("attendees", "apologies"):
        seen: set[str] = set()
        for index, attendance in enumerate(getattr(meeting, field_name)):
            loc: tuple[str | int, ...] = (field_name, index, "member")
            if attendance.member in seen:
                yield repository.problem(
                    "meetings", mid, loc, ERROR,
                    f"'{attendance.member}' is listed twice in {field_name}", "attendance-duplicate",
                )  # fmt: skip
            elif field_name == "apologies" and attendance.member in attending:
                yield from _conflict(repository, mid, index, attending[attendance.member])
            seen.add(attendance.member)
            role = "attendee" if field_name == "attendees" else "apology from"
            if found := _member_ref(repository, "meetings", mid, loc, attendance.member, role):
                yield found
                continue
            yield from _attendance_people(repository, mid, field_name, index, role)


def _conflict(
    repository: Repository, mid: str, index: int, attended: Attendance
) -> Iterator[Problem]:
    """A member may attend through one person and send another's apologies;
    not the same person both ways, nor the member as a whole (an entry with
    no people) one way and anyone the other."""
    excused = repository.meetings[mid].apologies[index]
    if not attended.people or not excused.people:
        yield repository.problem(
            "meetings", mid, ("apologies", index, "member"), ERROR,
            f"'{excused.member}' is listed both in attendees and in apologies; keep the one "
            "that is true (or name which of its people came and which sent apologies)",
            "attendance-conflict",
        )  # fmt: skip
        return
    present = {name_key(person) for person in attended.people}
    for person_index, person in enumerate(excused.people):
        if name_key(person) in present:
            yield repository.problem(
                "meetings", mid, ("apologies", index, "people", person_index), ERROR,
                f"'{person}' of {excused.member} is listed both in attendees and in apologies; "
                "keep the one that is true", "attendance-conflict",
            )  # fmt: skip


def _attendance_people(
    repository: Repository, mid: str, field_name: str, index: int, role: str
) -> Iterator[Problem]:
    attendance = getattr(repository.meetings[mid], field_name)[index]
    named: dict[str, str] = {}
    for person_index, person in enumerate(attendance.people):
        loc = (field_name, index, "people", person_index)
        first = named.get(name_key(person))
        if first is not None:
            yield repository.problem(
                "meetings", mid, loc, ERROR,
                f"'{person}' is listed twice in the people of {attendance.member} in "
                f"{field_name}{form_note(first, person)}", "attendance-duplicate",
            )  # fmt: skip
            continue
        named[name_key(person)] = person
        if found := _person_ref(repository, "meetings", mid, loc, attendance.member, person, role):
            yield found
