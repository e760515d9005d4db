"""The fixed vocabularies of the data contract (types, roles, statuses, ...).

Kept apart from models.py, and free of pydantic, so the command line can
offer these choices without paying for pydantic's import on `--help`.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Final


def name_key(name: str) -> str:
    """A name as names are compared: in NFC, so that 'Åsa' typed as A and a
    combining ring (as some keyboards and macOS file names give it) is the
    same person as 'Åsa' typed as one letter, though the two differ byte
    for byte."""
    return unicodedata.normalize("NFC", name)


def differs_only_in_form(one: str, other: str) -> bool:
    """Two texts that look the same and are the same name, but are written
    in different Unicode forms (composed and decomposed)."""
    return one != other and name_key(one) == name_key(other)


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


SLUG_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An id: lowercase letters, digits and single hyphens (the models'
`Slug`, and the name of an update folder)."""


def is_slug(value: str) -> bool:
    """Whether `value` is a whole id: lowercase letters, digits and single hyphens."""
    return SLUG_PATTERN.fullmatch(value) is not None
