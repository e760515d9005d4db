"""The Note for the Record of a meeting (`tracker minutes`): who came, who
sent apologies, who chaired, the objectives and programme, the decisions,
and the actions agreed there with their owners and deadlines.

The actions are the commitments whose `agreed_at` is the meeting, in its
numbering, with the deadline as agreed (a later revision is progress, told
by `tracker status`, not part of what the meeting recorded). A planned
meeting's minutes are a draft (the secretariat writes them during the
call); a cancelled meeting has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cso_tracker.errors import MeetingStateError
from cso_tracker.models import Attendance, Commitment, Meeting, MeetingStatus, Member, PersonRef
from cso_tracker.query.asof import owner_labels


@dataclass(frozen=True)
class Party:
    """A member at the meeting and the people it sent (or who sent apologies)."""

    member: str
    label: str
    """Its name and acronym, as a note writes them: "Harm Reduction International (HRI)"."""
    people: tuple[str, ...]


@dataclass(frozen=True)
class Action:
    """A commitment agreed at the meeting, as agreed."""

    commitment: Commitment
    owners: str
    """The owners' acronyms (or names), as reports show them: "UNODC, HRI"."""
    due: dt.date | None
    """The deadline agreed at the meeting (not a later revision)."""

    @property
    def number(self) -> int | None:
        return self.commitment.number


@dataclass(frozen=True)
class Minutes:
    group: str
    meeting: Meeting
    convened_by: Party | None
    chair: Party | None
    """The chair's member, with the chair as its one person (if named)."""
    chair_title: str | None
    """The chair's title in the member's record ("Director, Division for Operations")."""
    attendees: tuple[Party, ...]
    apologies: tuple[Party, ...]
    actions: tuple[Action, ...]

    @property
    def draft(self) -> bool:
        """The meeting is still planned: these minutes are being written."""
        return self.meeting.status is MeetingStatus.PLANNED


def member_label(member_id: str, members: Mapping[str, Member]) -> str:
    member = members.get(member_id)
    if member is None:
        return member_id
    if member.acronym is None or member.acronym == member.name:
        return member.name
    return f"{member.name} ({member.acronym})"


def _party(member_id: str, people: Sequence[str], members: Mapping[str, Member]) -> Party:
    return Party(member_id, member_label(member_id, members), tuple(people))


def _parties(listed: Iterable[Attendance], members: Mapping[str, Member]) -> tuple[Party, ...]:
    return tuple(_party(a.member, a.people, members) for a in listed)


def _action_key(commitment: Commitment) -> tuple[bool, int, str]:
    """The meeting's numbering; unnumbered items after, by id."""
    number = commitment.number
    return (number is None, number if number is not None else 0, commitment.id)


def _chair_title(chair: PersonRef, members: Mapping[str, Member]) -> str | None:
    member = members.get(chair.member)
    if member is None or chair.person is None:
        return None
    person = member.person(chair.person)
    return person.title if person is not None else None


def build_minutes(
    *,
    group: str,
    meeting: Meeting,
    members: Mapping[str, Member],
    commitments: Iterable[Commitment],
) -> Minutes:
    """The minutes of `meeting`; MeetingStateError if it was cancelled."""
    if meeting.status is MeetingStatus.CANCELLED:
        raise MeetingStateError(
            f"{meeting.id} was cancelled, so it has no minutes",
            hint="`tracker show` prints the meeting, with why it was cancelled",
        )
    agreed = sorted((c for c in commitments if c.agreed_at == meeting.id), key=_action_key)
    actions = tuple(Action(c, owner_labels(c, members), c.agreed_due) for c in agreed)
    chair = meeting.chair
    return Minutes(
        group=group,
        meeting=meeting,
        convened_by=(
            _party(meeting.convened_by, (), members) if meeting.convened_by is not None else None
        ),
        chair=(
            _party(chair.member, () if chair.person is None else (chair.person,), members)
            if chair is not None
            else None
        ),
        chair_title=_chair_title(chair, members) if chair is not None else None,
        attendees=_parties(meeting.attendees, members),
        apologies=_parties(meeting.apologies, members),
        actions=actions,
    )
