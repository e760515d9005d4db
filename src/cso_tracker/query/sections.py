"""The sections of the status report, each a pure function of the
commitments as they stood on the as-of day: overdue, due soon, changed,
stale, tallied, by owner, recently closed, standing obligations, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from cso_tracker.models import (
    Commitment,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Person,
    Recurrence,
    Status,
    Update,
    open_by_owner,
)
from cso_tracker.query.asof import (
    closing_update,
    days_overdue,
    due_key,
    last_update,
    quiet_since,
    status_before,
)

MEETING_TAG: Final = "meeting"
"""A recurring commitment with this tag is met by holding a meeting (in person
for a yearly one), not by an update: the 2013 group's annual face-to-face."""


@dataclass(frozen=True)
class Overdue:
    commitment: Commitment
    days_overdue: int


@dataclass(frozen=True)
class DueSoon:
    commitment: Commitment
    days_left: int
    within_window: bool
    """Due within `due_soon_days` of the as-of day."""
    before_next_meeting: bool
    """Due on or before the next planned meeting."""


@dataclass(frozen=True)
class Change:
    commitment: Commitment
    update: Update
    old_status: Status
    new_status: Status | None
    """None when the update is a note that leaves the status as it was."""

    @property
    def changes_status(self) -> bool:
        return self.new_status is not None and self.new_status is not self.old_status

    @property
    def summary(self) -> str:
        """`old → new`, `status (confirmed)` when an update repeats the
        status, or `note` when it sets none."""
        if self.new_status is None:
            return "note"
        if self.new_status is self.old_status:
            return f"{self.new_status.value} (confirmed)"
        return f"{self.old_status.value} → {self.new_status.value}"


@dataclass(frozen=True)
class Stale:
    commitment: Commitment
    last_activity: dt.date
    days_quiet: int
    last_update: Update | None
    """None when nobody has updated it since the meeting that agreed it."""


@dataclass(frozen=True)
class Tally:
    status: Status
    count: int

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True)
class OwnerItems:
    member_id: str
    member: Member | None
    """None when the owner is not (or no longer loads as) a member."""
    items: tuple[Commitment, ...]

    @property
    def label(self) -> str:
        return self.member.label if self.member is not None else self.member_id

    @property
    def focal_points(self) -> tuple[Person, ...]:
        return self.member.focal_points if self.member is not None else ()


@dataclass(frozen=True)
class Closed:
    commitment: Commitment
    update: Update
    """The update that closed it, with its evidence."""


@dataclass(frozen=True)
class Obligation:
    commitment: Commitment
    recurrence: Recurrence
    period: str
    """`2026`, `2026-Q4` or `2026-11`."""
    start: dt.date
    end: dt.date
    met: bool
    met_by_meeting: Meeting | None = None
    met_by_update: Update | None = None


def meeting_order(commitment: Commitment) -> tuple[str, bool, int, str]:
    """The order of the meeting's note: by the meeting that agreed an item,
    then its number (unnumbered last), then id. Ties in the attention
    sections (the same days late or quiet) fall in this order."""
    number = commitment.number
    return (commitment.agreed_at, number is None, number or 0, commitment.id)


def _due_open(commitments: Iterable[Commitment]) -> list[tuple[Commitment, dt.date]]:
    return [(c, c.due) for c in commitments if c.is_open and c.due is not None]


def overdue(commitments: Iterable[Commitment], as_of: dt.date) -> list[Overdue]:
    """Open items due before the as-of day, oldest due first."""
    late = ((c, days_overdue(c, as_of)) for c in commitments)
    found = [Overdue(c, days) for c, days in late if days is not None]
    return sorted(found, key=lambda o: (-o.days_overdue, meeting_order(o.commitment)))


def undated(commitments: Iterable[Commitment]) -> list[Commitment]:
    """Open, non-recurring items with no due date: they can never be overdue."""
    found = [c for c in commitments if c.is_open and c.due is None and c.recurrence is None]
    return sorted(found, key=lambda c: c.id)


def due_soon(
    commitments: Iterable[Commitment],
    as_of: dt.date,
    *,
    window_days: int,
    next_meeting_day: dt.date | None,
) -> list[DueSoon]:
    """Open items due from the as-of day to `window_days` later, or before
    the next planned meeting, soonest first."""
    found = []
    for commitment, due in _due_open(commitments):
        if due < as_of:
            continue
        days_left = (due - as_of).days
        within = days_left <= window_days
        before_meeting = next_meeting_day is not None and due <= next_meeting_day
        if within or before_meeting:
            found.append(DueSoon(commitment, days_left, within, before_meeting))
    return sorted(found, key=lambda d: (d.days_left, d.commitment.id))


def changes(commitments: Iterable[Commitment], since: dt.date, as_of: dt.date) -> list[Change]:
    """Updates dated from `since` to `as_of` (both included), in date order."""
    found = []
    for commitment in commitments:
        for index, update in enumerate(commitment.updates):
            if since <= update.date <= as_of:
                found.append(Change(commitment, update, status_before(commitment, index),
                                    update.status))  # fmt: skip
    return sorted(found, key=lambda c: (c.update.date, c.commitment.id))


def stale(
    commitments: Iterable[Commitment],
    meetings: Mapping[str, Meeting],
    as_of: dt.date,
    *,
    after_days: int,
) -> list[Stale]:
    """Open items quiet for more than `after_days`, quietest first."""
    found = []
    for commitment in commitments:
        day = quiet_since(commitment, meetings, as_of, after_days=after_days)
        if day is not None:
            found.append(Stale(commitment, day, (as_of - day).days, last_update(commitment, as_of)))
    return sorted(found, key=lambda s: (-s.days_quiet, meeting_order(s.commitment)))


def tallies(commitments: Iterable[Commitment]) -> list[Tally]:
    """One row per status, in the order of the Status enum (open ones first)."""
    counts = dict.fromkeys(Status, 0)
    for commitment in commitments:
        counts[commitment.status] += 1
    return [Tally(status, count) for status, count in counts.items()]


def _due_then_number(commitment: Commitment) -> tuple[bool, dt.date, tuple[str, bool, int, str]]:
    return (*due_key(commitment)[:2], meeting_order(commitment))


def by_owner(commitments: Iterable[Commitment], members: Mapping[str, Member]) -> list[OwnerItems]:
    """Each owner's open items (soonest due first, undated ones in the
    meeting's order), owners by label."""
    groups = [
        OwnerItems(owner, members.get(owner), tuple(sorted(items, key=_due_then_number)))
        for owner, items in open_by_owner(commitments).items()
    ]
    return sorted(groups, key=lambda g: (g.label.casefold(), g.member_id))


def recently_closed(
    commitments: Iterable[Commitment], since: dt.date, as_of: dt.date
) -> list[Closed]:
    """Items closed (done, partial, dropped) from `since` to `as_of`, latest first."""
    found = []
    for commitment in commitments:
        update = closing_update(commitment)
        if update is not None and since <= update.date <= as_of:
            found.append(Closed(commitment, update))
    return sorted(found, key=lambda c: (c.update.date, c.commitment.id), reverse=True)


def period_of(recurrence: Recurrence, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The label, first and last day of the period of `recurrence` holding `day`."""
    from cso_tracker.dates import end_of_month

    if recurrence is Recurrence.YEARLY:
        return str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if recurrence is Recurrence.QUARTERLY:
        quarter = (day.month - 1) // 3
        start = dt.date(day.year, quarter * 3 + 1, 1)
        return (
            f"{day.year}-Q{quarter + 1}",
            start,
            end_of_month(start.replace(month=quarter * 3 + 3)),
        )
    start = day.replace(day=1)
    return f"{day.year}-{day.month:02d}", start, end_of_month(start)


def standing_obligations(
    commitments: Iterable[Commitment], meetings: Iterable[Meeting], as_of: dt.date
) -> list[Obligation]:
    """Each open recurring commitment's occurrence in the current period.

    A commitment tagged `meeting` is met by a meeting held in the period up to
    the as-of day (in person, when it recurs yearly: the annual face-to-face);
    any other is met by an update dated in the period up to the as-of day.
    """
    held = sorted(
        (m for m in meetings if m.status is MeetingStatus.HELD),
        key=lambda m: (m.date, m.id),
    )
    found = []
    for commitment in commitments:
        if commitment.recurrence is None or not commitment.is_open:
            continue
        label, start, end = period_of(commitment.recurrence, as_of)
        if MEETING_TAG in commitment.tags:
            matching = [
                m for m in held
                if start <= m.date <= as_of
                and (commitment.recurrence is not Recurrence.YEARLY
                     or m.kind is MeetingKind.IN_PERSON)
            ]  # fmt: skip
            meeting = matching[-1] if matching else None
            found.append(Obligation(commitment, commitment.recurrence, label, start, end,
                                    meeting is not None, met_by_meeting=meeting))  # fmt: skip
        else:
            in_period = [u for u in commitment.updates if start <= u.date <= as_of]
            update = in_period[-1] if in_period else None
            found.append(Obligation(commitment, commitment.recurrence, label, start, end,
                                    update is not None, met_by_update=update))  # fmt: skip
    return sorted(found, key=lambda o: (o.met, o.commitment.id))


@dataclass(frozen=True)
class TimelineItem:
    commitment: Commitment
    start: dt.date
    end: dt.date
    section: str
    """The first owner's label: Mermaid groups bars by it."""
    overdue: bool


def timeline(
    commitments: Iterable[Commitment],
    meetings: Mapping[str, Meeting],
    members: Mapping[str, Member],
    as_of: dt.date,
    *,
    owner: str | None = None,
) -> list[TimelineItem]:
    """Open items with a due date, from the day they were agreed to the day
    due, grouped by their first owner (by `owner` when the report is narrowed
    to that member, so a co-owned item is not charted under another)."""
    found = []
    sections: dict[str, tuple[str, str]] = {}  # first owner -> its section and sort key
    for commitment, due in _due_open(commitments):
        meeting = meetings.get(commitment.agreed_at)
        start = meeting.date if meeting is not None and meeting.date <= due else due
        first = owner if owner is not None else (commitment.owners[0] if commitment.owners else "")
        known = sections.get(first)
        if known is None:
            member = members.get(first)
            section = member.label if member is not None else (first or "no owner")
            known = sections[first] = (section, section.casefold())
        found.append((known[1], TimelineItem(commitment, start, due, known[0], due < as_of)))
    found.sort(key=lambda pair: (pair[0], pair[1].end, pair[1].commitment.id))
    return [item for _key, item in found]


def timeline_meetings(
    meetings: Iterable[Meeting], bars: Sequence[TimelineItem], upcoming: Sequence[Meeting]
) -> list[Meeting]:
    """The meetings the timeline marks beside its bars: those not cancelled,
    from the first bar's start to the next planned meeting (or the last bar's
    end when none is planned), oldest first."""
    if not bars:
        return []
    first = min(t.start for t in bars)
    last = max(t.end for t in bars)
    if upcoming:
        last = max(last, upcoming[0].date)
    shown = [
        m for m in meetings if m.status is not MeetingStatus.CANCELLED and first <= m.date <= last
    ]
    return sorted(shown, key=lambda m: (m.date, m.id))


# --- members and meetings ------------------------------------------------------------------


def open_counts(commitments: Iterable[Commitment]) -> dict[str, int]:
    """Member id -> how many open commitments it owns."""
    return {owner: len(items) for owner, items in open_by_owner(commitments).items()}
