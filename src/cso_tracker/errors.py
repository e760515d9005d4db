"""The errors the core raises. Only the CLI turns them into messages and exit codes.

Exit codes: 1 for anything the user can fix (bad data, unknown id, a refused
write), 2 for a usage error (a bad option value), 3 for a bug (anything not a
TrackerError, mapped by the CLI's error boundary).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from cso_tracker.problems import Problem


class TrackerError(Exception):
    """A problem the user can act on. `hint` says what to do next."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(TrackerError):
    """An option or argument the command cannot use."""

    exit_code: ClassVar[int] = 2


class NotATrackerError(TrackerError):
    """No tracker root (a folder holding `data/`) could be found."""


class RecordNotFoundError(TrackerError):
    """An id that names no record."""


class InvalidDataError(TrackerError):
    """The repository, or the change a command would make, does not validate."""

    def __init__(
        self, message: str, problems: Sequence[Problem], *, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems = tuple(problems)


class ConflictError(TrackerError):
    """A file changed on disk while a command was editing it, or a lock is held."""


class TemplateRenderError(TrackerError):
    """A report template is broken or uses a value the data does not have."""


class GitError(TrackerError):
    """The git command failed or is not available."""


def did_you_mean(word: str, choices: Iterable[str], *, most: int = 1) -> str:
    """ "; did you mean 'hri'?" (up to `most` close choices), or "" when
    nothing is close: the suggestion every "not found" message ends with."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=most, cutoff=0.6)
    quoted = ", ".join(f"'{choice}'" for choice in close)
    return f"; did you mean {quoted}?" if close else ""
