"""Dates typed on the command line, relative to a fixed day."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_tracker.cli._common import date_option
from cso_tracker.dates import add_months, end_of_month, parse_date
from cso_tracker.errors import UsageError

DAY = dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("today", DAY),
        ("TODAY", DAY),
        (" today ", DAY),
        ("yesterday", dt.date(2026, 1, 30)),
        ("tomorrow", dt.date(2026, 2, 1)),
        ("eom", dt.date(2026, 1, 31)),
        ("eoy", dt.date(2026, 12, 31)),
        ("+2w", dt.date(2026, 2, 14)),
        ("-30d", dt.date(2026, 1, 1)),
        ("+0d", DAY),
        ("+1m", dt.date(2026, 2, 28)),
        ("+3m", dt.date(2026, 4, 30)),
        ("-1m", dt.date(2025, 12, 31)),
        ("-13m", dt.date(2024, 12, 31)),
        ("+1y", dt.date(2027, 1, 31)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, relative_to=DAY) == expected


def test_end_of_month_in_a_leap_year() -> None:
    assert end_of_month(dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)


def test_add_months_clamps_to_the_last_day() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 3, 15), -3) == dt.date(2023, 12, 15)


class TestBadDates:
    @pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01"])
    def test_impossible_date(self, text: str) -> None:
        """An ISO-shaped date that is not in the calendar names itself."""
        with pytest.raises(UsageError) as caught:
            date_option(text, "--due-before", relative_to=DAY)
        assert caught.value.message.startswith(f"--due-before: '{text}' is not a real date")
        assert caught.value.exit_code == 2

    @pytest.mark.parametrize("text", ["next week", "2w", "+2x", "31/01/2026", "", "+-2d"])
    def test_unknown_form(self, text: str) -> None:
        """Anything else is refused with the list of forms that work."""
        with pytest.raises(UsageError) as caught:
            date_option(text, "--as-of", relative_to=DAY)
        assert caught.value.message == f"--as-of: '{text}' is not a date"
        assert caught.value.hint is not None
        assert "+2w" in caught.value.hint

    def test_offset_outside_the_calendar(self) -> None:
        """A huge offset is a usage error, not a crash."""
        with pytest.raises(UsageError, match="outside the calendar"):
            parse_date("+9999y", relative_to=DAY)
        with pytest.raises(UsageError, match="outside the calendar"):
            parse_date("+9999d", relative_to=dt.date(9999, 12, 1))


@pytest.mark.parametrize(
    ("text", "day", "hint"),
    [
        ("yesterday", dt.date(1, 1, 1), None),
        ("tomorrow", dt.date(9999, 12, 31), None),
        ("+1d", dt.date(9999, 12, 31), "use a smaller offset"),
    ],
)
def test_a_day_past_the_calendar_s_edge_names_the_value(
    text: str, day: dt.date, hint: str | None
) -> None:
    """A word or offset that would leave the calendar: a usage error naming the
    option (exit 2), with a hint only where a smaller offset would help."""
    with pytest.raises(UsageError) as caught:
        date_option(text, "--due-after", relative_to=day)
    assert caught.value.message == f"--due-after: '{text}' lands outside the calendar"
    assert caught.value.hint == hint
    assert caught.value.exit_code == 2


def test_the_calendar_s_edges_are_valid_as_of_days() -> None:
    assert parse_date("today", relative_to=dt.date(9999, 12, 31)) == dt.date(9999, 12, 31)
    assert parse_date("eoy", relative_to=dt.date(9999, 12, 31)) == dt.date(9999, 12, 31)
    assert parse_date("today", relative_to=dt.date(1, 1, 1)) == dt.date(1, 1, 1)
