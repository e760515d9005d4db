"""The JSON objects the reading commands print: versioned shapes that
scripts rely on (adding a key does not bump the version; changing or
removing one does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.models import Commitment, Meeting, Member, Update, open_by_owner

if TYPE_CHECKING:
    from cso_tracker.query.agenda import Agenda

REPORT_SCHEMA_VERSION: Final = 1
"""Version of every JSON object the query commands print; bumped when a key
changes meaning or disappears (adding a key does not bump it)."""


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def commitment_ref(commitment: Commitment) -> dict[str, Any]:
    return {
        "id": commitment.id,
        "number": commitment.number,
        "agreed_at": commitment.agreed_at,
        "title": commitment.title,
        "status": commitment.status.value,
        "owners": list(commitment.owners),
        "due": day(commitment.due),
    }


def update_json(update: Update) -> dict[str, Any]:
    return {
        "date": update.date.isoformat(),
        "by": update.by,
        "author": update.author,
        "status": update.status.value if update.status is not None else None,
        "due": day(update.due),
        "note": update.note,
        "evidence": list(update.evidence),
        "corrects": update.corrected_name,
        "file": f"{update.name}.yaml",
    }


def commitment_json(commitment: Commitment) -> dict[str, Any]:
    """Every field of a commitment, with its full update history."""
    return {
        **commitment_ref(commitment),
        "text": commitment.text,
        "partners": list(commitment.partners),
        "agreed_due": day(commitment.agreed_due),
        "due_revised": _revision(commitment),
        "due_note": commitment.due_note,
        "recurrence": commitment.recurrence.value if commitment.recurrence is not None else None,
        "tags": list(commitment.tags),
        "links": [{"title": link.title, "url": link.url} for link in commitment.links],
        "updates": [update_json(u) for u in commitment.updates],
        "corrected": [update_json(u) for u in _corrected(commitment)],
    }


def _corrected(commitment: Commitment) -> list[Update]:
    """`history` less `updates`, by identity before pydantic's slow `==`."""
    same, in_force = {id(u) for u in commitment.updates}, commitment.updates
    return [u for u in commitment.history if id(u) not in same and u not in in_force]


def _revision(commitment: Commitment) -> dict[str, Any] | None:
    """Who moved the deadline to `due`, and when; None if no update did."""
    revision = commitment.due_revision
    if revision is None:
        return None
    return {"by": revision.by, "date": revision.date.isoformat(), "file": f"{revision.name}.yaml"}


def meeting_ref(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "end": day(meeting.end),
        "kind": meeting.kind.value,
        "status": meeting.status.value,
        "location": meeting.location,
    }


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        **(meeting_ref(meeting) or {}),
        "convened_by": meeting.convened_by,
        "chair": meeting.chair.model_dump() if meeting.chair is not None else None,
        "attendees": [{"member": a.member, "people": list(a.people)} for a in meeting.attendees],
        "apologies": [{"member": a.member, "people": list(a.people)} for a in meeting.apologies],
        "decisions": list(meeting.decisions),
        "notes": meeting.notes,
    }


def member_json(member: Member, open_items: int | None = None) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "acronym": member.acronym,
        "label": member.label,
        "type": member.type.value,
        "role": member.role.value,
        "scope": member.scope.value if member.scope is not None else None,
        "region": member.region,
        "joined": day(member.joined),
        "left": day(member.left),
        "focal_points": [{"name": p.name, "email": p.email} for p in member.focal_points],
        "people": [
            {
                "name": p.name,
                "title": p.title,
                "focal_point": p.focal_point,
                "email": p.email,
                "since": day(p.since),
                "until": day(p.until),
            }
            for p in member.people
        ],
        "open_items": open_items,
    }


def envelope(kind: str, **data: Any) -> dict[str, Any]:
    """The outer object of every JSON output: `schema_version`, `kind`, data."""
    return {"schema_version": REPORT_SCHEMA_VERSION, "kind": kind, **data}


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The JSON of `tracker agenda --format json`, schema_version 1: kind
    "agenda", group, as_of, date (the day drafted for), meeting (null when
    none is planned that day), last_meeting (or null), review (open
    items, overdue first, each with overdue, days_overdue and last_update
    date or null), new_items, obligations (with period and met)."""
    return envelope(
        "agenda",
        group=agenda.group,
        as_of=agenda.as_of.isoformat(),
        date=agenda.date.isoformat(),
        meeting=meeting_ref(agenda.meeting),
        last_meeting=meeting_ref(agenda.last_meeting),
        review=[
            {
                **commitment_ref(r.commitment),
                "overdue": r.overdue,
                "days_overdue": r.days_overdue,
                "last_update": day(r.last_update.date) if r.last_update is not None else None,
            }
            for r in agenda.review
        ],
        new_items=[commitment_ref(c) for c in agenda.new_items],
        obligations=[
            {**commitment_ref(o.commitment), "period": o.period, "met": o.met}
            for o in agenda.obligations
        ],
    )


def list_json(chosen: Sequence[Commitment], as_of: dt.date) -> dict[str, Any]:
    """`tracker list --format json`: every field of each commitment shown."""
    return envelope(
        "list",
        as_of=as_of.isoformat(),
        count=len(chosen),
        commitments=[commitment_json(c) for c in chosen],
    )


def record_json(record: Commitment | Meeting | Member, commitments: Sequence[Commitment]) -> Any:
    """`tracker show --format json`: the record, and for a meeting or a member
    the ids of the commitments agreed there or owned."""
    if isinstance(record, Commitment):
        return envelope("commitment", commitment=commitment_json(record))
    if isinstance(record, Meeting):
        agreed = sorted(c.id for c in commitments if c.agreed_at == record.id)
        return envelope("meeting", meeting={**meeting_json(record), "commitments": agreed})
    open_items = len(open_by_owner(commitments).get(record.id, []))
    owned = sorted(c.id for c in commitments if record.id in c.owners)
    return envelope("member", member={**member_json(record, open_items), "commitments": owned})


def members_json(chosen: Iterable[Member], counts: Mapping[str, int]) -> dict[str, Any]:
    return envelope("members", members=[member_json(m, counts.get(m.id, 0)) for m in chosen])


def meetings_json(chosen: Iterable[Meeting], agreed: Mapping[str, int]) -> dict[str, Any]:
    return envelope(
        "meetings",
        meetings=[
            {
                **(meeting_ref(m) or {}),
                "attending_members": len(m.attendees),
                "attending_people": sum(len(a.people) for a in m.attendees),
                "apologies": len(m.apologies),
                "commitments_agreed": agreed.get(m.id, 0),
            }
            for m in chosen
        ],
    )
