"""What every writing command shares: its options, making the change in the
tracker found from here, and saying what happened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import typer

from cso_tracker import clock
from cso_tracker.cli._app import echo, options
from cso_tracker.cli._common import date_option
from cso_tracker.errors import UsageError

if TYPE_CHECKING:
    from cso_tracker.write.result import Edit
    from cso_tracker.write.transaction import WriteOptions


def option(name: str, metavar: str, help_text: str) -> Any:
    """An option taking a value, with no default shown: where it has one, its
    help says what it is."""
    return typer.Option(name, metavar=metavar, help=help_text, show_default=False)


DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Print the diff the command would make and write nothing."),
]
Commit = Annotated[
    bool,
    typer.Option(
        "--commit",
        help="Also commit the changed file in git, with a structured message "
        "(only that file is committed).",
    ),
]


def dated(value: str, name: str) -> dt.date:
    """The day option `name` gives (any form `tracker list` takes: today, +2w, ...)."""
    return date_option(value, name)


def undated(value: str | None, name: str) -> dt.date | None:
    return None if value is None else dated(value, name)


class _Change(Protocol):
    def __call__(self, root: Path, *, options: WriteOptions) -> Edit: ...


def write(ctx: typer.Context, change: _Change, *, dry_run: bool, commit: bool) -> None:
    """What every writing command does once its options are parsed: make the
    change in the tracker found from here, then say what happened."""
    global_options = options(ctx)
    write_options = writing_options(
        dry_run=dry_run, commit=commit, use_cache=global_options.use_cache,
        freeze=global_options.own_process,
    )  # fmt: skip
    render_edit(change(global_options.find_root(), options=write_options), dry_run=dry_run)


def writing_options(
    *, dry_run: bool, commit: bool, use_cache: bool = True, freeze: bool = False
) -> WriteOptions:
    from cso_tracker.write.transaction import WriteOptions

    if dry_run and commit:
        raise UsageError("--dry-run and --commit cannot be combined")
    return WriteOptions(
        today=clock.today(), dry_run=dry_run, commit=commit, use_cache=use_cache, freeze=freeze
    )


def say(text: str) -> None:
    # Plain click output, not a rich console: what these commands print has
    # no markup, and a write that succeeds then never imports rich (~25 ms).
    echo(text, err=True)


def render_edit(edit: Edit, *, dry_run: bool) -> None:
    from cso_tracker.git import short
    from cso_tracker.render.diff import unified_diff
    from cso_tracker.render.problems import format_text

    for problem in edit.warnings:
        say(format_text(problem))
    if edit.reformatted:
        say(
            f"note: {edit.rel} is not in the canonical layout, so lines around the "
            "change were rewritten too (run `tracker fmt` in a separate commit)"
        )
    if dry_run:
        echo(unified_diff(edit.rel, edit.before, edit.after), nl=False)
        say(f"dry run: {edit.rel} not written")
        return
    if not edit.changed:
        say(f"{edit.rel}: no change")
        return
    say(f"{'created' if edit.before is None else 'updated'} {edit.rel}")
    if edit.commit is not None:
        say(f"committed {short(edit.commit)}: {edit.message.splitlines()[0]}")
