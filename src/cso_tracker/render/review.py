"""The verdict of `tracker check-pr` for people, GitHub and tools: located
problems in the shapes of render/problems.py, a one-line summary of what
was checked, and the versioned JSON of docs/check-pr.md."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Final

from cso_tracker.checks.rights import Review
from cso_tracker.render.problems import format_github, format_text

CHECK_PR_SCHEMA_VERSION: Final = 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def acting(review: Review) -> str:
    """`@login acting for hri` (with `(secretariat)`), or why they act for none."""
    author = review.author
    if not author.members:
        return f"@{author.login}, who acts for no member"
    members = ", ".join(author.members)
    return f"@{author.login} acting for {members}{' (secretariat)' if author.secretariat else ''}"


def summary(review: Review) -> str:
    """What was checked and the verdict, in one line."""
    files = _plural(len(review.changes), "file")
    violations = len(review.violations)
    verdict = "all allowed" if not violations else f"{_plural(violations, 'change')} not allowed"
    validation = review.validation
    errors = len(validation.errors)
    warnings = len(validation.problems) - errors
    if errors or warnings:
        verdict += (
            f"; the records at head have {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        )
    return f"{files} changed by {acting(review)}: {verdict}"


def text_lines(review: Review) -> list[str]:
    """`path:line:col: severity: message [rule]`, one per problem, sorted."""
    return [format_text(problem) for problem in review.problems]


def github_lines(review: Review) -> list[str]:
    """One GitHub Actions annotation per problem, shown on the pull request's diff."""
    return [format_github(problem) for problem in review.problems]


def as_json(review: Review) -> str:
    """The documented machine-readable shape (docs/check-pr.md)."""
    pull_request = review.pull_request
    problems = review.problems
    errors = sum(1 for p in problems if p.is_error)
    document: dict[str, Any] = {
        "schema_version": CHECK_PR_SCHEMA_VERSION,
        "passed": review.passed,
        "base": pull_request.base_commit,
        "merge_base": pull_request.merge_base,
        "head": pull_request.head_commit,
        "author": {
            "login": review.author.login,
            "members": list(review.author.members),
            "secretariat": review.author.secretariat,
        },
        "changes": [
            {"status": c.status, "path": c.path, "old_path": c.old_path} for c in review.changes
        ],
        "violations": len(review.violations),
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) | {"severity": p.severity.value} for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
