"""`tracker minutes`: the Note for the Record of a meeting, after the call."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cso_tracker.cli._app import app
from cso_tracker.cli._common import (
    OutputOption,
    ReportAtOption,
    TemplateOption,
    load_checked,
    write_json,
    write_text,
)
from cso_tracker.cli._words import naming


class MinutesFormat(StrEnum):
    MD = "md"
    JSON = "json"


@app.command()
def minutes(
    ctx: typer.Context,
    meeting_id: Annotated[
        str,
        typer.Argument(
            metavar="MEETING",
            help="The meeting's id (`tracker meetings` lists them).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        MinutesFormat,
        typer.Option("--format", help="md: Markdown. json: the same data as JSON."),
    ] = MinutesFormat.MD,
    output: OutputOption = None,
    template: TemplateOption = None,
    at: ReportAtOption = None,
) -> None:
    """Write the minutes of a meeting (a Note for the Record) from its records.

    Attendees and apologies, convener and chair, objectives, the discussion
    (the meeting's notes), the actions agreed there with their owners and
    deadlines as agreed, decisions, documents and the programme. A planned
    meeting's minutes are marked as a draft; a cancelled meeting has none."""
    from cso_tracker.query.lookup import require_meeting
    from cso_tracker.query.minutes import build_minutes

    repository = load_checked(ctx, at)
    with naming("MEETING"):
        meeting = require_meeting(repository.meetings, meeting_id)
    noted = build_minutes(
        group=repository.settings.group,
        meeting=meeting,
        members=repository.members,
        commitments=repository.commitments.values(),
    )
    if output_format is MinutesFormat.JSON:
        from cso_tracker.render.minutes import minutes_json

        write_json(minutes_json(noted), output)
        return
    from cso_tracker.render.templates import render_minutes

    with naming("--template"):
        text = render_minutes(noted, root=repository.root, template=template,
                              committed=repository.source.templates())  # fmt: skip
    write_text(text, output)
