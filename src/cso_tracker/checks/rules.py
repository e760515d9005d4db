"""The cross-record rules, run over loaded records at the severity the group
set (`rules:` in tracker.yaml). Pure: the caller loads, checks/run.py
gives the verdict."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final

from cso_tracker.checks import acronyms, completeness, history, references, timing, uniqueness
from cso_tracker.checks.registry import RULES, why_kept
from cso_tracker.errors import did_you_mean
from cso_tracker.problems import Problem, Severity, sort_problems
from cso_tracker.repo.layout import SETTINGS_FILE
from cso_tracker.repo.parse import positions_of
from cso_tracker.repo.repository import Repository
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
