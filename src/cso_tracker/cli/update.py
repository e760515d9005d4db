"""`tracker update` and `tracker add`: a commitment's progress, and new commitments."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Annotated

import typer

from cso_tracker import clock
from cso_tracker.cli._app import app, echo
from cso_tracker.cli._words import naming_values
from cso_tracker.cli._writing import Commit, DryRun, option, say, undated, write
from cso_tracker.dates import FORMS_HELP
from cso_tracker.errors import UsageError
from cso_tracker.vocabulary import Status

_UpdateCommitmentArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The commitment to update: its id, or a unique beginning of it (as `show`).",
    ),
]
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
        "The member (id or acronym) giving the update. Default: default_member in tracker.yaml, "
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
    str | None,
    option("--date", "DATE", f"The update's date ({FORMS_HELP}). Default: today."),
]
_UpdateDueOption = Annotated[
    str | None,
    option(
        "--due",
        "DATE",
        f"A revised deadline ({FORMS_HELP}), when the owners move it; the agreed one stays "
        "in the commitment's file and reports show both. A day before today is written, "
        "with a warning.",
    ),
]
_UpdateCorrectsOption = Annotated[
    str | None,
    option(
        "--corrects",
        "FILE",
        "The file name of an earlier update of this commitment that this one corrects "
        "(merged updates are never edited).",
    ),
]
_AGREEMENT = (
    "Changes what was agreed, in the commitment's own file (the secretariat's to make); "
    "cannot be combined with progress options."
)
_UpdateAddOwnerOption = Annotated[
    list[str] | None,
    option(
        "--add-owner", "MEMBER", f"Add an owner (member id or acronym); repeatable. {_AGREEMENT}"
    ),
]
_UpdateRemoveOwnerOption = Annotated[
    list[str] | None,
    option(
        "--remove-owner",
        "MEMBER",
        f"Remove an owner (member id or acronym); repeatable. {_AGREEMENT}",
    ),
]
_UpdateAddTagOption = Annotated[
    list[str] | None,
    option("--add-tag", "TAG", f"Add a tag; repeatable. {_AGREEMENT}"),
]
_UpdateRemoveTagOption = Annotated[
    list[str] | None,
    option("--remove-tag", "TAG", f"Remove a tag; repeatable. {_AGREEMENT}"),
]


_AddTextOption = Annotated[
    str, option("--text", "TEXT", "What was agreed, as the meeting record words it.")
]
_AddOwnerOption = Annotated[
    list[str],
    option("--owner", "MEMBER", "A member (id or acronym) that owns the commitment; repeatable."),
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
    commitment: _UpdateCommitmentArgument,
    status: _UpdateStatusOption = None,
    note: _UpdateNoteOption = None,
    by: _UpdateByOption = None,
    author: _UpdateAuthorOption = None,
    evidence: _UpdateEvidenceOption = None,
    date: _UpdateDateOption = None,
    due: _UpdateDueOption = None,
    corrects: _UpdateCorrectsOption = None,
    add_owner: _UpdateAddOwnerOption = None,
    remove_owner: _UpdateRemoveOwnerOption = None,
    add_tag: _UpdateAddTagOption = None,
    remove_tag: _UpdateRemoveTagOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record progress on a commitment: a new file under
    data/updates/<commitment-id>/ with its status, a note, evidence or a
    revised deadline. No existing file changes, so two members updating one
    item never conflict. The change is validated before anything is written."""
    from cso_tracker.write.commitments import (
        AgreementChange,
        UpdateRequest,
        change_agreement,
        update_commitment,
    )

    request = UpdateRequest(
        by=by,
        date=undated(date, "--date"),
        status=status,
        note=note,
        author=author,
        evidence=tuple(evidence or ()),
        due=undated(due, "--due"),
        corrects=corrects,
    )
    agreement = AgreementChange(
        add_owners=tuple(add_owner or ()),
        remove_owners=tuple(remove_owner or ()),
        add_tags=tuple(add_tag or ()),
        remove_tags=tuple(remove_tag or ()),
    )
    if agreement.is_empty:
        _warn_if_past("--due", request.due)
        change = partial(update_commitment, commitment_id=commitment, request=request)
    elif not request.is_empty or by is not None or author is not None or date is not None:
        raise UsageError(
            "--add-owner, --remove-owner, --add-tag and --remove-tag change the commitment "
            "itself; record progress (--status, --note, --evidence, --due, --corrects, --by, "
            "--author, --date) in a separate `tracker update`"
        )
    else:
        change = partial(change_agreement, commitment_id=commitment, change=agreement)
    with naming_values({"--by": [by], "--add-owner": add_owner, "--remove-owner": remove_owner}):
        write(ctx, change, dry_run=dry_run, commit=commit)


def _warn_if_past(option_name: str, day: dt.date | None) -> None:
    """A deadline before today is written (backfilling an old record is
    legitimate) but said, in case a year or a sign was mistyped."""
    today = clock.today()
    if day is not None and day < today:
        say(
            f"warning: {option_name} {day} is before today ({today}); written as given, "
            "so an open item shows as overdue"
        )


# --- tracker add ------------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, option("--title", "TEXT", "A short title for the commitment.")],
    text: _AddTextOption,
    owner: _AddOwnerOption,
    meeting: _AddMeetingOption,
    due: Annotated[
        str | None,
        option(
            "--due",
            "DATE",
            f"Due date ({FORMS_HELP}); a day before today is written, with a warning.",
        ),
    ] = None,
    partner: _AddPartnerOption = None,
    tag: Annotated[list[str] | None, option("--tag", "TAG", "A tag; repeatable.")] = None,
    record_id: _AddRecordIdOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Create a commitment, numbered next for its meeting."""
    from cso_tracker.write.commitments import add_commitment

    due_day = undated(due, "--due")
    _warn_if_past("--due", due_day)
    change = partial(
        add_commitment,
        title=title,
        text=text,
        owners=owner,
        meeting=meeting,
        due=due_day,
        record_id=record_id,
        partners=partner or (),
        tags=tag or (),
    )
    with naming_values({"--owner": owner}, otherwise="--id"):
        write(ctx, change, dry_run=dry_run, commit=commit)


# --- tracker migrate ----------------------------------------------------------------------------


@app.command()
def migrate(ctx: typer.Context, dry_run: DryRun = False, commit: Commit = False) -> None:
    """Move progress written inside commitment files (`status:` and
    `updates:`, the shape before update files) into one file per update
    under data/updates/<commitment-id>/. All or nothing: every file is
    checked first."""
    from cso_tracker.cli._app import options
    from cso_tracker.cli._writing import say, writing_options
    from cso_tracker.git import short
    from cso_tracker.render.diff import unified_diff
    from cso_tracker.write.migrate import migrate as migrate_records

    root = options(ctx).find_root()
    migration = migrate_records(root, options=writing_options(dry_run=dry_run, commit=commit))
    for edit in migration.edits:
        if dry_run:
            echo(unified_diff(edit.rel, edit.before, edit.after), nl=False)
        else:
            echo(edit.rel)
    moved = sum(migration.moved.values())
    done = "would move" if dry_run else "moved"
    say(f"{done} {moved} update{'s' if moved != 1 else ''} out of "
        f"{len(migration.moved)} commitment file{'s' if len(migration.moved) != 1 else ''}")  # fmt: skip
    if migration.commit is not None:
        say(f"committed {short(migration.commit)}: {migration.message.strip()}")
