"""The data contract: one Pydantic model per record kind, and the group settings.

No I/O here. Records are immutable; the write path edits the YAML document,
never a model, so nothing a member wrote is lost in a round trip."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Final, Self, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)

from cso_tracker.dates import ISO_DATE
from cso_tracker.vocabulary import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    MeetingKind,
    MeetingStatus,
    MemberType,
    NonOwnerUpdates,
    Recurrence,
    Role,
    RuleLevel,
    Scope,
    Status,
    is_slug,
    name_key,
)

SCHEMA_VERSION: Final = 1
_every_field = functools.cache(lambda cls: set(cls.model_fields))  # one set for all: 40 MB at 10k

# Every pattern here is used with fullmatch, never match: `$` also matches before a final newline,
# so "evil\n" passed as an id. [0-9], not \d, which also matches other scripts' digits.
_CLOCK_TIME: Final = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")


def _parse_date(value: Any) -> dt.date:
    # The fast loader keeps dates as text, so an impossible date such as 2013-02-30 reaches us (and
    # gets a file:line:col) instead of crashing the YAML loader.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None


def _check_slug(value: str) -> str:
    if not is_slug(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens"
        )
    return value


def _check_clock(value: str) -> str:
    if _CLOCK_TIME.fullmatch(value) is None:
        raise ValueError(f"expected a time as HH:MM (24-hour), got {value!r}")
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Slug = Annotated[StrictStr, AfterValidator(_check_slug)]


def _check_member_ref(value: str) -> str:
    # Any case passes (owners: [HRI]): checks/references.py names the id to write.
    return value if is_slug(value.lower()) else _check_slug(value)


MemberRef = Annotated[StrictStr, AfterValidator(_check_member_ref)]


def _check_not_blank(value: str) -> str:
    # min_length=1 let "title: '   '" through: a title, name or note that
    # shows as nothing in every report.
    if value.strip() == "":
        raise ValueError("must not be blank (it holds only spaces)")
    return value


Text = Annotated[StrictStr, Field(min_length=1), AfterValidator(_check_not_blank)]
ClockTime = Annotated[StrictStr, AfterValidator(_check_clock)]


_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _check_email(value: str) -> str:
    # A plain shape check (name@domain.tld), not a standards validator: it
    # catches "not an email" or a name typed in the wrong field.
    if _EMAIL.fullmatch(value) is None:
        raise ValueError(f"expected an email address such as name@example.org, got {value!r}")
    return value


Email = Annotated[StrictStr, AfterValidator(_check_email)]


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The record model inside a field's annotation (`tuple[Update, ...]`,
    `PersonRef | None`), or None for a plain value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = nested_model(argument)
        if found is not None:
            return found
    return None


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)

    @classmethod
    def _built(cls, values: dict[str, Any]) -> Self:
        """model_construct(**values), `values` every field in order: no per-field look-ups."""
        record = cls.__new__(cls)
        for name, value in (("__dict__", values), ("__pydantic_fields_set__", _every_field(cls)),
                            ("__pydantic_extra__", None), ("__pydantic_private__", None)):  # fmt: skip
            object.__setattr__(record, name, value)
        return record


# --- members ---------------------------------------------------------------


class Person(_Record):
    name: Text
    title: Text | None = None
    focal_point: StrictBool = False
    email: Email | None = None
    github: Text | None = None
    since: Date | None = None
    until: Date | None = None


class Member(_Record):
    id: Slug
    name: Text
    acronym: Text | None = None
    type: MemberType
    role: Role
    scope: Scope | None = None
    region: Text | None = None
    joined: Date | None = None
    left: Date | None = None
    github: tuple[Text, ...] = ()
    people: tuple[Person, ...] = ()

    def person(self, name: str) -> Person | None:
        """The person of that name, compared in NFC (see vocabulary.name_key)."""
        key = name_key(name)
        return next((p for p in self.people if name_key(p.name) == key), None)

    @property
    def focal_points(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.focal_point and p.until is None)

    @property
    def label(self) -> str:
        return self.acronym if self.acronym is not None else self.name


# --- meetings --------------------------------------------------------------


class PersonRef(_Record):
    member: MemberRef
    person: Text | None = None


class Attendance(_Record):
    member: MemberRef
    people: tuple[Text, ...] = ()


class AgendaItem(_Record):
    start: ClockTime | None = None
    end: ClockTime | None = None
    title: Text
    items: tuple[Text, ...] = ()


class Link(_Record):
    title: Text
    url: Text


class Meeting(_Record):
    id: Slug
    title: Text
    date: Date
    end: Date | None = None
    kind: MeetingKind
    status: MeetingStatus
    location: Text | None = None
    convened_by: MemberRef | None = None
    chair: PersonRef | None = None
    attendees: tuple[Attendance, ...] = ()
    apologies: tuple[Attendance, ...] = ()
    objectives: tuple[Text, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    decisions: tuple[Text, ...] = ()
    documents: tuple[Link, ...] = ()
    notes: Text | None = None

    @property
    def last_day(self) -> dt.date:
        return self.end if self.end is not None else self.date


# --- commitments -----------------------------------------------------------


class UpdateFile(_Record):
    """One progress update, as its file under data/updates/<commitment-id>/
    holds it. An update is never edited once merged: a correction is a new
    update whose `corrects` names the file it corrects."""

    date: Date
    by: MemberRef
    author: Text | None = None
    status: Status | None = None
    due: Date | None = None
    """A revised deadline, when the owners move it."""
    note: Text | None = None
    evidence: tuple[Text, ...] = ()
    corrects: Text | None = None
    """The file name of an earlier update of the same commitment."""


class Update(UpdateFile):
    """An update with the place it was read from: `commitment` is the folder
    it lies in, `name` its file name without `.yaml` (it orders updates of
    one day, and `corrects` refers to it)."""

    commitment: str = ""
    name: str = ""

    @classmethod
    def placed(cls, update: UpdateFile, commitment: str, name: str) -> Update:
        """`update` as read from data/updates/<commitment>/<name>.yaml."""
        return cls._built({**update.__dict__, "commitment": commitment, "name": name})

    @property
    def corrected_name(self) -> str | None:
        """The stem of the update this one corrects."""
        if self.corrects is None:
            return None
        return self.corrects.removesuffix(".yaml")


def last_status_update(updates: Sequence[Update]) -> int | None:
    """The index of the latest update that sets a status: the one the
    commitment's status is derived from."""
    for index in range(len(updates) - 1, -1, -1):
        if updates[index].status is not None:
            return index
    return None


def update_order(update: Update) -> tuple[dt.date, str]:
    """Updates count in date order, then by file name (several of one day)."""
    return (update.date, update.name)


class CommitmentFile(_Record):
    """A commitment as its file holds it: only what was agreed. Progress,
    status and revised deadlines live in its update files."""

    id: Slug
    number: Annotated[StrictInt, Field(ge=1)] | None = None
    title: Text
    text: Text
    agreed_at: Slug
    owners: tuple[MemberRef, ...] = ()
    partners: tuple[Text, ...] = ()
    due: Date | None = None
    due_note: Text | None = None
    recurrence: Recurrence | None = None
    tags: tuple[Slug, ...] = ()
    links: tuple[Link, ...] = ()


class Commitment(CommitmentFile):
    """A commitment with its updates, and what they make of it: the current
    status (that of the latest update that sets one, `agreed` when none
    does) and the effective due date (the latest revision, else the agreed
    one). Built by `with_updates`, never read from a file."""

    status: Status = Status.AGREED
    agreed_due: Date | None = None
    updates: tuple[Update, ...] = ()
    """The updates in force, in order (those corrected by a later one are not)."""
    history: tuple[Update, ...] = ()
    """Every update file of the commitment, in order, corrected ones included."""

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def last_update(self) -> Update | None:
        return self.updates[-1] if self.updates else None

    @property
    def due_revision(self) -> Update | None:
        """The update that moved the deadline to the current `due`, if one did."""
        return next((u for u in reversed(self.updates) if u.due is not None), None)

    def corrected_by(self, update: Update) -> Update | None:
        return next((u for u in self.history if u.corrected_name == update.name), None)


def with_updates(commitment: CommitmentFile, history: Iterable[Update]) -> Commitment:
    """The commitment with `history` (its update files, in any order) applied.

    A corrected update no longer counts; the correction counts at its own
    date. Given a Commitment, its agreed due date is kept and its updates
    are replaced."""
    ordered = tuple(sorted(history, key=update_order))
    corrected = {u.corrected_name for u in ordered if u.corrects is not None}
    in_force = tuple(u for u in ordered if u.name not in corrected)
    agreed_due = commitment.agreed_due if isinstance(commitment, Commitment) else commitment.due
    status = next((u.status for u in reversed(in_force) if u.status is not None), Status.AGREED)
    due = next((u.due for u in reversed(in_force) if u.due is not None), agreed_due)
    derived = {"status": status, "agreed_due": agreed_due, "updates": in_force, "history": ordered}
    return Commitment._built({**commitment.__dict__, "due": due, **derived})  # in field order


def open_by_owner(commitments: Iterable[Commitment]) -> dict[str, list[Commitment]]:
    """Member id -> the open commitments it owns, in the order given: the
    one count of "who owes what" for reports, listings and the rules."""
    owned: dict[str, list[Commitment]] = {}
    for commitment in commitments:
        if commitment.is_open:
            for owner in commitment.owners:
                owned.setdefault(owner, []).append(commitment)
    return owned


# --- group settings (tracker.yaml) ------------------------------------------


class Settings(_Record):
    """Group settings read from the optional `tracker.yaml` at the root."""

    group: Text = "Working group"
    stale_after_days: Annotated[StrictInt, Field(ge=1)] = 90
    due_soon_days: Annotated[StrictInt, Field(ge=1)] = 30
    default_member: Slug | None = None
    non_owner_updates: NonOwnerUpdates = NonOwnerUpdates.WARN
    """An update whose `by` owns no part of the commitment: allowed, a
    warning (the default: partners do report) or an error."""
    rules: dict[StrictStr, RuleLevel] = Field(default_factory=dict)  # see checks/rules.tuned


RecordModel = type[Member] | type[Meeting] | type[CommitmentFile] | type[UpdateFile]

RECORD_MODELS: Final[dict[str, RecordModel]] = {
    "members": Member,
    "meetings": Meeting,
    "commitments": CommitmentFile,
    "updates": UpdateFile,
}
"""Folder name under `data/` -> the model of the files it holds."""

Record = Member | Meeting | Commitment
FileRecord = Member | Meeting | CommitmentFile | UpdateFile

__all__ = [
    "CLOSED_STATUSES", "OPEN_STATUSES", "RECORD_MODELS", "SCHEMA_VERSION", "AgendaItem",
    "Attendance", "Commitment", "CommitmentFile", "FileRecord", "Link", "Meeting", "MeetingKind",
    "MeetingStatus", "Member", "MemberType", "Person", "PersonRef", "Record", "Recurrence", "Role",
    "Scope", "Settings", "Status", "Update", "UpdateFile", "last_status_update", "nested_model",
    "open_by_owner", "update_order", "with_updates",
]  # fmt: skip
