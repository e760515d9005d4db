"""`tracker codeowners`: write, or check, .github/CODEOWNERS from the member records."""

from __future__ import annotations

from typing import Annotated

import typer

from cso_tracker.cli._app import app, echo
from cso_tracker.cli._common import load_checked
from cso_tracker.cli._writing import say
from cso_tracker.errors import InvalidDataError, TrackerError

_SOURCES = ("members", "commitments")
"""The record kinds the file is made from."""


@app.command("codeowners")
def codeowners_command(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 with the difference if .github/CODEOWNERS "
            "is missing or not what the records say (for CI).",
        ),
    ] = False,
) -> None:
    """Write .github/CODEOWNERS from the member records: the secretariat
    reviews everything, a commitment's owners its updates, a member its own file."""
    from cso_tracker.render.codeowners import CODEOWNERS_FILE, codeowners_text
    from cso_tracker.render.diff import unified_diff

    repository = load_checked(ctx)
    unloaded = sorted(
        f"data/{kind}/{stem}.yaml" for kind, stem in repository.unloaded if kind in _SOURCES
    )
    if unloaded:
        raise InvalidDataError(
            f"{len(unloaded)} member or commitment file(s) did not load "
            f"({', '.join(unloaded)}), so CODEOWNERS would leave out their handles",
            [p for p in repository.problems if p.is_error and p.path in unloaded],
            hint="fix them (tracker validate lists the problems), then run this again",
        )
    text = codeowners_text(repository.members.values(), repository.commitments.values())
    path = repository.root / CODEOWNERS_FILE
    current = path.read_bytes() if path.is_file() else None
    wanted = text.encode("utf-8")
    if check:
        if current == wanted:
            say(f"{CODEOWNERS_FILE} is up to date")
            return
        echo(unified_diff(CODEOWNERS_FILE, current, wanted), nl=False)
        state = "is missing" if current is None else "differs from what the member records say"
        raise TrackerError(
            f"{CODEOWNERS_FILE} {state}",
            hint="run `tracker codeowners` and commit .github/CODEOWNERS",
        )
    if current == wanted:
        say(f"{CODEOWNERS_FILE}: no change")
        return
    from cso_tracker.atomic import write_atomic

    write_atomic(path, wanted)
    say(f"{'created' if current is None else 'updated'} {CODEOWNERS_FILE}")
