"""Commands that change records: `update`, `add`, `fmt`, `meeting add|attend`,
`member add|person|leave`. Each parses its options, calls one function of
cso_tracker.edit (or fmt) and renders the result; errors are raised to the
error boundary in _app.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cso_tracker.cli._app import HelpGroup, app, options, stderr_console, stdout_console, today
from cso_tracker.errors import InvalidDataError, UsageError
from cso_tracker.models import MeetingKind, MeetingStatus, MemberType, Role, Scope, Status

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
RecordId = Annotated[
    str | None,
    typer.Option(
        "--id",
        metavar="ID",
        help="The new record's id (lowercase letters, digits, hyphens). "
        "Default: derived from the title or name.",
        show_default=False,
    ),
]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value, option)
    except ValueError:
        return _bad_date(value, option)


def _bad_date(value: str, option: str) -> dt.date:
    raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2013-06-30")


def _write_options(dry_run: bool, commit: bool) -> WriteOptions:
    from cso_tracker.edit import WriteOptions

    if dry_run and commit:
        raise UsageError("--dry-run and --commit cannot be combined")
    return WriteOptions(today=today(), dry_run=dry_run, commit=commit)


def _render(edit: Edit, *, dry_run: bool) -> None:
    from rich.markup import escape

    from cso_tracker.problems import format_text

    err = stderr_console()
    for problem in edit.warnings:
        err.print(escape(format_text(problem)))
    if edit.reformatted:
        err.print(
            f"note: {escape(edit.rel)} is not in the canonical layout, so lines around the "
            "change were rewritten too (run `tracker fmt` in a separate commit)"
        )
    if dry_run:
        diff = edit.diff()
        if diff:
            stdout_console().out(diff, end="", highlight=False)
        err.print(f"dry run: {escape(edit.rel)} not written")
        return
    if not edit.changed:
        err.print(f"{escape(edit.rel)}: no change")
        return
    err.print(f"{'created' if edit.before is None else 'updated'} {escape(edit.rel)}")
    if edit.commit is not None:
        subject = edit.message.splitlines()[0]
        err.print(f"committed {edit.commit[:12]}: {escape(subject)}")


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
        str | None,
        typer.Option("--note", metavar="TEXT", help="What happened, in a sentence or two."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="MEMBER",
            help="The member (id) giving the update. Default: default_member in "
            "tracker.yaml, else the member whose people match your git user.name or user.email.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author",
            metavar="NAME",
            help="The person (one of the --by member's people) writing the update.",
            show_default=False,
        ),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar="URL",
            help="A URL or document reference backing the update; repeat for more.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The update's date, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            metavar="DATE",
            help="Set the due date (YYYY-MM-DD), or 'none' to remove it. Noted on the update.",
            show_default=False,
        ),
    ] = None,
    add_owner: Annotated[
        list[str] | None,
        typer.Option(
            "--add-owner",
            metavar="MEMBER",
            help="Add an owner (member id); repeatable. Noted on the update.",
        ),
    ] = None,
    remove_owner: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-owner",
            metavar="MEMBER",
            help="Remove an owner (member id); repeatable. Noted on the update.",
        ),
    ] = None,
    add_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--add-tag", metavar="TAG", help="Add a tag; repeatable. Noted on the update."
        ),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-tag", metavar="TAG", help="Remove a tag; repeatable. Noted on the update."
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Append an update to a commitment: its status, a note, evidence, due date,
    owners or tags. The change is validated before anything is written."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    clear_due = due is not None and due.lower() == edit.CLEAR
    request = edit.UpdateRequest(
        by=by,
        date=_date(date, "--date") or write.today,
        status=status,
        note=note,
        author=author,
        evidence=tuple(evidence or ()),
        due=None if clear_due else _date(due, "--due"),
        clear_due=clear_due,
        add_owners=tuple(add_owner or ()),
        remove_owners=tuple(remove_owner or ()),
        add_tags=tuple(add_tag or ()),
        remove_tags=tuple(remove_tag or ()),
    )
    root = options(ctx).find_root()
    _render(edit.update_commitment(root, commitment, request, options=write), dry_run=dry_run)


# --- tracker add ------------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Option("--title", metavar="TEXT", help="A short title for the commitment.")
    ],
    text: Annotated[
        str,
        typer.Option(
            "--text", metavar="TEXT", help="What was agreed, as the meeting record words it."
        ),
    ],
    owner: Annotated[
        list[str],
        typer.Option(
            "--owner", metavar="MEMBER", help="A member (id) that owns the commitment; repeatable."
        ),
    ],
    meeting: Annotated[
        str,
        typer.Option("--meeting", metavar="MEETING", help="The id of the meeting that agreed it."),
    ],
    due: Annotated[
        str | None,
        typer.Option("--due", metavar="DATE", help="Due date, YYYY-MM-DD.", show_default=False),
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            "--partner", metavar="NAME", help="A partner outside the group (free text); repeatable."
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeatable.")
    ] = None,
    record_id: RecordId = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Create a commitment, numbered next for its meeting."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    root = options(ctx).find_root()
    result = edit.add_commitment(
        root,
        title=title,
        text=text,
        owners=owner,
        meeting=meeting,
        due=_date(due, "--due"),
        record_id=record_id,
        partners=partner or (),
        tags=tag or (),
        options=write,
    )
    _render(result, dry_run=dry_run)


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
    from rich.markup import escape

    from cso_tracker import fmt
    from cso_tracker.problems import format_text

    if commit and (check or dry_run):
        raise UsageError("--commit cannot be combined with --check or --dry-run")
    root = options(ctx).find_root()
    report = fmt.format_files(
        root, fmt.targets(root, files or []), write=not (check or dry_run), commit=commit
    )
    if dry_run:
        out = stdout_console()
        for change in report.changed:
            out.out(change.diff(), end="", highlight=False)
    err = stderr_console()
    for change in report.changed:
        typer.echo(change.rel)
    done = "would be reformatted" if check or dry_run else "reformatted"
    count, files_word = len(report.changed), "file" if report.checked == 1 else "files"
    err.print(
        f"{count} of {report.checked} {files_word} {done}"
        if count
        else f"{report.checked} {files_word} already formatted"
    )
    if report.commit is not None:
        err.print(f"committed {report.commit[:12]}: {escape(report.message.strip())}")
    if report.problems:
        for problem in report.problems:
            err.print(escape(format_text(problem)))
        raise InvalidDataError(
            f"{len(report.problems)} file(s) could not be read, so were not formatted", ()
        )
    if check and report.changed:
        raise typer.Exit(1)


# --- tracker meeting ----------------------------------------------------------------------------


@meeting_app.command("add")
def meeting_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The meeting's title.")],
    date: Annotated[
        str, typer.Option("--date", metavar="DATE", help="The (first) day, YYYY-MM-DD.")
    ],
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
        str | None,
        typer.Option(
            "--end", metavar="DATE", help="The last day of a multi-day meeting.", show_default=False
        ),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option(
            "--location", metavar="TEXT", help="Where it takes place.", show_default=False
        ),
    ] = None,
    convened_by: Annotated[
        str | None,
        typer.Option(
            "--convened-by",
            metavar="MEMBER",
            help="The member (id) convening it.",
            show_default=False,
        ),
    ] = None,
    chair_member: Annotated[
        str | None,
        typer.Option(
            "--chair-member",
            metavar="MEMBER",
            help="The member (id) of the chair.",
            show_default=False,
        ),
    ] = None,
    chair_person: Annotated[
        str | None,
        typer.Option(
            "--chair-person",
            metavar="NAME",
            help="The chair (one of --chair-member's people).",
            show_default=False,
        ),
    ] = None,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The meeting's id. Default: DATE-slug-of-the-title.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Plan a meeting, or record one that was held."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    day = _date(date, "--date")
    assert day is not None
    root = options(ctx).find_root()
    result = edit.add_meeting(
        root,
        title=title,
        date=day,
        kind=kind,
        status=status,
        end=_date(end, "--end"),
        location=location,
        convened_by=convened_by,
        chair_member=chair_member,
        chair_person=chair_person,
        record_id=record_id,
        options=write,
    )
    _render(result, dry_run=dry_run)


@meeting_app.command("attend")
def meeting_attend(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's id.")],
    member: Annotated[
        str, typer.Option("--member", metavar="MEMBER", help="The member (id) that attended.")
    ],
    person: Annotated[
        list[str] | None,
        typer.Option(
            "--person", metavar="NAME", help="A person of that member who attended; repeatable."
        ),
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

    write = _write_options(dry_run, commit)
    root = options(ctx).find_root()
    result = edit.attend_meeting(
        root, meeting, member=member, people=person or (), apology=apology, options=write
    )
    _render(result, dry_run=dry_run)


# --- tracker member -----------------------------------------------------------------------------


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="The organisation's full name.")
    ],
    member_type: Annotated[MemberType, typer.Option("--type", help="What kind of organisation.")],
    role: Annotated[Role, typer.Option("--role", help="Its role in the group.")] = Role.MEMBER,
    acronym: Annotated[
        str | None,
        typer.Option("--acronym", metavar="TEXT", help="Short name, e.g. HRI.", show_default=False),
    ] = None,
    scope: Annotated[
        Scope | None, typer.Option("--scope", help="Where it works.", show_default=False)
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", metavar="TEXT", help="Its region, if regional.", show_default=False
        ),
    ] = None,
    joined: Annotated[
        str | None,
        typer.Option(
            "--joined", metavar="DATE", help="When it joined, YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    github: Annotated[
        list[str] | None,
        typer.Option(
            "--github", metavar="ACCOUNT", help="A GitHub account acting for it; repeatable."
        ),
    ] = None,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The member's id. Default: slug of the acronym, else of the name.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a member organisation."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    root = options(ctx).find_root()
    result = edit.add_member(
        root,
        name=name,
        member_type=member_type,
        role=role,
        acronym=acronym,
        scope=scope,
        region=region,
        joined=_date(joined, "--joined"),
        github=github or (),
        record_id=record_id,
        options=write,
    )
    _render(result, dry_run=dry_run)


@member_app.command("person")
def member_person(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id.")],
    name: Annotated[
        str,
        typer.Option(
            "--name", metavar="NAME", help="The person's name (adds them if not yet listed)."
        ),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="Their job title.", show_default=False),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option("--email", metavar="EMAIL", help="Their email address.", show_default=False),
    ] = None,
    github: Annotated[
        str | None,
        typer.Option(
            "--github", metavar="ACCOUNT", help="Their GitHub account.", show_default=False
        ),
    ] = None,
    focal_point: Annotated[
        bool | None,
        typer.Option(
            "--focal-point/--no-focal-point",
            help="Whether they are the member's focal point for the group.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Since when they represent the member.",
            show_default=False,
        ),
    ] = None,
    left: Annotated[
        str | None,
        typer.Option(
            "--left",
            metavar="DATE",
            help="The day they stopped representing the member (kept in the history).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a person to a member, or change one: focal point, title, contact, leaving."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    request = edit.PersonRequest(
        name=name,
        title=title,
        email=email,
        github=github,
        focal_point=focal_point,
        since=_date(since, "--since"),
        until=_date(left, "--left"),
    )
    root = options(ctx).find_root()
    _render(edit.set_person(root, member, request, options=write), dry_run=dry_run)


@member_app.command("leave")
def member_leave(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id.")],
    left: Annotated[
        str | None,
        typer.Option(
            "--left",
            metavar="DATE",
            help="The day it left, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record that a member left the group; its records and history stay."""
    from cso_tracker import edit

    write = _write_options(dry_run, commit)
    day = _date(left, "--left") or write.today
    root = options(ctx).find_root()
    _render(edit.member_left(root, member, left=day, options=write), dry_run=dry_run)
