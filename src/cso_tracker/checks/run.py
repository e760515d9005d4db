"""Running the cross-record rules over loaded records, and the verdict of
`tracker validate`: the problems of the source (reading, layout, schema)
and of every rule, sorted by file and line. Pure: the caller loads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Final

from cso_tracker.checks import completeness, history, references, timing, uniqueness
from cso_tracker.problems import Problem, sort_problems
from cso_tracker.repo.repository import Repository

Check = Callable[[Repository, dt.date], Iterator[Problem]]

CHECKS: Final[tuple[Check, ...]] = (
    references.check_commitment_references,
    references.check_update_references,
    references.check_meeting_references,
    references.check_handles,
    references.check_settings_references,
    uniqueness.check_shared_ids,
    uniqueness.check_identity,
    history.check_update_history,
    history.check_commitment_due,
    timing.check_dates,
    timing.check_agreeing_meeting,
    completeness.check_completeness,
    history.check_membership,
)


@dataclass(frozen=True)
class ValidationResult:
    repository: Repository
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def passed(self, *, strict: bool = False) -> bool:
        return not self.problems if strict else not self.errors


def check_repository(repository: Repository, *, today: dt.date) -> list[Problem]:
    """Every cross-record rule over the records that loaded."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(repository, today))
    return sort_problems(problems)


def validate(
    repository: Repository, *, today: dt.date, only: Collection[str] | None = None
) -> ValidationResult:
    """The whole verdict on loaded records. With `only` (paths relative to the
    root), report just the problems in those files: cross-record rules still
    see every record, so a pre-commit hook gets the same verdict as CI."""
    problems = [*repository.problems, *check_repository(repository, today=today)]
    if only is not None:
        # A problem of a folder (one that cannot be listed, or is not a
        # folder) is a problem of every file it hides.
        folders = {folder for rel in only for folder in _folders_of(rel)}
        problems = [p for p in problems if p.path in only or p.path in folders]
    files_checked = repository.files_checked if only is None else len(only)
    return ValidationResult(repository, sort_problems(problems), files_checked)


def _folders_of(rel: str) -> Iterator[str]:
    """`data/commitments/x.yaml` -> `data/commitments`, `data`."""
    while "/" in rel:
        rel = rel.rsplit("/", 1)[0]
        yield rel
