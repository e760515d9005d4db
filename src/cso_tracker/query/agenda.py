"""The draft agenda of a meeting: every open item to review, the items new
since the last meeting, and the standing obligations of the period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cso_tracker.models import (
    Commitment,
    Meeting,
    Member,
    Update,
)
from cso_tracker.query.asof import as_they_stood, days_overdue, due_key, last_update
from cso_tracker.query.meetings import last_meeting
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
    meeting: Meeting
    as_of: dt.date
    last_meeting: Meeting | None
    review: list[ReviewItem]
    """Every open item: overdue ones first (most overdue first), then by due."""
    new_items: list[Commitment]
    """Items agreed at a meeting held since the last meeting (itself included)."""
    obligations: list[Obligation]
    members: Mapping[str, Member] = field(repr=False, default_factory=dict)

    @property
    def since(self) -> dt.date | None:
        """The day of the last meeting: where "new items" start."""
        return self.last_meeting.date if self.last_meeting is not None else None


def build_agenda(
    *,
    group: str,
    meeting: Meeting,
    members: Mapping[str, Member],
    meetings: Mapping[str, Meeting],
    commitments: Iterable[Commitment],
    as_of: dt.date,
) -> Agenda:
    items = as_they_stood(commitments, meetings, as_of)
    last = last_meeting(meetings.values(), min(as_of, meeting.date))
    review = []
    for commitment in items:
        if commitment.is_open:
            days = days_overdue(commitment, as_of) or 0
            review.append(ReviewItem(commitment, days, last_update(commitment, as_of)))
    review.sort(key=lambda r: (not r.overdue, -r.days_overdue, *due_key(r.commitment)))
    since = last.date if last is not None else None
    new_items = [
        c for c in items
        if since is not None and c.agreed_at in meetings
        and since <= meetings[c.agreed_at].date <= as_of
    ]  # fmt: skip
    return Agenda(
        group=group,
        meeting=meeting,
        as_of=as_of,
        last_meeting=last,
        review=review,
        new_items=new_items,
        obligations=standing_obligations(items, meetings.values(), as_of),
        members=members,
    )
