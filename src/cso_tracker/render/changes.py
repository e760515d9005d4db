"""`tracker changes` and `tracker log` as words: each semantic change in a
sentence, then the changelog as Markdown (to paste into the minutes), as
Rich tables for a terminal, and as JSON (schema_version 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from cso_tracker.render.change_words import change_json, commit_json, summary_md, who
from cso_tracker.render.change_words import parts as change_parts
from cso_tracker.render.escape import cell, evidence, md, plural
from cso_tracker.render.json_shapes import envelope

if TYPE_CHECKING:
    from cso_tracker.git import CommitInfo
    from cso_tracker.query.history_changelog import Changelog, RecordGroup
    from cso_tracker.query.history_diff import RecordChange

# --- Markdown ---------------------------------------------------------------------------


def _day(info: CommitInfo) -> str:
    return info.date.date().isoformat()


def _span(log: Changelog) -> str:
    start = (
        f"`{log.since.short}` ({_day(log.since)})" if log.since is not None else "the first commit"
    )
    return f"from {start} to `{log.until.short}` ({_day(log.until)})"


_KIND_TITLE: Final = {"commitment": "Commitment", "member": "Member", "meeting": "Meeting",
                      "settings": "Settings"}  # fmt: skip


def _group_md(group: RecordGroup) -> list[str]:
    title = f": {md(group.title)}" if group.title is not None and group.kind != "settings" else ""
    lines = [f"## {_KIND_TITLE[group.kind]} `{group.record_id}`{title}", "",
             "| Date | Commit | Author | Change | Note | Evidence |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for c in group.changes:
        lines.append(f"| {_day(c.commit)} | `{c.commit.short}` | {cell(who(c.commit))} | "
                     f"{summary_md(c)} | {cell(c.note)} | {evidence(c.evidence)} |")  # fmt: skip
    return [*lines, ""]


def changes_markdown(log: Changelog) -> str:
    """The changelog, grouped by record, to paste into the minutes."""
    count = len(log.commits)
    lines = [f"# Changes {_span(log)}", ""]
    groups = log.groups()
    if not groups:
        return "\n".join([*lines, "_No commit changed the records in this range._", ""])
    lines += [f"{plural(count, 'commit')} changed {plural(len(groups), 'record')}.", ""]
    for group in groups:
        lines += _group_md(group)
    return "\n".join(lines)


def log_markdown(log: Changelog, group: RecordGroup) -> str:
    """The story of one record, oldest first."""
    head = f"# History of {group.kind} `{group.record_id}`"
    lines = [head, "", f"{plural(len(log.commits), 'commit')} {_span(log)}.", ""]
    return "\n".join([*lines, *_group_md(group)[2:]])


# --- JSON -------------------------------------------------------------------------------


def _group_json(group: RecordGroup) -> dict[str, Any]:
    return {"kind": group.kind, "id": group.record_id, "title": group.title,
            "changes": [change_json(c) for c in group.changes]}  # fmt: skip


def changes_json(log: Changelog) -> dict[str, Any]:
    """`tracker changes --format json`, schema_version 1: kind "changes",
    since and until ({commit, short, author, email, date, subject}; since
    null from the first commit), commits (those that touched the records,
    oldest first), records ({kind, id, title, changes}: each change {what,
    summary, commit (short), author, date, old, new, field, by, note,
    evidence, update, corrects, words: [{op, text}]})."""
    return envelope(
        "changes",
        since=commit_json(log.since) if log.since is not None else None,
        until=commit_json(log.until),
        commits=[commit_json(c) for c in log.commits],
        records=[_group_json(g) for g in log.groups()],
    )


def log_json(log: Changelog, group: RecordGroup) -> dict[str, Any]:
    """`tracker log ID --format json`: kind "log", record ({kind, id, title,
    changes} as in changes_json), commits (those that touched it)."""
    return envelope("log", record=_group_json(group), commits=[commit_json(c) for c in log.commits])


# --- the terminal -----------------------------------------------------------------------


def _rich_summary(c: RecordChange) -> Any:
    from rich.text import Text

    styles = {"": "", "-": "red strike", "+": "green bold"}
    shown = Text()
    for index, (style, text) in enumerate(change_parts(c)):
        shown.append(("" if index == 0 else " ") + text, style=styles[style])
    return shown


def _group_view(group: RecordGroup, heading: str | None) -> Any:
    from cso_tracker.render.terminal import table, text

    rows = table(heading, "Date", "Commit", "Author", "Change", "Note")
    for c in group.changes:
        note = "\n".join(filter(None, [c.note, *c.evidence])) or None
        rows.add_row(text(_day(c.commit)), text(c.commit.short[:7]), text(who(c.commit)),
                     _rich_summary(c), text(note))  # fmt: skip
    return rows


def changes_view(log: Changelog) -> list[Any]:
    from rich.text import Text

    view: list[Any] = [Text(f"Changes {_span(log)}".replace("`", ""), style="bold underline")]
    groups = log.groups()
    if not groups:
        return [*view, Text("No commit changed the records in this range.", style="dim italic")]
    for group in groups:
        title = f": {group.title}" if group.title is not None and group.kind != "settings" else ""
        view.append(_group_view(group, f"{_KIND_TITLE[group.kind]} {group.record_id}{title}"))
    return view


def log_view(log: Changelog, group: RecordGroup) -> list[Any]:
    from rich.text import Text

    head = f"History of {group.kind} {group.record_id} ({plural(len(log.commits), 'commit')})"
    return [Text(head, style="bold underline"), _group_view(group, None)]
