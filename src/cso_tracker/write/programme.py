"""`tracker meeting programme`: a meeting's objectives and programme (its
agenda slots), written in one go, as the secretariat plans the call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cso_tracker.errors import MeetingStateError, NothingToChangeError, UsageError
from cso_tracker.models import AgendaItem, Meeting, MeetingStatus
from cso_tracker.repo.repository import Repository
from cso_tracker.write.documents import new_mapping, set_field
from cso_tracker.write.result import Edit
from cso_tracker.write.transaction import WriteOptions, edit_record
from cso_tracker.yaml.edits import give_following, remove_key, take_following
from cso_tracker.yaml.quoting import scalar


@dataclass(frozen=True)
class Slot:
    """One slot of the programme: its times ("HH:MM", both or neither) and title."""

    title: str
    start: str | None = None
    end: str | None = None


def replace_list(document: Any, key: str, items: Sequence[Any]) -> None:
    """Write the meeting's list `key` as exactly `items` (none: the key
    goes); the comments after the old list stay in front of what followed."""
    if not items:
        if key in document:
            remove_key(document, key)
        return
    following = take_following(document, key) if key in document else ""
    set_field(document, Meeting, key, list(items))
    give_following(document, key, following)


def set_programme(
    root: Path,
    meeting_id: str,
    *,
    objectives: Sequence[str],
    slots: Sequence[Slot],
    options: WriteOptions,
) -> Edit:
    """Replace the meeting's objectives and programme with those given
    (sub-items of a slot are kept when its title and times are unchanged)."""
    if not objectives and not slots:
        raise UsageError("give at least one objective or programme slot")
    if any(o.strip() == "" for o in objectives):
        raise UsageError("an objective is empty")

    def change(document: Any, repository: Repository) -> str:
        meeting: Meeting = repository.meetings[meeting_id]
        if meeting.status is MeetingStatus.CANCELLED:
            raise MeetingStateError(f"{meeting_id} was cancelled, so it has no programme")
        kept = {(a.start, a.end, a.title): a.items for a in meeting.agenda}
        agenda = [
            AgendaItem(start=s.start, end=s.end, title=s.title,
                       items=kept.get((s.start, s.end, s.title), ()))
            for s in slots
        ]  # fmt: skip
        wanted = [o.strip() for o in objectives]
        # Only the lists given are replaced.
        same_objectives = not objectives or tuple(wanted) == meeting.objectives
        same_slots = not slots or tuple(agenda) == meeting.agenda
        if same_objectives and same_slots:
            raise NothingToChangeError(
                f"{meeting_id} already has this programme; nothing to change", subject="meeting"
            )
        summary = []
        if objectives:
            replace_list(document, "objectives", [scalar(o) for o in wanted])
            summary.append(f"{len(wanted)} objective{'s' if len(wanted) != 1 else ''}")
        if slots:
            replace_list(document, "agenda", [_slot(a) for a in agenda])
            summary.append(f"{len(agenda)} programme slot{'s' if len(agenda) != 1 else ''}")
        return f"{meeting_id}: programme: {', '.join(summary)}\n"

    return edit_record(root, "meetings", meeting_id, change, options=options)


def _slot(item: AgendaItem) -> Any:
    values = {"start": item.start, "end": item.end, "title": item.title, "items": list(item.items)}
    return new_mapping(AgendaItem, values)
