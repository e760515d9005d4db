"""`tracker validate`: every problem in the records, located."""

from __future__ import annotations

import os
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cso_tracker.cli._app import app, echo, options, print_plain
from cso_tracker.cli._common import AtOption, source_at
from cso_tracker.cli._words import naming


class ProblemFormat(StrEnum):
    TEXT = "text"
    GITHUB = "github"
    JSON = "json"


_FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Record files (or tracker.yaml) to report on, as a pre-commit hook passes them. "
        "Cross-record rules still read the whole repository. Default: all records.",
        show_default=False,
        # A file that cannot be read is a located problem (exit 1), not a usage error.
        readable=False,
    ),
]
_OutputFormatOption = Annotated[
    ProblemFormat,
    typer.Option(
        "--format",
        help="text: path:line:col: severity: message [rule]. "
        "github: Actions annotations on the pull request. json: see docs/validate-json.md.",
    ),
]
_StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")
]
_RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The tracker folder, as the global --root (accepted after the command "
        "too, as `tracker validate --root PATH`).",
        file_okay=False,
        show_default=False,
    ),
]


@app.command()
def validate(
    ctx: typer.Context,
    files: _FilesArgument = None,
    output_format: _OutputFormatOption = ProblemFormat.TEXT,
    strict: _StrictOption = False,
    root_option: _RootOption = None,
    at: AtOption = None,
) -> None:
    """Check every record against the data contract and each other.

    With --at REV, the records as committed at REV: every problem is placed at
    the line of the file as it was there, and the summary names the revision.
    """
    from cso_tracker import clock
    from cso_tracker.checks.run import validate_source
    from cso_tracker.render.problems import format_github_all, format_json, format_text, summary
    from cso_tracker.repo.layout import SETTINGS_FILE, classify, named_record_file

    global_options = options(ctx)
    if root_option is not None:
        global_options = replace(global_options, root=root_option)
    root = global_options.find_root()
    only: set[str] | None = None
    if files:
        only = set()
        for path in files:
            # tracker.yaml too, as the pre-commit hook passes it: its own
            # problems (a `rules:` entry, a threshold) are reported.
            # os.path, not Path: Path.exists raises on a folder that cannot be
            # listed, which named_record_file reports as a located problem.
            settings = os.path.realpath(root / SETTINGS_FILE)
            there = at is not None or os.path.exists(path)  # noqa: PTH110 (see above)
            if there and os.path.realpath(path) == settings:
                only.add(SETTINGS_FILE)
                continue
            # At a revision, a file named may be gone from the disk since.
            named = classify(root, path) if at is not None else None
            only.add((named or named_record_file(root, path)).rel)
    source = source_at(root, at)
    with naming("--at"):
        result = validate_source(
            source, today=clock.today(), only=only,
            use_cache=global_options.use_cache, freeze=global_options.own_process,
        )  # fmt: skip
    commit = source.commit
    where = source.describe() if commit is not None else None
    checked = summary(result.problems, result.files_checked, at=where)
    if output_format is ProblemFormat.JSON:
        echo(format_json(result.problems, result.files_checked, commit=commit))
    elif output_format is ProblemFormat.GITHUB:
        for line in format_github_all(result.problems):
            echo(line)
        echo(checked)
    else:
        for problem in result.problems:
            echo(format_text(problem))
        print_plain(checked)
    if not result.passed(strict=strict):
        raise typer.Exit(1)
