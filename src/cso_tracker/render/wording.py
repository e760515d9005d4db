"""The words of the status report, shared by the Markdown template and the
terminal view so the two never drift apart: each section's numbered heading,
what it says when it is empty, and the line under a capped list.

Sentences hold only numbers, dates and commands (never user text), so the
template prints them without escaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cso_tracker.models import Commitment, Member
    from cso_tracker.query.status import StatusReport


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
        "stale": f"No open item has gone more than {r.settings.stale_after_days} days "
        "without an update.",
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
