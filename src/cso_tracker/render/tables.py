"""The listings (`tracker list`, `members`, `meetings`) as CSV and as a
Markdown table: one CSV writer and one Markdown writer, each listing only
its columns and rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from cso_tracker.query.asof import owner_labels
from cso_tracker.render.csv import csv_text
from cso_tracker.render.escape import cell
from cso_tracker.render.wording import number, several_meetings

if TYPE_CHECKING:
    from cso_tracker.models import Commitment, Meeting, Member

LIST_COLUMNS: Final = (
    "id", "number", "title", "status", "owners", "due", "agreed_at", "tags", "last_update",
)  # fmt: skip
MEMBER_COLUMNS: Final = (
    "id", "name", "acronym", "role", "type", "focal_points", "left", "open_items",
)  # fmt: skip
MEETING_COLUMNS: Final = (
    "id", "date", "end", "title", "kind", "status", "attending_members", "attending_people",
    "apologies", "commitments_agreed",
)  # fmt: skip


def csv_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Every CSV the tracker writes: a header, then one line per row, each
    cell spreadsheet-safe (render/csv.py)."""
    return csv_text(columns, rows)


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[str]], empty: str) -> str:
    """Every Markdown listing: a GFM table whose first column is an id (in
    backticks, never escaped); `empty` (a sentence) when there are no rows."""
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for row in rows:
        cells = [f"`{row[0]}`", *(cell(value) for value in row[1:])]
        lines.append("| " + " | ".join(cells) + " |")
    if len(lines) == 2:
        return f"_{empty}_\n"
    return "\n".join(lines) + "\n"


def _day(value: object) -> str:
    return "" if value is None else str(value)


def _list_rows(
    chosen: list[Commitment], members: Mapping[str, Member], *, markdown: bool
) -> list[list[str]]:
    several = several_meetings(chosen)
    rows = []
    for c in chosen:
        last = c.last_update
        # CSV keeps the bare number (the meeting is in agreed_at); Markdown
        # says it as the reports do.
        shown = number(c, several) if markdown else _day(c.number)
        rows.append([c.id, shown, c.title, c.status.value, owner_labels(c, members), _day(c.due),
                     c.agreed_at, " ".join(c.tags), _day(last.date if last is not None else None)])  # fmt: skip
    return rows


def list_csv(chosen: list[Commitment], members: Mapping[str, Member]) -> str:
    return csv_table(LIST_COLUMNS, _list_rows(chosen, members, markdown=False))


def list_markdown(chosen: list[Commitment], members: Mapping[str, Member]) -> str:
    rows = _list_rows(chosen, members, markdown=True)
    return markdown_table(LIST_COLUMNS, rows, "No commitments match.")


def member_rows(chosen: Iterable[Member], counts: Mapping[str, int]) -> list[list[str]]:
    return [
        [m.id, m.name, m.acronym or "", m.role.value, m.type.value,
         ", ".join(p.name for p in m.focal_points), _day(m.left), str(counts.get(m.id, 0))]
        for m in chosen
    ]  # fmt: skip


def meeting_rows(chosen: Iterable[Meeting], agreed: Mapping[str, int]) -> list[list[str]]:
    return [
        [m.id, str(m.date), _day(m.end), m.title, m.kind.value, m.status.value,
         str(len(m.attendees)), str(sum(len(a.people) for a in m.attendees)),
         str(len(m.apologies)), str(agreed.get(m.id, 0))]
        for m in chosen
    ]  # fmt: skip
