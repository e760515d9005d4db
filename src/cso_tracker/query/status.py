"""The whole status report: every section of `tracker status` for one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from cso_tracker.git import Version

if TYPE_CHECKING:
    from cso_tracker.query.history_changelog import Changelog
    from cso_tracker.query.history_diff import RecordChange
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
    timeline_meetings,
    undated,
)


@dataclass(frozen=True)
class CommitChange:
    """A change to a commitment, from the commits since the last meeting."""

    change: RecordChange
    commitment_id: str
    """The id it goes by at the as-of commit (after any rename)."""
    title: str | None


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
    timeline_meetings: list[Meeting] = field(default_factory=list)
    """The meetings the timeline marks: from its first bar to the next meeting."""
    several_meetings: bool = False
    """Whether the items come from more than one meeting: their numbers then
    name the meeting (render/wording.py `number`)."""
    members: Mapping[str, Member] = field(repr=False, default_factory=dict)
    history: Changelog | None = None
    """The commits the changes come from; None: from the update dates."""
    history_missing: str | None = None
    """Why there are no commits to read: no-git, shallow, no-commits, or
    history-later (the history begins after `since`); None with history."""
    commit_changes: list[CommitChange] = field(default_factory=list)

    @property
    def changes_source(self) -> str:
        """`commits`, or `update-dates` when the repository has no history."""
        return "commits" if self.history is not None else "update-dates"

    # An item stands in one attention section: Overdue, else Due soon, else
    # Stale; the others refer to it (`stale_elsewhere`, `quiet_days`).
    @cached_property
    def _quiet(self) -> dict[str, int]:
        return {s.commitment.id: s.days_quiet for s in self.stale}

    @cached_property
    def _placed(self) -> dict[str, str]:
        placed = {d.commitment.id: "due_soon" for d in self.due_soon}
        placed.update((o.commitment.id, "overdue") for o in self.overdue)
        return placed

    def quiet_days(self, commitment: Commitment) -> int | None:
        """How long an Overdue or Due soon item has been quiet, if it is stale too."""
        return self._quiet.get(commitment.id)

    def listed_under(self, commitment: Commitment) -> str:
        """The one attention section a stale item stands in: overdue, due_soon or stale."""
        return self._placed.get(commitment.id, "stale")

    @cached_property
    def stale_only(self) -> list[Stale]:
        """The stale items that are neither overdue nor due soon: Stale lists these."""
        return [s for s in self.stale if s.commitment.id not in self._placed]

    @cached_property
    def stale_elsewhere(self) -> dict[str, int]:
        """How many stale items stand under Overdue and under Due soon instead."""
        counts = {"overdue": 0, "due_soon": 0}
        for s in self.stale:
            where = self._placed.get(s.commitment.id)
            if where is not None:
                counts[where] += 1
        return counts

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
    history: Changelog | None = None,
    history_missing: str | None = None,
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
    since, since_label = period(meetings.values(), as_of, since)
    # The sections below that list only open items each test is_open too;
    # handing them the open ones spares 10,000 tests per section.
    open_items = [c for c in items if c.is_open]
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
        overdue=overdue(open_items, as_of),
        undated=undated(open_items),
        due_soon=due_soon(open_items, as_of, window_days=settings.due_soon_days,
                          next_meeting_day=upcoming[0].date if upcoming else None),
        changes=changes(items, since, as_of) if since is not None else [],
        stale=stale(open_items, meetings, as_of, after_days=settings.stale_after_days),
        by_owner=[g for g in by_owner(open_items, members)
                  if owner is None or g.member_id == owner],
        recently_closed=recently_closed(items, since, as_of) if since is not None else [],
        obligations=standing_obligations(items, meetings.values(), as_of),
        upcoming_meetings=upcoming,
        timeline=(bars := timeline(open_items, meetings, members, as_of, owner=owner)),
        timeline_meetings=timeline_meetings(meetings.values(), bars, upcoming),
        several_meetings=len({c.agreed_at for c in items}) > 1,
        members=members,
        history=history,
        history_missing=history_missing,
        commit_changes=_commit_changes(history, {c.id for c in items} if owner else None),
    )  # fmt: skip


def digest_members(
    members: Mapping[str, Member],
    meetings: Mapping[str, Meeting],
    commitments: Iterable[Commitment],
    as_of: dt.date,
) -> list[Member]:
    """The members `status --per-member` writes a digest for, by id: every
    member on the as-of day, and a former member that still owns open items
    (someone must hand them over)."""
    owners = {o for c in as_they_stood(commitments, meetings, as_of) if c.is_open for o in c.owners}
    chosen = [
        m for m in members.values()
        if (m.left is None or m.left > as_of) or m.id in owners
    ]  # fmt: skip
    return sorted(chosen, key=lambda m: m.id)


def period(
    meetings: Iterable[Meeting], as_of: dt.date, since: dt.date | None
) -> tuple[dt.date | None, str]:
    """The first day of "changed since" and where it comes from: `since`
    (given), else the day of the last meeting held before `as_of`."""
    if since is not None:
        return since, "given"
    last = last_meeting(meetings, as_of)
    if last is not None:
        return last.date, "last meeting"
    return None, "no meeting held yet"


def _commit_changes(history: Changelog | None, only: set[str] | None) -> list[CommitChange]:
    """The commitments' changes in `history`, oldest first (of the ids
    `only`, when the report is narrowed to one owner)."""
    if history is None:
        return []
    found = []
    for change in history.changes:
        final = history.final_id(change)
        if change.kind == "commitment" and (only is None or final in only):
            found.append(CommitChange(change, final, history.titles.get(("commitment", final))))
    return found
