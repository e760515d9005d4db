"""`tracker meeting programme`: a meeting's objectives and programme slots,
each list replaced in one command."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from conftest import Result, run_cli, write_records

pytestmark = pytest.mark.today(dt.date(2024, 5, 1))

CALL = "data/meetings/2024-06-04-call.yaml"
CALL_TEXT = """\
id: 2024-06-04-call
title: June call
date: 2024-06-04
kind: teleconference
status: planned
objectives:
  - Agree the survey
agenda:
  - start: "14:00"
    end: "14:30"
    title: Survey
    items:
      - The questionnaire
# Kept for the minutes.
notes: Chaired by the city.
"""


@pytest.fixture
def group(minimal_group: Path) -> Path:
    return write_records(minimal_group, {CALL: CALL_TEXT})


def programme(root: Path, *args: str) -> Result:
    return run_cli("--root", str(root), "meeting", "programme", "2024-06-04-call", *args)


def test_both_lists_replaced_and_a_slot_keeps_its_items(group: Path) -> None:
    result = programme(group, "--objective", "Agree the survey", "--objective", "Plan the visit",
                       "--slot", "14.00\u201314:30 Survey", "--slot", "14:30-15:00 Site visit: dates",
                       "--slot", "Any other business")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, f"updated {CALL}\n")
    assert (group / CALL).read_text() == textwrap.dedent("""\
        id: 2024-06-04-call
        title: June call
        date: 2024-06-04
        kind: teleconference
        status: planned
        objectives:
          - Agree the survey
          - Plan the visit
        agenda:
          - start: "14:00"
            end: "14:30"
            title: Survey
            items:
              - The questionnaire
          - start: "14:30"
            end: "15:00"
            title: "Site visit: dates"
          - title: Any other business
        # Kept for the minutes.
        notes: Chaired by the city.
    """)


def test_a_list_not_given_is_left_alone(group: Path) -> None:
    result = programme(group, "--objective", "Plan the visit")
    assert result.exit_code == 0, result.output
    text = (group / CALL).read_text()
    assert "objectives:\n  - Plan the visit\nagenda:\n" in text
    assert "      - The questionnaire\n" in text


def refused(root: Path, *args: str, code: int) -> str:
    before = (root / CALL).read_bytes()
    result = programme(root, *args)
    assert result.exit_code == code, result.output
    assert (root / CALL).read_bytes() == before
    return result.stderr


def test_the_same_programme_changes_nothing(group: Path) -> None:
    stderr = refused(
        group, "--objective", "Agree the survey", "--slot", "14:00-14:30 Survey", code=2
    )
    assert stderr == "error: 2024-06-04-call already has this programme; nothing to change\n"


def test_nothing_given_is_a_usage_error(group: Path) -> None:
    assert refused(group, code=2) == "error: give at least one --objective or --slot\n"


def test_a_time_that_is_no_time_names_the_option(group: Path) -> None:
    stderr = refused(group, "--slot", "24:00-25:00 Late", code=2)
    assert (
        stderr
        == "error: --slot: '24:00-25:00 Late': a time is not a time of day (00:00 to 23:59)\n"
    )


def test_a_slot_ending_before_it_starts_is_refused_by_the_validator(group: Path) -> None:
    stderr = refused(group, "--slot", "15:00-14:00 Backwards", code=1)
    assert "agenda item ends at 14:00, before it starts at 15:00 [date-order]" in stderr
    assert "nothing was written" in stderr


def test_the_agenda_and_minutes_show_the_programme(group: Path) -> None:
    assert (
        programme(group, "--slot", "14:00-14:30 Survey", "--slot", "Any other business").exit_code
        == 0
    )
    agenda = run_cli("--root", str(group), "agenda", "--meeting", "2024-06-04-call").stdout
    assert (
        "## Planned items\n\n1. 14:00\u201314:30 Survey\n   - The questionnaire\n1. Any other business\n"
        in agenda
    )
    minutes = run_cli("--root", str(group), "minutes", "2024-06-04-call").stdout
    assert "- **14:00\u201314:30** Survey\n  - The questionnaire\n- Any other business\n" in minutes
