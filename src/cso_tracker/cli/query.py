"""`tracker status`, `agenda`, `list`, `show`, `members` and `meetings`: the
read-only commands. Each parses its options, calls query.py for the answer
and report.py for its Markdown or JSON, and prints it here."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from cso_tracker.cli._app import app, options, stderr_console, stdout_console, today
from cso_tracker.dates import FORMS_HELP
from cso_tracker.errors import UsageError

if TYPE_CHECKING:
    from cso_tracker.models import Commitment, Meeting, Member
    from cso_tracker.query import StatusReport
    from cso_tracker.store import Repository


class StatusFormat(StrEnum):
    AUTO = "auto"
    MD = "md"
    JSON = "json"
    RICH = "rich"


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MD = "md"


class RecordFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class AgendaFormat(StrEnum):
    MD = "md"
    JSON = "json"


class SortOption(StrEnum):
    DUE = "due"
    ID = "id"
    STATUS = "status"
    UPDATED = "updated"


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=f"The reference day for overdue, due soon and stale ({FORMS_HELP}). Default: today.",
        show_default=False,
    ),
]
RecordFormatOption = Annotated[
    RecordFormat, typer.Option("--format", help="table (screen) or json.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of the screen.",
        dir_okay=False,
        show_default=False,
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="Render with this Jinja2 template instead of templates/<name> "
        "in the repository or the built-in default.",
        dir_okay=False,
        show_default=False,
    ),
]


# --- shared helpers --------------------------------------------------------------------


def _as_of(value: str | None) -> dt.date:
    from cso_tracker.dates import parse_date

    if value is None:
        return today()
    return parse_date(value, relative_to=today(), option="--as-of")


def _load(ctx: typer.Context) -> Repository:
    """The repository; with a warning on stderr when some files have errors
    (the commands still answer from the records that loaded)."""
    from cso_tracker import checks

    result = checks.validate(options(ctx).find_root(), today=today())
    broken = sorted({p.path for p in result.errors})
    if broken:
        count = len(broken)
        stderr_console().print(
            f"[bold yellow]warning:[/] {count} file{'s' if count != 1 else ''} "
            f"{'have' if count != 1 else 'has'} errors; this covers only the records "
            "that loaded (run `tracker validate` to see them)",
            markup=True,
        )
    return result.repository


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from cso_tracker.store import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror}") from None
    stderr_console().print(f"wrote {output}", markup=False)


def _write_json(data: Any, output: Path | None = None) -> None:
    import json

    _write(json.dumps(data, indent=2, ensure_ascii=False) + "\n", output)


def _owner_labels(repository: Repository, commitment: Commitment) -> str:
    from cso_tracker.query import owner_labels

    return owner_labels(commitment, repository.members)


def _text(value: object) -> Any:
    """A Rich Text (never markup) for a user string, a date or None."""
    from rich.text import Text

    if value is None:
        return Text("—", style="dim")
    return Text(value.isoformat() if isinstance(value, dt.date) else str(value))


_STATUS_STYLE = {
    "agreed": "cyan",
    "in-progress": "blue",
    "stalled": "bold magenta",
    "done": "green",
    "partial": "yellow",
    "dropped": "dim",
}


def _badge(status: str) -> Any:
    from rich.text import Text

    return Text(status, style=_STATUS_STYLE.get(status, ""))


# --- status -------------------------------------------------------------------------------


@app.command()
def status(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar="DATE",
            help="What counts as changed: updates on or after this day "
            f"({FORMS_HELP}; offsets count from --as-of), or last-meeting: "
            "the latest meeting held before the as-of day.",
        ),
    ] = "last-meeting",
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="MEMBER",
            help="Only this member's items (a focal point's digest). Give the member id.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        StatusFormat,
        typer.Option(
            "--format",
            help="auto: tables in a terminal, Markdown when piped or with --output. "
            "md: Markdown. json: the same data as JSON (schema_version 1). rich: terminal tables.",
        ),
    ] = StatusFormat.AUTO,
    output: OutputOption = None,
    template: TemplateOption = None,
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows",
            min=0,
            metavar="N",
            help="In Markdown and on screen, show at most N rows of Stale, N items per member "
            "in By owner and N bars in the Timeline (those due nearest the as-of day), each "
            "followed by how many more there are; 0: no limit. JSON is always complete.",
        ),
    ] = 30,
) -> None:
    """What is late, due soon, changed since the last meeting, owed by whom, and stale."""
    from cso_tracker import git, query
    from cso_tracker.dates import parse_date

    day = _as_of(as_of)
    since_day = (
        None
        if since.strip().lower() == "last-meeting"
        else parse_date(since, relative_to=day, option="--since")
    )
    if since_day is not None and since_day > day:
        # The period would be empty and the report would say "updates from
        # 2027-01-01 to 2026-11-10": almost certainly a swapped date.
        raise UsageError(
            f"--since: {since_day} is after the as-of day {day}",
            hint="give a day on or before --as-of (default today)",
        )
    repository = _load(ctx)
    version = git.version(repository.root)
    report = query.build_status(
        group=repository.settings.group,
        settings=repository.settings,
        members=repository.members,
        meetings=repository.meetings,
        commitments=repository.commitments.values(),
        as_of=day,
        since=since_day,
        owner=owner,
        version=version,
    )
    chosen = output_format
    if chosen is StatusFormat.RICH and output is not None:
        raise UsageError("--format rich draws on the screen; use md or json with --output")
    if chosen is StatusFormat.AUTO:
        chosen = StatusFormat.RICH if output is None and sys.stdout.isatty() else StatusFormat.MD
    if chosen is StatusFormat.JSON:
        from cso_tracker.report import status_json

        _write_json(status_json(report), output)
    elif chosen is StatusFormat.MD:
        from cso_tracker.report import render_status

        text = render_status(
            report, root=repository.root, template=template, max_rows=max_rows or None
        )
        _write(text, output)
    else:
        _print_status(report, max_rows=max_rows or None)


# Columns of short values of one form (dates, statuses, kinds): never broken
# across lines, so in an 80-column terminal the text columns give way instead
# of a date printed as "2025-01-1" over "0". Ids can be long, so they fold.
_NO_WRAP: Final = frozenset({"Date", "Due", "Status", "Kind", "Closed on", "Last activity"})


def _table(title: str | None, *columns: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


def _print_status(report: StatusReport, *, max_rows: int | None) -> None:
    """The status report as Rich tables: the same sections as the Markdown."""
    from rich.text import Text

    from cso_tracker.query import owner_labels
    from cso_tracker.report import bar

    console = stdout_console()
    members = report.members

    def owners(c: Commitment) -> Any:
        return _text(owner_labels(c, members))

    def item(c: Commitment) -> Any:
        return Text.assemble((c.id, "bold"), "\n", c.title)

    console.print(Text(f"Status of commitments: {report.group}", style="bold underline"))
    lines = [f"As of {report.as_of}"]
    if report.owner is not None:
        lines.append(f"Narrowed to {report.owner.label} ({report.owner.name})")
    last, following = report.last_meeting, report.next_meeting
    lines.append(
        f"Last meeting: {last.title}, {last.date}" if last is not None else "Last meeting: none"
    )
    lines.append(
        f"Next meeting: {following.title}, {following.date}"
        if following is not None
        else "Next meeting: none planned"
    )
    if report.since is not None:
        lines.append(f"Changes since {report.since} ({report.since_label})")
    if report.version is None:
        lines.append("Data version: not in a git repository")
    else:
        commit = report.version.commit[:12] if report.version.commit is not None else "no commit"
        dirty = ", uncommitted changes" if report.version.dirty else ""
        lines.append(f"Data version: {commit}{dirty}")
    console.print(Text("\n".join(lines)))
    console.print()

    def more(count: int, command: str) -> str | None:
        if max_rows is None or count <= max_rows:
            return None
        return f"…and {count - max_rows} more: `{command}` lists them all"

    def empty(title: str, note: str) -> None:
        console.print(Text(title, style="bold"))
        console.print(Text(note, style="dim italic"))
        console.print()

    tally = _table("Tally", "Status", "Items", "")
    for t in report.tallies:
        tally.add_row(_badge(t.status.value), str(t.count), bar(t.count, report.total))
    tally.caption = f"{report.open_count} open, {report.closed_count} closed"
    console.print(tally)

    if report.overdue:
        table = _table("Overdue", "Item", "Owners", "Due", "Days over", "Status")
        for o in report.overdue:
            table.add_row(item(o.commitment), owners(o.commitment), _text(o.commitment.due),
                          Text(str(o.days_overdue), style="bold red"),
                          _badge(o.commitment.status.value))  # fmt: skip
        console.print(table)
    else:
        empty("Overdue", "Nothing is overdue.")

    if report.due_soon:
        table = _table("Due soon", "Item", "Owners", "Due", "Days left", "Status")
        for d in report.due_soon:
            table.add_row(item(d.commitment), owners(d.commitment), _text(d.commitment.due),
                          str(d.days_left), _badge(d.commitment.status.value))  # fmt: skip
        console.print(table)
    else:
        empty("Due soon", "Nothing is due soon.")

    if report.changes:
        table = _table("Changed since the last meeting", "Date", "Item", "Change", "Note")
        for c in report.changes:
            table.add_row(_text(c.update.date), item(c.commitment), _text(c.summary),
                          _text(c.update.note))  # fmt: skip
        console.print(table)
    else:
        empty("Changed since the last meeting", "No updates in the period.")

    if report.stale:
        table = _table("Stale", "Item", "Owners", "Last activity", "Days quiet")
        for s in report.stale[:max_rows]:
            table.add_row(item(s.commitment), owners(s.commitment), _text(s.last_activity),
                          str(s.days_quiet))  # fmt: skip
        table.caption = more(len(report.stale), "tracker list --stale")
        console.print(table)
    else:
        empty("Stale", "No stale items.")

    if report.by_owner:
        table = _table("By owner", "Owner", "Focal points", "Open items")
        for g in report.by_owner:
            listed = [f"{c.id} ({c.status.value})" for c in g.items[:max_rows]]
            extra = more(len(g.items), f"tracker list --owner {g.member_id} --status open")
            table.add_row(_text(g.label), _text(", ".join(p.name for p in g.focal_points) or None),
                          _text("\n".join([*listed, *([extra] if extra else [])])))  # fmt: skip
        console.print(table)
    else:
        empty("By owner", "No open items.")

    if report.recently_closed:
        table = _table("Recently closed", "Item", "Status", "Closed on", "Evidence")
        for closed in report.recently_closed:
            table.add_row(item(closed.commitment), _badge(closed.commitment.status.value),
                          _text(closed.update.date),
                          _text("\n".join(closed.update.evidence) or closed.update.note))  # fmt: skip
        console.print(table)
    else:
        empty("Recently closed", "Nothing closed in the period.")

    if report.obligations:
        table = _table("Standing obligations", "Item", "Period", "Met?")
        for ob in report.obligations:
            met = Text("yes", style="green") if ob.met else Text("no", style="bold red")
            table.add_row(item(ob.commitment), _text(ob.period), met)
        console.print(table)
    else:
        empty("Standing obligations", "No recurring commitments.")

    if report.upcoming_meetings:
        table = _table("Upcoming meetings", "Date", "Meeting", "Kind")
        for m in report.upcoming_meetings:
            table.add_row(_text(m.date), _text(m.title), _text(m.kind.value))
        console.print(table)
    else:
        empty("Upcoming meetings", "No meetings planned.")
    console.print(Text("The timeline chart is in the Markdown report (--format md).", style="dim"))


# --- agenda --------------------------------------------------------------------------------


@app.command()
def agenda(
    ctx: typer.Context,
    meeting_id: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            metavar="MEETING",
            help="The meeting to draft for. Default: the next planned meeting.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        AgendaFormat,
        typer.Option("--format", help="md: Markdown. json: the same data as JSON."),
    ] = AgendaFormat.MD,
    output: OutputOption = None,
    template: TemplateOption = None,
) -> None:
    """Draft the agenda of the next meeting: open items to review, new items, recurring business."""
    from cso_tracker import query
    from cso_tracker.errors import RecordNotFoundError

    day = _as_of(as_of)
    repository = _load(ctx)
    if meeting_id is not None:
        meeting = query.require_meeting(repository.meetings, meeting_id, option="--meeting")
    else:
        found = query.next_meeting(repository.meetings.values(), day)
        if found is None:
            raise RecordNotFoundError(
                f"no meeting is planned on or after {day}",
                hint="pass --meeting ID, or add a planned meeting",
            )
        meeting = found
    drafted = query.build_agenda(
        group=repository.settings.group,
        meeting=meeting,
        members=repository.members,
        meetings=repository.meetings,
        commitments=repository.commitments.values(),
        as_of=day,
    )
    if output_format is AgendaFormat.JSON:
        from cso_tracker.report import agenda_json

        _write_json(agenda_json(drafted), output)
        return
    from cso_tracker.report import render_agenda

    _write(render_agenda(drafted, root=repository.root, template=template), output)


# --- list ------------------------------------------------------------------------------------


def _filter(name: str, metavar: str, help_text: str) -> Any:
    """A `tracker list` filter option: no default to show."""
    return typer.Option(name, metavar=metavar, help=help_text, show_default=False)


@app.command(name="list")
def list_commitments(
    ctx: typer.Context,
    status_values: Annotated[
        list[str] | None,
        _filter(
            "--status",
            "STATUS",
            "Only this status (repeatable): agreed, in-progress, stalled, done, "
            "partial, dropped, or the groups open and closed.",
        ),
    ] = None,
    owner: Annotated[
        list[str] | None,
        _filter("--owner", "MEMBER", "Only items this member owns (repeatable)."),
    ] = None,
    meeting: Annotated[
        list[str] | None,
        _filter("--meeting", "MEETING", "Only items agreed at this meeting (repeatable)."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        _filter("--tag", "TAG", "Only items with this tag (repeatable)."),
    ] = None,
    due_before: Annotated[
        str | None,
        _filter("--due-before", "DATE", "Only items due on or before this day."),
    ] = None,
    due_after: Annotated[
        str | None,
        _filter("--due-after", "DATE", "Only items due on or after this day."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open items past due on the as-of day.")
    ] = False,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale",
            help="Only open items with no update for longer than stale_after_days "
            "(standing obligations, judged per period, never count).",
        ),
    ] = False,
    updated_since: Annotated[
        str | None,
        _filter("--updated-since", "DATE", "Only items with an update dated on or after this day."),
    ] = None,
    text: Annotated[
        str | None,
        _filter(
            "--text",
            "TEXT",
            "Only items whose title, text or update notes contain this (any case).",
        ),
    ] = None,
    sort: Annotated[
        SortOption,
        typer.Option(
            "--sort",
            help="due: soonest first, undated last. id. status: open ones first. "
            "updated: most recently updated first.",
        ),
    ] = SortOption.DUE,
    output_format: Annotated[
        ListFormat,
        typer.Option("--format", help="table (screen), json, csv or md (a Markdown table)."),
    ] = ListFormat.TABLE,
    as_of: AsOfOption = None,
) -> None:
    """List commitments; filters combine (AND), repeated values of one filter widen it (OR).

    Dates take YYYY-MM-DD, today, yesterday, tomorrow, eom, eoy or offsets like +2w, -30d, +3m.
    """
    from cso_tracker import query
    from cso_tracker.dates import parse_date

    day = _as_of(as_of)

    def when(value: str | None, option: str) -> dt.date | None:
        return parse_date(value, relative_to=day, option=option) if value is not None else None

    spec = query.ListFilter(
        statuses=query.parse_statuses(status_values or []),
        owners=frozenset(owner or ()),
        meetings=frozenset(meeting or ()),
        tags=frozenset(tag or ()),
        due_before=when(due_before, "--due-before"),
        due_after=when(due_after, "--due-after"),
        overdue=overdue,
        stale=stale,
        updated_since=when(updated_since, "--updated-since"),
        text=text if text is not None and text != "" else None,
    )
    repository = _load(ctx)
    for member_id in sorted(spec.owners):
        query.require_member(repository.members, member_id, option="--owner")
    for meeting_id in sorted(spec.meetings):
        query.require_meeting(repository.meetings, meeting_id, option="--meeting")
    chosen = query.select(
        repository.commitments.values(),
        spec,
        meetings=repository.meetings,
        settings=repository.settings,
        as_of=day,
        sort=query.SortKey(sort.value),
    )
    if output_format is ListFormat.JSON:
        from cso_tracker.report import commitment_json, envelope

        data = envelope(
            "list",
            as_of=day.isoformat(),
            count=len(chosen),
            commitments=[commitment_json(c) for c in chosen],
        )
        _write_json(data)
    elif output_format is ListFormat.CSV:
        _write(_csv(repository, chosen), None)
    elif output_format is ListFormat.MD:
        _write(_markdown_list(repository, chosen), None)
    else:
        _print_list(repository, chosen)


LIST_COLUMNS = ("id", "title", "status", "owners", "due", "agreed_at", "tags", "last_update")


def _list_row(repository: Repository, c: Commitment) -> list[str]:
    last = c.last_update
    return [
        c.id,
        c.title,
        c.status.value,
        _owner_labels(repository, c),
        c.due.isoformat() if c.due is not None else "",
        c.agreed_at,
        " ".join(c.tags),
        last.date.isoformat() if last is not None else "",
    ]


def _csv(repository: Repository, chosen: list[Commitment]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LIST_COLUMNS)
    for c in chosen:
        writer.writerow(_list_row(repository, c))
    return buffer.getvalue()


def _markdown_list(repository: Repository, chosen: list[Commitment]) -> str:
    from cso_tracker.report import cell

    lines = [
        "| " + " | ".join(LIST_COLUMNS) + " |",
        "|" + " --- |" * len(LIST_COLUMNS),
    ]
    for c in chosen:
        row = _list_row(repository, c)
        row[0] = f"`{c.id}`"
        lines.append("| " + " | ".join(cell(v) if i else v for i, v in enumerate(row)) + " |")
    if not chosen:
        lines = ["_No commitments match._"]
    return "\n".join(lines) + "\n"


def _print_list(repository: Repository, chosen: list[Commitment]) -> None:
    if not chosen:
        stderr_console().print("No commitments match.", markup=False)
        return
    table = _table(None, "Id", "Status", "Due", "Owners", "Title")
    for c in chosen:
        recurs = c.recurrence.value if c.recurrence is not None else None
        table.add_row(_text(c.id), _badge(c.status.value), _text(c.due if c.due is not None else recurs),
                      _text(_owner_labels(repository, c)), _text(c.title))  # fmt: skip
    console = stdout_console()
    console.print(table)
    console.print(f"{len(chosen)} commitment{'s' if len(chosen) != 1 else ''}", markup=False)


# --- show ----------------------------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A commitment, member or meeting id, or a unique beginning of one.",
        ),
    ],
    output_format: RecordFormatOption = RecordFormat.TABLE,
) -> None:
    """Show one record: a commitment with its full update history, a member, or a meeting."""
    from cso_tracker import query
    from cso_tracker.models import Commitment, Meeting
    from cso_tracker.report import commitment_json, envelope, meeting_json, member_json

    repository = _load(ctx)
    _kind, record = repository.find(record_id)
    commitments = repository.commitments.values()
    if output_format is RecordFormat.JSON:
        if isinstance(record, Commitment):
            data = envelope("commitment", commitment=commitment_json(record))
        elif isinstance(record, Meeting):
            agreed = sorted(c.id for c in commitments if c.agreed_at == record.id)
            data = envelope("meeting", meeting={**meeting_json(record), "commitments": agreed})
        else:
            counts = query.open_counts(commitments)
            owned = sorted(c.id for c in commitments if record.id in c.owners)
            data = envelope(
                "member",
                member={**member_json(record, counts.get(record.id, 0)), "commitments": owned},
            )
        _write_json(data)
        return
    if isinstance(record, Commitment):
        _show_commitment(repository, record)
    elif isinstance(record, Meeting):
        _show_meeting(repository, record)
    else:
        _show_member(repository, record)


def _fields(title: str, rows: list[tuple[str, object]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for name, value in rows:
        table.add_row(name, _text(value))
    return table


def _show_commitment(repository: Repository, c: Commitment) -> None:
    console = stdout_console()
    console.print(
        _fields(
            f"{c.id}: {c.title}",
            [
                ("status", c.status.value),
                ("owners", _owner_labels(repository, c)),
                ("partners", ", ".join(c.partners) or None),
                ("due", c.due),
                ("due note", c.due_note),
                ("recurs", c.recurrence.value if c.recurrence is not None else None),
                ("agreed at", c.agreed_at),
                ("tags", ", ".join(c.tags) or None),
                ("text", c.text),
                *((f"link: {link.title}", link.url) for link in c.links),
            ],
        )
    )
    if not c.updates:
        console.print("No updates yet.", markup=False)
        return
    table = _table("Updates", "Date", "By", "Status", "Note", "Evidence")
    for u in c.updates:
        by = f"{u.author} ({u.by})" if u.author is not None else u.by
        table.add_row(_text(u.date), _text(by),
                      _badge(u.status.value) if u.status is not None else _text(None),
                      _text(u.note), _text("\n".join(u.evidence) or None))  # fmt: skip
    console.print(table)


def _show_meeting(repository: Repository, m: Meeting) -> None:
    console = stdout_console()
    console.print(
        _fields(
            f"{m.id}: {m.title}",
            [
                ("date", f"{m.date} to {m.end}" if m.end is not None else m.date),
                ("kind", m.kind.value),
                ("status", m.status.value),
                ("location", m.location),
                ("convened by", m.convened_by),
                ("notes", m.notes),
            ],
        )
    )
    attendance = _table("Attendance", "Member", "People", "")
    for label, rows in (("attended", m.attendees), ("apologies", m.apologies)):
        for a in rows:
            attendance.add_row(_text(a.member), _text(", ".join(a.people) or None), label)
    if attendance.row_count:
        console.print(attendance)
    agreed = [c for c in repository.commitments.values() if c.agreed_at == m.id]
    if agreed:
        _print_list(repository, sorted(agreed, key=lambda c: (c.number or 0, c.id)))


def _show_member(repository: Repository, member: Member) -> None:
    console = stdout_console()
    console.print(
        _fields(
            f"{member.id}: {member.name}",
            [
                ("acronym", member.acronym),
                ("type", member.type.value),
                ("role", member.role.value),
                ("scope", member.scope.value if member.scope is not None else None),
                ("region", member.region),
                ("joined", member.joined),
                ("left", member.left),
            ],
        )
    )
    people = _table("People", "Name", "Title", "Focal point", "Email")
    for p in member.people:
        focal = "yes" if p.focal_point and p.until is None else ""
        people.add_row(_text(p.name), _text(p.title), focal, _text(p.email))
    if member.people:
        console.print(people)
    owned = [c for c in repository.commitments.values() if member.id in c.owners]
    if owned:
        from cso_tracker.query import SortKey, sort_commitments

        _print_list(repository, sort_commitments(owned, SortKey.STATUS))


# --- members and meetings ------------------------------------------------------------------------


@app.command()
def members(
    ctx: typer.Context,
    output_format: RecordFormatOption = RecordFormat.TABLE,
) -> None:
    """List the members, their focal points and how many open items each owns."""
    from cso_tracker.query import open_counts
    from cso_tracker.report import envelope, member_json

    repository = _load(ctx)
    counts = open_counts(repository.commitments.values())
    chosen = sorted(repository.members.values(), key=lambda m: (m.label.casefold(), m.id))
    if output_format is RecordFormat.JSON:
        data = envelope("members", members=[member_json(m, counts.get(m.id, 0)) for m in chosen])
        _write_json(data)
        return
    table = _table(None, "Id", "Member", "Role", "Focal points", "Open items")
    for m in chosen:
        name = m.name if m.acronym is None else f"{m.acronym}: {m.name}"
        left = f" (left {m.left})" if m.left is not None else ""
        table.add_row(_text(m.id), _text(name + left), m.role.value,
                      _text(", ".join(p.name for p in m.focal_points) or None),
                      str(counts.get(m.id, 0)))  # fmt: skip
    stdout_console().print(table)


@app.command()
def meetings(
    ctx: typer.Context,
    output_format: RecordFormatOption = RecordFormat.TABLE,
) -> None:
    """List the meetings, oldest first, with attendance and items agreed."""
    from cso_tracker.report import envelope, meeting_ref

    repository = _load(ctx)
    chosen = sorted(repository.meetings.values(), key=lambda m: (m.date, m.id))
    agreed: dict[str, int] = {}
    for c in repository.commitments.values():
        agreed[c.agreed_at] = agreed.get(c.agreed_at, 0) + 1
    if output_format is RecordFormat.JSON:
        data = envelope(
            "meetings",
            meetings=[
                {
                    **(meeting_ref(m) or {}),
                    "attending_members": len(m.attendees),
                    "attending_people": sum(len(a.people) for a in m.attendees),
                    "apologies": len(m.apologies),
                    "commitments_agreed": agreed.get(m.id, 0),
                }
                for m in chosen
            ],
        )
        _write_json(data)
        return
    table = _table(None, "Date", "Id", "Title", "Kind", "Status", "Attendance", "Agreed")
    for m in chosen:
        people = sum(len(a.people) for a in m.attendees)
        attendance = f"{len(m.attendees)} members, {people} people" if m.attendees else "—"
        table.add_row(_text(m.date), _text(m.id), _text(m.title), m.kind.value, m.status.value,
                      attendance, str(agreed.get(m.id, 0)))  # fmt: skip
    stdout_console().print(table)
