"""`tracker status` and `tracker agenda`: the reports before a call."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cso_tracker.cli._answers import report_text
from cso_tracker.cli._app import app, options, print_plain
from cso_tracker.cli._common import (
    AsOfOption,
    OutputOption,
    ReportAtOption,
    TemplateOption,
    as_of_day,
    data_version,
    date_option,
    json_text,
    load_checked,
    optional_date,
    print_view,
    write_json,
    write_text,
)
from cso_tracker.cli._words import naming
from cso_tracker.dates import FORMS_HELP
from cso_tracker.errors import UsageError

if TYPE_CHECKING:
    from cso_tracker.models import Meeting
    from cso_tracker.query.history_range import StatusHistory
    from cso_tracker.query.status import StatusReport
    from cso_tracker.repo.repository import Repository


class StatusFormat(StrEnum):
    AUTO = "auto"
    MD = "md"
    JSON = "json"
    RICH = "rich"


class AgendaFormat(StrEnum):
    MD = "md"
    JSON = "json"


SinceOption = Annotated[
    str,
    typer.Option(
        "--since",
        metavar="DATE",
        help="What counts as changed: the commits after the last one of this day "
        f"({FORMS_HELP}; offsets count from --as-of), or of last-meeting's (the "
        "latest meeting held before the as-of day), up to the as-of day's; without "
        "that history (a copy, a shallow clone), updates dated from that day on.",
    ),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar="MEMBER",
        help="Only this member's items (a focal point's digest). Give the member id.",
        show_default=False,
    ),
]
MaxRowsOption = Annotated[
    int,
    typer.Option(
        "--max-rows",
        min=0,
        metavar="N",
        help="In Markdown and on screen, show at most N rows of Overdue, Changed, Stale and "
        "Recently closed, N items per member in By owner and N bars in the Timeline (those "
        "due nearest the as-of day), each followed by how many more there are; 0: no limit. "
        "JSON is always complete.",
    ),
]
PerMemberOption = Annotated[
    Path | None,
    typer.Option(
        "--per-member",
        metavar="DIR",
        help="Instead of one report, write DIR/<member-id>.md for every member: its open "
        "items, what it owes before the next call and its focal points, for the "
        "secretariat to send (template member.md.j2). A member with no open item gets a "
        "short digest saying so; a former member only while it still owns open items.",
        show_default=False,
    ),
]
StatusFormatOption = Annotated[
    StatusFormat,
    typer.Option(
        "--format",
        help="auto: tables in a terminal, Markdown when piped or with --output. "
        "md: Markdown. json: the same data as JSON (schema_version 1). rich: terminal tables.",
    ),
]


@app.command()
def status(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: SinceOption = "last-meeting",
    owner: OwnerOption = None,
    output_format: StatusFormatOption = StatusFormat.AUTO,
    output: OutputOption = None,
    template: TemplateOption = None,
    max_rows: MaxRowsOption = 30,
    per_member: PerMemberOption = None,
    at: ReportAtOption = None,
) -> None:
    """What is late, due soon, changed since the last meeting, owed by whom, and stale."""

    day = as_of_day(as_of)
    since_day = _since_day(since, day)
    _refuse_clashes(output_format, output, template, owner=owner, per_member=per_member)
    chosen = output_format
    if chosen is StatusFormat.AUTO:
        chosen = StatusFormat.RICH if output is None and sys.stdout.isatty() else StatusFormat.MD
    if per_member is not None or chosen is StatusFormat.RICH:
        repository = load_checked(ctx, at)
        if per_member is not None:
            return _write_digests(repository, per_member, as_of=day, since=since_day)
        report = _status_report(ctx, repository, day, since_day, owner)
        from cso_tracker.render.terminal import status_view

        return print_view(status_view(report, max_rows=max_rows or None))

    def make(repository: Repository) -> str:
        report = _status_report(ctx, repository, day, since_day, owner)
        if chosen is StatusFormat.JSON:
            from cso_tracker.render.json_status import status_json

            return json_text(status_json(report), output)
        from cso_tracker.render.templates import render_status

        with naming("--template"):
            return render_status(report, root=repository.root, template=template,
                                 max_rows=max_rows or None,
                                 committed=repository.source.templates())  # fmt: skip

    storable = chosen is StatusFormat.JSON or _package_templates_only(ctx, template, at)
    write_text(report_text(ctx, at, make, storable=storable, reads_git=True), output)


def _status_report(
    ctx: typer.Context,
    repository: Repository,
    day: dt.date,
    since_day: dt.date | None,
    owner: str | None,
) -> StatusReport:
    from cso_tracker.query.status import build_status

    history, missing = _history(repository, day, since_day, use_cache=options(ctx).use_cache)
    with naming("--owner"):
        return build_status(
            group=repository.settings.group,
            settings=repository.settings,
            members=repository.members,
            meetings=repository.meetings,
            commitments=repository.commitments.values(),
            as_of=day,
            since=since_day,
            owner=owner,
            version=data_version(repository),
            history=history,
            history_missing=missing,
        )


def _package_templates_only(ctx: typer.Context, template: Path | None, at: str | None) -> bool:
    """Whether a Markdown report renders the package's templates only (or,
    at a revision, those committed there, which its commit id names): a
    group's template may include any file, which no key follows."""
    from cso_tracker.render.packaged import group_supplies_any

    if template is not None:
        return False
    return at is not None or not group_supplies_any(options(ctx).find_root(), None)


def _since_day(since: str, day: dt.date) -> dt.date | None:
    """--since as a day, or None for the last meeting."""
    if since.strip().lower() == "last-meeting":
        return None
    since_day = date_option(since, "--since", relative_to=day)
    if since_day > day:
        # The period would be empty and the report would say "updates from
        # 2027-01-01 to 2026-11-10": almost certainly a swapped date.
        raise UsageError(
            f"--since: {since_day} is after the as-of day {day}",
            hint="give a day on or before --as-of (default today)",
        )
    return since_day


def _refuse_clashes(
    output_format: StatusFormat,
    output: Path | None,
    template: Path | None,
    *,
    owner: str | None,
    per_member: Path | None,
) -> None:
    """Options of `status` that cannot go together."""
    if output_format is StatusFormat.RICH and output is not None:
        raise UsageError("--format rich draws on the screen; use md or json with --output")
    if per_member is None:
        return
    given = [name for name, value in (("--owner", owner), ("--output", output),
                                      ("--template", template)) if value is not None]  # fmt: skip
    if output_format not in (StatusFormat.AUTO, StatusFormat.MD):
        given.append(f"--format {output_format.value}")
    if given:
        raise UsageError(
            f"--per-member writes one Markdown file per member; it cannot be combined "
            f"with {', '.join(given)}",
            hint="edit templates/member.md.j2 to change the digests",
        )


def _write_digests(
    repository: Repository, folder: Path, *, as_of: dt.date, since: dt.date | None
) -> None:
    """One digest per member in `folder` (created), each written atomically."""
    from cso_tracker.atomic import write_atomic
    from cso_tracker.query.status import build_status, digest_members
    from cso_tracker.render.templates import render_member

    chosen = digest_members(repository.members, repository.meetings,
                            repository.commitments.values(), as_of)  # fmt: skip
    version = data_version(repository)
    committed = repository.source.templates()
    empty = 0
    for member in chosen:
        report = build_status(
            group=repository.settings.group, settings=repository.settings,
            members=repository.members, meetings=repository.meetings,
            commitments=repository.commitments.values(), as_of=as_of, since=since,
            owner=member.id, version=version,
        )  # fmt: skip
        empty += report.open_count == 0
        target = folder / f"{member.id}.md"
        with naming("--template"):
            text = render_member(report, root=repository.root, committed=committed)
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"--per-member: cannot write {target}: {exc.strerror}") from None
    counted = f"{len(chosen)} digest{'s' if len(chosen) != 1 else ''}"
    says = "says" if empty == 1 else "say"
    note = f" ({empty} of them {says} the member has no open items)" if empty else ""
    print_plain(f"wrote {counted} to {folder}{note}")


def _history(
    repository: Repository, day: dt.date, since: dt.date | None, *, use_cache: bool
) -> StatusHistory:
    """The commits behind "changed since the last meeting", or why there are
    none: up to the revision the records were read at (`--at`), else HEAD."""
    from cso_tracker.query.history_range import status_history
    from cso_tracker.query.status import period

    start, _label = period(repository.meetings.values(), day, since)
    if start is None:
        return None, None
    source = repository.source
    until = source.commit or "HEAD"
    return status_history(repository.root, start, day, until, use_cache=use_cache)


AgendaMeetingOption = Annotated[
    str | None,
    typer.Option(
        "--meeting",
        metavar="MEETING",
        help="The meeting to draft for; a held one shows its agenda as it stood that day. "
        "Default: the next planned meeting.",
        show_default=False,
    ),
]
AgendaDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="DATE",
        help=f"Draft for the call on this day ({FORMS_HELP}): its meeting if one is "
        "planned, else a call not yet planned.",
        show_default=False,
    ),
]
AgendaAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=f"The day the items are read as of ({FORMS_HELP}). Default: today, or the "
        "meeting's day when it is in the past.",
        show_default=False,
    ),
]
AgendaFormatOption = Annotated[
    AgendaFormat,
    typer.Option("--format", help="md: Markdown. json: the same data as JSON."),
]


@app.command()
def agenda(
    ctx: typer.Context,
    meeting_id: AgendaMeetingOption = None,
    date: AgendaDateOption = None,
    as_of: AgendaAsOfOption = None,
    output_format: AgendaFormatOption = AgendaFormat.MD,
    output: OutputOption = None,
    template: TemplateOption = None,
    at: ReportAtOption = None,
) -> None:
    """Draft the agenda of the next meeting: open items to review, new items, recurring business.

    With no meeting planned it says so and drafts for a call on --date (default
    today). An item stands once: under "New items since the last meeting"
    when agreed at it or since, else under "Review of action items"."""
    from cso_tracker import clock
    from cso_tracker.query.agenda import agenda_as_of, build_agenda

    if meeting_id is not None and date is not None:
        raise UsageError("--meeting and --date cannot be combined", hint="give one of them")
    day = optional_date(date, "--date")
    given_as_of = optional_date(as_of, "--as-of")
    repository = load_checked(ctx, at)
    meeting, target = _agenda_meeting(repository, meeting_id, day, given_as_of)
    drafted = build_agenda(
        group=repository.settings.group,
        meeting=meeting,
        members=repository.members,
        meetings=repository.meetings,
        commitments=repository.commitments.values(),
        as_of=given_as_of if given_as_of is not None else agenda_as_of(target, clock.today()),
        day=target,
    )
    if output_format is AgendaFormat.JSON:
        from cso_tracker.render.json_shapes import agenda_json

        write_json(agenda_json(drafted), output)
        return
    from cso_tracker.render.templates import render_agenda

    with naming("--template"):
        text = render_agenda(drafted, root=repository.root, template=template,
                             committed=repository.source.templates())  # fmt: skip
    write_text(text, output)


def _agenda_meeting(
    repository: Repository, meeting_id: str | None, day: dt.date | None, as_of: dt.date | None
) -> tuple[Meeting | None, dt.date]:
    """The meeting an agenda is for (None: none is planned) and its day."""
    from cso_tracker import clock
    from cso_tracker.query.agenda import agenda_meeting
    from cso_tracker.query.lookup import require_meeting

    today = clock.today()
    meeting: Meeting | None
    if meeting_id is not None:
        with naming("--meeting"):
            meeting = require_meeting(repository.meetings, meeting_id)
    else:
        first = as_of if as_of is not None else today
        meeting = agenda_meeting(repository.meetings, day=day, as_of=first)
    if meeting is not None:
        return meeting, meeting.date
    target = day if day is not None else (as_of if as_of is not None else today)
    _say_unplanned(target, given_day=day is not None)
    return None, target


def _say_unplanned(day: dt.date, *, given_day: bool) -> None:
    where = "on" if given_day else "on or after"
    typer.echo(
        f"note: no meeting is planned {where} {day}; drafting for a call on {day} "
        f"(plan it with `tracker meeting add --date {day} --title TEXT`"
        + (")" if given_day else ", or give --date DATE)"),
        err=True,
    )
