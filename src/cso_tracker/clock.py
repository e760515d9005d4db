"""Today, for the command line: the one clock every command reads (and the
one place tests set). The core never reads it: it is given the day."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
