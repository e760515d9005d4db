"""What must be unique: an id across the kinds of record, a commitment's
number within its meeting, a person within a member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.layout import KIND_SINGULAR
from cso_tracker.repo.repository import Repository
from cso_tracker.vocabulary import differs_only_in_form, name_key

ERROR = Severity.ERROR
WARNING = Severity.WARNING

_NAMED_KINDS: Final = ("members", "meetings", "commitments")
"""The kinds `tracker show ID` looks an id up in: one id, one record."""


def form_note(first: str, again: str) -> str:
    """What to add when two names look identical but differ in Unicode form."""
    if differs_only_in_form(first, again):
        return " (the two look the same but are written in different Unicode forms)"
    return ""


def check_shared_ids(repository: Repository, today: dt.date) -> Iterator[Problem]:
    """An id names one record whatever its kind: `tracker show ID` and every
    reference look ids up without a kind, so a commitment called like a
    member could never be shown. Reported on each holder, as a pre-commit
    hook may name either file."""
    holders: dict[str, list[str]] = {}
    for kind in _NAMED_KINDS:
        for record_id in repository.records(kind):
            holders.setdefault(record_id, []).append(kind)
    for record_id, kinds in sorted(holders.items()):
        if len(kinds) < 2:
            continue
        for kind in kinds:
            others = ", ".join(
                f"{KIND_SINGULAR[other]} {repository.file_of(other, record_id).rel}"
                for other in kinds if other != kind
            )  # fmt: skip
            yield repository.problem(
                kind, record_id, ("id",), ERROR,
                f"id '{record_id}' is also the id of the {others}; an id names one record "
                "of any kind: rename one of them", "id-shared",
            )  # fmt: skip


def check_identity(repository: Repository, today: dt.date) -> Iterator[Problem]:
    # Every holder of a shared number is reported, not only the one whose id
    # sorts last: a pre-commit hook names just the file being committed, and
    # that may be either of them.
    numbers: dict[tuple[str, int], list[str]] = {}
    for cid, commitment in sorted(repository.commitments.items()):
        if commitment.number is not None:
            numbers.setdefault((commitment.agreed_at, commitment.number), []).append(cid)
    for (meeting, number), holders in numbers.items():
        if len(holders) < 2:
            continue
        for cid in holders:
            others = ", ".join(f"'{other}'" for other in holders if other != cid)
            yield repository.problem(
                "commitments", cid, ("number",), ERROR,
                f"number {number} of meeting '{meeting}' is also used by {others}",
                "number-duplicate",
            )  # fmt: skip
    for mid, member in repository.members.items():
        seen: dict[str, str] = {}
        for index, person in enumerate(member.people):
            first = seen.get(name_key(person.name))
            if first is None:
                seen[name_key(person.name)] = person.name
                continue
            yield repository.problem(
                "members", mid, ("people", index, "name"), ERROR,
                f"'{person.name}' is listed twice in people{form_note(first, person.name)}",
                "person-duplicate",
            )  # fmt: skip
