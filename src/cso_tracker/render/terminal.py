"""The reports as Rich renderables for a terminal: the CLI prints them. The
same sections, in the same words, as the Markdown templates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from cso_tracker.query.asof import owner_labels
from cso_tracker.render import wording
from cso_tracker.render.escape import bar, visible
from cso_tracker.render.wording import due_words

if TYPE_CHECKING:
    from cso_tracker.models import Commitment
    from cso_tracker.query.status import StatusReport


def text(value: object) -> Any:
    """A Rich Text (never markup) for a user string, a date or None; its
    control characters shown as escapes, so a table measures what it shows."""
    from rich.text import Text

    if value is None:
        return Text("—", style="dim")
    return Text(
        value.isoformat() if isinstance(value, dt.date) else visible(str(value), keep="\n\t")
    )


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
_NO_WRAP: Final = frozenset({"#", "Date", "Due", "Status", "Kind", "Closed on", "Last activity"})


def table(title: str | None, *columns: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    return table


def _header(report: StatusReport) -> list[Any]:
    from rich.text import Text

    lines = [f"As of {report.as_of}"]
    if report.owner is not None:
        lines.append(f"Narrowed to {report.owner.label} ({report.owner.name})")
    last, following = report.last_meeting, report.next_meeting
    lines.append(
        f"Last meeting: {last.title}, {last.date}"
        if last is not None
        else f"Last meeting: none held before {report.as_of}"
    )
    lines.append(
        f"Next meeting: {following.title}, {following.date}"
        if following is not None
        else "Next meeting: none planned"
    )
    if report.since is not None:
        lines.append(f"Changes since: {report.since} ({report.since_label})")
    lines.append(f"Data version: {wording.data_version(report.version)}")
    return [
        Text(f"Status of commitments: {visible(report.group)}", style="bold underline"),
        Text(visible("\n".join(lines), keep="\n")),
        Text(""),
    ]


class _Sections:
    """One method per section of the report, each returning its renderables:
    a table, or the section's title and the sentence it says when empty."""

    def __init__(self, report: StatusReport, max_rows: int | None) -> None:
        self.report = report
        self.max_rows = max_rows

    def owners(self, c: Commitment) -> Any:
        return text(owner_labels(c, self.report.members))

    def number(self, c: Commitment) -> str:
        return wording.number(c, self.report.several_meetings)

    def item(self, c: Commitment) -> Any:
        from rich.text import Text

        number = self.number(c)
        return Text.assemble(f"{number} " if number else "", (c.id, "bold"), "\n", visible(c.title))

    def attention(self, words: str, c: Commitment) -> str:
        """How late or when due, and how quiet when the item is stale too."""
        quiet = wording.also_quiet(self.report.quiet_days(c))
        return f"{words}, {quiet}" if quiet else words

    def table(self, section: str, *columns: str) -> Any:
        return table(wording.heading(section), *columns)

    def empty(self, section: str) -> list[Any]:
        from rich.text import Text

        return [
            Text(wording.heading(section), style="bold"),
            Text(wording.empty(section, self.report), style="dim italic"),
            Text(""),
        ]

    def more(self, count: int, commands: str) -> str | None:
        if self.max_rows is None or count <= self.max_rows:
            return None
        return wording.more(count, self.max_rows, commands)

    def see_all(self, section: str, count: int) -> str | None:
        """The line under a capped Overdue, Changed or Recently closed."""
        return self.more(count, wording.see_all(section, self.report))

    @staticmethod
    def lines(*parts: str | None) -> str | None:
        return "\n".join(part for part in parts if part) or None

    def tally(self) -> list[Any]:
        r = self.report
        if r.total == 0:
            return self.empty("tally")
        rows = self.table("tally", "Status", "Items", "")
        for t in r.tallies:
            rows.add_row(badge(t.status.value), str(t.count), bar(t.count, r.total))
        rows.caption = f"{r.open_count} open, {r.closed_count} closed, {r.total} in all"
        return [rows]

    def overdue(self) -> list[Any]:
        from rich.text import Text

        if not self.report.overdue:
            return self.empty("overdue")
        rows = self.table("overdue", "Item", "Owners", "Due", "Late", "Status")
        for o in self.report.overdue[: self.max_rows]:
            c = o.commitment
            late = Text(self.attention(wording.late(o.days_overdue), c), style="bold red")
            rows.add_row(self.item(c), self.owners(c), text(due_words(c, self.report.members) or None),
                         late, badge(c.status.value))  # fmt: skip
        rows.caption = self.see_all("overdue", len(self.report.overdue))
        return [rows]

    def due_soon(self) -> list[Any]:
        if not self.report.due_soon:
            return self.empty("due_soon")
        rows = self.table("due_soon", "Item", "Owners", "Due", "When", "Status")
        for d in self.report.due_soon:
            c = d.commitment
            rows.add_row(self.item(c), self.owners(c), text(due_words(c, self.report.members) or None),
                         text(self.attention(wording.left(d.days_left), c)), badge(c.status.value))  # fmt: skip
        return [rows]

    def changes(self) -> list[Any]:
        r = self.report
        if r.history is not None:
            return self.commit_changes()
        if not r.changes:
            return self.empty("changes")
        rows = self.table("changes", "Date", "Item", "Change", "Note")
        for c in r.changes[: self.max_rows]:
            rows.add_row(text(c.update.date), self.item(c.commitment), text(c.summary),
                         text(c.update.note))  # fmt: skip
        rows.caption = self.lines(wording.history_missing(r).strip(),
                                  self.see_all("changes", len(r.changes)))  # fmt: skip
        return [rows]

    def commit_changes(self) -> list[Any]:
        from rich.text import Text

        from cso_tracker.render.change_words import commit_day, summary, who

        if not self.report.commit_changes:
            return self.empty("changes")
        rows = self.table("changes", "Date", "Item", "Change", "By", "Note")
        for c in self.report.commit_changes[: self.max_rows]:
            item = Text.assemble((c.commitment_id, "bold"), "\n", c.title or "")
            note = "\n".join(filter(None, [c.change.note, *c.change.evidence])) or None
            rows.add_row(text(commit_day(c.change.commit)), item, text(summary(c.change)),
                         text(who(c.change.commit)), text(note))  # fmt: skip
        rows.caption = self.lines(wording.commits_line(self.report).replace("`", ""),
                                  self.see_all("changes", len(self.report.commit_changes)))  # fmt: skip
        return [rows]

    def stale(self) -> list[Any]:
        from rich.text import Text

        stale, elsewhere = self.report.stale_only, wording.also_stale(self.report)
        if not stale:
            return [*self.empty("stale")[:2], *([Text(elsewhere)] if elsewhere else []), Text("")]
        rows = self.table("stale", "Item", "Owners", "Last activity", "Quiet")
        for s in stale[: self.max_rows]:
            rows.add_row(self.item(s.commitment), self.owners(s.commitment),
                         text(s.last_activity), text(wording.quiet(s.days_quiet)))  # fmt: skip
        more = self.more(len(stale), "`tracker list --stale` or `--format json`")
        rows.caption = "\n".join(line for line in (more, elsewhere) if line) or None
        return [rows]

    def by_owner(self) -> list[Any]:
        if not self.report.by_owner:
            return self.empty("by_owner")
        rows = self.table("by_owner", "Owner", "Focal points", "Open items")
        for g in self.report.by_owner:
            listed = [f"{self.number(c)} {c.id} ({c.status.value})".lstrip()
                      for c in g.items[: self.max_rows]]  # fmt: skip
            extra = self.more(len(g.items), f"`tracker list --owner {g.member_id} --status open`")
            rows.add_row(text(g.label), text(", ".join(p.name for p in g.focal_points) or None),
                         text("\n".join([*listed, *([extra] if extra else [])])))  # fmt: skip
        return [rows]

    def recently_closed(self) -> list[Any]:
        if not self.report.recently_closed:
            return self.empty("recently_closed")
        rows = self.table("recently_closed", "Item", "Status", "Closed on", "Evidence")
        for closed in self.report.recently_closed[: self.max_rows]:
            update = closed.update
            rows.add_row(self.item(closed.commitment), badge(closed.commitment.status.value),
                         text(update.date), text("\n".join(update.evidence) or update.note))  # fmt: skip
        rows.caption = self.see_all("recently_closed", len(self.report.recently_closed))
        return [rows]

    def obligations(self) -> list[Any]:
        from rich.text import Text

        if not self.report.obligations:
            return self.empty("obligations")
        rows = self.table("obligations", "Item", "Period", "Met?")
        for ob in self.report.obligations:
            met = Text("yes", style="green") if ob.met else Text("no", style="bold red")
            rows.add_row(self.item(ob.commitment), text(ob.period), met)
        return [rows]

    def timeline(self) -> list[Any]:
        """The Markdown chart as a list of dates: the as-of day, the meetings
        and the days the charted items are due, in date order."""
        from rich.text import Text

        from cso_tracker.render.escape import nearest

        r = self.report
        if not r.timeline:
            return self.empty("timeline")
        marks: list[tuple[Any, str, str, Any]] = [(r.as_of, "0", "", text(wording.today(r)))]
        marks += [
            (m.date, "1", m.id, text(f"{m.title} ({m.status.value})")) for m in r.timeline_meetings
        ]
        bars = nearest(r.timeline, self.max_rows, r.as_of)
        for t in bars:
            days = (t.end - r.as_of).days
            state = wording.late(-days) if t.overdue else f"due {wording.left(days)}"
            marks.append(
                (t.end, "2", t.commitment.id, Text.assemble(self.item(t.commitment), f"\n{state}"))
            )
        rows = self.table("timeline", "Date", "What")
        for day, _order, _id, what in sorted(marks, key=lambda m: m[:3]):
            rows.add_row(text(day), what)
        rows.caption = wording.charted(len(bars), r) or None
        return [rows]

    def upcoming(self) -> list[Any]:
        if not self.report.upcoming_meetings:
            return self.empty("upcoming")
        rows = self.table("upcoming", "Date", "Meeting", "Kind")
        for m in self.report.upcoming_meetings:
            rows.add_row(text(m.date), text(m.title), text(m.kind.value))
        return [rows]


def status_view(report: StatusReport, *, max_rows: int | None) -> list[Any]:
    """The status report as Rich renderables: the sections of the Markdown
    report, with the same headings and sentences (render/wording.py); the
    timeline as a list of dates (the chart is in Markdown)."""
    sections = _Sections(report, max_rows)
    view = _header(report)
    for section in wording.SECTIONS:
        view.extend(getattr(sections, section)())
    return view
