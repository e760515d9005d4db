"""Problems for people and tools: `path:line:col: severity: message [rule]`,
GitHub Actions annotations, and the JSON of `validate --format json`. These
shapes are an interface (CI and editors read them), pinned by tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, Final

from cso_tracker.problems import Problem
from cso_tracker.render.escape import visible

PROBLEMS_SCHEMA_VERSION: Final = 1


def format_text(problem: Problem) -> str:
    """One line, whatever the file's name or the message hold: a control
    character or bidi override in either is shown as an escape."""
    return visible(
        f"{problem.path}:{problem.line}:{problem.column}: "
        f"{problem.severity.value}: {problem.message} [{problem.rule}]"
    )


def _escape_data(value: str) -> str:
    # A line break is GitHub's own %0A; any other control shows as an escape
    # (an escape sequence in a CI log recolours or hides what follows).
    shown = visible(value, keep="\r\n")
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the PR diff."""
    return (
        f"::{problem.severity.value} file={_escape_property(problem.path)},"
        f"line={problem.line},col={problem.column},title={_escape_property(problem.rule)}"
        f"::{_escape_data(problem.message)}"
    )


GITHUB_SHOWN: Final = 10
"""How many annotations of one severity GitHub shows for one step; the rest
are only in the log."""


def format_github_all(problems: Sequence[Problem]) -> list[str]:
    """The lines of `validate --format github`: every error first, as an
    annotation each, so that no warning takes an error's place among the
    ones GitHub shows; then the warnings, each as an annotation when there
    are few enough to be shown, else one annotation per rule (at its first
    problem, with the count and where) followed by every grouped warning as a
    plain line of the log (see docs/validate-json.md)."""
    lines = [format_github(p) for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if len(warnings) <= GITHUB_SHOWN:
        return lines + [format_github(p) for p in warnings]
    by_rule: dict[str, list[Problem]] = {}
    for problem in warnings:
        by_rule.setdefault(problem.rule, []).append(problem)
    groups = list(by_rule.values())
    if len(groups) > GITHUB_SHOWN:
        rest = [p for group in groups[GITHUB_SHOWN - 1 :] for p in group]
        groups = [*groups[: GITHUB_SHOWN - 1], rest]
    for group in groups:
        lines.append(_github_group(group) if len(group) > 1 else format_github(group[0]))
    return lines + [format_text(p) for group in groups if len(group) > 1 for p in group]


def _github_group(group: Sequence[Problem]) -> str:
    """One warning annotation standing for several, at the first of them."""
    first = group[0]
    rules = sorted({p.rule for p in group})
    what = f"{len(group)} {rules[0]} warnings" if len(rules) == 1 else (
        f"{len(group)} more warnings ({', '.join(rules)})")  # fmt: skip
    places = ", ".join(f"{p.path}:{p.line}" for p in group)
    message = f"{what}, each listed in the log: {places}. The first: {first.message}"
    title = f"{rules[0]} ({len(group)} warnings)" if len(rules) == 1 else "more warnings"
    return (
        f"::warning file={_escape_property(first.path)},line={first.line},col={first.column},"
        f"title={_escape_property(title)}::{_escape_data(message)}"
    )


def summary(problems: Sequence[Problem], files_checked: int, *, at: str | None = None) -> str:
    """`12 files checked: no problems`; `at`: the revision the files were read
    at (`12 files checked at v1 (abc123456789): ...`)."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = "file" if files_checked == 1 else "files"
    checked = f"{files_checked} {files} checked" + (f" at {at}" if at is not None else "")
    if not problems:
        return f"{checked}: no problems"
    return (
        f"{checked}: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


def format_json(
    problems: Sequence[Problem], files_checked: int, *, commit: str | None = None
) -> str:
    """The documented machine-readable shape (docs/validate-json.md); `commit`:
    the full hash of the revision the files were read at (`validate --at`),
    a key the document has only then."""
    errors = sum(1 for p in problems if p.is_error)
    at: dict[str, Any] = {"commit": commit} if commit is not None else {}
    document = {
        "schema_version": PROBLEMS_SCHEMA_VERSION,
        **at,
        "files_checked": files_checked,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) | {"severity": p.severity.value} for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
