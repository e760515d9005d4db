"""The words of the status report, shared by the Markdown template and the
terminal view so the two never drift apart: each section's numbered heading,
what it says when it is empty, and the line under a capped list.

Sentences hold only numbers, dates and commands (never user text), so the
template prints them without escaping; the one that names a person (the
data version's author) takes the escaping to apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from cso_tracker.git import Version
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
        "changes": NO_PERIOD if r.since is None else f"No updates {period}.",
        "stale": f"No open item has gone more than {r.settings.stale_after_days} days "
        "without an update.",
        "by_owner": "No open items.",
        "recently_closed": NO_PERIOD if r.since is None else f"Nothing was closed {period}.",
        "obligations": "No recurring commitments.",
        "upcoming": "No meetings planned.",
        "timeline": "No open items with a due date to chart.",
    }
    return sentences[section]


def more(count: int, shown: int, commands: str) -> str:
    """The line under a list capped at `shown` rows of `count`; `commands`
    (Markdown, in backticks) say how to see them all."""
    return f"…and {count - shown} more: {commands} lists them all."


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
