"""What must be unique: a commitment's number within its meeting, a person
within a member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.repository import Repository

ERROR = Severity.ERROR
WARNING = Severity.WARNING


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
        seen: set[str] = set()
        for index, person in enumerate(member.people):
            if person.name in seen:
                yield repository.problem(
                    "members", mid, ("people", index, "name"), ERROR,
                    f"'{person.name}' is listed twice in people", "person-duplicate",
                )  # fmt: skip
            seen.add(person.name)
