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
