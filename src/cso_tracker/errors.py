"""The errors the core raises. Only the CLI turns them into messages and exit codes.

Exit codes: 1 for anything the user can fix (bad data, unknown id, a refused
write), 2 for a usage error (a bad option value), 3 for a bug (anything not a
TrackerError, mapped by the CLI's error boundary).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from cso_tracker.vocabulary import differs_only_in_form, name_key

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

    def __init__(
        self,
        kind: str,
        value: str,
        known: Sequence[str],
        *,
        hint: str,
        suggestions: Sequence[str] | None = None,
    ) -> None:
        """`suggestions`: the close ids, when the caller knows better than a
        spelling match over `known` (a member's acronym, an id's first part)."""
        close = (
            did_you_mean(value, known, most=3) if suggestions is None else suggested(suggestions)
        )
        super().__init__(value, f"'{value}' is not a {kind}{close}", hint=hint)
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


# --- history: what git could not give ------------------------------------------------
# The core says what is missing and how to get it; the command line names the
# option the revision came from (cli/_words.naming).


class GitTooOldError(GitError):
    """The git on PATH is older than the features the tracker relies on."""

    def __init__(self, found: str, needed: str) -> None:
        super().__init__(
            f"git {found} is too old: the tracker needs git {needed} or newer",
            hint="install a newer git and try again",
        )
        self.found = found
        self.needed = needed


class RevisionError(GitError):
    """A revision the user named that git cannot give; `revision` is as they wrote it."""

    def __init__(self, revision: str, message: str, *, hint: str) -> None:
        super().__init__(message, hint=hint)
        self.revision = revision


SHALLOW_HINT = (
    "fetch the whole history with `git fetch --unshallow` (in GitHub Actions, check out "
    "with `fetch-depth: 0` in actions/checkout)"
)


class NoRevisionsError(RevisionError):
    """A revision was asked for in a folder that is not inside a git repository."""

    def __init__(self, root: Path, revision: str) -> None:
        super().__init__(
            revision,
            f"{root} is not inside a git repository, so it has no revision '{revision}'",
            hint="run the command without a revision to read the files as they are",
        )
        self.root = root


class UnknownRevisionError(RevisionError):
    """A revision that names no commit here; in a shallow clone, perhaps one
    beyond the part of the history it holds."""

    def __init__(self, revision: str, *, shallow: bool) -> None:
        if shallow:
            super().__init__(
                revision,
                f"no commit '{revision}' in this repository, which is a shallow clone: "
                "it holds only the latest commits, and older ones are missing",
                hint=SHALLOW_HINT,
            )
        else:
            super().__init__(
                revision,
                f"no commit '{revision}' in this repository",
                hint="`git log --oneline` lists the commits and `git tag` the tags",
            )
        self.shallow = shallow


class ShallowHistoryError(RevisionError):
    """The revision is there, but a shallow clone's history stops before the
    commit that last changed the records, so their version cannot be told."""

    def __init__(self, revision: str, boundary: str) -> None:
        super().__init__(
            revision,
            f"this shallow clone's history stops at {boundary}, so the commit that last "
            f"changed the records at '{revision}' (the report's data version) is not here",
            hint=SHALLOW_HINT,
        )
        self.boundary = boundary


def did_you_mean(word: str, choices: Iterable[str], *, most: int = 1) -> str:
    """ "; did you mean 'hri'?" (up to `most` close choices), or "" when
    nothing is close: the suggestion every "not found" message ends with."""
    import difflib

    options = list(choices)
    # Two spellings of one name that differ only in Unicode form look the
    # same on screen: "did you mean 'Åsa'?" after "'Åsa' is not ..." helps no one.
    same = next((choice for choice in options if differs_only_in_form(word, choice)), None)
    if same is not None:
        return (f"; it looks like '{same}' but is written in another Unicode form "
                "(a letter and a combining accent, not one letter): retype it")  # fmt: skip
    keys = {name_key(choice): choice for choice in options}
    found = difflib.get_close_matches(name_key(word), list(keys), n=most, cutoff=0.6)
    close = [keys[key] for key in found]
    lookalike = next((x for x in (_lookalike(word, c) for c in close) if x is not None), None)
    if lookalike is not None:
        return lookalike
    return suggested(close)


def suggested(close: Sequence[str]) -> str:
    """ "; did you mean 'hri', 'idpc'?", or "" for no suggestions."""
    quoted = ", ".join(f"'{choice}'" for choice in close)
    return f"; did you mean {quoted}?" if close else ""


def _lookalike(word: str, choice: str) -> str | None:
    """ "; it looks like 'Ana' but ..." when `word` differs from `choice` only
    in letters of another script that look the same (Cyrillic U+0430 for
    Latin 'a'): "did you mean 'Ana'?" would show the same text twice."""

    def letter(character: str) -> str | None:
        name = unicodedata.name(character, "")
        return name.split(" LETTER ", 1)[1] if " LETTER " in name else None

    if len(word) != len(choice):
        return None
    differing = [
        (mine, theirs) for mine, theirs in zip(word, choice, strict=True) if mine != theirs
    ]
    if not differing or any(letter(a) is None or letter(a) != letter(b) for a, b in differing):
        return None
    odd = differing[0][0]
    return (f"; it looks like '{choice}' but has U+{ord(odd):04X} {unicodedata.name(odd)} "
            "where that has another script's letter: retype it")  # fmt: skip
