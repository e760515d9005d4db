"""`tracker changes` and `tracker log`: the history of the records, read
from the commits (git must hold the whole history, not a shallow clone)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cso_tracker.cli._app import app, options
from cso_tracker.cli._common import OutputOption, date_option, print_view, write_json, write_text
from cso_tracker.dates import FORMS_HELP
from cso_tracker.errors import GitError, UsageError

if TYPE_CHECKING:
    from cso_tracker.query.history_range import Since


class HistoryFormat(StrEnum):
    AUTO = "auto"
    RICH = "rich"
    MD = "md"
    JSON = "json"


HistoryFormatOption = Annotated[
    HistoryFormat,
    typer.Option(
        "--format",
        help="auto: tables in a terminal, Markdown when piped or with --output. rich: terminal "
        "tables. md: Markdown, to paste into the minutes. json: the same data (schema_version 1).",
    ),
]


def _chosen(output_format: HistoryFormat, output: Path | None) -> HistoryFormat:
    if output_format is HistoryFormat.RICH and output is not None:
        raise UsageError("--format rich draws on the screen; use md or json with --output")
    if output_format is HistoryFormat.AUTO:
        tty = output is None and sys.stdout.isatty()
        return HistoryFormat.RICH if tty else HistoryFormat.MD
    return output_format


def _since(root: Path, value: str) -> Since:
    """A revision, `last-meeting`, or a day (`--since` tries them in that order)."""
    from cso_tracker import git
    from cso_tracker.query.history_range import LAST_MEETING, names_commit

    if value.strip().lower() == LAST_MEETING:
        return LAST_MEETING
    git.require_history(root)
    if names_commit(root, value):
        return value
    try:
        return date_option(value, "--since")
    except UsageError:  # not a date either: say both
        raise GitError(
            f"--since: '{value}' is neither a commit of this repository nor a date",
            hint=f"give a tag, branch or commit (`git log --oneline` lists them), a day "
            f"({FORMS_HELP}) or last-meeting",
        ) from None


@app.command()
def changes(
    ctx: typer.Context,
    since: Annotated[
        str,
        typer.Option(
            "--since",
            metavar="REV|DATE|last-meeting",
            help="Where the changes start: a revision (tag, branch, commit, HEAD~3), a day "
            f"({FORMS_HELP}: its last commit, by the end of that day), or last-meeting (the "
            "last commit of the day of the latest meeting held on or before --until's day).",
        ),
    ],
    until: Annotated[
        str, typer.Option("--until", metavar="REV", help="Where the changes end: a revision.")
    ] = "HEAD",
    output_format: HistoryFormatOption = HistoryFormat.AUTO,
    output: OutputOption = None,
) -> None:
    """What changed in the records between two revisions, from the commits: by record, with who and when."""
    from cso_tracker.query.history_range import changelog
    from cso_tracker.render import changes as views

    chosen = _chosen(output_format, output)
    global_options = options(ctx)
    root = global_options.find_root()
    log = changelog(root, _since(root, since), until, use_cache=global_options.use_cache)
    if chosen is HistoryFormat.JSON:
        write_json(views.changes_json(log), output)
    elif chosen is HistoryFormat.MD:
        write_text(views.changes_markdown(log), output)
    else:
        print_view(views.changes_view(log))


@app.command()
def log(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A commitment, member or meeting id (or a unique beginning of one); "
            "an id the records no longer have works too.",
        ),
    ],
    output_format: HistoryFormatOption = HistoryFormat.AUTO,
    output: OutputOption = None,
) -> None:
    """The story of one record from the commits: each commit that touched it or its updates, and what it changed."""
    from cso_tracker.query.history_changelog import RecordGroup
    from cso_tracker.query.history_range import record_log
    from cso_tracker.render import changes as views

    chosen = _chosen(output_format, output)
    global_options = options(ctx)
    root = global_options.find_root()
    _kind, found, story = record_log(root, record_id, use_cache=global_options.use_cache)
    groups = story.groups()
    group = groups[0] if groups else RecordGroup(_kind, found, None, ())
    if chosen is HistoryFormat.JSON:
        write_json(views.log_json(story, group), output)
    elif chosen is HistoryFormat.MD:
        write_text(views.log_markdown(story, group), output)
    else:
        print_view(views.log_view(story, group))
