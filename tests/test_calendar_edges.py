"""Dates at the edges of the calendar (0001-01-01, 9999-12-31) are valid
input: every report on an edge as-of day works (due soon windows, stale,
timelines, recurrences), and a relative date that would leave the calendar
is a usage error naming its option (exit 2), never an OverflowError."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_GROUP, run_cli, write_records

EDGE_GROUP = {
    **MINIMAL_GROUP,
    "data/meetings/0001-01-01-first.yaml": """
        id: 0001-01-01-first
        title: The first day
        date: 0001-01-01
        kind: teleconference
        status: held
        convened_by: city-office
    """,
    "data/meetings/9999-12-31-last.yaml": """
        id: 9999-12-31-last
        title: The last day
        date: 9999-12-31
        kind: teleconference
        status: planned
        convened_by: city-office
    """,
    "data/commitments/last-day.yaml": """
        id: last-day
        number: 2
        title: Due on the last day
        text: Due on the last day of the calendar.
        agreed_at: 0001-01-01-first
        owners:
          - north-tenants
        due: 9999-12-31
    """,
    "data/commitments/every-quarter.yaml": """
        id: every-quarter
        number: 3
        title: Every quarter
        text: A standing obligation.
        agreed_at: 0001-01-01-first
        owners:
          - city-office
        recurrence: quarterly
    """,
    "data/commitments/every-month.yaml": """
        id: every-month
        number: 4
        title: Every month
        text: A standing obligation.
        agreed_at: 0001-01-01-first
        owners:
          - city-office
        recurrence: monthly
    """,
}

FIRST, LAST = dt.date.min, dt.date.max
edge_days = st.one_of(
    st.dates(min_value=FIRST, max_value=FIRST + dt.timedelta(days=120)),
    st.dates(min_value=LAST - dt.timedelta(days=120), max_value=LAST),
)
relative = st.one_of(
    st.sampled_from(["today", "yesterday", "tomorrow", "eom", "eoy"]),
    st.builds(lambda sign, n, unit: f"{sign}{n}{unit}", st.sampled_from("+-"),
              st.integers(0, 9999), st.sampled_from("dwmy")),
    edge_days.map(dt.date.isoformat),
)  # fmt: skip

COMMANDS = [
    ("status", "--since", ("--format", "md")),
    ("status", "--since", ("--format", "json")),
    ("status", "--since", ("--format", "rich")),
    ("list", "--due-after", ()),
    ("list", "--due-before", ("--stale",)),
    ("list", "--updated-since", ("--overdue", "--format", "json")),
]
OUTSIDE = re.compile(
    r"error: (--since|--due-after|--due-before|--updated-since): '.*' lands outside the calendar"
)
AFTER = re.compile(r"error: --since: \d{4}-\d\d-\d\d is after the as-of day")


@pytest.fixture(scope="module")
def edge_group(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_records(tmp_path_factory.mktemp("edges") / "group", EDGE_GROUP)


@pytest.mark.parametrize("day", [FIRST, LAST])
@pytest.mark.parametrize("command", ["status", "agenda", "list"])
def test_reports_on_an_edge_day(edge_group: Path, command: str, day: dt.date) -> None:
    formats = {
        "status": ["md", "json", "rich"],
        "agenda": ["md", "json"],
        "list": ["table", "json", "csv", "md"],
    }
    for name in formats[command]:
        result = run_cli(command, "--as-of", day.isoformat(), "--format", name, cwd=edge_group)
        assert result.exit_code in (0, 1), result.output
        assert "bug" not in result.stderr
        if command == "agenda" and day == FIRST:
            assert result.exit_code == 0  # the last day's meeting is the next one
    assert (
        run_cli(
            "list", "--as-of", day.isoformat(), "--stale", "--overdue", cwd=edge_group
        ).exit_code
        == 0
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(as_of=edge_days, value=relative, command=st.sampled_from(COMMANDS))
@example(as_of=LAST, value="+2w", command=COMMANDS[3])
@example(as_of=FIRST, value="-1d", command=COMMANDS[0])
@example(as_of=LAST, value="tomorrow", command=COMMANDS[4])
@example(as_of=FIRST, value="yesterday", command=COMMANDS[5])
@example(as_of=LAST, value="+1y", command=COMMANDS[3])
def test_any_date_option_on_an_edge_day(
    edge_group: Path, as_of: dt.date, value: str, command: tuple[str, str, tuple[str, ...]]
) -> None:
    name, option, extra = command
    result = run_cli(name, "--as-of", as_of.isoformat(), option, value, *extra, cwd=edge_group)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert OUTSIDE.search(result.stderr) or AFTER.search(result.stderr), result.stderr
        if OUTSIDE.search(result.stderr):
            assert option in result.stderr


@pytest.mark.parametrize(
    ("as_of", "option", "value"),
    [("9999-12-31", "--due-after", "+2w"), ("9999-12-31", "--due-before", "tomorrow"),
     ("0001-01-01", "--updated-since", "-1m"), ("0001-01-01", "--due-after", "yesterday"),
     ("9999-12-31", "--due-after", "+1y")],
)  # fmt: skip
def test_a_relative_date_that_leaves_the_calendar(
    edge_group: Path, as_of: str, option: str, value: str
) -> None:
    result = run_cli("list", "--as-of", as_of, option, value, cwd=edge_group)
    assert result.exit_code == 2
    assert f"error: {option}: '{value}' lands outside the calendar" in result.stderr
