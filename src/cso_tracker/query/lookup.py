"""Ids the user gave that must name a member or a meeting.

`member_id` is the one resolver of a member given on the command line
(`--owner HRI`, `--by hri`, `member person IDPC`): every command calls it,
none matches ids or acronyms itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from cso_tracker.errors import InputError, UnknownReferenceError
from cso_tracker.models import Meeting, Member
from cso_tracker.repo.names import close_members, members_named

if TYPE_CHECKING:
    from cso_tracker.repo.repository import Repository

_R = TypeVar("_R", Member, Meeting)


def _require(records: Mapping[str, _R], wanted: str, *, kind: str, hint: str) -> _R:
    """The record `wanted`, or UnknownReferenceError that suggests close ids."""
    record = records.get(wanted)
    if record is not None:
        return record
    raise UnknownReferenceError(kind, wanted, list(records), hint=hint)


def _members_hint(members: Mapping[str, Member]) -> str:
    return (f"known members: {', '.join(sorted(members))}" if members
            else "this tracker has no members yet")  # fmt: skip


def member_id(members: Mapping[str, Member], given: str) -> str:
    """The id of the member `given` names: the id itself, else the id or the
    acronym in any case (`HRI`, `Hri` for hri). Raises InputError when the
    word is the acronym of several members, UnknownReferenceError (with the
    members it may have meant: `hri-intl` suggests hri) when it names none."""
    if given in members:
        return given
    named = members_named(members, given)
    if len(named) == 1:
        return named[0]
    if named:
        raise InputError(
            given,
            f"'{given}' is ambiguous: it names the members {', '.join(named)}",
            hint="give the member's id; `tracker validate` reports the shared acronym",
        )
    raise UnknownReferenceError(
        "member", given, list(members), hint=_members_hint(members),
        suggestions=close_members(members, given),
    )  # fmt: skip


def require_member(members: Mapping[str, Member], given: str) -> Member:
    """The member `given` names (see `member_id`)."""
    return members[member_id(members, given)]


def member_in(repository: Repository, given: str) -> str:
    """The id of the member `given` names, for a change about to be written:
    the id or acronym in any case, as `member_id`. A word that names no
    member stays as it is: the change is then refused by the reference rule,
    with its suggestions, as a hand edit would be (an id whose file is there
    but did not load stays too)."""
    if repository.exists("members", given):
        return given
    named = members_named(repository.members, given)
    return member_id(repository.members, given) if named else given


def require_meeting(meetings: Mapping[str, Meeting], meeting_id: str) -> Meeting:
    hint = "`tracker meetings` lists the meeting ids"
    return _require(meetings, meeting_id, kind="meeting", hint=hint)


def commitment_in(repository: Repository, given: str) -> str:
    """The id of the commitment `given` names: its id, or a unique beginning
    of one, as `tracker show` takes it (Repository.find); an id whose file is
    there but did not load stands for itself."""
    if repository.exists("commitments", given):
        return given
    return repository.find(given, kinds=("commitments",))[1].id
