"""Acronyms stand for members on the command line (`--owner HRI`), so each
must name one member: no two members share one, and none is another
member's id (in any case)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cso_tracker.problems import Problem, Severity
from cso_tracker.repo.names import member_names

if TYPE_CHECKING:  # for annotations only: importing the repository imports the models
    from cso_tracker.repo.repository import Repository


def check_acronyms(repository: Repository, today: dt.date) -> Iterator[Problem]:
    # Reported on every member involved: a pre-commit hook names only the
    # file being committed, and that may be either of them.
    named = member_names(repository.members)  # once: a lookup per member was quadratic
    for mid, member in sorted(repository.members.items()):
        if member.acronym is None:
            continue
        others = [o for o in named[member.acronym.casefold()] if o != mid]
        if not others:
            continue
        listed = ", ".join(f"'{other}'" for other in others)
        yield repository.problem(
            "members", mid, ("acronym",), Severity.ERROR,
            f"acronym '{member.acronym}' also names {listed}, so `--owner {member.acronym}` "
            "could mean either; give one of them another acronym", "acronym-duplicate",
        )  # fmt: skip
