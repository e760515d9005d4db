"""`tracker meeting attendance`: who attended a meeting and who sent
apologies, both lists written in one go (the secretariat reads the roll
once, after the call, rather than one member at a time)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cso_tracker.errors import InputError, NothingToChangeError, did_you_mean
from cso_tracker.models import Attendance, Meeting, Member
from cso_tracker.query.lookup import require_member
from cso_tracker.repo.repository import Repository
from cso_tracker.write.documents import new_mapping
from cso_tracker.write.meetings import refuse_no_attendance
from cso_tracker.write.programme import replace_list
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import WriteOptions, edit_record


@dataclass(frozen=True)
class Presence:
    """One member and the people of it who attended (or sent apologies)."""

    member: str
    people: tuple[str, ...] = ()


def merged(entries: Sequence[Presence]) -> list[Presence]:
    """A member given twice (`ehrn:A` and `ehrn:B`) is one entry with both
    people, in the order given."""
    people: dict[str, list[str]] = {}
    for entry in entries:
        known = people.setdefault(entry.member, [])
        known.extend(p for p in entry.people if p not in known)
    return [Presence(member, tuple(names)) for member, names in people.items()]


def _resolved(
    entries: Sequence[Presence], members: Mapping[str, Member], role: str
) -> list[Presence]:
    """`entries` checked against the member records, each person named as
    the record spells it (names compare in NFC: vocabulary.name_key)."""
    resolved = []
    for entry in entries:
        try:
            member = require_member(members, entry.member)
        except InputError as error:
            raise InputError(error.value, f"{role} {error.message}", hint=error.hint) from error
        names = [p.name for p in member.people]
        people = []
        for person in entry.people:
            found = member.person(person)
            if found is None:
                raise InputError(
                    person,
                    f"{role} '{person}' is not one of the people of {member.id}"
                    f"{_suggestion(person, names)}",
                    hint=f"add them first: tracker member person {member.id} --name NAME",
                )
            people.append(found.name)
        resolved.append(Presence(member.id, tuple(people)))
    return merged(resolved)


def _suggestion(person: str, names: Sequence[str]) -> str:
    """ "; did you mean ...?": a close spelling, else the one name that
    starts with what was typed (a first name: 'Ann' for 'Ann Fordham')."""
    close = did_you_mean(person, names)
    starting = [n for n in names if n.lower().startswith(person.lower())]
    if close == "" and len(starting) == 1:
        return f"; did you mean '{starting[0]}'?"
    return close


def _overlap(present: Sequence[Presence], apologies: Sequence[Presence]) -> None:
    """A member may be in both lists (one person came, another could not),
    but no person may, and neither may a member named without people."""
    away = {a.member: a for a in apologies}
    for entry in present:
        other = away.get(entry.member)
        if other is None:
            continue
        both = [p for p in entry.people if p in other.people]
        if both or not entry.people or not other.people:
            who = f"'{both[0]}' of {entry.member}" if both else f"'{entry.member}'"
            raise InputError(
                entry.member,
                f"{who} is both present and sending apologies",
                hint="name the people who came and those who sent apologies",
            )


def _entry(presence: Presence) -> Any:
    values = {"member": presence.member, "people": list(presence.people)}
    return new_mapping(Attendance, values)


def _as_entries(listed: Sequence[Attendance]) -> list[Presence]:
    return [Presence(a.member, a.people) for a in listed]


def _summary(entries: Sequence[Presence]) -> str:
    return ", ".join(e.member for e in entries) or "none"


def set_attendance(
    root: Path,
    meeting_id: str,
    *,
    present: Sequence[Presence],
    apologies: Sequence[Presence],
    options: WriteOptions,
) -> Edit:
    """Replace the meeting's attendees and apologies with `present` and
    `apologies`. A meeting still to come has no attendance yet: refused."""

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        refuse_no_attendance(meeting, options.today)
        came = _resolved(present, repository.members, "attendee")
        away = _resolved(apologies, repository.members, "apology from")
        _overlap(came, away)
        if came == _as_entries(meeting.attendees) and away == _as_entries(meeting.apologies):
            raise NothingToChangeError(
                f"{meeting_id} already records this attendance; nothing to change",
                subject="meeting",
            )
        replace_list(document, "attendees", [_entry(e) for e in came])
        replace_list(document, "apologies", [_entry(e) for e in away])
        return f"{meeting_id}: attendance: present {_summary(came)}; apologies {_summary(away)}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)
