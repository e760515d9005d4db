"""Records as Rich renderables for a terminal: the `list` table, one record
for `show`, and the `members` and `meetings` tables. The CLI prints them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from cso_tracker.query.asof import owner_labels
from cso_tracker.render.terminal import badge, table, text
from cso_tracker.render.wording import due_words, number, several_meetings

if TYPE_CHECKING:
    from cso_tracker.models import Commitment, Meeting, Member


def list_view(members: Mapping[str, Member], chosen: list[Commitment]) -> list[Any]:
    """The commitments as a table with a count below; nothing when none match
    (the CLI says so on stderr)."""
    from rich.text import Text

    if not chosen:
        return []
    several = several_meetings(chosen)
    rows = table(None, "#", "Id", "Status", "Due", "Owners", "Title")
    for c in chosen:
        recurs = c.recurrence.value if c.recurrence is not None else None
        rows.add_row(text(number(c, several) or None), text(c.id), badge(c.status.value),
                     text(c.due if c.due is not None else recurs),
                     text(owner_labels(c, members)), text(c.title))  # fmt: skip
    return [rows, Text(f"{len(chosen)} commitment{'s' if len(chosen) != 1 else ''}")]


def _fields(title: str, rows: list[tuple[str, object]]) -> Any:
    from rich.table import Table

    fields = Table(title=title, title_justify="left", title_style="bold", show_header=False)
    fields.add_column("field", style="bold")
    fields.add_column("value", overflow="fold")
    for name, value in rows:
        fields.add_row(name, text(value))
    return fields


def commitment_view(c: Commitment, members: Mapping[str, Member]) -> list[Any]:
    from rich.text import Text

    view: list[Any] = [
        _fields(
            f"{c.id}: {c.title}",
            [
                ("number", number(c) or None),
                ("status", c.status.value),
                ("owners", owner_labels(c, members)),
                ("partners", ", ".join(c.partners) or None),
                ("due", due_words(c, members) or None),
                ("due note", c.due_note),
                ("recurs", c.recurrence.value if c.recurrence is not None else None),
                ("agreed at", c.agreed_at),
                ("tags", ", ".join(c.tags) or None),
                ("text", c.text),
                *((f"link: {link.title}", link.url) for link in c.links),
            ],
        )
    ]
    if not c.history:
        return [*view, Text("No updates yet.")]
    updates = table("Updates", "Date", "By", "Status", "Note", "Evidence")
    for u in c.history:
        by = f"{u.author} ({u.by})" if u.author is not None else u.by
        note = u.note if u.due is None else f"{u.note or ''} [due {u.due}]".strip()
        corrected = c.corrected_by(u)
        if corrected is not None:
            note = f"(corrected by {corrected.name}) {note}"
        updates.add_row(text(u.date), text(by),
                        badge(u.status.value) if u.status is not None else text(None),
                        text(note), text("\n".join(u.evidence) or None))  # fmt: skip
    return [*view, updates]


def meeting_view(m: Meeting, agreed: list[Commitment], members: Mapping[str, Member]) -> list[Any]:
    """A meeting, who attended, and the commitments agreed there (in order)."""
    view: list[Any] = [
        _fields(
            f"{m.id}: {m.title}",
            [
                ("date", f"{m.date} to {m.end}" if m.end is not None else m.date),
                ("kind", m.kind.value),
                ("status", m.status.value),
                ("location", m.location),
                ("convened by", m.convened_by),
                ("notes", m.notes),
            ],
        )
    ]
    attendance = table("Attendance", "Member", "People", "")
    for label, rows in (("attended", m.attendees), ("apologies", m.apologies)):
        for a in rows:
            attendance.add_row(text(a.member), text(", ".join(a.people) or None), label)
    if attendance.row_count:
        view.append(attendance)
    return [*view, *list_view(members, agreed)]


def member_view(
    member: Member, owned: list[Commitment], members: Mapping[str, Member]
) -> list[Any]:
    """A member, its people, and the commitments it owns."""
    view: list[Any] = [
        _fields(
            f"{member.id}: {member.name}",
            [
                ("acronym", member.acronym),
                ("type", member.type.value),
                ("role", member.role.value),
                ("scope", member.scope.value if member.scope is not None else None),
                ("region", member.region),
                ("joined", member.joined),
                ("left", member.left),
            ],
        )
    ]
    people = table("People", "Name", "Title", "Focal point", "Email")
    for p in member.people:
        focal = "yes" if p.focal_point and p.until is None else ""
        people.add_row(text(p.name), text(p.title), focal, text(p.email))
    if member.people:
        view.append(people)
    return [*view, *list_view(members, owned)]


def members_view(chosen: Iterable[Member], counts: Mapping[str, int]) -> Any:
    rows = table(None, "Id", "Member", "Role", "Focal points", "Open items")
    for m in chosen:
        name = m.name if m.acronym is None else f"{m.acronym}: {m.name}"
        left = f" (left {m.left})" if m.left is not None else ""
        rows.add_row(text(m.id), text(name + left), m.role.value,
                     text(", ".join(p.name for p in m.focal_points) or None),
                     str(counts.get(m.id, 0)))  # fmt: skip
    return rows


def meetings_view(chosen: Iterable[Meeting], agreed: Mapping[str, int]) -> Any:
    rows = table(None, "Date", "Id", "Title", "Kind", "Status", "Attendance", "Agreed")
    for m in chosen:
        people = sum(len(a.people) for a in m.attendees)
        attendance = f"{len(m.attendees)} members, {people} people" if m.attendees else "—"
        rows.add_row(text(m.date), text(m.id), text(m.title), m.kind.value, m.status.value,
                     attendance, str(agreed.get(m.id, 0)))  # fmt: skip
    return rows
