"""`tracker update` and `tracker add`: a commitment's progress, and new commitments."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from cso_tracker.cli._app import app
from cso_tracker.cli._words import naming
from cso_tracker.cli._writing import Commit, DryRun, option, undated, write
from cso_tracker.vocabulary import Status

_UpdateStatusOption = Annotated[
    Status | None,
    typer.Option("--status", help="The new status; recorded on the update too."),
]
_UpdateNoteOption = Annotated[
    str | None, option("--note", "TEXT", "What happened, in a sentence or two.")
]
_UpdateByOption = Annotated[
    str | None,
    option(
        "--by",
        "MEMBER",
        "The member (id) giving the update. Default: default_member in tracker.yaml, "
        "else the member whose people match your git user.name or user.email.",
    ),
]
_UpdateAuthorOption = Annotated[
    str | None,
    option("--author", "NAME", "The person (one of the --by member's people) writing the update."),
]
_UpdateEvidenceOption = Annotated[
    list[str] | None,
    option(
        "--evidence",
        "URL",
        "A URL or document reference backing the update; repeat for more.",
    ),
]
_UpdateDateOption = Annotated[
    str | None, option("--date", "DATE", "The update's date, YYYY-MM-DD. Default: today.")
]
_UpdateDueOption = Annotated[
    str | None,
    option(
        "--due",
        "DATE",
        "Set the due date (YYYY-MM-DD), or 'none' to remove it. Noted on the update.",
    ),
]
_UpdateAddOwnerOption = Annotated[
    list[str] | None,
    option("--add-owner", "MEMBER", "Add an owner (member id); repeatable. Noted on the update."),
]
_UpdateRemoveOwnerOption = Annotated[
    list[str] | None,
    option(
        "--remove-owner",
        "MEMBER",
        "Remove an owner (member id); repeatable. Noted on the update.",
    ),
]
_UpdateAddTagOption = Annotated[
    list[str] | None,
    option("--add-tag", "TAG", "Add a tag; repeatable. Noted on the update."),
]
_UpdateRemoveTagOption = Annotated[
    list[str] | None,
    option("--remove-tag", "TAG", "Remove a tag; repeatable. Noted on the update."),
]


_AddTextOption = Annotated[
    str, option("--text", "TEXT", "What was agreed, as the meeting record words it.")
]
_AddOwnerOption = Annotated[
    list[str],
    option("--owner", "MEMBER", "A member (id) that owns the commitment; repeatable."),
]
_AddMeetingOption = Annotated[
    str, option("--meeting", "MEETING", "The id of the meeting that agreed it.")
]
_AddPartnerOption = Annotated[
    list[str] | None,
    option("--partner", "NAME", "A partner outside the group (free text); repeatable."),
]
_AddRecordIdOption = Annotated[
    str | None,
    option(
        "--id",
        "ID",
        "The new record's id (lowercase letters, digits, hyphens). "
        "Default: derived from the title.",
    ),
]


@app.command()
def update(
    ctx: typer.Context,
    commitment: Annotated[str, typer.Argument(help="The id of the commitment to update.")],
    status: _UpdateStatusOption = None,
    note: _UpdateNoteOption = None,
    by: _UpdateByOption = None,
    author: _UpdateAuthorOption = None,
    evidence: _UpdateEvidenceOption = None,
    date: _UpdateDateOption = None,
    due: _UpdateDueOption = None,
    add_owner: _UpdateAddOwnerOption = None,
    remove_owner: _UpdateRemoveOwnerOption = None,
    add_tag: _UpdateAddTagOption = None,
    remove_tag: _UpdateRemoveTagOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Append an update to a commitment: its status, a note, evidence, due date,
    owners or tags. The change is validated before anything is written."""
    from cso_tracker.write.commitments import CLEAR, UpdateRequest, update_commitment

    clear_due = due is not None and due.lower() == CLEAR
    request = UpdateRequest(
        by=by,
        date=undated(date, "--date"),
        status=status,
        note=note,
        author=author,
        evidence=tuple(evidence or ()),
        due=None if clear_due else undated(due, "--due"),
        clear_due=clear_due,
        add_owners=tuple(add_owner or ()),
        remove_owners=tuple(remove_owner or ()),
        add_tags=tuple(add_tag or ()),
        remove_tags=tuple(remove_tag or ()),
    )
    change = partial(update_commitment, commitment_id=commitment, request=request)
    write(ctx, change, dry_run=dry_run, commit=commit)


# --- tracker add ------------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, option("--title", "TEXT", "A short title for the commitment.")],
    text: _AddTextOption,
    owner: _AddOwnerOption,
    meeting: _AddMeetingOption,
    due: Annotated[str | None, option("--due", "DATE", "Due date, YYYY-MM-DD.")] = None,
    partner: _AddPartnerOption = None,
    tag: Annotated[list[str] | None, option("--tag", "TAG", "A tag; repeatable.")] = None,
    record_id: _AddRecordIdOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Create a commitment, numbered next for its meeting."""
    from cso_tracker.write.commitments import add_commitment

    change = partial(
        add_commitment,
        title=title,
        text=text,
        owners=owner,
        meeting=meeting,
        due=undated(due, "--due"),
        record_id=record_id,
        partners=partner or (),
        tags=tag or (),
    )
    with naming("--id"):
        write(ctx, change, dry_run=dry_run, commit=commit)
