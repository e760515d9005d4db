"""The JSON objects the reading commands print: versioned shapes that
scripts rely on (adding a key does not bump the version; changing or
removing one does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.models import Commitment, Meeting, Member, Update, open_by_owner

if TYPE_CHECKING:
    from cso_tracker.git import Version
    from cso_tracker.query.agenda import Agenda
    from cso_tracker.query.status import StatusReport

REPORT_SCHEMA_VERSION: Final = 1
"""Version of every JSON object the query commands print; bumped when a key
changes meaning or disappears (adding a key does not bump it)."""


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def commitment_ref(commitment: Commitment) -> dict[str, Any]:
    return {
        "id": commitment.id,
        "number": commitment.number,
        "agreed_at": commitment.agreed_at,
        "title": commitment.title,
        "status": commitment.status.value,
        "owners": list(commitment.owners),
        "due": _day(commitment.due),
    }


def update_json(update: Update) -> dict[str, Any]:
    return {
        "date": update.date.isoformat(),
        "by": update.by,
        "author": update.author,
        "status": update.status.value if update.status is not None else None,
        "due": _day(update.due),
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
        "agreed_due": _day(commitment.agreed_due),
        "due_revised": _revision(commitment),
        "due_note": commitment.due_note,
        "recurrence": commitment.recurrence.value if commitment.recurrence is not None else None,
        "tags": list(commitment.tags),
        "links": [{"title": link.title, "url": link.url} for link in commitment.links],
        "updates": [update_json(u) for u in commitment.updates],
        "corrected": [update_json(u) for u in commitment.history if u not in commitment.updates],
    }


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
        "end": _day(meeting.end),
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
        "joined": _day(member.joined),
        "left": _day(member.left),
        "focal_points": [{"name": p.name, "email": p.email} for p in member.focal_points],
        "people": [
            {
                "name": p.name,
                "title": p.title,
                "focal_point": p.focal_point,
                "email": p.email,
                "since": _day(p.since),
                "until": _day(p.until),
            }
            for p in member.people
        ],
        "open_items": open_items,
    }


def envelope(kind: str, **data: Any) -> dict[str, Any]:
    """The outer object of every JSON output: `schema_version`, `kind`, data."""
    return {"schema_version": REPORT_SCHEMA_VERSION, "kind": kind, **data}


_SINCE_SOURCE: Final = {"last meeting": "last-meeting", "given": "given"}


def status_json(report: StatusReport) -> dict[str, Any]:
    """The JSON of `tracker status --format json`, schema_version 1.

    Keys (dates as YYYY-MM-DD; absent values are null, absent lists []):
    schema_version, kind ("status"), group, as_of, since (date or null),
    since_source ("last-meeting", "given", or null when no meeting was held
    and no --since was given), owner
    (member id or null), last_meeting and next_meeting (meeting or null),
    version ({commit, dirty, date, author, shallow_boundary}, or null outside
    git: the last commit that changed the records, null before the first;
    its author date and author; whether it is where a shallow clone's
    history stops, so the records may have changed in an older commit;
    whether the work tree has uncommitted changes to them), settings
    ({stale_after_days, due_soon_days}), tally ({open, closed, total,
    by_status: {status: count}}), overdue, due_soon, changes, stale, by_owner,
    recently_closed, obligations, upcoming_meetings, timeline,
    timeline_meetings (the meetings the chart marks) (lists);
    undated (ids of open items with no due date, which are never overdue);
    changes_source ("commits", else "update-dates" with
    changes_missing_history: no-git, shallow, no-commits or history-later),
    commit_changes (null, or {since, until, changes: [...]}). A
    commitment in a list is {id, number, agreed_at, title, status, owners,
    due} plus the section's own keys (exact days: days_overdue, days_left,
    days_quiet). An item stands in one attention section of the Markdown and
    terminal reports (Overdue, else Due soon, else Stale); JSON keeps `stale`
    complete and marks each entry's `listed_under` ("overdue", "due_soon" or
    "stale"), and gives overdue and due_soon entries `days_quiet` (null when
    the item is not stale).
    """
    return envelope(
        "status",
        group=report.group,
        as_of=report.as_of.isoformat(),
        since=_day(report.since),
        since_source=_SINCE_SOURCE.get(report.since_label),
        owner=report.owner.id if report.owner is not None else None,
        last_meeting=meeting_ref(report.last_meeting),
        next_meeting=meeting_ref(report.next_meeting),
        version=_version(report.version),
        settings={
            "stale_after_days": report.settings.stale_after_days,
            "due_soon_days": report.settings.due_soon_days,
        },
        tally={
            "open": report.open_count,
            "closed": report.closed_count,
            "total": report.total,
            "by_status": {t.status.value: t.count for t in report.tallies},
        },
        **_attention_json(report),
        **_owed_json(report),
        upcoming_meetings=[meeting_ref(m) for m in report.upcoming_meetings],
        **_timeline_json(report),
    )


def _timeline_json(report: StatusReport) -> dict[str, Any]:
    """timeline and timeline_meetings of status_json."""
    return {
        "timeline": [
            {
                "commitment": t.commitment.id,
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "section": t.section,
                "overdue": t.overdue,
            }
            for t in report.timeline
        ],
        "timeline_meetings": [meeting_ref(m) for m in report.timeline_meetings],
    }


def _attention_json(report: StatusReport) -> dict[str, Any]:
    """overdue, undated, due_soon, changes and stale of status_json."""
    return {
        "overdue": [
            {
                **commitment_ref(o.commitment),
                "days_overdue": o.days_overdue,
                "days_quiet": report.quiet_days(o.commitment),
            }
            for o in report.overdue
        ],
        "undated": [c.id for c in report.undated],
        "due_soon": [
            {
                **commitment_ref(d.commitment),
                "days_left": d.days_left,
                "within_window": d.within_window,
                "before_next_meeting": d.before_next_meeting,
                "days_quiet": report.quiet_days(d.commitment),
            }
            for d in report.due_soon
        ],
        "changes": [
            {
                "commitment": commitment_ref(c.commitment),
                **update_json(c.update),
                "old_status": c.old_status.value,
                "new_status": c.new_status.value if c.new_status is not None else None,
            }
            for c in report.changes
        ],
        **_commit_changes_json(report),
        "stale": [
            {
                **commitment_ref(s.commitment),
                "last_activity": s.last_activity.isoformat(),
                "days_quiet": s.days_quiet,
                "last_update": _day(s.last_update.date) if s.last_update is not None else None,
                "listed_under": report.listed_under(s.commitment),
            }
            for s in report.stale
        ],
    }


def _commit_changes_json(report: StatusReport) -> dict[str, Any]:
    """Where "changed since" comes from, and the changes read from the commits."""
    from cso_tracker.render.change_words import change_json, commit_json

    history = report.history
    if history is None or history.since is None:
        return {"changes_source": report.changes_source,
                "changes_missing_history": report.history_missing, "commit_changes": None}  # fmt: skip
    return {
        "changes_source": report.changes_source,
        "changes_missing_history": None,
        "commit_changes": {
            "since": commit_json(history.since),
            "until": commit_json(history.until),
            "changes": [{"commitment": c.commitment_id, "title": c.title, **change_json(c.change)}
                        for c in report.commit_changes],
        },
    }  # fmt: skip


def _owed_json(report: StatusReport) -> dict[str, Any]:
    """by_owner, recently_closed and obligations of status_json."""
    return {
        "by_owner": [
            {
                "member": g.member_id,
                "label": g.label,
                "name": g.member.name if g.member is not None else None,
                "focal_points": [{"name": p.name, "email": p.email} for p in g.focal_points],
                "open": [commitment_ref(c) for c in g.items],
            }
            for g in report.by_owner
        ],
        "recently_closed": [
            {
                **commitment_ref(c.commitment),
                "closed_on": c.update.date.isoformat(),
                "note": c.update.note,
                "evidence": list(c.update.evidence),
            }
            for c in report.recently_closed
        ],
        "obligations": [
            {
                **commitment_ref(o.commitment),
                "recurrence": o.recurrence.value,
                "period": o.period,
                "start": o.start.isoformat(),
                "end": o.end.isoformat(),
                "met": o.met,
                "met_by_meeting": o.met_by_meeting.id if o.met_by_meeting is not None else None,
                "met_by_update": _day(o.met_by_update.date)
                if o.met_by_update is not None
                else None,
            }
            for o in report.obligations
        ],
    }


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
                "last_update": _day(r.last_update.date) if r.last_update is not None else None,
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


def _version(version: Version | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "commit": version.commit,
        "dirty": version.dirty,
        "date": version.date,
        "author": version.author,
        "shallow_boundary": version.cut,
    }
