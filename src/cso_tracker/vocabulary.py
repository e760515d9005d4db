"""The fixed vocabularies of the data contract (types, roles, statuses, ...).

Kept apart from models.py, and free of pydantic, so the command line can
offer these choices without paying for pydantic's import on `--help`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class MemberType(StrEnum):
    CIVIL_SOCIETY = "civil-society"
    UN_AGENCY = "un-agency"
    OTHER = "other"


class Role(StrEnum):
    MEMBER = "member"
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"


class Scope(StrEnum):
    GLOBAL = "global"
    REGIONAL = "regional"
    NATIONAL = "national"


class MeetingKind(StrEnum):
    IN_PERSON = "in-person"
    TELECONFERENCE = "teleconference"
    SIDE_EVENT = "side-event"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Status(StrEnum):
    AGREED = "agreed"
    IN_PROGRESS = "in-progress"
    STALLED = "stalled"
    DONE = "done"
    PARTIAL = "partial"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES: Final = frozenset({Status.AGREED, Status.IN_PROGRESS, Status.STALLED})
CLOSED_STATUSES: Final = frozenset({Status.DONE, Status.PARTIAL, Status.DROPPED})


class NonOwnerUpdates(StrEnum):
    """What `validate` makes of an update by a member that does not own the
    commitment (a partner reporting, say)."""

    ALLOW = "allow"
    WARN = "warn"
    REFUSE = "refuse"


class RuleLevel(StrEnum):
    """What `rules:` in tracker.yaml makes of a rule of `tracker validate`."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


class Recurrence(StrEnum):
    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
