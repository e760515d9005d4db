"""The commitments `tracker list` shows: its filters, combined, and its sort
orders, over the commitments as they stood on the as-of day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Final

from cso_tracker.models import Commitment, Meeting, Settings, Status
from cso_tracker.query.asof import as_they_stood, days_overdue, due_key, quiet_since
from cso_tracker.query.list_filter import ListFilter, SortKey
from cso_tracker.query.sections import meeting_order


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


_STATUS_ORDER: Final = {status: index for index, status in enumerate(Status)}


def sort_commitments(commitments: Iterable[Commitment], key: SortKey) -> list[Commitment]:
    """`due`: soonest first, undated last. `id`: alphabetical. `number`: the
    meetings' order, each meeting's items by number (unnumbered last). `status`: in the
    order agreed, in-progress, stalled, done, partial, dropped, then by due.
    `updated`: most recently updated first, never-updated last."""
    items = sorted(commitments, key=lambda c: c.id)
    if key is SortKey.ID:
        return items
    if key is SortKey.NUMBER:
        return sorted(items, key=meeting_order)
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
    as_they_stood_then: bool = True,
) -> list[Commitment]:
    """The commitments `tracker list` shows, sorted: judged as they stood on
    the as-of day, as `tracker status` judges them, so `list --overdue` and
    the report's Overdue section name the same items on any day.

    With `as_they_stood_then` false, the records as they are now, judged on
    the as-of day: what a plain `tracker list` shows, so that a commitment
    just added for a meeting still to come is listed (on today's date the two
    differ only in what is dated after today)."""
    considered = as_they_stood(commitments, meetings, as_of) if as_they_stood_then else commitments
    chosen = [
        c for c in considered
        if matches(c, spec, meetings=meetings, settings=settings, as_of=as_of)
    ]  # fmt: skip
    return sort_commitments(chosen, sort)
