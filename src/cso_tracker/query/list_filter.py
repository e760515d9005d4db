"""What `tracker list` was asked for: its filters and sort orders, parsed
before any record is read (and without the models, so that a report
answered from the store, cli/_answers.py, never imports them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cso_tracker.errors import InvalidChoiceError, did_you_mean
from cso_tracker.vocabulary import CLOSED_STATUSES, OPEN_STATUSES, Status


class SortKey(StrEnum):
    DUE = "due"
    ID = "id"
    NUMBER = "number"
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
            raise InvalidChoiceError(
                value,
                f"'{value}' is not a status{did_you_mean(key, names)}",
                hint=f"use one of {', '.join(names)}",
            ) from None
    return frozenset(chosen)


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


def default_sort(spec: ListFilter) -> SortKey:
    """The order when none is asked for: the meeting's own order (by number)
    for the items of one meeting, else soonest due first."""
    return SortKey.NUMBER if len(spec.meetings) == 1 else SortKey.DUE
