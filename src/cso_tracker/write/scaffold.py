"""`tracker init`: the first records of a new group (its settings, its
secretariat, a first meeting), and creating the group's repository from
the files of the scaffold in one git commit.

The texts of the other files (workflows, CONTRIBUTING.md, ...) are rendered
in render/scaffold.py; the command line hands both to `create_group`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cso_tracker import git
from cso_tracker.atomic import write_atomic
from cso_tracker.errors import InputError, TrackerError
from cso_tracker.models import Meeting, Member, Settings
from cso_tracker.repo.layout import DATA_DIR, SETTINGS_FILE, UPDATES
from cso_tracker.vocabulary import MeetingKind, MeetingStatus, MemberType, Role
from cso_tracker.write.documents import new_mapping
from cso_tracker.write.ids import given_id
from cso_tracker.yaml.roundtrip import dump_roundtrip

FIRST_MEETING_AFTER: Final = dt.timedelta(days=28)
DEFAULT_SECRETARIAT: Final = "secretariat"
KEEP: Final = ".gitkeep"
"""An empty file that lets git keep an empty folder (the loader skips dot-files)."""

_SETTINGS_HEADER: Final = (
    "# The group's settings (docs: the tracker's data contract).\n"
    "# stale_after_days: an open item with no update for this long is stale.\n"
    "# due_soon_days: how far ahead `tracker status` looks for deadlines.\n"
    "# non_owner_updates: an update by a member that owns no part of the\n"
    "#   commitment is allowed, a warning (warn) or refused.\n"
)


@dataclass(frozen=True)
class NewGroup:
    """What a new group starts with."""

    group: str
    secretariat: Member
    first_meeting: Meeting


def one_line(value: str, what: str) -> str:
    """`value` without surrounding spaces; InputError when it is blank or
    spans lines (a group's name is a heading and a YAML line)."""
    text = value.strip()
    if text == "":
        raise InputError(value, f"the {what} must not be blank")
    if "\n" in text or "\r" in text:
        raise InputError(value, f"the {what} must be one line")
    return text


def plan_group(
    *, group: str, secretariat_id: str | None, secretariat_name: str | None, today: dt.date
) -> NewGroup:
    """The new group's records, checked against the data contract. Raises
    InputError for a blank name and InvalidIdError for an id that is not a
    slug (the command line names the option)."""
    name = one_line(group, "group's name")
    member_id = given_id(secretariat_id, DEFAULT_SECRETARIAT)
    member_name = (
        one_line(secretariat_name, "secretariat's name")
        if secretariat_name is not None
        else f"{name} secretariat"
    )
    day = today + FIRST_MEETING_AFTER
    member = Member(id=member_id, name=member_name, type=MemberType.OTHER, role=Role.SECRETARIAT)
    meeting = Meeting(
        id=f"{day.isoformat()}-first-meeting",
        title="First meeting",
        date=day,
        kind=MeetingKind.TELECONFERENCE,
        status=MeetingStatus.PLANNED,
        convened_by=member_id,
    )
    return NewGroup(group=name, secretariat=member, first_meeting=meeting)


def record_texts(new: NewGroup) -> dict[str, str]:
    """Path relative to the root -> text: tracker.yaml, the secretariat, the
    first meeting, and the empty folders for commitments and updates; in the
    canonical layout, so `tracker fmt --check` passes on them."""
    defaults = Settings(group=new.group)
    settings = new_mapping(
        Settings,
        {
            "group": new.group,
            "stale_after_days": defaults.stale_after_days,
            "due_soon_days": defaults.due_soon_days,
            "non_owner_updates": str(defaults.non_owner_updates),
        },
    )
    member, meeting = new.secretariat, new.first_meeting
    member_document = new_mapping(
        Member,
        {"id": member.id, "name": member.name, "type": str(member.type), "role": str(member.role)},
    )
    meeting_document = new_mapping(
        Meeting,
        {
            "id": meeting.id,
            "title": meeting.title,
            "date": meeting.date,
            "kind": str(meeting.kind),
            "status": str(meeting.status),
            "convened_by": meeting.convened_by,
        },
    )
    return {
        SETTINGS_FILE: _SETTINGS_HEADER + dump_roundtrip(settings),
        f"{DATA_DIR}/members/{member.id}.yaml": dump_roundtrip(member_document),
        f"{DATA_DIR}/meetings/{meeting.id}.yaml": dump_roundtrip(meeting_document),
        f"{DATA_DIR}/commitments/{KEEP}": "",
        f"{DATA_DIR}/{UPDATES}/{KEEP}": "",
    }


def refuse_unless_empty(target: Path) -> None:
    """Refuse a target that is a file, or a folder with anything in it."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise TrackerError(
            f"{target} exists and is not a folder; nothing was written",
            hint="choose a new folder (tracker init creates it)",
        )
    if target.is_dir() and any(target.iterdir()):
        raise TrackerError(
            f"{target} is not empty; nothing was written",
            hint="choose a new or empty folder: tracker init never writes over files",
        )


def nearest_folder(target: Path) -> Path:
    """The folder git runs in before the target exists."""
    for folder in (target, *target.parents):
        if folder.is_dir():
            return folder
    return Path(os.sep)


def create_group(target: Path, files: Mapping[str, str], *, message: str) -> str:
    """Write `files` (relative path -> text) under `target`, `git init` it and
    commit them all; returns the commit. Checks first that the target is
    empty and that git can commit, so a refusal writes nothing."""
    refuse_unless_empty(target)
    git.require_identity(nearest_folder(target))
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for rel, text in files.items():
        path = target.joinpath(*rel.split("/"))
        write_atomic(path, text.encode("utf-8"))
        paths.append(path)
    git.init_repository(target)
    return git.commit(target, paths, message)
