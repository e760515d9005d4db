"""The words of the status report, shared by the Markdown template and the
terminal view so the two never drift apart: each section's numbered heading,
what it says when it is empty, the line under a capped list, an agreed
action's number, and how late or quiet an item is, as a person says it.

Sentences hold only numbers, dates and commands (never user text), so the
template prints them without escaping; the one that names a person (the
data version's author) takes the escaping to apply.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from cso_tracker.git import Version
    from cso_tracker.models import Commitment, Member
    from cso_tracker.query.status import StatusReport


# --- numbers and durations -----------------------------------------------------------------

_DATED_ID: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def meeting_short(meeting_id: str) -> str:
    """A meeting as a number's qualifier: the date its id starts with (the
    `YYYY-MM-DD-short-name` convention), else the whole id."""
    found = _DATED_ID.match(meeting_id)
    return found.group(0) if found is not None else meeting_id


def number(commitment: Commitment, several_meetings: bool = False) -> str:
    """The agreed action's number as the meeting's note wrote it: `#3`; in a
    list of items from several meetings, qualified by the meeting that agreed
    it, `2013-02-21 #3`. Empty when the item has no number."""
    if commitment.number is None:
        return ""
    if several_meetings:
        return f"{meeting_short(commitment.agreed_at)} #{commitment.number}"
    return f"#{commitment.number}"


def bar_label(commitment: Commitment, several_meetings: bool = False) -> str:
    """A timeline bar's label: the title after the number, `No. 3 Data
    sharing…` (a chart label cannot hold `#`)."""
    label = number(commitment, several_meetings).replace("#", "No. ")
    return f"{label} {commitment.title}" if label else commitment.title


CALENDAR: Final = "Meetings and today"
"""The timeline's first row of marks: the as-of day and the meetings."""


def charted(shown: int, report: StatusReport) -> str:
    """The line under a timeline capped by --max-rows; empty when it is whole."""
    total = len(report.timeline)
    if shown >= total:
        return ""
    return (
        f"The chart shows {shown} of the {total} open items with a due date: "
        f"those due nearest to {report.as_of}."
    )


def today(report: StatusReport) -> str:
    """The timeline's mark for the day the report is as of."""
    return f"As of {report.as_of}"


def several_meetings(commitments: Iterable[Commitment]) -> bool:
    """Whether the items were agreed at more than one meeting (their numbers
    then need the meeting to be told apart)."""
    return len({c.agreed_at for c in commitments}) > 1


def _count(amount: int, unit: str) -> str:
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"


def span(days: int) -> str:
    """A number of days as a person says it: the largest unit of which there
    are at least two whole ones, rounded down (so never more than it was):
    `1 day`, `13 days`, `2 weeks` (14 days), `8 weeks` (60), `2 months` (61),
    `23 months` (730), `2 years` (731), `13 years`. A month is 1/12 of a
    year of 365.25 days (30.4375 days)."""
    days = max(days, 0)
    years = days * 4 // 1461
    if years >= 2:
        return _count(years, "year")
    months = days * 48 // 1461
    if months >= 2:
        return _count(months, "month")
    weeks = days // 7
    if weeks >= 2:
        return _count(weeks, "week")
    return _count(days, "day")


def late(days: int) -> str:
    """How late an overdue item is: `3 weeks late`."""
    return f"{span(days)} late"


def left(days: int) -> str:
    """When an item due soon is due: `today`, `tomorrow`, `in 3 weeks`."""
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {span(days)}"


def quiet(days: int) -> str:
    """How long an item has gone without an update: `2 months without an update`."""
    return f"{span(days)} without an update"


def also_quiet(days: int | None) -> str:
    """The note on an Overdue or Due soon row of an item that is also stale
    (it stands in one section only): `also quiet for 4 months`; empty if not."""
    return "" if days is None else f"also quiet for {span(days)}"


def owed(report: StatusReport) -> list[tuple[Commitment, str]]:
    """What a member owes before the next call, for its digest: each overdue
    item with how late it is (`13 years late`), then each item due soon with
    when (`in 3 weeks`, `today`)."""
    late_items = [(o.commitment, late(o.days_overdue)) for o in report.overdue]
    return late_items + [(d.commitment, left(d.days_left)) for d in report.due_soon]


def also_stale(report: StatusReport) -> str:
    """The line under Stale that points to the stale items listed above it
    instead: "3 overdue items are also stale (see Overdue)."; empty if none."""
    parts = []
    for section, count in report.stale_elsewhere.items():
        if count:
            what = "overdue item" if section == "overdue" else "item due soon"
            verb = "is" if count == 1 else "are"
            plural = what if count == 1 else what.replace("item", "items")
            parts.append(f"{count} {plural} {verb} also stale (see {heading(section)})")
    return "; ".join(parts) + "." if parts else ""


def due_words(commitment: Commitment, members: Mapping[str, Member] | None = None) -> str:
    """The effective due date, and where an update moved it, who did and
    when: "2027-03-31, revised from 2013-06-08 by HRI on 2026-12-01"."""
    if commitment.due is None:
        return ""
    revision = commitment.due_revision
    if revision is None:
        return str(commitment.due)
    member = members.get(revision.by) if members is not None else None
    by = member.label if member is not None else revision.by
    was = f"revised from {commitment.agreed_due}" if commitment.agreed_due else "set"
    return f"{commitment.due}, {was} by {by} on {revision.date}"


SECTIONS: Final = {
    "tally": "Tally",
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "changes": "Changed since the last meeting",
    "stale": "Stale",
    "by_owner": "By owner",
    "recently_closed": "Recently closed",
    "obligations": "Standing obligations",
    "upcoming": "Upcoming meetings",
    "timeline": "Timeline",
}
"""Section key -> title, in the report's order."""

NO_PERIOD: Final = (
    "No meeting has been held yet, so there is no period to compare; pass --since DATE."
)


def heading(section: str) -> str:
    """`2. Overdue`: the section's number in the report, and its title."""
    return f"{list(SECTIONS).index(section) + 1}. {SECTIONS[section]}"


def empty(section: str, report: StatusReport) -> str:
    """What a section says when it has nothing to list."""
    r = report
    period = f"from {r.since} to {r.as_of}"
    sentences = {
        "tally": "No commitments recorded.",
        "overdue": "Nothing is overdue.",
        "due_soon": f"Nothing is due within {r.settings.due_soon_days} days or before the "
        "next meeting.",
        "changes": NO_PERIOD if r.since is None else _no_changes(r, period),
        "stale": f"No {'other ' if r.stale else ''}open item has gone more than "
        f"{r.settings.stale_after_days} days without an update.",
        "by_owner": "No open items.",
        "recently_closed": NO_PERIOD if r.since is None else f"Nothing was closed {period}.",
        "obligations": "No recurring commitments.",
        "upcoming": "No meetings planned.",
        "timeline": "No open items with a due date to chart.",
    }
    return sentences[section]


def _no_changes(r: StatusReport, period: str) -> str:
    if r.history is not None:
        return f"No commit changed a commitment {commit_span(r)}."
    return f"No updates {period}.{history_missing(r)}"


def commit_span(r: StatusReport) -> str:
    """`after 0610bd7c8373 (2025-03-05) up to 9ad439d062d8 (2025-03-20)`."""
    assert r.history is not None and r.history.since is not None
    since, until = r.history.since, r.history.until
    return (f"after `{since.short}` ({since.date.date()}) up to `{until.short}` "
            f"({until.date.date()})")  # fmt: skip


def commits_line(r: StatusReport) -> str:
    """The line above the changes read from the commits."""
    return f"From the commits {commit_span(r)}; By is who made each commit."


_MISSING: Final = {
    "shallow": "this clone is shallow, so its commits are not there (run `git fetch "
    "--unshallow`, or set `fetch-depth: 0` in actions/checkout)",
    "no-commits": "nothing is committed yet",
}


def history_missing(r: StatusReport) -> str:
    """The sentence after "Updates from ..." saying why the changes come from
    the update dates and not from the commits. Outside git it is empty: the
    header already says the records are not in a git repository."""
    if r.history_missing in _MISSING:
        return f" From the dates in the update files: {_MISSING[r.history_missing]}."
    if r.history_missing == "history-later":
        return f" From the dates in the update files: the git history begins after {r.since}."
    return ""


def more(count: int, shown: int, commands: str) -> str:
    """The line under a list capped at `shown` rows of `count`; `commands`
    (Markdown, in backticks) say how to see them all."""
    return f"…and {count - shown} more: {commands} lists them all."


def see_all(section: str, report: StatusReport) -> str:
    """The commands the line under a capped Overdue, Changed or Recently
    closed names (Markdown, in backticks); the JSON is never capped."""
    if section == "overdue":
        return "`tracker list --overdue` or `--format json`"
    if section == "changes" and report.history is not None:
        return f"`tracker changes --since {report.since}` or `--format json`"
    return "`--format json`"


def data_version(
    version: Version | None,
    *,
    text: Callable[[str], str] = str,
    code: Callable[[str], str] = str,
) -> str:
    """Which state of the records a report describes, in words: "as committed
    on 2026-11-28 by Ana Díaz (abc123456789), plus uncommitted changes".
    `text` escapes the author's name and `code` shows the commit (Markdown
    passes its escaping and backticks; the terminal, nothing)."""
    if version is None:
        return "not in a git repository"
    if version.commit is None or version.short is None:
        return "not committed yet"
    commit = code(version.short)
    if version.cut:
        words = (
            f"as of {commit} of {version.date}, where this shallow clone's history stops "
            "(the records may have last changed in an older commit)"
        )
    else:
        words = f"as committed on {version.date} by {text(version.author or '')} ({commit})"
    return f"{words}, plus uncommitted changes" if version.dirty else words
