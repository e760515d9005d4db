"""The reports as Rich renderables for a terminal: the CLI prints them. The
same sections, in the same words, as the Markdown templates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.query.asof import owner_labels
from cso_tracker.render.escape import bar

if TYPE_CHECKING:
    from cso_tracker.models import Commitment
    from cso_tracker.query.status import StatusReport


def text(value: object) -> Any:
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


def badge(status: str) -> Any:
    from rich.text import Text

    return Text(status, style=_STATUS_STYLE.get(status, ""))


# Columns of short values of one form (dates, statuses, kinds): never broken
# across lines, so in an 80-column terminal the text columns give way instead
# of a date printed as "2025-01-1" over "0". Ids can be long, so they fold.
_NO_WRAP: Final = frozenset({"Date", "Due", "Status", "Kind", "Closed on", "Last activity"})


def table(title: str | None, *columns: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


def status_view(report: StatusReport, *, max_rows: int | None) -> list[Any]:
    """The status report as Rich renderables: the same sections as the Markdown."""
    from rich.text import Text

    view: list[Any] = []
    members = report.members

    def owners(c: Commitment) -> Any:
        return text(owner_labels(c, members))

    def item(c: Commitment) -> Any:
        return Text.assemble((c.id, "bold"), "\n", c.title)

    view.append(Text(f"Status of commitments: {report.group}", style="bold underline"))
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
        commit = report.version.short if report.version.short is not None else "no commit"
        dirty = ", uncommitted changes" if report.version.dirty else ""
        lines.append(f"Data version: {commit}{dirty}")
    view.append(Text("\n".join(lines)))
    view.append(Text(""))

    def more(count: int, command: str) -> str | None:
        if max_rows is None or count <= max_rows:
            return None
        return f"…and {count - max_rows} more: `{command}` lists them all"

    def empty(title: str, note: str) -> None:
        view.append(Text(title, style="bold"))
        view.append(Text(note, style="dim italic"))
        view.append(Text(""))

    tally = table("Tally", "Status", "Items", "")
    for t in report.tallies:
        tally.add_row(badge(t.status.value), str(t.count), bar(t.count, report.total))
    tally.caption = f"{report.open_count} open, {report.closed_count} closed"
    view.append(tally)

    if report.overdue:
        rows = table("Overdue", "Item", "Owners", "Due", "Days over", "Status")
        for o in report.overdue:
            rows.add_row(item(o.commitment), owners(o.commitment), text(o.commitment.due),
                          Text(str(o.days_overdue), style="bold red"),
                          badge(o.commitment.status.value))  # fmt: skip
        view.append(rows)
    else:
        empty("Overdue", "Nothing is overdue.")

    if report.due_soon:
        rows = table("Due soon", "Item", "Owners", "Due", "Days left", "Status")
        for d in report.due_soon:
            rows.add_row(item(d.commitment), owners(d.commitment), text(d.commitment.due),
                          str(d.days_left), badge(d.commitment.status.value))  # fmt: skip
        view.append(rows)
    else:
        empty("Due soon", "Nothing is due soon.")

    if report.changes:
        rows = table("Changed since the last meeting", "Date", "Item", "Change", "Note")
        for c in report.changes:
            rows.add_row(text(c.update.date), item(c.commitment), text(c.summary),
                          text(c.update.note))  # fmt: skip
        view.append(rows)
    else:
        empty("Changed since the last meeting", "No updates in the period.")

    if report.stale:
        rows = table("Stale", "Item", "Owners", "Last activity", "Days quiet")
        for s in report.stale[:max_rows]:
            rows.add_row(item(s.commitment), owners(s.commitment), text(s.last_activity),
                          str(s.days_quiet))  # fmt: skip
        rows.caption = more(len(report.stale), "tracker list --stale")
        view.append(rows)
    else:
        empty("Stale", "No stale items.")

    if report.by_owner:
        rows = table("By owner", "Owner", "Focal points", "Open items")
        for g in report.by_owner:
            listed = [f"{c.id} ({c.status.value})" for c in g.items[:max_rows]]
            extra = more(len(g.items), f"tracker list --owner {g.member_id} --status open")
            rows.add_row(text(g.label), text(", ".join(p.name for p in g.focal_points) or None),
                          text("\n".join([*listed, *([extra] if extra else [])])))  # fmt: skip
        view.append(rows)
    else:
        empty("By owner", "No open items.")

    if report.recently_closed:
        rows = table("Recently closed", "Item", "Status", "Closed on", "Evidence")
        for closed in report.recently_closed:
            rows.add_row(item(closed.commitment), badge(closed.commitment.status.value),
                          text(closed.update.date),
                          text("\n".join(closed.update.evidence) or closed.update.note))  # fmt: skip
        view.append(rows)
    else:
        empty("Recently closed", "Nothing closed in the period.")

    if report.obligations:
        rows = table("Standing obligations", "Item", "Period", "Met?")
        for ob in report.obligations:
            met = Text("yes", style="green") if ob.met else Text("no", style="bold red")
            rows.add_row(item(ob.commitment), text(ob.period), met)
        view.append(rows)
    else:
        empty("Standing obligations", "No recurring commitments.")

    if report.upcoming_meetings:
        rows = table("Upcoming meetings", "Date", "Meeting", "Kind")
        for m in report.upcoming_meetings:
            rows.add_row(text(m.date), text(m.title), text(m.kind.value))
        view.append(rows)
    else:
        empty("Upcoming meetings", "No meetings planned.")
    view.append(Text("The timeline chart is in the Markdown report (--format md).", style="dim"))
    return view
