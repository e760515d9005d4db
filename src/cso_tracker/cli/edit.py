"""Commands that change records: `update`, `add`, `fmt`, `meeting add|attend`,
`member add|person|leave`. Each parses its options, calls one function of
cso_tracker.edit (or fmt) and renders the result; errors are raised to the
error boundary in _app.py."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import typer

from cso_tracker.cli._app import HelpGroup, app, options, today
from cso_tracker.errors import InvalidDataError, UsageError
from cso_tracker.vocabulary import MeetingKind, MeetingStatus, MemberType, Role, Scope, Status

if TYPE_CHECKING:
    from cso_tracker.edit import Edit, WriteOptions

meeting_app = typer.Typer(
    cls=HelpGroup,
    help="Plan or record meetings and who attended.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
member_app = typer.Typer(
    cls=HelpGroup,
    help="Add members, their people and focal points; record a member leaving.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(meeting_app, name="meeting")
app.add_typer(member_app, name="member")

# --- shared options ------------------------------------------------------------------


def _option(name: str, metavar: str, help_text: str) -> Any:
    """An option taking a value, with no default shown: where it has one, its
    help says what it is."""
    return typer.Option(name, metavar=metavar, help=help_text, show_default=False)


DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the diff the command would make and write nothing."),
]
Commit = Annotated[
    bool,
    typer.Option(
        "--commit",
        help="Also commit the changed file in git, with a structured message "
        "(only that file is committed).",
    ),
]


def _date(value: str, option: str) -> dt.date:
    # fromisoformat alone would also take 20240101 and 2024-W01-1.
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2013-06-30")


def _optional_date(value: str | None, option: str) -> dt.date | None:
    return None if value is None else _date(value, option)


class _Change(Protocol):
    def __call__(self, root: Path, *, options: WriteOptions) -> Edit: ...


def _write(ctx: typer.Context, change: _Change, *, dry_run: bool, commit: bool) -> None:
    """What every writing command does once its options are parsed: make the
    change in the tracker found from here, then say what happened."""
    from cso_tracker.edit import WriteOptions

    if dry_run and commit:
        raise UsageError("--dry-run and --commit cannot be combined")
    write = WriteOptions(today=today(), dry_run=dry_run, commit=commit)
    _render(change(options(ctx).find_root(), options=write), dry_run=dry_run)


def _say(text: str) -> None:
    # Plain click output, not a rich console: what these commands print has
    # no markup, and a write that succeeds then never imports rich (~25 ms).
    typer.echo(text, err=True)


def _render(edit: Edit, *, dry_run: bool) -> None:
    from cso_tracker.problems import format_text

    for problem in edit.warnings:
        _say(format_text(problem))
    if edit.reformatted:
        _say(
            f"note: {edit.rel} is not in the canonical layout, so lines around the "
            "change were rewritten too (run `tracker fmt` in a separate commit)"
        )
    if dry_run:
        typer.echo(edit.diff(), nl=False)
        _say(f"dry run: {edit.rel} not written")
        return
    if not edit.changed:
        _say(f"{edit.rel}: no change")
        return
    _say(f"{'created' if edit.before is None else 'updated'} {edit.rel}")
    if edit.commit is not None:
        _say(f"committed {edit.commit[:12]}: {edit.message.splitlines()[0]}")


# --- tracker update ------------------------------------------------------------------------


@app.command()
def update(
    ctx: typer.Context,
    commitment: Annotated[str, typer.Argument(help="The id of the commitment to update.")],
    status: Annotated[
        Status | None,
        typer.Option("--status", help="The new status; recorded on the update too."),
    ] = None,
    note: Annotated[
        str | None, _option("--note", "TEXT", "What happened, in a sentence or two.")
    ] = None,
    by: Annotated[
        str | None,
        _option(
            "--by",
            "MEMBER",
            "The member (id) giving the update. Default: default_member in tracker.yaml, "
            "else the member whose people match your git user.name or user.email.",
        ),
    ] = None,
    author: Annotated[
        str | None,
        _option(
            "--author", "NAME", "The person (one of the --by member's people) writing the update."
        ),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        _option(
            "--evidence",
            "URL",
            "A URL or document reference backing the update; repeat for more.",
        ),
    ] = None,
    date: Annotated[
        str | None, _option("--date", "DATE", "The update's date, YYYY-MM-DD. Default: today.")
    ] = None,
    due: Annotated[
        str | None,
        _option(
            "--due",
            "DATE",
            "Set the due date (YYYY-MM-DD), or 'none' to remove it. Noted on the update.",
        ),
    ] = None,
    add_owner: Annotated[
        list[str] | None,
        _option(
            "--add-owner", "MEMBER", "Add an owner (member id); repeatable. Noted on the update."
        ),
    ] = None,
    remove_owner: Annotated[
        list[str] | None,
        _option(
            "--remove-owner",
            "MEMBER",
            "Remove an owner (member id); repeatable. Noted on the update.",
        ),
    ] = None,
    add_tag: Annotated[
        list[str] | None,
        _option("--add-tag", "TAG", "Add a tag; repeatable. Noted on the update."),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        _option("--remove-tag", "TAG", "Remove a tag; repeatable. Noted on the update."),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Append an update to a commitment: its status, a note, evidence, due date,
    owners or tags. The change is validated before anything is written."""
    from cso_tracker import edit

    clear_due = due is not None and due.lower() == edit.CLEAR
    request = edit.UpdateRequest(
        by=by,
        date=_optional_date(date, "--date"),
        status=status,
        note=note,
        author=author,
        evidence=tuple(evidence or ()),
        due=None if clear_due else _optional_date(due, "--due"),
        clear_due=clear_due,
        add_owners=tuple(add_owner or ()),
        remove_owners=tuple(remove_owner or ()),
        add_tags=tuple(add_tag or ()),
        remove_tags=tuple(remove_tag or ()),
    )
    change = partial(edit.update_commitment, commitment_id=commitment, request=request)
    _write(ctx, change, dry_run=dry_run, commit=commit)


# --- tracker add ------------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[str, _option("--title", "TEXT", "A short title for the commitment.")],
    text: Annotated[
        str, _option("--text", "TEXT", "What was agreed, as the meeting record words it.")
    ],
    owner: Annotated[
        list[str],
        _option("--owner", "MEMBER", "A member (id) that owns the commitment; repeatable."),
    ],
    meeting: Annotated[
        str, _option("--meeting", "MEETING", "The id of the meeting that agreed it.")
    ],
    due: Annotated[str | None, _option("--due", "DATE", "Due date, YYYY-MM-DD.")] = None,
    partner: Annotated[
        list[str] | None,
        _option("--partner", "NAME", "A partner outside the group (free text); repeatable."),
    ] = None,
    tag: Annotated[list[str] | None, _option("--tag", "TAG", "A tag; repeatable.")] = None,
    record_id: Annotated[
        str | None,
        _option(
            "--id",
            "ID",
            "The new record's id (lowercase letters, digits, hyphens). "
            "Default: derived from the title.",
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Create a commitment, numbered next for its meeting."""
    from cso_tracker import edit

    change = partial(
        edit.add_commitment,
        title=title,
        text=text,
        owners=owner,
        meeting=meeting,
        due=_optional_date(due, "--due"),
        record_id=record_id,
        partners=partner or (),
        tags=tag or (),
    )
    _write(ctx, change, dry_run=dry_run, commit=commit)


# --- tracker fmt ---------------------------------------------------------------------------------


@app.command("fmt")
def fmt_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Record files to format. Default: every record and tracker.yaml.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; list the files that would change and exit 1 if any."
        ),
    ] = False,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Rewrite records into the canonical layout (key order, indentation,
    quoting, dates), keeping every comment."""
    from cso_tracker import fmt
    from cso_tracker.problems import format_text

    if commit and (check or dry_run):
        raise UsageError("--commit cannot be combined with --check or --dry-run")
    root = options(ctx).find_root()
    report = fmt.format_files(
        root, fmt.targets(root, files or []), write=not (check or dry_run), commit=commit
    )
    if dry_run:
        for change in report.changed:
            typer.echo(change.diff(), nl=False)
    for change in report.changed:
        typer.echo(change.rel)
    done = "would be reformatted" if check or dry_run else "reformatted"
    count, files_word = len(report.changed), "file" if report.checked == 1 else "files"
    _say(
        f"{count} of {report.checked} {files_word} {done}"
        if count
        else f"{report.checked} {files_word} already formatted"
    )
    if report.commit is not None:
        _say(f"committed {report.commit[:12]}: {report.message.strip()}")
    if report.problems:
        for problem in report.problems:
            _say(format_text(problem))
        raise InvalidDataError(
            f"{len(report.problems)} file(s) could not be read, so were not formatted", ()
        )
    if check and report.changed:
        raise typer.Exit(1)


# --- tracker meeting ----------------------------------------------------------------------------


@meeting_app.command("add")
def meeting_add(
    ctx: typer.Context,
    title: Annotated[str, _option("--title", "TEXT", "The meeting's title.")],
    date: Annotated[str, _option("--date", "DATE", "The (first) day, YYYY-MM-DD.")],
    kind: Annotated[
        MeetingKind, typer.Option("--kind", help="How the meeting is held.")
    ] = MeetingKind.IN_PERSON,
    status: Annotated[
        MeetingStatus | None,
        typer.Option(
            "--status",
            help="Default: planned for a date after today, held otherwise.",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None, _option("--end", "DATE", "The last day of a multi-day meeting.")
    ] = None,
    location: Annotated[str | None, _option("--location", "TEXT", "Where it takes place.")] = None,
    convened_by: Annotated[
        str | None, _option("--convened-by", "MEMBER", "The member (id) convening it.")
    ] = None,
    chair_member: Annotated[
        str | None, _option("--chair-member", "MEMBER", "The member (id) of the chair.")
    ] = None,
    chair_person: Annotated[
        str | None,
        _option("--chair-person", "NAME", "The chair (one of --chair-member's people)."),
    ] = None,
    record_id: Annotated[
        str | None,
        _option("--id", "ID", "The meeting's id. Default: DATE-slug-of-the-title."),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Plan a meeting, or record one that was held."""
    from cso_tracker import edit

    change = partial(
        edit.add_meeting,
        title=title,
        date=_date(date, "--date"),
        kind=kind,
        status=status,
        end=_optional_date(end, "--end"),
        location=location,
        convened_by=convened_by,
        chair_member=chair_member,
        chair_person=chair_person,
        record_id=record_id,
    )
    _write(ctx, change, dry_run=dry_run, commit=commit)


@meeting_app.command("attend")
def meeting_attend(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's id.")],
    member: Annotated[str, _option("--member", "MEMBER", "The member (id) that attended.")],
    person: Annotated[
        list[str] | None,
        _option("--person", "NAME", "A person of that member who attended; repeatable."),
    ] = None,
    apology: Annotated[
        bool,
        typer.Option("--apology", help="Record apologies (could not attend) instead."),
    ] = False,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record that a member (and which of its people) attended a meeting, or
    sent apologies."""
    from cso_tracker import edit

    change = partial(
        edit.attend_meeting,
        meeting_id=meeting,
        member=member,
        people=person or (),
        apology=apology,
    )
    _write(ctx, change, dry_run=dry_run, commit=commit)


# --- tracker member -----------------------------------------------------------------------------


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    name: Annotated[str, _option("--name", "NAME", "The organisation's full name.")],
    member_type: Annotated[MemberType, typer.Option("--type", help="What kind of organisation.")],
    role: Annotated[Role, typer.Option("--role", help="Its role in the group.")] = Role.MEMBER,
    acronym: Annotated[str | None, _option("--acronym", "TEXT", "Short name, e.g. HRI.")] = None,
    scope: Annotated[
        Scope | None, typer.Option("--scope", help="Where it works.", show_default=False)
    ] = None,
    region: Annotated[str | None, _option("--region", "TEXT", "Its region, if regional.")] = None,
    joined: Annotated[
        str | None, _option("--joined", "DATE", "When it joined, YYYY-MM-DD.")
    ] = None,
    github: Annotated[
        list[str] | None,
        _option("--github", "ACCOUNT", "A GitHub account acting for it; repeatable."),
    ] = None,
    record_id: Annotated[
        str | None,
        _option("--id", "ID", "The member's id. Default: slug of the acronym, else of the name."),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a member organisation."""
    from cso_tracker import edit

    change = partial(
        edit.add_member,
        name=name,
        member_type=member_type,
        role=role,
        acronym=acronym,
        scope=scope,
        region=region,
        joined=_optional_date(joined, "--joined"),
        github=github or (),
        record_id=record_id,
    )
    _write(ctx, change, dry_run=dry_run, commit=commit)


@member_app.command("person")
def member_person(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id.")],
    name: Annotated[
        str, _option("--name", "NAME", "The person's name (adds them if not yet listed).")
    ],
    title: Annotated[str | None, _option("--title", "TEXT", "Their job title.")] = None,
    email: Annotated[str | None, _option("--email", "EMAIL", "Their email address.")] = None,
    github: Annotated[str | None, _option("--github", "ACCOUNT", "Their GitHub account.")] = None,
    focal_point: Annotated[
        bool | None,
        typer.Option(
            "--focal-point/--no-focal-point",
            help="Whether they are the member's focal point for the group.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None, _option("--since", "DATE", "Since when they represent the member.")
    ] = None,
    left: Annotated[
        str | None,
        _option(
            "--left",
            "DATE",
            "The day they stopped representing the member (kept in the history).",
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a person to a member, or change one: focal point, title, contact, leaving."""
    from cso_tracker import edit

    request = edit.PersonRequest(
        name=name,
        title=title,
        email=email,
        github=github,
        focal_point=focal_point,
        since=_optional_date(since, "--since"),
        until=_optional_date(left, "--left"),
    )
    change = partial(edit.set_person, member_id=member, request=request)
    _write(ctx, change, dry_run=dry_run, commit=commit)


@member_app.command("leave")
def member_leave(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id.")],
    left: Annotated[
        str | None, _option("--left", "DATE", "The day it left, YYYY-MM-DD. Default: today.")
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record that a member left the group; its records and history stay."""
    from cso_tracker import edit

    change = partial(edit.member_left, member_id=member, left=_optional_date(left, "--left"))
    _write(ctx, change, dry_run=dry_run, commit=commit)
