"""The guard before every write: a change that introduces an error, in the
file itself or through any cross-record rule, is refused; the warnings it
introduces are returned."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence

from cso_tracker.checks import run as checks_run
from cso_tracker.errors import InvalidDataError
from cso_tracker.models import (
    RECORD_MODELS,
)
from cso_tracker.problems import Problem
from cso_tracker.repo.layout import RecordFile
from cso_tracker.repo.parse import parse_record
from cso_tracker.repo.repository import Repository


def _key(problem: Problem) -> tuple[str, str, str, str]:
    """What makes a problem the same one before and after a change. Numbers
    in a message (dates, list indexes) may shift without the problem being
    new; a warning is the same warning when its file and rule are (its text
    may count things the change added: "owns 2 open commitments")."""
    text = re.sub(r"\d+", "#", problem.message) if problem.is_error else ""
    return (problem.path, problem.severity.value, problem.rule, text)


def _introduced(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """Problems in `after` that `before` did not have (line numbers aside)."""
    seen = Counter(_key(p) for p in before)
    new = []
    for problem in after:
        key = _key(problem)
        if seen[key] > 0:
            seen[key] -= 1
        else:
            new.append(problem)
    return new


def check_change(
    repository: Repository, record_file: RecordFile, data: bytes, *, today: dt.date
) -> list[Problem]:
    """Check the record in `data` as the new content of `record_file`: raise
    InvalidDataError for errors the change introduces (in the file itself or
    through any cross-record rule), and return the warnings it introduces.

    The rules run over the whole repository with the new record in place.
    Only if that finds problems are the problems of the repository as it
    was needed, to tell those the change makes from those it found: from
    the verdict stored for it today (repo/verdicts.py), else by running the
    rules again. A clean repository pays for one pass, not two."""
    kind, rel = record_file.kind, record_file.rel
    record, problems = parse_record(data, rel, RECORD_MODELS[kind])
    errors = [p for p in problems if p.is_error]
    if record is None or errors:
        raise InvalidDataError(
            f"refused: the change would make {rel} invalid; nothing was written", errors
        )
    record_id = getattr(record, "id", record_file.stem_id)
    assert record_id == record_file.stem_id, f"{rel} holds id {record_id}"  # ids are checked first
    old = repository.replace(record_file, record, data)
    # Through the module, so tests can count the passes.
    after = checks_run.check_repository(repository, today=today)
    if not after:
        return []
    # The verdict of the records as loaded, when a run has stored it today
    # (it holds their load problems too, which no rule's problem matches).
    # An edit replaced its record by the one its bytes hold before this: if
    # those bytes were not what was loaded, writing them is refused anyway.
    before = checks_run.stored_verdict(repository.source, repository.fingerprint, today)
    if before is None:
        repository.restore(record_file, old)
        # (Problems of the old record are placed by the new file's positions;
        # only their rule and text are compared, see _key.)
        before = checks_run.check_repository(repository, today=today)
    introduced = _introduced(before, after)
    errors = [p for p in introduced if p.is_error]
    if errors:
        raise InvalidDataError(
            f"refused: the change would make the records invalid; nothing was written "
            f"({len(errors)} problem{'s' if len(errors) != 1 else ''})",
            errors,
        )
    return [p for p in introduced if not p.is_error]
