"""The whole status report: every section of `tracker status` for one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cso_tracker.git import Version
from cso_tracker.models import (
    Commitment,
    Meeting,
    Member,
    Settings,
)
from cso_tracker.query.asof import as_they_stood, owned_by
from cso_tracker.query.lookup import require_member
from cso_tracker.query.meetings import last_meeting, upcoming_meetings
from cso_tracker.query.sections import (
    Change,
    Closed,
    DueSoon,
    Obligation,
    Overdue,
    OwnerItems,
    Stale,
    Tally,
    TimelineItem,
    by_owner,
    changes,
    due_soon,
    overdue,
    recently_closed,
    stale,
    standing_obligations,
    tallies,
    timeline,
    undated,
)


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
    items = as_they_stood(commitments, meetings, as_of)
    owner_member: Member | None = None
    if owner is not None:
        owner_member = require_member(members, owner)
        owner = owner_member.id  # the member's id, when given by acronym
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
