"""The meeting life cycle through the real CLI: `tracker meeting held`,
`cancel`, `move` and `decide`. Every refusal asserts its message, its exit
code and that no file changed; every change asserts the bytes written
(comments and key order kept)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import typer

from conftest import Result, commit_all, git, init_git, run_cli, write_records
from cso_tracker.cli import app
from cso_tracker.errors import ConflictError
from cso_tracker.write import meetings
from cso_tracker.write.transaction import WriteOptions

TODAY = dt.date(2024, 5, 1)
pytestmark = pytest.mark.today(TODAY)

SECOND = "data/meetings/2024-06-04-second-meeting.yaml"
VISIT = "data/meetings/2024-04-20-site-visit.yaml"
KICKOFF = "data/meetings/2024-03-05-kickoff.yaml"

MEETINGS = {
    SECOND: """
        # The June call: agenda to follow.
        id: 2024-06-04-second-meeting
        title: Second meeting
        date: 2024-06-04
        kind: teleconference
        status: planned  # until the call
        convened_by: city-office

        # Who chairs is agreed by email.
        chair:
          member: city-office
          person: Priya Raman
    """,
    VISIT: """
        id: 2024-04-20-site-visit
        title: Site visit
        date: 2024-04-20
        end: 2024-04-21
        kind: in-person
        status: planned
        decisions:
          - Visit the east block first  # the worst
        # Notes taken by Ana.
        notes: Rain all day.
    """,
}


@pytest.fixture
def group(minimal_group: Path) -> Path:
    """The minimal group with a call still to come and a visit that took place
    (still marked planned), both with comments."""
    return write_records(minimal_group, MEETINGS)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def tracker(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), *args)


def refused(root: Path, *args: str, code: int) -> Result:
    """Run a command that must fail with `code` and leave every file alone."""
    before = tree(root)
    result = tracker(root, *args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert tree(root) == before
    return result


def text(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


# --- help -----------------------------------------------------------------------------------

COMMANDS = ["held", "cancel", "move", "decide", "attendance", "programme"]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_life_cycle_command_explains_itself(name: str) -> None:
    group = typer.main.get_command(app)
    meeting: Any = group.get_command(typer.Context(group), "meeting")  # type: ignore[attr-defined]
    command = meeting.get_command(typer.Context(meeting), name)
    assert command is not None and command.help
    assert [p.name for p in command.params if not getattr(p, "help", None)] == []
    assert {"--dry-run", "--commit"} <= {opt for p in command.params for opt in p.opts}
    assert run_cli("meeting", name, "--help").exit_code == 0


# --- held -----------------------------------------------------------------------------------


def test_held_marks_a_meeting_that_took_place(group: Path) -> None:
    result = tracker(group, "meeting", "held", "2024-04-20-site-visit")
    assert (result.exit_code, result.stderr) == (0, f"updated {VISIT}\n")
    assert text(group, VISIT) == MEETINGS_TEXT[VISIT].replace("status: planned", "status: held")


def test_held_dry_run_shows_the_diff_and_writes_nothing(group: Path) -> None:
    before = tree(group)
    result = tracker(group, "meeting", "held", "2024-04-20-site-visit", "--dry-run")
    assert result.exit_code == 0
    assert "-status: planned\n+status: held\n" in result.stdout
    assert result.stderr == f"dry run: {VISIT} not written\n"
    assert tree(group) == before


def test_held_with_commit_commits_only_that_file(group: Path) -> None:
    init_git(group)
    commit_all(group)
    result = tracker(group, "meeting", "held", "2024-04-20-site-visit", "--commit")
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(": 2024-04-20-site-visit: held\n")
    assert git(group, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "2024-04-20-site-visit:", "held", VISIT,
    ]  # fmt: skip


def test_a_meeting_in_the_future_cannot_be_held(group: Path) -> None:
    result = refused(group, "meeting", "held", "2024-06-04-second-meeting", code=1)
    assert result.stderr == (
        "error: 2024-06-04-second-meeting is on 2024-06-04, after today (2024-05-01): "
        "a meeting in the future cannot be marked held\n"
        "hint: if it took place earlier, `tracker meeting move` it to that day first\n"
    )


def test_a_held_meeting_is_not_held_again(group: Path) -> None:
    result = refused(group, "meeting", "held", "2024-03-05-kickoff", code=1)
    assert result.stderr == "error: 2024-03-05-kickoff is already marked held\n"


def test_a_cancelled_meeting_cannot_be_held(group: Path) -> None:
    ok = tracker(group, "meeting", "cancel", "2024-04-20-site-visit", "--note", "Flooded.")
    assert ok.exit_code == 0
    result = refused(group, "meeting", "held", "2024-04-20-site-visit", code=1)
    assert result.stderr == (
        "error: 2024-04-20-site-visit was cancelled, so it cannot be marked held\n"
        "hint: plan a new meeting with `tracker meeting add`\n"
    )


@pytest.mark.parametrize("command", [["held"], ["cancel", "--note", "x"],
                                     ["move", "--date", "2024-07-01"], ["decide", "--text", "x"],
                                     ["attendance", "--present", "city-office"]])  # fmt: skip
def test_an_unknown_meeting_suggests_the_close_one(group: Path, command: list[str]) -> None:
    name, *rest = command
    result = refused(group, "meeting", name, "2024-06-04-second-meetin", *rest, code=1)
    assert result.stderr == (
        "error: no meeting with id '2024-06-04-second-meetin'\n"
        "hint: did you mean '2024-06-04-second-meeting'?\n"
    )


# --- cancel ---------------------------------------------------------------------------------


def test_cancel_keeps_the_reason_in_the_notes(group: Path) -> None:
    result = tracker(group, "meeting", "cancel", "2024-06-04-second-meeting",
                     "--note", "Too few members could come.")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, f"updated {SECOND}\n")
    assert text(group, SECOND) == (
        MEETINGS_TEXT[SECOND].replace("status: planned  #", "status: cancelled #")
        + 'notes: "Cancelled on 2024-05-01: Too few members could come."\n'
    )


def test_cancel_adds_a_paragraph_to_existing_notes(group: Path) -> None:
    assert (
        tracker(group, "meeting", "cancel", "2024-04-20-site-visit", "--note", "Flooded.").exit_code
        == 0
    )
    assert text(group, VISIT).endswith(
        "# Notes taken by Ana.\nnotes: |-\n  Rain all day.\n\n  Cancelled on 2024-05-01: Flooded.\n"
    )


def test_a_held_meeting_cannot_be_cancelled(group: Path) -> None:
    result = refused(group, "meeting", "cancel", "2024-03-05-kickoff", "--note", "x", code=1)
    assert result.stderr.startswith(
        "error: 2024-03-05-kickoff was held on 2024-03-05, so it cannot be cancelled\n"
    )


def test_cancelling_twice_is_refused(group: Path) -> None:
    tracker(group, "meeting", "cancel", "2024-06-04-second-meeting", "--note", "Too few.")
    result = refused(group, "meeting", "cancel", "2024-06-04-second-meeting", "--note", "x", code=1)
    assert result.stderr == "error: 2024-06-04-second-meeting is already cancelled\n"


def test_cancel_needs_a_reason(group: Path) -> None:
    result = refused(group, "meeting", "cancel", "2024-06-04-second-meeting", "--note", " ", code=2)
    assert result.stderr == "error: say why the meeting is cancelled (the note is empty)\n"
    missing = refused(group, "meeting", "cancel", "2024-06-04-second-meeting", code=2)
    assert "Missing option '--note'" in missing.stderr


# --- move -----------------------------------------------------------------------------------


def test_move_keeps_the_id_and_notes_the_old_date(group: Path) -> None:
    result = tracker(group, "meeting", "move", "2024-06-04-second-meeting", "--date", "2024-06-11")
    assert (result.exit_code, result.stderr) == (0, f"updated {SECOND}\n")
    assert text(group, SECOND) == (
        MEETINGS_TEXT[SECOND].replace("date: 2024-06-04", "date: 2024-06-11")
        + "notes: Moved from 2024-06-04 to 2024-06-11 on 2024-05-01.\n"
    )
    shown = tracker(group, "show", "2024-06-04-second-meeting")
    assert shown.exit_code == 0 and "2024-06-11" in shown.stdout


def test_move_takes_date_words_and_keeps_a_long_meeting_long(group: Path) -> None:
    result = tracker(group, "meeting", "move", "2024-04-20-site-visit", "--date", "+1w")
    assert result.exit_code == 0, result.output
    assert "date: 2024-05-08\nend: 2024-05-09\n" in text(group, VISIT)


def test_move_to_the_same_day_changes_nothing(group: Path) -> None:
    result = refused(group, "meeting", "move", "2024-06-04-second-meeting",
                     "--date", "2024-06-04", code=2)  # fmt: skip
    assert (
        result.stderr
        == "error: 2024-06-04-second-meeting is already on 2024-06-04; nothing to change\n"
    )


def test_a_bad_date_names_the_option(group: Path) -> None:
    result = refused(
        group, "meeting", "move", "2024-06-04-second-meeting", "--date", "2024-02-30", code=2
    )
    assert result.stderr.startswith("error: --date: ")


def test_a_held_meeting_date_can_be_corrected_but_not_into_the_future(group: Path) -> None:
    result = refused(group, "meeting", "move", "2024-03-05-kickoff", "--date", "2024-06-01", code=1)
    assert result.stderr == (
        "error: 2024-03-05-kickoff was held, so it cannot move to 2024-06-01, after today (2024-05-01)\n"
        "hint: give the day it took place\n"
    )
    ok = tracker(group, "meeting", "move", "2024-03-05-kickoff", "--date", "2024-03-04")
    assert ok.exit_code == 0, ok.output
    assert text(group, KICKOFF).endswith(
        "notes: Date corrected from 2024-03-05 to 2024-03-04 on 2024-05-01.\n"
    )


def test_a_move_that_breaks_other_records_is_refused(group: Path) -> None:
    """The kick-off's item has an update of 2024-04-02: the meeting cannot move after it."""
    result = refused(group, "meeting", "move", "2024-03-05-kickoff", "--date", "2024-04-10", code=1)
    assert (
        "update dated 2024-04-02 is before the meeting that agreed the commitment" in result.stderr
    )
    assert "nothing was written" in result.stderr


def test_a_cancelled_meeting_is_not_moved(group: Path) -> None:
    tracker(group, "meeting", "cancel", "2024-06-04-second-meeting", "--note", "Too few.")
    result = refused(
        group, "meeting", "move", "2024-06-04-second-meeting", "--date", "2024-07-01", code=1
    )
    assert result.stderr.startswith(
        "error: 2024-06-04-second-meeting was cancelled, so it cannot be moved\n"
    )


# --- decide ---------------------------------------------------------------------------------


def test_decide_appends_a_decision(group: Path) -> None:
    result = tracker(group, "meeting", "decide", "2024-04-20-site-visit",
                     "--text", "Survey the west block in June")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, f"updated {VISIT}\n")
    assert text(group, VISIT) == MEETINGS_TEXT[VISIT].replace(
        "  - Visit the east block first  # the worst\n",
        "  - Visit the east block first  # the worst\n  - Survey the west block in June\n",
    )


def test_decide_starts_the_list(group: Path) -> None:
    assert (
        tracker(
            group, "meeting", "decide", "2024-03-05-kickoff", "--text", "Meet quarterly"
        ).exit_code
        == 0
    )
    assert text(group, KICKOFF).endswith("decisions:\n  - Meet quarterly\n")


def test_a_decision_is_recorded_once(group: Path) -> None:
    result = refused(group, "meeting", "decide", "2024-04-20-site-visit",
                     "--text", "Visit the east block first", code=2)  # fmt: skip
    assert (
        result.stderr
        == "error: 2024-04-20-site-visit already records this decision; nothing to change\n"
    )


def test_no_decisions_before_the_meeting(group: Path) -> None:
    result = refused(group, "meeting", "decide", "2024-06-04-second-meeting", "--text", "x", code=1)
    assert result.stderr == (
        "error: 2024-06-04-second-meeting is on 2024-06-04, after today (2024-05-01): "
        "decisions are recorded on the day or after\n"
    )


def test_an_empty_decision_is_refused(group: Path) -> None:
    result = refused(group, "meeting", "decide", "2024-04-20-site-visit", "--text", "  ", code=2)
    assert result.stderr == "error: the decision's text is empty\n"


# --- the write path ---------------------------------------------------------------------------


def test_a_concurrent_edit_is_never_lost(group: Path) -> None:
    """Another writer changes the file after it was read: nothing is written."""
    path = group / VISIT

    def meanwhile(target: Path) -> None:
        target.write_text(target.read_text() + "# edited meanwhile\n")

    options = WriteOptions(today=TODAY, before_replace=meanwhile)
    with pytest.raises(ConflictError) as caught:
        meetings.meeting_held(group, "2024-04-20-site-visit", options=options)
    assert caught.value.message == f"{VISIT} changed on disk since it was read; nothing was written"
    assert path.read_text().endswith("notes: Rain all day.\n# edited meanwhile\n")
    assert "status: planned\n" in path.read_text()


def _dedented(raw: str) -> str:
    import textwrap

    return textwrap.dedent(raw).lstrip("\n")


MEETINGS_TEXT = {rel: _dedented(raw) for rel, raw in MEETINGS.items()}


# --- the whole day of a call -------------------------------------------------------------------


def test_a_meeting_added_on_its_day_is_planned_then_held(group: Path) -> None:
    """Plan, take attendance, mark held, decide: each one command, on the day."""
    added = tracker(group, "meeting", "add", "--title", "Call", "--date", "today")
    assert added.exit_code == 0, added.output
    rel = "data/meetings/2024-05-01-call.yaml"
    assert "status: planned\n" in text(group, rel)
    steps = [
        ["meeting", "attendance", "2024-05-01-call", "--present", "city-office:Priya Raman"],
        ["meeting", "held", "2024-05-01-call"],
        ["meeting", "decide", "2024-05-01-call", "--text", "Meet monthly"],
    ]
    for step in steps:
        result = tracker(group, *step)
        assert (result.exit_code, result.stderr) == (0, f"updated {rel}\n"), step
    assert text(group, rel) == (
        "id: 2024-05-01-call\n"
        "title: Call\n"
        "date: 2024-05-01\n"
        "kind: in-person\n"
        "status: held\n"
        "attendees:\n"
        "  - member: city-office\n"
        "    people:\n"
        "      - Priya Raman\n"
        "decisions:\n"
        "  - Meet monthly\n"
    )
    assert tracker(group, "validate").exit_code == 0


def test_attend_is_refused_for_a_meeting_still_to_come(group: Path) -> None:
    result = refused(group, "meeting", "attend", "2024-06-04-second-meeting",
                     "--member", "city-office", code=1)  # fmt: skip
    assert result.stderr.startswith(
        "error: 2024-06-04-second-meeting is on 2024-06-04, after today (2024-05-01): "
        "attendance is taken on the day of the meeting or after\n"
    )


def test_the_meeting_commands_are_listed_in_the_order_of_a_meeting() -> None:
    listed = run_cli("meeting", "--help").stdout.split("Commands:\n", 1)[1]
    names = [
        line.split()[0]
        for line in listed.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert names == ["add", "programme", "move", "attendance", "attend", "held", "decide", "cancel"]
