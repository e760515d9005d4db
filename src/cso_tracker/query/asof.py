"""One commitment as it stood on a day: its updates so far, its status then,
how late and how quiet it was. Every report and listing looks at records
through this view, so a report "as of" a past day does not see the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from cso_tracker.models import (
    Commitment,
    Meeting,
    Member,
    Status,
    Update,
    last_status_update,
)


def updates_until(commitment: Commitment, as_of: dt.date) -> list[Update]:
    return [u for u in commitment.updates if u.date <= as_of]


def last_update(commitment: Commitment, as_of: dt.date) -> Update | None:
    """The last of `updates_until(commitment, as_of)`, found from the end
    (usually its first look: the stale and digest sections ask for every item)."""
    for update in reversed(commitment.updates):
        if update.date <= as_of:
            return update
    return None


def last_activity(
    commitment: Commitment, meetings: Mapping[str, Meeting], as_of: dt.date
) -> dt.date | None:
    """The day of the latest update on or before as-of, else the day of the
    meeting that agreed the commitment (None if that meeting is unknown)."""
    update = last_update(commitment, as_of)
    if update is not None:
        return update.date
    meeting = meetings.get(commitment.agreed_at)
    return meeting.date if meeting is not None else None


def as_it_stood(
    commitment: Commitment, meetings: Mapping[str, Meeting], as_of: dt.date
) -> Commitment | None:
    """The commitment as its record read at the end of the as-of day: None if
    the meeting that agreed it comes later, else without the updates dated
    later and with the status those updates had not yet set.

    Without this a report as of a past day counted today's statuses: an item
    dropped later was missing from that day's overdue list, and items agreed
    later were already in the tally. Today's records come back unchanged.
    """
    meeting = meetings.get(commitment.agreed_at)
    if meeting is not None and meeting.date > as_of:
        return None
    if all(u.date <= as_of for u in commitment.updates):
        return commitment
    known = tuple(u for u in commitment.updates if u.date <= as_of)
    status = commitment.status
    if any(u.status is not None for u in commitment.updates if u.date > as_of):
        status = _latest_status(known)
    return commitment.model_copy(update={"updates": known, "status": status})


def _latest_status(updates: Sequence[Update]) -> Status:
    """The status set by the latest of `updates` that sets one, else `agreed`
    (every commitment starts agreed)."""
    index = last_status_update(updates)
    status = updates[index].status if index is not None else None
    return status if status is not None else Status.AGREED


def status_before(commitment: Commitment, index: int) -> Status:
    """The status in force just before `updates[index]`."""
    return _latest_status(commitment.updates[:index])


def days_overdue(commitment: Commitment, as_of: dt.date) -> int | None:
    """How many days an open commitment is past due; None if it is not."""
    due = commitment.due
    if not commitment.is_open or due is None or due >= as_of:
        return None
    return (as_of - due).days


def quiet_since(
    commitment: Commitment, meetings: Mapping[str, Meeting], as_of: dt.date, *, after_days: int
) -> dt.date | None:
    """The day of an open commitment's last activity when it has been quiet
    for more than `after_days` (stale); None if it is not stale.

    A standing obligation (one with a recurrence) is never stale: it is
    judged period by period under Standing obligations, and a yearly meeting
    that was held is not "quiet" for want of an update."""
    if not commitment.is_open or commitment.recurrence is not None:
        return None
    day = last_activity(commitment, meetings, as_of)
    return day if day is not None and (as_of - day).days > after_days else None


def owner_labels(commitment: Commitment, members: Mapping[str, Member]) -> str:
    """The owners' labels (acronym or name), or the id of an unknown member."""
    return ", ".join(members[o].label if o in members else o for o in commitment.owners)


def closing_update(commitment: Commitment) -> Update | None:
    """The update that set a closed commitment's current status."""
    index = last_status_update(commitment.updates)
    if commitment.is_open or index is None:
        return None
    update = commitment.updates[index]
    return update if update.status is commitment.status else None


def as_they_stood(
    commitments: Iterable[Commitment], meetings: Mapping[str, Meeting], as_of: dt.date
) -> list[Commitment]:
    """The commitments that existed on the as-of day, as they stood, by id."""
    stood = (as_it_stood(c, meetings, as_of) for c in commitments)
    return sorted((c for c in stood if c is not None), key=lambda c: c.id)


def owned_by(commitments: Iterable[Commitment], member_id: str) -> list[Commitment]:
    return [c for c in commitments if member_id in c.owners]


def due_key(commitment: Commitment) -> tuple[bool, dt.date, str]:
    """Soonest due first, undated last, then by id."""
    due = commitment.due
    return (due is None, due if due is not None else dt.date.max, commitment.id)
