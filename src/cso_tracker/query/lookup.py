"""Ids the user gave that must name a member or a meeting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from cso_tracker.errors import UnknownReferenceError
from cso_tracker.models import Meeting, Member

_R = TypeVar("_R", Member, Meeting)


def _require(records: Mapping[str, _R], wanted: str, *, kind: str, hint: str) -> _R:
    """The record `wanted`, or UnknownReferenceError that suggests close ids."""
    record = records.get(wanted)
    if record is not None:
        return record
    raise UnknownReferenceError(kind, wanted, list(records), hint=hint)


def require_member(members: Mapping[str, Member], member_id: str) -> Member:
    hint = (f"known members: {', '.join(sorted(members))}" if members
            else "this tracker has no members yet")  # fmt: skip
    return _require(members, member_id, kind="member", hint=hint)


def require_meeting(meetings: Mapping[str, Meeting], meeting_id: str) -> Meeting:
    hint = "`tracker meetings` lists the meeting ids"
    return _require(meetings, meeting_id, kind="meeting", hint=hint)
