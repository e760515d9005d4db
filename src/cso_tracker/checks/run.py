"""Running the cross-record rules over loaded records, and the verdict of
`tracker validate`: the problems of the source (reading, layout, schema)
and of every rule, sorted by file and line. `validate` judges records the
caller loaded; `validate_source` loads them only when no stored verdict
(repo/verdicts.py) answers for what the source holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from cso_tracker.checks import acronyms, completeness, history, references, timing, uniqueness
from cso_tracker.checks.registry import RULES, why_kept
from cso_tracker.errors import did_you_mean
from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.repo.layout import SETTINGS_FILE
from cso_tracker.repo.load import load
from cso_tracker.repo.parse import positions_of
from cso_tracker.repo.repository import Repository
from cso_tracker.repo.scan import scan
from cso_tracker.repo.source import Source
from cso_tracker.repo.verdicts import Verdict, VerdictStore
from cso_tracker.vocabulary import RuleLevel
from cso_tracker.yaml.positions import Positions

Check = Callable[[Repository, dt.date], Iterator[Problem]]

CHECKS: Final[tuple[Check, ...]] = (
    references.check_commitment_references,
    references.check_update_references,
    references.check_meeting_references,
    references.check_handles,
    references.check_settings_references,
    uniqueness.check_shared_ids,
    uniqueness.check_identity,
    acronyms.check_acronyms,
    history.check_update_history,
    history.check_commitment_due,
    timing.check_dates,
    timing.check_agreeing_meeting,
    completeness.check_completeness,
    history.check_membership,
)


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
    """Every cross-record rule over the records that loaded, at the severity
    the group set (`rules:` in tracker.yaml)."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(repository, today))
    return sort_problems(tuned(problems, repository.settings.rules))


def tuned(problems: Iterable[Problem], rules: Mapping[str, RuleLevel]) -> list[Problem]:
    """`problems` with each rule at the level `rules` gives it: dropped when
    off. A rule that cannot be weakened (registry.why_kept) stays as it is."""
    if not rules:
        return list(problems)
    kept: list[Problem] = []
    for problem in problems:
        level = rules.get(problem.rule)
        if level is None or (level is not RuleLevel.ERROR and why_kept(problem.rule)):
            kept.append(problem)
        elif level is not RuleLevel.OFF:
            kept.append(dataclasses.replace(problem, severity=Severity(level.value)))
    return kept


def settings_problems(repository: Repository) -> list[Problem]:
    """`rules:` entries that name no rule, or weaken one that cannot be
    weakened, each at its key in tracker.yaml."""
    found: list[tuple[str, str]] = []
    for rule_id, level in repository.settings.rules.items():
        if rule_id not in RULES:
            close = did_you_mean(rule_id, RULES) or (
                "; a rule's id is the word in brackets at the end of each line `tracker validate` "
                "prints"
            )
            found.append((rule_id, f"rules: '{rule_id}' is not a rule{close}"))
        elif level is not RuleLevel.ERROR and (why := why_kept(rule_id)) is not None:
            found.append((rule_id, f"rules: {rule_id} cannot be set to {level}: {why}"))
    if not found:
        return []
    data = repository.source.read_settings()
    positions = positions_of(data) if isinstance(data, bytes) else Positions()
    return [
        Problem(SETTINGS_FILE, *positions.of(("rules", rule_id), key=True), Severity.ERROR,
                message, "settings-rule")
        for rule_id, message in found
    ]  # fmt: skip


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
    store = _store(repository.source) if fingerprint is not None else None
    verdict = None
    if store is not None and fingerprint is not None:
        verdict = store.get(fingerprint, today)
    if verdict is None:
        problems = [
            *repository.problems,
            *settings_problems(repository),
            *check_repository(repository, today=today),
        ]
        verdict = Verdict(sort_problems(problems), repository.files_checked)
        if store is not None and fingerprint is not None:
            store.put(fingerprint, today, verdict)
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
    if scanned.fingerprint is not None:
        verdict = _store(source).get(scanned.fingerprint, today)
        if verdict is not None:
            return _narrowed(verdict, only)
    repository = load(source, use_cache=use_cache, freeze=freeze, scanned=scanned)
    return validate(repository, today=today, only=only)


def stored_verdict(source: Source, fingerprint: str | None, today: dt.date) -> list[Problem] | None:
    """The problems stored for records of that fingerprint on that day, if any."""
    if fingerprint is None:
        return None
    verdict = _store(source).get(fingerprint, today)
    return verdict.problems if verdict is not None else None


def _store(source: Source) -> VerdictStore:
    return VerdictStore(source.root, source.cache_name)


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
