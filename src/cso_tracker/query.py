"""Pure questions over the records: what is late, due soon, stale, changed,
owed by whom, and which commitments match the filters of `tracker list`.

Every function takes the records and an as-of day and returns typed
dataclasses; nothing here reads files, runs git or prints. Updates dated
after the as-of day are ignored when deciding what changed and how long an
item has been quiet, so a report "as of" a past day does not see the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, TypeVar

from cso_tracker.errors import UsageError, did_you_mean
from cso_tracker.git import Version
from cso_tracker.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Commitment,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    Person,
    Recurrence,
    Settings,
    Status,
    Update,
    last_status_update,
)

MEETING_TAG: Final = "meeting"
"""A recurring commitment with this tag is met by holding a meeting (in person
for a yearly one), not by an update: the 2013 group's annual face-to-face."""


# --- meetings ------------------------------------------------------------------


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


# --- one commitment ----------------------------------------------------------------


def updates_until(commitment: Commitment, as_of: dt.date) -> list[Update]:
    return [u for u in commitment.updates if u.date <= as_of]


def last_update(commitment: Commitment, as_of: dt.date) -> Update | None:
    known = updates_until(commitment, as_of)
    return known[-1] if known else None


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


# --- report sections -------------------------------------------------------------------


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


def _due_open(commitments: Iterable[Commitment]) -> list[tuple[Commitment, dt.date]]:
    return [(c, c.due) for c in commitments if c.is_open and c.due is not None]


def overdue(commitments: Iterable[Commitment], as_of: dt.date) -> list[Overdue]:
    """Open items due before the as-of day, oldest due first."""
    late = ((c, days_overdue(c, as_of)) for c in commitments)
    found = [Overdue(c, days) for c, days in late if days is not None]
    return sorted(found, key=lambda o: (-o.days_overdue, o.commitment.id))


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
    return sorted(found, key=lambda s: (-s.days_quiet, s.commitment.id))


def tallies(commitments: Iterable[Commitment]) -> list[Tally]:
    """One row per status, in the order of the Status enum (open ones first)."""
    counts = dict.fromkeys(Status, 0)
    for commitment in commitments:
        counts[commitment.status] += 1
    return [Tally(status, count) for status, count in counts.items()]


def by_owner(commitments: Iterable[Commitment], members: Mapping[str, Member]) -> list[OwnerItems]:
    """Each owner's open items (soonest due first), owners by label."""
    owned: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        if commitment.is_open:
            for owner in commitment.owners:
                owned.setdefault(owner, []).append(commitment)
    groups = [
        OwnerItems(owner, members.get(owner), tuple(sorted(items, key=due_key)))
        for owner, items in owned.items()
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


# --- the whole status report ------------------------------------------------------------


@dataclass(frozen=True)
class StatusReport:
    group: str
    as_of: dt.date
    since: dt.date | None
    """None when there is no held meeting before as-of and no --since."""
    since_label: str
    """`last meeting`, `given` or `no meeting held yet`."""
    owner: Member | None
    """The member the report is narrowed to, if any."""
    last_meeting: Meeting | None
    version: Version | None
    """None when the records are not in a git repository."""
    settings: Settings
    tallies: list[Tally]
    overdue: list[Overdue]
    undated: list[Commitment]
    """Open items with no due date and no recurrence (never overdue)."""
    due_soon: list[DueSoon]
    changes: list[Change]
    stale: list[Stale]
    by_owner: list[OwnerItems]
    recently_closed: list[Closed]
    obligations: list[Obligation]
    upcoming_meetings: list[Meeting]
    timeline: list[TimelineItem]
    members: Mapping[str, Member] = field(repr=False, default_factory=dict)

    @property
    def next_meeting(self) -> Meeting | None:
        return self.upcoming_meetings[0] if self.upcoming_meetings else None

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tallies)

    @property
    def open_count(self) -> int:
        return sum(t.count for t in self.tallies if t.is_open)

    @property
    def closed_count(self) -> int:
        return self.total - self.open_count


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
) -> list[TimelineItem]:
    """Open items with a due date, from the day they were agreed to the day due."""
    found = []
    for commitment, due in _due_open(commitments):
        meeting = meetings.get(commitment.agreed_at)
        start = meeting.date if meeting is not None and meeting.date <= due else due
        owner = commitment.owners[0] if commitment.owners else ""
        member = members.get(owner)
        section = member.label if member is not None else (owner or "no owner")
        found.append(TimelineItem(commitment, start, due, section, due < as_of))
    return sorted(found, key=lambda t: (t.section.casefold(), t.end, t.commitment.id))


def _as_they_stood(
    commitments: Iterable[Commitment], meetings: Mapping[str, Meeting], as_of: dt.date
) -> list[Commitment]:
    """The commitments that existed on the as-of day, as they stood, by id."""
    stood = (as_it_stood(c, meetings, as_of) for c in commitments)
    return sorted((c for c in stood if c is not None), key=lambda c: c.id)


def owned_by(commitments: Iterable[Commitment], member_id: str) -> list[Commitment]:
    return [c for c in commitments if member_id in c.owners]


def build_status(
    *,
    group: str,
    settings: Settings,
    members: Mapping[str, Member],
    meetings: Mapping[str, Meeting],
    commitments: Iterable[Commitment],
    as_of: dt.date,
    since: dt.date | None = None,
    owner: str | None = None,
    version: Version | None = None,
) -> StatusReport:
    """Every section of `tracker status`. `since` None means "since the last
    meeting"; `owner` narrows the commitment sections to one member's items."""
    items = _as_they_stood(commitments, meetings, as_of)
    owner_member: Member | None = None
    if owner is not None:
        owner_member = require_member(members, owner, option="--owner")
        items = owned_by(items, owner)
    last = last_meeting(meetings.values(), as_of)
    upcoming = upcoming_meetings(meetings.values(), as_of)
    if since is not None:
        since_label = "given"
    elif last is not None:
        since, since_label = last.date, "last meeting"
    else:
        since_label = "no meeting held yet"
    return StatusReport(
        group=group,
        as_of=as_of,
        since=since,
        since_label=since_label,
        owner=owner_member,
        last_meeting=last,
        version=version,
        settings=settings,
        tallies=tallies(items),
        overdue=overdue(items, as_of),
        undated=undated(items),
        due_soon=due_soon(items, as_of, window_days=settings.due_soon_days,
                          next_meeting_day=upcoming[0].date if upcoming else None),
        changes=changes(items, since, as_of) if since is not None else [],
        stale=stale(items, meetings, as_of, after_days=settings.stale_after_days),
        by_owner=[g for g in by_owner(items, members)
                  if owner is None or g.member_id == owner],
        recently_closed=recently_closed(items, since, as_of) if since is not None else [],
        obligations=standing_obligations(items, meetings.values(), as_of),
        upcoming_meetings=upcoming,
        timeline=timeline(items, meetings, members, as_of),
        members=members,
    )  # fmt: skip


# --- agenda -------------------------------------------------------------------------------


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
    items = _as_they_stood(commitments, meetings, as_of)
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


# --- tracker list -----------------------------------------------------------------------------


class SortKey(StrEnum):
    DUE = "due"
    ID = "id"
    STATUS = "status"
    UPDATED = "updated"


STATUS_GROUPS: Final[dict[str, frozenset[Status]]] = {
    "open": OPEN_STATUSES,
    "closed": CLOSED_STATUSES,
}


def parse_statuses(values: Sequence[str]) -> frozenset[Status] | None:
    """`--status` values (a status, `open` or `closed`) -> the set they name;
    None when none were given (no filter)."""
    if not values:
        return None
    chosen: set[Status] = set()
    names = [*STATUS_GROUPS, *(s.value for s in Status)]
    for value in values:
        key = value.strip().lower()
        if key in STATUS_GROUPS:
            chosen |= STATUS_GROUPS[key]
            continue
        try:
            chosen.add(Status(key))
        except ValueError:
            raise UsageError(
                f"--status: '{value}' is not a status{did_you_mean(key, names)}",
                hint=f"use one of {', '.join(names)}",
            ) from None
    return frozenset(chosen)


_R = TypeVar("_R", Member, Meeting)


def _require(records: Mapping[str, _R], wanted: str, *, option: str, kind: str, hint: str) -> _R:
    """The record `wanted`, or a UsageError that suggests close ids."""
    record = records.get(wanted)
    if record is not None:
        return record
    raise UsageError(
        f"{option}: '{wanted}' is not a {kind}{did_you_mean(wanted, records, most=3)}", hint=hint
    )


def require_member(members: Mapping[str, Member], member_id: str, *, option: str) -> Member:
    hint = (f"known members: {', '.join(sorted(members))}" if members
            else "this tracker has no members yet")  # fmt: skip
    return _require(members, member_id, option=option, kind="member", hint=hint)


def require_meeting(meetings: Mapping[str, Meeting], meeting_id: str, *, option: str) -> Meeting:
    hint = "`tracker meetings` lists the meeting ids"
    return _require(meetings, meeting_id, option=option, kind="meeting", hint=hint)


@dataclass(frozen=True)
class ListFilter:
    """The filters of `tracker list`. Different filters combine with AND;
    repeated values of one filter (two --owner) combine with OR."""

    statuses: frozenset[Status] | None = None
    owners: frozenset[str] = frozenset()
    meetings: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    due_before: dt.date | None = None
    """Due on or before this day (items without a due date never match)."""
    due_after: dt.date | None = None
    """Due on or after this day."""
    overdue: bool = False
    stale: bool = False
    updated_since: dt.date | None = None
    """Has an update dated on or after this day."""
    text: str | None = None
    """Case-insensitive substring of the title, the text or any update note."""


def matches(
    commitment: Commitment,
    spec: ListFilter,
    *,
    meetings: Mapping[str, Meeting],
    settings: Settings,
    as_of: dt.date,
) -> bool:
    c = commitment
    if spec.statuses is not None and c.status not in spec.statuses:
        return False
    if spec.owners and not spec.owners.intersection(c.owners):
        return False
    if spec.meetings and c.agreed_at not in spec.meetings:
        return False
    if spec.tags and not spec.tags.intersection(c.tags):
        return False
    if spec.due_before is not None and (c.due is None or c.due > spec.due_before):
        return False
    if spec.due_after is not None and (c.due is None or c.due < spec.due_after):
        return False
    if spec.overdue and days_overdue(c, as_of) is None:
        return False
    after_days = settings.stale_after_days
    if spec.stale and quiet_since(c, meetings, as_of, after_days=after_days) is None:
        return False
    if spec.updated_since is not None and not any(u.date >= spec.updated_since for u in c.updates):
        return False
    if spec.text is not None:
        needle = spec.text.casefold()
        haystack = [c.title, c.text, c.due_note or "", *(u.note or "" for u in c.updates)]
        if not any(needle in part.casefold() for part in haystack):
            return False
    return True


def due_key(commitment: Commitment) -> tuple[bool, dt.date, str]:
    """Soonest due first, undated last, then by id."""
    due = commitment.due
    return (due is None, due if due is not None else dt.date.max, commitment.id)


_STATUS_ORDER: Final = {status: index for index, status in enumerate(Status)}


def sort_commitments(commitments: Iterable[Commitment], key: SortKey) -> list[Commitment]:
    """`due`: soonest first, undated last. `id`: alphabetical. `status`: in the
    order agreed, in-progress, stalled, done, partial, dropped, then by due.
    `updated`: most recently updated first, never-updated last."""
    items = sorted(commitments, key=lambda c: c.id)
    if key is SortKey.ID:
        return items
    if key is SortKey.STATUS:
        return sorted(items, key=lambda c: (_STATUS_ORDER[c.status], *due_key(c)))
    if key is SortKey.UPDATED:
        return sorted(
            items,
            key=lambda c: (
                c.last_update is None,
                -(c.last_update.date.toordinal() if c.last_update is not None else 0),
                c.id,
            ),
        )
    return sorted(items, key=due_key)


def select(
    commitments: Iterable[Commitment],
    spec: ListFilter,
    *,
    meetings: Mapping[str, Meeting],
    settings: Settings,
    as_of: dt.date,
    sort: SortKey = SortKey.DUE,
) -> list[Commitment]:
    """The commitments `tracker list` shows, sorted."""
    chosen = [
        c for c in commitments
        if matches(c, spec, meetings=meetings, settings=settings, as_of=as_of)
    ]  # fmt: skip
    return sort_commitments(chosen, sort)


# --- members and meetings ------------------------------------------------------------------


def open_counts(commitments: Iterable[Commitment]) -> dict[str, int]:
    """Member id -> how many open commitments it owns."""
    counts: dict[str, int] = {}
    for commitment in commitments:
        if commitment.is_open:
            for owner in commitment.owners:
                counts[owner] = counts.get(owner, 0) + 1
    return counts
