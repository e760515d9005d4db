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

from cso_tracker.errors import UsageError

_OFFSET: Final = re.compile(r"^([+-])(\d{1,4})([dwmy])$")
_ISO: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")

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


def parse_date(text: str, *, relative_to: dt.date, option: str = "date") -> dt.date:
    """The day `text` names, counting relative forms from `relative_to`.

    Raises UsageError naming `option` and the accepted forms.
    """
    value = text.strip().lower()
    words = {
        "today": relative_to,
        "yesterday": relative_to - dt.timedelta(days=1),
        "tomorrow": relative_to + dt.timedelta(days=1),
        "eom": end_of_month(relative_to),
        "eoy": dt.date(relative_to.year, 12, 31),
    }
    if value in words:
        return words[value]
    if _ISO.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise UsageError(
                f"{option}: '{text}' is not a real date ({exc})",
                hint=f"dates are {FORMS_HELP}",
            ) from None
    match = _OFFSET.match(value)
    if match is not None:
        sign = -1 if match.group(1) == "-" else 1
        amount = sign * int(match.group(2))
        unit = match.group(3)
        try:
            if unit == "d":
                return relative_to + dt.timedelta(days=amount)
            if unit == "w":
                return relative_to + dt.timedelta(weeks=amount)
            if unit == "m":
                return add_months(relative_to, amount)
            return add_months(relative_to, 12 * amount)
        except OverflowError:
            raise UsageError(
                f"{option}: '{text}' lands outside the calendar",
                hint="use a smaller offset",
            ) from None
    raise UsageError(f"{option}: '{text}' is not a date", hint=f"use {FORMS_HELP}")
