"""The minutes of a meeting (`tracker minutes`): what minutes.md.j2 sees,
and the JSON shape."""

from __future__ import annotations

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
    `day` (the date in words: "21 February 2013")."""
    day = minutes.meeting.date
    return {
        "minutes": minutes,
        "notes": note_lines(minutes.meeting.notes),
        "day": f"{day.day} {day:%B} {day.year}",
    }


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
