"""Dates as a user types them on the command line.

`YYYY-MM-DD`, the words `today`, `yesterday`, `tomorrow`, `eom` (end of this
month) and `eoy` (end of this year), and offsets such as `+2w`, `-30d`,
`+3m` or `+1y`. Relative forms count from a given day (the as-of day, or
today), so the same command gives the same answer in a test and on a laptop.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

from cso_tracker.errors import InvalidDateError

_OFFSET: Final = re.compile(r"([+-])([0-9]{1,4})([dwmy])")
ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as YYYY-MM-DD (use with fullmatch): the one shape of a date in records."""

FORMS_HELP: Final = (
    "YYYY-MM-DD, today, yesterday, tomorrow, eom, eoy, or an offset like +2w, -30d, +3m"
)


def end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the last day of the target
    month (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError("date out of range")
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _word(value: str, relative_to: dt.date) -> dt.date | None:
    """The day a word names (None if `value` is not one); computed only for
    the word asked, so `today` works on the last day of the calendar."""
    if value == "today":
        return relative_to
    if value == "yesterday":
        return relative_to - dt.timedelta(days=1)
    if value == "tomorrow":
        return relative_to + dt.timedelta(days=1)
    if value == "eom":
        return end_of_month(relative_to)
    if value == "eoy":
        return dt.date(relative_to.year, 12, 31)
    return None


def _offset(sign: str, digits: str, unit: str, relative_to: dt.date) -> dt.date:
    amount = (-1 if sign == "-" else 1) * int(digits)
    if unit == "d":
        return relative_to + dt.timedelta(days=amount)
    if unit == "w":
        return relative_to + dt.timedelta(weeks=amount)
    if unit == "m":
        return add_months(relative_to, amount)
    return add_months(relative_to, 12 * amount)


def parse_date(text: str, *, relative_to: dt.date) -> dt.date:
    """The day `text` names, counting relative forms from `relative_to`: the
    one date parser of every command, reading and writing alike.

    Raises InvalidDateError, which says what is wrong with the text; the
    command line adds which option it was given to."""
    value = text.strip().lower()
    try:
        day = _word(value, relative_to)
        if day is not None:
            return day
        match = _OFFSET.fullmatch(value)
        if match is not None:
            return _offset(match.group(1), match.group(2), match.group(3), relative_to)
    except OverflowError:
        hint = "use a smaller offset" if _OFFSET.fullmatch(value) else None
        raise InvalidDateError(text, f"'{text}' lands outside the calendar", hint=hint) from None
    if ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidDateError(
                text, f"'{text}' is not a real date ({exc})", hint=f"dates are {FORMS_HELP}"
            ) from None
    raise InvalidDateError(text, f"'{text}' is not a date", hint=f"use {FORMS_HELP}")
