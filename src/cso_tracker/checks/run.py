"""The verdict of `tracker validate`: the problems of the source (reading,
layout, schema) and of every rule (checks/rules.py), sorted by file and
line. `validate` judges records the caller loaded; `validate_source` loads
them only when no stored verdict (repo/verdicts.py) answers for what the
source holds, and then imports neither the rules nor the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cso_tracker.problems import Problem, sort_problems
from cso_tracker.repo.scan import scan
from cso_tracker.repo.verdicts import Verdict, VerdictStore

if TYPE_CHECKING:
    from cso_tracker.repo.repository import Repository
    from cso_tracker.repo.source import Source


@dataclass(frozen=True)
class ValidationResult:
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def passed(self, *, strict: bool = False) -> bool:
        return not self.problems if strict else not self.errors


def check_repository(repository: Repository, *, today: dt.date) -> list[Problem]:
    """Every cross-record rule over the records that loaded (checks/rules.py)."""
    from cso_tracker.checks import rules

    return rules.check_repository(repository, today=today)


def validate(
    repository: Repository, *, today: dt.date, only: Collection[str] | None = None
) -> ValidationResult:
    """The whole verdict on loaded records. With `only` (paths relative to the
    root), report just the problems in those files: cross-record rules still
    see every record, so a pre-commit hook gets the same verdict as CI.

    Records loaded with the cache on (and not changed since) have a
    fingerprint: their verdict of the day is stored under it, and taken
    from there the next time."""
    fingerprint = None if repository.changed else repository.fingerprint
    store, verdict = _stored(repository.source, fingerprint, today)
    if verdict is None:
        verdict = _judged(repository, today, store, fingerprint)
    return _narrowed(verdict, only)


def validate_source(
    source: Source,
    *,
    today: dt.date,
    only: Collection[str] | None = None,
    use_cache: bool = True,
    freeze: bool = False,
) -> ValidationResult:
    """`validate` on the records `source` holds, loading them only when no
    verdict of the day is stored for what its scan finds (repo/scan.py)."""
    scanned = scan(source, use_cache=use_cache)
    store, verdict = _stored(source, scanned.fingerprint, today)
    if verdict is None:
        from cso_tracker.repo.load import load

        repository = load(source, use_cache=use_cache, freeze=freeze, scanned=scanned)
        verdict = _judged(repository, today, store, scanned.fingerprint)
    return _narrowed(verdict, only)


def stored_verdict(source: Source, fingerprint: str | None, today: dt.date) -> list[Problem] | None:
    """The problems stored for records of that fingerprint on that day, if any."""
    verdict = _stored(source, fingerprint, today)[1]
    return verdict.problems if verdict is not None else None


def _stored(
    source: Source, fingerprint: str | None, today: dt.date
) -> tuple[VerdictStore | None, Verdict | None]:
    """The source's store (None without a fingerprint) and the verdict it holds."""
    if fingerprint is None:
        return None, None
    store = VerdictStore(source.root, source.cache_name)
    return store, store.get(fingerprint, today)


def _judged(
    repository: Repository, today: dt.date, store: VerdictStore | None, fingerprint: str | None
) -> Verdict:
    """Run the rules, and keep their verdict in `store` under `fingerprint`."""
    from cso_tracker.checks.rules import settings_problems

    problems = [
        *repository.problems,
        *settings_problems(repository),
        *check_repository(repository, today=today),
    ]
    verdict = Verdict(sort_problems(problems), repository.files_checked)
    if store is not None and fingerprint is not None:
        store.put(fingerprint, today, verdict)
    return verdict


def _narrowed(verdict: Verdict, only: Collection[str] | None) -> ValidationResult:
    if only is None:
        return ValidationResult(verdict.problems, verdict.files_checked)
    # A problem of a folder (one that cannot be listed, or is not a
    # folder) is a problem of every file it hides.
    folders = {folder for rel in only for folder in _folders_of(rel)}
    problems = [p for p in verdict.problems if p.path in only or p.path in folders]
    return ValidationResult(problems, len(only))


def _folders_of(rel: str) -> Iterator[str]:
    """`data/commitments/x.yaml` -> `data/commitments`, `data`."""
    while "/" in rel:
        rel = rel.rsplit("/", 1)[0]
        yield rel
