"""`tracker meeting add|attend`: plan or record meetings and who attended."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from cso_tracker.cli._app import HelpGroup, app
from cso_tracker.cli._words import naming_values
from cso_tracker.cli._writing import Commit, DryRun, dated, option, undated, write
from cso_tracker.errors import UsageError
from cso_tracker.vocabulary import MeetingKind, MeetingStatus

meeting_app = typer.Typer(
    cls=HelpGroup,
    help="Plan or record meetings and who attended.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(meeting_app, name="meeting")


_MeetingKindOption = Annotated[MeetingKind, typer.Option("--kind", help="How the meeting is held.")]
_MeetingStatusOption = Annotated[
    MeetingStatus | None,
    typer.Option(
        "--status",
        help="Default: planned for a date after today, held otherwise.",
        show_default=False,
    ),
]
_MeetingEndOption = Annotated[
    str | None, option("--end", "DATE", "The last day of a multi-day meeting.")
]
_MeetingConvenedByOption = Annotated[
    str | None, option("--convened-by", "MEMBER", "The member (id or acronym) convening it.")
]
_MeetingChairMemberOption = Annotated[
    str | None, option("--chair-member", "MEMBER", "The member (id or acronym) of the chair.")
]
_MeetingChairPersonOption = Annotated[
    str | None,
    option("--chair-person", "NAME", "The chair (one of --chair-member's people)."),
]
_MeetingRecordIdOption = Annotated[
    str | None,
    option("--id", "ID", "The meeting's id. Default: DATE-slug-of-the-title."),
]


@meeting_app.command("add")
def meeting_add(
    ctx: typer.Context,
    title: Annotated[str, option("--title", "TEXT", "The meeting's title.")],
    date: Annotated[str, option("--date", "DATE", "The (first) day, YYYY-MM-DD.")],
    kind: _MeetingKindOption = MeetingKind.IN_PERSON,
    status: _MeetingStatusOption = None,
    end: _MeetingEndOption = None,
    location: Annotated[str | None, option("--location", "TEXT", "Where it takes place.")] = None,
    convened_by: _MeetingConvenedByOption = None,
    chair_member: _MeetingChairMemberOption = None,
    chair_person: _MeetingChairPersonOption = None,
    record_id: _MeetingRecordIdOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Plan a meeting, or record one that was held."""
    from cso_tracker.write.meetings import add_meeting

    if chair_person is not None and chair_member is None:
        raise UsageError("--chair-person needs --chair-member (the member the chair is from)")
    change = partial(
        add_meeting,
        title=title,
        date=dated(date, "--date"),
        kind=kind,
        status=status,
        end=undated(end, "--end"),
        location=location,
        convened_by=convened_by,
        chair_member=chair_member,
        chair_person=chair_person,
        record_id=record_id,
    )
    members = {"--convened-by": [convened_by], "--chair-member": [chair_member]}
    with naming_values(members, otherwise="--id"):
        write(ctx, change, dry_run=dry_run, commit=commit)


@meeting_app.command("attend")
def meeting_attend(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Argument(help="The meeting's id.")],
    member: Annotated[
        str, option("--member", "MEMBER", "The member (id or acronym) that attended.")
    ],
    person: Annotated[
        list[str] | None,
        option("--person", "NAME", "A person of that member who attended; repeatable."),
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
    from cso_tracker.write.meetings import attend_meeting

    change = partial(
        attend_meeting,
        meeting_id=meeting,
        member=member,
        people=person or (),
        apology=apology,
    )
    with naming_values({"--member": [member]}):
        write(ctx, change, dry_run=dry_run, commit=commit)
