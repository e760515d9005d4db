"""`tracker fmt`: the canonical layout of record files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cso_tracker.cli._app import app, echo, options
from cso_tracker.cli._writing import Commit, DryRun, say
from cso_tracker.errors import InvalidDataError, UsageError

if TYPE_CHECKING:
    from cso_tracker.write.fmt import FormatReport


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
            "--check",
            help="Write nothing; list the files that would change, say the command that "
            "fixes them, and exit 1 if any.",
        ),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Also print what would change, as a unified diff; implies --check.",
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

    check = check or diff
    if commit and (check or dry_run):
        raise UsageError("--commit cannot be combined with --check, --diff or --dry-run")
    root = options(ctx).find_root()
    report = format_files(
        root, targets(root, files or []), write=not (check or dry_run), commit=commit
    )
    if dry_run or diff:
        for change in report.changed:
            echo(unified_diff(change.rel, change.before, change.after), nl=False)
    _say_changed(report, written=not (check or dry_run))
    if report.commit is not None:
        say(f"committed {short(report.commit)}: {report.message.strip()}")
    if report.problems:
        for problem in report.problems:
            say(format_text(problem))
        raise InvalidDataError(
            f"{len(report.problems)} file(s) could not be read, so were not formatted", ()
        )
    if check and report.changed:
        say(_fix_it(root, [change.path for change in report.changed], diff=diff))
        raise typer.Exit(1)


def _say_changed(report: FormatReport, *, written: bool) -> None:
    for change in report.changed:
        echo(change.rel)
    done = "reformatted" if written else "would be reformatted"
    count, files_word = len(report.changed), "file" if report.checked == 1 else "files"
    say(
        f"{count} of {report.checked} {files_word} {done}"
        if count
        else f"{report.checked} {files_word} already formatted"
    )


def _fix_it(root: Path, changed: list[Path], *, diff: bool) -> str:
    """The command that reformats the files `--check` found, runnable from here."""
    import shlex

    here = Path.cwd()
    inside = here.resolve().is_relative_to(root.resolve())
    tracker = "tracker" if inside else f"tracker --root {shlex.quote(str(root))}"
    command = f"{tracker} fmt"
    if len(changed) <= 5:  # more: all of them, shorter than naming each
        named = (
            os.path.relpath(path, here) if inside else str(path) for path in changed
        )  # fmt: skip
        command += " " + " ".join(shlex.quote(name) for name in named)
    see = "" if diff else f"; `{tracker} fmt --diff` shows what would change"
    return f"run `{command}` to fix, then commit the result{see}"
