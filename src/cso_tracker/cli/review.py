"""`tracker check-pr`: whether a pull request's author may make each change
it makes, with rights read from the base revision, and whether its head validates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from cso_tracker.cli._app import app, echo, options, print_plain
from cso_tracker.cli.validate import ProblemFormat

_BaseOption = Annotated[
    str,
    typer.Option(
        "--base",
        metavar="REV",
        help="The branch or commit the pull request targets (in GitHub Actions: "
        "github.event.pull_request.base.sha). Members, their handles and who owns each "
        "commitment are read from here only, so a pull request cannot grant itself rights.",
        show_default=False,
    ),
]
_HeadOption = Annotated[
    str,
    typer.Option(
        "--head",
        metavar="REV",
        help="The pull request's last commit (github.event.pull_request.head.sha). The files "
        "checked are those changed from the merge base of --base and --head to --head.",
    ),
]
_AuthorOption = Annotated[
    str,
    typer.Option(
        "--author",
        metavar="LOGIN",
        help="The GitHub login of the pull request's author. In GitHub Actions take it from "
        "github.event.pull_request.user.login, never github.actor (the actor is whoever "
        "triggered the run, e.g. a maintainer re-running it).",
        show_default=False,
    ),
]
_FormatOption = Annotated[
    ProblemFormat,
    typer.Option(
        "--format",
        help="text: path:line:col: severity: message [rule], then a summary. "
        "github: Actions annotations on the pull request. json: see docs/check-pr.md.",
    ),
]
_RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The tracker folder, as the global --root.",
        file_okay=False,
        show_default=False,
    ),
]


@app.command("check-pr")
def check_pr(
    ctx: typer.Context,
    base: _BaseOption,
    author: _AuthorOption,
    head: _HeadOption = "HEAD",
    output_format: _FormatOption = ProblemFormat.TEXT,
    root_option: _RootOption = None,
) -> None:
    """Check that a pull request's author may make every change it makes, and that its head validates.

    A member may add updates to the commitments it owns (by itself) and edit
    its own member file, except its id, role and type. Existing updates are
    never modified, deleted or renamed. Commitments, meetings, tracker.yaml,
    new or deleted member files, and every file outside the records are the
    secretariat's, who may change anything. Exits 1 when a change is not
    allowed or the head has a validation error. Needs the whole history: in
    GitHub Actions, check out with `fetch-depth: 0`. Rules: docs/check-pr.md.
    """
    from cso_tracker import clock
    from cso_tracker.checks.rights import parse_login, review
    from cso_tracker.cli._words import naming
    from cso_tracker.render.review import as_json, github_lines, summary, text_lines
    from cso_tracker.repo.change import read_pull_request

    global_options = options(ctx)
    if root_option is not None:
        global_options = replace(global_options, root=root_option)
    with naming("--author"):
        login = parse_login(author)
    root = global_options.find_root()
    pull_request = read_pull_request(root, base=base, head=head, use_cache=global_options.use_cache)
    verdict = review(pull_request, login=login, today=clock.today())
    if output_format is ProblemFormat.JSON:
        echo(as_json(verdict))
    elif output_format is ProblemFormat.GITHUB:
        for line in [*github_lines(verdict), summary(verdict)]:
            echo(line)
    else:
        for line in text_lines(verdict):
            echo(line)
        print_plain(summary(verdict))
    if not verdict.passed:
        raise typer.Exit(1)
