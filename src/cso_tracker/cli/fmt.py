"""`tracker fmt`: the canonical layout of record files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cso_tracker.cli._app import app, echo, options
from cso_tracker.cli._writing import Commit, DryRun, say
from cso_tracker.errors import InvalidDataError, UsageError


@app.command("fmt")
def fmt_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Record files to format. Default: every record and tracker.yaml.",
            show_default=False,
            readable=False,  # one that cannot be read is a located problem, exit 1
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; list the files that would change and exit 1 if any."
        ),
    ] = False,
    dry_run: DryRun = False,
    commit: Commit = False,
) -> None:
    """Rewrite records into the canonical layout (key order, indentation,
    quoting, dates), keeping every comment."""
    from cso_tracker.git import short
    from cso_tracker.render.diff import unified_diff
    from cso_tracker.render.problems import format_text
    from cso_tracker.write.fmt import format_files, targets

    if commit and (check or dry_run):
        raise UsageError("--commit cannot be combined with --check or --dry-run")
    root = options(ctx).find_root()
    report = format_files(
        root, targets(root, files or []), write=not (check or dry_run), commit=commit
    )
    if dry_run:
        for change in report.changed:
            echo(unified_diff(change.rel, change.before, change.after), nl=False)
    for change in report.changed:
        echo(change.rel)
    done = "would be reformatted" if check or dry_run else "reformatted"
    count, files_word = len(report.changed), "file" if report.checked == 1 else "files"
    say(
        f"{count} of {report.checked} {files_word} {done}"
        if count
        else f"{report.checked} {files_word} already formatted"
    )
    if report.commit is not None:
        say(f"committed {short(report.commit)}: {report.message.strip()}")
    if report.problems:
        for problem in report.problems:
            say(format_text(problem))
        raise InvalidDataError(
            f"{len(report.problems)} file(s) could not be read, so were not formatted", ()
        )
    if check and report.changed:
        raise typer.Exit(1)
