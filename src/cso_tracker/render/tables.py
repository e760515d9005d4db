"""`tracker list` as CSV (through render/csv.py) and as a Markdown table:
the same columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from cso_tracker.query.asof import owner_labels
from cso_tracker.render.csv import csv_text
from cso_tracker.render.escape import cell

if TYPE_CHECKING:
    from cso_tracker.models import Commitment, Member

LIST_COLUMNS: Final = (
    "id", "title", "status", "owners", "due", "agreed_at", "tags", "last_update",
)  # fmt: skip


def _row(c: Commitment, members: Mapping[str, Member]) -> list[str]:
    last = c.last_update
    return [
        c.id,
        c.title,
        c.status.value,
        owner_labels(c, members),
        c.due.isoformat() if c.due is not None else "",
        c.agreed_at,
        " ".join(c.tags),
        last.date.isoformat() if last is not None else "",
    ]


def list_csv(chosen: list[Commitment], members: Mapping[str, Member]) -> str:
    return csv_text(LIST_COLUMNS, (_row(c, members) for c in chosen))


def list_markdown(chosen: list[Commitment], members: Mapping[str, Member]) -> str:
    if not chosen:
        return "_No commitments match._\n"
    lines = [
        "| " + " | ".join(LIST_COLUMNS) + " |",
        "|" + " --- |" * len(LIST_COLUMNS),
    ]
    for c in chosen:
        row = _row(c, members)
        row[0] = f"`{c.id}`"
        lines.append("| " + " | ".join(cell(v) if i else v for i, v in enumerate(row)) + " |")
    return "\n".join(lines) + "\n"
