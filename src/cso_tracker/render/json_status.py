"""The JSON of `tracker status --format json` (schema_version 1): the
report's sections as render/json_shapes.py shapes each record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from cso_tracker.render.json_shapes import commitment_ref, day, envelope, meeting_ref, update_json

if TYPE_CHECKING:
    from cso_tracker.git import Version
    from cso_tracker.query.status import StatusReport

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
        since=day(report.since),
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
                "last_update": day(s.last_update.date) if s.last_update is not None else None,
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
                "met_by_update": day(o.met_by_update.date) if o.met_by_update is not None else None,
            }
            for o in report.obligations
        ],
    }


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
