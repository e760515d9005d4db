"""The errors the core raises. Only the CLI turns them into messages and exit codes.

Exit codes: 1 for anything the user can fix (bad data, unknown id, a refused
write), 2 for a usage error (a bad option value), 3 for a bug (anything not a
TrackerError, mapped by the CLI's error boundary).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
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


class MissingDependencyError(TrackerError):
    """A package the tracker needs is not installed (or not in a usable form)."""


# --- values the user gave ---------------------------------------------------------
# The core raises these with the value and what is wrong with it; the command
# line knows which option the value came from and names it (cli/_words.py).


class InputError(UsageError):
    """A value given to the core (an id, a date, a status) that it cannot use.
    `message` describes the value alone, without naming where it came from."""

    def __init__(self, value: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.value = value


class UnknownReferenceError(InputError):
    """An id that should name a record of `kind` (a member, a meeting) and does not."""

    def __init__(self, kind: str, value: str, known: Sequence[str], *, hint: str) -> None:
        super().__init__(
            value, f"'{value}' is not a {kind}{did_you_mean(value, known, most=3)}", hint=hint
        )
        self.kind = kind
        self.known = tuple(known)


class InvalidDateError(InputError):
    """Text that names no day: not one of the accepted forms, not in the
    calendar (2026-02-30), or an offset that lands outside it."""


class MissingFileError(InputError):
    """A file the user named (a template) that does not exist."""


class InvalidChoiceError(InputError):
    """A word that is not one of a fixed set of choices (a status)."""


class InvalidIdError(InputError):
    """An id that is not a slug (`value` is the id), or text no slug can be
    made from (`value` is the text, and `derived` is true)."""

    def __init__(self, value: str, message: str, *, derived: bool = False) -> None:
        super().__init__(value, message)
        self.derived = derived


# --- requests the write path refuses -----------------------------------------------
# Also worded by the command line, which knows the options that would help.


class NothingToChangeError(UsageError):
    """A change request that names nothing to change; `subject` is what the
    request would have changed: "update" (of a commitment) or "person"."""

    def __init__(self, message: str, *, subject: str) -> None:
        super().__init__(message)
        self.subject = subject


class MeetingStateError(TrackerError):
    """A meeting change its status or date does not allow: marking a meeting
    in the future held, cancelling one that was held, taking attendance of
    one still to come."""


class RecordExistsError(InvalidDataError):
    """A new record whose id is already taken."""

    def __init__(self, message: str, record_id: str) -> None:
        super().__init__(message, ())
        self.record_id = record_id


class UnknownAuthorError(UsageError):
    """The member a change is by was not given and cannot be told from the
    git identity; `hint` says how tracker.yaml can name it."""


class NotInGitError(GitError):
    """A commit was asked for outside a git repository; nothing was written."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            f"{root} is not inside a git repository, so nothing can be committed; "
            "nothing was written",
            hint="run `git init` there",
        )
        self.root = root


def did_you_mean(word: str, choices: Iterable[str], *, most: int = 1) -> str:
    """ "; did you mean 'hri'?" (up to `most` close choices), or "" when
    nothing is close: the suggestion every "not found" message ends with."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=most, cutoff=0.6)
    quoted = ", ".join(f"'{choice}'" for choice in close)
    return f"; did you mean {quoted}?" if close else ""
