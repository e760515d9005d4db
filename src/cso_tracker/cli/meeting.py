"""`tracker meeting add|programme|attend|attendance|held|cancel|move|decide`:
plan meetings, and record what became of them."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from cso_tracker.cli._app import HelpGroup, app
from cso_tracker.cli._words import naming, naming_values
from cso_tracker.cli._writing import Commit, DryRun, dated, option, undated, write
from cso_tracker.errors import UsageError
from cso_tracker.vocabulary import MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from cso_tracker.write.attendance import Presence
    from cso_tracker.write.programme import Slot


class _LifeCycleOrder(HelpGroup):
    """Lists the meeting commands in the order of a meeting's life."""

    ORDER: Final = ("add", "programme", "move", "attendance", "attend", "held", "decide", "cancel")

    def list_commands(self, ctx: Any) -> list[str]:
        rank = {name: index for index, name in enumerate(self.ORDER)}
        return sorted(super().list_commands(ctx), key=lambda n: (rank.get(n, len(rank)), n))


meeting_app = typer.Typer(
    cls=_LifeCycleOrder,
    help="Plan meetings and record what became of them: who attended, that they were "
    "held (or cancelled, or moved), what they decided.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(meeting_app, name="meeting")


_MeetingKindOption = Annotated[MeetingKind, typer.Option("--kind", help="How the meeting is held.")]
_MeetingStatusOption = Annotated[
    MeetingStatus | None,
    typer.Option(
        "--status",
        help="Default: planned for today or a later date, held for a past one.",
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
    sent apologies; `tracker meeting attendance` sets everyone at once.

    Attendance is taken on the day of the meeting or after: a meeting still
    to come is refused."""
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


_MeetingArgument = Annotated[
    str,
    typer.Argument(help="The meeting's id (`tracker meetings` lists them).", show_default=False),
]


@meeting_app.command("attendance")
def meeting_attendance(
    ctx: typer.Context,
    meeting: _MeetingArgument,
    present: Annotated[
        list[str] | None,
        option(
            "--present",
            "MEMBER[:PERSON,...]",
            "A member that attended, and which of its people (comma-separated); repeatable.",
        ),
    ] = None,
    apologies: Annotated[
        list[str] | None,
        option(
            "--apologies",
            "MEMBER[:PERSON,...]",
            "A member that sent apologies, and which of its people; repeatable.",
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record the whole attendance of a meeting in one go: who was present and
    who sent apologies.

    Both lists are replaced by what is given (a member left out is no longer
    listed). A member may appear in both when some of its people came and
    others could not. Attendance is taken on the day of the meeting or after:
    a meeting still to come is refused.

    Example: tracker meeting attendance 2027-01-14-call --present "hri:Maria
    Phelan" --present "idpc:Ann Fordham,Jamie Bridge" --apologies enpud
    """
    from cso_tracker.write.attendance import set_attendance

    if not present and not apologies:
        raise UsageError("give at least one --present or --apologies")
    with naming("--present"):
        attended = [_presence(value) for value in present or ()]
    with naming("--apologies"):
        away = [_presence(value) for value in apologies or ()]
    change = partial(set_attendance, meeting_id=meeting, present=attended, apologies=away)
    write(ctx, change, dry_run=dry_run, commit=commit)


def _presence(value: str) -> Presence:
    """`MEMBER` or `MEMBER:PERSON,PERSON` as a Presence."""
    from cso_tracker.errors import InputError
    from cso_tracker.write.attendance import Presence

    member, _, people = value.partition(":")
    names = tuple(p.strip() for p in people.split(",")) if people.strip() else ()
    if member.strip() == "" or any(name == "" for name in names):
        raise InputError(value, f"'{value}' is not MEMBER or MEMBER:PERSON,PERSON (an empty name)")
    return Presence(member.strip(), names)


@meeting_app.command("held")
def meeting_held(
    ctx: typer.Context, meeting: _MeetingArgument, dry_run: DryRun = False, commit: Commit = False
) -> None:
    """Mark a planned meeting held, on its day or after it.

    A meeting in the future cannot be held; if it took place on another day,
    `tracker meeting move` it first."""
    from cso_tracker.write.meetings import meeting_held as held

    write(ctx, partial(held, meeting_id=meeting), dry_run=dry_run, commit=commit)


@meeting_app.command("cancel")
def meeting_cancel(
    ctx: typer.Context,
    meeting: _MeetingArgument,
    note: Annotated[str, option("--note", "TEXT", "Why it is cancelled (kept in its notes).")],
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Cancel a planned meeting, saying why. A held meeting cannot be cancelled."""
    from cso_tracker.write.meetings import cancel_meeting

    write(ctx, partial(cancel_meeting, meeting_id=meeting, note=note), dry_run=dry_run,
          commit=commit)  # fmt: skip


@meeting_app.command("move")
def meeting_move(
    ctx: typer.Context,
    meeting: _MeetingArgument,
    date: Annotated[str, option("--date", "DATE", "The new (first) day.")],
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Move a meeting to another day; its id stays the same.

    The id is how commitments (agreed_at) and pull requests name the meeting,
    so it is kept even when it starts with the old date; the move is written
    into the meeting's notes. A meeting of several days keeps its length. A
    held meeting's date can be corrected, but not to a day in the future."""
    from cso_tracker.write.meetings import move_meeting

    day = dated(date, "--date")
    write(ctx, partial(move_meeting, meeting_id=meeting, date=day), dry_run=dry_run, commit=commit)


@meeting_app.command("decide")
def meeting_decide(
    ctx: typer.Context,
    meeting: _MeetingArgument,
    text: Annotated[str, option("--text", "TEXT", "The decision, as agreed.")],
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record a decision of a meeting (appended to its decisions), on its day or after."""
    from cso_tracker.write.meetings import record_decision

    write(ctx, partial(record_decision, meeting_id=meeting, text=text), dry_run=dry_run,
          commit=commit)  # fmt: skip


@meeting_app.command("programme")
def meeting_programme(
    ctx: typer.Context,
    meeting: _MeetingArgument,
    objective: Annotated[
        list[str] | None,
        option("--objective", "TEXT", "An objective of the meeting; repeatable, in order."),
    ] = None,
    slot: Annotated[
        list[str] | None,
        option(
            "--slot",
            '"HH:MM-HH:MM TITLE"',
            "A slot of the programme, with its times (or a title alone); repeatable, in order.",
        ),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Set a meeting's objectives and programme, as the agenda and minutes show them.

    Each list given replaces the one in the record (--objective the
    objectives, --slot the programme); a list not given is left as it is.
    A slot keeps its sub-items when its times and title are unchanged.

    Example: tracker meeting programme 2027-01-14-call --objective "Review
    the work plan" --slot "14:00-14:15 Welcome" --slot "14:15-15:00 Work plan"
    """
    from cso_tracker.write.programme import set_programme

    if not objective and not slot:
        raise UsageError("give at least one --objective or --slot")
    with naming("--slot"):
        slots = [_slot(value) for value in slot or ()]
    change = partial(set_programme, meeting_id=meeting, objectives=objective or (), slots=slots)
    write(ctx, change, dry_run=dry_run, commit=commit)


_SLOT: Final = re.compile(
    r"^\s*(?:(\d{1,2})[:.](\d\d)\s*[-\u2013]\s*(\d{1,2})[:.](\d\d)\s+)?(\S.*?)\s*$"
)


def _slot(value: str) -> Slot:
    """`HH:MM-HH:MM TITLE` (or `TITLE` alone) as a Slot."""
    from cso_tracker.errors import InputError
    from cso_tracker.write.programme import Slot

    found = _SLOT.match(value)
    if found is None:
        raise InputError(value, f"'{value}' is not \"HH:MM-HH:MM TITLE\" (the title is empty)")
    h1, m1, h2, m2, title = found.groups()
    if h1 is None:
        return Slot(title)
    if int(h1) > 23 or int(h2) > 23 or int(m1) > 59 or int(m2) > 59:
        raise InputError(value, f"'{value}': a time is not a time of day (00:00 to 23:59)")
    return Slot(title, f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}")
