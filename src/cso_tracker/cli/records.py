"""`tracker list`, `show`, `members` and `meetings`: the records themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cso_tracker.cli._answers import report_text
from cso_tracker.cli._app import app, print_plain
from cso_tracker.cli._common import (
    AsOfOption,
    AtOption,
    as_of_day,
    json_text,
    load_checked,
    optional_date,
    print_view,
    write_json,
    write_text,
)
from cso_tracker.cli._words import naming

if TYPE_CHECKING:
    from cso_tracker.models import Commitment, Member
    from cso_tracker.query.list_filter import ListFilter, SortKey
    from cso_tracker.repo.repository import Repository


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MD = "md"


class RecordFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class SortOption(StrEnum):
    DUE = "due"
    ID = "id"
    NUMBER = "number"
    STATUS = "status"
    UPDATED = "updated"


RecordFormatOption = Annotated[
    RecordFormat, typer.Option("--format", help="table (screen) or json.")
]


def _filter(name: str, metavar: str, help_text: str) -> Any:
    """A `tracker list` filter option: no default to show."""
    return typer.Option(name, metavar=metavar, help=help_text, show_default=False)


_ListStatusValuesOption = Annotated[
    list[str] | None,
    _filter(
        "--status",
        "STATUS",
        "Only this status (repeatable): agreed, in-progress, stalled, done, "
        "partial, dropped, or the groups open and closed.",
    ),
]
_ListOwnerOption = Annotated[
    list[str] | None,
    _filter("--owner", "MEMBER", "Only items this member owns (repeatable)."),
]
_ListMeetingOption = Annotated[
    list[str] | None,
    _filter("--meeting", "MEETING", "Only items agreed at this meeting (repeatable)."),
]
_ListTagOption = Annotated[
    list[str] | None,
    _filter("--tag", "TAG", "Only items with this tag (repeatable)."),
]
_ListDueBeforeOption = Annotated[
    str | None,
    _filter("--due-before", "DATE", "Only items due on or before this day."),
]
_ListDueAfterOption = Annotated[
    str | None,
    _filter("--due-after", "DATE", "Only items due on or after this day."),
]
_ListOverdueOption = Annotated[
    bool, typer.Option("--overdue", help="Only open items past due on the as-of day.")
]
_ListStaleOption = Annotated[
    bool,
    typer.Option(
        "--stale",
        help="Only open items with no update for longer than stale_after_days "
        "(standing obligations, judged per period, never count).",
    ),
]
_ListUpdatedSinceOption = Annotated[
    str | None,
    _filter("--updated-since", "DATE", "Only items with an update dated on or after this day."),
]
_ListTextOption = Annotated[
    str | None,
    _filter(
        "--text",
        "TEXT",
        "Only items whose title, text or update notes contain this (any case).",
    ),
]
_ListSortOption = Annotated[
    SortOption | None,
    typer.Option(
        "--sort",
        help="due: soonest first, undated last. id. number: each meeting's items in the "
        "order of its agreed actions. status: open ones first. updated: most recently "
        "updated first. Default: number with one --meeting, else due.",
        show_default=False,
    ),
]
_ListOutputFormatOption = Annotated[
    ListFormat,
    typer.Option("--format", help="table (screen), json, csv or md (a Markdown table)."),
]


@app.command(name="list")
def list_commitments(
    ctx: typer.Context,
    status_values: _ListStatusValuesOption = None,
    owner: _ListOwnerOption = None,
    meeting: _ListMeetingOption = None,
    tag: _ListTagOption = None,
    due_before: _ListDueBeforeOption = None,
    due_after: _ListDueAfterOption = None,
    overdue: _ListOverdueOption = False,
    stale: _ListStaleOption = False,
    updated_since: _ListUpdatedSinceOption = None,
    text: _ListTextOption = None,
    sort: _ListSortOption = None,
    output_format: _ListOutputFormatOption = ListFormat.TABLE,
    as_of: AsOfOption = None,
    at: AtOption = None,
) -> None:
    """List commitments; filters combine (AND), repeated values of one filter widen it (OR).

    Dates take YYYY-MM-DD, today, yesterday, tomorrow, eom, eoy or offsets like +2w, -30d, +3m.
    """
    from cso_tracker.query.list_filter import ListFilter, SortKey, default_sort, parse_statuses

    day = as_of_day(as_of)

    def when(value: str | None, option: str) -> dt.date | None:
        return optional_date(value, option, relative_to=day)

    with naming("--status"):
        statuses = parse_statuses(status_values or [])
    spec = ListFilter(
        statuses=statuses,
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

    order = SortKey(sort.value) if sort is not None else default_sort(spec)

    def chosen(repository: Repository) -> list[Commitment]:
        # Without --as-of: the records as they are, with items for a meeting
        # still to come (status leaves those out until the meeting is held).
        return _selected(repository, spec, order, day, as_they_stood_then=as_of is not None)

    if output_format is ListFormat.TABLE:
        repository = load_checked(ctx, at)
        _print_list(repository.members, chosen(repository))
        return

    def make(repository: Repository) -> str:
        return _list_text(chosen(repository), repository.members, output_format, day)

    write_text(report_text(ctx, at, make, storable=True, reads_git=False), None)


def _selected(
    repository: Repository,
    spec: ListFilter,
    order: SortKey,
    day: dt.date,
    *,
    as_they_stood_then: bool,
) -> list[Commitment]:
    from cso_tracker.query.listing import select

    return select(repository.commitments.values(), _require_known(repository, spec),
                  meetings=repository.meetings, settings=repository.settings, as_of=day,
                  sort=order, as_they_stood_then=as_they_stood_then)  # fmt: skip


def _require_known(repository: Repository, spec: ListFilter) -> ListFilter:
    """`spec` with each --owner as the id of the member it names (an id or
    acronym in any case); every --meeting must name a meeting."""
    import dataclasses

    from cso_tracker.query.lookup import member_id, require_meeting

    with naming("--owner"):
        owners = frozenset(member_id(repository.members, given) for given in sorted(spec.owners))
    with naming("--meeting"):
        for meeting_id in sorted(spec.meetings):
            require_meeting(repository.meetings, meeting_id)
    return dataclasses.replace(spec, owners=owners)


def _list_text(
    chosen: list[Commitment], members: Mapping[str, Member], output_format: ListFormat, day: dt.date
) -> str:
    if output_format is ListFormat.JSON:
        from cso_tracker.render.json_shapes import list_json

        return json_text(list_json(chosen, day))
    if output_format is ListFormat.CSV:
        from cso_tracker.render.tables import list_csv

        return list_csv(chosen, members)
    from cso_tracker.render.tables import list_markdown

    return list_markdown(chosen, members)


def _print_list(members: Mapping[str, Member], chosen: list[Commitment]) -> None:
    from cso_tracker.render.terminal_records import list_view

    if not chosen:
        print_plain("No commitments match.")
        return
    print_view(list_view(members, chosen))


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
    at: AtOption = None,
) -> None:
    """Show one record: a commitment with its full update history, a member, or a meeting."""
    from cso_tracker.models import Commitment, Meeting
    from cso_tracker.query.list_filter import SortKey
    from cso_tracker.query.listing import sort_commitments
    from cso_tracker.render import terminal_records as views

    repository = load_checked(ctx, at)
    _kind, record = _find(repository, record_id, at)
    commitments = list(repository.commitments.values())
    if output_format is RecordFormat.JSON:
        from cso_tracker.render.json_shapes import record_json

        write_json(record_json(record, commitments))
        return
    members = repository.members
    if isinstance(record, Commitment):
        print_view(views.commitment_view(record, members))
    elif isinstance(record, Meeting):
        agreed = [c for c in commitments if c.agreed_at == record.id]
        ordered = sorted(agreed, key=lambda c: (c.number or 0, c.id))
        print_view(views.meeting_view(record, ordered, members))
    else:
        owned = [c for c in commitments if record.id in c.owners]
        print_view(views.member_view(record, sort_commitments(owned, SortKey.STATUS), members))


def _find(repository: Repository, record_id: str, at: str | None) -> tuple[str, Any]:
    """The record `record_id` names; at a revision where no id starts with
    it, say that it did not exist there (it may have been added since)."""
    from cso_tracker.errors import RecordNotFoundError, did_you_mean
    from cso_tracker.repo.layout import RECORD_KINDS

    ids = [i for kind in RECORD_KINDS for i in repository.records(kind)]
    broken = [stem for _kind, stem in repository.unloaded]  # there, but did not load
    if at is not None and not any(i.startswith(record_id) for i in (*ids, *broken)):
        where = repository.source.describe()
        suggestion = did_you_mean(record_id, ids, most=3).removeprefix("; ")
        raise RecordNotFoundError(
            f"'{record_id}' did not exist at {where}",
            hint=suggestion
            or f"`tracker list --at {at}` and `tracker members --at {at}` "
            "show the ids there; leave out --at for the records as they are now",
        )
    return repository.find(record_id)


@app.command()
def members(
    ctx: typer.Context,
    output_format: _ListOutputFormatOption = ListFormat.TABLE,
    at: AtOption = None,
) -> None:
    """List the members, their focal points and how many open items each owns."""
    from cso_tracker.query.sections import open_counts
    from cso_tracker.render import tables

    repository = load_checked(ctx, at)
    counts = open_counts(repository.commitments.values())
    chosen = sorted(repository.members.values(), key=lambda m: (m.label.casefold(), m.id))
    if output_format is ListFormat.JSON:
        from cso_tracker.render.json_shapes import members_json

        write_json(members_json(chosen, counts))
    elif output_format is ListFormat.TABLE:
        from cso_tracker.render.terminal_records import members_view

        print_view([members_view(chosen, counts)])
    else:
        rows = tables.member_rows(chosen, counts)
        _write_table(output_format, tables.MEMBER_COLUMNS, rows, "No members recorded.")


@app.command()
def meetings(
    ctx: typer.Context,
    output_format: _ListOutputFormatOption = ListFormat.TABLE,
    at: AtOption = None,
) -> None:
    """List the meetings, oldest first, with attendance and items agreed."""
    from cso_tracker.render import tables

    repository = load_checked(ctx, at)
    chosen = sorted(repository.meetings.values(), key=lambda m: (m.date, m.id))
    agreed: dict[str, int] = {}
    for c in repository.commitments.values():
        agreed[c.agreed_at] = agreed.get(c.agreed_at, 0) + 1
    if output_format is ListFormat.JSON:
        from cso_tracker.render.json_shapes import meetings_json

        write_json(meetings_json(chosen, agreed))
    elif output_format is ListFormat.TABLE:
        from cso_tracker.render.terminal_records import meetings_view

        print_view([meetings_view(chosen, agreed)])
    else:
        rows = tables.meeting_rows(chosen, agreed)
        _write_table(output_format, tables.MEETING_COLUMNS, rows, "No meetings recorded.")


def _write_table(
    output_format: ListFormat, columns: tuple[str, ...], rows: list[list[str]], empty: str
) -> None:
    """A listing as CSV or as a Markdown table (render/tables.py, as `list`)."""
    from cso_tracker.render.tables import csv_table, markdown_table

    if output_format is ListFormat.CSV:
        write_text(csv_table(columns, rows), None)
    else:
        write_text(markdown_table(columns, rows, empty), None)
