"""CSV for spreadsheets: the one writer of every CSV output.

A cell a spreadsheet would read as a formula (`=HYPERLINK(...)`, `+1`,
`-2+3`, `@SUM(...)`, or one starting with a tab or carriage return, which
some tools strip before they look) gets a single quote in front, as OWASP
recommends against CSV injection: the spreadsheet shows the text, and the
quote tells a reader of the raw file that something was escaped. The
full-width forms of those characters are treated alike, since some
spreadsheets fold them to ASCII first. Control characters other than a line
break or a tab (kept: a quoted cell may hold them) are shown as escapes, as on a
terminal (render/escape.visible): CSV is printed to one as often as opened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Final

from cso_tracker.render.escape import visible

_FORMULA_START: Final = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(value: str) -> str:
    """`value` as a cell no spreadsheet runs and no terminal obeys."""
    return visible("'" + value if value[:1] in _FORMULA_START else value, keep="\n\t")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A header and rows as CSV text (`\\n` line ends, quoted as needed),
    every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(name) for name in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue()
