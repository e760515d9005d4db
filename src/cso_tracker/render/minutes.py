"""The minutes of a meeting (`tracker minutes`): what minutes.md.j2 sees,
and the JSON shape."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.render.json_shapes import envelope, meeting_json

if TYPE_CHECKING:
    from cso_tracker.query.minutes import Action, Minutes, Party

_LIST_ITEM: Final = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


@dataclass(frozen=True)
class NoteLine:
    """One line of a meeting's notes: a list item keeps its marker and
    indent (the notes are the group's own Markdown), its text is escaped."""

    indent: str
    marker: str
    text: str


def note_lines(notes: str | None) -> list[NoteLine]:
    if notes is None:
        return []
    lines = []
    for line in notes.rstrip().splitlines():
        found = _LIST_ITEM.match(line)
        if found is None:
            lines.append(NoteLine("", "", line.strip()))
        else:
            lines.append(NoteLine(found[1], found[2], found[3]))
    return lines


def minutes_context(minutes: Minutes) -> dict[str, Any]:
    """What minutes.md.j2 sees: `minutes` (query.minutes.Minutes), `notes`
    (the meeting's notes as NoteLine, each with indent, marker and text) and
    `day` (the date in words: "21 February 2013", "4 to 5 June 2024")."""
    meeting = minutes.meeting
    return {
        "minutes": minutes,
        "notes": note_lines(meeting.notes),
        "day": days_in_words(meeting.date, meeting.end),
    }


_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")  # fmt: skip
"""In English whatever the locale (strftime's %B follows LC_TIME)."""


def days_in_words(first: dt.date, last: dt.date | None = None) -> str:
    """ "21 February 2013"; a meeting of several days "4 to 5 June 2024"."""
    month, last_month = _MONTHS[first.month - 1], _MONTHS[(last or first).month - 1]
    if last is None or last == first:
        return f"{first.day} {month} {first.year}"
    if (last.year, last.month) == (first.year, first.month):
        return f"{first.day} to {last.day} {month} {last.year}"
    if last.year == first.year:
        return f"{first.day} {month} to {last.day} {last_month} {last.year}"
    return f"{first.day} {month} {first.year} to {last.day} {last_month} {last.year}"


def _party(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"member": party.member, "label": party.label, "people": list(party.people)}


def _action(action: Action) -> dict[str, Any]:
    c = action.commitment
    return {
        "number": c.number,
        "id": c.id,
        "title": c.title,
        "text": c.text,
        "owners": list(c.owners),
        "due": action.due.isoformat() if action.due is not None else None,
        "due_note": c.due_note,
    }


def minutes_json(minutes: Minutes) -> dict[str, Any]:
    """`tracker minutes --format json`, schema_version 1: kind "minutes",
    group, draft, meeting (as `show` gives it, plus objectives, agenda and
    documents), convened_by and chair (member, label, people), chair_title, attendees,
    apologies, actions (number, id, title, text, owners, due as agreed,
    due_note)."""
    m = minutes.meeting
    return envelope(
        "minutes",
        group=minutes.group,
        draft=minutes.draft,
        meeting={
            **meeting_json(m),
            "objectives": list(m.objectives),
            "agenda": [
                {"start": a.start, "end": a.end, "title": a.title, "items": list(a.items)}
                for a in m.agenda
            ],
            "documents": [{"title": d.title, "url": d.url} for d in m.documents],
        },
        convened_by=_party(minutes.convened_by),
        chair=_party(minutes.chair),
        chair_title=minutes.chair_title,
        attendees=[_party(p) for p in minutes.attendees],
        apologies=[_party(p) for p in minutes.apologies],
        actions=[_action(a) for a in minutes.actions],
    )
