"""`tracker member add|person|leave`: members, their people and focal points."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from cso_tracker.cli._app import HelpGroup, app
from cso_tracker.cli._words import naming
from cso_tracker.cli._writing import Commit, DryRun, option, undated, write
from cso_tracker.dates import FORMS_HELP
from cso_tracker.vocabulary import MemberType, Role, Scope

member_app = typer.Typer(
    cls=HelpGroup,
    help="Add members, their people and focal points; record a member leaving.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(member_app, name="member")


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    name: Annotated[str, option("--name", "NAME", "The organisation's full name.")],
    member_type: Annotated[MemberType, typer.Option("--type", help="What kind of organisation.")],
    role: Annotated[Role, typer.Option("--role", help="Its role in the group.")] = Role.MEMBER,
    acronym: Annotated[str | None, option("--acronym", "TEXT", "Short name, e.g. HRI.")] = None,
    scope: Annotated[
        Scope | None, typer.Option("--scope", help="Where it works.", show_default=False)
    ] = None,
    region: Annotated[str | None, option("--region", "TEXT", "Its region, if regional.")] = None,
    joined: Annotated[
        str | None, option("--joined", "DATE", f"When it joined ({FORMS_HELP}).")
    ] = None,
    github: Annotated[
        list[str] | None,
        option("--github", "ACCOUNT", "A GitHub account acting for it; repeatable."),
    ] = None,
    record_id: Annotated[
        str | None,
        option("--id", "ID", "The member's id. Default: slug of the acronym, else of the name."),
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a member organisation."""
    from cso_tracker.write.members import add_member

    change = partial(
        add_member,
        name=name,
        member_type=member_type,
        role=role,
        acronym=acronym,
        scope=scope,
        region=region,
        joined=undated(joined, "--joined"),
        github=github or (),
        record_id=record_id,
    )
    with naming("--id"):
        write(ctx, change, dry_run=dry_run, commit=commit)


_PersonNameOption = Annotated[
    str, option("--name", "NAME", "The person's name (adds them if not yet listed).")
]
_PersonFocalPointOption = Annotated[
    bool | None,
    typer.Option(
        "--focal-point/--no-focal-point",
        help="Whether they are the member's focal point for the group.",
        show_default=False,
    ),
]
_PersonSinceOption = Annotated[
    str | None, option("--since", "DATE", f"Since when they represent the member ({FORMS_HELP}).")
]
_PersonLeftOption = Annotated[
    str | None,
    option(
        "--left",
        "DATE",
        f"The day they stopped representing the member, kept in the history ({FORMS_HELP}).",
    ),
]


@member_app.command("person")
def member_person(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id or acronym, in any case.")],
    name: _PersonNameOption,
    title: Annotated[str | None, option("--title", "TEXT", "Their job title.")] = None,
    email: Annotated[str | None, option("--email", "EMAIL", "Their email address.")] = None,
    github: Annotated[str | None, option("--github", "ACCOUNT", "Their GitHub account.")] = None,
    focal_point: _PersonFocalPointOption = None,
    since: _PersonSinceOption = None,
    left: _PersonLeftOption = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Add a person to a member, or change one: focal point, title, contact, leaving."""
    from cso_tracker.write.members import PersonRequest, set_person

    request = PersonRequest(
        name=name,
        title=title,
        email=email,
        github=github,
        focal_point=focal_point,
        since=undated(since, "--since"),
        until=undated(left, "--left"),
    )
    change = partial(set_person, member_id=member, request=request)
    write(ctx, change, dry_run=dry_run, commit=commit)


@member_app.command("leave")
def member_leave(
    ctx: typer.Context,
    member: Annotated[str, typer.Argument(help="The member's id or acronym, in any case.")],
    left: Annotated[
        str | None, option("--left", "DATE", f"The day it left ({FORMS_HELP}). Default: today.")
    ] = None,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Record that a member left the group; its records and history stay."""
    from cso_tracker.write.members import member_left

    change = partial(member_left, member_id=member, left=undated(left, "--left"))
    write(ctx, change, dry_run=dry_run, commit=commit)
