"""Which meeting was the last one held, and which come next, on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cso_tracker.models import (
    Meeting,
    MeetingStatus,
)


def last_meeting(meetings: Iterable[Meeting], as_of: dt.date) -> Meeting | None:
    """The latest meeting held before the as-of day."""
    held = [m for m in meetings if m.status is MeetingStatus.HELD and m.date < as_of]
    return max(held, key=lambda m: (m.date, m.id), default=None)


def upcoming_meetings(meetings: Iterable[Meeting], as_of: dt.date) -> list[Meeting]:
    """Meetings on or after the as-of day that were not cancelled, soonest
    first. On a past as-of day a meeting held later was still to come: the
    records as they stood then (see as_it_stood), or a report as of March
    named a meeting a year away as the next one, and called everything due
    before it "due soon"."""
    coming = [m for m in meetings if m.status is not MeetingStatus.CANCELLED and m.date >= as_of]
    return sorted(coming, key=lambda m: (m.date, m.id))


def next_meeting(meetings: Iterable[Meeting], as_of: dt.date) -> Meeting | None:
    """The earliest meeting on or after the as-of day that was not cancelled."""
    upcoming = upcoming_meetings(meetings, as_of)
    return upcoming[0] if upcoming else None
