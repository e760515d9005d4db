"""The draft agenda of a meeting: the open items to review, the items new
since the last meeting, and the standing obligations of the period.

An item stands in one place: an item agreed at the last meeting or since is
"new" (with its status and lateness), every other open item is reviewed.
A meeting's own items are not on its agenda, so the agenda of a held
meeting reads as it did before the call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cso_tracker.models import (
    Commitment,
    Meeting,
    MeetingStatus,
    Member,
    Update,
)
from cso_tracker.query.asof import as_they_stood, days_overdue, due_key, last_update
from cso_tracker.query.meetings import last_meeting, next_meeting
from cso_tracker.query.sections import Obligation, standing_obligations


@dataclass(frozen=True)
class ReviewItem:
    commitment: Commitment
    days_overdue: int
    """0 when the item is not overdue."""
    last_update: Update | None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class Agenda:
    group: str
    meeting: Meeting | None
    """None when no meeting is planned for the day drafted for."""
    as_of: dt.date
    last_meeting: Meeting | None
    review: list[ReviewItem]
    """The open items agreed before the last meeting: overdue ones first
    (most overdue first), then by due."""
    new_review: list[ReviewItem]
    """Items agreed at the last meeting or since, open or not, in the
    meetings' order and each meeting's numbering."""
    obligations: list[Obligation]
    members: Mapping[str, Member] = field(repr=False, default_factory=dict)
    day: dt.date | None = None
    """The day drafted for: the meeting's, or the day given."""

    @property
    def date(self) -> dt.date:
        if self.day is not None:
            return self.day
        return self.meeting.date if self.meeting is not None else self.as_of

    @property
    def new_items(self) -> list[Commitment]:
        return [r.commitment for r in self.new_review]

    @staticmethod
    def several_meetings(rows: Iterable[ReviewItem]) -> bool:
        """Whether `rows` come from more than one meeting (their numbers then
        name the meeting: "2013-02-21 #3")."""
        return len({r.commitment.agreed_at for r in rows}) > 1

    @property
    def since(self) -> dt.date | None:
        """The day of the last meeting: where "new items" start."""
        return self.last_meeting.date if self.last_meeting is not None else None


def agenda_meeting(
    meetings: Mapping[str, Meeting], *, day: dt.date | None, as_of: dt.date
) -> Meeting | None:
    """The meeting an agenda is for when none is named: the one on `day`
    (not cancelled), else, with no day given, the next from the as-of day."""
    if day is None:
        return next_meeting(meetings.values(), as_of)
    on_day = [
        m for m in meetings.values() if m.date == day and m.status is not MeetingStatus.CANCELLED
    ]
    return min(on_day, key=lambda m: m.id, default=None)


def agenda_as_of(day: dt.date, today: dt.date) -> dt.date:
    """The default as-of day of an agenda for `day`: today, or for a meeting
    in the past its own day (the items as they stood then)."""
    return min(day, today)


def _review_item(commitment: Commitment, as_of: dt.date) -> ReviewItem:
    days = days_overdue(commitment, as_of) or 0
    return ReviewItem(commitment, days, last_update(commitment, as_of))


def build_agenda(
    *,
    group: str,
    meeting: Meeting | None,
    members: Mapping[str, Member],
    meetings: Mapping[str, Meeting],
    commitments: Iterable[Commitment],
    as_of: dt.date,
    day: dt.date | None = None,
) -> Agenda:
    """The agenda of `meeting` (or, with none, of a call on `day`)."""
    drafted_for = day if day is not None else (meeting.date if meeting is not None else as_of)
    own = meeting.id if meeting is not None else None
    items = [c for c in as_they_stood(commitments, meetings, as_of) if c.agreed_at != own]
    last = last_meeting(meetings.values(), min(as_of, drafted_for))
    since = last.date if last is not None else None
    new = [
        c for c in items
        if since is not None and c.agreed_at in meetings
        and since <= meetings[c.agreed_at].date <= as_of
    ]  # fmt: skip
    new.sort(
        key=lambda c: (
            meetings[c.agreed_at].date,
            c.agreed_at,
            c.number is None,
            c.number or 0,
            c.id,
        )
    )
    fresh = {c.id for c in new}
    review = [_review_item(c, as_of) for c in items if c.is_open and c.id not in fresh]
    review.sort(key=lambda r: (not r.overdue, -r.days_overdue, *due_key(r.commitment)))
    return Agenda(
        group=group,
        meeting=meeting,
        as_of=as_of,
        last_meeting=last,
        review=review,
        new_review=[_review_item(c, as_of) for c in new],
        obligations=standing_obligations(items, meetings.values(), as_of),
        members=members,
        day=drafted_for,
    )
