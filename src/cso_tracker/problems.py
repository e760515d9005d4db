"""A located problem in a record, and its renderings for people and tools.

Checks collect Problems; nothing here prints. The text, GitHub-annotation and
JSON shapes are part of the interface (CI and editors read them), so they are
pinned by tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Final

PROBLEMS_SCHEMA_VERSION: Final = 1


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


def format_text(problem: Problem) -> str:
    return (
        f"{problem.path}:{problem.line}:{problem.column}: "
        f"{problem.severity.value}: {problem.message} [{problem.rule}]"
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the PR diff."""
    return (
        f"::{problem.severity.value} file={_escape_property(problem.path)},"
        f"line={problem.line},col={problem.column},title={_escape_property(problem.rule)}"
        f"::{_escape_data(problem.message)}"
    )


def summary(problems: Sequence[Problem], files_checked: int) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = "file" if files_checked == 1 else "files"
    if not problems:
        return f"{files_checked} {files} checked: no problems"
    return (
        f"{files_checked} {files} checked: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def format_json(problems: Sequence[Problem], files_checked: int) -> str:
    """The documented machine-readable shape (docs/validate-json.md)."""
    errors = sum(1 for p in problems if p.is_error)
    document = {
        "schema_version": PROBLEMS_SCHEMA_VERSION,
        "files_checked": files_checked,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) | {"severity": p.severity.value} for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
