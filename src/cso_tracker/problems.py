"""A located problem in a record: what the reader, the schema and the rules
find, collected and sorted, never printed here (render/problems.py words
them for people, GitHub and JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. `path` is relative to the tracker root, POSIX style; line and
    column are 1-based. A problem with the file as a whole (its name, a link,
    its size) stands at 1:1, where editors and CI annotations can point."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.rule, p.message))
