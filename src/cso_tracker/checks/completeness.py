"""What an open record should have and may lack: a due date, a focal point
for a member that owns open items. Warnings, not errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cso_tracker.models import open_by_owner
from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.repository import Repository

ERROR = Severity.ERROR
WARNING = Severity.WARNING


def check_completeness(repository: Repository, today: dt.date) -> Iterator[Problem]:
    for cid, commitment in repository.commitments.items():
        if commitment.is_open and commitment.due is None and commitment.recurrence is None:
            yield repository.problem(
                "commitments", cid, (), WARNING,
                "open commitment has no due date (tracker update ID --due YYYY-MM-DD)",
                "no-due-date",
            )  # fmt: skip
    owning = open_by_owner(repository.commitments.values())
    for member_id, owned in sorted(owning.items()):
        count = len(owned)
        member = repository.members.get(member_id)
        if member is None or member.focal_points or member.left is not None:
            continue
        yield repository.problem(
            "members", member_id, (), WARNING,
            f"{member.label} owns {count} open commitment{'s' if count != 1 else ''} "
            "but has no focal point (set focal_point: true on one of its people)",
            "no-focal-point",
        )  # fmt: skip
