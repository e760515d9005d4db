"""A change to a file as `git diff` shows it, for `--dry-run`."""

from __future__ import annotations

import difflib

from cso_tracker.lines import split_lines


def unified_diff(rel: str, before: bytes | None, after: bytes) -> str:
    """The unified diff from `before` (None: the file is new) to `after`."""
    old = split_lines(before.decode("utf-8", errors="replace")) if before is not None else []
    new = split_lines(after.decode("utf-8", errors="replace"))
    lines = difflib.unified_diff(
        old, new, fromfile=f"a/{rel}" if before is not None else "/dev/null", tofile=f"b/{rel}"
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
