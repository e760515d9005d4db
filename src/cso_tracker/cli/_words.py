"""The core's errors in the words of the command line: the core says what is
wrong with a value; only here is it said which option the value came from
and which options would help."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from cso_tracker.errors import (
    InputError,
    InvalidIdError,
    NoRevisionsError,
    NothingToChangeError,
    NotInGitError,
    RecordExistsError,
    RevisionError,
    TrackerError,
    UnknownAuthorError,
    UsageError,
)


@contextlib.contextmanager
def naming(option: str) -> Iterator[None]:
    """Values given to the core within this block came from `option`: an
    InputError about one of them becomes a usage error naming the option."""
    try:
        yield
    except InputError as error:
        raise _named(option, error) from None
    except RevisionError as error:  # history git cannot give: exit 1, the user can fetch it
        hint = error.hint
        if isinstance(error, NoRevisionsError):
            hint = f"leave out {option} to read the files as they are"
        raise TrackerError(f"{option}: {error.message}", hint=hint) from None


@contextlib.contextmanager
def naming_values(
    given: Mapping[str, Iterable[str | None] | None], *, otherwise: str | None = None
) -> Iterator[None]:
    """Values given to the core within this block came from several options
    (`given`: option -> its values): an InputError names the option whose
    value it is about, else `otherwise` (an id derived from the title, for
    --id)."""
    try:
        yield
    except InputError as error:
        for option, values in given.items():
            if error.value in (values or ()):
                raise _named(option, error) from None
        if otherwise is None:
            raise
        raise _named(otherwise, error) from None


def _named(option: str, error: InputError) -> UsageError:
    if isinstance(error, InvalidIdError):
        if error.derived:
            return UsageError(
                error.message,
                hint=f"pass {option} with an id of lowercase letters, digits and hyphens",
            )
        return UsageError(
            f"{option} {error.value!r} is not a valid id",
            hint="use lowercase letters, digits and single hyphens, e.g. tenant-guide",
        )
    return UsageError(f"{option}: {error.message}", hint=error.hint)


NOTHING_TO_CHANGE_HINTS: Final = {
    "update": "give --status, --note, --evidence, --due or --corrects (progress), or "
    "--add-owner, --remove-owner, --add-tag or --remove-tag (what was agreed)",
    "person": "give --title, --email, --github, --focal-point/--no-focal-point, --since or --left",
    "migrate": "nothing is left to move; `tracker validate` checks the records as they are",
}
"""What to give instead, by the subject of a NothingToChangeError."""


def worded(error: TrackerError) -> TrackerError:
    """`error` with the options that would fix it; as it is when the command
    line has nothing to add."""
    if isinstance(error, NotInGitError):
        return TrackerError(
            f"{error.root} is not inside a git repository, so --commit cannot commit; "
            "nothing was written",
            hint="run `git init` there, or leave out --commit",
        )
    if isinstance(error, RecordExistsError):
        return TrackerError(error.message, hint="pass --id to choose another id")
    if isinstance(error, UnknownAuthorError):
        return UsageError(error.message, hint=f"pass --by MEMBER, or {error.hint}")
    if isinstance(error, NothingToChangeError):
        return UsageError(error.message, hint=NOTHING_TO_CHANGE_HINTS.get(error.subject))
    return error
