"""The error a record file that is not a readable document raises, located."""

from __future__ import annotations

from cso_tracker.errors import TrackerError


class YamlError(TrackerError):
    """A file that is not a readable record document, with a 1-based position."""

    def __init__(self, message: str, *, line: int, column: int, rule: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.rule = rule


def line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column
